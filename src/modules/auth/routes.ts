// Sign-in routes: /auth/login → TARA → /auth/callback, /auth/logout, and the person's page /me.
// Thin: cookies and presentation here, the rules in service.ts.
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../kernel/auth.js';
import { SESSION_COOKIE } from '../../kernel/session.js';
import {
  PENDING_MAX_AGE_SECONDS,
  REJECTIONS,
  beginSignIn,
  completeSignIn,
  decodePending,
  encodePending,
  redirectUri,
  rolesWithKovNames,
  safeReturnPath,
  signOutEverywhere,
} from './service.js';
import { MePage } from './views/MePage.js';
import { SignInFailedPage } from './views/SignInFailed.js';

/** The signed cookie that binds state, nonce and the return path to the browser during sign-in. */
export const STATE_COOKIE = 'vm_tara';
const STATE_COOKIE_PATH = '/auth';

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const config = app.config;
  const secure = config.env === 'production';
  const rateLimit = { max: config.rateLimit.signInPerMinute, timeWindow: '1 minute' };

  app.get('/auth/login', { schema: { hide: true }, config: { rateLimit } }, async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    if (req.user) return reply.redirect(safeReturnPath(q.return), 302);
    let begun: Awaited<ReturnType<typeof beginSignIn>>;
    try {
      begun = await beginSignIn(config, { returnTo: q.return, locale: req.locale });
    } catch (e) {
      req.log.error({ reason: 'unavailable', detail: e instanceof Error ? e.message : 'unknown' }, 'sign-in could not start: TARA discovery failed');
      const r = REJECTIONS.unavailable;
      const ctx = await req.pageCtx();
      const returnTo = safeReturnPath(q.return);
      return reply.page(SignInFailedPage({ ctx: { ...ctx, url: returnTo }, titleKey: r.titleKey, detailKey: r.detailKey, returnTo }), r.status);
    }
    reply.setCookie(STATE_COOKIE, encodePending(begun.pending), {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: STATE_COOKIE_PATH,
      maxAge: PENDING_MAX_AGE_SECONDS,
    });
    return reply.redirect(begun.url, 302);
  });

  app.get('/auth/callback', { schema: { hide: true }, config: { csrf: false, rateLimit } }, async (req, reply) => {
    const raw = req.cookies[STATE_COOKIE];
    let value: string | null = null;
    if (raw) {
      const un = req.unsignCookie(raw);
      if (un.valid) value = un.value;
    }
    const pending = decodePending(value);
    // One use only: whatever happens next, this browser's pending sign-in is over.
    reply.clearCookie(STATE_COOKIE, { path: STATE_COOKIE_PATH });

    const callbackUrl = new URL(redirectUri(config));
    const qs = req.url.indexOf('?');
    callbackUrl.search = qs >= 0 ? req.url.slice(qs) : '';

    const outcome = await completeSignIn(app.db, config, { callbackUrl, pending, previousSessionHash: req.user?.sessionHash ?? null });
    if (!outcome.ok) {
      req.log.warn({ reason: outcome.reason, detail: outcome.detail }, 'sign-in refused');
      const r = REJECTIONS[outcome.reason];
      const ctx = await req.pageCtx();
      return reply.page(
        SignInFailedPage({ ctx: { ...ctx, url: outcome.returnTo }, titleKey: r.titleKey, detailKey: r.detailKey, returnTo: outcome.returnTo }),
        r.status,
      );
    }
    req.log.info({ personId: outcome.personId }, 'signed in through TARA');
    reply.setCookie(SESSION_COOKIE, outcome.session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: outcome.session.maxAgeSeconds,
    });
    reply.flash({ kind: 'success', key: 'auth.flash.welcome', vars: { name: `${outcome.givenName} ${outcome.familyName}`.trim() } });
    return reply.redirect(outcome.returnTo, 302);
  });

  app.post('/auth/logout', { schema: { hide: true } }, async (req, reply) => {
    if (req.user) {
      const ended = await signOutEverywhere(app.db, req.user.personId);
      req.log.info({ personId: req.user.personId, sessions: ended }, 'signed out everywhere');
      reply.flash({ kind: 'success', key: 'auth.flash.signedOut' });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  app.get('/me', { schema: { hide: true } }, async (req, reply) => {
    const user = requireUser(req);
    const roles = await rolesWithKovNames(app.db, user.grants);
    const ctx = await req.pageCtx();
    return reply.page(
      MePage({
        ctx,
        me: { givenName: user.givenName, familyName: user.familyName, birthDate: user.birthDate, acr: user.acr, roles },
      }),
    );
  });
}
