// The tally of Method-of-Equal-Shares ballots (docs/voting-board-v2.md): N ballots of 5 slots are
// mixed with a proof of shuffle, decrypted by 2 of 3 committee members (each share with its
// Chaum–Pedersen proof), decoded to idea numbers, and the whole section verified as a verifier
// would (shuffle, decryptions and decoded ballots).
//
//   npm run bench -- budget-tally [--ballots N] [--slots K] [--ideas I]
//
// Progress goes to stderr; the last line on stdout is
//   budget-tally: <seconds> s for N ballots × K slots (…) vs baseline <seconds> s …; ratio <r>
// where the baseline is the same count of group operations run one by one with libsodium-wrappers
// (crypto_scalarmult_ristretto255, _base and crypto_core_ristretto255_add, one call each; their
// costs measured on a sample in this run and multiplied by the counts below), and
// ratio = measured seconds ÷ baseline seconds (below 1: faster than one by one).
//
// The counted ballots are real encryptions of random idea numbers (0 = empty slot) under a freshly
// dealt 2-of-3 key; making them is not measured. The two members decrypt in parallel on two worker
// threads (as on their own machines); everything else runs on the main thread, whose calls into the
// native addon (when built) split their rows over one thread per core (VALLAMAJA_NATIVE_THREADS=1
// keeps them on one). The line also gives the process's CPU seconds, which on a shared machine says
// more than the wall clock.
import sodium from 'libsodium-wrappers-sumo';
import { encryptZerosWith } from '../src/modules/voting/crypto/elgamal.js';
import { deal } from '../src/modules/voting/crypto/feldman.js';
import { SCALAR_BYTES, mulBaseInt, pointBackend, ready, secretScalarsInto } from '../src/modules/voting/crypto/group.js';
import { combineRows, msmBackend } from '../src/modules/voting/crypto/msm.js';
import { tsWorker } from '../src/kernel/workers.js';
import type { MemberAnswer, MemberJob } from './lib/budget-member.js';
import { SLOT_BYTES, decodeMixed, mixBallots, type MixDecryption, verifyDecryptions, verifyShuffle } from '../src/modules/voting/crypto/mix.js';
import { scalarFromInt } from '../src/modules/voting/crypto/group.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`--${name} needs a positive integer`);
  return v;
}

const N = arg('ballots', 100_000);
const K = arg('slots', 5);
const IDEAS = arg('ideas', 150);
const MEMBERS = [1, 3];
const err = (s: string): void => void process.stderr.write(`${s}\n`);
const secs = (t: number): string => ((performance.now() - t) / 1000).toFixed(1);

await ready();
await sodium.ready;
err(`budget-tally: ${N.toLocaleString('en')} ballots × ${K} slots, ${IDEAS} ideas; points on ${pointBackend()}, multi-scalar on ${msmBackend()}`);

// ---------------------------------------------------------------- the counted ballots (not measured)
let t = performance.now();
const key = deal(2, 3);
const voteId = 'bench-budget-tally';
const plain = new Int32Array(N * K);
for (let j = 0; j < plain.length; j++) plain[j] = Math.random() < 0.3 ? 0 : 1 + Math.floor(Math.random() * IDEAS);
const mG = Array.from({ length: IDEAS + 1 }, (_, m) => mulBaseInt(m));
const inputs = new Uint8Array(N * K * SLOT_BYTES);
const BLOCK = 10_000;
for (let start = 0; start < N * K; start += BLOCK) {
  const n = Math.min(BLOCK, N * K - start);
  const r = new Uint8Array(n * SCALAR_BYTES);
  secretScalarsInto(r);
  const z = encryptZerosWith(key.Y, r); // (r·G, r·Y)
  const rows = new Uint8Array(n * 2 * 32);
  for (let j = 0; j < n; j++) {
    rows.set(z.subarray(j * 64 + 32, j * 64 + 64), j * 64);
    rows.set(mG[plain[start + j]!]!, j * 64 + 32);
  }
  const B = combineRows(rows, 2, [scalarFromInt(1), scalarFromInt(1)]); // r·Y + m·G
  for (let j = 0; j < n; j++) {
    inputs.set(z.subarray(j * 64, j * 64 + 32), (start + j) * SLOT_BYTES);
    inputs.set(B.subarray(j * 32, j * 32 + 32), (start + j) * SLOT_BYTES + 32);
  }
}
err(`  counted ballots encrypted in ${secs(t)} s (not measured)`);

// ---------------------------------------------------------------- measured
const progress = (stage: string, done: number, total: number): void => err(`  … ${stage} ${done.toLocaleString('en')}/${total.toLocaleString('en')}`);
const stages: [string, number, number][] = [];
let cpuMark = process.cpuUsage();
const cpuSince = (): number => {
  const d = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  return (d.user + d.system) / 1000;
};
const T0 = performance.now();
const cpu0 = process.cpuUsage();
cpuMark = cpu0;
t = performance.now();
const mix = mixBallots(voteId, key.Y, K, inputs, progress);
stages.push(['mix', performance.now() - t, cpuSince()]);
err(`  mixed and proved in ${secs(t)} s`);

t = performance.now();
// each member decrypts on her own thread (on her own machine in a real count), in parallel
const decryptions = await Promise.all(
  MEMBERS.map(
    (m) =>
      new Promise<MixDecryption>((resolve, reject) => {
        const w = tsWorker(new URL('./lib/budget-member.ts', import.meta.url));
        w.on('error', reject);
        w.on('message', (a: MemberAnswer) => {
          if (a.progress) return err(`  … member ${m}: ${a.progress}`);
          void w.terminate();
          if (a.decryption) {
            err(`  member ${m} decrypted ${(N * K).toLocaleString('en')} slots`);
            resolve(a.decryption);
          } else reject(new Error(a.error ?? 'no answer'));
        });
        w.postMessage({ voteId, member: m, share: key.shares[m - 1]!, commitments: key.commitments, outputs: mix.outputs, slots: K } satisfies MemberJob);
      }),
  ),
);
stages.push(['decrypt', performance.now() - t, cpuSince()]);
err(`  decrypted (2 of 3) in ${secs(t)} s`);

t = performance.now();
const ballots = decodeMixed(mix.outputs, K, decryptions, IDEAS);
stages.push(['decode', performance.now() - t, cpuSince()]);
err(`  decoded in ${secs(t)} s`);

t = performance.now();
const shuffleOk = verifyShuffle(voteId, key.Y, K, inputs, mix.outputs, mix.proof);
stages.push(['verify shuffle', performance.now() - t, cpuSince()]);
err(`  shuffle verified in ${secs(t)} s: ${shuffleOk.detail}`);

t = performance.now();
const decOk = verifyDecryptions(voteId, { threshold: 2, members: 3, commitments: key.commitments }, mix.outputs, K, decryptions, ballots, IDEAS);
stages.push(['verify decryptions', performance.now() - t, cpuSince()]);
err(`  decryptions verified in ${secs(t)} s: ${decOk.detail}`);
const total = (performance.now() - T0) / 1000;
const cpuUsed = process.cpuUsage(cpu0);
const cpuS = (cpuUsed.user + cpuUsed.system) / 1e6;

// the decoded ballots are the counted ones (as multisets of ballots)
const key1 = (b: Int32Array, i: number): string => Array.from(b.subarray(i * K, (i + 1) * K)).join(',');
const count = new Map<string, number>();
for (let i = 0; i < N; i++) count.set(key1(plain, i), (count.get(key1(plain, i)) ?? 0) + 1);
for (let i = 0; i < N; i++) count.set(key1(ballots, i), (count.get(key1(ballots, i)) ?? 0) - 1);
const same = [...count.values()].every((v) => v === 0);
if (!shuffleOk.ok || !decOk.ok || !same) {
  err(`budget-tally: FAILED (shuffle ${shuffleOk.ok}, decryptions ${decOk.ok}, same ballots ${same})`);
  process.exit(1);
}

// ---------------------------------------------------------------- baseline: the same operations one by one
const S = MEMBERS.length;
const ops = { base: 0, mul: 0, add: 0 };
const addOps = (base: number, mul: number, add: number): void => {
  ops.base += base;
  ops.mul += mul;
  ops.add += add;
};
addOps(N * K + 3 * N, N * K + 2 * N + (2 * K + 1) * N, 2 * N * K + 3 * N + (2 * K + 1) * N); // mix: re-encryption, commitments, chain, t̂, t₃, t₄
addOps(S * N * K, 2 * S * N * K, 0); // decryption shares with proofs
addOps(0, S * N * K, S * N * K); // combination B − Σ λᵢ·Dᵢ
addOps(N, (4 * K + 4) * N, (4 * K + 6) * N); // shuffle proof checked equation by equation
addOps(S * N * K, 4 * S * N * K, 3 * S * N * K); // every Chaum–Pedersen proof and combination checked one by one
const SAMPLE = 2000;
const pts = Array.from({ length: 16 }, (_, i) => mulBaseInt(i + 2));
const scs = Array.from({ length: 16 }, () => sodium.crypto_core_ristretto255_scalar_random());
const unit = (f: (i: number) => unknown): number => {
  for (let i = 0; i < 50; i++) f(i);
  const t0 = performance.now();
  for (let i = 0; i < SAMPLE; i++) f(i);
  return (performance.now() - t0) / 1000 / SAMPLE;
};
const uMul = unit((i) => sodium.crypto_scalarmult_ristretto255(scs[i & 15]!, pts[(i + 3) & 15]!));
const uBase = unit((i) => sodium.crypto_scalarmult_ristretto255_base(scs[i & 15]!));
const uAdd = unit((i) => sodium.crypto_core_ristretto255_add(pts[i & 15]!, pts[(i + 5) & 15]!));
const baseline = ops.mul * uMul + ops.base * uBase + ops.add * uAdd;
err(
  `  baseline: ${ops.mul.toLocaleString('en')} multiplications × ${(uMul * 1e6).toFixed(0)} µs + ${ops.base.toLocaleString('en')} base multiplications × ${(uBase * 1e6).toFixed(0)} µs + ${ops.add.toLocaleString('en')} additions × ${(uAdd * 1e6).toFixed(0)} µs`,
);
process.stdout.write(
  `budget-tally: ${total.toFixed(1)} s for ${N.toLocaleString('en')} ballots × ${K} slots, 2 of 3 members (${stages
    .map(([n, ms, cpuMs]) => `${n} ${(ms / 1000).toFixed(1)} s (CPU ${(cpuMs / 1000).toFixed(1)} s)`)
    .join(', ')}; ${cpuS.toFixed(1)} CPU s) vs baseline ${baseline.toFixed(0)} s (the same operations one by one with libsodium-wrappers, one thread); ratio ${(total / baseline).toFixed(3)}\n`,
);
