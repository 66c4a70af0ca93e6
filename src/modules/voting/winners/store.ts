// The winners document kept with a vote (docs/voting-winners.md): the module that runs a vote counted by
// a winner rule (budgets) hands the core its document when the committee certifies, in the module's
// transaction, and again when an override is recorded (only the overrides may change: the rule's part
// kept at certification stays as it is). The core serves it publicly once the vote is certified and
// `vallamaja verify` checks it against the board (verifyWinners).
import type { Db, Tx } from '../../../kernel/db.js';
import { UUID_RE } from '../../../kernel/ids.js';
import * as repo from '../repo/winners.js';
import type { WinnersDocument } from './document.js';
import { ruleTextOf, sha256Text, winnersDocumentText } from './document.js';

/**
 * Keeps the vote's winners document (its canonical text) and answers the text. The vote must be
 * certified and the document bound to its published board; a document kept before may only be
 * replaced by one with the same rule's part (new overrides). Throws otherwise (a programming error of
 * the calling module, never a user's).
 */
export async function keepWinnersDocument(t: Tx, kov: string, voteId: string, doc: WinnersDocument): Promise<string> {
  const row = await repo.winnersRow(t, kov, voteId, true);
  if (!row) throw new Error(`winners document: no vote ${voteId} in KOV ${kov}`);
  if (row.status !== 'certified') throw new Error(`winners document: vote ${voteId} is not certified`);
  const boardSha = row.board_sha256 ?? (row.board !== null ? sha256Text(row.board) : null);
  if (doc.voteId !== voteId || doc.kov !== kov || doc.board.sha256 !== boardSha) throw new Error(`winners document: not bound to the board of vote ${voteId}`);
  if (row.winner_rule !== null && doc.rule.kind !== row.winner_rule) throw new Error(`winners document: vote ${voteId} is counted by the ${row.winner_rule} rule, not ${doc.rule.kind}`);
  const text = winnersDocumentText(doc);
  if (row.winners !== null && ruleTextOf(JSON.parse(row.winners) as WinnersDocument) !== ruleTextOf(doc)) {
    throw new Error(`winners document: the rule's result kept for vote ${voteId} at certification cannot change`);
  }
  if (row.winners !== text) await repo.setWinners(t, kov, voteId, text);
  return text;
}

/** What `vallamaja verify` needs to know of a vote's winners (platform-wide): its rule, whether it is certified, the kept text. */
export async function winnersState(db: Db, voteId: string): Promise<{ certified: boolean; rule: string | null; text: string | null } | null> {
  if (!UUID_RE.test(voteId)) return null;
  const r = await db.system('operator: verify a vote’s winners', (t) => repo.winnersState(t, voteId));
  return r ? { certified: r.status === 'certified', rule: r.winner_rule, text: r.winners } : null;
}

/** The kept winners document's exact text once the vote is certified (public, any KOV), or null. */
export async function getWinnersText(db: Db, voteId: string): Promise<string | null> {
  if (!UUID_RE.test(voteId)) return null;
  const r = await db.system('a public winners document, found by its vote id alone', (t) => repo.publicWinners(t, voteId));
  return r?.winners ?? null;
}
