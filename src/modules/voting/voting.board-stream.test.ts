// The board streamed from its rows (issue 9, item 11) on a real database (PGlite here, PostgreSQL
// with TEST_DATABASE_URL): for boards of several sizes (none, one, and odd sizes across the stream's
// batch boundaries; electronic and paper entries; questions of different widths) the streamed bytes
// are exactly those the old whole-board builder made (fixtures.legacyBoardText), over the service
// and over HTTP, with the stored SHA-256, length and results digest of those bytes; the board
// route's ETag is the SHA-256 and If-None-Match answers 304; `vallamaja verify` passes, and fails
// once a stored entry is altered.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import type { CliContext } from '../../kernel/module.js';
import { asOwner, engine, seedTenant, testApp, testConfig, testDb } from '../../../test/helpers.js';
import { votingCommands } from './cli.js';
import { ready } from './crypto/group.js';
import { verifyBoard } from './crypto/verify.js';
import { legacyBoardText } from './fixtures.js';
import type { Official, QuestionDef } from './service.js';
import { boardSource, cast, castPaper, closeVote, createVote, dealKey, openVote, publishBoard, resultDigestOfBoard, results, setRoll, submitDecryption } from './service.js';
import { nowMs } from '../../kernel/clock.js';

const KOV = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const by: Official = { kov: KOV, actor: SYSTEM };
const T = (s: string) => ({ et: `${s} «ä»`, en: s, ru: `${s} — ж` });
const QS: QuestionDef[] = [
  { id: 'q1', text: T('Who?'), rule: { kind: 'one' }, options: [{ id: 'a', text: T('A') }, { id: 'b', text: T('B') }] },
  { id: 'q2', text: T('Which?'), rule: { kind: 'upTo', max: 2 }, options: [{ id: 'x', text: T('X') }, { id: 'y', text: T('Y') }, { id: 'z', text: T('Z') }] },
];
const voter = (i: number) => createHash('sha256').update(`stream-voter-${i}`).digest('hex');
const sha256hex = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  await ready();
  db = await testDb();
  await seedTenant(db, KOV, 'Tallinn', 'linn');
  app = await testApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** A published board with `n` entries (every third on paper), titled with quotes and non-ASCII. */
async function publishedBoard(n: number): Promise<{ id: string; rollSize: number }> {
  const opensAt = new Date(nowMs() - 60_000);
  const title = { et: `Hääletus "${n}" \\ «ä»`, en: `Vote "${n}"`, ru: `Голосование ${n}` };
  const { id } = await db.tx((t) => createVote(t, { ...by, title, questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 3_600_000), revote: true }), { kov: KOV });
  const rollSize = n + 2;
  await setRoll(db, id, Array.from({ length: rollSize }, (_, i) => ({ voterHash: voter(i), unit: i % 2 ? '0001' : '0002', birthDate: '1980-05-05' })), by);
  const dealt = await dealKey(db, id, 2, 3, by);
  await openVote(db, id, by);
  for (let i = 0; i < n; i++) {
    const choices = [[i % 2 ? 'a' : 'b'], i % 3 === 1 ? ['x', 'z'] : ['y']];
    if (i % 3 === 2) await castPaper(db, id, voter(i), choices, by);
    else await cast(db, id, voter(i), choices);
  }
  await closeVote(db, id, by);
  await submitDecryption(db, id, 1, dealt.shares[0]!.share, by);
  await submitDecryption(db, id, 3, dealt.shares[2]!.share, by);
  await publishBoard(db, id, by);
  return { id, rollSize };
}

async function streamed(id: string, batch?: number): Promise<string> {
  const src = (await boardSource(db, id, batch))!;
  let s = '';
  for await (const c of src.chunks()) s += c;
  return s;
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

describe(`the board streamed from its rows (${engine})`, () => {
  it('gives exactly the old builder’s bytes for boards of 0, 1, 2, 5 and 7 entries, whatever the batch size', async () => {
    for (const n of [0, 1, 2, 5, 7]) {
      const { id, rollSize } = await publishedBoard(n);
      const legacy = await legacyBoardText(db, id);
      expect(JSON.parse(legacy).entries).toHaveLength(n);
      // batches of 1, 2 and 3 rows cut these boards at every kind of boundary; 2000 reads each whole
      for (const batch of [1, 2, 3, 2000]) expect(await streamed(id, batch), `n=${n} batch=${batch}`).toBe(legacy);
      const src = (await boardSource(db, id))!;
      expect(src.sha256).toBe(sha256hex(legacy));
      expect(src.bytes).toBe(Buffer.byteLength(legacy, 'utf8'));
      // the digest computed once at publication is the one the old text gives
      expect(src.digest).toBe(resultDigestOfBoard(legacy, rollSize));
      expect((await results(db, KOV, id)).digest).toBe(src.digest);
      expect(verifyBoard(JSON.parse(legacy)).ok).toBe(true);

      const res = await app.inject({ url: `/api/v1/boards/${id}` });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(Buffer.from(legacy, 'utf8'))).toBe(true);
      expect(res.headers['content-length']).toBe(String(src.bytes));
      expect(res.headers.etag).toBe(`"${sha256hex(res.rawPayload)}"`);
      expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
      const again = await app.inject({ url: `/api/v1/boards/${id}`, headers: { 'if-none-match': res.headers.etag as string } });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect(again.headers.etag).toBe(res.headers.etag);
      const other = await app.inject({ url: `/api/v1/boards/${id}`, headers: { 'if-none-match': `"${'0'.repeat(64)}"` } });
      expect(other.statusCode).toBe(200);
      expect(other.rawPayload.equals(res.rawPayload)).toBe(true);
    }
  });

  it('holds no stored board text: the document’s parts around the entries only', async () => {
    const { id } = await publishedBoard(3);
    const row = (await asOwner(db, (t) => t.one<{ board: string | null; head: string; tail: string }>('SELECT board, board_head AS head, board_tail AS tail FROM voting_vote WHERE id = $1', [id])))!;
    expect(row.board).toBeNull();
    expect(row.head.endsWith('"entries":[')).toBe(true);
    expect(row.tail.startsWith('],"turnout":3,"tally":{')).toBe(true);
    expect(row.head + row.tail).not.toContain('"seq"');
  });

  it('`vallamaja verify` passes on a streamed board and fails once a stored entry is altered', async () => {
    const { id } = await publishedBoard(4);
    const verify = votingCommands.find((c) => c.words[0] === 'verify')!;
    const ok = cliCtx();
    expect(await verify.run([id], ok.ctx)).toBe(0);
    expect(ok.lines.at(-1)).toBe(`VALID board ${id}`);
    const row = (await asOwner(db, (t) => t.one<{ tracker: string }>('SELECT tracker FROM voting_entry WHERE vote_id = $1 AND seq = 2', [id])))!;
    const forged = row.tracker.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    await asOwner(db, (t) => t.query('UPDATE voting_entry SET tracker = $2 WHERE vote_id = $1 AND seq = 2', [id, forged]));
    const bad = cliCtx();
    expect(await verify.run([id], bad.ctx)).toBe(1);
    expect(bad.lines).toContain(`INVALID board ${id}`);
    // the served document changed with the row: another SHA-256 than the one published
    const res = await app.inject({ url: `/api/v1/boards/${id}` });
    expect(sha256hex(res.rawPayload)).not.toBe((await boardSource(db, id))!.sha256);
  });
});
