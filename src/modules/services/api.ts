// The service catalogue's JSON API for KOV systems (/api/v1/kov/:kov/services). Thin: parse (TypeBox)
// → authorize (services.read / services.edit: service owners, KOV admins, the KOV's API keys with
// read / write) → service → present. Errors are RFC 9457 problem+json (the kernel's handler).
//
//   GET  /api/v1/kov/:kov/services                       the KOV's services (?status=draft|published|archived)
//   GET  /api/v1/kov/:kov/services/:id                   one service (id or slug) with its working version
//   GET  /api/v1/kov/:kov/services/:id/versions          its versions, newest first
//   GET  /api/v1/kov/:kov/services/:id/versions/:no      one version's content
//   POST /api/v1/kov/:kov/services                       a new service (a draft)
//   POST /api/v1/kov/:kov/services/adopt                 a new draft from an ELVL template
//   PUT  /api/v1/kov/:kov/services/:id                   edit: the open draft, or a new draft version
//   POST /api/v1/kov/:kov/services/:id/publish           publish the open draft
//   POST /api/v1/kov/:kov/services/:id/archive           archive a published service
//   GET  /api/v1/services/templates                      ELVL's templates (public)
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireAction } from '../../kernel/auth.js';
import { notFound } from '../../kernel/errors.js';
import { KovCode, commonErrors, problem } from '../../kernel/schema.js';
import { SERVICES_EDIT, SERVICES_READ } from './permissions.js';
import { contentFromInput, serviceOut, summaryOut, templateOut, versionOut } from './present.js';
import { ContentIn, ServiceOut, ServiceSummaryOut, Status, TemplateOut, VersionFullOut, VersionOut } from './schema.js';
import { adoptTemplate, archiveService, createService, getService, getVersion, listServices, listTemplates, listVersions, publishService, updateService } from './service.js';

const errors = { ...commonErrors, 409: problem('Conflict: no draft to publish, or only a published service can be archived') };
const read = { tags: ['services'], security: [{ apiKey: [] }] };
const write = { tags: ['services'], security: [{ apiKey: [] }] };
const KovParams = Type.Object({ kov: KovCode });
const KovIdParams = Type.Object({ kov: KovCode, id: Type.String({ maxLength: 100, description: 'The service’s id or slug' }) });

export async function apiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  async function full(kov: string, id: string) {
    const v = await getService(db, kov, id);
    if (!v) throw notFound('services.error.notFound');
    return serviceOut(v);
  }

  r.get(
    '/api/v1/kov/:kov/services',
    {
      schema: {
        ...read,
        summary: 'The KOV’s services, every status (services.read)',
        params: KovParams,
        querystring: Type.Object({ status: Type.Optional(Status) }),
        response: { 200: Type.Object({ items: Type.Array(ServiceSummaryOut) }), ...errors },
      },
    },
    async (req) => {
      const { kov } = req.params;
      requireAction(req, kov, SERVICES_READ);
      return { items: (await listServices(db, kov, req.query.status ?? null)).map(summaryOut) };
    },
  );

  r.get('/api/v1/kov/:kov/services/:id', { schema: { ...read, summary: 'A service with its working version (the open draft, else the current)', params: KovIdParams, response: { 200: ServiceOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    requireAction(req, kov, SERVICES_READ);
    return full(kov, id);
  });

  r.get(
    '/api/v1/kov/:kov/services/:id/versions',
    { schema: { ...read, summary: 'Every version of a service, newest first: who made and published it, when', params: KovIdParams, response: { 200: Type.Object({ items: Type.Array(VersionOut) }), ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      requireAction(req, kov, SERVICES_READ);
      const vs = await listVersions(db, kov, id);
      if (!vs) throw notFound('services.error.notFound');
      return { items: vs.map(versionOut) };
    },
  );

  r.get(
    '/api/v1/kov/:kov/services/:id/versions/:no',
    {
      schema: {
        ...read,
        summary: 'One version of a service with its content',
        params: Type.Object({ kov: KovCode, id: Type.String({ maxLength: 100 }), no: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
        response: { 200: VersionFullOut, ...errors },
      },
    },
    async (req) => {
      const { kov, id, no } = req.params;
      requireAction(req, kov, SERVICES_READ);
      const v = await getVersion(db, kov, id, no);
      if (!v) throw notFound('services.error.notFound');
      return { ...versionOut(v), content: v.content };
    },
  );

  r.post(
    '/api/v1/kov/:kov/services',
    {
      schema: {
        ...write,
        summary: 'Create a service (a draft, version 1); its slug is made from the Estonian name and never changes',
        description: 'Channels: an e-service or web page needs a URL, an office or post an address, phone a number, e-mail an address; costs in euro cents (0 = free); times ISO 8601 durations. Related services must be the KOV’s own.',
        params: KovParams,
        body: ContentIn,
        response: { 201: ServiceOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, SERVICES_EDIT);
      const { id } = await createService(db, kov, contentFromInput(req.body), actor);
      return reply.code(201).header('location', `/api/v1/kov/${kov}/services/${id}`).send(await full(kov, id));
    },
  );

  r.post(
    '/api/v1/kov/:kov/services/adopt',
    {
      schema: {
        ...write,
        summary: 'Adopt an ELVL template: a new draft prefilled from it and linked to it',
        params: KovParams,
        body: Type.Object(
          {
            templateId: Type.String({ maxLength: 64 }),
            unit: Type.Optional(Type.String({ maxLength: 300 })),
            ownerName: Type.Optional(Type.String({ maxLength: 300 })),
            ownerEmail: Type.Optional(Type.String({ maxLength: 254 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ServiceOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, SERVICES_EDIT);
      const { templateId, ...overrides } = req.body;
      const { id } = await adoptTemplate(db, kov, templateId, actor, overrides);
      return reply.code(201).header('location', `/api/v1/kov/${kov}/services/${id}`).send(await full(kov, id));
    },
  );

  r.put(
    '/api/v1/kov/:kov/services/:id',
    {
      schema: {
        ...write,
        summary: 'Edit a service: the open draft in place, or (published or archived, no draft open) a new draft version',
        description: 'The published version stays what the public sees until the draft is published.',
        params: KovIdParams,
        body: ContentIn,
        response: { 200: Type.Object({ versionNo: Type.Integer(), created: Type.Boolean({ description: 'A new version was opened' }), service: ServiceOut }), ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, SERVICES_EDIT);
      const s = await getService(db, kov, id);
      if (!s) throw notFound('services.error.notFound');
      const res = await updateService(db, kov, s.id, contentFromInput(req.body), actor);
      return { ...res, service: await full(kov, s.id) };
    },
  );

  for (const [verb, summary] of [
    ['publish', 'Publish the open draft: it becomes the current version (409 if no draft is open)'],
    ['archive', 'Archive a published service: it leaves the public catalogue, its versions stay (409 unless published)'],
  ] as const) {
    r.post(`/api/v1/kov/:kov/services/:id/${verb}`, { schema: { ...write, summary, params: KovIdParams, response: { 200: ServiceOut, ...errors } } }, async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, SERVICES_EDIT);
      const s = await getService(db, kov, id);
      if (!s) throw notFound('services.error.notFound');
      if (verb === 'publish') await publishService(db, kov, s.id, actor);
      else await archiveService(db, kov, s.id, actor);
      return full(kov, s.id);
    });
  }

  r.get(
    '/api/v1/services/templates',
    { schema: { tags: ['services'], summary: 'ELVL’s templates of typical KOV services (public): what a KOV adopts', response: { 200: Type.Object({ items: Type.Array(TemplateOut) }) } } },
    async () => ({ items: (await listTemplates(db)).map(templateOut) }),
  );
}
