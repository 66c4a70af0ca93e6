// Casting: a resident's electronic ballot (checked, encrypted off the event loop, stored by one
// statement in one round trip) and an official's paper ballot; a person's own participation.
// Casts by residents are not audited (participation is their record; one audit chain per KOV would
// serialise every cast); a paper ballot is.
import { recordAudit } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { HttpError, conflict, forbidden, notFound } from '../../kernel/errors.js';
import { UUID_RE } from '../../kernel/ids.js';
import { EncryptionRefusedError, ballotEncryptionPath, encryptZerosWith } from './crypto/elgamal.js';
import { POINT_BYTES, SCALAR_BYTES, mulBase, mulBaseInt, pointAdd, pointFromHex, pointSub, ready, scalarFromInt, secretScalarsInto } from './crypto/group.js';
import type { Point } from './crypto/group.js';
import { SLOT_BYTES, slotTracker } from './crypto/mix.js';
import { encryptBallotBytes, encryptFallback, type Encrypted } from './encrypt-pool.js';
import * as repo from './repo.js';
import type { Official, QuestionDef } from './rules.js';
import { choicesToMatrix, choicesToSlots } from './rules.js';
import { needStatus, voteIn } from './votes.js';

// ---------------------------------------------------------------- casting

interface CastMeta {
  kov: string;
  questions: QuestionDef[];
  Y: Point;
  revote: boolean;
  /** K of a format-2 vote; null for version 1. */
  slots: number | null;
}
// Immutable once a vote has its key: kov, questions, Y and the re-vote rule never change after that.
const metaCache = new Map<string, CastMeta>();

/** Forgets a vote's cast facts (its status changed: a closed vote takes no more casts). */
export function forgetCastMeta(voteId: string): void {
  metaCache.delete(voteId);
}

/** The public facts a cast needs (read platform-wide: a cast URL names the vote, not its KOV). */
async function castMeta(db: Db, voteId: string): Promise<CastMeta> {
  const hit = metaCache.get(voteId);
  if (hit) return hit;
  if (!UUID_RE.test(voteId)) throw notFound();
  const v = await db.system('public cast: the vote is found by its id alone', (t) => repo.getVote(t, voteId));
  if (!v) throw notFound();
  if (!v.commitments) throw conflict('voting.error.notOpen');
  const meta: CastMeta = { kov: v.kov_code, questions: v.questions as QuestionDef[], Y: pointFromHex(v.commitments[0]!), revote: v.revote, slots: v.slots ?? null };
  if (metaCache.size > 1000) metaCache.clear();
  metaCache.set(voteId, meta);
  return meta;
}

/**
 * Checks the ballot (400 on a bad one) and encrypts it off the event loop (encrypt-pool.ts); 503
 * when encryption is refused (no addon and VALLAMAJA_ENCRYPT_FALLBACK=refuse: fail closed).
 */
async function encryptChoices(voteId: string, meta: CastMeta, choices: unknown): Promise<Encrypted> {
  if (meta.slots) return encryptSlots(voteId, meta.Y, choicesToSlots(meta.questions, meta.slots, choices));
  const matrix = choicesToMatrix(meta.questions, choices);
  try {
    return await encryptBallotBytes(voteId, meta.Y, matrix);
  } catch (e) {
    if (e instanceof EncryptionRefusedError) throw new HttpError(503, 'encryption-refused', 'error.unavailable.title', [], 'voting.error.encryptionRefused');
    throw e;
  } finally {
    for (const row of matrix) row.fill(0); // the choices, as far as this code holds them (docs/deployment.md)
  }
}

/**
 * A format-2 ballot (docs/voting-board-v2.md): slot k = (r_k·G, m_k·G + r_k·Y) with a fresh r_k, m_k the
 * idea number (0: empty). (r·G, r·Y) come from encryptZerosWith (the addon's constant-time fixed-base
 * tables, else libsodium's constant-time multiplications); m·G is added as (m + 1)·G − G, so an empty
 * slot takes the same steps as a chosen one. The tracker is slotTracker. The scalars and the numbers
 * are wiped. Refused (503) as version 1 is when the addon is missing and the policy is 'refuse'.
 */
function encryptSlots(voteId: string, Y: Point, slots: number[]): Encrypted {
  if (encryptFallback() === 'refuse' && ballotEncryptionPath() !== 'addon') {
    slots.fill(0);
    throw new HttpError(503, 'encryption-refused', 'error.unavailable.title', [], 'voting.error.encryptionRefused');
  }
  const K = slots.length;
  const r = new Uint8Array(K * SCALAR_BYTES);
  try {
    secretScalarsInto(r);
    const ct = encryptZerosWith(Y, r);
    const G = mulBaseInt(1);
    for (let k = 0; k < K; k++) {
      const off = k * SLOT_BYTES + POINT_BYTES;
      const mG = pointSub(mulBase(scalarFromInt(slots[k]! + 1)), G);
      ct.set(pointAdd(ct.subarray(off, off + POINT_BYTES), mG), off);
    }
    return { tracker: slotTracker(voteId, ct), ct };
  } finally {
    r.fill(0);
    slots.fill(0);
  }
}

/**
 * A person's casts in one vote are limited to a burst (re-voting a few times is fine; a script
 * hammering the cast is not): counted inside the cast statement, exact across processes.
 */
export const CAST_BURST = { max: 20, seconds: 60 };

/**
 * A resident's electronic ballot: checked against the rules, encrypted (outside the transaction),
 * stored by one statement (repo.CAST_SQL). Answers the tracker and whether it replaced her earlier ballot. Refusals: 400 bad ballot, 403 not
 * on the roll, 409 outside the window / no re-voting / a paper ballot was entered, 404 no vote.
 */
export async function cast(db: Db, voteId: string, voterHash: string, choices: unknown): Promise<{ tracker: string; replaced: boolean }> {
  await ready();
  const meta = await castMeta(db, voteId);
  const { tracker, ct } = await encryptChoices(voteId, meta, choices);
  const { sql, params } = repo.castStatement({ voteId, voterHash, tracker, ct, revote: meta.revote, burst: CAST_BURST });
  const n = (await db.txStatement<{ n: number | null }>(sql, params, { kov: meta.kov }))[0]?.n ?? null;
  if (n !== null) return { tracker, replaced: n > 1 };
  // Nothing was stored; say why (a second, read-only transaction on this rare path).
  throw refusal(await db.tx((t) => repo.castRefusal(t, voteId, voterHash, meta.revote, CAST_BURST), { kov: meta.kov }));
}

/**
 * How many times a person has cast in each of the given votes (participation: who voted, never
 * what); votes she has not cast in are absent. Platform-wide, for her own hash only (a person may
 * be on rolls of several KOVs).
 */
export async function castsOf(db: Db, voterHash: string, voteIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await participationOf(db, voterHash, voteIds);
  return new Map([...rows].map(([id, p]) => [id, p.casts]));
}

/** A person's own participation: per vote she cast in, how many times and when she last did. */
export async function participationOf(db: Db, voterHash: string, voteIds: readonly string[]): Promise<Map<string, { casts: number; lastAt: Date }>> {
  const ids = voteIds.filter((v) => UUID_RE.test(v));
  if (ids.length === 0) return new Map();
  const rows = await db.system('a person\'s own participation across KOVs', (t) => repo.participationOf(t, voterHash, ids));
  return new Map(rows.map((r) => [r.vote_id, { casts: Number(r.casts), lastAt: new Date(r.last_at) }]));
}

function refusal(r: repo.CastRefusal) {
  if (typeof r === 'object') {
    return new HttpError(429, 'rate-limited', 'error.rateLimited.title', [], 'voting.error.tooOften', { 'retry-after': String(r.tooOften.retryAfterSeconds) });
  }
  switch (r) {
    case 'no-vote':
      return notFound();
    case 'not-on-roll':
      return forbidden('voting.error.notOnRoll');
    case 'not-open':
      return conflict('voting.error.notOpen');
    case 'paper':
      return conflict('voting.error.paperCast');
    case 'no-revote':
      return conflict('voting.error.noRevote');
  }
}

/**
 * A paper or assisted ballot entered by an official (while the vote is open): it replaces the
 * person's electronic ballot, and later electronic casts by that person are refused.
 */
export async function castPaper(db: Db, voteId: string, voterHash: string, choices: unknown, by: Official): Promise<{ tracker: string }> {
  await ready();
  const v0 = await db.tx((t) => voteIn(t, by.kov, voteId), { kov: by.kov });
  needStatus(v0, 'open');
  const meta = await castMeta(db, voteId);
  const { tracker, ct } = await encryptChoices(voteId, meta, choices);
  return db.tx(
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true); // serialises with close
      needStatus(v, 'open');
      const r = await repo.castPaperBallot(t, { voteId, voterHash, tracker, ct });
      if (r === 'not-on-roll') throw forbidden('voting.error.notOnRoll');
      if (r === 'paper-exists') throw conflict('voting.error.paperTwice');
      // The audit says that a paper ballot was entered and by whom, never what it holds.
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.ballot.paper', targetType: 'voting_vote', targetId: voteId, after: { voter: voterHash.slice(0, 8) } });
      return { tracker };
    },
    { kov: by.kov },
  );
}

