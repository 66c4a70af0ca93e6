// Moderating comments: every comment waits as 'pending' until a moderator (the KOV role
// feedback-moderator, KOV admins, the services' owners) approves or rejects it; only approved text is
// ever shown beyond the moderators. On request a moderator removes personal data: the text is
// deleted (state 'redacted', the scores kept). Each decision is audited in the same transaction —
// without the comment's text, so that a redaction leaves the text nowhere.
// A simple flagger marks comments that look like they hold an ID code, a phone number or an e-mail
// address, so that the moderator sees it and is offered the redaction.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, conflict, notFound } from '../../kernel/errors.js';
import { isValidIdcode } from '../../kernel/idcode.js';
import { UUID_RE } from '../../kernel/ids.js';
import type { Locale } from '../../kernel/i18n.js';
import { isLocale } from '../../kernel/i18n.js';
import type { Channel, CommentState, Driver } from './model.js';
import type { AnswerRow } from './repo/survey.js';
import * as repo from './repo/moderation.js';

// ---------------------------------------------------------------- flagging personal data

export type FlagKind = 'idcode' | 'phone' | 'email';
export interface Flag {
  kind: FlagKind;
  start: number;
  end: number;
}

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const IDCODE_RE = /(?<!\d)[1-6]\d{10}(?!\d)/g;
// +372 numbers, Estonian mobiles (5…, 7–8 digits) and landlines (3,4,6,7 + 6 digits), with spaces or dashes
const PHONE_RE = /(?<![\d+])(?:\+|00)?(?:372[\s-]?)?(?:5(?:[\s-]?\d){6,7}|[3467](?:[\s-]?\d){6})(?![\d])/g;

/** Parts of a comment that look like personal data (not overlapping, in order). */
export function flagsOf(text: string | null): Flag[] {
  if (!text) return [];
  const out: Flag[] = [];
  const take = (re: RegExp, kind: FlagKind, ok: (s: string) => boolean = () => true) => {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!ok(m[0]) || out.some((f) => start < f.end && f.start < end)) continue;
      out.push({ kind, start, end });
    }
  };
  take(EMAIL_RE, 'email');
  take(IDCODE_RE, 'idcode', isValidIdcode);
  take(PHONE_RE, 'phone', (s) => s.replace(/\D/g, '').length >= 7);
  return out.sort((a, b) => a.start - b.start);
}

/** A comment cut into plain and flagged parts (for highlighting). */
export function flaggedParts(text: string, flags: readonly Flag[]): { text: string; flag: FlagKind | null }[] {
  const parts: { text: string; flag: FlagKind | null }[] = [];
  let at = 0;
  for (const f of flags) {
    if (f.start > at) parts.push({ text: text.slice(at, f.start), flag: null });
    parts.push({ text: text.slice(f.start, f.end), flag: f.kind });
    at = f.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), flag: null });
  return parts;
}

// ---------------------------------------------------------------- the queue and decisions

export const MODERATION_STATES = ['pending', 'approved', 'rejected', 'redacted'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];
export const isModerationState = (x: unknown): x is ModerationState => typeof x === 'string' && (MODERATION_STATES as readonly string[]).includes(x);

export interface ModerationItem {
  id: string;
  serviceId: string;
  satisfaction: number;
  ease: number;
  comment: string | null;
  state: CommentState;
  lang: string;
  answeredAt: Date;
  moderatedAt: Date | null;
  flags: Flag[];
}

const item = (r: AnswerRow): ModerationItem => ({
  id: r.id,
  serviceId: r.service_id,
  satisfaction: r.satisfaction,
  ease: r.ease,
  comment: r.comment,
  state: r.comment_state,
  lang: r.lang,
  answeredAt: new Date(r.answered_at),
  moderatedAt: r.moderated_at ? new Date(r.moderated_at) : null,
  flags: flagsOf(r.comment),
});

export const MODERATION_PAGE = 50;

/** A page of the KOV's comments in a state, with the counts of every state. For moderators only (the route checks). */
export async function moderationQueue(db: Db, kov: string, state: ModerationState, page = 1): Promise<{ items: ModerationItem[]; counts: Record<ModerationState, number>; more: boolean }> {
  return db.tx(async (t) => {
    const rows = await repo.commentsIn(t, kov, state, MODERATION_PAGE + 1, (page - 1) * MODERATION_PAGE);
    const c = await repo.commentCounts(t, kov);
    return {
      items: rows.slice(0, MODERATION_PAGE).map(item),
      counts: { pending: c.pending ?? 0, approved: c.approved ?? 0, rejected: c.rejected ?? 0, redacted: c.redacted ?? 0 },
      more: rows.length > MODERATION_PAGE,
    };
  }, { kov });
}

export type Decision = 'approve' | 'reject' | 'redact';
export const DECISIONS: readonly Decision[] = ['approve', 'reject', 'redact'];
const TARGET: Record<Decision, 'approved' | 'rejected' | 'redacted'> = { approve: 'approved', reject: 'rejected', redact: 'redacted' };
/** From which states each decision may be taken (a redacted comment has no text left to decide on). */
const FROM: Record<Decision, readonly CommentState[]> = {
  approve: ['pending', 'rejected'],
  reject: ['pending', 'approved'],
  redact: ['pending', 'approved', 'rejected'],
};

/** Approves, rejects or redacts a comment; audited (states only, never the text). 404 / 409 otherwise. */
export async function moderate(db: Db, kov: string, actor: Actor, answerId: string, decision: Decision): Promise<ModerationItem> {
  if (!UUID_RE.test(answerId)) throw notFound();
  return db.tx(async (t) => {
    const a = await repo.answerForUpdate(t, kov, answerId);
    if (!a || a.comment_state === 'none') throw notFound();
    if (!FROM[decision].includes(a.comment_state)) throw conflict('feedback.moderation.notNow', [{ field: 'decision', reason: 'feedback.moderation.notNow' }]);
    const after = await repo.setCommentState(t, kov, answerId, TARGET[decision]);
    const entry = {
      kov,
      actor,
      targetType: 'feedback_answer',
      targetId: answerId,
      before: { state: a.comment_state, flags: flagsOf(a.comment).map((f) => f.kind) },
      after: { state: after.comment_state },
    };
    // (each code written out, so that the audit-names check finds it)
    if (decision === 'approve') await recordAudit(t, { ...entry, action: 'feedback.approve' });
    else if (decision === 'reject') await recordAudit(t, { ...entry, action: 'feedback.reject' });
    else await recordAudit(t, { ...entry, action: 'feedback.redact' });
    return item(after);
  }, { kov });
}

// ---------------------------------------------------------------- the read API

export interface ApiAnswer {
  id: string;
  serviceId: string;
  channel: Channel;
  satisfaction: number;
  ease: number;
  wentWell: Driver[];
  wentBadly: Driver[];
  /** The comment only when approved; otherwise null (pending, rejected and redacted text is never given out). */
  comment: string | null;
  commentState: CommentState;
  lang: Locale;
  answeredAt: string;
}

/** The public-facing shape of an answer: comment text only when approved. */
export function presentAnswer(r: AnswerRow): ApiAnswer {
  return {
    id: r.id,
    serviceId: r.service_id,
    channel: r.channel,
    satisfaction: r.satisfaction,
    ease: r.ease,
    wentWell: r.went_well,
    wentBadly: r.went_badly,
    comment: r.comment_state === 'approved' ? r.comment : null,
    commentState: r.comment_state,
    lang: isLocale(r.lang) ? r.lang : 'et',
    answeredAt: new Date(r.answered_at).toISOString(),
  };
}

/** Answers for KOV systems (feedback.read), newest first; `cursor` continues after the last page's last answer. */
export async function listAnswers(
  db: Db,
  kov: string,
  q: { serviceId: string | null; from: Date | null; to: Date | null; cursor: string | null; limit: number },
): Promise<{ answers: ApiAnswer[]; next: string | null }> {
  if (q.cursor !== null && !UUID_RE.test(q.cursor)) throw badRequest([{ field: 'cursor', reason: 'feedback.api.cursor' }]);
  const rows = await db.tx((t) => repo.answersPage(t, kov, { serviceId: q.serviceId, from: q.from, to: q.to, after: q.cursor, limit: q.limit + 1 }), { kov });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { answers: page.map(presentAnswer), next: rows.length > q.limit && last ? last.id : null };
}
