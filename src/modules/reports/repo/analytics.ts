// SQL for the reports analytics (issue 10, item 7). Every statement counts confirmed reports only
// (confirmed_at set, status not 'unconfirmed') received in [from, to), optionally of one shared
// domain and (one KOV) one category. The statements are shaped for the partial covering indexes of
// migrations/202612070500_reports_analytics.sql: one index-only range scan per statement, counts in
// one hashed pass over grouping sets, percentiles in a second pass over the closed reports only.
// Times are measured in seconds; weeks and months are Tallinn calendar weeks (Monday) and months.
//
// The dashboards read the daily rollup (migrations/202612070800_reports_rollup.sql: kovRolledCounts,
// kovHistograms, allRolledCounts, allHistograms) plus the live overdue counts (kovOverdue, allOverdue);
// the live statements over the reports remain for exact percentiles of small sets (kovSpeed, allSpeed)
// and as the from-scratch reference the rollup is tested against (kovCounts, kovReopened; their
// all-KOV twins allCounts and allReopened are no longer called by the service).
import type { Tx } from '../../../kernel/db.js';

export type Bucket = 'week' | 'month';

export interface AnalyticsFilter {
  /** Inclusive start (an instant: midnight in Tallinn of the first day). */
  from: Date;
  /** Exclusive end (midnight in Tallinn after the last day). */
  to: Date;
  domain: string | null;
  /** Category id (one KOV only). */
  categoryId: string | null;
  bucket: Bucket;
  /** The instants the weeks or months start at (Tallinn midnights), ascending; the first is on or before `from`. */
  starts: Date[];
  /** The kernel clock's now (overdue: open and past the expected-by date). */
  now: Date;
  /** The same period as Tallinn days 'YYYY-MM-DD' (the rollup's days): first and last, both included. */
  fromDay: string;
  toDay: string;
  /** The week or month starts as Tallinn days (width_bucket over the rollup's days). */
  startDays: string[];
}

/** One row of the counts: `set` names the grouping (cell from SQL; total, bucket, domain, category, status, kov, kov_domain as added up). */
export interface CountRow {
  set: string;
  kov_code: string | null;
  /** 1, 2, …: the index into `starts` plus one (width_bucket). */
  bucket: number | null;
  domain: string | null;
  category_id: string | null;
  status: string | null;
  n: string;
  open: string;
  overdue: string;
  closed: string;
  with_target: string;
  on_time: string;
  responses: string;
  fixed_yes: string;
  fixed_no: string;
  sat_n: string;
  sat_sum: string | null;
  s1: string;
  s2: string;
  s3: string;
  s4: string;
  s5: string;
  /** Re-opened reports (a 'reopened' event) and those of them open now: the rollup's counts only. */
  reopened?: string;
  reopened_open?: string;
}

export interface SpeedRow {
  set: string;
  kov_code: string | null;
  domain: string | null;
  category_id: string | null;
  /** Seconds from received to closed: median and 90th percentile (null: none closed). */
  res: [number, number] | null;
  /** Seconds from received to the first action: median and 90th percentile. */
  fa: [number, number] | null;
}

export interface ReopenRow {
  kov_code: string | null;
  domain: string | null;
  reopened: string;
  reopened_open: string;
}

const OPEN = `status IN ('received', 'in_progress', 'scheduled', 'reopened')`;

const counts = (now: number) => `
  count(*) AS n,
  count(*) FILTER (WHERE ${OPEN}) AS open,
  count(*) FILTER (WHERE ${OPEN} AND expected_at < $${now}) AS overdue,
  count(*) FILTER (WHERE NOT ${OPEN} AND closed_at IS NOT NULL) AS closed,
  count(*) FILTER (WHERE NOT ${OPEN} AND closed_at IS NOT NULL AND expected_at IS NOT NULL) AS with_target,
  count(*) FILTER (WHERE NOT ${OPEN} AND closed_at IS NOT NULL AND closed_at <= expected_at) AS on_time,
  count(*) FILTER (WHERE fixed_answer IS NOT NULL OR satisfaction IS NOT NULL) AS responses,
  count(*) FILTER (WHERE fixed_answer) AS fixed_yes,
  count(*) FILTER (WHERE NOT fixed_answer) AS fixed_no,
  count(satisfaction) AS sat_n,
  sum(satisfaction) AS sat_sum,
  count(*) FILTER (WHERE satisfaction = 1) AS s1,
  count(*) FILTER (WHERE satisfaction = 2) AS s2,
  count(*) FILTER (WHERE satisfaction = 3) AS s3,
  count(*) FILTER (WHERE satisfaction = 4) AS s4,
  count(*) FILTER (WHERE satisfaction = 5) AS s5`;

const SPEED = `
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - confirmed_at)) FILTER (WHERE NOT ${OPEN}) AS res,
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM first_action_at - confirmed_at)) AS fa`;

/**
 * Sorting and hashing room for the aggregates of one dashboard (transaction-local): a KOV's year of
 * reports sorts in memory instead of spilling to disk.
 */
export async function roomForAggregates(t: Tx): Promise<void> {
  await t.exec(`SET LOCAL work_mem = '64MB'`);
}

/** Confirmed reports received in [$from, $to): the partial indexes' predicate and their range. */
const confirmed = (from: number, to: number, r = '') =>
  `${r}confirmed_at IS NOT NULL AND ${r}status <> 'unconfirmed' AND ${r}confirmed_at >= $${from} AND ${r}confirmed_at < $${to}`;

const COLS = 'kov_code, category_id, domain, status, confirmed_at, expected_at, first_action_at, closed_at, fixed_answer, satisfaction';

/**
 * The KOV's counts in one hashed pass, per cell (week/month × category × domain × status: a few hundred
 * rows); the service adds the cells up into the whole, the weeks, domains, categories and statuses
 * (every count is additive), which is far cheaper than hashing five grouping sets in SQL.
 */
export async function kovCounts(t: Tx, kov: string, f: AnalyticsFilter): Promise<CountRow[]> {
  return t.query<CountRow>(
    `SELECT 'cell' AS set, NULL AS kov_code, bucket, domain, category_id, status, ${counts(7)}
       FROM (SELECT width_bucket(confirmed_at, $6::timestamptz[]) AS bucket, ${COLS}
               FROM reports_report
              WHERE kov_code = $1 AND ${confirmed(2, 3)}
                AND ($4::text IS NULL OR domain = $4) AND ($5::uuid IS NULL OR category_id = $5)) r
      GROUP BY bucket, domain, category_id, status`,
    [kov, f.from, f.to, f.domain, f.categoryId, f.starts, f.now],
  );
}

/** The KOV's resolution and first-action times (median, 90th percentile): the whole, per domain, per category. */
export async function kovSpeed(t: Tx, kov: string, f: AnalyticsFilter): Promise<SpeedRow[]> {
  return t.query<SpeedRow>(
    `SELECT CASE GROUPING(domain, category_id) WHEN 3 THEN 'total' WHEN 1 THEN 'domain' ELSE 'category' END AS set,
            NULL AS kov_code, domain, category_id, ${SPEED}
       FROM reports_report
      WHERE kov_code = $1 AND ${confirmed(2, 3)}
        AND ($4::text IS NULL OR domain = $4) AND ($5::uuid IS NULL OR category_id = $5)
        AND (closed_at IS NOT NULL OR first_action_at IS NOT NULL)
      GROUP BY GROUPING SETS ((), (domain), (category_id))`,
    [kov, f.from, f.to, f.domain, f.categoryId],
  );
}

/**
 * Re-opened reports among those received in the period (a 'reopened' event in their history), in
 * all and per domain, and how many of them are open again now (the reopen rate's denominator is the
 * closed reports plus those).
 */
export async function kovReopened(t: Tx, kov: string, f: AnalyticsFilter): Promise<ReopenRow[]> {
  // from the few re-opened reports (a partial index) to their rows, not from every report to its events
  return t.query<ReopenRow>(
    `SELECT NULL AS kov_code, r.domain, count(*) AS reopened, count(*) FILTER (WHERE r.${OPEN}) AS reopened_open
       FROM (SELECT DISTINCT report_id FROM reports_event WHERE kov_code = $1 AND kind = 'reopened') e
       JOIN reports_report r ON r.kov_code = $1 AND r.id = e.report_id
      WHERE ${confirmed(2, 3, 'r.')}
        AND ($4::text IS NULL OR r.domain = $4) AND ($5::uuid IS NULL OR r.category_id = $5)
      GROUP BY GROUPING SETS ((), (r.domain))`,
    [kov, f.from, f.to, f.domain, f.categoryId],
  );
}

/** Every KOV's resolution and first-action times: the whole, per domain, per KOV. */
export async function allSpeed(t: Tx, f: AnalyticsFilter): Promise<SpeedRow[]> {
  return t.query<SpeedRow>(
    `SELECT CASE GROUPING(kov_code, domain) WHEN 3 THEN 'total' WHEN 2 THEN 'domain' ELSE 'kov' END AS set,
            kov_code, domain, NULL AS category_id, ${SPEED}
       FROM reports_report
      WHERE ${confirmed(1, 2)} AND ($3::text IS NULL OR domain = $3)
        AND (closed_at IS NOT NULL OR first_action_at IS NOT NULL)
      GROUP BY GROUPING SETS ((), (domain), (kov_code))`,
    [f.from, f.to, f.domain],
  );
}

// ---------- the rollup (migrations/202612070800_reports_rollup.sql) ----------

/** The rollup's histogram: bucket 1 = [0, 60 s), bucket k = [60·1.25^(k-2), 60·1.25^(k-1)) s, the last open-ended. */
export const HIST_BUCKETS = 64;
export const HIST_BASE_SECS = 60;
export const HIST_RATIO = 1.25;

/** One histogram row: the closed reports' resolution times and the first-action times (counts per bucket). */
export interface HistRow {
  kov_code: string | null;
  domain: string;
  category_id: string | null;
  res: number[];
  fa: number[];
}

/** The statuses of a confirmed report, as the rollup's per-status columns (st_<status>). */
export const ROLLED_STATUSES = ['received', 'in_progress', 'scheduled', 'reopened', 'fixed', 'forwarded', 'duplicate', 'closed'] as const;

/** A cell of the rollup: the counts, and the reports per status (no `status`: the statuses are columns). */
export type RolledRow = CountRow & Record<`st_${(typeof ROLLED_STATUSES)[number]}`, string>;

const ROLLED = `
  sum(n) AS n,
  sum(open) AS open,
  0 AS overdue,
  ${ROLLED_STATUSES.map((x) => `sum(st_${x}) AS st_${x}`).join(', ')},
  sum(closed) AS closed,
  sum(with_target) AS with_target,
  sum(on_time) AS on_time,
  sum(responses) AS responses,
  sum(fixed_yes) AS fixed_yes,
  sum(fixed_no) AS fixed_no,
  sum(sat_n) AS sat_n,
  sum(sat_sum) AS sat_sum,
  sum(s1) AS s1, sum(s2) AS s2, sum(s3) AS s3, sum(s4) AS s4, sum(s5) AS s5,
  sum(reopened) AS reopened,
  sum(reopened_open) AS reopened_open`;

const histSums = (col: string) => `ARRAY[${Array.from({ length: HIST_BUCKETS }, (_, i) => `coalesce(sum(${col}[${i + 1}]), 0)::int`).join(', ')}] AS ${col}`;

/** The KOV's counts per cell (week/month × domain × category) from the daily rollup; overdue is 0 here (see kovOverdue). */
export async function kovRolledCounts(t: Tx, kov: string, f: AnalyticsFilter): Promise<RolledRow[]> {
  return t.query<RolledRow>(
    `SELECT 'cell' AS set, NULL AS kov_code, width_bucket(day, $4::date[]) AS bucket, domain, category_id, NULL AS status, ${ROLLED}
       FROM reports_daily
      WHERE kov_code = $1 AND day >= $2::date AND day <= $3::date AND n <> 0
        AND ($5::text IS NULL OR domain = $5) AND ($6::uuid IS NULL OR category_id = $6)
      GROUP BY 3, domain, category_id`,
    [kov, f.fromDay, f.toDay, f.startDays, f.domain, f.categoryId],
  );
}

/** The KOV's open reports past their expected-by date now, per cell (a live count: it depends on the clock). */
export async function kovOverdue(t: Tx, kov: string, f: AnalyticsFilter): Promise<CountRow[]> {
  return t.query<CountRow>(
    `SELECT width_bucket(confirmed_at, $6::timestamptz[]) AS bucket, domain, category_id, count(*) AS overdue
       FROM reports_report
      WHERE kov_code = $1 AND confirmed_at IS NOT NULL AND ${OPEN} AND confirmed_at >= $2 AND confirmed_at < $3
        AND ($4::text IS NULL OR domain = $4) AND ($5::uuid IS NULL OR category_id = $5) AND expected_at < $7
      GROUP BY 1, domain, category_id`,
    [kov, f.from, f.to, f.domain, f.categoryId, f.starts, f.now],
  );
}

/** The KOV's time histograms per domain × category from the rollup. */
export async function kovHistograms(t: Tx, kov: string, f: AnalyticsFilter): Promise<HistRow[]> {
  return t.query<HistRow>(
    `SELECT NULL AS kov_code, domain, category_id, ${histSums('res')}, ${histSums('fa')}
       FROM reports_daily_speed
      WHERE kov_code = $1 AND day >= $2::date AND day <= $3::date
        AND ($4::text IS NULL OR domain = $4) AND ($5::uuid IS NULL OR category_id = $5)
      GROUP BY domain, category_id`,
    [kov, f.fromDay, f.toDay, f.domain, f.categoryId],
  );
}

/** Every KOV's counts from the rollup: per week/month ('bucket') and per KOV × domain ('cell'); overdue 0 (see allOverdue). */
export async function allRolledCounts(t: Tx, f: AnalyticsFilter): Promise<RolledRow[]> {
  return t.query<RolledRow>(
    `SELECT CASE GROUPING(kov_code, b, domain) WHEN 5 THEN 'bucket' ELSE 'cell' END AS set,
            kov_code, b AS bucket, domain, NULL AS category_id, NULL AS status, ${ROLLED}
       FROM (SELECT width_bucket(day, $3::date[]) AS b, * FROM reports_daily
              WHERE day >= $1::date AND day <= $2::date AND n <> 0 AND ($4::text IS NULL OR domain = $4)) r
      GROUP BY GROUPING SETS ((b), (kov_code, domain))`,
    [f.fromDay, f.toDay, f.startDays, f.domain],
  );
}

/** Every KOV's open reports past their expected-by date now, per KOV × domain (live). */
export async function allOverdue(t: Tx, f: AnalyticsFilter): Promise<CountRow[]> {
  return t.query<CountRow>(
    `SELECT kov_code, domain, count(*) AS overdue
       FROM reports_report
      WHERE confirmed_at IS NOT NULL AND ${OPEN} AND confirmed_at >= $1 AND confirmed_at < $2
        AND ($3::text IS NULL OR domain = $3) AND expected_at < $4
      GROUP BY kov_code, domain`,
    [f.from, f.to, f.domain, f.now],
  );
}

/** Every KOV's time histograms per KOV × domain from the rollup. */
export async function allHistograms(t: Tx, f: AnalyticsFilter): Promise<HistRow[]> {
  return t.query<HistRow>(
    `SELECT kov_code, domain, NULL AS category_id, ${histSums('res')}, ${histSums('fa')}
       FROM reports_daily_speed
      WHERE day >= $1::date AND day <= $2::date AND ($3::text IS NULL OR domain = $3)
      GROUP BY kov_code, domain`,
    [f.fromDay, f.toDay, f.domain],
  );
}

/** The report list rows for an export (no personal data: no reporter, no description, no place). */
export interface ExportRow {
  number: string;
  category_code: string;
  domain: string;
  status: string;
  confirmed_at: Date;
  expected_at: Date | null;
  first_action_at: Date | null;
  closed_at: Date | null;
  fixed_answer: boolean | null;
  satisfaction: number | null;
}

/** One page (keyset by number) of the KOV's report rows for the filters, for a streamed export. */
export async function exportPage(t: Tx, kov: string, f: AnalyticsFilter, after: string, limit: number): Promise<ExportRow[]> {
  return t.query<ExportRow>(
    `SELECT r.number, c.code AS category_code, r.domain, r.status, r.confirmed_at, r.expected_at, r.first_action_at, r.closed_at,
            r.fixed_answer, r.satisfaction
       FROM reports_report r JOIN reports_category c ON c.kov_code = r.kov_code AND c.id = r.category_id
      WHERE r.kov_code = $1 AND ${confirmed(2, 3, 'r.')}
        AND ($4::text IS NULL OR r.domain = $4) AND ($5::uuid IS NULL OR r.category_id = $5)
        AND r.number > $6
      ORDER BY r.number
      LIMIT $7`,
    [kov, f.from, f.to, f.domain, f.categoryId, after, limit],
  );
}

// ---------- by settlement unit (migrations/202612080900_reports_unit_rollup.sql) ----------

/** One unit × domain of the unit rollup, summed over the months asked ('' = not located). */
export interface UnitRow {
  unit_code: string;
  domain: string;
  n: string;
  open: string;
  closed: string;
  with_target: string;
  on_time: string;
}

/** The KOV's counts per settlement unit × domain for the months [fromMonth, toMonth] (first days, both included). */
export async function kovUnitCounts(t: Tx, kov: string, fromMonth: string, toMonth: string, domain: string | null): Promise<UnitRow[]> {
  return t.query<UnitRow>(
    `SELECT unit_code, domain, sum(n) AS n, sum(open) AS open, sum(closed) AS closed, sum(with_target) AS with_target, sum(on_time) AS on_time
       FROM reports_unit_monthly
      WHERE kov_code = $1 AND month >= $2::date AND month <= $3::date AND n <> 0 AND ($4::text IS NULL OR domain = $4)
      GROUP BY unit_code, domain`,
    [kov, fromMonth, toMonth, domain],
  );
}

/** The same counts recounted live from the reports (the reference the rollup is tested against). */
export async function kovUnitRecount(t: Tx, kov: string, fromMonth: string, toMonth: string, domain: string | null): Promise<UnitRow[]> {
  return t.query<UnitRow>(
    `SELECT coalesce(unit_code, '') AS unit_code, domain, count(*) AS n, count(*) FILTER (WHERE ${OPEN}) AS open,
            count(*) FILTER (WHERE NOT ${OPEN} AND closed_at IS NOT NULL) AS closed,
            count(*) FILTER (WHERE NOT ${OPEN} AND closed_at IS NOT NULL AND expected_at IS NOT NULL) AS with_target,
            count(*) FILTER (WHERE NOT ${OPEN} AND closed_at IS NOT NULL AND closed_at <= expected_at) AS on_time
       FROM reports_report
      WHERE kov_code = $1 AND confirmed_at IS NOT NULL AND status <> 'unconfirmed'
        AND date_trunc('month', confirmed_at AT TIME ZONE 'Europe/Tallinn')::date BETWEEN $2::date AND $3::date
        AND ($4::text IS NULL OR domain = $4)
      GROUP BY 1, domain`,
    [kov, fromMonth, toMonth, domain],
  );
}

/** Median seconds per settlement unit ('' = not located) and for the whole (whole = true), exact. */
export interface UnitSpeedRow {
  unit_code: string | null;
  whole: boolean;
  /** From received to closed, the closed reports. */
  res: number | null;
  /** From received to the first action. */
  fa: number | null;
}

const monthStart = (p: string) => `(${p}::date::timestamp AT TIME ZONE 'Europe/Tallinn')`;
const monthEnd = (p: string) => `((${p}::date + interval '1 month')::timestamp AT TIME ZONE 'Europe/Tallinn')`;

/**
 * The KOV's median times per settlement unit and for the whole, exact (percentile_cont over the
 * reports received in the months [fromMonth, toMonth]): for small sets (the reader decides).
 */
export async function kovUnitSpeed(t: Tx, kov: string, fromMonth: string, toMonth: string, domain: string | null): Promise<UnitSpeedRow[]> {
  return t.query<UnitSpeedRow>(
    `SELECT coalesce(unit_code, '') AS unit_code, grouping(coalesce(unit_code, '')) = 1 AS whole,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - confirmed_at)) FILTER (WHERE NOT ${OPEN}) AS res,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_action_at - confirmed_at)) AS fa
       FROM reports_report
      WHERE kov_code = $1 AND confirmed_at IS NOT NULL AND status <> 'unconfirmed'
        AND confirmed_at >= ${monthStart('$2')} AND confirmed_at < ${monthEnd('$3')}
        AND ($4::text IS NULL OR domain = $4)
      GROUP BY GROUPING SETS ((coalesce(unit_code, '')), ())`,
    [kov, fromMonth, toMonth, domain],
  );
}

export interface UnitHistRow {
  unit_code: string;
  res: (number | string)[];
  fa: (number | string)[];
}

/** The KOV's time histograms per settlement unit for the months (reports_unit_speed), domains added up. */
export async function kovUnitHistograms(t: Tx, kov: string, fromMonth: string, toMonth: string, domain: string | null): Promise<UnitHistRow[]> {
  return t.query<UnitHistRow>(
    `SELECT unit_code, ${histSums('res')}, ${histSums('fa')}
       FROM reports_unit_speed
      WHERE kov_code = $1 AND month >= $2::date AND month <= $3::date AND ($4::text IS NULL OR domain = $4)
      GROUP BY unit_code`,
    [kov, fromMonth, toMonth, domain],
  );
}

/** The same histograms recounted live from the reports (the reference the rollup is tested against). */
export async function kovUnitHistogramRecount(t: Tx, kov: string, fromMonth: string, toMonth: string): Promise<UnitHistRow[]> {
  return t.query<UnitHistRow>(
    `SELECT unit_code, reports_hist_of(coalesce(array_agg(rb) FILTER (WHERE rb IS NOT NULL), '{}')) AS res,
            reports_hist_of(coalesce(array_agg(fb) FILTER (WHERE fb IS NOT NULL), '{}')) AS fa
       FROM (SELECT coalesce(unit_code, '') AS unit_code,
                    CASE WHEN NOT ${OPEN} AND closed_at IS NOT NULL THEN reports_time_bucket(extract(epoch FROM closed_at - confirmed_at)::double precision) END AS rb,
                    reports_time_bucket(extract(epoch FROM first_action_at - confirmed_at)::double precision) AS fb
               FROM reports_report
              WHERE kov_code = $1 AND confirmed_at IS NOT NULL AND status <> 'unconfirmed'
                AND confirmed_at >= ${monthStart('$2')} AND confirmed_at < ${monthEnd('$3')}) r
      WHERE rb IS NOT NULL OR fb IS NOT NULL
      GROUP BY unit_code`,
    [kov, fromMonth, toMonth],
  );
}
