// The "new election" form: its fields (named as the JSON API names them) and how they are read into
// an ElectionInput (pure). Times are Tallinn wall times (datetime-local).
import { tallinnLocalToDate } from '../../kernel/clock.js';
import type { ElectionInput } from './rules.js';

export type FormBody = Record<string, string | string[] | undefined>;

export const str = (b: FormBody, k: string): string => {
  const v = b[k];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
};
export const list = (b: FormBody, k: string): string[] => {
  const v = b[k];
  return typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
};
const int = (s: string): number => (/^\s*-?\d{1,4}\s*$/.test(s) ? Number(s) : Number.NaN);
const when = (s: string): Date => tallinnLocalToDate(s) ?? new Date(Number.NaN);

/** The form read as the service's input, and the optional new extra list. */
export function parseElectionForm(b: FormBody): { input: ElectionInput; voterListCsv: string } {
  return {
    input: {
      title: { et: str(b, 'title.et').trim(), en: str(b, 'title.en').trim(), ru: str(b, 'title.ru').trim() },
      units: list(b, 'units'),
      nominationOpens: when(str(b, 'nominationOpens')),
      nominationCloses: when(str(b, 'nominationCloses')),
      votingOpens: when(str(b, 'votingOpens')),
      votingCloses: when(str(b, 'votingCloses')),
      candidateMinAge: int(str(b, 'candidateMinAge')),
      candidateResident: str(b, 'candidateResident') === 'yes',
      voterMinAge: int(str(b, 'voterMinAge')),
      extraList: str(b, 'extraList').trim() || null,
      tieRule: str(b, 'tieRule') === 'runoff' ? 'runoff' : str(b, 'tieRule') === 'lot' ? 'lot' : (str(b, 'tieRule') as 'lot'),
      termYears: int(str(b, 'termYears')),
      threshold: int(str(b, 'threshold')),
      members: int(str(b, 'members')),
      committee: str(b, 'committee')
        .split(/[\s,;]+/)
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    },
    voterListCsv: str(b, 'voterListCsv'),
  };
}

/** A service error's field as the form names it (committee.2 → committee, title.en stays). */
export const formField = (field: string): string => (/^committee\.\d+$/.test(field) ? 'committee' : field);
