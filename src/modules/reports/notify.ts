// The reporter notifier: a consumer of the reports_event outbox that mails the person who reported
// (in her language, plain text), and the e-mail confirmation of an anonymous report.
//
//   created, unconfirmed   the confirmation link (a fresh token; its sha256 kept in confirm_hash)
//   created, received      the receipt: number, public link, expected-by date
//   confirmed              the receipt (the anonymous reporter confirmed her address)
//   status/answer/category/merged/reopened, public, notify on
//                          what changed, with the public answer; a change to fixed or closed asks
//                          "is it fixed?" with a feedback link (a fresh token; sha256 in feedback_hash)
// Never a mail about an internal event (a note, an assignment) or about the reporter's own act.
// The same public changes go to the report's confirmed followers with an address (follow.ts), each in
// the follower's language. Mails about changes carry an unsubscribe link and List-Unsubscribe headers.
//
// Per KOV, in one transaction per batch: the KOV's cursor row is locked, the next events not yet
// handled are read in id order, their mails queued (kernel queueMail, in the same transaction) and
// the events marked handled, so a mail is queued exactly when its event is marked: nothing lost,
// nothing twice (repo/notify.ts explains the cursor). The job reports.notify runs it — sent by code
// after a change commits (notifyReportersSoon) and every minute — then delivers the queued mail.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { now } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { HttpError, badRequest } from '../../kernel/errors.js';
import type { JobDef } from '../../kernel/jobs.js';
import { defineJob } from '../../kernel/jobs.js';
import { queueMail, sendDueMail } from '../../kernel/mail.js';
import { tenantNames } from '../../kernel/tenants.js';
import type { MailChange, MailReport, MailText } from './mails.js';
import { confirmMail, feedbackMail, followerUpdateMail, receiptMail, updateMail } from './mails.js';
import { unsubscribeHeaders, unsubscribeLink } from './follow.js';
import * as frepo from './repo/follow.js';
import * as repo from './repo.js';
import type { EventRow, ReportRow, ReportStatus } from './repo.js';
import * as nrepo from './repo/notify.js';
import { expectedBy, isEmail, newToken, recordEvent, REPORTER_ACTOR, sha256 } from './service.js';

export const REPORTS_NOTIFY_JOB = 'reports.notify';
/** Events handled in one transaction. */
export const NOTIFY_BATCH = 100;
/** The cursor passes an event only this long after it was written (see repo/notify.ts). */
export const NOTIFY_SETTLE_MS = 3600_000;
/** A change to one of these asks the reporter "is it fixed?". */
export const FEEDBACK_STATUSES: readonly ReportStatus[] = ['fixed', 'closed'];
/** Public changes the reporter hears about (when she asked to). */
const UPDATE_KINDS = new Set(['status', 'answer', 'category', 'merged', 'reopened']);

export const reportLink = (config: Pick<Config, 'publicUrl'>, kov: string, number: string) => `${config.publicUrl}/kov/${kov}/reports/${number}`;
export const confirmLink = (config: Pick<Config, 'publicUrl'>, kov: string, token: string) => `${config.publicUrl}/kov/${kov}/reports/confirm?token=${encodeURIComponent(token)}`;
export const feedbackLink = (config: Pick<Config, 'publicUrl'>, kov: string, number: string, token: string) =>
  `${config.publicUrl}/kov/${kov}/reports/${number}/feedback?token=${encodeURIComponent(token)}`;

export interface NotifyResult {
  /** Events handled. */
  events: number;
  /** Mails queued. */
  mails: number;
}

/** Handles every KOV's events not yet handled: queues the reporters' mails. Safe to run concurrently. */
type NotifyConfig = Pick<Config, 'publicUrl' | 'sessionSecret'>;

export async function runReportsNotify(db: Db, config: NotifyConfig): Promise<NotifyResult> {
  const total: NotifyResult = { events: 0, mails: 0 };
  const kovs = await db.system('reports: find the KOVs whose report events the reporter notifier has not handled (every KOV)', (t) => nrepo.kovsWithPendingEvents(t));
  for (const kov of kovs) {
    for (;;) {
      const r = await db.tx((t) => notifyBatch(t, kov, config), { kov });
      total.events += r.events;
      total.mails += r.mails;
      if (r.events < NOTIFY_BATCH) break;
    }
  }
  return total;
}

async function notifyBatch(t: Tx, kov: string, config: NotifyConfig): Promise<NotifyResult> {
  const cursor = await nrepo.lockCursor(t, kov);
  const events = await nrepo.pendingEvents(t, kov, cursor, NOTIFY_BATCH);
  const kovName = events.length ? ((await tenantNames(t, [kov])).get(kov) ?? kov) : kov;
  let mails = 0;
  for (const e of events) {
    mails += await notifyEvent(t, kov, kovName, e, config);
    await nrepo.markDone(t, kov, e.id);
  }
  await nrepo.advanceCursor(t, kov, cursor, new Date(now().getTime() - NOTIFY_SETTLE_MS));
  return { events: events.length, mails };
}

function placeOf(r: ReportRow): string {
  if (r.address) return r.address;
  return r.lat !== null && r.lon !== null ? `${r.lat.toFixed(5)}, ${r.lon.toFixed(5)}` : '';
}

/** Queues the mails one event calls for (the reporter's, the followers'); answers how many. */
async function notifyEvent(t: Tx, kov: string, kovName: string, e: EventRow, config: NotifyConfig): Promise<number> {
  const r = await repo.reportById(t, kov, e.report_id, true);
  if (!r) return 0;
  // no address, or one that is not plain (never let one report's data stop its KOV's mail)
  const reporterMailed = r.reporter_email && isEmail(r.reporter_email) ? await notifyReporter(t, kov, kovName, e, r, config) : 0;
  // the followers hear of the same public changes the reporter would (whatever her own choice)
  if (!e.public || !UPDATE_KINDS.has(e.kind) || e.actor_kind === 'reporter') return reporterMailed;
  const followers = await frepo.followersToMail(t, kov, r.id);
  if (!followers.length) return reporterMailed;
  const categories = new Map<string, repo.CategoryRow | null>();
  const categoryOf = async (id: string) => {
    if (!categories.has(id)) categories.set(id, await repo.categoryById(t, kov, id));
    return categories.get(id)!;
  };
  const category = await categoryOf(r.category_id);
  const data = e.data ?? {};
  const newCategory = e.kind === 'category' && typeof data.category === 'string' ? await repo.categoryByCode(t, kov, data.category) : null;
  let mails = reporterMailed;
  for (const f of followers) {
    // the reporter who also follows gets one mail
    if (reporterMailed && r.notify && f.email.toLowerCase() === r.reporter_email!.toLowerCase()) continue;
    if (!isEmail(f.email)) continue;
    const unsubscribe = unsubscribeLink(config, kov, { kind: 'f', id: f.id });
    const base: MailReport = { lang: f.lang, kovName, number: r.number, category: category ? category[`name_${f.lang}`] : '', place: placeOf(r), link: reportLink(config, kov, r.number), unsubscribe };
    const forwardedTo = typeof data.forwardedTo === 'string' ? data.forwardedTo : e.status === 'forwarded' ? r.forwarded_to : null;
    const change: MailChange = { kind: e.kind, status: e.status, body: e.body, category: newCategory ? newCategory[`name_${f.lang}`] : base.category, forwardedTo };
    const m = followerUpdateMail(base, change);
    await queueMail(t, { to: f.email, subject: m.subject, text: m.text, html: m.html, kind: 'reports.followerUpdate', headers: unsubscribeHeaders(unsubscribe) });
    mails++;
  }
  return mails;
}

/** The reporter's mail for an event, if it calls for one. */
async function notifyReporter(t: Tx, kov: string, kovName: string, e: EventRow, r: ReportRow, config: NotifyConfig): Promise<number> {
  const category = await repo.categoryById(t, kov, r.category_id);
  const nameOf = (c: repo.CategoryRow | null) => (c ? c[`name_${r.lang}`] : '');
  const unsubscribe = r.notify ? unsubscribeLink(config, kov, { kind: 'r', id: r.id }) : null;
  const base: MailReport = { lang: r.lang, kovName, number: r.number, category: nameOf(category), place: placeOf(r), link: reportLink(config, kov, r.number) };
  const queue = async (m: MailText, kind: string, withUnsubscribe: boolean) => {
    await queueMail(t, { to: r.reporter_email!, subject: m.subject, text: m.text, html: m.html, kind, headers: withUnsubscribe && unsubscribe ? unsubscribeHeaders(unsubscribe) : null });
    return 1;
  };
  const changes = { ...base, unsubscribe };

  if (e.kind === 'created') {
    if (e.status === 'unconfirmed') {
      // still waiting for the confirmation (a report confirmed meanwhile needs no link)
      if (r.status !== 'unconfirmed' || r.reporter_kind !== 'email') return 0;
      const token = newToken();
      await nrepo.setConfirmHash(t, kov, r.id, sha256(token));
      return queue(confirmMail(base, confirmLink(config, kov, token)), 'reports.confirm', false);
    }
    return queue(receiptMail(changes, r.expected_at ? new Date(r.expected_at) : null, r.notify), 'reports.receipt', true);
  }
  if (e.kind === 'confirmed') return queue(receiptMail(changes, r.expected_at ? new Date(r.expected_at) : null, r.notify), 'reports.receipt', true);

  // later changes: public ones only, made by the KOV (not the reporter's own feedback), when she asked
  if (!e.public || !UPDATE_KINDS.has(e.kind) || e.actor_kind === 'reporter' || !r.notify) return 0;
  const data = e.data ?? {};
  let categoryName = base.category;
  if (e.kind === 'category' && typeof data.category === 'string') categoryName = nameOf(await repo.categoryByCode(t, kov, data.category)) || categoryName;
  const forwardedTo = typeof data.forwardedTo === 'string' ? data.forwardedTo : e.status === 'forwarded' ? r.forwarded_to : null;
  const change: MailChange = { kind: e.kind, status: e.status, body: e.body, category: categoryName, forwardedTo };
  if (e.kind === 'status' && FEEDBACK_STATUSES.includes(e.status)) {
    const token = newToken();
    await nrepo.setFeedbackHash(t, kov, r.id, sha256(token));
    return queue(feedbackMail(changes, change, feedbackLink(config, kov, r.number, token)), 'reports.feedback', true);
  }
  return queue(updateMail(changes, change), 'reports.update', true);
}

/** Asks the notifier to run now (after a change to a report has committed). */
export async function notifyReportersSoon(app: Pick<FastifyInstance, 'jobs'>): Promise<void> {
  await app.jobs.send(REPORTS_NOTIFY_JOB, {});
}

export const notifyJobs: JobDef[] = [
  defineJob<Record<string, never>>({
    name: REPORTS_NOTIFY_JOB,
    labelKey: 'reports.job.notify',
    retryDelaySeconds: 30,
    everySeconds: 60,
    async handler(_payload, ctx) {
      const r = await runReportsNotify(ctx.db, ctx.config);
      // deliver at once what was just queued (the mail sender's own schedule would within a minute)
      if (r.mails) await sendDueMail(ctx.db, ctx.config, { log: ctx.log });
    },
  }),
];

// ---------- the e-mail confirmation of an anonymous report ----------

const gone = () => new HttpError(410, 'gone', 'reports.confirm.gone.title', [], 'reports.confirm.gone.text');

function checkToken(token: string | undefined): string {
  const t = (token ?? '').trim();
  if (!t) throw badRequest([{ field: 'token', reason: 'reports.confirm.missing' }]);
  if (t.length > 200) throw gone();
  return t;
}

/** The report a confirmation token is for, before confirming (410 for an unknown or used token). */
export async function confirmationOf(db: Db, kov: string, token: string | undefined): Promise<{ number: string }> {
  const hash = sha256(checkToken(token));
  const r = await db.tx((t) => nrepo.reportByConfirmHash(t, kov, hash), { kov });
  if (!r || r.status !== 'unconfirmed') throw gone();
  return { number: r.number };
}

/**
 * Confirms an anonymous report by its e-mail token: received now, its expected-by date from the
 * category's target, the token used up, and a public 'confirmed' event (which mails the receipt).
 * 410 for an unknown or used token.
 */
export async function confirmReport(db: Db, kov: string, token: string | undefined): Promise<{ id: string; number: string; expectedAt: Date }> {
  const hash = sha256(checkToken(token));
  return db.tx(
    async (t) => {
      const r = await nrepo.reportByConfirmHash(t, kov, hash);
      if (!r || r.status !== 'unconfirmed') throw gone();
      const category = await repo.categoryById(t, kov, r.category_id);
      const at = now();
      const expectedAt = expectedBy(at, category?.sla_days ?? 14);
      await nrepo.markConfirmed(t, kov, r.id, at, expectedAt);
      // the reporter's own act; her e-mail address is not put in the public history
      await recordEvent(t, r, { kind: 'confirmed', public: true, status: 'received', actor: { kind: 'reporter', name: REPORTER_ACTOR }, data: {} });
      return { id: r.id, number: r.number, expectedAt };
    },
    { kov },
  );
}
