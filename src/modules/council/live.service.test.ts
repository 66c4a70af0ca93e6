// The live sitting at the service level, on PGlite and (TEST_DATABASE_URL) PostgreSQL, with the kernel
// clock set to the sitting's day: presence and quorum, no vote without quorum, recused members out of
// the vote, one choice per seat (also under parallel attempts), the outcome and the named event,
// repeat with a reason, amendments before the draft, speakers, the audit entries.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { resetClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import { asOwner, testDb } from '../../../test/helpers.js';
import { councilWorld, type CouncilWorld } from './fixtures.js';
import {
  choose,
  closeItem,
  closeSitting,
  closeVote,
  declareRecusal,
  liveState,
  markPresence,
  memberOf,
  moveSpeaker,
  openItem,
  openSitting,
  openVote,
  registerSelf,
  requestToSpeak,
  sittingEventsAfter,
  withdrawRequest,
  type Member,
} from './live.js';
import { hashIdcode } from '../../kernel/idcode.js';

const KEY = 'test-idcode-key';
const SECRETARY: Actor = { kind: 'person', id: null, name: 'Sekretär Sirje' };
let db: Db;
let w: CouncilWorld;
let members: Member[];

async function fails(p: Promise<unknown>): Promise<{ status: number; detail: string | undefined; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e)) return { status: e.status, detail: e.detailKey, fields: e.fields.map((f) => f.reason) };
    throw e;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  setClock('2027-01-14T12:00:00Z');
  db = await testDb();
  w = await councilWorld(db, KEY, { members: 31, items: 4 });
  members = [];
  for (const m of w.members) members.push((await memberOf(db, w.kov, w.sittingId, hashIdcode(KEY, m.idcode)))!);
});
afterAll(async () => {
  resetClock();
  await db.close();
});
beforeEach(() => setClock('2027-01-14T12:00:00Z'));

describe('a live sitting', () => {
  it('finds a member by her ID code hash; a stranger is no member', async () => {
    expect(members.every(Boolean)).toBe(true);
    expect(members[0]!.role).toBe('chair');
    expect(await memberOf(db, w.kov, w.sittingId, hashIdcode(KEY, '39001010000'))).toBeNull();
  });

  it('nothing happens before the sitting opens; opening writes an event and an audit entry', async () => {
    expect((await fails(registerSelf(db, w.kov, w.sittingId, members[0]!, true))).detail).toBe('council.error.sittingNotOpen');
    await openSitting(db, w.kov, w.sittingId, SECRETARY);
    expect((await fails(openSitting(db, w.kov, w.sittingId, SECRETARY))).status).toBe(409);
    const ev = await sittingEventsAfter(db, w.kov, w.sittingId, 0);
    expect(ev.map((e) => e.kind)).toEqual(['sitting.opened']);
    const audit = await asOwner(db, (t) => t.query<{ action: string }>(`SELECT action FROM core_audit WHERE kov_code = $1 ORDER BY seq`, [w.kov]));
    expect(audit.map((a) => a.action)).toContain('council.sitting.open');
  });

  it('quorum: 15 of 31 present is not enough to open a vote; the 16th makes it', async () => {
    const item = w.itemIds[0]!;
    await openItem(db, w.kov, w.sittingId, item, SECRETARY);
    for (let i = 0; i < 10; i++) await registerSelf(db, w.kov, w.sittingId, members[i]!, true);
    for (let i = 10; i < 15; i++) await markPresence(db, w.kov, w.sittingId, members[i]!.membershipId, true, 'room', SECRETARY);
    let s = await liveState(db, w.kov, w.sittingId);
    expect(s.quorum).toEqual({ seats: 31, present: 15, needed: 16, has: false });
    const refused = await fails(openVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Eelnõu vastuvõtmine', majority: 'simple' }, SECRETARY));
    expect(refused).toMatchObject({ status: 409, detail: 'council.error.noQuorum' });
    expect(refused.fields).toEqual(['council.error.noQuorumDetail']);
    await markPresence(db, w.kov, w.sittingId, members[15]!.membershipId, true, 'room', SECRETARY);
    s = await liveState(db, w.kov, w.sittingId);
    expect(s.quorum.has).toBe(true);
    expect(s.seats.filter((x) => x.present && x.how === 'online')).toHaveLength(10);
  });

  it('a recused member is out of the vote; one choice per seat; the outcome names everyone', async () => {
    const item = w.itemIds[0]!;
    await declareRecusal(db, w.kov, w.sittingId, item, members[3]!.membershipId, 'Abikaasa ettevõte', { member: members[3]! });
    await declareRecusal(db, w.kov, w.sittingId, item, members[4]!.membershipId, 'Juhatuse liige', { actor: SECRETARY });
    const voteId = await openVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Eelnõu vastuvõtmine', majority: 'simple' }, SECRETARY);
    // a second vote cannot open while one is open
    expect((await fails(openVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Teine', majority: 'simple' }, SECRETARY))).detail).toBe('council.error.voteOpen');
    // a conflict cannot be declared once the vote is open
    expect((await fails(declareRecusal(db, w.kov, w.sittingId, item, members[5]!.membershipId, '', { member: members[5]! }))).detail).toBe('council.error.voteOpenRecusal');
    expect(await fails(choose(db, w.kov, w.sittingId, voteId, members[3]!, 'for'))).toMatchObject({ status: 403, detail: 'council.error.recused' });
    // absent member 20 was not present at opening
    expect(await fails(choose(db, w.kov, w.sittingId, voteId, members[20]!, 'for'))).toMatchObject({ status: 403, detail: 'council.error.notEligible' });
    await choose(db, w.kov, w.sittingId, voteId, members[0]!, 'for');
    expect(await fails(choose(db, w.kov, w.sittingId, voteId, members[0]!, 'against'))).toMatchObject({ status: 409, detail: 'council.error.alreadyVoted' });
    // parallel double votes of the same seat: exactly one counts
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, k) => choose(db, w.kov, w.sittingId, voteId, members[1]!, k % 2 ? 'for' : 'against')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await choose(db, w.kov, w.sittingId, voteId, members[2]!, 'against');
    for (let i = 6; i < 10; i++) await choose(db, w.kov, w.sittingId, voteId, members[i]!, 'abstain');
    let s = await liveState(db, w.kov, w.sittingId);
    expect(s.openVote).toMatchObject({ id: voteId, eligible: 14, present: 16, cast: 7 });
    const outcome = await closeVote(db, w.kov, w.sittingId, voteId, SECRETARY);
    const m1 = s.votes.length; // (one vote so far)
    expect(m1).toBe(1);
    expect(outcome.for + outcome.against).toBe(3);
    expect(outcome).toMatchObject({ abstain: 4, notVoting: 7, seats: 31, present: 16 });
    s = await liveState(db, w.kov, w.sittingId);
    expect(s.openVote).toBeNull();
    const closed = (await sittingEventsAfter(db, w.kov, w.sittingId, 0)).filter((e) => e.kind === 'vote.closed');
    expect(closed).toHaveLength(1);
    const data = closed[0]!.data as { outcome: { for: number }; choices: { membershipId: string; name: string; faction: string; choice: string }[] };
    expect(data.choices).toHaveLength(14);
    expect(data.choices.find((c) => c.membershipId === members[0]!.membershipId)).toMatchObject({ name: w.members[0]!.name, faction: w.members[0]!.faction, choice: 'for' });
    expect(data.choices.filter((c) => c.choice === 'none')).toHaveLength(7);
    expect(data.choices.some((c) => c.membershipId === members[3]!.membershipId)).toBe(false);
    expect(await fails(choose(db, w.kov, w.sittingId, voteId, members[11]!, 'for'))).toMatchObject({ status: 409, detail: 'council.error.voteNotOpen' });
  });

  it('a repeat needs a reason; the closed vote stays in the record, an open one is voided', async () => {
    const item = w.itemIds[0]!;
    const first = (await liveState(db, w.kov, w.sittingId)).votes[0]!;
    expect((await fails(openVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Kordus', majority: 'simple', repeatOf: first.id, reason: ' ' }, SECRETARY))).fields).toEqual([
      'council.error.repeatReason',
    ]);
    const again = await openVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Kordus', majority: 'composition', repeatOf: first.id, reason: 'Hääletussüsteemi tõrge' }, SECRETARY);
    const third = await openVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Kordus 2', majority: 'composition', repeatOf: again, reason: 'Vale küsimus' }, SECRETARY);
    const s = await liveState(db, w.kov, w.sittingId);
    expect(s.votes.map((v) => v.state)).toEqual(['closed', 'void', 'open']);
    expect(s.openVote).toMatchObject({ id: third, repeatOf: again, repeatReason: 'Vale küsimus' });
    for (let i = 0; i < 16; i++) if (i !== 3 && i !== 4) await choose(db, w.kov, w.sittingId, third, members[i]!, 'for');
    const o = await closeVote(db, w.kov, w.sittingId, third, SECRETARY);
    expect(o).toMatchObject({ for: 14, needed: 16, adopted: false });
    await closeItem(db, w.kov, w.sittingId, item, '', SECRETARY);
    const done = (await liveState(db, w.kov, w.sittingId)).items[0]!;
    expect(done).toMatchObject({ state: 'done', result: 'rejected' });
    const kinds = (await sittingEventsAfter(db, w.kov, w.sittingId, 0)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'vote.void')).toHaveLength(1);
  });

  it('amendments are voted before the draft', async () => {
    const item = w.itemIds[1]!;
    const draftId = uuidv7();
    const amendmentId = uuidv7();
    await asOwner(db, async (t) => {
      await t.query(`INSERT INTO council_draft (id, kov_code, body_id, number, title, kind, presenter) VALUES ($1, $2, $3, '1-3/7', 'Eelarve', 'regulation', 'Vallavalitsus')`, [draftId, w.kov, w.councilId]);
      await t.query(`INSERT INTO council_amendment (id, kov_code, draft_id, proposer_id, text) VALUES ($1, $2, $3, $4, 'Lisada raamatukogule 10 000 eurot')`, [amendmentId, w.kov, draftId, w.members[5]!.personId]);
      await t.query(`UPDATE council_item SET draft_id = $1 WHERE id = $2`, [draftId, item]);
    });
    await openItem(db, w.kov, w.sittingId, item, SECRETARY);
    expect((await fails(openVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Eelnõu', majority: 'simple' }, SECRETARY))).detail).toBe('council.error.amendmentsFirst');
    const av = await openVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Muudatusettepanek 1', majority: 'simple', amendmentId }, SECRETARY);
    await choose(db, w.kov, w.sittingId, av, members[0]!, 'for');
    await closeVote(db, w.kov, w.sittingId, av, SECRETARY);
    const status = await asOwner(db, (t) => t.one<{ status: string }>(`SELECT status FROM council_amendment WHERE id = $1`, [amendmentId]));
    expect(status!.status).toBe('adopted');
    const dv = await openVote(db, w.kov, w.sittingId, { itemId: item, subject: 'Eelnõu', majority: 'simple' }, SECRETARY);
    await closeVote(db, w.kov, w.sittingId, dv, SECRETARY);
    await closeItem(db, w.kov, w.sittingId, item, 'Eelnõu jäi vastu võtmata', SECRETARY);
  });

  it('speakers: request, withdraw, start with a limit (the current one ends), end', async () => {
    const item = w.itemIds[2]!;
    expect((await fails(requestToSpeak(db, w.kov, w.sittingId, members[6]!, 'speech'))).detail).toBe('council.error.noOpenItem');
    await openItem(db, w.kov, w.sittingId, item, SECRETARY);
    const a = await requestToSpeak(db, w.kov, w.sittingId, members[6]!, 'speech');
    expect(await requestToSpeak(db, w.kov, w.sittingId, members[6]!, 'speech')).toBe(a); // asked already
    const b = await requestToSpeak(db, w.kov, w.sittingId, members[7]!, 'question');
    const c = await requestToSpeak(db, w.kov, w.sittingId, members[8]!, 'reply');
    await withdrawRequest(db, w.kov, w.sittingId, members[8]!, c);
    expect((await fails(withdrawRequest(db, w.kov, w.sittingId, members[7]!, a))).status).toBe(404); // not hers
    expect((await fails(moveSpeaker(db, w.kov, w.sittingId, a, 'started', 5, SECRETARY))).fields).toEqual(['council.error.limit']);
    await moveSpeaker(db, w.kov, w.sittingId, a, 'started', 300, SECRETARY);
    await moveSpeaker(db, w.kov, w.sittingId, b, 'started', 60, SECRETARY);
    await moveSpeaker(db, w.kov, w.sittingId, b, 'ended', null, SECRETARY);
    expect((await fails(moveSpeaker(db, w.kov, w.sittingId, c, 'started', 60, SECRETARY))).detail).toBe('council.error.speakerState');
    const sp = (await liveState(db, w.kov, w.sittingId)).speakers.filter((x) => x.itemId === item);
    expect(sp.map((x) => [x.kind, !!x.startedAt, !!x.endedAt, !!x.withdrawnAt, x.limitSeconds])).toEqual([
      ['speech', true, true, false, 300],
      ['question', true, true, false, 60],
      ['reply', false, false, true, null],
    ]);
    const evs = (await sittingEventsAfter(db, w.kov, w.sittingId, 0)).filter((e) => e.kind === 'speaker').map((e) => (e.data as { what: string }).what);
    expect(evs).toEqual(['requested', 'requested', 'requested', 'withdrawn', 'started', 'ended', 'started', 'ended']);
  });

  it('the sitting closes (the open item with it) and the log replays after any seq', async () => {
    await closeSitting(db, w.kov, w.sittingId, SECRETARY);
    const all = await sittingEventsAfter(db, w.kov, w.sittingId, 0);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)!.kind).toBe('sitting.closed');
    expect(all.at(-2)!.kind).toBe('item.closed');
    const tail = await sittingEventsAfter(db, w.kov, w.sittingId, all.length - 2);
    expect(tail.map((e) => e.kind)).toEqual(['item.closed', 'sitting.closed']);
    expect((await fails(registerSelf(db, w.kov, w.sittingId, members[20]!, true))).detail).toBe('council.error.sittingNotOpen');
    // another KOV sees nothing
    expect((await fails(liveState(db, '0793', w.sittingId))).status).toBe(404);
  });
});
