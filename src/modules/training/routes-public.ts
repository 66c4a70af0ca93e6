// The public training pages and a participant's own page. Thin: parse → authorize → service → render.
//
//   GET  /training                                  programmes, groups with free places, seminars and webinars
//   GET  /training/groups/:id                       a group: place, places, days and sessions
//   GET  /training/events/:id, POST …/register      a seminar or webinar; a signed-in official registers
//   GET  /training/certificates/:code[/pdf]         a certificate's public check (name, programme, date) and its PDF
//   GET  /kov/:kov/training                         the KOV's confirmed teams (topics only)
//   GET  /training/my                               the signed-in person's teams, attendance, certificates, events
//   POST /training/my/checkin                       check in with the code shown in the room
//   GET  /training/my/days/:id/feedback, POST       the day's survey (the feedback module's questions)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { formErrors, notFound } from '../../kernel/errors.js';
import { fmtDate, pick } from '../../kernel/i18n.js';
import { loadTenant } from '../../kernel/tenants.js';
import type { SurveyValues } from '../feedback/index.js';
import { EMPTY_SURVEY_VALUES, surveyFormValues } from '../feedback/index.js';
import { isCoordinator, isTrainer } from './permissions.js';
import {
  answerDay,
  certificateByCode,
  certificatePdf,
  checkIn,
  eventById,
  groupDetail,
  groupsTrainedBy,
  myTraining,
  registerForEvent,
  teamsOfKov,
  trainingCatalogue,
} from './service.js';
import type { FormState } from './views/public.js';
import { CertificatePage, DayFeedbackPage, EventPage, GroupPage, KovTrainingPage, MyPage, TrainingIndexPage } from './views/public.js';

const hide = { schema: { hide: true } };
const str = (body: unknown, k: string): string => {
  const v = (body as Record<string, unknown> | null)?.[k];
  return typeof v === 'string' ? v : '';
};

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const base = app.config.publicUrl;
  const writeLimit = { max: app.config.rateLimit.publicWritePerMinute, timeWindow: 60_000 };

  app.get('/training', hide, async (req, reply) => {
    const user = req.user;
    const [catalogue, trainerGroups] = [await trainingCatalogue(db), user && isTrainer(user) ? await groupsTrainedBy(db, user.idcodeHash) : []];
    const ctx = await req.pageCtx({ csrf: false });
    if (user) reply.header('cache-control', 'no-store');
    return reply.page(TrainingIndexPage({ ctx, catalogue, coordinator: isCoordinator(user), trainerGroups }));
  });

  app.get('/training/groups/:id', hide, async (req, reply) => {
    const detail = await groupDetail(db, (req.params as { id: string }).id);
    if (!detail) throw notFound();
    return reply.page(GroupPage({ ctx: await req.pageCtx({ csrf: false }), detail }));
  });

  async function eventPage(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    const e = await eventById(db, (req.params as { id: string }).id);
    if (!e) throw notFound();
    const registered = req.user ? (await myTraining(db, req.user.idcodeHash)).events.some((x) => x.id === e.id) : false;
    reply.header('cache-control', 'no-store');
    return reply.page(EventPage({ ctx: await req.pageCtx(), event: e, registered, form }), status);
  }

  app.get('/training/events/:id', hide, (req, reply) => eventPage(req, reply, {}));

  app.post('/training/events/:id/register', { ...hide, config: { rateLimit: writeLimit } }, async (req, reply) => {
    const user = requireUser(req);
    const { id } = req.params as { id: string };
    const email = str(req.body, 'email');
    try {
      await registerForEvent(db, { personId: user.personId, idcodeHash: user.idcodeHash, name: `${user.givenName} ${user.familyName}` }, id, email);
    } catch (e) {
      const bad = formErrors(e, 'email');
      if (!bad) throw e;
      return eventPage(req, reply, { values: { email }, errors: bad.fields }, bad.status);
    }
    reply.flash({ kind: 'success', key: 'training.flash.eventRegistered' });
    return reply.redirect(`/training/events/${id}`, 303);
  });

  app.get('/training/certificates/:code', hide, async (req, reply) => {
    const { code } = req.params as { code: string };
    const cert = await certificateByCode(db, code);
    return reply.page(CertificatePage({ ctx: await req.pageCtx({ csrf: false }), code, cert }), cert ? 200 : 404);
  });

  app.get('/training/certificates/:code/pdf', hide, async (req, reply) => {
    const cert = await certificateByCode(db, (req.params as { code: string }).code);
    if (!cert) throw notFound();
    const pdf = await certificatePdf(cert, base);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="tunnistus-${cert.code}.pdf"`).send(pdf);
  });

  app.get('/kov/:kov/training', hide, async (req, reply) => {
    const { kov } = req.params as { kov: string };
    const tenant = await loadTenant(db, kov);
    if (!tenant) throw notFound();
    const [teams, catalogue] = [await teamsOfKov(db, kov), await trainingCatalogue(db)];
    const ctx = await req.pageCtx({ csrf: false });
    const groups = new Map(catalogue.programmes.flatMap((p) => p.groups.map((g) => [g.id, `${pick(p.name, ctx.locale)}: ${g.region}`] as const)));
    return reply.page(KovTrainingPage({ ctx, kov: { code: kov, name: tenant.name }, teams, groups }));
  });

  async function myPage(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    const user = requireUser(req);
    const my = await myTraining(db, user.idcodeHash);
    reply.header('cache-control', 'no-store');
    return reply.page(MyPage({ ctx: await req.pageCtx(), my, form }), status);
  }

  app.get('/training/my', hide, (req, reply) => myPage(req, reply, {}));

  app.post('/training/my/checkin', { ...hide, config: { rateLimit: writeLimit } }, async (req, reply) => {
    const user = requireUser(req);
    const code = str(req.body, 'code');
    try {
      const r = await checkIn(db, user.idcodeHash, code);
      reply.flash({ kind: 'success', key: 'training.flash.checkedIn', vars: { no: r.dayNo } });
      return reply.redirect('/training/my', 303);
    } catch (e) {
      const bad = formErrors(e, 'code');
      if (!bad) throw e;
      return myPage(req, reply, { values: { code }, errors: bad.fields }, bad.status);
    }
  });

  async function feedbackPage(req: FastifyRequest, reply: FastifyReply, form: { values?: SurveyValues; errors?: FieldError[] }, status = 200) {
    const user = requireUser(req);
    const { id } = req.params as { id: string };
    const my = await myTraining(db, user.idcodeHash);
    const team = my.teams.find((x) => x.status === 'confirmed' && x.group.days.some((d) => d.id === id));
    const day = team?.group.days.find((d) => d.id === id);
    if (!team || !day) throw notFound();
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'no-store');
    const title = ctx.t('training.feedback.title', { no: day.no, date: fmtDate(day.date) });
    return reply.page(DayFeedbackPage({ ctx, dayId: id, title, values: form.values ?? EMPTY_SURVEY_VALUES, errors: form.errors ?? [] }), status);
  }

  app.get('/training/my/days/:id/feedback', hide, (req, reply) => feedbackPage(req, reply, {}));

  app.post('/training/my/days/:id/feedback', { ...hide, config: { rateLimit: writeLimit } }, async (req, reply) => {
    const user = requireUser(req);
    const { id } = req.params as { id: string };
    const values = surveyFormValues(req.body);
    try {
      await answerDay(db, user.idcodeHash, id, values, req.locale);
    } catch (e) {
      const bad = formErrors(e, 'satisfaction');
      if (!bad) throw e;
      return feedbackPage(req, reply, { values, errors: bad.fields }, bad.status);
    }
    reply.flash({ kind: 'success', key: 'training.flash.feedback' });
    return reply.redirect('/training/my', 303);
  });
}
