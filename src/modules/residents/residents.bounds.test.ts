// The residents register's errors in the person's language and its guard against a mistaken file
// (issue 9, item 4), through the real app: bad-row reasons translated when shown (page, API), a file
// that is not CSV named as what it is (PNG, ZIP/xlsx), no file said so, an import with no rows or
// one that would shrink the register by more than the configured share refused until confirmed
// (page: a confirm step showing the counts; API: confirmShrink=true), and the upload not read at
// all for someone not signed in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, asOwner, csrfTokenOf, engine, loginAs, testApp, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import { CSV_HEADER, importRegister, sourceOf } from './import.js';

const A = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const MARI = DEMO_PEOPLE.find((p) => p.givenName === 'Mari')!;
const header = CSV_HEADER.join(',');
const row = (code: string, unit = '0176') => `${code},Mari,Maasikas,0037,${A},${unit},2020-01-01`;
const people = (n: number, from = 1) => Array.from({ length: n }, (_, i) => row(withCheckDigit(`3800505${String(from + i).padStart(3, '0')}`)));
const TEN = [header, ...people(10)].join('\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const ZIP = Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000\u0008\u0000', 'latin1'), Buffer.from('[Content_Types].xml'), Buffer.alloc(64, 0)]);
const B = '----vallamaja-bounds-boundary';

let db: Db;
let app: FastifyInstance;
let manager: Agent;
let csrf = '';

function multipart(fields: Record<string, string>, file: Buffer | null, filename = 'rr.csv'): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="${file ? filename : ''}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  if (file) parts.push(file);
  parts.push(Buffer.from(`\r\n--${B}--\r\n`));
  return Buffer.concat(parts);
}

async function upload(fields: Record<string, string>, file: Buffer | null, lang = 'en', agent = manager, filename?: string) {
  await agent.get(`/?lang=${lang}`);
  return agent.req({
    method: 'POST',
    url: `/kov/${A}/admin/residents/import`,
    payload: multipart({ _csrf: csrf, ...fields }, file, filename),
    headers: { 'content-type': `multipart/form-data; boundary=${B}` },
  });
}

const api = (query: string, body: string | Buffer, lang = 'en') =>
  manager.req({ method: 'POST', url: `/api/v1/kov/${A}/residents/import?lang=${lang}${query}`, payload: body, headers: { 'content-type': 'text/csv', 'x-csrf-token': csrf } });

const registerSize = async () => (await manager.get(`/api/v1/kov/${A}/residents/status`)).json<{ current: { rowsImported: number } | null }>().current?.rowsImported ?? 0;
const summary = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';

beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
  await loadDemoTerritory(db);
  await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: MARI.idcode, role: 'residents-manager', actor: SYSTEM });
  manager = new Agent(app);
  await loginAs(manager, db, MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
  csrf = await csrfTokenOf(manager);
  expect((await importRegister(db, app.config.idcodeHmacKey, sourceOf(TEN), { kov: A, actor: SYSTEM })).ok).toBe(true);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`residents import: errors in the person's language, and the guard against a mistaken file (${engine})`, () => {
  it('a page upload without a file says so, in the person’s language', async () => {
    const en = await upload({}, null);
    expect(en.statusCode).toBe(400);
    expect(summary(en.body)).toContain('Choose a file: the form came without one.');
    expect(en.body).toContain('id="f-file-error"');
    const ru = await upload({}, null, 'ru');
    expect(summary(ru.body)).toContain('Выберите файл: форма отправлена без файла.');
    expect(await registerSize()).toBe(10);
  });

  it('a file that is not CSV is named as what it is (page and API), and changes nothing', async () => {
    const png = await upload({}, PNG, 'en', manager, 'photo.csv');
    expect(png.statusCode).toBe(400);
    expect(summary(png.body)).toContain('This is not a CSV file but a PNG image.');
    const zipEt = await upload({}, ZIP, 'et', manager, 'register.xlsx');
    expect(summary(zipEt.body)).toContain('See ei ole CSV-fail, vaid ZIP-arhiiv (nt Exceli .xlsx-fail).');
    const apiPng = await api('', PNG, 'ru');
    expect(apiPng.statusCode).toBe(422);
    expect(apiPng.json<{ errors: unknown[] }>().errors).toEqual([{ field: 'line 1', reason: 'Это не CSV-файл, а изображение PNG. Выберите выписку из регистра (CSV).' }]);
    expect(await registerSize()).toBe(10);
  });

  it('bad-row reasons are shown in the reader’s language (page table and API), from their codes', async () => {
    const bad = [header, ...people(9), row('38001085719'), row(withCheckDigit('3800505099'), '1675')].join('\n');
    const en = await api('', bad);
    expect(en.statusCode).toBe(422);
    expect(en.json<{ errors: unknown[] }>().errors).toEqual([
      { field: 'line 11: isikukood', reason: 'The ID code’s check digit is wrong.' },
      { field: 'line 12: asustusyksus', reason: 'Settlement unit 1675 lies in KOV 0890, not in 0784.' },
    ]);
    const et = await api('', bad, 'et');
    expect(et.json<{ errors: { reason: string }[] }>().errors.map((e) => e.reason)).toEqual(['Isikukoodi kontrollnumber on vale.', 'Asustusüksus 1675 asub omavalitsuses 0890, mitte 0784.']);
    const page = await manager.get(`/kov/${A}/admin/residents?lang=ru`);
    expect(page.body).toContain('Контрольная цифра личного кода неверна.');
    expect(page.body).toContain('Населённый пункт 1675 находится в самоуправлении 0890, а не 0784.');
    expect(page.body).not.toContain('check digit is wrong');
  });

  it('an import that would shrink the register by more than 20 % needs a confirmation: page (confirm step with the counts), API (a flag)', async () => {
    const seven = [header, ...people(7)].join('\n'); // 30 % fewer
    const eight = [header, ...people(8)].join('\n'); // 20 % fewer: allowed without asking
    const step = await upload({}, Buffer.from(seven));
    expect(step.statusCode).toBe(409);
    expect(summary(step.body)).toContain('The file has 7 people and the register now 10: the import would shrink the register by 30 %. Confirm that this is the right file.');
    expect(step.body).toContain('name="confirmShrink"');
    expect(await registerSize()).toBe(10);
    const confirmed = await upload({ confirmShrink: '1' }, Buffer.from(seven));
    expect(confirmed.statusCode).toBe(303);
    expect(await registerSize()).toBe(7);

    const back = await api('&confirmShrink=false', TEN);
    expect(back.statusCode).toBe(201); // growing needs nothing
    const refused = await api('', seven);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ errors: unknown[] }>().errors).toEqual([
      { field: 'confirmShrink', reason: 'The file has 7 people and the register now 10: the import would shrink the register by 30 %. Confirm that this is the right file.' },
    ]);
    expect(await registerSize()).toBe(10);
    expect((await api('', eight)).statusCode).toBe(201);
    expect(await registerSize()).toBe(8);
    expect((await api('&confirmShrink=true', seven)).statusCode).toBe(201);
    expect(await registerSize()).toBe(7);
    // the refusal is in the audit log with its counts
    const audit = await asOwner(db, (t) => t.query<{ after: { unconfirmedShrink?: unknown } }>(`SELECT after FROM core_audit WHERE kov_code = $1 AND action = 'residents.import-rejected' ORDER BY seq`, [A]));
    expect(audit.map((a) => a.after.unconfirmedShrink).filter(Boolean)).toEqual([
      { current: 10, incoming: 7 },
      { current: 10, incoming: 7 },
    ]);
  });

  it('an import with no rows needs a confirmation too, so a header-only file cannot wipe the register', async () => {
    const empty = `${header}\n`;
    const page = await upload({}, Buffer.from(empty), 'et');
    expect(page.statusCode).toBe(409);
    expect(summary(page.body)).toContain('Failis ei ole ühtegi inimest: import tühjendaks registri (praegu 7 inimest).');
    const viaApi = await api('', empty);
    expect(viaApi.statusCode).toBe(409);
    expect(await registerSize()).toBe(7);
    expect((await api('&confirmShrink=true', empty)).statusCode).toBe(201);
    expect(await registerSize()).toBe(0);
    expect((await api('', TEN)).statusCode).toBe(201);
  });

  it('the upload is not read for someone not signed in (401) nor for someone without the role (403)', async () => {
    const anon = await app.inject({ method: 'POST', url: `/kov/${A}/admin/residents/import`, payload: multipart({}, Buffer.from(TEN)), headers: { 'content-type': `multipart/form-data; boundary=${B}` } });
    expect(anon.statusCode).toBe(401);
    const garbage = await app.inject({ method: 'POST', url: `/kov/${A}/admin/residents/import`, payload: 'garbage', headers: { 'content-type': `multipart/form-data; boundary=${B}` } });
    expect(garbage.statusCode).toBe(401);
    const liis = new Agent(app);
    await loginAs(liis, db, DEMO_PEOPLE.find((p) => p.givenName === 'Liis')!.idcode, { givenName: 'Liis', familyName: 'Lepp' });
    const token = await csrfTokenOf(liis);
    const other = await liis.req({ method: 'POST', url: `/kov/${A}/admin/residents/import`, payload: multipart({ _csrf: token }, Buffer.from(TEN)), headers: { 'content-type': `multipart/form-data; boundary=${B}` } });
    expect(other.statusCode).toBe(403);
    // a signed-in manager's garbage is a 400 naming the problem, never a 500
    const bad = await manager.req({ method: 'POST', url: `/kov/${A}/admin/residents/import?lang=en`, payload: `--${B}\r\nContent-Disposition: form-da`, headers: { 'content-type': `multipart/form-data; boundary=${B}` } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The uploaded form could not be read.');
  });
});
