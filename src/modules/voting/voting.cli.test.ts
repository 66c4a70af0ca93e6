// `vallamaja verify VOTE-ID` and the results digest, on a real database (PGlite, and PostgreSQL with
// TEST_DATABASE_URL): verify prints the digest it recomputes from the stored board (the one the
// results and the committee's sign-offs carry), passes when every sign-off confirmed it, and fails
// (exit 1, a clear message) when a sign-off's digest and the board's no longer agree — the roll size
// or a stored sign-off altered behind the platform's back — even though the board itself verifies.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import type { CliContext } from '../../kernel/module.js';
import { engine, seedTenant, testConfig, testDb, asOwner } from '../../../test/helpers.js';
import { votingCommands } from './cli.js';
import { ready } from './crypto/group.js';
import type { Official, QuestionDef } from './service.js';
import { cast, certify, closeVote, createVote, dealKey, getBoardText, openVote, publishBoard, resultDigestOfBoard, results, setRoll, submitDecryption } from './service.js';
import { nowMs } from '../../kernel/clock.js';

const KOV = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const by: Official = { kov: KOV, actor: SYSTEM };
const member = (i: number): Official => ({ kov: KOV, actor: { kind: 'person', id: `00000000-0000-7000-8000-00000000020${i}`, name: `Liige ${i}` } });
const T = (s: string) => ({ et: s, en: s, ru: s });
const QS: QuestionDef[] = [{ id: 'q1', text: T('Kas?'), rule: { kind: 'one' }, options: [{ id: 'jah', text: T('Jah') }, { id: 'ei', text: T('Ei') }] }];
const voter = (i: number) => createHash('sha256').update(`cli-voter-${i}`).digest('hex');
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

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { config: testConfig(), openDb: async () => ({ ...db, close: async () => undefined }), out: (l) => out.push(l), err: (l) => err.push(l) };
  return { ctx, out, err, run: (args: string[]) => verifyCmd.run(args, ctx) };
}

/** A vote of 3 voters (2 cast), closed, decrypted by members 1 and 2, its board published. */
async function publishedVote(): Promise<string> {
  const opensAt = new Date(nowMs() - 60_000);
  const { id } = await db.tx((t) => createVote(t, { ...by, title: T('CLI vote'), questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote: true }), { kov: KOV });
  await setRoll(db, id, [0, 1, 2].map((i) => ({ voterHash: voter(i), unit: '0001', birthDate: '1980-05-05' })), by);
  const dealt = await dealKey(db, id, 2, 3, by);
  await openVote(db, id, by);
  await cast(db, id, voter(0), [['jah']]);
  await cast(db, id, voter(1), [['ei']]);
  await closeVote(db, id, by);
  for (const m of [1, 2]) await submitDecryption(db, id, m, dealt.shares[m - 1]!.share, member(m));
  await publishBoard(db, id, by);
  return id;
}

const setRollSize = (id: string, n: number) => asOwner(db, (t) => t.query('UPDATE voting_vote SET roll_size = $2 WHERE id = $1', [id, n]));

describe(`vallamaja verify and the results digest (${engine})`, () => {
  it('prints the digest recomputed from the board, the same as the results’ and the sign-offs’; exit 0', async () => {
    const id = await publishedVote();
    const digest = (await results(db, KOV, id)).digest!;
    expect(resultDigestOfBoard((await getBoardText(db, id))!, 3)).toBe(digest);

    // before any sign-off: the digest is printed, nothing to compare
    const none = cli();
    expect(await none.run([id])).toBe(0);
    expect(none.out).toContain(`ok   ${id} results digest: ${digest}`);
    expect(none.out).toContain(`ok   ${id} sign-offs: none with a digest yet`);
    expect(none.out.at(-1)).toBe(`VALID board ${id}`);

    await certify(db, id, digest, member(1));
    await certify(db, id, digest, member(2));
    const signed = cli();
    expect(await signed.run([id])).toBe(0);
    expect(signed.out).toContain(`ok   ${id} results digest: ${digest}`);
    expect(signed.out).toContain(`ok   ${id} sign-offs: 2 confirm this digest`);
    expect(signed.err).toEqual([]);
    expect(signed.out.at(-1)).toBe(`VALID board ${id}`);
    // a version-1 poll has no winner rule: no winners document, still valid
    expect(signed.out).toContain(`ok   ${id} winners: no winners document (a vote without a winner rule)`);

    // the offline form on the downloaded board (no database): the same board checks
    const dir = await mkdtemp(join(tmpdir(), 'vallamaja-verify-'));
    try {
      const file = join(dir, 'board.json');
      await writeFile(file, (await getBoardText(db, id))!);
      const offline = cli();
      expect(await offline.run([file]), offline.err.join('\n')).toBe(0);
      expect(offline.out.some((l) => l.startsWith(`ok   ${id} chain`))).toBe(true);
      expect(offline.out.at(-1)).toBe(`VALID board ${id}`);
      // a winners file for a board without a winner rule is refused with the reason
      await writeFile(join(dir, 'w.json'), '{}');
      const w = cli();
      expect(await w.run([file, join(dir, 'w.json')])).toBe(1);
      expect(w.out).toContain(`FAIL ${id} winners format: the document must have exactly the fields format, voteId, kov, board, rule, count, areas, result, overrides`);
      const tampered = cli();
      await writeFile(join(dir, 'bad.json'), (await getBoardText(db, id))!.replace('"turnout":2', '"turnout":3'));
      expect(await tampered.run([join(dir, 'bad.json')])).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails when the roll size changed after the sign-offs: the board verifies, the digest does not match', async () => {
    const id = await publishedVote();
    const digest = (await results(db, KOV, id)).digest!;
    await certify(db, id, digest, member(1));
    await setRollSize(id, 4); // someone with database access adds a voter to the roll's count
    try {
      const c = cli();
      expect(await c.run([id])).toBe(1);
      const recomputed = resultDigestOfBoard((await getBoardText(db, id))!, 4);
      expect(recomputed).not.toBe(digest);
      expect(c.out).toContain(`ok   ${id} results digest: ${recomputed}`);
      // every check of the board itself passes: only the digest comparison fails
      expect(c.out.filter((l) => l.startsWith('FAIL'))).toEqual([expect.stringMatching(new RegExp(`^FAIL ${id} sign-off by Liige 1 at .* confirmed digest ${digest}, not the digest recomputed from the board$`))]);
      expect(c.err.join('\n')).toContain("does not match 1 of the committee's sign-offs");
      expect(c.out.at(-1)).toBe(`INVALID board ${id}`);
      // --all fails too
      expect(await cli().run(['--all'])).toBe(1);
    } finally {
      await setRollSize(id, 3);
    }
    expect(await cli().run([id])).toBe(0);
  });

  it('fails when a stored sign-off’s digest was altered', async () => {
    const id = await publishedVote();
    const digest = (await results(db, KOV, id)).digest!;
    await certify(db, id, digest, member(1));
    await certify(db, id, digest, member(2));
    await asOwner(db, (t) => t.query(`UPDATE voting_certification SET result_digest = $2 WHERE vote_id = $1 AND person_name = 'Liige 2'`, [id, 'a'.repeat(64)]));
    const c = cli();
    expect(await c.run([id])).toBe(1);
    expect(c.out).toContain(`ok   ${id} results digest: ${digest}`);
    expect(c.out.some((l) => l.startsWith(`FAIL ${id} sign-off by Liige 2`) && l.includes('a'.repeat(64)))).toBe(true);
    expect(c.out.some((l) => l.includes('Liige 1'))).toBe(false); // her sign-off matches
    expect(c.out.at(-1)).toBe(`INVALID board ${id}`);
  });

  it('answers 1 for a vote without a published board, and 2 for bad arguments', async () => {
    const c = cli();
    expect(await c.run(['01890000-0000-7000-8000-000000000000'])).toBe(1);
    expect(c.err.join('\n')).toContain('No published board');
    expect(await c.run([])).toBe(2);
    expect(await c.run(['nope'])).toBe(2); // not a vote id: read as a board file, which does not exist
    expect(c.err.join('\n')).toContain('Cannot read');
  });
});
