// Counting: close (ends the window, shuffles the counted ballots into voter-less entries, sums them
// homomorphically), the committee's partial decryptions, and the published board built from them.
import { recordAudit } from '../../kernel/audit.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, conflict } from '../../kernel/errors.js';
import type { BoardDocument } from './crypto/board.js';
import { BOARD_FORMAT, countsOf, makeDecryption, shuffle } from './crypto/board.js';
import type { StreamState } from './crypto/board-stream.js';
import { boardChunks, boardParts, digestOfStream } from './crypto/board-stream.js';
import type { BallotCiphertexts } from './crypto/elgamal.js';
import { CIPHERTEXT_BYTES, ballotFromBytes } from './crypto/elgamal.js';
import { verifyShare } from './crypto/feldman.js';
import { pointFromHex, pointToHex, ready, scalarFromHex } from './crypto/group.js';
import { forgetCastMeta } from './cast.js';
import * as repo from './repo.js';
import type { VoteRow } from './repo.js';
import type { Official, QuestionDef, Texts } from './rules.js';
import { resultDigest, shapeOfQs, widthOf } from './rules.js';
import { sumBallotBytes } from './sums.js';
import { needStatus, voteIn, within } from './votes.js';
import { mixedDecryptionOf, publishMixedBoard, storeMixOf, type MixDecryptionRow } from './mixcount.js';

// ---------------------------------------------------------------- close and tally


/**
 * Closes the vote (ends the window now if it has not ended): superseded ballots are already gone
 * (one row per voter); the counted ballots are shuffled into voting_entry without their voters and
 * the ballot rows deleted; the ciphertexts are summed homomorphically (worker threads when large).
 */
export async function closeVote(on: Db | Tx, voteId: string, by: Official): Promise<{ turnout: number }> {
  await ready();
  return within(
    on,
    by.kov,
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true);
      needStatus(v, 'open');
      await repo.markClosed(t, voteId);
      const ballots = shuffle(await repo.currentBallots(t, voteId));
      await repo.moveToEntries(t, voteId, by.kov, ballots);
      if (v.slots) {
        // format 2: the ballots in entry order are mixed with a proof of shuffle (mixcount.ts)
        const all = new Uint8Array(ballots.reduce((n, b) => n + b.ct.length, 0));
        let off = 0;
        for (const b of ballots) {
          all.set(b.ct, off);
          off += b.ct.length;
        }
        await storeMixOf(t, v, all, ballots.length);
        await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.vote.close', targetType: 'voting_vote', targetId: voteId, before: { status: 'open' }, after: { status: 'closed', turnout: ballots.length, mixed: true } });
        forgetCastMeta(voteId);
        return { turnout: ballots.length };
      }
      const qs = v.questions as QuestionDef[];
      const width = widthOf(qs);
      const stride = width * CIPHERTEXT_BYTES;
      const all = new Uint8Array(ballots.length * stride);
      ballots.forEach((b, i) => all.set(b.ct, i * stride));
      const sums = ballotFromBytes(await sumBallotBytes(all, width), shapeOfQs(qs));
      const sumsJson = sums.map((row) => row.map((c) => [pointToHex(c.A), pointToHex(c.B)]));
      await repo.storeSums(t, voteId, sumsJson, ballots.length);
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.vote.close', targetType: 'voting_vote', targetId: voteId, before: { status: 'open' }, after: { status: 'closed', turnout: ballots.length } });
      forgetCastMeta(voteId);
      return { turnout: ballots.length };
    },
  );
}

function sumsOf(v: VoteRow): BallotCiphertexts {
  const j = v.sums as [string, string][][] | null;
  if (!j) throw conflict('voting.error.wrongStatus', [{ field: 'status', reason: 'voting.error.wrongStatus', vars: { status: v.status } }]);
  return j.map((row) => row.map(([A, B]) => ({ A: pointFromHex(A), B: pointFromHex(B) })));
}

/**
 * A committee member brings her share: it is checked against the commitments first (a wrong share
 * is refused, 400 on `share`), then her partial decryptions of the sums with proofs are stored.
 * The share itself is never stored or logged.
 */
export async function submitDecryption(on: Db | Tx, voteId: string, member: number, shareHex: string, by: Official): Promise<{ member: number; received: number; needed: number }> {
  await ready();
  return within(
    on,
    by.kov,
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true);
      needStatus(v, 'closed');
      if (!Number.isSafeInteger(member) || member < 1 || member > (v.members ?? 0)) throw badRequest([{ field: 'member', reason: 'voting.field.noMember' }]);
      let share: Uint8Array;
      try {
        share = scalarFromHex(typeof shareHex === 'string' ? shareHex.trim().toLowerCase() : '');
      } catch {
        throw badRequest([{ field: 'share', reason: 'voting.field.invalid', vars: { what: '64 hex digits' } }]);
      }
      const commitments = (v.commitments ?? []).map(pointFromHex);
      if (!verifyShare(member, share, commitments)) throw badRequest([{ field: 'share', reason: 'voting.error.wrongShare' }]);
      let d: repo.DecryptionRow;
      try {
        // format 2: her decryption of every slot of every mixed ballot (mixcount.ts), stored as the board lists it
        d = v.slots ? ((await mixedDecryptionOf(t, v, member, share, commitments)) as unknown as repo.DecryptionRow) : makeDecryption(voteId, member, share, commitments, sumsOf(v));
      } finally {
        share.fill(0);
      }
      if (!(await repo.insertDecryption(t, voteId, by.kov, d, by.actor.id))) throw conflict('voting.error.alreadyDecrypted');
      const received = (await repo.decryptions(t, voteId)).length;
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.tally.decrypt', targetType: 'voting_vote', targetId: voteId, after: { member, received, needed: v.threshold } });
      return { member, received, needed: v.threshold ?? 0 };
    },
  );
}

/**
 * Publishes the board from the shuffled entries and ≥ k decryptions (in its own transaction, or in
 * the caller's: polls publish the board in the transaction that takes the k-th share): every proof is
 * checked and the counts found by Lagrange combination from the sums alone; the entries stay rows
 * (voting_entry) and only the document's text around them is stored. One pass over the streamed
 * document gives its SHA-256 and the chain's head, so the results digest is computed here, once.
 * The entries keep the trackers the voters received (stored at cast time): if a stored ciphertext
 * was altered, the published board's tracker check fails for everyone to see.
 * Answers what was published (without the entries: stream those with boardSource).
 */
export async function publishBoard(on: Db | Tx, voteId: string, by: Official): Promise<PublishedBoard> {
  await ready();
  return within(
    on,
    by.kov,
    async (t) => {
      const v = await voteIn(t, by.kov, voteId, true);
      needStatus(v, 'closed');
      const ds = await repo.decryptions(t, voteId);
      const k = v.threshold ?? 0;
      if (ds.length < k) throw conflict('voting.error.tooFewDecryptions', [{ field: 'decryptions', reason: 'voting.error.tooFewDecryptions', vars: { k, n: ds.length } }]);
      if (v.slots) {
        const p = await publishMixedBoard(t, v, ds as unknown as MixDecryptionRow[]);
        await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.board.publish', targetType: 'voting_vote', targetId: voteId, after: { turnout: p.turnout, counts: p.counts, members: ds.map((d) => d.member), format: 2 } });
        return { voteId, ...p };
      }
      const qs = v.questions as QuestionDef[];
      const shape = shapeOfQs(qs);
      const sums = sumsOf(v);
      const turnout = v.turnout ?? 0;
      const commitments = (v.commitments ?? []).map(pointFromHex);
      const counts = countsOf({ voteId, key: { threshold: k, members: v.members ?? 0, commitments }, shape, sums, turnout, decryptions: ds });
      const doc: Omit<BoardDocument, 'entries'> = {
        format: BOARD_FORMAT,
        voteId,
        kov: v.kov_code,
        title: { et: (v.title as Texts).et, en: (v.title as Texts).en, ru: (v.title as Texts).ru },
        questions: qs.map((q) => ({ id: q.id, options: q.options.map((o) => ({ id: o.id })) })),
        key: { Y: v.commitments![0]!, threshold: k, members: v.members ?? 0, commitments: [...(v.commitments ?? [])] },
        turnout,
        tally: {
          sums: sums.map((row) => row.map((c) => [pointToHex(c.A), pointToHex(c.B)] as [string, string])),
          decryptions: ds.map((d) => ({ member: d.member, shares: d.shares.map((r) => r.slice()), proofs: d.proofs.map((r) => r.map((p) => ({ c: p.c, s: p.s }))) })),
          counts,
        },
      };
      const parts = boardParts(doc);
      const state: StreamState = { head: '', entries: 0 };
      const pass = await digestOfStream(boardChunks(parts, voteId, shape, (after, limit) => repo.entriesAfter(t, voteId, after, limit), state), state);
      if (pass.entries !== turnout) throw new Error(`the board has ${pass.entries} entries but the turnout at close was ${turnout}`);
      const digest = resultDigest({ voteId, kov: v.kov_code, boardSha256: pass.sha256, head: pass.head, rollSize: v.roll_size, turnout, counts });
      await repo.storeBoard(t, voteId, { ...parts, sha256: pass.sha256, bytes: pass.bytes, digest });
      await recordAudit(t, { kov: by.kov, actor: by.actor, action: 'voting.board.publish', targetType: 'voting_vote', targetId: voteId, after: { turnout, counts, members: ds.map((d) => d.member) } });
      return { voteId, turnout, counts, sha256: pass.sha256, bytes: pass.bytes, digest };
    },
  );
}

export interface PublishedBoard {
  voteId: string;
  turnout: number;
  counts: number[][];
  /** SHA-256 of the board document's bytes. */
  sha256: string;
  bytes: number;
  /** The results digest the committee confirms. */
  digest: string;
}

/** The committee members whose partial decryption is stored, in order (for the committee's pages). */
export async function decryptedMembers(on: Db | Tx, kov: string, voteId: string): Promise<number[]> {
  return within(on, kov, async (t) => {
    await voteIn(t, kov, voteId);
    return (await repo.decryptions(t, voteId)).map((d) => d.member).sort((a, b) => a - b);
  });
}
