// SQL for the polls tables (polls_poll, polls_voter). Every function takes the caller's transaction.
import type { Tx } from '../../kernel/db.js';
import type { Texts } from '../voting/index.js';
import type { PollRules } from './input.js';

export interface PollRow {
  id: string;
  kov_code: string;
  vote_id: string;
  description: Texts;
  rules: PollRules;
  threshold: number;
  members: number;
  created_at: Date;
  published_at: Date | null;
  decrypted: number[];
}

const COLS = 'id, kov_code, vote_id, description, rules, threshold, members, created_at, published_at, decrypted';
const P_COLS = COLS.split(', ')
  .map((c) => `p.${c}`)
  .join(', ');

export async function pollById(t: Tx, kov: string, id: string, forUpdate = false): Promise<PollRow | null> {
  const r = await t.one<PollRow>(`SELECT ${COLS} FROM polls_poll WHERE id = $1 AND kov_code = $2${forUpdate ? ' FOR UPDATE' : ''}`, [id, kov]);
  return r ?? null;
}

/** The KOV's polls, newest first (published ones only, for the public list). */
export async function pollsOf(t: Tx, kov: string, publishedOnly: boolean): Promise<PollRow[]> {
  return t.query<PollRow>(`SELECT ${COLS} FROM polls_poll WHERE kov_code = $1${publishedOnly ? ' AND published_at IS NOT NULL' : ''} ORDER BY created_at DESC`, [kov]);
}

export async function insertPoll(
  t: Tx,
  p: { id: string; kov: string; voteId: string; description: Texts; rules: PollRules; threshold: number; members: number; createdBy: string | null },
): Promise<void> {
  await t.query(
    `INSERT INTO polls_poll (id, kov_code, vote_id, description, rules, threshold, members, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [p.id, p.kov, p.voteId, JSON.stringify(p.description), JSON.stringify(p.rules), p.threshold, p.members, p.createdBy],
  );
}

/** A draft's own settings replaced (only while it is unpublished); false when it has been published. */
export async function updateDraftPoll(t: Tx, p: { id: string; description: Texts; rules: PollRules; threshold: number; members: number }): Promise<boolean> {
  const r = await t.query(
    'UPDATE polls_poll SET description = $2, rules = $3, threshold = $4, members = $5 WHERE id = $1 AND published_at IS NULL RETURNING id',
    [p.id, JSON.stringify(p.description), JSON.stringify(p.rules), p.threshold, p.members],
  );
  return r.length > 0;
}

/** Deletes a poll that is still a draft; false when it has been published. */
export async function deleteDraftPoll(t: Tx, id: string): Promise<boolean> {
  const r = await t.query('DELETE FROM polls_poll WHERE id = $1 AND published_at IS NULL RETURNING id', [id]);
  return r.length > 0;
}

/** The poll's own copy of its roll (the voter hashes), written in batches. */
export async function insertVoters(t: Tx, pollId: string, kov: string, voterHashes: readonly string[]): Promise<void> {
  const BATCH = 5000;
  for (let i = 0; i < voterHashes.length; i += BATCH) {
    await t.query(`INSERT INTO polls_voter (poll_id, voter_hash, kov_code) SELECT $1, h, $2 FROM unnest($3::text[]) AS x(h) ON CONFLICT DO NOTHING`, [
      pollId,
      kov,
      voterHashes.slice(i, i + BATCH),
    ]);
  }
}

export async function markPublished(t: Tx, pollId: string, by: string | null): Promise<void> {
  await t.query('UPDATE polls_poll SET published_at = core_now(), published_by = $2 WHERE id = $1', [pollId, by]);
}

/** The vote of a poll the person is on the roll of, or null. */
export async function voteOfVoter(t: Tx, kov: string, pollId: string, voterHash: string): Promise<string | null> {
  const r = await t.one<{ vote_id: string }>(
    'SELECT p.vote_id FROM polls_voter v JOIN polls_poll p ON p.id = v.poll_id WHERE v.poll_id = $1 AND v.voter_hash = $2 AND v.kov_code = $3',
    [pollId, voterHash, kov],
  );
  return r?.vote_id ?? null;
}

/** The published polls a person is on the roll of, across KOVs (an owner transaction). */
/** The most recently published polls of every KOV (the public list across Estonia). */
export async function publishedPolls(t: Tx, limit: number): Promise<PollRow[]> {
  return t.query<PollRow>(`SELECT ${COLS} FROM polls_poll WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT $1`, [limit]);
}

export async function pollsOfVoter(t: Tx, voterHash: string): Promise<PollRow[]> {
  return t.query<PollRow>(
    `SELECT ${P_COLS} FROM polls_voter v JOIN polls_poll p ON p.id = v.poll_id
      WHERE v.voter_hash = $1 AND p.published_at IS NOT NULL ORDER BY p.created_at DESC`,
    [voterHash],
  );
}

/** Records that committee member `member` brought her share; false when she had already. */
export async function recordDecrypted(t: Tx, pollId: string, member: number): Promise<boolean> {
  const done = await t.query('UPDATE polls_poll SET decrypted = array_append(decrypted, $2::int) WHERE id = $1 AND NOT ($2::int = ANY(decrypted)) RETURNING id', [pollId, member]);
  return done.length > 0;
}

/** Some of a poll's voters (the demo casts their ballots). */
export async function someVoters(t: Tx, kov: string, pollId: string, limit: number): Promise<string[]> {
  const rows = await t.query<{ voter_hash: string }>('SELECT voter_hash FROM polls_voter WHERE poll_id = $1 AND kov_code = $2 ORDER BY voter_hash LIMIT $3', [pollId, kov, limit]);
  return rows.map((r) => r.voter_hash);
}

// ---------------------------------------------------------------- the committee
// (kept by the voting core, voting_committee, owner = the poll's id: migrations/202612140701_polls_committee_move.sql)

/** Of these polls (any KOV: an owner transaction), the published ones, newest first. */
export async function publishedAmong(t: Tx, ids: readonly string[]): Promise<{ id: string; kov_code: string }[]> {
  if (ids.length === 0) return [];
  return t.query<{ id: string; kov_code: string }>('SELECT id, kov_code FROM polls_poll WHERE id = ANY($1::uuid[]) AND published_at IS NOT NULL ORDER BY created_at DESC', [ids]);
}

/** The unit names a certified poll's turnout table shows, as stored at certification (null before). */
export async function resultUnits(t: Tx, pollId: string): Promise<{ code: string; name: string }[] | null> {
  const r = await t.one<{ result_units: { code: string; name: string }[] | null }>('SELECT result_units FROM polls_poll WHERE id = $1', [pollId]);
  return r?.result_units ?? null;
}

export async function storeResultUnits(t: Tx, pollId: string, units: readonly { code: string; name: string }[]): Promise<void> {
  await t.query('UPDATE polls_poll SET result_units = $2 WHERE id = $1', [pollId, JSON.stringify(units)]);
}
