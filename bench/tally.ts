// The homomorphic tally at scale: sum of 1,000,000 ballots × 10 options over worker threads, then
// k partial decryptions with proofs, Lagrange combination and discrete logs.
//
//   npx tsx bench/tally.ts [ballots=1000000] [threads=availableParallelism]
//
// How the ciphertexts are made: encrypting 10⁷ ciphertexts would take longer than the tally itself,
// so a pool of 2,000 real ballots (10 ciphertexts each, fresh randomness, under a freshly dealt key)
// is encrypted once, and ballot j of the tally is pool[j mod 2,000]. The sum is an honest sum of
// 10⁷ ciphertexts (every addition is done; repetition changes nothing for the cost), and its
// decryption is checked against the counts known from the pool. (Such a tally could not be a board:
// repeated ballots would repeat trackers; the board is not part of this measurement.)
//
// Baseline: the same sum done with the plain libsodium-wrappers call crypto_core_ristretto255_add
// (decode, add, encode and allocate per call) on one thread, measured on a sample of additions and
// extrapolated to 2 × 10⁷ additions. Also printed for reference: @noble/curves' ristretto255 decode
// and add costs (adding decoded points is cheap, but every point on the board arrives encoded).
import os from 'node:os';
import { ristretto255 } from '@noble/curves/ed25519.js';
import sodium from 'libsodium-wrappers-sumo';
import { CIPHERTEXT_BYTES, ballotFromBytes, ballotToBytes, encryptBallot } from '../src/modules/voting/crypto/elgamal.js';
import { deal } from '../src/modules/voting/crypto/feldman.js';
import { makeDecryption } from '../src/modules/voting/crypto/board.js';
import { discreteLog } from '../src/modules/voting/crypto/elgamal.js';
import { combinePartials } from '../src/modules/voting/crypto/feldman.js';
import { pointFromHex, ready } from '../src/modules/voting/crypto/group.js';
import { sumChunks } from '../src/modules/voting/sums.js';
import { nativeUnavailableReason } from '../src/modules/voting/crypto/native.js';

const N = Number(process.argv[2] ?? 1_000_000);
const THREADS = Number(process.argv[3] ?? os.availableParallelism());
const OPTIONS = 10;
const POOL = 2000;
const CHUNK = 20_000;
const out = (s: string) => process.stdout.write(`${s}\n`);

await ready();
await sodium.ready;
const key = deal(3, 5);
const stride = OPTIONS * CIPHERTEXT_BYTES;

// ---------------------------------------------------------------- the pool
let t = performance.now();
const pool = new Uint8Array(POOL * stride);
const poolCounts = new Array<number>(OPTIONS).fill(0);
for (let p = 0; p < POOL; p++) {
  const row = Array.from({ length: OPTIONS }, (_, o) => ((p * 7 + o * 3) % 5 < 2 ? 1 : 0));
  row.forEach((m, o) => (poolCounts[o]! += m));
  pool.set(ballotToBytes(encryptBallot(key.Y, [row])), p * stride);
}
out(`pool: ${POOL} ballots × ${OPTIONS} options encrypted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const expected = Array.from({ length: OPTIONS }, (_, o) => {
  const full = Math.floor(N / POOL) * poolCounts[o]!;
  let rest = 0;
  for (let p = 0; p < N % POOL; p++) rest += (p * 7 + o * 3) % 5 < 2 ? 1 : 0;
  return full + rest;
});

// ---------------------------------------------------------------- baseline (sample, extrapolated)
const SAMPLE = 20_000;
const pts = Array.from({ length: 64 }, (_, i) => pool.slice(i * 32, i * 32 + 32));
let acc: Uint8Array = new Uint8Array(32);
t = performance.now();
for (let i = 0; i < SAMPLE; i++) acc = sodium.crypto_core_ristretto255_add(acc, pts[i & 63]!);
const wrapperAddUs = ((performance.now() - t) * 1000) / SAMPLE;
const additions = 2 * N * OPTIONS;
const baselineS = (wrapperAddUs * additions) / 1e6;
out(`baseline: libsodium-wrappers crypto_core_ristretto255_add ${wrapperAddUs.toFixed(1)} µs per addition (sample of ${SAMPLE}), ${additions.toLocaleString('en')} additions on one thread ≈ ${baselineS.toFixed(0)} s (extrapolated)`);

// noble, for reference
const P = ristretto255.Point;
t = performance.now();
const decoded = pts.map((b) => P.fromBytes(b));
for (let r = 0; r < 10; r++) for (const b of pts) P.fromBytes(b);
const nobleDecodeUs = ((performance.now() - t) * 1000) / (11 * pts.length);
let nacc = P.ZERO;
t = performance.now();
for (let i = 0; i < SAMPLE; i++) nacc = nacc.add(decoded[i & 63]!);
const nobleAddUs = ((performance.now() - t) * 1000) / SAMPLE;
out(`@noble/curves ristretto255 (reference): decode ${nobleDecodeUs.toFixed(0)} µs per point, add of decoded points ${nobleAddUs.toFixed(1)} µs → from encoded points ≈ ${(((nobleDecodeUs + nobleAddUs) * additions) / 1e6).toFixed(0)} s on one thread`);
if (!acc.length || !nacc) throw new Error('unreachable');

// ---------------------------------------------------------------- the tally
function* chunks(): Generator<Uint8Array> {
  for (let start = 0; start < N; start += CHUNK) {
    const n = Math.min(CHUNK, N - start);
    const c = new Uint8Array(n * stride);
    for (let j = 0; j < n; j++) {
      const p = (start + j) % POOL;
      c.set(pool.subarray(p * stride, (p + 1) * stride), j * stride);
    }
    yield c;
  }
}
const how = nativeUnavailableReason() === null ? 'native addon (decode once, extended coordinates)' : `libsodium only (native addon: ${nativeUnavailableReason()})`;
out(`summing with: ${how}`);
t = performance.now();
const sumBytes = await sumChunks(chunks(), OPTIONS, THREADS);
const sumS = (performance.now() - t) / 1000;
out(`sum: ${N.toLocaleString('en')} ballots × ${OPTIONS} options on ${THREADS} worker threads in ${sumS.toFixed(1)} s`);

t = performance.now();
const sums = ballotFromBytes(sumBytes, [OPTIONS]);
const voteId = '01900000-0000-7000-8000-000000000000';
const members = [1, 3, 5];
const decs = members.map((m) => makeDecryption(voteId, m, key.shares[m - 1]!, key.commitments, sums));
const counts = sums[0]!.map((c, o) =>
  discreteLog(
    combinePartials(
      c.B,
      decs.map((d) => ({ member: d.member, D: pointFromHex(d.shares[0]![o]!) })),
    ),
    N,
  ),
);
const decS = (performance.now() - t) / 1000;
const ok = counts.every((c, o) => c === expected[o]);
out(`decryption: ${members.length} members' partial decryptions with proofs, combination and discrete logs in ${decS.toFixed(1)} s; counts ${ok ? 'match' : 'DO NOT match'} the pool (${counts.join(', ')})`);
if (!ok) process.exitCode = 1;
const total = sumS + decS;
out(
  `tally: ${total.toFixed(1)} s for ${N.toLocaleString('en')} ballots × ${OPTIONS} options (sum on ${THREADS} threads ${sumS.toFixed(1)} s + decryption ${decS.toFixed(1)} s) vs baseline ${baselineS.toFixed(0)} s (libsodium-wrappers add, one thread, extrapolated from a sample); ratio ${(baselineS / total).toFixed(2)}`,
);
