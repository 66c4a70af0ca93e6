// Public pages and the JSON API of the territory module, on the embedded demo data (offline) and
// then on the full 2025v5 classifier.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../kernel/db.js';
import { engine, testApp, testConfig, testDb, asOwner } from '../../../test/helpers.js';
import { manifest } from './index.js';
import { importEhak } from './service.js';
import { EHAK_2025V5 } from './fixtures.js';

let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });
const h1s = (html: string) => [...html.matchAll(/<h1[^>]*>(.*?)<\/h1>/g)].map((m) => m[1]);

describe(`territory before any classifier is loaded (${engine})`, () => {
  it('shows the front page with a note, and the API says 404', async () => {
    const r = await get('/');
    expect(r.statusCode).toBe(200);
    expect(h1s(r.body)).toHaveLength(1);
    expect(r.body).toContain('Haldusjaotuse klassifikaator (EHAK) on veel laadimata');
    const api = await get('/api/v1/territory');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ status: 404, detail: 'Haldusjaotuse klassifikaator on laadimata.' });
    expect((await get('/api/v1/territory/counties')).statusCode).toBe(404);
  });
});

describe(`territory demo data (${engine})`, () => {
  it('loads offline: 15 counties, the 78 KOVs as tenants, the demo units', async () => {
    const logs: string[] = [];
    await manifest.demo!({ db, config: testConfig(), log: (s) => logs.push(s), people: [] });
    expect(manifest.demoOrder).toBe(10);
    expect(logs[0]).toContain('78 tenants created');
    const n = await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_tenant WHERE active'));
    expect(n?.n).toBe(78);
    const v = await asOwner(db, (t) => t.one('SELECT * FROM territory_version WHERE is_current'));
    // 8 linnaosad of Tallinn + 13 units of Tartu linn + 22 of Viimsi vald; and the 8 self-unit towns.
    expect(v).toMatchObject({ version: '2025v5', source_kind: 'demo', counties: 15, municipalities: 78, settlement_units: 43, self_units: 8 });
  });

  it('renders the front page: tagline, explanation, KOVs grouped by county', async () => {
    const r = await get('/');
    expect(r.statusCode).toBe(200);
    expect(h1s(r.body)).toEqual(['Digitaalne vallamaja: küsitlused, kaasav eelarve, teated ja teenused']);
    expect(r.body).toContain('Omavalitsused maakonniti');
    expect(r.body).toContain('<a href="/counties/0037">Harju maakond</a>');
    expect(r.body).toContain('<a href="/kov/0784">Tallinn</a>');
    expect(r.body).toContain('<a href="/kov/0793">Tartu linn</a>');
    expect(r.body).toContain('Omavalitsusi: 78');
    expect(r.body).toContain('href="/kov"'); // the nav entry
    // Counties in Estonian order: Harju … Võru.
    expect(r.body.indexOf('Harju maakond')).toBeLessThan(r.body.indexOf('Võru maakond'));
    const en = await get('/?lang=en');
    expect(en.body).toContain('lang="en"');
    expect(h1s(en.body)).toEqual(['The digital town hall: polls, participatory budgets, reports and services']);
    expect(en.body).toContain('Municipalities by county');
    const ru = await get('/?lang=ru');
    expect(ru.body).toContain('Самоуправления по уездам');
  });

  it('shows a KOV page with its city districts (Tallinn) in et and en', async () => {
    const r = await get('/kov/0784');
    expect(r.statusCode).toBe(200);
    expect(h1s(r.body)).toEqual(['Tallinn']);
    expect(r.body).toContain('aria-label="Asukoht"'); // breadcrumbs
    expect(r.body).toContain('<a href="/counties/0037">Harju maakond</a>');
    expect(r.body).toContain('Asustusüksusi: 8');
    expect(r.body).toContain('Põhja-Tallinna linnaosa');
    expect(r.body).toContain('2025v5');
    const en = await get('/kov/0784?lang=en');
    expect(h1s(en.body)).toEqual(['Tallinn']);
    expect(en.body).toContain('Settlement units: 8');
    expect(en.body).toContain('city district');
    expect(en.body).toContain('EHAK code');
  });

  it('says that a town without settlement units is its own settlement unit (Narva)', async () => {
    const r = await get('/kov/0511');
    expect(r.statusCode).toBe(200);
    expect(h1s(r.body)).toEqual(['Narva linn']);
    expect(r.body).toContain('Narva linn ei jagune asustusüksusteks: linn on ise oma asustusüksus (EHAK kood 0511).');
    const en = await get('/kov/0511?lang=en');
    expect(en.body).toContain('the town is its own settlement unit');
  });

  it('answers an unknown or malformed KOV code with 404', async () => {
    const r = await get('/kov/9999');
    expect(r.statusCode).toBe(404);
    expect(r.body).toContain('Lehte ei leitud');
    expect(r.body).toContain('Sellise koodiga omavalitsust ei ole');
    expect((await get('/kov/abc')).statusCode).toBe(404);
    const api = await get('/api/v1/kov/9999');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json().errors).toEqual([{ field: 'kov', reason: 'Sellise koodiga omavalitsust ei ole' }]);
  });

  it('lists KOVs with a county filter and a search box', async () => {
    const all = await get('/kov');
    expect(all.statusCode).toBe(200);
    expect(h1s(all.body)).toEqual(['Kohalikud omavalitsused']);
    expect(all.body).toContain('Leitud omavalitsusi: 78');
    expect(all.body).toContain('<label for="f-county">Maakond</label>');
    expect(all.body).toContain('<label for="f-q">Nimi</label>');
    const harju = await get('/kov?county=0037');
    expect(harju.body).toContain('Leitud omavalitsusi: 16');
    expect(harju.body).toContain('Viimsi vald');
    expect(harju.body).not.toContain('Tartu linn');
    expect(harju.body).toContain('<option value="0037" selected>Harju maakond</option>');
    const search = await get('/kov?q=poltsamaa');
    expect(search.body).toContain('Leitud omavalitsusi: 1');
    expect(search.body).toContain('Põltsamaa vald');
    const village = await get('/kov?q=pirita&lang=en');
    expect(village.body).toContain('Settlement units whose name matches');
    expect(village.body).toContain('Pirita linnaosa');
    expect(village.body).toContain('<a href="/kov/0784">Tallinn</a>');
    expect((await get('/kov?county=')).statusCode).toBe(200);
    expect((await get('/kov?county=abc')).statusCode).toBe(400);
  });

  it('shows a county page with its KOVs', async () => {
    const r = await get('/counties/0079?lang=en');
    expect(r.statusCode).toBe(200);
    expect(h1s(r.body)).toEqual(['Tartu maakond']);
    expect(r.body).toContain('Municipalities: 8');
    expect(r.body).toContain('<a href="/kov/0793">Tartu linn</a>');
    expect(r.body).not.toContain('Viimsi vald');
    expect((await get('/counties/0099')).statusCode).toBe(404);
    expect((await get('/counties/abc')).statusCode).toBe(400);
  });
});

describe(`territory JSON API on the full 2025v5 classifier (${engine})`, () => {
  beforeAll(async () => {
    const r = await importEhak(db, EHAK_2025V5);
    expect(r.ok).toBe(true);
  });

  it('GET /api/v1/territory gives the current version and its counts', async () => {
    const r = await get('/api/v1/territory');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({
      version: '2025v5',
      sourceKind: 'ehak',
      fileName: 'ehak_2025v5.csv',
      counts: { counties: 15, municipalities: 78, settlementUnits: 4707, selfUnits: 8 },
    });
    expect(new Date(body.importedAt).toISOString()).toBe(body.importedAt);
  });

  it('GET /api/v1/territory/counties lists the 15 counties with their KOV counts', async () => {
    const r = await get('/api/v1/territory/counties');
    expect(r.statusCode).toBe(200);
    const body = r.json() as { version: string; items: { code: string; name: string; municipalities: number }[] };
    expect(body.version).toBe('2025v5');
    expect(body.items).toHaveLength(15);
    expect(body.items.find((c) => c.code === '0037')).toEqual({ code: '0037', name: 'Harju maakond', municipalities: 16 });
    expect(body.items.reduce((s, c) => s + c.municipalities, 0)).toBe(78);
  });

  it('GET /api/v1/territory/kovs filters by county and name; bad input is a 400 naming the field', async () => {
    const all = (await get('/api/v1/territory/kovs')).json() as { items: unknown[] };
    expect(all.items).toHaveLength(78);
    const ida = await get('/api/v1/territory/kovs?county=0045');
    expect(ida.statusCode).toBe(200);
    const items = (ida.json() as { items: { code: string; name: string; countyName: string }[] }).items;
    expect(items.map((k) => k.code)).toContain('0250');
    expect(items.every((k) => k.countyName === 'Ida-Viru maakond')).toBe(true);
    expect(items.map((k) => k.code)).not.toContain('0803');
    const byName = (await get('/api/v1/territory/kovs?q=J%C3%95HVI')).json() as { items: { code: string }[] };
    expect(byName.items.map((k) => k.code)).toEqual(['0250']);

    const bad = await get('/api/v1/territory/kovs?county=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'county' })] });
    const unknown = await get('/api/v1/territory/kovs?county=0099');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors).toEqual([{ field: 'county', reason: 'Sellist maakonda klassifikaatoris ei ole' }]);
  });

  it('GET /api/v1/kov/:kov gives the tenant', async () => {
    const r = await get('/api/v1/kov/0784');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      code: '0784',
      name: 'Tallinn',
      kind: 'linn',
      countyCode: '0037',
      countyName: 'Harju maakond',
      ehakVersion: '2025v5',
      settlementUnits: 8,
      isOwnSettlementUnit: false,
    });
    expect((await get('/api/v1/kov/0511')).json()).toMatchObject({ name: 'Narva linn', settlementUnits: 1, isOwnSettlementUnit: true });
    // A malformed code: the kernel's tenant hook (404) or the route's schema (400), naming the field.
    const bad = await get('/api/v1/kov/78');
    expect([400, 404]).toContain(bad.statusCode);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'kov' })]);
  });

  it('GET /api/v1/kov/:kov/settlement-units pages through the units', async () => {
    const tallinn = (await get('/api/v1/kov/0784/settlement-units')).json() as { total: number; items: { type: string; selfUnit: boolean }[] };
    expect(tallinn.total).toBe(8);
    expect(tallinn.items.every((u) => u.type === 'linnaosa' && !u.selfUnit)).toBe(true);
    expect((await get('/api/v1/kov/0321/settlement-units')).json()).toMatchObject({ total: 5 });
    expect((await get('/api/v1/kov/0511/settlement-units')).json()).toEqual({
      kov: '0511',
      version: '2025v5',
      total: 1,
      page: 1,
      limit: 100,
      items: [{ code: '0511', name: 'Narva linn', type: 'linn', selfUnit: true }],
    });
    const p2 = (await get('/api/v1/kov/0714/settlement-units?page=2&limit=50')).json() as { total: number; page: number; items: unknown[] };
    expect(p2.total).toBeGreaterThan(100);
    expect(p2.page).toBe(2);
    expect(p2.items).toHaveLength(50);
    expect((await get('/api/v1/kov/0714/settlement-units?limit=5000')).statusCode).toBe(400);
    expect((await get('/api/v1/kov/0000/settlement-units')).statusCode).toBe(404);
  });

  it('paginates a KOV page 50 units at a time (Saaremaa vald)', async () => {
    const p1 = await get('/kov/0714');
    expect(p1.statusCode).toBe(200);
    const rows = (html: string) => (html.match(/<tr>/g) ?? []).length - 1; // minus the header row
    expect(rows(p1.body)).toBe(50);
    expect(p1.body).toContain('href="/kov/0714?page=2"');
    expect(p1.body).toMatch(/Lehekülg 1 \/ \d+/);
    const p2 = await get('/kov/0714?page=2&lang=en');
    expect(p2.body).toMatch(/Page 2 of \d+/);
    expect(p2.body).toContain('rel="prev"');
    expect((await get('/kov/0714?page=0')).statusCode).toBe(400);
  });

  it('publishes the API in the OpenAPI document under the territory tag', async () => {
    const doc = (await get('/api/openapi.json')).json() as { paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>> };
    for (const p of ['/api/v1/territory', '/api/v1/territory/counties', '/api/v1/territory/kovs', '/api/v1/kov/{kov}', '/api/v1/kov/{kov}/settlement-units']) {
      expect(doc.paths[p]?.get?.tags).toEqual(['territory']);
      expect(doc.paths[p]?.get?.responses['200']).toBeDefined();
    }
    expect(JSON.stringify(doc.paths['/api/v1/territory/kovs']!.get!.responses['400'])).toContain('application/problem+json');
    expect(doc.paths['/kov/{kov}']).toBeUndefined(); // pages are not API
  });
});
