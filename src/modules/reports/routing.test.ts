// Routing a new report: to the KOV whose imported settlement unit boundaries hold its point (the unit
// set), otherwise to the KOV the reporter chose (PGlite, and PostgreSQL with TEST_DATABASE_URL).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { asOwner, engine, testDb } from '../../../test/helpers.js';
import { importBoundaries, loadDemoTerritory } from '../territory/index.js';
import { FIXTURE_SYSTEM, makeReport, seedReportCategories } from './fixtures.js';
import { getReport } from './service.js';

const A = '0784'; // Tallinn: imports boundaries
const B = '0793'; // Tartu linn: none
const KESKLINN = { lat: 59.42, lon: 24.73 };
let db: Db;

beforeAll(async () => {
  setClock(new Date('2026-04-01T09:00:00Z'));
  db = await testDb();
  await loadDemoTerritory(db);
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
});
afterAll(async () => {
  await db?.close();
});

describe(`routing (${engine})`, () => {
  it('without imported boundaries the report stays with the KOV chosen, no unit', async () => {
    const r = await makeReport(db, B, KESKLINN);
    expect(r.kov).toBe(B);
    expect((await getReport(db, B, r.id)).unit_code).toBeNull();
  });

  it('a report chosen for B but lying in A’s imported unit goes to A with the unit set; outside the units it stays', async () => {
    const text = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/boundaries/tallinn-wgs84.geojson'), 'utf8');
    expect((await importBoundaries(db, A, text, { fileName: 'tallinn.geojson', actor: { ...FIXTURE_SYSTEM, kind: 'operator' } })).ok).toBe(true);

    const moved = await makeReport(db, B, { ...KESKLINN, category: 'light' });
    expect(moved.kov).toBe(A);
    expect(moved.number).toBe('2026-000001'); // A's first
    const row = await getReport(db, A, moved.id);
    expect([row.kov_code, row.unit_code, row.domain]).toEqual([A, '0298', 'lighting']);
    // B does not have it
    await expect(getReport(db, B, moved.id)).rejects.toSatisfy((e) => isHttpError(e) && e.status === 404);
    const ev = await asOwner(db, (t) => t.one<{ kov_code: string; data: Record<string, unknown> }>('SELECT kov_code, data FROM reports_event WHERE report_id = $1', [moved.id]));
    expect(ev).toEqual({ kov_code: A, data: { category: 'light', routedFrom: B, unit: '0298' } });

    const own = await makeReport(db, A, { lat: 59.44, lon: 24.85 });
    expect((await getReport(db, A, own.id)).unit_code).toBe('0387');

    const tartu = await makeReport(db, B, { lat: 58.38, lon: 26.72 });
    expect(tartu.kov).toBe(B);
    const hole = await makeReport(db, B, { lat: 59.43, lon: 24.75 }); // the hole in Kesklinn
    expect(hole.kov).toBe(B);
    const noPoint = await makeReport(db, B, { lat: null, lon: null, address: 'Raekoja plats 1, Tartu' });
    expect(noPoint.kov).toBe(B);
  });

  it('the category must be the chosen KOV’s, even when the point routes elsewhere', async () => {
    await expect(makeReport(db, B, { ...KESKLINN, category: 'nosuch' })).rejects.toSatisfy((e) => isHttpError(e) && e.status === 400 && e.fields[0]!.field === 'category');
  });
});
