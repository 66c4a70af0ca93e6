// Handling a report: a handler (or a KOV system with an API key) changes its status, forwards it,
// marks it a duplicate, reopens it, answers, notes, assigns, or moves it to another category. Each
// action is one transaction: the report locked, the transition checked by a pure rule, the row
// updated, an event in the report's history (the outbox) and an audit entry written.
import { recordAudit, type Actor } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, conflict, notFound, type FieldError } from '../../kernel/errors.js';
import * as repo from './repo.js';
import type { CategoryRow, EventKind, ReportRow, ReportStatus } from './repo.js';
import { CLOSED_STATUSES, expectedBy, recordEvent } from './service.js';

export type HandlerAction =
  | { kind: 'status'; status: 'received' | 'in_progress' | 'scheduled' | 'fixed' | 'closed'; answer?: string } // answer: public text shown with the change
  | { kind: 'forward'; to: string; answer?: string } // not the KOV's responsibility → status forwarded
  | { kind: 'duplicate'; of: string; answer?: string } // of = the other report's number (YYYY-NNNNNN) in the same KOV → status duplicate, duplicate_of
  | { kind: 'reopen'; reason: string } // closed → reopened (public)
  | { kind: 'answer'; body: string } // public answer, no status change
  | { kind: 'note'; body: string } // internal note (not public)
  | { kind: 'assign'; assignee: { idcodeHash: string; name: string } | null; groupId?: string | null }
  | { kind: 'category'; code: string }; // re-route: new category, its group, domain and expected-by

export type HandlerActionKind = HandlerAction['kind'];
export const HANDLER_ACTION_KINDS: readonly HandlerActionKind[] = ['status', 'forward', 'duplicate', 'reopen', 'answer', 'note', 'assign', 'category'];
export const HANDLER_STATUSES = ['received', 'in_progress', 'scheduled', 'fixed', 'closed'] as const;
export const MAX_TEXT = 4000;
export const MAX_FORWARD_TO = 200;
const NUMBER_RE = /^[0-9]{4}-[0-9]{6}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isClosed = (s: ReportStatus) => CLOSED_STATUSES.includes(s);

/** The fields of an action that are malformed, whatever the report (empty: fine). */
export function validateAction(a: HandlerAction): FieldError[] {
  const errors: FieldError[] = [];
  const text = (field: string, v: unknown, required: boolean, max = MAX_TEXT) => {
    if (v === undefined || v === null) {
      if (required) errors.push({ field, reason: 'reports.error.text' });
      return;
    }
    if (typeof v !== 'string' || (required && !v.trim()) || v.length > max) errors.push({ field, reason: 'reports.error.text' });
  };
  switch (a?.kind) {
    case 'status':
      if (!HANDLER_STATUSES.includes(a.status)) errors.push({ field: 'status', reason: 'reports.error.status' });
      text('answer', a.answer, false);
      break;
    case 'forward':
      text('to', a.to, true, MAX_FORWARD_TO);
      text('answer', a.answer, false);
      break;
    case 'duplicate':
      if (typeof a.of !== 'string' || !NUMBER_RE.test(a.of.trim())) errors.push({ field: 'of', reason: 'reports.error.duplicateOf' });
      text('answer', a.answer, false);
      break;
    case 'reopen':
      text('reason', a.reason, true);
      break;
    case 'answer':
    case 'note':
      text('body', a.body, true);
      break;
    case 'assign':
      if (a.assignee !== null) {
        if (!a.assignee || typeof a.assignee.idcodeHash !== 'string' || !/^[0-9a-f]{16,128}$/.test(a.assignee.idcodeHash)) {
          errors.push({ field: 'assignee', reason: 'reports.error.assignee' });
        } else if (typeof a.assignee.name !== 'string' || !a.assignee.name.trim() || a.assignee.name.length > 200) {
          errors.push({ field: 'assignee', reason: 'reports.error.assignee' });
        }
      }
      if (a.groupId !== undefined && a.groupId !== null && (typeof a.groupId !== 'string' || !UUID_RE.test(a.groupId))) {
        errors.push({ field: 'groupId', reason: 'reports.error.group' });
      }
      break;
    case 'category':
      if (typeof a.code !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(a.code)) errors.push({ field: 'code', reason: 'reports.error.category' });
      break;
    default:
      errors.push({ field: 'kind', reason: 'reports.error.action' });
  }
  return errors;
}

/**
 * Whether the action may be taken on a report in `status` (null: yes; else the message key of the
 * refusal). Unconfirmed reports are not handled yet; closed ones only reopen, answer or note; reopen
 * only from a closed status; a status change to the status the report already has is refused.
 */
export function transitionRefusal(status: ReportStatus, a: HandlerAction): string | null {
  if (status === 'unconfirmed') return 'reports.error.unconfirmedReport';
  if (isClosed(status)) {
    if (a.kind === 'reopen' || a.kind === 'answer' || a.kind === 'note') return null;
    return 'reports.error.closedReport';
  }
  if (a.kind === 'reopen') return 'reports.error.notClosed';
  if (a.kind === 'status' && a.status === status) return 'reports.error.sameStatus';
  return null;
}

/** The status an action leaves the report in. */
export function statusAfter(status: ReportStatus, a: HandlerAction): ReportStatus {
  switch (a.kind) {
    case 'status':
      return a.status;
    case 'forward':
      return 'forwarded';
    case 'duplicate':
      return 'duplicate';
    case 'reopen':
      return 'reopened';
    default:
      return status;
  }
}

const EVENT_KIND: Record<HandlerActionKind, EventKind> = {
  status: 'status',
  forward: 'status',
  duplicate: 'merged',
  reopen: 'reopened',
  answer: 'answer',
  note: 'note',
  assign: 'assigned',
  category: 'category',
};

const AUDIT_ACTION: Record<HandlerActionKind, string> = {
  status: 'reports.report.status',
  forward: 'reports.report.forward',
  duplicate: 'reports.report.duplicate',
  reopen: 'reports.report.reopen',
  answer: 'reports.report.answer',
  note: 'reports.report.note',
  assign: 'reports.report.assign',
  category: 'reports.report.category',
};

/** Whether the action's event is public (shown on the report page, Open311, to the reporter). */
export const isPublicAction = (k: HandlerActionKind) => k !== 'note' && k !== 'assign';

/**
 * Takes a handler's action on a report of the KOV: 400 for malformed input (naming the field), 404
 * for no such report, 409 for a transition the report's state does not allow. Answers the report
 * as it is after the action.
 */
export async function handleReport(db: Db, kov: string, reportId: string, action: HandlerAction, actor: Actor): Promise<ReportRow> {
  const errors = validateAction(action);
  if (errors.length) throw badRequest(errors);
  if (!UUID_RE.test(reportId)) throw notFound('reports.error.notFound');
  return db.tx(
    async (t) => {
      const r = await repo.reportById(t, kov, reportId, true);
      if (!r) throw notFound('reports.error.notFound');
      const refusal = transitionRefusal(r.status, action);
      if (refusal) throw conflict(refusal);
      const at = now();
      const status = statusAfter(r.status, action);
      const patch: repo.ReportPatch = { status };
      if (!r.first_action_at) patch.firstActionAt = at;
      if (isClosed(status) && !isClosed(r.status)) patch.closedAt = at;
      let body: string | null = null;
      const data: Record<string, unknown> = {};
      let newCategory: CategoryRow | null = null;
      switch (action.kind) {
        case 'status':
          body = action.answer?.trim() || null;
          data.from = r.status;
          break;
        case 'forward':
          patch.forwardedTo = action.to.trim();
          body = action.answer?.trim() || null;
          data.from = r.status;
          data.forwardedTo = patch.forwardedTo;
          break;
        case 'duplicate': {
          const other = await repo.reportByNumber(t, kov, action.of.trim());
          if (!other || other.status === 'unconfirmed') throw badRequest([{ field: 'of', reason: 'reports.error.duplicateMissing' }]);
          if (other.id === r.id) throw badRequest([{ field: 'of', reason: 'reports.error.duplicateSelf' }]);
          patch.duplicateOf = other.id;
          body = action.answer?.trim() || null;
          data.from = r.status;
          data.duplicateOf = other.number;
          break;
        }
        case 'reopen': {
          const cat = await repo.categoryById(t, kov, r.category_id);
          patch.closedAt = null;
          patch.expectedAt = expectedBy(at, cat?.sla_days ?? 14);
          body = action.reason.trim();
          data.from = r.status;
          break;
        }
        case 'answer':
        case 'note':
          body = action.body.trim();
          break;
        case 'assign': {
          if (action.groupId) {
            const groups = await repo.groupsOf(t, kov);
            if (!groups.some((g) => g.id === action.groupId)) throw badRequest([{ field: 'groupId', reason: 'reports.error.group' }]);
          }
          patch.assignee = action.assignee ? { hash: action.assignee.idcodeHash, name: action.assignee.name.trim() } : null;
          if (action.groupId !== undefined) patch.groupId = action.groupId;
          data.assignee = action.assignee ? action.assignee.name.trim() : null;
          if (action.groupId !== undefined) data.groupId = action.groupId;
          break;
        }
        case 'category': {
          newCategory = await repo.categoryByCode(t, kov, action.code);
          if (!newCategory || !newCategory.active) throw badRequest([{ field: 'code', reason: 'reports.error.category' }]);
          if (newCategory.id === r.category_id) throw conflict('reports.error.sameCategory');
          const old = await repo.categoryById(t, kov, r.category_id);
          patch.categoryId = newCategory.id;
          patch.domain = newCategory.domain;
          patch.groupId = newCategory.group_id;
          patch.expectedAt = expectedBy(r.confirmed_at ?? r.created_at, newCategory.sla_days);
          data.from = old?.code ?? null;
          data.category = newCategory.code;
          break;
        }
      }
      await repo.updateReport(t, kov, r.id, patch, at);
      const ev = await recordEvent(t, r, {
        kind: EVENT_KIND[action.kind],
        public: isPublicAction(action.kind),
        status,
        body,
        actor: { kind: actor.kind, name: actor.name },
        data: { action: action.kind, ...data },
      });
      await recordAudit(t, {
        kov,
        actor,
        action: AUDIT_ACTION[action.kind],
        targetType: 'reports_report',
        targetId: r.id,
        before: { status: r.status, category: data.from !== undefined && action.kind === 'category' ? data.from : undefined, assignee: action.kind === 'assign' ? r.assignee_name : undefined },
        after: { number: r.number, status, event: ev.seq, ...data, ...(body !== null && action.kind !== 'note' ? { body } : {}) },
      });
      return (await repo.reportById(t, kov, r.id))!;
    },
    { kov },
  );
}
