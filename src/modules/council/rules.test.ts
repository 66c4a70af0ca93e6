// The quorum and majority rules of a sitting, with worked examples (KOKS § 44 (4), § 45): even and odd
// composition, abstentions, recused members, substitutes, ties.
import { describe, expect, it } from 'vitest';
import { eligibleFor, outcomeOf, quorumNeeded, quorumOf, seatedOn, votesNeeded, type SeatMembership } from './rules.js';
import type { Choice } from './repo/live.js';
import type { MembershipView } from './repo/setup.js';
import { seatsFrom } from './service.js';

const m = (id: string, starts: string, ends: string | null = null, substitute_for: string | null = null, voting_right = true): SeatMembership => ({
  id,
  starts,
  ends,
  substitute_for,
  voting_right,
});

/** n choices of one kind by members p1, p2 … starting at `from`. */
const choices = (spec: [Choice, number][]) => {
  const out: { membershipId: string; choice: Choice }[] = [];
  let i = 1;
  for (const [c, n] of spec) for (let k = 0; k < n; k++) out.push({ membershipId: `p${i++}`, choice: c });
  return out;
};
const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);

describe('seats on a date', () => {
  const anne = m('anne', '2025-11-01');
  const bert = m('bert', '2025-11-01', '2026-03-31'); // left the council
  const carl = m('carl', '2026-05-01'); // not yet
  const dora = m('dora', '2025-11-01');
  const subForDora = m('sub', '2026-01-10', '2026-02-10', 'dora'); // asendusliige for a month
  const noVote = m('nora', '2025-11-01', null, null, false);

  it('counts memberships that run that day (first and last day included)', () => {
    expect(seatedOn([anne, bert, carl], '2026-03-31').map((x) => x.id)).toEqual(['anne', 'bert']);
    expect(seatedOn([anne, bert, carl], '2026-04-01').map((x) => x.id)).toEqual(['anne']);
    expect(seatedOn([anne, bert, carl], '2026-05-01').map((x) => x.id)).toEqual(['anne', 'carl']);
  });

  it('a substitute takes the seat of the member she replaces for her period only', () => {
    expect(seatedOn([anne, dora, subForDora], '2026-01-09').map((x) => x.id)).toEqual(['anne', 'dora']);
    expect(seatedOn([anne, dora, subForDora], '2026-01-10').map((x) => x.id)).toEqual(['anne', 'sub']);
    expect(seatedOn([anne, dora, subForDora], '2026-02-10').map((x) => x.id)).toEqual(['anne', 'sub']);
    expect(seatedOn([anne, dora, subForDora], '2026-02-11').map((x) => x.id)).toEqual(['anne', 'dora']);
  });

  it('a substitute of a substitute holds the seat; a membership without a voting right holds none', () => {
    const sub2 = m('sub2', '2026-01-20', '2026-01-25', 'sub');
    expect(seatedOn([dora, subForDora, sub2], '2026-01-22').map((x) => x.id)).toEqual(['sub2']);
    expect(seatedOn([anne, noVote], '2026-01-22').map((x) => x.id)).toEqual(['anne']);
  });
});

describe('seats of a body (seatsFrom, on the seat rules)', () => {
  const view = (id: string, starts: string, ends: string | null = null, substitute_for: string | null = null, voting_right = true): MembershipView => ({
    id,
    kov_code: '0784',
    body_id: 'b',
    person_id: `p-${id}`,
    person_name: `Name ${id}`,
    role: 'member',
    faction: null,
    voting_right,
    starts,
    ends,
    substitute_for,
    substitute_for_name: null,
    created_at: new Date(0),
  });
  const all = [view('anne', '2025-11-01'), view('dora', '2025-11-01'), view('nora', '2025-11-01', null, null, false), view('sub', '2026-01-10', '2026-02-10', 'dora'), view('bert', '2025-11-01', '2026-03-31')];

  it('a seat per running member in the given order, held by her substitute while one runs; a seat without a vote is a seat', () => {
    expect(seatsFrom(all, '2026-01-09').map((x) => [x.membershipId, x.substituteFor, x.votingRight])).toEqual([
      ['anne', null, true],
      ['dora', null, true],
      ['nora', null, false],
      ['bert', null, true],
    ]);
    const during = seatsFrom(all, '2026-01-10');
    expect(during.map((x) => x.membershipId)).toEqual(['anne', 'sub', 'nora', 'bert']);
    expect(during[1]).toMatchObject({ personId: 'p-sub', name: 'Name sub', substituteFor: 'dora', replacedName: 'Name dora' });
    expect(seatsFrom(all, '2026-04-01').map((x) => x.membershipId)).toEqual(['anne', 'dora', 'nora']);
  });

  it('a substitute whose member is not among the memberships holds no seat', () => {
    expect(seatsFrom(all.filter((x) => x.id !== 'dora'), '2026-01-20').map((x) => x.membershipId)).toEqual(['anne', 'nora', 'bert']);
  });
});

describe('quorum: more than half of the composition', () => {
  it('odd and even composition', () => {
    expect(quorumNeeded(31)).toBe(16);
    expect(quorumNeeded(30)).toBe(16);
    expect(quorumNeeded(21)).toBe(11);
    expect(quorumNeeded(7)).toBe(4);
    expect(quorumOf(31, 15)).toEqual({ seats: 31, present: 15, needed: 16, has: false });
    expect(quorumOf(31, 16).has).toBe(true);
    expect(quorumOf(30, 15).has).toBe(false); // exactly half is not more than half
    expect(quorumOf(30, 16).has).toBe(true);
  });
});

describe('majority rules', () => {
  it('needed votes per rule (31 and 30 seats)', () => {
    expect(votesNeeded('composition', { seats: 31, present: 20, against: 0 })).toBe(16);
    expect(votesNeeded('composition', { seats: 30, present: 20, against: 0 })).toBe(16);
    expect(votesNeeded('two_thirds', { seats: 31, present: 20, against: 0 })).toBe(21); // 20.67 → 21
    expect(votesNeeded('two_thirds', { seats: 30, present: 20, against: 0 })).toBe(20);
    expect(votesNeeded('present_majority', { seats: 31, present: 20, against: 0 })).toBe(11);
    expect(votesNeeded('present_majority', { seats: 31, present: 21, against: 0 })).toBe(11);
    expect(votesNeeded('simple', { seats: 31, present: 21, against: 7 })).toBe(8);
  });

  it('simple: more for than against; abstentions count as not for; a tie fails', () => {
    // 20 present: 8 for, 7 against, 5 abstain → adopted though fewer than half of those present are for
    const o = outcomeOf('simple', { seats: 31, present: 20, eligible: ids(20), choices: choices([['for', 8], ['against', 7], ['abstain', 5]]) });
    expect(o).toEqual({ for: 8, against: 7, abstain: 5, notVoting: 0, seats: 31, present: 20, needed: 8, adopted: true });
    const tie = outcomeOf('simple', { seats: 31, present: 20, eligible: ids(20), choices: choices([['for', 8], ['against', 8], ['abstain', 4]]) });
    expect(tie.adopted).toBe(false);
    expect(tie.needed).toBe(9);
    const none = outcomeOf('simple', { seats: 31, present: 20, eligible: ids(20), choices: [] });
    expect(none).toMatchObject({ for: 0, against: 0, notVoting: 20, adopted: false });
  });

  it('present_majority: abstentions and those not voting weigh against', () => {
    // 20 present, 10 for, 2 against, 8 abstain: 10 is not more than half of 20
    const o = outcomeOf('present_majority', { seats: 31, present: 20, eligible: ids(20), choices: choices([['for', 10], ['against', 2], ['abstain', 8]]) });
    expect(o).toMatchObject({ needed: 11, adopted: false });
    const o2 = outcomeOf('present_majority', { seats: 31, present: 20, eligible: ids(20), choices: choices([['for', 11]]) });
    expect(o2).toMatchObject({ notVoting: 9, adopted: true });
  });

  it('composition: 16 of 31 for, however many are present', () => {
    expect(outcomeOf('composition', { seats: 31, present: 17, eligible: ids(17), choices: choices([['for', 15], ['against', 0], ['abstain', 2]]) }).adopted).toBe(false);
    expect(outcomeOf('composition', { seats: 31, present: 17, eligible: ids(17), choices: choices([['for', 16], ['abstain', 1]]) }).adopted).toBe(true);
    // even composition: 15 of 30 is a tie with the other half, not a majority
    expect(outcomeOf('composition', { seats: 30, present: 30, eligible: ids(30), choices: choices([['for', 15], ['against', 15]]) }).adopted).toBe(false);
  });

  it('two_thirds of the seats', () => {
    expect(outcomeOf('two_thirds', { seats: 31, present: 31, eligible: ids(31), choices: choices([['for', 20], ['against', 11]]) }).adopted).toBe(false);
    expect(outcomeOf('two_thirds', { seats: 31, present: 31, eligible: ids(31), choices: choices([['for', 21], ['against', 10]]) }).adopted).toBe(true);
    expect(outcomeOf('two_thirds', { seats: 30, present: 30, eligible: ids(30), choices: choices([['for', 20], ['against', 10]]) }).adopted).toBe(true);
  });

  it('recused members are out of the vote: not eligible, their choices not counted, not "not voting"', () => {
    const present = ids(20);
    const eligible = eligibleFor(present, ['p1', 'p2']);
    expect(eligible).toHaveLength(18);
    const o = outcomeOf('simple', { seats: 31, present: 20, eligible, choices: choices([['for', 5], ['against', 4]]) });
    // p1 and p2 chose 'for' in the list but are recused: only p3..p5 for, p6..p9 against
    expect(o).toMatchObject({ for: 3, against: 4, abstain: 0, notVoting: 11, adopted: false });
  });

  it('a second choice of the same seat is not counted', () => {
    const o = outcomeOf('simple', { seats: 31, present: 3, eligible: ids(3), choices: [{ membershipId: 'p1', choice: 'for' }, { membershipId: 'p1', choice: 'against' }, { membershipId: 'p2', choice: 'against' }] });
    expect(o).toMatchObject({ for: 1, against: 1, notVoting: 1, adopted: false });
  });

  it('a substitute votes in the seat; the replaced member is not eligible', () => {
    const seated = seatedOn([m('dora', '2025-11-01'), m('sub', '2026-01-10', null, 'dora'), m('anne', '2025-11-01')], '2026-01-15').map((x) => x.id);
    const o = outcomeOf('simple', { seats: 2, present: 2, eligible: seated, choices: [{ membershipId: 'dora', choice: 'for' }, { membershipId: 'sub', choice: 'for' }, { membershipId: 'anne', choice: 'against' }] });
    expect(o).toMatchObject({ for: 1, against: 1, adopted: false });
  });
});
