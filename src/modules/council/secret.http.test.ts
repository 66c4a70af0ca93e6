// A secret election over HTTP (PGlite and PostgreSQL), pages without JavaScript: the secretary opens
// it from the console's secret-ballot page, members cast from their ballot page (tracker shown; an
// absent member refused), the commission picks up its shares, the chair closes from the console, the
// commission gives k shares, the counts show on the pages and the public board is served.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { Agent, csrfFrom, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import { councilWorld, type CouncilWorld } from './fixtures.js';

const SECRETARY_CODE = withCheckDigit('4800101900');
let db: Db;
let app: FastifyInstance;
let w: CouncilWorld;
const h1s = (html: string) => (html.match(/<h1[\s>]/g) ?? []).length;

async function as(idcode: string) {
  const a = new Agent(app);
  await loginAs(a, db, idcode);
  return a;
}

/** A form post with repeated fields (checkboxes), with the page's CSRF token. */
async function postMany(a: Agent, pageUrl: string, url: string, fields: [string, string][]) {
  const token = csrfFrom((await a.get(pageUrl)).body);
  const body = new URLSearchParams([['_csrf', token], ...fields]).toString();
  return a.req({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

beforeAll(async () => {
  setClock('2027-01-14T12:00:00Z', { ticking: true });
  db = await testDb();
  await seedTenant(db, '0784', 'Tallinn', 'linn');
  await seedTenant(db, '0793', 'Tapa vald');
  app = await testApp(db);
  w = await councilWorld(db, app.config.idcodeHmacKey, { members: 11, items: 2 });
  await grantRole(db, app.config.idcodeHmacKey, { kov: w.kov, idcode: SECRETARY_CODE, role: 'council-secretary', actor: { kind: 'system', id: null, name: 'test' } });
});
afterAll(async () => {
  await app.close();
  await db.close();
  resetClock();
});

describe('a secret election over HTTP', () => {
  it('runs from opening to the counts on the pages; the board is public', async () => {
    const { kov, sittingId: sid } = w;
    const sec = await as(SECRETARY_CODE);
    const console = `/kov/${kov}/council/admin/sittings/${sid}/console`;
    const secret = `/kov/${kov}/council/admin/sittings/${sid}/secret`;
    expect((await sec.postForm(console, `${console}/open`, {})).statusCode).toBe(303);
    expect((await sec.postForm(console, `${console}/item-open`, { itemId: w.itemIds[0]! })).statusCode).toBe(303);
    for (let i = 0; i < 7; i++) expect((await sec.postForm(console, `${console}/presence`, { membershipId: w.members[i]!.membershipId, present: 'yes' })).statusCode).toBe(303);

    // the console links to the secret-ballot page; a member who is no official cannot open it
    expect((await sec.get(console)).body).toContain(secret);
    const members: Agent[] = [];
    for (let i = 0; i < 9; i++) members.push(await as(w.members[i]!.idcode));
    expect((await members[5]!.get(secret)).statusCode).toBe(403);
    const page = await sec.get(secret);
    expect(page.statusCode).toBe(200);
    expect(h1s(page.body)).toBe(1);

    // a bad form answers the error summary
    let r = await postMany(sec, secret, `${secret}/open`, [['itemId', w.itemIds[0]!], ['subject', 'Aseesimehe valimine'], ['majority', 'composition'], ['candidates', ''], ['threshold', '2']]);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('error-summary');
    r = await postMany(sec, secret, `${secret}/open`, [
      ['itemId', w.itemIds[0]!],
      ['subject', 'Aseesimehe valimine'],
      ['majority', 'composition'],
      ['candidates', 'Mari Maasikas\r\nJaan Tamm\r\n'],
      ['commission', w.members[0]!.membershipId],
      ['commission', w.members[1]!.membershipId],
      ['threshold', '2'],
    ]);
    expect(r.statusCode).toBe(303);
    const state = (await sec.get(`/api/v1/kov/${kov}/council/sittings/${sid}/state`)).json() as { openVote: { id: string; eligible: number } };
    const voteId = state.openVote.id;
    expect(state.openVote.eligible).toBe(7);

    // the member's view links to her ballot; she votes; the tracker is shown once
    const me = `/kov/${kov}/council/sittings/${sid}/me`;
    const ballot = `${me}/secret/${voteId}`;
    expect((await members[0]!.get(me)).body).toContain(ballot);
    const form = await members[0]!.get(ballot);
    expect(form.statusCode).toBe(200);
    expect(h1s(form.body)).toBe(1);
    expect(form.body).toContain('Mari Maasikas');
    const picks = ['c1', 'c1', 'c2', 'c1', '', 'c1', 'c1'];
    for (let i = 0; i < 7; i++) {
      r = await members[i]!.postForm(ballot, ballot, { candidate: picks[i]! });
      expect(r.statusCode).toBe(200);
      expect(r.body).toMatch(/<code class="tracker">[0-9a-f]{64}<\/code>/);
    }
    // member 3 changes her mind (c2 → c1): the new ballot replaces the old one, so Mari 6, Jaan 0, 1 blank
    r = await members[2]!.postForm(ballot, ballot, { candidate: 'c1' });
    expect(r.body).toContain('See sedel asendas teie eelmise');
    // member 8 was not present when the vote opened
    r = await members[7]!.req({ method: 'POST', url: ballot, form: { _csrf: csrfFrom((await members[7]!.get(me)).body), candidate: 'c1' } });
    expect(r.statusCode).toBe(403);

    // the commission picks up the shares on its page
    const commission = `/kov/${kov}/council/sittings/${sid}/secret/${voteId}/commission`;
    const shares: string[] = [];
    for (const i of [0, 1]) {
      r = await members[i]!.postForm(commission, `${commission}/pickup`, {});
      expect(r.statusCode).toBe(200);
      const m = /([0-9a-f]{64})/.exec(r.body);
      expect(m).not.toBeNull();
      shares.push(m![1]!);
    }
    expect((await members[5]!.postForm(commission, `${commission}/pickup`, {})).statusCode).toBe(403);

    // the console counts who has cast (never what): the re-vote is not counted twice
    expect((await sec.get(secret)).body).toContain('Sedeli on andnud 7 liiget 7-st.');
    expect((await sec.get(console)).body).toContain('Hääletus käib');
    // the chair closes from the console (its one close button serves secret votes too)
    expect((await sec.postForm(console, `${console}/vote-close`, { voteId })).statusCode).toBe(303);
    expect((await sec.get(secret)).body).toContain('Komisjon loeb hääli (0 / 2 võtmeosa)');
    r = await members[0]!.postForm(commission, `${commission}/share`, { 'share-1': '00'.repeat(32) });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('error-summary');
    expect((await members[0]!.postForm(commission, `${commission}/share`, { 'share-1': shares[0]! })).statusCode).toBe(303);
    expect((await members[1]!.postForm(commission, `${commission}/share`, { 'share-2': shares[1]! })).statusCode).toBe(303);

    const done = await new Agent(app).get(commission);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Valitud: Mari Maasikas');
    expect(done.body).toMatch(/Mari Maasikas<\/td><td class="num">6</);
    expect(done.body).toMatch(/Jaan Tamm<\/td><td class="num">0</);
    const watch = await new Agent(app).get(`/kov/${kov}/council/sittings/${sid}/live-page`);
    expect(watch.body).toContain('Valitud: Mari Maasikas');
    const votingVoteId = /\/api\/v1\/boards\/([0-9a-f-]{36})/.exec(done.body)![1]!;
    const board = await new Agent(app).get(`/api/v1/boards/${votingVoteId}`);
    expect(board.statusCode).toBe(200);
    expect((board.json() as { format: string; turnout: number; tally: { counts: number[][] } }).tally.counts).toEqual([[6, 0]]);
  });
});
