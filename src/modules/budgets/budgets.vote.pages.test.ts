// The budgets vote through app.inject with real sessions and CSRF: a KOV admin opens the vote with a
// committee (a resident and an API key are refused; a bad committee re-renders the form); residents
// vote on the ballot page (a rule broken: 400 with the error summary, choices kept; valid: the
// tracker) and through the JSON API; results are hidden until certified; the committee picks up its
// shares once, gives them for the count and signs off on its page; then everyone sees the results,
// the map's funded ideas, the CSV and JSON; an override with a reason is published.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { advanceClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { fmtNumber } from '../../kernel/i18n.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, csrfFrom, csrfTokenOf, loginAs, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { importResidents } from '../residents/fixtures.js';
import { loadDemoTerritory } from '../territory/index.js';
import { makeProcess } from './fixtures.js';
import type { Process } from './service.js';
import { protocolLines, resultView } from './results.js';
import { reviewIdea, submitIdea } from './service.js';

const A = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const DAY = 86_400_000;
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;

let db: Db;
let app: FastifyInstance;
let mari: Agent; // resident of Lasnamäe, no role
let jaan: Agent; // KOV admin of A, resident of Kesklinn
let kadri: Agent; // committee member 1
let andres: Agent; // committee member 2
let anon: Agent;
let keyOfA: string;
let p: Process;
const n: Record<string, number> = {};

const shareOf = (html: string) => /id="my-share"[^>]*>([0-9a-f]{64})</.exec(html)?.[1] ?? null;

beforeAll(async () => {
  setClock(new Date('2027-03-01T09:00:00Z'));
  db = await testDb();
  await loadDemoTerritory(db);
  app = await testApp(db);
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: person('Jaan').idcode, role: 'kov-admin', actor: SYSTEM });
  await importResidents(db, key, A, [
    { idcode: person('Mari').idcode, given: 'Mari', family: 'Maasikas', county: '0037', unit: '0387' },
    { idcode: person('Jaan').idcode, given: 'Jaan', family: 'Tamm', county: '0037', unit: '0298' },
    { idcode: person('Kadri').idcode, given: 'Kadri', family: 'Kuusk', county: '0037', unit: '0298' },
  ], SYSTEM);
  anon = new Agent(app);
  keyOfA = (await createKey(db, { kov: A, name: 'Budgets vote test', scopes: ['read', 'write'], actor: SYSTEM })).key;
  p = await makeProcess(db, A, {
    areas: [
      { name: 'Kesklinn', budget: 100_000, unitCodes: [], minVoters: null },
      { name: 'Lasnamäe', budget: 80_000, unitCodes: [], minVoters: null },
    ],
  });
  const author = { idcodeHash: hashIdcode(key, person('Mari').idcode), givenName: 'Mari', birthDate: '1975-02-12' };
  for (const [title, area, cost] of [['Pingid', 0, 30_000], ['Valgustus', 0, 90_000], ['Mänguväljak', 1, 50_000]] as const) {
    const r = await submitIdea(db, A, p.id, author, { title, description: 'Kirjeldus.', areaId: p.areas[area]!.id, category: 'environment', lat: 59.43 + area / 100, lon: 24.75, estimatedCost: cost, email: null }, [], 'et');
    n[title] = r.number;
    await reviewIdea(db, A, p.id, r.number, { kind: 'publish' }, SYSTEM);
    await reviewIdea(db, A, p.id, r.number, { kind: 'assess', feasibility: 'feasible', note: null, officialCost: null }, SYSTEM);
  }
});
/** Moves the clock on by whole days and signs everyone in again (sessions end after hours, not days). */
async function days(d: number): Promise<void> {
  advanceClock(d * DAY);
  [mari, jaan, kadri, andres] = [new Agent(app), new Agent(app), new Agent(app), new Agent(app)];
  await loginAs(mari, db, person('Mari').idcode, { givenName: 'Mari', familyName: 'Maasikas' });
  await loginAs(jaan, db, person('Jaan').idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  await loginAs(kadri, db, person('Kadri').idcode, { givenName: 'Kadri', familyName: 'Kuusk' });
  await loginAs(andres, db, person('Andres').idcode, { givenName: 'Andres', familyName: 'Mets' });
}

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('opening the vote', () => {
  it('a resident and an API key are refused; a bad committee re-renders the form; the admin opens it', async () => {
    await days(11); // review
    expect((await mari.get(`/kov/${A}/budgets/${p.id}/vote`)).statusCode).toBe(403);
    const apiOpen = await anon.req({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${p.id}/vote`, headers: { authorization: `Bearer ${keyOfA}` }, payload: { committee: [person('Kadri').idcode], threshold: 1 } });
    expect(apiOpen.statusCode).toBe(403);
    const page = await jaan.get(`/kov/${A}/budgets/${p.id}/vote`);
    expect(page.statusCode).toBe(200);
    const bad = await jaan.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/vote`, form: { _csrf: csrfFrom(page.body), committee: `${person('Kadri').idcode}\n123`, threshold: '3' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('See ei ole kehtiv Eesti isikukood.');
    expect(bad.body).toContain(`${person('Kadri').idcode}\n123</textarea>`);
    const noCsrf = await jaan.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/vote`, form: { committee: person('Kadri').idcode, threshold: '1' } });
    expect(noCsrf.statusCode).toBe(403);
    const ok = await jaan.req({
      method: 'POST',
      url: `/kov/${A}/budgets/${p.id}/vote`,
      form: { _csrf: csrfFrom(page.body), committee: [person('Kadri').idcode, person('Andres').idcode, person('Helena').idcode].join('\r\n'), threshold: '2' },
    });
    expect(ok.statusCode).toBe(303);
    const state = await anon.req({ url: `/api/v1/kov/${A}/budgets/${p.id}/vote`, headers: { authorization: `Bearer ${keyOfA}` } });
    expect(state.statusCode).toBe(200);
    expect(state.json()).toMatchObject({ status: 'open', rollSize: 3, threshold: 2 });
    expect(state.json().committee.map((m: { share: string }) => m.share)).toEqual(['waiting', 'waiting', 'waiting']);
  });
});

describe('voting', () => {
  it('the ballot page: a broken rule is a 400 with the summary and the choices kept; a valid ballot gives the tracker', async () => {
    await days(10); // voting
    const page = await mari.get(`/kov/${A}/budgets/${p.id}/ballot`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pingid');
    const csrf = csrfFrom(page.body);
    const twoAreas = await mari.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/ballot`, payload: `_csrf=${csrf}&ideas=${n.Pingid}&ideas=${n['Mänguväljak']}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(twoAreas.statusCode).toBe(400);
    expect(twoAreas.body).toContain('class="error-summary"');
    expect(twoAreas.body).toContain('ainult ühe piirkonna');
    expect(twoAreas.body).toMatch(new RegExp(`value="${n.Pingid}" checked`));
    const ok = await mari.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/ballot`, form: { _csrf: csrf, ideas: String(n['Mänguväljak']) } });
    expect(ok.statusCode).toBe(201);
    expect(ok.body).toMatch(/<code class="tracker">[0-9a-f]{64}<\/code>/);
    // the anonymous visitor is sent to sign in
    expect((await anon.get(`/kov/${A}/budgets/${p.id}/ballot`)).statusCode).toBe(303);
  });

  it('the JSON API: a resident casts with her session and CSRF header; an API key cannot', async () => {
    const csrf = await csrfTokenOf(jaan);
    const r = await jaan.req({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${p.id}/ballots`, headers: { 'x-csrf-token': csrf }, payload: { ideas: [n.Pingid, n.Valgustus] } });
    expect(r.statusCode).toBe(201);
    expect(r.json().tracker).toMatch(/^[0-9a-f]{64}$/);
    const over = await kadri.req({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${p.id}/ballots`, headers: { 'x-csrf-token': await csrfTokenOf(kadri) }, payload: { ideas: [999] } });
    expect(over.statusCode).toBe(400);
    expect(over.json().errors?.[0]?.field ?? over.json().fields?.[0]?.field).toBe('ideas.0');
    await kadri.req({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${p.id}/ballots`, headers: { 'x-csrf-token': await csrfTokenOf(kadri) }, payload: { ideas: [n.Pingid] } });
    const key = await anon.req({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${p.id}/ballots`, headers: { authorization: `Bearer ${keyOfA}` }, payload: { ideas: [n.Pingid] } });
    expect(key.statusCode).toBe(403);
    // a paper ballot at the office (an official's key): the same rules; it replaces Mari's e-ballot for good
    const paper = (body: Record<string, unknown>) => anon.req({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${p.id}/paper-ballots`, headers: { authorization: `Bearer ${keyOfA}` }, payload: body });
    expect((await paper({ idcode: '123', ideas: [n.Pingid] })).statusCode).toBe(400);
    expect((await paper({ idcode: person('Mari').idcode, ideas: [n.Pingid, n['Mänguväljak']] })).statusCode).toBe(400);
    expect((await paper({ idcode: person('Andres').idcode, ideas: [n.Pingid] })).statusCode).toBe(403);
    const onPaper = await paper({ idcode: person('Mari').idcode, ideas: [n['Mänguväljak']] });
    expect(onPaper.statusCode).toBe(201);
    expect(onPaper.json().tracker).toMatch(/^[0-9a-f]{64}$/);
    expect((await paper({ idcode: person('Mari').idcode, ideas: [n['Mänguväljak']] })).statusCode).toBe(409);
    const eAfterPaper = await mari.req({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${p.id}/ballots`, headers: { 'x-csrf-token': await csrfTokenOf(mari) }, payload: { ideas: [n.Pingid] } });
    expect(eAfterPaper.statusCode).toBe(409);
    // no results for anyone before the count
    expect((await anon.get(`/api/v1/kov/${A}/budgets/${p.id}/results`)).statusCode).toBe(404);
    const resultsPage = await anon.get(`/kov/${A}/budgets/${p.id}/results`);
    expect(resultsPage.statusCode).toBe(200);
    expect(resultsPage.body).toContain('Hääletus käib');
  });
});

describe('the committee and the results', () => {
  it('close; each member picks up her share once on her page; others get 404', async () => {
    await days(10); // results
    const manage = await jaan.get(`/kov/${A}/budgets/${p.id}/vote`);
    expect((await jaan.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/vote/close`, form: { _csrf: csrfFrom(manage.body) } })).statusCode).toBe(303);
    expect((await mari.get(`/kov/${A}/budgets/${p.id}/committee`)).statusCode).toBe(404);
    for (const [i, member] of [kadri, andres].entries()) {
      const m = String(i + 1);
      const page = await member.get(`/kov/${A}/budgets/${p.id}/committee`);
      expect(page.statusCode).toBe(200);
      const got = await member.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/committee/share`, form: { _csrf: csrfFrom(page.body) } });
      expect(got.statusCode).toBe(200);
      const share = shareOf(got.body);
      expect(share).toMatch(/^[0-9a-f]{64}$/);
      const again = await member.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/committee/share`, form: { _csrf: csrfFrom(page.body) } });
      expect(again.statusCode).toBe(409);
      expect(got.body).toContain('download="vallamaja-votmeosa-');
      const wrong = await member.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/committee/decryption`, form: { _csrf: csrfFrom(page.body), member: m, [`share-${m}`]: 'zz' } });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('class="error-summary"');
      const given = await member.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/committee/decryption`, form: { _csrf: csrfFrom(page.body), member: m, [`share-${m}`]: share! } });
      expect(given.statusCode).toBe(303);
    }
    // counted: officials see the counts, the public not yet
    expect((await anon.get(`/api/v1/kov/${A}/budgets/${p.id}/results`)).statusCode).toBe(404);
    const official = await anon.req({ url: `/api/v1/kov/${A}/budgets/${p.id}/results`, headers: { authorization: `Bearer ${keyOfA}` } });
    expect(official.statusCode).toBe(200);
    expect(official.json()).toMatchObject({ status: 'published', certified: false, turnout: 3 });
  });

  it('two sign-offs certify; everyone sees the winners, the map, the CSV; an override with a reason is published', async () => {
    for (const member of [kadri, andres]) {
      const page = await member.get(`/kov/${A}/budgets/${p.id}/committee`);
      const digest = /name="digest" value="([0-9a-f]{64})"/.exec(page.body)?.[1];
      expect(digest).toBeTruthy();
      const unticked = await member.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/committee/certify`, form: { _csrf: csrfFrom(page.body), digest: digest! } });
      expect(unticked.statusCode).toBe(400);
      expect(unticked.body).toContain('class="error-summary"');
      expect((await member.req({ method: 'POST', url: `/kov/${A}/budgets/${p.id}/committee/certify`, form: { _csrf: csrfFrom(page.body), digest: digest!, confirm: 'yes' } })).statusCode).toBe(303);
      if (member === kadri) {
        // her sign-off is told by who she is (her person id), not by a name: she sees it, the next member still has the form
        expect((await kadri.get(`/kov/${A}/budgets/${p.id}/committee`)).body).toContain('Olete tulemuse kinnitanud.');
        expect((await andres.get(`/kov/${A}/budgets/${p.id}/committee`)).body).not.toContain('Olete tulemuse kinnitanud.');
      }
    }
    const res = await anon.get(`/api/v1/kov/${A}/budgets/${p.id}/results`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.certified).toBe(true);
    const [kesklinn, lasnamae] = body.areas;
    // Kesklinn €100,000: Pingid (2 votes, €30,000) funded; Valgustus (1 vote, €90,000) does not fit beside it
    expect(kesklinn.ideas.map((i: { title: string; votes: number; funded: boolean; how: string }) => [i.title, i.votes, i.funded, i.how])).toEqual([
      ['Pingid', 2, true, 'greedy'],
      ['Valgustus', 1, false, 'does-not-fit'],
    ]);
    expect(lasnamae.ideas[0]).toMatchObject({ title: 'Mänguväljak', votes: 1, funded: true });
    expect(body.fundedTotal).toBe(80_000);
    const page = await anon.get(`/kov/${A}/budgets/${p.id}/results`);
    expect(page.body).toContain('Rahastatud ideed kaardil');
    expect(page.body).toContain('data-points=');
    const csv = await anon.get(`/kov/${A}/budgets/${p.id}/results.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\uFEFFarea,area_budget_eur')).toBe(true);
    expect(csv.body).toContain('"Pingid",30000,2,true,greedy');
    // the override: a reason is needed; then it is on the results
    const noReason = await anon.req({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${p.id}/overrides`, headers: { authorization: `Bearer ${keyOfA}` }, payload: { idea: n.Valgustus, action: 'fund', reason: '' } });
    expect(noReason.statusCode).toBe(400);
    const ok = await anon.req({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${p.id}/overrides`, headers: { authorization: `Bearer ${keyOfA}` }, payload: { idea: n.Valgustus, action: 'fund', reason: 'Volikogu lisaraha, otsus nr 7.' } });
    expect(ok.statusCode).toBe(201);
    const after = await anon.get(`/kov/${A}/budgets/${p.id}/results`);
    expect(after.body).toContain('Volikogu lisaraha, otsus nr 7.');
    // the results page links the winners document, which lists the override apart from the rule's result
    const winnersHref = /href="(\/api\/v1\/boards\/[0-9a-f-]+\/winners)"/.exec(after.body)?.[1];
    expect(winnersHref).toBeDefined();
    expect(after.body).toContain('vallamaja verify tahvel.json voitjad.json');
    const winners = await anon.get(winnersHref!);
    expect(winners.statusCode).toBe(200);
    const doc = winners.json();
    expect(doc).toMatchObject({ format: 'vallamaja-winners/1', rule: { kind: 'greedy' }, overrides: [{ action: 'fund', reason: 'Volikogu lisaraha, otsus nr 7.' }] });
    expect(doc.result.flatMap((a: { winners: string[] }) => a.winners)).not.toContain(doc.overrides[0].idea);
    expect((await anon.get(`/api/v1/kov/${A}/budgets/${p.id}/results`)).json().areas[0].ideas[1]).toMatchObject({ title: 'Valgustus', funded: true, how: 'override' });
    // the results protocol: a PDF for everyone, its budget lines name the winners, the reasons and the override
    const pdf = await anon.get(`/kov/${A}/budgets/${p.id}/results.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const lines = protocolLines((await resultView(db, A, p.id))!, 'et').map((l) => l.text);
    expect(lines).toContain(`${n.Pingid}. Pingid — ${fmtNumber(30_000)} € — Hääli: 2 — rahastatakse (enim hääli ja mahub eelarvesse)`);
    expect(lines.some((l) => l.includes('Volikogu lisaraha, otsus nr 7.'))).toBe(true);
  });
});
