// Secret elections on the voting core at the service level, on PGlite and (TEST_DATABASE_URL)
// PostgreSQL: opening with candidates and a counting commission, ballots through the core (absent and
// recused members refused, a re-vote replaces the ballot), the close, the commission's shares, the
// verified counts as the outcome, the published board, a tie and its repeat; no choice of anybody in
// the events or the audit log. The rule of secretOutcome as pure examples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { resetClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { asOwner, testDb } from '../../../test/helpers.js';
import { getBoard, verifyStoredBoard } from '../voting/index.js';
import { councilWorld, type CouncilWorld } from './fixtures.js';
import { registerMessages } from '../../kernel/i18n.js';
import { councilMessages } from './messages.js';
import { minutesView } from './minutes.js';
import { choose, declareRecusal, liveState, markPresence, memberOf, openItem, openSitting, closeItem, sittingEventsAfter, type Member } from './live.js';
import {
  castSecretBallot,
  closeAnyVote,
  commissionMemberOf,
  commissionOf,
  openSecretVote,
  pickUpSecretShare,
  secretBallotFor,
  secretOutcome,
  submitSecretShare,
  type SecretOutcome,
} from './secret.js';

const KEY = 'test-idcode-key';
const SECRETS = { sealSecret: 'test-seal-secret-0123456789abcdef' };
const SECRETARY: Actor = { kind: 'person', id: null, name: 'Sekretär Sirje' };
let db: Db;
let w: CouncilWorld;
let members: Member[];
const hashOf = (i: number) => hashIdcode(KEY, w.members[i]!.idcode);
const actorOf = (i: number): Actor => ({ kind: 'person', id: null, name: w.members[i]!.name });

async function fails(p: Promise<unknown>): Promise<{ status: number; detail: string | undefined; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e)) return { status: e.status, detail: e.detailKey, fields: e.fields.map((f) => f.field) };
    throw e;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  // a ticking clock: the core's window must close after it opened
  setClock('2027-01-14T12:00:00Z', { ticking: true });
  db = await testDb();
  w = await councilWorld(db, KEY, { members: 11, items: 3 });
  members = [];
  for (const m of w.members) members.push((await memberOf(db, w.kov, w.sittingId, hashIdcode(KEY, m.idcode)))!);
  await openSitting(db, w.kov, w.sittingId, SECRETARY);
  // members 1–8 present (index 0–7), 9–11 absent
  for (let i = 0; i < 8; i++) await markPresence(db, w.kov, w.sittingId, members[i]!.membershipId, true, 'room', SECRETARY);
});
afterAll(async () => {
  resetClock();
  await db.close();
});

describe('the election rule (pure)', () => {
  const cands = [
    { id: 'c1', name: 'Mari' },
    { id: 'c2', name: 'Jaan' },
    { id: 'c3', name: 'Kati' },
  ];
  it('elects the leader who reaches the majority; blank ballots count neither way', () => {
    const o = secretOutcome('composition', { seats: 11, present: 8, eligible: 7, ballots: 7, candidates: cands, counts: [6, 1, 0] });
    expect(o).toMatchObject({ elected: { id: 'c1', name: 'Mari' }, needed: 6, blank: 0, notVoting: 0, repeatBetween: null, adopted: true, for: 6, against: 1 });
    const s = secretOutcome('simple', { seats: 11, present: 8, eligible: 8, ballots: 7, candidates: cands, counts: [3, 1, 1] });
    expect(s).toMatchObject({ elected: { id: 'c1' }, needed: 3, blank: 2, abstain: 2, notVoting: 1 });
  });
  it('a tie at the top: nobody elected, repeat between the tied', () => {
    const o = secretOutcome('simple', { seats: 11, present: 8, eligible: 8, ballots: 8, candidates: cands, counts: [3, 3, 1] });
    expect(o.elected).toBeNull();
    expect(o.repeatBetween!.map((c) => c.id)).toEqual(['c1', 'c2']);
  });
  it('a leader short of the majority: repeat between the two with most votes (ties at second included)', () => {
    const o = secretOutcome('composition', { seats: 11, present: 9, eligible: 9, ballots: 9, candidates: [...cands, { id: 'c4', name: 'Peeter' }], counts: [5, 2, 2, 0] });
    expect(o.elected).toBeNull();
    expect(o.repeatBetween!.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    const one = secretOutcome('composition', { seats: 11, present: 9, eligible: 9, ballots: 9, candidates: [cands[0]!], counts: [5] });
    expect(one).toMatchObject({ elected: null, repeatBetween: null, blank: 4 });
  });
});

describe('a secret election in a live sitting', () => {
  let voteId = '';
  let votingVoteId = '';
  const shares = new Map<number, string>();

  it('opens with candidates and a commission of members present; the roll is the eligible seats', async () => {
    const item = w.itemIds[0]!;
    await openItem(db, w.kov, w.sittingId, item, SECRETARY);
    await declareRecusal(db, w.kov, w.sittingId, item, members[6]!.membershipId, 'Kandidaadi abikaasa', { member: members[6]! });
    const base = { itemId: item, subject: 'Volikogu aseesimehe valimine', majority: 'composition' as const, candidates: ['Mari Maasikas', 'Jaan Tamm', 'Kati Karu'], threshold: 2 };
    // a commission member must be present
    const bad = await fails(openSecretVote(db, w.kov, w.sittingId, { ...base, commission: [members[0]!.membershipId, members[9]!.membershipId] }, SECRETARY, SECRETS));
    expect(bad).toMatchObject({ status: 400, fields: ['commission.1'] });
    expect((await fails(openSecretVote(db, w.kov, w.sittingId, { ...base, candidates: ['A', 'a'], commission: [members[0]!.membershipId] }, SECRETARY, SECRETS))).fields).toEqual(['threshold', 'candidates']);
    voteId = await openSecretVote(db, w.kov, w.sittingId, { ...base, commission: [members[0]!.membershipId, members[1]!.membershipId, members[2]!.membershipId] }, SECRETARY, SECRETS);
    const s = await liveState(db, w.kov, w.sittingId);
    expect(s.openVote).toMatchObject({ id: voteId, kind: 'secret', eligible: 7, present: 8 });
    const view = await secretBallotFor(db, w.kov, w.sittingId, voteId, members[0]!);
    votingVoteId = view.votingVoteId;
    expect(view.candidates).toEqual([
      { id: 'c1', name: 'Mari Maasikas' },
      { id: 'c2', name: 'Jaan Tamm' },
      { id: 'c3', name: 'Kati Karu' },
    ]);
    expect(view.eligible).toBe(true);
    const c = await commissionOf(db, w.kov, w.sittingId, voteId);
    expect(c.members.map((m) => [m.member, m.name, m.share])).toEqual([
      [1, w.members[0]!.name, 'waiting'],
      [2, w.members[1]!.name, 'waiting'],
      [3, w.members[2]!.name, 'waiting'],
    ]);
    expect(c.threshold).toBe(2);
  });

  it('refuses an absent member, a recused member, an unknown candidate and a named choice', async () => {
    expect(await fails(castSecretBallot(db, w.kov, w.sittingId, voteId, members[9]!, 'c1'))).toMatchObject({ status: 403, detail: 'council.error.notEligible' });
    expect(await fails(castSecretBallot(db, w.kov, w.sittingId, voteId, members[6]!, 'c1'))).toMatchObject({ status: 403, detail: 'council.error.recused' });
    expect(await fails(castSecretBallot(db, w.kov, w.sittingId, voteId, members[0]!, 'c9'))).toMatchObject({ status: 400, fields: ['candidate'] });
    expect(await fails(choose(db, w.kov, w.sittingId, voteId, members[0]!, 'for'))).toMatchObject({ status: 409, detail: 'council.secret.error.kind' });
  });

  it('takes ballots; a re-vote replaces the earlier ballot; trackers differ', async () => {
    const first = await castSecretBallot(db, w.kov, w.sittingId, voteId, members[1]!, 'c3');
    expect(first.replaced).toBe(false);
    const again = await castSecretBallot(db, w.kov, w.sittingId, voteId, members[1]!, 'c2');
    expect(again.replaced).toBe(true);
    expect(again.tracker).not.toBe(first.tracker);
    for (const i of [0, 2, 3, 4, 5, 7]) await castSecretBallot(db, w.kov, w.sittingId, voteId, members[i]!, 'c1');
    // the commission picks up shares (once)
    for (const i of [0, 1]) {
      const got = await pickUpSecretShare(db, w.kov, w.sittingId, voteId, hashOf(i), actorOf(i), SECRETS);
      expect(got).toMatchObject({ member: i + 1, share: expect.stringMatching(/^[0-9a-f]{64}$/) });
      shares.set(i, got.share);
    }
    // a share before the close is refused
    expect(await fails(submitSecretShare(db, w.kov, w.sittingId, voteId, hashOf(0), shares.get(0)!, actorOf(0)))).toMatchObject({ status: 409, detail: 'council.secret.error.notClosed' });
    expect((await fails(pickUpSecretShare(db, w.kov, w.sittingId, voteId, hashOf(0), actorOf(0), SECRETS))).status).toBe(409);
    expect(await commissionMemberOf(db, w.kov, w.sittingId, voteId, hashOf(5))).toBeNull();
  });

  it('closes; the commission counts with k shares; the outcome is the counts; the board verifies', async () => {
    await closeAnyVote(db, w.kov, w.sittingId, voteId, SECRETARY);
    expect(await fails(castSecretBallot(db, w.kov, w.sittingId, voteId, members[0]!, 'c2'))).toMatchObject({ status: 409 });
    expect(await fails(submitSecretShare(db, w.kov, w.sittingId, voteId, hashOf(0), '00'.repeat(31) + '01', actorOf(0)))).toMatchObject({ status: 400 });
    expect(await fails(submitSecretShare(db, w.kov, w.sittingId, voteId, hashOf(5), shares.get(0)!, actorOf(5)))).toMatchObject({ status: 404 });
    const one = await submitSecretShare(db, w.kov, w.sittingId, voteId, hashOf(0), shares.get(0)!, actorOf(0));
    expect(one).toEqual({ received: 1, needed: 2, outcome: null });
    let s = await liveState(db, w.kov, w.sittingId);
    expect(s.votes.find((v) => v.id === voteId)).toMatchObject({ state: 'closed', outcome: null, choices: [] });
    const two = await submitSecretShare(db, w.kov, w.sittingId, voteId, hashOf(1), shares.get(1)!, actorOf(1));
    const o = two.outcome!;
    expect(o.candidates).toEqual([
      { id: 'c1', name: 'Mari Maasikas', votes: 6 },
      { id: 'c2', name: 'Jaan Tamm', votes: 1 },
      { id: 'c3', name: 'Kati Karu', votes: 0 },
    ]);
    // counts equal the ballots cast (one per member: the re-vote replaced her first ballot)
    expect(o.ballots).toBe(7);
    expect(o.candidates.reduce((n, c) => n + c.votes, 0) + o.blank).toBe(o.ballots);
    expect(o).toMatchObject({ elected: { id: 'c1', name: 'Mari Maasikas' }, needed: 6, notVoting: 0, seats: 11, present: 8, adopted: true });
    expect((await fails(submitSecretShare(db, w.kov, w.sittingId, voteId, hashOf(1), shares.get(1)!, actorOf(1)))).detail).toBe('council.secret.error.counted');
    s = await liveState(db, w.kov, w.sittingId);
    expect(s.votes.find((v) => v.id === voteId)).toMatchObject({ state: 'closed', outcome: { kind: 'secret', ballots: 7 }, choices: [] });
    // the public board: published, verified by the core's verifier, counts as decrypted
    const board = (await getBoard(db, votingVoteId)) as unknown as { turnout: number; tally: { counts: number[][] } };
    expect(board.turnout).toBe(7);
    expect(board.tally.counts).toEqual([[6, 1, 0]]);
    expect((await verifyStoredBoard(db, votingVoteId))!.ok).toBe(true);
    const c = await commissionOf(db, w.kov, w.sittingId, voteId);
    expect(c).toMatchObject({ counted: true, decrypted: [1, 2] });
  });

  it('nobody’s choice is in the events or the audit log: vote.closed carries counts only', async () => {
    const ev = (await sittingEventsAfter(db, w.kov, w.sittingId, 0)).filter((e) => e.data.voteId === voteId);
    expect(ev.map((e) => e.kind)).toEqual(['vote.opened', 'vote.counting', 'vote.closed']);
    const closed = ev[2]!.data as { outcome: SecretOutcome; choices?: unknown };
    expect(closed.choices).toBeUndefined();
    expect(closed.outcome.elected?.name).toBe('Mari Maasikas');
    // no voter's membership id or name in the vote's events (the commission's names are in vote.opened: they count, they do not vote in the record)
    const text = JSON.stringify(ev.slice(1).map((e) => e.data));
    for (const m of w.members) {
      expect(text).not.toContain(m.membershipId);
      expect(text).not.toContain(m.name);
    }
    const audit = await asOwner(db, (t) => t.query<{ action: string; after: unknown }>(`SELECT action, after FROM core_audit WHERE kov_code = $1 ORDER BY seq`, [w.kov]));
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['council.secret.open', 'council.secret.pickup', 'council.secret.close', 'council.secret.share', 'council.secret.count', 'voting.vote.create', 'voting.board.publish']));
    const all = JSON.stringify(audit.map((a) => a.after));
    for (const m of w.members) expect(all).not.toContain(hashIdcode(KEY, m.idcode));
    expect(all).not.toMatch(/"choices?"/);
    // voters who are not on the commission are nowhere in the audit of this vote (casts are not audited)
    const since = all.slice(all.indexOf('"votingVoteId"'));
    for (const i of [3, 4, 5, 7]) expect(since).not.toContain(w.members[i]!.membershipId);
    registerMessages(councilMessages);
    // the drafted minutes give the counts per candidate and who was elected, never a member's choice
    const minutes = (await minutesView(db, w.kov, w.sittingId, 'et')).text;
    expect(minutes).toMatch(/Hääled: Mari Maasikas \d+, .*; tühje sedeleid \d+; valituks osutumiseks oli vaja 6\. Valituks osutus Mari Maasikas\./);
    expect(minutes).toContain('Salajane hääletus');
    expect(minutes).not.toMatch(/: (poolt|vastu|erapooletu)$/m);
  });

  it('a tie is repeated between the tied candidates, with a recorded reason', async () => {
    const item = w.itemIds[0]!;
    const commission = [members[3]!.membershipId];
    const tie = await openSecretVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Revisjonikomisjoni esimehe valimine', majority: 'simple', candidates: ['Ants', 'Berit', 'Cätlin'], commission, threshold: 1 }, SECRETARY, SECRETS);
    const picks = ['c1', 'c2', '', 'c1', 'c2', 'c3', 'c3'];
    for (const [k, i] of [0, 1, 2, 3, 4, 5, 7].entries()) await castSecretBallot(db, w.kov, w.sittingId, tie, members[i]!, picks[k]!);
    const share = (await pickUpSecretShare(db, w.kov, w.sittingId, tie, hashOf(3), actorOf(3), SECRETS)).share;
    await closeAnyVote(db, w.kov, w.sittingId, tie, SECRETARY);
    const o = (await submitSecretShare(db, w.kov, w.sittingId, tie, hashOf(3), share, actorOf(3))).outcome!;
    expect(o).toMatchObject({ ballots: 7, blank: 1, elected: null, adopted: false });
    expect(o.candidates.map((c) => c.votes)).toEqual([2, 2, 2]);
    expect(o.repeatBetween!.map((c) => c.name)).toEqual(['Ants', 'Berit', 'Cätlin']);
    // a repeat needs a reason
    expect((await fails(openSecretVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Kordus', majority: 'simple', candidates: [], commission, threshold: 1, repeatOf: tie }, SECRETARY, SECRETS))).fields).toEqual(['reason']);
    const again = await openSecretVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Kordushääletus', majority: 'simple', candidates: [], commission, threshold: 1, repeatOf: tie, reason: 'Häälte võrdsus' }, SECRETARY, SECRETS);
    const view = await secretBallotFor(db, w.kov, w.sittingId, again, members[0]!);
    expect(view.candidates.map((c) => c.name)).toEqual(['Ants', 'Berit', 'Cätlin']);
    await closeAnyVote(db, w.kov, w.sittingId, again, SECRETARY);
    const ev = (await sittingEventsAfter(db, w.kov, w.sittingId, 0)).find((e) => e.kind === 'vote.opened' && e.data.voteId === again)!;
    expect(ev.data).toMatchObject({ kind: 'secret', repeatOf: tie, reason: 'Häälte võrdsus' });
    await closeItem(db, w.kov, w.sittingId, item, '', SECRETARY).catch(() => undefined);
  });
});
