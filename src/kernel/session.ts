// Server-side sessions. The browser holds a random id in an HttpOnly, SameSite=Lax cookie (Secure in
// production); the database holds its SHA-256. Idle timeout (shorter for officials), absolute
// timeout, and sign-out that ends every session of the person.
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import {preparedSql, type Db, type Tx} from './db.js';
import type { PersonRateLimit } from './rate-limit.js';
import { PERSON_HIT_SQL, sweepSoon } from './rate-limit.js';
import { uuidv7 } from './ids.js';
import type { Actor } from './audit.js';
import { hashIdcode, parseIdcode } from './idcode.js';

export const SESSION_COOKIE = 'vm_sid';

export interface Grant {
  kov: string | null;
  role: string;
}

export interface SessionUser {
  sessionHash: string;
  personId: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  idcodeHash: string;
  isOfficial: boolean;
  acr: string;
  grants: Grant[];
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface PersonClaims {
  idcodeHash: string;
  givenName: string;
  familyName: string;
  birthDate: string;
}

/** Creates or updates the person record on sign-in and returns the person's id. */
export async function upsertPerson(q: Tx, p: PersonClaims): Promise<string> {
  const row = await q.one<{ id: string }>(
    `INSERT INTO core_person (id, idcode_hash, given_name, family_name, birth_date, last_login_at)
     VALUES ($1, $2, $3, $4, $5, core_now())
     ON CONFLICT (idcode_hash) DO UPDATE
       SET given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name,
           birth_date = EXCLUDED.birth_date, last_login_at = core_now()
     RETURNING id`,
    [uuidv7(), p.idcodeHash, p.givenName, p.familyName, p.birthDate],
  );
  return row!.id;
}

/** Active role grants of a person, across KOVs (read as the owner: the person's own grants). */
export async function grantsOf(db: Db, idcodeHash: string): Promise<Grant[]> {
  const rows = await db.system('a person\'s own grants across KOVs', (t) =>
    t.query<{ kov_code: string | null; role: string }>(
      'SELECT kov_code, role FROM core_role_grant WHERE idcode_hash = $1 AND revoked_at IS NULL ORDER BY kov_code NULLS FIRST, role',
      [idcodeHash],
    ),
  );
  return rows.map((r) => ({ kov: r.kov_code, role: r.role }));
}

export async function createSession(
  db: Db,
  config: Config,
  personId: string,
  opts: { isOfficial: boolean; acr: string; amr?: string | null },
): Promise<{ id: string; maxAgeSeconds: number }> {
  const id = randomBytes(32).toString('base64url');
  const absolute = config.sessionAbsoluteHours * 3600;
  await db.tx((t) =>
    t.query(
      `INSERT INTO core_session (id_hash, person_id, is_official, acr, amr, expires_at)
       VALUES ($1, $2, $3, $4, $5, core_now() + make_interval(secs => $6))`,
      [sha256(id), personId, opts.isOfficial, opts.acr, opts.amr ?? null, absolute],
    ),
  );
  return { id, maxAgeSeconds: absolute };
}

/**
 * Loads the session for a cookie value, enforcing idle and absolute timeouts, and touches it.
 * Returns null for unknown, ended or expired sessions.
 */
/** How stale last_seen_at may get before a request writes it again (idle timeouts are minutes). */
export const TOUCH_EVERY_SECONDS = 60;

// Runs on every request: prepared once per connection.
const SESSION_SELECT = `SELECT s.person_id, s.is_official, s.acr, p.given_name, p.family_name, p.birth_date, p.idcode_hash,
            extract(epoch FROM core_now() - s.last_seen_at)::float8 AS idle_s,
            coalesce((SELECT json_agg(json_build_object('kov', g.kov_code, 'role', g.role) ORDER BY g.kov_code NULLS FIRST, g.role)
                        FROM core_role_grant g WHERE g.idcode_hash = p.idcode_hash AND g.revoked_at IS NULL), '[]'::json) AS grants
       FROM core_session s JOIN core_person p ON p.id = s.person_id
      WHERE s.id_hash = $1 AND s.ended_at IS NULL AND s.expires_at > core_now()`;
const SESSION_SQL = preparedSql(SESSION_SELECT);
// The same lookup counting a hit of a person-keyed rate limit in the same statement (rate-limit.ts).
const SESSION_HIT_SQL = preparedSql(
  `WITH s AS (${SESSION_SELECT}), hit AS (${PERSON_HIT_SQL}) SELECT s.*, hit.hits, hit.ttl_ms FROM s LEFT JOIN hit ON true`,
);

/** A person-keyed rate limit to count with the lookup: its bucket (the route) and the salt of its keys. */
export interface SessionHit {
  bucket: string;
  limit: PersonRateLimit;
  salt: string;
}

export async function loadSession(db: Db, config: Config, cookieValue: string): Promise<SessionUser | null> {
  return (await loadSessionCounting(db, config, cookieValue, null)).user;
}

/**
 * loadSession, and when `hit` is given, a hit of the person's rate limit counted in the same
 * statement: answers the count and the milliseconds until its window ends (null: no session).
 */
export async function loadSessionCounting(
  db: Db,
  config: Config,
  cookieValue: string,
  hit: SessionHit | null,
): Promise<{ user: SessionUser | null; counted: { current: number; ttl: number } | null }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(cookieValue)) return { user: null, counted: null };
  const h = sha256(cookieValue);
  // One round trip on every request: the session, the person and their active grants across KOVs
  // (read as the owner: the kernel's own tables and the person's own grants, not tenant data).
  const [row] = await db.systemStatement<{
    person_id: string;
    is_official: boolean;
    acr: string;
    given_name: string;
    family_name: string;
    birth_date: string;
    idcode_hash: string;
    idle_s: number;
    grants: { kov: string | null; role: string }[] | string;
    hits?: number | null;
    ttl_ms?: number | null;
  }>(
    'the session lookup: session, person and grants across KOVs, before the tenant is known (and a person rate-limit hit)',
    hit ? SESSION_HIT_SQL : SESSION_SQL,
    hit ? [h, hit.bucket, hit.limit.timeWindow, hit.salt] : [h],
  );
  if (!row) return { user: null, counted: null };
  if (hit) sweepSoon(db);
  const counted = row.hits != null ? { current: row.hits, ttl: Math.max(0, row.ttl_ms ?? 0) } : null;
  const grants: Grant[] = typeof row.grants === 'string' ? (JSON.parse(row.grants) as Grant[]) : row.grants;
  // A person who holds any role now is an official, even if the role came after sign-in.
  const official = row.is_official || grants.length > 0;
  const idleLimit = (official ? config.sessionIdleMinutesOfficial : config.sessionIdleMinutes) * 60;
  if (row.idle_s > idleLimit) {
    await endSession(db, h);
    return { user: null, counted };
  }
  if (row.idle_s > TOUCH_EVERY_SECONDS || official !== row.is_official) {
    await db.tx((t) => t.query('UPDATE core_session SET last_seen_at = core_now(), is_official = $2 WHERE id_hash = $1', [h, official]));
  }
  const user: SessionUser = {
    sessionHash: h,
    personId: row.person_id,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    idcodeHash: row.idcode_hash,
    isOfficial: official,
    acr: row.acr,
    grants,
  };
  return { user, counted };
}

/** Ends one session (the browser's own, e.g. when it signs in again). */
export async function endSession(db: Db, sessionHash: string): Promise<void> {
  await db.tx((t) => t.query('UPDATE core_session SET ended_at = core_now() WHERE id_hash = $1 AND ended_at IS NULL', [sessionHash]));
}

/** Ends every session of the person ("sign out everywhere"). */
export async function endAllSessions(db: Db, personId: string): Promise<number> {
  const rows = await db.tx((t) =>
    t.query('UPDATE core_session SET ended_at = core_now() WHERE person_id = $1 AND ended_at IS NULL RETURNING 1 AS x', [personId]),
  );
  return rows.length;
}

/**
 * A demo person (src/dev/demo-people.ts) as the platform knows her: her person row made (as at her
 * first sign-in) and the audit actor for what the demo data has her do. For the modules' demo loaders.
 */
export async function demoPerson(
  ctx: { db: Db; config: Pick<Config, 'idcodeHmacKey'>; people: readonly { idcode: string; givenName: string; familyName: string }[] },
  given: string,
): Promise<{ actor: Actor; idcode: string; idcodeHash: string }> {
  const p = ctx.people.find((x) => x.givenName === given);
  if (!p) throw new Error(`demo person ${given} is missing`);
  const parsed = parseIdcode(p.idcode);
  if (!parsed.ok) throw new Error(`demo person ${given} has an invalid ID code`);
  const idcodeHash = hashIdcode(ctx.config.idcodeHmacKey, p.idcode);
  const id = await ctx.db.system('demo data', (t) => upsertPerson(t, { idcodeHash, givenName: p.givenName, familyName: p.familyName, birthDate: parsed.value.birthDate }));
  return { actor: { kind: 'person', id, name: `${p.givenName} ${p.familyName}` }, idcode: p.idcode, idcodeHash };
}
