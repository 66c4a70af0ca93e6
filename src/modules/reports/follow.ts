// Followers of a report ("Mul on sama mure" / "I have this problem too"): on a public, open report a
// signed-in resident follows at once (her idcode hash; an e-mail address optional), anyone else with
// an e-mail address confirmed by a link (the token's sha256 kept until then). Confirmed followers are
// counted on the page and in the JSON, and the notifier mails those with an address every public
// change. Every such mail (and every mail to the reporter about changes) carries an unsubscribe link:
// an HMAC of the subscription with the server secret, so it needs no stored token and works in every
// mail sent; following it deletes the follower (or stops the reporter's mails).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import { now } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { HttpError, badRequest, notFound } from '../../kernel/errors.js';
import type { Locale } from '../../kernel/i18n.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import { queueMail } from '../../kernel/mail.js';
import type { MailHeaders } from '../../kernel/mail.js';
import { tenantNames } from '../../kernel/tenants.js';
import { followConfirmMail } from './mails.js';
import * as core from './repo.js';
import * as repo from './repo/follow.js';
import * as pub from './repo/public.js';
import { isEmail, newToken, sha256 } from './service.js';

const NUMBER_RE = /^[0-9]{4}-[0-9]{6}$/;

/** Who follows: a signed-in resident (her idcode hash) or nobody signed in (then the e-mail is required). */
export interface FollowInput {
  personHash: string | null;
  email: string | null;
  lang: Locale;
}

/** What is mailed to whom: a reporter's report, or a follower. */
export type Subscription = { kind: 'r' | 'f'; id: string };

type Links = Pick<Config, 'publicUrl' | 'sessionSecret'>;

export const followConfirmLink = (config: Pick<Config, 'publicUrl'>, kov: string, number: string, token: string) =>
  `${config.publicUrl}/kov/${kov}/reports/${number}/follow/confirm?token=${encodeURIComponent(token)}`;

/** The unsubscribe token of a subscription: HMAC-SHA256 with the server secret (base64url). */
export function unsubscribeToken(secret: string, s: Subscription): string {
  return createHmac('sha256', secret).update(`reports.unsubscribe:${s.kind}:${s.id}`).digest('base64url');
}

export function unsubscribeLink(config: Links, kov: string, s: Subscription): string {
  return `${config.publicUrl}/kov/${kov}/reports/unsubscribe?${s.kind}=${s.id}&t=${unsubscribeToken(config.sessionSecret, s)}`;
}

/** The List-Unsubscribe headers (RFC 2369, one-click RFC 8058) of a mail about changes. */
export function unsubscribeHeaders(link: string): MailHeaders {
  return { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** Whether the token is the subscription's (timing-safe). */
export function checkUnsubscribe(secret: string, s: Subscription, token: string): boolean {
  const want = Buffer.from(unsubscribeToken(secret, s));
  const got = Buffer.from(token);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The confirmed followers of a report, and whether the signed-in person is one. */
export async function followState(db: Db, kov: string, reportId: string, personHash: string | null): Promise<{ count: number; following: boolean }> {
  return db.tx(
    async (t) => ({
      count: await repo.followerCount(t, kov, reportId),
      following: personHash ? !!(await repo.followerOfPerson(t, kov, reportId, personHash)) : false,
    }),
    { kov },
  );
}

/** The followable report: public and open, or 404 (a closed one: 409). */
async function followable(t: Parameters<Parameters<Db['tx']>[0]>[0], kov: string, number: string) {
  if (!NUMBER_RE.test(number)) throw notFound('reports.error.notFound');
  const r = await pub.publicReportByNumber(t, kov, number, now());
  if (!r) throw notFound('reports.error.notFound');
  if (!r.is_open) throw new HttpError(409, 'closed', 'reports.follow.closed', [{ field: 'email', reason: 'reports.follow.closed' }]);
  return r;
}

/**
 * Follows a public open report. Signed in: following at once (answers 'following'). Otherwise the
 * address gets a confirmation link, queued in the same transaction (answers 'checkMail' — also when
 * the address already follows, so the answer tells nobody whether it does).
 */
export async function followReport(db: Db, config: Pick<Config, 'publicUrl'>, kov: string, number: string, f: FollowInput): Promise<'following' | 'checkMail'> {
  const email = f.email?.trim() || null;
  if ((!f.personHash && !email) || (email && (email.length > 254 || !isEmail(email)))) throw badRequest([{ field: 'email', reason: 'reports.follow.error.email' }]);
  return db.tx(
    async (t) => {
      const r = await followable(t, kov, number);
      const at = now();
      if (f.personHash) {
        await repo.upsertPersonFollower(t, { id: uuidv7(), kov, reportId: r.id, personHash: f.personHash, email, lang: f.lang, at });
        return 'following';
      }
      let existing = await repo.followerOfEmail(t, kov, r.id, email!);
      if (existing?.confirmed_at) return 'checkMail';
      const token = newToken();
      if (!existing && !(await repo.insertEmailFollower(t, { id: uuidv7(), kov, reportId: r.id, email: email!, lang: f.lang, confirmHash: sha256(token), at }))) {
        // the same follow at the same moment inserted it first (now committed): that row, locked
        existing = await repo.followerOfEmail(t, kov, r.id, email!);
        if (!existing || existing.confirmed_at) return 'checkMail';
      }
      if (existing) await repo.renewConfirmation(t, kov, existing.id, sha256(token), f.lang, at);
      const kovName = (await tenantNames(t, [kov])).get(kov) ?? kov;
      const cat = await core.categoryById(t, kov, r.category_id);
      const m = followConfirmMail(
        { lang: f.lang, kovName, number: r.number, category: cat ? cat[`name_${f.lang}`] : '', place: r.address ?? (r.lat !== null && r.lon !== null ? `${Number(r.lat).toFixed(5)}, ${Number(r.lon).toFixed(5)}` : ''), link: `${config.publicUrl}/kov/${kov}/reports/${r.number}` },
        followConfirmLink(config, kov, r.number, token),
      );
      await queueMail(t, { to: email!, subject: m.subject, text: m.text, html: m.html, kind: 'reports.followConfirm' });
      return 'checkMail';
    },
    { kov },
  );
}

const followGone = () => new HttpError(410, 'gone', 'reports.follow.confirm.gone.title', [], 'reports.follow.confirm.gone.text');

/** Checks a follow confirmation token without using it (410 for an unknown or used one). */
export async function followConfirmation(db: Db, kov: string, number: string, token: string): Promise<void> {
  if (!NUMBER_RE.test(number) || !token || token.length > 200) throw followGone();
  const f = await db.tx((t) => repo.followerByConfirmHash(t, kov, sha256(token)), { kov });
  const r = f ? await db.tx((t) => core.reportById(t, kov, f.report_id), { kov }) : null;
  if (!f || f.confirmed_at || r?.number !== number) throw followGone();
}

/** Confirms a follower's address: from now on counted and mailed. 410 for an unknown or used token. */
export async function confirmFollow(db: Db, kov: string, number: string, token: string): Promise<void> {
  if (!NUMBER_RE.test(number) || !token || token.length > 200) throw followGone();
  await db.tx(
    async (t) => {
      const f = await repo.followerByConfirmHash(t, kov, sha256(token));
      const r = f ? await core.reportById(t, kov, f.report_id) : null;
      if (!f || f.confirmed_at || r?.number !== number) throw followGone();
      await repo.markFollowerConfirmed(t, kov, f.id, now());
    },
    { kov },
  );
}

/** A signed-in resident stops following (nothing when she did not follow). */
export async function unfollowPerson(db: Db, kov: string, number: string, personHash: string): Promise<void> {
  if (!NUMBER_RE.test(number)) throw notFound('reports.error.notFound');
  await db.tx(
    async (t) => {
      const r = await core.reportByNumber(t, kov, number);
      if (!r) throw notFound('reports.error.notFound');
      const f = await repo.followerOfPerson(t, kov, r.id, personHash);
      if (f) await repo.deleteFollower(t, kov, f.id);
    },
    { kov },
  );
}

/** The subscription an unsubscribe link names, or 404 (wrong token, unknown id). */
export function subscriptionOf(q: Record<string, unknown>): { s: Subscription; token: string } | null {
  const one = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
  const token = one(q.t).slice(0, 100);
  const r = one(q.r);
  const f = one(q.f);
  if (r && UUID_RE.test(r)) return { s: { kind: 'r', id: r }, token };
  if (f && UUID_RE.test(f)) return { s: { kind: 'f', id: f }, token };
  return null;
}

/** The report an unsubscribe link is about (its number), checking the link; 404 otherwise. */
export async function unsubscribeTarget(db: Db, secret: string, kov: string, s: Subscription | null, token: string): Promise<{ number: string; done: boolean }> {
  if (!s || !checkUnsubscribe(secret, s, token)) throw notFound('reports.unsubscribe.wrong');
  return db.tx(
    async (t) => {
      if (s.kind === 'r') {
        const r = await core.reportById(t, kov, s.id);
        if (!r) throw notFound('reports.unsubscribe.wrong');
        return { number: r.number, done: !r.notify };
      }
      const f = await repo.followerById(t, kov, s.id);
      if (!f) return { number: '', done: true };
      const r = await core.reportById(t, kov, f.report_id);
      return { number: r?.number ?? '', done: false };
    },
    { kov },
  );
}

/** Stops the mails a link names: the reporter's (notify off) or a follower's (the follower deleted). */
export async function unsubscribe(db: Db, secret: string, kov: string, s: Subscription | null, token: string): Promise<{ number: string }> {
  if (!s || !checkUnsubscribe(secret, s, token)) throw notFound('reports.unsubscribe.wrong');
  return db.tx(
    async (t) => {
      if (s.kind === 'r') {
        const r = await core.reportById(t, kov, s.id, true);
        if (!r) throw notFound('reports.unsubscribe.wrong');
        await repo.stopReporterMail(t, kov, r.id);
        return { number: r.number };
      }
      const f = await repo.followerById(t, kov, s.id);
      if (!f) return { number: '' };
      const r = await core.reportById(t, kov, f.report_id);
      await repo.deleteFollower(t, kov, f.id);
      return { number: r?.number ?? '' };
    },
    { kov },
  );
}
