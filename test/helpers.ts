// Test helpers: a database of the test file's own (PGlite in memory, or a PostgreSQL database
// copied from the run's migrated template), the app built on it, and a signed-in agent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import type { Db, Tx } from '../src/kernel/db.js';
import type { CliCommand, CliContext } from '../src/kernel/module.js';
import { createPglite, openPostgres, wrapPglite } from '../src/kernel/db.js';
import { resetClock, setClock } from '../src/kernel/clock.js';
import { isHttpError } from '../src/kernel/errors.js';
import { listMigrations, migrate } from '../src/kernel/migrate.js';
import { grantRole } from '../src/modules/admin/index.js';
import { loadDemoTerritory } from '../src/modules/territory/index.js';
import { testConfig } from './config.js';
import { TEST_OWNER, withDb } from './pg-url.js';

export { TEST_OWNER };

let counter = 0;

export const engine: 'postgres' | 'pglite' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * PostgreSQL only: a new database copied from the run's migrated template; returns its URL (as the
 * suite's owner, who is not a superuser).
 * The global teardown drops it with the run's other databases.
 */
export async function testDatabaseUrl(): Promise<string> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (!pgUrl) throw new Error('testDatabaseUrl() needs TEST_DATABASE_URL');
  const name = `${inject('runId')}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')} OWNER ${TEST_OWNER}`);
        break;
      } catch (e) {
        if (attempt > 20) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return withDb(pgUrl, name, TEST_OWNER);
}

/** A fresh, migrated database for this test file. */
export async function testDb(): Promise<Db> {
  if (process.env.TEST_DATABASE_URL) return openPostgres(await testDatabaseUrl(), { max: 30 });
  const tar = fs.readFileSync(inject('pgliteTemplate'));
  const pglite = await createPglite({ loadDataDir: new Blob([tar]) });
  return wrapPglite(pglite);
}

/**
 * A new database migrated only up to and including the migration `last` (a file name in migrations/),
 * to test a later migration on rows as they stood before it: arrange them (asOwner), then
 * `migrate(db)` applies the rest. Slower than testDb() (it runs the migrations, no template).
 * PostgreSQL: an empty database of the run (the global teardown drops it), owned by the suite's owner.
 */
export async function dbMigratedUpTo(last: string): Promise<Db> {
  const all = listMigrations();
  if (!all.some((m) => m.name === last)) throw new Error(`no migration ${last}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vm-upto-'));
  for (const m of all) if (m.name <= last) fs.writeFileSync(path.join(dir, m.name), m.sql);
  let db: Db;
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const name = `${inject('runId')}_${process.pid}_upto_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} OWNER ${TEST_OWNER}`);
    } finally {
      await admin.end();
    }
    db = openPostgres(withDb(pgUrl, name, TEST_OWNER), { max: 10 });
  } else {
    db = wrapPglite(await createPglite());
  }
  try {
    await migrate(db, { dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return db;
}

export { testConfig };

export async function testApp(db: Db, over: Partial<Config> = {}): Promise<FastifyInstance> {
  return buildApp({ config: testConfig(over), db });
}

/** Arranges or inspects rows as the database owner (row-level security off): tests only. */
export function asOwner<T>(db: Db, fn: (t: Tx) => Promise<T>): Promise<T> {
  return db.system('test: arrange or inspect rows as the owner', fn);
}

/** Seeds a tenant row (the territory module's demo data does this for all 78 KOVs). */
export async function seedTenant(db: Db, code: string, name: string, kind: 'linn' | 'vald' = 'vald', county = '0037'): Promise<void> {
  await asOwner(db, (t) =>
    t.query(
      `INSERT INTO core_tenant (kov_code, name, kind, county_code, ehak_version) VALUES ($1, $2, $3, $4, '2025v5')
       ON CONFLICT (kov_code) DO NOTHING`,
      [code, name, kind, county],
    ),
  );
}

/** Applies Set-Cookie headers to a cookie map as a browser would (expired or empty → removed). */
export function applySetCookies(cookies: Map<string, string>, setCookies: readonly string[]): void {
  for (const c of setCookies) {
    const [pair, ...attrs] = c.split(';');
    const i = pair!.indexOf('=');
    const k = pair!.slice(0, i).trim();
    const v = pair!.slice(i + 1).trim();
    const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
    if (expired || v === '') cookies.delete(k);
    else cookies.set(k, v);
  }
}

/** Cookie jar for app.inject: keeps cookies between requests like a browser. */
export class Agent {
  cookies = new Map<string, string>();
  constructor(public app: FastifyInstance) {}

  cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(setCookie: string | string[] | undefined): void {
    if (setCookie) applySetCookies(this.cookies, Array.isArray(setCookie) ? setCookie : [setCookie]);
  }

  async req(opts: { method?: string; url: string; payload?: unknown; headers?: Record<string, string>; form?: Record<string, string> }) {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let payload = opts.payload as string | object | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(opts.form).toString();
    }
    const res = await this.app.inject({ method: (opts.method ?? 'GET') as 'GET', url: opts.url, payload, headers });
    this.store(res.headers['set-cookie'] as string | string[] | undefined);
    return res;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.req({ url, headers });
  }

  /** Fetches the page, takes its CSRF token, and posts the form. */
  async postForm(pageUrl: string, actionUrl: string, form: Record<string, string>) {
    const page = await this.get(pageUrl);
    const token = csrfFrom(page.body);
    return this.req({ method: 'POST', url: actionUrl, form: { _csrf: token, ...form } });
  }
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/**
 * Signs the agent in as a person without going through TARA (for authorization tests; the sign-in
 * flow itself is tested in src/modules/auth). Returns the person id.
 */
export async function loginAs(
  agent: Agent,
  db: Db,
  idcode: string,
  names: { givenName?: string; familyName?: string } = {},
): Promise<string> {
  const { hashIdcode, parseIdcode } = await import('../src/kernel/idcode.js');
  const { createSession, upsertPerson, SESSION_COOKIE, grantsOf } = await import('../src/kernel/session.js');
  const parsed = parseIdcode(idcode);
  if (!parsed.ok) throw new Error(`invalid test ID code ${idcode}`);
  const config = agent.app.config;
  const idcodeHash = hashIdcode(config.idcodeHmacKey, idcode);
  const personId = await db.tx((t) =>
    upsertPerson(t, {
      idcodeHash,
      givenName: names.givenName ?? 'Test',
      familyName: names.familyName ?? `Person${idcode.slice(-4)}`,
      birthDate: parsed.value.birthDate,
    }),
  );
  const grants = await grantsOf(db, idcodeHash);
  const s = await createSession(db, config, personId, { isOfficial: grants.length > 0, acr: 'high' });
  agent.cookies.set(SESSION_COOKIE, s.id);
  return personId;
}

// ---------- added by the admin module: route enumeration, tenant snapshots, CSRF for API calls ----------

export interface RouteInfo {
  method: string;
  /** The route's path pattern, e.g. /kov/:kov/admin/roles/:id/revoke. */
  url: string;
}

/**
 * Every route of the built app (HEAD left out), read from Fastify's route tree
 * (app.printRoutes({ commonPrefix: false })), so routes that modules add later are listed too.
 */
export function listRoutes(app: FastifyInstance): RouteInfo[] {
  const out: RouteInfo[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(url);
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (method !== 'HEAD') out.push({ method, url });
    }
  }
  return out;
}

/** A snapshot of a tenant's rows in every table that has a kov_code column (read as the owner). */
export async function tenantSnapshot(db: Db, kov: string): Promise<Record<string, string[]>> {
  return asOwner(db, async (t) => {
    const tables = await t.query<{ table_name: string }>(
      `SELECT c.table_name FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'kov_code' AND tb.table_type = 'BASE TABLE'
        ORDER BY c.table_name`,
    );
    const snap: Record<string, string[]> = {};
    for (const { table_name } of tables) {
      const rows = await t.query<{ j: string }>(`SELECT to_jsonb(x)::text AS j FROM "${table_name}" x WHERE kov_code = $1`, [kov]);
      snap[table_name] = rows.map((r) => r.j).sort();
    }
    return snap;
  });
}

/** A CSRF token for the agent's cookies (from the layout of any page; signed-in pages carry one). */
export async function csrfTokenOf(agent: Agent): Promise<string> {
  const page = await agent.get('/no-such-page-for-csrf');
  return csrfFrom(page.body);
}

/** Runs `vallamaja <words…> <args…>` in-process against `db` (the command's own close is a no-op). */
export async function runCommand(commands: readonly CliCommand[], config: Config, db: Db, line: string): Promise<{ code: number; out: string; err: string }> {
  const argv = line.split(' ').filter(Boolean);
  const cmd = commands.filter((c) => c.words.every((w, i) => argv[i] === w)).sort((a, b) => b.words.length - a.words.length)[0];
  if (!cmd) throw new Error(`no command for ${line}`);
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    config,
    openDb: async () => ({ ...db, close: async () => undefined }),
    out: (s) => out.push(s),
    err: (s) => err.push(s),
  };
  const code = await cmd.run(argv.slice(cmd.words.length), ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * Runs the whole CLI (`vallamaja <argv…>`: configuration from `env`, the command table, exit codes)
 * in this process, capturing its output. What a child process would add is only bin/vallamaja.js
 * itself, which src/kernel/config.test.ts and src/kernel/db-lock.test.ts run. Not for `start`.
 */
export async function runMain(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | undefined; out: string; err: string }> {
  const { main } = await import('../src/main.js');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { env, out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * An environment for runMain with a database of its own, as an operator's would be: on PostgreSQL
 * a fresh copy of the migrated template, on PGlite the data folder `dataDir` (migrated on first use).
 */
export async function cliEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...extra };
  if (engine === 'postgres') env.DATABASE_URL = await testDatabaseUrl();
  else await seedDataDir(dataDir);
  return env;
}

/** Fills an embedded-database folder with a copy of the run's migrated template (no migrating). */
export async function seedDataDir(dataDir: string): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const tar = fs.readFileSync(inject('pgliteTemplate'));
  const pglite = await createPglite({ dataDir: path.join(dataDir, 'pglite'), loadDataDir: new Blob([tar]) });
  await pglite.close();
}

/** A refused call's status, field names and reasons (the detail key first); anything else fails the test. */
export async function fails(p: Promise<unknown>): Promise<{ status: number; fields: string[]; reasons: string[] }> {
  try {
    await p;
  } catch (e) {
    if (!isHttpError(e)) throw e;
    return { status: e.status, fields: e.fields.map((f) => f.field), reasons: [e.detailKey ?? '', ...e.fields.map((f) => f.reason)] };
  }
  throw new Error('expected a refusal');
}

/** A test file's database with the demo territory loaded (the 78 KOVs), the clock set (ticking) first. */
export async function demoTerritoryDb(at: string): Promise<Db> {
  setClock(at, { ticking: true });
  const db = await testDb();
  await loadDemoTerritory(db);
  return db;
}

/**
 * A test file's app on its own database with two KOVs (`a` named Tallinn and `b` Tartu, both towns),
 * the clock set (ticking) first.
 */
export async function twoKovApp(at: string, a: string, b: string, over: Partial<Config> = {}): Promise<{ db: Db; app: FastifyInstance }> {
  setClock(at, { ticking: true });
  const db = await testDb();
  const app = await testApp(db, over);
  await seedTenant(db, a, 'Tallinn', 'linn');
  await seedTenant(db, b, 'Tartu', 'linn');
  return { db, app };
}

/** Roles granted by the system, each `[kov or null for a platform role, personal ID code, role]`. */
export async function grantRoles(db: Db, idcodeKey: string, grants: [kov: string | null, idcode: string, role: Parameters<typeof grantRole>[2]['role']][]): Promise<void> {
  for (const [kov, idcode, role] of grants) await grantRole(db, idcodeKey, { kov, idcode, role, actor: { kind: 'system', id: null, name: 'test' } });
}

/** Agents signed in with the ID card, one per key: `[personal ID code, given name]` (family name Test). */
export async function signInAll<K extends string>(app: FastifyInstance, db: Db, people: Record<K, [idcode: string, givenName: string]>): Promise<Record<K, Agent>> {
  const out = {} as Record<K, Agent>;
  for (const [key, [idcode, givenName]] of Object.entries(people) as [K, [string, string]][]) {
    const agent = new Agent(app);
    await loginAs(agent, db, idcode, { givenName, familyName: 'Test' });
    out[key] = agent;
  }
  return out;
}

/** The end of a test file that set the clock and opened an app and a database: the clock back, both closed. */
export async function closeTest(app: FastifyInstance | undefined, db: Db | undefined): Promise<void> {
  resetClock();
  await app?.close();
  await db?.close();
}

/** The fields a call's 400 names; fails if the call does not end in a 400. */
export async function fieldsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e) && e.status === 400) return e.fields.map((f) => f.field);
    throw e;
  }
  throw new Error('no 400');
}

type KovSeed = [code: string, name: string, kind?: 'linn' | 'vald', county?: string];

/** A migrated test database with the clock set to `at` and the given KOVs seeded ([code, name, kind?, county?]). */
export async function testDbAt(at: string, kovs: KovSeed[]): Promise<Db> {
  setClock(at);
  const db = await testDb();
  for (const [code, name, kind, county] of kovs) await seedTenant(db, code, name, kind, county);
  return db;
}

/** testDbAt, and the app (test config) over that database, built before the KOVs are seeded. */
export async function testAppAt(at: string, kovs: KovSeed[]): Promise<{ db: Db; app: FastifyInstance }> {
  const db = await testDbAt(at, []);
  const app = await testApp(db);
  for (const [code, name, kind, county] of kovs) await seedTenant(db, code, name, kind, county);
  return { db, app };
}

/** A new agent of the app, signed in as the person with this ID code. */
export async function signedIn(app: FastifyInstance, db: Db, idcode: string): Promise<Agent> {
  const agent = new Agent(app);
  await loginAs(agent, db, idcode);
  return agent;
}

/** An official's form with a CSRF token and one file (field `file`), as the kernel's `fileFormRoute` reads it. */
export function csrfFileForm(token: string, file: { name: string; bytes: Buffer }, contentType = 'application/octet-stream') {
  const b = '----vallamaja-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}
