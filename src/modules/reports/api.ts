// The reports handlers' and administrators' JSON API under /api/v1/kov/:kov/reports. Thin: parse
// (schema.ts) → authorize → call the service → present (present.ts).
//
// Who may do what:
//   inbox list, one report with its whole history          reports.read (handlers, analysts, KOV admins; API key `read`)
//   actions on a report                                     reports.handle (handlers, KOV admins; API key `write`)
//   categories, groups and members, retention               reports.configure (KOV admins); reading categories: reports.read
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { may, requireAction } from '../../kernel/auth.js';
import { badRequest, fieldsFromValidation } from '../../kernel/errors.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import { addGroupMember, removeGroupMember, reportsSettings, saveCategory, saveGroup, setRetention, type CategoryInput } from './admin.js';
import { handleReport, validateAction, type HandlerAction } from './handling.js';
import { listInbox, parseInboxQuery, reportDetail } from './inbox.js';
import { REPORTS_CONFIGURE, REPORTS_HANDLE, REPORTS_READ } from './permissions.js';
import { categoryOut, detailOut, groupOut, inboxRowOut } from './present.js';
import {
  CategoryCreateBody,
  CategoryOut,
  CategoryUpdateBody,
  GroupBody,
  GroupOut,
  HandlerActionBody,
  InboxOut,
  InboxQueryS,
  KovGroupMemberParams,
  KovIdParams,
  KovParams,
  MemberBody,
  MemberOut,
  ReportDetailOut,
  SettingsBody,
  SettingsOut,
} from './schema.js';
import { Type } from 'typebox';

const errors = { ...commonErrors, 409: problem('Conflict: the report’s state does not allow this action, or the thing exists already') };
const api = { tags: ['reports'], security: [{ apiKey: [] }] };

type CategoryBody = { code?: string; domain: CategoryInput['domain']; names: CategoryInput['names']; description?: string; groupId?: string | null; slaDays: number; attributes?: CategoryInput['attributes']; keywords?: string; active?: boolean; sort?: number };

export function categoryInputOf(b: CategoryBody): CategoryInput {
  return {
    code: b.code ?? '',
    domain: b.domain,
    names: b.names,
    description: b.description ?? '',
    groupId: b.groupId ?? null,
    slaDays: b.slaDays,
    attributes: b.attributes ?? [],
    keywords: b.keywords ?? '',
    active: b.active ?? true,
    sort: b.sort ?? 0,
  };
}

/** Whether the caller may handle the KOV's reports (and so see the reporter's contact). */
export function mayHandle(req: FastifyRequest, kov: string): boolean {
  if (req.apiKey) return req.apiKey.kov === kov && req.apiKey.scopes.includes('write');
  return may(req.user, kov, REPORTS_HANDLE);
}

/** The signed-in person's idcode hash (for assignee=mine), null for an API key. */
const myHash = (req: FastifyRequest) => (req.apiKey ? null : (req.user?.idcodeHash ?? null));

export async function reportsApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  r.get(
    '/api/v1/kov/:kov/reports',
    { schema: { ...api, summary: 'The handlers’ inbox: reports of the KOV with filters, paged', params: KovParams, querystring: InboxQueryS, response: { 200: InboxOut, ...errors } } },
    async (req) => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_READ);
      const p = parseInboxQuery(req.query, myHash(req));
      const v = await listInbox(db, kov, p);
      return { items: v.rows.map((x) => inboxRowOut(x, req.locale, mayHandle(req, kov))), total: v.total, page: v.page, pages: v.pages, counts: v.counts, overdue: v.overdue };
    },
  );

  r.get(
    '/api/v1/kov/:kov/reports/:id',
    { schema: { ...api, summary: 'One report with its whole history (internal notes included) and photos', params: KovIdParams, response: { 200: ReportDetailOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      requireAction(req, kov, REPORTS_READ);
      return detailOut(await reportDetail(db, kov, id), req.locale, mayHandle(req, kov));
    },
  );

  r.post(
    '/api/v1/kov/:kov/reports/:id/actions',
    {
      attachValidation: true,
      schema: {
        ...api,
        summary: 'Take a handler action on a report',
        description:
          'One of: `status` (received, in_progress, scheduled, fixed, closed; optional public `answer`), `forward` (to whom; status forwarded), ' +
          '`duplicate` (of the other report’s number in this KOV), `reopen` (a closed report, with the public reason), `answer` (public), ' +
          '`note` (internal), `assign` (a handler and/or group), `category` (re-route: group, domain and expected-by follow). ' +
          'An unconfirmed report cannot be handled; a closed one can only be re-opened, answered or noted (409).',
        params: KovIdParams,
        body: HandlerActionBody,
        response: { 200: ReportDetailOut, ...errors },
      },
    },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, REPORTS_HANDLE);
      if (req.validationError) {
        // name the fields by the action's own rules where the shape allows; the schema's otherwise
        const body = req.body as unknown;
        const own = body && typeof body === 'object' ? validateAction(body as HandlerAction) : [];
        throw badRequest(own.length ? own : fieldsFromValidation(req.validationError.validation ?? [], 'body'));
      }
      await handleReport(db, kov, id, req.body as HandlerAction, actor);
      return detailOut(await reportDetail(db, kov, id), req.locale, true);
    },
  );

  // ------------------------------------------------------------------ administration

  r.get(
    '/api/v1/kov/:kov/reports/categories',
    { schema: { ...api, summary: 'The KOV’s categories (inactive ones too)', params: KovParams, response: { 200: Type.Object({ items: Type.Array(CategoryOut) }), ...errors } } },
    async (req) => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_READ);
      return { items: (await reportsSettings(db, kov)).categories.map(categoryOut) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/reports/categories',
    { schema: { ...api, summary: 'Create a category', params: KovParams, body: CategoryCreateBody, response: { 201: CategoryOut, ...errors } } },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, REPORTS_CONFIGURE);
      const c = await saveCategory(db, kov, categoryInputOf(req.body), actor);
      return reply.code(201).send(categoryOut(c));
    },
  );

  r.put(
    '/api/v1/kov/:kov/reports/categories/:id',
    { schema: { ...api, summary: 'Update a category (its code stays)', params: KovIdParams, body: CategoryUpdateBody, response: { 200: CategoryOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, REPORTS_CONFIGURE);
      return categoryOut(await saveCategory(db, kov, categoryInputOf(req.body), actor, id));
    },
  );

  r.get(
    '/api/v1/kov/:kov/reports/groups',
    { schema: { ...api, summary: 'The KOV’s handler groups with their members', params: KovParams, response: { 200: Type.Object({ items: Type.Array(GroupOut) }), ...errors } } },
    async (req) => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_READ);
      return { items: (await reportsSettings(db, kov)).groups.map(groupOut) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/reports/groups',
    { schema: { ...api, summary: 'Create a handler group', params: KovParams, body: GroupBody, response: { 201: GroupOut, ...errors } } },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, REPORTS_CONFIGURE);
      const g = await saveGroup(db, kov, { name: req.body.name, email: req.body.email ?? null }, actor);
      return reply.code(201).send({ id: g.id, name: g.name, email: g.email, members: [] });
    },
  );

  r.put(
    '/api/v1/kov/:kov/reports/groups/:id',
    { schema: { ...api, summary: 'Rename a handler group or change its e-mail', params: KovIdParams, body: GroupBody, response: { 200: GroupOut, ...errors } } },
    async (req) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, REPORTS_CONFIGURE);
      await saveGroup(db, kov, { name: req.body.name, email: req.body.email ?? null }, actor, id);
      return groupOut((await reportsSettings(db, kov)).groups.find((g) => g.id === id)!);
    },
  );

  r.post(
    '/api/v1/kov/:kov/reports/groups/:id/members',
    { schema: { ...api, summary: 'Add a member to a handler group (by personal ID code, kept as its keyed hash)', params: KovIdParams, body: MemberBody, response: { 201: MemberOut, ...errors } } },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, REPORTS_CONFIGURE);
      return reply.code(201).send(await addGroupMember(db, kov, id, { idcode: req.body.idcode, name: req.body.name }, app.config.idcodeHmacKey, actor));
    },
  );

  r.delete(
    '/api/v1/kov/:kov/reports/groups/:id/members/:hash',
    { schema: { ...api, summary: 'Remove a member from a handler group', params: KovGroupMemberParams, response: { 204: Type.Null({ description: 'Removed' }), ...errors } } },
    async (req, reply) => {
      const { kov, id, hash } = req.params;
      const actor = requireAction(req, kov, REPORTS_CONFIGURE);
      await removeGroupMember(db, kov, id, hash, actor);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/kov/:kov/reports/settings',
    { schema: { ...api, summary: 'The KOV’s reports settings (retention)', params: KovParams, response: { 200: SettingsOut, ...errors } } },
    async (req) => {
      const { kov } = req.params;
      requireAction(req, kov, REPORTS_READ);
      return { keepMonths: (await reportsSettings(db, kov)).keepMonths };
    },
  );

  r.put(
    '/api/v1/kov/:kov/reports/settings',
    { schema: { ...api, summary: 'Set how many months after closing reports stay public (null: for ever)', params: KovParams, body: SettingsBody, response: { 200: SettingsOut, ...errors } } },
    async (req) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, REPORTS_CONFIGURE);
      await setRetention(db, kov, req.body.keepMonths, actor);
      return { keepMonths: req.body.keepMonths };
    },
  );
}
