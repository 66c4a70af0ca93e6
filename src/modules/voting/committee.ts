// A vote's committee kept by the voting core (table voting_committee): the members a module names for
// one of its objects (the owner: a budget process), each as a keyed hash of her personal ID code and a
// last-4 hint; at the deal each member's key share is sealed into her row (seal.ts) and she picks it
// up once, after which the row keeps only the time. The owner is the id of the module's own object
// (a budget process, a poll, an elder election — never the voting core's vote id; the seal is bound
// to it). Polls and elders moved their member tables here (migrations 202612140700, 202612140701).
// Functions take the caller's transaction (bound to the KOV, except committeePlacesEverywhere); the
// caller audits its own action.
import type { Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { conflict, notFound } from '../../kernel/errors.js';
import { hashIdcode, idcodeHint, parseIdcode } from '../../kernel/idcode.js';
import { openShare, sealShare } from './seal.js';
import type { Official } from './rules.js';
import * as repo from './repo/committee.js';
import { dealKey } from './votes.js';

export interface CommitteeMember {
  member: number;
  hint: string;
  /** named: no share dealt yet; waiting: sealed in her row; pickedUp: taken once. */
  share: 'named' | 'waiting' | 'pickedUp';
  /** When she picked it up (null before). */
  pickedUpAt: Date | null;
}

const view = (m: repo.MemberRow): CommitteeMember => ({
  member: m.member,
  hint: m.idcode_hint,
  share: m.picked_up_at ? 'pickedUp' : m.waiting ? 'waiting' : 'named',
  pickedUpAt: m.picked_up_at ? new Date(m.picked_up_at) : null,
});

/**
 * Checks a committee as entered (personal ID codes, member i the i-th) and the number of members
 * needed to open the result; field errors name `committee`, `committee.i` and `threshold`. Pure.
 */
export function committeeErrors(idcodes: readonly string[], threshold: number): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(idcodes) || idcodes.length < 1 || idcodes.length > 50) {
    errors.push({ field: 'committee', reason: 'voting.committee.size' });
    return errors;
  }
  const seen = new Set<string>();
  idcodes.forEach((c, i) => {
    const code = String(c).trim();
    if (!parseIdcode(code).ok) errors.push({ field: `committee.${i}`, reason: 'voting.committee.idcode' });
    else if (seen.has(code)) errors.push({ field: `committee.${i}`, reason: 'voting.committee.duplicate' });
    seen.add(code);
  });
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > idcodes.length) errors.push({ field: 'threshold', reason: 'voting.committee.threshold', vars: { n: idcodes.length } });
  return errors;
}

/** Names the committee of `owner` (replacing one not yet dealt); answers the hints in member order. */
export async function nameCommittee(t: Tx, kov: string, owner: string, idcodes: readonly string[], idcodeKey: string): Promise<string[]> {
  if ((await repo.dealtCount(t, kov, owner)) > 0) throw conflict('voting.error.keyDealt');
  const members = idcodes.map((c) => ({ hash: hashIdcode(idcodeKey, c.trim()), hint: idcodeHint(c.trim()) }));
  await repo.replaceMembers(t, kov, owner, members);
  return members.map((m) => m.hint);
}

/**
 * Names the committee of `owner` from keyed ID-code hashes the caller keeps already (the council's
 * members: council_person holds only the hash and the last-4 hint), member i the i-th; answers the hints.
 */
export async function nameCommitteeHashed(t: Tx, kov: string, owner: string, members: readonly { hash: string; hint: string }[]): Promise<string[]> {
  if ((await repo.dealtCount(t, kov, owner)) > 0) throw conflict('voting.error.keyDealt');
  await repo.replaceMembers(t, kov, owner, members);
  return members.map((m) => m.hint);
}

export async function committeeMembers(t: Tx, kov: string, owner: string): Promise<CommitteeMember[]> {
  return (await repo.membersOf(t, kov, owner)).map(view);
}

/** The person's place on the committee of `owner`, or null. */
export async function committeeMemberOf(t: Tx, kov: string, owner: string, idcodeHash: string): Promise<CommitteeMember | null> {
  const m = await repo.memberByHash(t, kov, owner, idcodeHash);
  return m ? view(m) : null;
}

/** Removes the committee of `owner` before its key is dealt (a draft deleted); 409 once dealt. */
export async function dropCommittee(t: Tx, kov: string, owner: string): Promise<void> {
  if ((await repo.dealtCount(t, kov, owner)) > 0) throw conflict('voting.error.keyDealt');
  await repo.deleteMembers(t, kov, owner);
}

/** Names the committee of `from` (the same members, numbers and hints) for `to`, whose key is not dealt yet (a run-off). */
export async function copyCommittee(t: Tx, kov: string, from: string, to: string): Promise<void> {
  if ((await repo.dealtCount(t, kov, to)) > 0) throw conflict('voting.error.keyDealt');
  await repo.deleteMembers(t, kov, to);
  await repo.copyMembers(t, kov, from, to);
}

/**
 * Every committee place of a person in every KOV and for every owner (any module's), with the
 * owner's id and KOV: for the person's own "my committees" lists, in the caller's owner
 * transaction (db.system), filtered by the person. The caller keeps only its own owners.
 */
export async function committeePlacesEverywhere(t: Tx, idcodeHash: string): Promise<{ owner: string; kov: string; me: CommitteeMember }[]> {
  return (await repo.placesEverywhere(t, idcodeHash)).map((r) => ({ owner: r.owner_id, kov: r.kov_code, me: view(r) }));
}

/** The owners (of `ids`) whose committee the person is on, with her place. */
export async function committeesOf(t: Tx, kov: string, idcodeHash: string): Promise<Map<string, CommitteeMember>> {
  return new Map((await repo.placesOf(t, kov, idcodeHash)).map((r) => [r.owner_id, view(r)]));
}

/**
 * Deals the vote's key k of n to the committee of `owner` (n = its size) and seals each share into its
 * member's row; the shares leave this function only sealed. In the caller's transaction.
 */
export async function dealToCommittee(t: Tx, voteId: string, owner: string, threshold: number, sealSecret: string, by: Official): Promise<{ members: number }> {
  const n = (await committeeMembers(t, by.kov, owner)).length;
  if (n < 1) throw conflict('voting.committee.none');
  const dealt = await dealKey(t, voteId, threshold, n, by);
  for (const s of dealt.shares) {
    await repo.storeSealed(t, by.kov, owner, s.member, sealShare(sealSecret, by.kov, owner, s.member, s.share));
  }
  dealt.shares.length = 0;
  return { members: n };
}

/**
 * The member takes her share out of her row, once: answered opened (64 hex digits), the row keeping
 * only the time. 404 when she is not on the committee, 409 when picked up already or not yet dealt.
 */
export async function pickUpCommitteeShare(t: Tx, kov: string, owner: string, idcodeHash: string, sealSecret: string): Promise<{ member: number; share: string; pickedUpAt: Date }> {
  const me = await committeeMemberOf(t, kov, owner, idcodeHash);
  if (!me) throw notFound();
  if (me.share === 'pickedUp') throw conflict('voting.committee.pickedUp');
  const r = await repo.takeSealed(t, kov, owner, idcodeHash);
  if (!r) throw conflict('voting.committee.notDealt');
  const sealed = r.sealed;
  const share = openShare(sealSecret, kov, owner, r.member, sealed);
  sealed.fill(0);
  return { member: r.member, share, pickedUpAt: new Date(r.picked_up_at) };
}
