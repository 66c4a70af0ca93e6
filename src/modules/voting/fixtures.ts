// Test factories of the voting core that other modules' tests may use.
//
// legacyBoardText: the board document built as it was before boards became rows — the whole board
// in memory (buildBoard, every entry decoded, the chain from the stored trackers) and one
// JSON.stringify. The streamed board must give exactly these bytes (voting.board-stream.test.ts).
import type { Db } from '../../kernel/db.js';
import type { BoardDocument, BoardEntry, EntryKind } from './crypto/board.js';
import { buildBoard, chainHash, chainStart } from './crypto/board.js';
import { ballotFromBytes } from './crypto/elgamal.js';
import { pointFromHex, ready } from './crypto/group.js';
import type { DecryptionRow } from './repo.js';
import type { QuestionDef, Texts } from './rules.js';
import { shapeOfQs } from './rules.js';

/** The old builder's board text for a published vote, read from the same rows (platform-wide read). */
export async function legacyBoardText(db: Db, voteId: string): Promise<string> {
  await ready();
  const { v, rows, ds } = await db.system('test: the old board builder', async (t) => ({
    v: (await t.one<{ kov_code: string; title: Texts; questions: QuestionDef[]; threshold: number; members: number; commitments: string[]; sums: [string, string][][] }>(
      'SELECT kov_code, title, questions, threshold, members, commitments, sums FROM voting_vote WHERE id = $1',
      [voteId],
    ))!,
    rows: await t.query<{ seq: number; kind: EntryKind; tracker: string; ct: Uint8Array }>('SELECT seq, kind, tracker, ct FROM voting_entry WHERE vote_id = $1 ORDER BY seq', [voteId]),
    ds: await t.query<DecryptionRow>('SELECT member, shares, proofs FROM voting_decryption WHERE vote_id = $1 ORDER BY member', [voteId]),
  }));
  const shape = shapeOfQs(v.questions);
  const built = buildBoard({
    voteId,
    kov: v.kov_code,
    title: v.title,
    questions: v.questions.map((q) => ({ id: q.id, options: q.options.map((o) => ({ id: o.id })) })),
    key: { threshold: v.threshold, members: v.members, commitments: v.commitments.map(pointFromHex) },
    entries: rows.map((r) => ({ kind: r.kind, ciphertexts: ballotFromBytes(r.ct, shape) })),
    decryptions: ds,
    sums: v.sums.map((row) => row.map(([A, B]) => ({ A: pointFromHex(A), B: pointFromHex(B) }))),
  });
  let prev = chainStart(voteId);
  const entries = built.entries.map((e, i): BoardEntry => {
    const tracker = rows[i]!.tracker;
    const hash = chainHash(prev, e.seq, e.kind, tracker);
    const out: BoardEntry = { seq: e.seq, kind: e.kind, tracker, ciphertexts: e.ciphertexts, prev, hash };
    prev = hash;
    return out;
  });
  const board: BoardDocument = { ...built, entries };
  return JSON.stringify(board);
}
