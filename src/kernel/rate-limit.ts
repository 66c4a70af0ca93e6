// Rate limits that hold across every app process on one database: a store for @fastify/rate-limit
// that keeps its counters in PostgreSQL (or the embedded PGlite) instead of process memory, so two
// processes behind a load balancer allow the limit once, not twice.
//
// One hit is one statement: an upsert on core_rate_limit (bucket = the route, key = a keyed digest of
// the client key) that either counts the hit in the current window or starts a new window, and
// answers the count and the milliseconds until the window ends. A limit per signed-in person (the
// ballot cast) is counted in the session lookup's own statement instead (PERSON_HIT_SQL, session.ts).
// The window is fixed and starts with a key's first hit, as the plugin's own memory and Redis stores do. The time is the database's (core_now()),
// so processes whose clocks differ a little still agree. Rows of ended windows are swept by one
// DELETE at most once a minute per process, riding on a hit (no timer, no job).
import { createHmac } from 'node:crypto';
import type { Db } from './db.js';
import { preparedSql } from './db.js';
import { nowMs } from './clock.js';

/** What @fastify/rate-limit passes a store: the counter and the time until its window ends (ms). */
export interface RateLimitResult {
  current: number;
  ttl: number;
}
type Callback = (err: Error | null, res?: RateLimitResult) => void;

/** The route options @fastify/rate-limit hands to `child` (only the route is read here). */
interface ChildOptions {
  routeInfo?: { method?: string | string[]; url?: string };
}

const HIT_SQL = preparedSql(
  `INSERT INTO core_rate_limit AS r (bucket, key, hits, resets_at)
   VALUES ($1::text, $2::bytea, 1, core_now() + $3::float8 * interval '1 millisecond')
   ON CONFLICT (bucket, key) DO UPDATE
      SET hits = CASE WHEN r.resets_at <= core_now() THEN 1 ELSE r.hits + 1 END,
          resets_at = CASE WHEN r.resets_at <= core_now() THEN excluded.resets_at ELSE r.resets_at END
   RETURNING hits, ceil(extract(epoch FROM r.resets_at - core_now()) * 1000)::float8 AS ttl_ms`,
);
const READ_SQL = preparedSql(
  `SELECT hits, ceil(extract(epoch FROM resets_at - core_now()) * 1000)::float8 AS ttl_ms
     FROM core_rate_limit WHERE bucket = $1::text AND key = $2::bytea AND resets_at > core_now()`,
);
const SWEEP_SQL = 'DELETE FROM core_rate_limit WHERE resets_at <= core_now()';

/** How often (at most) one process sweeps ended windows away. */
export const SWEEP_EVERY_MS = 60_000;

const lastSweepOf = new WeakMap<Db, number>();
const sweepOf = new WeakMap<Db, Promise<unknown>>();
/** Sweeps ended windows unless this process did so less than a minute ago; never waits for it. */
export function sweepSoon(db: Db): void {
  const t = nowMs();
  const last = lastSweepOf.get(db) ?? -Infinity;
  if (t - last < SWEEP_EVERY_MS && t >= last) return;
  lastSweepOf.set(db, t);
  // not awaited: the request does not wait for the sweep, and a failed sweep is tried next time
  sweepOf.set(db, sweepRateLimits(db).catch(() => lastSweepOf.delete(db)));
}

/** Resolves when the sweep this process last started on `db` has finished (tests that move the clock). */
export async function sweepsSettled(db: Db): Promise<void> {
  await sweepOf.get(db);
}

/**
 * A limit per signed-in person (route option `personRateLimit`): counted in the same statement as
 * the session lookup every request makes anyway (session.ts), so it costs no round trip of its own.
 * For hot paths keyed by the person, such as the ballot cast.
 */
export interface PersonRateLimit {
  max: number;
  /** The window in milliseconds. */
  timeWindow: number;
}

/**
 * The upsert of a person-keyed hit, to follow a CTE named `s` that yields the session's `person_id`
 * (no row, no hit). Parameters: $2 the bucket, $3 the window (ms), $4 a secret salt; the key stored
 * is the first 16 bytes of sha256(salt ‖ person id).
 */
export const PERSON_HIT_SQL = `INSERT INTO core_rate_limit AS r (bucket, key, hits, resets_at)
   SELECT $2::text, substring(sha256(convert_to($4::text || s.person_id::text, 'UTF8')) FROM 1 FOR 16), 1,
          core_now() + $3::float8 * interval '1 millisecond'
     FROM s
   ON CONFLICT (bucket, key) DO UPDATE
      SET hits = CASE WHEN r.resets_at <= core_now() THEN 1 ELSE r.hits + 1 END,
          resets_at = CASE WHEN r.resets_at <= core_now() THEN excluded.resets_at ELSE r.resets_at END
   RETURNING hits, ceil(extract(epoch FROM r.resets_at - core_now()) * 1000)::float8 AS ttl_ms`;

/** Deletes the rows of ended windows; answers how many. */
export async function sweepRateLimits(db: Db): Promise<number> {
  const rows = await db.systemStatement<{ n: number }>(
    'rate limits: sweep ended windows (a kernel table, no tenant)',
    `WITH gone AS (${SWEEP_SQL} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * A store class for `@fastify/rate-limit`'s `store` option, bound to a database and the secret
 * that keys the stored digests (every process must share it, as they share SESSION_SECRET).
 */
export function databaseRateLimitStore(db: Db, secret: string) {
  const digest = (bucket: string, key: string) => createHmac('sha256', secret).update(`rate-limit\0${bucket}\0${key}`).digest().subarray(0, 16);

  return class DatabaseRateLimitStore {
    readonly bucket: string;
    // The plugin constructs the root store with its global options, then a child per route.
    constructor(_options?: unknown, bucket = '*') {
      this.bucket = bucket;
    }

    // (typed by the plugin as the route's options; at run time they carry the route as routeInfo)
    child(options: object): DatabaseRateLimitStore {
      const r = (options as ChildOptions).routeInfo ?? {};
      const method = Array.isArray(r.method) ? r.method.join(',') : (r.method ?? '');
      return new DatabaseRateLimitStore(undefined, `${method} ${r.url ?? ''}`.trim() || '*');
    }

    incr(key: string, cb: Callback, timeWindow: number): void {
      db.systemStatement<{ hits: number; ttl_ms: number }>('rate limits: count a hit (a kernel table, before any tenant)', HIT_SQL, [
        this.bucket,
        digest(this.bucket, key),
        timeWindow,
      ]).then(
        ([row]) => {
          sweepSoon(db);
          cb(null, { current: row!.hits, ttl: Math.max(0, row!.ttl_ms) });
        },
        (e: Error) => cb(e),
      );
    }

    read(key: string, cb: Callback): void {
      db.systemStatement<{ hits: number; ttl_ms: number }>('rate limits: read a counter', READ_SQL, [this.bucket, digest(this.bucket, key)]).then(
        ([row]) => cb(null, row ? { current: row.hits, ttl: Math.max(0, row.ttl_ms) } : { current: 0, ttl: 0 }),
        (e: Error) => cb(e),
      );
    }
  };
}
