// The council's set-up pages (and, api-setup.ts, its JSON API). Thin: parse → authorize → service → present.
//
//   GET  /council                                              everyone: KOVs with a council
//   GET  /kov/:kov/council                                     everyone: members, commissions, sittings, drafts
//   GET  /kov/:kov/council/sittings/:id                        everyone once the notice is out (officials always)
//   GET  /kov/:kov/council/drafts/:id                          everyone once public (officials always)
//   POST /kov/:kov/council/drafts/:id/amendments               a member with a seat, signed in (rate limited)
//   POST /kov/:kov/council/drafts/:id/amendments/:aid/withdraw the proposer herself
//   GET  /kov/:kov/council/files/:id                           a document version (public with its draft or sitting)
//   /kov/:kov/council/admin/…                                  KOV admin or council secretary (COUNCIL_SETUP), signed in
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, personActor, requirePersonFor, requireUser } from '../../kernel/auth.js';
import { tallinnLocalToDate } from '../../kernel/clock.js';
import type { FieldError } from '../../kernel/errors.js';
import { forbidden, formErrors, notFound } from '../../kernel/errors.js';
import { loadTenant, tenantNames } from '../../kernel/tenants.js';
import { setupApiRoutes } from './api-setup.js';
import { UPLOAD_LIMITS, readFileUpload, storeUpload, type FileUpload } from './upload.js';
import { COUNCIL_SETUP } from './permissions.js';
import type { DraftKind, DraftStatus, MemberRole, SittingKind, SittingMode } from './service.js';
import {
  addItem,
  addMembership,
  addPerson,
  bodyMemberships,
  councilOverview,
  createBody,
  createDraft,
  createSitting,
  endMembership,
  getBody,
  getDraft,
  getFile,
  getMembership,
  getSitting,
  kovsWithCouncil,
  listBodies,
  listDrafts,
  listPeople,
  listSittings,
  membershipOf,
  moveItem,
  personByIdcodeHash,
  proposeAmendment,
  publishNotice,
  removeItem,
  setDraftStatus,
  setOpinion,
  updateSitting,
  withdrawAmendment,
} from './service.js';
import type { FormState, Values } from './views/setup-admin.js';
import { AdminDashboard, BodyAdminPage, DraftAdminPage, SittingAdminPage } from './views/setup-admin.js';
import { AllCouncilsPage, DraftPage, KovCouncilPage, SittingPage } from './views/setup-public.js';

type P = { kov: string; id: string; item: string; aid: string };
const paramsOf = (req: FastifyRequest) => req.params as P;
const hide = { schema: { hide: true } };

/** The form's fields as strings (the first of repeated ones). */
function valuesOf(body: unknown): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
  }
  return out;
}

/** Service field names → the form's (forms sharing one page name their fields apart). */
const renamed = (fields: FieldError[], map: Record<string, string>) => fields.map((f) => ({ ...f, field: map[f.field] ?? f.field }));

export async function setupRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const key = app.config.idcodeHmacKey;
  const writeLimit = { max: app.config.rateLimit.publicWritePerMinute, timeWindow: '1 minute' };
  await setupApiRoutes(app);

  async function kovOf(code: string) {
    const k = await loadTenant(db, code);
    if (!k) throw notFound();
    return { code, name: k.name };
  }
  const official = (req: FastifyRequest, kov: string) => !req.apiKey && may(req.user, kov, COUNCIL_SETUP);

  // ------------------------------------------------------------------ public pages

  app.get('/council', hide, async (req, reply) => {
    const [kovs, ctx] = await Promise.all([kovsWithCouncil(db), req.pageCtx({ csrf: false })]);
    const names = await db.tx((t) => tenantNames(t, kovs.map((k) => k.kov)));
    const rows = kovs.map((k) => ({ ...k, kovName: names.get(k.kov) ?? k.kov })).sort((a, b) => a.kovName.localeCompare(b.kovName, 'et'));
    return reply.page(AllCouncilsPage({ ctx, kovs: rows }));
  });

  app.get('/kov/:kov/council', hide, async (req, reply) => {
    const kov = await kovOf(paramsOf(req).kov);
    const isOfficial = official(req, kov.code);
    const [o, drafts, ctx] = await Promise.all([councilOverview(db, kov.code, { official: false }), listDrafts(db, kov.code, { official: false }), req.pageCtx({ csrf: false })]);
    return reply.page(KovCouncilPage({ ctx, kov, o, drafts, canManage: isOfficial }));
  });

  app.get('/kov/:kov/council/sittings/:id', hide, async (req, reply) => {
    const { kov: code, id } = paramsOf(req);
    const kov = await kovOf(code);
    const isOfficial = official(req, code);
    const [v, ctx] = await Promise.all([getSitting(db, code, id, { official: isOfficial }), req.pageCtx({ csrf: false })]);
    return reply.page(SittingPage({ ctx, kov, v, admin: isOfficial }));
  });

  async function draftPage(req: FastifyRequest, reply: FastifyReply, code: string, id: string, form: FormState = {}, status = 200) {
    const kov = await kovOf(code);
    const isOfficial = official(req, code);
    const v = await getDraft(db, code, id, { official: isOfficial });
    const body = await getBody(db, code, v.draft.body_id);
    const user = req.user && !req.apiKey ? req.user : null;
    const seats = user ? await membershipOf(db, code, user.idcodeHash) : [];
    const me = user ? await personByIdcodeHash(db, code, user.idcodeHash) : null;
    const canPropose = !!v.draft.published_at && ['draft', 'submitted'].includes(v.draft.status) && seats.some((s) => s.bodyId === v.draft.body_id && s.votingRight);
    const ctx = await req.pageCtx();
    return reply.page(DraftPage({ ctx, kov, v, bodyName: body.name, canPropose, myPersonId: me?.id ?? null, canManage: isOfficial, errors: form.errors, values: form.values }), status);
  }

  app.get('/kov/:kov/council/drafts/:id', hide, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    return draftPage(req, reply, kov, id);
  });

  app.post('/kov/:kov/council/drafts/:id/amendments', { ...hide, config: { rateLimit: writeLimit } }, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    if (req.apiKey) throw forbidden('error.personOnly');
    const user = requireUser(req);
    const values = valuesOf(req.body);
    try {
      await proposeAmendment(db, kov, id, user.idcodeHash, values.text ?? '', personActor(user));
      reply.flash({ kind: 'success', key: 'council.flash.proposed' });
      return reply.redirect(`/kov/${kov}/council/drafts/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'text');
      if (!bad) throw e;
      return draftPage(req, reply, kov, id, { errors: bad.fields, values }, bad.status);
    }
  });

  app.post('/kov/:kov/council/drafts/:id/amendments/:aid/withdraw', { ...hide, config: { rateLimit: writeLimit } }, async (req, reply) => {
    const { kov, aid } = paramsOf(req);
    if (req.apiKey) throw forbidden('error.personOnly');
    const user = requireUser(req);
    const r = await withdrawAmendment(db, kov, aid, user.idcodeHash, personActor(user));
    reply.flash({ kind: 'success', key: 'council.flash.withdrawn' });
    return reply.redirect(`/kov/${kov}/council/drafts/${r.draftId}`, 303);
  });

  app.get('/kov/:kov/council/files/:id', hide, async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const f = await getFile(db, kov, id, { official: official(req, kov) });
    const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    reply.header('content-type', f.media_type);
    reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', f.public ? 'public, max-age=3600' : 'private, no-store');
    reply.header('etag', `"${f.sha256}"`);
    return reply.send(Buffer.from(f.bytes));
  });

  // ------------------------------------------------------------------ officials' pages

  const setupActor = (req: FastifyRequest) => requirePersonFor(req, paramsOf(req).kov, COUNCIL_SETUP);

  async function dashboard(req: FastifyRequest, reply: FastifyReply, code: string, form: FormState = {}, status = 200) {
    const kov = await kovOf(code);
    const [bodies, people, drafts, sittings, ctx] = await Promise.all([listBodies(db, code), listPeople(db, code), listDrafts(db, code, { official: true }), listSittings(db, code, { official: true }), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(AdminDashboard({ ctx, kov, bodies, people, drafts, sittings, form }), status);
  }

  app.get('/kov/:kov/council/admin', hide, async (req, reply) => {
    setupActor(req);
    return dashboard(req, reply, paramsOf(req).kov);
  });

  /** A dashboard form's POST: the command, then back to the dashboard (or to `to`), errors re-rendered on it. */
  async function dashboardPost(req: FastifyRequest, reply: FastifyReply, map: Record<string, string>, fallback: string, run: (v: Values) => Promise<string | void>) {
    setupActor(req);
    const { kov } = paramsOf(req);
    const values = valuesOf(req.body);
    try {
      const to = await run(values);
      reply.flash({ kind: 'success', key: 'council.flash.saved' });
      return reply.redirect(to ?? `/kov/${kov}/council/admin`, 303);
    } catch (e) {
      const bad = formErrors(e, fallback);
      if (!bad) throw e;
      return dashboard(req, reply, kov, { errors: renamed(bad.fields, map), values }, bad.status);
    }
  }

  app.post('/kov/:kov/council/admin/bodies', hide, async (req, reply) =>
    dashboardPost(req, reply, { kind: 'bodyKind', name: 'bodyName' }, 'bodyName', async (v) => {
      const seats = /^\s*\d{1,4}\s*$/.test(v.seats ?? '') ? Number(v.seats) : Number.NaN;
      await createBody(db, paramsOf(req).kov, { kind: (v.bodyKind ?? '') as 'council', name: v.bodyName ?? '', shortName: v.shortName, seats }, setupActor(req));
    }),
  );

  app.post('/kov/:kov/council/admin/people', hide, async (req, reply) =>
    dashboardPost(req, reply, { name: 'personName' }, 'personName', async (v) => {
      await addPerson(db, paramsOf(req).kov, key, { name: v.personName ?? '', idcode: v.idcode, email: v.email }, setupActor(req));
    }),
  );

  app.post('/kov/:kov/council/admin/drafts', hide, async (req, reply) =>
    dashboardPost(req, reply, { bodyId: 'draftBody', kind: 'draftKind' }, 'number', async (v) => {
      const { kov } = paramsOf(req);
      const { id } = await createDraft(db, kov, { bodyId: v.draftBody ?? '', number: v.number ?? '', title: v.title ?? '', kind: (v.draftKind ?? '') as DraftKind, presenter: v.presenter ?? '', summary: v.summary }, setupActor(req));
      return `/kov/${kov}/council/admin/drafts/${id}`;
    }),
  );

  app.post('/kov/:kov/council/admin/sittings', hide, async (req, reply) =>
    dashboardPost(req, reply, { bodyId: 'sittingBody', kind: 'sittingKind' }, 'startsAt', async (v) => {
      const { kov } = paramsOf(req);
      const startsAt = tallinnLocalToDate(v.startsAt ?? '') ?? new Date(Number.NaN);
      const { id } = await createSitting(db, kov, { bodyId: v.sittingBody ?? '', kind: (v.sittingKind ?? '') as SittingKind, mode: (v.mode ?? '') as SittingMode, startsAt, place: v.place, videoUrl: v.videoUrl }, setupActor(req));
      return `/kov/${kov}/council/admin/sittings/${id}`;
    }),
  );

  // a body's members

  async function bodyPage(req: FastifyRequest, reply: FastifyReply, code: string, id: string, form: FormState = {}, status = 200) {
    const kov = await kovOf(code);
    const body = await getBody(db, code, id);
    const [memberships, people, ctx] = await Promise.all([bodyMemberships(db, code, id), listPeople(db, code), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(BodyAdminPage({ ctx, kov, body, memberships, people, form }), status);
  }

  app.get('/kov/:kov/council/admin/bodies/:id', hide, async (req, reply) => {
    setupActor(req);
    const { kov, id } = paramsOf(req);
    return bodyPage(req, reply, kov, id);
  });

  app.post('/kov/:kov/council/admin/bodies/:id/memberships', hide, async (req, reply) => {
    const actor = setupActor(req);
    const { kov, id } = paramsOf(req);
    const v = valuesOf(req.body);
    try {
      await addMembership(db, kov, { bodyId: id, personId: v.personId ?? '', role: (v.role ?? '') as MemberRole, faction: v.faction, votingRight: v.votingRight !== 'no', starts: (v.starts ?? '').trim(), ends: v.ends, substituteFor: v.substituteFor }, actor);
      reply.flash({ kind: 'success', key: 'council.flash.saved' });
      return reply.redirect(`/kov/${kov}/council/admin/bodies/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'personId');
      if (!bad) throw e;
      return bodyPage(req, reply, kov, id, { errors: bad.fields, values: v }, bad.status);
    }
  });

  app.post('/kov/:kov/council/admin/memberships/:id/end', hide, async (req, reply) => {
    const actor = setupActor(req);
    const { kov, id } = paramsOf(req);
    const v = valuesOf(req.body);
    const m = (await getMembership(db, kov, id)).body_id;
    try {
      await endMembership(db, kov, id, (v.ends ?? '').trim(), actor);
      reply.flash({ kind: 'success', key: 'council.flash.saved' });
      return reply.redirect(`/kov/${kov}/council/admin/bodies/${m}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'ends');
      if (!bad) throw e;
      return bodyPage(req, reply, kov, m, { errors: bad.fields.map((f) => ({ ...f, field: `end-${id}` })), values: {} }, bad.status);
    }
  });

  // a draft

  async function draftAdminPage(req: FastifyRequest, reply: FastifyReply, code: string, id: string, form: FormState = {}, status = 200) {
    const kov = await kovOf(code);
    const v = await getDraft(db, code, id, { official: true });
    const [bodies, ctx] = await Promise.all([listBodies(db, code), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(DraftAdminPage({ ctx, kov, v, commissions: bodies.filter((b) => b.kind === 'commission'), form }), status);
  }

  app.get('/kov/:kov/council/admin/drafts/:id', hide, async (req, reply) => {
    setupActor(req);
    const { kov, id } = paramsOf(req);
    return draftAdminPage(req, reply, kov, id);
  });

  async function draftPost(req: FastifyRequest, reply: FastifyReply, fallback: string, run: (v: Values) => Promise<void>, values?: Values) {
    const { kov, id } = paramsOf(req);
    const v = values ?? valuesOf(req.body);
    try {
      await run(v);
      reply.flash({ kind: 'success', key: 'council.flash.saved' });
      return reply.redirect(`/kov/${kov}/council/admin/drafts/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, fallback);
      if (!bad) throw e;
      return draftAdminPage(req, reply, kov, id, { errors: bad.fields, values: v }, bad.status);
    }
  }

  app.post('/kov/:kov/council/admin/drafts/:id/status', hide, async (req, reply) => {
    const actor = setupActor(req);
    const { kov, id } = paramsOf(req);
    return draftPost(req, reply, 'status', (v) => setDraftStatus(db, kov, id, (v.status ?? '') as DraftStatus, actor));
  });

  app.post('/kov/:kov/council/admin/drafts/:id/opinions', hide, async (req, reply) => {
    const actor = setupActor(req);
    const { kov, id } = paramsOf(req);
    return draftPost(req, reply, 'opinion', (v) => setOpinion(db, kov, id, { bodyId: v.opinionBody ?? '', opinion: v.opinion ?? '', decidedOn: (v.decidedOn ?? '').trim() }, actor));
  });

  // uploads (multipart; CSRF checked after the body is read, as the budgets forms do)
  await app.register(async (upload) => {
    await upload.register(fastifyMultipart, UPLOAD_LIMITS);
    const opts = {
      schema: { hide: true },
      config: { csrf: false },
      preValidation: async (req: FastifyRequest) => {
        // only an official of the KOV: nothing is read for anyone else
        setupActor(req);
        const u = await readFileUpload(req);
        (req as FastifyRequest & { upload?: typeof u }).upload = u;
        req.body = u.fields;
      },
      preHandler: (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => app.csrfProtection(req, reply, done),
    };
    const uploadOf = (req: FastifyRequest) => (req as FastifyRequest & { upload?: FileUpload }).upload ?? { fields: {}, file: null };
    const run = async (req: FastifyRequest, owner: { draftId: string } | { sittingId: string }) => {
      await storeUpload(db, paramsOf(req).kov, owner, uploadOf(req), setupActor(req));
    };
    upload.post('/kov/:kov/council/admin/drafts/:id/files', opts, async (req, reply) => {
      const { id } = paramsOf(req);
      const u = uploadOf(req);
      return draftPost(req, reply, 'file', () => run(req, { draftId: id }), u.fields);
    });
    upload.post('/kov/:kov/council/admin/sittings/:id/files', opts, async (req, reply) => {
      const { id } = paramsOf(req);
      return sittingPost(req, reply, 'file', () => run(req, { sittingId: id }), uploadOf(req).fields);
    });
  });

  // a sitting and its agenda

  async function sittingAdminPage(req: FastifyRequest, reply: FastifyReply, code: string, id: string, form: FormState = {}, status = 200) {
    const kov = await kovOf(code);
    const v = await getSitting(db, code, id, { official: true });
    const [drafts, ctx] = await Promise.all([listDrafts(db, code, { official: true }), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(SittingAdminPage({ ctx, kov, v, drafts, form }), status);
  }

  app.get('/kov/:kov/council/admin/sittings/:id', hide, async (req, reply) => {
    setupActor(req);
    const { kov, id } = paramsOf(req);
    return sittingAdminPage(req, reply, kov, id);
  });

  async function sittingPost(req: FastifyRequest, reply: FastifyReply, fallback: string, run: (v: Values) => Promise<unknown>, values?: Values, flash = 'council.flash.saved') {
    const { kov, id } = paramsOf(req);
    const v = values ?? valuesOf(req.body);
    try {
      await run(v);
      reply.flash({ kind: 'success', key: flash });
      return reply.redirect(`/kov/${kov}/council/admin/sittings/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, fallback);
      if (!bad) throw e;
      return sittingAdminPage(req, reply, kov, id, { errors: bad.fields, values: v }, bad.status);
    }
  }

  app.post('/kov/:kov/council/admin/sittings/:id/items', hide, async (req, reply) => {
    const actor = setupActor(req);
    const { kov, id } = paramsOf(req);
    return sittingPost(req, reply, 'title', (v) => addItem(db, kov, id, { title: v.title ?? '', draftId: v.draftId, public: v.public !== 'no' }, actor));
  });

  app.post('/kov/:kov/council/admin/sittings/:id/items/:item/move', hide, async (req, reply) => {
    const actor = setupActor(req);
    const { kov, id, item } = paramsOf(req);
    return sittingPost(req, reply, 'title', (v) => moveItem(db, kov, id, item, v.dir === 'up' ? 'up' : 'down', actor));
  });

  app.post('/kov/:kov/council/admin/sittings/:id/items/:item/remove', hide, async (req, reply) => {
    const actor = setupActor(req);
    const { kov, id, item } = paramsOf(req);
    return sittingPost(req, reply, 'title', () => removeItem(db, kov, id, item, actor));
  });

  app.post('/kov/:kov/council/admin/sittings/:id/edit', hide, async (req, reply) => {
    const actor = setupActor(req);
    const { kov, id } = paramsOf(req);
    const v = valuesOf(req.body);
    try {
      const startsAt = tallinnLocalToDate(v.startsAt ?? '') ?? new Date(Number.NaN);
      await updateSitting(db, kov, id, { kind: (v.sittingKind ?? '') as SittingKind, mode: (v.mode ?? '') as SittingMode, startsAt, place: v.place, videoUrl: v.videoUrl, reason: v.reason }, actor);
      reply.flash({ kind: 'success', key: 'council.flash.saved' });
      return reply.redirect(`/kov/${kov}/council/admin/sittings/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'startsAt');
      if (!bad) throw e;
      return sittingAdminPage(req, reply, kov, id, { errors: renamed(bad.fields, { kind: 'sittingKind' }), values: v }, bad.status);
    }
  });

  app.post('/kov/:kov/council/admin/sittings/:id/publish', hide, async (req, reply) => {
    const actor = setupActor(req);
    const { kov, id } = paramsOf(req);
    return sittingPost(req, reply, 'publish', () => publishNotice(db, kov, id, actor), {}, 'council.flash.published');
  });
}
