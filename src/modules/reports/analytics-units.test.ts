// Reports analytics by settlement unit (issue 10, item 7): reports routed through Tallinn's imported
// boundaries carry their unit; the unit view counts them per unit (and "not located"), per domain, for
// whole Tallinn months; bad filters are 400s naming the field; the page (one h1, the chart described
// by its table, et/en/ru), the JSON API (session and the KOV's API key), CSV and XLSX exports; other
// KOVs' analysts, residents and visitors are refused. Both engines.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { buildApp } from '../../app.js';
import type { Actor } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, closeTest, fieldsOf, engine, loginAs, testConfig, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { importBoundaries, loadDemoTerritory } from '../territory/index.js';
import { parseUnitFilter, unitAnalytics } from './analytics-units.js';
import { FIXTURE_HANDLER, FIXTURE_SYSTEM, makeReport, seedReportCategories } from './fixtures.js';
import { handleReport } from './handling.js';

const A = '0784'; // Tallinn: imports its districts' boundaries
const B = '0793'; // Tartu linn
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
const KADRI = person('Kadri'); // reports analyst of A
const ANDRES = person('Andres'); // reports analyst of B
const MARI = person('Mari'); // resident
const KESKLINN = { lat: 59.42, lon: 24.73 }; // unit 0298
const LASNAMAE = { lat: 59.44, lon: 24.85 }; // unit 0387
const MARCH = 'from=2027-03&to=2027-03';

let db: Db;
let app: FastifyInstance;
let analystA: Agent;
let analystB: Agent;
let resident: Agent;
let keyA = '';

beforeAll(async () => {
  setClock('2027-03-10T09:00:00Z');
  db = await testDb();
  app = await buildApp({ config: testConfig(), db });
  await loadDemoTerritory(db);
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  const text = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/boundaries/tallinn-wgs84.geojson'), 'utf8');
  expect((await importBoundaries(db, A, text, { fileName: 'tallinn.geojson', actor: { ...FIXTURE_SYSTEM, kind: 'operator' } })).ok).toBe(true);
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: KADRI.idcode, role: 'reports-analyst', actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: ANDRES.idcode, role: 'reports-analyst', actor: SYSTEM });
  keyA = (await createKey(db, { kov: A, name: 'Tallinn BI', scopes: ['read'], actor: SYSTEM })).key;

  // March 2027: Kesklinn 3 (2 roads, 1 lighting; one fixed), Lasnamäe 1, one without a point (not located)
  const k1 = await makeReport(db, A, { ...KESKLINN, category: 'pothole', description: 'Auk <b>teel</b>' });
  await makeReport(db, A, { ...KESKLINN, category: 'pothole' });
  await makeReport(db, A, { ...KESKLINN, category: 'light' });
  await makeReport(db, A, { ...LASNAMAE, category: 'light' });
  await makeReport(db, A, { lat: null, lon: null, address: 'Raekoja plats 1', category: 'litter' });
  // a report chosen for Tartu but lying in Kesklinn goes to Tallinn with its unit
  expect((await makeReport(db, B, { ...KESKLINN, category: 'light' })).kov).toBe(A);
  await makeReport(db, B, { lat: 58.38, lon: 26.72, category: 'light' }); // Tartu's own
  setClock('2027-03-12T09:00:00Z');
  await handleReport(db, A, k1.id, { kind: 'status', status: 'fixed', answer: 'Parandatud.' }, FIXTURE_HANDLER);
  // April: not in March
  setClock('2027-04-02T09:00:00Z');
  await makeReport(db, A, { ...LASNAMAE, category: 'pothole' });
  setClock('2027-04-10T09:00:00Z');
  // signed in now (the sessions are younger than the clock)
  analystA = new Agent(app);
  await loginAs(analystA, db, KADRI.idcode);
  analystB = new Agent(app);
  await loginAs(analystB, db, ANDRES.idcode);
  resident = new Agent(app);
  await loginAs(resident, db, MARI.idcode);
});

afterAll(() => closeTest(app, db));

describe(`reports analytics by settlement unit (${engine})`, () => {
  it('counts the month’s reports per unit they were routed to, not-located last; per domain; the domain filter', async () => {
    const d = await unitAnalytics(db, A, { from: '2027-03', to: '2027-03' });
    expect(d.filter).toEqual({ from: '2027-03', to: '2027-03', domain: null });
    expect(d.total).toMatchObject({ reports: 6, open: 5, closed: 1, withTarget: 1, onTime: 1, onTimeShare: 1 });
    expect(d.units.map((u) => [u.code, u.reports, u.open, u.closed])).toEqual([
      ['0298', 4, 3, 1],
      ['0387', 1, 1, 0],
      [null, 1, 1, 0],
    ]);
    const kesklinn = d.units[0]!;
    expect(kesklinn.name).toMatch(/Kesklinn/);
    expect(kesklinn.share).toBe(0.6667);
    expect(kesklinn.domains).toMatchObject({ roads: 2, lighting: 2, waste: 0 });
    expect(d.units[2]!.name).toBeNull();
    const roads = await unitAnalytics(db, A, { from: '2027-03', to: '2027-03', domain: 'roads' });
    expect(roads.units.map((u) => [u.code, u.reports])).toEqual([['0298', 2]]);
    // March and April together; Tartu has no units imported: all its reports are not located
    expect((await unitAnalytics(db, A, { from: '2027-03', to: '2027-04' })).units.find((u) => u.code === '0387')?.reports).toBe(2);
    expect((await unitAnalytics(db, B, { from: '2027-03', to: '2027-03' })).units.map((u) => [u.code, u.reports])).toEqual([[null, 1]]);
    // the default: the twelve months up to this one
    expect(parseUnitFilter({})).toEqual({ from: '2026-05', to: '2027-04', domain: null });
  });

  it('refuses bad filters with 400 naming the field', async () => {
    expect(await fieldsOf(unitAnalytics(db, A, { from: '2027-3' }))).toEqual(['from']);
    expect(await fieldsOf(unitAnalytics(db, A, { from: '2027-03-01', to: '2027-13' }))).toEqual(['from', 'to']);
    expect(await fieldsOf(unitAnalytics(db, A, { from: '2027-04', to: '2027-03' }))).toEqual(['to']);
    expect(await fieldsOf(unitAnalytics(db, A, { from: '2020-01', to: '2027-03' }))).toEqual(['from']);
    expect(await fieldsOf(unitAnalytics(db, A, { domain: 'parking' }))).toEqual(['domain']);
  });

  it('shows the page to the KOV’s analyst: one h1, the chart described by its table, Estonian numbers; en and ru; a bad month is a 400 with the error summary', async () => {
    const res = await analystA.get(`/kov/${A}/reports/analytics/units?${MARCH}`);
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.body).toContain('<h1>Teated asustusüksuste kaupa</h1>');
    expect(res.body).toContain('aria-describedby="by-unit-table"');
    expect(res.body).toContain('<table id="by-unit-table"');
    expect(res.body).toContain('<table id="by-unit-domains-table"');
    expect(res.body).toContain('66,7 %');
    expect(res.body).toContain('Asukoht üksuseta');
    expect(res.body).toContain(`href="/kov/${A}/reports/analytics/units.csv?from=2027-03&amp;to=2027-03"`);
    expect((await analystA.get(`/kov/${A}/reports/analytics/units?${MARCH}&lang=en`)).body).toContain('<h1>Reports by settlement unit</h1>');
    expect((await analystA.get(`/kov/${A}/reports/analytics/units?${MARCH}&lang=ru`)).body).toContain('<h1>Сообщения по населённым единицам</h1>');
    // the main dashboard links it
    expect((await analystA.get(`/kov/${A}/reports/analytics`)).body).toContain(`href="/kov/${A}/reports/analytics/units"`);
    const bad = await analystA.get(`/kov/${A}/reports/analytics/units?from=March&lang=et`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-from"');
    expect(bad.body).toContain('AAAA-KK');
  });

  it('serves JSON to the analyst and the KOV’s API key; refuses another KOV’s analyst and key, residents and visitors', async () => {
    const res = await analystA.get(`/api/v1/kov/${A}/reports/analytics/units?${MARCH}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(await unitAnalytics(db, A, { from: '2027-03', to: '2027-03' }))));
    const key = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${keyA}` } });
    expect((await key(`/api/v1/kov/${A}/reports/analytics/units?${MARCH}&domain=lighting`)).json().total.reports).toBe(3);
    expect((await key(`/api/v1/kov/${B}/reports/analytics/units`)).statusCode).toBe(403);
    for (const url of [`/kov/${A}/reports/analytics/units`, `/kov/${A}/reports/analytics/units.csv`, `/kov/${A}/reports/analytics/units.xlsx`, `/api/v1/kov/${A}/reports/analytics/units`]) {
      expect((await analystB.get(url)).statusCode).toBe(403);
      expect((await resident.get(url)).statusCode).toBe(403);
      expect((await app.inject({ url })).statusCode).toBe(401);
    }
    const bad = await analystA.get(`/api/v1/kov/${A}/reports/analytics/units?to=2027-3`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'to' })]);
  });

  it('exports CSV for Estonian Excel (BOM, semicolons, decimal comma) and XLSX with numbers as numbers', async () => {
    const csv = await analystA.get(`/kov/${A}/reports/analytics/units.csv?${MARCH}&lang=et`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="reports-units-${A}-2027-03-2027-03.csv"`);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]!.split(';').slice(0, 4)).toEqual(['EHAK kood', 'Asustusüksus', 'Teateid', 'Osa teadetest %']);
    expect(lines[1]!.split(';').slice(0, 6)).toEqual(['0298', expect.stringMatching(/Kesklinn/), '4', '66,7', '3', '1']);
    expect(lines[3]!.split(';').slice(0, 3)).toEqual(['', 'Asukoht üksuseta', '1']);
    expect(lines[4]!.split(';').slice(0, 4)).toEqual(['', 'Kokku', '6', '100']);
    const xlsx = await analystA.get(`/kov/${A}/reports/analytics/units.xlsx?${MARCH}&lang=en`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Settlement units');
    expect(ws.getRow(1).getCell(2).value).toBe('Settlement unit');
    expect(ws.getRow(2).getCell(3).value).toBe(4);
    expect(ws.getRow(5).getCell(3).value).toBe(6);
  });
});
