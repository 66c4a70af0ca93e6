// The budgets implementation JSON API under /api/v1/kov/:kov/budgets/:id: the funded ideas with their
// status and spent amount, an idea's updates, and posting an update. Thin: parse → authorize → call
// the service → present.
//
//   funded ideas, an idea's updates   budgets official or KOV admin; API key `read`
//   post an update                    budgets official or KOV admin; API key `write` (audited)
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireAction } from '../../kernel/auth.js';
import { notFound } from '../../kernel/errors.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import type { FundedItem, FundedTotals, ImplUpdateView, ImplementationRow } from './implementation.js';
import { IMPL_STATUSES, MAX_UPDATE_TEXT, UPDATE_STATUSES, fundedIdeas, implementationOf, postUpdate } from './implementation.js';
import { BUDGETS_IMPLEMENT, BUDGETS_READ } from './permissions.js';
import { IdeaParams, ProcessParams } from './schema.js';

const errors = { ...commonErrors, 409: problem('Conflict: the idea is not funded, or its funding was cancelled') };
const api = { tags: ['budgets'], security: [{ apiKey: [] }] };
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T, description?: string) => Type.Union([s, Type.Null()], description ? { description } : {});

const Status = Type.String({ description: `${IMPL_STATUSES.join(' | ')}` });

const ImplementationOut = Type.Object({
  status: Status,
  amount: Type.Integer({ description: 'The budgeted sum (whole euros)' }),
  spent: Type.Integer({ description: 'Spent so far (whole euros)' }),
  source: Type.String({ description: '`rule`: the certified result; `override`: an admin’s recorded override' }),
  cancelReason: Nullable(Type.String(), 'Why the funding was cancelled (status `cancelled`)'),
  fundedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const FundedOut = Type.Object({
  items: Type.Array(
    Type.Object({
      ideaId: Type.String(),
      number: Type.Integer(),
      title: Type.String(),
      areaId: Nullable(Type.String()),
      area: Nullable(Type.String()),
      lat: Nullable(Type.Number()),
      lon: Nullable(Type.Number()),
      implementation: ImplementationOut,
    }),
    { description: 'Funded ideas by number, and those whose funding was cancelled (status `cancelled`)' },
  ),
  totals: Type.Object(
    { funded: Type.Integer(), done: Type.Integer(), budgeted: Type.Integer(), spent: Type.Integer() },
    { description: 'Of the funded ideas (not cancelled): how many, how many done, the budgeted and spent sums (whole euros)' },
  ),
});

const UpdateOut = Type.Object({
  id: Type.String(),
  status: Status,
  spent: Type.Integer({ description: 'Spent so far after this update (whole euros)' }),
  text: Type.String({ description: 'What happened (Estonian)' }),
  author: Type.String({ description: 'The official who posted it' }),
  createdAt: Type.String({ format: 'date-time' }),
  photos: Type.Array(Type.String({ description: 'Address of the photo' })),
});

const UpdatesOut = Type.Object({ implementation: ImplementationOut, items: Type.Array(UpdateOut, { description: 'Newest first' }) });

const UpdateBody = Type.Object(
  {
    status: Type.Union(UPDATE_STATUSES.map((s) => Type.Literal(s)), { description: 'The new status (`cancelled` only through an override)' }),
    spent: Type.Integer({ description: 'The whole amount spent so far (whole euros, 0 or more)' }),
    text: Type.String({ description: `What has been done, in Estonian (1–${MAX_UPDATE_TEXT} characters)` }),
  },
  { additionalProperties: false },
);

export function implementationOut(i: ImplementationRow) {
  return { status: i.status, amount: i.amount, spent: i.spent, source: i.source, cancelReason: i.cancel_reason, fundedAt: i.funded_at.toISOString(), updatedAt: i.updated_at.toISOString() };
}

export function fundedOut(items: FundedItem[], totals: FundedTotals) {
  return {
    items: items.map((i) => ({ ideaId: i.idea.id, number: i.idea.number, title: i.idea.title, areaId: i.idea.area_id, area: i.area, lat: i.idea.lat, lon: i.idea.lon, implementation: implementationOut(i.impl) })),
    totals,
  };
}

export function updateOut(kov: string, processId: string, u: ImplUpdateView) {
  return { id: u.id, status: u.status_after, spent: u.spent_after, text: u.text, author: u.author_name, createdAt: u.created_at.toISOString(), photos: u.photos.map((p) => `/kov/${kov}/budgets/${processId}/impl-photos/${p}`) };
}

export async function budgetsImplementationApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  r.get(
    '/api/v1/kov/:kov/budgets/:id/funded',
    { schema: { ...api, summary: 'The funded ideas of a process with their implementation status and spent amount, and the totals', params: ProcessParams, response: { 200: FundedOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      requireAction(req, kov, BUDGETS_READ);
      const { items, totals } = await fundedIdeas(db, kov, id);
      return fundedOut(items, totals);
    },
  );

  r.get(
    '/api/v1/kov/:kov/budgets/:id/ideas/:n/updates',
    { schema: { ...api, summary: 'A funded idea’s implementation and its updates, newest first (404 for an idea never funded)', params: IdeaParams, response: { 200: UpdatesOut, ...errors } } },
    async (req) => {
      const { kov, id, n } = req.params;
      requireAction(req, kov, BUDGETS_READ);
      const found = await implementationOf(db, kov, id, n);
      if (!found) throw notFound('budgets.impl.error.notFunded');
      return { implementation: implementationOut(found.impl), items: found.updates.map((u) => updateOut(kov, id, u)) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/budgets/:id/ideas/:n/updates',
    {
      schema: {
        ...api,
        summary: 'Post an implementation update on a funded idea: its new status, the amount spent so far and a text',
        description: 'The same rules as the officials’ page (photos only through the page): 409 for an idea that is not funded or whose funding was cancelled; bad input: 400 naming each field. Audited (budgets.implementation.update).',
        params: IdeaParams,
        body: UpdateBody,
        response: { 201: UpdateOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov, id, n } = req.params;
      const actor = requireAction(req, kov, BUDGETS_IMPLEMENT);
      const u = await postUpdate(db, kov, id, n, { status: req.body.status, spent: req.body.spent, text: req.body.text }, [], actor);
      return reply.code(201).send(updateOut(kov, id, u));
    },
  );
}
