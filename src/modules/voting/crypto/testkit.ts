// Helpers for the crypto tests: a seeded generator for the random trials (so a failure can be
// replayed from its seed) and a random vote → board pipeline.
import { encryptBallot } from './elgamal.js';
import { deal, type Dealing } from './feldman.js';
import {
  buildBoard,
  computeSums,
  makeDecryption,
  shuffle,
  type BoardDocument,
  type BoardQuestion,
  type EntryInput,
} from './board.js';

/** mulberry32: a small seeded PRNG for choosing test cases (never for keys). */
export function rng(seed: number): { int(lo: number, hi: number): number; pick<T>(xs: readonly T[]): T; subset(n: number, k: number): number[] } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return {
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!,
    /** k distinct members out of 1…n */
    subset(n: number, k: number): number[] {
      const all = Array.from({ length: n }, (_, i) => i + 1);
      for (let i = n - 1; i > 0; i--) {
        const j = int(0, i);
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      return all.slice(0, k);
    },
  };
}

export type Rng = ReturnType<typeof rng>;

/** Random choices for one ballot: per question, 1 to all options chosen (or none), 0/1 each. */
export function randomChoices(r: Rng, shape: readonly number[]): number[][] {
  return shape.map((n) => Array.from({ length: n }, () => r.int(0, 1)));
}

export interface TestElection {
  voteId: string;
  questions: BoardQuestion[];
  shape: number[];
  dealing: Dealing;
  choices: number[][][];
  expected: number[][];
  board: BoardDocument;
  /** the members whose decryptions are on the board */
  used: number[];
}

/** A whole election: deal k of n, cast `voters` random ballots, shuffle, tally with a random k…n members. */
export function randomElection(
  r: Rng,
  opts: { k: number; n: number; shape: number[]; voters: number; voteId?: string; used?: number[] },
): TestElection {
  const voteId = opts.voteId ?? `vote-${r.int(1, 1e9)}`;
  const questions: BoardQuestion[] = opts.shape.map((n, q) => ({
    id: `q${q + 1}`,
    options: Array.from({ length: n }, (_, o) => ({ id: `q${q + 1}o${o + 1}` })),
  }));
  const dealing = deal(opts.k, opts.n);
  const choices = Array.from({ length: opts.voters }, () => randomChoices(r, opts.shape));
  const expected = opts.shape.map((n, q) => Array.from({ length: n }, (_, o) => choices.reduce((s, c) => s + c[q]![o]!, 0)));
  const entries: EntryInput[] = shuffle(
    choices.map((c, i) => ({ kind: i % 7 === 3 ? ('paper' as const) : ('e' as const), ciphertexts: encryptBallot(dealing.Y, c) })),
  );
  const sums = computeSums(
    entries.map((e) => e.ciphertexts),
    opts.shape,
  );
  const used = opts.used ?? r.subset(opts.n, r.int(opts.k, opts.n));
  const decryptions = used.map((m) => makeDecryption(voteId, m, dealing.shares[m - 1]!, dealing.commitments, sums));
  const board = buildBoard({
    voteId,
    kov: '0784',
    title: { et: 'Proovihääletus', en: 'Test vote', ru: 'Тестовое голосование' },
    questions,
    key: { threshold: opts.k, members: opts.n, commitments: dealing.commitments },
    entries,
    decryptions,
  });
  return { voteId, questions, shape: opts.shape, dealing, choices, expected, board, used };
}

/** A deep copy through JSON, as a verifier downloads it. */
export function viaJson<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
