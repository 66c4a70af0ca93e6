// Webhook routes: the KOV admin's pages (/kov/:kov/reports/webhooks…), the JSON API for the same
// (/api/v1/kov/:kov/reports/webhooks…) and the pull feed (/api/v1/kov/:kov/reports/changes). Thin:
// parse → authorize → call the service (webhooks.ts) → present → render. See docs/webhooks.md.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireAction, requirePersonFor } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, formErrors } from '../../kernel/errors.js';
import { commonErrors } from '../../kernel/schema.js';
import { REPORTS_READ, REPORTS_WEBHOOKS } from './permissions.js';
import { WebhookCreatedPage, WebhookPage, WebhooksPage } from './views/webhooks.js';
import type { AttemptView, ChangeEntry, DeliveryView, WebhookView } from './webhooks.js';
import {
  EVENT_KINDS,
  FEED_MAX_LIMIT,
  changesAfter,
  createWebhook,
  deleteWebhook,
  deliveryLog,
  getWebhook,
  listWebhooks,
  replayDead,
  setWebhookActive,
} from './webhooks.js';

type Params = { kov: string; id: string };
type FormBody = Record<string, unknown>;
const paramsOf = (req: FastifyRequest) => req.params as Params;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as FormBody;
const str = (b: FormBody, name: string) => (typeof b[name] === 'string' ? (b[name] as string) : '');
const list = (b: FormBody, name: string) => {
  const v = b[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
};
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

// ---------------------------------------------------------------- schemas

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const KovParams = Type.Object({ kov: Type.String({ description: 'EHAK code of the KOV (4 digits)' }) });
const HookParams = Type.Object({ kov: Type.String(), id: Type.String({ description: 'Webhook id (UUID)' }) });
const EventKindSchema = Type.Union([Type.Literal('*'), ...EVENT_KINDS.map((k) => Type.Literal(k))], { description: 'An event kind, or `*` for all' });

export const WebhookOut = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    events: Type.Array(Type.String()),
    description: Type.String(),
    active: Type.Boolean(),
    secret_hint: Type.String({ description: 'The last 4 characters of the signing secret (the secret itself is shown only when created)' }),
    created_by: Type.String(),
    created_at: DateTime,
    counts: Type.Object({ pending: Type.Integer(), delivered: Type.Integer(), dead: Type.Integer() }),
  },
  { $id: 'ReportsWebhook' },
);
const WebhookList = Type.Object({ items: Type.Array(Type.Ref('ReportsWebhook')) });
const WebhookCreated = Type.Object({ webhook: Type.Ref('ReportsWebhook'), secret: Type.String({ description: 'The signing secret: shown this once' }) });
const CreateBody = Type.Object(
  {
    url: Type.String({ maxLength: 2000, description: 'http(s) URL of your receiver; private and reserved addresses are refused unless the operator allows them' }),
    events: Type.Array(EventKindSchema, { minItems: 1, maxItems: 20 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const PatchBody = Type.Object({ active: Type.Boolean() }, { additionalProperties: false });
const DeliveryOut = Type.Object({
  id: Type.String(),
  event_id: Type.String(),
  report_id: Type.String(),
  seq: Type.Integer(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]),
  attempts: Type.Integer(),
  next_attempt_at: DateTime,
  last_status: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  delivered_at: Nullable(DateTime),
  created_at: DateTime,
});
const AttemptOut = Type.Object({
  delivery_id: Type.String(),
  event_id: Type.String(),
  kind: Type.String(),
  attempt: Type.Integer(),
  at: DateTime,
  status: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  duration_ms: Type.Integer(),
  response: Nullable(Type.String({ description: 'The start of the response body (at most 500 characters)' })),
});
const DeliveryLogOut = Type.Object({ deliveries: Type.Array(DeliveryOut), attempts: Type.Array(AttemptOut) });
const DeliveriesQuery = Type.Object({ state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')])) });
const ReplayBody = Type.Object({ delivery: Type.Optional(Type.String({ description: 'One dead delivery’s id; absent: every dead delivery of the webhook' })) }, { additionalProperties: false });
const ReplayOut = Type.Object({ replayed: Type.Integer() });

export const ChangeEntryOut = Type.Object(
  {
    cursor: Type.String({ description: 'This entry’s feed position: pass it as `cursor` to read what follows' }),
    kov: Type.String(),
    event: Type.Object({
      id: Type.String({ description: 'reports_event id' }),
      seq: Type.Integer({ description: '1, 2, … per report' }),
      kind: Type.String(),
      at: DateTime,
      status: Type.String({ description: 'The report’s status after this change' }),
      public: Type.Boolean({ description: 'Shown to the public (false: an internal note)' }),
      body: Nullable(Type.String()),
      actor: Type.Object({ kind: Type.String(), name: Nullable(Type.String({ description: 'null for the reporter (personal data is never sent)' })) }),
      data: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), { description: 'The event’s details (e.g. the category code); nested values as JSON text' }),
    }),
    report: Nullable(
      Type.Object({
        id: Type.String(),
        number: Type.String(),
        status: Type.String(),
        open: Type.Boolean(),
        domain: Type.String(),
        category: Type.String(),
        group: Nullable(Type.String()),
        description: Type.String(),
        lat: Nullable(Type.Number()),
        lon: Nullable(Type.Number()),
        address: Nullable(Type.String()),
        source: Type.String(),
        assignee: Nullable(Type.String()),
        duplicate_of: Nullable(Type.String()),
        forwarded_to: Nullable(Type.String()),
        created_at: DateTime,
        updated_at: DateTime,
        expected_at: Nullable(DateTime),
        closed_at: Nullable(DateTime),
      }),
    ),
  },
  { $id: 'ReportsChange' },
);
const ChangesOut = Type.Object({ items: Type.Array(Type.Ref('ReportsChange')), next_cursor: Type.String({ description: 'Pass as `cursor` next time (unchanged when there was nothing new)' }) });
const ChangesQuery = Type.Object({
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'The last entry’s cursor you have read; 0 (default) from the start' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: FEED_MAX_LIMIT, description: `At most this many entries (default 100, at most ${FEED_MAX_LIMIT})` })),
});

const hookOut = (h: WebhookView) => ({
  id: h.id,
  url: h.url,
  events: h.events,
  description: h.description,
  active: h.active,
  secret_hint: h.secretHint,
  created_by: h.createdBy,
  created_at: h.createdAt.toISOString(),
  counts: h.counts,
});
const deliveryOut = (d: DeliveryView) => ({
  id: d.id,
  event_id: d.eventId,
  report_id: d.reportId,
  seq: d.seq,
  state: d.state,
  attempts: d.attempts,
  next_attempt_at: d.nextAttemptAt.toISOString(),
  last_status: d.lastStatus,
  last_error: d.lastError,
  delivered_at: isoOrNull(d.deliveredAt),
  created_at: d.createdAt.toISOString(),
});
const attemptOut = (a: AttemptView) => ({
  delivery_id: a.deliveryId,
  event_id: a.eventId,
  kind: a.kind,
  attempt: a.attempt,
  at: a.at.toISOString(),
  status: a.status,
  error: a.error,
  duration_ms: a.durationMs,
  response: a.response,
});

const api = { tags: ['reports'], security: [{ apiKey: [] }] };

export async function webhooksRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const config = app.config;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(WebhookOut);
  app.addSchema(ChangeEntryOut);

  // ---------------------------------------------------------------- JSON API

  r.get('/api/v1/kov/:kov/reports/webhooks', { schema: { ...api, summary: 'Webhooks of the KOV', params: KovParams, response: { 200: WebhookList, ...commonErrors } } }, async (req) => {
    const { kov } = req.params;
    requireAction(req, kov, REPORTS_WEBHOOKS);
    return { items: (await listWebhooks(db, kov)).map(hookOut) };
  });

  r.post(
    '/api/v1/kov/:kov/reports/webhooks',
    {
      schema: {
        ...api,
        summary: 'Subscribe a URL to report changes',
        description: 'The answer holds the signing secret, this once. The URL must be http(s) and may not lead to a private or reserved address (400 naming `url`).',
        params: KovParams,
        body: CreateBody,
        response: { 201: WebhookCreated, ...commonErrors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, REPORTS_WEBHOOKS);
      const { webhook, secret } = await createWebhook(db, config, kov, { url: req.body.url, events: req.body.events, description: req.body.description ?? '' }, actor);
      reply.header('cache-control', 'no-store');
      return reply.code(201).header('location', `/api/v1/kov/${kov}/reports/webhooks/${webhook.id}`).send({ webhook: hookOut(webhook), secret });
    },
  );

  const hookId = (id: string) => {
    if (!UUID_RE.test(id)) throw badRequest([{ field: 'id', reason: 'reports.webhooks.error.notFound' }]);
    return id;
  };

  r.get('/api/v1/kov/:kov/reports/webhooks/:id', { schema: { ...api, summary: 'One webhook', params: HookParams, response: { 200: Type.Ref('ReportsWebhook'), ...commonErrors } } }, async (req) => {
    const { kov, id } = req.params;
    requireAction(req, kov, REPORTS_WEBHOOKS);
    return hookOut(await getWebhook(db, kov, hookId(id)));
  });

  r.patch(
    '/api/v1/kov/:kov/reports/webhooks/:id',
    { schema: { ...api, summary: 'Disable or enable a webhook', params: HookParams, body: PatchBody, response: { 200: Type.Ref('ReportsWebhook'), ...commonErrors } } },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, REPORTS_WEBHOOKS);
      return hookOut(await setWebhookActive(db, kov, hookId(id), req.body.active, actor));
    },
  );

  r.delete(
    '/api/v1/kov/:kov/reports/webhooks/:id',
    { schema: { ...api, summary: 'Delete a webhook with its deliveries and log', params: HookParams, response: { 204: Type.Null(), ...commonErrors } } },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, REPORTS_WEBHOOKS);
      await deleteWebhook(db, kov, hookId(id), actor);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/kov/:kov/reports/webhooks/:id/deliveries',
    { schema: { ...api, summary: 'A webhook’s deliveries (latest 100, optionally of one state) and latest attempts', params: HookParams, querystring: DeliveriesQuery, response: { 200: DeliveryLogOut, ...commonErrors } } },
    async (req) => {
      const { kov, id } = req.params;
      requireAction(req, kov, REPORTS_WEBHOOKS);
      const log = await deliveryLog(db, kov, hookId(id), req.query.state ?? null);
      return { deliveries: log.deliveries.map(deliveryOut), attempts: log.attempts.map(attemptOut) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/reports/webhooks/:id/replay',
    { schema: { ...api, summary: 'Send dead deliveries again (one, or all of the webhook’s)', params: HookParams, body: ReplayBody, response: { 200: ReplayOut, ...commonErrors } } },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, REPORTS_WEBHOOKS);
      const delivery = req.body.delivery ?? null;
      if (delivery !== null && !UUID_RE.test(delivery)) throw badRequest([{ field: 'delivery', reason: 'reports.webhooks.error.deliveryNotFound' }]);
      return { replayed: await replayDead(db, kov, hookId(id), delivery, actor) };
    },
  );

  r.get(
    '/api/v1/kov/:kov/reports/changes',
    {
      schema: {
        ...api,
        summary: 'The changes feed: report events after a cursor, in order',
        description:
          'Every change of the KOV’s reports (the same entries webhooks send), after `cursor`, in feed order, with the report’s current fields. ' +
          'Keep `next_cursor` and pass it next time; each entry comes once. API key with `read` scope or a signed-in official with reports.read.',
        params: KovParams,
        querystring: ChangesQuery,
        response: { 200: ChangesOut, ...commonErrors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_READ);
      const page = await changesAfter(db, kov, req.query.cursor ?? '0', req.query.limit ?? 100);
      reply.header('cache-control', 'no-store');
      return page satisfies { items: ChangeEntry[]; next_cursor: string };
    },
  );

  // ---------------------------------------------------------------- pages

  async function listPage(req: FastifyRequest, reply: FastifyReply, kov: string, values = { url: 'https://', events: ['*'], description: '' }, errors?: FieldError[], status = 200) {
    const [hooks, ctx] = await Promise.all([listWebhooks(db, kov), req.pageCtx()]);
    return reply.page(WebhooksPage({ ctx, kov, hooks, values, errors }), status);
  }

  async function hookPage(req: FastifyRequest, reply: FastifyReply, kov: string, id: string, errors?: FieldError[], status = 200) {
    const hook = await getWebhook(db, kov, hookId(id));
    const [dead, log, ctx] = await Promise.all([deliveryLog(db, kov, id, 'dead', 100), deliveryLog(db, kov, id, null, 50), req.pageCtx()]);
    return reply.page(WebhookPage({ ctx, kov, hook, dead: dead.deliveries, deliveries: log.deliveries, attempts: log.attempts, errors }), status);
  }

  app.get('/kov/:kov/reports/webhooks', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = paramsOf(req);
    requirePersonFor(req, kov, REPORTS_WEBHOOKS);
    return listPage(req, reply, kov);
  });

  app.post('/kov/:kov/reports/webhooks', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = paramsOf(req);
    const actor = requirePersonFor(req, kov, REPORTS_WEBHOOKS);
    const body = bodyOf(req);
    const values = { url: str(body, 'url'), events: list(body, 'events'), description: str(body, 'description') };
    try {
      const { webhook, secret } = await createWebhook(db, config, kov, values, actor);
      reply.header('cache-control', 'no-store');
      return reply.page(WebhookCreatedPage({ ctx: await req.pageCtx(), kov, hook: webhook, secret }), 201);
    } catch (e) {
      const bad = formErrors(e, 'url');
      if (bad) return listPage(req, reply, kov, values, bad.fields, bad.status);
      throw e;
    }
  });

  app.get('/kov/:kov/reports/webhooks/:id', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    requirePersonFor(req, kov, REPORTS_WEBHOOKS);
    return hookPage(req, reply, kov, id);
  });

  app.post('/kov/:kov/reports/webhooks/:id/active', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, REPORTS_WEBHOOKS);
    const active = str(bodyOf(req), 'active') === 'true';
    await setWebhookActive(db, kov, hookId(id), active, actor);
    reply.flash({ kind: 'success', key: active ? 'reports.webhooks.flash.enabled' : 'reports.webhooks.flash.disabled' });
    return reply.redirect(`/kov/${kov}/reports/webhooks/${id}`, 303);
  });

  app.post('/kov/:kov/reports/webhooks/:id/delete', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, REPORTS_WEBHOOKS);
    if (!list(bodyOf(req), 'confirm').includes('yes')) return hookPage(req, reply, kov, id, [{ field: 'confirm', reason: 'reports.webhooks.error.confirm' }], 400);
    await deleteWebhook(db, kov, hookId(id), actor);
    reply.flash({ kind: 'success', key: 'reports.webhooks.flash.deleted' });
    return reply.redirect(`/kov/${kov}/reports/webhooks`, 303);
  });

  app.post('/kov/:kov/reports/webhooks/:id/replay', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, REPORTS_WEBHOOKS);
    const which = str(bodyOf(req), 'delivery');
    if (which !== 'all' && !UUID_RE.test(which)) return hookPage(req, reply, kov, id, [{ field: 'delivery', reason: 'reports.webhooks.error.deliveryNotFound' }], 400);
    const n = await replayDead(db, kov, hookId(id), which === 'all' ? null : which, actor);
    reply.flash({ kind: 'success', key: 'reports.webhooks.flash.replayed', vars: { n } });
    return reply.redirect(`/kov/${kov}/reports/webhooks/${id}`, 303);
  });
}
