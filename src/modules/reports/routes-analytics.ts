// HTTP for the reports analytics (issue 10, item 7). Thin: parse → authorize → call the service
// (analytics.ts) → render or send.
//
//   GET /kov/:kov/reports/analytics                 the KOV's page (reports.analytics: analysts, handlers, KOV admins)
//   GET /kov/:kov/reports/analytics.csv|.xlsx       its figures
//   GET /kov/:kov/reports/analytics/reports.csv|.xlsx  its report rows (no personal data), streamed
//   GET /api/v1/kov/:kov/reports/analytics          the same figures as JSON (API key `read` too: KOV BI tools)
//   GET /kov/:kov/reports/analytics/units (+ .csv, .xlsx), GET /api/v1/kov/:kov/reports/analytics/units
//                                                   the KOV's reports by settlement unit (the same people)
//   GET /reports/analytics                          ELVL's all-KOV page (platform role reports-elvl, platform admins)
//   GET /reports/analytics.csv|.xlsx                its figures
//   GET /api/v1/reports/analytics                   the same as JSON (signed-in ELVL people; API keys are a KOV's, so none)
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isPlatformAdmin, requireAction, requireUser } from '../../kernel/auth.js';
import { forbidden, isHttpError } from '../../kernel/errors.js';
import type { FieldError } from '../../kernel/errors.js';
import { commonErrors, KovCode } from '../../kernel/schema.js';
import {
  allAnalytics,
  checkExportFilter,
  exportName,
  figuresCsv,
  figuresXlsx,
  kovAnalytics,
  kovCategoryNames,
  rowsCsv,
  rowsXlsx,
} from './analytics.js';
import type { AllDashboard, AnalyticsQuery, KovDashboard } from './analytics.js';
import { unitAnalytics, unitExportName, unitsCsv, unitsXlsx } from './analytics-units.js';
import type { UnitDashboard, UnitQuery } from './analytics-units.js';
import { REPORTS_ANALYTICS, REPORTS_ELVL } from './permissions.js';
import { AllAnalyticsPage, KovAnalyticsPage } from './views/analytics.js';
import { UnitAnalyticsPage } from './views/analytics-units.js';

const api = { tags: ['reports'], security: [{ apiKey: [] }] };

const Query = Type.Object({
  from: Type.Optional(Type.String({ description: 'First day (YYYY-MM-DD, Tallinn); default: 364 days before `to`', examples: ['2026-01-01'] })),
  to: Type.Optional(Type.String({ description: 'Last day, included (YYYY-MM-DD, Tallinn); default today; the period is at most 1,827 days', examples: ['2026-12-31'] })),
  domain: Type.Optional(Type.String({ description: 'A shared domain: roads, lighting, waste, greenery, water, public_order, other' })),
  category: Type.Optional(Type.String({ description: 'A category code of the KOV (one KOV only)' })),
  by: Type.Optional(Type.String({ description: 'Time unit of the series: week or month (default: month for periods over 120 days)' })),
  lang: Type.Optional(Type.String()),
});

const Nullable = (s: ReturnType<typeof Type.Number>) => Type.Union([s, Type.Null()]);
const FiguresProps = {
  reports: Type.Integer({ description: 'Confirmed reports received in the period' }),
  open: Type.Integer(),
  overdue: Type.Integer({ description: 'Open and past the expected-by date' }),
  closed: Type.Integer(),
  withTarget: Type.Integer({ description: 'Closed reports that had an expected-by date' }),
  onTime: Type.Integer({ description: 'Closed on or before the expected-by date' }),
  onTimeShare: Nullable(Type.Number({ description: 'onTime ÷ withTarget (0–1)' })),
  resolutionMedianHours: Nullable(Type.Number({ description: 'Median hours from received to closed' })),
  resolutionP90Hours: Nullable(Type.Number()),
  firstActionMedianHours: Nullable(Type.Number({ description: 'Median hours from received to the first action' })),
  firstActionP90Hours: Nullable(Type.Number()),
  responses: Type.Integer({ description: 'Reports whose reporter answered “is it fixed?” or rated satisfaction' }),
  fixedYes: Type.Integer(),
  fixedNo: Type.Integer(),
  fixedShare: Nullable(Type.Number({ description: 'fixedYes ÷ (fixedYes + fixedNo)' })),
  satisfactionCount: Type.Integer(),
  satisfactionAverage: Nullable(Type.Number({ description: '1–5' })),
  satisfaction: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5, description: 'Ratings 1, 2, 3, 4, 5' }),
  reopened: Type.Integer(),
  reopenRate: Nullable(Type.Number({ description: 'Re-opened ÷ reports closed at least once' })),
};
const FiguresOut = Type.Object(FiguresProps);
const Names = Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() });
const FilterOut = Type.Object({
  from: Type.String(),
  to: Type.String(),
  domain: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([Type.String(), Type.Null()]),
  by: Type.String(),
});
const Series = Type.Array(Type.Object({ start: Type.String({ description: 'First day of the week (Monday) or month' }), reports: Type.Integer() }));
const ByStatus = Type.Array(Type.Object({ status: Type.String(), reports: Type.Integer() }));
const ByDomain = Type.Array(Type.Object({ domain: Type.String(), ...FiguresProps }));

const KovAnalyticsOut = Type.Object(
  {
    scope: Type.Literal('kov'),
    kov: KovCode,
    filter: FilterOut,
    total: FiguresOut,
    series: Series,
    byDomain: ByDomain,
    byCategory: Type.Array(Type.Object({ code: Type.String(), name: Names, domain: Type.String(), slaDays: Type.Integer(), ...FiguresProps })),
    byStatus: ByStatus,
    categories: Type.Array(Type.Object({ code: Type.String(), name: Names })),
  },
  { description: 'One KOV’s report figures for the period (confirmed reports only)' },
);

const AllAnalyticsOut = Type.Object(
  {
    scope: Type.Literal('all'),
    filter: FilterOut,
    total: FiguresOut,
    series: Series,
    byDomain: ByDomain,
    byStatus: ByStatus,
    kovs: Type.Array(
      Type.Object({
        kov: KovCode,
        name: Type.String(),
        population: Type.Union([Type.Integer(), Type.Null()], { description: 'Residents in the imported register; null: not imported' }),
        per1000: Type.Union([Type.Number(), Type.Null()], { description: 'Reports per 1,000 residents; null without a population' }),
        domains: Type.Record(Type.String(), Type.Integer()),
        ...FiguresProps,
      }),
    ),
  },
  { description: 'Every KOV’s report figures for the period, compared by shared domain' },
);

const UnitQueryS = Type.Object({
  from: Type.Optional(Type.String({ description: 'First month (YYYY-MM, Tallinn); default: 11 months before `to`', examples: ['2026-01'] })),
  to: Type.Optional(Type.String({ description: 'Last month, included (YYYY-MM, Tallinn); default this month; at most 60 months', examples: ['2026-12'] })),
  domain: Type.Optional(Type.String({ description: 'A shared domain: roads, lighting, waste, greenery, water, public_order, other' })),
  lang: Type.Optional(Type.String()),
});

const UnitFiguresProps = {
  reports: Type.Integer({ description: 'Confirmed reports received in the months' }),
  open: Type.Integer(),
  closed: Type.Integer(),
  withTarget: Type.Integer({ description: 'Closed reports that had an expected-by date' }),
  onTime: Type.Integer({ description: 'Closed on or before the expected-by date' }),
  onTimeShare: Type.Union([Type.Number(), Type.Null()], { description: 'onTime ÷ withTarget (0–1)' }),
  firstActionMedianHours: Type.Union([Type.Number(), Type.Null()], {
    description: 'Median hours from received to the first action (the first response); exact up to 5,000 reports, else from the time histograms (±12.5 %)',
  }),
  resolutionMedianHours: Type.Union([Type.Number(), Type.Null()], { description: 'Median hours from received to closed, of the closed reports (exact or ±12.5 % as above)' }),
  domains: Type.Record(Type.String(), Type.Integer(), { description: 'Reports per shared domain' }),
};

const UnitAnalyticsOut = Type.Object(
  {
    scope: Type.Literal('units'),
    kov: KovCode,
    filter: Type.Object({ from: Type.String(), to: Type.String(), domain: Type.Union([Type.String(), Type.Null()]) }),
    total: Type.Object(UnitFiguresProps),
    units: Type.Array(
      Type.Object({
        code: Type.Union([Type.String(), Type.Null()], { description: 'EHAK settlement unit code; null: not located in an imported unit' }),
        name: Type.Union([Type.String(), Type.Null()]),
        share: Type.Union([Type.Number(), Type.Null()], { description: 'Share of the KOV’s reports in the months (0–1)' }),
        ...UnitFiguresProps,
      }),
    ),
  },
  { description: 'One KOV’s report figures per settlement unit for whole months (confirmed reports only)' },
);

/** ELVL's analysts (platform role reports-elvl) and platform admins; never an API key (keys belong to one KOV). */
function requireElvl(req: FastifyRequest): void {
  if (req.apiKey) throw forbidden();
  const user = requireUser(req);
  if (!isPlatformAdmin(user) && !user.grants.some((g) => g.kov === null && g.role === REPORTS_ELVL)) throw forbidden();
}

function fieldErrorsOf(e: unknown): FieldError[] | null {
  return isHttpError(e) && e.status === 400 ? e.fields : null;
}

function sendFile(reply: FastifyReply, type: string, name: string, body: unknown) {
  return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'private, no-store').send(body);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=utf-8';

export async function analyticsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const KovParams = Type.Object({ kov: KovCode });
  const hide = { hide: true };

  r.get('/kov/:kov/reports/analytics', { schema: { ...hide, params: KovParams, querystring: Query } }, async (req, reply) => {
    const { kov } = req.params;
    requireAction(req, kov, REPORTS_ANALYTICS);
    const q: AnalyticsQuery = req.query;
    const ctx = await req.pageCtx();
    const categories = await kovCategoryNames(db, kov, ctx.locale);
    try {
      const d = await kovAnalytics(db, kov, q);
      return reply.page(KovAnalyticsPage({ ctx, kov, q, d, errors: [], categories }));
    } catch (e) {
      const errors = fieldErrorsOf(e);
      if (!errors) throw e;
      return reply.page(KovAnalyticsPage({ ctx, kov, q, d: null, errors, categories }), 400);
    }
  });

  for (const ext of ['csv', 'xlsx'] as const) {
    r.get(`/kov/:kov/reports/analytics.${ext}`, { schema: { ...hide, params: KovParams, querystring: Query } }, async (req, reply) => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_ANALYTICS);
      const d = await kovAnalytics(db, kov, req.query);
      const name = exportName('figures', kov, d.filter, ext);
      return sendFile(reply, ext === 'csv' ? CSV : XLSX, name, ext === 'csv' ? figuresCsv(d, req.locale) : figuresXlsx(d, req.locale));
    });

    r.get(`/kov/:kov/reports/analytics/reports.${ext}`, { schema: { ...hide, params: KovParams, querystring: Query } }, async (req, reply) => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_ANALYTICS);
      const f = await checkExportFilter(db, kov, req.query);
      const name = exportName('reports', kov, f, ext);
      return sendFile(reply, ext === 'csv' ? CSV : XLSX, name, ext === 'csv' ? rowsCsv(db, kov, req.query, req.locale) : rowsXlsx(db, kov, req.query, req.locale));
    });

    r.get(`/reports/analytics.${ext}`, { schema: { ...hide, querystring: Query } }, async (req, reply) => {
      requireElvl(req);
      const d = await allAnalytics(db, req.query);
      return sendFile(reply, ext === 'csv' ? CSV : XLSX, exportName('figures', null, d.filter, ext), ext === 'csv' ? figuresCsv(d, req.locale) : figuresXlsx(d, req.locale));
    });
  }

  r.get('/kov/:kov/reports/analytics/units', { schema: { ...hide, params: KovParams, querystring: UnitQueryS } }, async (req, reply) => {
    const { kov } = req.params;
    requireAction(req, kov, REPORTS_ANALYTICS);
    const q: UnitQuery = req.query;
    const ctx = await req.pageCtx();
    try {
      return reply.page(UnitAnalyticsPage({ ctx, kov, q, d: await unitAnalytics(db, kov, q), errors: [] }));
    } catch (e) {
      const errors = fieldErrorsOf(e);
      if (!errors) throw e;
      return reply.page(UnitAnalyticsPage({ ctx, kov, q, d: null, errors }), 400);
    }
  });

  for (const ext of ['csv', 'xlsx'] as const) {
    r.get(`/kov/:kov/reports/analytics/units.${ext}`, { schema: { ...hide, params: KovParams, querystring: UnitQueryS } }, async (req, reply) => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_ANALYTICS);
      const d = await unitAnalytics(db, kov, req.query);
      return sendFile(reply, ext === 'csv' ? CSV : XLSX, unitExportName(kov, d.filter, ext), ext === 'csv' ? unitsCsv(d, req.locale) : unitsXlsx(d, req.locale));
    });
  }

  r.get(
    '/api/v1/kov/:kov/reports/analytics/units',
    {
      schema: {
        ...api,
        summary: 'The KOV’s report figures per settlement unit (for BI tools)',
        description:
          'Confirmed reports received in whole Tallinn months (both included), optionally of one shared domain, per EHAK settlement unit the report was ' +
          'routed to (from the KOV’s imported boundaries; code null: not located in one): reports, open, closed, closed by the target date, per domain. ' +
          'Analysts, handlers and KOV admins, or an API key of the KOV with scope `read`. Bad filters: 400 naming the field.',
        params: KovParams,
        querystring: UnitQueryS,
        response: { 200: UnitAnalyticsOut, ...commonErrors },
      },
    },
    async (req): Promise<UnitDashboard> => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_ANALYTICS);
      return unitAnalytics(db, kov, req.query);
    },
  );

  r.get('/reports/analytics', { schema: { ...hide, querystring: Query } }, async (req, reply) => {
    requireElvl(req);
    const q: AnalyticsQuery = req.query;
    const ctx = await req.pageCtx();
    try {
      const d = await allAnalytics(db, q);
      return reply.page(AllAnalyticsPage({ ctx, q, d, errors: [] }));
    } catch (e) {
      const errors = fieldErrorsOf(e);
      if (!errors) throw e;
      return reply.page(AllAnalyticsPage({ ctx, q, d: null, errors }), 400);
    }
  });

  r.get(
    '/api/v1/kov/:kov/reports/analytics',
    {
      schema: {
        ...api,
        summary: 'The KOV’s report figures for a period (for BI tools)',
        description:
          'Confirmed reports received in the period (Tallinn days, both included), optionally of one domain and one category: volumes by week/month, domain, ' +
          'category and status; resolution times (median, 90th percentile), share closed by the target date, open and overdue; time to the first action; ' +
          '“is it fixed?” answers and satisfaction; the reopen rate. Analysts, handlers and KOV admins, or an API key of the KOV with scope `read`. ' +
          'Bad filters: 400 naming the field.',
        params: KovParams,
        querystring: Query,
        response: { 200: KovAnalyticsOut, ...commonErrors },
      },
    },
    async (req): Promise<KovDashboard> => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_ANALYTICS);
      return kovAnalytics(db, kov, req.query);
    },
  );

  r.get(
    '/api/v1/reports/analytics',
    {
      schema: {
        ...api,
        security: [],
        summary: 'Every KOV’s report figures for a period, compared by shared domain (ELVL)',
        description:
          'The same figures as the KOV’s, for all KOVs together and per KOV (with reports per 1,000 residents where the KOV’s residents register is imported; ' +
          'null otherwise). Signed-in people with the platform role reports-elvl and platform admins; API keys (which belong to one KOV) are refused. ' +
          'No category filter (categories are each KOV’s own): 400.',
        querystring: Query,
        response: { 200: AllAnalyticsOut, ...commonErrors },
      },
    },
    async (req): Promise<AllDashboard> => {
      requireElvl(req);
      return allAnalytics(db, req.query);
    },
  );
}
