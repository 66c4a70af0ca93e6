// Every SQL statement of the budgets implementation tracking (budgets_implementation,
// budgets_impl_update, budgets_impl_photo). Every function takes the caller's transaction; the rules are
// in ../implementation.ts.
import type { Tx } from '../../../kernel/db.js';

export type ImplStatus = 'planned' | 'design' | 'procurement' | 'construction' | 'done' | 'cancelled';
export type FundSource = 'rule' | 'override';

export interface ImplementationRow {
  idea_id: string;
  kov_code: string;
  process_id: string;
  status: ImplStatus;
  /** The budgeted sum (whole euros). */
  amount: number;
  /** Spent so far (whole euros). */
  spent: number;
  source: FundSource;
  cancel_reason: string | null;
  funded_at: Date;
  updated_at: Date;
}

export interface ImplUpdateRow {
  id: string;
  idea_id: string;
  status_after: ImplStatus;
  spent_after: number;
  text: string;
  author_name: string;
  created_at: Date;
}


const IMPL_COLS = 'idea_id, kov_code, process_id, status, amount::float8 AS amount, spent::float8 AS spent, source, cancel_reason, funded_at, updated_at';
const UPDATE_COLS = 'id, idea_id, status_after, spent_after::float8 AS spent_after, text, author_name, created_at';

export async function implById(t: Tx, kov: string, ideaId: string, forUpdate = false): Promise<ImplementationRow | null> {
  return (await t.one<ImplementationRow>(`SELECT ${IMPL_COLS} FROM budgets_implementation WHERE kov_code = $1 AND idea_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [kov, ideaId])) ?? null;
}

export async function implOfProcess(t: Tx, kov: string, processId: string): Promise<ImplementationRow[]> {
  return t.query<ImplementationRow>(`SELECT ${IMPL_COLS} FROM budgets_implementation WHERE kov_code = $1 AND process_id = $2`, [kov, processId]);
}

/** Inserts a funded idea's row; false when a concurrent transaction funded it first. */
export async function insertImpl(t: Tx, r: { ideaId: string; kov: string; processId: string; amount: number; source: FundSource; fundedAt: Date }): Promise<boolean> {
  const rows = await t.query<{ idea_id: string }>(
    `INSERT INTO budgets_implementation (idea_id, kov_code, process_id, status, amount, spent, source, funded_at, updated_at)
     VALUES ($1, $2, $3, 'planned', $4, 0, $5, $6, $6) ON CONFLICT (idea_id) DO NOTHING RETURNING idea_id`,
    [r.ideaId, r.kov, r.processId, r.amount, r.source, r.fundedAt],
  );
  return rows.length > 0;
}

export async function refundRow(t: Tx, kov: string, ideaId: string, amount: number, source: FundSource): Promise<void> {
  await t.query(`UPDATE budgets_implementation SET status = 'planned', cancel_reason = NULL, amount = $3, source = $4, funded_at = core_now(), updated_at = core_now() WHERE kov_code = $1 AND idea_id = $2`, [kov, ideaId, amount, source]);
}

export async function cancelRow(t: Tx, kov: string, ideaId: string, reason: string): Promise<void> {
  await t.query(`UPDATE budgets_implementation SET status = 'cancelled', cancel_reason = $3, updated_at = core_now() WHERE kov_code = $1 AND idea_id = $2`, [kov, ideaId, reason]);
}

export async function setProgress(t: Tx, kov: string, ideaId: string, status: ImplStatus, spent: number): Promise<void> {
  await t.query('UPDATE budgets_implementation SET status = $3, spent = $4, updated_at = core_now() WHERE kov_code = $1 AND idea_id = $2', [kov, ideaId, status, spent]);
}

/** Writes a history line (createdAt explicit: the demo writes a past timeline). */
export async function insertUpdate(t: Tx, u: { id: string; ideaId: string; kov: string; statusAfter: ImplStatus; spentAfter: number; text: string; authorName: string; createdAt: Date }): Promise<void> {
  await t.query('INSERT INTO budgets_impl_update (id, idea_id, kov_code, status_after, spent_after, text, author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    u.id, u.ideaId, u.kov, u.statusAfter, u.spentAfter, u.text, u.authorName.slice(0, 300), u.createdAt,
  ]);
}

export async function updateRows(t: Tx, kov: string, ideaId: string): Promise<ImplUpdateRow[]> {
  return t.query<ImplUpdateRow>(`SELECT ${UPDATE_COLS} FROM budgets_impl_update WHERE kov_code = $1 AND idea_id = $2 ORDER BY created_at DESC, id DESC`, [kov, ideaId]);
}

export async function insertPhoto(t: Tx, p: { id: string; kov: string; updateId: string; ordinal: number; mime: string; width: number; height: number; bytes: Buffer }): Promise<void> {
  await t.query('INSERT INTO budgets_impl_photo (id, kov_code, update_id, ordinal, mime, width, height, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    p.id, p.kov, p.updateId, p.ordinal, p.mime, p.width, p.height, p.bytes,
  ]);
}

export async function photosOfUpdates(t: Tx, kov: string, updateIds: string[]): Promise<{ id: string; update_id: string }[]> {
  if (!updateIds.length) return [];
  return t.query<{ id: string; update_id: string }>('SELECT id, update_id FROM budgets_impl_photo WHERE kov_code = $1 AND update_id = ANY($2::uuid[]) ORDER BY ordinal', [kov, updateIds]);
}

/** A photo, only when it belongs to an update of an idea of the process (the address names the process). */
export async function photoById(t: Tx, kov: string, processId: string, id: string): Promise<{ mime: string; bytes: Buffer } | null> {
  return (
    (await t.one<{ mime: string; bytes: Buffer }>(
      `SELECT p.mime, p.bytes FROM budgets_impl_photo p
         JOIN budgets_impl_update u ON u.id = p.update_id
         JOIN budgets_implementation i ON i.idea_id = u.idea_id
        WHERE p.kov_code = $1 AND p.id = $2 AND i.process_id = $3`,
      [kov, id, processId],
    )) ?? null
  );
}
