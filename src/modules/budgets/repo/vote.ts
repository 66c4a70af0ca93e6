// SQL of the budgets vote (vote.ts): the process's vote columns, the kept winners (budgets_result) and
// the overrides (budgets_override).
import type { Tx } from '../../../kernel/db.js';
import type { WinnersResult } from '../winners.js';

export async function setVote(t: Tx, kov: string, id: string, v: { voteId: string; threshold: number; members: number }): Promise<void> {
  await t.query('UPDATE budgets_process SET vote_id = $3, vote_threshold = $4, vote_members = $5, updated_at = core_now() WHERE kov_code = $1 AND id = $2', [kov, id, v.voteId, v.threshold, v.members]);
}

export async function setSeed(t: Tx, kov: string, id: string, seed: string): Promise<void> {
  await t.query('UPDATE budgets_process SET seed = $3 WHERE kov_code = $1 AND id = $2', [kov, id, seed]);
}

export async function storedResult(t: Tx, kov: string, id: string): Promise<WinnersResult | null> {
  return (await t.one<{ result: WinnersResult }>('SELECT result FROM budgets_result WHERE kov_code = $1 AND process_id = $2', [kov, id]))?.result ?? null;
}

export async function insertResult(t: Tx, kov: string, id: string, result: WinnersResult): Promise<void> {
  await t.query('INSERT INTO budgets_result (process_id, kov_code, result) VALUES ($1, $2, $3)', [id, kov, JSON.stringify(result)]);
}

export interface OverrideRow {
  id: string;
  idea_id: string;
  action: 'fund' | 'unfund';
  reason: string;
  actor_name: string;
  created_at: Date;
}

export async function overridesOf(t: Tx, kov: string, id: string): Promise<OverrideRow[]> {
  return t.query<OverrideRow>('SELECT id, idea_id, action, reason, actor_name, created_at FROM budgets_override WHERE kov_code = $1 AND process_id = $2 ORDER BY created_at, id', [kov, id]);
}

export async function insertOverride(t: Tx, kov: string, processId: string, o: OverrideRow): Promise<void> {
  await t.query('INSERT INTO budgets_override (id, kov_code, process_id, idea_id, action, reason, actor_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    o.id,
    kov,
    processId,
    o.idea_id,
    o.action,
    o.reason,
    o.actor_name,
    o.created_at,
  ]);
}

/** The KOV of a process (operators' commands name a process by id alone; a system transaction). */
export async function processKov(t: Tx, id: string): Promise<string | null> {
  return (await t.one<{ kov_code: string }>('SELECT kov_code FROM budgets_process WHERE id = $1', [id]))?.kov_code ?? null;
}
