// A vote at the scale of a city, through everything after the cast: 1,000,000 ballots × 4 options
// (default) on a roll of 1,250,000 people, then close (shuffle into entries, homomorphic sums),
// committee decryption (2 of 3 members), publication (the board's text around its entries, its
// SHA-256 and the results digest, streamed over the entry rows), certification (2 sign-offs; the
// results and turnout tables computed once and stored), the results page (the certified poll's page,
// its results JSON, the protocol PDF and the whole board streamed over HTTP from the in-process
// server) and `vallamaja verify` (in process). Each step's time and this process's peak RSS (the
// server runs in it) are printed to stderr; stdout gets one line:
//   vote-at-scale: <N> ballots × 4 options; close … s/… MB, decrypt …, publish …, certify …, page …, board …, verify …; peak … MB
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- vote-at-scale [--ballots 20000] [--options 4]
//
// The ballots are encrypted and written with COPY before the clock starts (bench/lib/certified.ts).
import { createHash } from 'node:crypto';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { CliContext } from '../src/kernel/module.js';
import { votingCommands } from '../src/modules/voting/cli.js';
import { boardSource, certify, closeVote, publishBoard, results, submitDecryption } from '../src/modules/voting/service.js';
import { KOV, by, log, member, memorySampler, numArg, scaleVote, scratchDb, step } from './lib/certified.js';

const N = numArg('ballots', 1_000_000);
const OPTIONS = numArg('options', 4);
const ROLL = Math.ceil(N * 1.25);

async function main() {
  const s = await scratchDb('scale');
  const mem = memorySampler();
  try {
    const t0 = performance.now();
    const v = await scaleVote(s, { roll: ROLL, ballots: N, options: OPTIONS });
    log(`set-up (roll of ${ROLL}, ${N} ballots encrypted and copied in): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const { db } = s;
    const close = await step(mem, 'close', () => closeVote(db, v.voteId, by));
    if (close.value.turnout !== N) throw new Error(`turnout ${close.value.turnout}, expected ${N}`);
    const decrypt = await step(mem, 'decryption (2 members)', async () => {
      await submitDecryption(db, v.voteId, 1, v.shares[0]!.share, member(1));
      await submitDecryption(db, v.voteId, 2, v.shares[1]!.share, member(2));
    });
    const publish = await step(mem, 'publication', () => publishBoard(db, v.voteId, by));
    if (JSON.stringify(publish.value.counts) !== JSON.stringify([v.expected])) throw new Error(`counts ${JSON.stringify(publish.value.counts)} expected ${JSON.stringify([v.expected])}`);
    const certifyStep = await step(mem, 'certification (2 sign-offs)', async () => {
      const digest = (await results(db, KOV, v.voteId)).digest!;
      await certify(db, v.voteId, digest, member(1));
      return certify(db, v.voteId, digest, member(2));
    });
    if (certifyStep.value.status !== 'certified') throw new Error('not certified');

    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: s.url, SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef' });
    const app = await buildApp({ config, db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const pageUrl = `${base}/kov/${KOV}/polls/${v.pollId}`;
    try {
      const page = await step(mem, 'results page (first request, then 20)', async () => {
        const f0 = performance.now();
        const first = await fetch(pageUrl);
        if (first.status !== 200) throw new Error(`page ${first.status}`);
        await first.text();
        const firstMs = performance.now() - f0;
        const times: number[] = [];
        for (let i = 0; i < 20; i++) {
          const a = performance.now();
          const r = await fetch(pageUrl);
          await r.text();
          times.push(performance.now() - a);
        }
        for (const u of [`${pageUrl}/results.json`, `${pageUrl}/results.pdf`]) {
          const r = await fetch(u);
          if (r.status !== 200) throw new Error(`${u}: ${r.status}`);
          await r.arrayBuffer();
        }
        times.sort((a, b) => a - b);
        return { firstMs, medianMs: times[10]! };
      });
      const board = await step(mem, 'board over HTTP (streamed)', async () => {
        const r = await fetch(`${base}/api/v1/boards/${v.voteId}`);
        if (r.status !== 200 || !r.body) throw new Error(`board ${r.status}`);
        const h = createHash('sha256');
        let bytes = 0;
        for await (const c of r.body as unknown as AsyncIterable<Uint8Array>) {
          h.update(c);
          bytes += c.byteLength;
        }
        const src = (await boardSource(db, v.voteId))!;
        if (h.digest('hex') !== src.sha256) throw new Error('the streamed board is not the published one');
        return { bytes };
      });
      const verify = await step(mem, 'vallamaja verify', async () => {
        const lines: string[] = [];
        const ctx: CliContext = { config, openDb: async () => ({ ...db, close: async () => undefined }), out: (l) => lines.push(l), err: (l) => lines.push(l) };
        const code = await votingCommands.find((c) => c.words[0] === 'verify')!.run([v.voteId], ctx);
        if (code !== 0) throw new Error(`verify failed:\n${lines.join('\n')}`);
        return lines.at(-1);
      });
      const peak = Math.max(close.mb, decrypt.mb, publish.mb, certifyStep.mb, page.mb, board.mb, verify.mb);
      const f = (x: { s: number; mb: number }) => `${x.s.toFixed(1)} s/${x.mb.toFixed(0)} MB`;
      process.stdout.write(
        `vote-at-scale: ${N} ballots × ${OPTIONS} options, roll ${ROLL}; close ${f(close)}, decryption ${f(decrypt)}, publication ${f(publish)}, certification ${f(certifyStep)}, ` +
          `results page first ${page.value.firstMs.toFixed(0)} ms then median ${page.value.medianMs.toFixed(1)} ms (${page.mb.toFixed(0)} MB), board ${(board.value.bytes / 1e6).toFixed(0)} MB streamed ${f(board)}, verify ${f(verify)}; peak RSS ${peak.toFixed(0)} MB\n`,
      );
    } finally {
      await app.close();
    }
  } finally {
    mem.stop();
    await s.drop();
  }
}

await main();
