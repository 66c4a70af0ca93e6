// A live council sitting under watch: two app processes (bin/vallamaja.js start) on one PostgreSQL,
// 200 simulated watchers on their event streams (half on each process), 31 members voting through
// the JSON API (their requests spread over both), `--rounds` votes. Measured: from the moment the
// vote's close is sent to the moment the LAST of the 200 watchers has its vote.closed event (p50 and
// p99 over the rounds). Baseline in the same run: a bare LISTEN/NOTIFY round trip through pg (one
// connection notifies, another listens) on the same database.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- sitting [--rounds 20] [--watchers 200]
//
// The secretary's acts (open, items, open/close vote) run in this process through the service, as the
// console's requests would (their NOTIFY reaches both processes' live bus). Details go to stderr;
// stdout gets one line:
//   sitting: close→last watcher p50 <ms> ms p99 <ms> ms (…); LISTEN/NOTIFY p50 <ms> ms p99 <ms> ms; ratio <p99 ÷ p99>
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import type { Actor } from '../src/kernel/audit.js';
import { hashIdcode } from '../src/kernel/idcode.js';
import { createSession, upsertPerson } from '../src/kernel/session.js';
import { councilWorld } from '../src/modules/council/fixtures.js';
import { closeItem, closeVote, openItem, openSitting, openVote } from '../src/modules/council/live.js';
import { SseReader } from '../src/modules/council/live-sse.testkit.js';
import { KOV, log, numArg, scratchDb } from './lib/certified.js';
import { p99 } from './lib/pgbench.js';
import { startApp, stopApp, type AppProcess } from '../test/processes.js';

const ROUNDS = numArg('rounds', 20);
const WATCHERS = numArg('watchers', 200);
const MEMBERS = 31;
const SECRET = 'bench-sitting-secret-0123456789abcdef0123456789abcdef';
const IDCODE_KEY = 'bench-sitting-idcode-key-0123456789abcdef';
const SECRETARY: Actor = { kind: 'system', id: null, name: 'bench secretary' };

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? NaN;
};

/** A bare LISTEN/NOTIFY round trip through pg: `n` times, in milliseconds. */
async function notifyBaseline(url: string, n: number): Promise<number[]> {
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await listener.connect();
  await sender.connect();
  await listener.query('LISTEN bench_ping');
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const got = new Promise<void>((resolve) => listener.once('notification', () => resolve()));
    const t0 = performance.now();
    await sender.query(`SELECT pg_notify('bench_ping', $1)`, [String(i)]);
    await got;
    out.push(performance.now() - t0);
  }
  await listener.end();
  await sender.end();
  return out;
}

async function main(): Promise<void> {
  const scratch = await scratchDb('sitting');
  const servers: AppProcess[] = [];
  const readers: SseReader[] = [];
  try {
    const db = scratch.db;
    const w = await councilWorld(db, IDCODE_KEY, { members: MEMBERS, items: ROUNDS, startsAt: new Date(performance.timeOrigin) });
    const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET, IDCODE_HMAC_KEY: IDCODE_KEY, PORT: '3999' });
    const sids: string[] = [];
    for (const m of w.members) {
      const personId = await db.tx((t) => upsertPerson(t, { idcodeHash: hashIdcode(IDCODE_KEY, m.idcode), givenName: 'Liige', familyName: m.name, birthDate: '1980-01-01' }));
      sids.push((await createSession(db, config, personId, { isOfficial: false, acr: 'high' })).id);
    }
    log(`sitting: starting two app processes on ${scratch.url.replace(/:[^:@/]*@/, ':***@')}`);
    const app = (name: string) => startApp(name, { databaseUrl: scratch.url, sessionSecret: SECRET, idcodeKey: IDCODE_KEY });
    servers.push(...(await Promise.all([app('A'), app('B')])));
    const csrf: { cookie: string; token: string }[] = [];
    for (const [i, sid] of sids.entries()) {
      const page = await fetch(`${servers[i % 2]!.url}/no-such-page-for-csrf`, { headers: { cookie: `vm_sid=${sid}` } });
      const cookie = /vm_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
      if (!cookie || !token) throw new Error('no CSRF token');
      csrf.push({ cookie, token });
    }
    const api = `/api/v1/kov/${KOV}/council/sittings/${w.sittingId}`;
    const post = async (i: number, p: string, body: unknown) => {
      const r = await fetch(`${servers[i % 2]!.url}${api}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `vm_sid=${sids[i]}; vm_csrf=${csrf[i]!.cookie}`, 'x-csrf-token': csrf[i]!.token },
        body: JSON.stringify(body),
      });
      if (r.status !== 200) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    };

    // the watchers: half on each process
    const arrived = new Map<string, number>(); // `${watcher}:${voteId}` → time
    const perVote = new Map<string, number>(); // voteId → watchers that have it
    const waiting = new Map<string, () => void>();
    for (let i = 0; i < WATCHERS; i++) {
      const r = new SseReader(servers[i % 2]!.url, `/kov/${KOV}/council/sittings/${w.sittingId}/live`);
      r.onEvent = (e) => {
        if (e.event !== 'vote.closed') return;
        const v = (e.data as { data: { voteId: string } }).data.voteId;
        arrived.set(`${i}:${v}`, performance.now());
        const n = (perVote.get(v) ?? 0) + 1;
        perVote.set(v, n);
        if (n === WATCHERS) waiting.get(v)?.();
      };
      await r.open();
      if (r.status !== 200) throw new Error(`watcher ${i}: ${r.status}`);
      readers.push(r);
    }
    log(`sitting: ${WATCHERS} watchers connected; ${MEMBERS} members register`);

    await openSitting(db, KOV, w.sittingId, SECRETARY);
    await Promise.all(w.members.map((_, i) => post(i, '/presence', { present: true })));

    const lastWatcher: number[] = [];
    const all: number[] = [];
    for (let n = 0; n < ROUNDS; n++) {
      const itemId = w.itemIds[n]!;
      await openItem(db, KOV, w.sittingId, itemId, SECRETARY);
      const voteId = await openVote(db, KOV, w.sittingId, { itemId, subject: `Punkt ${n + 1}`, majority: 'simple' }, SECRETARY);
      await Promise.all(w.members.map((_, i) => post(i, `/votes/${voteId}/choice`, { choice: (['for', 'against', 'abstain'] as const)[(i + n) % 3] })));
      const done = new Promise<void>((resolve) => waiting.set(voteId, resolve));
      const t0 = performance.now();
      await closeVote(db, KOV, w.sittingId, voteId, SECRETARY);
      await done;
      const times = [...Array(WATCHERS).keys()].map((i) => arrived.get(`${i}:${voteId}`)! - t0);
      lastWatcher.push(Math.max(...times));
      all.push(...times);
      await closeItem(db, KOV, w.sittingId, itemId, '', SECRETARY);
      log(`sitting: round ${n + 1}: last of ${WATCHERS} watchers after ${Math.max(...times).toFixed(1)} ms (median watcher ${quantile(times, 0.5).toFixed(1)} ms)`);
    }
    const base = await notifyBaseline(scratch.url, Math.max(50, ROUNDS));
    const p50 = quantile(lastWatcher, 0.5);
    const p99s = p99(lastWatcher);
    const b50 = quantile(base, 0.5);
    const b99 = p99(base);
    log(`sitting: every watcher's delivery: p50 ${quantile(all, 0.5).toFixed(1)} ms, p99 ${p99(all).toFixed(1)} ms over ${all.length}`);
    process.stdout.write(
      `sitting: close→last watcher p50 ${p50.toFixed(1)} ms p99 ${p99s.toFixed(1)} ms (${ROUNDS} votes, ${WATCHERS} watchers on 2 processes, ${MEMBERS} voters); ` +
        `LISTEN/NOTIFY p50 ${b50.toFixed(2)} ms p99 ${b99.toFixed(2)} ms; ratio ${(p99s / b99).toFixed(1)}\n`,
    );
  } finally {
    for (const r of readers) r.close();
    await Promise.all(servers.map(stopApp));
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  log(String(e instanceof Error ? (e.stack ?? e.message) : e));
  process.exit(1);
});
