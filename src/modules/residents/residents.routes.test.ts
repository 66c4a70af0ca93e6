// The residents page and JSON API through the real app: roles (residents-manager, kov-admin),
// another KOV's official refused (403) with nothing of the KOV changed, API keys by scope, counts,
// bad input naming the field, imports as text/csv with both operator choices, audit entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, csrfTokenOf, engine, loginAs, tenantSnapshot, testApp, testDb, asOwner } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import { CSV_HEADER, importRegister, sourceOf } from './import.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;

const header = CSV_HEADER.join(',');
const row = (code: string, unit: string, since: string) => `${code},Mari,Maasikas,0037,${A},${unit},${since}`;
const P1 = withCheckDigit('5101201001'); // 2010-12-01
const P2 = withCheckDigit('6101202002'); // 2010-12-02
const P3 = withCheckDigit('3800505003'); // 1980-05-05
const GOOD = [header, row(P1, '0176', '2020-01-01'), row(P2, '0176', '2026-06-01'), row(P3, '0298', '2026-01-01')].join('\n');
const BAD = [header, row(P1, '0176', '2020-01-01'), row('38001085719', '0298', '2026-01-01'), row(P3, '1675', '2026-01-01')].join('\n');

let db: Db;
let app: FastifyInstance;
let manager: Agent;
let otherAdmin: Agent;
let nobody: Agent;
let csrf: { manager: string; other: string; nobody: string };
let readKey: string;
let writeKey: string;

beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
  await loadDemoTerritory(db);
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: person('Mari').idcode, role: 'residents-manager', actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: person('Toomas').idcode, role: 'kov-admin', actor: SYSTEM });
  manager = new Agent(app);
  await loginAs(manager, db, person('Mari').idcode, { givenName: 'Mari', familyName: 'Maasikas' });
  otherAdmin = new Agent(app);
  await loginAs(otherAdmin, db, person('Toomas').idcode, { givenName: 'Toomas', familyName: 'Saar' });
  nobody = new Agent(app);
  await loginAs(nobody, db, person('Liis').idcode, { givenName: 'Liis', familyName: 'Lepp' });
  csrf = { manager: await csrfTokenOf(manager), other: await csrfTokenOf(otherAdmin), nobody: await csrfTokenOf(nobody) };
  readKey = (await createKey(db, { kov: A, name: 'Lugeja', scopes: ['read'], actor: SYSTEM })).key;
  writeKey = (await createKey(db, { kov: A, name: 'Kirjutaja', scopes: ['read', 'write'], actor: SYSTEM })).key;
  await importRegister(db, key, sourceOf(GOOD), { kov: A, actor: SYSTEM, fileName: 'alg.csv' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const csv = (agent: Agent, token: string, url: string, body: string) =>
  agent.req({ method: 'POST', url, payload: body, headers: { 'content-type': 'text/csv', 'x-csrf-token': token } });

describe(`residents pages and API (${engine})`, () => {
  it('shows the register page to a residents manager, with the eligibility preview', async () => {
    const page = await manager.get(`/kov/${A}/admin/residents`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Elanike register</h1>');
    expect(page.body).toContain('alg.csv');
    expect(page.body).toContain('Haabersti linnaosa');
    const counted = await manager.get(`/kov/${A}/admin/residents?minAge=16&on=2026-12-01&count=1&lang=en`);
    expect(counted.statusCode).toBe(200);
    expect(counted.body).toContain('Eligible people: 2');
    const byUnit = await manager.get(`/kov/${A}/admin/residents?units=0176&count=1&lang=ru`);
    expect(byUnit.body).toContain('Всего участников: 2');
    const bad = await manager.get(`/kov/${A}/admin/residents?minAge=16&on=2026-02-31&count=1&lang=en`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
    expect(bad.body).toContain('The date must be in the form YYYY-MM-DD');
  });

  it('answers status and counts over the JSON API', async () => {
    const s = await manager.get(`/api/v1/kov/${A}/residents/status`);
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ current: { status: 'current', rowsImported: 3, fileName: 'alg.csv', importedBy: 'test setup' }, latest: null });
    const c = await manager.req({
      method: 'POST',
      url: `/api/v1/kov/${A}/residents/eligibility-count`,
      payload: { minAge: 16, on: '2026-12-01' },
      headers: { 'x-csrf-token': csrf.manager },
    });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toEqual({
      total: 2,
      byUnit: [
        { code: '0176', name: 'Haabersti linnaosa', count: 1 },
        { code: '0298', name: 'Kesklinna linnaosa', count: 1 },
      ],
    });
    const badAge = await manager.req({ method: 'POST', url: `/api/v1/kov/${A}/residents/eligibility-count`, payload: { minAge: 'x' }, headers: { 'x-csrf-token': csrf.manager } });
    expect(badAge.statusCode).toBe(400);
    expect(String(badAge.headers['content-type'])).toContain('application/problem+json');
    expect(badAge.json().errors[0].field).toBe('minAge');
    const badUnit = await manager.req({ method: 'POST', url: `/api/v1/kov/${A}/residents/eligibility-count`, payload: { units: ['1675'] }, headers: { 'x-csrf-token': csrf.manager } });
    expect(badUnit.statusCode).toBe(400);
    expect(badUnit.json().errors).toEqual([{ field: 'units', reason: expect.stringContaining('1675') }]);
  });

  it('imports text/csv: rejects a bad file (422, every line), imports good rows on request, audits both', async () => {
    const rejected = await csv(manager, csrf.manager, `/api/v1/kov/${A}/residents/import?fileName=uus.csv`, BAD);
    expect(rejected.statusCode).toBe(422);
    const body = rejected.json() as { errors: { field: string; reason: string }[] };
    expect(body.errors.map((e) => e.field)).toEqual(['line 3: isikukood', 'line 4: asustusyksus']);
    const status = (await manager.get(`/api/v1/kov/${A}/residents/status`)).json();
    expect(status.current.rowsImported).toBe(3);
    expect(status.latest).toMatchObject({ status: 'failed', rowsBad: 2, problems: [{ line: 3 }, { line: 4 }] });
    const page = await manager.get(`/kov/${A}/admin/residents?lang=en`);
    expect(page.body).toContain('was rejected or failed');

    // 1 of 3 people left: the register would shrink by two thirds, so the import needs confirming
    const accepted = await csv(manager, csrf.manager, `/api/v1/kov/${A}/residents/import?acceptGoodRows=true&fileName=uus.csv&confirmShrink=true`, BAD);
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ status: 'imported', rowsRead: 3, rowsImported: 1, rowsBad: 2 });
    const audit = await asOwner(db, (t) =>
      t.query<{ action: string; actor_name: string }>(`SELECT action, actor_name FROM core_audit WHERE kov_code = $1 AND action LIKE 'residents.%' ORDER BY seq`, [A]),
    );
    expect(audit.map((a) => a.action)).toEqual(['residents.import', 'residents.import-rejected', 'residents.import']);
    expect(audit[2]!.actor_name).toBe('Mari Maasikas');
    // back to the good register
    const again = await csv(manager, csrf.manager, `/api/v1/kov/${A}/residents/import`, GOOD);
    expect(again.statusCode).toBe(201);
    const notCsv = await manager.req({ method: 'POST', url: `/api/v1/kov/${A}/residents/import`, payload: { a: 1 }, headers: { 'x-csrf-token': csrf.manager } });
    expect(notCsv.statusCode).toBe(415);
  });

  it('refuses another KOV’s official and people without a role (403), and changes nothing', async () => {
    const before = await tenantSnapshot(db, A);
    const calls: [Agent, string][] = [
      [otherAdmin, csrf.other],
      [nobody, csrf.nobody],
    ];
    for (const [agent, token] of calls) {
      expect((await agent.get(`/kov/${A}/admin/residents?count=1`)).statusCode).toBe(403);
      expect((await agent.get(`/api/v1/kov/${A}/residents/status`)).statusCode).toBe(403);
      expect(
        (await agent.req({ method: 'POST', url: `/api/v1/kov/${A}/residents/eligibility-count`, payload: {}, headers: { 'x-csrf-token': token } })).statusCode,
      ).toBe(403);
      expect((await csv(agent, token, `/api/v1/kov/${A}/residents/import?acceptGoodRows=true`, BAD)).statusCode).toBe(403);
    }
    expect(await tenantSnapshot(db, A)).toEqual(before);
    // the other KOV's admin does reach their own KOV
    expect((await otherAdmin.get(`/kov/${B}/admin/residents`)).statusCode).toBe(200);
  });

  it('imports from the page’s upload form (multipart, CSRF checked), with both choices', async () => {
    const upload = (agent: Agent, token: string | null, kov: string, file: string, accept: boolean) => {
      const b = '----vallamaja-test-boundary';
      const parts = [
        ...(token ? [`--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`] : []),
        // (keeping the good rows of BAD leaves 1 of 3 people: confirmed, as the page asks)
        ...(accept ? [`--${b}\r\nContent-Disposition: form-data; name="acceptGoodRows"\r\n\r\n1\r\n`, `--${b}\r\nContent-Disposition: form-data; name="confirmShrink"\r\n\r\n1\r\n`] : []),
        `--${b}\r\nContent-Disposition: form-data; name="file"; filename="rr.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n`,
        `--${b}--\r\n`,
      ];
      return agent.req({ method: 'POST', url: `/kov/${kov}/admin/residents/import`, payload: parts.join(''), headers: { 'content-type': `multipart/form-data; boundary=${b}` } });
    };
    const page = await manager.get(`/kov/${A}/admin/residents`);
    expect(page.body).toContain('enctype="multipart/form-data"');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await upload(manager, null, A, GOOD, false)).statusCode).toBe(403); // no CSRF token
    const rejected = await upload(manager, token, A, BAD, false);
    expect(rejected.statusCode).toBe(303);
    const after = await manager.get(`/kov/${A}/admin/residents?lang=en`);
    expect(after.body).toContain('The file was rejected: 2 bad rows.');
    expect(after.body).toContain('Line');
    const ok = await upload(manager, token, A, BAD, true);
    expect(ok.statusCode).toBe(303);
    expect((await manager.get(`/kov/${A}/admin/residents?lang=en`)).body).toContain('Register imported: 1 people; 2 bad rows left out.');
    expect((await upload(otherAdmin, csrf.other, A, GOOD, false)).statusCode).toBe(403);
    expect((await upload(manager, token, A, GOOD, false)).statusCode).toBe(303);
    expect((await manager.get(`/api/v1/kov/${A}/residents/status`)).json().current.rowsImported).toBe(3);
  });

  it('imports a named extra list over the API and counts with it', async () => {
    const url = `/api/v1/kov/${A}/residents/lists/${encodeURIComponent('üliõpilased')}`;
    const X = withCheckDigit('5000101005'); // not a resident
    const bad = await csv(manager, csrf.manager, `${url}?lang=en`, `isikukood\n${X}\n123\n${X}\n`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      { field: 'line 3: isikukood', reason: 'The ID code must be 11 digits.' },
      { field: 'line 4: isikukood', reason: 'The same ID code is already on line 2.' },
    ]);
    // the reasons in the reader's language, as the register import's are
    expect((await csv(manager, csrf.manager, `${url}?lang=et`, `isikukood\n123\n`)).json().errors).toEqual([{ field: 'line 2: isikukood', reason: 'Isikukood peab olema 11 numbrit.' }]);
    expect((await csv(manager, csrf.manager, `${url}?lang=ru`, `isikukood\n123\n`)).json().errors).toEqual([{ field: 'line 2: isikukood', reason: 'Личный код должен состоять из 11 цифр.' }]);
    const ok = await csv(manager, csrf.manager, `${url}?acceptGoodRows=true`, `isikukood\n${X}\n${P3}\n123\n`);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ name: 'üliõpilased', members: 2 });
    const c = await manager.req({
      method: 'POST',
      url: `/api/v1/kov/${A}/residents/eligibility-count`,
      payload: { units: ['0176'], extraLists: ['üliõpilased'] },
      headers: { 'x-csrf-token': csrf.manager },
    });
    expect(c.json()).toMatchObject({ total: 4 });
    expect((await manager.get(`/api/v1/kov/${A}/residents/status`)).json().lists).toMatchObject([{ name: 'üliõpilased', members: 2 }]);
    expect((await csv(otherAdmin, csrf.other, url, `${X}\n`)).statusCode).toBe(403);
  });

  it('API keys: read may see status and counts, only write may import', async () => {
    const auth = (k: string) => ({ authorization: `Bearer ${k}` });
    expect((await app.inject({ url: `/api/v1/kov/${A}/residents/status`, headers: auth(readKey) })).statusCode).toBe(200);
    const c = await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/residents/eligibility-count`, payload: { units: ['0298'] }, headers: auth(readKey) });
    expect(c.json().total).toBe(1);
    const denied = await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/residents/import`, payload: GOOD, headers: { ...auth(readKey), 'content-type': 'text/csv' } });
    expect(denied.statusCode).toBe(403);
    const ok = await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/residents/import`, payload: GOOD, headers: { ...auth(writeKey), 'content-type': 'text/csv' } });
    expect(ok.statusCode).toBe(201);
    const other = await app.inject({ url: `/api/v1/kov/${B}/residents/status`, headers: auth(writeKey) });
    expect(other.statusCode).toBe(403);
  });
});
