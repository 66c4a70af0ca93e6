// Rate limits kept in the database: two apps on one database (as two processes would be) share a
// limit; the window, Retry-After and the 429 answers; what the table stores; the sweep. On both
// engines (the two-process proof on PostgreSQL is test/multiprocess.test.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { advanceClock, clockIsReal, nowMs, resetClock, setClock } from './clock.js';
import type { Db } from './db.js';
import { SWEEP_EVERY_MS, databaseRateLimitStore, sweepRateLimits, sweepsSettled } from './rate-limit.js';
import { Agent, asOwner, engine, loginAs, testConfig, testDb } from '../../test/helpers.js';

let db: Db;
const apps: FastifyInstance[] = [];

/** An app with two limited test routes (3 a minute): a page and a JSON one. */
async function limitedApp(over: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildApp({
    config: testConfig(over),
    db,
    extend: (a) => {
      const rateLimit = { max: 3, timeWindow: '1 minute' };
      a.get('/test/limited', { config: { rateLimit } }, async () => 'ok');
      a.get('/api/v1/test/limited', { config: { rateLimit } }, async () => ({ ok: true }));
      a.get('/api/v1/test/per-person', { config: { personRateLimit: { max: 3, timeWindow: 60_000 } } }, async (req) => ({ user: req.user?.givenName ?? null }));
    },
  });
  apps.push(app);
  return app;
}

const hit = (app: FastifyInstance, ip: string, url = '/test/limited', headers: Record<string, string> = {}) =>
  app.inject({ url, remoteAddress: ip, headers });

// Two apps on one database, as two processes would be, and one behind a trusted proxy; every test
// uses addresses of its own.
let a: FastifyInstance;
let b: FastifyInstance;
let proxied: FastifyInstance;
beforeAll(async () => {
  db = await testDb();
  [a, b, proxied] = await Promise.all([limitedApp(), limitedApp(), limitedApp({ trustProxy: true })]);
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await db.close();
});

// Tests that set the clock put it back as the run had it (the real one, or VALLAMAJA_TEST_DATE
// ticking), once a sweep they started has run (at their time, it would sweep away the next test's rows).
const runClockReal = clockIsReal();
afterEach(async () => {
  await sweepsSettled(db);
  if (runClockReal) resetClock();
  else setClock(nowMs(), { ticking: true });
});

describe(`rate limits in the database (${engine})`, () => {
  it('two apps on one database share one limit: 3 in total, not 3 each', async () => {
    const ip = '198.51.100.1';
    const codes = [];
    for (const app of [a, b, a, b, a]) codes.push((await hit(app, ip)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    // another address has its own count, on either app
    expect((await hit(b, '198.51.100.2')).statusCode).toBe(200);
  });

  it('answers 429 as a page in the user’s language, and as problem+json on the API, with Retry-After', async () => {
    const ip = '198.51.100.3';
    for (let i = 0; i < 3; i++) expect((await hit(a, ip)).statusCode).toBe(200);
    const page = await hit(a, ip);
    expect(page.statusCode).toBe(429);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Liiga palju päringuid');
    const retry = Number(page.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);

    for (let i = 0; i < 3; i++) expect((await hit(a, ip, '/api/v1/test/limited')).statusCode).toBe(200); // its own route, its own count
    const api = await hit(a, ip, '/api/v1/test/limited', { 'accept-language': 'en' });
    expect(api.statusCode).toBe(429);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ type: 'https://vallamaja.ee/problems/rate-limited', status: 429 });
    expect(Number(api.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('starts a new window a minute after the first hit (the database clock: core_now())', async () => {
    setClock('2026-12-05T10:00:00Z');
    const ip = '198.51.100.4';
    for (let i = 0; i < 3; i++) expect((await hit(a, ip)).statusCode).toBe(200);
    advanceClock(45_000);
    const r = await hit(a, ip);
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBe('15');
    advanceClock(15_000);
    expect((await hit(a, ip)).statusCode).toBe(200);
  });

  it('keys by X-Forwarded-For only behind a trusted proxy', async () => {
    const direct = a; // TRUST_PROXY off (the default)
    const proxy = '10.0.0.9';
    // not trusted: the header is ignored, everyone behind the address shares its count
    const plain = [];
    for (let i = 0; i < 4; i++) plain.push((await hit(direct, proxy, '/test/limited', { 'x-forwarded-for': `203.0.113.${i}` })).statusCode);
    expect(plain).toEqual([200, 200, 200, 429]);
    // trusted: each client behind the proxy has its own
    const behind = [];
    for (let i = 0; i < 4; i++) behind.push((await hit(proxied, proxy, '/test/limited', { 'x-forwarded-for': `203.0.113.${i}` })).statusCode);
    expect(behind).toEqual([200, 200, 200, 200]);
  });

  it('a limit per person is counted with the session lookup, across both apps, whatever the address', async () => {
    const mari = new Agent(a);
    await loginAs(mari, db, '47502124911', { givenName: 'Mari' });
    const liis = new Agent(b);
    await loginAs(liis, db, '60001019906', { givenName: 'Liis' });
    const as = (agent: Agent, app: FastifyInstance, ip: string) =>
      app.inject({ url: '/api/v1/test/per-person', remoteAddress: ip, headers: { cookie: agent.cookieHeader() } });
    const codes = [];
    for (const [app, ip] of [[a, '203.0.113.1'], [b, '203.0.113.2'], [a, '203.0.113.3'], [b, '203.0.113.4']] as const) codes.push((await as(mari, app, ip)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const over = await as(mari, a, '203.0.113.5');
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await as(liis, a, '203.0.113.1')).json()).toEqual({ user: 'Liis' }); // another person, the same address
    expect((await a.inject({ url: '/api/v1/test/per-person', remoteAddress: '203.0.113.1' })).statusCode).toBe(200); // no session: not counted here
    const keys = await asOwner(db, (t) => t.query<{ k: string }>("SELECT encode(key, 'hex') AS k FROM core_rate_limit WHERE bucket = 'GET /api/v1/test/per-person'"));
    expect(keys).toHaveLength(2);
    for (const r of keys) expect(r.k).toMatch(/^[0-9a-f]{32}$/);
  });

  it('stores only a digest of the key (no address), one row per route and key', async () => {
    await hit(a, '192.0.2.77');
    const rows = await asOwner(db, (t) =>
      t.query<{ bucket: string; k: string; hits: number }>("SELECT bucket, encode(key, 'hex') AS k, hits FROM core_rate_limit WHERE bucket = 'GET /test/limited'"),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.k).toMatch(/^[0-9a-f]{32}$/);
    const dump = await asOwner(db, (t) => t.one<{ j: string }>('SELECT coalesce(json_agg(r)::text, \'\') AS j FROM core_rate_limit r'));
    expect(dump!.j).not.toContain('192.0.2.77');
    expect(dump!.j).not.toContain(Buffer.from('192.0.2.77').toString('hex'));
  });

  it('sweeps ended windows: by itself at most once a minute, riding on a hit', async () => {
    setClock('2026-12-06T10:00:00Z');
    const Store = databaseRateLimitStore(db, 'sweep-test-secret');
    const store = new Store().child({ routeInfo: { method: 'POST', url: '/sweep' } });
    const incr = (key: string, windowMs: number) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (e, r) => (e ? reject(e) : resolve(r!)), windowMs));
    const count = async () => (await asOwner(db, (t) => t.one<{ n: number }>("SELECT count(*)::int AS n FROM core_rate_limit WHERE bucket = 'POST /sweep'")))!.n;
    expect(await incr('a', 1000)).toEqual({ current: 1, ttl: 1000 }); // the first hit sweeps too (nothing to sweep)
    expect(await incr('a', 1000)).toEqual({ current: 2, ttl: 1000 });
    await incr('b', 1000);
    expect(await count()).toBe(2);
    advanceClock(2000); // both windows have ended
    await incr('c', 600_000); // within a minute of the last sweep: no sweep
    await new Promise((r) => setTimeout(r, 50));
    expect(await count()).toBe(3);
    expect(await incr('a', 1000)).toEqual({ current: 1, ttl: 1000 }); // an ended window starts again at 1
    advanceClock(SWEEP_EVERY_MS);
    await incr('c', 600_000); // a minute on: this hit sweeps a and b away
    await new Promise((r) => setTimeout(r, 100));
    expect(await count()).toBe(1);
    advanceClock(600_000);
    expect(await sweepRateLimits(db)).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(0);
  });
});
