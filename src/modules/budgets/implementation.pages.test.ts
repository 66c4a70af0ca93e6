// The budgets implementation pages and API through app.inject with real sessions and CSRF: the public
// map of funded ideas (totals, the list beside the map, markers by status) and each idea's timeline;
// an official posts an update with photos (multipart) and it shows newest first; bad input keeps the
// form with the field errors (et/en/ru), an idea that is not funded is refused; a resident, another
// KOV's official and anonymous callers are refused; no CSRF token, no update; the API reads and posts
// with the KOV's key only.
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { now, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, csrfFrom, csrfTokenOf, loginAs, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import { makeProcess } from './fixtures.js';
import { fundIdeas } from './implementation.js';
import { BUDGETS_OFFICIAL } from './permissions.js';
import * as repo from './repo.js';
import type { Process } from './service.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
const BOUNDARY = '----implTestBoundary';
const DAY = 86_400_000;

let db: Db;
let app: FastifyInstance;
let mari: Agent; // resident, no role
let official: Agent; // Kadri: budgets-official of A
let otherOfficial: Agent; // Helena: budgets-official of B
let anon: Agent;
let process: Process;
let keyOfA: string;
let keyOfB: string;

function multipart(fields: Record<string, string>, files: { name: string; type: string; data: Buffer }[] = []): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}
const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
const url = (n: number | string) => `/kov/${A}/budgets/${process.id}/ideas/${n}/implementation`;

beforeAll(async () => {
  setClock(new Date('2027-09-01T09:00:00Z'));
  db = await testDb();
  await loadDemoTerritory(db);
  app = await testApp(db);
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: person('Kadri').idcode, role: BUDGETS_OFFICIAL, actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: person('Helena').idcode, role: BUDGETS_OFFICIAL, actor: SYSTEM });
  [mari, official, otherOfficial, anon] = [new Agent(app), new Agent(app), new Agent(app), new Agent(app)];
  await loginAs(mari, db, person('Mari').idcode, { givenName: 'Mari', familyName: 'Maasikas' });
  await loginAs(official, db, person('Kadri').idcode, { givenName: 'Kadri', familyName: 'Kuusk' });
  await loginAs(otherOfficial, db, person('Helena').idcode, { givenName: 'Helena', familyName: 'Raud' });
  const at = (d: number) => new Date(now().getTime() + d * DAY);
  process = await makeProcess(db, A, { phases: { ideas: at(-200), review: at(-150), voting: at(-120), results: at(-100), implementation: at(-60) } });
  const ids: string[] = [];
  await db.tx(async (t) => {
    for (const [i, title] of ['Joogiveekraan Tammsaare parki', 'Pingid Kadrioru parki', 'Mänguväljak Kivilale'].entries()) {
      const id = uuidv7();
      ids.push(id);
      await repo.insertIdea(t, { id, kov: A, processId: process.id, number: i + 1, areaId: process.areas[0]!.id, title, description: 'Kirjeldus.', category: 'environment', lat: 59.43 + i / 100, lon: 24.75, estimatedCost: 20_000 });
      await repo.setStatus(t, A, id, { status: 'published', rejectReason: null, mergedInto: null });
    }
    await fundIdeas(t, A, process.id, [{ ideaId: ids[0]!, amount: 22_000, source: 'rule' }, { ideaId: ids[1]!, amount: 14_500, source: 'rule' }], SYSTEM);
  }, { kov: A });
  keyOfA = (await createKey(db, { kov: A, name: 'Impl test', scopes: ['read', 'write'], actor: SYSTEM })).key;
  keyOfB = (await createKey(db, { kov: B, name: 'Impl test B', scopes: ['read', 'write'], actor: SYSTEM })).key;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the public map of funded ideas', () => {
  it('shows the funded ideas with totals, a list beside the map and status-coloured markers; the process page links to it', async () => {
    const res = await anon.get(`/kov/${A}/budgets/${process.id}/funded`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Joogiveekraan Tammsaare parki');
    expect(res.body).toContain('Pingid Kadrioru parki');
    expect(res.body).not.toContain('Mänguväljak Kivilale'); // not funded
    expect(res.body).toMatch(/36\D?500 eurot/); // budgeted 22 000 + 14 500
    expect(res.body).toContain('<dd>0 / 2</dd>');
    expect(res.body).toContain('data-points=');
    expect(res.body).toContain('&quot;k&quot;:&quot;#505a5f&quot;'); // planned: grey markers
    expect(res.body).toContain('<table');
    expect(res.body).not.toContain('/implementation"'); // no update links for the public
    expect((await anon.get(`/kov/${A}/budgets/${process.id}`)).body).toContain(`/kov/${A}/budgets/${process.id}/funded`);
    const en = await new Agent(app).get(`/kov/${A}/budgets/${process.id}/funded?lang=en`);
    expect(en.body).toContain('Funded ideas');
    const officialView = await official.get(`/kov/${A}/budgets/${process.id}/funded`);
    expect(officialView.body).toContain(`${url(1)}"`);
  });

  it('another KOV’s address for the process is a 404', async () => {
    expect((await anon.get(`/kov/${B}/budgets/${process.id}/funded`)).statusCode).toBe(404);
  });
});

describe('an official’s update', () => {
  let photoUrl = '';

  it('posts an update with photos; the idea page shows the timeline newest first, and the photo', async () => {
    const form = await official.get(url(1));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    const csrf = csrfFrom(form.body);
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
    const first = await official.req({ method: 'POST', url: url(1), headers, payload: multipart({ _csrf: csrf, status: 'design', spent: '1 500', text: 'Projekt on tellitud.' }, [{ name: 'a.jpg', type: 'image/jpeg', data: photo }, { name: 'b.jpg', type: 'image/jpeg', data: photo }]) });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/kov/${A}/budgets/${process.id}/ideas/1#implementation`);
    setClock(new Date(now().getTime() + 5 * 60_000)); // later the same day (the session stays valid)
    const second = await official.req({ method: 'POST', url: url(1), headers, payload: multipart({ _csrf: csrf, status: 'construction', spent: '12000', text: 'Ehitus algas.' }) });
    expect(second.statusCode).toBe(303);
    const page = await anon.get(`/kov/${A}/budgets/${process.id}/ideas/1`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="implementation"');
    expect(page.body.indexOf('Ehitus algas.')).toBeGreaterThan(0);
    expect(page.body.indexOf('Ehitus algas.')).toBeLessThan(page.body.indexOf('Projekt on tellitud.'));
    expect(page.body).toContain('Lisas Kadri Kuusk');
    const m = new RegExp(`/kov/${A}/budgets/${process.id}/impl-photos/[0-9a-f-]{36}`).exec(page.body);
    expect(m).not.toBeNull();
    photoUrl = m![0];
    const img = await anon.get(photoUrl);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    const map = await anon.get(`/kov/${A}/budgets/${process.id}/funded`);
    expect(map.body).toContain('&quot;k&quot;:&quot;#b35a00&quot;'); // construction: orange
    expect(map.body).toMatch(/12\D?000 eurot/);
  });

  it('bad input keeps the form with the field errors (in the reader’s language), never a 500', async () => {
    const csrf = csrfFrom((await official.get(url(2))).body);
    const bad = await official.req({ method: 'POST', url: url(2), headers, payload: multipart({ _csrf: csrf, status: 'cancelled', spent: '-5', text: 'Hange on välja kuulutatud.' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-spent"');
    expect(bad.body).toContain('href="#f-status"');
    expect(bad.body).toContain('Sisestage kulutatud summa täisarvuna eurodes (0 või rohkem).');
    expect(bad.body).toContain('Hange on välja kuulutatud.'); // the text is kept
    expect(bad.body).toContain('value="-5"');
    const en = await official.req({ method: 'POST', url: `${url(2)}?lang=en`, headers, payload: multipart({ _csrf: csrf, status: 'design', spent: '-5', text: 'x' }) });
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('Enter the amount spent in whole euros (0 or more).');
    const ru = await official.req({ method: 'POST', url: `${url(2)}?lang=ru`, headers, payload: multipart({ _csrf: csrf, status: 'design', spent: '-5', text: 'x' }) });
    expect(ru.body).toContain('Введите потраченную сумму целым числом евро (0 или больше).');
    await official.get(`${url(2)}?lang=et`); // back to Estonian
    const broken = await official.req({ method: 'POST', url: url(2), headers, payload: multipart({ _csrf: csrf, status: 'design', spent: '0', text: 'x' }, [{ name: 'x.jpg', type: 'image/jpeg', data: Buffer.from('not an image') }]) });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('href="#f-photos"');
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
    const many = await official.req({ method: 'POST', url: url(2), headers, payload: multipart({ _csrf: csrf, status: 'design', spent: '0', text: 'x' }, Array.from({ length: 7 }, (_, i) => ({ name: `${i}.png`, type: 'image/png', data: photo }))) });
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain('Lisada saab kuni 6 fotot.');
    const page = await anon.get(`/kov/${A}/budgets/${process.id}/ideas/2`);
    expect(page.body).toContain('Uuendusi veel ei ole.');
  });

  it('refuses an idea that is not funded with a clear error', async () => {
    const form = await official.get(url(3));
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('enctype="multipart/form-data"');
    const res = await official.req({ method: 'POST', url: url(3), headers, payload: multipart({ _csrf: csrfFrom(form.body), status: 'design', spent: '0', text: 'Proovime.' }) });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('href="#f-idea"');
    expect(res.body).toContain('See idee ei ole rahastatud');
  });

  it('refuses a resident, another KOV’s official, anonymous callers and a post without the CSRF token', async () => {
    const payload = multipart({ status: 'done', spent: '1', text: 'Valmis.' });
    expect((await mari.get(url(1))).statusCode).toBe(403);
    expect((await otherOfficial.get(url(1))).statusCode).toBe(403);
    expect((await anon.get(url(1))).statusCode).toBe(401);
    const withToken = (agent: Agent, token: string) => agent.req({ method: 'POST', url: url(1), headers, payload: multipart({ _csrf: token, status: 'done', spent: '1', text: 'Valmis.' }) });
    expect((await withToken(mari, await csrfTokenOf(mari))).statusCode).toBe(403);
    expect((await otherOfficial.req({ method: 'POST', url: url(1), headers, payload })).statusCode).toBe(403);
    expect((await anon.req({ method: 'POST', url: url(1), headers, payload })).statusCode).toBe(401);
    expect((await official.req({ method: 'POST', url: url(1), headers, payload })).statusCode).toBe(403); // no CSRF token
    expect((await official.req({ method: 'POST', url: url(1), headers, payload: multipart({ _csrf: 'forged', status: 'done', spent: '1', text: 'Valmis.' }) })).statusCode).toBe(403);
    // an official of B posting on B's address for A's process: nothing there
    const formB = await otherOfficial.get(`/kov/${B}/budgets/${process.id}/ideas/1/implementation`);
    expect(formB.statusCode).toBe(404);
    const page = await anon.get(`/kov/${A}/budgets/${process.id}/ideas/1`);
    expect(page.body).not.toContain('Valmis.');
  });
});

describe('the API', () => {
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });

  it('reads the funded ideas and an idea’s updates with the KOV’s key', async () => {
    const funded = await app.inject({ url: `/api/v1/kov/${A}/budgets/${process.id}/funded`, headers: auth(keyOfA) });
    expect(funded.statusCode).toBe(200);
    const body = funded.json();
    expect(body.items.map((i: { number: number }) => i.number)).toEqual([1, 2]);
    expect(body.items[0].implementation).toMatchObject({ status: 'construction', amount: 22_000, spent: 12_000, source: 'rule' });
    expect(body.totals).toEqual({ funded: 2, done: 0, budgeted: 36_500, spent: 12_000 });
    const updates = await app.inject({ url: `/api/v1/kov/${A}/budgets/${process.id}/ideas/1/updates`, headers: auth(keyOfA) });
    expect(updates.statusCode).toBe(200);
    expect(updates.json().items.map((u: { text: string }) => u.text)).toEqual(['Ehitus algas.', 'Projekt on tellitud.']);
    expect(updates.json().items[1].photos).toHaveLength(2);
    expect((await app.inject({ url: `/api/v1/kov/${A}/budgets/${process.id}/ideas/3/updates`, headers: auth(keyOfA) })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v1/kov/${A}/budgets/${process.id}/funded`, headers: auth(keyOfB) })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/v1/kov/${A}/budgets/${process.id}/funded` })).statusCode).toBe(401);
  });

  it('posts an update (write scope), refusing bad input and an idea that is not funded', async () => {
    const post = (n: number, payload: unknown, key = keyOfA) => app.inject({ method: 'POST', url: `/api/v1/kov/${A}/budgets/${process.id}/ideas/${n}/updates`, headers: auth(key), payload: payload as object });
    const ok = await post(2, { status: 'done', spent: 14_000, text: 'Pingid on paigas.' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'done', spent: 14_000, author: 'API key Impl test' });
    expect((await post(2, { status: 'done', spent: -1, text: 'x' })).statusCode).toBe(400);
    expect((await post(2, { status: 'cancelled', spent: 1, text: 'x' })).statusCode).toBe(400);
    expect((await post(2, { status: 'done', spent: 1, text: '' })).statusCode).toBe(400);
    expect((await post(3, { status: 'done', spent: 1, text: 'x' })).statusCode).toBe(409);
    expect((await post(2, { status: 'done', spent: 1, text: 'x' }, keyOfB)).statusCode).toBe(403);
    const readOnly = (await createKey(db, { kov: A, name: 'Read only', scopes: ['read'], actor: SYSTEM })).key;
    expect((await post(2, { status: 'done', spent: 1, text: 'x' }, readOnly)).statusCode).toBe(403);
    const map = await anon.get(`/kov/${A}/budgets/${process.id}/funded`);
    expect(map.body).toContain('<dd>1 / 2</dd>');
  });
});
