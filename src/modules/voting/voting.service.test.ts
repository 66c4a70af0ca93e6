// The voting core against a real database (PGlite here, PostgreSQL with TEST_DATABASE_URL): roll and
// window, bad ballots, re-voting, paper ballots, close → tally → k decryptions → board → verify, wrong
// shares, k−1 members, tampering detected by `vallamaja verify`, turnout suppression.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import type { CliContext } from '../../kernel/module.js';
import { engine, seedTenant, testConfig, testDb, asOwner } from '../../../test/helpers.js';
import { votingCommands } from './cli.js';
import { computeSums } from './crypto/board.js';
import { verifyBoard } from './crypto/verify.js';
import { ballotFromBytes, ballotToBytes, encryptBallot } from './crypto/elgamal.js';
import { pointFromHex, ready } from './crypto/group.js';
import type { Official, QuestionDef } from './service.js';
import {
  CAST_BURST,
  cast,
  castPaper,
  certify,
  closeVote,
  createVote,
  dealKey,
  getBoard,
  openVote,
  publishBoard,
  results,
  setRoll,
  submitDecryption,
  trackerOnBoard,
} from './service.js';
import { sumBallotBytes } from './sums.js';
import { advanceClock, nowMs, resetClock, setClock } from '../../kernel/clock.js';

const KOV = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const by: Official = { kov: KOV, actor: SYSTEM };
const member = (i: number): Official => ({ kov: KOV, actor: { kind: 'person', id: `00000000-0000-7000-8000-00000000000${i}`, name: `Member ${i}` } });
const T = (s: string) => ({ et: s, en: s, ru: s });
const QS: QuestionDef[] = [
  { id: 'q1', text: T('Who?'), rule: { kind: 'one' }, options: [{ id: 'a', text: T('A') }, { id: 'b', text: T('B') }] },
  { id: 'q2', text: T('Which?'), rule: { kind: 'upTo', max: 2 }, options: [{ id: 'x', text: T('X') }, { id: 'y', text: T('Y') }, { id: 'z', text: T('Z') }] },
];
export const voter = (i: number) => createHash('sha256').update(`voter-${i}`).digest('hex');

let db: Db;

beforeAll(async () => {
  await ready();
  db = await testDb();
  await seedTenant(db, KOV, 'Tallinn', 'linn');
});
afterAll(async () => {
  await db.close();
});

interface Setup {
  id: string;
  shares: { member: number; share: string }[];
}

async function makeVote(opts: { revote?: boolean; voters?: number; opensInMs?: number; k?: number; n?: number; roll?: { unit: string; birthDate: string }[] } = {}): Promise<Setup> {
  const now = nowMs();
  const opensAt = new Date(now + (opts.opensInMs ?? -60_000));
  const { id } = await db.tx(
    (t) => createVote(t, { ...by, title: T('Test vote'), questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote: opts.revote ?? true }),
    { kov: KOV },
  );
  const roll = opts.roll ?? Array.from({ length: opts.voters ?? 10 }, () => ({ unit: '0001', birthDate: '1980-05-05' }));
  await setRoll(db, id, roll.map((r, i) => ({ voterHash: voter(i), ...r })), by);
  const dealt = await dealKey(db, id, opts.k ?? 2, opts.n ?? 3, by);
  await openVote(db, id, by);
  return { id, shares: dealt.shares };
}

async function dealKeyFor() {
  const opensAt = new Date(nowMs() + 3600_000);
  const { id } = await db.tx((t) => createVote(t, { ...by, title: T('Key only'), questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 1000), revote: true }), { kov: KOV });
  return dealKey(db, id, 1, 1, by);
}

async function status(e: Promise<unknown>): Promise<number> {
  try {
    await e;
    return 200;
  } catch (x) {
    if (isHttpError(x)) return x.status;
    throw x;
  }
}

async function counts(id: string) {
  return asOwner(db, async (t) => ({
    ballots: (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM voting_ballot WHERE vote_id = $1', [id]))!.n,
    participation: (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM voting_participation WHERE vote_id = $1', [id]))!.n,
  }));
}

async function finish(s: Setup, members = [1, 2]) {
  await closeVote(db, s.id, by);
  for (const m of members) await submitDecryption(db, s.id, m, s.shares[m - 1]!.share, member(m));
  await publishBoard(db, s.id, by);
  return (await getBoard(db, s.id))!;
}

function cliCtx() {
  const lines: string[] = [];
  const ctx: CliContext = {
    config: testConfig(),
    openDb: async () => ({ ...db, close: async () => undefined }),
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  };
  return { ctx, lines };
}
const verifyCmd = votingCommands.find((c) => c.words.join(' ') === 'verify')!;

describe(`voting core (${engine})`, () => {
  it('limits a person to a burst of casts in one vote (20 a minute), counted in the cast itself; the last ballot stands', async () => {
    setClock('2027-03-01T10:00:00Z');
    try {
      const v = await makeVote({ voters: 2 });
      for (let i = 0; i < CAST_BURST.max; i++) await cast(db, v.id, voter(0), [[i % 2 ? 'a' : 'b'], []]);
      const refused = await cast(db, v.id, voter(0), [['a'], ['x']]).catch((e: unknown) => e);
      expect(isHttpError(refused) && refused.status).toBe(429);
      expect(isHttpError(refused) && refused.headers['retry-after']).toBe(String(CAST_BURST.seconds));
      // another person is not held back
      expect((await cast(db, v.id, voter(1), [['a'], []])).replaced).toBe(false);
      advanceClock(30_000);
      const later = await cast(db, v.id, voter(0), [['a'], []]).catch((e: unknown) => e);
      expect(isHttpError(later) && later.headers['retry-after']).toBe('30');
      advanceClock(30_000); // the burst's minute is over
      expect((await cast(db, v.id, voter(0), [['a'], ['y']])).replaced).toBe(true);
      const row = await asOwner(db, (t) => t.one<{ n: number; burst_n: number }>('SELECT n, burst_n FROM voting_ballot WHERE vote_id = $1 AND voter_hash = $2', [v.id, voter(0)]));
      expect(row).toEqual({ n: CAST_BURST.max + 1, burst_n: 1 });
    } finally {
      resetClock();
    }
  });

  it('lets only people on the roll cast, only inside the window', async () => {
    const s = await makeVote({ voters: 3 });
    const r = await cast(db, s.id, voter(0), [['a'], ['x']]);
    expect(r.tracker).toMatch(/^[0-9a-f]{64}$/);
    expect(await status(cast(db, s.id, voter(99), [['a'], []]))).toBe(403);
    const later = await makeVote({ voters: 3, opensInMs: 3600_000 });
    expect(await status(cast(db, later.id, voter(0), [['a'], []]))).toBe(409);
    expect(await counts(later.id)).toEqual({ ballots: 0, participation: 0 });
    await closeVote(db, s.id, by);
    expect(await status(cast(db, s.id, voter(1), [['a'], []]))).toBe(409);
    expect(await status(cast(db, '01890000-0000-7000-8000-000000000000', voter(1), [['a'], []]))).toBe(404);
  });

  it('refuses malformed ballots with 400 and stores nothing', async () => {
    const s = await makeVote({ voters: 2 });
    for (const bad of [[['a', 'b'], []], [['a'], ['x', 'y', 'z']], [['q'], []], [['a']], [['a'], [], []], 'a']) {
      expect(await status(cast(db, s.id, voter(0), bad))).toBe(400);
    }
    expect(await counts(s.id)).toEqual({ ballots: 0, participation: 0 });
  });

  it('counts only the last ballot when re-voting is allowed, and refuses a second one when not', async () => {
    const s = await makeVote({ voters: 2 });
    await cast(db, s.id, voter(0), [['a'], ['x']]);
    const last = await cast(db, s.id, voter(0), [['b'], ['y', 'z']]);
    expect(await counts(s.id)).toEqual({ ballots: 1, participation: 1 });
    const board = await finish(s);
    expect(board.tally.counts).toEqual([
      [0, 1],
      [0, 1, 1],
    ]);
    expect(board.entries.map((e) => e.tracker)).toEqual([last.tracker]);

    const once = await makeVote({ voters: 2, revote: false });
    const first = await cast(db, once.id, voter(0), [['a'], []]);
    expect(await status(cast(db, once.id, voter(0), [['b'], []]))).toBe(409);
    const b2 = await finish(once);
    expect(b2.tally.counts[0]).toEqual([1, 0]);
    expect(b2.entries[0]!.tracker).toBe(first.tracker);
  });

  it('lets a paper ballot replace the e-ballot and refuses e-casts after it', async () => {
    const s = await makeVote({ voters: 3 });
    await cast(db, s.id, voter(0), [['a'], ['x']]);
    const paper = await castPaper(db, s.id, voter(0), [['b'], []], by);
    expect(await status(cast(db, s.id, voter(0), [['a'], []]))).toBe(409);
    expect(await status(castPaper(db, s.id, voter(0), [['a'], []], by))).toBe(409);
    expect(await status(castPaper(db, s.id, voter(77), [['a'], []], by))).toBe(403);
    await castPaper(db, s.id, voter(1), [['a'], ['z']], by); // paper only, no e-ballot before
    const board = await finish(s);
    expect(board.turnout).toBe(2);
    expect(board.entries.map((e) => e.kind).sort()).toEqual(['paper', 'paper']);
    expect(board.entries.map((e) => e.tracker)).toContain(paper.tracker);
    expect(board.tally.counts).toEqual([
      [1, 1],
      [0, 0, 1],
    ]);
    const audit = await asOwner(db, (t) => t.query<{ after: unknown }>(`SELECT after FROM core_audit WHERE action = 'voting.ballot.paper' AND target_id = $1`, [s.id]));
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toMatch(/"b"|choices/);
  });

  it('closes, tallies, takes k decryptions, publishes a board that verifies with the right counts', async () => {
    const s = await makeVote({ voters: 12, k: 2, n: 3 });
    const choices = Array.from({ length: 12 }, (_, i) => [[i % 3 === 0 ? 'a' : 'b'], i % 2 ? ['x', 'z'] : ['y']]);
    const trackers: string[] = [];
    for (let i = 0; i < 11; i++) trackers.push((await cast(db, s.id, voter(i), choices[i])).tracker);
    const closed = await closeVote(db, s.id, by);
    expect(closed.turnout).toBe(11);
    // the voter link is gone: no ballot rows; entries carry no voter
    expect((await counts(s.id)).ballots).toBe(0);
    const cols = await asOwner(db, (t) => t.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'voting_entry'`));
    expect(cols.map((c) => c.column_name).sort()).toEqual(['ct', 'kind', 'kov_code', 'seq', 'tracker', 'vote_id']);
    // k − 1 members cannot finish
    await submitDecryption(db, s.id, 3, s.shares[2]!.share, member(3));
    expect(await status(publishBoard(db, s.id, by))).toBe(409);
    // a wrong share is refused (another member's share, and a random scalar)
    expect(await status(submitDecryption(db, s.id, 1, s.shares[1]!.share, member(1)))).toBe(400);
    expect(await status(submitDecryption(db, s.id, 1, 'zz', member(1)))).toBe(400);
    expect(await status(submitDecryption(db, s.id, 9, s.shares[0]!.share, member(1)))).toBe(400);
    await submitDecryption(db, s.id, 1, s.shares[0]!.share, member(1));
    expect(await status(submitDecryption(db, s.id, 1, s.shares[0]!.share, member(1)))).toBe(409);
    await publishBoard(db, s.id, by);
    const board = (await getBoard(db, s.id))!;
    const expected = [
      [0, 0],
      [0, 0, 0],
    ];
    for (let i = 0; i < 11; i++) {
      expected[0]![choices[i]![0]![0] === 'a' ? 0 : 1]!++;
      for (const o of choices[i]![1]!) expected[1]![['x', 'y', 'z'].indexOf(o)]!++;
    }
    expect(board.tally.counts).toEqual(expected);
    expect(board.turnout).toBe(11);
    expect(verifyBoard(board).ok).toBe(true);
    expect(new Set(board.entries.map((e) => e.tracker))).toEqual(new Set(trackers));
    expect(await trackerOnBoard(db, s.id, trackers[4]!)).toBe(true);
    expect(await trackerOnBoard(db, s.id, '0'.repeat(64))).toBe(false);
    // the stored board is the document, byte for byte
    const stored = await getBoard(db, s.id);
    expect(stored).toEqual(board);
    expect(Object.keys(stored!)).toEqual(['format', 'voteId', 'kov', 'title', 'questions', 'key', 'entries', 'turnout', 'tally']);
    // the CLI agrees
    const { ctx, lines } = cliCtx();
    expect(await verifyCmd.run([s.id], ctx)).toBe(0);
    expect(lines.at(-1)).toContain('VALID');
    // results and certification
    const res = await results(db, KOV, s.id);
    expect(res.questions[0]!.options.map((o) => o.count)).toEqual(expected[0]);
    expect(res.turnout).toBe(11);
    expect(res.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await status(certify(db, s.id, res.digest!, by))).toBe(403); // not a person
    expect((await certify(db, s.id, res.digest!, member(1))).status).toBe('published');
    expect(await status(certify(db, s.id, res.digest!, member(1)))).toBe(409);
    expect((await certify(db, s.id, res.digest!, member(2))).status).toBe('certified');
    // every official step is in the audit log
    const actions = await asOwner(db, (t) => t.query<{ action: string }>('SELECT action FROM core_audit WHERE target_id = $1 ORDER BY seq', [s.id]));
    expect(actions.map((a) => a.action)).toEqual([
      'voting.vote.create',
      'voting.roll.set',
      'voting.key.deal',
      'voting.vote.open',
      'voting.vote.close',
      'voting.tally.decrypt',
      'voting.tally.decrypt',
      'voting.board.publish',
      'voting.result.certify',
      'voting.result.certify',
    ]);
    // the shares are nowhere in the database
    const dump = await asOwner(db, (t) => t.query<{ j: string }>(`SELECT to_jsonb(x)::text AS j FROM core_audit x UNION ALL SELECT to_jsonb(v)::text FROM voting_vote v UNION ALL SELECT to_jsonb(d)::text FROM voting_decryption d`));
    const all = dump.map((d) => d.j).join('\n');
    for (const sh of s.shares) expect(all).not.toContain(sh.share);
  });

  it('publishes an empty board that verifies', async () => {
    const s = await makeVote({ voters: 2 });
    const board = await finish(s);
    expect(board.turnout).toBe(0);
    expect(board.tally.counts).toEqual([
      [0, 0],
      [0, 0, 0],
    ]);
    expect(verifyBoard(board).ok).toBe(true);
  });

  it('makes verify fail when a stored ballot was altered before close', async () => {
    const s = await makeVote({ voters: 3 });
    await cast(db, s.id, voter(0), [['a'], []]);
    await cast(db, s.id, voter(1), [['b'], []]);
    // someone with database access swaps voter 1's ciphertexts for a ballot of their own
    const Y = pointFromHex((await asOwner(db, (t) => t.one<{ c: string[] }>('SELECT commitments AS c FROM voting_vote WHERE id = $1', [s.id])))!.c[0]!);
    const forged = ballotToBytes(encryptBallot(Y, [[1, 0], [1, 1, 0]]));
    await asOwner(db, (t) => t.query('UPDATE voting_ballot SET ct = $3 WHERE vote_id = $1 AND voter_hash = $2', [s.id, voter(1), Buffer.from(forged)]));
    const board = await finish(s);
    const report = verifyBoard(board);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'trackers')?.ok).toBe(false);
    const { ctx, lines } = cliCtx();
    expect(await verifyCmd.run([s.id], ctx)).toBe(1);
    expect(lines.join('\n')).toContain('INVALID');
  });

  it('makes verify fail when one entry of a published board is altered; --all re-checks every board', async () => {
    const s = await makeVote({ voters: 3 });
    await cast(db, s.id, voter(0), [['a'], ['x']]);
    await cast(db, s.id, voter(1), [['b'], ['y']]);
    await finish(s);
    const { ctx } = cliCtx();
    expect(await verifyCmd.run([s.id], ctx)).toBe(0);
    // swap two A points of entry 1 in its stored row: the streamed board changes with it
    const row = (await asOwner(db, (t) => t.one<{ ct: Uint8Array }>('SELECT ct FROM voting_entry WHERE vote_id = $1 AND seq = 1', [s.id])))!;
    const ct = Buffer.from(row.ct);
    const forged = Buffer.concat([ct.subarray(64, 96), ct.subarray(32, 64), ct.subarray(0, 32), ct.subarray(96)]);
    await asOwner(db, (t) => t.query('UPDATE voting_entry SET ct = $2 WHERE vote_id = $1 AND seq = 1', [s.id, forged]));
    const again = cliCtx();
    expect(await verifyCmd.run([s.id], again.ctx)).toBe(1);
    expect(again.lines.some((l) => l.startsWith('FAIL'))).toBe(true);
    const everything = cliCtx();
    expect(await verifyCmd.run(['--all'], everything.ctx)).toBe(1);
    expect(everything.lines.filter((l) => /^(VALID|INVALID) board/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(await verifyCmd.run(['not-a-uuid'], everything.ctx)).toBe(2);
  });

  it('reports turnout by unit and age group with small numbers suppressed', async () => {
    // unit 0001: 10 people aged 30 (8 vote); unit 0002: 10 people aged 70 (6 vote); unit 0003: 6 aged 20 (2 vote)
    const roll = [
      ...Array.from({ length: 10 }, () => ({ unit: '0001', birthDate: '1996-01-01' })),
      ...Array.from({ length: 10 }, () => ({ unit: '0002', birthDate: '1950-01-01' })),
      ...Array.from({ length: 6 }, () => ({ unit: '0003', birthDate: '2006-01-01' })),
    ];
    const s = await makeVote({ roll });
    const voters = [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 20, 21];
    for (const i of voters) await cast(db, s.id, voter(i), [['a'], []]);
    await closeVote(db, s.id, by);
    const res = await results(db, KOV, s.id);
    expect(res.turnout).toBe(16);
    expect(res.rollSize).toBe(26);
    expect(res.questions[0]!.options[0]!.count).toBeNull(); // not decrypted yet
    expect(res.turnoutByUnit).toEqual([
      { key: '0001', eligible: 10, voted: 8 },
      { key: '0002', eligible: 10, voted: '–' }, // the second-smallest, hidden so 0003 cannot be recovered
      { key: '0003', eligible: 6, voted: '<5' },
    ]);
    const byAge = Object.fromEntries(res.turnoutByAge.map((c) => [c.key, c]));
    expect(Object.keys(byAge).sort()).toEqual(['18–24', '25–34', '65+']);
    expect(byAge['18–24']!.voted).toBe('<5');
    expect(byAge['65+']!.voted).toBe('–'); // hidden too, so that 18–24 cannot be recovered from the total
    expect(res.turnoutByAge.filter((c) => typeof c.voted === 'string').length).toBeGreaterThanOrEqual(2);
  });

  it('sums the same over worker threads as on one thread', async () => {
    const Y = pointFromHex((await dealKeyFor()).Y);
    const ballots = Array.from({ length: 40 }, (_, i) => ballotToBytes(encryptBallot(Y, [[i % 2, 1 - (i % 2)], [1, 0, i % 3 === 0 ? 1 : 0]])));
    const all = new Uint8Array(ballots.length * ballots[0]!.length);
    ballots.forEach((b, i) => all.set(b, i * b.length));
    const one = await sumBallotBytes(all, 5, { threads: 0 });
    const par = await sumBallotBytes(all, 5, { threads: 2, chunkBallots: 7 });
    expect(Buffer.from(par).toString('hex')).toBe(Buffer.from(one).toString('hex'));
    expect(Buffer.from(one).toString('hex')).toBe(Buffer.from(ballotToBytes(computeSums(ballots.map((b) => ballotFromBytes(b, [2, 3])), [2, 3]))).toString('hex'));
  });
});
