// Improvement actions (issue 13, item 5): what a KOV does about a service's feedback. Opened from the
// service's dashboard (optionally from one approved comment): title, description, owner (a name),
// due date (a legal date), status planned → in progress → done / dropped, outcome. Listed on the
// service's dashboard and drawn as markers on its trend chart (the month it was opened). Every change
// is audited (feedback.action.create, .update, .status) in the same transaction.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, conflict, notFound } from '../../kernel/errors.js';
import type { FieldError } from '../../kernel/errors.js';
import { uuidv7, UUID_RE } from '../../kernel/ids.js';
import { dateInTallinn } from '../../kernel/clock.js';
import { serviceOf } from './dashboard.js';
import * as repo from './repo/actions.js';
import { answerForAction } from './repo/dashboard.js';
import type { ActionFields, ActionRow, ActionStatus } from './repo/actions.js';

export type { ActionStatus } from './repo/actions.js';

export const ACTION_STATUSES: readonly ActionStatus[] = ['planned', 'in_progress', 'done', 'dropped'];

/** The status changes allowed: planned → in progress → done; planned or in progress → dropped. Done and dropped are final. */
export const NEXT_STATUS: Record<ActionStatus, readonly ActionStatus[]> = {
  planned: ['in_progress', 'dropped'],
  in_progress: ['done', 'dropped'],
  done: [],
  dropped: [],
};

/** An action as shown and served: its fields (title … outcome) and where and when it stands. */
export interface ActionView extends ActionFields {
  id: string;
  serviceId: string;
  answerId: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** The Tallinn month it was opened (YYYY-MM-01): where the trend chart marks it. */
  openedMonth: string;
}

/** What a form or an API call gives (strings as typed; checked by checkAction). */
export interface ActionInput {
  title?: string;
  description?: string;
  ownerName?: string;
  dueDate?: string | null;
  status?: string;
  outcome?: string;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (d: string) => DATE_RE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

export function viewOf(r: ActionRow): ActionView {
  const created = new Date(r.created_at);
  return {
    id: r.id,
    serviceId: r.service_id,
    answerId: r.answer_id,
    title: r.title,
    description: r.description,
    ownerName: r.owner_name,
    dueDate: r.due_date,
    status: r.status,
    outcome: r.outcome,
    createdAt: created.toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    openedMonth: `${dateInTallinn(created).slice(0, 7)}-01`,
  };
}

/**
 * Checks an action's fields (400 naming each bad field): title and owner 1–200 characters,
 * description and outcome up to 4,000, due date a real date (or none), a known status; done and
 * dropped need an outcome (what came of it, or why it was dropped).
 */
export function checkAction(input: ActionInput, defaults?: ActionFields): ActionFields {
  const errors: FieldError[] = [];
  const title = (input.title ?? defaults?.title ?? '').trim();
  const description = (input.description ?? defaults?.description ?? '').trim();
  const ownerName = (input.ownerName ?? defaults?.ownerName ?? '').trim();
  const dueRaw = input.dueDate === undefined ? (defaults?.dueDate ?? null) : input.dueDate?.trim() || null;
  const status = (input.status?.trim() || defaults?.status || 'planned') as ActionStatus;
  const outcome = (input.outcome ?? defaults?.outcome ?? '').trim();
  if (!title) errors.push({ field: 'title', reason: 'feedback.action.error.title' });
  else if ([...title].length > 200) errors.push({ field: 'title', reason: 'feedback.action.error.titleLong' });
  if ([...description].length > 4000) errors.push({ field: 'description', reason: 'feedback.action.error.long' });
  if (!ownerName) errors.push({ field: 'ownerName', reason: 'feedback.action.error.owner' });
  else if ([...ownerName].length > 200) errors.push({ field: 'ownerName', reason: 'feedback.action.error.titleLong' });
  if (dueRaw !== null && !validDate(dueRaw)) errors.push({ field: 'dueDate', reason: 'feedback.action.error.date' });
  if (!ACTION_STATUSES.includes(status)) errors.push({ field: 'status', reason: 'feedback.action.error.status' });
  if ([...outcome].length > 4000) errors.push({ field: 'outcome', reason: 'feedback.action.error.long' });
  else if ((status === 'done' || status === 'dropped') && !outcome) errors.push({ field: 'outcome', reason: 'feedback.action.error.outcome' });
  if (errors.length) throw badRequest(errors);
  return { title, description, ownerName, dueDate: dueRaw, status, outcome };
}

/** The improvement actions of a service (newest first). */
export async function listActions(db: Db, kov: string, serviceId: string): Promise<ActionView[]> {
  const s = await serviceOf(db, kov, serviceId);
  return (await db.tx((t) => repo.actionsOf(t, kov, s.id), { kov })).map(viewOf);
}

/** One action of the KOV, or 404. */
export async function getAction(db: Db, kov: string, id: string): Promise<ActionView> {
  if (!UUID_RE.test(id)) throw notFound();
  const r = await db.tx((t) => repo.actionById(t, kov, id), { kov });
  if (!r) throw notFound();
  return viewOf(r);
}

/**
 * Opens an improvement action for a service, optionally from one of its answers (its approved comment
 * prompted it); a new action is planned or already in progress.
 */
export async function createAction(db: Db, kov: string, serviceId: string, input: ActionInput & { answerId?: string | null }, actor: Actor): Promise<ActionView> {
  const s = await serviceOf(db, kov, serviceId);
  const f = checkAction(input);
  if (f.status !== 'planned' && f.status !== 'in_progress') throw badRequest([{ field: 'status', reason: 'feedback.action.error.newStatus' }]);
  const answerId = input.answerId?.trim() || null;
  const id = uuidv7();
  const row = await db.tx(
    async (t) => {
      if (answerId) {
        const a = UUID_RE.test(answerId) ? await answerForAction(t, kov, answerId) : undefined;
        if (!a || a.service_id !== s.id) throw badRequest([{ field: 'answerId', reason: 'feedback.action.error.answer' }]);
      }
      await repo.insertAction(t, { id, kov, serviceId: s.id, answerId, at: now(), ...f });
      await recordAudit(t, { kov, actor, action: 'feedback.action.create', targetType: 'feedback_action', targetId: id, after: { serviceId: s.id, answerId, ...f } });
      return (await repo.actionById(t, kov, id))!;
    },
    { kov },
  );
  return viewOf(row);
}

/**
 * Changes an action: the fields given replace the old ones (left out: kept). A status change must
 * follow NEXT_STATUS (409 otherwise); audited as feedback.action.status when the status changes,
 * feedback.action.update otherwise, with the fields before and after.
 */
export async function updateAction(db: Db, kov: string, id: string, input: ActionInput, actor: Actor): Promise<ActionView> {
  if (!UUID_RE.test(id)) throw notFound();
  const row = await db.tx(
    async (t) => {
      const old = await repo.actionById(t, kov, id, true);
      if (!old) throw notFound();
      const before: ActionFields = { title: old.title, description: old.description, ownerName: old.owner_name, dueDate: old.due_date, status: old.status, outcome: old.outcome };
      const f = checkAction(input, before);
      if (f.status !== old.status && !NEXT_STATUS[old.status].includes(f.status)) throw conflict('feedback.action.error.transition', [{ field: 'status', reason: 'feedback.action.error.transition' }]);
      const changed = (Object.keys(f) as (keyof ActionFields)[]).filter((k) => f[k] !== before[k]);
      if (!changed.length) return old;
      await repo.updateAction(t, kov, id, f, now());
      const pick = (x: ActionFields) => Object.fromEntries(changed.map((k) => [k, x[k]]));
      const entry = { kov, actor, targetType: 'feedback_action', targetId: id, before: pick(before), after: pick(f) };
      if (f.status !== old.status) await recordAudit(t, { ...entry, action: 'feedback.action.status' });
      else await recordAudit(t, { ...entry, action: 'feedback.action.update' });
      return (await repo.actionById(t, kov, id))!;
    },
    { kov },
  );
  return viewOf(row);
}
