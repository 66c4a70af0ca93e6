// HTTP for budgets' pages. Thin: parse → authorize → call the service → render.
//
//   GET  /budgets                                   every KOV's processes
//   GET  /kov/:kov/budgets                          a KOV's processes
//   GET  /kov/:kov/budgets/:id                      a process: phases, rules in words, ideas (filters, map)
//   GET  /kov/:kov/budgets/:id/ideas/:n             an idea
//   GET  /kov/:kov/budgets/:id/photos/:photo        a photo of an idea
//   GET  /kov/:kov/budgets/:id/ideas/new            the idea form (signed in)
//   POST /kov/:kov/budgets/:id/ideas                a new idea (multipart: up to 3 photos; CSRF; rate limited)
//   GET  /kov/:kov/budgets/:id/mine                 the signed-in person's ideas
//   GET|POST /kov/:kov/budgets/:id/ideas/:n/edit    the author edits her idea (until review starts)
//   GET  /kov/:kov/budgets/admin                    officials: the KOV's processes
//   GET  /kov/:kov/budgets/admin/new, POST /kov/:kov/budgets/admin    KOV admin: a new process
//   GET|POST /kov/:kov/budgets/:id/edit             KOV admin: change the setup
//   GET  /kov/:kov/budgets/:id/review               officials: every idea with the review forms
//   POST /kov/:kov/budgets/:id/ideas/:n/review      officials: publish, reject, merge, assess
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, requirePersonFor, requireUser } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { HttpError, badRequest, formErrors } from '../../kernel/errors.js';
import { translate } from '../../kernel/i18n.js';
import { loadTenant } from '../../kernel/tenants.js';
import { budgetsApiRoutes } from './api.js';
import { implementationOfIdea } from './implementation.js';
import { budgetsImplementationRoutes, canUpdate } from './routes-implementation.js';
import { UPLOAD_LIMITS, processUploads, readUpload, type Upload } from './upload.js';
import { budgetsVoteApiRoutes } from './api-vote.js';
import { budgetsVoteRoutes } from './routes-vote.js';
import { budgetMember } from './vote.js';
import { IDEA_FIELDS, PROCESS_FIELDS, formValues, ideaFormValues, ideaInputFromForm, intOrNull, one, processFormValues, processInputFromForm } from './form.js';
import { BUDGETS_CONFIGURE, BUDGETS_READ, BUDGETS_REVIEW } from './permissions.js';
import type { IdeaPhoto, Person, Process, ReviewAction } from './service.js';
import {
  allIdeas,
  allProcesses,
  authorEmail,
  canSubmit,
  createProcess,
  editIdea,
  getProcess,
  ideaFor,
  listProcesses,
  myIdeas,
  notEligible,
  publicIdeas,
  publicPhoto,
  reviewIdea,
  submitIdea,
  updateProcess,
  validateIdea,
} from './service.js';
import { AdminProcessesPage, ReviewPage } from './views/admin.js';
import { IdeaFormPage, ProcessFormPage } from './views/form.js';
import { AllProcessesPage, IdeaPage, KovProcessesPage, MyIdeasPage, ProcessPage } from './views/public.js';

type P = { kov: string; id: string };
type PN = { kov: string; id: string; n: string };
/** New ideas and edits per client address and per signed-in person. */
const IDEA_RATE = { max: 20, timeWindow: 10 * 60_000 };
const REVIEW_RATE = { max: 300, timeWindow: 10 * 60_000 };

function personOf(req: FastifyRequest): Person {
  const u = requireUser(req);
  return { idcodeHash: u.idcodeHash, givenName: u.givenName, birthDate: u.birthDate };
}

export async function budgetsRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const map = { tileUrl: app.config.reportsMap.tileUrl, attribution: app.config.reportsMap.tileAttribution };
  await budgetsApiRoutes(app);
  await budgetsImplementationRoutes(app);
  await budgetsVoteApiRoutes(app);
  await budgetsVoteRoutes(app);

  const official = (req: FastifyRequest, kov: string) => !req.apiKey && may(req.user, kov, BUDGETS_READ);
  const signedInName = (req: FastifyRequest) => `${req.user!.givenName} ${req.user!.familyName}`.trim();

  // ------------------------------------------------------------------ public pages

  app.get('/budgets', { schema: { hide: true } }, async (req, reply) => {
    const list = await allProcesses(db);
    const names = new Map<string, string>();
    for (const code of new Set(list.map((p) => p.kov_code))) names.set(code, (await loadTenant(db, code))?.name ?? code);
    const ctx = await req.pageCtx({ csrf: false });
    return reply.page(AllProcessesPage({ ctx, processes: list.map((p) => ({ ...p, kovName: names.get(p.kov_code)! })) }));
  });

  app.get('/kov/:kov/budgets', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as { kov: string };
    const [processes, ctx] = await Promise.all([listProcesses(db, kov), req.pageCtx({ csrf: false })]);
    return reply.page(KovProcessesPage({ ctx, kov, processes, official: official(req, kov) }));
  });

  app.get('/kov/:kov/budgets/:id', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const q = req.query as Record<string, unknown>;
    const filter = { area: one(q.area).slice(0, 40), category: one(q.category).slice(0, 40), ballot: one(q.ballot) === '1' ? '1' : '' };
    const process = await getProcess(db, kov, id);
    const [ideas, ctx] = await Promise.all([publicIdeas(db, kov, id, { areaId: filter.area || undefined, category: filter.category || undefined, onBallot: filter.ballot === '1' }), req.pageCtx({ csrf: false })]);
    const member = process.vote_id && req.user ? !!(await budgetMember(db, kov, id, req.user.idcodeHash)) : false;
    const configure = !req.apiKey && may(req.user, kov, BUDGETS_CONFIGURE);
    return reply.page(ProcessPage({ ctx, kov, process, ideas, filter, map, signedIn: !!req.user, official: official(req, kov), vote: { member, configure } }));
  });

  app.get('/kov/:kov/budgets/:id/ideas/:n', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id, n } = req.params as PN;
    const process = await getProcess(db, kov, id);
    const { idea, mine } = await ideaFor(db, kov, id, n, { idcodeHash: req.user?.idcodeHash ?? null, official: official(req, kov) });
    const [implementation, ctx] = await Promise.all([implementationOfIdea(db, kov, idea.id), req.pageCtx({ csrf: false })]);
    return reply.page(IdeaPage({ ctx, kov, process, idea, mine, map, implementation, canUpdate: canUpdate(req, kov) }));
  });

  app.get('/kov/:kov/budgets/:id/photos/:photo', { schema: { hide: true } }, async (req, reply) => {
    const { kov, photo } = req.params as { kov: string; photo: string };
    const p = await publicPhoto(db, kov, photo, { idcodeHash: req.user?.idcodeHash ?? null, official: official(req, kov) });
    reply.header('cache-control', 'private, max-age=3600');
    return reply.type(p.mime).send(p.bytes);
  });

  // ------------------------------------------------------------------ residents

  async function ideaForm(req: FastifyRequest, reply: FastifyReply, kov: string, process: Process, values: Record<string, string>, errors?: FieldError[], status = 200) {
    const ctx = await req.pageCtx();
    return reply.page(IdeaFormPage({ ctx, kov, process, values, errors, map, signedInAs: signedInName(req), closed: process.phase !== 'ideas' }), status);
  }

  app.get('/kov/:kov/budgets/:id/ideas/new', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const person = personOf(req);
    const process = await getProcess(db, kov, id);
    // an ineligible person learns why before writing anything
    if (process.phase === 'ideas') {
      const ok = await canSubmit(db, kov, process, person);
      if (!ok.ok) throw notEligible(ok);
    }
    return ideaForm(req, reply, kov, process, {});
  });

  await app.register(async (upload) => {
    await upload.register(fastifyMultipart, { limits: UPLOAD_LIMITS });
    upload.post(
      '/kov/:kov/budgets/:id/ideas',
      {
        schema: { hide: true },
        config: { csrf: false, rateLimit: IDEA_RATE, personRateLimit: IDEA_RATE },
        preValidation: async (req) => {
          // only a signed-in person may submit: nothing is read for anyone else
          requireUser(req);
          if (!req.isMultipart()) throw new HttpError(415, 'unsupported-media-type', 'error.validation.title', [{ field: 'photos', reason: 'reports.error.upload' }]);
          const u = await readUpload(req);
          (req as FastifyRequest & { upload?: Upload }).upload = u;
          req.body = u.fields;
        },
        preHandler: (req, reply, done) => app.csrfProtection(req, reply, done),
      },
      async (req, reply) => {
        const { kov, id } = req.params as P;
        const person = personOf(req);
        const { fields, files } = (req as FastifyRequest & { upload?: Upload }).upload ?? { fields: {}, files: [] };
        const values = formValues(fields, IDEA_FIELDS);
        const process = await getProcess(db, kov, id);
        const input = ideaInputFromForm(values);
        const errors: FieldError[] = process.phase === 'ideas' ? validateIdea(process, input, files.length) : [];
        let photos: IdeaPhoto[] = [];
        if (!errors.length) {
          const processed = await processUploads(files);
          photos = processed.photos;
          errors.push(...processed.errors);
        }
        if (errors.length) return ideaForm(req, reply, kov, process, values, errors, 400);
        try {
          const created = await submitIdea(db, kov, id, person, input, photos, req.locale);
          reply.flash({ kind: 'success', key: 'budgets.flash.submitted', vars: { number: created.number } });
          return reply.redirect(`/kov/${kov}/budgets/${id}/ideas/${created.number}`, 303);
        } catch (e) {
          const bad = formErrors(e);
          if (bad && bad.status === 400) return ideaForm(req, reply, kov, process, values, bad.fields, 400);
          throw e;
        }
      },
    );
  });

  app.get('/kov/:kov/budgets/:id/mine', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const person = personOf(req);
    const process = await getProcess(db, kov, id);
    const rows = await myIdeas(db, kov, id, person.idcodeHash);
    const ideas = await Promise.all(rows.map(async (r) => (await ideaFor(db, kov, id, r.number, { idcodeHash: person.idcodeHash, official: false })).idea));
    const ctx = await req.pageCtx({ csrf: false });
    return reply.page(MyIdeasPage({ ctx, kov, process, ideas }));
  });

  async function editPage(req: FastifyRequest, reply: FastifyReply, kov: string, id: string, n: string, values: Record<string, string> | null, errors?: FieldError[], status = 200) {
    const person = personOf(req);
    const process = await getProcess(db, kov, id);
    const { idea, mine } = await ideaFor(db, kov, id, n, { idcodeHash: person.idcodeHash, official: false });
    if (!mine) throw new HttpError(403, 'forbidden', 'error.forbidden.title', [], 'budgets.error.notAuthor');
    const ctx = await req.pageCtx();
    const v = values ?? ideaFormValues(idea, await authorEmail(db, kov, idea.id, person.idcodeHash));
    const closed = process.phase !== 'ideas' || idea.status === 'rejected' || idea.status === 'merged';
    return reply.page(IdeaFormPage({ ctx, kov, process, values: v, errors, edit: idea, map, signedInAs: signedInName(req), closed }), status);
  }

  app.get('/kov/:kov/budgets/:id/ideas/:n/edit', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id, n } = req.params as PN;
    return editPage(req, reply, kov, id, n, null);
  });

  app.post('/kov/:kov/budgets/:id/ideas/:n/edit', { schema: { hide: true }, config: { rateLimit: IDEA_RATE, personRateLimit: IDEA_RATE } }, async (req, reply) => {
    const { kov, id, n } = req.params as PN;
    const person = personOf(req);
    const values = formValues((req.body ?? {}) as Record<string, unknown>, IDEA_FIELDS);
    try {
      await editIdea(db, kov, id, n, person, ideaInputFromForm(values));
    } catch (e) {
      const bad = formErrors(e);
      if (bad && bad.status === 400) return editPage(req, reply, kov, id, n, values, bad.fields, 400);
      throw e;
    }
    reply.flash({ kind: 'success', key: 'budgets.flash.saved' });
    return reply.redirect(`/kov/${kov}/budgets/${id}/ideas/${n}`, 303);
  });

  // ------------------------------------------------------------------ officials

  app.get('/kov/:kov/budgets/admin', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as { kov: string };
    requirePersonFor(req, kov, BUDGETS_READ);
    const [processes, ctx] = await Promise.all([listProcesses(db, kov), req.pageCtx({ csrf: false })]);
    return reply.page(AdminProcessesPage({ ctx, kov, processes, configure: may(req.user, kov, BUDGETS_CONFIGURE) }));
  });

  app.get('/kov/:kov/budgets/admin/new', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as { kov: string };
    requirePersonFor(req, kov, BUDGETS_CONFIGURE);
    const ctx = await req.pageCtx();
    const values = { submit_min_age: '14', vote_min_age: '14', submit_scope: 'kov', vote_scope: 'kov', ballot_kind: 'count', ballot_max: '3', ballot_areas: 'one', winner_rule: 'greedy' };
    return reply.page(ProcessFormPage({ ctx, kov, values }));
  });

  app.post('/kov/:kov/budgets/admin', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as { kov: string };
    const actor = requirePersonFor(req, kov, BUDGETS_CONFIGURE);
    const values = formValues((req.body ?? {}) as Record<string, unknown>, PROCESS_FIELDS);
    try {
      const p = await createProcess(db, kov, processInputFromForm(values), actor);
      reply.flash({ kind: 'success', key: 'budgets.flash.processSaved' });
      return reply.redirect(`/kov/${kov}/budgets/${p.id}`, 303);
    } catch (e) {
      const bad = formErrors(e);
      if (!bad || bad.status !== 400) throw e;
      const ctx = await req.pageCtx();
      return reply.page(ProcessFormPage({ ctx, kov, values, errors: bad.fields }), 400);
    }
  });

  app.get('/kov/:kov/budgets/:id/edit', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    requirePersonFor(req, kov, BUDGETS_CONFIGURE);
    const process = await getProcess(db, kov, id);
    const ctx = await req.pageCtx();
    return reply.page(ProcessFormPage({ ctx, kov, values: processFormValues(process), edit: process }));
  });

  app.post('/kov/:kov/budgets/:id/edit', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    const actor = requirePersonFor(req, kov, BUDGETS_CONFIGURE);
    const process = await getProcess(db, kov, id);
    const values = formValues((req.body ?? {}) as Record<string, unknown>, PROCESS_FIELDS);
    try {
      await updateProcess(db, kov, id, processInputFromForm(values, process.areas), actor);
      reply.flash({ kind: 'success', key: 'budgets.flash.processSaved' });
      return reply.redirect(`/kov/${kov}/budgets/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e);
      if (!bad || bad.status === 404 || bad.status === 403) throw e;
      const ctx = await req.pageCtx();
      return reply.page(ProcessFormPage({ ctx, kov, values, errors: bad.fields.length ? bad.fields : [{ field: 'title_et', reason: 'budgets.error.processFixed' }], edit: process }), bad.status);
    }
  });

  app.get('/kov/:kov/budgets/:id/review', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as P;
    requirePersonFor(req, kov, BUDGETS_READ);
    const process = await getProcess(db, kov, id);
    const [ideas, ctx] = await Promise.all([allIdeas(db, kov, id), req.pageCtx()]);
    return reply.page(ReviewPage({ ctx, kov, process, ideas }));
  });

  app.post('/kov/:kov/budgets/:id/ideas/:n/review', { schema: { hide: true }, config: { rateLimit: REVIEW_RATE } }, async (req, reply) => {
    const { kov, id, n } = req.params as PN;
    const actor = requirePersonFor(req, kov, BUDGETS_REVIEW);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const f = (name: string) => one(body[`${name}-${n}`]).slice(0, 4000);
    const kind = one(body.action);
    const values: Record<string, string> = { number: n, feasibility: f('feasibility'), official_cost: f('official_cost'), note: f('note'), reason: f('reason'), into: f('into') };
    let action: ReviewAction | null = null;
    const errors: FieldError[] = [];
    if (kind === 'publish') action = { kind: 'publish' };
    else if (kind === 'reject') action = { kind: 'reject', reason: values.reason! };
    else if (kind === 'merge') {
      const into = intOrNull(values.into);
      if (into === null || Number.isNaN(into)) errors.push({ field: 'into', reason: 'budgets.error.mergeTarget' });
      else action = { kind: 'merge', into };
    } else if (kind === 'assess') {
      const cost = intOrNull(values.official_cost);
      action = { kind: 'assess', feasibility: values.feasibility as 'feasible', note: values.note || null, officialCost: cost === null ? null : cost };
    } else errors.push({ field: 'action', reason: 'budgets.error.action' });
    try {
      if (errors.length) throw badRequest(errors);
      await reviewIdea(db, kov, id, n, action!, actor);
    } catch (e) {
      const bad = formErrors(e);
      if (!bad || bad.status !== 400) throw e;
      const process = await getProcess(db, kov, id);
      const [ideas, ctx] = await Promise.all([allIdeas(db, kov, id), req.pageCtx()]);
      // the idea's own fields carry its number (one page holds the forms of every idea)
      const named = bad.fields.map((x) => ({ ...x, field: `${x.field}-${n}` }));
      return reply.page(ReviewPage({ ctx, kov, process, ideas, values, errors: named }), 400);
    }
    reply.flash({ kind: 'success', key: 'budgets.flash.reviewed', vars: { number: n, outcome: translate(req.locale, `budgets.review.outcome.${kind}`) } });
    return reply.redirect(`/kov/${kov}/budgets/${id}/review#idea-${n}`, 303);
  });
}
