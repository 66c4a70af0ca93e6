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
//
// Which path encrypts (encryptionStatus): the native addon's constant-time tables, or, without it,
// the JavaScript fallback (branch-free on libsodium) when VALLAMAJA_ENCRYPT_FALLBACK allows it;
// otherwise every encryption fails closed (EncryptionRefusedError; the cast answers 503).
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../../kernel/workers.js';
import { EncryptionRefusedError, ballotEncryptionPath, encryptBallotToBytes } from './crypto/elgamal.js';
import { nativeUnavailableReason } from './crypto/native.js';
import { trackerOfBytes } from './crypto/board.js';
import type { Point } from './crypto/group.js';

export type EncryptFallback = 'allow' | 'refuse';

export interface EncryptJob {
  id: number;
  voteId: string;
  Y: Uint8Array;
  matrix: number[][];
  fallback: EncryptFallback;
}

export interface EncryptAnswer {
  id: number;
  ct?: Uint8Array;
  tracker?: string;
  error?: string;
  /** The error was EncryptionRefusedError. */
  refused?: boolean;
}

export interface Encrypted {
  tracker: string;
  ct: Uint8Array;
}

// The policy without the addon: the app sets its configured one (voting routes); until then, the
// environment's (the same rule as src/config.ts: refuse in production, allow elsewhere).
let policy: EncryptFallback | null = null;

/** Sets the policy for encryption without the addon (the app does, from VALLAMAJA_ENCRYPT_FALLBACK). */
export function setEncryptFallback(p: EncryptFallback): void {
  policy = p;
}

export function encryptFallback(): EncryptFallback {
  if (policy) return policy;
  const raw = process.env.VALLAMAJA_ENCRYPT_FALLBACK;
  if (raw === 'allow' || raw === 'refuse') return raw;
  return process.env.NODE_ENV === 'production' ? 'refuse' : 'allow';
}

export interface EncryptionStatus {
  /** 'addon': the native addon's tables; 'fallback': JavaScript on libsodium; 'refused': none (casts answer 503). */
  path: 'addon' | 'fallback' | 'refused';
  /** Why the addon is not used (null when it is). */
  reason: string | null;
  /** One line for the start-up log. */
  line: string;
}

/** Which path ballot encryption takes in this process, and a line that says so. */
export function encryptionStatus(fallback: EncryptFallback = encryptFallback()): EncryptionStatus {
  if (ballotEncryptionPath() === 'addon') {
    return { path: 'addon', reason: null, line: 'Ballot encryption: the native addon (constant-time fixed-base tables).' };
  }
  const reason = nativeUnavailableReason() ?? 'the addon could not build its table of G';
  if (fallback === 'allow') {
    return {
      path: 'fallback',
      reason,
      line: `Ballot encryption: the JavaScript fallback (branch-free on libsodium, slower), because the native addon cannot encrypt (${reason}); VALLAMAJA_ENCRYPT_FALLBACK=allow.`,
    };
  }
  return {
    path: 'refused',
    reason,
    line: `Ballot encryption is REFUSED: the native addon cannot encrypt (${reason}) and VALLAMAJA_ENCRYPT_FALLBACK=refuse (the default in production); casts answer 503 until the addon is built (npm run build:native) and the server restarted.`,
  };
}

/** Encrypts on this thread (the workers run this too). Needs the crypto `ready()`. */
export function encryptHere(voteId: string, Y: Point, matrix: readonly (readonly number[])[], fallback: EncryptFallback = encryptFallback()): Encrypted {
  const ct = encryptBallotToBytes(Y, matrix, { fallback });
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
    if (a.refused) p.reject(new EncryptionRefusedError());
    else if (a.error || !a.ct || !a.tracker) p.reject(new Error(a.error ?? 'the encryption worker answered nothing'));
    else p.resolve({ tracker: a.tracker, ct: a.ct });
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the encryption worker stopped (exit ${code})`)));
  return slot;
}

/**
 * Encrypts a checked 0/1 matrix under Y and computes the tracker, on the pool when it has threads,
 * else here. Needs the crypto `ready()` on this thread for the inline case. Rejects with
 * EncryptionRefusedError (before any work) when the addon cannot encrypt and the fallback is refused.
 */
export function encryptBallotBytes(voteId: string, Y: Point, matrix: number[][]): Promise<Encrypted> {
  const fallback = encryptFallback();
  if (fallback === 'refuse' && ballotEncryptionPath() !== 'addon') return Promise.reject(new EncryptionRefusedError());
  if (encryptThreads() === 0) {
    try {
      return Promise.resolve(encryptHere(voteId, Y, matrix, fallback));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
  warmEncryptPool();
  // the least busy worker (round robin among equals)
  turn = (turn + 1) % slots.length;
  let slot = slots[turn]!;
  for (const s of slots) if (s.pending.size < slot.pending.size) slot = s;
  const id = nextId++;
  return new Promise<Encrypted>((resolve, reject) => {
    slot.pending.set(id, { resolve, reject });
    if (slot.pending.size === 1) slot.worker.ref();
    slot.worker.postMessage({ id, voteId, Y, matrix, fallback } satisfies EncryptJob);
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
