// The voting JSON API through the real plugins (sessions, CSRF, tenants): an election committee runs a
// vote end to end, residents cast, the public board and tracker check, and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { Agent, csrfTokenOf, engine, listRoutes, loginAs, seedTenant, tenantSnapshot, testApp, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import { verifyBoard } from './crypto/verify.js';
import { ready } from './crypto/group.js';
import { nowMs } from '../../kernel/clock.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const code = (i: number) => withCheckDigit(`3800101${String(i).padStart(3, '0')}`);
const T = (s: string) => ({ et: s, en: s, ru: s });

let db: Db;
let app: FastifyInstance;
const committee: { agent: Agent; csrf: string }[] = [];
let officialB: { agent: Agent; csrf: string };

async function signIn(idcode: string) {
  const agent = new Agent(app);
  await loginAs(agent, db, idcode);
  return { agent, csrf: await csrfTokenOf(agent) };
}

function post(who: { agent: Agent; csrf: string }, url: string, payload?: unknown, method = 'POST') {
  return who.agent.req({ method, url, payload: payload ?? {}, headers: { 'x-csrf-token': who.csrf } });
}

function voteBody(opensInMs = -60_000) {
  const opensAt = new Date(nowMs() + opensInMs);
  return {
    title: T('Park or library?'),
    questions: [
      { id: 'q1', text: T('Build'), rule: { kind: 'one' }, options: [{ id: 'park', text: T('Park') }, { id: 'library', text: T('Library') }] },
      {
        id: 'q2',
        text: T('Budget'),
        rule: { kind: 'budget', budget: 10 },
        options: [{ id: 'bench', text: T('Benches'), cost: 4 }, { id: 'lamp', text: T('Lamps'), cost: 7 }, { id: 'tree', text: T('Trees'), cost: 3 }],
      },
    ],
    opensAt: opensAt.toISOString(),
    closesAt: new Date(opensAt.getTime() + 3600_000).toISOString(),
    revote: true,
  };
}

async function setUpVote(kov: string, who: { agent: Agent; csrf: string }, voters: number[]) {
  const created = await post(who, `/api/v1/kov/${kov}/votes`, voteBody());
  expect(created.statusCode).toBe(201);
  const id = created.json<{ id: string }>().id;
  const roll = await post(who, `/api/v1/kov/${kov}/votes/${id}/roll`, { entries: voters.map((i) => ({ idcode: code(i), unit: i % 2 ? '1001' : '1002', birthDate: '1980-01-01' })) }, 'PUT');
  expect(roll.statusCode).toBe(200);
  const dealt = await post(who, `/api/v1/kov/${kov}/votes/${id}/key`, { threshold: 2, members: 3 });
  expect(dealt.statusCode).toBe(201);
  expect(dealt.headers['cache-control']).toBe('no-store');
  const opened = await post(who, `/api/v1/kov/${kov}/votes/${id}/open`);
  expect(opened.statusCode).toBe(200);
  return { id, shares: dealt.json<{ shares: { member: number; share: string }[] }>().shares };
}

beforeAll(async () => {
  await ready();
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
  for (const i of [900, 901, 902]) await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: code(i), role: 'election-committee', actor: SYSTEM });
  await grantRole(db, app.config.idcodeHmacKey, { kov: B, idcode: code(950), role: 'kov-admin', actor: SYSTEM });
  for (const i of [900, 901, 902]) committee.push(await signIn(code(i)));
  officialB = await signIn(code(950));
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe(`voting API (${engine})`, () => {
  it('runs a vote end to end: create, roll, key, open, casts, paper, close, decrypt, publish, board, results, certify', async () => {
    const c = committee[0]!;
    const { id, shares } = await setUpVote(A, c, [1, 2, 3, 4, 5, 6]);
    expect(shares).toHaveLength(3);
    const got = await c.agent.get(`/api/v1/kov/${A}/votes/${id}`);
    expect(got.json()).toMatchObject({ status: 'open', rollSize: 6, key: { threshold: 2, members: 3 } });
    expect(JSON.stringify(got.json())).not.toContain(shares[0]!.share);

    const residents = await Promise.all([1, 2, 3, 4, 7].map((i) => signIn(code(i))));
    const castBy = (r: { agent: Agent; csrf: string }, choices: unknown) => post(r, `/api/v1/votes/${id}/ballots`, { choices });
    const t1 = await castBy(residents[0]!, [['park'], ['bench', 'tree']]);
    expect(t1.statusCode).toBe(201);
    const tracker1 = t1.json<{ tracker: string }>().tracker;
    expect(tracker1).toMatch(/^[0-9a-f]{64}$/);
    expect((await castBy(residents[1]!, [['library'], ['lamp', 'tree']])).statusCode).toBe(201);
    expect((await castBy(residents[2]!, [['library'], []])).statusCode).toBe(201);

    // bad input: 400 naming the field, nothing stored
    const over = await castBy(residents[3]!, [['park'], ['bench', 'lamp']]);
    expect(over.statusCode).toBe(400);
    expect(over.json().errors[0].field).toBe('choices.1');
    const unknown = await castBy(residents[3]!, [['pool'], []]);
    expect(unknown.json().errors[0].field).toBe('choices.0.0');
    const count = await castBy(residents[3]!, [['park']]);
    expect(count.statusCode).toBe(400);
    expect(count.json().errors[0].field).toBe('choices');
    const shape = await residents[3]!.agent.req({ method: 'POST', url: `/api/v1/votes/${id}/ballots`, payload: { choices: 'park' }, headers: { 'x-csrf-token': residents[3]!.csrf } });
    expect(shape.statusCode).toBe(400);
    // not on the roll
    const outsider = await castBy(residents[4]!, [['park'], []]);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().detail).toMatch(/roll|nimekirjas/);
    // no CSRF header, no session
    expect((await residents[0]!.agent.req({ method: 'POST', url: `/api/v1/votes/${id}/ballots`, payload: { choices: [['park'], []] } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/v1/votes/${id}/ballots`, payload: { choices: [['park'], []] } })).statusCode).toBe(403);
    // a re-vote replaces the first ballot
    const t1b = await castBy(residents[0]!, [['library'], ['lamp']]);
    expect(t1b.statusCode).toBe(201);
    // a paper ballot for resident 3 (code 3) overrides her e-ballot; she can no longer cast
    const paper = await post(c, `/api/v1/kov/${A}/votes/${id}/paper-ballots`, { idcode: code(3), choices: [['park'], ['tree']] });
    expect(paper.statusCode).toBe(201);
    expect((await castBy(residents[2]!, [['park'], []])).statusCode).toBe(409);

    // the board is not there before publishing
    expect((await app.inject({ url: `/api/v1/boards/${id}` })).statusCode).toBe(404);
    const closed = await post(c, `/api/v1/kov/${A}/votes/${id}/close`);
    expect(closed.json()).toEqual({ turnout: 3 });
    expect((await castBy(residents[1]!, [['park'], []])).statusCode).toBe(409);

    const wrong = await post(committee[1]!, `/api/v1/kov/${A}/votes/${id}/decryptions`, { member: 2, share: shares[0]!.share });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('share');
    expect((await post(committee[0]!, `/api/v1/kov/${A}/votes/${id}/decryptions`, { member: 1, share: shares[0]!.share })).statusCode).toBe(201);
    expect((await post(c, `/api/v1/kov/${A}/votes/${id}/publish`)).statusCode).toBe(409);
    expect((await post(committee[1]!, `/api/v1/kov/${A}/votes/${id}/decryptions`, { member: 2, share: shares[1]!.share })).statusCode).toBe(201);
    const pub = await post(c, `/api/v1/kov/${A}/votes/${id}/publish`);
    expect(pub.statusCode).toBe(200);
    // park: the paper ballot; library: resident 1 (re-voted) and 2; lamps: 1 and 2; trees: 2 and paper
    expect(pub.json().counts).toEqual([
      [1, 2],
      [0, 2, 2],
    ]);

    const list = await app.inject({ url: '/api/v1/boards' });
    expect(list.json()).toContainEqual({ voteId: id, kov: A, title: T('Park or library?'), url: `/api/v1/boards/${id}` });
    const boardRes = await app.inject({ url: `/api/v1/boards/${id}` });
    expect(boardRes.headers['content-type']).toContain('application/json');
    const board = boardRes.json();
    expect(board.format).toBe('vallamaja-board/1');
    expect(verifyBoard(board).ok).toBe(true);
    expect(board.turnout).toBe(3);
    const found = await app.inject({ url: `/api/v1/boards/${id}/trackers/${t1b.json<{ tracker: string }>().tracker.toUpperCase()}` });
    expect(found.json().found).toBe(true);
    expect((await app.inject({ url: `/api/v1/boards/${id}/trackers/${tracker1}` })).json().found).toBe(false); // superseded
    expect((await app.inject({ url: `/api/v1/boards/00000000-0000-7000-8000-000000000000/trackers/${tracker1}` })).statusCode).toBe(404);

    const res = await c.agent.get(`/api/v1/kov/${A}/votes/${id}/results`);
    expect(res.statusCode).toBe(200);
    expect(res.json().questions[1].options.map((o: { count: number }) => o.count)).toEqual([0, 2, 2]);
    expect(res.json().turnoutByUnit.every((u: { voted: unknown }) => u.voted === '<5')).toBe(true);

    // the sign-off confirms the results digest; a digest of another result is refused and stores nothing
    const digest = res.json<{ digest: string }>().digest;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const stale = await post(committee[0]!, `/api/v1/kov/${A}/votes/${id}/certify`, { digest: '0'.repeat(64) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors[0].field).toBe('digest');
    expect((await post(committee[0]!, `/api/v1/kov/${A}/votes/${id}/certify`, {})).statusCode).toBe(400);
    expect((await c.agent.get(`/api/v1/kov/${A}/votes/${id}/results`)).json()).toMatchObject({ certifications: 0, signatures: [] });
    expect((await post(committee[0]!, `/api/v1/kov/${A}/votes/${id}/certify`, { digest: digest.toUpperCase() })).json()).toMatchObject({ certifications: 1, status: 'published', digest });
    const pdf = await c.agent.get(`/api/v1/kov/${A}/votes/${id}/results.pdf?lang=en`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5000);
    expect((await post(committee[2]!, `/api/v1/kov/${A}/votes/${id}/certify`, { digest })).json()).toMatchObject({ certifications: 2, status: 'certified' });
    const signed = (await c.agent.get(`/api/v1/kov/${A}/votes/${id}/results`)).json<{ signatures: { name: string; digest: string; signedAt: string }[] }>();
    expect(signed.signatures).toHaveLength(2);
    expect(signed.signatures.every((x) => x.digest === digest && !Number.isNaN(Date.parse(x.signedAt)))).toBe(true);
  });

  it('refuses a resident, and refuses officials of another KOV on every voting route, leaving its rows untouched', async () => {
    const { id: idA } = await setUpVote(A, committee[0]!, [1, 2]);
    const resident = await signIn(code(1));
    expect((await post(resident, `/api/v1/kov/${A}/votes`, voteBody())).statusCode).toBe(403);
    expect((await post(resident, `/api/v1/kov/${A}/votes/${idA}/close`)).statusCode).toBe(403);

    const { id: idB } = await setUpVote(B, officialB, [1, 2]);
    const before = await tenantSnapshot(db, B);
    const c = committee[0]!;
    const calls: [string, string, unknown][] = [
      ['GET', `/api/v1/kov/${B}/votes`, undefined],
      ['POST', `/api/v1/kov/${B}/votes`, voteBody()],
      ['GET', `/api/v1/kov/${B}/votes/${idB}`, undefined],
      ['PUT', `/api/v1/kov/${B}/votes/${idB}/roll`, { entries: [{ idcode: code(5), unit: '1', birthDate: '1980-01-01' }] }],
      ['POST', `/api/v1/kov/${B}/votes/${idB}/key`, { threshold: 1, members: 1 }],
      ['POST', `/api/v1/kov/${B}/votes/${idB}/open`, {}],
      ['POST', `/api/v1/kov/${B}/votes/${idB}/paper-ballots`, { idcode: code(1), choices: [['park'], []] }],
      ['POST', `/api/v1/kov/${B}/votes/${idB}/close`, {}],
      ['POST', `/api/v1/kov/${B}/votes/${idB}/decryptions`, { member: 1, share: '0'.repeat(64) }],
      ['POST', `/api/v1/kov/${B}/votes/${idB}/publish`, {}],
      ['GET', `/api/v1/kov/${B}/votes/${idB}/results`, undefined],
      ['GET', `/api/v1/kov/${B}/votes/${idB}/results.pdf`, undefined],
      ['POST', `/api/v1/kov/${B}/votes/${idB}/certify`, { digest: '0'.repeat(64) }],
    ];
    const routes = listRoutes(app).filter((r) => r.url.startsWith('/api/v1/kov/:kov/votes')).map((r) => `${r.method} ${r.url}`);
    expect(routes.sort()).toEqual(calls.map(([m, u]) => `${m} ${u.replace(`/kov/${B}/`, '/kov/:kov/').replace(idB, ':voteId')}`).sort());
    for (const [method, url, payload] of calls) {
      const r = method === 'GET' ? await c.agent.get(url) : await post(c, url, payload, method);
      expect(r.statusCode, `${method} ${url}`).toBe(403);
    }
    // B's vote through A's own URLs is not found
    for (const [method, url, payload] of calls.filter(([, u]) => u.includes(idB))) {
      const r = method === 'GET' ? await c.agent.get(url.replace(`/kov/${B}/`, `/kov/${A}/`)) : await post(c, url.replace(`/kov/${B}/`, `/kov/${A}/`), payload, method);
      expect(r.statusCode, `${method} ${url} via ${A}`).toBe(404);
    }
    expect(await tenantSnapshot(db, B)).toEqual(before);
  });
});
