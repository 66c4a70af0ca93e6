// The kernel's HTTP plumbing: cookies, forms, security headers, CSRF, rate limits, i18n, sessions,
// API keys, tenants, flash messages, page rendering, errors, health and metrics.
import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import client from 'prom-client';
import type { Config } from '../config.js';
import type { ApiKeyPrincipal } from './auth.js';
import { authenticateApiKey, isPlatformAdmin } from './auth.js';
import type { Db } from './db.js';
import { isDatabaseUnavailable } from './db.js';
import type { FieldError } from './errors.js';
import { HttpError, fieldsFromValidation, isHttpError } from './errors.js';
import type { Locale, T } from './i18n.js';
import { DEFAULT_LOCALE, isLocale, translator } from './i18n.js';
import type { NavItem } from './module.js';
import type { PersonRateLimit } from './rate-limit.js';
import { databaseRateLimitStore } from './rate-limit.js';
import type { SessionUser } from './session.js';
import type { Tenant } from './tenants.js';
import { loadTenant, tenantNames } from './tenants.js';
import { SESSION_COOKIE, loadSessionCounting } from './session.js';
import type { Flash, PageCtx } from './web/components.js';
import { ErrorPage } from './web/pages.js';

export type { Tenant };
export { loadTenant };

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    nav: NavItem[];
    metrics: client.Registry;
  }
  interface FastifyRequest {
    locale: Locale;
    t: T;
    user: SessionUser | null;
    apiKey: ApiKeyPrincipal | null;
    tenant: Tenant | null;
    flashIn: Flash[];
    /** The page context; `{ csrf: false }` for a page with no form that is the same for every visitor
     * (no CSRF secret cookie is set, so the answer may be cached publicly: kernel/http-cache.ts). */
    pageCtx(opts?: { csrf?: boolean }): Promise<PageCtx>;
  }
  interface FastifyReply {
    page(vnode: VNode, status?: number): FastifyReply;
    flash(f: Flash): FastifyReply;
  }
  interface FastifyContextConfig {
    /** Set false on routes that must not be CSRF-checked (OIDC callbacks with their own state). */
    csrf?: boolean;
    /**
     * A limit per signed-in person, counted in the session lookup's own statement (no round trip
     * of its own): for hot paths such as the ballot cast. Limits per address use `rateLimit`.
     */
    personRateLimit?: PersonRateLimit;
  }
}

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public');
const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/@fontsource/noto-sans/files');
const FLASH_COOKIE = 'vm_flash';
const LANG_COOKIE = 'vm_lang';
const replyOf = new WeakMap<FastifyRequest, FastifyReply>();
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function wantsJson(req: FastifyRequest): boolean {
  const url = req.url;
  if (url.startsWith('/api/') || url.startsWith('/open311/') || url.startsWith('/oparl/')) return true;
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** 429 Too Many Requests, with Retry-After from the milliseconds left in the window. */
function rateLimited(ttlMs: number): HttpError {
  return new HttpError(429, 'rate-limited', 'error.rateLimited.title', [], 'error.rateLimited.detail', {
    'retry-after': String(Math.max(1, Math.ceil(ttlMs / 1000))),
  });
}

/**
 * The CSP source of a map tile URL template: its scheme and host, a `{s}` subdomain as `*`
 * (https://{s}.tile.example.org/{z}/{x}/{y}.png → https://*.tile.example.org). Only that host may
 * serve images besides our own origin (the reports map: config.reportsMap.tileUrl).
 */
export function tileSource(tileUrl: string): string | null {
  const m = /^(https?):\/\/([^/?#]+)/.exec(tileUrl);
  if (!m) return null;
  const host = m[2]!.replace(/\{s\}/g, '*');
  return /^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(host) ? `${m[1]}://${host}` : null;
}

export async function registerKernelHttp(app: FastifyInstance, config: Config): Promise<void> {
  const prod = config.env === 'production';

  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // the reports map's tiles come from the configured tile host, and from nowhere else
        imgSrc: ["'self'", 'data:', ...[tileSource(config.reportsMap.tileUrl)].filter((x): x is string => x !== null)],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(prod ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: prod,
    crossOriginEmbedderPolicy: false,
    // X-Frame-Options says what frame-ancestors 'none' says, for browsers that only know the
    // older header (helmet's default would be SAMEORIGIN, which disagrees with the CSP)
    frameguard: { action: 'deny' },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'vm_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: prod },
    getToken: (req) => {
      const b = req.body as Record<string, unknown> | undefined;
      if (b && typeof b._csrf === 'string') return b._csrf;
      const h = req.headers['x-csrf-token'];
      return typeof h === 'string' ? h : undefined;
    },
  });
  // Counters live in the database, so every process behind a load balancer shares them
  // (rate-limit.ts); the key is the client address (req.ip, from X-Forwarded-For with TRUST_PROXY)
  // unless a route names another (the cast: the person).
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseRateLimitStore(app.db, config.sessionSecret),
    errorResponseBuilder: (_req, ctx) => rateLimited(ctx.ttl) as unknown as object,
  });
  // the salt of the stored person keys (personRateLimit), derived from the secret every process shares
  const personKeySalt = createHmac('sha256', config.sessionSecret).update('rate-limit person key').digest('hex');
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: prod ? '1d' : 0 });
  await app.register(fastifyStatic, { root: FONT_DIR, prefix: '/static/fonts/', decorateReply: false, maxAge: '30d' });

  // ---------- metrics ----------
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'vallamaja_' });
  const httpDuration = new client.Histogram({
    name: 'vallamaja_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.decorate('metrics', registry);

  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('t', null as unknown as T);
  app.decorateRequest('user', null);
  app.decorateRequest('apiKey', null);
  app.decorateRequest('tenant', null);
  app.decorateRequest('flashIn', null as unknown as Flash[]);

  // ---------- per request: language, flash, session or API key ----------
  app.addHook('onRequest', async (req, reply) => {
    replyOf.set(req, reply);
    const q = req.query as Record<string, unknown> | undefined;
    let locale: Locale = DEFAULT_LOCALE;
    const cookieLang = req.cookies[LANG_COOKIE];
    if (q && isLocale(q.lang)) {
      locale = q.lang;
      if (cookieLang !== locale) reply.setCookie(LANG_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, secure: prod });
    } else if (isLocale(cookieLang)) locale = cookieLang;
    req.locale = locale;
    req.t = translator(locale);

    req.flashIn = [];
    const rawFlash = req.cookies[FLASH_COOKIE];
    if (rawFlash) {
      const un = req.unsignCookie(rawFlash);
      if (un.valid && un.value) {
        try {
          req.flashIn = JSON.parse(un.value) as Flash[];
        } catch {
          /* ignore a broken flash */
        }
      }
      reply.clearCookie(FLASH_COOKIE, { path: '/' });
    }

    if (req.url.startsWith('/static/') || req.url === '/healthz' || req.url === '/metrics') return;
    const auth = req.headers.authorization;
    if (auth && /^Bearer\s/i.test(auth)) {
      const p = await authenticateApiKey(app.db, auth);
      if (p === 'invalid') throw new HttpError(401, 'invalid-api-key', 'error.unauthorized.title', [{ field: 'authorization', reason: 'api.key.invalid' }]);
      req.apiKey = p;
      return;
    }
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) {
      // A route limited per person counts the hit in the session lookup's own statement.
      const limit = req.routeOptions.config?.personRateLimit;
      const hit = limit ? { bucket: `${req.method} ${req.routeOptions.url ?? ''}`, limit, salt: personKeySalt } : null;
      const { user, counted } = await loadSessionCounting(app.db, config, sid, hit);
      req.user = user;
      if (!req.user) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      if (limit && counted && counted.current > limit.max) throw rateLimited(counted.ttl);
    }
  });

  // ---------- CSRF on every unsafe request made with a browser session ----------
  // (preValidation: after the body is parsed, before schema validation, so a forged request
  // is refused as such rather than for its content)
  app.addHook('preValidation', (req, reply, done) => {
    if (!UNSAFE.has(req.method) || req.apiKey || req.routeOptions.config?.csrf === false) return done();
    app.csrfProtection(req, reply, done);
  });

  // ---------- tenant from the :kov route parameter ----------
  app.addHook('preValidation', async (req) => {
    const params = req.params as Record<string, string> | undefined;
    const kov = params?.kov;
    if (kov === undefined) return;
    if (!/^\d{4}$/.test(kov)) throw new HttpError(404, 'not-found', 'error.notFound.title', [{ field: 'kov', reason: 'tenant.unknown' }]);
    req.tenant = await loadTenant(app.db, kov);
    if (!req.tenant) throw new HttpError(404, 'not-found', 'error.notFound.title', [{ field: 'kov', reason: 'tenant.unknown' }]);
  });

  // A response that sets a cookie is never for a shared cache, whatever the route said
  // (kernel/http-cache.ts; @fastify/cookie writes its Set-Cookie headers in an earlier onSend hook).
  app.addHook('onSend', async (_req, reply, payload) => {
    const cc = reply.getHeader('cache-control');
    if (typeof cc === 'string' && cc.startsWith('public') && reply.hasHeader('set-cookie')) reply.header('cache-control', 'private, no-cache');
    return payload;
  });

  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.decorateReply('page', function (this: FastifyReply, vnode: VNode, status = 200) {
    return this.code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(`<!doctype html>${renderToString(vnode)}`);
  });
  app.decorateReply('flash', function (this: FastifyReply, f: Flash) {
    this.setCookie(FLASH_COOKIE, JSON.stringify([f]), { path: '/', signed: true, httpOnly: true, sameSite: 'lax', secure: prod });
    return this;
  });
  app.decorateRequest('pageCtx', function (this: FastifyRequest, opts?: { csrf?: boolean }): Promise<PageCtx> {
    return buildPageCtx(app, this, opts?.csrf ?? true);
  });

  // ---------- errors ----------
  app.setNotFoundHandler(async (req, reply) => {
    await sendError(app, req, reply, new HttpError(404, 'not-found', 'error.notFound.title'));
  });
  app.setErrorHandler(async (err: FastifyError | HttpError, req, reply) => {
    await sendError(app, req, reply, err);
  });

  // ---------- health and metrics ----------
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', node: process.version }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await app.db.ping();
      return { status: 'ok', database: app.db.engine };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: app.db.engine });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}


/**
 * Fastify's own refusals before routing (a malformed URL: bad percent-encoding, `FST_ERR_BAD_URL`)
 * answered as every other error: the site's error page in the person's language (JSON problem for
 * the API), not Fastify's bare JSON. Set as the server's `frameworkErrors` (app.ts). No hook has
 * run for such a request, so its language and cookies are read here.
 */
export async function sendFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const app = reply.server;
  const r = req as FastifyRequest & { cookies?: Record<string, string | undefined> };
  if (!r.cookies) r.cookies = app.parseCookie(req.headers.cookie ?? '');
  const q = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1).replace(/%(?![0-9a-f]{2})/gi, '%25') : '');
  const lang = q.get('lang');
  const cookieLang = r.cookies[LANG_COOKIE];
  req.locale = isLocale(lang) ? lang : isLocale(cookieLang) ? cookieLang : DEFAULT_LOCALE;
  req.t = translator(req.locale);
  req.flashIn = [];
  replyOf.set(req, reply);
  const bad = err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_ASYNC_CONSTRAINT' ? new HttpError(400, 'bad-url', 'error.badUrl.title', [], 'error.badUrl.detail') : err;
  await sendError(app, req, reply, bad);
}

async function buildPageCtx(app: FastifyInstance, req: FastifyRequest, csrf: boolean): Promise<PageCtx> {
  const reply = replyOf.get(req);
  // a signed-in person's page always has one (the sign-out form); a request Fastify refused before
  // routing has a reply without the plugins' decorations
  const csrfToken = reply && typeof reply.generateCsrf === 'function' && (csrf || req.user) ? reply.generateCsrf() : '';
  let user: PageCtx['user'] = null;
  if (req.user) {
    const kovCodes = [...new Set(req.user.grants.map((g) => g.kov).filter((k): k is string => !!k))];
    const names = kovCodes.length ? await app.db.tx((t) => tenantNames(t, kovCodes)) : new Map<string, string>();
    const kovs = [...names.entries()].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'et'));
    user = {
      name: `${req.user.givenName} ${req.user.familyName}`,
      isOfficial: req.user.isOfficial,
      kovs,
      platformAdmin: isPlatformAdmin(req.user),
    };
  }
  return {
    locale: req.locale,
    t: req.t,
    url: req.url,
    csrfToken,
    user,
    flash: req.flashIn ?? [],
    tenant: req.tenant ? { code: req.tenant.code, name: req.tenant.name } : null,
    nav: app.nav,
  };
}

async function sendError(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, err: unknown): Promise<void> {
  let e: HttpError;
  const fe = err as FastifyError & { validation?: unknown[]; validationContext?: string };
  if (isHttpError(err)) e = err;
  else if (fe.validation) {
    e = new HttpError(400, 'validation', 'error.validation.title', fieldsFromValidation(fe.validation as never, fe.validationContext));
  } else if (typeof fe.code === 'string' && fe.code.startsWith('FST_CSRF')) {
    e = new HttpError(403, 'csrf', 'error.csrf.title', [{ field: '_csrf', reason: 'error.csrf.detail' }], 'error.csrf.detail');
  } else if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    e = new HttpError(413, 'too-large', 'error.tooLarge.title');
  } else if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: bad JSON, unsupported media type, …
    e = new HttpError(fe.statusCode, 'bad-request', 'error.validation.title', [{ field: 'body', reason: fe.message }]);
  } else if (isDatabaseUnavailable(err)) {
    // The database is restarting, failing over or unreachable: the request's transaction did not
    // commit (every write is one transaction), and trying again shortly is the right advice.
    const ref = randomUUID().slice(0, 8);
    req.log.error({ err, ref }, 'database unavailable');
    e = new HttpError(503, 'unavailable', 'error.unavailable.title', [], 'error.unavailable.detail', { 'retry-after': '5' });
    (e as HttpError & { ref?: string }).ref = ref;
  } else {
    const ref = randomUUID().slice(0, 8);
    req.log.error({ err, ref }, 'unhandled error');
    e = new HttpError(500, 'server-error', 'error.server.title', [], 'error.server.detail');
    (e as HttpError & { ref?: string }).ref = ref;
  }
  const t = req.t ?? translator(DEFAULT_LOCALE);
  const ref = (e as HttpError & { ref?: string }).ref;
  for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
  if (wantsJson(req)) {
    const body: Record<string, unknown> = {
      type: `https://vallamaja.ee/problems/${e.type}`,
      title: t(e.titleKey),
      status: e.status,
      instance: req.url.split('?')[0],
    };
    if (e.detailKey) body.detail = t(e.detailKey, ref ? { ref } : undefined);
    if (e.fields.length) body.errors = e.fields.map((f: FieldError) => ({ field: f.field, reason: t(f.reason, f.vars) }));
    reply.code(e.status).type('application/problem+json; charset=utf-8').send(body);
    return;
  }
  const ctx = await buildPageCtx(app, req, true).catch(() => null);
  if (!ctx) {
    reply.code(e.status).type('text/plain; charset=utf-8').send(t(e.titleKey));
    return;
  }
  reply
    .code(e.status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${renderToString(ErrorPage({ ctx, error: e, refId: ref }))}`);
}

export type { FastifyInstance };
