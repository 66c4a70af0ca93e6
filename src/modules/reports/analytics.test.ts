// Reports analytics (issue 10, item 7) on a hand-made set with the clock set: the figures (medians and
// 90th percentiles, on-time share, overdue, satisfaction, reopen rate), unconfirmed reports and
// another KOV's never counted, the Tallinn period boundary, domain and category filters, bad filters
// as 400s naming the field; the pages (one h1, charts with their tables), the JSON API (session and
// API key), KOV isolation and ELVL's all-KOV view with its refusals; CSV and XLSX exports. Both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { buildApp } from '../../app.js';
import type { Actor } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, closeTest, fieldsOf, asOwner, engine, loginAs, seedTenant, testConfig, testDb } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { allAnalytics, bucketStarts, kovAnalytics, parseFilter } from './analytics.js';
import type { KovDashboard } from './analytics.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
const MARI = person('Mari'); // resident, no role
const KADRI = person('Kadri'); // reports analyst of A
const ANDRES = person('Andres'); // reports analyst of B
const HELENA = person('Helena'); // ELVL (platform role reports-elvl)
const MARCH = { from: '2027-03-01', to: '2027-03-31' };
const H = 3_600_000;
const D = 24 * H;

let db: Db;
let app: FastifyInstance;
let analystA: Agent;
let analystB: Agent;
let elvl: Agent;
let resident: Agent;
let keyA = '';

async function category(kov: string, code: string, domain: string, slaDays: number): Promise<string> {
  const id = uuidv7();
  await asOwner(db, (t) =>
    t.query(`INSERT INTO reports_category (id, kov_code, code, domain, name_et, name_en, name_ru, sla_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      id,
      kov,
      code,
      domain,
      `${code} (et)`,
      `${code} (en)`,
      `${code} (ru)`,
      slaDays,
    ]),
  );
  return id;
}

let seq = 0;
/** A report as the handling would leave it: received at `at`, expected by at + SLA, first action and closing after the given hours. */
async function report(
  kov: string,
  cat: { id: string; domain: string; sla: number },
  at: string,
  o: { status?: string; firstH?: number; closedH?: number; fixed?: boolean; sat?: number; reopened?: boolean } = {},
): Promise<string> {
  const id = uuidv7();
  const received = Date.parse(at);
  const status = o.status ?? (o.closedH !== undefined ? 'fixed' : 'received');
  const unconfirmed = status === 'unconfirmed';
  seq++;
  await asOwner(db, async (t) => {
    await t.query(
      `INSERT INTO reports_report (id, kov_code, number, category_id, domain, status, description, lat, lon, source, reporter_kind, reporter_email,
                                   token, created_at, confirmed_at, expected_at, first_action_at, closed_at, fixed_answer, satisfaction)
       VALUES ($1, $2, $3, $4, $5, $6, 'Auk teel', 59.43, 24.75, 'web', 'email', 'reporter@example.ee', $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        id,
        kov,
        `2027-${String(seq).padStart(6, '0')}`,
        cat.id,
        cat.domain,
        status,
        `tok-${id}`,
        new Date(received),
        unconfirmed ? null : new Date(received),
        unconfirmed ? null : new Date(received + cat.sla * D),
        o.firstH === undefined ? null : new Date(received + o.firstH * H),
        o.closedH === undefined ? null : new Date(received + o.closedH * H),
        o.fixed ?? null,
        o.sat ?? null,
      ],
    );
    if (o.reopened) {
      await t.query(
        `INSERT INTO reports_event (kov_code, report_id, seq, kind, public, status, actor_kind, actor_name, at) VALUES ($1, $2, 1, 'reopened', true, 'reopened', 'person', 'Handler', $3)`,
        [kov, id, new Date(received + 30 * H)],
      );
    }
  });
  return id;
}

beforeAll(async () => {
  setClock('2027-04-10T12:00:00Z');
  db = await testDb();
  app = await buildApp({ config: testConfig(), db });
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn', '0079');
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: KADRI.idcode, role: 'reports-analyst', actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: ANDRES.idcode, role: 'reports-analyst', actor: SYSTEM });
  await grantRole(db, key, { kov: null, idcode: HELENA.idcode, role: 'reports-elvl', actor: SYSTEM });
  keyA = (await createKey(db, { kov: A, name: 'Tallinn BI', scopes: ['read'], actor: SYSTEM })).key;
  analystA = new Agent(app);
  await loginAs(analystA, db, KADRI.idcode);
  analystB = new Agent(app);
  await loginAs(analystB, db, ANDRES.idcode);
  elvl = new Agent(app);
  await loginAs(elvl, db, HELENA.idcode);
  resident = new Agent(app);
  await loginAs(resident, db, MARI.idcode);

  const auk = { id: await category(A, 'auk', 'roads', 10), domain: 'roads', sla: 10 };
  const valgus = { id: await category(A, 'valgus', 'lighting', 5), domain: 'lighting', sla: 5 };
  const kraav = { id: await category(B, 'kraav', 'water', 7), domain: 'water', sla: 7 };
  // A, received in March 2027 (Tallinn):
  await report(A, auk, '2027-03-02T10:00:00Z', { firstH: 1, closedH: 48, fixed: true, sat: 5 }); // on time
  await report(A, auk, '2027-03-03T10:00:00Z', { firstH: 3, closedH: 96, fixed: false, sat: 2 }); // on time
  await report(A, auk, '2027-03-04T10:00:00Z', { firstH: 5, closedH: 288, status: 'closed', sat: 4 }); // 12 days: late
  await report(A, valgus, '2027-03-10T10:00:00Z', { firstH: 2, closedH: 24, reopened: true }); // on time, re-opened once, closed again
  await report(A, valgus, '2027-03-20T10:00:00Z', { firstH: 3, status: 'in_progress' }); // open, overdue since 25.03
  await report(A, auk, '2027-02-28T22:30:00Z'); // 1 March 00:30 in Tallinn: in March; open, overdue
  // not counted in A's March:
  await report(A, auk, '2027-03-31T21:30:00Z'); // 1 April 00:30 in Tallinn
  await report(A, auk, '2027-03-15T10:00:00Z', { status: 'unconfirmed' });
  await report(B, kraav, '2027-03-05T10:00:00Z', { firstH: 10, closedH: 100, fixed: true, sat: 1 });
  await report(B, kraav, '2027-03-06T10:00:00Z');
});

afterAll(() => closeTest(app, db));

describe(`reports analytics (${engine})`, () => {
  let march: KovDashboard;

  it('computes one KOV’s figures: medians, 90th percentiles, on-time share, overdue, satisfaction, reopen rate; unconfirmed and other KOVs never counted', async () => {
    march = await kovAnalytics(db, A, MARCH);
    const f = march.total;
    expect(f).toMatchObject({ reports: 6, open: 2, overdue: 2, closed: 4, withTarget: 4, onTime: 3, onTimeShare: 0.75 });
    // resolution hours 24, 48, 96, 288: median 72, p90 96 + 0.7 × 192
    expect(f.resolutionMedianHours).toBe(72);
    expect(f.resolutionP90Hours).toBe(230.4);
    // first action hours 1, 2, 3, 3, 5
    expect(f.firstActionMedianHours).toBe(3);
    expect(f.firstActionP90Hours).toBe(4.2);
    expect(f).toMatchObject({ responses: 3, fixedYes: 1, fixedNo: 1, fixedShare: 0.5, satisfactionCount: 3, satisfactionAverage: 3.67, satisfaction: [0, 1, 0, 1, 1] });
    expect(f).toMatchObject({ reopened: 1, reopenRate: 0.25 });
    expect(march.byStatus).toEqual([
      { status: 'received', reports: 1 },
      { status: 'in_progress', reports: 1 },
      { status: 'fixed', reports: 3 },
      { status: 'closed', reports: 1 },
    ]);
    expect(march.byDomain.map((d) => [d.domain, d.reports, d.closed, d.resolutionMedianHours])).toEqual([
      ['roads', 4, 3, 96],
      ['lighting', 2, 1, 24],
    ]);
    expect(march.byCategory.map((c) => [c.code, c.reports, c.onTimeShare, c.slaDays])).toEqual([
      ['auk', 4, 0.6667, 10],
      ['valgus', 2, 1, 5],
    ]);
  });

  it('counts by Tallinn week (Mondays), empty weeks included, or by month', async () => {
    expect(march.filter.by).toBe('week');
    expect(march.series).toEqual([
      { start: '2027-03-01', reports: 4 },
      { start: '2027-03-08', reports: 1 },
      { start: '2027-03-15', reports: 1 },
      { start: '2027-03-22', reports: 0 },
      { start: '2027-03-29', reports: 0 },
    ]);
    const months = await kovAnalytics(db, A, { from: '2027-02-01', to: '2027-04-30', by: 'month' });
    expect(months.series).toEqual([
      { start: '2027-02-01', reports: 0 },
      { start: '2027-03-01', reports: 6 },
      { start: '2027-04-01', reports: 1 },
    ]);
    expect(bucketStarts(parseFilter({ from: '2026-12-15', to: '2027-01-10', by: 'month' }, []))).toEqual(['2026-12-01', '2027-01-01']);
  });

  it('filters by domain and category', async () => {
    const light = await kovAnalytics(db, A, { ...MARCH, domain: 'lighting' });
    expect(light.total).toMatchObject({ reports: 2, closed: 1, resolutionMedianHours: 24, reopened: 1, reopenRate: 1, overdue: 1 });
    const auk = await kovAnalytics(db, A, { ...MARCH, category: 'auk' });
    expect(auk.total).toMatchObject({ reports: 4, closed: 3, resolutionMedianHours: 96, reopened: 0, reopenRate: 0 });
    expect(auk.byCategory.map((c) => c.code)).toEqual(['auk']);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    expect(await fieldsOf(kovAnalytics(db, A, { from: '2027-02-30' }))).toEqual(['from']);
    expect(await fieldsOf(kovAnalytics(db, A, { from: '2027-03-10', to: '2027-03-01' }))).toEqual(['to']);
    expect(await fieldsOf(kovAnalytics(db, A, { from: '2019-01-01', to: '2027-03-01' }))).toEqual(['from']);
    expect(await fieldsOf(kovAnalytics(db, A, { domain: 'parking' }))).toEqual(['domain']);
    expect(await fieldsOf(kovAnalytics(db, A, { category: 'kraav' }))).toEqual(['category']); // B's category
    expect(await fieldsOf(kovAnalytics(db, A, { by: 'day' }))).toEqual(['by']);
    expect(await fieldsOf(allAnalytics(db, { category: 'auk' }))).toEqual(['category']);
  });

  it('compares every KOV for ELVL: absolute counts without a residents register', async () => {
    const all = await allAnalytics(db, MARCH);
    expect(all.total).toMatchObject({ reports: 8, closed: 5, open: 3 });
    expect(all.kovs.map((k) => [k.kov, k.name, k.reports, k.population, k.per1000, k.domains.roads, k.domains.water])).toEqual([
      [A, 'Tallinn', 6, null, null, 4, 0],
      [B, 'Tartu linn', 2, null, null, 0, 2],
    ]);
    expect(all.kovs[1]).toMatchObject({ resolutionMedianHours: 100, satisfactionAverage: 1 });
    expect(all.byDomain.map((d) => [d.domain, d.reports])).toEqual([
      ['roads', 4],
      ['lighting', 2],
      ['water', 2],
    ]);
  });

  it('shows the KOV’s page to its analyst: one h1, charts described by their tables, Estonian numbers', async () => {
    const res = await analystA.get(`/kov/${A}/reports/analytics?from=2027-03-01&to=2027-03-31`);
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.body).toContain('<h1>Teadete analüütika</h1>');
    for (const id of ['series', 'by-domain', 'by-category', 'by-status', 'satisfaction']) {
      expect(res.body).toContain(`aria-describedby="${id}-table"`);
      expect(res.body).toContain(`<table id="${id}-table"`);
    }
    expect(res.body).toContain('3 p / 9,6 p'); // 72 h and 230,4 h in days
    expect(res.body).toContain('75 %');
    expect(res.body).toContain('3,67');
    expect(res.body).not.toContain('reporter@example.ee');
    const en = await analystA.get(`/kov/${A}/reports/analytics?from=2027-03-01&to=2027-03-31&lang=en`);
    expect(en.body).toContain('<h1>Reports analytics</h1>');
    const bad = await analystA.get(`/kov/${A}/reports/analytics?from=2027-13-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-from"');
  });

  it('keeps each KOV’s figures to itself: B’s analyst and a resident are refused A’s; a visitor must sign in', async () => {
    for (const url of [`/kov/${A}/reports/analytics`, `/kov/${A}/reports/analytics.csv`, `/kov/${A}/reports/analytics/reports.csv`, `/api/v1/kov/${A}/reports/analytics`]) {
      expect((await analystB.get(url)).statusCode).toBe(403);
      expect((await resident.get(url)).statusCode).toBe(403);
      expect((await app.inject({ url })).statusCode).toBe(401);
    }
    const b = await analystB.get(`/api/v1/kov/${B}/reports/analytics?from=2027-03-01&to=2027-03-31`);
    expect(b.json().total.reports).toBe(2);
  });

  it('serves the figures as JSON to the analyst and to the KOV’s API key (not to another KOV)', async () => {
    const res = await analystA.get(`/api/v1/kov/${A}/reports/analytics?from=2027-03-01&to=2027-03-31`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(march)));
    const key = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${keyA}` } });
    expect((await key(`/api/v1/kov/${A}/reports/analytics?from=2027-03-01&to=2027-03-31&domain=roads`)).json().total.reports).toBe(4);
    expect((await key(`/api/v1/kov/${B}/reports/analytics`)).statusCode).toBe(403);
    expect((await key('/api/v1/reports/analytics')).statusCode).toBe(403);
    const bad = await analystA.get(`/api/v1/kov/${A}/reports/analytics?domain=parking`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'domain' })]);
  });

  it('shows the all-KOV page and JSON to ELVL and refuses KOV analysts and residents', async () => {
    const page = await elvl.get('/reports/analytics?from=2027-03-01&to=2027-03-31');
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page.body).toContain('<table id="kovs-table"');
    expect(page.body).toContain('aria-describedby="kovs-table"');
    expect(page.body).toContain('Tartu linn');
    expect((await elvl.get('/api/v1/reports/analytics?from=2027-03-01&to=2027-03-31')).json().kovs).toHaveLength(2);
    for (const url of ['/reports/analytics', '/reports/analytics.csv', '/api/v1/reports/analytics']) {
      expect((await analystA.get(url)).statusCode).toBe(403);
      expect((await resident.get(url)).statusCode).toBe(403);
    }
  });

  it('exports the figures as CSV for Estonian Excel (BOM, semicolons, decimal comma) and XLSX', async () => {
    const csv = await analystA.get(`/kov/${A}/reports/analytics.csv?from=2027-03-01&to=2027-03-31&lang=et`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="reports-analytics-${A}-2027-03-01-2027-03-31.csv"`);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]!.split(';').slice(0, 3)).toEqual(['Rühm', 'Nimi', 'Teateid']);
    // total: 6 reports, 2 open, 2 overdue, 4 closed, 75 % on time, 3 and 9,6 days, 3 h, 3 answers, 50 %, 3,67, 25 %
    expect(lines[1]).toBe('Kokku;Kokku;6;2;2;4;75;3;9,6;3;3;50;3,67;25;');
    expect(lines).toContain('Periood;2027-03-01;4;;;;;;;;;;;;');

    const xlsx = await analystA.get(`/kov/${A}/reports/analytics.xlsx?from=2027-03-01&to=2027-03-31&lang=en`);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="reports-analytics-${A}-2027-03-01-2027-03-31.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Figures')!;
    expect(ws.getRow(1).getCell(3).value).toBe('Reports');
    expect(ws.getRow(2).getCell(3).value).toBe(6);
    expect(ws.getRow(2).getCell(9).value).toBe(9.6);
    expect(ws.getRow(2).getCell(13).value).toBe(3.67);

    const all = await elvl.get('/reports/analytics.csv?from=2027-03-01&to=2027-03-31&lang=et');
    expect(all.headers['content-disposition']).toBe('attachment; filename="reports-analytics-all-2027-03-01-2027-03-31.csv"');
    expect(all.body).toContain('Omavalitsus;Tartu linn (0793);2;');
  });

  it('exports the report rows without personal data, as CSV and XLSX', async () => {
    const csv = await analystA.get(`/kov/${A}/reports/analytics/reports.csv?from=2027-03-01&to=2027-03-31&domain=roads&lang=et`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="reports-rows-${A}-2027-03-01-2027-03-31.csv"`);
    const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Number;Kategooria;Valdkond;Olek;Vastu võetud;Tähtaeg;Esimene tegevus;Suletud;Kas on korras?;Rahulolu (1–5)');
    expect(lines).toHaveLength(5);
    expect(lines).toContain('2027-000001;auk (et);Teed ja tänavad;Lahendatud;2027-03-02 12:00;2027-03-12 12:00;2027-03-02 13:00;2027-03-04 12:00;jah;5');
    expect(csv.body).not.toContain('reporter@example.ee');
    expect(csv.body).not.toContain('Auk teel');

    const xlsx = await analystA.get(`/kov/${A}/reports/analytics/reports.xlsx?from=2027-03-01&to=2027-03-31&lang=et`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Teated')!;
    expect(ws.rowCount).toBe(7);
    expect(ws.getRow(2).getCell(1).value).toBe('2027-000001');
    expect(ws.getRow(2).getCell(10).value).toBe(5);
    const bad = await analystA.get(`/kov/${A}/reports/analytics/reports.csv?category=nope`);
    expect(bad.statusCode).toBe(400);
  });
});
