// The public ballot boards (VOTING.md): read across KOVs by anyone once published, the voter's
// tracker check, and re-verification of a stored board (the CLI's `verify`).
import type { Db } from '../../kernel/db.js';
import { UUID_RE } from '../../kernel/ids.js';
import type { BoardDocument } from './crypto/board.js';
import { isHex32, ready } from './crypto/group.js';
import { verifyBoard } from './crypto/verify.js';
import * as repo from './repo.js';
import type { Texts } from './rules.js';

// ---------------------------------------------------------------- the public board

/** The published board document as stored (JSON text, VOTING.md's field order), or null. */
export async function getBoardText(db: Db, voteId: string): Promise<string | null> {
  if (!UUID_RE.test(voteId)) return null;
  return db.system('a public board, found by its vote id alone', (t) => repo.boardText(t, voteId));
}

export async function getBoard(db: Db, voteId: string): Promise<BoardDocument | null> {
  const text = await getBoardText(db, voteId);
  return text ? (JSON.parse(text) as BoardDocument) : null;
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

/** verifyBoard on the stored board (platform-wide; the CLI's `verify`). */
export async function verifyStoredBoard(db: Db, voteId: string) {
  await ready();
  const text = await getBoardText(db, voteId);
  if (!text) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = null; // verifyBoard reports a non-object as a failed format check
  }
  return verifyBoard(doc);
}

