// SQL for the subject surveys (feedback_subject_answer: platform table, no kov_code). Every function
// takes the caller's transaction, so the module that owns the subject checks who may answer in the
// same transaction as the answer is stored.
import type { Tx } from '../../../kernel/db.js';
import type { Driver } from '../model.js';
import type { NewAnswerRow } from './survey.js';

export interface SubjectAnswerRow {
  id: string;
  subject_kind: string;
  subject_id: string;
  respondent_key: string;
  satisfaction: number;
  ease: number | null;
  went_well: Driver[];
  went_badly: Driver[];
  comment: string | null;
  lang: string;
  answered_at: Date;
}

const COLUMNS = 'id, subject_kind, subject_id, respondent_key, satisfaction, ease, went_well, went_badly, comment, lang, answered_at';

/** An answer about a subject: the service survey's answer (NewAnswerRow's questions) and whose it is. */
export interface NewSubjectAnswer extends Pick<NewAnswerRow, 'id' | 'satisfaction' | 'ease' | 'wentWell' | 'wentBadly' | 'comment' | 'lang'> {
  kind: string;
  subjectId: string;
  respondentKey: string;
}

/** Stores a respondent's answer about a subject; an earlier answer of hers about it is replaced (its id kept, the time now). */
export async function upsertSubjectAnswer(t: Tx, a: NewSubjectAnswer): Promise<SubjectAnswerRow> {
  const row = await t.one<SubjectAnswerRow>(
    `INSERT INTO feedback_subject_answer (id, subject_kind, subject_id, respondent_key, satisfaction, ease, went_well, went_badly, comment, lang)
     VALUES ($1::uuid, $2::text, $3::uuid, $4::text, $5::smallint, $6::smallint, $7::text[], $8::text[], $9::text, $10::text)
     ON CONFLICT (subject_kind, subject_id, respondent_key) DO UPDATE
       SET satisfaction = EXCLUDED.satisfaction, ease = EXCLUDED.ease, went_well = EXCLUDED.went_well, went_badly = EXCLUDED.went_badly,
           comment = EXCLUDED.comment, lang = EXCLUDED.lang, answered_at = core_now()
     RETURNING ${COLUMNS}`,
    [a.id, a.kind, a.subjectId, a.respondentKey, a.satisfaction, a.ease, [...a.wentWell], [...a.wentBadly], a.comment, a.lang],
  );
  return row!;
}

/** The counts behind a subject's figures (the dashboards' brief counts, and ease counted over the answers that have it). */
export interface SubjectCounts {
  subject_id: string;
  n: number;
  sat_sum: number;
  sat_hi: number;
  ease_n: number;
  ease_sum: number;
  ease_hi: number;
}

export function subjectCounts(t: Tx, kind: string, subjectIds: readonly string[]): Promise<SubjectCounts[]> {
  return t.query<SubjectCounts>(
    `SELECT subject_id, count(*)::int AS n, sum(satisfaction)::int AS sat_sum, count(*) FILTER (WHERE satisfaction >= 4)::int AS sat_hi,
            count(ease)::int AS ease_n, coalesce(sum(ease), 0)::int AS ease_sum, count(*) FILTER (WHERE ease >= 4)::int AS ease_hi
       FROM feedback_subject_answer WHERE subject_kind = $1 AND subject_id = ANY($2::uuid[]) GROUP BY subject_id`,
    [kind, [...subjectIds]],
  );
}

/** Per subject and driver: how many answers ticked it as went well / went badly. */
export function subjectDriverCounts(t: Tx, kind: string, subjectIds: readonly string[]): Promise<{ subject_id: string; side: 'well' | 'badly'; driver: string; n: number }[]> {
  return t.query(
    `SELECT subject_id, side, driver, count(*)::int AS n FROM (
       SELECT subject_id, 'well' AS side, unnest(went_well) AS driver FROM feedback_subject_answer WHERE subject_kind = $1 AND subject_id = ANY($2::uuid[])
       UNION ALL
       SELECT subject_id, 'badly' AS side, unnest(went_badly) AS driver FROM feedback_subject_answer WHERE subject_kind = $1 AND subject_id = ANY($2::uuid[])
     ) x GROUP BY subject_id, side, driver`,
    [kind, [...subjectIds]],
  );
}

/** The newest comments of each subject (up to `limit` per subject), newest first. */
export function subjectComments(t: Tx, kind: string, subjectIds: readonly string[], limit: number): Promise<{ subject_id: string; comment: string; satisfaction: number; lang: string; answered_at: Date }[]> {
  return t.query(
    `SELECT subject_id, comment, satisfaction, lang, answered_at FROM (
       SELECT subject_id, comment, satisfaction, lang, answered_at,
              row_number() OVER (PARTITION BY subject_id ORDER BY answered_at DESC, id DESC) AS k
         FROM feedback_subject_answer WHERE subject_kind = $1 AND subject_id = ANY($2::uuid[]) AND comment IS NOT NULL
     ) c WHERE k <= $3 ORDER BY subject_id, answered_at DESC, k`,
    [kind, [...subjectIds], limit],
  );
}

/** The subjects of a kind a respondent has answered about. */
export function subjectsOfRespondent(t: Tx, kind: string, respondentKey: string): Promise<{ subject_id: string }[]> {
  return t.query('SELECT subject_id FROM feedback_subject_answer WHERE subject_kind = $1 AND respondent_key = $2 ORDER BY subject_id', [kind, respondentKey]);
}

/** A subject's answers, newest first (tests). */
export function subjectAnswers(t: Tx, kind: string, subjectId: string): Promise<SubjectAnswerRow[]> {
  return t.query<SubjectAnswerRow>(`SELECT ${COLUMNS} FROM feedback_subject_answer WHERE subject_kind = $1 AND subject_id = $2::uuid ORDER BY answered_at DESC, id DESC`, [kind, subjectId]);
}
