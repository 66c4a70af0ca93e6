// The four service KPIs (issue 13, item 5; GSA A-11 and the Estonian state catalogue's yearly figures):
// cost per transaction (euros), user satisfaction (% satisfied), completion rate (%) and digital
// take-up (% of transactions in digital channels), with the transactions counted; per service per
// calendar year. Entered yearly on a form by the service's owner, or fed by a KOV system through
// PUT /api/v1/kov/{kov}/services/{id}/kpis/{year}. User satisfaction is also computed from the
// answers (the share of 4–5, the CSAT, of that Tallinn year): both are shown where both exist.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { now, today } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, isHttpError } from '../../kernel/errors.js';
import type { FieldError } from '../../kernel/errors.js';
import { serviceOf } from './dashboard.js';
import * as repo from './repo/kpi.js';
import type { KpiRow, KpiValues } from './repo/kpi.js';

export type { KpiValues } from './repo/kpi.js';

export const KPI_FIELDS = ['costPerTransaction', 'userSatisfaction', 'completionRate', 'digitalTakeup', 'transactions'] as const;
export type KpiField = (typeof KPI_FIELDS)[number];

export const MIN_YEAR = 2000;

export interface KpiYear extends KpiValues {
  year: number;
  /** Where the entered figures came from; null: none entered (only answers that year). */
  source: 'form' | 'api' | null;
  updatedAt: string | null;
  /** Satisfied (4–5) among the year's survey answers, in %, 1 decimal; null without answers. */
  computedSatisfaction: number | null;
  responses: number;
}

const numOrNull = (s: string | null) => (s === null ? null : Number(s));
const valuesOf = (r: KpiRow): KpiValues => ({
  costPerTransaction: numOrNull(r.cost_per_transaction),
  userSatisfaction: numOrNull(r.user_satisfaction),
  completionRate: numOrNull(r.completion_rate),
  digitalTakeup: numOrNull(r.digital_takeup),
  transactions: r.transactions,
});

/** The limits of each KPI: [min, max, decimals]. */
const LIMITS: Record<KpiField, [number, number, number]> = {
  costPerTransaction: [0, 9_999_999_999.99, 2],
  userSatisfaction: [0, 100, 2],
  completionRate: [0, 100, 2],
  digitalTakeup: [0, 100, 2],
  transactions: [0, 2_147_483_647, 0],
};

/** The year a KPI may be entered for: 2000 … next year. */
export function checkYear(year: number): void {
  const max = Number(today().slice(0, 4)) + 1;
  if (!Number.isInteger(year) || year < MIN_YEAR || year > max) throw badRequest([{ field: 'year', reason: 'feedback.kpi.error.year' }]);
}

/** Checks the values (400 naming each bad field); rounds to the stored decimals. */
export function checkKpiValues(v: KpiValues): KpiValues {
  const errors: FieldError[] = [];
  const out = { ...v };
  for (const f of KPI_FIELDS) {
    const x = v[f];
    if (x === null) continue;
    const [min, max, dec] = LIMITS[f];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max || (dec === 0 && !Number.isInteger(x))) {
      errors.push({ field: f, reason: `feedback.kpi.error.${f}` });
      continue;
    }
    out[f] = Math.round(x * 10 ** dec) / 10 ** dec;
  }
  if (errors.length) throw badRequest(errors);
  return out;
}

/**
 * Reads the form's text fields: empty → not known (null); numbers with a decimal comma or point and
 * spaces as thousands separators ("1 234,50"). A field that is not a number is a field error.
 */
export function parseKpiForm(body: Partial<Record<KpiField, string>>): KpiValues {
  const errors: FieldError[] = [];
  const out = {} as KpiValues;
  for (const f of KPI_FIELDS) {
    const raw = (body[f] ?? '').replace(/[\s\u00a0]/g, '').replace(',', '.');
    if (raw === '') {
      out[f] = null;
      continue;
    }
    if (!/^\d+(\.\d+)?$/.test(raw)) {
      errors.push({ field: f, reason: `feedback.kpi.error.${f}` });
      continue;
    }
    out[f] = Number(raw);
  }
  // the range checks of the numbers read, so that one answer names every bad field
  try {
    const checked = checkKpiValues(Object.fromEntries(KPI_FIELDS.map((f) => [f, errors.some((e) => e.field === f) ? null : out[f]])) as unknown as KpiValues);
    if (!errors.length) return checked;
  } catch (e) {
    if (!isHttpError(e)) throw e;
    errors.push(...e.fields);
  }
  errors.sort((a, b) => KPI_FIELDS.indexOf(a.field as KpiField) - KPI_FIELDS.indexOf(b.field as KpiField));
  throw badRequest(errors);
}

/** The service's KPIs by year (newest first): every year with entered figures or survey answers. */
export async function kpisOf(db: Db, kov: string, serviceId: string): Promise<KpiYear[]> {
  const s = await serviceOf(db, kov, serviceId);
  const { rows, years } = await db.tx(async (t) => ({ rows: await repo.kpiRows(t, kov, s.id), years: await repo.answeredYears(t, kov, s.id) }), { kov });
  const out = new Map<number, KpiYear>();
  for (const r of rows)
    out.set(r.year, { year: r.year, ...valuesOf(r), source: r.source, updatedAt: new Date(r.updated_at).toISOString(), computedSatisfaction: null, responses: 0 });
  for (const y of years) {
    const k = out.get(y.year) ?? {
      year: y.year,
      costPerTransaction: null,
      userSatisfaction: null,
      completionRate: null,
      digitalTakeup: null,
      transactions: null,
      source: null,
      updatedAt: null,
      computedSatisfaction: null,
      responses: 0,
    };
    k.responses = y.n;
    k.computedSatisfaction = y.n > 0 ? Math.round((y.satisfied / y.n) * 1000) / 10 : null;
    out.set(y.year, k);
  }
  return [...out.values()].sort((a, b) => b.year - a.year);
}

/**
 * Sets a year's KPIs of a service (all five at once: a value left out is not known), from the owner's
 * form or a KOV system's API call; audited as feedback.kpi.set with the figures before and after.
 */
export async function putKpi(
  db: Db,
  kov: string,
  serviceId: string,
  year: number,
  values: KpiValues,
  source: 'form' | 'api',
  actor: Actor,
): Promise<{ created: boolean; kpi: KpiYear }> {
  checkYear(year);
  const v = checkKpiValues(values);
  const s = await serviceOf(db, kov, serviceId);
  const created = await db.tx(
    async (t) => {
      const before = await repo.kpiRow(t, kov, s.id, year, true);
      const created = await repo.upsertKpi(t, kov, s.id, year, v, source, actor.name, now());
      await recordAudit(t, {
        kov,
        actor,
        action: 'feedback.kpi.set',
        targetType: 'service',
        targetId: s.id,
        before: before ? { year, ...valuesOf(before), source: before.source } : null,
        after: { year, ...v, source },
      });
      return created;
    },
    { kov },
  );
  const kpi = (await kpisOf(db, kov, s.id)).find((k) => k.year === year)!;
  return { created, kpi };
}
