// The public boards (VOTING.md): read across KOVs by anyone once published, the voter's tracker
// check, and re-verification of a stored board (the CLI's `verify`). A board is streamed from its
// rows (crypto/board-stream.ts): the text around the entries is stored once, the entries are
// written from voting_entry a batch at a time, so memory stays flat whatever the board's size.
// Boards published before that keep their whole text in voting_vote.board and are served from it.
import type { Db } from '../../kernel/db.js';
import { UUID_RE } from '../../kernel/ids.js';
import type { BoardDocument } from './crypto/board.js';
import { chainStart } from './crypto/board.js';
import type { StreamState } from './crypto/board-stream.js';
import { boardChunks, countsOfTail, digestOfStream, tailFields } from './crypto/board-stream.js';
import { chainStartV2 } from './crypto/mix.js';
import { isHex32, ready, sha256hex } from './crypto/group.js';
import { verifyBoard } from './crypto/verify.js';
import { verifyBoardV2 } from './crypto/verify-v2.js';
import * as repo from './repo.js';
import type { QuestionDef, Texts } from './rules.js';
import { resultDigest, resultDigestOfBoard, shapeOfQs } from './rules.js';

// ---------------------------------------------------------------- the public board

/** A published board, ready to be sent: its validator, length and a fresh stream of its bytes. */
export interface BoardSource {
  voteId: string;
  /** SHA-256 (hex) of the document's bytes: its strong validator. */
  sha256: string;
  bytes: number;
  /** The results digest computed at publication (null for a legacy board: see digestOfStoredBoard). */
  digest: string | null;
  /** The document's bytes as text chunks, read from the database as they are consumed. */
  chunks(state?: StreamState): AsyncIterable<string>;
}

/** Entries are read this many at a time (each batch in its own short read). */
const BATCH = 2000;

/** The published board (platform-wide: boards are public), or null. */
export async function boardSource(db: Db, voteId: string, batch = BATCH): Promise<BoardSource | null> {
  if (!UUID_RE.test(voteId)) return null;
  const r = await db.system('a public board, found by its vote id alone', (t) => repo.boardRow(t, voteId));
  if (!r) return null;
  if (r.board !== null) {
    const text = r.board;
    return {
      voteId,
      sha256: sha256hex(Buffer.from(text, 'utf8')),
      bytes: Buffer.byteLength(text, 'utf8'),
      digest: null,
      chunks: async function* () {
        yield text;
      },
    };
  }
  const parts = { head: r.board_head!, tail: r.board_tail! };
  const shape = r.slots ? { slots: r.slots } : shapeOfQs(r.questions as QuestionDef[]);
  const read = (after: number, limit: number) => db.system('a public board’s entries', (t) => repo.entriesAfter(t, voteId, after, limit));
  return {
    voteId,
    sha256: r.board_sha256!,
    bytes: Number(r.board_bytes),
    digest: r.result_digest,
    chunks: (state?: StreamState) => boardChunks(parts, voteId, shape, read, state, batch),
  };
}

/** The whole published board document as text (VOTING.md field order), or null. Small boards only:
 * a string cannot exceed V8's limit (≈ 512 MiB); send large ones with boardSource. */
export async function getBoardText(db: Db, voteId: string): Promise<string | null> {
  const src = await boardSource(db, voteId);
  if (!src) return null;
  let s = '';
  for await (const c of src.chunks()) s += c;
  return s;
}

export async function getBoard(db: Db, voteId: string): Promise<BoardDocument | null> {
  const text = await getBoardText(db, voteId);
  return text ? (JSON.parse(text) as BoardDocument) : null;
}

/** How many entries a published board holds (without reading them), or null. */
export async function boardTurnout(db: Db, voteId: string): Promise<number | null> {
  if (!UUID_RE.test(voteId)) return null;
  const r = await db.system('a public board, found by its vote id alone', (t) => repo.boardRow(t, voteId));
  if (!r) return null;
  if (r.board !== null) return (JSON.parse(r.board) as BoardDocument).turnout;
  return tailFields(r.board_tail!).turnout;
}

/**
 * The results digest recomputed from the board as it is served now (the bytes streamed from the
 * rows, hashed on the way; the counts and turnout from its tail) and the vote's roll size. A board
 * or an entry changed after publication gives another digest than the one signed off.
 */
export async function digestOfStoredBoard(db: Db, voteId: string): Promise<string | null> {
  const src = await boardSource(db, voteId);
  if (!src) return null;
  const r = await db.system('a public board, found by its vote id alone', (t) => repo.boardRow(t, voteId));
  if (!r) return null;
  if (r.board !== null) return resultDigestOfBoard(r.board, r.roll_size);
  const state: StreamState = { head: '', entries: 0 };
  const pass = await digestOfStream(src.chunks(state), state);
  if (r.slots) {
    const { turnout, counts } = countsOfTail(r.board_tail!, (r.questions as QuestionDef[])[0]?.options.length ?? 0);
    return resultDigest({ voteId, kov: r.kov_code, boardSha256: pass.sha256, head: pass.entries ? pass.head : chainStartV2(voteId), rollSize: r.roll_size, turnout, counts });
  }
  const { turnout, tally } = tailFields(r.board_tail!);
  return resultDigest({ voteId, kov: r.kov_code, boardSha256: pass.sha256, head: pass.entries ? pass.head : chainStart(voteId), rollSize: r.roll_size, turnout, counts: tally.counts });
}

export interface BoardListItem {
  voteId: string;
  kov: string;
  title: Texts;
  url: string;
}

/** Every published board (public, across KOVs). */
export async function listBoards(db: Db, baseUrl = ''): Promise<BoardListItem[]> {
  const rows = await db.system('the public boards of every KOV', (t) => repo.publishedVotes(t));
  return rows.map((r) => ({ voteId: r.id, kov: r.kov_code, title: { et: r.title.et, en: r.title.en, ru: r.title.ru }, url: `${baseUrl}/api/v1/boards/${r.id}` }));
}

/** The voter's check: is her tracker on the published board? null when the board is not published. */
export async function trackerOnBoard(db: Db, voteId: string, tracker: string): Promise<boolean | null> {
  if (!UUID_RE.test(voteId)) return null;
  const tr = tracker.trim().toLowerCase();
  return db.system('the public tracker check, by vote id alone', async (t) => {
    if (!(await repo.isPublished(t, voteId))) return null;
    if (!isHex32(tr)) return false;
    return repo.trackerOnBoard(t, voteId, tr);
  });
}

/**
 * verifyBoard on the stored board, as it is served (platform-wide; the CLI's `verify`). The streamed
 * document is parsed a batch of entries at a time (head and tail as one object, each batch of
 * entries as one array), so no single string has to hold a board larger than V8's string limit.
 */
export async function verifyStoredBoard(db: Db, voteId: string) {
  await ready();
  const src = await boardSource(db, voteId);
  if (!src) return null;
  let doc: unknown;
  try {
    // chunks: head, entry batches (comma-joined entry objects), tail; a legacy board is one chunk
    let head: string | null = null;
    let pending: string | null = null;
    const entries: unknown[] = [];
    for await (const c of src.chunks()) {
      if (head === null) head = c;
      else {
        if (pending !== null) for (const e of JSON.parse(`[${pending.replace(/^,/, '')}]`) as unknown[]) entries.push(e);
        pending = c;
      }
    }
    if (pending === null) doc = JSON.parse(head ?? '');
    else {
      const o = JSON.parse(`${head}${pending}`) as { entries: unknown[] };
      o.entries = entries;
      doc = o;
    }
  } catch {
    doc = null; // verifyBoard reports a non-object as a failed format check
  }
  // format 2 (docs/voting-board-v2.md): the chain, trackers, points, key and the mix section
  if (typeof doc === 'object' && doc !== null && (doc as { format?: unknown }).format === 'vallamaja-board/2') return verifyBoardV2(doc);
  return verifyBoard(doc);
}
