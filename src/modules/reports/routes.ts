// HTTP for the reports officials' pages (and, through api.ts, their JSON API). Thin: parse →
// authorize → call the service → present → render. The public report pages are another part's.
//
// Who may do what on the pages (a signed-in person; API keys use the JSON API):
//   /kov/:kov/reports/admin (inbox), /kov/:kov/reports/admin/:id (a report)   reports.read
//   actions on a report (POST …/:id/actions)                                 reports.handle
//   settings, categories, groups and members, retention                      reports.configure
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, requirePersonFor } from '../../kernel/auth.js';
import { permissionOf } from '../../kernel/module.js';
import { formErrors, notFound, type FieldError } from '../../kernel/errors.js';
import { addGroupMember, removeGroupMember, reportsSettings, saveCategory, saveGroup, setRetention, type CategoryAttribute, type CategoryInput } from './admin.js';
import { reportsApiRoutes } from './api.js';
import { handleReport, type HandlerAction } from './handling.js';
import { handlerPhoto, listInbox, parseInboxQuery, reportDetail } from './inbox.js';
import { REPORTS_CONFIGURE, REPORTS_HANDLE, REPORTS_READ } from './permissions.js';
import type { CategoryRow, Domain } from './repo.js';
import { CategoryPage, SettingsPage } from './views/admin.js';
import { DetailPage } from './views/detail.js';
import { InboxPage } from './views/inbox.js';

type Body = Record<string, unknown>;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Body;
const str = (b: Body, k: string): string => {
  const v = b[k];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
};
const strings = (b: Body): Record<string, string> => Object.fromEntries(Object.keys(b).filter((k) => k !== '_csrf').map((k) => [k, str(b, k)]));
const paramsOf = (req: FastifyRequest) => req.params as { kov: string; id: string };

/** A handler action from its form (each form's fields are named `<kind>_<field>`). */
export function actionFromForm(b: Body): HandlerAction | FieldError[] {
  const kind = str(b, 'kind');
  const f = (name: string) => str(b, `${kind}_${name}`);
  const opt = (name: string) => f(name).trim() || undefined;
  switch (kind) {
    case 'status':
      return { kind, status: f('status') as 'fixed', answer: opt('answer') };
    case 'forward':
      return { kind, to: f('to'), answer: opt('answer') };
    case 'duplicate':
      return { kind, of: f('of'), answer: opt('answer') };
    case 'reopen':
      return { kind, reason: f('reason') };
    case 'answer':
    case 'note':
      return { kind, body: f('body') };
    case 'assign': {
      const hash = f('assignee');
      const name = str(b, 'assign_assigneeName');
      return { kind, assignee: hash ? { idcodeHash: hash, name } : null, groupId: f('groupId') || null };
    }
    case 'category':
      return { kind, code: f('code') };
    default:
      return [{ field: 'kind', reason: 'reports.error.action' }];
  }
}

function categoryValues(c: CategoryRow | null): Record<string, string> {
  if (!c) return { domain: 'other', slaDays: '14', sort: '0', active: 'yes', attributes: '[]' };
  return {
    code: c.code,
    domain: c.domain,
    name_et: c.name_et,
    name_en: c.name_en,
    name_ru: c.name_ru,
    description: c.description,
    groupId: c.group_id ?? '',
    slaDays: String(c.sla_days),
    attributes: JSON.stringify(c.attributes ?? [], null, 2),
    keywords: c.keywords,
    sort: String(c.sort),
    active: c.active ? 'yes' : '',
  };
}

/** The category form → service input, or field errors for what cannot even be read (numbers, JSON). */
function categoryFromForm(v: Record<string, string>): { input: CategoryInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const int = (k: string, reason: string, def: number) => {
    const s = (v[k] ?? '').trim();
    if (!s) return def;
    if (!/^-?[0-9]{1,6}$/.test(s)) {
      errors.push({ field: k, reason });
      return def;
    }
    return Number(s);
  };
  let attributes: CategoryAttribute[] = [];
  const raw = (v.attributes ?? '').trim();
  if (raw) {
    try {
      attributes = JSON.parse(raw) as CategoryAttribute[];
    } catch {
      errors.push({ field: 'attributes', reason: 'reports.admin.error.attributesJson' });
    }
  }
  const slaDays = int('slaDays', 'reports.admin.error.sla', NaN);
  if (Number.isNaN(slaDays) && !errors.some((e) => e.field === 'slaDays')) errors.push({ field: 'slaDays', reason: 'reports.admin.error.sla' });
  return {
    input: {
      code: (v.code ?? '').trim(),
      domain: (v.domain ?? '') as Domain,
      names: { et: v.name_et ?? '', en: v.name_en ?? '', ru: v.name_ru ?? '' },
      description: v.description ?? '',
      groupId: v.groupId || null,
      slaDays,
      attributes,
      keywords: v.keywords ?? '',
      active: v.active === 'yes',
      sort: int('sort', 'reports.admin.error.sort', 0),
    },
    errors,
  };
}

export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  await reportsApiRoutes(app);

  // ------------------------------------------------------------------ inbox and a report

  app.get('/kov/:kov/reports/admin', async (req, reply) => {
    const { kov } = paramsOf(req);
    requirePersonFor(req, kov, REPORTS_READ);
    const query = Object.fromEntries(Object.entries((req.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    const ctx = await req.pageCtx();
    const canConfigure = may(req.user, kov, REPORTS_CONFIGURE);
    try {
      const p = parseInboxQuery(query, req.user?.idcodeHash ?? null);
      return reply.page(InboxPage({ ctx, kov, view: await listInbox(db, kov, p), query, canConfigure }));
    } catch (e) {
      const bad = formErrors(e);
      if (!bad) throw e;
      return reply.page(InboxPage({ ctx, kov, view: null, query, errors: bad.fields, canConfigure }), bad.status);
    }
  });

  async function detailPage(req: FastifyRequest, reply: FastifyReply, errors?: FieldError[], values?: Record<string, string>, status = 200) {
    const { kov, id } = paramsOf(req);
    const [d, ctx] = await Promise.all([reportDetail(db, kov, id), req.pageCtx()]);
    return reply.page(DetailPage({ ctx, kov, d, canHandle: may(req.user, kov, REPORTS_HANDLE), errors, values }), status);
  }

  app.get('/kov/:kov/reports/admin/:id', async (req, reply) => {
    requirePersonFor(req, paramsOf(req).kov, REPORTS_READ);
    return detailPage(req, reply);
  });

  // a photo of a report, for the KOV's handlers (and its API keys with `write`) only: any report of
  // theirs, public or not. Everyone else — the public, other KOVs' officials — gets 404, not 403.
  app.get('/kov/:kov/reports/admin/:id/photos/:photoId', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id, photoId } = req.params as { kov: string; id: string; photoId: string };
    const allowed = req.apiKey ? req.apiKey.kov === kov && req.apiKey.scopes.includes(permissionOf(REPORTS_HANDLE).apiScope ?? 'write') : may(req.user, kov, REPORTS_HANDLE);
    if (!allowed) throw notFound();
    const p = await handlerPhoto(db, kov, id, photoId);
    reply.header('cache-control', 'private, max-age=600');
    reply.header('x-content-type-options', 'nosniff');
    return reply.type(p.mime).send(p.bytes);
  });

  app.post('/kov/:kov/reports/admin/:id/actions', async (req, reply) => {
    const { kov, id } = paramsOf(req);
    const actor = requirePersonFor(req, kov, REPORTS_HANDLE);
    const b = bodyOf(req);
    const kind = str(b, 'kind');
    const action = actionFromForm(b);
    const prefix = (fields: FieldError[]) => fields.map((f) => (f.field === 'kind' || f.field.startsWith('_') ? f : { ...f, field: `${kind}_${f.field}` }));
    if (Array.isArray(action)) return detailPage(req, reply, action, strings(b), 400);
    if (action.kind === 'assign' && action.assignee) {
      // the member's name from the KOV's groups (the form sends only the hash)
      const d = await reportDetail(db, kov, id);
      const m = d.members.find((x) => x.idcodeHash === action.assignee!.idcodeHash);
      if (!m) return detailPage(req, reply, [{ field: 'assign_assignee', reason: 'reports.error.assignee' }], strings(b), 400);
      action.assignee = { idcodeHash: m.idcodeHash, name: m.name };
    }
    try {
      await handleReport(db, kov, id, action, actor);
    } catch (e) {
      const bad = formErrors(e, `${kind}_${kind === 'answer' || kind === 'note' ? 'body' : kind === 'status' ? 'status' : kind === 'reopen' ? 'reason' : kind === 'forward' ? 'to' : kind === 'duplicate' ? 'of' : kind === 'assign' ? 'assignee' : 'code'}`);
      if (!bad) throw e;
      return detailPage(req, reply, prefix(bad.fields), strings(b), bad.status);
    }
    reply.flash({ kind: 'success', key: `reports.flash.${action.kind}` });
    return reply.redirect(`/kov/${kov}/reports/admin/${id}`, 303);
  });

  // ------------------------------------------------------------------ settings

  const configure = (req: FastifyRequest) => requirePersonFor(req, paramsOf(req).kov, REPORTS_CONFIGURE);

  async function settingsPage(req: FastifyRequest, reply: FastifyReply, errors?: FieldError[], values?: Record<string, string>, status = 200) {
    const { kov } = paramsOf(req);
    const [s, ctx] = await Promise.all([reportsSettings(db, kov), req.pageCtx()]);
    return reply.page(SettingsPage({ ctx, kov, s, errors, values }), status);
  }

  app.get('/kov/:kov/reports/admin/settings', async (req, reply) => {
    configure(req);
    return settingsPage(req, reply);
  });

  /** Runs a settings change: success → flash and back to the settings; bad input → the page with the fields. */
  async function settingsChange(req: FastifyRequest, reply: FastifyReply, fn: () => Promise<unknown>, flash: string, mapField: (f: string) => string = (f) => f, fallback?: string) {
    try {
      await fn();
    } catch (e) {
      const bad = formErrors(e, fallback);
      if (!bad) throw e;
      return settingsPage(req, reply, bad.fields.map((f) => ({ ...f, field: mapField(f.field) })), strings(bodyOf(req)), bad.status);
    }
    reply.flash({ kind: 'success', key: flash });
    return reply.redirect(`/kov/${paramsOf(req).kov}/reports/admin/settings`, 303);
  }

  app.post('/kov/:kov/reports/admin/groups', async (req, reply) => {
    const actor = configure(req);
    const b = bodyOf(req);
    return settingsChange(req, reply, () => saveGroup(db, paramsOf(req).kov, { name: str(b, 'name'), email: str(b, 'email').trim() || null }, actor), 'reports.flash.groupSaved');
  });

  app.post('/kov/:kov/reports/admin/groups/:id', async (req, reply) => {
    const actor = configure(req);
    const { kov, id } = paramsOf(req);
    const b = bodyOf(req);
    return settingsChange(req, reply, () => saveGroup(db, kov, { name: str(b, `name-${id}`), email: str(b, `email-${id}`).trim() || null }, actor, id), 'reports.flash.groupSaved', (f) => `${f}-${id}`);
  });

  app.post('/kov/:kov/reports/admin/groups/:id/members', async (req, reply) => {
    const actor = configure(req);
    const { kov, id } = paramsOf(req);
    const b = bodyOf(req);
    return settingsChange(
      req,
      reply,
      () => addGroupMember(db, kov, id, { idcode: str(b, `idcode-${id}`), name: str(b, `memberName-${id}`) }, app.config.idcodeHmacKey, actor),
      'reports.flash.memberAdded',
      (f) => `${f}-${id}`,
    );
  });

  app.post('/kov/:kov/reports/admin/groups/:id/members/remove', async (req, reply) => {
    const actor = configure(req);
    const { kov, id } = paramsOf(req);
    return settingsChange(req, reply, () => removeGroupMember(db, kov, id, str(bodyOf(req), 'hash'), actor), 'reports.flash.memberRemoved');
  });

  app.post('/kov/:kov/reports/admin/retention', async (req, reply) => {
    const actor = configure(req);
    const { kov } = paramsOf(req);
    const raw = str(bodyOf(req), 'keepMonths').trim();
    const months = raw === '' ? null : /^[0-9]{1,5}$/.test(raw) ? Number(raw) : NaN;
    return settingsChange(req, reply, () => setRetention(db, kov, months, actor), 'reports.flash.retentionSaved');
  });

  // ------------------------------------------------------------------ categories

  async function categoryPage(req: FastifyRequest, reply: FastifyReply, edit: CategoryRow | null, values: Record<string, string>, errors?: FieldError[], status = 200) {
    const { kov } = paramsOf(req);
    const [s, ctx] = await Promise.all([reportsSettings(db, kov), req.pageCtx()]);
    return reply.page(CategoryPage({ ctx, kov, s, edit, values, errors }), status);
  }

  async function categoryOf(req: FastifyRequest): Promise<CategoryRow> {
    const { kov, id } = paramsOf(req);
    const c = (await reportsSettings(db, kov)).categories.find((x) => x.id === id);
    if (!c) throw notFound('reports.admin.error.noCategory');
    return c;
  }

  app.get('/kov/:kov/reports/admin/categories/new', async (req, reply) => {
    configure(req);
    return categoryPage(req, reply, null, categoryValues(null));
  });

  app.get('/kov/:kov/reports/admin/categories/:id', async (req, reply) => {
    configure(req);
    const c = await categoryOf(req);
    return categoryPage(req, reply, c, categoryValues(c));
  });

  async function saveCategoryForm(req: FastifyRequest, reply: FastifyReply, edit: CategoryRow | null) {
    const actor = configure(req);
    const { kov } = paramsOf(req);
    const values = strings(bodyOf(req));
    const { input, errors } = categoryFromForm(values);
    if (errors.length) return categoryPage(req, reply, edit, values, errors, 400);
    try {
      await saveCategory(db, kov, input, actor, edit?.id);
    } catch (e) {
      const bad = formErrors(e, 'code');
      if (!bad) throw e;
      return categoryPage(req, reply, edit, values, bad.fields, bad.status);
    }
    reply.flash({ kind: 'success', key: 'reports.flash.categorySaved' });
    return reply.redirect(`/kov/${kov}/reports/admin/settings`, 303);
  }

  app.post('/kov/:kov/reports/admin/categories', async (req, reply) => saveCategoryForm(req, reply, null));
  app.post('/kov/:kov/reports/admin/categories/:id', async (req, reply) => {
    configure(req);
    return saveCategoryForm(req, reply, await categoryOf(req));
  });
}
