// Counting a format-2 vote (docs/voting-board-v2.md): at close the counted ballots (K slots each) are
// mixed with a proof of shuffle (crypto/mix.ts) and the mix is kept; each committee member's share
// decrypts every slot of every mixed ballot with proofs; with k of them the board of format
// `vallamaja-board/2` is built: entries with slots and the v2 chain, and the mix section (outputs,
// proof, decryptions, decrypted ballots). tally.ts calls these for a vote with `slots`; version 1 is
// untouched.
import os from 'node:os';
import type { Tx } from '../../kernel/db.js';
import { tsWorker } from '../../kernel/workers.js';
import type { MixAnswer, MixJob } from './mix-worker.js';
import type { StreamState } from './crypto/board-stream.js';
import { boardChunks, boardPartsV2, countsOfBallots, digestOfStream, type BoardV2Head } from './crypto/board-stream.js';
import { SLOT_BYTES, chainStartV2, decodeMixed, decryptMixed, mixBallots, mixSectionToJson, verifyDecryptions, type MixDecryption, type MixResult } from './crypto/mix.js';
import { fromHex, pointFromHex, toHex, type Point, type Scalar } from './crypto/group.js';
import * as repo from './repo.js';
import type { VoteRow } from './repo.js';
import type { QuestionDef, Texts } from './rules.js';
import { resultDigest } from './rules.js';

export const BOARD_FORMAT_V2 = 'vallamaja-board/2';

/** The mix as stored until publication (voting_vote.mix): every byte string as one hex string. */
export interface StoredMix {
  outputs: string;
  proof: { commitments: string; chain: string; t1: string; t2: string; t3: string; t4: string; tHat: string; s1: string; s2: string; s3: string; s4: string; sHat: string; sPrime: string };
}

export function mixToStored(m: MixResult): StoredMix {
  const p = m.proof;
  return {
    outputs: toHex(m.outputs),
    proof: {
      commitments: toHex(p.commitments),
      chain: toHex(p.chain),
      t1: toHex(p.t1),
      t2: toHex(p.t2),
      t3: toHex(p.t3),
      t4: toHex(p.t4),
      tHat: toHex(p.tHat),
      s1: toHex(p.s1),
      s2: toHex(p.s2),
      s3: toHex(p.s3),
      s4: toHex(p.s4),
      sHat: toHex(p.sHat),
      sPrime: toHex(p.sPrime),
    },
  };
}

export function mixFromStored(j: StoredMix): MixResult {
  const p = j.proof;
  return {
    outputs: fromHex(j.outputs),
    proof: {
      commitments: fromHex(p.commitments),
      chain: fromHex(p.chain),
      t1: fromHex(p.t1),
      t2: fromHex(p.t2),
      t3: fromHex(p.t3),
      t4: fromHex(p.t4),
      tHat: fromHex(p.tHat),
      s1: fromHex(p.s1),
      s2: fromHex(p.s2),
      s3: fromHex(p.s3),
      s4: fromHex(p.s4),
      sHat: fromHex(p.sHat),
      sPrime: fromHex(p.sPrime),
    },
  };
}

/** From this many slots (N × K) on, the mix and the decryptions run on worker threads (starting one costs ~100 ms). */
export const WORKERS_FROM = 2_000;

/** One job on a worker thread of its own (mix-worker.ts). */
async function onWorker(job: MixJob, transfer: ArrayBuffer[] = []): Promise<MixAnswer> {
  const w = tsWorker(new URL('./mix-worker.ts', import.meta.url));
  try {
    return await new Promise<MixAnswer>((resolve, reject) => {
      w.once('message', (a: MixAnswer) => (a.error ? reject(new Error(`mix worker: ${a.error}`)) : resolve(a)));
      w.once('error', reject);
      w.postMessage(job, transfer);
    });
  } finally {
    await w.terminate();
  }
}

/** mixBallots, on a worker thread when large (`threads` 0: on this thread; default by size). */
export async function mixOffThread(voteId: string, Y: Point, K: number, inputs: Uint8Array, threads?: number): Promise<MixResult> {
  const slots = inputs.length / SLOT_BYTES;
  if ((threads ?? (slots >= WORKERS_FROM ? 1 : 0)) < 1) return mixBallots(voteId, Y, K, inputs);
  const a = await onWorker({ kind: 'mix', voteId, Y, K, inputs });
  return a.mix!;
}

/**
 * decryptMixed over every mixed ballot, split into ranges of whole ballots over worker threads when
 * large (`threads` 0: on this thread; default: the CPUs, by size); the ranges' answers are joined in order.
 */
export async function decryptOffThread(voteId: string, member: number, share: Scalar, commitments: readonly Point[], outputs: Uint8Array, K: number, threads?: number): Promise<MixDecryption> {
  const N = outputs.length / (K * SLOT_BYTES);
  const n = threads ?? (N * K >= WORKERS_FROM ? Math.max(1, os.availableParallelism()) : 0);
  if (n < 1 || N < 1) return decryptMixed(voteId, member, share, commitments, outputs, K);
  const per = Math.ceil(N / n);
  const parts: MixDecryption[] = await Promise.all(
    Array.from({ length: Math.ceil(N / per) }, async (_, i) => {
      const part = outputs.slice(i * per * K * SLOT_BYTES, Math.min(N, (i + 1) * per) * K * SLOT_BYTES);
      const mine = share.slice(); // transferred: the worker wipes it, and this thread's copy is detached
      return (await onWorker({ kind: 'decrypt', voteId, member, share: mine, commitments: commitments.map((c) => c.slice()), outputs: part, K }, [mine.buffer as ArrayBuffer])).decryption!;
    }),
  );
  const join = (pick: (d: MixDecryption) => Uint8Array) => {
    const all = new Uint8Array(parts.reduce((s, d) => s + pick(d).length, 0));
    let off = 0;
    for (const d of parts) {
      all.set(pick(d), off);
      off += pick(d).length;
    }
    return all;
  };
  return { member, shares: join((d) => d.shares), t1: join((d) => d.t1), t2: join((d) => d.t2), s: join((d) => d.s) };
}

/** At close: mixes the counted ballots (in entry order, N × K × 64 bytes) and keeps the mix (null when N = 0). */
export async function storeMixOf(t: Tx, v: VoteRow, inputs: Uint8Array, turnout: number): Promise<void> {
  const K = v.slots!;
  const Y = pointFromHex(v.commitments![0]!);
  const mix = turnout > 0 ? mixToStored(await mixOffThread(v.id, Y, K, inputs)) : null;
  await repo.storeMix(t, v.id, mix, turnout);
}

/** A member's decryption as stored (voting_decryption): the board's shares and proofs, [ballot][slot]. */
export interface MixDecryptionRow {
  member: number;
  shares: string[][];
  proofs: { t1: string; t2: string; s: string }[][];
}

function perBallot<T>(xs: T[], K: number): T[][] {
  return Array.from({ length: xs.length / K }, (_, i) => xs.slice(i * K, (i + 1) * K));
}

function hexes(b: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.length; i += 32) out.push(toHex(b.subarray(i, i + 32)));
  return out;
}

/** Member i's decryption of every mixed slot (the share is checked against the commitments first by the caller). */
export async function mixedDecryptionOf(t: Tx, v: VoteRow, member: number, share: Scalar, commitments: readonly Point[]): Promise<MixDecryptionRow> {
  const K = v.slots!;
  const stored = (await repo.mixOf(t, v.id)) as StoredMix | null;
  if (!stored) return { member, shares: [], proofs: [] };
  const d = await decryptOffThread(v.id, member, share, commitments, fromHex(stored.outputs), K);
  const t1 = hexes(d.t1);
  const t2 = hexes(d.t2);
  const s = hexes(d.s);
  return { member, shares: perBallot(hexes(d.shares), K), proofs: perBallot(t1.map((x, j) => ({ t1: x, t2: t2[j]!, s: s[j]! })), K) };
}

function decryptionFromRow(r: MixDecryptionRow): MixDecryption {
  const flat = r.proofs.flat();
  return {
    member: r.member,
    shares: fromHex(r.shares.flat().join('')),
    t1: fromHex(flat.map((p) => p.t1).join('')),
    t2: fromHex(flat.map((p) => p.t2).join('')),
    s: fromHex(flat.map((p) => p.s).join('')),
  };
}

/**
 * The format-2 board from the kept mix and ≥ k decryptions: every decryption proof and every decoded
 * number checked (verifyDecryptions) before anything is stored; the document's text around the
 * entries stored, the entries streamed from their rows for the SHA-256 and the chain head; the
 * results digest over per-idea counts (ballots naming each idea). Answers what publishBoard answers.
 */
export async function publishMixedBoard(t: Tx, v: VoteRow, rows: readonly MixDecryptionRow[]): Promise<{ turnout: number; counts: number[][]; sha256: string; bytes: number; digest: string }> {
  const voteId = v.id;
  const K = v.slots!;
  const qs = v.questions as QuestionDef[];
  const ideas = qs[0]!.options.length;
  const k = v.threshold ?? 0;
  const members = v.members ?? 0;
  const commitments = (v.commitments ?? []).map(pointFromHex);
  const turnout = v.turnout ?? 0;
  const stored = (await repo.mixOf(t, voteId)) as StoredMix | null;
  let section: BoardV2Head['mix'] = null;
  let ballots: number[][] = [];
  if (turnout > 0) {
    if (!stored) throw new Error(`vote ${voteId} has ${turnout} counted ballots but no mix`);
    const mix = mixFromStored(stored);
    const ds = rows.map(decryptionFromRow);
    const decoded = decodeMixed(mix.outputs, K, ds, ideas);
    const check = verifyDecryptions(voteId, { threshold: k, members, commitments }, mix.outputs, K, ds, decoded, ideas);
    if (!check.ok) throw new Error(`the decryptions of vote ${voteId} do not hold: ${check.detail}`);
    section = mixSectionToJson(K, ideas, mix, ds, decoded);
    ballots = section.ballots;
  }
  const title = v.title as Texts;
  const doc: BoardV2Head = {
    format: BOARD_FORMAT_V2,
    voteId,
    kov: v.kov_code,
    title: { et: title.et, en: title.en, ru: title.ru },
    questions: qs.map((q) => ({ id: q.id, options: q.options.map((o) => ({ id: o.id })) })),
    key: { Y: v.commitments![0]!, threshold: k, members, commitments: [...(v.commitments ?? [])] },
    turnout,
    mix: section,
  };
  const parts = boardPartsV2(doc);
  const state: StreamState = { head: '', entries: 0 };
  const pass = await digestOfStream(boardChunks(parts, voteId, { slots: K }, (after, limit) => repo.entriesAfter(t, voteId, after, limit), state), state);
  if (pass.entries !== turnout) throw new Error(`the board has ${pass.entries} entries but the turnout at close was ${turnout}`);
  const counts = [countsOfBallots(ballots, ideas)];
  const head = pass.entries ? pass.head : chainStartV2(voteId);
  const digest = resultDigest({ voteId, kov: v.kov_code, boardSha256: pass.sha256, head, rollSize: v.roll_size, turnout, counts });
  await repo.storeBoard(t, voteId, { ...parts, sha256: pass.sha256, bytes: pass.bytes, digest });
  return { turnout, counts, sha256: pass.sha256, bytes: pass.bytes, digest };
}
