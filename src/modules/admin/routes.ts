// HTTP for the admin module: pages under /kov/:kov/admin (and /admin/roles for platform roles)
// and the JSON API under /api/v1/kov/:kov. Thin: parse → authorize → call the service → present.
//
// Who may do what:
//   pages                        a signed-in KOV admin of that KOV, or a platform admin
//   GET  /api/v1/…/roles, /audit  the same people, or an API key of that KOV with scope `read`
//   everything else in the API   people only: an API key can neither grant or revoke roles nor
//                                list, create or revoke API keys, whatever its scopes (a leaked key
//                                must not be able to mint more keys or make officials)
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { requireAction, requirePersonFor, requirePlatformAdmin } from '../../kernel/auth.js';
import { ADMIN_MANAGE, ADMIN_READ } from './permissions.js';
import type { FieldError } from '../../kernel/errors.js';
import { formErrors } from '../../kernel/errors.js';
import type { T } from '../../kernel/i18n.js';
import type { ApiKeyOut, AuditEntryOut, GrantOut } from './schema.js';
import {
  ApiKeyBody,
  ApiKeyCreated,
  ApiKeyList,
  AuditPage as AuditPageSchema,
  AuditQuery,
  Grant,
  GrantBody,
  GrantList,
  KovIdParams,
  KovParams,
} from './schema.js';
import { commonErrors, problem } from '../../kernel/schema.js';
import type { ApiKeyView, AuditEntryView, GrantView } from './service.js';
import {
  auditActions,
  auditExport,
  createKey,
  dashboardCounts,
  grantRole,
  grantableRoles,
  listApiKeys,
  listGrants,
  normaliseScopes,
  parseAuditQuery,
  queryAudit,
  revokeGrant,
  revokeKey,
} from './service.js';
import { auditCsvHeader, auditCsvLine } from './present.js';
import { ApiKeyCreatedPage, ApiKeysPage } from './views/api-keys.js';
import { AuditPage } from './views/audit.js';
import { DashboardPage } from './views/dashboard.js';
import type { AdminScope } from './views/parts.js';
import { PLATFORM_SCOPE, kovScope, roleLabel } from './views/parts.js';
import { RolesPage } from './views/roles.js';

type Params = { kov: string; id?: string };

const kovOf = (req: FastifyRequest) => (req.params as Params).kov;
const idOf = (req: FastifyRequest) => (req.params as Params).id ?? '';

/** A string field of a urlencoded form (the first value if it was sent more than once). */
function field(req: FastifyRequest, name: string): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const v = body[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return '';
}

/** A KOV admin (or platform admin) signed in; API keys are refused with the reason. */
function requireAdminPerson(req: FastifyRequest, kov: string): Actor {
  return requirePersonFor(req, kov, ADMIN_MANAGE, 'admin.error.apiKeyNotAllowed');
}

const personOf = (g: GrantView) => g.personName ?? g.idcodeHint;

// ---------- presenters (JSON never gets raw rows) ----------
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function grantOut(t: T, g: GrantView): GrantOut {
  return {
    id: g.id,
    kov: g.kov ?? '',
    role: g.role,
    roleLabel: roleLabel(t, g.role),
    idcodeHint: g.idcodeHint,
    personName: g.personName,
    grantedAt: g.grantedAt.toISOString(),
    grantedBy: g.grantedByName,
  };
}

function keyOut(k: ApiKeyView): ApiKeyOut {
  return {
    id: k.id,
    kov: k.kov,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: k.createdAt.toISOString(),
    createdBy: k.createdByName,
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  };
}

function auditOut(e: AuditEntryView): AuditEntryOut {
  return {
    id: e.id,
    seq: e.seq,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    target: e.target,
    before: snapshot(e.before),
    after: snapshot(e.after),
  };
}

/** An audit entry's before/after as the API documents it: a JSON object, or null. */
function snapshot(v: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}

const errors = commonErrors;
const api = { tags: ['admin'], security: [{ apiKey: [] }] };

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const idcodeKey = app.config.idcodeHmacKey;

  // ================================================================= pages: roles (KOV + platform)

  async function rolesPage(req: FastifyRequest, reply: FastifyReply, scope: AdminScope, form?: { status: number; fields: FieldError[] }) {
    const [grants, ctx] = await Promise.all([listGrants(db, scope.kov), req.pageCtx()]);
    const values = form ? { idcode: field(req, 'idcode'), role: field(req, 'role') } : undefined;
    return reply.page(
      RolesPage({ ctx, scope, grants, roles: grantableRoles(scope.kov), errors: form?.fields, values }),
      form?.status ?? 200,
    );
  }

  async function grantFromForm(req: FastifyRequest, reply: FastifyReply, scope: AdminScope, actor: Actor) {
    try {
      const g = await grantRole(db, idcodeKey, { kov: scope.kov, idcode: field(req, 'idcode'), role: field(req, 'role'), actor });
      reply.flash({ kind: 'success', key: 'admin.roles.granted', vars: { role: roleLabel(req.t, g.role), person: personOf(g) } });
      return reply.redirect(`${scope.base}/roles`, 303);
    } catch (e) {
      const bad = formErrors(e);
      if (bad) return rolesPage(req, reply, scope, bad);
      throw e;
    }
  }

  async function revokeFromForm(req: FastifyRequest, reply: FastifyReply, scope: AdminScope, actor: Actor) {
    const g = await revokeGrant(db, { kov: scope.kov, id: idOf(req), actor });
    reply.flash({ kind: 'success', key: 'admin.roles.revoked', vars: { role: roleLabel(req.t, g.role), person: personOf(g) } });
    return reply.redirect(`${scope.base}/roles`, 303);
  }

  r.get('/kov/:kov/admin', async (req, reply) => {
    const kov = kovOf(req);
    requireAdminPerson(req, kov);
    const [counts, ctx] = await Promise.all([dashboardCounts(db, kov), req.pageCtx()]);
    return reply.page(DashboardPage({ ctx, scope: kovScope(kov), counts }));
  });

  r.get('/kov/:kov/admin/roles', async (req, reply) => {
    const kov = kovOf(req);
    requireAdminPerson(req, kov);
    return rolesPage(req, reply, kovScope(kov));
  });

  r.post('/kov/:kov/admin/roles', async (req, reply) => {
    const kov = kovOf(req);
    const actor = requireAdminPerson(req, kov);
    return grantFromForm(req, reply, kovScope(kov), actor);
  });

  r.post('/kov/:kov/admin/roles/:id/revoke', async (req, reply) => {
    const kov = kovOf(req);
    const actor = requireAdminPerson(req, kov);
    return revokeFromForm(req, reply, kovScope(kov), actor);
  });

  // Platform roles (platform-admin and any platform-scope role a module adds): platform admins only.
  r.get('/admin/roles', async (req, reply) => {
    requirePlatformAdmin(req);
    return rolesPage(req, reply, PLATFORM_SCOPE);
  });

  r.post('/admin/roles', async (req, reply) => {
    const actor = requirePlatformAdmin(req);
    return grantFromForm(req, reply, PLATFORM_SCOPE, actor);
  });

  r.post('/admin/roles/:id/revoke', async (req, reply) => {
    const actor = requirePlatformAdmin(req);
    return revokeFromForm(req, reply, PLATFORM_SCOPE, actor);
  });

  // ======================================================================== pages: API keys

  async function keysPage(req: FastifyRequest, reply: FastifyReply, kov: string, form?: { status: number; fields: FieldError[] }) {
    const [keys, ctx] = await Promise.all([listApiKeys(db, kov), req.pageCtx()]);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = form ? { name: field(req, 'name'), scopes: normaliseScopes(body.scopes) } : undefined;
    return reply.page(ApiKeysPage({ ctx, scope: kovScope(kov), keys, errors: form?.fields, values }), form?.status ?? 200);
  }

  r.get('/kov/:kov/admin/api-keys', async (req, reply) => {
    const kov = kovOf(req);
    requireAdminPerson(req, kov);
    return keysPage(req, reply, kov);
  });

  r.post('/kov/:kov/admin/api-keys', async (req, reply) => {
    const kov = kovOf(req);
    const actor = requireAdminPerson(req, kov);
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const created = await createKey(db, { kov, name: field(req, 'name'), scopes: body.scopes, actor });
      // The key is shown once, in the answer to this POST; it is not kept anywhere in clear.
      const ctx = await req.pageCtx();
      return reply.page(ApiKeyCreatedPage({ ctx, scope: kovScope(kov), key: created.key, apiKey: created.apiKey }), 201);
    } catch (e) {
      const bad = formErrors(e);
      if (bad) return keysPage(req, reply, kov, bad);
      throw e;
    }
  });

  r.post('/kov/:kov/admin/api-keys/:id/revoke', async (req, reply) => {
    const kov = kovOf(req);
    const actor = requireAdminPerson(req, kov);
    const k = await revokeKey(db, { kov, id: idOf(req), actor });
    reply.flash({ kind: 'success', key: 'admin.keys.revokedFlash', vars: { name: k.name } });
    return reply.redirect(`/kov/${kov}/admin/api-keys`, 303);
  });

  // =========================================================================== pages: audit

  r.get('/kov/:kov/admin/audit', async (req, reply) => {
    const kov = kovOf(req);
    requireAdminPerson(req, kov);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof q[name] === 'string' ? (q[name] as string) : '');
    const values = { action: text('action'), actor: text('actor'), from: text('from'), to: text('to') };
    const [actions, ctx] = await Promise.all([auditActions(db, kov), req.pageCtx()]);
    try {
      const { filter, page } = parseAuditQuery(q);
      const result = await queryAudit(db, kov, filter, page);
      return reply.page(AuditPage({ ctx, scope: kovScope(kov), result, actions, values }));
    } catch (e) {
      const bad = formErrors(e);
      if (bad) return reply.page(AuditPage({ ctx, scope: kovScope(kov), result: null, actions, values, errors: bad.fields }), bad.status);
      throw e;
    }
  });

  // The filtered log as CSV (UTF-8 with BOM, CRLF), streamed in batches: the same people as the
  // page, or an API key of the KOV with scope `read`. Texts in the request's language.
  r.get('/kov/:kov/admin/audit.csv', async (req, reply) => {
    const kov = kovOf(req);
    requireAction(req, kov, ADMIN_READ);
    const { filter } = parseAuditQuery((req.query ?? {}) as Record<string, unknown>);
    const t = req.t;
    const locale = req.locale;
    async function* lines() {
      yield `\uFEFF${auditCsvHeader(t)}`;
      for await (const batch of auditExport(db, kov, filter)) yield batch.map((e) => auditCsvLine(t, locale, e)).join('');
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${kov}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines()));
  });

  // ============================================================================ JSON API

  r.get(
    '/api/v1/kov/:kov/roles',
    {
      schema: {
        ...api,
        summary: 'Active role grants of the KOV',
        description: 'Session of a KOV admin, or an API key of the KOV with scope `read`.',
        params: KovParams,
        response: { 200: GrantList, ...errors },
      },
    },
    async (req) => {
      const kov = req.params.kov;
      requireAction(req, kov, ADMIN_READ);
      const grants = await listGrants(db, kov);
      return { items: grants.map((g) => grantOut(req.t, g)) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/roles',
    {
      schema: {
        ...api,
        summary: 'Grant a KOV role by personal ID code',
        description: 'KOV admins (signed in) only; API keys are refused. 409 when the person already holds the role.',
        params: KovParams,
        body: GrantBody,
        response: { 201: Grant, ...errors, 409: problem('Already granted, or the object is in a state that does not allow this') },
      },
    },
    async (req, reply) => {
      const kov = req.params.kov;
      const actor = requireAdminPerson(req, kov);
      const g = await grantRole(db, idcodeKey, { kov, idcode: req.body.idcode, role: req.body.role, actor });
      return reply.code(201).send(grantOut(req.t, g));
    },
  );

  r.delete(
    '/api/v1/kov/:kov/roles/:id',
    {
      schema: {
        ...api,
        summary: 'Revoke a role grant',
        description: 'KOV admins (signed in) only; takes effect on the person’s next request.',
        params: KovIdParams,
        response: { 204: { type: 'null', description: 'Revoked' }, ...errors },
      },
    },
    async (req, reply) => {
      const kov = req.params.kov;
      const actor = requireAdminPerson(req, kov);
      await revokeGrant(db, { kov, id: req.params.id, actor });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/kov/:kov/api-keys',
    {
      schema: {
        ...api,
        summary: 'API keys of the KOV (never the keys themselves)',
        description: 'KOV admins (signed in) only.',
        params: KovParams,
        response: { 200: ApiKeyList, ...errors },
      },
    },
    async (req) => {
      const kov = req.params.kov;
      requireAdminPerson(req, kov);
      return { items: (await listApiKeys(db, kov)).map(keyOut) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/api-keys',
    {
      schema: {
        ...api,
        summary: 'Create an API key',
        description: 'KOV admins (signed in) only. The key is in this response and nowhere else, ever.',
        params: KovParams,
        body: ApiKeyBody,
        response: { 201: ApiKeyCreated, ...errors },
      },
    },
    async (req, reply) => {
      const kov = req.params.kov;
      const actor = requireAdminPerson(req, kov);
      const created = await createKey(db, { kov, name: req.body.name, scopes: req.body.scopes, actor });
      return reply.code(201).header('cache-control', 'no-store').send({ key: created.key, apiKey: keyOut(created.apiKey) });
    },
  );

  r.delete(
    '/api/v1/kov/:kov/api-keys/:id',
    {
      schema: {
        ...api,
        summary: 'Revoke an API key',
        description: 'KOV admins (signed in) only; the key stops working on its next request.',
        params: KovIdParams,
        response: { 204: { type: 'null', description: 'Revoked' }, ...errors },
      },
    },
    async (req, reply) => {
      const kov = req.params.kov;
      const actor = requireAdminPerson(req, kov);
      await revokeKey(db, { kov, id: req.params.id, actor });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/kov/:kov/audit',
    {
      schema: {
        ...api,
        summary: 'The KOV’s audit log, newest first, 50 per page',
        description: 'Session of a KOV admin, or an API key of the KOV with scope `read`. Dates are days in Europe/Tallinn.',
        params: KovParams,
        querystring: AuditQuery,
        response: { 200: AuditPageSchema, ...errors },
      },
    },
    async (req) => {
      const kov = req.params.kov;
      requireAction(req, kov, ADMIN_READ);
      const { filter, page } = parseAuditQuery(req.query as Record<string, unknown>);
      const res = await queryAudit(db, kov, filter, page);
      return { items: res.entries.map(auditOut), page: res.page, pages: res.pages, perPage: res.perPage, total: res.total };
    },
  );
}
