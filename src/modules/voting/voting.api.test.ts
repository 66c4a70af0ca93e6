// The voting core's public JSON API through the real plugins (sessions, CSRF): residents cast over
// HTTP into a vote that is run through the core's service functions (index.ts: the module that runs
// a vote owns its official routes, see src/modules/polls/polls.api.test.ts), then the public board —
// served byte for byte as stored — and the tracker check. The voting module serves no official route.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { Agent, asOwner, csrfTokenOf, engine, listRoutes, loginAs, seedTenant, tenantSnapshot, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { verifyBoard } from './crypto/verify.js';
import { legacyBoardText } from './fixtures.js';
import { ready } from './crypto/group.js';
import type { Official, QuestionDef } from './index.js';
import { castPaper, closeVote, createVote, dealKey, openVote, publishBoard, results, setRoll, submitDecryption } from './index.js';
import { nowMs } from '../../kernel/clock.js';

const A = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const by: Official = { kov: A, actor: SYSTEM };
const member = (i: number): Official => ({ kov: A, actor: { kind: 'person', id: `00000000-0000-7000-8000-00000000090${i}`, name: `Liige ${i}` } });
const code = (i: number) => withCheckDigit(`3800101${String(i).padStart(3, '0')}`);
const T = (s: string) => ({ et: s, en: s, ru: s });
const QS: QuestionDef[] = [
  { id: 'q1', text: T('Build'), rule: { kind: 'one' }, options: [{ id: 'park', text: T('Park') }, { id: 'library', text: T('Library') }] },
  {
    id: 'q2',
    text: T('Budget'),
    rule: { kind: 'budget', budget: 10 },
    options: [{ id: 'bench', text: T('Benches'), cost: 4 }, { id: 'lamp', text: T('Lamps'), cost: 7 }, { id: 'tree', text: T('Trees'), cost: 3 }],
  },
];
const sha256hex = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

let db: Db;
let app: FastifyInstance;

interface Who {
  agent: Agent;
  csrf: string;
}

async function signIn(idcode: string): Promise<Who> {
  const agent = new Agent(app);
  await loginAs(agent, db, idcode);
  return { agent, csrf: await csrfTokenOf(agent) };
}

/** A vote of A open now, with the roll of these people (their ID codes hashed as the platform does). */
async function openVoteWith(voters: number[]) {
  const opensAt = new Date(nowMs() - 60_000);
  const { id } = await db.tx((t) => createVote(t, { ...by, title: T('Park or library?'), questions: QS, opensAt, closesAt: new Date(opensAt.getTime() + 3600_000), revote: true }), { kov: A });
  const hashes = voters.map((i) => hashIdcode(app.config.idcodeHmacKey, code(i)));
  await setRoll(db, id, hashes.map((voterHash, j) => ({ voterHash, unit: voters[j]! % 2 ? '1001' : '1002', birthDate: '1980-01-01' })), by);
  const dealt = await dealKey(db, id, 2, 3, by);
  await openVote(db, id, by);
  return { id, shares: dealt.shares };
}

beforeAll(async () => {
  await ready();
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, A, 'Tallinn', 'linn');
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe(`voting public API (${engine})`, () => {
  it('residents cast over HTTP (rules, roll, CSRF, re-voting, paper); the board is served byte for byte and the tracker check finds the last ballot', async () => {
    const { id, shares } = await openVoteWith([1, 2, 3, 4, 5, 6]);
    const residents = await Promise.all([1, 2, 3, 4, 7].map((i) => signIn(code(i))));
    const url = `/api/v1/votes/${id}/ballots`;
    const castBy = (r: Who, choices: unknown) => r.agent.req({ method: 'POST', url, payload: { choices }, headers: { 'x-csrf-token': r.csrf } });

    const t1 = await castBy(residents[0]!, [['park'], ['bench', 'tree']]);
    expect(t1.statusCode).toBe(201);
    expect(Object.keys(t1.json())).toEqual(['tracker', 'replaced']);
    expect(t1.json()).toMatchObject({ replaced: false });
    const tracker1 = t1.json<{ tracker: string }>().tracker;
    expect(tracker1).toMatch(/^[0-9a-f]{64}$/);
    expect((await castBy(residents[1]!, [['library'], ['lamp', 'tree']])).statusCode).toBe(201);
    expect((await castBy(residents[2]!, [['library'], []])).statusCode).toBe(201);

    // bad input: 400 naming the field, nothing stored
    const over = await castBy(residents[3]!, [['park'], ['bench', 'lamp']]);
    expect(over.statusCode).toBe(400);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.json().errors[0].field).toBe('choices.1');
    expect((await castBy(residents[3]!, [['pool'], []])).json().errors[0].field).toBe('choices.0.0');
    const count = await castBy(residents[3]!, [['park']]);
    expect(count.statusCode).toBe(400);
    expect(count.json().errors[0].field).toBe('choices');
    expect((await castBy(residents[3]!, 'park')).statusCode).toBe(400);
    // not on the roll
    const outsider = await castBy(residents[4]!, [['park'], []]);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().detail).toMatch(/roll|nimekirjas/);
    // no CSRF header, no session, an API key (a cast is a person's own)
    expect((await residents[0]!.agent.req({ method: 'POST', url, payload: { choices: [['park'], []] } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url, payload: { choices: [['park'], []] } })).statusCode).toBe(403);
    const key = (await createKey(db, { kov: A, name: 'DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
    expect((await app.inject({ method: 'POST', url, payload: { choices: [['park'], []] }, headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(403);
    // a re-vote replaces the first ballot
    const t1b = await castBy(residents[0]!, [['library'], ['lamp']]);
    expect(t1b.statusCode).toBe(201);
    expect(t1b.json()).toMatchObject({ replaced: true });
    // a paper ballot for resident 3 (through the core: the polls API is its official route) overrides her e-ballot; she can no longer cast
    await castPaper(db, id, hashIdcode(app.config.idcodeHmacKey, code(3)), [['park'], ['tree']], by);
    expect((await castBy(residents[2]!, [['park'], []])).statusCode).toBe(409);

    // the board is not there before publishing
    expect((await app.inject({ url: `/api/v1/boards/${id}` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v1/boards/${id}/trackers/${tracker1}` })).statusCode).toBe(404);
    expect(await closeVote(db, id, by)).toEqual({ turnout: 3 });
    expect((await castBy(residents[1]!, [['park'], []])).statusCode).toBe(409);
    for (const m of [1, 2]) await submitDecryption(db, id, m, shares[m - 1]!.share, member(m));
    await publishBoard(db, id, by);

    const list = await app.inject({ url: '/api/v1/boards' });
    expect(list.json()).toContainEqual({ voteId: id, kov: A, title: T('Park or library?'), url: `/api/v1/boards/${id}` });

    expect((await app.inject({ url: `/api/v1/boards/${id}/winners` })).statusCode).toBe(404); // a poll has no winner rule: no winners document

    // the board document: exactly the stored bytes (VOTING.md field order; never re-serialized)
    const boardRes = await app.inject({ url: `/api/v1/boards/${id}` });
    expect(boardRes.statusCode).toBe(200);
    expect(boardRes.headers['content-type']).toBe('application/json; charset=utf-8');
    // streamed from the entry rows: the very bytes the old whole-board builder made
    const stored = await legacyBoardText(db, id);
    expect(boardRes.body).toBe(stored);
    expect(boardRes.headers['content-length']).toBe(String(Buffer.byteLength(stored, 'utf8')));
    expect(boardRes.rawPayload.equals(Buffer.from(stored, 'utf8'))).toBe(true);
    const board = boardRes.json();
    expect(Object.keys(board)).toEqual(['format', 'voteId', 'kov', 'title', 'questions', 'key', 'entries', 'turnout', 'tally']);
    expect(Object.keys(board.entries[0])).toEqual(['seq', 'kind', 'tracker', 'ciphertexts', 'prev', 'hash']);
    expect(Object.keys(board.tally)).toEqual(['sums', 'decryptions', 'counts']);
    expect(board.format).toBe('vallamaja-board/1');
    expect(verifyBoard(board).ok).toBe(true);
    expect(board.turnout).toBe(3);
    // park: the paper ballot; library: resident 1 (re-voted) and 2; lamps: 1 and 2; trees: 2 and paper
    expect(board.tally.counts).toEqual([
      [1, 2],
      [0, 2, 2],
    ]);
    // the results digest is computed over these very bytes (docs/api.md, "Results digest")
    const res = await results(db, A, id);
    const digest = sha256hex(
      ['vallamaja/result/v1', id, A, sha256hex(boardRes.rawPayload), board.entries.at(-1).hash, '6', '3', board.tally.counts.map((r: number[]) => r.join(',')).join(';')].join('\n'),
    );
    expect(res.digest).toBe(digest);
    // a board published before boards became rows keeps its text in voting_vote.board: whatever that
    // text is, it goes out untouched (no serializer reorders, re-spaces or drops a field)
    const odd = `{ "tally": ${JSON.stringify(board.tally)},\n  "format": "vallamaja-board/1", "extra": [1.50, "\\u00e4"], ${stored.slice(1, -1)} }`;
    await asOwner(db, (t) => t.query('UPDATE voting_vote SET board = $2 WHERE id = $1', [id, odd]));
    try {
      const raw = await app.inject({ url: `/api/v1/boards/${id}` });
      expect(raw.body).toBe(odd);
    } finally {
      await asOwner(db, (t) => t.query('UPDATE voting_vote SET board = NULL WHERE id = $1', [id]));
    }
    expect((await app.inject({ url: `/api/v1/boards/${id}` })).body).toBe(stored);

    // the tracker check: her last ballot is on the board (any case), the replaced one is not
    const found = await app.inject({ url: `/api/v1/boards/${id}/trackers/${t1b.json<{ tracker: string }>().tracker.toUpperCase()}` });
    expect(found.json()).toEqual({ voteId: id, tracker: t1b.json<{ tracker: string }>().tracker, found: true });
    expect((await app.inject({ url: `/api/v1/boards/${id}/trackers/${tracker1}` })).json().found).toBe(false);
    expect((await app.inject({ url: `/api/v1/boards/${id}/trackers/not-a-tracker` })).json().found).toBe(false);
    expect((await app.inject({ url: `/api/v1/boards/00000000-0000-7000-8000-000000000000/trackers/${tracker1}` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/boards/not-a-uuid' })).statusCode).toBe(404);
  });

  it('serves only the public routes: no official route, and the removed ones are not found', async () => {
    const routes = listRoutes(app)
      // the vote and board routes of the voting core (a module's own votes, e.g. a council sitting's, live under its path)
      .filter((r) => /^(\/api\/v1)?(\/kov\/:kov)?\/(votes|boards)(\/|$)/.test(r.url))
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.sort()).toEqual(['GET /api/v1/boards', 'GET /api/v1/boards/:voteId', 'GET /api/v1/boards/:voteId/trackers/:tracker', 'GET /api/v1/boards/:voteId/winners', 'POST /api/v1/votes/:voteId/ballots']);
    const { id } = await openVoteWith([1]);
    // a KOV admin of A: the old official URLs are simply not there
    await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: code(9), role: 'kov-admin', actor: SYSTEM });
    const admin = await signIn(code(9));
    const before = await tenantSnapshot(db, A);
    for (const [method, path] of [
      ['GET', `/api/v1/kov/${A}/votes`],
      ['POST', `/api/v1/kov/${A}/votes`],
      ['GET', `/api/v1/kov/${A}/votes/${id}`],
      ['POST', `/api/v1/kov/${A}/votes/${id}/close`],
      ['POST', `/api/v1/kov/${A}/votes/${id}/paper-ballots`],
      ['GET', `/api/v1/kov/${A}/votes/${id}/results`],
    ] as const) {
      const r = await admin.agent.req({ method, url: path, payload: method === 'GET' ? undefined : {}, headers: { 'x-csrf-token': admin.csrf } });
      expect(r.statusCode, `${method} ${path}`).toBe(404);
    }
    expect(await tenantSnapshot(db, A)).toEqual(before);
  });
});
