// The rules of a village elder election that need no database (pure): the setting-up checks, who
// wins, and the term.
import type { FieldError } from '../../kernel/errors.js';
import type { DrawResult } from '../voting/index.js';
import { publicDraw } from '../voting/index.js';
import type { Outcome, TieRule } from './repo.js';
import type { Texts } from '../voting/index.js';

export interface ElectionInput {
  title: Texts;
  /** EHAK codes of the settlement units (villages) that elect one elder together. */
  units: string[];
  nominationOpens: Date;
  nominationCloses: Date;
  votingOpens: Date;
  votingCloses: Date;
  /** Candidates: minimum age on the day voting opens, and whether they must live in the units. */
  candidateMinAge: number;
  candidateResident: boolean;
  /** Voters: minimum age on the day voting opens; residents of the units plus, optionally, an extra list (e.g. property owners). */
  voterMinAge: number;
  extraList: string | null;
  tieRule: TieRule;
  termYears: number;
  threshold: number;
  members: number;
  /** The committee's personal ID codes (member i is the i-th). */
  committee: string[];
}

const ID11 = /^\d{11}$/;

function texts(x: Texts | undefined, field: string, max: number, errors: FieldError[]) {
  for (const l of ['et', 'en', 'ru'] as const) {
    const v = x?.[l];
    if (typeof v !== 'string' || v.trim() === '') errors.push({ field: `${field}.${l}`, reason: 'elders.error.required' });
    else if (v.length > max) errors.push({ field: `${field}.${l}`, reason: 'elders.error.tooLong', vars: { max } });
  }
}

const validDate = (d: Date) => d instanceof Date && !Number.isNaN(d.getTime());
const intIn = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;

/** Checks an election's settings; answers field errors (empty: valid). `now` is the kernel clock's. */
export function electionErrors(e: ElectionInput, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  texts(e.title, 'title', 200, errors);
  if (!Array.isArray(e.units) || e.units.length === 0) errors.push({ field: 'units', reason: 'elders.error.units' });
  else if (e.units.length > 50 || new Set(e.units).size !== e.units.length || e.units.some((u) => !/^\d{4}$/.test(u))) errors.push({ field: 'units', reason: 'elders.error.units' });
  const dates = ['nominationOpens', 'nominationCloses', 'votingOpens', 'votingCloses'] as const;
  for (const f of dates) if (!validDate(e[f])) errors.push({ field: f, reason: 'elders.error.date' });
  if (dates.every((f) => validDate(e[f]))) {
    if (!(e.nominationCloses > e.nominationOpens)) errors.push({ field: 'nominationCloses', reason: 'elders.error.order' });
    if (!(e.votingOpens >= e.nominationCloses)) errors.push({ field: 'votingOpens', reason: 'elders.error.votingAfterNomination' });
    if (!(e.votingCloses > e.votingOpens)) errors.push({ field: 'votingCloses', reason: 'elders.error.order' });
    if (!(e.votingCloses > now)) errors.push({ field: 'votingCloses', reason: 'elders.error.past' });
  }
  if (!intIn(e.candidateMinAge, 0, 130)) errors.push({ field: 'candidateMinAge', reason: 'elders.error.age' });
  if (!intIn(e.voterMinAge, 0, 130)) errors.push({ field: 'voterMinAge', reason: 'elders.error.age' });
  if (e.tieRule !== 'lot' && e.tieRule !== 'runoff') errors.push({ field: 'tieRule', reason: 'elders.error.tieRule' });
  if (!intIn(e.termYears, 1, 10)) errors.push({ field: 'termYears', reason: 'elders.error.term' });
  if (!intIn(e.members, 1, 50)) errors.push({ field: 'members', reason: 'elders.error.committeeSize' });
  else if (!intIn(e.threshold, 1, e.members)) errors.push({ field: 'threshold', reason: 'elders.error.threshold' });
  if (!Array.isArray(e.committee) || e.committee.length !== e.members) errors.push({ field: 'committee', reason: 'elders.error.committeeCount', vars: { n: Number.isInteger(e.members) ? e.members : 0 } });
  else {
    const seen = new Set<string>();
    e.committee.forEach((c, i) => {
      const code = String(c).trim();
      if (!ID11.test(code)) errors.push({ field: `committee.${i}`, reason: 'elders.error.idcode' });
      else if (seen.has(code)) errors.push({ field: `committee.${i}`, reason: 'elders.error.duplicateMember' });
      seen.add(code);
    });
  }
  return errors;
}

/** The draw's label: one per election round, so that every round's lot is its own. */
export const drawLabel = (electionId: string) => `elders/${electionId}`;

/**
 * Who the counts elect. The most votes wins; a tie of the top candidates is broken by lot (the
 * public draw seeded by `seed`, the first drawn wins) or sent to a run-off between them, as the
 * election's tie rule says. No votes at all elect nobody. Pure.
 */
export function decide(counts: readonly { candidateId: string; votes: number }[], rule: TieRule, seed: string | null, electionId: string): Outcome {
  const top = Math.max(0, ...counts.map((c) => c.votes));
  if (counts.length === 0 || top === 0) return { kind: 'none' };
  const tied = counts.filter((c) => c.votes === top).map((c) => c.candidateId);
  if (tied.length === 1) return { kind: 'elected', candidateId: tied[0]!, votes: top, draw: null };
  if (rule === 'runoff') return { kind: 'runoff', tied, votes: top, runoffId: null };
  if (!seed) throw new Error('a tie by lot needs the public seed (the board is not published)');
  const d: DrawResult = publicDraw(seed, drawLabel(electionId), tied);
  return { kind: 'elected', candidateId: d.order[0]!, votes: top, draw: { seed: d.seed, label: d.label, order: d.order, keys: d.keys } };
}

/** The last day of a term of `years` starting on `start` (YYYY-MM-DD): the day before the same date `years` later. */
export function termEnd(start: string, years: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + years, m - 1, d - 1));
  return end.toISOString().slice(0, 10);
}
