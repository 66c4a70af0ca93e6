// Measures the voting crypto: `npx tsx bench/voting-crypto.ts`.
// Prints each figure with its ratio to a baseline measured in the same run (the plain
// libsodium-wrappers call for the same operation). Not part of the test suite.
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import sodium from 'libsodium-wrappers-sumo';
import { buildBoard, computeSums, makeDecryption, shuffle, type EntryInput } from '../src/modules/voting/crypto/board.js';
import { verifyBoard } from '../src/modules/voting/crypto/verify.js';
import { ballotToBytes, encryptBallot, encryptCount, sumCiphertextBytes } from '../src/modules/voting/crypto/elgamal.js';
import { deal } from '../src/modules/voting/crypto/feldman.js';
import { concatBytes, ready } from '../src/modules/voting/crypto/group.js';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

interface Job {
  bytes: Uint8Array;
  width: number;
}

async function main(): Promise<void> {
  await ready();
  await sodium.ready;
  const d = deal(2, 3);

  // Baselines: one wrapper point addition and one wrapper base multiplication.
  const P = sodium.crypto_core_ristretto255_random();
  const Q = sodium.crypto_core_ristretto255_random();
  const s = sodium.crypto_core_ristretto255_scalar_random();
  const addUs = (time(() => {
    for (let i = 0; i < 5000; i++) sodium.crypto_core_ristretto255_add(P, Q);
  }).ms * 1000) / 5000;
  const baseUs = (time(() => {
    for (let i = 0; i < 2000; i++) sodium.crypto_scalarmult_ristretto255_base(s);
  }).ms * 1000) / 2000;
  const mulUs = (time(() => {
    for (let i = 0; i < 2000; i++) sodium.crypto_scalarmult_ristretto255(s, P);
  }).ms * 1000) / 2000;
  out(`baseline (libsodium-wrappers, one call): add ${addUs.toFixed(1)} µs, base mult ${baseUs.toFixed(1)} µs, variable-base mult ${mulUs.toFixed(1)} µs`);

  // 1. Encrypt one ballot of 4 options.
  encryptBallot(d.Y, [[1, 0, 0, 0]]);
  const reps = 500;
  const enc = time(() => {
    for (let i = 0; i < reps; i++) encryptBallot(d.Y, [[1, 0, 0, 0]]);
  });
  const encMs = enc.ms / reps;
  const wrapperEnc = (4 * (baseUs + mulUs) + addUs) / 1000; // 4 × (r·G, r·Y) + one m·G + r·Y addition
  out(`encrypt one ballot of 4 options: ${encMs.toFixed(3)} ms (wrapper-call estimate ${wrapperEnc.toFixed(3)} ms, ratio ${(encMs / wrapperEnc).toFixed(2)})`);

  // 2. Sum of 10,000 ciphertexts.
  const cts = Array.from({ length: 10_000 }, (_, i) => encryptCount(d.Y, i % 2));
  const bytes = concatBytes(...cts.map((c) => ballotToBytes([[c]])));
  const sum = time(() => sumCiphertextBytes(bytes, 1));
  const perAdd = (sum.ms * 1000) / (2 * cts.length);
  out(`sum of 10,000 ciphertexts: ${sum.ms.toFixed(0)} ms (${perAdd.toFixed(1)} µs per point addition; wrapper add ${addUs.toFixed(1)} µs, ratio ${(perAdd / addUs).toFixed(2)})`);

  // 3. verifyBoard on 1,000 entries × 4 options.
  const entries: EntryInput[] = shuffle(
    Array.from({ length: 1000 }, (_, i) => {
      const row = [0, 0, 0, 0];
      row[i % 4] = 1;
      return { kind: 'e' as const, ciphertexts: encryptBallot(d.Y, [row]) };
    }),
  );
  const shape = [4];
  const sums = computeSums(
    entries.map((e) => e.ciphertexts),
    shape,
  );
  const decryptions = [1, 2].map((m) => makeDecryption('bench', m, d.shares[m - 1]!, d.commitments, sums));
  const built = time(() =>
    buildBoard({
      voteId: 'bench',
      kov: '0784',
      title: { et: 'a', en: 'b', ru: 'c' },
      questions: [{ id: 'q', options: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }] }],
      key: { threshold: 2, members: 3, commitments: d.commitments },
      entries,
      decryptions,
      sums,
    }),
  );
  const json = JSON.parse(JSON.stringify(built.value)) as unknown;
  const ver = time(() => verifyBoard(json));
  if (!ver.value.ok) throw new Error(`bench board did not verify: ${ver.value.errors.join('; ')}`);
  const verBaseline = (2 * 1000 * 4 * addUs) / 1000; // the sums alone, with wrapper additions
  out(`buildBoard 1,000 × 4 (sums given): ${built.ms.toFixed(0)} ms`);
  out(`verifyBoard 1,000 entries × 4 options: ${ver.ms.toFixed(0)} ms (sums alone by wrapper additions ≈ ${verBaseline.toFixed(0)} ms, ratio ${(ver.ms / verBaseline).toFixed(2)})`);

  // 4. The chunk sum on worker threads (how a large tally spreads the work).
  const threads = Math.max(1, Math.min(availableParallelism(), 8));
  const big = concatBytes(...Array.from({ length: 4 }, () => bytes)); // 40,000 ciphertexts
  const one = time(() => sumCiphertextBytes(big, 1));
  // A worker runs this same file; under tsx it first registers tsx's loader so that it can import .ts.
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const workers = Array.from({ length: threads }, () => new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`)));
  const run = (w: Worker, job: Job): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      w.once('message', (m: Uint8Array) => resolve(m));
      w.once('error', reject);
      w.postMessage(job);
    });
  const stride = 64;
  const per = Math.ceil(big.length / stride / threads) * stride;
  await Promise.all(workers.map((w) => run(w, { bytes: new Uint8Array(64), width: 1 }))); // warm-up: load libsodium
  const t = performance.now();
  const parts = await Promise.all(workers.map((w, i) => run(w, { bytes: big.slice(i * per, (i + 1) * per), width: 1 })));
  const total = sumCiphertextBytes(concatBytes(...parts), 1);
  const par = performance.now() - t;
  if (Buffer.compare(Buffer.from(total), Buffer.from(one.value)) !== 0) throw new Error('parallel sum differs');
  out(`sum of 40,000 ciphertexts: 1 thread ${one.ms.toFixed(0)} ms, ${threads} worker threads ${par.toFixed(0)} ms (speed-up ${(one.ms / par).toFixed(2)})`);
  await Promise.all(workers.map((w) => w.terminate()));
}

if (isMainThread) {
  await main();
} else {
  await ready();
  parentPort!.on('message', (job: Job) => parentPort!.postMessage(sumCiphertextBytes(job.bytes, job.width)));
}
