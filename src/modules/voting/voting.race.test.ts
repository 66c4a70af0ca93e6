// Races on PostgreSQL, where transactions really run in parallel (a pg Pool of 20 connections; PGlite
// has one connection, so there is nothing to race there and these tests are skipped on it).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { openPostgres } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { Agent, csrfTokenOf, engine, loginAs, seedTenant, testApp, testDb, asOwner } from '../../../test/helpers.js';
import { TEST_OWNER, withDb } from '../../../test/pg-url.js';
import { verifyBoard } from './crypto/verify.js';
import { ready } from './crypto/group.js';
import type { Official, QuestionDef } from './service.js';
import { CAST_BURST, cast, castPaper, closeVote, createVote, dealKey, openVote, getBoard, publishBoard, setRoll, submitDecryption } from './service.js';
import { nowMs } from '../../kernel/clock.js';

const KOV = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'race test' };
const by: Official = { kov: KOV, actor: SYSTEM };
const T = (s: string) => ({ et: s, en: s, ru: s });
const QS: QuestionDef[] = [
  { id: 'q1', text: T('Who?'), rule: { kind: 'one' }, options: [{ id: 'a', text: T('A') }, { id: 'b', text: T('B') }, { id: 'c', text: T('C') }] },
  { id: 'q2', text: T('Which?'), rule: { kind: 'upTo', max: 2 }, options: [{ id: 'x', text: T('X') }, { id: 'y', text: T('Y') }] },
];
const OPTS = [['a', 'b', 'c'], ['x', 'y']];
const voter = (i: number) => createHash('sha256').update(`race-voter-${i}`).digest('hex');

let db: Db; // the test file's database (its pool is used only for set-up)
let pool: Db; // a separate pg Pool of 20 connections for the races

async function makeVote(roll: string[], revote = true) {
  const opensAt = new Date(nowMs() - 60_000);
  const { id } = await db.tx((t) => createVote(t, { ...by, title: T('Race'), questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote }), { kov: KOV });
  await setRoll(db, id, roll.map((h) => ({ voterHash: h, unit: '0001', birthDate: '1980-01-01' })), by);
  const dealt = await dealKey(db, id, 2, 3, by);
  await openVote(db, id, by);
  return { id, shares: dealt.shares };
}

async function finish(v: { id: string; shares: { share: string }[] }) {
  await closeVote(db, v.id, by);
  await submitDecryption(db, v.id, 1, v.shares[0]!.share, by);
  await submitDecryption(db, v.id, 3, v.shares[2]!.share, by);
  await publishBoard(db, v.id, by);
  return (await getBoard(db, v.id))!;
}

const settled = async (ps: Promise<unknown>[]) => (await Promise.allSettled(ps)).map((r) => (r.status === 'fulfilled' ? 'ok' : ((r.reason as { status?: number }).status ?? String(r.reason))));

describe.skipIf(engine !== 'postgres')('voting races on PostgreSQL (skipped on PGlite: one connection, nothing runs in parallel)', () => {
  beforeAll(async () => {
    await ready();
    db = await testDb();
    await seedTenant(db, KOV, 'Tallinn', 'linn');
    // the same database as `db`, through its own Pool of 20 connections
    const name = (await asOwner(db, (t) => t.one<{ d: string }>('SELECT current_database() AS d')))!.d;
    pool = openPostgres(withDb(process.env.TEST_DATABASE_URL!, name, TEST_OWNER), { max: 20 });
  });
  afterAll(async () => {
    await pool?.close();
    await db?.close();
  });

  it('200 parallel casts and re-votes by one person end with exactly one counted ballot; her burst (20) is counted exactly', async () => {
    const v = await makeVote([voter(0), voter(1)]);
    const settled = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => cast(pool, v.id, voter(0), [[OPTS[0]![i % 3]!], i % 2 ? ['x'] : ['y']])));
    const outcomes = settled.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const refused = settled.flatMap((o) => (o.status === 'rejected' ? [o.reason as { status?: number }] : []));
    expect(outcomes).toHaveLength(CAST_BURST.max); // the first 20 to take the row lock were stored…
    expect(refused.every((e) => e.status === 429)).toBe(true); // …the others refused as too many
    const rows = await asOwner(db, (t) => t.query<{ n: number; tracker: string }>('SELECT n, tracker FROM voting_ballot WHERE vote_id = $1', [v.id]));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.n).toBe(CAST_BURST.max); // every stored cast was applied in turn, none lost
    const part = await asOwner(db, (t) => t.one<{ casts: number }>('SELECT casts FROM voting_participation WHERE vote_id = $1', [v.id]));
    expect(part!.casts).toBe(CAST_BURST.max);
    expect(outcomes.map((o) => o.tracker)).toContain(rows[0]!.tracker);
    const board = await finish(v);
    expect(board.turnout).toBe(1);
    expect(board.tally.counts[0]!.reduce((a, b) => a + b, 0)).toBe(1);
    expect(board.entries[0]!.tracker).toBe(rows[0]!.tracker);
    expect(verifyBoard(board).ok).toBe(true);
  });

  it('200 parallel first casts by one person without re-voting: one stored, 199 refused with 409', async () => {
    const v = await makeVote([voter(0)], false);
    const res = await settled(Array.from({ length: 200 }, () => cast(pool, v.id, voter(0), [['a'], []])));
    expect(res.filter((r) => r === 'ok')).toHaveLength(1);
    expect(res.filter((r) => r === 409)).toHaveLength(199);
    const n = await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM voting_ballot WHERE vote_id = $1', [v.id]));
    expect(n!.n).toBe(1);
  });

  it('a paper ballot racing 100 e-casts of the same person wins, and nothing after it is stored', async () => {
    const v = await makeVote([voter(0)]);
    const casts = Array.from({ length: 100 }, (_, i) => cast(pool, v.id, voter(0), [['a'], []]).then(() => i));
    const paper = castPaper(pool, v.id, voter(0), [['c'], ['x', 'y']], by);
    await settled([...casts, paper]);
    const row = await asOwner(db, (t) => t.one<{ kind: string }>('SELECT kind FROM voting_ballot WHERE vote_id = $1', [v.id]));
    expect(row!.kind).toBe('paper');
    const board = await finish(v);
    expect(board.tally.counts).toEqual([
      [0, 0, 1],
      [1, 1],
    ]);
  });

  it('2,000 people casting concurrently through the service end with one ballot each and a correct tally', async () => {
    const N = 2000;
    const v = await makeVote(Array.from({ length: N }, (_, i) => voter(i)));
    const expected = [
      [0, 0, 0],
      [0, 0],
    ];
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      const a = OPTS[0]![i % 3]!;
      const b = i % 5 === 0 ? ['x', 'y'] : i % 2 ? ['x'] : [];
      expected[0]![i % 3]!++;
      for (const o of b) expected[1]![OPTS[1]!.indexOf(o)]!++;
      jobs.push(cast(pool, v.id, voter(i), [[a], b]));
    }
    await Promise.all(jobs);
    const n = await asOwner(db, (t) => t.one<{ b: number; p: number }>(
      'SELECT (SELECT count(*)::int FROM voting_ballot WHERE vote_id = $1) AS b, (SELECT count(*)::int FROM voting_participation WHERE vote_id = $1) AS p',
      [v.id],
    ));
    expect(n).toEqual({ b: N, p: N });
    const board = await finish(v);
    expect(board.turnout).toBe(N);
    expect(board.tally.counts).toEqual(expected);
    expect(verifyBoard(board).ok).toBe(true);
  }, 120_000);

  it('300 residents casting in parallel over HTTP (app.inject, real sessions and CSRF) end with one ballot each', async () => {
    const app: FastifyInstance = await testApp(pool);
    try {
      const N = 300;
      const codes = Array.from({ length: N }, (_, i) => withCheckDigit(`4900101${String(i).padStart(3, '0')}`));
      const { hashIdcode } = await import('../../kernel/idcode.js');
      const v = await makeVote(codes.map((c) => hashIdcode(app.config.idcodeHmacKey, c)));
      const first = new Agent(app);
      await loginAs(first, pool, codes[0]!);
      const csrf = await csrfTokenOf(first);
      const agents = await Promise.all(
        codes.map(async (c, i) => {
          if (i === 0) return first;
          const a = new Agent(app);
          a.cookies.set('vm_csrf', first.cookies.get('vm_csrf')!);
          await loginAs(a, pool, c);
          return a;
        }),
      );
      const expected = [0, 0, 0];
      const res = await Promise.all(
        agents.map((a, i) => {
          expected[i % 3]!++;
          // every tenth person casts twice at once: one of the two must count
          const body = { choices: [[OPTS[0]![i % 3]!], []] };
          const send = () => a.req({ method: 'POST', url: `/api/v1/votes/${v.id}/ballots`, payload: body, headers: { 'x-csrf-token': csrf } });
          return i % 10 === 0 ? Promise.all([send(), send()]).then((r) => r[1]!) : send();
        }),
      );
      expect(res.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
      const n = await asOwner(db, (t) => t.one<{ b: number }>('SELECT count(*)::int AS b FROM voting_ballot WHERE vote_id = $1', [v.id]));
      expect(n!.b).toBe(N);
      const board = await finish(v);
      expect(board.turnout).toBe(N);
      expect(board.tally.counts[0]).toEqual(expected);
    } finally {
      await app.close();
    }
  }, 120_000);
});
