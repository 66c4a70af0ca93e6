// SQL of the improvement actions (feedback_action). Every statement names the KOV.
import type { Tx } from '../../../kernel/db.js';

export type ActionStatus = 'planned' | 'in_progress' | 'done' | 'dropped';

export interface ActionRow {
  id: string;
  kov_code: string;
  service_id: string;
  answer_id: string | null;
  title: string;
  description: string;
  owner_name: string;
  /** 'YYYY-MM-DD' (a legal date) or null */
  due_date: string | null;
  status: ActionStatus;
  outcome: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

export interface ActionFields {
  title: string;
  description: string;
  ownerName: string;
  dueDate: string | null;
  status: ActionStatus;
  outcome: string;
}

export function actionsOf(t: Tx, kov: string, serviceId: string | null): Promise<ActionRow[]> {
  return t.query<ActionRow>(
    `SELECT * FROM feedback_action WHERE kov_code = $1 AND ($2::uuid IS NULL OR service_id = $2::uuid) ORDER BY created_at DESC, id DESC`,
    [kov, serviceId],
  );
}

export function actionById(t: Tx, kov: string, id: string, lock = false): Promise<ActionRow | undefined> {
  return t.one<ActionRow>(`SELECT * FROM feedback_action WHERE kov_code = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [kov, id]);
}

export async function insertAction(t: Tx, a: { id: string; kov: string; serviceId: string; answerId: string | null; at: Date } & ActionFields): Promise<void> {
  await t.query(
    `INSERT INTO feedback_action (id, kov_code, service_id, answer_id, title, description, owner_name, due_date, status, outcome, created_at, updated_at, closed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, CASE WHEN $9 IN ('done', 'dropped') THEN $11::timestamptz END)`,
    [a.id, a.kov, a.serviceId, a.answerId, a.title, a.description, a.ownerName, a.dueDate, a.status, a.outcome, a.at],
  );
}

export async function updateAction(t: Tx, kov: string, id: string, f: ActionFields, at: Date): Promise<void> {
  await t.query(
    `UPDATE feedback_action SET title = $3, description = $4, owner_name = $5, due_date = $6, status = $7, outcome = $8, updated_at = $9,
            closed_at = CASE WHEN $7 IN ('done', 'dropped') THEN coalesce(closed_at, $9::timestamptz) END
      WHERE kov_code = $1 AND id = $2`,
    [kov, id, f.title, f.description, f.ownerName, f.dueDate, f.status, f.outcome, at],
  );
}
