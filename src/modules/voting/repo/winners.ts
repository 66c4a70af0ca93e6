// SQL for the winners document kept with a vote (winners/store.ts): voting_vote.winners.
import type { Tx } from '../../../kernel/db.js';

export interface WinnersRow {
  kov_code: string;
  status: string;
  winner_rule: string | null;
  board_sha256: string | null;
  board: string | null;
  winners: string | null;
}

/** The vote's status, board hash and kept winners document (in the KOV's transaction; locked with forUpdate). */
export async function winnersRow(t: Tx, kov: string, voteId: string, forUpdate = false): Promise<WinnersRow | undefined> {
  return t.one<WinnersRow>(`SELECT kov_code, status, winner_rule, board_sha256, board, winners FROM voting_vote WHERE id = $1 AND kov_code = $2${forUpdate ? ' FOR UPDATE' : ''}`, [voteId, kov]);
}

export async function setWinners(t: Tx, kov: string, voteId: string, text: string): Promise<void> {
  await t.query('UPDATE voting_vote SET winners = $3 WHERE id = $1 AND kov_code = $2', [voteId, kov, text]);
}

/** A vote's winner rule, status and kept winners document, platform-wide (the operator's verify). */
export async function winnersState(t: Tx, voteId: string): Promise<{ status: string; winner_rule: string | null; winners: string | null } | undefined> {
  return t.one('SELECT status, winner_rule, winners FROM voting_vote WHERE id = $1', [voteId]);
}

/** The kept winners document of a vote, platform-wide (public once certified); undefined: no such vote. */
export async function publicWinners(t: Tx, voteId: string): Promise<{ winners: string | null } | undefined> {
  return t.one<{ winners: string | null }>("SELECT CASE WHEN status = 'certified' THEN winners END AS winners FROM voting_vote WHERE id = $1", [voteId]);
}
