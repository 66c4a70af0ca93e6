// Reports by settlement unit: the median time to the first response (received → first action) and to
// closing (received → closed) per unit and for the whole, in the service, the page, the JSON API, CSV
// and XLSX. The expected medians are computed here from the durations the test itself laid out (a
// plain sort, percentile_cont's interpolation), not by the code under test: exactly for small sets,
// within the histogram's bucket (±12.5 %) from the rollup reports_unit_speed, which also equals a
// recount from scratch after every kind of change (a fix, a re-open, a category change). Both engines.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import type { Actor } from '../../kernel/audit.js';
import { resetClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, engine, loginAs, testConfig, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import { importBoundaries, loadDemoTerritory } from '../territory/index.js';
import { setExactPercentileLimit } from './analytics.js';
import { unitAnalytics } from './analytics-units.js';
import { FIXTURE_HANDLER, FIXTURE_SYSTEM, makeReport, seedReportCategories } from './fixtures.js';
import { handleReport } from './handling.js';
import * as repo from './repo/analytics.js';

const A = '0784'; // Tallinn: imports its districts' boundaries
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const KADRI = DEMO_PEOPLE.find((p) => p.givenName === 'Kadri')!;
const KESKLINN = { lat: 59.42, lon: 24.73 }; // unit 0298
const LASNAMAE = { lat: 59.44, lon: 24.85 }; // unit 0387
const T0 = Date.parse('2027-03-01T08:00:00Z');
const MARCH = { from: '2027-03', to: '2027-03' };

/** percentile_cont(0.5) of a list, computed here. */
function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)]! + s[Math.ceil(m)]!) / 2;
}

// The layout, in hours after receipt: [unit, first action, closed (fixed)]; null = none.
type Plan = { unit: '0298' | '0387' | null; fa: number | null; fixed: number | null; category: string };
const PLAN: Plan[] = [
  { unit: '0298', fa: 2, fixed: 50, category: 'pothole' },
  { unit: '0298', fa: 5, fixed: 100, category: 'pothole' },
  { unit: '0298', fa: 30, fixed: null, category: 'light' },
  { unit: '0298', fa: null, fixed: null, category: 'pothole' },
  { unit: '0387', fa: 1, fixed: 10, category: 'light' },
  { unit: '0387', fa: 3, fixed: 20, category: 'pothole' },
  { unit: null, fa: null, fixed: null, category: 'litter' },
];
/** The expected medians (hours) of the plans kept, per unit ('' = not located) and for the whole (key 'all'). */
function expected(plans: Plan[]): Map<string, { fa: number | null; res: number | null }> {
  const out = new Map<string, { fa: number | null; res: number | null }>();
  const of = (ps: Plan[]) => ({ fa: median(ps.flatMap((p) => (p.fa === null ? [] : [p.fa]))), res: median(ps.flatMap((p) => (p.fixed === null ? [] : [p.fixed]))) });
  for (const u of new Set(plans.map((p) => p.unit ?? ''))) out.set(u, of(plans.filter((p) => (p.unit ?? '') === u)));
  out.set('all', of(plans));
  return out;
}

let db: Db;
let app: FastifyInstance;
let analyst: Agent;
const ids: string[] = [];

beforeAll(async () => {
  setClock(new Date(T0));
  db = await testDb();
  app = await buildApp({ config: testConfig(), db });
  await loadDemoTerritory(db);
  await seedReportCategories(db, A);
  const text = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/boundaries/tallinn-wgs84.geojson'), 'utf8');
  expect((await importBoundaries(db, A, text, { fileName: 'tallinn.geojson', actor: { ...FIXTURE_SYSTEM, kind: 'operator' } })).ok).toBe(true);
  await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: KADRI.idcode, role: 'reports-analyst', actor: SYSTEM });
  for (const p of PLAN) {
    const place = p.unit === '0298' ? KESKLINN : p.unit === '0387' ? LASNAMAE : { lat: null, lon: null, address: 'Raekoja plats 1' };
    ids.push((await makeReport(db, A, { ...place, category: p.category })).id);
  }
  // the handlers' actions in the order of time
  const steps = PLAN.flatMap((p, i) => [
    ...(p.fa !== null ? [{ at: p.fa, i, kind: 'fa' as const }] : []),
    ...(p.fixed !== null ? [{ at: p.fixed, i, kind: 'fixed' as const }] : []),
  ]).sort((a, b) => a.at - b.at);
  for (const s of steps) {
    setClock(new Date(T0 + s.at * 3600_000));
    await handleReport(db, A, ids[s.i]!, s.kind === 'fa' ? { kind: 'status', status: 'in_progress' } : { kind: 'status', status: 'fixed', answer: 'Tehtud.' }, FIXTURE_HANDLER);
  }
  setClock('2027-04-10T09:00:00Z');
  analyst = new Agent(app);
  await loginAs(analyst, db, KADRI.idcode);
});
afterEach(() => setExactPercentileLimit(5000));
afterAll(async () => {
  resetClock();
  await app?.close();
  await db?.close();
});

const round1 = (h: number | null) => (h === null ? null : Math.round(h * 10) / 10);
/**
 * A median read from the log-spaced histogram (buckets 1.25× wide) lies within a bucket of the middle
 * duration(s): between the lower middle ÷ 1.25 and the upper middle × 1.25 (an even count is not
 * averaged across buckets). None without durations.
 */
function nearMedian(got: number | null, xs: number[], what: string) {
  if (!xs.length) return expect(got, what).toBeNull();
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  expect(got, what).not.toBeNull();
  expect(got!, `${what}: ${got} for ${s.join(', ')}`).toBeGreaterThanOrEqual(s[Math.floor(m)]! / 1.25 - 0.05);
  expect(got!, `${what}: ${got} for ${s.join(', ')}`).toBeLessThanOrEqual(s[Math.ceil(m)]! * 1.25 + 0.05);
}
const histAgree = async () => {
  const [rolled, recount] = await db.tx(async (t) => [await repo.kovUnitHistograms(t, A, '2027-03-01', '2027-03-01', null), await repo.kovUnitHistogramRecount(t, A, '2027-03-01', '2027-03-01')] as const, { kov: A });
  const norm = (rows: repo.UnitHistRow[]) => Object.fromEntries(rows.map((r) => [r.unit_code, { res: r.res.map(Number), fa: r.fa.map(Number) }]));
  // a unit whose histograms are all zero is the same as no row
  const nonZero = (o: Record<string, { res: number[]; fa: number[] }>) => Object.fromEntries(Object.entries(o).filter(([, v]) => [...v.res, ...v.fa].some((x) => x !== 0)));
  expect(nonZero(norm(rolled))).toEqual(nonZero(norm(recount)));
};

describe(`median times per settlement unit (${engine})`, () => {
  it('exact for a small set: each unit’s and the whole’s medians are those of the durations laid out', async () => {
    const d = await unitAnalytics(db, A, MARCH);
    const want = expected(PLAN);
    // sanity of the layout itself: Kesklinn 5 h and 75 h, Lasnamäe 2 h and 15 h, the whole 3 h and 35 h
    expect(want.get('0298')).toEqual({ fa: 5, res: 75 });
    expect(want.get('all')).toEqual({ fa: 3, res: 35 });
    for (const u of d.units) {
      const w = want.get(u.code ?? '')!;
      expect([u.code, u.firstActionMedianHours, u.resolutionMedianHours]).toEqual([u.code, round1(w.fa), round1(w.res)]);
    }
    expect(d.units.map((u) => u.code)).toEqual(['0298', '0387', null]);
    expect([d.total.firstActionMedianHours, d.total.resolutionMedianHours]).toEqual([want.get('all')!.fa, want.get('all')!.res]);
    // the domain filter: roads (pothole) only
    const roads = await unitAnalytics(db, A, { ...MARCH, domain: 'roads' });
    const wantRoads = expected(PLAN.filter((p) => p.category === 'pothole'));
    for (const u of roads.units) expect([u.firstActionMedianHours, u.resolutionMedianHours]).toEqual([round1(wantRoads.get(u.code ?? '')!.fa), round1(wantRoads.get(u.code ?? '')!.res)]);
  });

  it('from the rollup’s histograms above the exact limit: within the bucket (±12.5 %); the rollup equals a recount', async () => {
    await histAgree();
    setExactPercentileLimit(0);
    const d = await unitAnalytics(db, A, MARCH);
    const want = expected(PLAN);
    const durations = (ps: Plan[], k: 'fa' | 'fixed') => ps.flatMap((p) => (p[k] === null ? [] : [p[k]]));
    const of = (code: string | null) => PLAN.filter((p) => p.unit === code);
    for (const u of d.units) {
      nearMedian(u.firstActionMedianHours, durations(of(u.code), 'fa'), `fa ${u.code}`);
      nearMedian(u.resolutionMedianHours, durations(of(u.code), 'fixed'), `res ${u.code}`);
    }
    nearMedian(d.total.firstActionMedianHours, durations(PLAN, 'fa'), 'fa all');
    nearMedian(d.total.resolutionMedianHours, durations(PLAN, 'fixed'), 'res all');
    // an odd count: the median is one of the durations, so the histogram's answer is within its bucket of it
    expect(Math.abs(d.total.firstActionMedianHours! - want.get('all')!.fa!) / want.get('all')!.fa!).toBeLessThanOrEqual(0.25);
  });

  it('follows changes in the same transaction: a re-open takes a closed report out, a fix and a category change move it', async () => {
    // the first Kesklinn report is re-opened: Kesklinn's time to close is then the other one's, 100 h
    await handleReport(db, A, ids[0]!, { kind: 'reopen', reason: 'Auk on tagasi.' }, FIXTURE_HANDLER);
    await histAgree();
    let d = await unitAnalytics(db, A, MARCH);
    expect(d.units[0]).toMatchObject({ code: '0298', resolutionMedianHours: 100, firstActionMedianHours: 5 });
    // a category change (lighting → roads: another domain row of the rollup) and the re-opened one fixed again
    await handleReport(db, A, ids[2]!, { kind: 'category', code: 'pothole' }, FIXTURE_HANDLER);
    await handleReport(db, A, ids[0]!, { kind: 'status', status: 'fixed', answer: 'Uuesti tehtud.' }, FIXTURE_HANDLER);
    await histAgree();
    d = await unitAnalytics(db, A, MARCH);
    const reFixedAfter = (Date.parse('2027-04-10T09:00:00Z') - T0) / 3600_000; // fixed again "now"
    expect(d.units[0]!.resolutionMedianHours).toBe(round1(median([reFixedAfter, 100])));
    // the moved report's first action is now counted under roads
    const roads = await unitAnalytics(db, A, { ...MARCH, domain: 'roads' });
    expect(roads.units[0]).toMatchObject({ code: '0298', firstActionMedianHours: round1(median([2, 5, 30])) });
    setExactPercentileLimit(0);
    const h = await unitAnalytics(db, A, MARCH);
    nearMedian(h.units[0]!.resolutionMedianHours, [reFixedAfter, 100], 'res 0298 after the changes');
  });

  it('on the page, in the JSON API, CSV and XLSX', async () => {
    // from here on the layout as it now stands (see the test before): recomputed from the service's exact figures
    const d = await unitAnalytics(db, A, MARCH);
    const k = d.units.find((u) => u.code === '0387')!;
    expect([k.firstActionMedianHours, k.resolutionMedianHours]).toEqual([2, 15]);
    const page = await analyst.get(`/kov/${A}/reports/analytics/units?from=2027-03&to=2027-03&lang=et`);
    expect(page.statusCode).toBe(200);
    const table = /<table id="by-unit-table"[\s\S]*?<\/table>/.exec(page.body)![0];
    expect(table).toContain('Esimese tegevuseni mediaan (tundi)');
    expect(table).toContain('Lahendamise mediaan (päeva)');
    const row0387 = /<tr>(?:(?!<\/tr>)[\s\S])*?0387[\s\S]*?<\/tr>/.exec(table)![0];
    expect(row0387).toContain('>2 h<');
    expect(row0387).toContain('>0,6 p<'); // 15 h
    expect((await analyst.get(`/kov/${A}/reports/analytics/units?from=2027-03&to=2027-03&lang=en`)).body).toContain('Median hours to the first action');
    const api = await analyst.get(`/api/v1/kov/${A}/reports/analytics/units?from=2027-03&to=2027-03`);
    expect(api.statusCode).toBe(200);
    expect(api.json().units.find((u: { code: string }) => u.code === '0387')).toMatchObject({ firstActionMedianHours: 2, resolutionMedianHours: 15 });
    expect(api.json().total).toMatchObject({ firstActionMedianHours: d.total.firstActionMedianHours, resolutionMedianHours: d.total.resolutionMedianHours });

    const csv = await analyst.get(`/kov/${A}/reports/analytics/units.csv?from=2027-03&to=2027-03&lang=et`);
    const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(';'));
    const fa = lines[0]!.indexOf('Esimese tegevuseni mediaan (tundi)');
    const res = lines[0]!.indexOf('Lahendamise mediaan (päeva)');
    expect([fa, res]).toEqual([7, 8]);
    const csv0387 = lines.find((l) => l[0] === '0387')!;
    expect([csv0387[fa], csv0387[res]]).toEqual(['2', '0,6']);
    const notLocated = lines.find((l) => l[1] === 'Asukoht üksuseta')!;
    expect([notLocated[fa], notLocated[res]]).toEqual(['', '']);

    const xlsx = await analyst.get(`/kov/${A}/reports/analytics/units.xlsx?from=2027-03&to=2027-03&lang=en`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(8).value).toBe('Median hours to the first action');
    expect(ws.getRow(1).getCell(9).value).toBe('Median days to close');
    let found = false;
    ws.eachRow((r) => {
      if (r.getCell(1).value === '0387') {
        found = true;
        expect([r.getCell(8).value, r.getCell(9).value]).toEqual([2, 0.6]);
      }
    });
    expect(found).toBe(true);
  });
});
