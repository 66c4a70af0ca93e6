// Village elder elections over HTTP (app.inject), on PGlite and (TEST_DATABASE_URL) PostgreSQL, with
// the kernel clock set: the JSON API and the pages from set-up to the elder in office, with
// authorization (API keys only where no person's act is needed; another KOV's admin and key refused).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, dateToTallinnLocal, nowMs, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { Agent, csrfTokenOf, engine, loginAs, testApp, testDb } from '../../../test/helpers.js';
import { createKey } from '../admin/index.js';
import { A, ANNE, B, BRITT, CARL, COMMITTEE_CODES, JAAN_ADMIN, MUSTA, SYSTEM, TOOMAS_ADMIN, UNIT, eldersRoles, eldersWorld } from './fixtures.js';

const DAY = 86_400_000;
let db: Db;
let app: FastifyInstance;
let keyA: string;
let keyB: string;
type Who = { agent: Agent; csrf: string };
const people: Record<string, Who> = {};

async function signIn(idcode: string, givenName: string, familyName: string): Promise<Who> {
  const agent = new Agent(app);
  await loginAs(agent, db, idcode, { givenName, familyName });
  await agent.get('/?lang=en');
  return { agent, csrf: await csrfTokenOf(agent) };
}
const as = (who: Who, method: string, url: string, payload?: unknown) => who.agent.req({ method, url, payload: method === 'GET' ? undefined : (payload ?? {}), headers: { 'x-csrf-token': who.csrf } });
const withKey = (key: string, method: string, url: string, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : ((payload ?? {}) as object), headers: { authorization: `Bearer ${key}` } });
const fields = (res: { json: () => unknown }) => ((res.json() as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

function body(over: Record<string, unknown> = {}) {
  const now = nowMs();
  return {
    title: { et: 'Kesklinna vanem', en: 'Kesklinn elder', ru: 'Старейшина Кесклинна' },
    units: [UNIT],
    nominationOpens: new Date(now - 3_600_000).toISOString(),
    nominationCloses: new Date(now + DAY).toISOString(),
    votingOpens: new Date(now + DAY).toISOString(),
    votingCloses: new Date(now + 2 * DAY).toISOString(),
    candidateMinAge: 18,
    candidateResident: true,
    voterMinAge: 16,
    tieRule: 'lot',
    termYears: 4,
    threshold: 2,
    members: 3,
    committee: COMMITTEE_CODES,
    ...over,
  };
}

const CAST: [string, string, string, string][] = [];

/** Every test person signed in (again: moving the clock a day on ends the sessions). */
async function signInAll(): Promise<void> {
  for (const [name, code, given, family] of CAST) people[name] = await signIn(code, given, family);
}

/** Moves the kernel clock on and signs everyone in again. */
async function advance(ms: number): Promise<void> {
  advanceClock(ms);
  await signInAll();
}

beforeAll(async () => {
  setClock('2027-05-04T10:00:00+03:00', { ticking: true });
  db = await testDb();
  app = await testApp(db, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
  await eldersWorld(db, app.config.idcodeHmacKey);
  await eldersRoles(db, app.config.idcodeHmacKey);
  keyA = (await createKey(db, { kov: A, name: 'Tallinn DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
  keyB = (await createKey(db, { kov: B, name: 'Tartu DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
  CAST.push(['admin', JAAN_ADMIN, 'Jaan', 'Juht'], ['toomas', TOOMAS_ADMIN, 'Toomas', 'Tartu'], ['anne', ANNE, 'Anne', 'Aas'], ['britt', BRITT, 'Britt', 'Bergmann'], ['carl', CARL, 'Carl', 'Kask'], ['musta', MUSTA, 'Mart', 'Mustamäe']);
  for (const [i, c] of COMMITTEE_CODES.entries()) CAST.push([`m${i + 1}`, c, `Member${i + 1}`, 'Komisjon']);
  await signInAll();
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`village elder elections over HTTP (${engine})`, () => {
  it('runs an election from set-up to the elder in office, refusing whoever may not act', async () => {
    const base = `/api/v1/kov/${A}/elders/elections`;
    // set-up: A's key may; B's key, B's admin and a resident may not; bad input names the fields
    expect((await withKey(keyB, 'POST', base, body())).statusCode).toBe(403);
    expect((await as(people.toomas!, 'POST', base, body())).statusCode).toBe(403);
    expect((await as(people.anne!, 'POST', base, body())).statusCode).toBe(403);
    const bad = await withKey(keyA, 'POST', base, body({ units: ['9999'], termYears: 0 }));
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['termYears']);
    const created = await withKey(keyA, 'POST', base, body());
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const url = `${base}/${id}`;
    expect((await withKey(keyB, 'GET', base)).statusCode).toBe(403);
    expect((await withKey(keyA, 'GET', base)).json()).toMatchObject({ items: [{ id, status: 'nomination' }] });

    // nomination: Anne on the page (herself), Britt nominates Carl by the API and Carl consents
    const page = `/kov/${A}/elders/${id}`;
    const self = await people.anne!.agent.postForm(page, `${page}/nominate`, { candidate: '', statement: 'Küla heaks' });
    expect(self.statusCode, self.body).toBe(303);
    const under = await people.musta!.agent.postForm(page, `${page}/nominate`, { candidate: '', statement: '' });
    expect(under.statusCode).toBe(400);
    expect(under.body).toContain('error-summary');
    const other = await as(people.britt!, 'POST', `${url}/nominations`, { candidateIdcode: CARL });
    expect(other.statusCode, other.body).toBe(201);
    const carlId = (other.json() as { id: string; consented: boolean }).id;
    expect((await withKey(keyA, 'POST', `${url}/nominations/${carlId}/consent`)).statusCode).toBe(403);
    expect((await as(people.britt!, 'POST', `${url}/nominations/${carlId}/consent`)).statusCode).toBe(404);
    const consentPage = await people.carl!.agent.get(`${page}?lang=en`);
    expect(consentPage.body).toContain('I consent to stand');
    expect((await as(people.carl!, 'POST', `${url}/nominations/${carlId}/consent`)).statusCode).toBe(204);
    const shown = await app.inject({ url: `${page}?lang=en` });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Anne Aas');
    expect(shown.body).toContain('Carl Kask');

    // confirm: a person only, not before nomination closes, not another KOV's admin
    expect((await withKey(keyA, 'POST', `${url}/confirm`)).statusCode).toBe(403);
    expect((await as(people.admin!, 'POST', `${url}/confirm`)).statusCode).toBe(409);
    await advance(DAY + 60_000);
    expect((await as(people.toomas!, 'POST', `${url}/confirm`)).statusCode).toBe(403);
    const confirmed = await as(people.admin!, 'POST', `${url}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'voting', rollSize: 4 });
    const candidates = (confirmed.json() as { candidates: { id: string; name: string }[] }).candidates;
    const anneId = candidates.find((c) => c.name === 'Anne Aas')!.id;

    // the vote: on the page (Anne, Britt), Mustamäe is not on the roll
    const v1 = await people.anne!.agent.postForm(page, `${page}/ballot`, { candidate: anneId });
    expect(v1.statusCode, v1.body).toBe(303);
    expect((await people.anne!.agent.get(page)).body).toMatch(/[0-9a-f]{16,}/);
    expect((await people.britt!.agent.postForm(page, `${page}/ballot`, { candidate: carlId })).statusCode).toBe(303);
    expect((await people.carl!.agent.postForm(page, `${page}/ballot`, { candidate: anneId })).statusCode).toBe(303);
    expect((await people.musta!.agent.postForm(page, `${page}/ballot`, { candidate: anneId })).statusCode).toBe(403);

    // close (A's key), the members' shares and sign-offs (people only; B's key and admin refused)
    await advance(DAY);
    expect((await withKey(keyB, 'POST', `${url}/close`)).statusCode).toBe(403);
    expect((await withKey(keyA, 'POST', `${url}/close`)).json()).toEqual({ turnout: 3 });
    expect((await withKey(keyA, 'POST', `${url}/share-pickup`)).statusCode).toBe(403);
    expect((await as(people.anne!, 'POST', `${url}/share-pickup`)).statusCode).toBe(404);
    const s1 = (await as(people.m1!, 'POST', `${url}/share-pickup`)).json() as { member: number; share: string };
    const s2 = (await as(people.m2!, 'POST', `${url}/share-pickup`)).json() as { member: number; share: string };
    expect((await as(people.m2!, 'POST', `${url}/share-pickup`)).statusCode).toBe(409);
    expect((await as(people.toomas!, 'POST', `${url}/shares`, s1)).statusCode).toBe(403);
    expect((await as(people.m1!, 'POST', `${url}/shares`, s1)).json()).toMatchObject({ received: 1, published: false });
    expect((await as(people.m2!, 'POST', `${url}/shares`, s2)).json()).toMatchObject({ received: 2, published: true });
    // before certification the result is for officials only
    expect((await app.inject({ url: `${url}/results` })).statusCode).toBe(401);
    const before = (await withKey(keyA, 'GET', `${url}/results`)).json() as { digest: string; candidates: { name: string; votes: number }[] };
    expect(before.candidates).toEqual([
      { id: anneId, name: 'Anne Aas', votes: 2 },
      { id: carlId, name: 'Carl Kask', votes: 1 },
    ]);
    expect((await withKey(keyA, 'POST', `${url}/certify`, { digest: before.digest })).statusCode).toBe(403);
    await as(people.m1!, 'POST', `${url}/certify`, { digest: before.digest });
    const done = await as(people.m2!, 'POST', `${url}/certify`, { digest: before.digest });
    expect(done.json()).toMatchObject({ status: 'certified', outcome: { kind: 'elected', candidateId: anneId, votes: 2, draw: null } });

    // public: the result (JSON, CSV, PDF), the KOV's elders and the list across Estonia
    expect((await app.inject({ url: `${url}/results` })).statusCode).toBe(200);
    const csv = await app.inject({ url: `${url}/results.csv` });
    expect(csv.body.split('\n')[1]).toBe(`${id},${anneId},Anne Aas,2,yes,no,,,3,4,lot,,,,${before.digest}`);
    expect((await app.inject({ url: `${url}/results` })).json()).toMatchObject({ winner: { id: anneId, name: 'Anne Aas', votes: 2 }, tieBreak: null, turnout: 3, rollSize: 4 });
    const pdf = await app.inject({ url: `${url}/protocol.pdf?lang=en` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pub = (await app.inject({ url: `/api/v1/kov/${A}/elders` })).json() as { elders: { name: string; termEnd: string }[] };
    expect(pub.elders.map((e) => e.name)).toEqual(['Anne Aas']);
    const kovPage = await app.inject({ url: `/kov/${A}/elders?lang=en` });
    expect(kovPage.body).toContain('Anne Aas');
    expect((await app.inject({ url: '/elders?lang=ru' })).body).toContain('Anne Aas');
    expect((await app.inject({ url: `${page}?lang=en` })).body).toContain('Anne Aas was elected village elder');
    // admin pages: A's admin yes, B's admin no
    expect((await people.admin!.agent.get(`/kov/${A}/elders/admin`)).statusCode).toBe(200);
    expect((await people.toomas!.agent.get(`/kov/${A}/elders/admin`)).statusCode).toBe(403);
  });

  it('sets an election up on the admin page form (error summary on bad input; another KOV’s admin refused)', async () => {
    const form = `/kov/${A}/elders/new`;
    expect((await people.toomas!.agent.get(form)).statusCode).toBe(403);
    const page = await people.admin!.agent.get(`${form}?lang=en`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="nominationOpens"');
    const local = (ms: number) => dateToTallinnLocal(new Date(nowMs() + ms));
    const good = {
      'title.et': 'Vormi valimine',
      'title.en': 'Form election',
      'title.ru': 'Выборы из формы',
      units: UNIT,
      nominationOpens: local(0),
      nominationCloses: local(DAY),
      votingOpens: local(DAY),
      votingCloses: local(2 * DAY),
      candidateMinAge: '18',
      candidateResident: 'yes',
      voterMinAge: '16',
      tieRule: 'runoff',
      termYears: '3',
      members: '3',
      threshold: '2',
      committee: COMMITTEE_CODES.join('\n'),
    };
    const bad = await people.admin!.agent.postForm(form, form, { ...good, 'title.en': '', committee: '12345678901' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
    expect(bad.body).toContain('href="#f-title.en"');
    expect(bad.body).toContain('href="#f-committee"');
    const ok = await people.admin!.agent.postForm(form, form, good);
    expect(ok.statusCode, ok.body).toBe(303);
    const id = /\/elders\/([0-9a-f-]{36})$/.exec(String(ok.headers.location))![1]!;
    const created = (await withKey(keyA, 'GET', `/api/v1/kov/${A}/elders/elections/${id}`)).json() as { tieRule: string; termYears: number; units: string[] };
    expect(created).toMatchObject({ tieRule: 'runoff', termYears: 3, units: [UNIT] });
  });

  it('is reachable from the front page, the KOV page and the admin dashboard', async () => {
    expect((await app.inject({ url: '/?lang=en' })).body).toContain('href="/elders"');
    expect((await app.inject({ url: `/kov/${A}?lang=en` })).body).toContain(`/kov/${A}/elders`);
    expect((await people.admin!.agent.get(`/kov/${A}/admin?lang=en`)).body).toContain(`/kov/${A}/elders/admin`);
  });
});
