// Reports analytics (issue 10, item 7): volumes over time, by domain, category and status;
// resolution speed (median and 90th percentile from received to closed, share closed by the
// category's target, open and overdue, time to the first action); the reporters' "is it fixed?"
// answers and satisfaction; the reopen rate. For one KOV (KOV role reports-analyst or
// reports-handler, KOV admins) under row-level security, and for ELVL across every KOV (platform role
// reports-elvl, platform admins) on the owner path, comparing KOVs by the shared domains.
//
// Unconfirmed reports are never counted. A report belongs to the period by when it was received
// (confirmed_at), in Tallinn calendar days. Exports: CSV (UTF-8 with BOM, `;` separated, decimal
// comma, CRLF: what Estonian Excel opens as columns) and XLSX (exceljs, streamed).
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db, Tx } from '../../kernel/db.js';
import { TIME_ZONE, now, nowMs, tallinnLocalToDate, today } from '../../kernel/clock.js';
import { badRequest } from '../../kernel/errors.js';
import type { FieldError } from '../../kernel/errors.js';
import type { Locale } from '../../kernel/i18n.js';
import { translate } from '../../kernel/i18n.js';
import { tenantNames } from '../../kernel/tenants.js';
import { countEligible } from '../residents/index.js';
import * as core from './repo.js';
import type { CategoryRow, Domain } from './repo.js';
import * as repo from './repo/analytics.js';
import type { AnalyticsFilter, Bucket, CountRow, HistRow, ReopenRow, SpeedRow } from './repo/analytics.js';
import type { RolledRow } from './repo/analytics.js';
import { HIST_BASE_SECS, HIST_BUCKETS, HIST_RATIO, ROLLED_STATUSES } from './repo/analytics.js';
import { DOMAINS } from './service.js';

export type { Bucket } from './repo/analytics.js';

/** The longest period one query may cover (five years and a day). */
export const MAX_PERIOD_DAYS = 1827;
/** The default period: the last twelve months up to today. */
export const DEFAULT_PERIOD_DAYS = 365;
const DAY_MS = 86_400_000;

/** The filters as asked (query string): dates YYYY-MM-DD in Tallinn, both days included. */
export interface AnalyticsQuery {
  from?: string;
  to?: string;
  domain?: string;
  category?: string;
  by?: string;
}

/** The filters as applied. */
export interface AppliedFilter {
  from: string;
  to: string;
  domain: Domain | null;
  category: string | null;
  by: Bucket;
}

/** The figures of a set of reports. Times in hours; shares 0–1; null where there is nothing to measure. */
export interface Figures {
  reports: number;
  open: number;
  overdue: number;
  closed: number;
  /** Closed reports that had a target (expected-by date). */
  withTarget: number;
  onTime: number;
  onTimeShare: number | null;
  resolutionMedianHours: number | null;
  resolutionP90Hours: number | null;
  firstActionMedianHours: number | null;
  firstActionP90Hours: number | null;
  responses: number;
  fixedYes: number;
  fixedNo: number;
  /** "Yes, it is fixed" among the yes/no answers. */
  fixedShare: number | null;
  satisfactionCount: number;
  satisfactionAverage: number | null;
  /** Answers 1, 2, 3, 4, 5. */
  satisfaction: [number, number, number, number, number];
  reopened: number;
  /** Re-opened among the reports closed at least once. */
  reopenRate: number | null;
}

export interface CategoryFigures extends Figures {
  code: string;
  name: { et: string; en: string; ru: string };
  domain: Domain;
  slaDays: number;
}

export interface KovDashboard {
  scope: 'kov';
  kov: string;
  filter: AppliedFilter;
  total: Figures;
  series: { start: string; reports: number }[];
  byDomain: ({ domain: Domain } & Figures)[];
  byCategory: CategoryFigures[];
  byStatus: { status: string; reports: number }[];
  categories: { code: string; name: { et: string; en: string; ru: string } }[];
}

export interface KovComparison extends Figures {
  kov: string;
  name: string;
  /** Residents in the register (the residents module), or null where the register is not imported. */
  population: number | null;
  /** Reports per 1,000 residents, or null without a population. */
  per1000: number | null;
  domains: Record<Domain, number>;
}

export interface AllDashboard {
  scope: 'all';
  filter: AppliedFilter;
  total: Figures;
  series: { start: string; reports: number }[];
  byDomain: ({ domain: Domain } & Figures)[];
  byStatus: { status: string; reports: number }[];
  kovs: KovComparison[];
}

// ---------- filters ----------

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const dayMs = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const validDate = (d: string) => DATE_RE.test(d) && dayOf(dayMs(d)) === d;

/** Parses and checks the filters (400 naming the field); the category is checked against the KOV's own. */
export function parseFilter(q: AnalyticsQuery, categories: readonly Pick<CategoryRow, 'code'>[] | null): AppliedFilter {
  const errors: FieldError[] = [];
  const to = q.to?.trim() || today();
  const from = q.from?.trim() || dayOf(dayMs(validDate(to) ? to : today()) - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS);
  if (!validDate(from)) errors.push({ field: 'from', reason: 'reports.analytics.error.date' });
  if (!validDate(to)) errors.push({ field: 'to', reason: 'reports.analytics.error.date' });
  if (!errors.length) {
    const days = (dayMs(to) - dayMs(from)) / DAY_MS + 1;
    if (days < 1) errors.push({ field: 'to', reason: 'reports.analytics.error.order' });
    else if (days > MAX_PERIOD_DAYS) errors.push({ field: 'from', reason: 'reports.analytics.error.long' });
  }
  const domain = q.domain?.trim() || null;
  if (domain && !DOMAINS.includes(domain as Domain)) errors.push({ field: 'domain', reason: 'reports.analytics.error.domain' });
  const category = q.category?.trim() || null;
  if (category && (!categories || !categories.some((c) => c.code === category))) errors.push({ field: 'category', reason: 'reports.analytics.error.category' });
  const byRaw = q.by?.trim() || '';
  if (byRaw && byRaw !== 'week' && byRaw !== 'month') errors.push({ field: 'by', reason: 'reports.analytics.error.by' });
  if (errors.length) throw badRequest(errors);
  const days = (dayMs(to) - dayMs(from)) / DAY_MS + 1;
  const by: Bucket = byRaw === 'week' || byRaw === 'month' ? byRaw : days > 120 ? 'month' : 'week';
  return { from, to, domain: domain as Domain | null, category, by };
}

/** The instants of a Tallinn period: midnight of the first day to midnight after the last. */
function bounds(f: AppliedFilter): { from: Date; to: Date } {
  return { from: tallinnLocalToDate(`${f.from}T00:00`)!, to: tallinnLocalToDate(`${dayOf(dayMs(f.to) + DAY_MS)}T00:00`)! };
}

/** The week (Monday) or month starts of the period, so that a chart shows empty weeks too. */
export function bucketStarts(f: AppliedFilter): string[] {
  const out: string[] = [];
  if (f.by === 'month') {
    let y = Number(f.from.slice(0, 4));
    let m = Number(f.from.slice(5, 7));
    const endKey = f.to.slice(0, 7);
    for (;;) {
      const key = `${y}-${String(m).padStart(2, '0')}`;
      out.push(`${key}-01`);
      if (key >= endKey) break;
      m++;
      if (m > 12) {
        m = 1;
        y++;
      }
    }
    return out;
  }
  const start = dayMs(f.from);
  const dow = (new Date(start).getUTCDay() + 6) % 7; // Monday 0
  for (let d = start - dow * DAY_MS; d <= dayMs(f.to); d += 7 * DAY_MS) out.push(dayOf(d));
  return out;
}

// ---------- figures ----------

const num = (s: string | number | null | undefined) => (s === null || s === undefined ? 0 : Number(s));
const hours = (secs: number | null | undefined) => (secs === null || secs === undefined ? null : Math.round((Number(secs) / 3600) * 10) / 10);
const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 10000) / 10000 : null);

function figures(c: CountRow | undefined, s: SpeedRow | undefined, r: ReopenRow | undefined): Figures {
  const closed = num(c?.closed);
  const withTarget = num(c?.with_target);
  const onTime = num(c?.on_time);
  const fixedYes = num(c?.fixed_yes);
  const fixedNo = num(c?.fixed_no);
  const satN = num(c?.sat_n);
  const reopened = num(r?.reopened);
  return {
    reports: num(c?.n),
    open: num(c?.open),
    overdue: num(c?.overdue),
    closed,
    withTarget,
    onTime,
    onTimeShare: share(onTime, withTarget),
    resolutionMedianHours: hours(s?.res?.[0]),
    resolutionP90Hours: hours(s?.res?.[1]),
    firstActionMedianHours: hours(s?.fa?.[0]),
    firstActionP90Hours: hours(s?.fa?.[1]),
    responses: num(c?.responses),
    fixedYes,
    fixedNo,
    fixedShare: share(fixedYes, fixedYes + fixedNo),
    satisfactionCount: satN,
    satisfactionAverage: satN > 0 ? Math.round((num(c?.sat_sum) / satN) * 100) / 100 : null,
    satisfaction: [num(c?.s1), num(c?.s2), num(c?.s3), num(c?.s4), num(c?.s5)],
    reopened,
    reopenRate: share(reopened, closed + num(r?.reopened_open)),
  };
}

const SUMMED = ['n', 'open', 'overdue', 'closed', 'with_target', 'on_time', 'responses', 'fixed_yes', 'fixed_no', 'sat_n', 'sat_sum', 's1', 's2', 's3', 's4', 's5', 'reopened', 'reopened_open'] as const;

/** The re-opened counts of added-up rows, in the shape the figures take them. */
const reopenOf = (rows: CountRow[]): ReopenRow[] =>
  rows.map((c) => ({ kov_code: c.kov_code, domain: c.domain, reopened: String(num(c.reopened)), reopened_open: String(num(c.reopened_open)) }));

/** Adds the cells up into one row per key (every count is additive), labelled `set`. */
function addUp(cells: CountRow[], set: string, key: (c: CountRow) => Partial<CountRow> | null): CountRow[] {
  const out = new Map<string, CountRow>();
  for (const c of cells) {
    const k = key(c);
    if (!k) continue;
    const id = JSON.stringify(k);
    let row = out.get(id);
    if (!row) {
      row = { set, kov_code: null, bucket: null, domain: null, category_id: null, status: null, ...k } as CountRow;
      for (const f of SUMMED) (row as unknown as Record<string, number>)[f] = 0;
      out.set(id, row);
    }
    const sums = row as unknown as Record<string, number>;
    for (const f of SUMMED) sums[f] = (sums[f] ?? 0) + num(c[f]);
  }
  return [...out.values()];
}

const STATUS_ORDER = ['received', 'in_progress', 'scheduled', 'reopened', 'fixed', 'forwarded', 'duplicate', 'closed'];

function series(counts: CountRow[], f: AppliedFilter) {
  const by = new Map(counts.filter((c) => c.set === 'bucket').map((c) => [Number(c.bucket), num(c.n)]));
  return bucketStarts(f).map((start, i) => ({ start, reports: by.get(i + 1) ?? 0 }));
}

/** The repo's filter: the period's instants, the week/month start instants (for width_bucket), the clock. */
function repoFilter(filter: AppliedFilter, categoryId: string | null): AnalyticsFilter {
  const starts = bucketStarts(filter).map((d) => tallinnLocalToDate(`${d}T00:00`)!);
  return { ...bounds(filter), domain: filter.domain, categoryId, bucket: filter.by, starts, now: now(), fromDay: filter.from, toDay: filter.to, startDays: bucketStarts(filter) };
}

// ---------- percentiles: exact for small sets, from the rollup's histograms above ----------

/**
 * Up to this many reports in the filtered set, medians and 90th percentiles are exact
 * (percentile_cont over the reports, cheap at this size); above it they come from the rollup's
 * histograms, approximate to the bucket (log-spaced, ±12.5 %).
 */
let exactPercentilesUpTo = 5000;

/** Sets the exact-percentile limit (tests: 0 forces the histograms); returns the previous one. */
export function setExactPercentileLimit(n: number): number {
  const prev = exactPercentilesUpTo;
  exactPercentilesUpTo = n;
  return prev;
}

/** The exact-percentile limit now in force (the unit view follows it too). */
export function exactPercentileLimit(): number {
  return exactPercentilesUpTo;
}

/** The bounds in seconds of histogram bucket k (0-based): [lo, hi); the last one is open-ended (hi = lo). */
export function histBucketBounds(k: number): [number, number] {
  if (k === 0) return [0, HIST_BASE_SECS];
  const lo = HIST_BASE_SECS * HIST_RATIO ** (k - 1);
  return [lo, k === HIST_BUCKETS - 1 ? lo : lo * HIST_RATIO];
}

/**
 * The p-quantile (percentile_cont's rank p·(n−1)) of a histogram: the bucket holding that rank,
 * interpolated within it (geometrically; linearly in the first bucket; the open last bucket gives its
 * lower bound). Null for an empty histogram.
 */
export function histPercentile(h: readonly number[], p: number): number | null {
  const n = h.reduce((a, b) => a + b, 0);
  if (n <= 0) return null;
  const rank = p * (n - 1) + 0.5; // the rank's middle, in units of reports
  let cum = 0;
  for (let k = 0; k < h.length; k++) {
    const c = h[k] ?? 0;
    if (c > 0 && cum + c >= rank) {
      const frac = Math.min(1, Math.max(0, (rank - cum) / c));
      const [lo, hi] = histBucketBounds(k);
      return k === 0 ? hi * frac : lo * (hi / lo) ** frac;
    }
    cum += c;
  }
  return histBucketBounds(h.length - 1)[0];
}

function addHist(into: number[], h: readonly (number | string)[]): void {
  for (let i = 0; i < HIST_BUCKETS; i++) into[i] = (into[i] ?? 0) + Number(h[i] ?? 0);
}

/** Speed rows (median, 90th percentile) from histogram rows added up by key; `set` labels them. */
function speedFromHist(rows: HistRow[], set: string, key: (r: HistRow) => Pick<SpeedRow, 'kov_code' | 'domain' | 'category_id'>): SpeedRow[] {
  const out = new Map<string, { k: Pick<SpeedRow, 'kov_code' | 'domain' | 'category_id'>; res: number[]; fa: number[] }>();
  for (const r of rows) {
    const k = key(r);
    const id = JSON.stringify(k);
    let acc = out.get(id);
    if (!acc) out.set(id, (acc = { k, res: Array<number>(HIST_BUCKETS).fill(0), fa: Array<number>(HIST_BUCKETS).fill(0) }));
    addHist(acc.res, r.res);
    addHist(acc.fa, r.fa);
  }
  const pair = (h: number[]): [number, number] | null => {
    const m = histPercentile(h, 0.5);
    return m === null ? null : [m, histPercentile(h, 0.9)!];
  };
  return [...out.values()].map(({ k, res, fa }) => ({ set, ...k, res: pair(res), fa: pair(fa) }));
}

/** The reports per status of rolled-up cells (the statuses are the rollup's columns), as 'status' rows. */
function statusRows(cells: RolledRow[]): CountRow[] {
  return ROLLED_STATUSES.map((st) => ({ st, n: cells.reduce((a, c) => a + num(c[`st_${st}`]), 0) }))
    .filter((x) => x.n > 0)
    .map(({ st, n }) => ({ set: 'status', kov_code: null, bucket: null, domain: null, category_id: null, status: st, n: String(n) }) as CountRow);
}

/** Adds the live overdue counts into the rolled-up cells (matching by `key`). */
function withOverdue(cells: RolledRow[], overdue: CountRow[], key: (c: CountRow) => string): RolledRow[] {
  const by = new Map(overdue.map((o) => [key(o), num(o.overdue)]));
  return cells.map((c) => ({ ...c, overdue: String(by.get(key(c)) ?? 0) }));
}

const totalOf = (cells: CountRow[]) => cells.reduce((a, c) => a + num(c.n), 0);

function byStatus(counts: CountRow[]) {
  return counts
    .filter((c) => c.set === 'status')
    .map((c) => ({ status: c.status!, reports: num(c.n) }))
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
}

/** Per domain; `reopen` holds the whole's and the domains' rows only (kov_code NULL). */
function byDomain(counts: CountRow[], speed: SpeedRow[], reopen: ReopenRow[]) {
  return DOMAINS.filter((d) => counts.some((c) => c.set === 'domain' && c.domain === d)).map((d) => ({
    domain: d,
    ...figures(
      counts.find((c) => c.set === 'domain' && c.domain === d),
      speed.find((s) => s.set === 'domain' && s.domain === d),
      reopen.find((r) => r.domain === d),
    ),
  }));
}

/**
 * One KOV's dashboard under the KOV's row-level security: the counts and the time histograms from the
 * daily rollup (migrations/202612070800_reports_rollup.sql), the overdue reports live from the small
 * partial index of the open reports; exact percentiles instead of the histograms for small sets.
 */
export async function kovAnalytics(db: Db, kov: string, q: AnalyticsQuery): Promise<KovDashboard> {
  const cats = await db.tx((t) => core.categoriesOf(t, kov, false), { kov });
  const filter = parseFilter(q, cats);
  const catId = filter.category ? cats.find((c) => c.code === filter.category)!.id : null;
  const f = repoFilter(filter, catId);
  // the statements in transactions side by side (each under the KOV's row-level security): on
  // PostgreSQL they run at once on separate connections; PGlite runs them in turn
  const inKov = <R>(fn: (t: Tx) => Promise<R>) =>
    db.tx(async (t) => {
      await repo.roomForAggregates(t);
      return fn(t);
    }, { kov });
  // counts (re-opened too) and time histograms from the daily rollup; overdue (it depends on the clock) live
  const [rolled, overdue, hist] = await Promise.all([
    inKov((t) => repo.kovRolledCounts(t, kov, f)),
    inKov((t) => repo.kovOverdue(t, kov, f)),
    inKov((t) => repo.kovHistograms(t, kov, f)),
  ]);
  const cellKey = (c: CountRow) => `${c.bucket}|${c.domain}|${c.category_id}`;
  const cells = withOverdue(rolled, overdue, cellKey);
  const speed =
    totalOf(cells) <= exactPercentilesUpTo
      ? await inKov((t) => repo.kovSpeed(t, kov, f))
      : [
          ...speedFromHist(hist, 'total', () => ({ kov_code: null, domain: null, category_id: null })),
          ...speedFromHist(hist, 'domain', (r) => ({ kov_code: null, domain: r.domain, category_id: null })),
          ...speedFromHist(hist, 'category', (r) => ({ kov_code: null, domain: null, category_id: r.category_id })),
        ];
  const counts = [
    ...addUp(cells, 'total', () => ({})),
    ...addUp(cells, 'bucket', (c) => ({ bucket: c.bucket })),
    ...addUp(cells, 'domain', (c) => ({ domain: c.domain })),
    ...addUp(cells, 'category', (c) => ({ category_id: c.category_id })),
    ...statusRows(cells),
  ];
  // the whole's and the domains' re-opened counts (kov_code null)
  const reopen = reopenOf(counts.filter((c) => c.set === 'total' || c.set === 'domain'));
  const byId = new Map(cats.map((c) => [c.id, c]));
  const byCategory: CategoryFigures[] = counts
    .filter((c) => c.set === 'category' && byId.has(c.category_id!))
    .map((c) => {
      const cat = byId.get(c.category_id!)!;
      return {
        code: cat.code,
        name: { et: cat.name_et, en: cat.name_en, ru: cat.name_ru },
        domain: cat.domain,
        slaDays: cat.sla_days,
        ...figures(c, speed.find((s) => s.set === 'category' && s.category_id === c.category_id), undefined),
      };
    })
    .sort((a, b) => b.reports - a.reports || a.code.localeCompare(b.code));
  // the per-category reopen counts are not split (re-opened reports are few); the total and the domains carry them
  return {
    scope: 'kov',
    kov,
    filter,
    total: figures(
      counts.find((c) => c.set === 'total'),
      speed.find((s) => s.set === 'total'),
      reopen.find((r) => r.domain === null),
    ),
    series: series(counts, filter),
    byDomain: byDomain(counts, speed, reopen),
    byCategory,
    byStatus: byStatus(counts),
    categories: cats.map((c) => ({ code: c.code, name: { et: c.name_et, en: c.name_en, ru: c.name_ru } })),
  };
}

/** The KOV's categories (inactive ones too: old reports keep them) named in the reader's language, for the filter. */
export async function kovCategoryNames(db: Db, kov: string, locale: Locale): Promise<{ code: string; name: string }[]> {
  const cats = await db.tx((t) => core.categoriesOf(t, kov, false), { kov });
  return cats.map((c) => ({ code: c.code, name: locale === 'et' ? c.name_et : locale === 'en' ? c.name_en : c.name_ru }));
}

// The residents register's size per KOV (for reports per 1,000 residents), kept for ten minutes: the
// register changes by imports, not by the minute, and counting it for 79 KOVs on every page is waste.
const POPULATION_TTL_MS = 10 * 60_000;
const populationCache = new Map<string, { at: number; value: number | null }>();

async function populationOf(db: Db, kov: string): Promise<number | null> {
  const hit = populationCache.get(kov);
  if (hit && nowMs() - hit.at < POPULATION_TTL_MS) return hit.value;
  const total = (await countEligible(db, kov, {})).total;
  const value = total > 0 ? total : null;
  populationCache.set(kov, { at: nowMs(), value });
  return value;
}

/** Forgets the cached register sizes (tests; after a register import the figure may lag ten minutes otherwise). */
export function forgetPopulations(): void {
  populationCache.clear();
}

/**
 * The all-KOV dashboard for ELVL: every KOV's confirmed reports in the period, compared by the shared
 * domains, per 1,000 residents where the KOV's residents register is imported (absolute otherwise).
 */
export async function allAnalytics(db: Db, q: AnalyticsQuery): Promise<AllDashboard> {
  const filter = parseFilter({ ...q, category: undefined }, null);
  if (q.category?.trim()) throw badRequest([{ field: 'category', reason: 'reports.analytics.error.categoryAll' }]);
  const f = repoFilter(filter, null);
  // owner transactions side by side (on PostgreSQL at once, on separate connections)
  const asOwner = <R>(fn: (t: Tx) => Promise<R>) =>
    db.system('reports analytics: the all-KOV comparison for ELVL aggregates every KOV', async (t) => {
      await repo.roomForAggregates(t);
      return fn(t);
    });
  // counts (re-opened too) and time histograms from the daily rollup; overdue (it depends on the clock) live
  const [rows, overdue, hist] = await Promise.all([
    asOwner((t) => repo.allRolledCounts(t, f)),
    asOwner((t) => repo.allOverdue(t, f)),
    asOwner((t) => repo.allHistograms(t, f)),
  ]);
  const cells = withOverdue(
    rows.filter((c) => c.set === 'cell'),
    overdue,
    (c) => `${c.kov_code}|${c.domain}`,
  );
  const speed =
    totalOf(cells) <= exactPercentilesUpTo
      ? await asOwner((t) => repo.allSpeed(t, f))
      : [
          ...speedFromHist(hist, 'total', () => ({ kov_code: null, domain: null, category_id: null })),
          ...speedFromHist(hist, 'domain', (r) => ({ kov_code: null, domain: r.domain, category_id: null })),
          ...speedFromHist(hist, 'kov', (r) => ({ kov_code: r.kov_code, domain: null, category_id: null })),
        ];
  const counts = [
    ...rows.filter((c) => c.set === 'bucket'),
    ...addUp(cells, 'total', () => ({})),
    ...addUp(cells, 'domain', (c) => ({ domain: c.domain })),
    ...statusRows(cells),
    ...addUp(cells, 'kov', (c) => ({ kov_code: c.kov_code })),
    ...addUp(cells, 'kov_domain', (c) => ({ kov_code: c.kov_code, domain: c.domain })),
  ];
  // the whole's, the domains' and the KOVs' re-opened counts
  const reopen = reopenOf(counts.filter((c) => c.set === 'total' || c.set === 'domain' || c.set === 'kov'));
  const names = await db.system('reports analytics: the names of the compared KOVs', (t) => tenantNames(t, [...new Set(cells.map((c) => c.kov_code!))]));
  const kovRows = counts.filter((c) => c.set === 'kov');
  const populations = new Map<string, number | null>();
  for (const c of kovRows) populations.set(c.kov_code!, await populationOf(db, c.kov_code!));
  const kovs: KovComparison[] = kovRows
    .map((c) => {
      const kov = c.kov_code!;
      const fig = figures(
        c,
        speed.find((s) => s.set === 'kov' && s.kov_code === kov),
        reopen.find((r) => r.kov_code === kov && r.domain === null),
      );
      const population = populations.get(kov) ?? null;
      const domains = Object.fromEntries(DOMAINS.map((d) => [d, num(counts.find((x) => x.set === 'kov_domain' && x.kov_code === kov && x.domain === d)?.n)])) as Record<Domain, number>;
      return { kov, name: names.get(kov) ?? kov, population, per1000: population ? Math.round((fig.reports / population) * 10000) / 10 : null, domains, ...fig };
    })
    .sort((a, b) => b.reports - a.reports || a.kov.localeCompare(b.kov));
  return {
    scope: 'all',
    filter,
    total: figures(
      counts.find((c) => c.set === 'total'),
      speed.find((s) => s.set === 'total'),
      reopen.find((r) => r.kov_code === null && r.domain === null),
    ),
    series: series(counts, filter),
    byDomain: byDomain(counts, speed, reopen.filter((r) => r.kov_code === null)),
    byStatus: byStatus(counts),
    kovs,
  };
}

// ---------- exports ----------

/** The separator and number style of the CSV exports: what Estonian Excel opens as columns. */
export const CSV_SEPARATOR = ';';
/** The byte order mark a CSV export starts with (Excel then reads UTF-8). */
export const BOM = '\uFEFF';

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v).replace('.', ',') : v;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
/** One CSV line (`;`, decimal comma, CRLF). */
export const csvLine = (cells: (string | number | null)[]) => cells.map(csvCell).join(CSV_SEPARATOR) + '\r\n';

const days = (h: number | null) => (h === null ? null : Math.round((h / 24) * 10) / 10);
const pct = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 10);

/** The table every export of figures has: one row per group (the whole, each period, domain, category, status, KOV). */
export function figureRows(d: KovDashboard | AllDashboard, locale: Locale): { header: string[]; rows: (string | number | null)[][] } {
  const tr = (k: string) => translate(locale, k);
  const header = [
    'group',
    'name',
    'reports',
    'open',
    'overdue',
    'closed',
    'on_time_pct',
    'resolution_median_days',
    'resolution_p90_days',
    'first_action_median_hours',
    'responses',
    'fixed_yes_pct',
    'satisfaction_avg',
    'reopen_rate_pct',
    'per_1000_residents',
  ].map((k) => tr(`reports.analytics.col.${k}`));
  const row = (group: string, name: string, x: Figures, per1000: number | null = null) => [
    tr(`reports.analytics.group.${group}`),
    name,
    x.reports,
    x.open,
    x.overdue,
    x.closed,
    pct(x.onTimeShare),
    days(x.resolutionMedianHours),
    days(x.resolutionP90Hours),
    x.firstActionMedianHours,
    x.responses,
    pct(x.fixedShare),
    x.satisfactionAverage,
    pct(x.reopenRate),
    per1000,
  ];
  const rows: (string | number | null)[][] = [row('total', tr('reports.analytics.all'), d.total)];
  for (const s of d.series) rows.push([tr('reports.analytics.group.period'), s.start, s.reports, ...Array(12).fill(null)]);
  for (const x of d.byDomain) rows.push(row('domain', tr(`reports.domain.${x.domain}`), x));
  if (d.scope === 'kov') for (const x of d.byCategory) rows.push(row('category', x.name[locale], x));
  for (const s of d.byStatus) rows.push([tr('reports.analytics.group.status'), tr(`reports.status.${s.status}`), s.reports, ...Array(12).fill(null)]);
  if (d.scope === 'all') for (const k of d.kovs) rows.push(row('kov', `${k.name} (${k.kov})`, k, k.per1000));
  return { header, rows };
}

/** The figures as CSV (BOM, `;`, decimal comma, CRLF). */
export function figuresCsv(d: KovDashboard | AllDashboard, locale: Locale): string {
  const { header, rows } = figureRows(d, locale);
  return BOM + csvLine(header) + rows.map(csvLine).join('');
}

/** The figures as an XLSX workbook (one sheet), written as a stream. */
export function figuresXlsx(d: KovDashboard | AllDashboard, locale: Locale): Readable {
  const { header, rows } = figureRows(d, locale);
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(translate(locale, 'reports.analytics.sheet.figures'));
  ws.addRow(header).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  void wb.commit().catch((e: unknown) => out.destroy(e as Error));
  return out;
}

const EXPORT_PAGE = 5000;

/** Tallinn wall time 'YYYY-MM-DD HH:MM' (Excel reads it as a date in every locale). */
const wall = (d: Date | null) => (d === null ? null : new Date(d).toLocaleString('sv-SE', { timeZone: TIME_ZONE }).slice(0, 16));

async function* exportRows(db: Db, kov: string, q: AnalyticsQuery, locale: Locale): AsyncGenerator<(string | number | null)[]> {
  const tr = (k: string) => translate(locale, k);
  const cats = await db.tx((t) => core.categoriesOf(t, kov, false), { kov });
  const filter = parseFilter(q, cats);
  const catId = filter.category ? cats.find((c) => c.code === filter.category)!.id : null;
  const f = repoFilter(filter, catId);
  const names = new Map(cats.map((c) => [c.code, locale === 'et' ? c.name_et : locale === 'en' ? c.name_en : c.name_ru]));
  let after = '';
  for (;;) {
    // each page its own short transaction under the KOV's row-level security (keyset by number)
    const page = await db.tx((t) => repo.exportPage(t, kov, f, after, EXPORT_PAGE), { kov });
    for (const r of page)
      yield [
        r.number,
        names.get(r.category_code) ?? r.category_code,
        tr(`reports.domain.${r.domain}`),
        tr(`reports.status.${r.status}`),
        wall(r.confirmed_at),
        wall(r.expected_at),
        wall(r.first_action_at),
        wall(r.closed_at),
        r.fixed_answer === null ? null : tr(r.fixed_answer ? 'reports.analytics.yes' : 'reports.analytics.no'),
        r.satisfaction,
      ];
    if (page.length < EXPORT_PAGE) return;
    after = page[page.length - 1]!.number;
  }
}

const ROW_COLS = ['number', 'category', 'domain', 'status', 'received', 'expected', 'first_action', 'closed', 'fixed', 'satisfaction'];

/** Checks the filters before a streamed export starts (a bad filter is a 400, not a broken file). */
export async function checkExportFilter(db: Db, kov: string, q: AnalyticsQuery): Promise<AppliedFilter> {
  const cats = await db.tx((t) => core.categoriesOf(t, kov, false), { kov });
  return parseFilter(q, cats);
}

/** The KOV's report rows for the filters as CSV, streamed page by page (no personal data). */
export function rowsCsv(db: Db, kov: string, q: AnalyticsQuery, locale: Locale): Readable {
  const header = ROW_COLS.map((k) => translate(locale, `reports.analytics.row.${k}`));
  async function* gen() {
    yield BOM + csvLine(header);
    for await (const r of exportRows(db, kov, q, locale)) yield csvLine(r);
  }
  return Readable.from(gen());
}

/** The KOV's report rows for the filters as XLSX, streamed (exceljs WorkbookWriter). */
export function rowsXlsx(db: Db, kov: string, q: AnalyticsQuery, locale: Locale): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(translate(locale, 'reports.analytics.sheet.reports'));
  ws.addRow(ROW_COLS.map((k) => translate(locale, `reports.analytics.row.${k}`))).commit();
  void (async () => {
    for await (const r of exportRows(db, kov, q, locale)) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
  })().catch((e: unknown) => out.destroy(e as Error));
  return out;
}

/** The file name of an export: reports-analytics-0784-2026-01-01-2026-12-31.csv */
export function exportName(kind: 'figures' | 'reports', kov: string | null, f: AppliedFilter, ext: 'csv' | 'xlsx'): string {
  return `reports-${kind === 'figures' ? 'analytics' : 'rows'}-${kov ?? 'all'}-${f.from}-${f.to}.${ext}`;
}
