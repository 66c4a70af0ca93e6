// Reports analytics by settlement unit (issue 10, item 7: "volumes … by settlement unit"): one KOV's
// confirmed reports per EHAK settlement unit they were routed to (from the KOV's imported boundaries;
// "not located" for reports whose point lies in no imported unit or that have no point), with the
// open and closed ones and the share closed by the target date, per shared domain.
//
// Read from its own narrow rollup (reports_unit_monthly: KOV × Tallinn month × unit × domain,
// migrations/202612080900_reports_unit_rollup.sql), never from the main daily rollup, whose key stays
// narrow for the main dashboard's speed. Hence the period is in whole Tallinn calendar months.
//
// The median time to the first response (received → first action) and to closing (received → closed,
// closed reports) per unit: exact (percentile_cont over the reports) up to the main dashboard's
// exact-percentile limit, above it from the companion rollup of time histograms (reports_unit_speed,
// migrations/202612110101_reports_unit_speed.sql), approximate to the bucket (±12.5 %) like the main
// dashboard's.
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../../kernel/db.js';
import { today } from '../../kernel/clock.js';
import { badRequest } from '../../kernel/errors.js';
import type { FieldError } from '../../kernel/errors.js';
import type { Locale } from '../../kernel/i18n.js';
import { translate } from '../../kernel/i18n.js';
import { settlementUnitsOf } from '../territory/index.js';
import { BOM, csvLine, exactPercentileLimit, histPercentile } from './analytics.js';
import type { Domain } from './repo.js';
import * as repo from './repo/analytics.js';
import type { UnitRow } from './repo/analytics.js';
import { HIST_BUCKETS } from './repo/analytics.js';
import { DOMAINS } from './service.js';

/** The longest period of the unit view: five years (60 months). */
export const MAX_UNIT_MONTHS = 60;
/** The default period: the last twelve months, this one included. */
export const DEFAULT_UNIT_MONTHS = 12;

/** The filters as asked: months YYYY-MM (Tallinn), both included; a shared domain. */
export interface UnitQuery {
  from?: string;
  to?: string;
  domain?: string;
}

export interface UnitFilter {
  from: string;
  to: string;
  domain: Domain | null;
}

export interface UnitFigures {
  reports: number;
  open: number;
  closed: number;
  /** Closed reports that had an expected-by date. */
  withTarget: number;
  onTime: number;
  /** onTime ÷ withTarget (0–1), null when none. */
  onTimeShare: number | null;
  /** Median hours from received to the first action (the first response), null when none had one. */
  firstActionMedianHours: number | null;
  /** Median hours from received to closed, of the closed reports; null when none. */
  resolutionMedianHours: number | null;
  /** Reports per shared domain. */
  domains: Record<Domain, number>;
}

export interface UnitFiguresRow extends UnitFigures {
  /** The EHAK settlement unit code, or null: not located in an imported unit. */
  code: string | null;
  /** The unit's name in the current EHAK version (the code if it is no longer there); null: not located. */
  name: string | null;
  /** This unit's reports ÷ all the KOV's reports in the period (0–1). */
  share: number | null;
}

export interface UnitDashboard {
  scope: 'units';
  kov: string;
  filter: UnitFilter;
  total: UnitFigures;
  /** Units with reports in the period, most reports first; the not-located row last. */
  units: UnitFiguresRow[];
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** Parses and checks the filters (400 naming the field). */
export function parseUnitFilter(q: UnitQuery): UnitFilter {
  const errors: FieldError[] = [];
  const to = q.to?.trim() || today().slice(0, 7);
  const from = q.from?.trim() || monthOf(monthIndex(MONTH_RE.test(to) ? to : today().slice(0, 7)) - (DEFAULT_UNIT_MONTHS - 1));
  if (!MONTH_RE.test(from)) errors.push({ field: 'from', reason: 'reports.analytics.error.month' });
  if (!MONTH_RE.test(to)) errors.push({ field: 'to', reason: 'reports.analytics.error.month' });
  if (!errors.length) {
    const months = monthIndex(to) - monthIndex(from) + 1;
    if (months < 1) errors.push({ field: 'to', reason: 'reports.analytics.error.order' });
    else if (months > MAX_UNIT_MONTHS) errors.push({ field: 'from', reason: 'reports.analytics.error.long' });
  }
  const domain = q.domain?.trim() || null;
  if (domain && !DOMAINS.includes(domain as Domain)) errors.push({ field: 'domain', reason: 'reports.analytics.error.domain' });
  if (errors.length) throw badRequest(errors);
  return { from, to, domain: domain as Domain | null };
}

const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 10000) / 10000 : null);
const zeroDomains = () => Object.fromEntries(DOMAINS.map((d) => [d, 0])) as Record<Domain, number>;

type Medians = Pick<UnitFigures, 'firstActionMedianHours' | 'resolutionMedianHours'>;
const NO_MEDIANS: Medians = { firstActionMedianHours: null, resolutionMedianHours: null };
const hours = (secs: number | string | null | undefined) => (secs === null || secs === undefined ? null : Math.round((Number(secs) / 3600) * 10) / 10);

/** The medians per unit code ('' = not located) and of the whole (key null): exact, or from the histograms. */
async function mediansOf(db: Db, kov: string, f: UnitFilter, reports: number): Promise<Map<string | null, Medians>> {
  const from = `${f.from}-01`;
  const to = `${f.to}-01`;
  const out = new Map<string | null, Medians>();
  if (reports === 0) return out;
  if (reports <= exactPercentileLimit()) {
    for (const r of await db.tx((t) => repo.kovUnitSpeed(t, kov, from, to, f.domain), { kov })) {
      out.set(r.whole ? null : (r.unit_code ?? ''), { firstActionMedianHours: hours(r.fa), resolutionMedianHours: hours(r.res) });
    }
    return out;
  }
  const zero = () => Array<number>(HIST_BUCKETS).fill(0);
  const whole = { res: zero(), fa: zero() };
  const pick = (h: number[]) => {
    const m = histPercentile(h, 0.5);
    return m === null ? null : hours(m);
  };
  for (const r of await db.tx((t) => repo.kovUnitHistograms(t, kov, from, to, f.domain), { kov })) {
    const res = r.res.map(Number);
    const fa = r.fa.map(Number);
    for (let i = 0; i < HIST_BUCKETS; i++) {
      whole.res[i]! += res[i] ?? 0;
      whole.fa[i]! += fa[i] ?? 0;
    }
    out.set(r.unit_code, { firstActionMedianHours: pick(fa), resolutionMedianHours: pick(res) });
  }
  out.set(null, { firstActionMedianHours: pick(whole.fa), resolutionMedianHours: pick(whole.res) });
  return out;
}

function addUp(rows: UnitRow[]): Omit<UnitFigures, keyof Medians> {
  const f = { reports: 0, open: 0, closed: 0, withTarget: 0, onTime: 0, domains: zeroDomains() };
  for (const r of rows) {
    f.reports += Number(r.n);
    f.open += Number(r.open);
    f.closed += Number(r.closed);
    f.withTarget += Number(r.with_target);
    f.onTime += Number(r.on_time);
    if (r.domain in f.domains) f.domains[r.domain as Domain] += Number(r.n);
  }
  return { ...f, onTimeShare: share(f.onTime, f.withTarget) };
}

/**
 * One KOV's figures per settlement unit for whole months (analysts, handlers, KOV admins; the route
 * authorizes). One statement on the unit rollup under the KOV's row-level security, and the KOV's
 * unit names from the territory module.
 */
export async function unitAnalytics(db: Db, kov: string, q: UnitQuery): Promise<UnitDashboard> {
  const filter = parseUnitFilter(q);
  const [rows, names] = await db.tx(
    async (t) => [await repo.kovUnitCounts(t, kov, `${filter.from}-01`, `${filter.to}-01`, filter.domain), await settlementUnitsOf(t, kov)] as const,
    { kov },
  );
  const nameOf = new Map(names.map((u) => [u.code, u.name]));
  const byUnit = new Map<string, UnitRow[]>();
  for (const r of rows) {
    const list = byUnit.get(r.unit_code);
    if (list) list.push(r);
    else byUnit.set(r.unit_code, [r]);
  }
  const counted = addUp(rows);
  const medians = await mediansOf(db, kov, filter, counted.reports);
  const total: UnitFigures = { ...counted, ...(medians.get(null) ?? NO_MEDIANS) };
  const units: UnitFiguresRow[] = [...byUnit.entries()]
    .map(([code, list]) => {
      const f = addUp(list);
      return { code: code || null, name: code ? (nameOf.get(code) ?? code) : null, share: share(f.reports, total.reports), ...f, ...(medians.get(code) ?? NO_MEDIANS) };
    })
    .filter((u) => u.reports > 0)
    .sort((a, b) => (a.code === null ? 1 : 0) - (b.code === null ? 1 : 0) || b.reports - a.reports || (a.name ?? '').localeCompare(b.name ?? '', 'et'));
  return { scope: 'units', kov, filter, total, units };
}

// ---------- exports ----------

const pct = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 10);
const days = (h: number | null) => (h === null ? null : Math.round((h / 24) * 10) / 10);

/** The export table: one row per unit (and the not-located row), then the total. */
export function unitRows(d: UnitDashboard, locale: Locale): { header: string[]; rows: (string | number | null)[][] } {
  const tr = (k: string) => translate(locale, k);
  const header = [
    tr('reports.analytics.units.code'),
    tr('reports.analytics.units.unit'),
    tr('reports.analytics.col.reports'),
    tr('reports.analytics.units.share'),
    tr('reports.analytics.col.open'),
    tr('reports.analytics.col.closed'),
    tr('reports.analytics.col.on_time_pct'),
    tr('reports.analytics.col.first_action_median_hours'),
    tr('reports.analytics.col.resolution_median_days'),
    ...DOMAINS.map((x) => tr(`reports.domain.${x}`)),
  ];
  const row = (code: string | null, name: string, f: UnitFigures, sh: number | null) => [
    code,
    name,
    f.reports,
    pct(sh),
    f.open,
    f.closed,
    pct(f.onTimeShare),
    f.firstActionMedianHours,
    days(f.resolutionMedianHours),
    ...DOMAINS.map((x) => f.domains[x]),
  ];
  const rows = d.units.map((u) => row(u.code, u.name ?? tr('reports.analytics.units.none'), u, u.share));
  rows.push(row(null, tr('reports.analytics.all'), d.total, d.total.reports > 0 ? 1 : null));
  return { header, rows };
}

/** The unit figures as CSV (BOM, `;`, decimal comma, CRLF), as the other exports. */
export function unitsCsv(d: UnitDashboard, locale: Locale): string {
  const { header, rows } = unitRows(d, locale);
  return BOM + csvLine(header) + rows.map(csvLine).join('');
}

/** The unit figures as an XLSX workbook (one sheet), written as a stream. */
export function unitsXlsx(d: UnitDashboard, locale: Locale): Readable {
  const { header, rows } = unitRows(d, locale);
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(translate(locale, 'reports.analytics.sheet.units'));
  ws.addRow(header).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  void wb.commit().catch((e: unknown) => out.destroy(e as Error));
  return out;
}

/** reports-units-0784-2026-01-2026-12.csv */
export function unitExportName(kov: string, f: UnitFilter, ext: 'csv' | 'xlsx'): string {
  return `reports-units-${kov}-${f.from}-${f.to}.${ext}`;
}
