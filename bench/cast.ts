// Ballot casts per second: HTTP (real sessions, CSRF, encryption, the one-statement cast sent in one
// round trip by db.txStatement) against pgbench running the cast's own SQL (same prelude, same
// statement, prepared, one command per round trip) on the same scratch database.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/cast.ts [seconds] [clients]
//
// A scratch database is created from DATABASE_URL (and dropped at the end). The app server runs on
// this process's main thread; the HTTP client (keep-alive, `clients` requests in flight) runs in a
// worker thread. pgbench runs with the same number of clients. Ends with the line
//   cast: <casts/s> casts/s p99 <ms> ms … ratio <r>   (ratio = HTTP casts/s ÷ pgbench casts/s)
import { createHash, randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { p99, runPgbench } from './lib/pgbench.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/kernel/db.js';
import { uuidv7 } from '../src/kernel/ids.js';
import { migrate } from '../src/kernel/migrate.js';
import { trackerOfBytes } from '../src/modules/voting/crypto/board.js';
import { ballotToBytes, encryptBallot } from '../src/modules/voting/crypto/elgamal.js';
import { pointFromHex, ready } from '../src/modules/voting/crypto/group.js';
import { CAST_SQL } from '../src/modules/voting/repo.js';
import type { QuestionDef } from '../src/modules/voting/service.js';
import { CAST_BURST, cast, createVote, dealKey, openVote, setRoll } from '../src/modules/voting/service.js';
import { nowMs } from '../src/kernel/clock.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CLIENTS = Number(process.argv[3] ?? 32);
const PEOPLE = 5000;
const KOV = '0784';
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const T = (s: string) => ({ et: s, en: s, ru: s });
const QS: QuestionDef[] = [
  { id: 'q1', text: T('Who?'), rule: { kind: 'one' }, options: [{ id: 'a', text: T('A') }, { id: 'b', text: T('B') }, { id: 'c', text: T('C') }] },
  { id: 'q2', text: T('Which?'), rule: { kind: 'upTo', max: 2 }, options: [{ id: 'x', text: T('X') }, { id: 'y', text: T('Y') }] },
];
const voterHash = (i: number) => `bench-voter-${String(i).padStart(8, '0')}`;

async function main() {
  await ready();
  const scratch = `vallamaja_bench_cast_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const u = new URL(base);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
  u.pathname = `/${scratch}`;
  const url = u.toString();
  const db = openPostgres(url, { max: 20 });
  try {
    await migrate(db);
    await db.system('bench set-up', (t) => t.query(`INSERT INTO core_tenant (kov_code, name, kind, county_code, ehak_version) VALUES ($1, 'Tallinn', 'linn', '0037', 'bench')`, [KOV]));
    const by = { kov: KOV, actor: { kind: 'system' as const, id: null, name: 'bench' } };
    const opensAt = new Date(nowMs() - 60_000);
    const { id: voteId } = await db.tx((t) => createVote(t, { ...by, title: T('Bench'), questions: QS, opensAt, closesAt: new Date(nowMs() + 3600_000), revote: true }), { kov: KOV });
    await setRoll(db, voteId, Array.from({ length: PEOPLE }, (_, i) => ({ voterHash: voterHash(i), unit: '0001', birthDate: '1980-01-01' })), by);
    const { Y } = await dealKey(db, voteId, 2, 3, by);
    await openVote(db, voteId, by);

    // people and sessions (bulk, as the owner)
    const sids = Array.from({ length: PEOPLE }, () => randomBytes(32).toString('base64url'));
    const personIds = Array.from({ length: PEOPLE }, () => uuidv7());
    await db.system('bench set-up', async (t) => {
      await t.query(
        `INSERT INTO core_person (id, idcode_hash, given_name, family_name, birth_date) SELECT id, h, 'Bench', 'Person', '1980-01-01' FROM unnest($1::uuid[], $2::text[]) AS x(id, h)`,
        [personIds, personIds.map((_, i) => voterHash(i))],
      );
      await t.query(
        `INSERT INTO core_session (id_hash, person_id, acr, expires_at) SELECT h, p, 'high', now() + interval '1 day' FROM unnest($1::text[], $2::uuid[]) AS x(h, p)`,
        [sids.map((s) => createHash('sha256').update(s).digest('hex')), personIds],
      );
    });

    // ---------------------------------------------------------------- pgbench: the cast's own SQL
    const ct = ballotToBytes(encryptBallot(pointFromHex(Y), [[1, 0, 0], [0, 1]]));
    const tracker = trackerOfBytes(voteId, ct);
    const sql = CAST_SQL.replace(/\s*\n\s*/g, ' ')
      .replace(/\$1\b/g, `'${voteId}'::uuid`)
      .replace(/\$2\b/g, `('bench-voter-' || lpad((:i)::text, 8, '0'))`)
      .replace(/\$3\b/g, `'${tracker}'`)
      .replace(/\$4\b/g, `'\\x${Buffer.from(ct).toString('hex')}'::bytea`)
      .replace(/\$5::boolean/g, 'true')
      .replace(/\$6::int/g, String(CAST_BURST.max))
      .replace(/\$7::float8/g, String(CAST_BURST.seconds));
    const { tps, lat: pbLat } = runPgbench(
      u,
      scratch,
      [`\\set i random(0, ${PEOPLE - 1})`, 'BEGIN;', 'SET LOCAL ROLE vallamaja_app;', `SELECT set_config('vallamaja.kov', '${KOV}', true);`, `${sql};`, 'COMMIT;'],
      { clients: CLIENTS, seconds: SECONDS, prepared: true, latencies: true },
    );
    const pbP99 = p99(pbLat);
    process.stdout.write(`pgbench (cast SQL, ${CLIENTS} clients, ${SECONDS} s): ${tps.toFixed(0)} casts/s, p99 ${pbP99.toFixed(1)} ms\n`);

    // Each phase casts for the same 5,000 people many times a minute, far more often than anyone can
    // (CAST_BURST): every phase starts them with a fresh burst, so no cast is refused as too often.
    const freshBursts = () => db.system('bench: a fresh burst for every person before the next phase', (t) => t.query('UPDATE voting_ballot SET burst_n = 0 WHERE vote_id = $1', [voteId]));

    // ---------------------------------------------------------------- the service, no HTTP
    await freshBursts();
    {
      const lat: number[] = [];
      let n = 0;
      let next = 0;
      const until = performance.now() + SECONDS * 1000;
      const t0 = performance.now();
      const loop = async (): Promise<void> => {
        while (performance.now() < until) {
          const i = next++ % PEOPLE;
          const s0 = performance.now();
          await cast(db, voteId, voterHash(i), [[['a', 'b', 'c'][i % 3]!], i % 2 ? ['x'] : []]);
          lat.push(performance.now() - s0);
          n++;
        }
      };
      const cpu0 = process.cpuUsage();
      await Promise.all(Array.from({ length: CLIENTS }, loop));
      const secs = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      process.stdout.write(
        `service cast() (${CLIENTS} in flight, pool of 20, no HTTP): ${(n / secs).toFixed(0)} casts/s, p99 ${p99(lat).toFixed(1)} ms, ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms of this process's CPU per cast\n`,
      );
    }

    // ---------------------------------------------------------------- HTTP
    await freshBursts();
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef' });
    const app = await buildApp({ config, db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const first = await fetch(`http://127.0.0.1:${port}/no-such-page-for-csrf`, { headers: { cookie: `vm_sid=${sids[0]}` } });
    const csrfCookie = /vm_csrf=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')?.[1];
    const token = /name="_csrf" value="([^"]+)"/.exec(await first.text())?.[1];
    if (!csrfCookie || !token) throw new Error('no CSRF token');
    const client = `
      const http = require('node:http');
      const { parentPort, workerData: w } = require('node:worker_threads');
      const agent = new http.Agent({ keepAlive: true, maxSockets: w.clients });
      const opts = ['a', 'b', 'c'];
      let n = 0, bad = 0, next = 0; const lat = [];
      const until = Date.now() + w.seconds * 1000;
      function one() {
        if (Date.now() >= until) return Promise.resolve();
        const i = next++ % w.sids.length;
        const body = JSON.stringify({ choices: [[opts[i % 3]], i % 2 ? ['x'] : []] });
        const t0 = performance.now();
        return new Promise((resolve) => {
          const req = http.request({ agent, host: '127.0.0.1', port: w.port, method: 'POST', path: '/api/v1/votes/' + w.voteId + '/ballots',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie: 'vm_sid=' + w.sids[i] + '; vm_csrf=' + w.csrfCookie, 'x-csrf-token': w.token } },
            (res) => { res.resume(); res.on('end', () => { lat.push(performance.now() - t0); if (res.statusCode === 201) n++; else bad++; resolve(); }); });
          req.on('error', () => { bad++; resolve(); });
          req.end(body);
        }).then(one);
      }
      Promise.all(Array.from({ length: w.clients }, one)).then(() => parentPort.postMessage({ n, bad, lat }));
    `;
    const t0 = performance.now();
    const result = await new Promise<{ n: number; bad: number; lat: number[] }>((resolve, reject) => {
      const w = new Worker(client, { eval: true, workerData: { port, voteId, sids, csrfCookie, token, clients: CLIENTS, seconds: SECONDS } });
      w.once('message', resolve);
      w.once('error', reject);
    });
    const secs = (performance.now() - t0) / 1000;
    await app.close();
    const rate = result.n / secs;
    const httpP99 = p99(result.lat);
    const ballots = (await db.system('bench check', (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM voting_ballot WHERE vote_id = $1', [voteId])))!.n;
    process.stdout.write(`HTTP (${CLIENTS} keep-alive clients, ${secs.toFixed(1)} s, one server process): ${result.n} casts (${result.bad} refused/failed), ${ballots} people with a ballot\n`);
    process.stdout.write(
      `cast: ${rate.toFixed(0)} casts/s p99 ${httpP99.toFixed(1)} ms over HTTP (sessions, CSRF, encryption of 5 ciphertexts, one-statement cast in one round trip) vs pgbench ${tps.toFixed(0)} casts/s p99 ${pbP99.toFixed(1)} ms of the same SQL; ratio ${(rate / tps).toFixed(3)}\n`,
    );
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
