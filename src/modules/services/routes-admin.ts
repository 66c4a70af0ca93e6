// The service catalogue's official pages. Thin: parse → authorize → service → present → render; every
// POST redirects (303) or re-renders its form with the errors (GOV.UK pattern). Signed-in people only
// (an API key uses the JSON API).
//
//   GET  /kov/:kov/services/admin                         the KOV's services (?status=), links to the rest
//   GET  /kov/:kov/services/admin/new, POST               a new service (a draft)
//   GET  /kov/:kov/services/admin/adopt, POST             adopt an ELVL template
//   GET  /kov/:kov/services/admin/:id                     a service: content, channels, steps, diagrams
//   GET  /kov/:kov/services/admin/:id/edit, POST          edit (the draft, or a new draft version)
//   POST /kov/:kov/services/admin/:id/channels            add a channel; …/channels/:n/remove
//   POST /kov/:kov/services/admin/:id/steps               add a step; …/steps/:n/remove, …/steps/:n/up
//   POST /kov/:kov/services/admin/:id/diagrams            upload a diagram (multipart); …/:did/remove
//   GET  /kov/:kov/services/admin/:id/diagrams/:did       download a diagram
//   GET  /kov/:kov/services/admin/:id/publish|archive     confirmation; POST does it
//   GET  /kov/:kov/services/admin/:id/versions[/:no]      the version history, one version
//   GET  /services/admin/cross-kov                        which KOV offers which template service (every official)
//   GET  /services/admin/templates[/new|/:id], POST       ELVL's templates (services-elvl, platform admins)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { isPlatformAdmin, may, requirePersonFor, requireUser } from '../../kernel/auth.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, forbidden, formErrors, notFound } from '../../kernel/errors.js';
import { loadTenant } from '../../kernel/tenants.js';
import { fileFormRoute } from '../../kernel/upload.js';
import type { ServiceContent, ServiceStatus } from './model.js';
import { CHANNEL_KINDS, emptyChannel, emptyContent, parseCostCents } from './model.js';
import { SERVICES_EDIT, SERVICES_READ, keepsTemplates, requireTemplateKeeper } from './permissions.js';
import type { FormValues } from './present.js';
import { contentToValues, formFieldOf, inLang, many, one, valuesToContent } from './present.js';
import {
  MAX_DIAGRAM_BYTES,
  addDiagram,
  adoptTemplate,
  archiveService,
  createService,
  createTemplate,
  crossKovView,
  getDiagram,
  getService,
  getTemplate,
  getVersion,
  listDiagrams,
  listServices,
  listTemplates,
  listVersions,
  publishService,
  removeDiagram,
  updateService,
  updateTemplate,
} from './service.js';
import type { FormState } from './views/admin-pages.js';
import {
  AdminListPage,
  AdoptPage,
  ConfirmPage,
  ContentFormPage,
  CrossKovPage,
  ServiceAdminPage,
  TemplateFormPage,
  TemplatesPage,
  VersionPage,
  VersionsPage,
} from './views/admin-pages.js';

type P = { kov: string; id: string; n: string; did: string; no: string };
const paramsOf = (req: FastifyRequest) => req.params as P;
const hide = { schema: { hide: true } };
const STATUSES: readonly string[] = ['draft', 'published', 'archived'];

/** The form's fields (repeated ones, the checkboxes, as lists). */
function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/** The edit form's stamp (the service's updatedAt when the form was made), or a date that never matches. */
function stampOf(v: FormValues): Date {
  const d = new Date(one(v, 'stamp'));
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** The service's errors on the form's fields. */
const onForm = (fields: FieldError[]): FieldError[] => fields.map((f) => ({ ...f, field: formFieldOf(f.field) }));

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;

  async function kovOf(code: string) {
    const k = await loadTenant(db, code);
    if (!k) throw notFound();
    return { code, name: k.name };
  }
  const reader = (req: FastifyRequest) => requirePersonFor(req, paramsOf(req).kov, SERVICES_READ);
  const editor = (req: FastifyRequest) => requirePersonFor(req, paramsOf(req).kov, SERVICES_EDIT);
  const base = (kov: string) => `/kov/${kov}/services/admin`;

  async function serviceOf(kov: string, id: string) {
    const v = await getService(db, kov, id);
    if (!v) throw notFound('services.error.notFound');
    return v;
  }

  /** Other services of the KOV (for related services): id and name. */
  async function othersOf(kov: string, selfId: string | null, req: FastifyRequest) {
    const l = (await req.pageCtx({ csrf: false })).locale;
    return (await listServices(db, kov))
      .filter((s) => s.id !== selfId)
      .map((s) => ({ id: s.id, name: inLang(s.name, l as 'et') || s.slug }));
  }

  // ------------------------------------------------------------------ the list

  app.get('/kov/:kov/services/admin', hide, async (req, reply) => {
    reader(req);
    const kov = await kovOf(paramsOf(req).kov);
    const q = (req.query ?? {}) as { status?: string };
    const status = q.status && STATUSES.includes(q.status) ? (q.status as ServiceStatus) : null;
    const [items, ctx] = await Promise.all([listServices(db, kov.code, status), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(AdminListPage({ ctx, kov, items, status, keepsTemplates: keepsTemplates(req.user) }));
  });

  // ------------------------------------------------------------------ new

  async function newPage(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    const kov = await kovOf(paramsOf(req).kov);
    const [related, ctx] = await Promise.all([othersOf(kov.code, null, req), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    const title = ctx.t('services.admin.new');
    return reply.page(ContentFormPage({ ctx, kov, title, action: `${base(kov.code)}/new`, back: { href: base(kov.code), label: ctx.t('services.admin.title') }, form, related }), status);
  }

  app.get('/kov/:kov/services/admin/new', hide, async (req, reply) => {
    editor(req);
    return newPage(req, reply, { values: contentToValues(emptyContent()) });
  });

  app.post('/kov/:kov/services/admin/new', hide, async (req, reply) => {
    const actor = editor(req);
    const { kov } = paramsOf(req);
    const values = formValues(req.body);
    try {
      const { id } = await createService(db, kov, valuesToContent(values, emptyContent()), actor);
      reply.flash({ kind: 'success', key: 'services.flash.created' });
      return reply.redirect(`${base(kov)}/${id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'name.et');
      if (!bad) throw e;
      return newPage(req, reply, { errors: onForm(bad.fields), values }, bad.status);
    }
  });

  // ------------------------------------------------------------------ adopt a template

  app.get('/kov/:kov/services/admin/adopt', hide, async (req, reply) => {
    reader(req);
    const kov = await kovOf(paramsOf(req).kov);
    const [templates, mine, ctx] = await Promise.all([listTemplates(db), listServices(db, kov.code), req.pageCtx()]);
    const adopted = new Map<string, { id: string; name: string }>();
    for (const s of mine) if (s.templateId && !adopted.has(s.templateId)) adopted.set(s.templateId, { id: s.id, name: inLang(s.name, ctx.locale as 'et') || s.slug });
    reply.header('cache-control', 'no-store');
    return reply.page(AdoptPage({ ctx, kov, templates, adopted }));
  });

  app.post('/kov/:kov/services/admin/adopt', hide, async (req, reply) => {
    const actor = editor(req);
    const { kov } = paramsOf(req);
    const { id } = await adoptTemplate(db, kov, one(formValues(req.body), 'templateId'), actor);
    reply.flash({ kind: 'success', key: 'services.flash.adopted' });
    return reply.redirect(`${base(kov)}/${id}/edit`, 303);
  });

  // ------------------------------------------------------------------ a service

  async function servicePage(req: FastifyRequest, reply: FastifyReply, form: FormState = {}, status = 200) {
    const kov = await kovOf(paramsOf(req).kov);
    const view = await serviceOf(kov.code, paramsOf(req).id);
    const [diagrams, others, ctx] = await Promise.all([listDiagrams(db, kov.code, view.id), othersOf(kov.code, view.id, req), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    const canEdit = may(req.user, kov.code, SERVICES_EDIT);
    const publicHref = view.status === 'published' ? `/kov/${kov.code}/services/${view.slug}` : null;
    return reply.page(ServiceAdminPage({ ctx, kov, view, diagrams, relatedNames: new Map(others.map((o) => [o.id, o.name])), form, canEdit, publicHref }), status);
  }

  app.get('/kov/:kov/services/admin/:id', hide, async (req, reply) => {
    reader(req);
    return servicePage(req, reply);
  });

  async function editPage(req: FastifyRequest, reply: FastifyReply, form: FormState | null, status = 200) {
    const kov = await kovOf(paramsOf(req).kov);
    const view = await serviceOf(kov.code, paramsOf(req).id);
    const [related, ctx] = await Promise.all([othersOf(kov.code, view.id, req), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    const name = inLang(view.content.name, ctx.locale as 'et') || view.slug;
    const title = ctx.t('services.edit.title', { name });
    const note = view.draftNo === null ? ctx.t('services.admin.editNotice') : undefined;
    const f = form ?? { values: { ...contentToValues(view.content), stamp: view.updatedAt.toISOString() } };
    return reply.page(ContentFormPage({ ctx, kov, title, action: `${base(kov.code)}/${view.id}/edit`, back: { href: `${base(kov.code)}/${view.id}`, label: name }, form: f, related, note }), status);
  }

  app.get('/kov/:kov/services/admin/:id/edit', hide, async (req, reply) => {
    editor(req);
    return editPage(req, reply, null);
  });

  app.post('/kov/:kov/services/admin/:id/edit', hide, async (req, reply) => {
    const actor = editor(req);
    const { kov, id } = paramsOf(req);
    const values = formValues(req.body);
    const view = await serviceOf(kov, id);
    try {
      const r = await updateService(db, kov, view.id, valuesToContent(values, view.content), actor, { ifUnchangedSince: stampOf(values) });
      reply.flash({ kind: 'success', key: r.created ? 'services.flash.newVersion' : 'services.flash.saved', vars: { no: r.versionNo } });
      return reply.redirect(`${base(kov)}/${view.id}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'name.et');
      if (!bad) throw e;
      // a stale form comes back with the current stamp: saving again overwrites knowingly
      return editPage(req, reply, { errors: onForm(bad.fields), values: { ...values, stamp: (await serviceOf(kov, id)).updatedAt.toISOString() } }, bad.status);
    }
  });

  /** A change of the working content from the service page (a channel, a step), errors back on the page. */
  async function contentPost(req: FastifyRequest, reply: FastifyReply, anchor: string, change: (c: ServiceContent, v: FormValues) => ServiceContent) {
    const actor = editor(req);
    const { kov, id } = paramsOf(req);
    const values = formValues(req.body);
    const view = await serviceOf(kov, id);
    try {
      const r = await updateService(db, kov, view.id, change(view.content, values), actor, { ifUnchangedSince: view.updatedAt });
      reply.flash({ kind: 'success', key: r.created ? 'services.flash.newVersion' : 'services.flash.saved', vars: { no: r.versionNo } });
      return reply.redirect(`${base(kov)}/${view.id}#${anchor}`, 303);
    } catch (e) {
      const bad = formErrors(e, anchor === 'steps' ? 'step.what' : 'channel.kind');
      if (!bad) throw e;
      return servicePage(req, reply, { errors: onForm(bad.fields), values }, bad.status);
    }
  }

  const indexOf = (req: FastifyRequest, length: number) => {
    const n = Number(paramsOf(req).n);
    if (!Number.isInteger(n) || n < 0 || n >= length) throw notFound();
    return n;
  };

  app.post('/kov/:kov/services/admin/:id/channels', hide, async (req, reply) =>
    contentPost(req, reply, 'channels', (c, v) => {
      const kind = one(v, 'channel.kind');
      if (!(CHANNEL_KINDS as readonly string[]).includes(kind)) throw badRequest([{ field: 'channel.kind', reason: 'services.error.choose' }]);
      const costCents = parseCostCents(one(v, 'channel.cost'));
      if (costCents === null) throw badRequest([{ field: 'channel.cost', reason: 'services.error.cost' }]);
      const ch = {
        ...emptyChannel(kind as ServiceContent['channels'][number]['kind']),
        url: one(v, 'channel.url'),
        address: one(v, 'channel.address'),
        openingHours: one(v, 'channel.openingHours'),
        phone: one(v, 'channel.phone'),
        email: one(v, 'channel.email'),
        costCents,
        processingTime: one(v, 'channel.processingTime').trim().toUpperCase(),
      };
      return { ...c, channels: [...c.channels, ch] };
    }),
  );

  app.post('/kov/:kov/services/admin/:id/channels/:n/remove', hide, async (req, reply) =>
    contentPost(req, reply, 'channels', (c) => {
      const n = indexOf(req, c.channels.length);
      return { ...c, channels: c.channels.filter((_, i) => i !== n) };
    }),
  );

  app.post('/kov/:kov/services/admin/:id/steps', hide, async (req, reply) =>
    contentPost(req, reply, 'steps', (c, v) => ({
      ...c,
      steps: [...c.steps, { what: one(v, 'step.what'), who: one(v, 'step.who'), system: one(v, 'step.system'), duration: one(v, 'step.duration').trim().toUpperCase() }],
    })),
  );

  app.post('/kov/:kov/services/admin/:id/steps/:n/remove', hide, async (req, reply) =>
    contentPost(req, reply, 'steps', (c) => {
      const n = indexOf(req, c.steps.length);
      return { ...c, steps: c.steps.filter((_, i) => i !== n) };
    }),
  );

  app.post('/kov/:kov/services/admin/:id/steps/:n/up', hide, async (req, reply) =>
    contentPost(req, reply, 'steps', (c) => {
      const n = indexOf(req, c.steps.length);
      if (n === 0) return c;
      const steps = [...c.steps];
      [steps[n - 1], steps[n]] = [steps[n]!, steps[n - 1]!];
      return { ...c, steps };
    }),
  );

  // ------------------------------------------------------------------ publish / archive

  for (const verb of ['publish', 'archive'] as const) {
    app.get(`/kov/:kov/services/admin/:id/${verb}`, hide, async (req, reply) => {
      editor(req);
      const kov = await kovOf(paramsOf(req).kov);
      const [view, ctx] = await Promise.all([serviceOf(kov.code, paramsOf(req).id), req.pageCtx()]);
      reply.header('cache-control', 'no-store');
      return reply.page(ConfirmPage({ ctx, kov, view, verb }));
    });
    app.post(`/kov/:kov/services/admin/:id/${verb}`, hide, async (req, reply) => {
      const actor = editor(req);
      const { kov, id } = paramsOf(req);
      const view = await serviceOf(kov, id);
      try {
        if (verb === 'publish') await publishService(db, kov, view.id, actor);
        else await archiveService(db, kov, view.id, actor);
      } catch (e) {
        // a draft that no longer passes the rules: show the errors on the service's page
        const bad = formErrors(e);
        if (!bad || bad.status !== 400) throw e;
        return servicePage(req, reply, { errors: onForm(bad.fields) }, bad.status);
      }
      reply.flash({ kind: 'success', key: verb === 'publish' ? 'services.flash.published' : 'services.flash.archived' });
      return reply.redirect(`${base(kov)}/${view.id}`, 303);
    });
  }

  // ------------------------------------------------------------------ versions

  app.get('/kov/:kov/services/admin/:id/versions', hide, async (req, reply) => {
    reader(req);
    const kov = await kovOf(paramsOf(req).kov);
    const view = await serviceOf(kov.code, paramsOf(req).id);
    const [versions, ctx] = await Promise.all([listVersions(db, kov.code, view.id), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(VersionsPage({ ctx, kov, view, versions: versions ?? [] }));
  });

  app.get('/kov/:kov/services/admin/:id/versions/:no', hide, async (req, reply) => {
    reader(req);
    const kov = await kovOf(paramsOf(req).kov);
    const view = await serviceOf(kov.code, paramsOf(req).id);
    const no = /^\d{1,6}$/.test(paramsOf(req).no) ? Number(paramsOf(req).no) : 0;
    const version = await getVersion(db, kov.code, view.id, no);
    if (!version) throw notFound();
    const [others, ctx] = await Promise.all([othersOf(kov.code, view.id, req), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(VersionPage({ ctx, kov, view, version, relatedNames: new Map(others.map((o) => [o.id, o.name])) }));
  });

  // ------------------------------------------------------------------ diagrams

  app.get('/kov/:kov/services/admin/:id/diagrams/:did', hide, async (req, reply) => {
    reader(req);
    const { kov, id, did } = paramsOf(req);
    const f = await getDiagram(db, kov, id, did);
    if (!f) throw notFound('services.error.diagramNotFound');
    const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    reply.header('content-type', f.kind === 'bpmn' ? 'application/bpmn+xml' : 'application/vnd.jgraph.mxfile');
    reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'private, no-store');
    return reply.send(f.bytes);
  });

  app.post('/kov/:kov/services/admin/:id/diagrams/:did/remove', hide, async (req, reply) => {
    const actor = editor(req);
    const { kov, id, did } = paramsOf(req);
    await removeDiagram(db, kov, id, did, actor);
    reply.flash({ kind: 'success', key: 'services.flash.diagramRemoved' });
    return reply.redirect(`${base(kov)}/${id}#diagrams`, 303);
  });

  // the upload (multipart; CSRF checked after the body is read: kernel/upload.ts)
  await fileFormRoute(app, {
    url: '/kov/:kov/services/admin/:id/diagrams',
    maxBytes: MAX_DIAGRAM_BYTES,
    missing: 'services.error.fileMissing',
    tooLarge: 'services.error.fileSize',
    authorise: editor,
    handler: async (req, reply, file) => {
      const actor = editor(req);
      const { kov, id } = paramsOf(req);
      try {
        await addDiagram(db, kov, id, file(), actor);
        reply.flash({ kind: 'success', key: 'services.flash.diagram' });
        return reply.redirect(`${base(kov)}/${id}#diagrams`, 303);
      } catch (e) {
        const bad = formErrors(e, 'file');
        if (!bad) throw e;
        return servicePage(req, reply, { errors: bad.fields }, bad.status);
      }
    },
  });

  // ------------------------------------------------------------------ across KOVs (officials, ELVL)

  /** Every signed-in official (a role anywhere), ELVL and platform admins. */
  function requireOfficial(req: FastifyRequest): void {
    if (req.apiKey) throw forbidden('error.personOnly');
    const user = requireUser(req);
    if (!isPlatformAdmin(user) && !keepsTemplates(user) && user.grants.length === 0) throw forbidden();
  }

  app.get('/services/admin/cross-kov', hide, async (req, reply) => {
    requireOfficial(req);
    const [view, ctx] = await Promise.all([crossKovView(db), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(CrossKovPage({ ctx, view }));
  });

  app.get('/services/admin/templates', hide, async (req, reply) => {
    requireTemplateKeeper(req);
    const [templates, ctx] = await Promise.all([listTemplates(db, false), req.pageCtx()]);
    reply.header('cache-control', 'no-store');
    return reply.page(TemplatesPage({ ctx, templates }));
  });

  async function templateForm(req: FastifyRequest, reply: FastifyReply, id: string | null, form: FormState, status = 200) {
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'no-store');
    const title = id ? ctx.t('services.tpl.edit', { name: one(form.values ?? {}, 'name.et') }) : ctx.t('services.tpl.new');
    return reply.page(TemplateFormPage({ ctx, title, action: id ? `/services/admin/templates/${id}` : '/services/admin/templates/new', form, isNew: !id }), status);
  }

  const templateValues = (tpl: { code: string; content: ServiceContent; stateOverlap: boolean; active: boolean }): FormValues => ({
    ...contentToValues(tpl.content),
    code: tpl.code,
    flags: [...(tpl.stateOverlap ? ['stateOverlap'] : []), ...(tpl.active ? ['active'] : [])],
  });

  app.get('/services/admin/templates/new', hide, async (req, reply) => {
    requireTemplateKeeper(req);
    return templateForm(req, reply, null, { values: templateValues({ code: '', content: emptyContent(), stateOverlap: false, active: true }) });
  });

  app.post('/services/admin/templates/new', hide, async (req, reply) => {
    const actor: Actor = requireTemplateKeeper(req);
    const values = formValues(req.body);
    try {
      const flags = many(values, 'flags');
      await createTemplate(db, { code: one(values, 'code'), content: valuesToContent(values, emptyContent()), stateOverlap: flags.includes('stateOverlap') }, actor);
      reply.flash({ kind: 'success', key: 'services.flash.templateSaved' });
      return reply.redirect('/services/admin/templates', 303);
    } catch (e) {
      const bad = formErrors(e, 'code');
      if (!bad) throw e;
      return templateForm(req, reply, null, { errors: onForm(bad.fields), values }, bad.status);
    }
  });

  app.get('/services/admin/templates/:id', hide, async (req, reply) => {
    requireTemplateKeeper(req);
    const tpl = await getTemplate(db, paramsOf(req).id);
    if (!tpl) throw notFound('services.error.templateNotFound');
    return templateForm(req, reply, tpl.id, { values: templateValues(tpl) });
  });

  app.post('/services/admin/templates/:id', hide, async (req, reply) => {
    const actor = requireTemplateKeeper(req);
    const tpl = await getTemplate(db, paramsOf(req).id);
    if (!tpl) throw notFound('services.error.templateNotFound');
    const values = formValues(req.body);
    try {
      const flags = many(values, 'flags');
      await updateTemplate(db, tpl.id, { content: valuesToContent(values, tpl.content), stateOverlap: flags.includes('stateOverlap'), active: flags.includes('active') }, actor);
      reply.flash({ kind: 'success', key: 'services.flash.templateSaved' });
      return reply.redirect('/services/admin/templates', 303);
    } catch (e) {
      const bad = formErrors(e, 'name.et');
      if (!bad) throw e;
      return templateForm(req, reply, tpl.id, { errors: onForm(bad.fields), values: { ...values, code: tpl.code } }, bad.status);
    }
  });
}
