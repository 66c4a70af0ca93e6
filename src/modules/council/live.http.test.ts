// The live sitting over HTTP (PGlite and PostgreSQL): the console, the member's view and the watching
// page work without JavaScript (forms, one h1, the error summary), who may do what, the JSON API, and
// the event stream on a real socket: events in order with ids, a rejoin with Last-Event-ID gets exactly
// the missed events, a choice pings `tally`.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { Agent, csrfFrom, csrfTokenOf, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { grantRole } from '../admin/index.js';
import { councilWorld, type CouncilWorld } from './fixtures.js';
import { SseReader } from './live-sse.testkit.js';

const SECRETARY_CODE = withCheckDigit('4800101900');
const STRANGER_CODE = withCheckDigit('3800101900');
let db: Db;
let app: FastifyInstance;
let base: string;
let w: CouncilWorld;
const h1s = (html: string) => (html.match(/<h1[\s>]/g) ?? []).length;

async function as(idcode: string) {
  const a = new Agent(app);
  await loginAs(a, db, idcode);
  return { a, csrf: await csrfTokenOf(a) };
}

beforeAll(async () => {
  setClock('2027-01-14T12:00:00Z', { ticking: true });
  db = await testDb();
  await seedTenant(db, '0784', 'Tallinn', 'linn');
  await seedTenant(db, '0793', 'Tapa vald');
  app = await testApp(db);
  w = await councilWorld(db, app.config.idcodeHmacKey, { members: 31, items: 3 });
  await grantRole(db, app.config.idcodeHmacKey, { kov: w.kov, idcode: SECRETARY_CODE, role: 'council-secretary', actor: { kind: 'system', id: null, name: 'test' } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(async () => {
  await app.close();
  await db.close();
  resetClock();
});

describe('the live sitting over HTTP', () => {
  it('runs from the console, the member’s view and the watching page; the stream follows it', async () => {
    const kov = w.kov;
    const sid = w.sittingId;
    const sec = await as(SECRETARY_CODE);
    const console = `/kov/${kov}/council/admin/sittings/${sid}/console`;
    const watcher = new SseReader(base, `/kov/${kov}/council/sittings/${sid}/live`);
    await watcher.open();
    expect(watcher.status).toBe(200);

    // who may: the console is the secretary's (or the chair's); a member's view is a member's
    const stranger = await as(STRANGER_CODE);
    expect((await stranger.a.get(console)).statusCode).toBe(403);
    expect((await stranger.a.get(`/kov/${kov}/council/sittings/${sid}/me`)).statusCode).toBe(403);
    expect((await new Agent(app).get(`/kov/${kov}/council/sittings/${sid}/me`)).statusCode).toBe(401);
    const chair = await as(w.members[0]!.idcode);
    expect((await chair.a.get(console)).statusCode).toBe(200);

    const page = await sec.a.get(console);
    expect(page.statusCode).toBe(200);
    expect(h1s(page.body)).toBe(1);
    let r = await sec.a.postForm(console, `${console}/open`, {});
    expect(r.statusCode).toBe(303);
    r = await sec.a.postForm(console, `${console}/item-open`, { itemId: w.itemIds[0]! });
    expect(r.statusCode).toBe(303);

    // no quorum: the console says so in its error summary
    r = await sec.a.postForm(console, `${console}/vote-open`, { itemId: w.itemIds[0]!, subject: 'Eelnõu vastuvõtmine', majority: 'simple' });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('error-summary');
    expect(r.body).toContain('Kvoorumit ei ole');

    // 16 members register themselves from their view (forms), one is marked in the room
    const members = [];
    for (let i = 0; i < 17; i++) members.push(await as(w.members[i]!.idcode));
    for (let i = 0; i < 16; i++) {
      const me = `/kov/${kov}/council/sittings/${sid}/me`;
      const res = await members[i]!.a.postForm(me, `${me}/presence`, { present: 'yes' });
      expect(res.statusCode).toBe(303);
    }
    const m17 = w.members[16]!.membershipId;
    expect((await sec.a.postForm(console, `${console}/presence`, { membershipId: m17, present: 'yes' })).statusCode).toBe(303);

    // member 5 declares a conflict of interest through the JSON API
    const api = `/api/v1/kov/${kov}/council/sittings/${sid}`;
    r = await members[4]!.a.req({ method: 'POST', url: `${api}/recusals`, payload: { itemId: w.itemIds[0]!, reason: 'Sugulane' }, headers: { 'x-csrf-token': members[4]!.csrf } });
    expect(r.statusCode).toBe(200);

    r = await sec.a.postForm(console, `${console}/vote-open`, { itemId: w.itemIds[0]!, subject: 'Eelnõu vastuvõtmine', majority: 'simple' });
    expect(r.statusCode).toBe(303);
    const state = (await sec.a.get(`${api}/state`)).json() as { openVote: { id: string; eligible: number } };
    expect(state.openVote.eligible).toBe(16);
    const voteId = state.openVote.id;

    // the member's view: big buttons; a vote once, confirmed; the second attempt refused clearly
    const me1 = `/kov/${kov}/council/sittings/${sid}/me`;
    const view = await members[0]!.a.get(me1);
    expect(h1s(view.body)).toBe(1);
    expect(view.body).toContain('name="choice" value="for"');
    r = await members[0]!.a.postForm(me1, `${me1}/vote`, { voteId, choice: 'for' });
    expect(r.statusCode).toBe(303);
    const after = await members[0]!.a.get(me1);
    expect(after.body).toContain('Teie hääl on arvestatud: Poolt');
    r = await members[0]!.a.req({ method: 'POST', url: `${me1}/vote`, form: { _csrf: csrfFrom(view.body), voteId, choice: 'against' } });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('Olete selles hääletuses juba hääletanud');
    // the recused member cannot vote (API)
    r = await members[4]!.a.req({ method: 'POST', url: `${api}/votes/${voteId}/choice`, payload: { choice: 'for' }, headers: { 'x-csrf-token': members[4]!.csrf } });
    expect(r.statusCode).toBe(403);
    for (let i = 1; i < 10; i++) {
      if (i === 4) continue;
      r = await members[i]!.a.req({ method: 'POST', url: `${api}/votes/${voteId}/choice`, payload: { choice: i % 3 ? 'for' : 'against' }, headers: { 'x-csrf-token': members[i]!.csrf } });
      expect(r.statusCode).toBe(200);
    }
    await watcher.until('a tally ping', () => watcher.tallies > 0);

    // a second watcher drops out before the vote closes and rejoins after it with Last-Event-ID
    const dropper = new SseReader(base, `/kov/${kov}/council/sittings/${sid}/live`);
    await dropper.open();
    await dropper.until('the replay', (ev) => ev.some((e) => e.event === 'vote.opened'));
    const lastSeen = dropper.lastId;
    dropper.close();

    r = await sec.a.postForm(console, `${console}/vote-close`, { voteId });
    expect(r.statusCode).toBe(303);
    r = await sec.a.postForm(console, `${console}/item-close`, { itemId: w.itemIds[0]!, result: '' });
    expect(r.statusCode).toBe(303);

    await watcher.until('vote.closed and item.closed', (ev) => ev.some((e) => e.event === 'item.closed'));
    const ids = watcher.events.map((e) => e.id);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const closed = watcher.events.find((e) => e.event === 'vote.closed')!.data as { data: { outcome: { for: number; against: number; adopted: boolean }; choices: { name: string; choice: string }[] } };
    expect(closed.data.outcome).toMatchObject({ for: 6, against: 3, adopted: true });
    expect(closed.data.choices).toHaveLength(16);

    await dropper.open(lastSeen);
    await dropper.until('the missed events', (ev) => ev.some((e) => e.event === 'item.closed'));
    const missed = dropper.events.filter((e) => (e.id ?? 0) > lastSeen).map((e) => e.id);
    expect(missed).toEqual(watcher.events.filter((e) => (e.id ?? 0) > lastSeen).map((e) => e.id));
    expect(new Set(dropper.events.map((e) => e.id)).size).toBe(dropper.events.length);

    // ?after= works as Last-Event-ID does; the events API too
    const late = new SseReader(base, `/kov/${kov}/council/sittings/${sid}/live?after=${watcher.lastId - 2}`);
    await late.open();
    await late.until('two events', (ev) => ev.length >= 2);
    expect(late.events.map((e) => e.event)).toEqual(['vote.closed', 'item.closed']);
    const evApi = (await new Agent(app).get(`${api}/events?after=${watcher.lastId - 1}`)).json() as { items: { kind: string }[] };
    expect(evApi.items.map((e) => e.kind)).toEqual(['item.closed']);

    // without Accept: text/event-stream the stream is the events so far, and it ends
    const finite = await new Agent(app).get(`/kov/${kov}/council/sittings/${sid}/live?after=${watcher.lastId - 1}`);
    expect(finite.headers['content-type']).toContain('text/event-stream');
    expect(finite.body).toBe(`id: ${watcher.lastId}\nevent: item.closed\ndata: ${JSON.stringify(watcher.events.at(-1)!.data)}\n\n`);

    // the public watching page shows the result with names, without signing in
    const pub = await new Agent(app).get(`/kov/${kov}/council/sittings/${sid}/live-page`);
    expect(pub.statusCode).toBe(200);
    expect(h1s(pub.body)).toBe(1);
    expect(pub.body).toContain('Vastu võetud');
    expect(pub.body).toContain(w.members[0]!.name);
    expect(pub.body).toContain('data-live-src');

    // another KOV's address shows nothing of it
    expect((await new Agent(app).get(`/kov/0793/council/sittings/${sid}/live-page`)).statusCode).toBe(404);
    expect((await new Agent(app).get(`/api/v1/kov/0793/council/sittings/${sid}/state`)).statusCode).toBe(404);
    const other = new SseReader(base, `/kov/0793/council/sittings/${sid}/live`);
    await other.open();
    expect(other.status).toBe(404);
    for (const x of [watcher, dropper, late, other]) x.close();
  });
});
