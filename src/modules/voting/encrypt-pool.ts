// Encrypting cast ballots off the event loop. Encryption is the costly part of a cast (two scalar
// multiplications per option); on the main thread it would hold up every other request. A small
// pool of worker threads (encrypt-worker.ts) encrypts and computes the tracker; the main thread only
// checks the ballot, sends the 0/1 matrix and stores the answer.
//
// VALLAMAJA_ENCRYPT_THREADS sets the pool's size: 0 encrypts on the calling thread (as small
// installations and the CLI may prefer); the default is one thread per CPU beyond the first, at most
// four (one on a 2-core machine, none on one core). Workers start on the first cast, are held
// (ref'd) only while they have work, so they never keep a process alive, and a worker that dies is
// replaced on the next cast, its jobs answered with an error. A listening server starts them at once.
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../../kernel/workers.js';
import { encryptBallotToBytes } from './crypto/elgamal.js';
import { trackerOfBytes } from './crypto/board.js';
import type { Point } from './crypto/group.js';

export interface EncryptJob {
  id: number;
  voteId: string;
  Y: Uint8Array;
  matrix: number[][];
}

export interface EncryptAnswer {
  id: number;
  ct?: Uint8Array;
  tracker?: string;
  error?: string;
}

export interface Encrypted {
  tracker: string;
  ct: Uint8Array;
}

/** Encrypts on this thread (the workers run this too). Needs the crypto `ready()`. */
export function encryptHere(voteId: string, Y: Point, matrix: readonly (readonly number[])[]): Encrypted {
  const ct = encryptBallotToBytes(Y, matrix);
  return { tracker: trackerOfBytes(voteId, ct), ct };
}

export function encryptThreads(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.VALLAMAJA_ENCRYPT_THREADS;
  if (v !== undefined && v !== '') {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`VALLAMAJA_ENCRYPT_THREADS must be a whole number 0…64, not ${JSON.stringify(v)}`);
    return n;
  }
  return Math.max(0, Math.min(4, os.availableParallelism() - 1));
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (e: Encrypted) => void; reject: (e: Error) => void }>;
}

let slots: Slot[] = [];
let nextId = 1;
let turn = 0;

function start(): Slot {
  const worker = tsWorker(new URL('./encrypt-worker.ts', import.meta.url));
  const slot: Slot = { worker, pending: new Map() };
  worker.unref();
  const fail = (err: Error) => {
    slots = slots.filter((s) => s !== slot);
    for (const p of slot.pending.values()) p.reject(err);
    slot.pending.clear();
  };
  worker.on('message', (a: EncryptAnswer) => {
    const p = slot.pending.get(a.id);
    if (!p) return;
    slot.pending.delete(a.id);
    if (slot.pending.size === 0) worker.unref();
    if (a.error || !a.ct || !a.tracker) p.reject(new Error(a.error ?? 'the encryption worker answered nothing'));
    else p.resolve({ tracker: a.tracker, ct: a.ct });
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the encryption worker stopped (exit ${code})`)));
  return slot;
}

/**
 * Encrypts a checked 0/1 matrix under Y and computes the tracker, on the pool when it has threads,
 * else here. Needs the crypto `ready()` on this thread for the inline case.
 */
export function encryptBallotBytes(voteId: string, Y: Point, matrix: number[][]): Promise<Encrypted> {
  if (encryptThreads() === 0) return Promise.resolve(encryptHere(voteId, Y, matrix));
  warmEncryptPool();
  // the least busy worker (round robin among equals)
  turn = (turn + 1) % slots.length;
  let slot = slots[turn]!;
  for (const s of slots) if (s.pending.size < slot.pending.size) slot = s;
  const id = nextId++;
  return new Promise<Encrypted>((resolve, reject) => {
    slot.pending.set(id, { resolve, reject });
    if (slot.pending.size === 1) slot.worker.ref();
    slot.worker.postMessage({ id, voteId, Y, matrix } satisfies EncryptJob);
  });
}

/** Starts the pool's workers ahead of the first cast (the server does when it starts listening). */
export function warmEncryptPool(): void {
  const size = encryptThreads();
  while (slots.length < size) slots.push(start());
}

/** Stops the pool's workers (the app's onClose); the next cast starts new ones. */
export async function closeEncryptPool(): Promise<void> {
  const old = slots;
  slots = [];
  await Promise.all(old.map((s) => s.worker.terminate()));
}
