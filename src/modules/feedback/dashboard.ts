// Feedback dashboards (issue 13, item 5): per service and per KOV (officials with feedback.analytics)
// and the cross-KOV comparison for ELVL (per KOV and per template service). Figures: responses,
// average satisfaction and ease with their 1–5 counts, the share of 4–5 ("CSAT", and the same for
// ease), what went well / badly per driver (counts and shares of the responses), the trend by Tallinn
// month, the newest approved comments (never a pending, rejected or redacted text).
//
// The figures come from the monthly rollup feedback_monthly (kept exact by a trigger on the answers),
// so the period is whole Tallinn months: `from` and `to` as YYYY-MM, both included.
import type { Db, Tx } from '../../kernel/db.js';
import { tallinnLocalToDate, today } from '../../kernel/clock.js';
import { badRequest, notFound } from '../../kernel/errors.js';
import type { FieldError } from '../../kernel/errors.js';
import { tenantNames } from '../../kernel/tenants.js';
import { serviceRef, serviceRefs } from '../services/index.js';
import type { ServiceRef } from '../services/index.js';
import * as repo from './repo/dashboard.js';
import type { Counts, RollupDriver } from './repo/dashboard.js';
import { COUNTED, ROLLUP_DRIVERS } from './repo/dashboard.js';

export const DRIVERS = ROLLUP_DRIVERS;
export type Driver = RollupDriver;

/** The longest period one query may cover (five years). */
export const MAX_MONTHS = 60;
/** The default period: the last twelve months up to this month. */
export const DEFAULT_MONTHS = 12;
/** How many approved comments a dashboard shows. */
export const COMMENTS_SHOWN = 10;

export interface DashQuery {
  from?: string;
  to?: string;
}

export interface AppliedPeriod {
  /** First month, YYYY-MM. */
  from: string;
  /** Last month (included), YYYY-MM. */
  to: string;
}

/** The figures of a set of answers. Shares 0–1 (4 decimals), averages 1–5 (2 decimals); null where there is no answer. */
export interface Figures {
  responses: number;
  satisfactionAverage: number | null;
  /** Answers 1, 2, 3, 4, 5. */
  satisfaction: [number, number, number, number, number];
  /** Satisfied (4 or 5) among the responses: the CSAT. */
  csat: number | null;
  easeAverage: number | null;
  ease: [number, number, number, number, number];
  /** Easy (4 or 5) among the responses. */
  easeShare: number | null;
  /** Per driver: the answers that ticked it as went well / went badly. */
  wentWell: Record<Driver, number>;
  wentBadly: Record<Driver, number>;
}

export interface TrendPoint {
  /** First day of the month, YYYY-MM-DD. */
  month: string;
  responses: number;
  satisfactionAverage: number | null;
  csat: number | null;
  easeAverage: number | null;
}

export interface DashComment {
  id: string;
  serviceId: string;
  satisfaction: number;
  comment: string;
  lang: string;
  answeredAt: string;
}

export interface ServiceLabel {
  id: string;
  slug: string;
  name: { et: string; en: string; ru: string };
  ownerName: string | null;
  unit: string | null;
}

export interface ServiceDashboard {
  scope: 'service';
  kov: string;
  service: ServiceLabel;
  filter: AppliedPeriod;
  total: Figures;
  trend: TrendPoint[];
  comments: DashComment[];
}

export interface KovDashboard {
  scope: 'kov';
  kov: string;
  filter: AppliedPeriod;
  total: Figures;
  trend: TrendPoint[];
  services: (ServiceLabel & Figures)[];
  comments: DashComment[];
}

/** The headline figures (a comparison's row). */
export type BriefFigures = Pick<Figures, 'responses' | 'satisfactionAverage' | 'csat' | 'easeAverage' | 'easeShare'>;

export interface CompareDashboard {
  scope: 'all';
  filter: AppliedPeriod;
  total: Figures;
  trend: TrendPoint[];
  kovs: ({ kov: string; name: string; services: number } & BriefFigures)[];
  templates: ({ templateId: string; name: { et: string; en: string; ru: string }; kovs: number } & BriefFigures)[];
}

// ---------- the period ----------

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** Parses and checks the period (400 naming the field). Accepts YYYY-MM (a YYYY-MM-DD is read as its month). */
export function parsePeriod(q: DashQuery): AppliedPeriod {
  const errors: FieldError[] = [];
  const norm = (s: string | undefined) => {
    const v = s?.trim() ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v.slice(0, 7) : v;
  };
  const thisMonth = today().slice(0, 7);
  const to = norm(q.to) || thisMonth;
  const toOk = MONTH_RE.test(to);
  const from = norm(q.from) || monthOf(monthIndex(toOk ? to : thisMonth) - (DEFAULT_MONTHS - 1));
  if (!MONTH_RE.test(from)) errors.push({ field: 'from', reason: 'feedback.dash.error.month' });
  if (!toOk) errors.push({ field: 'to', reason: 'feedback.dash.error.month' });
  if (!errors.length) {
    const n = monthIndex(to) - monthIndex(from) + 1;
    if (n < 1) errors.push({ field: 'to', reason: 'feedback.dash.error.order' });
    else if (n > MAX_MONTHS) errors.push({ field: 'from', reason: 'feedback.dash.error.long' });
  }
  if (errors.length) throw badRequest(errors);
  return { from, to };
}

/** The months of the period, as first days (YYYY-MM-DD). */
export function monthsOf(p: AppliedPeriod): string[] {
  const out: string[] = [];
  for (let i = monthIndex(p.from); i <= monthIndex(p.to); i++) out.push(`${monthOf(i)}-01`);
  return out;
}

/** The instants of the period: midnight (Tallinn) of the first month's first day to that of the month after the last. */
export function periodBounds(p: AppliedPeriod): { from: Date; to: Date } {
  return { from: tallinnLocalToDate(`${p.from}-01T00:00`)!, to: tallinnLocalToDate(`${monthOf(monthIndex(p.to) + 1)}-01T00:00`)! };
}

const firstDay = (m: string) => `${m}-01`;

// ---------- figures (pure) ----------

const zero = (): Counts => Object.fromEntries(COUNTED.map((c) => [c, 0])) as Counts;

/** Adds rollup rows up (every count is additive). */
export function addCounts(rows: readonly Partial<Counts>[]): Counts {
  const out = zero();
  for (const r of rows) for (const c of COUNTED) out[c] += Number(r[c] ?? 0);
  return out;
}

const avg2 = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 100) / 100 : null);
const share4 = (k: number, n: number) => (n > 0 ? Math.round((k / n) * 10000) / 10000 : null);

/** The figures of added-up counts. */
export function figuresOf(c: Counts): Figures {
  const n = c.n;
  return {
    responses: n,
    satisfactionAverage: avg2(c.sat_sum, n),
    satisfaction: [c.s1, c.s2, c.s3, c.s4, c.s5],
    csat: share4(c.s4 + c.s5, n),
    easeAverage: avg2(c.ease_sum, n),
    ease: [c.e1, c.e2, c.e3, c.e4, c.e5],
    easeShare: share4(c.e4 + c.e5, n),
    wentWell: Object.fromEntries(DRIVERS.map((d) => [d, c[`well_${d}`]])) as Record<Driver, number>,
    wentBadly: Object.fromEntries(DRIVERS.map((d) => [d, c[`bad_${d}`]])) as Record<Driver, number>,
  };
}

/** The headline figures of added-up brief counts. */
export function briefOf(rows: readonly repo.BriefCounts[]): BriefFigures {
  const c = { n: 0, sat_sum: 0, sat_hi: 0, ease_sum: 0, ease_hi: 0 };
  for (const r of rows) for (const k of Object.keys(c) as (keyof typeof c)[]) c[k] += Number(r[k]);
  return { responses: c.n, satisfactionAverage: avg2(c.sat_sum, c.n), csat: share4(c.sat_hi, c.n), easeAverage: avg2(c.ease_sum, c.n), easeShare: share4(c.ease_hi, c.n) };
}

/** A driver's share of the responses (0–1), null without responses. */
export const driverShare = (count: number, f: Figures) => share4(count, f.responses);

/** One point per month of the period (empty months included), from rollup rows of any services. */
export function trendOf(rows: readonly (Partial<Counts> & { month: string })[], p: AppliedPeriod): TrendPoint[] {
  const by = new Map<string, Partial<Counts>[]>();
  for (const r of rows) by.set(r.month, [...(by.get(r.month) ?? []), r]);
  return monthsOf(p).map((month) => {
    const f = figuresOf(addCounts(by.get(month) ?? []));
    return { month, responses: f.responses, satisfactionAverage: f.satisfactionAverage, csat: f.csat, easeAverage: f.easeAverage };
  });
}

const label = (s: ServiceRef): ServiceLabel => ({ id: s.id, slug: s.slug, name: s.name, ownerName: s.ownerName, unit: s.unit });

const commentOf = (r: repo.CommentRow): DashComment => ({
  id: r.id,
  serviceId: r.service_id,
  satisfaction: r.satisfaction,
  comment: r.comment,
  lang: r.lang,
  answeredAt: new Date(r.answered_at).toISOString(),
});

// ---------- the dashboards ----------

/** The platform roles of ELVL's people who see the comparison across KOVs (platform admins always do): the services module's ELVL role. */
export const ELVL_ROLES: readonly string[] = ['services-elvl'];

/** The approved comment of one of the service's answers (an action opened from it), or null. */
export async function commentForAction(db: Db, kov: string, serviceId: string, answerId: string): Promise<{ id: string; text: string } | null> {
  if (!/^[0-9a-f-]{36}$/.test(answerId)) return null;
  const a = await db.tx((t) => repo.answerForAction(t, kov, answerId), { kov });
  return a && a.service_id === serviceId && a.comment ? { id: a.id, text: a.comment } : null;
}

/** A service of the KOV (by id or slug, any status: a service's past feedback stays visible after it is archived), or 404. */
export async function serviceOf(db: Db, kov: string, id: string): Promise<ServiceRef> {
  const s = await serviceRef(db, kov, id);
  if (!s || s.kovCode !== kov) throw notFound();
  return s;
}

/** One service's dashboard (under the KOV's row-level security). */
export async function serviceDashboard(db: Db, kov: string, serviceId: string, q: DashQuery): Promise<ServiceDashboard> {
  const filter = parsePeriod(q);
  const s = await serviceOf(db, kov, serviceId);
  const b = periodBounds(filter);
  const { rows, comments } = await db.tx(
    async (t: Tx) => ({
      rows: await repo.serviceMonths(t, kov, s.id, firstDay(filter.from), firstDay(filter.to)),
      comments: await repo.approvedComments(t, kov, s.id, b.from, b.to, COMMENTS_SHOWN),
    }),
    { kov },
  );
  return {
    scope: 'service',
    kov,
    service: label(s),
    filter,
    total: figuresOf(addCounts(rows)),
    trend: trendOf(rows, filter),
    comments: comments.map(commentOf),
  };
}

/** The KOV's dashboard: every service with answers in the period (and every published one, empty or not). */
export async function kovDashboard(db: Db, kov: string, q: DashQuery): Promise<KovDashboard> {
  const filter = parsePeriod(q);
  const b = periodBounds(filter);
  const { rows, comments } = await db.tx(
    async (t: Tx) => ({
      rows: await repo.kovMonths(t, kov, firstDay(filter.from), firstDay(filter.to)),
      comments: await repo.approvedComments(t, kov, null, b.from, b.to, COMMENTS_SHOWN),
    }),
    { kov },
  );
  const published = await serviceRefs(db, kov);
  const known = new Map(published.map((s) => [s.id, s]));
  // services with answers that are no longer published (archived, back to draft): named all the same
  for (const id of new Set(rows.map((r) => r.service_id))) {
    if (!known.has(id)) {
      const s = await serviceRef(db, kov, id);
      if (s) known.set(id, s);
    }
  }
  const byService = new Map<string, repo.MonthRow[]>();
  for (const r of rows) byService.set(r.service_id, [...(byService.get(r.service_id) ?? []), r]);
  const services = [...known.values()]
    .map((s) => ({ ...label(s), ...figuresOf(addCounts(byService.get(s.id) ?? [])) }))
    .sort((a, b) => b.responses - a.responses || a.name.et.localeCompare(b.name.et, 'et'));
  return {
    scope: 'kov',
    kov,
    filter,
    total: figuresOf(addCounts(rows)),
    trend: trendOf(rows, filter),
    services,
    comments: comments.map(commentOf),
  };
}

/**
 * ELVL's comparison across KOVs: per KOV, and per template service (the KOV services adopted from
 * one ELVL template, ServiceRef.templateId, added up across the KOVs that offer it). Owner path.
 */
export async function compareDashboard(db: Db, q: DashQuery): Promise<CompareDashboard> {
  const filter = parsePeriod(q);
  const from = firstDay(filter.from);
  const to = firstDay(filter.to);
  // three lean statements side by side (on PostgreSQL at once, on separate connections)
  const [totals, months, all] = await Promise.all([
    db.system('feedback comparison: every KOV’s services added up for ELVL', (t) => repo.allServiceTotals(t, from, to)),
    db.system('feedback comparison: every KOV’s answers per month for ELVL', (t) => repo.allMonthTotals(t, from, to)),
    db.system('feedback comparison: every KOV’s answers in total for ELVL', (t) => repo.allTotal(t, from, to)),
  ]);
  const refs = await serviceRefs(db, null);
  const refOf = new Map(refs.map((s) => [s.id, s]));
  const names = await db.system('feedback comparison: the names of the compared KOVs', (t) => tenantNames(t, [...new Set(totals.map((r) => r.kov_code))]));

  const kovRows = new Map<string, { rows: repo.BriefCounts[]; services: Set<string> }>();
  for (const r of totals) {
    const k = kovRows.get(r.kov_code) ?? { rows: [], services: new Set<string>() };
    k.rows.push(r);
    k.services.add(r.service_id);
    kovRows.set(r.kov_code, k);
  }
  const kovs = [...kovRows.entries()]
    .map(([kov, k]) => ({ kov, name: names.get(kov) ?? kov, services: k.services.size, ...briefOf(k.rows) }))
    .sort((a, b) => b.responses - a.responses || a.kov.localeCompare(b.kov));

  const tpl = new Map<string, { rows: repo.BriefCounts[]; kovs: Set<string>; names: ServiceRef[] }>();
  for (const r of totals) {
    const s = refOf.get(r.service_id);
    if (!s?.templateId) continue;
    const g = tpl.get(s.templateId) ?? { rows: [], kovs: new Set<string>(), names: [] };
    g.rows.push(r);
    g.kovs.add(r.kov_code);
    g.names.push(s);
    tpl.set(s.templateId, g);
  }
  const templates = [...tpl.entries()]
    .map(([templateId, g]) => {
      // the template's services share its name as adopted; the first KOV's (by code) stands for them
      const first = [...g.names].sort((a, b) => a.kovCode.localeCompare(b.kovCode))[0]!;
      return { templateId, name: first.name, kovs: g.kovs.size, ...briefOf(g.rows) };
    })
    .sort((a, b) => b.responses - a.responses || a.name.et.localeCompare(b.name.et, 'et'));

    const trend = monthsOf(filter).map((month) => {
    const f = briefOf(months.filter((m) => m.month === month));
    return { month, responses: f.responses, satisfactionAverage: f.satisfactionAverage, csat: f.csat, easeAverage: f.easeAverage };
  });
  return { scope: 'all', filter, total: figuresOf(addCounts(all ? [all] : [])), trend, kovs, templates };
}
