// Participatory budgets: implementation tracking. An idea has a row in budgets_implementation exactly
// when it is funded: fundIdeas() is called by the results work inside the transaction in which the
// committee certifies the winners (or an admin records an override); unfundIdea() is an override that
// removes a winner (the row stays, status 'cancelled' with the reason, and the history keeps it).
// Officials post updates (new status, the amount spent so far, a text in Estonian, up to 6 photos),
// each audited; the public follows the funded ideas on a map and each idea's timeline.
//
// The SQL of the three implementation tables is in repo/implementation.ts; the ideas and processes
// are read through repo.ts.
import { recordAudit, type Actor } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, conflict, notFound, type FieldError } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import * as repo from './repo.js';
import type { AreaRow, IdeaRow } from './repo.js';
import { MAX_SUM, getProcess, type IdeaPhoto, type Process } from './service.js';
import type { FundSource, ImplStatus, ImplUpdateRow, ImplementationRow } from './repo/implementation.js';
import { cancelRow, implById, implOfProcess, insertImpl, insertPhoto, insertUpdate, photoById, photosOfUpdates, refundRow, setProgress, updateRows } from './repo/implementation.js';

export type { FundSource, ImplStatus, ImplUpdateRow, ImplementationRow } from './repo/implementation.js';

export const IMPL_STATUSES: readonly ImplStatus[] = ['planned', 'design', 'procurement', 'construction', 'done', 'cancelled'];
/** The statuses an official's update may set ('cancelled' only comes from an override: unfundIdea). */
export const UPDATE_STATUSES: readonly ImplStatus[] = ['planned', 'design', 'procurement', 'construction', 'done'];
export const MAX_UPDATE_PHOTOS = 6;
export const MAX_UPDATE_TEXT = 4000;
export const MAX_CANCEL_REASON = 2000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isSum = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_SUM;
const isSpent = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_SUM;

export interface ImplUpdateView extends ImplUpdateRow {
  /** Photo ids, in order. */
  photos: string[];
}

/** A funded (or once funded, now cancelled) idea with its implementation. */
export interface FundedItem {
  idea: Pick<IdeaRow, 'id' | 'number' | 'title' | 'area_id' | 'category' | 'lat' | 'lon'>;
  area: string | null;
  impl: ImplementationRow;
}

export interface FundedTotals {
  /** Funded ideas (not cancelled). */
  funded: number;
  done: number;
  budgeted: number;
  spent: number;
}

// ---------------------------------------------------------------- funding (called by the results work)

/**
 * Funds the ideas (inside the caller's transaction: the certification of the winners, or an admin's
 * recorded override): one implementation row per idea, status 'planned', the budgeted amount, spent 0.
 * Idempotent: an idea already funded is left as it is. An idea whose funding an override cancelled is
 * funded again (status 'planned', the new amount and source; the history records it). Every idea must
 * be a published idea of the process; amounts are whole euros above zero. Audited (budgets.implementation.fund) when
 * anything changed.
 */
export async function fundIdeas(t: Tx, kov: string, processId: string, ideas: { ideaId: string; amount: number; source: 'rule' | 'override' }[], actor: Actor): Promise<void> {
  if (!UUID_RE.test(processId)) throw notFound('budgets.error.processNotFound');
  const seen = new Set<string>();
  const changed: { idea: number; amount: number; source: FundSource; again?: true }[] = [];
  for (const f of ideas) {
    if (seen.has(f.ideaId)) continue;
    seen.add(f.ideaId);
    if (!isSum(f.amount)) throw badRequest([{ field: 'amount', reason: 'budgets.impl.error.amount' }]);
    if (f.source !== 'rule' && f.source !== 'override') throw badRequest([{ field: 'source', reason: 'budgets.error.choice' }]);
    const idea = UUID_RE.test(f.ideaId) ? await repo.ideaById(t, kov, f.ideaId) : null;
    // a published idea of the process (not one merged into another, rejected or never reviewed)
    if (!idea || idea.process_id !== processId || idea.status !== 'published') throw badRequest([{ field: 'ideas', reason: 'budgets.impl.error.ideaOfProcess' }]);
    const existing = await implById(t, kov, idea.id, true);
    if (existing && existing.status !== 'cancelled') continue;
    if (existing) {
      await refundRow(t, kov, idea.id, f.amount, f.source);
      await insertUpdate(t, { id: uuidv7(), ideaId: idea.id, kov, statusAfter: 'planned', spentAfter: existing.spent, text: FUNDED_AGAIN_TEXT, authorName: actor.name, createdAt: now() });
      changed.push({ idea: idea.number, amount: f.amount, source: f.source, again: true });
    } else if (await insertImpl(t, { ideaId: idea.id, kov, processId, amount: f.amount, source: f.source, fundedAt: now() })) {
      changed.push({ idea: idea.number, amount: f.amount, source: f.source });
    }
  }
  if (changed.length) await recordAudit(t, { kov, actor, action: 'budgets.implementation.fund', targetType: 'budgets_process', targetId: processId, after: { ideas: changed } });
}

/** The history line stored when an idea is funded again after an override cancelled it (texts are Estonian). */
export const FUNDED_AGAIN_TEXT = 'Idee rahastati uuesti.';

/**
 * An override that removes a winner (inside the caller's transaction): the implementation row stays
 * with status 'cancelled' and the reason (shown in public); the history records it. Refused for an
 * idea that is not funded; idempotent for one already cancelled. Audited (budgets.implementation.cancel).
 */
export async function unfundIdea(t: Tx, kov: string, ideaId: string, reason: string, actor: Actor): Promise<void> {
  const why = reason.trim();
  if (!why || why.length > MAX_CANCEL_REASON) throw badRequest([{ field: 'reason', reason: 'budgets.error.reason' }]);
  const impl = UUID_RE.test(ideaId) ? await implById(t, kov, ideaId, true) : null;
  if (!impl) throw conflict('budgets.impl.error.notFunded', [{ field: 'idea', reason: 'budgets.impl.error.notFunded' }]);
  if (impl.status === 'cancelled') return;
  await cancelRow(t, kov, ideaId, why);
  await insertUpdate(t, { id: uuidv7(), ideaId, kov, statusAfter: 'cancelled', spentAfter: impl.spent, text: why, authorName: actor.name, createdAt: now() });
  await recordAudit(t, { kov, actor, action: 'budgets.implementation.cancel', targetType: 'budgets_idea', targetId: ideaId, before: { status: impl.status, amount: impl.amount, spent: impl.spent }, after: { status: 'cancelled', reason: why } });
}

// ---------------------------------------------------------------- updates

export interface UpdateInput {
  /** One of UPDATE_STATUSES. */
  status: string;
  /** Spent so far, whole euros (0 or more); NaN when the form's value was not a number. */
  spent: number;
  /** What happened, in Estonian. */
  text: string;
}

/** The fields of an update that are wrong (empty: fine). Field names are the form's. */
export function validateUpdate(u: UpdateInput, photos = 0): FieldError[] {
  const e: FieldError[] = [];
  if (!(UPDATE_STATUSES as readonly string[]).includes(u.status)) e.push({ field: 'status', reason: 'budgets.impl.error.status' });
  if (!isSpent(u.spent)) e.push({ field: 'spent', reason: 'budgets.impl.error.spent' });
  const text = u.text.trim();
  if (!text || text.length > MAX_UPDATE_TEXT) e.push({ field: 'text', reason: 'budgets.impl.error.text' });
  if (photos > MAX_UPDATE_PHOTOS) e.push({ field: 'photos', reason: 'budgets.impl.error.photos' });
  return e;
}

function ideaNumber(n: string | number): number {
  const v = typeof n === 'number' ? n : /^\d{1,9}$/.test(n) ? Number(n) : NaN;
  if (!Number.isInteger(v) || v < 1) throw notFound('budgets.error.ideaNotFound');
  return v;
}

async function publicIdea(t: Tx, kov: string, processId: string, number: string | number): Promise<IdeaRow> {
  if (!UUID_RE.test(processId)) throw notFound('budgets.error.processNotFound');
  const idea = await repo.ideaByNumber(t, kov, processId, ideaNumber(number));
  if (!idea) throw notFound('budgets.error.ideaNotFound');
  return idea;
}

/**
 * An official posts an update on a funded idea: its new status, the amount spent so far, a text and
 * up to 6 photos (already processed by the photo pipeline). Refused (409, field 'idea') for an idea
 * that is not funded or whose funding was cancelled; bad fields are a 400 naming each. Audited
 * (budgets.implementation.update) with the status and spent amount before and after.
 */
export async function postUpdate(db: Db, kov: string, processId: string, number: string | number, input: UpdateInput, photos: IdeaPhoto[], actor: Actor): Promise<ImplUpdateView> {
  const errors = validateUpdate(input, photos.length);
  return db.tx(
    async (t) => {
      const idea = await publicIdea(t, kov, processId, number);
      const impl = await implById(t, kov, idea.id, true);
      if (!impl || impl.status === 'cancelled') throw conflict('budgets.impl.error.notFunded', [{ field: 'idea', reason: 'budgets.impl.error.notFunded' }]);
      if (errors.length) throw badRequest(errors);
      const status = input.status as ImplStatus;
      const text = input.text.trim();
      const id = uuidv7();
      const at = now();
      await insertUpdate(t, { id, ideaId: idea.id, kov, statusAfter: status, spentAfter: input.spent, text, authorName: actor.name, createdAt: at });
      const photoIds: string[] = [];
      for (const [i, p] of photos.entries()) {
        const pid = uuidv7();
        photoIds.push(pid);
        await insertPhoto(t, { id: pid, kov, updateId: id, ordinal: i, ...p });
      }
      await setProgress(t, kov, idea.id, status, input.spent);
      await recordAudit(t, {
        kov, actor, action: 'budgets.implementation.update', targetType: 'budgets_idea', targetId: idea.id,
        before: { status: impl.status, spent: impl.spent },
        after: { status, spent: input.spent, text, photos: photos.length },
      });
      return { id, idea_id: idea.id, status_after: status, spent_after: input.spent, text, author_name: actor.name, created_at: at, photos: photoIds };
    },
    { kov },
  );
}

// ---------------------------------------------------------------- reading (public)

const totalsOf = (items: FundedItem[]): FundedTotals => {
  const live = items.filter((i) => i.impl.status !== 'cancelled');
  return { funded: live.length, done: live.filter((i) => i.impl.status === 'done').length, budgeted: live.reduce((s, i) => s + i.impl.amount, 0), spent: live.reduce((s, i) => s + i.impl.spent, 0) };
};

/** The funded ideas of a process (and those whose funding was cancelled), by number, with the totals of the funded ones. */
export async function fundedIdeas(db: Db, kov: string, processId: string): Promise<{ process: Process; items: FundedItem[]; totals: FundedTotals }> {
  const process = await getProcess(db, kov, processId);
  const items = await db.tx(async (t) => {
    const rows = await implOfProcess(t, kov, processId);
    const ideas = new Map((await repo.ideasOf(t, kov, processId)).map((i) => [i.id, i]));
    return rows.flatMap((impl) => {
      const i = ideas.get(impl.idea_id);
      if (!i) return [];
      return [{ idea: { id: i.id, number: i.number, title: i.title, area_id: i.area_id, category: i.category, lat: i.lat, lon: i.lon }, area: areaName(process.areas, i.area_id), impl }];
    });
  }, { kov });
  items.sort((a, b) => a.idea.number - b.idea.number);
  return { process, items, totals: totalsOf(items) };
}

const areaName = (areas: AreaRow[], id: string | null) => areas.find((a) => a.id === id)?.name ?? null;

/** An idea's implementation and its history (newest first), or null when it was never funded. */
export async function implementationOf(db: Db, kov: string, processId: string, number: string | number): Promise<{ idea: IdeaRow; impl: ImplementationRow; updates: ImplUpdateView[] } | null> {
  return db.tx(async (t) => {
    const idea = await publicIdea(t, kov, processId, number);
    const impl = await implById(t, kov, idea.id);
    if (!impl) return null;
    return { idea, impl, updates: await updatesOf(t, kov, idea.id) };
  }, { kov });
}

/** The idea an official's update form is about, with its implementation (null: not funded). 404 for no such idea. */
export async function updateTarget(db: Db, kov: string, processId: string, number: string | number): Promise<{ idea: IdeaRow; impl: ImplementationRow | null }> {
  return db.tx(async (t) => {
    const idea = await publicIdea(t, kov, processId, number);
    return { idea, impl: await implById(t, kov, idea.id) };
  }, { kov });
}

/** As implementationOf, for an idea the caller already holds (the idea page). */
export async function implementationOfIdea(db: Db, kov: string, ideaId: string): Promise<{ impl: ImplementationRow; updates: ImplUpdateView[] } | null> {
  if (!UUID_RE.test(ideaId)) return null;
  return db.tx(async (t) => {
    const impl = await implById(t, kov, ideaId);
    return impl ? { impl, updates: await updatesOf(t, kov, ideaId) } : null;
  }, { kov });
}

/** A photo of an implementation update (public, as the updates are). */
export async function implPhoto(db: Db, kov: string, processId: string, id: string): Promise<{ mime: string; bytes: Buffer }> {
  if (!UUID_RE.test(id) || !UUID_RE.test(processId)) throw notFound();
  const p = await db.tx((t) => photoById(t, kov, processId, id), { kov });
  if (!p) throw notFound();
  return p;
}

async function updatesOf(t: Tx, kov: string, ideaId: string): Promise<ImplUpdateView[]> {
  const rows = await updateRows(t, kov, ideaId);
  const photos = await photosOfUpdates(t, kov, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, photos: photos.filter((p) => p.update_id === r.id).map((p) => p.id) }));
}
