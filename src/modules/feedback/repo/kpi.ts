// SQL of the four service KPIs (feedback_kpi) and the satisfaction computed from the answers per
// Tallinn year (from the monthly rollup). Every statement names the KOV.
import type { Tx } from '../../../kernel/db.js';

export interface KpiRow {
  kov_code: string;
  service_id: string;
  year: number;
  /** numeric → string from both engines */
  cost_per_transaction: string | null;
  user_satisfaction: string | null;
  completion_rate: string | null;
  digital_takeup: string | null;
  transactions: number | null;
  source: 'form' | 'api';
  updated_at: Date;
  updated_by: string;
}

export interface KpiValues {
  costPerTransaction: number | null;
  userSatisfaction: number | null;
  completionRate: number | null;
  digitalTakeup: number | null;
  transactions: number | null;
}

export function kpiRows(t: Tx, kov: string, serviceId: string): Promise<KpiRow[]> {
  return t.query<KpiRow>('SELECT * FROM feedback_kpi WHERE kov_code = $1 AND service_id = $2 ORDER BY year DESC', [kov, serviceId]);
}

export function kpiRow(t: Tx, kov: string, serviceId: string, year: number, lock = false): Promise<KpiRow | undefined> {
  return t.one<KpiRow>(`SELECT * FROM feedback_kpi WHERE kov_code = $1 AND service_id = $2 AND year = $3${lock ? ' FOR UPDATE' : ''}`, [kov, serviceId, year]);
}

/** Inserts or replaces a year's KPIs; answers whether the row is new. */
export async function upsertKpi(t: Tx, kov: string, serviceId: string, year: number, v: KpiValues, source: 'form' | 'api', by: string, at: Date): Promise<boolean> {
  const r = await t.one<{ created: boolean }>(
    `INSERT INTO feedback_kpi AS k (kov_code, service_id, year, cost_per_transaction, user_satisfaction, completion_rate, digital_takeup, transactions, source, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (kov_code, service_id, year) DO UPDATE SET
       cost_per_transaction = EXCLUDED.cost_per_transaction, user_satisfaction = EXCLUDED.user_satisfaction,
       completion_rate = EXCLUDED.completion_rate, digital_takeup = EXCLUDED.digital_takeup, transactions = EXCLUDED.transactions,
       source = EXCLUDED.source, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
     RETURNING (xmax = 0) AS created`,
    [kov, serviceId, year, v.costPerTransaction, v.userSatisfaction, v.completionRate, v.digitalTakeup, v.transactions, source, at, by],
  );
  return r!.created;
}

/** Per Tallinn year: the responses and the satisfied ones (4–5), from the monthly rollup. */
export function answeredYears(t: Tx, kov: string, serviceId: string): Promise<{ year: number; n: number; satisfied: number }[]> {
  return t.query(
    `SELECT extract(year FROM month)::int AS year, sum(n)::int AS n, sum(s4 + s5)::int AS satisfied
       FROM feedback_monthly WHERE kov_code = $1 AND service_id = $2 GROUP BY 1 HAVING sum(n) > 0 ORDER BY 1 DESC`,
    [kov, serviceId],
  );
}
