// Board format 2 on a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL): a vote of K
// slots is cast (rules checked, re-voting, a paper ballot, the slot tracker), closed (mixed with a
// proof of shuffle), decrypted k of n and published as `vallamaja-board/2`; the stored board verifies
// (verifyStoredBoard and `vallamaja verify`) and its decrypted ballots are exactly the counted ones.
// A stored board whose mix has one ballot swapped, dropped or altered, or whose entry was altered,
// fails verification, naming the check.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { HttpError } from '../../kernel/errors.js';
import type { CliContext } from '../../kernel/module.js';
import { nowMs } from '../../kernel/clock.js';
import { asOwner, engine, seedTenant, testConfig, testDb } from '../../../test/helpers.js';
import { votingCommands } from './cli.js';
import { encryptCount } from './crypto/elgamal.js';
import { pointAdd, pointFromHex, pointToHex, mulBaseInt, ready } from './crypto/group.js';
import { deal } from './crypto/feldman.js';
import { SLOT_BYTES, decodeMixed, slotTracker, verifyDecryptions, verifyShuffle, type MixSectionJson } from './crypto/mix.js';
import { decryptOffThread, mixOffThread } from './mixcount.js';
import type { Official, QuestionDef } from './service.js';
import { cast, castPaper, certify, closeVote, createVote, dealKey, getBoard, getVote, openVote, publishBoard, results, setRoll, submitDecryption, trackerOnBoard, verifyStoredBoard } from './service.js';

const KOV = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const by: Official = { kov: KOV, actor: SYSTEM };
const member = (i: number): Official => ({ kov: KOV, actor: { kind: 'person', id: `00000000-0000-7000-8000-00000000030${i}`, name: `Liige ${i}` } });
const T = (s: string) => ({ et: s, en: s, ru: s });
const IDEAS = ['i1', 'i2', 'i3', 'i4', 'i5'];
const K = 3;
const QS: QuestionDef[] = [{ id: 'ideas', text: T('Ideed'), rule: { kind: 'upTo', max: K }, options: IDEAS.map((id) => ({ id, text: T(id) })) }];
const voter = (i: number) => createHash('sha256').update(`mix-voter-${i}`).digest('hex');
const verifyCmd = votingCommands.find((c) => c.words.join(' ') === 'verify')!;

let db: Db;

beforeAll(async () => {
  await ready();
  db = await testDb();
  await seedTenant(db, KOV, 'Tallinn', 'linn');
});
afterAll(async () => {
  await db.close();
});

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    if (e instanceof HttpError) return e.status;
    throw e;
  }
}

const sortedSets = (bs: readonly (readonly number[])[]) => bs.map((b) => [...b].sort((x, y) => x - y).join(',')).sort();

/** The counted ballots as idea numbers (K slots, 0 = empty), for comparison with mix.ballots. */
const slotsOf = (ids: string[]) => [...ids.map((id) => IDEAS.indexOf(id) + 1), ...new Array<number>(K - ids.length).fill(0)];

interface Published {
  id: string;
  counted: number[][];
  trackers: string[];
}

async function publishedMixVote(): Promise<Published> {
  const opensAt = new Date(nowMs() - 60_000);
  const { id } = await db.tx((t) => createVote(t, { ...by, title: T('Kaasav eelarve'), questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote: true, slots: K }), { kov: KOV });
  await setRoll(db, id, [0, 1, 2, 3, 4, 5, 6].map((i) => ({ voterHash: voter(i), unit: '0001', birthDate: '1980-05-05' })), by);
  const dealt = await dealKey(db, id, 2, 3, by);
  await openVote(db, id, by);
  expect((await getVote(db, KOV, id)).slots).toBe(K);

  // the rules are checked before encryption: over K, unknown, duplicate
  expect(await status(cast(db, id, voter(0), [['i1', 'i2', 'i3', 'i4']]))).toBe(400);
  expect(await status(cast(db, id, voter(0), [['i9']]))).toBe(400);
  expect(await status(cast(db, id, voter(0), [['i1', 'i1']]))).toBe(400);

  const trackers: string[] = [];
  const first = await cast(db, id, voter(0), [['i1', 'i2']]);
  const revote = await cast(db, id, voter(0), [['i3']]); // replaces the first
  expect(revote.replaced).toBe(true);
  trackers.push(revote.tracker);
  trackers.push((await cast(db, id, voter(1), [['i1', 'i2', 'i5']])).tracker);
  trackers.push((await cast(db, id, voter(2), [['i2']])).tracker);
  trackers.push((await cast(db, id, voter(3), [[]])).tracker); // blank: every slot 0
  await cast(db, id, voter(4), [['i4']]);
  trackers.push((await castPaper(db, id, voter(4), [['i4', 'i5']], by)).tracker); // replaces her e-ballot
  trackers.push((await cast(db, id, voter(5), [['i5', 'i1']])).tracker);

  // the stored ballot is K slots and its tracker is the format-2 tracker
  const row = await asOwner(db, (t) => t.one<{ ct: Uint8Array; tracker: string }>('SELECT ct, tracker FROM voting_ballot WHERE vote_id = $1 AND voter_hash = $2', [id, voter(1)]));
  expect(row!.ct.length).toBe(K * SLOT_BYTES);
  expect(slotTracker(id, new Uint8Array(row!.ct))).toBe(row!.tracker);

  expect((await closeVote(db, id, by)).turnout).toBe(6);
  expect((await submitDecryption(db, id, 1, dealt.shares[0]!.share, member(1))).received).toBe(1);
  expect(await status(publishBoard(db, id, by))).toBe(409); // one of two
  expect(await status(submitDecryption(db, id, 2, dealt.shares[0]!.share, member(2)))).toBe(400); // not member 2's share
  await submitDecryption(db, id, 3, dealt.shares[2]!.share, member(3));
  const pub = await publishBoard(db, id, by);
  expect(pub.turnout).toBe(6);
  const counted = [slotsOf(['i3']), slotsOf(['i1', 'i2', 'i5']), slotsOf(['i2']), slotsOf([]), slotsOf(['i4', 'i5']), slotsOf(['i5', 'i1'])];
  expect(pub.counts).toEqual([[2, 2, 1, 1, 3]]);
  expect(trackers).not.toContain(first.tracker);
  return { id, counted, trackers };
}

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { config: testConfig(), openDb: async () => ({ ...db, close: async () => undefined }), out: (l) => out.push(l), err: (l) => err.push(l) };
  return { out, err, run: (args: string[]) => verifyCmd.run(args, ctx) };
}

/** Rewrites the stored board's mix section (its tail), runs fn, puts the tail back. */
async function withTamperedMix(id: string, change: (mix: MixSectionJson) => void, fn: () => Promise<void>): Promise<void> {
  const tail = (await asOwner(db, (t) => t.one<{ board_tail: string }>('SELECT board_tail FROM voting_vote WHERE id = $1', [id])))!.board_tail;
  const o = JSON.parse(`{"entries":[${tail}`) as { entries: []; turnout: number; mix: MixSectionJson };
  change(o.mix);
  const text = JSON.stringify(o);
  const changed = text.slice(text.indexOf('"entries":[') + '"entries":['.length);
  await asOwner(db, (t) => t.query('UPDATE voting_vote SET board_tail = $2 WHERE id = $1', [id, changed]));
  try {
    await fn();
  } finally {
    await asOwner(db, (t) => t.query('UPDATE voting_vote SET board_tail = $2 WHERE id = $1', [id, tail]));
  }
}

const failed = async (id: string) => {
  const r = (await verifyStoredBoard(db, id))!;
  return { ok: r.ok, failed: r.checks.filter((c) => !c.ok).map((c) => c.name) };
};

describe(`board format 2: a mixed vote end to end (${engine})`, () => {
  let P: Published;

  it('publishes a vallamaja-board/2 whose decrypted ballots are exactly the counted ones, and it verifies', async () => {
    P = await publishedMixVote();
    const board = (await getBoard(db, P.id)) as unknown as { format: string; entries: { seq: number; tracker: string; slots: string[][]; prev: string }[]; turnout: number; mix: MixSectionJson; tally?: unknown };
    expect(board.format).toBe('vallamaja-board/2');
    expect(board.tally).toBeUndefined();
    expect(board.entries).toHaveLength(6);
    expect(board.entries.every((e) => e.slots.length === K)).toBe(true);
    expect(board.entries.map((e) => e.tracker).sort()).toEqual([...P.trackers].sort());
    expect(board.mix.format).toBe('vallamaja-mix/2');
    expect(board.mix.slots).toBe(K);
    expect(board.mix.ideas).toBe(IDEAS.length);
    expect(board.mix.decryptions.map((d) => d.member)).toEqual([1, 3]);
    expect(sortedSets(board.mix.ballots)).toEqual(sortedSets(P.counted));
    for (const tr of P.trackers) expect(await trackerOnBoard(db, P.id, tr)).toBe(true);

    const report = (await verifyStoredBoard(db, P.id))!;
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['format', true],
      ['chain', true],
      ['trackers', true],
      ['points', true],
      ['turnout', true],
      ['key', true],
      ['mix', true],
      ['shuffle', true],
      ['decryptions', true],
    ]);
    expect(report.ok).toBe(true);

    // results: per idea, the ballots naming it; the digest signs off and certifies
    const res = await results(db, KOV, P.id);
    expect(res.questions[0]!.options.map((o) => o.count)).toEqual([2, 2, 1, 1, 3]);
    await certify(db, P.id, res.digest!, member(1));
    expect((await certify(db, P.id, res.digest!, member(3))).status).toBe('certified');

    const c = cli();
    expect(await c.run([P.id])).toBe(0);
    expect(c.out).toContain(`ok   ${P.id} shuffle: ${report.checks.find((x) => x.name === 'shuffle')!.detail}`);
    expect(c.out).toContain(`ok   ${P.id} sign-offs: 2 confirm this digest`);
    expect(c.out.at(-1)).toBe(`VALID board ${P.id}`);
  });

  it('a mix with one ballot swapped for a fresh encryption (same idea numbers) fails the shuffle check', async () => {
    const Y = pointFromHex((await getVote(db, KOV, P.id)).key!.commitments[0]!);
    await withTamperedMix(
      P.id,
      (mix) => {
        mix.outputs[2] = mix.ballots[2]!.map((m) => {
          const c = encryptCount(Y, m);
          return [pointToHex(c.A), pointToHex(c.B)] as [string, string];
        });
      },
      async () => {
        expect(await failed(P.id)).toEqual({ ok: false, failed: ['shuffle', 'decryptions'] });
        const c = cli();
        expect(await c.run([P.id])).toBe(1);
        expect(c.out.some((l) => l.startsWith(`FAIL ${P.id} shuffle`))).toBe(true);
        expect(c.out.at(-1)).toBe(`INVALID board ${P.id}`);
      },
    );
    expect((await failed(P.id)).ok).toBe(true);
  });

  it('a mix with one ballot dropped (another one twice in its place, or the list one shorter) fails', async () => {
    await withTamperedMix(
      P.id,
      (mix) => {
        mix.outputs[1] = mix.outputs[0]!;
        for (const d of mix.decryptions) {
          d.shares[1] = d.shares[0]!;
          d.proofs[1] = d.proofs[0]!;
        }
        mix.ballots[1] = mix.ballots[0]!;
      },
      async () => expect(await failed(P.id)).toEqual({ ok: false, failed: ['shuffle', 'decryptions'] }),
    );
    await withTamperedMix(
      P.id,
      (mix) => {
        mix.outputs.pop();
        for (const d of mix.decryptions) {
          d.shares.pop();
          d.proofs.pop();
        }
        mix.ballots.pop();
      },
      async () => expect(await failed(P.id)).toEqual({ ok: false, failed: ['shuffle', 'decryptions'] }),
    );
  });

  it('a mix with one slot altered (idea m made m + 1) or a decrypted number changed fails', async () => {
    await withTamperedMix(
      P.id,
      (mix) => {
        const [A, B] = mix.outputs[0]![1]!;
        mix.outputs[0]![1] = [A, pointToHex(pointAdd(pointFromHex(B), mulBaseInt(1)))];
      },
      async () => expect(await failed(P.id)).toEqual({ ok: false, failed: ['shuffle', 'decryptions'] }),
    );
    await withTamperedMix(
      P.id,
      (mix) => {
        mix.ballots[0]![0] = (mix.ballots[0]![0]! + 1) % (IDEAS.length + 1);
      },
      async () => expect(await failed(P.id)).toEqual({ ok: false, failed: ['decryptions'] }),
    );
  });

  it('an entry altered in the database after publication fails the trackers and the shuffle', async () => {
    const row = (await asOwner(db, (t) => t.one<{ ct: Uint8Array }>('SELECT ct FROM voting_entry WHERE vote_id = $1 AND seq = 2', [P.id])))!;
    const ct = new Uint8Array(row.ct);
    const altered = ct.slice();
    altered.set(pointAdd(ct.subarray(32, 64), mulBaseInt(1)), 32);
    await asOwner(db, (t) => t.query('UPDATE voting_entry SET ct = $2 WHERE vote_id = $1 AND seq = 2', [P.id, Buffer.from(altered)]));
    try {
      expect(await failed(P.id)).toEqual({ ok: false, failed: ['trackers', 'shuffle', 'decryptions'] });
    } finally {
      await asOwner(db, (t) => t.query('UPDATE voting_entry SET ct = $2 WHERE vote_id = $1 AND seq = 2', [P.id, Buffer.from(ct)]));
    }
    expect((await failed(P.id)).ok).toBe(true);
  });

  it('a vote nobody voted in publishes mix null and verifies', async () => {
    const opensAt = new Date(nowMs() - 60_000);
    const { id } = await db.tx((t) => createVote(t, { ...by, title: T('Tühi'), questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote: true, slots: K }), { kov: KOV });
    await setRoll(db, id, [{ voterHash: voter(9), unit: '0001', birthDate: '1980-05-05' }], by);
    const dealt = await dealKey(db, id, 1, 1, by);
    await openVote(db, id, by);
    await closeVote(db, id, by);
    await submitDecryption(db, id, 1, dealt.shares[0]!.share, member(1));
    await publishBoard(db, id, by);
    const board = (await getBoard(db, id)) as unknown as { format: string; mix: unknown; turnout: number };
    expect(board).toMatchObject({ format: 'vallamaja-board/2', mix: null, turnout: 0 });
    expect((await verifyStoredBoard(db, id))!.ok).toBe(true);
  });

  it('refuses a format-2 definition with two questions or slots outside 1…64', async () => {
    const opensAt = new Date(nowMs());
    const base = { ...by, title: T('x'), opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote: true };
    expect(await status(db.tx((t) => createVote(t, { ...base, questions: [QS[0]!, { ...QS[0]!, id: 'b' }], slots: 2 }), { kov: KOV }))).toBe(400);
    expect(await status(db.tx((t) => createVote(t, { ...base, questions: QS, slots: 65 }), { kov: KOV }))).toBe(400);
    expect(await status(db.tx((t) => createVote(t, { ...base, questions: QS, slots: 0 }), { kov: KOV }))).toBe(400);
  });
});

describe('format-2 count on worker threads (large counts)', () => {
  it('mixes on a worker and decrypts in ranges over two workers: the proof holds and the ballots are the counted ones', async () => {
    const voteId = '0190a1b2-0000-7000-8000-00000000abcd';
    const d = deal(2, 3);
    const plain = Array.from({ length: 7 }, (_, i) => [(i % 5) + 1, i % 3 === 0 ? 0 : ((i + 2) % 5) + 1, 0]);
    const inputs = new Uint8Array(plain.length * K * SLOT_BYTES);
    plain.forEach((b, i) =>
      b.forEach((m, k) => {
        const c = encryptCount(d.Y, m);
        inputs.set(c.A, (i * K + k) * SLOT_BYTES);
        inputs.set(c.B, (i * K + k) * SLOT_BYTES + 32);
      }),
    );
    const mix = await mixOffThread(voteId, d.Y, K, inputs, 1);
    expect(verifyShuffle(voteId, d.Y, K, inputs, mix.outputs, mix.proof).ok).toBe(true);
    const ds = [];
    for (const m of [1, 2]) ds.push(await decryptOffThread(voteId, m, d.shares[m - 1]!, d.commitments, mix.outputs, K, 2));
    const decoded = decodeMixed(mix.outputs, K, ds, IDEAS.length);
    expect(verifyDecryptions(voteId, { threshold: 2, members: 3, commitments: d.commitments }, mix.outputs, K, ds, decoded, IDEAS.length).ok).toBe(true);
    const rows = Array.from({ length: plain.length }, (_, i) => Array.from(decoded.subarray(i * K, (i + 1) * K)));
    expect(sortedSets(rows)).toEqual(sortedSets(plain));
    // a share that is not the member's is refused on the worker too
    await expect(decryptOffThread(voteId, 3, d.shares[0]!, d.commitments, mix.outputs, K, 2)).rejects.toThrow(/does not match/);
  }, 60_000);
});
