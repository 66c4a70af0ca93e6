// The budgets JSON API under /api/v1/kov/:kov/budgets: every official action of the budgets pages,
// for a KOV's own systems and scripts. Thin: parse (schema.ts) → authorize → call the service →
// present (present.ts).
//
//   list, read, all ideas, the ballot        budgets official or KOV admin; API key `read`
//   create, change a process                 KOV admin; API key `write`
//   review an idea (publish, reject, merge, assess)   budgets official or KOV admin; API key `write`
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { requireAction } from '../../kernel/auth.js';
import { badRequest } from '../../kernel/errors.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import { BUDGETS_CONFIGURE, BUDGETS_READ, BUDGETS_REVIEW } from './permissions.js';
import { ideaOut, processOut } from './present.js';
import { BallotOut, IdeaList, IdeaOut, IdeaParams, KovParams, ProcessBody, ProcessList, ProcessOut, ProcessParams, ReviewBody } from './schema.js';
import type { ProcessInput, ReviewAction } from './service.js';
import { allIdeas, ballotIdeas, createProcess, getProcess, listProcesses, reviewIdea, updateProcess } from './service.js';

const errors = { ...commonErrors, 409: problem('Conflict: the process is not in a phase that allows this, or it was done already') };
const api = { tags: ['budgets'], security: [{ apiKey: [] }] };

const date = (s: string) => new Date(s);

export function processInputFromJson(b: Static<typeof ProcessBody>): ProcessInput {
  return {
    titles: { et: b.title.et, en: b.title.en ?? '', ru: b.title.ru ?? '' },
    description: b.description ?? '',
    phases: { ideas: date(b.phases.ideas), review: date(b.phases.review), voting: date(b.phases.voting), results: date(b.phases.results), implementation: date(b.phases.implementation) },
    totalBudget: b.totalBudget,
    maxIdeaCost: b.maxIdeaCost ?? null,
    submitMinAge: b.submit.minAge,
    submitScope: b.submit.scope,
    voteMinAge: b.vote.minAge,
    voteScope: b.vote.scope,
    ballotKind: b.ballot.kind,
    ballotMax: b.ballot.max ?? null,
    ballotAreas: b.ballot.areas,
    winnerRule: b.winnerRule,
    areas: (b.areas ?? []).map((a) => ({ id: a.id, name: a.name, budget: a.budget, unitCodes: a.unitCodes ?? [], minVoters: a.minVoters ?? null })),
  };
}

export function reviewFromJson(b: Static<typeof ReviewBody>): ReviewAction {
  switch (b.action) {
    case 'publish':
      return { kind: 'publish' };
    case 'reject':
      return { kind: 'reject', reason: b.reason ?? '' };
    case 'merge':
      if (b.into === undefined) throw badRequest([{ field: 'into', reason: 'budgets.error.mergeTarget' }]);
      return { kind: 'merge', into: b.into };
    case 'assess':
      if (b.feasibility === undefined) throw badRequest([{ field: 'feasibility', reason: 'budgets.error.choice' }]);
      return { kind: 'assess', feasibility: b.feasibility, note: b.note ?? null, officialCost: b.officialCost ?? null };
  }
}

export async function budgetsApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  r.get('/api/v1/kov/:kov/budgets', { schema: { ...api, summary: 'Participatory budget processes of the KOV, newest first', params: KovParams, response: { 200: ProcessList, ...errors } } }, async (req) => {
    const { kov } = req.params;
    requireAction(req, kov, BUDGETS_READ);
    return { items: (await listProcesses(db, kov)).map(processOut) };
  });

  r.post(
    '/api/v1/kov/:kov/budgets',
    {
      schema: {
        ...api,
        summary: 'Set up a participatory budget process',
        description: 'The same rules as the setup page: phases in order; sums in whole euros; areas’ budgets together at most the total; `area` scopes need settlement unit codes on every area. Bad input: 400 naming each field. Audited.',
        params: KovParams,
        body: ProcessBody,
        response: { 201: ProcessOut, ...errors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, BUDGETS_CONFIGURE);
      const p = await createProcess(db, kov, processInputFromJson(req.body), actor);
      return reply.code(201).header('location', `/api/v1/kov/${kov}/budgets/${p.id}`).send(processOut(p));
    },
  );

  r.get('/api/v1/kov/:kov/budgets/:id', { schema: { ...api, summary: 'A process', params: ProcessParams, response: { 200: ProcessOut, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    requireAction(req, kov, BUDGETS_READ);
    return processOut(await getProcess(db, kov, id));
  });

  r.put(
    '/api/v1/kov/:kov/budgets/:id',
    {
      schema: {
        ...api,
        summary: 'Change a process (the whole setup, as when creating it)',
        description: 'Refused with 409 once voting has started. Areas are matched by `id`; an area left out is removed unless ideas name it (409). Audited with the setup before and after.',
        params: ProcessParams,
        body: ProcessBody,
        response: { 200: ProcessOut, ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, BUDGETS_CONFIGURE);
      return processOut(await updateProcess(db, kov, id, processInputFromJson(req.body), actor));
    },
  );

  r.get('/api/v1/kov/:kov/budgets/:id/ideas', { schema: { ...api, summary: 'Every idea of a process, whatever its status', params: ProcessParams, response: { 200: IdeaList, ...errors } } }, async (req) => {
    const { kov, id } = req.params;
    requireAction(req, kov, BUDGETS_READ);
    return { items: (await allIdeas(db, kov, id)).map(ideaOut) };
  });

  r.get(
    '/api/v1/kov/:kov/budgets/:id/ballot',
    { schema: { ...api, summary: 'The ideas on the ballot (published and feasible) with the cost the vote counts (the officials’ estimate, else the author’s)', params: ProcessParams, response: { 200: BallotOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      requireAction(req, kov, BUDGETS_READ);
      return { items: await ballotIdeas(db, kov, id) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/budgets/:id/ideas/:n/review',
    {
      schema: {
        ...api,
        summary: 'Review an idea: publish, reject (with a reason), merge into another, or assess feasibility and cost',
        description: 'Open in the idea and review phases (409 after). A rejection’s reason is shown to the authors and mailed to those who left an address; a merged idea’s authors become authors of the idea it was merged into. Audited.',
        params: IdeaParams,
        body: ReviewBody,
        response: { 200: IdeaOut, ...errors },
      },
    },
    async (req) => {
      const { kov, id, n } = req.params;
      const actor = requireAction(req, kov, BUDGETS_REVIEW);
      await reviewIdea(db, kov, id, n, reviewFromJson(req.body), actor);
      const all = await allIdeas(db, kov, id);
      return ideaOut(all.find((i) => String(i.number) === n)!);
    },
  );
}
