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

// ---------------------------------------------------------------- the committee (polls_member)

export interface MemberRow {
  poll_id: string;
  kov_code: string;
  member: number;
  idcode_hash: string;
  idcode_hint: string;
  /** Whether a sealed share waits in the row (the share itself is read only by takeShare). */
  waiting: boolean;
  dealt_at: Date | null;
  picked_up_at: Date | null;
}

const M_COLS = 'poll_id, kov_code, member, idcode_hash, idcode_hint, share_sealed IS NOT NULL AS waiting, dealt_at, picked_up_at';

/** A draft's committee is removed (to be named again, or with the draft); never after dealing. */
export async function deleteMembers(t: Tx, kov: string, pollId: string): Promise<void> {
  await t.query(`DELETE FROM polls_member WHERE poll_id = $1 AND kov_code = $2 AND dealt_at IS NULL`, [pollId, kov]);
}

/** The committee named at creation: member i is the i-th code (1-based). */
export async function insertMembers(t: Tx, pollId: string, kov: string, members: readonly { hash: string; hint: string }[]): Promise<void> {
  await t.query(
    `INSERT INTO polls_member (poll_id, kov_code, member, idcode_hash, idcode_hint)
     SELECT $1, $2, m.n::int, m.h, m.hint FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS m(h, hint, n)`,
    [pollId, kov, members.map((m) => m.hash), members.map((m) => m.hint)],
  );
}

export async function membersOf(t: Tx, kov: string, pollId: string): Promise<MemberRow[]> {
  return t.query<MemberRow>(`SELECT ${M_COLS} FROM polls_member WHERE poll_id = $1 AND kov_code = $2 ORDER BY member`, [pollId, kov]);
}

export async function memberByHash(t: Tx, kov: string, pollId: string, hash: string): Promise<MemberRow | null> {
  return (await t.one<MemberRow>(`SELECT ${M_COLS} FROM polls_member WHERE poll_id = $1 AND kov_code = $2 AND idcode_hash = $3`, [pollId, kov, hash])) ?? null;
}

/** Stores member `member`'s sealed share at dealing. */
export async function storeSealedShare(t: Tx, pollId: string, member: number, sealed: Buffer): Promise<void> {
  await t.query('UPDATE polls_member SET share_sealed = $3, dealt_at = core_now() WHERE poll_id = $1 AND member = $2', [pollId, member, sealed]);
}

/**
 * Takes the waiting share out of the member's row: answers it and clears the row in one statement
 * (the old value is read from the row the UPDATE locks, so two pick-ups cannot both get it). Null
 * when nothing waits (not dealt yet, or picked up already).
 */
export async function takeShare(t: Tx, kov: string, pollId: string, hash: string): Promise<{ member: number; sealed: Buffer; picked_up_at: Date } | null> {
  const r = await t.one<{ member: number; sealed: Uint8Array; picked_up_at: Date }>(
    `UPDATE polls_member m SET share_sealed = NULL, picked_up_at = core_now()
       FROM (SELECT poll_id, member, share_sealed FROM polls_member
              WHERE poll_id = $1 AND kov_code = $2 AND idcode_hash = $3 AND share_sealed IS NOT NULL FOR UPDATE) old
      WHERE m.poll_id = old.poll_id AND m.member = old.member
      RETURNING m.member, old.share_sealed AS sealed, m.picked_up_at`,
    [pollId, kov, hash],
  );
  return r ? { member: r.member, sealed: Buffer.from(r.sealed), picked_up_at: r.picked_up_at } : null;
}

/** The published polls a person is a committee member of, across KOVs (an owner transaction). */
export async function committeesOf(t: Tx, hash: string): Promise<(MemberRow & { vote_id: string })[]> {
  return t.query<MemberRow & { vote_id: string }>(
    `SELECT m.poll_id, m.kov_code, m.member, m.idcode_hash, m.idcode_hint, m.share_sealed IS NOT NULL AS waiting, m.dealt_at, m.picked_up_at, p.vote_id
       FROM polls_member m JOIN polls_poll p ON p.id = m.poll_id
      WHERE m.idcode_hash = $1 AND p.published_at IS NOT NULL ORDER BY p.created_at DESC`,
    [hash],
  );
}

/** The unit names a certified poll's turnout table shows, as stored at certification (null before). */
export async function resultUnits(t: Tx, pollId: string): Promise<{ code: string; name: string }[] | null> {
  const r = await t.one<{ result_units: { code: string; name: string }[] | null }>('SELECT result_units FROM polls_poll WHERE id = $1', [pollId]);
  return r?.result_units ?? null;
}

export async function storeResultUnits(t: Tx, pollId: string, units: readonly { code: string; name: string }[]): Promise<void> {
  await t.query('UPDATE polls_poll SET result_units = $2 WHERE id = $1', [pollId, JSON.stringify(units)]);
}
