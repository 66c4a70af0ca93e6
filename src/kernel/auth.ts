// Authorization: who the caller is (a signed-in person or an API key) and what they may do.
// Routes call these before they call a service; a platform admin may act in every KOV.
import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './audit.js';
import type {Db, Tx} from './db.js';
import { forbidden, unauthorized } from './errors.js';
import { fullName } from './grants.js';
import { uuidv7 } from './ids.js';
import { KOV_ADMIN, PLATFORM_ADMIN, permissionOf } from './module.js';
import type { SessionUser } from './session.js';
import { nowMs } from './clock.js';

export interface ApiKeyPrincipal {
  id: string;
  kov: string;
  name: string;
  scopes: string[];
}

export function isPlatformAdmin(user: SessionUser | null | undefined): boolean {
  return !!user?.grants.some((g) => g.kov === null && g.role === PLATFORM_ADMIN);
}

export function hasKovRole(user: SessionUser | null | undefined, kov: string, roles: string[]): boolean {
  if (!user) return false;
  if (isPlatformAdmin(user)) return true;
  return user.grants.some((g) => g.kov === kov && (g.role === KOV_ADMIN || roles.includes(g.role)));
}

export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw unauthorized();
  return req.user;
}

/**
 * The caller must hold one of `roles` in `kov` (KOV admins and platform admins always pass), or be
 * an API key of that KOV with `scope`. Returns the audit actor.
 */
export function requireKov(req: FastifyRequest, kov: string, roles: string[], scope?: string): Actor {
  if (req.apiKey) {
    if (req.apiKey.kov !== kov || !scope || !req.apiKey.scopes.includes(scope)) throw forbidden();
    return { kind: 'apikey', id: req.apiKey.id, name: `API key ${req.apiKey.name}` };
  }
  const user = requireUser(req);
  if (!hasKovRole(user, kov, roles)) throw forbidden();
  return personActor(user);
}

/**
 * The caller may take `action` in `kov` (the permission its module's manifest declares): a
 * signed-in person holding one of its roles (KOV and platform admins always), or an API key of
 * the KOV with the permission's scope. Returns the audit actor; 401/403 otherwise.
 */
export function requireAction(req: FastifyRequest, kov: string, action: string): Actor {
  const p = permissionOf(action);
  return requireKov(req, kov, p.roles, p.apiScope);
}

/**
 * Like requireAction, but only a signed-in person may: an API key is refused with a reason
 * (pages, and actions a person must take herself: publishing deals keys, a committee member signs).
 */
export function requirePersonFor(req: FastifyRequest, kov: string, action: string, whyNotKeys = 'error.personOnly'): Actor {
  const p = permissionOf(action);
  if (req.apiKey) throw forbidden(whyNotKeys);
  return requireKov(req, kov, p.roles);
}

/** Whether the signed-in person may take the action in the KOV (for what a page offers). */
export function may(user: SessionUser | null | undefined, kov: string, action: string): boolean {
  return hasKovRole(user, kov, permissionOf(action).roles);
}

export function requirePlatformAdmin(req: FastifyRequest): Actor {
  const user = requireUser(req);
  if (!isPlatformAdmin(user)) throw forbidden();
  return personActor(user);
}

export function personActor(user: SessionUser): Actor {
  return { kind: 'person', id: user.personId, name: `${user.givenName} ${user.familyName}` };
}

// ---------- API keys ----------
// Format: vmk_<prefix 12 hex>_<secret 43 base64url>. The prefix finds the row; the secret is
// checked against its Argon2id hash. Verified keys are cached briefly so that each call does not
// pay for Argon2.

export const API_SCOPES = ['read', 'write'] as const;
const KEY_RE = /^vmk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const cache = new Map<string, { principal: ApiKeyPrincipal; until: number }>();
const CACHE_MS = 60_000;

export async function createApiKey(
  t: Tx,
  input: { kov: string; name: string; scopes: string[]; createdBy: string | null },
): Promise<{ id: string; key: string; prefix: string }> {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const id = uuidv7();
  await t.query(
    `INSERT INTO core_api_key (id, kov_code, name, prefix, secret_hash, scopes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, input.kov, input.name, prefix, await argonHash(secret), input.scopes, input.createdBy],
  );
  return { id, key: `vmk_${prefix}_${secret}`, prefix };
}

export async function authenticateApiKey(db: Db, header: string | undefined): Promise<ApiKeyPrincipal | null | 'invalid'> {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) return 'invalid';
  return verifyApiKey(db, m[1]!);
}

/**
 * Checks an API key given as a value (not a header): Open311 sends it as the `api_key` form field.
 * The same rules and cache as the Authorization header. An empty value is null (no key given).
 */
export async function verifyApiKey(db: Db, key: string | undefined): Promise<ApiKeyPrincipal | null | 'invalid'> {
  if (!key) return null;
  const km = KEY_RE.exec(key);
  if (!km) return 'invalid';
  const cacheKey = createHash('sha256').update(key).digest('hex');
  const hit = cache.get(cacheKey);
  if (hit && hit.until > nowMs()) {
    // re-check revocation cheaply
    const live = await db.system('API key: revocation check before the tenant is known', (t) => t.one('SELECT 1 AS x FROM core_api_key WHERE id = $1 AND revoked_at IS NULL', [hit.principal.id]));
    if (live) return hit.principal;
    cache.delete(cacheKey);
    return 'invalid';
  }
  const row = await db.system('API key: found by its prefix before the tenant is known', (t) =>
    t.one<{ id: string; kov_code: string; name: string; secret_hash: string; scopes: string[] }>(
      'SELECT id, kov_code, name, secret_hash, scopes FROM core_api_key WHERE prefix = $1 AND revoked_at IS NULL',
      [km[1]],
    ),
  );
  if (!row || !(await argonVerify(row.secret_hash, km[2]!))) return 'invalid';
  await db.system('API key: last use', (t) => t.query('UPDATE core_api_key SET last_used_at = core_now() WHERE id = $1', [row.id]));
  const principal = { id: row.id, kov: row.kov_code, name: row.name, scopes: row.scopes };
  cache.set(cacheKey, { principal, until: nowMs() + CACHE_MS });
  return principal;
}

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
export async function apiKeysOf(t: Tx, kov: string): Promise<ApiKeyView[]> {
  const rows = await t.query<KeyRow>(`${KEY_SELECT} WHERE k.kov_code = $1 ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id`, [kov]);
  return rows.map(keyView);
}

/** One API key of the KOV, or null. */
export async function apiKeyOf(t: Tx, kov: string, id: string): Promise<ApiKeyView | null> {
  const r = await t.one<KeyRow>(`${KEY_SELECT} WHERE k.id = $1 AND k.kov_code = $2`, [id, kov]);
  return r ? keyView(r) : null;
}

/** Revokes a valid key of the KOV; false when there is none. It stops working on the next request. */
export async function endApiKey(t: Tx, kov: string, id: string, revokedBy: string | null): Promise<boolean> {
  const r = await t.one(
    `UPDATE core_api_key SET revoked_at = core_now(), revoked_by = $3 WHERE id = $1 AND kov_code = $2 AND revoked_at IS NULL RETURNING id`,
    [id, kov, revokedBy],
  );
  return !!r;
}

/** How many valid keys the KOV has. */
export async function countValidApiKeys(t: Tx, kov: string): Promise<number> {
  const r = await t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_api_key WHERE kov_code = $1 AND revoked_at IS NULL', [kov]);
  return r?.n ?? 0;
}
