// The budgets pages and JSON API through app.inject with real sessions and CSRF: a resident submits
// an idea (multipart, with a photo) and sees it awaiting review while the public does not; an official
// publishes and assesses it and it is on the public pages and the ballot; a KOV admin sets a process up
// through the form; a person without the role, and the official of another KOV, are refused; bad
// input is a 400 with the error summary, never a 500; the API works with the KOV's key only.
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, csrfFrom, csrfTokenOf, loginAs, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import { makeProcess } from './fixtures.js';
import { BUDGETS_OFFICIAL } from './permissions.js';
import type { Process } from './service.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
const BOUNDARY = '----budgetsTestBoundary';

let db: Db;
let app: FastifyInstance;
let mari: Agent; // resident, no role
let official: Agent; // Kadri: budgets-official of A
let otherOfficial: Agent; // Helena: budgets-official of B
let admin: Agent; // Jaan: KOV admin of A
let anon: Agent;
let process: Process;
let keyOfA: string;

function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

beforeAll(async () => {
  setClock(new Date('2027-03-01T09:00:00Z'));
  db = await testDb();
  await loadDemoTerritory(db);
  app = await testApp(db);
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: person('Kadri').idcode, role: BUDGETS_OFFICIAL, actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: person('Helena').idcode, role: BUDGETS_OFFICIAL, actor: SYSTEM });
  await grantRole(db, key, { kov: A, idcode: person('Jaan').idcode, role: 'kov-admin', actor: SYSTEM });
  [mari, official, otherOfficial, admin, anon] = [new Agent(app), new Agent(app), new Agent(app), new Agent(app), new Agent(app)];
  await loginAs(mari, db, person('Mari').idcode, { givenName: 'Mari', familyName: 'Maasikas' });
  await loginAs(official, db, person('Kadri').idcode, { givenName: 'Kadri', familyName: 'Kuusk' });
  await loginAs(otherOfficial, db, person('Helena').idcode, { givenName: 'Helena', familyName: 'Raud' });
  await loginAs(admin, db, person('Jaan').idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  process = await makeProcess(db, A);
  keyOfA = (await createKey(db, { kov: A, name: 'Budgets test', scopes: ['read', 'write'], actor: SYSTEM })).key;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('a resident’s idea through review to the ballot', () => {
  let number = '';

  it('a resident submits an idea with a photo; only she (and officials) see it before review', async () => {
    const form = await mari.get(`/kov/${A}/budgets/${process.id}/ideas/new`);
    expect(form.statusCode).toBe(200);
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
    const payload = multipart(
      { _csrf: csrfFrom(form.body), title: 'Joogiveekraan parki', description: 'Suvel pole vett.', area: process.areas[0]!.id, category: 'environment', cost: '18 000', lat: '59,4338', lon: '24.7525', email: '' },
      { name: 'kraan.jpg', type: 'image/jpeg', data: photo },
    );
    const res = await mari.req({ method: 'POST', url: `/kov/${A}/budgets/${process.id}/ideas`, payload, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    expect(res.statusCode).toBe(303);
    number = /ideas\/(\d+)$/.exec(res.headers.location as string)![1]!;
    const mine = await mari.get(res.headers.location as string);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Joogiveekraan parki');
    expect(mine.body).toContain(`/budgets/${process.id}/photos/`);
    expect((await anon.get(`/kov/${A}/budgets/${process.id}/ideas/${number}`)).statusCode).toBe(404);
    expect((await anon.get(`/kov/${A}/budgets/${process.id}`)).body).not.toContain('Joogiveekraan parki');
  });

  it('refuses a bad idea with the error summary (400), and anyone not signed in', async () => {
    const form = await mari.get(`/kov/${A}/budgets/${process.id}/ideas/new`);
    const payload = multipart({ _csrf: csrfFrom(form.body), title: '', description: 'x', area: '', category: 'nope', cost: 'palju', lat: '59.4', lon: '' });
    const res = await mari.req({ method: 'POST', url: `/kov/${A}/budgets/${process.id}/ideas`, payload, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    expect(res.statusCode).toBe(400);
    for (const f of ['title', 'area', 'category', 'cost', 'place']) expect(res.body).toContain(`href="#f-${f}"`);
    expect((await anon.req({ method: 'POST', url: `/kov/${A}/budgets/${process.id}/ideas`, payload, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } })).statusCode).toBe(401);
  });

  it('refuses the review to a person without the role and to another KOV’s official', async () => {
    expect((await mari.get(`/kov/${A}/budgets/${process.id}/review`)).statusCode).toBe(403);
    expect((await otherOfficial.get(`/kov/${A}/budgets/${process.id}/review`)).statusCode).toBe(403);
    const res = await otherOfficial.req({ method: 'POST', url: `/kov/${A}/budgets/${process.id}/ideas/${number}/review`, form: { _csrf: await csrfTokenOf(otherOfficial), action: 'publish' } });
    expect(res.statusCode).toBe(403);
  });

  it('an official publishes it and marks it feasible; it shows on the public pages and the ballot', async () => {
    const review = await official.get(`/kov/${A}/budgets/${process.id}/review`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('Joogiveekraan parki');
    const csrf = csrfFrom(review.body);
    const bad = await official.req({ method: 'POST', url: `/kov/${A}/budgets/${process.id}/ideas/${number}/review`, form: { _csrf: csrf, action: 'merge', [`into-${number}`]: 'abc' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`href="#f-into-${number}"`);
    const pub = await official.req({ method: 'POST', url: `/kov/${A}/budgets/${process.id}/ideas/${number}/review`, form: { _csrf: csrf, action: 'publish' } });
    expect(pub.statusCode).toBe(303);
    const assess = await official.req({ method: 'POST', url: `/kov/${A}/budgets/${process.id}/ideas/${number}/review`, form: { _csrf: csrf, action: 'assess', [`feasibility-${number}`]: 'feasible', [`official_cost-${number}`]: '21000', [`note-${number}`]: 'Veetrass on lähedal.' } });
    expect(assess.statusCode).toBe(303);
    const page = await anon.get(`/kov/${A}/budgets/${process.id}/ideas/${number}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mari');
    expect(page.body).not.toContain('Maasikas');
    expect(page.body).toContain('21');
    const list = await anon.get(`/kov/${A}/budgets/${process.id}?ballot=1`);
    expect(list.body).toContain('Joogiveekraan parki');
    expect((await anon.get('/budgets')).body).toContain(`/kov/${A}/budgets/${process.id}`);
    const ballot = await app.inject({ url: `/api/v1/kov/${A}/budgets/${process.id}/ballot`, headers: { authorization: `Bearer ${keyOfA}` } });
    expect(ballot.statusCode).toBe(200);
    expect(ballot.json().items).toEqual([expect.objectContaining({ number: Number(number), cost: 21_000 })]);
  });
});

describe('setup and the API', () => {
  it('a KOV admin sets up a process through the form; bad input names each field', async () => {
    const page = await admin.get(`/kov/${A}/budgets/admin/new`);
    expect(page.statusCode).toBe(200);
    const csrf = csrfFrom(page.body);
    const bad = await admin.req({ method: 'POST', url: `/kov/${A}/budgets/admin`, form: { _csrf: csrf, title_et: '', ideas_from: 'homme', total_budget: '-5' } });
    expect(bad.statusCode).toBe(400);
    for (const f of ['title_et', 'ideas_from', 'total_budget']) expect(bad.body).toContain(`href="#f-${f}"`);
    const ok = await admin.req({
      method: 'POST',
      url: `/kov/${A}/budgets/admin`,
      form: {
        _csrf: csrf, title_et: 'Lasnamäe eelarve', title_en: '', title_ru: '', description: '',
        ideas_from: '2027-03-02T09:00', review_from: '2027-04-01T09:00', voting_from: '2027-05-01T09:00', results_from: '2027-05-08T09:00', implementation_from: '2027-06-01T09:00',
        total_budget: '200 000', max_idea_cost: '', submit_min_age: '14', submit_scope: 'kov', vote_min_age: '14', vote_scope: 'area',
        ballot_kind: 'budget', ballot_max: '', ballot_areas: 'every', winner_rule: 'equal_shares', areas: 'Kesklinn; 100000; 0298; 500\nLasnamäe; 100000; 0387; 1000',
      },
    });
    expect(ok.statusCode).toBe(303);
    const shown = await anon.get(ok.headers.location as string);
    expect(shown.body).toContain('Lasnamäe eelarve');
    expect(shown.body).toContain('Kesklinn');
    expect((await mari.get(`/kov/${A}/budgets/admin/new`)).statusCode).toBe(403);
    expect((await official.get(`/kov/${A}/budgets/admin/new`)).statusCode).toBe(403);
  });

  it('the API answers the KOV’s key and refuses another KOV and anonymous callers', async () => {
    const list = await app.inject({ url: `/api/v1/kov/${A}/budgets`, headers: { authorization: `Bearer ${keyOfA}` } });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    expect((await app.inject({ url: `/api/v1/kov/${B}/budgets`, headers: { authorization: `Bearer ${keyOfA}` } })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/v1/kov/${A}/budgets` })).statusCode).toBe(401);
    const ideas = await app.inject({ url: `/api/v1/kov/${A}/budgets/${process.id}/ideas`, headers: { authorization: `Bearer ${keyOfA}` } });
    expect(ideas.json().items[0]).toMatchObject({ status: 'published', feasibility: 'feasible', authors: ['Mari'] });
    const rej = await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${process.id}/ideas/1/review`, headers: { authorization: `Bearer ${keyOfA}` }, payload: { action: 'reject', reason: '' } });
    expect(rej.statusCode).toBe(400);
  });
});
