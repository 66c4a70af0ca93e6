// One database interface over two engines: PostgreSQL (pg Pool) and embedded PGlite.
//
// Every transaction a request runs goes through `db.tx(fn, { kov })`: it switches to the non-owner
// role `vallamaja_app` (SET LOCAL ROLE) and puts the tenant in the transaction-local setting
// `vallamaja.kov`, so PostgreSQL row-level security on `kov_code` is a real second wall behind the
// queries' own filters. `db.system(fn)` runs as the owner and is for platform-wide work only
// (migrations, imports, audit verification, operator commands).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { PGlite as PGliteType, Transaction as PGliteTx } from '@electric-sql/pglite';

export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one parameterised statement ($1, $2 …) and returns its rows. */
  query<R = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** The first row, or undefined. */
  one<R = Row>(text: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
}

export interface Tx extends Queryable {
  /** The tenant this transaction is bound to (null: none; system: owner, no RLS). */
  readonly kov: string | null;
  readonly system: boolean;
}

export interface TxOptions {
  /** Tenant (EHAK code of the KOV) that row-level security lets this transaction see. */
  kov?: string | null;
}

export interface Db extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  tx<T>(fn: (t: Tx) => Promise<T>, opts?: TxOptions): Promise<T>;
  /**
   * One statement as a whole tenant transaction (the same role and tenant as `tx`), in one round
   * trip on PostgreSQL: BEGIN, the tenant prelude, the statement and COMMIT go as one
   * simple-protocol message, its parameters written in as literals (`inlineParams`). For hot paths
   * whose work is one statement (the ballot cast). Every `$n` must carry its type (`$1::uuid`),
   * since a literal has none of its own. Answers the statement's rows.
   */
  txStatement<R = Row>(sql: string, params: readonly unknown[], opts?: TxOptions): Promise<R[]>;
  system<T>(fn: (t: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The engine's own handle, for bulk loads (COPY on PostgreSQL). */
  readonly pool: pg.Pool | null;
  readonly pglite: PGliteType | null;
}

export const APP_ROLE = 'vallamaja_app';
const KOV_RE = /^\d{4}$/;

export class DataDirLockedError extends Error {
  constructor(
    public readonly dir: string,
    public readonly pid: number,
  ) {
    super(
      `The data folder ${dir} is in use by another Vallamaja process (pid ${pid}). ` +
        `The embedded database allows one process per folder: stop the other process, ` +
        `or give this one its own folder with DATA_DIR, or use PostgreSQL with DATABASE_URL.`,
    );
  }
}

function tenantPrelude(kov: string | null | undefined): string {
  if (kov != null && !KOV_RE.test(kov)) throw new Error(`invalid tenant code ${JSON.stringify(kov)}`);
  // kov is 4 digits (checked above), so inlining it is safe; one round trip for the whole prelude.
  return `SET LOCAL ROLE ${APP_ROLE}; SELECT set_config('vallamaja.kov', '${kov ?? ''}', true)`;
}
/** How many statements tenantPrelude() holds. */
const PRELUDE_STATEMENTS = 2;

// ---------- parameters as literals (txStatement) ----------
/**
 * A value as an SQL literal: null, booleans, finite numbers, bigints, strings (quoted as libpq's
 * PQescapeLiteral does), Dates (ISO text) and bytes (`decode('…', 'hex')`, whatever standard_conforming_strings says). Anything else is refused.
 */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return `(${v.toString()})`;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as an SQL literal`);
    return `(${String(v)})`;
  }
  if (v instanceof Uint8Array) return `decode('${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}', 'hex')`;
  if (v instanceof Date) return pg.escapeLiteral(v.toISOString());
  if (typeof v === 'string') {
    if (v.includes('\0')) throw new Error('a string with a NUL character cannot be sent to PostgreSQL');
    return pg.escapeLiteral(v);
  }
  throw new Error(`cannot write a ${typeof v} as an SQL literal`);
}

/**
 * Replaces the placeholders $1, $2 … of `sql` by the literals of `params`, leaving quoted strings,
 * quoted identifiers, dollar-quoted bodies and comments untouched. Every placeholder must have a
 * value and every value a placeholder.
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  const used = new Set<number>();
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    let end = i + 1;
    if (c === "'" || c === '"') {
      // '…' with '' inside (and \' inside E'…'), "…" with "" inside
      const escapes = c === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
      while (end < sql.length) {
        if (escapes && sql[end] === '\\') end += 2;
        else if (sql[end] === c && sql[end + 1] === c) end += 2;
        else if (sql[end] === c) break;
        else end++;
      }
      if (end >= sql.length) throw new Error('unterminated quote in SQL');
      end++;
    } else if (c === '-' && next === '-') {
      end = sql.indexOf('\n', i);
      if (end < 0) end = sql.length;
    } else if (c === '/' && next === '*') {
      end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment in SQL');
      end += 2;
    } else if (c === '$' && next !== undefined && /\d/.test(next) && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const m = /^\$(\d+)/.exec(sql.slice(i))!;
      const n = Number(m[1]);
      if (n < 1 || n > params.length) throw new Error(`no value for $${n}`);
      used.add(n);
      out += sqlLiteral(params[n - 1]);
      i += m[0].length;
      continue;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag && !/[\w$]/.test(sql[i - 1] ?? '')) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) throw new Error('unterminated dollar quote in SQL');
        end = close + tag[0].length;
      }
    }
    out += sql.slice(i, end);
    i = end;
  }
  if (used.size !== params.length) throw new Error(`${params.length} values for ${used.size} placeholders`);
  return out;
}

// ---------- type parsing: the same JS values from both engines ----------
// date → 'YYYY-MM-DD' string (a legal date has no time zone); int8 → number; numeric → string.
const OID = { int8: 20, date: 1082, numeric: 1700 } as const;
pg.types.setTypeParser(OID.int8, (v: string) => Number(v));
pg.types.setTypeParser(OID.date, (v: string) => v);

// ---------- PostgreSQL ----------
function pgQueryable(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      const r = await c.query(text, params as unknown[] | undefined);
      return r.rows as R[];
    },
    async one<R>(text: string, params?: readonly unknown[]) {
      const r = await c.query(text, params as unknown[] | undefined);
      return r.rows[0] as R | undefined;
    },
    async exec(script: string) {
      await c.query(script);
    },
  };
}

export function openPostgres(url: string, opts: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, application_name: 'vallamaja' });
  pool.on('error', () => {
    /* idle client errors are reported on next use */
  });
  async function run<T>(prelude: string | null, kov: string | null, system: boolean, fn: (t: Tx) => Promise<T>) {
    const client = await pool.connect();
    try {
      await client.query(prelude ? `BEGIN; ${prelude}` : 'BEGIN');
      const t: Tx = { ...pgQueryable(client), kov, system };
      const out = await fn(t);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
  return {
    engine: 'postgres',
    pool,
    pglite: null,
    ...pgQueryable(pool),
    tx: (fn, o = {}) => run(tenantPrelude(o.kov), o.kov ?? null, false, fn),
    async txStatement<R>(sql: string, params: readonly unknown[], o: TxOptions = {}) {
      const text = `BEGIN; ${tenantPrelude(o.kov)}; ${inlineParams(sql, params)}; COMMIT`;
      const client = await pool.connect();
      try {
        // One result per statement: BEGIN, the prelude's PRELUDE_STATEMENTS, ours, COMMIT.
        const results = (await client.query(text)) as unknown as pg.QueryResult[];
        return results[1 + PRELUDE_STATEMENTS]!.rows as R[];
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    system: (fn) => run(null, null, true, fn),
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}

// ---------- PGlite ----------
function pgliteQueryable(c: PGliteType | PGliteTx): Queryable {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      const r = await c.query<R>(text, params as unknown[] | undefined);
      return r.rows;
    },
    async one<R>(text: string, params?: readonly unknown[]) {
      const r = await c.query<R>(text, params as unknown[] | undefined);
      return r.rows[0];
    },
    async exec(script: string) {
      await c.exec(script);
    },
  };
}

const pgliteParsers = {
  [OID.int8]: (v: string) => Number(v),
  [OID.date]: (v: string) => v,
  [OID.numeric]: (v: string) => v,
};

/** Wraps an open PGlite instance (in memory or on a folder) as a Db. */
export function wrapPglite(pglite: PGliteType, onClose?: () => void): Db {
  function run<T>(prelude: string | null, kov: string | null, system: boolean, fn: (t: Tx) => Promise<T>) {
    // PGlite has one connection; its transaction() serialises callers.
    return pglite.transaction(async (ptx) => {
      if (prelude) await ptx.exec(prelude);
      return fn({ ...pgliteQueryable(ptx), kov, system });
    }) as Promise<T>;
  }
  return {
    engine: 'pglite',
    pool: null,
    pglite,
    ...pgliteQueryable(pglite),
    tx: (fn, o = {}) => run(tenantPrelude(o.kov), o.kov ?? null, false, fn),
    // In process there is no round trip to save: the same transaction as tx, with real parameters.
    txStatement: async (sql, params, o = {}) => run(tenantPrelude(o.kov), o.kov ?? null, false, (t) => t.query(sql, params)),
    system: (fn) => run(null, null, true, fn),
    async ping() {
      await pglite.query('SELECT 1');
    },
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        onClose?.();
      }
    },
  };
}

export async function createPglite(opts: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<PGliteType> {
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir, parsers: pgliteParsers });
}

/** Takes the data folder's lock file, or throws DataDirLockedError if a live process holds it. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'vallamaja.lock');
  const body = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, body, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const cur = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { pid: number };
          if (cur.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as typeof holder;
      } catch {
        /* unreadable lock: treat as stale */
      }
      if (holder.pid && holder.host === os.hostname() && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DataDirLockedError(dir, holder.pid);
      }
      if (holder.pid && holder.host && holder.host !== os.hostname()) {
        throw new DataDirLockedError(dir, holder.pid);
      }
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Opens the configured database: PostgreSQL when a URL is given, else PGlite in dataDir (locked). */
export async function openDb(opts: { databaseUrl: string | null; dataDir: string }): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  const release = lockDataDir(opts.dataDir);
  try {
    const pglite = await createPglite({ dataDir: path.join(opts.dataDir, 'pglite') });
    return wrapPglite(pglite, release);
  } catch (e) {
    release();
    throw e;
  }
}
