// SQL of the feedback dashboards: the monthly rollup (feedback_monthly, kept by a trigger on
// feedback_answer: migrations/202612152000_feedback_dashboard.sql), the recent approved comments and
// the answers for the export. Every statement names the KOV (row-level security is the second wall);
// the all-KOV comparison runs on the owner path (db.system) and names no KOV.
import type { Tx } from '../../../kernel/db.js';

/** The drivers as the rollup counts them (its columns well_<code>, bad_<code>), in the survey's order. */
export const ROLLUP_DRIVERS = ['trust', 'effectiveness', 'ease', 'efficiency', 'transparency', 'helpfulness'] as const;
export type RollupDriver = (typeof ROLLUP_DRIVERS)[number];

/** The counted columns of a rollup row (each additive). */
export const COUNTED = [
  'n',
  'sat_sum',
  's1',
  's2',
  's3',
  's4',
  's5',
  'ease_sum',
  'e1',
  'e2',
  'e3',
  'e4',
  'e5',
  ...ROLLUP_DRIVERS.map((d) => `well_${d}` as const),
  ...ROLLUP_DRIVERS.map((d) => `bad_${d}` as const),
] as const;
export type Counted = (typeof COUNTED)[number];

/** A rollup row (or a sum of them): the counts of a KOV's service in a month. */
export type Counts = Record<Counted, number>;
export interface MonthRow extends Counts {
  kov_code: string;
  service_id: string;
  /** First day of the Tallinn month, 'YYYY-MM-DD'. */
  month: string;
}

const SUMS = COUNTED.map((c) => `sum(${c})::int AS ${c}`).join(', ');

/** One service's months in [from, to] (first days of months), its shards added up. */
export function serviceMonths(t: Tx, kov: string, serviceId: string, from: string, to: string): Promise<MonthRow[]> {
  return t.query<MonthRow>(
    `SELECT kov_code, service_id, month, ${SUMS} FROM feedback_monthly
      WHERE kov_code = $1 AND service_id = $2 AND month BETWEEN $3::date AND $4::date
      GROUP BY kov_code, service_id, month HAVING sum(n) <> 0 ORDER BY month`,
    [kov, serviceId, from, to],
  );
}

/** Every service's months of one KOV in [from, to]. */
export function kovMonths(t: Tx, kov: string, from: string, to: string): Promise<MonthRow[]> {
  return t.query<MonthRow>(
    `SELECT kov_code, service_id, month, ${SUMS} FROM feedback_monthly
      WHERE kov_code = $1 AND month BETWEEN $2::date AND $3::date
      GROUP BY kov_code, service_id, month HAVING sum(n) <> 0 ORDER BY service_id, month`,
    [kov, from, to],
  );
}

/** The few sums a comparison row needs (responses, satisfaction and ease: sums and the 4–5 counts). */
export interface BriefCounts {
  n: number;
  sat_sum: number;
  sat_hi: number;
  ease_sum: number;
  ease_hi: number;
}
const BRIEF = 'sum(n)::int AS n, sum(sat_sum)::int AS sat_sum, sum(s4 + s5)::int AS sat_hi, sum(ease_sum)::int AS ease_sum, sum(e4 + e5)::int AS ease_hi';

/** Every KOV's services added up over [from, to] (owner path: the ELVL comparison). */
export function allServiceTotals(t: Tx, from: string, to: string): Promise<(BriefCounts & { kov_code: string; service_id: string })[]> {
  return t.query(
    `SELECT kov_code, service_id, ${BRIEF} FROM feedback_monthly WHERE month BETWEEN $1::date AND $2::date GROUP BY kov_code, service_id HAVING sum(n) <> 0`,
    [from, to],
  );
}

/** Every month added up across the KOVs (owner path: the comparison's trend). */
export function allMonthTotals(t: Tx, from: string, to: string): Promise<(BriefCounts & { month: string })[]> {
  return t.query(`SELECT month, ${BRIEF} FROM feedback_monthly WHERE month BETWEEN $1::date AND $2::date GROUP BY month ORDER BY month`, [from, to]);
}

/** Everything added up across the KOVs, every count (owner path: the comparison's totals and drivers). */
export function allTotal(t: Tx, from: string, to: string): Promise<Counts | undefined> {
  return t.one(`SELECT ${SUMS} FROM feedback_monthly WHERE month BETWEEN $1::date AND $2::date`, [from, to]);
}

export interface CommentRow {
  id: string;
  service_id: string;
  satisfaction: number;
  comment: string;
  lang: string;
  answered_at: Date;
}

/**
 * The newest approved comments of a KOV (one service or all) in [from, to): only comment_state
 * 'approved' — a pending, rejected or redacted comment's text never leaves this statement.
 */
export function approvedComments(t: Tx, kov: string, serviceId: string | null, from: Date, to: Date, limit: number): Promise<CommentRow[]> {
  return t.query<CommentRow>(
    `SELECT id, service_id, satisfaction, comment, lang, answered_at FROM feedback_answer
      WHERE kov_code = $1 AND ($2::uuid IS NULL OR service_id = $2::uuid) AND answered_at >= $3 AND answered_at < $4
        AND comment_state = 'approved' AND comment IS NOT NULL
      ORDER BY answered_at DESC, id DESC LIMIT $5`,
    [kov, serviceId, from, to, limit],
  );
}

/** One answer of the KOV with its comment only if approved (an action opened from a comment). */
export function answerForAction(t: Tx, kov: string, id: string): Promise<{ id: string; service_id: string; comment: string | null } | undefined> {
  return t.one(
    `SELECT id, service_id, CASE WHEN comment_state = 'approved' THEN comment END AS comment FROM feedback_answer WHERE kov_code = $1 AND id = $2`,
    [kov, id],
  );
}

export interface AnswerExportRow {
  id: string;
  service_id: string;
  channel: string;
  satisfaction: number;
  ease: number;
  went_well: string[];
  went_badly: string[];
  /** The comment only where approved; null otherwise. */
  comment: string | null;
  lang: string;
  answered_at: Date;
}

/** A page of the KOV's answers in [from, to) for the export, keyset by (answered_at, id); comments only where approved. */
export function answersPage(
  t: Tx,
  kov: string,
  serviceId: string | null,
  from: Date,
  to: Date,
  after: { at: Date; id: string } | null,
  limit: number,
): Promise<AnswerExportRow[]> {
  return t.query<AnswerExportRow>(
    `SELECT id, service_id, channel, satisfaction, ease, went_well, went_badly,
            CASE WHEN comment_state = 'approved' THEN comment END AS comment, lang, answered_at
       FROM feedback_answer
      WHERE kov_code = $1 AND ($2::uuid IS NULL OR service_id = $2::uuid) AND answered_at >= $3 AND answered_at < $4
        AND ($5::timestamptz IS NULL OR (answered_at, id) > ($5::timestamptz, $6::uuid))
      ORDER BY answered_at, id LIMIT $7`,
    [kov, serviceId, from, to, after?.at ?? null, after?.id ?? null, limit],
  );
}
