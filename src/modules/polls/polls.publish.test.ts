// Publishing a poll is ONE transaction (PGlite, and PostgreSQL with TEST_DATABASE_URL): roll snapshot,
// roll, key, open, the poll's own roll copy and its published mark commit together or not at all.
// The last step is made to fail (a trigger on polls_voter, created by this test in its own database):
// afterwards the vote is still a draft with no roll and no key, the poll is unpublished, no audit
// entry of the attempt survives, no share is sealed for any member, and the poll publishes again;
// the shares its members pick up open the result, so they belong to the key that was committed.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { verifyAudit } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { isHttpError } from '../../kernel/errors.js';
import { engine, testConfig, testDb, asOwner } from '../../../test/helpers.js';
import { importRegister } from '../residents/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import type { PollInput } from './form.js';
import { cast } from '../voting/index.js';
import { castBallot, closePoll, createPoll, getPoll, pollResults, pollsOfVoter, publishPoll, submitShare, voterState } from './service.js';
import { today } from '../../kernel/clock.js';
import { TEST_SECRETS, pickUpAll, samplePollInput } from './fixtures.js';

const KOV = '0784';
const ADMIN: Actor = { kind: 'person', id: '00000000-0000-7000-8000-000000000201', name: 'Jaan Tamm' };
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const OLD = withCheckDigit('3800505003'); // 1980-05-05
const OTHER = withCheckDigit('4850707004'); // 1985-07-07
const key = testConfig().idcodeHmacKey;

let db: Db;

const input = (over: Partial<PollInput> = {}): PollInput => samplePollInput({ title: { et: 'Ühe tehinguga küsitlus', en: 'One-transaction poll', ru: 'Опрос одной транзакцией' }, ...over });

async function state(pollId: string) {
  const poll = await getPoll(db, KOV, pollId);
  return asOwner(db, async (t) => {
    const v = (await t.one<{ status: string; commitments: string[] | null; threshold: number | null; roll_size: number; opened_at: Date | null }>(
      'SELECT status, commitments, threshold, roll_size, opened_at FROM voting_vote WHERE id = $1',
      [poll.voteId],
    ))!;
    const n = async (sql: string, id: string) => (await t.one<{ n: number }>(sql, [id]))!.n;
    return {
      voteStatus: v.status,
      commitments: v.commitments,
      threshold: v.threshold,
      rollSize: v.roll_size,
      openedAt: v.opened_at,
      rollRows: await n('SELECT count(*)::int AS n FROM voting_roll WHERE vote_id = $1', poll.voteId),
      pollPublished: poll.publishedAt !== null,
      voterRows: await n('SELECT count(*)::int AS n FROM polls_voter WHERE poll_id = $1', pollId),
      sealed: await n('SELECT count(*)::int AS n FROM voting_committee WHERE owner_id = $1 AND (share_sealed IS NOT NULL OR dealt_at IS NOT NULL)', pollId),
      audit: (
        await t.query<{ action: string }>('SELECT action FROM core_audit WHERE target_id IN ($1, $2) ORDER BY seq', [poll.voteId, pollId])
      ).map((a) => a.action),
    };
  });
}

beforeAll(async () => {
  db = await testDb();
  await loadDemoTerritory(db);
  const csv = ['isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates', `${OLD},Olev,Vana,0037,${KOV},0298,2001-01-01`, `${OTHER},Anne,Teine,0037,${KOV},0387,2001-01-01`].join('\n');
  const r = await importRegister(db, key, Readable.from([Buffer.from(csv)]), { kov: KOV, actor: SYSTEM, fileName: 'test.csv' });
  expect(r.ok).toBe(true);
});
afterAll(async () => {
  await db?.close();
});

describe(`publishing a poll is one transaction (${engine})`, () => {
  it('a failure at the last step leaves the draft untouched; publishing again works and its shares open the result', async () => {
    const { id } = await createPoll(db, KOV, input(), ADMIN, TEST_SECRETS);
    const draft = await state(id);
    expect(draft).toMatchObject({ voteStatus: 'draft', commitments: null, threshold: null, rollSize: 0, rollRows: 0, pollPublished: false, voterRows: 0, sealed: 0 });

    // the poll's own roll copy — written after roll, key and open — fails
    await asOwner(db, (t) =>
      t.exec(`
        CREATE FUNCTION test_fail_polls_voter() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected failure in polls_voter'; END $$;
        CREATE TRIGGER test_fail_polls_voter BEFORE INSERT ON polls_voter FOR EACH ROW EXECUTE FUNCTION test_fail_polls_voter();
      `),
    );
    let published: unknown = null;
    try {
      published = await publishPoll(db, KOV, id, ADMIN, TEST_SECRETS);
    } catch (e) {
      expect(String(e)).toContain('injected failure in polls_voter');
    }
    expect(published).toBeNull();
    await asOwner(db, (t) => t.exec('DROP TRIGGER test_fail_polls_voter ON polls_voter; DROP FUNCTION test_fail_polls_voter();'));

    // nothing of the attempt survives: no roll, no key, no sealed share, not open, not published, no audit entries
    expect(await state(id)).toEqual(draft);
    expect(draft.audit).toEqual(['voting.vote.create', 'polls.poll.create']);
    expect((await getPoll(db, KOV, id)).status).toBe('draft');
    expect((await verifyAudit(db, KOV)).every((c) => c.ok)).toBe(true);

    // publishing again works
    const pub = await publishPoll(db, KOV, id, ADMIN, TEST_SECRETS);
    expect(pub.rollSize).toBe(2);
    expect(pub).not.toHaveProperty('shares');
    expect(pub.committee.map((m) => m.share)).toEqual(['waiting', 'waiting', 'waiting']);
    expect(pub.poll.status).toBe('open');
    const after = await state(id);
    expect(after).toMatchObject({ voteStatus: 'open', threshold: 2, rollSize: 2, rollRows: 2, pollPublished: true, voterRows: 2, sealed: 3 });
    expect(after.commitments).toHaveLength(2);
    expect(after.audit).toEqual(['voting.vote.create', 'polls.poll.create', 'voting.roll.set', 'voting.key.deal', 'voting.vote.open', 'polls.poll.publish']);
    expect((await verifyAudit(db, KOV)).every((c) => c.ok)).toBe(true);

    // the shares the members pick up are the committed key's: k of them open the result
    const shares = await pickUpAll(db, KOV, id, TEST_SECRETS);
    await castBallot(db, pub.poll, hashIdcode(key, OLD), [['o2']]);
    await closePoll(db, KOV, id, ADMIN, 'test: closed early');
    await submitShare(db, KOV, id, 1, shares[0]!, ADMIN);
    expect((await submitShare(db, KOV, id, 3, shares[2]!, ADMIN)).published).toBe(true);
    const res = await pollResults(db, await getPoll(db, KOV, id));
    expect(res!.questions[0]!.options.map((o) => o.count)).toEqual([0, 1]);
  });

  it('the k-th share and the board commit together: a failed board keeps no share, and the member brings it again', async () => {
    const { id } = await createPoll(db, KOV, input(), ADMIN, TEST_SECRETS);
    const pub = await publishPoll(db, KOV, id, ADMIN, TEST_SECRETS);
    const shares = await pickUpAll(db, KOV, id, TEST_SECRETS);
    await castBallot(db, pub.poll, hashIdcode(key, OLD), [['o1']]);
    await closePoll(db, KOV, id, ADMIN, 'test: closed early');
    expect((await submitShare(db, KOV, id, 1, shares[0]!, ADMIN)).published).toBe(false);
    const counts = async () =>
      asOwner(db, async (t) => ({
        decryptions: (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM voting_decryption WHERE vote_id = $1', [pub.poll.voteId]))!.n,
        decrypted: (await t.one<{ d: number[] }>('SELECT decrypted AS d FROM polls_poll WHERE id = $1', [id]))!.d,
      }));
    expect(await counts()).toEqual({ decryptions: 1, decrypted: [1] });

    // publishing the board fails once
    await asOwner(db, (t) =>
      t.exec(`
        CREATE FUNCTION test_fail_board() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.status = 'published' THEN RAISE EXCEPTION 'injected failure in the board'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER test_fail_board BEFORE UPDATE ON voting_vote FOR EACH ROW EXECUTE FUNCTION test_fail_board();
      `),
    );
    await expect(submitShare(db, KOV, id, 2, shares[1]!, ADMIN)).rejects.toThrow('injected failure in the board');
    await asOwner(db, (t) => t.exec('DROP TRIGGER test_fail_board ON voting_vote; DROP FUNCTION test_fail_board();'));
    expect(await counts()).toEqual({ decryptions: 1, decrypted: [1] }); // member 2's share was not kept
    expect((await getPoll(db, KOV, id)).status).toBe('closed');

    // she brings it again: the board is published
    expect((await submitShare(db, KOV, id, 2, shares[1]!, ADMIN)).published).toBe(true);
    expect((await getPoll(db, KOV, id)).status).toBe('published');
    expect(await counts()).toEqual({ decryptions: 2, decrypted: [1, 2] });
    expect((await verifyAudit(db, KOV)).every((c) => c.ok)).toBe(true);
  });

  it("a person's casts come from the voting core, whichever route the ballot took", async () => {
    const { id } = await createPoll(db, KOV, input(), ADMIN, TEST_SECRETS);
    const pub = await publishPoll(db, KOV, id, ADMIN, TEST_SECRETS);
    const h = hashIdcode(key, OTHER);
    expect(await voterState(db, KOV, id, h)).toEqual({ onRoll: true, casts: 0, lastAt: null });
    expect((await castBallot(db, pub.poll, h, [['o1']])).replaced).toBe(false);
    expect((await castBallot(db, pub.poll, h, [['o2']])).replaced).toBe(true);
    // straight through the voting core (as the JSON API's cast route does)
    expect((await cast(db, pub.poll.voteId, h, [['o1']])).replaced).toBe(true);
    expect(await voterState(db, KOV, id, h)).toMatchObject({ onRoll: true, casts: 3, lastAt: expect.any(Date) });
    expect((await pollsOfVoter(db, h)).find((p) => p.id === id)?.casts).toBe(3);
    expect(await voterState(db, KOV, id, hashIdcode(key, withCheckDigit('3900101123')))).toEqual({ onRoll: false, casts: 0, lastAt: null });
  });

  it('an empty roll is refused (400) and stores nothing; a published poll is not published twice', async () => {
    const { id } = await createPoll(db, KOV, input({ rules: { units: ['0298'], minAge: 100, on: today(), residentSince: null, extraLists: [] } }), ADMIN, TEST_SECRETS);
    const before = await state(id);
    const status = await publishPoll(db, KOV, id, ADMIN, TEST_SECRETS).then(
      () => 200,
      (e: unknown) => (isHttpError(e) ? e.status : 500),
    );
    expect(status).toBe(400);
    expect(await state(id)).toEqual(before);

    const { id: ok } = await createPoll(db, KOV, input(), ADMIN, TEST_SECRETS);
    await publishPoll(db, KOV, ok, ADMIN, TEST_SECRETS);
    const once = await state(ok);
    const again = await publishPoll(db, KOV, ok, ADMIN, TEST_SECRETS).then(
      () => 200,
      (e: unknown) => (isHttpError(e) ? e.status : 500),
    );
    expect(again).toBe(409);
    expect(await state(ok)).toEqual(once);
  });
});
