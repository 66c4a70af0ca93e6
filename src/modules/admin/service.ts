// The admin module's rules and commands: role grants, API keys and the audit log of a KOV.
//
// Every function owns its transaction. KOV work runs in db.tx(fn, { kov }) — as the non-owner role
// with the tenant set, so row-level security backs up the explicit `kov_code` filter in each query.
// Platform roles (kov_code NULL) are platform-wide work and run in db.system(); only a platform
// admin or the operator's command line reaches them. Every change writes its audit entry in the
// same transaction, so a change without its entry (or an entry without its change) cannot happen.
import type { Actor } from '../../kernel/audit.js';
import { PLATFORM_CHAIN, recordAudit } from '../../kernel/audit.js';
import { API_SCOPES, createApiKey } from '../../kernel/auth.js';
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

export interface GrantView {
  id: string;
  kov: string | null;
  role: string;
  idcodeHint: string;
  /** Name of the person once they have signed in; null before that. */
  personName: string | null;
  grantedAt: Date;
  grantedByName: string | null;
}

interface GrantRow {
  id: string;
  kov_code: string | null;
  role: string;
  idcode_hint: string;
  granted_at: Date;
  given_name: string | null;
  family_name: string | null;
  by_given: string | null;
  by_family: string | null;
}

const fullName = (g: string | null, f: string | null) => (g || f ? `${g ?? ''} ${f ?? ''}`.trim() : null);

function grantView(r: GrantRow): GrantView {
  return {
    id: r.id,
    kov: r.kov_code,
    role: r.role,
    idcodeHint: r.idcode_hint,
    personName: fullName(r.given_name, r.family_name),
    grantedAt: new Date(r.granted_at),
    grantedByName: fullName(r.by_given, r.by_family),
  };
}

const GRANT_SELECT = `
  SELECT g.id, g.kov_code, g.role, g.idcode_hint, g.granted_at,
         p.given_name, p.family_name, b.given_name AS by_given, b.family_name AS by_family
    FROM core_role_grant g
    LEFT JOIN core_person p ON p.idcode_hash = g.idcode_hash
    LEFT JOIN core_person b ON b.id = g.granted_by`;

/** Active grants of a KOV (or the platform's, for kov === null). */
export async function listGrants(db: Db, kov: string | null): Promise<GrantView[]> {
  const rows = await inScope(db, kov, (t) =>
    t.query<GrantRow>(
      `${GRANT_SELECT}
       WHERE g.kov_code IS NOT DISTINCT FROM $1::text AND g.revoked_at IS NULL
       ORDER BY g.role, p.family_name NULLS LAST, p.given_name, g.granted_at, g.id`,
      [kov],
    ),
  );
  return rows.map(grantView);
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
    const inserted = await t.one<{ id: string }>(
      `INSERT INTO core_role_grant (id, kov_code, idcode_hash, idcode_hint, role, granted_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [id, kov, hash, hint, role.id, personIdOf(input.actor)],
    );
    if (!inserted) throw conflict('admin.error.role.duplicate', [{ field: 'role', reason: 'admin.error.role.duplicate' }]);
    const row = await t.one<GrantRow>(`${GRANT_SELECT} WHERE g.id = $1 AND g.kov_code IS NOT DISTINCT FROM $2::text`, [id, kov]);
    const view = grantView(row!);
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
  const before = await t.one<GrantRow>(
    `${GRANT_SELECT} WHERE g.id = $1 AND g.kov_code IS NOT DISTINCT FROM $2::text AND g.revoked_at IS NULL FOR UPDATE OF g`,
    [id, kov],
  );
  if (!before) throw notFound('admin.error.grant.notFound');
  const upd = await t.one<{ revoked_at: Date }>(
    `UPDATE core_role_grant SET revoked_at = core_now(), revoked_by = $3
      WHERE id = $1 AND kov_code IS NOT DISTINCT FROM $2::text AND revoked_at IS NULL
      RETURNING revoked_at`,
    [id, kov, personIdOf(actor)],
  );
  if (!upd) throw notFound('admin.error.grant.notFound');
  const view = grantView(before);
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
    const row = await t.one<{ id: string }>(
      `SELECT id FROM core_role_grant
        WHERE kov_code IS NOT DISTINCT FROM $1::text AND idcode_hash = $2 AND role = $3 AND revoked_at IS NULL`,
      [input.kov, hash, role.id],
    );
    if (!row) throw notFound('admin.error.grant.notFound');
    return revokeWhere(t, input.kov, row.id, input.actor);
  });
}

// =================================================================================== API keys

export interface ApiKeyView {
  id: string;
  kov: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  createdByName: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface KeyRow {
  id: string;
  kov_code: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  by_given: string | null;
  by_family: string | null;
}

const KEY_SELECT = `
  SELECT k.id, k.kov_code, k.name, k.prefix, k.scopes, k.created_at, k.last_used_at, k.revoked_at,
         b.given_name AS by_given, b.family_name AS by_family
    FROM core_api_key k
    LEFT JOIN core_person b ON b.id = k.created_by`;

function keyView(r: KeyRow): ApiKeyView {
  return {
    id: r.id,
    kov: r.kov_code,
    name: r.name,
    prefix: r.prefix,
    scopes: [...r.scopes],
    createdAt: new Date(r.created_at),
    createdByName: fullName(r.by_given, r.by_family),
    lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  };
}

/** The KOV's API keys, valid ones first, newest first. Never the secret or its hash. */
export async function listApiKeys(db: Db, kov: string): Promise<ApiKeyView[]> {
  const rows = await db.tx(
    (t) => t.query<KeyRow>(`${KEY_SELECT} WHERE k.kov_code = $1 ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id`, [kov]),
    { kov },
  );
  return rows.map(keyView);
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
      const row = await t.one<KeyRow>(`${KEY_SELECT} WHERE k.id = $1 AND k.kov_code = $2`, [created.id, kov]);
      await recordAudit(t, {
        kov,
        actor: input.actor,
        action: 'apikey.create',
        targetType: 'api_key',
        targetId: created.id,
        before: null,
        after: { name, prefix: created.prefix, scopes },
      });
      return { key: created.key, apiKey: keyView(row!) };
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
      const row = await t.one<KeyRow>(
        `UPDATE core_api_key SET revoked_at = core_now(), revoked_by = $3
          WHERE id = $1 AND kov_code = $2 AND revoked_at IS NULL
          RETURNING id`,
        [input.id, kov, personIdOf(input.actor)],
      );
      if (!row) throw notFound('admin.error.key.notFound');
      const full = await t.one<KeyRow>(`${KEY_SELECT} WHERE k.id = $1 AND k.kov_code = $2`, [input.id, kov]);
      const v = keyView(full!);
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

export interface AuditFilter {
  action?: string;
  actor?: string;
  /** First day, YYYY-MM-DD (Europe/Tallinn). */
  from?: string;
  /** Last day, YYYY-MM-DD (Europe/Tallinn). */
  to?: string;
}

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

export interface AuditEntryView {
  id: string;
  seq: number;
  at: Date;
  actor: { kind: 'person' | 'apikey' | 'operator' | 'system'; id: string | null; name: string };
  action: string;
  target: { type: string | null; id: string | null };
  before: unknown;
  after: unknown;
}

export interface AuditPageView {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pages: number;
  perPage: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of the KOV's audit log, newest first, filtered. */
export async function queryAudit(db: Db, kov: string, filter: AuditFilter, page: number): Promise<AuditPageView> {
  const where = ['kov_code = $1'];
  const params: unknown[] = [kov];
  if (filter.action) {
    params.push(filter.action);
    where.push(`action = $${params.length}`);
  }
  if (filter.actor) {
    params.push(`%${likeEscape(filter.actor)}%`);
    where.push(`actor_name ILIKE $${params.length} ESCAPE '\\'`);
  }
  if (filter.from) {
    params.push(filter.from);
    where.push(`at >= ($${params.length}::date::timestamp AT TIME ZONE 'Europe/Tallinn')`);
  }
  if (filter.to) {
    params.push(filter.to);
    where.push(`at < (($${params.length}::date + 1)::timestamp AT TIME ZONE 'Europe/Tallinn')`);
  }
  const cond = where.join(' AND ');
  return db.tx(
    async (t) => {
      const c = await t.one<{ n: number }>(`SELECT count(*)::int AS n FROM core_audit WHERE ${cond}`, params);
      const total = c?.n ?? 0;
      const rows = await t.query<{
        id: string;
        seq: number;
        at: Date;
        actor_kind: AuditEntryView['actor']['kind'];
        actor_id: string | null;
        actor_name: string;
        action: string;
        target_type: string | null;
        target_id: string | null;
        before: unknown;
        after: unknown;
      }>(
        `SELECT id, seq, at, actor_kind, actor_id, actor_name, action, target_type, target_id, before, after
           FROM core_audit WHERE ${cond}
          ORDER BY seq DESC
          LIMIT ${AUDIT_PAGE_SIZE} OFFSET ${(page - 1) * AUDIT_PAGE_SIZE}`,
        params,
      );
      return {
        entries: rows.map((r) => ({
          id: r.id,
          seq: Number(r.seq),
          at: new Date(r.at),
          actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
          action: r.action,
          target: { type: r.target_type, id: r.target_id },
          before: r.before ?? null,
          after: r.after ?? null,
        })),
        total,
        page,
        pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
        perPage: AUDIT_PAGE_SIZE,
      };
    },
    { kov },
  );
}

/** The actions that occur in the KOV's log (for the filter's choices). */
export async function auditActions(db: Db, kov: string): Promise<string[]> {
  const rows = await db.tx(
    (t) => t.query<{ action: string }>('SELECT DISTINCT action FROM core_audit WHERE kov_code = $1 ORDER BY action', [kov]),
    { kov },
  );
  return rows.map((r) => r.action);
}

// ================================================================================== dashboard

export async function dashboardCounts(db: Db, kov: string): Promise<{ grants: number; keys: number; audit: number }> {
  return db.tx(
    async (t) => {
      const r = await t.one<{ grants: number; keys: number; audit: number }>(
        `SELECT (SELECT count(*)::int FROM core_role_grant WHERE kov_code = $1 AND revoked_at IS NULL) AS grants,
                (SELECT count(*)::int FROM core_api_key WHERE kov_code = $1 AND revoked_at IS NULL) AS keys,
                (SELECT count(*)::int FROM core_audit WHERE kov_code = $1) AS audit`,
        [kov],
      );
      return { grants: r?.grants ?? 0, keys: r?.keys ?? 0, audit: r?.audit ?? 0 };
    },
    { kov },
  );
}

/** Whether a KOV exists (for the command line; pages and the API get the tenant from the URL). */
export async function tenantExists(db: Db, kov: string): Promise<boolean> {
  if (!/^\d{4}$/.test(kov)) return false;
  const r = await db.tx((t) => t.one('SELECT 1 AS x FROM core_tenant WHERE kov_code = $1 AND active', [kov]));
  return !!r;
}
