// Choosing the KOV by the place (/reports/go?lat&lon: the KOV whose imported settlement units hold
// the point), and a report sent on one KOV's form whose point lies in another KOV's imported unit:
// the reporter is taken to the report where it went (PGlite, and PostgreSQL with TEST_DATABASE_URL).
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { Agent, csrfFrom, loginAs, testApp, testDb } from '../../../test/helpers.js';
import { importBoundaries, loadDemoTerritory } from '../territory/index.js';
import { FIXTURE_SYSTEM, seedReportCategories } from './fixtures.js';

const A = '0784'; // Tallinn: imports boundaries
const B = '0793'; // Tartu linn: none
const KESKLINN = { lat: '59.42', lon: '24.73' };
const BOUNDARY = 'vallamajaPlaceBoundary';
let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  setClock(new Date('2026-04-01T09:00:00Z'));
  db = await testDb();
  await loadDemoTerritory(db);
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  const text = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/boundaries/tallinn-wgs84.geojson'), 'utf8');
  expect((await importBoundaries(db, A, text, { fileName: 'tallinn.geojson', actor: { ...FIXTURE_SYSTEM, kind: 'operator' } })).ok).toBe(true);
  app = await testApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the place decides the KOV', () => {
  it('/reports/go finds the KOV by a point in its imported units, and refuses others with the reason', async () => {
    const found = await app.inject({ url: `/reports/go?lat=${KESKLINN.lat}&lon=${KESKLINN.lon}` });
    expect(found.statusCode).toBe(303);
    expect(found.headers.location).toBe(`/kov/${A}/reports/new?lat=59.42&lon=24.73`);
    const form = await app.inject({ url: String(found.headers.location) });
    expect(form.body).toContain('value="59.42"');

    const tartu = await app.inject({ url: '/reports/go?lat=58.38&lon=26.72&lang=en' });
    expect(tartu.statusCode).toBe(400);
    expect(tartu.body).toContain('No local government taking reports was found');
    const abroad = await app.inject({ url: '/reports/go?lat=60.5&lon=24.7&lang=en' });
    expect(abroad.statusCode).toBe(400);
    expect(abroad.body).toContain('not in Estonia');
    expect((await app.inject({ url: '/reports/go?kov=' })).statusCode).toBe(400); // the form sent with nothing chosen
    const bare = await app.inject({ url: '/reports/go' }); // no form at all: the page to choose on
    expect([bare.statusCode, bare.headers.location]).toEqual([303, '/reports']);
    expect((await app.inject({ url: `/reports/go?kov=${B}` })).headers.location).toBe(`/kov/${B}/reports/new`);
  });

  it('a report sent on B’s form with a point in A’s unit goes to A, and the reporter is taken there', async () => {
    const mari = new Agent(app);
    await loginAs(mari, db, '49002010976', { givenName: 'Mari', familyName: 'Maasikas' });
    const page = await mari.get(`/kov/${B}/reports/new`);
    const fields = { _csrf: csrfFrom(page.body), category: 'light', description: 'Lamp ei põle', ...KESKLINN, email: '', notify: '1', website: '' };
    const payload = Buffer.from(
      Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${BOUNDARY}--\r\n`,
    );
    const res = await mari.req({ method: 'POST', url: `/kov/${B}/reports`, payload, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/kov/${A}/reports/2026-\\d{6}$`));
    expect((await mari.get(String(res.headers.location))).statusCode).toBe(200);
  });
});
