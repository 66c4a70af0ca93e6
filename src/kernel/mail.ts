// E-mail: an outbox in the database (core_mail) and a sender job.
//
// queueMail(t, mail) writes the mail in the CALLER's transaction, so a mail exists if and only if the
// change it tells about committed (a rolled-back change mails nobody). The job mail.send (declared
// here, registered by the app with the modules' jobs, run every minute while the workers run and
// whenever code asks) delivers due mail through SMTP_URL with nodemailer: each mail is claimed (its
// next attempt pushed a lease ahead, so no other worker takes it), sent outside any transaction, then
// marked sent — or its error kept and its next attempt put off with backoff; after MAIL_MAX_ATTEMPTS
// it is given up (failed_at). Delivery is at least once: a process that dies between sending and
// marking sends that mail again.
//
// Outside production without SMTP_URL (config.mail.catcher) nothing leaves the machine: the sender
// marks mail delivered to the catcher, and the development page /dev/mail (mail-routes.tsx) shows
// it. Tests read the outbox with listMail.
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { Db, Tx } from './db.js';
import { uuidv7 } from './ids.js';
import type { JobDef, JobLog } from './jobs.js';
import { defineJob, jobErrorMessage, retryDelayAfter } from './jobs.js';

export interface NewMail {
  to: string;
  subject: string;
  /** The plain-text body (every mail has one). */
  text: string;
  /** A simple HTML alternative. */
  html?: string | null;
  /** What the mail is about, e.g. 'reports.confirm' (shown by the catcher; never personal data). */
  kind?: string;
  /**
   * Extra headers: only List-Unsubscribe (`<https://…>`) and List-Unsubscribe-Post
   * (`List-Unsubscribe=One-Click`, RFC 8058) are accepted; anything else throws.
   */
  headers?: MailHeaders | null;
}

/** The extra headers a mail may carry (mailHeaders checks them). */
export type MailHeaders = Partial<Record<'List-Unsubscribe' | 'List-Unsubscribe-Post', string>>;

/** A mail as the sender hands it to a transport. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: MailHeaders | null;
}

/** Where mail goes: SMTP in production, the catcher in development, a test's own. */
export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
}

/** A mail in the outbox. */
export interface MailRow {
  id: string;
  kov_code: string | null;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  kind: string;
  created_at: Date;
  next_attempt_at: Date;
  attempts: number;
  sent_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
  transport: string | null;
  headers: MailHeaders | null;
}

const COLS = 'id, kov_code, to_address, subject, body_text, body_html, kind, created_at, next_attempt_at, attempts, sent_at, failed_at, last_error, transport, headers';

/** Attempts before a mail is given up. */
export const MAIL_MAX_ATTEMPTS = 8;
/** The first retry waits about this long (then doubling, with jitter, at most MAIL_RETRY_MAX_SECONDS). */
export const MAIL_RETRY_SECONDS = 60;
export const MAIL_RETRY_MAX_SECONDS = 6 * 3600;
/** A claimed mail is not taken again for this long (a sender that died gives it back this way). */
export const MAIL_LEASE_SECONDS = 600;
/** Delivered or given-up mail is deleted after this many days (it holds addresses and texts). */
export const MAIL_KEEP_DAYS = 30;

const HEADER_NAMES = new Set(['List-Unsubscribe', 'List-Unsubscribe-Post']);

/** Checks a mail's extra headers (known names, one-line values, https or mailto links): null when none. */
export function mailHeaders(h: MailHeaders | null | undefined): MailHeaders | null {
  if (!h) return null;
  const out: MailHeaders = {};
  for (const [name, value] of Object.entries(h)) {
    if (!HEADER_NAMES.has(name)) throw new Error(`queueMail: the header ${name} is not one a mail may carry`);
    if (typeof value !== 'string' || !value || /[\r\n]/.test(value) || value.length > 2000) throw new Error(`queueMail: the header ${name} needs one line of text`);
    if (name === 'List-Unsubscribe' && !/^<(https?:|mailto:)[^<>\s]+>(, ?<(https?:|mailto:)[^<>\s]+>)*$/.test(value)) throw new Error('queueMail: List-Unsubscribe is one or more <https:…> or <mailto:…> links');
    if (name === 'List-Unsubscribe-Post' && value !== 'List-Unsubscribe=One-Click') throw new Error('queueMail: List-Unsubscribe-Post is List-Unsubscribe=One-Click');
    out[name as keyof MailHeaders] = value;
  }
  return Object.keys(out).length ? out : null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A readable HTML alternative of a plain-text mail: the same words, every paragraph (split at blank
 * lines) a <p>, lines kept, links (http/https) made clickable, the footer after a `--` line in
 * smaller grey text; everything escaped. `lang` goes to <html lang>.
 */
export function htmlFromText(text: string, lang: string, title: string): string {
  const link = (line: string) =>
    escapeHtml(line).replace(/https?:\/\/[^\s<>"']+/g, (u) => `<a href="${u}" style="color:#1d5fa8">${u}</a>`);
  const paragraphs = text.replace(/\r\n/g, '\n').trim().split(/\n{2,}/);
  const body = paragraphs
    .map((p) => {
      if (p.startsWith('--\n')) return `<hr style="border:0;border-top:1px solid #ccc;margin:24px 0 12px"><p style="color:#555;font-size:14px">${p.slice(3).split('\n').map(link).join('<br>')}</p>`;
      return `<p style="margin:0 0 16px">${p.split('\n').map(link).join('<br>')}</p>`;
    })
    .join('\n');
  return `<!doctype html>\n<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>\n<body style="margin:0;padding:24px;background:#fff;color:#0b0c0c;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5"><div style="max-width:600px">\n${body}\n</div></body></html>\n`;
}

const ADDRESS_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

/**
 * Queues a mail in the caller's transaction (its KOV's, or a platform mail in system work). Throws
 * for an address that is not one plain e-mail address (the caller validated it: a programming error).
 */
export async function queueMail(t: Tx, mail: NewMail): Promise<string> {
  const to = mail.to.trim();
  if (to.length > 254 || !ADDRESS_RE.test(to)) throw new Error('queueMail: the recipient is not one plain e-mail address');
  // one line: a subject never carries a header of its own
  const subject = mail.subject.replace(/[\r\n]+/g, ' ').trim().slice(0, 300);
  if (!subject) throw new Error('queueMail: a mail needs a subject');
  const headers = mailHeaders(mail.headers);
  const id = uuidv7();
  await t.query(
    `INSERT INTO core_mail (id, kov_code, to_address, subject, body_text, body_html, kind, headers) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, t.kov, to, subject, mail.text, mail.html ?? null, mail.kind ?? 'mail', headers ? JSON.stringify(headers) : null],
  );
  return id;
}

/** Sends through an SMTP server: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://… (TLS). */
export function smtpTransport(url: string): MailTransport {
  const tr = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(m) {
      await tr.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}), ...(m.headers ? { headers: m.headers } : {}) });
    },
  };
}

/** Development and tests: nothing leaves the machine; the outbox row is the delivered mail (/dev/mail shows it). */
export const catcherTransport: MailTransport = {
  name: 'catcher',
  send: async () => undefined,
};

/** The configured transport: SMTP when SMTP_URL is set, the catcher outside production, else none. */
export function transportFor(config: Config): MailTransport | null {
  if (config.mail.smtpUrl) return smtpTransport(config.mail.smtpUrl);
  return config.mail.catcher ? catcherTransport : null;
}

/** Seconds before the next attempt after attempt `attempt` failed (the job queue's backoff formula). */
export function mailRetryDelay(attempt: number, random = Math.random()): number {
  return retryDelayAfter({ retryDelaySeconds: MAIL_RETRY_SECONDS, retryBackoff: true, retryDelayMaxSeconds: MAIL_RETRY_MAX_SECONDS }, attempt, random);
}

export interface SendOptions {
  /** Default: the configured one (transportFor). */
  transport?: MailTransport;
  /** At most this many mails in one run (default 200). */
  limit?: number;
  log?: JobLog;
}

export interface SendResult {
  sent: number;
  /** Attempts that failed (the mail waits for its next attempt, or was given up). */
  failed: number;
  /** Of those, mails given up now. */
  givenUp: number;
}

/** Delivers the mail that is due, one at a time, every KOV's: what mail.send runs. */
export async function sendDueMail(db: Db, config: Config, opts: SendOptions = {}): Promise<SendResult> {
  const result: SendResult = { sent: 0, failed: 0, givenUp: 0 };
  const transport = opts.transport ?? transportFor(config);
  if (!transport) {
    opts.log?.warn('mail: no SMTP_URL, so queued mail stays in the outbox');
    return result;
  }
  const limit = opts.limit ?? 200;
  for (let i = 0; i < limit; i++) {
    const m = await db.system('mail: claim the next due mail of the outbox (every KOV)', (t) =>
      t.one<MailRow>(
        `UPDATE core_mail SET attempts = attempts + 1, next_attempt_at = core_now() + $1::int * interval '1 second'
          WHERE id = (SELECT id FROM core_mail WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= core_now()
                       ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING ${COLS}`,
        [MAIL_LEASE_SECONDS],
      ),
    );
    if (!m) break;
    try {
      await transport.send({ from: config.mail.from, to: m.to_address, subject: m.subject, text: m.body_text, html: m.body_html, headers: m.headers });
    } catch (e) {
      const error = jobErrorMessage(e);
      const giveUp = m.attempts >= MAIL_MAX_ATTEMPTS;
      await db.system('mail: record a failed delivery attempt', (t) =>
        t.query(
          `UPDATE core_mail SET last_error = $2, failed_at = CASE WHEN $3 THEN core_now() END,
                  next_attempt_at = core_now() + $4::float8 * interval '1 second' WHERE id = $1`,
          [m.id, error, giveUp, giveUp ? 0 : mailRetryDelay(m.attempts)],
        ),
      );
      result.failed++;
      if (giveUp) result.givenUp++;
      opts.log?.warn({ mail: m.id, kind: m.kind, attempt: m.attempts, error, givenUp: giveUp }, 'mail: a delivery attempt failed');
      continue;
    }
    await db.system('mail: mark a mail delivered', (t) =>
      t.query('UPDATE core_mail SET sent_at = core_now(), transport = $2, last_error = NULL WHERE id = $1', [m.id, transport.name]),
    );
    result.sent++;
  }
  return result;
}

/** Deletes delivered and given-up mail older than MAIL_KEEP_DAYS (it holds addresses and texts). */
export async function deleteOldMail(db: Db): Promise<number> {
  const rows = await db.system('mail: delete old delivered mail (every KOV)', (t) =>
    t.query<{ id: string }>(
      `DELETE FROM core_mail WHERE coalesce(sent_at, failed_at) < core_now() - $1::int * interval '1 day' RETURNING id`,
      [MAIL_KEEP_DAYS],
    ),
  );
  return rows.length;
}

/** The outbox, latest first: the mail catcher page and tests (which assert on what was mailed). */
export async function listMail(db: Db, opts: { kov?: string; to?: string; limit?: number } = {}): Promise<MailRow[]> {
  return db.system('mail: read the outbox (the development mail catcher, tests)', (t) =>
    t.query<MailRow>(
      `SELECT ${COLS} FROM core_mail WHERE ($1::text IS NULL OR kov_code = $1) AND ($2::text IS NULL OR to_address = $2)
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      [opts.kov ?? null, opts.to ?? null, opts.limit ?? 200],
    ),
  );
}

/** One mail of the outbox (the catcher's detail view). */
export async function mailById(db: Db, id: string): Promise<MailRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  return (await db.system('mail: read one mail (the development mail catcher)', (t) => t.one<MailRow>(`SELECT ${COLS} FROM core_mail WHERE id = $1`, [id]))) ?? null;
}

/** The kernel's jobs: the mail sender, every minute while the workers run and whenever code sends it. */
export const MAIL_SEND_JOB = 'mail.send';
export const mailJobs: JobDef[] = [
  defineJob<Record<string, never>>({
    name: MAIL_SEND_JOB,
    labelKey: 'mail.job.send',
    // the mails keep their own attempts and backoff; a run that fails is simply the next minute's
    retryLimit: 0,
    everySeconds: 60,
    async handler(_payload, ctx) {
      await sendDueMail(ctx.db, ctx.config, { log: ctx.log });
      await deleteOldMail(ctx.db);
    },
  }),
];
