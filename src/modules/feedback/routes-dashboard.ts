// HTTP for the feedback dashboards, KPIs and improvement actions (issue 13, item 5). Thin: parse →
// authorize → call the service → render or send. The JSON API is api-dashboard.ts.
//
//   GET  /kov/:kov/feedback                                    the KOV's dashboard (feedback.analytics)
//   GET  /kov/:kov/feedback/figures.csv|.xlsx                  its figures
//   GET  /kov/:kov/feedback/answers.csv|.xlsx                  its answers (comments only if approved)
//   GET  /kov/:kov/feedback/services/:id                       one service's dashboard
//   GET  /kov/:kov/feedback/services/:id/figures.csv|.xlsx, …/answers.csv|.xlsx
//   GET  /kov/:kov/feedback/services/:id/actions/new[?answer=] POST …/actions           a new improvement action (feedback.actions)
//   GET  /kov/:kov/feedback/services/:id/actions/:aid          POST …/actions/:aid      its edit
//   GET  /kov/:kov/feedback/services/:id/kpis/:year            POST …/kpis/:year        the year's KPIs (feedback.actions)
//   GET  /feedback/compare (+ /figures.csv|.xlsx)              ELVL's comparison (services-elvl, platform admins)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, requireAction, requirePersonFor } from '../../kernel/auth.js';
import { today } from '../../kernel/clock.js';
import { formErrors, isHttpError, notFound } from '../../kernel/errors.js';
import type { FieldError } from '../../kernel/errors.js';
import { createAction, getAction, listActions, updateAction } from './actions.js';
import { dashboardApiRoutes, mayCompare, requireElvl } from './api-dashboard.js';
import { commentForAction, compareDashboard, kovDashboard, serviceDashboard, serviceOf } from './dashboard.js';
import type { DashQuery } from './dashboard.js';
import { answersCsv, answersXlsx, checkAnswersExport, exportName, figuresCsv, figuresXlsx } from './export.js';
import { kpisOf, parseKpiForm, putKpi } from './kpi.js';
import type { KpiField } from './kpi.js';
import { KPI_FIELDS } from './kpi.js';
import { FEEDBACK_ACTIONS, FEEDBACK_ANALYTICS } from './permissions.js';
import type { ActionFormValues } from './views/actions-form.js';
import { ActionFormPage } from './views/actions-form.js';
import { CompareDashboardPage } from './views/dashboard-compare.js';
import { KovDashboardPage } from './views/dashboard-kov.js';
import { KpiFormPage } from './views/dashboard-kpi.js';
import { ServiceDashboardPage } from './views/dashboard-service.js';

const hide = { schema: { hide: true } };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=utf-8';

function fieldErrorsOf(e: unknown): FieldError[] | null {
  return isHttpError(e) && e.status === 400 ? e.fields : null;
}

function sendFile(reply: FastifyReply, type: string, name: string, body: unknown) {
  return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'private, no-store').send(body);
}

const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
function bodyOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  await dashboardApiRoutes(app);
  const db = app.db;
  const params = (req: FastifyRequest) => req.params as { kov: string; id?: string; aid?: string; year?: string };
  const query = (req: FastifyRequest): DashQuery => {
    const q = req.query as Record<string, unknown>;
    return { from: str(q.from), to: str(q.to) };
  };
  const nameIn = (n: { et: string; en: string; ru: string }, locale: 'et' | 'en' | 'ru') => n[locale] || n.et;

  // ------------------------------------------------------------------ the KOV's dashboard

  app.get('/kov/:kov/feedback', hide, async (req, reply) => {
    const { kov } = params(req);
    requireAction(req, kov, FEEDBACK_ANALYTICS);
    const q = query(req);
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'private, no-store');
    try {
      return reply.page(KovDashboardPage({ ctx, kov, q, d: await kovDashboard(db, kov, q), errors: [], canCompare: mayCompare(req) }));
    } catch (e) {
      const errors = fieldErrorsOf(e);
      if (!errors) throw e;
      return reply.page(KovDashboardPage({ ctx, kov, q, d: null, errors }), 400);
    }
  });

  for (const ext of ['csv', 'xlsx'] as const) {
    app.get(`/kov/:kov/feedback/figures.${ext}`, hide, async (req, reply) => {
      const { kov } = params(req);
      requireAction(req, kov, FEEDBACK_ANALYTICS);
      const d = await kovDashboard(db, kov, query(req));
      return sendFile(reply, ext === 'csv' ? CSV : XLSX, exportName('figures', kov, d.filter, ext), ext === 'csv' ? figuresCsv(d, req.locale) : figuresXlsx(d, req.locale));
    });
    app.get(`/kov/:kov/feedback/answers.${ext}`, hide, async (req, reply) => {
      const { kov } = params(req);
      requireAction(req, kov, FEEDBACK_ANALYTICS);
      const { filter } = await checkAnswersExport(db, kov, null, query(req));
      return sendFile(reply, ext === 'csv' ? CSV : XLSX, exportName('answers', kov, filter, ext), ext === 'csv' ? answersCsv(db, kov, null, filter, req.locale) : answersXlsx(db, kov, null, filter, req.locale));
    });
    app.get(`/kov/:kov/feedback/services/:id/figures.${ext}`, hide, async (req, reply) => {
      const { kov, id } = params(req);
      requireAction(req, kov, FEEDBACK_ANALYTICS);
      const d = await serviceDashboard(db, kov, id!, query(req));
      return sendFile(reply, ext === 'csv' ? CSV : XLSX, exportName('figures', `${kov}-${d.service.slug}`, d.filter, ext), ext === 'csv' ? figuresCsv(d, req.locale) : figuresXlsx(d, req.locale));
    });
    app.get(`/kov/:kov/feedback/services/:id/answers.${ext}`, hide, async (req, reply) => {
      const { kov, id } = params(req);
      requireAction(req, kov, FEEDBACK_ANALYTICS);
      const c = await checkAnswersExport(db, kov, id!, query(req));
      return sendFile(
        reply,
        ext === 'csv' ? CSV : XLSX,
        exportName('answers', `${kov}-${c.serviceId}`, c.filter, ext),
        ext === 'csv' ? answersCsv(db, kov, c.serviceId, c.filter, req.locale) : answersXlsx(db, kov, c.serviceId, c.filter, req.locale),
      );
    });
    app.get(`/feedback/compare/figures.${ext}`, hide, async (req, reply) => {
      requireElvl(req);
      const d = await compareDashboard(db, query(req));
      return sendFile(reply, ext === 'csv' ? CSV : XLSX, exportName('figures', 'all', d.filter, ext), ext === 'csv' ? figuresCsv(d, req.locale) : figuresXlsx(d, req.locale));
    });
  }

  // ------------------------------------------------------------------ one service's dashboard

  app.get('/kov/:kov/feedback/services/:id', hide, async (req, reply) => {
    const { kov, id } = params(req);
    requireAction(req, kov, FEEDBACK_ANALYTICS);
    const s = await serviceOf(db, kov, id!);
    const q = query(req);
    const ctx = await req.pageCtx();
    const [kpis, actions] = await Promise.all([kpisOf(db, kov, s.id), listActions(db, kov, s.id)]);
    const canAct = !req.apiKey && may(req.user, kov, FEEDBACK_ACTIONS);
    const common = { ctx, kov, q, serviceName: nameIn(s.name, ctx.locale), serviceId: s.id, kpis, actions, canAct, thisYear: Number(today().slice(0, 4)) };
    reply.header('cache-control', 'private, no-store');
    try {
      return reply.page(ServiceDashboardPage({ ...common, d: await serviceDashboard(db, kov, s.id, q), errors: [] }));
    } catch (e) {
      const errors = fieldErrorsOf(e);
      if (!errors) throw e;
      return reply.page(ServiceDashboardPage({ ...common, d: null, errors }), 400);
    }
  });

  // ------------------------------------------------------------------ improvement actions

  async function actionForm(req: FastifyRequest, reply: FastifyReply, o: { aid?: string; answer?: string; values?: ActionFormValues; errors?: FieldError[] }, status = 200) {
    const { kov, id } = params(req);
    const s = await serviceOf(db, kov, id!);
    const action = o.aid ? await getAction(db, kov, o.aid) : null;
    if (action && action.serviceId !== s.id) throw notFound();
    const answer = o.answer ?? o.values?.answerId;
    const comment = !action && answer ? await commentForAction(db, kov, s.id, answer) : null;
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'private, no-store');
    return reply.page(
      ActionFormPage({ ctx, kov, serviceId: s.id, serviceName: nameIn(s.name, ctx.locale), action, comment, values: o.values ?? {}, errors: o.errors ?? [] }),
      status,
    );
  }

  app.get('/kov/:kov/feedback/services/:id/actions/new', hide, async (req, reply) => {
    requirePersonFor(req, params(req).kov, FEEDBACK_ACTIONS);
    return actionForm(req, reply, { answer: str((req.query as Record<string, unknown>).answer) });
  });

  app.post('/kov/:kov/feedback/services/:id/actions', hide, async (req, reply) => {
    const { kov, id } = params(req);
    const actor = requirePersonFor(req, kov, FEEDBACK_ACTIONS);
    const v = bodyOf(req.body);
    try {
      const s = await serviceOf(db, kov, id!);
      await createAction(db, kov, s.id, { title: v.title, description: v.description, ownerName: v.ownerName, dueDate: v.dueDate ?? null, status: v.status, answerId: v.answerId || null }, actor);
      reply.flash({ kind: 'success', key: 'feedback.action.flash.created' });
      return reply.redirect(`/kov/${kov}/feedback/services/${s.id}#actions`, 303);
    } catch (e) {
      const bad = formErrors(e, 'title');
      if (!bad) throw e;
      return actionForm(req, reply, { values: v, errors: bad.fields }, bad.status);
    }
  });

  app.get('/kov/:kov/feedback/services/:id/actions/:aid', hide, async (req, reply) => {
    requirePersonFor(req, params(req).kov, FEEDBACK_ACTIONS);
    return actionForm(req, reply, { aid: params(req).aid });
  });

  app.post('/kov/:kov/feedback/services/:id/actions/:aid', hide, async (req, reply) => {
    const { kov, id, aid } = params(req);
    const actor = requirePersonFor(req, kov, FEEDBACK_ACTIONS);
    const s = await serviceOf(db, kov, id!);
    const old = await getAction(db, kov, aid!);
    if (old.serviceId !== s.id) throw notFound();
    const v = bodyOf(req.body);
    try {
      await updateAction(db, kov, old.id, { title: v.title, description: v.description, ownerName: v.ownerName, dueDate: v.dueDate ?? null, status: v.status, outcome: v.outcome }, actor);
      reply.flash({ kind: 'success', key: 'feedback.action.flash.saved' });
      return reply.redirect(`/kov/${kov}/feedback/services/${s.id}#actions`, 303);
    } catch (e) {
      const bad = formErrors(e, 'status');
      if (!bad) throw e;
      return actionForm(req, reply, { aid: old.id, values: v, errors: bad.fields }, bad.status);
    }
  });

  // ------------------------------------------------------------------ KPIs

  const yearOf = (req: FastifyRequest) => {
    const y = params(req).year ?? '';
    if (!/^\d{4}$/.test(y)) throw notFound();
    return Number(y);
  };

  async function kpiForm(req: FastifyRequest, reply: FastifyReply, values: Partial<Record<KpiField, string>> = {}, errors: FieldError[] = [], status = 200) {
    const { kov, id } = params(req);
    const year = yearOf(req);
    const s = await serviceOf(db, kov, id!);
    const kpi = (await kpisOf(db, kov, s.id)).find((k) => k.year === year) ?? null;
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'private, no-store');
    return reply.page(KpiFormPage({ ctx, kov, serviceId: s.id, serviceName: nameIn(s.name, ctx.locale), year, kpi, values, errors }), status);
  }

  app.get('/kov/:kov/feedback/services/:id/kpis/:year', hide, async (req, reply) => {
    requirePersonFor(req, params(req).kov, FEEDBACK_ACTIONS);
    return kpiForm(req, reply);
  });

  app.post('/kov/:kov/feedback/services/:id/kpis/:year', hide, async (req, reply) => {
    const { kov, id } = params(req);
    const actor = requirePersonFor(req, kov, FEEDBACK_ACTIONS);
    const year = yearOf(req);
    const v = bodyOf(req.body);
    const values = Object.fromEntries(KPI_FIELDS.map((f) => [f, v[f] ?? ''])) as Record<KpiField, string>;
    try {
      const s = await serviceOf(db, kov, id!);
      await putKpi(db, kov, s.id, year, parseKpiForm(values), 'form', actor);
      reply.flash({ kind: 'success', key: 'feedback.kpi.flash.saved' });
      return reply.redirect(`/kov/${kov}/feedback/services/${s.id}#kpis`, 303);
    } catch (e) {
      const bad = formErrors(e, 'costPerTransaction');
      if (!bad) throw e;
      return kpiForm(req, reply, values, bad.fields, bad.status);
    }
  });

  // ------------------------------------------------------------------ ELVL's comparison

  app.get('/feedback/compare', hide, async (req, reply) => {
    requireElvl(req);
    const q = query(req);
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'private, no-store');
    try {
      return reply.page(CompareDashboardPage({ ctx, q, d: await compareDashboard(db, q), errors: [] }));
    } catch (e) {
      const errors = fieldErrorsOf(e);
      if (!errors) throw e;
      return reply.page(CompareDashboardPage({ ctx, q, d: null, errors }), 400);
    }
  });
}
