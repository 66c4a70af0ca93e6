// The survey's rules and commands: validating an answer, the signed form token (a minimum fill time
// against robots), storing an answer (anonymous: nothing about the person, her address or session),
// and one-time invites sent by KOV systems. Routes resolve the service (module services) first.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { nowMs } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { HttpError, badRequest } from '../../kernel/errors.js';
import type { Locale } from '../../kernel/i18n.js';
import { isLocale, registerMessages, translate } from '../../kernel/i18n.js';
import { uuidv7 } from '../../kernel/ids.js';
import { queueMail } from '../../kernel/mail.js';
import type { Channel, Driver, Score } from './model.js';
import { COMMENT_MAX, isDriver, isScore } from './model.js';
import type { AnswerRow, InviteRow } from './repo/survey.js';
import * as repo from './repo/survey.js';
import { surveyMessages } from './messages-survey.js';

// the invite mail is written here, also outside a built app (which registers the messages as well)
registerMessages(surveyMessages);

// ---------------------------------------------------------------- validating an answer

/** An answer as it arrives (a form's strings or JSON's numbers), before validation. */
export interface RawAnswer {
  satisfaction?: unknown;
  ease?: unknown;
  wentWell?: unknown;
  wentBadly?: unknown;
  comment?: unknown;
}

export interface Answer {
  satisfaction: Score;
  ease: Score;
  wentWell: Driver[];
  wentBadly: Driver[];
  comment: string | null;
}

const score = (v: unknown): number | null => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[1-5]\s*$/.test(v)) return Number(v);
  return null;
};
const list = (v: unknown): unknown[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** Checks an answer: both scores 1–5, drivers from the fixed list (each at most once, not on both sides), a comment up to 2000 characters. */
export function validateAnswer(raw: RawAnswer): { ok: true; answer: Answer } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const satisfaction = score(raw.satisfaction);
  const ease = score(raw.ease);
  if (!isScore(satisfaction)) errors.push({ field: 'satisfaction', reason: 'feedback.error.satisfaction' });
  if (!isScore(ease)) errors.push({ field: 'ease', reason: 'feedback.error.ease' });
  const drivers = (field: 'wentWell' | 'wentBadly'): Driver[] => {
    const v = list(raw[field]);
    if (v.length > 20 || !v.every(isDriver)) {
      errors.push({ field, reason: 'feedback.error.driver' });
      return [];
    }
    return [...new Set(v as Driver[])];
  };
  const wentWell = drivers('wentWell');
  const wentBadly = drivers('wentBadly');
  if (wentWell.some((d) => wentBadly.includes(d))) errors.push({ field: 'wentBadly', reason: 'feedback.error.driverBoth' });
  let comment: string | null = null;
  if (raw.comment !== undefined && raw.comment !== null) {
    if (typeof raw.comment !== 'string') errors.push({ field: 'comment', reason: 'feedback.error.comment' });
    else {
      // (NUL cannot be stored; line ends as one)
      const c = raw.comment.replace(/\0/g, '').replace(/\r\n?/g, '\n').trim();
      if ([...c].length > COMMENT_MAX) errors.push({ field: 'comment', reason: 'feedback.error.commentLong', vars: { max: COMMENT_MAX } });
      else comment = c || null;
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, answer: { satisfaction: satisfaction as Score, ease: ease as Score, wentWell, wentBadly, comment } };
}

// ---------------------------------------------------------------- the signed form token

/** A form sent sooner than this after it was shown is refused (people take longer; robots do not). */
export const MIN_FILL_MS = 3000;
/** A form older than this is refused (shown again with a new token, the answers kept). */
export const MAX_FORM_AGE_MS = 24 * 3600_000;

export type TokenCheck = 'ok' | 'invalid' | 'tooFast' | 'expired';

/** The key of the form tokens, derived from the secret every process shares. */
export function formTokenKey(config: Pick<Config, 'sessionSecret'>): Buffer {
  return createHmac('sha256', config.sessionSecret).update('feedback form token').digest();
}

function tokenSignature(key: Buffer, kov: string, serviceId: string, issued: number): Buffer {
  return createHmac('sha256', key).update(`feedback-form\0${kov}\0${serviceId}\0${issued}`).digest().subarray(0, 16);
}

/** A token for a form shown now for a service: `<issued ms, base 36>.<HMAC, base64url>`. */
export function issueFormToken(key: Buffer, kov: string, serviceId: string, at = nowMs()): string {
  const issued = Math.floor(at);
  return `${issued.toString(36)}.${tokenSignature(key, kov, serviceId, issued).toString('base64url')}`;
}

/** Whether a form token is ours, for this service, and neither too fresh nor too old (kernel clock). */
export function checkFormToken(key: Buffer, kov: string, serviceId: string, token: unknown, at = nowMs()): TokenCheck {
  if (typeof token !== 'string' || token.length > 64) return 'invalid';
  const m = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return 'invalid';
  const issued = parseInt(m[1]!, 36);
  const sig = Buffer.from(m[2]!, 'base64url');
  const want = tokenSignature(key, kov, serviceId, issued);
  if (sig.length !== want.length || !timingSafeEqual(sig, want)) return 'invalid';
  const age = at - issued;
  if (age < MIN_FILL_MS) return 'tooFast';
  if (age > MAX_FORM_AGE_MS) return 'expired';
  return 'ok';
}

/** The field error for a refused token (the form is shown again with a new one). */
export function tokenError(check: Exclude<TokenCheck, 'ok'>): FieldError {
  return { field: 'satisfaction', reason: check === 'tooFast' ? 'feedback.error.tooFast' : 'feedback.error.token' };
}

// ---------------------------------------------------------------- storing an answer

export interface SubmitInput {
  /** The service answered about (resolved and published; ignored for an invite, which names its own). */
  serviceId: string;
  channel: Exclude<Channel, 'link'>;
  raw: RawAnswer;
  lang: Locale;
}

export interface Submitted {
  id: string;
  serviceId: string;
  channel: Channel;
  commentPending: boolean;
}

/** Stores a validated answer. Nothing about who answered is stored. 400 naming the fields for a bad answer. */
export async function submitAnswer(db: Db, kov: string, input: SubmitInput): Promise<Submitted> {
  const v = validateAnswer(input.raw);
  if (!v.ok) throw badRequest(v.errors);
  const a = v.answer;
  const row = await db.tx(
    (t) =>
      repo.insertAnswer(t, {
        id: uuidv7(),
        kov,
        serviceId: input.serviceId,
        channel: input.channel,
        inviteId: null,
        ...a,
        lang: isLocale(input.lang) ? input.lang : 'et',
      }),
    { kov },
  );
  return { id: row.id, serviceId: row.service_id, channel: row.channel, commentPending: row.comment_state === 'pending' };
}

// ---------------------------------------------------------------- invites (KOV systems)

/** How long an invite can be answered. */
export const INVITE_DAYS = 30;

export const inviteTokenHash = (token: string): Buffer => createHash('sha256').update(`feedback-invite\0${token}`).digest();
const INVITE_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;
export const isInviteToken = (x: unknown): x is string => typeof x === 'string' && INVITE_TOKEN_RE.test(x);

/** The invite behind a token (answered or not), or null (unknown token, or not this KOV's). */
export async function inviteOf(db: Db, kov: string, token: unknown): Promise<InviteRow | null> {
  if (!isInviteToken(token)) return null;
  return db.tx((t) => repo.inviteByToken(t, kov, inviteTokenHash(token)), { kov });
}

/** The state of an invite for its form: open, answered, expired. */
export function inviteState(i: InviteRow, at = nowMs()): 'open' | 'answered' | 'expired' {
  if (i.answered_at) return 'answered';
  return new Date(i.expires_at).getTime() <= at ? 'expired' : 'open';
}

/**
 * Answers an invite: claims it and stores the answer in one transaction (channel 'link', with the
 * invite's id). Answered once: a second answer (also one racing the first) is refused with 409.
 */
export async function answerInvite(db: Db, kov: string, token: string, raw: RawAnswer, lang: Locale): Promise<Submitted> {
  const v = validateAnswer(raw);
  if (!v.ok) throw badRequest(v.errors);
  if (!isInviteToken(token)) throw new HttpError(404, 'not-found', 'error.notFound.title', [], 'feedback.invite.unknown');
  const hash = inviteTokenHash(token);
  const row = await db.tx(async (t): Promise<AnswerRow | 'unknown' | 'used'> => {
    const id = uuidv7();
    const invite = await repo.claimInvite(t, kov, hash, id);
    if (!invite) return (await repo.inviteByToken(t, kov, hash)) ? 'used' : 'unknown';
    return repo.insertAnswer(t, { id, kov, serviceId: invite.service_id, channel: 'link', inviteId: invite.id, ...v.answer, lang });
  }, { kov });
  if (row === 'unknown') throw new HttpError(404, 'not-found', 'error.notFound.title', [], 'feedback.invite.unknown');
  if (row === 'used') throw new HttpError(409, 'conflict', 'error.conflict.title', [{ field: 'invite', reason: 'feedback.invite.used' }], 'feedback.invite.used');
  return { id: row.id, serviceId: row.service_id, channel: row.channel, commentPending: row.comment_state === 'pending' };
}

export interface NewInvite {
  serviceId: string;
  /** Where the answer form lives: /kov/<kov>/services/<slug>/feedback (the token is added). */
  formPath: string;
  /** The service's name in the mail's language (for the mail). */
  serviceName: string;
  /** The KOV system's own reference of the transaction (not personal data; optional). */
  reference: string | null;
  /** If given, the invite is mailed there (kernel mail queue) and the address is not kept. */
  email: string | null;
  lang: Locale;
}

export interface CreatedInvite {
  id: string;
  token: string;
  url: string;
  expiresAt: Date;
  mailed: boolean;
}

const EMAIL_RE = /^[^\s@<>()",;]{1,64}@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** Creates a one-time invite (and queues its mail); audit entry for the KOV system that asked. */
export async function createInvite(db: Db, config: Pick<Config, 'publicUrl'>, kov: string, actor: Actor, n: NewInvite): Promise<CreatedInvite> {
  const email = n.email?.trim() || null;
  if (email !== null && (email.length > 254 || !EMAIL_RE.test(email))) throw badRequest([{ field: 'email', reason: 'feedback.error.email' }]);
  if (n.reference !== null && n.reference.length > 200) throw badRequest([{ field: 'reference', reason: 'feedback.error.reference' }]);
  const token = randomBytes(24).toString('base64url');
  const url = `${config.publicUrl}${n.formPath}?invite=${token}`;
  const expiresAt = new Date(nowMs() + INVITE_DAYS * 86400_000);
  const invite = await db.tx(async (t) => {
    const row = await repo.insertInvite(t, {
      id: uuidv7(),
      kov,
      serviceId: n.serviceId,
      tokenHash: inviteTokenHash(token),
      reference: n.reference,
      mailed: email !== null,
      createdBy: actor.name,
      expiresAt,
    });
    if (email) {
      const vars = { service: n.serviceName, url, days: INVITE_DAYS };
      await queueMail(t, {
        to: email,
        subject: translate(n.lang, 'feedback.invite.mail.subject', vars),
        text: translate(n.lang, 'feedback.invite.mail.text', vars),
        kind: 'feedback.invite',
      });
    }
    // (the address is not in the audit entry either: only whether a mail was sent)
    await recordAudit(t, { kov, actor, action: 'feedback.invite', targetType: 'feedback_invite', targetId: row.id, after: { serviceId: n.serviceId, mailed: row.mailed, reference: n.reference } });
    return row;
  }, { kov });
  return { id: invite.id, token, url, expiresAt: new Date(invite.expires_at), mailed: invite.mailed };
}
