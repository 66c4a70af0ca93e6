// An agenda item held in closed session (council_item.public = false) on PGlite and (TEST_DATABASE_URL)
// PostgreSQL: the public watching page, the public state API and the public event stream show nothing
// of it — no title, subject, speaker, name or choice — while the console (the secretary) sees it all
// and the minutes' log keeps everything. A sitting whose notice is not out is not shown to the public.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { resetClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { Agent, asOwner, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import { councilWorld, type CouncilWorld } from './fixtures.js';
import { choose, closeItem, closeVote, memberOf, markPresence, openItem, openSitting, openVote, requestToSpeak, type Member } from './live.js';

const SECRETARY_CODE = withCheckDigit('4800101911');
const SECRETARY: Actor = { kind: 'person', id: null, name: 'Sekretär Sirje' };
const SECRET_TITLE = 'Kinnistu müügihind (suletud)';
const SECRET_SUBJECT = 'Müügihinna kinnitamine';
let db: Db;
let app: FastifyInstance;
let w: CouncilWorld;
const members: Member[] = [];

beforeAll(async () => {
  setClock('2027-01-14T12:00:00Z');
  db = await testDb();
  await seedTenant(db, '0784', 'Tallinn', 'linn');
  app = await testApp(db);
  const key = app.config.idcodeHmacKey;
  w = await councilWorld(db, key, { members: 31, items: 2 });
  await grantRole(db, key, { kov: w.kov, idcode: SECRETARY_CODE, role: 'council-secretary', actor: { kind: 'system', id: null, name: 'test' } });
  await asOwner(db, (t) => t.query(`UPDATE council_item SET public = false, title = $2 WHERE id = $1`, [w.itemIds[1], SECRET_TITLE]));
  for (const m of w.members) members.push((await memberOf(db, w.kov, w.sittingId, hashIdcode(key, m.idcode)))!);
});
afterAll(async () => {
  await app.close();
  await db.close();
  resetClock();
});

describe('an agenda item in closed session', () => {
  it('is not shown to the public before the notice, nor ever its title, speakers, votes or names', async () => {
    const { kov, sittingId: sid } = w;
    const pub = new Agent(app);
    const watch = `/kov/${kov}/council/sittings/${sid}/live-page`;
    const state = `/api/v1/kov/${kov}/council/sittings/${sid}/state`;
    // planned: the notice is not out, so the public sees nothing of it
    expect((await pub.get(watch)).statusCode).toBe(404);
    expect((await pub.get(state)).statusCode).toBe(404);

    await openSitting(db, kov, sid, SECRETARY);
    for (let i = 0; i < 20; i++) await markPresence(db, kov, sid, members[i]!.membershipId, true, 'room', SECRETARY);
    // item 1 in public, voted by name
    await openItem(db, kov, sid, w.itemIds[0]!, SECRETARY);
    const open1 = await openVote(db, kov, sid, { itemId: w.itemIds[0]!, subject: 'Avalik otsus', majority: 'simple' }, SECRETARY);
    await choose(db, kov, sid, open1, members[3]!, 'for');
    await closeVote(db, kov, sid, open1, SECRETARY);
    await closeItem(db, kov, sid, w.itemIds[0]!, 'Otsus vastu võetud', SECRETARY);
    // item 2 in closed session: a speaker, a named vote
    await openItem(db, kov, sid, w.itemIds[1]!, SECRETARY);
    await requestToSpeak(db, kov, sid, members[4]!, 'speech');
    const closed = await openVote(db, kov, sid, { itemId: w.itemIds[1]!, subject: SECRET_SUBJECT, majority: 'simple' }, SECRETARY);
    await choose(db, kov, sid, closed, members[5]!, 'against');
    await closeVote(db, kov, sid, closed, SECRETARY);

    const page = await pub.get(watch);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Avalik otsus');
    expect(page.body).toContain(w.members[3]!.name);
    const api = await pub.get(state);
    expect(api.statusCode).toBe(200);
    const events = await pub.req({ method: 'GET', url: `/kov/${kov}/council/sittings/${sid}/live` });
    expect(events.statusCode).toBe(200);
    expect(events.body).toContain('Avalik otsus');
    for (const body of [page.body, api.body, events.body]) {
      expect(body).not.toContain(SECRET_TITLE);
      expect(body).not.toContain(SECRET_SUBJECT);
    }
    for (const body of [page.body, api.body]) expect(body).not.toContain(closed);
    const json = api.json() as { items: { id: string }[]; speakers: { itemId: string }[]; votes: { id: string }[] };
    expect(json.items.map((i) => i.id)).toEqual([w.itemIds[0]]);
    expect(json.speakers).toEqual([]);
    expect(json.votes.map((v) => v.id)).toEqual([open1]);
    // the stream still says that something happened on the closed item (watchers refresh), nothing more
    const closedEvents = events.body
      .split('\n\n')
      .filter((b) => b.includes(w.itemIds[1]!))
      .map((b) => JSON.parse(b.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as { kind: string; data: Record<string, unknown> });
    expect(closedEvents.map((e) => e.kind)).toEqual(['item.opened', 'speaker', 'vote.opened', 'vote.closed']);
    for (const e of closedEvents) expect(Object.keys(e.data).sort()).toEqual(e.kind.startsWith('vote.') ? ['closedSession', 'itemId', 'voteId'] : ['closedSession', 'itemId']);

    // the secretary's console sees the closed item and its vote with names
    const sec = new Agent(app);
    await loginAs(sec, db, SECRETARY_CODE);
    const console = await sec.get(`/kov/${kov}/council/admin/sittings/${sid}/console`);
    expect(console.statusCode).toBe(200);
    expect(console.body).toContain(SECRET_TITLE);
    expect(console.body).toContain(SECRET_SUBJECT);
  });
});
