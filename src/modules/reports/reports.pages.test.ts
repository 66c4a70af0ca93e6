// The reports officials' pages and JSON API through app.inject with real sessions and CSRF: a handler
// sees the inbox, filters it, answers and changes a status; a person without the role is refused; a
// handler of another KOV neither sees nor acts on this KOV's reports; bad input is a 400, never a 500;
// a KOV admin configures categories and groups.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, asOwner, csrfFrom, csrfTokenOf, engine, loginAs, testApp, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import { makeReport, seedReportCategories } from './fixtures.js';
import { handleReport } from './handling.js';
import { REPORTS_HANDLER } from './permissions.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;

let db: Db;
let app: FastifyInstance;
let handler: Agent; // Andres: reports-handler of A
let otherHandler: Agent; // Helena: reports-handler of B
let admin: Agent; // Jaan: KOV admin of A
let mari: Agent; // no role
const ids: { open: string; openNumber: string; closed: string; light: string } = { open: '', openNumber: '', closed: '', light: '' };

beforeAll(async () => {
  setClock(new Date('2026-05-04T07:00:00Z'));
  db = await testDb();
  await loadDemoTerritory(db);
  app = await testApp(db);
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: person('Andres').idcode, role: REPORTS_HANDLER, actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: person('Helena').idcode, role: REPORTS_HANDLER, actor: SYSTEM });
  await grantRole(db, key, { kov: A, idcode: person('Jaan').idcode, role: 'kov-admin', actor: SYSTEM });
  handler = new Agent(app);
  otherHandler = new Agent(app);
  admin = new Agent(app);
  mari = new Agent(app);
  await loginAs(handler, db, person('Andres').idcode, { givenName: 'Andres', familyName: 'Mets' });
  await loginAs(otherHandler, db, person('Helena').idcode, { givenName: 'Helena', familyName: 'Raud' });
  await loginAs(admin, db, person('Jaan').idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  await loginAs(mari, db, person('Mari').idcode, { givenName: 'Mari', familyName: 'Maasikas' });
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  const open = await makeReport(db, A, { description: 'Auk Narva maanteel <script>alert(1)</script>', address: 'Narva mnt 7', reporter: { kind: 'person', idcodeHash: 'c'.repeat(64), name: 'Reet Teataja', email: 'reet@example.ee', phone: '+372 5555 5555' } });
  ids.open = open.id;
  ids.openNumber = open.number;
  const closed = await makeReport(db, A, { description: 'Prügi pargis', category: 'litter' });
  await handleReport(db, A, closed.id, { kind: 'status', status: 'fixed' }, SYSTEM);
  ids.closed = closed.id;
  ids.light = (await makeReport(db, A, { description: 'Valgusti ei põle', category: 'light' })).id;
  await makeReport(db, B, { description: 'Tartu auk' });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`reports handler pages (${engine})`, () => {
  it('a handler sees the inbox with counts and filters it; a bad filter is a 400 page', async () => {
    const all = await handler.get(`/kov/${A}/reports/admin`);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain(ids.openNumber);
    expect(all.body).toContain('Leitud teateid: 3');
    const closed = await handler.get(`/kov/${A}/reports/admin?status=closed`);
    expect(closed.body).toContain('Leitud teateid: 1');
    const text = await handler.get(`/kov/${A}/reports/admin?q=${encodeURIComponent('Narva')}`);
    expect(text.body).toContain('Leitud teateid: 1');
    const bad = await handler.get(`/kov/${A}/reports/admin?status=nonsense&page=0`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-status"');
    expect(bad.body).toContain('href="#f-page"');
  });

  it('the report page shows the reporter’s contact, the place in L-EST97, text escaped; a handler answers through the form', async () => {
    const page = await handler.get(`/kov/${A}/reports/admin/${ids.open}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('reet@example.ee');
    expect(page.body).toContain('L-EST97: x 54');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toMatch(/Auk Narva maanteel &lt;script(&gt;|>)alert/);
    const token = csrfFrom(page.body);
    // without the CSRF token: refused
    const noCsrf = await handler.req({ method: 'POST', url: `/kov/${A}/reports/admin/${ids.open}/actions`, form: { kind: 'answer', answer_body: 'x' } });
    expect(noCsrf.statusCode).toBe(403);
    // an empty answer: 400, the form again with the field named
    const empty = await handler.req({ method: 'POST', url: `/kov/${A}/reports/admin/${ids.open}/actions`, form: { _csrf: token, kind: 'answer', answer_body: ' ' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#f-answer_body"');
    const ok = await handler.req({ method: 'POST', url: `/kov/${A}/reports/admin/${ids.open}/actions`, form: { _csrf: token, kind: 'answer', answer_body: 'Vaatame üle tänavu.' } });
    expect(ok.statusCode).toBe(303);
    const status = await handler.req({ method: 'POST', url: `/kov/${A}/reports/admin/${ids.open}/actions`, form: { _csrf: token, kind: 'status', status_status: 'in_progress', status_answer: '' } });
    expect(status.statusCode).toBe(303);
    const after = await handler.get(`/kov/${A}/reports/admin/${ids.open}`);
    expect(after.body).toContain('Vaatame üle tänavu.');
    expect(after.body).toContain('Olek: Töös');
    // a closed report refuses a status change with the reason (409), offers reopen
    const closedPage = await handler.get(`/kov/${A}/reports/admin/${ids.closed}`);
    expect(closedPage.body).toContain('action="/kov/0784/reports/admin/' + ids.closed + '/actions"');
    const refused = await handler.req({ method: 'POST', url: `/kov/${A}/reports/admin/${ids.closed}/actions`, form: { _csrf: token, kind: 'status', status_status: 'in_progress' } });
    expect(refused.statusCode).toBe(409);
    const events = await asOwner(db, (t) => t.query<{ kind: string; actor_name: string }>('SELECT kind, actor_name FROM reports_event WHERE report_id = $1 ORDER BY seq', [ids.open]));
    expect(events.map((e) => e.kind)).toEqual(['created', 'answer', 'status']);
    expect(events[1]!.actor_name).toBe('Andres Mets');
  });

  it('the JSON API: list with filters, one report with history, actions; bad input is 400 naming the field, never 500', async () => {
    const csrf = await csrfTokenOf(handler);
    const list = await handler.get(`/api/v1/kov/${A}/reports?status=open&sort=expected`);
    expect(list.statusCode).toBe(200);
    const body = list.json() as { items: Array<{ id: string; reporter: { email: string | null } }>; total: number; counts: Record<string, number> };
    expect(body.total).toBe(2);
    expect(body.counts.fixed).toBe(1);
    const act = (payload: unknown) => handler.req({ method: 'POST', url: `/api/v1/kov/${A}/reports/${ids.light}/actions`, headers: { 'x-csrf-token': csrf }, payload: payload as object });
    const a = await act({ kind: 'status', status: 'fixed', answer: 'Lamp vahetatud.' });
    expect(a.statusCode).toBe(200);
    expect((a.json() as { report: { status: string }; events: unknown[] }).report.status).toBe('fixed');
    const b = await act({ kind: 'status', status: 'nope' });
    expect(b.statusCode).toBe(400);
    expect((b.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['status']);
    const c = await act({ kind: 'explode' });
    expect(c.statusCode).toBe(400);
    const d = await act({ kind: 'status', status: 'closed' });
    expect(d.statusCode).toBe(409);
    const e = await act({ kind: 'duplicate', of: 'x' });
    expect([400, 409]).toContain(e.statusCode);
    const one = await handler.get(`/api/v1/kov/${A}/reports/${ids.light}`);
    expect((one.json() as { events: Array<{ kind: string }> }).events.map((x) => x.kind)).toEqual(['created', 'status']);
    const mine = await handler.get(`/api/v1/kov/${A}/reports?assignee=mine`);
    expect((mine.json() as { total: number }).total).toBe(0);
    expect((await handler.get(`/api/v1/kov/${A}/reports?page=abc`)).statusCode).toBe(400);
  });

  it('a person without the role gets 403; another KOV’s handler can neither see nor act (403 there, 404 through her own KOV)', async () => {
    for (const url of [`/kov/${A}/reports/admin`, `/kov/${A}/reports/admin/${ids.open}`, `/api/v1/kov/${A}/reports`, `/api/v1/kov/${A}/reports/${ids.open}`]) {
      expect((await mari.get(url)).statusCode, url).toBe(403);
      expect((await otherHandler.get(url)).statusCode, url).toBe(403);
    }
    expect((await new Agent(app).get(`/kov/${A}/reports/admin`)).statusCode).toBe(401);
    expect((await otherHandler.get(`/kov/${B}/reports/admin/${ids.open}`)).statusCode).toBe(404);
    expect((await otherHandler.get(`/api/v1/kov/${B}/reports/${ids.open}`)).statusCode).toBe(404);
    const csrf = await csrfTokenOf(otherHandler);
    const own = await otherHandler.req({ method: 'POST', url: `/api/v1/kov/${B}/reports/${ids.open}/actions`, headers: { 'x-csrf-token': csrf }, payload: { kind: 'note', body: 'x' } });
    expect(own.statusCode).toBe(404);
    const there = await otherHandler.req({ method: 'POST', url: `/api/v1/kov/${A}/reports/${ids.open}/actions`, headers: { 'x-csrf-token': csrf }, payload: { kind: 'note', body: 'x' } });
    expect(there.statusCode).toBe(403);
    const list = await otherHandler.get(`/api/v1/kov/${B}/reports`);
    expect((list.json() as { items: Array<{ id: string }> }).items.map((i) => i.id)).not.toContain(ids.open);
  });
});

describe(`an analyst reads but never sees the reporter’s contact (${engine})`, () => {
  it('inbox and report without contact, no action forms; the API gives reporter null; acting is 403', async () => {
    await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: person('Kadri').idcode, role: 'reports-analyst', actor: SYSTEM });
    const analyst = new Agent(app);
    await loginAs(analyst, db, person('Kadri').idcode, { givenName: 'Kadri', familyName: 'Kuusk' });
    expect((await analyst.get(`/kov/${A}/reports/admin`)).statusCode).toBe(200);
    const page = await analyst.get(`/kov/${A}/reports/admin/${ids.open}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('reet@example.ee');
    expect(page.body).not.toContain('Reet Teataja'); // not in the history either: the reporter's acts name no one
    expect(page.body).not.toContain('/actions');
    const api = await analyst.get(`/api/v1/kov/${A}/reports/${ids.open}`);
    expect((api.json() as { report: { reporter: unknown } }).report.reporter).toBeNull();
    expect(api.body).not.toContain('reet@example.ee');
    expect(api.body).not.toContain('Reet Teataja');
    const list = await analyst.get(`/api/v1/kov/${A}/reports`);
    expect(list.body).not.toContain('reet@example.ee');
    const csrf = await csrfTokenOf(analyst);
    const act = await analyst.req({ method: 'POST', url: `/api/v1/kov/${A}/reports/${ids.open}/actions`, headers: { 'x-csrf-token': csrf }, payload: { kind: 'note', body: 'x' } });
    expect(act.statusCode).toBe(403);
    // a handler does see it
    expect((await handler.get(`/api/v1/kov/${A}/reports/${ids.open}`)).body).toContain('reet@example.ee');
  });
});

describe(`reports API keys (${engine})`, () => {
  it('a KOV system acts with its write key (audited as the key); a read key may not act; another KOV’s key sees nothing', async () => {
    const write = (await createKey(db, { kov: A, name: 'Tallinna DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
    const read = (await createKey(db, { kov: A, name: 'Tallinna BI', scopes: ['read'], actor: SYSTEM })).key;
    const other = (await createKey(db, { kov: B, name: 'Tartu DHS', scopes: ['read', 'write'], actor: SYSTEM })).key;
    const target = (await makeReport(db, A, { description: 'Võtmega käsitletav' })).id;
    const post = (key: string, kov: string) =>
      app.inject({ method: 'POST', url: `/api/v1/kov/${kov}/reports/${target}/actions`, headers: { authorization: `Bearer ${key}` }, payload: { kind: 'note', body: 'DHS: registreeritud' } });
    expect((await post(read, A)).statusCode).toBe(403);
    expect((await post(other, A)).statusCode).toBe(403);
    expect((await post(other, B)).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v1/kov/${A}/reports`, headers: { authorization: `Bearer ${other}` } })).statusCode).toBe(403);
    const ok = await post(write, A);
    expect(ok.statusCode).toBe(200);
    const audit = await asOwner(db, (t) => t.one<{ action: string; actor_kind: string }>('SELECT action, actor_kind FROM core_audit WHERE target_id = $1', [target]));
    expect(audit).toEqual({ action: 'reports.report.note', actor_kind: 'apikey' });
    expect((await app.inject({ url: `/api/v1/kov/${A}/reports/${target}`, headers: { authorization: `Bearer ${read}` } })).statusCode).toBe(200);
  });
});

describe(`reports administration pages (${engine})`, () => {
  it('a KOV admin creates a group and a category through the forms; bad input names the fields; a handler may not configure', async () => {
    expect((await handler.get(`/kov/${A}/reports/admin/settings`)).statusCode).toBe(403);
    const page = await admin.get(`/kov/${A}/reports/admin/settings`);
    expect(page.statusCode).toBe(200);
    const token = csrfFrom(page.body);
    const g = await admin.req({ method: 'POST', url: `/kov/${A}/reports/admin/groups`, form: { _csrf: token, name: 'Heakord', email: '' } });
    expect(g.statusCode).toBe(303);
    const bad = await admin.req({
      method: 'POST',
      url: `/kov/${A}/reports/admin/categories`,
      form: { _csrf: token, code: 'Bad!', domain: 'roads', name_et: 'Lumi', name_en: 'Snow', name_ru: 'Снег', slaDays: 'many', attributes: '[oops', active: 'yes' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-slaDays"');
    expect(bad.body).toContain('href="#f-attributes"');
    const ok = await admin.req({
      method: 'POST',
      url: `/kov/${A}/reports/admin/categories`,
      form: { _csrf: token, code: 'snow', domain: 'roads', name_et: 'Lumi teel', name_en: 'Snow on the road', name_ru: 'Снег на дороге', slaDays: '2', attributes: '[]', keywords: 'lumi', sort: '9', active: 'yes' },
    });
    expect(ok.statusCode).toBe(303);
    const cats = await admin.get(`/api/v1/kov/${A}/reports/categories`);
    const snow = (cats.json() as { items: Array<{ code: string; slaDays: number; active: boolean }> }).items.find((c) => c.code === 'snow');
    expect(snow).toMatchObject({ slaDays: 2, active: true });
    const csrf = await csrfTokenOf(admin);
    const viaApi = await admin.req({ method: 'POST', url: `/api/v1/kov/${A}/reports/categories`, headers: { 'x-csrf-token': csrf }, payload: { code: 'ice', domain: 'roads', names: { et: 'Jää', en: 'Ice', ru: 'Лёд' }, slaDays: 400 } });
    expect(viaApi.statusCode).toBe(400);
    expect((viaApi.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['slaDays']);
    const audit = await asOwner(db, (t) => t.query<{ action: string }>("SELECT action FROM core_audit WHERE kov_code = $1 AND action LIKE 'reports.%' AND action NOT LIKE 'reports.report.%' ORDER BY seq", [A]));
    expect(audit.map((a) => a.action)).toEqual(['reports.group.create', 'reports.category.create']);
    const inbox = await admin.get(`/kov/${A}/reports/admin`);
    expect(inbox.body).toContain(`/kov/${A}/reports/admin/settings`);
  });
});

describe(`the way to the all-KOV analytics (${engine})`, () => {
  it('the reporting page links ELVL’s analysts to the comparison; a resident or a KOV admin sees no such link', async () => {
    await grantRole(db, app.config.idcodeHmacKey, { kov: null, idcode: person('Kadri').idcode, role: 'reports-elvl', actor: SYSTEM });
    const elvl = new Agent(app);
    await loginAs(elvl, db, person('Kadri').idcode, { givenName: 'Kadri', familyName: 'Kuusk' });
    const page = await elvl.req({ method: 'GET', url: '/reports?lang=en' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/reports/analytics"');
    expect((await elvl.req({ method: 'GET', url: '/reports/analytics' })).statusCode).toBe(200);
    for (const who of [mari, admin]) expect((await who.req({ method: 'GET', url: '/reports?lang=en' })).body).not.toContain('href="/reports/analytics"');
  });
});
