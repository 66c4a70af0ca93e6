// The admin module's rules and commands: role grants, API keys and the audit log of a KOV. The
// tables are the kernel's (core_role_grant, core_api_key, core_audit): this service checks the
// input, opens the transaction, calls the kernel's functions and writes the audit entry.
//
// Every function owns its transaction. KOV work runs in db.tx(fn, { kov }) — as the non-owner role
// with the tenant set, so row-level security backs up the explicit `kov_code` filter in each query.
// Platform roles (kov_code NULL) are platform-wide work and run in db.system(); only a platform
// admin or the operator's command line reaches them. Every change writes its audit entry in the
// same transaction, so a change without its entry (or an entry without its change) cannot happen.
import type { Actor, AuditEntryView, AuditFilter } from '../../kernel/audit.js';
import { PLATFORM_CHAIN, auditActionsOf, auditEntries, auditEntriesBefore, countAudit, recordAudit } from '../../kernel/audit.js';
import type { ApiKeyView } from '../../kernel/auth.js';
import { API_SCOPES, apiKeyOf, apiKeysOf, countValidApiKeys, createApiKey, endApiKey } from '../../kernel/auth.js';
import type { GrantView } from '../../kernel/grants.js';
import { activeGrant, activeGrantIdOf, activeGrants, countActiveGrants, endGrant, insertGrant } from '../../kernel/grants.js';
import { tenantExists as kernelTenantExists } from '../../kernel/tenants.js';
import type { Db, Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, notFound } from '../../kernel/errors.js';
import { hashIdcode, idcodeHint, parseIdcode } from '../../kernel/idcode.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import type { RoleDef } from '../../kernel/module.js';
import { allRoles, roleDef } from '../../kernel/module.js';

/** Runs fn for a KOV (RLS-bound) or, for kov === null, for the platform (as owner). */
function inScope<T>(db: Db, kov: string | null, fn: (t: Tx) => Promise<T>): Promise<T> {
  return kov === null ? db.system('platform roles: grants with no KOV', fn) : db.tx(fn, { kov });
}

const personIdOf = (actor: Actor): string | null => (actor.kind === 'person' ? actor.id : null);

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return '';
}

// ====================================================================================== roles

/** The roles that can be granted in a KOV (scope 'kov') or platform-wide (scope 'platform'). */
export function grantableRoles(kov: string | null): RoleDef[] {
  const scope = kov === null ? 'platform' : 'kov';
  return allRoles().filter((r) => r.scope === scope);
}

export type { ApiKeyView, AuditEntryView, AuditFilter, GrantView };

/** Active grants of a KOV (or the platform's, for kov === null). */
export async function listGrants(db: Db, kov: string | null): Promise<GrantView[]> {
  return inScope(db, kov, (t) => activeGrants(t, kov));
}

/** Checks a grant request; throws 400 with every field error at once. */
export function checkGrantInput(kov: string | null, idcodeIn: unknown, roleIn: unknown): { code: string; role: RoleDef } {
  const errors: FieldError[] = [];
  const idcode = str(idcodeIn).replace(/\s+/g, '');
  let code = '';
  if (!idcode) errors.push({ field: 'idcode', reason: 'admin.error.idcode.required' });
  else {
    const p = parseIdcode(idcode);
    if (p.ok) code = p.value.code;
    else errors.push({ field: 'idcode', reason: `validation.idcode.${p.problem}` });
  }
  const roleId = str(roleIn).trim();
  const role = roleId ? roleDef(roleId) : undefined;
  if (!roleId) errors.push({ field: 'role', reason: 'admin.error.role.required' });
  else if (!role) errors.push({ field: 'role', reason: 'admin.error.role.unknown' });
  else if (role.scope !== (kov === null ? 'platform' : 'kov')) errors.push({ field: 'role', reason: 'admin.error.role.wrongScope' });
  if (errors.length || !role) throw badRequest(errors);
  return { code, role };
}

export interface GrantInput {
  /** The KOV, or null for a platform role. */
  kov: string | null;
  idcode: unknown;
  role: unknown;
  actor: Actor;
}

/**
 * Grants a role by personal ID code (the person need not have signed in). The code is stored only
 * as its keyed hash and a hint; the audit entry carries the hint. A second active grant of the same
 * role to the same person is refused with 409.
 */
export async function grantRole(db: Db, idcodeKey: string, input: GrantInput): Promise<GrantView> {
  const { code, role } = checkGrantInput(input.kov, input.idcode, input.role);
  const hash = hashIdcode(idcodeKey, code);
  const hint = idcodeHint(code);
  const kov = input.kov;
  return inScope(db, kov, async (t) => {
    const id = uuidv7();
    const inserted = await insertGrant(t, { id, kov, idcodeHash: hash, idcodeHint: hint, role: role.id, grantedBy: personIdOf(input.actor) });
    if (!inserted) throw conflict('admin.error.role.duplicate', [{ field: 'role', reason: 'admin.error.role.duplicate' }]);
    const view = (await activeGrant(t, kov, id))!;
    await recordAudit(t, {
      kov: kov ?? PLATFORM_CHAIN,
      actor: input.actor,
      action: 'role.grant',
      targetType: 'role_grant',
      targetId: id,
      before: null,
      after: { role: role.id, kov, idcodeHint: hint, person: view.personName },
    });
    return view;
  });
}

async function revokeWhere(t: Tx, kov: string | null, id: string, actor: Actor): Promise<GrantView> {
  const view = await activeGrant(t, kov, id, true);
  if (!view) throw notFound('admin.error.grant.notFound');
  if (!(await endGrant(t, kov, id, personIdOf(actor)))) throw notFound('admin.error.grant.notFound');
  await recordAudit(t, {
    kov: kov ?? PLATFORM_CHAIN,
    actor,
    action: 'role.revoke',
    targetType: 'role_grant',
    targetId: id,
    before: { role: view.role, kov, idcodeHint: view.idcodeHint, person: view.personName, active: true },
    after: { role: view.role, kov, idcodeHint: view.idcodeHint, person: view.personName, active: false },
  });
  return view;
}

/** Revokes an active grant of the KOV by its id; 404 when there is none (in this KOV). */
export async function revokeGrant(db: Db, input: { kov: string | null; id: string; actor: Actor }): Promise<GrantView> {
  if (!UUID_RE.test(input.id)) throw notFound('admin.error.grant.notFound');
  return inScope(db, input.kov, (t) => revokeWhere(t, input.kov, input.id, input.actor));
}

/** Revokes by personal ID code and role (the operator's command line). */
export async function revokeGrantByIdcode(db: Db, idcodeKey: string, input: GrantInput): Promise<GrantView> {
  const { code, role } = checkGrantInput(input.kov, input.idcode, input.role);
  const hash = hashIdcode(idcodeKey, code);
  return inScope(db, input.kov, async (t) => {
    const id = await activeGrantIdOf(t, input.kov, hash, role.id);
    if (!id) throw notFound('admin.error.grant.notFound');
    return revokeWhere(t, input.kov, id, input.actor);
  });
}

// =================================================================================== API keys

/** The KOV's API keys, valid ones first, newest first. Never the secret or its hash. */
export async function listApiKeys(db: Db, kov: string): Promise<ApiKeyView[]> {
  return db.tx((t) => apiKeysOf(t, kov), { kov });
}

export const KEY_NAME_MAX = 100;

/** Accepts scopes as an array, one string, or a comma-separated string ("read,write"). */
export function normaliseScopes(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list
    .flatMap((x) => str(x).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

export function checkKeyInput(nameIn: unknown, scopesIn: unknown): { name: string; scopes: string[] } {
  const errors: FieldError[] = [];
  const name = str(nameIn).trim();
  if (!name) errors.push({ field: 'name', reason: 'admin.error.name.required' });
  else if (name.length > KEY_NAME_MAX) errors.push({ field: 'name', reason: 'admin.error.name.tooLong', vars: { max: KEY_NAME_MAX } });
  const given = normaliseScopes(scopesIn);
  const unknown = given.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length) errors.push({ field: 'scopes', reason: 'admin.error.scopes.unknown', vars: { scope: unknown.join(', ') } });
  else if (!given.length) errors.push({ field: 'scopes', reason: 'admin.error.scopes.required' });
  if (errors.length) throw badRequest(errors);
  return { name, scopes: API_SCOPES.filter((s) => given.includes(s)) };
}

/** Creates a key; the returned `key` is the only time the secret exists outside its hash. */
export async function createKey(
  db: Db,
  input: { kov: string; name: unknown; scopes: unknown; actor: Actor },
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const { name, scopes } = checkKeyInput(input.name, input.scopes);
  const kov = input.kov;
  return db.tx(
    async (t) => {
      const created = await createApiKey(t, { kov, name, scopes, createdBy: personIdOf(input.actor) });
      const apiKey = (await apiKeyOf(t, kov, created.id))!;
      await recordAudit(t, {
        kov,
        actor: input.actor,
        action: 'apikey.create',
        targetType: 'api_key',
        targetId: created.id,
        before: null,
        after: { name, prefix: created.prefix, scopes },
      });
      return { key: created.key, apiKey };
    },
    { kov },
  );
}

/** Revokes a valid key of the KOV; it stops working on the next request. */
export async function revokeKey(db: Db, input: { kov: string; id: string; actor: Actor }): Promise<ApiKeyView> {
  if (!UUID_RE.test(input.id)) throw notFound('admin.error.key.notFound');
  const kov = input.kov;
  return db.tx(
    async (t) => {
      if (!(await endApiKey(t, kov, input.id, personIdOf(input.actor)))) throw notFound('admin.error.key.notFound');
      const v = (await apiKeyOf(t, kov, input.id))!;
      await recordAudit(t, {
        kov,
        actor: input.actor,
        action: 'apikey.revoke',
        targetType: 'api_key',
        targetId: v.id,
        before: { name: v.name, prefix: v.prefix, scopes: v.scopes, active: true },
        after: { name: v.name, prefix: v.prefix, scopes: v.scopes, active: false },
      });
      return v;
    },
    { kov },
  );
}

// ================================================================================== audit log

export const AUDIT_PAGE_SIZE = 50;
const TEXT_MAX = 200;

/** 'YYYY-MM-DD' or 'D.M.YYYY' → 'YYYY-MM-DD' if it is a real calendar date, else null. */
export function parseDate(s: string): string | null {
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const et = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (et) [y, m, d] = [Number(et[3]), Number(et[2]), Number(et[1])];
  else return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 9999 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Reads the audit filter and page from a query (page or API). Throws 400 naming each bad field.
 * Repeated parameters (?page=1&page=2) are refused rather than guessed at.
 */
export function parseAuditQuery(q: Record<string, unknown>): { filter: AuditFilter; page: number } {
  const errors: FieldError[] = [];
  const filter: AuditFilter = {};
  const one = (name: string): string | null => {
    const v = q[name];
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return null;
  };
  for (const name of ['action', 'actor'] as const) {
    const v = one(name);
    if (v === null) errors.push({ field: name, reason: 'error.validation.title' });
    else if (v.length > TEXT_MAX) errors.push({ field: name, reason: 'admin.error.text.tooLong', vars: { max: TEXT_MAX } });
    else if (v) filter[name] = v;
  }
  for (const name of ['from', 'to'] as const) {
    const v = one(name);
    if (v === null) errors.push({ field: name, reason: 'admin.error.date.invalid' });
    else if (v) {
      const d = parseDate(v);
      if (d) filter[name] = d;
      else errors.push({ field: name, reason: 'admin.error.date.invalid' });
    }
  }
  if (filter.from && filter.to && filter.from > filter.to) errors.push({ field: 'to', reason: 'admin.error.date.range' });
  let page = 1;
  const p = one('page');
  if (p === null || (p !== '' && (!/^\d{1,7}$/.test(p) || Number(p) < 1))) errors.push({ field: 'page', reason: 'admin.error.page.invalid' });
  else if (p) page = Number(p);
  if (errors.length) throw badRequest(errors);
  return { filter, page };
}

export interface AuditPageView {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pages: number;
  perPage: number;
}

/** One page of the KOV's audit log, newest first, filtered. */
export async function queryAudit(db: Db, kov: string, filter: AuditFilter, page: number): Promise<AuditPageView> {
  return db.tx(
    async (t) => {
      const total = await countAudit(t, kov, filter);
      const entries = await auditEntries(t, kov, filter, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE);
      return { entries, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), perPage: AUDIT_PAGE_SIZE };
    },
    { kov },
  );
}

export const AUDIT_EXPORT_BATCH = 500;

/**
 * The whole filtered log, newest first, in batches (one short transaction each, walking by
 * sequence number): an export of any length holds one batch in memory.
 */
export async function* auditExport(db: Db, kov: string, filter: AuditFilter, batch = AUDIT_EXPORT_BATCH): AsyncGenerator<AuditEntryView[]> {
  let before: number | null = null;
  for (;;) {
    const from: number | null = before;
    const rows: AuditEntryView[] = await db.tx((t) => auditEntriesBefore(t, kov, filter, from, batch), { kov });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    before = rows[rows.length - 1]!.seq;
  }
}

/** The actions that occur in the KOV's log (for the filter's choices). */
export async function auditActions(db: Db, kov: string): Promise<string[]> {
  return db.tx((t) => auditActionsOf(t, kov), { kov });
}

// ================================================================================== dashboard

export async function dashboardCounts(db: Db, kov: string): Promise<{ grants: number; keys: number; audit: number }> {
  return db.tx(
    async (t) => ({ grants: await countActiveGrants(t, kov), keys: await countValidApiKeys(t, kov), audit: await countAudit(t, kov) }),
    { kov },
  );
}

/** Whether a KOV exists (for the command line; pages and the API get the tenant from the URL). */
export function tenantExists(db: Db, kov: string): Promise<boolean> {
  return kernelTenantExists(db, kov);
}
