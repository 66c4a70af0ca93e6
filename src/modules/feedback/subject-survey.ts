// Subject surveys: the feedback survey (the same questions, the same validation) about a subject other
// than a catalogue service, e.g. a training contact day (module training, issue 14). The caller owns
// the subject and its audience: it opens the transaction, checks who may answer, and passes its Tx
// and an opaque respondent key (never an ID code) here, so the check and the answer are one
// transaction. One answer per respondent and subject (a new answer replaces the old). The figures use
// the dashboards' definitions (briefOf: the average, and CSAT as the share of 4–5).
import type { Tx } from '../../kernel/db.js';
import { badRequest } from '../../kernel/errors.js';
import type { Locale } from '../../kernel/i18n.js';
import { isLocale } from '../../kernel/i18n.js';
import { uuidv7 } from '../../kernel/ids.js';
import { briefOf } from './dashboard.js';
import type { Driver } from './model.js';
import { DRIVERS } from './model.js';
import * as repo from './repo/subject.js';
import type { RawAnswer } from './survey.js';
import { validateAnswer } from './survey.js';

/** A subject kind: lower-case words joined by hyphens ('training-day'). */
const KIND_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** A respondent key: an opaque key of the caller (e.g. a hash), 16–128 characters; never an ID code. */
const RESPONDENT_RE = /^[A-Za-z0-9._:-]{16,128}$/;
/** How many of a subject's newest comments its figures carry. */
export const SUBJECT_COMMENTS = 10;

function checkKind(kind: string): void {
  if (!KIND_RE.test(kind) || kind.length > 40) throw new Error(`feedback: bad subject kind ${JSON.stringify(kind)}`);
}
function checkRespondent(key: string): void {
  if (!RESPONDENT_RE.test(key)) throw new Error('feedback: a respondent key is an opaque key of 16–128 characters [A-Za-z0-9._:-]');
}

/**
 * Validates an answer about a subject (400 naming the fields, as the service survey: validateAnswer)
 * and stores it, replacing the respondent's earlier answer about the subject. In the caller's
 * transaction, after the caller has checked that the respondent may answer.
 */
export async function answerSubject(t: Tx, kind: string, subjectId: string, respondentKey: string, raw: RawAnswer, lang: Locale): Promise<{ id: string }> {
  checkKind(kind);
  checkRespondent(respondentKey);
  const v = validateAnswer(raw);
  if (!v.ok) throw badRequest(v.errors);
  const row = await repo.upsertSubjectAnswer(t, { id: uuidv7(), kind, subjectId, respondentKey, ...v.answer, lang: isLocale(lang) ? lang : 'et' });
  return { id: row.id };
}

export interface SubjectComment {
  comment: string;
  satisfaction: number;
  lang: string;
  /** ISO 8601. */
  answeredAt: string;
}

/** A subject's figures. Averages 1–5 (2 decimals), the CSAT a share 0–1 (4 decimals); null without answers. */
export interface SubjectFigures {
  subjectId: string;
  responses: number;
  satisfactionAverage: number | null;
  /** Satisfied (4 or 5) among the responses: the dashboards' CSAT. */
  csat: number | null;
  /** Over the answers that have an ease (those moved from an older survey have none). */
  easeAverage: number | null;
  wentWell: Record<Driver, number>;
  wentBadly: Record<Driver, number>;
  /** The newest comments (up to SUBJECT_COMMENTS), newest first. */
  comments: SubjectComment[];
}

const noDrivers = (): Record<Driver, number> => Object.fromEntries(DRIVERS.map((d) => [d, 0])) as Record<Driver, number>;

/** The figures of each subject asked for, in the order asked (a subject without answers: 0 responses). */
export async function subjectFigures(t: Tx, kind: string, subjectIds: readonly string[]): Promise<SubjectFigures[]> {
  checkKind(kind);
  const ids = [...new Set(subjectIds)];
  if (!ids.length) return [];
  const [counts, drivers, comments] = [await repo.subjectCounts(t, kind, ids), await repo.subjectDriverCounts(t, kind, ids), await repo.subjectComments(t, kind, ids, SUBJECT_COMMENTS)];
  return ids.map((id) => {
    const c = counts.find((x) => x.subject_id === id);
    const sat = briefOf(c ? [{ n: c.n, sat_sum: c.sat_sum, sat_hi: c.sat_hi, ease_sum: 0, ease_hi: 0 }] : []);
    const ease = briefOf(c ? [{ n: c.ease_n, sat_sum: 0, sat_hi: 0, ease_sum: c.ease_sum, ease_hi: c.ease_hi }] : []);
    const wentWell = noDrivers();
    const wentBadly = noDrivers();
    for (const d of drivers) {
      if (d.subject_id !== id || !(DRIVERS as readonly string[]).includes(d.driver)) continue;
      (d.side === 'well' ? wentWell : wentBadly)[d.driver as Driver] = d.n;
    }
    return {
      subjectId: id,
      responses: sat.responses,
      satisfactionAverage: sat.satisfactionAverage,
      csat: sat.csat,
      easeAverage: ease.easeAverage,
      wentWell,
      wentBadly,
      comments: comments
        .filter((x) => x.subject_id === id)
        .map((x) => ({ comment: x.comment, satisfaction: x.satisfaction, lang: x.lang, answeredAt: new Date(x.answered_at).toISOString() })),
    };
  });
}

/** The ids of the subjects of a kind the respondent has answered about. */
export async function subjectsAnsweredBy(t: Tx, kind: string, respondentKey: string): Promise<string[]> {
  checkKind(kind);
  checkRespondent(respondentKey);
  return (await repo.subjectsOfRespondent(t, kind, respondentKey)).map((r) => r.subject_id);
}
