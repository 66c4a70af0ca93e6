// Results night: the certified poll's public page under 100 concurrent clients, against the healthz
// route measured in the same run on the same server. The poll's roll is 450,000 people (default;
// `--roll`), `--ballots` of them voted (default 20,000: the page's cost does not grow with the
// ballots since the result is stored at certification; they only make the set-up longer).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- results-page [--roll 450000] [--ballots 20000] [--seconds 10] [--clients 100]
//
// The server runs on this process's main thread; the clients (keep-alive, anonymous visitors, as on
// results night) run in a worker thread. Details go to stderr; stdout gets one line:
//   results-page: page <req/s> req/s p95 <ms> ms … healthz <req/s> req/s p95 <ms> ms; ratio <page ÷ healthz>
import { Worker } from 'node:worker_threads';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { certify, closeVote, publishBoard, results, submitDecryption } from '../src/modules/voting/service.js';
import { KOV, by, log, member, numArg, scaleVote, scratchDb } from './lib/certified.js';

const ROLL = numArg('roll', 450_000);
const BALLOTS = numArg('ballots', 20_000);
const SECONDS = numArg('seconds', 10);
const CLIENTS = numArg('clients', 100);

const CLIENT = `
  const http = require('node:http');
  const { parentPort, workerData: w } = require('node:worker_threads');
  const agent = new http.Agent({ keepAlive: true, maxSockets: w.clients });
  let n = 0, bad = 0; const lat = [];
  const until = Date.now() + w.seconds * 1000;
  function one() {
    if (Date.now() >= until) return Promise.resolve();
    const t0 = performance.now();
    return new Promise((resolve) => {
      const req = http.request({ agent, host: '127.0.0.1', port: w.port, method: 'GET', path: w.path, headers: w.headers },
        (res) => { res.resume(); res.on('end', () => { lat.push(performance.now() - t0); if (res.statusCode === w.status) n++; else bad++; resolve(); }); });
      req.on('error', () => { bad++; resolve(); });
      req.end();
    }).then(one);
  }
  const t0 = performance.now();
  Promise.all(Array.from({ length: w.clients }, one)).then(() => parentPort.postMessage({ n, bad, lat, secs: (performance.now() - t0) / 1000 }));
`;

interface Load {
  rate: number;
  p50: number;
  p95: number;
  bad: number;
}

function load(port: number, path: string, status = 200, headers: Record<string, string> = {}): Promise<Load> {
  return new Promise((resolve, reject) => {
    const w = new Worker(CLIENT, { eval: true, workerData: { port, path, status, headers, clients: CLIENTS, seconds: SECONDS } });
    w.once('message', (m: { n: number; bad: number; lat: number[]; secs: number }) => {
      const s = m.lat.sort((a, b) => a - b);
      const q = (p: number) => s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
      resolve({ rate: m.n / m.secs, p50: q(0.5), p95: q(0.95), bad: m.bad });
    });
    w.once('error', reject);
  });
}

async function main() {
  const s = await scratchDb('results');
  try {
    const t0 = performance.now();
    const v = await scaleVote(s, { roll: ROLL, ballots: BALLOTS, options: 4 });
    const { db } = s;
    await closeVote(db, v.voteId, by);
    await submitDecryption(db, v.voteId, 1, v.shares[0]!.share, member(1));
    await submitDecryption(db, v.voteId, 2, v.shares[1]!.share, member(2));
    await publishBoard(db, v.voteId, by);
    const digest = (await results(db, KOV, v.voteId)).digest!;
    await certify(db, v.voteId, digest, member(1));
    const c0 = performance.now();
    await certify(db, v.voteId, digest, member(2));
    log(`set-up: roll ${ROLL}, ${BALLOTS} ballots, closed, decrypted, published, certified in ${((performance.now() - t0) / 1000).toFixed(1)} s (the certifying sign-off, which computes and stores the result: ${(performance.now() - c0).toFixed(0)} ms)`);

    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: s.url, SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef' });
    const app = await buildApp({ config, db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const path = `/kov/${KOV}/polls/${v.pollId}`;
    try {
      const first = await fetch(`http://127.0.0.1:${port}${path}`);
      if (first.status !== 200) throw new Error(`page ${first.status}`);
      const etag = first.headers.get('etag') ?? '';
      log(`page: ${(await first.text()).length} bytes, cache-control ${first.headers.get('cache-control')}, etag ${etag}`);
      const page = await load(port, path);
      log(`certified page, ${CLIENTS} clients, ${SECONDS} s: ${page.rate.toFixed(0)} req/s, p50 ${page.p50.toFixed(1)} ms, p95 ${page.p95.toFixed(1)} ms, ${page.bad} failed`);
      const cond = await load(port, path, 304, { 'if-none-match': etag });
      log(`the same with If-None-Match (304): ${cond.rate.toFixed(0)} req/s, p95 ${cond.p95.toFixed(1)} ms, ${cond.bad} failed`);
      const health = await load(port, '/healthz');
      log(`healthz: ${health.rate.toFixed(0)} req/s, p95 ${health.p95.toFixed(1)} ms`);
      process.stdout.write(
        `results-page: roll ${ROLL}, ${CLIENTS} clients: certified page ${page.rate.toFixed(0)} req/s p95 ${page.p95.toFixed(1)} ms (304 revalidation ${cond.rate.toFixed(0)} req/s p95 ${cond.p95.toFixed(1)} ms) vs healthz ${health.rate.toFixed(0)} req/s p95 ${health.p95.toFixed(1)} ms; ratio ${(page.rate / health.rate).toFixed(3)}\n`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await s.drop();
  }
}

await main();
