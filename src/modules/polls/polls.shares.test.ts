// Each committee member holds only her own key share (issue 9, item 1), at the service level
// (PGlite, and PostgreSQL with TEST_DATABASE_URL): the committee is named by ID code and kept only
// as keyed hashes with last-4 hints; at publication each share is sealed into its member's row;
// she picks it up once (the row is cleared in the same transaction, the audit log says who picked
// up which share number, never the share); a sealed share opens only in its own row and under the
// server's secret; the picked-up shares open the result. And closing early needs a reason that
// goes into the audit entry of the close.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { verifyAudit } from '../../kernel/audit.js';
import { advanceClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { asOwner, engine, testDb } from '../../../test/helpers.js';
import { importRegister } from '../residents/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import { COMMITTEE_CODES, MEMBER, MEMBER2, MEMBER3, TEST_SECRETS, samplePollInput } from './fixtures.js';
import { openShare, sealShare } from '../voting/index.js';
import { castBallot, closePoll, committeeOf, committeesOfPerson, createPoll, getPoll, memberOf, pickUpShare, pollResults, publishPoll, submitShare } from './service.js';

const KOV = '0784';
const ADMIN: Actor = { kind: 'person', id: '00000000-0000-7000-8000-000000000201', name: 'Jaan Tamm' };
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const OLD = withCheckDigit('3800505003');
const S = TEST_SECRETS;
const h = (code: string) => hashIdcode(S.idcodeKey, code);
const memberActor = (n: number): Actor => ({ kind: 'person', id: `00000000-0000-7000-8000-00000000030${n}`, name: `Member ${n}` });

let db: Db;

async function statusOf(p: Promise<unknown>): Promise<{ status: number; fields: string[] }> {
  try {
    await p;
    return { status: 200, fields: [] };
  } catch (e) {
    if (!isHttpError(e)) throw e;
    return { status: e.status, fields: e.fields.map((f) => f.field) };
  }
}

const rows = (pollId: string) =>
  asOwner(db, (t) =>
    t.query<{ member: number; idcode_hash: string; idcode_hint: string; sealed: Uint8Array | null; dealt_at: Date | null; picked_up_at: Date | null }>(
      'SELECT member, idcode_hash, idcode_hint, share_sealed AS sealed, dealt_at, picked_up_at FROM voting_committee WHERE owner_id = $1 ORDER BY member',
      [pollId],
    ),
  );
const auditOf = (pollId: string) =>
  asOwner(db, (t) => t.query<{ action: string; actor_name: string; after: unknown }>('SELECT action, actor_name, after FROM core_audit WHERE target_id = $1 ORDER BY seq', [pollId]));

beforeAll(async () => {
  setClock('2027-03-10T12:00:00+02:00', { ticking: true });
  db = await testDb();
  await loadDemoTerritory(db);
  const csv = ['isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates', `${OLD},Olev,Vana,0037,${KOV},0298,2001-01-01`].join('\n');
  expect((await importRegister(db, S.idcodeKey, Readable.from([Buffer.from(csv)]), { kov: KOV, actor: SYSTEM, fileName: 't.csv' })).ok).toBe(true);
});
afterAll(async () => {
  await db?.close();
});

describe(`committee key shares (${engine})`, () => {
  it('the committee is checked at creation and kept only as keyed hashes with last-4 hints', async () => {
    const bad = await statusOf(createPoll(db, KOV, samplePollInput({ committee: [MEMBER, '12345678901', MEMBER], members: 3 }), ADMIN, S));
    expect(bad).toEqual({ status: 400, fields: ['committee.1', 'committee.2'] });
    expect(await statusOf(createPoll(db, KOV, samplePollInput({ committee: [MEMBER, MEMBER2], members: 3 }), ADMIN, S))).toEqual({ status: 400, fields: ['committee'] });

    const { id } = await createPoll(db, KOV, samplePollInput(), ADMIN, S);
    const r = await rows(id);
    expect(r.map((x) => x.member)).toEqual([1, 2, 3]);
    expect(r.map((x) => x.idcode_hash)).toEqual(COMMITTEE_CODES.map(h));
    expect(r.map((x) => x.idcode_hint)).toEqual(COMMITTEE_CODES.map((c) => `•••••••${c.slice(-4)}`));
    expect(r.every((x) => x.sealed === null && x.dealt_at === null)).toBe(true);
    expect((await committeeOf(db, KOV, id)).map((m) => m.share)).toEqual(['named', 'named', 'named']);
    // the plaintext codes are nowhere: not in the rows, not in the audit log
    const dump = JSON.stringify(await rows(id)) + JSON.stringify(await auditOf(id));
    for (const c of COMMITTEE_CODES) expect(dump).not.toContain(c);
    // not dealt yet: nothing to pick up (409), and nothing changes
    expect(await statusOf(pickUpShare(db, KOV, id, h(MEMBER), memberActor(1), S))).toEqual({ status: 409, fields: ['share'] });
  });

  it('publication seals each share for its member; she picks it up once, the row forgets it, the audit log says who and which number', async () => {
    const { id } = await createPoll(db, KOV, samplePollInput(), ADMIN, S);
    const pub = await publishPoll(db, KOV, id, ADMIN, S);
    expect(pub).not.toHaveProperty('shares');
    const sealed = await rows(id);
    expect(sealed.every((x) => x.sealed !== null && x.sealed.length === 12 + 32 + 16 && x.dealt_at !== null && x.picked_up_at === null)).toBe(true);

    // somebody not on the committee: 404, whoever she is (the publisher too)
    expect((await statusOf(pickUpShare(db, KOV, id, h(OLD), ADMIN, S))).status).toBe(404);
    expect(await memberOf(db, KOV, id, h(OLD))).toBeNull();

    const first = await pickUpShare(db, KOV, id, h(MEMBER2), memberActor(2), S);
    expect(first.member).toBe(2);
    expect(first.share).toMatch(/^[0-9a-f]{64}$/);
    const after = await rows(id);
    expect(after[1]!.sealed).toBeNull();
    expect(after[1]!.picked_up_at).not.toBeNull();
    expect(after[0]!.sealed).not.toBeNull(); // the others still wait
    expect((await committeeOf(db, KOV, id)).map((m) => m.share)).toEqual(['waiting', 'pickedUp', 'waiting']);
    expect((await committeesOfPerson(db, h(MEMBER2))).find((c) => c.poll.id === id)?.me.share).toBe('pickedUp');

    // once: the second pick-up gets nothing (409) and the server has nothing left to give
    expect(await statusOf(pickUpShare(db, KOV, id, h(MEMBER2), memberActor(2), S))).toEqual({ status: 409, fields: ['share'] });

    const audit = await auditOf(id);
    const pickups = audit.filter((a) => a.action === 'polls.share.pickup');
    expect(pickups).toEqual([{ action: 'polls.share.pickup', actor_name: 'Member 2', after: { member: 2 } }]);
    expect(JSON.stringify(audit)).not.toContain(first.share);
    expect((await verifyAudit(db, KOV)).every((c) => c.ok)).toBe(true);

    // the shares the members picked up are the key's: two of them open the result
    const s1 = (await pickUpShare(db, KOV, id, h(MEMBER), memberActor(1), S)).share;
    const s3 = (await pickUpShare(db, KOV, id, h(MEMBER3), memberActor(3), S)).share;
    expect(new Set([s1, first.share, s3]).size).toBe(3);
    for (const s of [s1, first.share, s3]) expect(JSON.stringify(pub)).not.toContain(s); // the publisher's answer held none
    expect((await rows(id)).every((x) => x.sealed === null && x.picked_up_at !== null)).toBe(true);
    await castBallot(db, pub.poll, h(OLD), [['o2']]);
    // the shares are nowhere in the database once picked up (hex or raw bytes)
    const dump = await asOwner(db, async (t) => JSON.stringify(await t.query('SELECT * FROM voting_committee')) + JSON.stringify(await t.query('SELECT * FROM core_audit')));
    for (const s of [s1, first.share, s3]) {
      expect(dump).not.toContain(s);
      expect(dump).not.toContain(Buffer.from(s, 'hex').toString('base64'));
    }
    await closePoll(db, KOV, id, ADMIN, 'test: closed early');
    await submitShare(db, KOV, id, 1, s1, memberActor(1));
    expect((await submitShare(db, KOV, id, 3, s3, memberActor(3))).published).toBe(true);
    const res = await pollResults(db, await getPoll(db, KOV, id));
    expect(res!.questions[0]!.options.map((o) => o.count)).toEqual([0, 1]);
  });

  it('a sealed share opens only in its own row and under the server secret; a failed opening clears nothing', async () => {
    const share = 'ab'.repeat(32);
    const sealed = sealShare('secret', KOV, 'p1', 1, share);
    expect(sealed.toString('hex')).not.toContain(share);
    expect(openShare('secret', KOV, 'p1', 1, sealed)).toBe(share);
    expect(() => openShare('secret', KOV, 'p1', 2, sealed)).toThrow();
    expect(() => openShare('secret', KOV, 'p2', 1, sealed)).toThrow();
    expect(() => openShare('secret', '0793', 'p1', 1, sealed)).toThrow();
    expect(() => openShare('other', KOV, 'p1', 1, sealed)).toThrow();

    // member 1's sealed share copied into member 2's row does not open for member 2
    const { id } = await createPoll(db, KOV, samplePollInput(), ADMIN, S);
    await publishPoll(db, KOV, id, ADMIN, S);
    await asOwner(db, (t) => t.query('UPDATE voting_committee SET share_sealed = (SELECT share_sealed FROM voting_committee WHERE owner_id = $1 AND member = 1) WHERE owner_id = $1 AND member = 2', [id]));
    await expect(pickUpShare(db, KOV, id, h(MEMBER2), memberActor(2), S)).rejects.toThrow();
    // a server with another secret cannot open the shares either, and the failed attempt clears nothing
    await expect(pickUpShare(db, KOV, id, h(MEMBER), memberActor(1), { ...S, sealSecret: 'another' })).rejects.toThrow();
    const r = await rows(id);
    expect(r.every((x) => x.sealed !== null && x.picked_up_at === null)).toBe(true);
    expect((await auditOf(id)).some((a) => a.action === 'polls.share.pickup')).toBe(false);
    expect((await pickUpShare(db, KOV, id, h(MEMBER), memberActor(1), S)).member).toBe(1);
  });

  it('closing before the planned end needs a reason (required, length-limited) that goes into the audit entry; after the end none is asked', async () => {
    const { id } = await createPoll(db, KOV, samplePollInput(), ADMIN, S);
    await publishPoll(db, KOV, id, ADMIN, S);
    expect(await statusOf(closePoll(db, KOV, id, ADMIN))).toEqual({ status: 400, fields: ['reason'] });
    expect(await statusOf(closePoll(db, KOV, id, ADMIN, '   '))).toEqual({ status: 400, fields: ['reason'] });
    expect(await statusOf(closePoll(db, KOV, id, ADMIN, 'x'.repeat(501)))).toEqual({ status: 400, fields: ['reason'] });
    expect((await getPoll(db, KOV, id)).status).toBe('open'); // nothing happened
    expect(await closePoll(db, KOV, id, ADMIN, ' Storm: polling stations closed ')).toMatchObject({ early: true });
    const close = (await auditOf(id)).find((a) => a.action === 'polls.poll.close');
    expect(close?.after).toMatchObject({ early: true, reason: 'Storm: polling stations closed', turnout: 0 });

    const { id: later } = await createPoll(db, KOV, samplePollInput(), ADMIN, S);
    await publishPoll(db, KOV, later, ADMIN, S);
    advanceClock(2 * 86_400_000); // past the planned end
    expect(await closePoll(db, KOV, later, ADMIN)).toMatchObject({ early: false });
    const closeLater = (await auditOf(later)).find((a) => a.action === 'polls.poll.close');
    expect(closeLater?.after).toMatchObject({ early: false });
    expect(closeLater?.after).not.toHaveProperty('reason');
  });
});
