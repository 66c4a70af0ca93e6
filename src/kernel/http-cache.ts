// Validators and cache headers for data that does not change once published (a certified result,
// a public board): a strong ETag, `If-None-Match` answered 304 without a body, and Cache-Control
// `public` only for what is the same for everyone. A page that shows anything about the signed-in
// person, a flash message or sets a cookie is never public: it is `private` (the browser may keep
// it, no shared cache may).
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { nowMs } from './clock.js';

/** A strong entity tag (quoted) from a hex digest or any string. */
export function strongEtag(tag: string): string {
  return `"${tag.replace(/[^0-9A-Za-z._-]/g, '')}"`;
}

/** The strong ETag of a body: SHA-256 of its bytes (first 32 hex digits). */
export function etagOfBody(body: string | Uint8Array): string {
  return strongEtag(createHash('sha256').update(body).digest('hex').slice(0, 32));
}

/** If-None-Match names this entity tag (or `*`): RFC 9110 weak comparison, as for GET. */
export function notModified(req: FastifyRequest, etag: string): boolean {
  const h = req.headers['if-none-match'];
  if (typeof h !== 'string' || h === '') return false;
  if (h.trim() === '*') return true;
  const want = etag.replace(/^W\//, '');
  return h.split(',').some((t) => t.trim().replace(/^W\//, '') === want);
}

export interface CacheOptions {
  /** Seconds a shared cache or browser may use it without asking again. */
  maxAge: number;
  /** The same for everyone (no session, no flash, no cookie set): shared caches may keep it. */
  shared: boolean;
  /** Request headers the body depends on besides the URL (e.g. Cookie: the language cookie). */
  vary?: string;
}

/**
 * Sets ETag and Cache-Control for a response; answers true when the request's If-None-Match
 * matches (the caller then sends 304 without a body: `reply.code(304).send()`).
 */
export function cacheHeaders(req: FastifyRequest, reply: FastifyReply, etag: string, opts: CacheOptions): boolean {
  const shared = opts.shared && !reply.hasHeader('set-cookie');
  reply.header('etag', etag);
  reply.header('cache-control', shared ? `public, max-age=${opts.maxAge}` : 'private, no-cache');
  if (opts.vary) reply.header('vary', opts.vary);
  return notModified(req, etag);
}

/** Whether what a request sees can be the same for everyone: no session, no API key, no flash. */
export function anonymous(req: FastifyRequest): boolean {
  return !req.user && !req.apiKey && (req.flashIn?.length ?? 0) === 0;
}

/**
 * Sends a server-rendered page with a strong ETag of its bytes (304 when If-None-Match matches).
 * Shared caches may keep it (`public`, max-age) only when the request is anonymous and nothing set
 * a cookie; otherwise it is `private, no-cache` (a signed-in person's page never goes to a shared
 * cache). `Vary: Cookie`: the language and the session come from cookies.
 */
export function sendCachedPage(req: FastifyRequest, reply: FastifyReply, vnode: VNode, maxAge: number, status = 200): FastifyReply {
  const { html, etag } = renderPage(vnode);
  if (cacheHeaders(req, reply, etag, { maxAge, shared: anonymous(req), vary: 'Cookie' })) return reply.code(304).send();
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/**
 * A small in-process cache of answers that are the same for everyone for a few seconds (results
 * night: thousands of visitors asking for the same certified page). An entry is used for at most
 * `ttlMs` (well within the max-age already given to shared caches), so a change (a later sign-off)
 * shows within that time; at most `max` entries, the oldest dropped first.
 */
export class MicroCache<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();
  constructor(
    private readonly ttlMs: number,
    private readonly max = 1000,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (nowMs() - e.at >= this.ttlMs || nowMs() < e.at) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { at: nowMs(), value });
  }
}

/** A rendered page, its ETag and max-age, as kept in a MicroCache. */
export interface RenderedPage {
  /** The page's bytes (UTF-8), encoded once. */
  html: Buffer;
  etag: string;
}

/** Renders a page for the public (anonymous) cache: the HTML and its strong ETag. */
export function renderPage(vnode: VNode): RenderedPage {
  const html = Buffer.from(`<!doctype html>${renderToString(vnode)}`, 'utf8');
  return { html, etag: etagOfBody(html) };
}

/** Sends a page rendered by renderPage to an anonymous visitor: public, ETag, 304 on a match. */
export function sendPublicPage(req: FastifyRequest, reply: FastifyReply, page: RenderedPage, maxAge: number): FastifyReply {
  if (cacheHeaders(req, reply, page.etag, { maxAge, shared: true, vary: 'Cookie' })) return reply.code(304).send();
  return reply.code(200).type('text/html; charset=utf-8').send(page.html);
}
