// The ballot receipt between the cast and the receipt page (Post/Redirect/Get). The cast (POST) answers
// 303 to GET /kov/:kov/polls/:id/receipt; the tracker is not in that URL (URLs end up in history,
// logs and Referer headers). It travels in a signed, HttpOnly cookie scoped to that one page's path,
// bound to the session that cast the ballot and to the poll, and expiring after RECEIPT_MINUTES.
// Reloading the page shows the same receipt and never casts again; after expiry, sign-out or in
// another session the page says the receipt is gone. The server keeps no record that links a person
// to a tracker (the voting core's own link ends when the vote closes).
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser } from '../../kernel/session.js';

const COOKIE = 'vm_receipt';
export const RECEIPT_MINUTES = 30;

export interface Receipt {
  tracker: string;
  /** The ballot replaced an earlier one of hers. */
  replaced: boolean;
}

export const receiptPath = (kov: string, pollId: string) => `/kov/${kov}/polls/${pollId}/receipt`;

/** Binds the cookie to the session and the poll (a cookie copied to another session is worthless). */
const bindingOf = (user: SessionUser, pollId: string) => createHash('sha256').update(`vallamaja/receipt/v1\n${user.sessionHash}\n${pollId}`).digest('hex').slice(0, 32);

export function setReceipt(reply: FastifyReply, user: SessionUser, poll: { kov: string; id: string }, r: Receipt, secure: boolean): void {
  const value = JSON.stringify({ b: bindingOf(user, poll.id), t: r.tracker, r: r.replaced ? 1 : 0 });
  reply.setCookie(COOKIE, value, { path: receiptPath(poll.kov, poll.id), signed: true, httpOnly: true, sameSite: 'lax', secure, maxAge: RECEIPT_MINUTES * 60 });
}

/** The receipt this session holds for the poll, or null (none, expired, forged or another session's). */
export function readReceipt(req: FastifyRequest, user: SessionUser, poll: { id: string }): Receipt | null {
  const raw = req.cookies[COOKIE];
  if (!raw) return null;
  const un = req.unsignCookie(raw);
  if (!un.valid || !un.value) return null;
  try {
    const v = JSON.parse(un.value) as { b?: unknown; t?: unknown; r?: unknown };
    if (v.b !== bindingOf(user, poll.id) || typeof v.t !== 'string' || !/^[0-9a-f]{64}$/.test(v.t)) return null;
    return { tracker: v.t, replaced: v.r === 1 };
  } catch {
    return null;
  }
}
