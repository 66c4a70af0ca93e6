// SQL for voting_committee (committee.ts): a vote's committee members by owner, their sealed shares.
import type { Tx } from '../../../kernel/db.js';

export interface MemberRow {
  member: number;
  idcode_hint: string;
  waiting: boolean;
  picked_up_at: Date | null;
}

const COLS = 'member, idcode_hint, share_sealed IS NOT NULL AS waiting, picked_up_at';

export async function dealtCount(t: Tx, kov: string, owner: string): Promise<number> {
  return (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM voting_committee WHERE owner_id = $1 AND kov_code = $2 AND dealt_at IS NOT NULL', [owner, kov]))?.n ?? 0;
}

/** Replaces the committee of `owner` with these members (1, 2, … in order). */
export async function replaceMembers(t: Tx, kov: string, owner: string, members: readonly { hash: string; hint: string }[]): Promise<void> {
  await t.query('DELETE FROM voting_committee WHERE owner_id = $1 AND kov_code = $2', [owner, kov]);
  await t.query(
    `INSERT INTO voting_committee (owner_id, kov_code, member, idcode_hash, idcode_hint)
     SELECT $1, $2, m.ord::int, m.hash, m.hint FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS m(hash, hint, ord)`,
    [owner, kov, members.map((m) => m.hash), members.map((m) => m.hint)],
  );
}

export async function membersOf(t: Tx, kov: string, owner: string): Promise<MemberRow[]> {
  return t.query<MemberRow>(`SELECT ${COLS} FROM voting_committee WHERE owner_id = $1 AND kov_code = $2 ORDER BY member`, [owner, kov]);
}

export async function memberByHash(t: Tx, kov: string, owner: string, hash: string): Promise<MemberRow | null> {
  return (await t.one<MemberRow>(`SELECT ${COLS} FROM voting_committee WHERE owner_id = $1 AND kov_code = $2 AND idcode_hash = $3`, [owner, kov, hash])) ?? null;
}

export async function placesOf(t: Tx, kov: string, hash: string): Promise<(MemberRow & { owner_id: string })[]> {
  return t.query<MemberRow & { owner_id: string }>(`SELECT owner_id, ${COLS} FROM voting_committee WHERE kov_code = $1 AND idcode_hash = $2`, [kov, hash]);
}

/** Every committee place of a person, in every KOV and for every owner (the caller's owner transaction). */
export async function placesEverywhere(t: Tx, hash: string): Promise<(MemberRow & { owner_id: string; kov_code: string })[]> {
  return t.query<MemberRow & { owner_id: string; kov_code: string }>(`SELECT owner_id, kov_code, ${COLS} FROM voting_committee WHERE idcode_hash = $1`, [hash]);
}

/** Removes the committee of `owner` (the caller has checked that no share was dealt). */
export async function deleteMembers(t: Tx, kov: string, owner: string): Promise<void> {
  await t.query('DELETE FROM voting_committee WHERE owner_id = $1 AND kov_code = $2 AND dealt_at IS NULL', [owner, kov]);
}

/** Names the members of `from` (same numbers, hashes and hints) for `to`, no share dealt. */
export async function copyMembers(t: Tx, kov: string, from: string, to: string): Promise<void> {
  await t.query(
    `INSERT INTO voting_committee (owner_id, kov_code, member, idcode_hash, idcode_hint)
     SELECT $3, kov_code, member, idcode_hash, idcode_hint FROM voting_committee WHERE owner_id = $1 AND kov_code = $2`,
    [from, kov, to],
  );
}

export async function storeSealed(t: Tx, kov: string, owner: string, member: number, sealed: Buffer): Promise<void> {
  await t.query('UPDATE voting_committee SET share_sealed = $4, dealt_at = core_now() WHERE owner_id = $1 AND kov_code = $2 AND member = $3', [owner, kov, member, sealed]);
}

/** Takes the waiting share out of the member's row in one statement; null when nothing waits. */
export async function takeSealed(t: Tx, kov: string, owner: string, hash: string): Promise<{ member: number; sealed: Buffer; picked_up_at: Date } | null> {
  const r = await t.one<{ member: number; sealed: Uint8Array; picked_up_at: Date }>(
    `UPDATE voting_committee m SET share_sealed = NULL, picked_up_at = core_now()
       FROM (SELECT owner_id, member, share_sealed FROM voting_committee
              WHERE owner_id = $1 AND kov_code = $2 AND idcode_hash = $3 AND share_sealed IS NOT NULL FOR UPDATE) old
      WHERE m.owner_id = old.owner_id AND m.member = old.member
      RETURNING m.member, old.share_sealed AS sealed, m.picked_up_at`,
    [owner, kov, hash],
  );
  return r ? { member: r.member, sealed: Buffer.from(r.sealed), picked_up_at: r.picked_up_at } : null;
}
