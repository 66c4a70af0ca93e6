// Many processes on one PostgreSQL: two real app processes (bin/vallamaja.js start) on one fresh
// database, sharing SESSION_SECRET and IDCODE_HMAC_KEY as a deployment behind a load balancer does.
// Shows that a rate limit holds across both (N in total, not 2N), that a vote's casts sent to both
// at once count once per person, how both ride out their database connections being cut and the
// database refusing connections for a while, and that SIGTERM stops each cleanly.
// PostgreSQL only: the embedded database belongs to one process (its folder is locked).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/kernel/audit.js';
import { nowMs } from '../src/kernel/clock.js';
import type { Db } from '../src/kernel/db.js';
import { openPostgres } from '../src/kernel/db.js';
import { hashIdcode, withCheckDigit } from '../src/kernel/idcode.js';
import { createSession, upsertPerson } from '../src/kernel/session.js';
import type { QuestionDef } from '../src/modules/voting/index.js';
import { createVote, dealKey, openVote, setRoll } from '../src/modules/voting/index.js';
import { engine, seedTenant, testConfig, testDatabaseUrl } from './helpers.js';
import { startApp, stopApp, type AppProcess } from './processes.js';

const KOV = '0784';
const SECRET = 'multiprocess-secret-0123456789abcdef0123456789abcdef';
const IDCODE_KEY = 'multiprocess-idcode-key-0123456789abcdef';
const SIGNIN_LIMIT = 4;
const T = (s: string) => ({ et: s, en: s, ru: s });
const QS: QuestionDef[] = [
  { id: 'q1', text: T('Who?'), rule: { kind: 'one' }, options: [{ id: 'a', text: T('A') }, { id: 'b', text: T('B') }, { id: 'c', text: T('C') }] },
  { id: 'q2', text: T('Which?'), rule: { kind: 'upTo', max: 2 }, options: [{ id: 'x', text: T('X') }, { id: 'y', text: T('Y') }] },
];
const SYSTEM: Actor = { kind: 'system', id: null, name: 'multiprocess test' };

let url: string;
let db: Db;
let servers: AppProcess[] = [];

/** One of the deployment's two app processes, on the test's clock (ticking on from the same instant). */
const startServer = (name: string, databaseUrl: string) =>
  startApp(name, {
    databaseUrl,
    sessionSecret: SECRET,
    idcodeKey: IDCODE_KEY,
    env: {
      RATE_LIMIT_SIGNIN_PER_MINUTE: String(SIGNIN_LIMIT),
      VALLAMAJA_ENCRYPT_THREADS: '0', // encrypt on the request's thread: one less worker to start per process
      // the test's own clock (the PostgreSQL run sets another day), ticking on from the same instant
      VALLAMAJA_CLOCK: new Date(nowMs()).toISOString(),
    },
  });
let voteId: string;
const people: { idcode: string; sid: string }[] = [];
let csrf: { cookie: string; token: string };
const killAll = () => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
};

/** The same database through the superuser, for what the app must not do itself. */
async function asSuperuser<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const dbName = () => new URL(url).pathname.slice(1);

function castOn(s: AppProcess, person: { sid: string }, i: number): Promise<Response> {
  return fetch(`${s.url}/api/v1/votes/${voteId}/ballots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `vm_sid=${person.sid}; vm_csrf=${csrf.cookie}`, 'x-csrf-token': csrf.token },
    body: JSON.stringify({ choices: [[['a', 'b', 'c'][i % 3]], i % 2 ? ['x'] : ['y']] }),
  });
}

describe.skipIf(engine !== 'postgres')('two app processes on one PostgreSQL (skipped on PGlite: the embedded database belongs to one process)', () => {
  beforeAll(async () => {
    process.on('exit', killAll);
    url = await testDatabaseUrl();
    db = openPostgres(url, { max: 4 });
    await seedTenant(db, KOV, 'Tallinn', 'linn');
    // 13 people with sessions; 12 of them on the roll of an open vote that allows re-voting
    const config = { ...testConfig(), sessionSecret: SECRET, idcodeHmacKey: IDCODE_KEY };
    for (let i = 0; i < 13; i++) {
      const idcode = withCheckDigit(`3800101${String(100 + i).padStart(3, '0')}`);
      const personId = await db.tx((t) =>
        upsertPerson(t, { idcodeHash: hashIdcode(IDCODE_KEY, idcode), givenName: 'Test', familyName: `Person${i}`, birthDate: '1980-01-01' }),
      );
      const s = await createSession(db, config, personId, { isOfficial: false, acr: 'high' });
      people.push({ idcode, sid: s.id });
    }
    const by = { kov: KOV, actor: SYSTEM };
    const opensAt = new Date(nowMs() - 60_000);
    ({ id: voteId } = await db.tx((t) => createVote(t, { ...by, title: T('Two processes'), questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote: true }), { kov: KOV }));
    await setRoll(db, voteId, people.map((p) => ({ voterHash: hashIdcode(IDCODE_KEY, p.idcode), unit: '0001', birthDate: '1980-01-01' })), by);
    await dealKey(db, voteId, 2, 3, by);
    await openVote(db, voteId, by);

    servers = await Promise.all([startServer('A', url), startServer('B', url)]);
    // a CSRF secret cookie and its token from A (both processes share the secret that signs it)
    const page = await fetch(`${servers[0]!.url}/no-such-page-for-csrf`, { headers: { cookie: `vm_sid=${people[0]!.sid}` } });
    const cookie = /vm_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    if (!cookie || !token) throw new Error('no CSRF token');
    csrf = { cookie, token };
  });

  afterAll(async () => {
    await Promise.all(servers.map(stopApp)).catch(killAll);
    killAll();
    process.off('exit', killAll);
    await db?.close();
  });

  it('both serve the same database and accept a session made by either', async () => {
    for (const s of servers) {
      const r = await fetch(`${s.url}/readyz`);
      expect(await r.json()).toEqual({ status: 'ok', database: 'postgres' });
      const me = await fetch(`${s.url}/me`, { headers: { cookie: `vm_sid=${people[0]!.sid}` } });
      expect(me.status, await me.clone().text()).toBe(200);
    }
  });

  it(`a rate limit holds across both: ${SIGNIN_LIMIT} sign-in starts a minute in total, not ${2 * SIGNIN_LIMIT}`, async () => {
    // 12 sign-in starts from one address at once, alternating between the processes
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => fetch(`${servers[i % 2]!.url}/auth/login`, { redirect: 'manual' }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s !== 429)).toHaveLength(SIGNIN_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - SIGNIN_LIMIT);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 302)).toBe(true); // to the TARA simulator
    const again = await fetch(`${servers[1]!.url}/auth/login`, { redirect: 'manual' });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    const rows = await db.system('test: inspect', (t) => t.query<{ hits: number }>("SELECT hits FROM core_rate_limit WHERE bucket = 'GET /auth/login'"));
    expect(rows).toEqual([{ hits: 13 }]);
  });

  it('casts sent to both at once by the same people count once per person (a re-vote replaces)', async () => {
    const voters = people.slice(0, 12);
    const ROUNDS = 4;
    // 48 requests in flight: every person casts 4 times, alternately through A and B
    const jobs: Promise<Response>[] = [];
    for (let round = 0; round < ROUNDS; round++) voters.forEach((p, i) => jobs.push(castOn(servers[(i + round) % 2]!, p, round)));
    const answers = await Promise.all(jobs);
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 201), JSON.stringify(statuses)).toBe(true);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { tracker: string }[];
    const check = await db.system('test: inspect', async (t) => ({
      ballots: await t.query<{ n: number; tracker: string }>('SELECT n, tracker FROM voting_ballot WHERE vote_id = $1', [voteId]),
      participation: await t.query<{ casts: number }>('SELECT casts FROM voting_participation WHERE vote_id = $1', [voteId]),
    }));
    expect(check.ballots).toHaveLength(12); // one counted ballot per person
    expect(check.ballots.every((b) => b.n === ROUNDS)).toBe(true); // every cast applied in turn, none lost
    expect(check.participation).toHaveLength(12);
    expect(check.participation.every((p) => p.casts === ROUNDS)).toBe(true);
    // each stored ballot is one that a process answered with
    const answered = new Set(bodies.map((b) => b.tracker));
    for (const b of check.ballots) expect(answered.has(b.tracker)).toBe(true);
  });

  it('the per-person cast limit (20 a minute) holds across both too', async () => {
    const p = people[12]!;
    const statuses = await Promise.all(Array.from({ length: 26 }, (_, i) => castOn(servers[i % 2]!, p, i).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    const b = await db.system('test: inspect', (t) =>
      t.one<{ n: number }>("SELECT n FROM voting_ballot WHERE vote_id = $1 AND voter_hash = $2", [voteId, hashIdcode(IDCODE_KEY, p.idcode)]),
    );
    expect(b?.n).toBe(20);
  });

  it('rides out its database connections being cut (as in a restart or a fail-over): the next requests succeed', async () => {
    // every connection the two processes hold is ended by the server, as a restart does
    const cut = await asSuperuser(async (c) => {
      const r = await c.query<{ n: number }>('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName()]);
      const left = () => c.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName()]).then((x) => x.rowCount);
      for (let i = 0; i < 100 && (await left()); i++) await new Promise((ok) => setTimeout(ok, 20));
      return r.rows[0]!.n;
    });
    expect(cut).toBeGreaterThan(0);
    for (const s of servers) {
      const r = await fetch(`${s.url}/readyz`);
      expect(r.status).toBe(200);
      const c = await castOn(s, people[0]!, 1);
      expect(c.status, await c.clone().text()).toBe(201);
      const me = await fetch(`${s.url}/me`, { headers: { cookie: `vm_sid=${people[1]!.sid}` } });
      expect(me.status).toBe(200);
    }
  });

  it('while the database refuses connections: /readyz and requests answer 503 with a reference; afterwards all is well', async () => {
    const name = dbName();
    await asSuperuser(async (c) => {
      await c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    });
    try {
      for (const s of servers) {
        const r = await fetch(`${s.url}/readyz`);
        expect(r.status).toBe(503);
        expect(await r.json()).toEqual({ status: 'unavailable', database: 'postgres' });
        expect((await fetch(`${s.url}/healthz`)).status).toBe(200); // the process itself is fine
        const c = await castOn(s, people[2]!, 0);
        expect(c.status).toBe(503);
        expect(c.headers.get('retry-after')).toBe('5');
        const problem = (await c.json()) as { type: string; detail: string };
        expect(problem.type).toBe('https://vallamaja.ee/problems/unavailable');
        expect(problem.detail).toMatch(/Viite number: [0-9a-f]{8}/);
        const page = await fetch(`${s.url}/kov/${KOV}`);
        expect(page.status).toBe(503);
      }
    } finally {
      await asSuperuser((c) => c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
    }
    for (const s of servers) {
      expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
      expect((await castOn(s, people[2]!, 1)).status).toBe(201);
    }
    // nothing half-written: person 2's casts are exactly the ones that were answered 201
    const part = await db.system('test: inspect', (t) =>
      t.one<{ casts: number; n: number }>(
        'SELECT p.casts, b.n FROM voting_participation p JOIN voting_ballot b USING (vote_id, voter_hash) WHERE p.vote_id = $1 AND p.voter_hash = $2',
        [voteId, hashIdcode(IDCODE_KEY, people[2]!.idcode)],
      ),
    );
    expect(part).toEqual({ casts: 4 + 2, n: 4 + 2 });
  });

  it('SIGTERM stops each process cleanly (exit 0) after the requests in flight', async () => {
    const inFlight = castOn(servers[0]!, people[3]!, 0);
    await new Promise((r) => setTimeout(r, 5));
    const codes = await Promise.all(servers.map(stopApp));
    expect(codes).toEqual([0, 0]);
    expect([201, 503]).toContain((await inFlight.catch(() => ({ status: 503 }))).status);
  });
});
