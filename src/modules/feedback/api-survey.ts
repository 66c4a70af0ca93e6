// The survey's JSON API (thin: parse → authorize → service → present):
//
//   GET     /api/v1/kov/:kov/services/:id/feedback/form   the widget's form: texts in ?lang, a signed token (public, CORS)
//   POST    /api/v1/kov/:kov/services/:id/feedback        an answer (public, CORS, rate limited, token + honeypot)
//   OPTIONS /api/v1/kov/:kov/services/:id/feedback        the CORS preflight (any origin; only these two endpoints)
//   POST    /api/v1/kov/:kov/feedback/invites             a one-time invite (feedback.send: an API key with `write`)
//   GET     /api/v1/kov/:kov/feedback/answers             answers for KOV systems (feedback.read); comment text only when approved
//
// The public endpoints answer any origin (Access-Control-Allow-Origin: *) without credentials: the
// widget on a KOV's own website posts here. Nothing else of the API is opened to other origins.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireAction } from '../../kernel/auth.js';
import { badRequest, notFound } from '../../kernel/errors.js';
import type { Locale } from '../../kernel/i18n.js';
import { isLocale, translate } from '../../kernel/i18n.js';
import { UUID_RE } from '../../kernel/ids.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import type { ServiceRef } from '../services/index.js';
import { serviceRef } from '../services/index.js';
import { COMMENT_MAX, DRIVERS, DRIVER_LABELS, EASE_LABELS, SATISFACTION_LABELS, SCALE } from './model.js';
import { listAnswers } from './moderation.js';
import { FEEDBACK_READ, FEEDBACK_SEND } from './permissions.js';
import { AnswerIn, AnswerOut, AnswersOut, AnswersQuery, FormOut, FormQuery, InviteIn, InviteOut, KovParams, ServiceParams } from './schema.js';
import { checkFormToken, createInvite, formTokenKey, issueFormToken, submitAnswer, tokenError, validateAnswer } from './survey.js';

const tags = ['feedback'];

/** The texts the widget shows, by its own names. */
const WIDGET_TEXTS: Record<string, string> = {
  title: 'feedback.form.title',
  intro: 'feedback.form.intro',
  satisfaction: 'feedback.form.satisfaction',
  ease: 'feedback.form.ease',
  wentWell: 'feedback.form.wentWell',
  wentBadly: 'feedback.form.wentBadly',
  comment: 'feedback.form.comment',
  commentHint: 'feedback.form.commentHint',
  submit: 'feedback.form.submit',
  honeypot: 'feedback.form.honeypot',
  sending: 'feedback.widget.sending',
  failed: 'feedback.widget.failed',
  thanks: 'feedback.thanks.title',
  thanksText: 'feedback.thanks.text',
  thanksComment: 'feedback.thanks.comment',
  errorSummary: 'form.errorSummary',
  errorSatisfaction: 'feedback.error.satisfaction',
  errorEase: 'feedback.error.ease',
  rateLimited: 'error.rateLimited.detail',
};

/** The stable link of a service's survey (a page). */
export const surveyPath = (kov: string, slug: string) => `/kov/${kov}/services/${encodeURIComponent(slug)}/feedback`;

/** A published service of the KOV by id or slug; 404 otherwise (drafts and archived services take no answers). */
export async function publishedService(app: FastifyInstance, kov: string, key: string): Promise<ServiceRef> {
  const s = await serviceRef(app.db, kov, key);
  if (!s || s.status !== 'published' || s.kovCode !== kov) throw notFound('feedback.error.service');
  return s;
}

/** CORS for the widget's two endpoints: any origin, no credentials. */
async function openToAnyOrigin(_req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.header('access-control-allow-origin', '*');
  reply.header('vary', 'origin');
  return payload;
}

export async function surveyApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const key = formTokenKey(app.config);
  const writeLimit = { max: app.config.rateLimit.publicWritePerMinute, timeWindow: 60_000 };
  const origin = app.config.publicUrl;

  r.get(
    '/api/v1/kov/:kov/services/:id/feedback/form',
    {
      onSend: openToAnyOrigin,
      schema: {
        tags,
        summary: 'The survey form of a service (for the embeddable widget)',
        description: 'Texts and choices in the requested language, and a signed form token to send back with the answer. Public; any origin may read it (CORS).',
        params: ServiceParams,
        querystring: FormQuery,
        response: { 200: FormOut, 404: problem('No such KOV or published service') },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const s = await publishedService(app, kov, id);
      const l: Locale = req.query.lang ?? req.locale;
      const texts: Record<string, string> = {};
      for (const [k, msg] of Object.entries(WIDGET_TEXTS)) texts[k] = translate(l, msg, { max: COMMENT_MAX });
      reply.header('cache-control', 'no-store');
      return {
        service: { id: s.id, slug: s.slug, name: s.name[l] || s.name.et },
        lang: l,
        token: issueFormToken(key, kov, s.id),
        // (?lang: the kernel answers errors, e.g. 429, in that language)
        submitUrl: `${origin}/api/v1/kov/${kov}/services/${s.id}/feedback?lang=${l}`,
        formUrl: `${origin}${surveyPath(kov, s.slug)}`,
        commentMax: COMMENT_MAX,
        satisfaction: SCALE.map((n) => ({ value: n, label: SATISFACTION_LABELS[n][l] })),
        ease: SCALE.map((n) => ({ value: n, label: EASE_LABELS[n][l] })),
        drivers: DRIVERS.map((d) => ({ code: d, label: DRIVER_LABELS[d][l] })),
        texts,
      };
    },
  );

  // the preflight of a cross-origin JSON POST (Content-Type: application/json)
  r.options(
    '/api/v1/kov/:kov/services/:id/feedback',
    {
      config: { csrf: false },
      schema: {
        tags,
        summary: 'CORS preflight of the widget’s answer (any origin may POST JSON here)',
        params: ServiceParams,
        response: { 204: Type.Null({ description: 'Allowed: POST with Content-Type from any origin, without credentials' }) },
      },
    },
    async (_req, reply) => {
    return reply
      .code(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '86400')
      .header('vary', 'origin')
      .send(null);
    },
  );

  r.post(
    '/api/v1/kov/:kov/services/:id/feedback',
    {
      onSend: openToAnyOrigin,
      // no CSRF: anonymous, no cookie is read or set; the signed form token and the rate limit guard it
      config: { csrf: false, rateLimit: writeLimit },
      schema: {
        tags,
        summary: 'Answer the survey of a service (what the widget posts)',
        description:
          'Anonymous: nothing about the person, her address or session is stored. Needs the token of GET …/feedback/form, at least 3 seconds old. ' +
          'Rate limited per client (429 with Retry-After). A comment waits for moderation. Channel `widget`.',
        params: ServiceParams,
        body: AnswerIn,
        response: { 201: AnswerOut, 400: commonErrors[400], 404: problem('No such KOV or published service'), 429: problem('Too many answers from this client; wait (Retry-After)') },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const b = req.body;
      const l: Locale = b.lang && isLocale(b.lang) ? b.lang : req.locale;
      const s = await publishedService(app, kov, id);
      if (b.website?.trim()) {
        req.log.warn({ kov, honeypot: true }, 'feedback: the widget’s hidden field was filled; nothing stored');
        return reply.code(201).send({ id: null, commentPending: false, message: translate(l, 'feedback.thanks.text') });
      }
      // the answer's own errors first (she can fix those), then the token's
      const v = validateAnswer(b);
      if (!v.ok) throw badRequest(v.errors);
      const check = checkFormToken(key, kov, s.id, b.token);
      if (check !== 'ok') throw badRequest([tokenError(check)]);
      const out = await submitAnswer(db, kov, { serviceId: s.id, channel: 'widget', lang: l, raw: b });
      return reply.code(201).send({ id: out.id, commentPending: out.commentPending, message: translate(l, 'feedback.thanks.text') });
    },
  );

  r.post(
    '/api/v1/kov/:kov/feedback/invites',
    {
      schema: {
        tags,
        summary: 'Create a one-time survey invitation (a KOV system at the end of a transaction)',
        description: 'Answers the one-time link (answered once, within 30 days; channel `link`). With `email`, the invitation is mailed and the address is not kept. API key with `write` (feedback.send).',
        security: [{ apiKey: [] }],
        params: KovParams,
        body: InviteIn,
        response: { 201: InviteOut, ...commonErrors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, FEEDBACK_SEND);
      const b = req.body;
      const s = await publishedService(app, kov, b.service);
      const l: Locale = b.lang ?? 'et';
      const inv = await createInvite(db, app.config, kov, actor, {
        serviceId: s.id,
        formPath: surveyPath(kov, s.slug),
        serviceName: s.name[l] || s.name.et,
        reference: b.reference ?? null,
        email: b.email ?? null,
        lang: l,
      });
      return reply.code(201).send({ id: inv.id, url: inv.url, expiresAt: inv.expiresAt.toISOString(), mailed: inv.mailed });
    },
  );

  r.get(
    '/api/v1/kov/:kov/feedback/answers',
    {
      schema: {
        tags,
        summary: 'The KOV’s survey answers, newest first',
        description: 'Scores, drivers and channel of every answer; a comment’s text only once a moderator approved it. Cursor-paged. API key with `read` (feedback.read).',
        security: [{ apiKey: [] }],
        params: KovParams,
        querystring: AnswersQuery,
        response: { 200: AnswersOut, ...commonErrors },
      },
    },
    async (req) => {
      const { kov } = req.params;
      requireAction(req, kov, FEEDBACK_READ);
      const q = req.query;
      const date = (s: string | undefined, field: string) => {
        if (s === undefined) return null;
        const d = new Date(s);
        if (Number.isNaN(d.getTime())) throw badRequest([{ field, reason: 'feedback.api.date' }]);
        return d;
      };
      if (q.service !== undefined && !UUID_RE.test(q.service)) throw badRequest([{ field: 'service', reason: 'feedback.error.service' }]);
      return listAnswers(db, kov, { serviceId: q.service ?? null, from: date(q.from, 'from'), to: date(q.to, 'to'), cursor: q.cursor ?? null, limit: q.limit ?? 100 });
    },
  );
}
