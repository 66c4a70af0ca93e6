// HTTP for the survey's pages (thin: parse → authorize → service → render); the JSON API is in api-survey.ts.
//
//   GET  /kov/:kov/services/:slug/feedback              the survey form of a published service (no JS needed;
//                                                       ?via=qr from the QR code, ?invite=<token> from an invitation)
//   POST /kov/:kov/services/:slug/feedback              an answer (CSRF, rate limited, signed form token, honeypot) → thanks
//   GET  /kov/:kov/services/:slug/feedback/thanks       the thank-you page
//   GET  /kov/:kov/feedback/share                       officials: the published services, to share their survey
//   GET  /kov/:kov/feedback/share/:id                   officials: a service's link, QR code, widget snippet
//   GET  /kov/:kov/feedback/share/:id/qr.svg|qr.png     the QR code of the link (download)
//   GET  /kov/:kov/feedback/moderation                  moderators: comments by state (?state=pending|approved|rejected|redacted)
//   POST /kov/:kov/feedback/moderation/:id/:decision    approve | reject | redact (CSRF) → back to the list
//   GET  /static/js/feedback-widget.js                  the widget's script, loadable from any website
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { requirePersonFor } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { formErrors, isHttpError, notFound } from '../../kernel/errors.js';
import type { Message } from '../../kernel/i18n.js';
import type { ServiceRef } from '../services/index.js';
import { serviceRef, serviceRefs } from '../services/index.js';
import { publishedService, surveyApiRoutes, surveyPath } from './api-survey.js';
import type { Decision } from './moderation.js';
import { DECISIONS, isModerationState, moderate, moderationQueue } from './moderation.js';
import { FEEDBACK_MODERATE, FEEDBACK_SEND } from './permissions.js';
import type { InviteRow } from './repo/survey.js';
import { answerInvite, checkFormToken, formTokenKey, inviteOf, inviteState, issueFormToken, submitAnswer, tokenError, validateAnswer } from './survey.js';
import { ModerationPage } from './views/moderation-pages.js';
import type { FormValues, ServiceLabel } from './views/survey-pages.js';
import { EMPTY_VALUES, InviteClosedPage, ShareListPage, ShareServicePage, SurveyFormPage, ThanksPage, surveyFormValues } from './views/survey-pages.js';

const WIDGET_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public/js/feedback-widget.js');

type SlugParams = { kov: string; slug: string };
const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const label = (s: ServiceRef): ServiceLabel => ({ id: s.id, slug: s.slug, name: s.name });

export async function surveyRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const key = formTokenKey(app.config);
  const writeLimit = { max: app.config.rateLimit.publicWritePerMinute, timeWindow: 60_000 };
  await surveyApiRoutes(app);

  // ------------------------------------------------------------------ the resident's form

  /** The open invite a form carries, or the page that says why it cannot be answered. */
  async function openInvite(kov: string, token: string, s: ServiceRef): Promise<InviteRow | 'answered' | 'expired'> {
    const inv = await inviteOf(db, kov, token);
    if (!inv || inv.service_id !== s.id) throw notFound('feedback.invite.unknown');
    const st = inviteState(inv);
    return st === 'open' ? inv : st;
  }

  async function formPage(req: FastifyRequest, reply: FastifyReply, kov: string, s: ServiceRef, o: { values?: FormValues; errors?: FieldError[]; token?: string; via: 'form' | 'qr'; invite: string | null; status?: number }) {
    const ctx = await req.pageCtx();
    return reply.page(
      SurveyFormPage({ ctx, kov, service: label(s), values: o.values ?? EMPTY_VALUES, errors: o.errors ?? [], token: o.token ?? issueFormToken(key, kov, s.id), via: o.via, invite: o.invite }),
      o.status ?? 200,
    );
  }

  app.get('/kov/:kov/services/:slug/feedback', { schema: { hide: true } }, async (req, reply) => {
    const { kov, slug } = req.params as SlugParams;
    const q = req.query as Record<string, unknown>;
    const s = await publishedService(app, kov, slug);
    const invite = one(q.invite) || null;
    if (invite) {
      const inv = await openInvite(kov, invite, s);
      if (typeof inv === 'string') return reply.page(InviteClosedPage({ ctx: await req.pageCtx({ csrf: false }), kov, reason: inv }), 410);
    }
    return formPage(req, reply, kov, s, { via: one(q.via) === 'qr' ? 'qr' : 'form', invite });
  });

  app.post('/kov/:kov/services/:slug/feedback', { schema: { hide: true }, config: { rateLimit: writeLimit } }, async (req, reply) => {
    const { kov, slug } = req.params as SlugParams;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const s = await publishedService(app, kov, slug);
    const via = one(b.via) === 'qr' ? 'qr' : 'form';
    const invite = one(b.invite).slice(0, 64) || null;
    const thanks = (pending: boolean) => reply.redirect(`${surveyPath(kov, s.slug)}/thanks${pending ? '?comment=1' : ''}`, 303);
    // the honeypot: a field people never see; a robot fills it. Thank it, store nothing.
    if (one(b.website).trim()) {
      req.log.warn({ kov, honeypot: true }, 'feedback: the form’s hidden field was filled; nothing stored');
      return thanks(false);
    }
    const values = surveyFormValues(b); // (the honeypot and the token never carried over)
    const raw = { ...values, comment: values.comment };
    const token = one(b.token);
    const v = validateAnswer(raw);
    const check = checkFormToken(key, kov, s.id, token);
    // a too-fresh token is kept (its wait has started); a bad or old one is replaced
    const keepToken = check === 'ok' || check === 'tooFast' ? token : undefined;
    if (!v.ok) return formPage(req, reply, kov, s, { values, errors: v.errors, token: keepToken, via, invite, status: 400 });
    if (check !== 'ok') return formPage(req, reply, kov, s, { values, errors: [tokenError(check)], token: keepToken, via, invite, status: 400 });
    try {
      const out = invite ? await answerInvite(db, kov, invite, raw, req.locale) : await submitAnswer(db, kov, { serviceId: s.id, channel: via, lang: req.locale, raw });
      return thanks(out.commentPending);
    } catch (e) {
      if (invite && isHttpError(e) && e.status === 409) return reply.page(InviteClosedPage({ ctx: await req.pageCtx({ csrf: false }), kov, reason: 'answered' }), 409);
      const bad = formErrors(e, 'satisfaction');
      if (bad) return formPage(req, reply, kov, s, { values, errors: bad.fields, token: keepToken, via, invite, status: bad.status });
      throw e;
    }
  });

  app.get('/kov/:kov/services/:slug/feedback/thanks', { schema: { hide: true } }, async (req, reply) => {
    const { kov, slug } = req.params as SlugParams;
    const s = await publishedService(app, kov, slug);
    const ctx = await req.pageCtx({ csrf: false });
    return reply.page(ThanksPage({ ctx, kov, service: label(s), commentPending: one((req.query as Record<string, unknown>).comment) === '1' }));
  });

  // ------------------------------------------------------------------ the officials' sharing pages

  app.get('/kov/:kov/feedback/share', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as { kov: string };
    requirePersonFor(req, kov, FEEDBACK_SEND);
    const services = (await serviceRefs(db, kov)).map(label).sort((a, b) => a.name.et.localeCompare(b.name.et, 'et'));
    return reply.page(ShareListPage({ ctx: await req.pageCtx(), kov, services }));
  });

  /** The published service an official shares (person with feedback.send), and its links. */
  async function shared(req: FastifyRequest) {
    const { kov, id } = req.params as { kov: string; id: string };
    requirePersonFor(req, kov, FEEDBACK_SEND);
    const s = await publishedService(app, kov, id);
    const link = `${app.config.publicUrl}${surveyPath(kov, s.slug)}`;
    return { kov, s, link, qrLink: `${link}?via=qr` };
  }

  app.get('/kov/:kov/feedback/share/:id', { schema: { hide: true } }, async (req, reply) => {
    const { kov, s, link, qrLink } = await shared(req);
    return reply.page(ShareServicePage({ ctx: await req.pageCtx(), kov, service: label(s), link, qrLink, origin: app.config.publicUrl }));
  });

  app.get('/kov/:kov/feedback/share/:id/qr.svg', { schema: { hide: true } }, async (req, reply) => {
    const { s, qrLink } = await shared(req);
    const svg = await QRCode.toString(qrLink, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('cache-control', 'private, max-age=300')
      .header('content-disposition', `inline; filename="feedback-${s.slug}.svg"`)
      .send(svg);
  });

  app.get('/kov/:kov/feedback/share/:id/qr.png', { schema: { hide: true } }, async (req, reply) => {
    const { s, qrLink } = await shared(req);
    const png = await QRCode.toBuffer(qrLink, { type: 'png', width: 1024, margin: 2, errorCorrectionLevel: 'M' });
    return reply.type('image/png').header('cache-control', 'private, max-age=300').header('content-disposition', `attachment; filename="feedback-${s.slug}.png"`).send(png);
  });

  // ------------------------------------------------------------------ moderation

  app.get('/kov/:kov/feedback/moderation', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as { kov: string };
    requirePersonFor(req, kov, FEEDBACK_MODERATE);
    const q = req.query as Record<string, unknown>;
    const state = isModerationState(one(q.state)) ? (one(q.state) as 'pending') : 'pending';
    const page = Math.min(Math.max(1, Number.parseInt(one(q.page) || '1', 10) || 1), 10_000);
    const queue = await moderationQueue(db, kov, state, page);
    // the services' names: the published ones at once, any other (a draft, an archived one) by itself
    const names = new Map<string, Message>((await serviceRefs(db, kov)).map((s) => [s.id, s.name]));
    for (const id of new Set(queue.items.map((i) => i.serviceId))) {
      if (names.has(id)) continue;
      const s = await serviceRef(db, kov, id);
      if (s) names.set(id, s.name);
    }
    return reply.page(ModerationPage({ ctx: await req.pageCtx(), kov, state, page, ...queue, serviceNames: names }));
  });

  app.post('/kov/:kov/feedback/moderation/:id/:decision', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id, decision } = req.params as { kov: string; id: string; decision: string };
    const actor = requirePersonFor(req, kov, FEEDBACK_MODERATE);
    if (!(DECISIONS as readonly string[]).includes(decision)) throw notFound();
    const back = one((req.body as Record<string, unknown> | undefined)?.state);
    await moderate(db, kov, actor, id, decision as Decision);
    reply.flash({ kind: 'success', key: `feedback.moderation.done.${decision}` });
    return reply.redirect(`/kov/${kov}/feedback/moderation${isModerationState(back) ? `?state=${back}` : ''}`, 303);
  });

  // ------------------------------------------------------------------ the widget's script

  // Served by this route rather than the static folder: a script for other origins' pages needs
  // Cross-Origin-Resource-Policy: cross-origin (the site's default, same-origin, would block it).
  app.get('/static/js/feedback-widget.js', { schema: { hide: true } }, async (_req, reply) => {
    const js = await fs.promises.readFile(WIDGET_FILE);
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*')
      .header('cache-control', app.config.env === 'production' ? 'public, max-age=3600' : 'no-cache')
      .send(js);
  });
}
