// The open-data register's official pages. Thin: parse → authorize → service → present → render; every
// POST redirects (303) or re-renders its form with the errors. Signed-in people only.
//
//   GET  /kov/:kov/opendata/admin                       the KOV's datasets (?status=)
//   GET  /kov/:kov/opendata/admin/new, POST             a new dataset (a draft)
//   GET  /kov/:kov/opendata/admin/:id                   a dataset: metadata, distributions, workflow
//   GET  /kov/:kov/opendata/admin/:id/edit, POST        edit the metadata (drafts)
//   POST /kov/:kov/opendata/admin/:id/files             upload a file (multipart)
//   POST /kov/:kov/opendata/admin/:id/links             add a link or an API endpoint
//   POST /kov/:kov/opendata/admin/:id/distributions/:did/remove
//   GET  /kov/:kov/opendata/admin/:id/files/:did        a file (officials; drafts too)
//   POST /kov/:kov/opendata/admin/:id/review|publish|withdraw|reopen
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, requirePersonFor } from '../../kernel/auth.js';
import { formErrors, notFound } from '../../kernel/errors.js';
import { loadTenant } from '../../kernel/tenants.js';
import { fileFormRoute } from '../../kernel/upload.js';
import type { DatasetStatus, Transition } from './model.js';
import { MAX_FILE_BYTES, STATUSES, emptyMeta } from './model.js';
import { OPENDATA_EDIT, OPENDATA_READ, OPENDATA_REVIEW } from './permissions.js';
import { formValues, metaToValues, one, valuesToMeta } from './present.js';
import { addFile, addLink, createDataset, getDataset, listDatasets, officialFile, removeDistribution, transition, updateDataset } from './service.js';
import type { FormState } from './views/pages.js';
import { AdminListPage, DatasetAdminPage, MetaFormPage } from './views/pages.js';
import { sendFile } from './files.js';

type P = { kov: string; id: string; did: string };
const paramsOf = (req: FastifyRequest) => req.params as P;
const hide = { schema: { hide: true } };
const TRANSITIONS: readonly Transition[] = ['review', 'publish', 'withdraw', 'reopen'];

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;

  async function kovOf(code: string) {
    const k = await loadTenant(db, code);
    if (!k) throw notFound();
    return { code, name: k.name };
  }
  const reader = (req: FastifyRequest) => requirePersonFor(req, paramsOf(req).kov, OPENDATA_READ);
  const editor = (req: FastifyRequest) => requirePersonFor(req, paramsOf(req).kov, OPENDATA_EDIT);
  const reviewer = (req: FastifyRequest) => requirePersonFor(req, paramsOf(req).kov, OPENDATA_REVIEW);
  const base = (kov: string) => `/kov/${kov}/opendata/admin`;

  app.get('/kov/:kov/opendata/admin', hide, async (req, reply) => {
    reader(req);
    const kov = await kovOf(paramsOf(req).kov);
    const q = (req.query ?? {}) as { status?: string };
    const status = q.status && (STATUSES as readonly string[]).includes(q.status) ? (q.status as DatasetStatus) : null;
    const [items, ctx] = await Promise.all([listDatasets(db, kov.code, status), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(AdminListPage({ ctx, kov, items, status, canEdit: may(req.user, kov.code, OPENDATA_EDIT) }));
  });

  // ------------------------------------------------------------------ new, edit

  async function formPage(req: FastifyRequest, reply: FastifyReply, mode: 'new' | 'edit', form: FormState, status = 200) {
    const kov = await kovOf(paramsOf(req).kov);
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'no-store');
    const id = paramsOf(req).id;
    const title = ctx.t(mode === 'new' ? 'opendata.admin.new' : 'opendata.admin.edit');
    const action = mode === 'new' ? `${base(kov.code)}/new` : `${base(kov.code)}/${id}/edit`;
    const back = mode === 'new' ? base(kov.code) : `${base(kov.code)}/${id}`;
    const submit = ctx.t(mode === 'new' ? 'opendata.admin.create' : 'opendata.admin.save');
    return reply.page(MetaFormPage({ ctx, kov, title, action, back, form, submit }), status);
  }

  app.get('/kov/:kov/opendata/admin/new', hide, async (req, reply) => {
    editor(req);
    return formPage(req, reply, 'new', { values: metaToValues(emptyMeta(paramsOf(req).kov)) });
  });

  app.post('/kov/:kov/opendata/admin/new', hide, async (req, reply) => {
    const actor = editor(req);
    const { kov } = paramsOf(req);
    const values = formValues(req.body);
    try {
      const { id } = await createDataset(db, kov, valuesToMeta(values), actor);
      reply.flash({ kind: 'success', key: 'opendata.flash.created' });
      return reply.redirect(`${base(kov)}/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'title_et');
      if (!bad) throw e;
      return formPage(req, reply, 'new', { errors: bad.fields, values }, bad.status);
    }
  });

  async function datasetOf(kov: string, id: string) {
    const d = await getDataset(db, kov, id);
    if (!d) throw notFound('opendata.error.notFound');
    return d;
  }

  app.get('/kov/:kov/opendata/admin/:id/edit', hide, async (req, reply) => {
    editor(req);
    const d = await datasetOf(paramsOf(req).kov, paramsOf(req).id);
    return formPage(req, reply, 'edit', { values: metaToValues(d.meta) });
  });

  app.post('/kov/:kov/opendata/admin/:id/edit', hide, async (req, reply) => {
    const actor = editor(req);
    const { kov, id } = paramsOf(req);
    const values = formValues(req.body);
    try {
      await updateDataset(db, kov, id, valuesToMeta(values), actor);
      reply.flash({ kind: 'success', key: 'opendata.flash.saved' });
      return reply.redirect(`${base(kov)}/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'title_et');
      if (!bad) throw e;
      return formPage(req, reply, 'edit', { errors: bad.fields, values }, bad.status);
    }
  });

  // ------------------------------------------------------------------ a dataset

  async function datasetPage(req: FastifyRequest, reply: FastifyReply, form: FormState = {}, status = 200) {
    const kov = await kovOf(paramsOf(req).kov);
    const [d, ctx] = await Promise.all([datasetOf(kov.code, paramsOf(req).id), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    const me = req.user ? `person:${req.user.personId}` : null;
    return reply.page(
      DatasetAdminPage({
        ctx,
        kov,
        d,
        form,
        canEdit: may(req.user, kov.code, OPENDATA_EDIT),
        canReview: may(req.user, kov.code, OPENDATA_REVIEW),
        lastEditor: me !== null && d.editedById === me,
      }),
      status,
    );
  }

  app.get('/kov/:kov/opendata/admin/:id', hide, async (req, reply) => {
    reader(req);
    return datasetPage(req, reply);
  });

  app.post('/kov/:kov/opendata/admin/:id/links', hide, async (req, reply) => {
    const actor = editor(req);
    const { kov, id } = paramsOf(req);
    const v = formValues(req.body);
    try {
      const kind = one(v, 'kind') === 'api' ? 'api' : 'link';
      await addLink(db, kov, id, { kind, title: { et: one(v, 'distTitle'), en: '', ru: '' }, url: one(v, 'url'), format: one(v, 'format') || null }, actor);
      reply.flash({ kind: 'success', key: 'opendata.flash.distAdded' });
      return reply.redirect(`${base(kov)}/${id}#distributions`, 303);
    } catch (e) {
      const bad = formErrors(e, 'url');
      if (!bad) throw e;
      return datasetPage(req, reply, { errors: bad.fields, values: v }, bad.status);
    }
  });

  app.post('/kov/:kov/opendata/admin/:id/distributions/:did/remove', hide, async (req, reply) => {
    const actor = editor(req);
    const { kov, id, did } = paramsOf(req);
    await removeDistribution(db, kov, id, did, actor);
    reply.flash({ kind: 'success', key: 'opendata.flash.distRemoved' });
    return reply.redirect(`${base(kov)}/${id}#distributions`, 303);
  });

  app.get('/kov/:kov/opendata/admin/:id/files/:did', hide, async (req, reply) => {
    reader(req);
    const { kov, id, did } = paramsOf(req);
    const f = await officialFile(db, kov, id, did);
    if (!f) throw notFound('opendata.error.distNotFound');
    return sendFile(req, reply, f, 'private, no-store');
  });

  for (const tr of TRANSITIONS) {
    app.post(`/kov/:kov/opendata/admin/:id/${tr}`, hide, async (req, reply) => {
      const actor = tr === 'reopen' ? editor(req) : reviewer(req);
      const { kov, id } = paramsOf(req);
      try {
        await transition(db, kov, id, tr, actor);
        reply.flash({ kind: 'success', key: `opendata.flash.${tr}` });
        return reply.redirect(`${base(kov)}/${id}`, 303);
      } catch (e) {
        const bad = formErrors(e, 'workflow');
        if (!bad) throw e;
        return datasetPage(req, reply, { errors: bad.fields }, bad.status);
      }
    });
  }

  // the upload (multipart; CSRF checked after the body is read: kernel/upload.ts)
  await fileFormRoute(app, {
    url: '/kov/:kov/opendata/admin/:id/files',
    maxBytes: MAX_FILE_BYTES,
    missing: 'opendata.error.fileMissing',
    tooLarge: 'opendata.error.fileSize',
    authorise: editor,
    handler: async (req, reply, file) => {
      const actor = editor(req);
      const { kov, id } = paramsOf(req);
      try {
        await addFile(db, kov, id, file(), actor);
        reply.flash({ kind: 'success', key: 'opendata.flash.distAdded' });
        return reply.redirect(`${base(kov)}/${id}#distributions`, 303);
      } catch (e) {
        const bad = formErrors(e, 'file');
        if (!bad) throw e;
        return datasetPage(req, reply, { errors: bad.fields }, bad.status);
      }
    },
  });
}
