// What the PostgreSQL pool does when the server ends its connections (a restart, a fail-over,
// pg_terminate_backend): a transaction that was cut fails with an error that says so (and the
// process lives on); idle connections are dropped and replaced; the next transactions succeed.
// The two-process version, over HTTP, is test/multiprocess.test.ts.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db.js';
import { isDatabaseUnavailable, openPostgres } from './db.js';
import { buildApp } from '../app.js';
import { engine, testConfig, testDatabaseUrl, testDb } from '../../test/helpers.js';

describe('isDatabaseUnavailable tells a lost database from a failed statement', () => {
  it('knows the connection errors of the driver and the server', () => {
    const yes = [
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('the database system is shutting down'), { code: '57P03' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('database "x" is not currently accepting connections'), { code: '55000' }),
      Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('timeout exceeded when trying to connect'),
    ];
    for (const e of yes) expect(isDatabaseUnavailable(e), e.message).toBe(true);
    const no = [
      Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
      Object.assign(new Error('could not serialize access'), { code: '40001' }),
      Object.assign(new Error('cannot ALTER TABLE because it is being used'), { code: '55006' }),
      new Error('something else'),
      null,
      'Connection terminated',
    ];
    for (const e of no) expect(isDatabaseUnavailable(e)).toBe(false);
  });
});

describe(`a lost database answers 503 with Retry-After and a reference; other failures stay 500 (${engine})`, () => {
  it('as a page and as problem+json', async () => {
    const db = await testDb();
    const app = await buildApp({
      config: testConfig(),
      db,
      extend: (a) => {
        const lost = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        a.get('/lost', async () => Promise.reject(lost()));
        a.get('/api/v1/lost', async () => Promise.reject(lost()));
        a.get('/broken', async () => Promise.reject(new Error('a bug')));
      },
    });
    try {
      const page = await app.inject('/lost');
      expect(page.statusCode).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.body).toContain('Teenus on hetkel kättesaamatu');
      expect(page.body).toMatch(/Viite number: [0-9a-f]{8}/);
      expect(page.body).not.toContain('administrator command');
      const api = await app.inject({ url: '/api/v1/lost', headers: { 'accept-language': 'en' } });
      expect(api.statusCode).toBe(503);
      expect(api.headers['content-type']).toContain('application/problem+json');
      expect(api.json()).toMatchObject({ type: 'https://vallamaja.ee/problems/unavailable', status: 503 });
      expect((await app.inject('/broken')).statusCode).toBe(500);
    } finally {
      await app.close();
      await db.close();
    }
  });
});

describe.skipIf(engine !== 'postgres')('the pool when the server ends its connections (PostgreSQL; PGlite has none)', () => {
  let url: string;
  let db: Db;
  let su: pg.Client;
  const backends = async () =>
    (await su.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [new URL(url).pathname.slice(1)])).rows.map((r) => r.pid);
  const terminate = async (pids: number[]) => {
    await su.query('SELECT pg_terminate_backend(p) FROM unnest($1::int[]) AS p', [pids]);
    for (let i = 0; i < 100 && (await backends()).some((p) => pids.includes(p)); i++) await new Promise((r) => setTimeout(r, 20));
  };

  beforeAll(async () => {
    url = await testDatabaseUrl();
    db = openPostgres(url, { max: 4 });
    su = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await su.connect();
  });
  afterAll(async () => {
    await su?.end();
    await db?.close();
  });

  it('drops idle connections the server ended and opens new ones: the next transactions succeed', async () => {
    await Promise.all(Array.from({ length: 4 }, () => db.system('test', (t) => t.query('SELECT pg_sleep(0.05)'))));
    const before = await backends();
    expect(before.length).toBe(4);
    await terminate(before);
    const pids = await Promise.all(Array.from({ length: 4 }, () => db.tx((t) => t.one<{ pid: number }>('SELECT pg_backend_pid() AS pid'))));
    for (const p of pids) expect(before).not.toContain(p!.pid);
    await db.ping();
    await terminate(await backends());
    expect(await db.systemStatement('test', 'SELECT 1 AS n')).toEqual([{ n: 1 }]);
  });

  it('a transaction whose connection is ended between two statements fails as "unavailable"; the process lives on', async () => {
    const failed = await db
      .tx(async (t) => {
        const me = await t.one<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await terminate([me!.pid]); // the server ends it while this transaction holds it, idle
        await t.query('SELECT 1');
        return 'committed';
      })
      .catch((e: unknown) => e);
    expect(failed).not.toBe('committed');
    expect(isDatabaseUnavailable(failed)).toBe(true);
    // the broken connection went back to no one: the next transactions run on sound ones
    for (let i = 0; i < 6; i++) expect(await db.tx((t) => t.one<{ n: number }>('SELECT 1 AS n'))).toEqual({ n: 1 });
  });

  it('a one-round-trip statement (txStatement) on an ended connection fails as "unavailable", then succeeds', async () => {
    const sql = 'SELECT $1::int + 1 AS n';
    expect(await db.txStatement(sql, [1])).toEqual([{ n: 2 }]);
    await terminate(await backends());
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => db.txStatement(sql, [2])));
    for (const r of results) {
      if (r.status === 'rejected') expect(isDatabaseUnavailable(r.reason)).toBe(true);
      else expect(r.value).toEqual([{ n: 3 }]);
    }
    expect(await db.txStatement(sql, [3])).toEqual([{ n: 4 }]);
  });
});
