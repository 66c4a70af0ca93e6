// The homomorphic tally: position-wise sums of many ballots (VOTING.md "sums"). Small tallies run on
// this thread; large ones are split into chunks over worker threads (sums-worker.ts), each summing
// its chunk with the crypto library's sumCiphertextBytes; the chunk sums are summed once more here.
// Addition is associative and commutative, so the result is the same as computeSums'.
import os from 'node:os';
import { tsWorker } from '../../kernel/workers.js';
import { CIPHERTEXT_BYTES, sumCiphertextBytes } from './crypto/elgamal.js';
import type { TallyAnswer, TallyJob } from './sums-worker.js';

/** Below this many ciphertexts the sum runs on the calling thread (starting workers costs ~100 ms). */
export const PARALLEL_FROM = 50_000;

export interface SumOptions {
  /** Worker threads to use; default: the number of CPUs (and none for small tallies). */
  threads?: number;
  /** Ballots per chunk sent to a worker (default: an even split, at most 20,000 ballots). */
  chunkBallots?: number;
}

/**
 * Sums `count = bytes.length / (width × 64)` ballots position-wise. Answers width × 64 bytes (the
 * identity pair everywhere for no ballots). Needs `ready()` on this thread.
 */
export async function sumBallotBytes(bytes: Uint8Array, width: number, opts: SumOptions = {}): Promise<Uint8Array> {
  const stride = width * CIPHERTEXT_BYTES;
  if (bytes.length % stride !== 0) throw new Error(`ballot bytes are not a multiple of ${stride}`);
  const count = bytes.length / stride;
  const threads = opts.threads ?? (count * width >= PARALLEL_FROM ? Math.max(1, os.availableParallelism()) : 0);
  if (threads < 1 || count < 2) return sumCiphertextBytes(bytes, width);
  const chunk = opts.chunkBallots ?? Math.max(1, Math.min(20_000, Math.ceil(count / threads)));
  function* chunks(): Generator<Uint8Array> {
    for (let start = 0; start < count; start += chunk) yield bytes.slice(start * stride, Math.min(count, start + chunk) * stride);
  }
  return sumChunks(chunks(), width, threads);
}

/**
 * Sums chunks of ballots (each chunk: whole ballots back to back) over `threads` worker threads,
 * taking the next chunk from the iterator only when a worker is free (so a huge tally need not be in
 * memory at once), then sums the chunk sums. Needs `ready()` on this thread.
 */
export async function sumChunks(chunks: Iterator<Uint8Array>, width: number, threads: number): Promise<Uint8Array> {
  const stride = width * CIPHERTEXT_BYTES;
  const workers = Array.from({ length: Math.max(1, threads) }, () => tsWorker(new URL('./sums-worker.ts', import.meta.url)));
  const results: Uint8Array[] = [];
  try {
    let id = 0;
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              const nx = chunks.next();
              if (nx.done) return resolve();
              const job: TallyJob = { id: id++, width, bytes: nx.value };
              w.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
            };
            w.on('message', (a: TallyAnswer) => {
              if (a.error || !a.sums) return reject(new Error(`tally worker: ${a.error ?? 'no answer'}`));
              results.push(a.sums);
              feed();
            });
            w.once('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (results.length === 0) return new Uint8Array(stride);
  const all = new Uint8Array(results.length * stride);
  results.forEach((r, i) => all.set(r, i * stride));
  return sumCiphertextBytes(all, width);
}
