// The JSON API of the feedback dashboards, KPIs and improvement actions (issue 13, item 5). Thin:
// parse → authorize → call the service → send. Officials with feedback.analytics (read) and
// feedback.actions (write), or an API key of the KOV with the scope (a KOV's BI tool, its systems
// feeding the KPIs); ELVL's comparison: signed-in ELVL people and platform admins only.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TSchema } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { isPlatformAdmin, requireAction, requireUser } from '../../kernel/auth.js';
import { forbidden } from '../../kernel/errors.js';
import { commonErrors, KovCode, problem } from '../../kernel/schema.js';
import { ACTION_STATUSES, createAction, getAction, listActions, updateAction } from './actions.js';
import type { ActionView } from './actions.js';
import { DRIVERS, ELVL_ROLES, compareDashboard, kovDashboard, serviceDashboard } from './dashboard.js';
import type { CompareDashboard, KovDashboard, ServiceDashboard } from './dashboard.js';
import { kpisOf, putKpi } from './kpi.js';
import type { KpiYear } from './kpi.js';
import { FEEDBACK_ACTIONS, FEEDBACK_ANALYTICS } from './permissions.js';

/** Whether the signed-in person sees the comparison across KOVs (ELVL or a platform admin; never an API key). */
export function mayCompare(req: FastifyRequest): boolean {
  return !req.apiKey && !!req.user && (isPlatformAdmin(req.user) || req.user.grants.some((g) => g.kov === null && ELVL_ROLES.includes(g.role)));
}

/** ELVL (platform role services-elvl) and platform admins; never an API key (keys belong to one KOV). */
export function requireElvl(req: FastifyRequest): void {
  if (req.apiKey) throw forbidden();
  const user = requireUser(req);
  if (!isPlatformAdmin(user) && !user.grants.some((g) => g.kov === null && ELVL_ROLES.includes(g.role))) throw forbidden();
}

const api = { tags: ['feedback'], security: [{ apiKey: [] }] };
const Nullable = <S extends ReturnType<typeof Type.Number>>(s: S) => Type.Union([s, Type.Null()]);
const Names = Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() });
const DriverCounts = Type.Object(Object.fromEntries(DRIVERS.map((d) => [d, Type.Integer()])) as Record<(typeof DRIVERS)[number], ReturnType<typeof Type.Integer>>);

const FiguresProps = {
  responses: Type.Integer({ description: 'Answers in the period' }),
  satisfactionAverage: Nullable(Type.Number({ description: 'Average satisfaction 1–5' })),
  satisfaction: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5, description: 'Answers with satisfaction 1, 2, 3, 4, 5' }),
  csat: Nullable(Type.Number({ description: 'Satisfied (4–5) ÷ responses (0–1): the CSAT' })),
  easeAverage: Nullable(Type.Number({ description: 'Average ease 1–5' })),
  ease: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5, description: 'Answers with ease 1, 2, 3, 4, 5' }),
  easeShare: Nullable(Type.Number({ description: 'Easy (4–5) ÷ responses (0–1)' })),
  wentWell: DriverCounts,
  wentBadly: DriverCounts,
};
const BriefProps = {
  responses: FiguresProps.responses,
  satisfactionAverage: FiguresProps.satisfactionAverage,
  csat: FiguresProps.csat,
  easeAverage: FiguresProps.easeAverage,
  easeShare: FiguresProps.easeShare,
};
const Filter = Type.Object({ from: Type.String({ description: 'First month, YYYY-MM' }), to: Type.String({ description: 'Last month (included), YYYY-MM' }) });
const Trend = Type.Array(
  Type.Object({
    month: Type.String({ description: 'First day of the Tallinn month' }),
    responses: Type.Integer(),
    satisfactionAverage: Nullable(Type.Number()),
    csat: Nullable(Type.Number()),
    easeAverage: Nullable(Type.Number()),
  }),
);
const Comments = Type.Array(
  Type.Object({ id: Type.String(), serviceId: Type.String(), satisfaction: Type.Integer(), comment: Type.String(), lang: Type.String(), answeredAt: Type.String() }),
  { description: 'The newest approved comments (never a pending, rejected or redacted one)' },
);
const LabelProps = { id: Type.String(), slug: Type.String(), name: Names, ownerName: Type.Union([Type.String(), Type.Null()]), unit: Type.Union([Type.String(), Type.Null()]) };

const ServiceDashboardOut = Type.Object(
  { scope: Type.Literal('service'), kov: KovCode, service: Type.Object(LabelProps), filter: Filter, total: Type.Object(FiguresProps), trend: Trend, comments: Comments },
  { description: 'One service’s survey figures for whole Tallinn months' },
);
const KovDashboardOut = Type.Object(
  {
    scope: Type.Literal('kov'),
    kov: KovCode,
    filter: Filter,
    total: Type.Object(FiguresProps),
    trend: Trend,
    services: Type.Array(Type.Object({ ...LabelProps, ...FiguresProps })),
    comments: Comments,
  },
  { description: 'The KOV’s survey figures, in total and per service' },
);
const CompareOut = Type.Object(
  {
    scope: Type.Literal('all'),
    filter: Filter,
    total: Type.Object(FiguresProps),
    trend: Trend,
    kovs: Type.Array(Type.Object({ kov: KovCode, name: Type.String(), services: Type.Integer({ description: 'Services with answers' }), ...BriefProps })),
    templates: Type.Array(Type.Object({ templateId: Type.String(), name: Names, kovs: Type.Integer({ description: 'KOVs whose adopted service has answers' }), ...BriefProps })),
  },
  { description: 'Every KOV’s survey figures, per KOV and per template service' },
);

const Period = Type.Object({
  from: Type.Optional(Type.String({ description: 'First month (YYYY-MM); default 11 months before `to`', examples: ['2026-01'] })),
  to: Type.Optional(Type.String({ description: 'Last month, included (YYYY-MM); default this month; at most 60 months', examples: ['2026-12'] })),
});
const KovParams = Type.Object({ kov: KovCode });
const ServiceParams = Type.Object({ kov: KovCode, id: Type.String({ description: 'The service’s id or slug' }) });

/** The options of a GET of one service's list (officials with feedback.analytics, or a KOV read key). */
const serviceList = <S extends TSchema>(summary: string, description: string, item: S) => ({
  schema: { ...api, summary, description, params: ServiceParams, response: { 200: Type.Array(item), ...commonErrors } },
});

const KpiValuesProps = {
  costPerTransaction: Type.Union([Type.Number({ minimum: 0, description: 'Euros per transaction (2 decimals)' }), Type.Null()]),
  userSatisfaction: Type.Union([Type.Number({ minimum: 0, maximum: 100, description: '% of users satisfied' }), Type.Null()]),
  completionRate: Type.Union([Type.Number({ minimum: 0, maximum: 100, description: '% of transactions started that were completed' }), Type.Null()]),
  digitalTakeup: Type.Union([Type.Number({ minimum: 0, maximum: 100, description: '% of transactions done in digital channels' }), Type.Null()]),
  transactions: Type.Union([Type.Integer({ minimum: 0, description: 'Transactions in the year' }), Type.Null()]),
};
const KpiIn = Type.Object(
  Object.fromEntries(Object.entries(KpiValuesProps).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof typeof KpiValuesProps]: ReturnType<typeof Type.Optional<(typeof KpiValuesProps)[K]>> },
  { additionalProperties: false, description: 'The year’s KPIs; a KPI left out or null is not known' },
);
const KpiOut = Type.Object({
  year: Type.Integer(),
  ...KpiValuesProps,
  source: Type.Union([Type.Literal('form'), Type.Literal('api'), Type.Null()], { description: 'Where the entered figures came from; null: none entered' }),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  computedSatisfaction: Type.Union([Type.Number(), Type.Null()], { description: '% satisfied (4–5) among the year’s survey answers' }),
  responses: Type.Integer({ description: 'Survey answers in the year' }),
});

const Status = Type.Union(ACTION_STATUSES.map((s) => Type.Literal(s)));
const ActionOut = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  answerId: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  description: Type.String(),
  ownerName: Type.String(),
  dueDate: Type.Union([Type.String({ description: 'YYYY-MM-DD' }), Type.Null()]),
  status: Status,
  outcome: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  openedMonth: Type.String({ description: 'The Tallinn month it was opened (where the trend chart marks it)' }),
});
const ActionIn = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    ownerName: Type.String({ maxLength: 200 }),
    dueDate: Type.Optional(Type.Union([Type.String({ description: 'YYYY-MM-DD' }), Type.Null()])),
    status: Type.Optional(Type.Union([Type.Literal('planned'), Type.Literal('in_progress')])),
    answerId: Type.Optional(Type.Union([Type.String({ description: 'The answer whose comment prompted it' }), Type.Null()])),
  },
  { additionalProperties: false },
);
const ActionPatch = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    ownerName: Type.Optional(Type.String({ maxLength: 200 })),
    dueDate: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    status: Type.Optional(Status),
    outcome: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false, description: 'The fields to change (left out: kept)' },
);

export async function dashboardApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  r.get(
    '/api/v1/kov/:kov/feedback/dashboard',
    {
      schema: {
        ...api,
        summary: 'The KOV’s survey figures for whole months (for BI tools)',
        description:
          'Responses, average satisfaction and ease with their 1–5 counts, the share of 4–5 (CSAT), what went well / badly per driver, the trend by Tallinn ' +
          'month, per service, and the newest approved comments. Officials with feedback.analytics, or an API key of the KOV with scope `read`.',
        params: KovParams,
        querystring: Period,
        response: { 200: KovDashboardOut, ...commonErrors },
      },
    },
    async (req): Promise<KovDashboard> => {
      requireAction(req, req.params.kov, FEEDBACK_ANALYTICS);
      return kovDashboard(db, req.params.kov, req.query);
    },
  );

  r.get(
    '/api/v1/kov/:kov/services/:id/feedback/dashboard',
    {
      schema: {
        ...api,
        summary: 'One service’s survey figures for whole months',
        description: 'The KOV dashboard’s figures for one service. Officials with feedback.analytics, or an API key of the KOV with scope `read`.',
        params: ServiceParams,
        querystring: Period,
        response: { 200: ServiceDashboardOut, ...commonErrors },
      },
    },
    async (req): Promise<ServiceDashboard> => {
      requireAction(req, req.params.kov, FEEDBACK_ANALYTICS);
      return serviceDashboard(db, req.params.kov, req.params.id, req.query);
    },
  );

  r.get(
    '/api/v1/feedback/compare',
    {
      schema: {
        ...api,
        security: [],
        summary: 'Every KOV’s survey figures, per KOV and per template service (ELVL)',
        description: 'Signed-in people with the platform role services-elvl and platform admins; API keys (which belong to one KOV) are refused.',
        querystring: Period,
        response: { 200: CompareOut, ...commonErrors },
      },
    },
    async (req): Promise<CompareDashboard> => {
      requireElvl(req);
      return compareDashboard(db, req.query);
    },
  );

  r.get(
    '/api/v1/kov/:kov/services/:id/kpis',
    serviceList(
      'The service’s four KPIs by year',
      'Cost per transaction, user satisfaction, completion rate and digital take-up as entered or fed per year, beside the satisfaction computed from the ' +
        'survey answers (% of 4–5) of that year; newest year first. Officials with feedback.analytics, or an API key of the KOV with scope `read`.',
      KpiOut,
    ),
    async (req): Promise<KpiYear[]> => {
      requireAction(req, req.params.kov, FEEDBACK_ANALYTICS);
      return kpisOf(db, req.params.kov, req.params.id);
    },
  );

  r.put(
    '/api/v1/kov/:kov/services/:id/kpis/:year',
    {
      schema: {
        ...api,
        summary: 'Set a year’s KPIs of a service (a KOV system feeding them)',
        description:
          'Replaces the year’s four KPIs and the transactions counted (a KPI left out or null: not known). Percentages 0–100, euros ≥ 0. Audited as ' +
          'feedback.kpi.set. An API key of the KOV with scope `write`, or officials with feedback.actions. 201 when the year is new, 200 when replaced.',
        params: Type.Object({ kov: KovCode, id: Type.String(), year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        body: KpiIn,
        response: { 200: KpiOut, 201: KpiOut, ...commonErrors },
      },
    },
    async (req, reply) => {
      const { kov, id, year } = req.params;
      const actor = requireAction(req, kov, FEEDBACK_ACTIONS);
      const b = req.body;
      const r2 = await putKpi(
        db,
        kov,
        id,
        year,
        {
          costPerTransaction: b.costPerTransaction ?? null,
          userSatisfaction: b.userSatisfaction ?? null,
          completionRate: b.completionRate ?? null,
          digitalTakeup: b.digitalTakeup ?? null,
          transactions: b.transactions ?? null,
        },
        'api',
        actor,
      );
      return reply.code(r2.created ? 201 : 200).send(r2.kpi);
    },
  );

  r.get(
    '/api/v1/kov/:kov/services/:id/feedback/actions',
    serviceList('The service’s improvement actions (newest first)', 'Officials with feedback.analytics, or an API key of the KOV with scope `read`.', ActionOut),
    async (req): Promise<ActionView[]> => {
      requireAction(req, req.params.kov, FEEDBACK_ANALYTICS);
      return listActions(db, req.params.kov, req.params.id);
    },
  );

  r.post(
    '/api/v1/kov/:kov/services/:id/feedback/actions',
    {
      schema: {
        ...api,
        summary: 'Open an improvement action for a service',
        description:
          'Title, description, owner (a name), due date, status planned or in_progress; optionally the answer whose comment prompted it (an answer of the ' +
          'same service). Audited as feedback.action.create. Officials with feedback.actions, or an API key of the KOV with scope `write`.',
        params: ServiceParams,
        body: ActionIn,
        response: { 201: ActionOut, ...commonErrors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, FEEDBACK_ACTIONS);
      const a = await createAction(db, kov, id, req.body, actor);
      return reply.code(201).header('location', `/api/v1/kov/${kov}/feedback/actions/${a.id}`).send(a);
    },
  );

  r.get(
    '/api/v1/kov/:kov/feedback/actions/:id',
    {
      schema: { ...api, summary: 'One improvement action', params: Type.Object({ kov: KovCode, id: Type.String() }), response: { 200: ActionOut, ...commonErrors } },
    },
    async (req): Promise<ActionView> => {
      requireAction(req, req.params.kov, FEEDBACK_ANALYTICS);
      return getAction(db, req.params.kov, req.params.id);
    },
  );

  r.patch(
    '/api/v1/kov/:kov/feedback/actions/:id',
    {
      schema: {
        ...api,
        summary: 'Change an improvement action (fields, status, outcome)',
        description:
          'Status changes: planned → in_progress → done; planned or in_progress → dropped (409 otherwise); done and dropped need an outcome. Audited as ' +
          'feedback.action.status (a status change) or feedback.action.update. Officials with feedback.actions, or an API key of the KOV with scope `write`.',
        params: Type.Object({ kov: KovCode, id: Type.String() }),
        body: ActionPatch,
        response: { 200: ActionOut, 409: problem('The status change is not allowed'), ...commonErrors },
      },
    },
    async (req): Promise<ActionView> => {
      const actor = requireAction(req, req.params.kov, FEEDBACK_ACTIONS);
      return updateAction(db, req.params.kov, req.params.id, req.body, actor);
    },
  );
}
