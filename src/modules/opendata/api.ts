// The open-data JSON API. Thin: parse (TypeBox) → authorize (opendata.read / edit / review:
// publishers, reviewers, KOV admins, the KOV's API keys with read / write) → service → present.
// Errors are RFC 9457 problem+json (the kernel's handler).
//
//   GET    /api/v1/kov/:kov/opendata/datasets                      the KOV's register (?status=)
//   POST   /api/v1/kov/:kov/opendata/datasets                      a new dataset (a draft)
//   GET    /api/v1/kov/:kov/opendata/datasets/:id                  one dataset with its distributions
//   PUT    /api/v1/kov/:kov/opendata/datasets/:id                  edit the metadata (drafts)
//   POST   /api/v1/kov/:kov/opendata/datasets/:id/links            add a link or an API endpoint
//   POST   /api/v1/kov/:kov/opendata/datasets/:id/files            add a file (base64)
//   DELETE /api/v1/kov/:kov/opendata/datasets/:id/distributions/:did
//   POST   /api/v1/kov/:kov/opendata/datasets/:id/review|publish|withdraw|reopen
//   GET    /api/v1/opendata/datasets                                the published catalogue (public)
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireAction } from '../../kernel/auth.js';
import { badRequest, notFound } from '../../kernel/errors.js';
import { KovCode, commonErrors, problem } from '../../kernel/schema.js';
import { base64Bytes } from '../../kernel/upload.js';
import type { DatasetMeta, Transition } from './model.js';
import { OPENDATA_EDIT, OPENDATA_READ, OPENDATA_REVIEW } from './permissions.js';
import { datasetOut } from './present.js';
import { DatasetOut, FileIn, LinkIn, MetaIn, PublicDatasetOut, Status } from './schema.js';
import { addFile, addLink, catalogueDatasets, createDataset, getDataset, listDatasets, removeDistribution, transition, updateDataset } from './service.js';

const errors = { ...commonErrors, 409: problem('Conflict: the step is not allowed in this status, or four eyes (the last editor may not review)') };
const secured = { tags: ['opendata'], security: [{ apiKey: [] }] };
const KovParams = Type.Object({ kov: KovCode });
const IdParams = Type.Object({ kov: KovCode, id: Type.String({ maxLength: 40, description: 'The dataset’s id' }) });
const DistParams = Type.Object({ kov: KovCode, id: Type.String({ maxLength: 40 }), did: Type.String({ maxLength: 40 }) });
const TRANSITIONS: readonly Transition[] = ['review', 'publish', 'withdraw', 'reopen'];

export async function apiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  async function full(kov: string, id: string) {
    const d = await getDataset(db, kov, id);
    if (!d) throw notFound('opendata.error.notFound');
    return datasetOut(d);
  }

  r.get(
    '/api/v1/kov/:kov/opendata/datasets',
    {
      schema: {
        ...secured,
        summary: 'The KOV’s dataset register, every status (opendata.read)',
        params: KovParams,
        querystring: Type.Object({ status: Type.Optional(Status) }),
        response: { 200: Type.Object({ items: Type.Array(DatasetOut) }), ...errors },
      },
    },
    async (req) => {
      const { kov } = req.params;
      requireAction(req, kov, OPENDATA_READ);
      return { items: (await listDatasets(db, kov, req.query.status ?? null)).map(datasetOut) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/opendata/datasets',
    { schema: { ...secured, summary: 'A new dataset, as a draft (opendata.edit)', params: KovParams, body: MetaIn, response: { 201: DatasetOut, ...errors } } },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, OPENDATA_EDIT);
      const { id } = await createDataset(db, kov, req.body as DatasetMeta, actor);
      return reply.code(201).header('location', `/api/v1/kov/${kov}/opendata/datasets/${id}`).send(await full(kov, id));
    },
  );

  r.get('/api/v1/kov/:kov/opendata/datasets/:id', { schema: { ...secured, summary: 'One dataset with its distributions (opendata.read)', params: IdParams, response: { 200: DatasetOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    requireAction(req, kov, OPENDATA_READ);
    return full(kov, id);
  });

  r.put(
    '/api/v1/kov/:kov/opendata/datasets/:id',
    { schema: { ...secured, summary: 'Edit a draft’s metadata (opendata.edit)', params: IdParams, body: MetaIn, response: { 200: DatasetOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, OPENDATA_EDIT);
      await updateDataset(db, kov, id, req.body as DatasetMeta, actor);
      return full(kov, id);
    },
  );

  r.post(
    '/api/v1/kov/:kov/opendata/datasets/:id/links',
    { schema: { ...secured, summary: 'Add a link or an API endpoint to a draft (opendata.edit)', params: IdParams, body: LinkIn, response: { 201: DatasetOut, ...errors } } },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, OPENDATA_EDIT);
      await addLink(db, kov, id, req.body, actor);
      return reply.code(201).send(await full(kov, id));
    },
  );

  r.post(
    '/api/v1/kov/:kov/opendata/datasets/:id/files',
    {
      bodyLimit: 15 * 1024 * 1024,
      schema: { ...secured, summary: 'Add a file to a draft, base64 (opendata.edit)', params: IdParams, body: FileIn, response: { 201: DatasetOut, 413: problem('The body is too large'), ...errors } },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, OPENDATA_EDIT);
      const bytes = base64Bytes(req.body.contentBase64);
      if (!bytes) throw badRequest([{ field: 'contentBase64', reason: 'opendata.error.fileMissing' }]);
      await addFile(db, kov, id, { name: req.body.name, bytes }, actor);
      return reply.code(201).send(await full(kov, id));
    },
  );

  r.delete(
    '/api/v1/kov/:kov/opendata/datasets/:id/distributions/:did',
    { schema: { ...secured, summary: 'Remove a distribution from a draft (opendata.edit)', params: DistParams, response: { 200: DatasetOut, ...errors } } },
    async (req) => {
      const { kov, id, did } = req.params;
      const actor = requireAction(req, kov, OPENDATA_EDIT);
      await removeDistribution(db, kov, id, did, actor);
      return full(kov, id);
    },
  );

  for (const tr of TRANSITIONS) {
    r.post(
      `/api/v1/kov/:kov/opendata/datasets/:id/${tr}`,
      {
        schema: {
          ...secured,
          summary:
            tr === 'review'
              ? 'Mark a draft reviewed: not by its last editor (opendata.review)'
              : tr === 'publish'
                ? 'Publish a reviewed dataset; the first publication sets issued (opendata.review)'
                : tr === 'withdraw'
                  ? 'Withdraw a published dataset (opendata.review)'
                  : 'Back to draft for changes, issued kept (opendata.edit)',
          params: IdParams,
          response: { 200: DatasetOut, ...errors },
        },
      },
      async (req) => {
        const { kov, id } = req.params;
        const actor = requireAction(req, kov, tr === 'reopen' ? OPENDATA_EDIT : OPENDATA_REVIEW);
        await transition(db, kov, id, tr, actor);
        return full(kov, id);
      },
    );
  }

  r.get(
    '/api/v1/opendata/datasets',
    {
      schema: {
        tags: ['opendata'],
        summary: 'The published catalogue: every KOV’s published datasets and the platform’s (public; DCAT-AP at /dcat/catalog.ttl|jsonld)',
        querystring: Type.Object({ kov: Type.Optional(KovCode) }),
        response: { 200: Type.Object({ items: Type.Array(PublicDatasetOut) }), 400: commonErrors[400] },
      },
    },
    async (req) => {
      const all = await catalogueDatasets(db);
      return { items: req.query.kov ? all.filter((d) => d.kov === req.query.kov) : all };
    },
  );
}
