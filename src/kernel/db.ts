// One database interface over two engines: PostgreSQL (pg Pool) and embedded PGlite.
//
// Every transaction a request runs goes through `db.tx(fn, { kov })`: it switches to the non-owner
// role `vallamaja_app` (SET LOCAL ROLE) and puts the tenant in the transaction-local setting
// `vallamaja.kov`, so PostgreSQL row-level security on `kov_code` is a real second wall behind the
// queries' own filters. `db.system(why, fn)` runs as the owner and is for platform-wide work only
// (migrations, bulk imports, audit verification, public reads across KOVs); every use says why.
// A Db is not itself a query handle: SQL runs only inside one of these transactions, so nothing
// reaches the owner connection by accident.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import pg from 'pg';
import { from as pgCopyFrom } from 'pg-copy-streams';
import type { PGlite as PGliteType, Transaction as PGliteTx } from '@electric-sql/pglite';
import { databaseNow, now } from './clock.js';

export type Row = Record<string, unknown>;

/**
 * A statement the PostgreSQL driver prepares once per connection and then only binds and executes
 * (for SQL that runs on every request, such as the session lookup). Make it once, at module level.
 */
export interface PreparedSql {
  readonly name: string;
  readonly text: string;
}
export function preparedSql(text: string): PreparedSql {
  return { name: statementNameOf('vallamaja_p_', text), text };
}

/** A server-side statement name for an SQL text: the prefix and a hash of the text. */
function statementNameOf(prefix: string, text: string): string {
  return `${prefix}${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
}

/** What a transaction handle can do (never a Db: see Tx). */
interface Queryable {
  /** Runs one parameterised statement ($1, $2 …) and returns its rows. */
  query<R = Row>(text: string | PreparedSql, params?: readonly unknown[]): Promise<R[]>;
  /** The first row, or undefined. */
  one<R = Row>(text: string | PreparedSql, params?: readonly unknown[]): Promise<R | undefined>;
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
}

/**
 * A transaction. Repos take a Tx and nothing else; a service opens it with `db.tx` (tenant-bound,
 * row-level security in force) or, rarely and with a stated reason, `db.system` (the owner).
 */
export interface Tx extends Queryable {
  /** The tenant this transaction is bound to (null: none; system: owner, no RLS). */
  readonly kov: string | null;
  readonly system: boolean;
}

export interface TxOptions {
  /** Tenant (EHAK code of the KOV) that row-level security lets this transaction see. */
  kov?: string | null;
}

/**
 * A long owner transaction driven step by step (a bulk load: the residents register): queries on
 * `t`, a COPY … FROM STDIN stream on PostgreSQL, then commit or rollback. On PGlite the steps run
 * inside its one transaction callback, one after another.
 */
export interface BulkTx {
  readonly t: Tx;
  /** PostgreSQL: a writable COPY … FROM STDIN stream in this transaction; PGlite: null (insert in batches). */
  copyFrom(sql: string): Writable | null;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface Db {
  readonly engine: 'postgres' | 'pglite';
  tx<T>(fn: (t: Tx) => Promise<T>, opts?: TxOptions): Promise<T>;
  /**
   * One statement as a whole tenant transaction (the same role and tenant as `tx`), in one round
   * trip on PostgreSQL: the statement is prepared once per connection, then BEGIN, the tenant
   * prelude, `EXECUTE name(arguments)` and COMMIT go as one simple-protocol message, the arguments
   * written as literals (`sqlLiteral`). For hot paths whose work is one statement (the ballot
   * cast). Every `$n` should carry its type (`$1::uuid`). Answers the statement's rows.
   */
  txStatement<R = Row>(sql: string, params: readonly unknown[], opts?: TxOptions): Promise<R[]>;
  /**
   * A transaction as the database owner: no role switch, so row-level security does not apply.
   * For platform-wide work only; `why` names the reason (it shows in code review, and the
   * contract test lists every use).
   */
  system<T>(why: string, fn: (t: Tx) => Promise<T>): Promise<T>;
  /**
   * One statement as an owner transaction in one round trip, like txStatement (prepared once per
   * connection, literal arguments): the per-request session lookup and its rate-limit counter.
   * `why` as for system. On a lost connection it is sent again on another one, so use it only for
   * a statement that may run twice (a read, a counter).
   */
  systemStatement<R = Row>(why: string, sql: string | PreparedSql, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Opens a bulk owner transaction (COPY is not allowed under row-level security, so bulk loads
   * run as the owner). `why` as for system.
   */
  bulk(why: string): Promise<BulkTx>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * True for an error that says the database could not be reached or dropped the connection (it is
 * restarting, failing over, refusing connections), as opposed to a statement that failed. The
 * transaction it interrupted did not commit, unless the connection broke during COMMIT itself.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, message } = e as { code?: unknown; message?: unknown };
  const msg = typeof message === 'string' ? message : '';
  if (typeof code === 'string') {
    if (code.startsWith('08')) return true; // connection exception
    if (code === '57P01' || code === '57P02' || code === '57P03') return true; // admin / crash shutdown, cannot connect now
    if (code === '53300') return true; // too many connections
    if (code === '55000' && /not currently accepting connections/.test(msg)) return true;
    if (code === '25006') return true; // read-only transaction: a standby answered (a fail-over in progress)
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) return true;
  }
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed)/.test(msg);
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

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** `, set_config('vallamaja.now', …)` while the kernel clock is set (core_now() reads it), else ''. */
function clockSetting(): string {
  const at = databaseNow();
  if (at === null) return '';
  if (!ISO_RE.test(at)) throw new Error(`invalid clock value ${JSON.stringify(at)}`);
  return `, set_config('vallamaja.now', '${at}', true)`;
}

function tenantPrelude(kov: string | null | undefined): string {
  if (kov != null && !KOV_RE.test(kov)) throw new Error(`invalid tenant code ${JSON.stringify(kov)}`);
  // kov is 4 digits and the clock an ISO instant (both checked), so inlining them is safe; one
  // round trip for the whole prelude.
  return `SET LOCAL ROLE ${APP_ROLE}; SELECT set_config('vallamaja.kov', '${kov ?? ''}', true)${clockSetting()}`;
}

/** The owner's prelude: only the clock (null on the real clock: nothing to send). */
/**
 * The owner's prelude: says that this transaction is system work (the tenant tables' `_system`
 * policies let the owner see rows only then, migrations/202612040002_core_tenant_tables.sql), and
 * the clock when it is set. One statement.
 */
function systemPrelude(): string {
  return `SELECT set_config('vallamaja.system', 'on', true)${clockSetting()}`;
}
/** How many statements tenantPrelude() and systemPrelude() hold. */
const PRELUDE_STATEMENTS = 2;
const SYSTEM_PRELUDE_STATEMENTS = 1;

// ---------- txStatement: a prepared statement executed with literal arguments ----------
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

/** The server-side name of a txStatement statement: one per SQL text. */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = statementNameOf('vallamaja_', sql); // not preparedSql's prefix: the driver tracks those names itself
    statementNames.set(sql, name);
  }
  return name;
}

// ---------- type parsing: the same JS values from both engines ----------
// date → 'YYYY-MM-DD' string (a legal date has no time zone); int8 → number; numeric → string.
const OID = { int8: 20, date: 1082, numeric: 1700 } as const;
pg.types.setTypeParser(OID.int8, (v: string) => Number(v));
pg.types.setTypeParser(OID.date, (v: string) => v);

// ---------- PostgreSQL ----------
function pgQuery(text: string | PreparedSql, params?: readonly unknown[]): pg.QueryConfig {
  const values = params as unknown[] | undefined;
  return typeof text === 'string' ? { text, values } : { name: text.name, text: text.text, values };
}

/**
 * A transaction's statements on its one connection. They must run one after another: statements
 * started together (Promise.all on one Tx) would queue inside pg, which warns now and refuses from
 * pg 9 — so the second one is refused at once, on both engines (PGlite would queue them silently).
 */
/** Runs a transaction's statements, refusing one that starts while another is still running. */
function oneAtATime(): <T>(statement: () => Promise<T>) => Promise<T> {
  let busy = false;
  return async (statement) => {
    if (busy) throw new Error('two statements at once on one transaction: await each statement before the next (a transaction is one connection)');
    busy = true;
    try {
      return await statement();
    } finally {
      busy = false;
    }
  };
}

function pgQueryable(c: pg.PoolClient): Queryable {
  const serial = oneAtATime();
  const run = (q: pg.QueryConfig | string) => serial(() => c.query(q));
  return {
    async query<R>(text: string | PreparedSql, params?: readonly unknown[]) {
      const r = await run(pgQuery(text, params));
      return r.rows as R[];
    },
    async one<R>(text: string | PreparedSql, params?: readonly unknown[]) {
      const r = await run(pgQuery(text, params));
      return r.rows[0] as R | undefined;
    },
    async exec(script: string) {
      await run(script);
    },
  };
}

export function openPostgres(url: string, opts: { max?: number } = {}): Db {
  /** The txStatement statements each connection has prepared. */
  const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, application_name: 'vallamaja' });
  /**
   * How often a step that did nothing yet is tried on another connection after a lost one: every
   * idle connection of the pool may be dead after a restart (the pool hears of it only when the
   * socket's end arrives), and each dead one fails at once; one more for a fresh connection.
   */
  const freshTries = (opts.max ?? 20) + 1;
  pool.on('error', () => {
    /* idle client errors are reported on next use */
  });
  // A connection the server ends while a transaction holds it between two statements (a restart,
  // a fail-over, pg_terminate_backend) emits 'error' on its client; unheard, that event would end
  // the whole process. The next statement fails with it instead, and the pool drops the client.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  /**
   * A pooled connection with the transaction begun. A connection the server dropped while it sat
   * idle in the pool (a restart, a fail-over, pg_terminate_backend) fails right here, before
   * anything was done: it is thrown away and the transaction begun again on another connection.
   */
  async function begin(prelude: string | null): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      const client = await pool.connect();
      try {
        await client.query(prelude ? `BEGIN; ${prelude}` : 'BEGIN');
        return client;
      } catch (e) {
        client.release(e as Error); // (with an error: the pool closes it instead of keeping it)
        if (attempt + 1 >= freshTries || !isDatabaseUnavailable(e)) throw e;
      }
    }
  }
  async function run<T>(prelude: string | null, kov: string | null, system: boolean, fn: (t: Tx) => Promise<T>) {
    const client = await begin(prelude);
    try {
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
  /**
   * One statement as a whole transaction in one round trip: the statement is prepared once per
   * connection, then BEGIN, the prelude, `EXECUTE name(arguments)` and COMMIT go as one
   * simple-protocol message, the arguments written as literals (`sqlLiteral`).
   */
  async function oneMessage<R>(prelude: string, preludeStatements: number, sql: string, params: readonly unknown[]): Promise<R[]> {
    const name = statementName(sql);
    const args = params.length ? `(${params.map(sqlLiteral).join(', ')})` : '';
    const text = `BEGIN; ${prelude}; EXECUTE ${name}${args}; COMMIT`;
    const client = await pool.connect().catch((e: unknown) => {
      throw Object.assign(e as Error, { noConnection: true }); // (no pooled connection was tried: nothing to try again)
    });
    try {
      // Prepared once per connection (parsed and planned once, its parameters typed by the SQL).
      let ready = preparedOn.get(client);
      if (!ready) preparedOn.set(client, (ready = new Set()));
      if (!ready.has(name)) {
        await client.query(`PREPARE ${name} AS ${sql}`);
        ready.add(name);
      }
      // One result per statement: BEGIN, the prelude's statements, ours, COMMIT.
      const results = (await client.query(text)) as unknown as pg.QueryResult[];
      client.release();
      return results[1 + preludeStatements]!.rows as R[];
    } catch (e) {
      if (isDatabaseUnavailable(e)) client.release(e as Error); // (with an error: the pool closes it)
      else {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
      throw e;
    }
  }
  const db: Db = {
    engine: 'postgres',
    tx: (fn, o = {}) => run(tenantPrelude(o.kov), o.kov ?? null, false, fn),
    txStatement: async <R>(sql: string, params: readonly unknown[], o: TxOptions = {}) => oneMessage<R>(tenantPrelude(o.kov), PRELUDE_STATEMENTS, sql, params),
    system: (_why, fn) => run(systemPrelude(), null, true, fn),
    async systemStatement<R>(_why: string, sql: string | PreparedSql, params: readonly unknown[] = []) {
      const text = typeof sql === 'string' ? sql : sql.text;
      for (let attempt = 0; ; attempt++) {
        try {
          return await oneMessage<R>(systemPrelude(), SYSTEM_PRELUDE_STATEMENTS, text, params);
        } catch (e) {
          // A connection the server had ended (the pool drops it): again on another one.
          if (attempt + 1 >= freshTries || !isDatabaseUnavailable(e) || (e as { noConnection?: boolean }).noConnection) throw e;
        }
      }
    },
    async bulk(_why: string): Promise<BulkTx> {
      const client = await pool.connect();
      let done = false;
      let copying: Writable | null = null;
      try {
        await client.query(`BEGIN; ${systemPrelude()}`);
      } catch (e) {
        client.release(true);
        throw e;
      }
      const finish = async (sql: 'COMMIT' | 'ROLLBACK') => {
        if (done) return;
        done = true;
        // a connection whose COPY was cut off is not reusable: drop it
        const broken = copying !== null && !copying.writableFinished;
        try {
          if (broken) copying!.destroy(new Error('bulk transaction ended'));
          await client.query(sql);
        } catch (e) {
          if (sql === 'COMMIT') {
            await client.query('ROLLBACK').catch(() => undefined);
            client.release(true);
            throw e;
          }
        }
        client.release(broken ? true : undefined);
      };
      return {
        t: { ...pgQueryable(client), kov: null, system: true },
        copyFrom(sql: string) {
          copying = client.query(pgCopyFrom(sql));
          return copying;
        },
        commit: () => finish('COMMIT'),
        rollback: () => finish('ROLLBACK'),
      };
    },
    async ping() {
      // (like systemStatement: once more on a fresh connection if the pool handed out one the
      // server had ended, so that /readyz does not flap for it)
      await pool.query('SELECT 1').catch((e: unknown) => {
        if (!isDatabaseUnavailable(e)) throw e;
        return pool.query('SELECT 1');
      });
    },
    async close() {
      await pool.end();
    },
  };
  connectionStrings.set(db, url);
  return db;
}

/** The URL each PostgreSQL Db was opened with. */
const connectionStrings = new WeakMap<Db, string>();

/**
 * The connection string a PostgreSQL Db was opened with (null on PGlite): the kernel's job queue
 * (pg-boss) opens its own small pool to the same database. A URL, not a query handle.
 */
export function connectionStringOf(db: Db): string | null {
  return connectionStrings.get(db) ?? null;
}

// ---------- PGlite ----------
function pgliteQueryable(c: PGliteTx): Queryable {
  const serial = oneAtATime();
  return {
    async query<R>(text: string | PreparedSql, params?: readonly unknown[]) {
      const r = await serial(() => c.query<R>(typeof text === 'string' ? text : text.text, params as unknown[] | undefined));
      return r.rows;
    },
    async one<R>(text: string | PreparedSql, params?: readonly unknown[]) {
      const r = await serial(() => c.query<R>(typeof text === 'string' ? text : text.text, params as unknown[] | undefined));
      return r.rows[0];
    },
    async exec(script: string) {
      await serial(() => c.exec(script));
    },
  };
}

const pgliteParsers = {
  [OID.int8]: (v: string) => Number(v),
  [OID.date]: (v: string) => v,
  [OID.numeric]: (v: string) => v,
};

/** The PGlite instance each embedded Db wraps (the live bus listens on it: LISTEN/NOTIFY in process). */
const pgliteInstances = new WeakMap<Db, PGliteType>();

/** The PGlite instance an embedded Db wraps (null on PostgreSQL): for LISTEN, not for queries. */
export function pgliteOf(db: Db): PGliteType | null {
  return pgliteInstances.get(db) ?? null;
}

/** Wraps an open PGlite instance (in memory or on a folder) as a Db. */
export function wrapPglite(pglite: PGliteType, onClose?: () => void): Db {
  function run<T>(prelude: string | null, kov: string | null, system: boolean, fn: (t: Tx) => Promise<T>) {
    // PGlite has one connection; its transaction() serialises callers.
    return pglite.transaction(async (ptx) => {
      if (prelude) await ptx.exec(prelude);
      return fn({ ...pgliteQueryable(ptx), kov, system });
    }) as Promise<T>;
  }
  const db: Db = {
    engine: 'pglite',
    tx: (fn, o = {}) => run(tenantPrelude(o.kov), o.kov ?? null, false, fn),
    // In process there is no round trip to save: the same transaction as tx, with real parameters.
    txStatement: async (sql, params, o = {}) => run(tenantPrelude(o.kov), o.kov ?? null, false, (t) => t.query(sql, params)),
    system: (_why, fn) => run(systemPrelude(), null, true, fn),
    systemStatement: (_why, sql, params) => run(systemPrelude(), null, true, (t) => t.query(sql, params)),
    bulk: async (_why) => pgliteBulk(run),
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
  pgliteInstances.set(db, pglite);
  return db;
}

class BulkRollback extends Error {}

/**
 * PGlite's transaction() takes a callback, so a bulk transaction's steps are queued into it: each
 * query waits its turn inside the callback, and commit/rollback end it.
 */
function pgliteBulk(run: <T>(prelude: string | null, kov: string | null, system: boolean, fn: (t: Tx) => Promise<T>) => Promise<T>): BulkTx {
  type Step = { fn: (t: Tx) => Promise<unknown>; done: (e: unknown, v?: unknown) => void };
  const steps: Step[] = [];
  let wake: (() => void) | null = null;
  let end: 'commit' | 'rollback' | null = null;
  const txDone = run(systemPrelude(), null, true, async (t) => {
    for (;;) {
      const step = steps.shift();
      if (step) {
        try {
          step.done(null, await step.fn(t));
        } catch (e) {
          step.done(e);
          throw e;
        }
        continue;
      }
      if (end === 'rollback') throw new BulkRollback();
      if (end === 'commit') return;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
  });
  txDone.catch(() => undefined);
  const step = <T>(fn: (t: Tx) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      steps.push({ fn, done: (e, v) => (e ? reject(e as Error) : resolve(v as T)) });
      wake?.();
    });
  const finish = async (how: 'commit' | 'rollback') => {
    if (end) return;
    end = how;
    wake?.();
    await txDone.catch((e: unknown) => {
      if (!(e instanceof BulkRollback) || how !== 'rollback') throw e;
    });
  };
  return {
    t: {
      kov: null,
      system: true,
      query: (text, params) => step((t) => t.query(text, params)),
      one: (text, params) => step((t) => t.one(text, params)),
      exec: (script) => step((t) => t.exec(script)),
    },
    copyFrom: () => null,
    commit: () => finish('commit'),
    rollback: () => finish('rollback'),
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
  const body = JSON.stringify({ pid: process.pid, host: os.hostname(), since: now().toISOString() });
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
export async function openDb(opts: { databaseUrl: string | null; dataDir: string; databasePoolSize?: number }): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, { max: opts.databasePoolSize });
  const release = lockDataDir(opts.dataDir);
  try {
    const pglite = await createPglite({ dataDir: path.join(opts.dataDir, 'pglite') });
    return wrapPglite(pglite, release);
  } catch (e) {
    release();
    throw e;
  }
}
