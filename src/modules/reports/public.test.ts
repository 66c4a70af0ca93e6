// The public side of reports over HTTP (app.inject; PGlite, and PostgreSQL with TEST_DATABASE_URL):
// the form in three languages, a signed-in report with a photo (stored, served, EXIF gone), an
// anonymous one (unconfirmed, not public), the honeypot, bad inputs (400 naming the field, never
// 500), the nearby check, no personal data on public pages, retention, the JSON list, the rate limit.
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { ConfigError, loadConfig } from '../../config.js';
import { tileSource } from '../../kernel/http.js';
import { Agent, asOwner, csrfFrom, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { FIXTURE_HANDLER, makeReport, seedReportCategories } from './fixtures.js';
import { handleReport } from './handling.js';

const A = '0784';
const B = '0793';
const NONE = '0890';
const T0 = new Date('2026-03-02T08:00:00Z');
const BOUNDARY = 'vallamajaReportsBoundary';
let db: Db;
let app: FastifyInstance;
let ipN = 10;
/** A fresh client address per test, so the per-address rate limit of the form counts one test only. */
const nextIp = () => `198.51.100.${ipN++}`;

type Photo = { name: string; type: string; data: Buffer };

function multipart(fields: Record<string, string>, photos: Photo[] = []): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const p of photos) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="${p.name}"\r\nContent-Type: ${p.type}\r\n\r\n`));
    parts.push(p.data);
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

/** Opens the form (for its CSRF token) and posts it as a browser would, from one client address. */
async function submit(agent: Agent, fields: Record<string, string>, photos: Photo[] = [], opts: { kov?: string; lang?: string; ip?: string } = {}) {
  const kov = opts.kov ?? A;
  const ip = opts.ip ?? nextIp();
  const page = await agent.get(`/kov/${kov}/reports/new?lang=${opts.lang ?? 'et'}`);
  const res = await app.inject({
    method: 'POST',
    url: `/kov/${kov}/reports`,
    remoteAddress: ip,
    payload: multipart({ _csrf: csrfFrom(page.body), ...fields }, photos),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: agent.cookieHeader() },
  });
  agent.store(res.headers['set-cookie'] as string[] | undefined);
  return res;
}

const reportCount = async (kov = A) => (await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_report WHERE kov_code = $1', [kov])))!.n;
const summary = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';

async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#c03030' } })
    .jpeg()
    .withMetadata({ orientation: 1 })
    .withExifMerge({ IFD0: { Make: 'SecretPhoneMaker' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 26/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '24/1 45/1 0/1' } })
    .toBuffer();
}

beforeAll(async () => {
  setClock(T0);
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
  await seedTenant(db, NONE, 'Viimsi vald');
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  app = await testApp(db);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the form', () => {
  it('renders in Estonian, English and Russian with the KOV’s categories', async () => {
    const anon = new Agent(app);
    for (const [lang, cat, label] of [
      ['et', 'Auk teel', 'Kirjeldus'],
      ['en', 'Pothole', 'Description'],
      ['ru', 'Яма на дороге', 'Описание'],
    ] as const) {
      const res = await anon.get(`/kov/${A}/reports/new?lang=${lang}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<html lang="${lang}"`);
      expect(res.body).toContain(cat);
      expect(res.body).toContain(label);
      expect(res.body).toContain('enctype="multipart/form-data"');
      expect(res.body).toContain('name="website"'); // the honeypot
      expect(res.body).toMatch(/id="f-notify" name="notify" value="1" checked/);
      expect(res.body).toContain('/static/leaflet/leaflet.js');
      expect(res.body.match(/<h1[ >]/g)).toHaveLength(1);
    }
  });

  it('lists only KOVs that take reports on /reports', async () => {
    const res = await app.inject({ url: '/reports' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`/kov/${A}/reports/new`);
    expect(res.body).toContain(`/kov/${B}/reports/new`);
    expect(res.body).not.toContain(`/kov/${NONE}/reports/new`);
    // a KOV without categories: no form, a way back
    const none = await app.inject({ url: `/kov/${NONE}/reports/new?lang=en` });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('does not take reports here yet');
    expect(none.body).not.toContain('enctype="multipart/form-data"');
  });

  it('serves Leaflet and the map island from our own origin, and the CSP allows the tile host only', async () => {
    const js = await app.inject({ url: '/static/leaflet/leaflet.js' });
    expect(js.statusCode).toBe(200);
    expect(js.body).toContain('Leaflet');
    expect((await app.inject({ url: '/static/js/report-map.js' })).statusCode).toBe(200);
    const page = await app.inject({ url: `/kov/${A}/reports` });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/img-src 'self' data: https:\/\/tile\.openstreetmap\.org(;|$)/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
  });
});

describe('the map’s tile host', () => {
  it('is the only image host the CSP allows besides our own, and the setting is checked', async () => {
    expect(tileSource('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
    expect(tileSource('https://tiles.maaamet.example:8443/wmts/{z}/{x}/{y}.png')).toBe('https://tiles.maaamet.example:8443');
    expect(tileSource('not a url')).toBeNull();
    const other = await testApp(db, { reportsMap: { tileUrl: 'https://{s}.tiles.example.ee/{z}/{x}/{y}.png', tileAttribution: '© Example' } });
    try {
      const page = await other.inject({ url: `/kov/${A}/reports/new` });
      expect(String(page.headers['content-security-policy'])).toMatch(/img-src 'self' data: https:\/\/\*\.tiles\.example\.ee(;|$)/);
      expect(page.body).toContain('data-tiles="https://{s}.tiles.example.ee/{z}/{x}/{y}.png"');
      expect(page.body).toContain('data-attribution="© Example"');
    } finally {
      await other.close();
    }
    expect(() => loadConfig({ NODE_ENV: 'test', REPORTS_TILE_URL: 'javascript:alert(1)' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', REPORTS_TILE_URL: 'http://tiles.example.ee/{z}/{x}/{y}.png' })).toThrow(/REPORTS_TILE_URL/);
  });
});

describe('a new report', () => {
  it('from a signed-in resident with a photo: stored, public, the photo served without EXIF', async () => {
    const mari = new Agent(app);
    await loginAs(mari, db, '49002010976', { givenName: 'Mari', familyName: 'Maasikas' });
    const before = await reportCount();
    const res = await submit(
      mari,
      { category: 'pothole', description: 'Sügav auk sõiduteel.', lat: '59,4400', lon: '24.7600', address: '', email: 'mari.maasikas@example.ee', notify: '1', website: '' },
      [{ name: 'auk.jpg', type: 'image/jpeg', data: await jpegWithGps() }],
      { lang: 'en' },
    );
    expect(res.statusCode).toBe(303);
    const m = new RegExp(`^/kov/${A}/reports/(2026-\\d{6})$`).exec(String(res.headers.location));
    expect(m).not.toBeNull();
    expect(await reportCount()).toBe(before + 1);
    const row = (await asOwner(db, (t) => t.one<{ status: string; reporter_kind: string; reporter_name: string; lang: string; source: string; lat: number }>(
      'SELECT status, reporter_kind, reporter_name, lang, source, lat FROM reports_report WHERE kov_code = $1 AND number = $2', [A, m![1]])))!;
    expect(row).toMatchObject({ status: 'received', reporter_kind: 'person', reporter_name: 'Mari Maasikas', lang: 'en', source: 'web' });
    expect(Number(row.lat)).toBeCloseTo(59.44, 5);

    const page = await mari.get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sügav auk sõiduteel.');
    expect(page.body).toContain(m![1]);
    const photoUrl = new RegExp(`/kov/${A}/reports/photos/[0-9a-f-]{36}`).exec(page.body)?.[0];
    expect(photoUrl).toBeDefined();
    const photo = await app.inject({ url: photoUrl! });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(String(photo.headers['cache-control'])).toContain('max-age');
    const meta = await sharp(photo.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([1600, 800]);
    expect(photo.rawPayload.includes(Buffer.from('SecretPhoneMaker'))).toBe(false);
    // the photo is the KOV's: another KOV's address does not serve it
    expect((await app.inject({ url: photoUrl!.replace(`/kov/${A}/`, `/kov/${B}/`) })).statusCode).toBe(404);

    // no personal data on the public pages, for anyone
    const anon = new Agent(app);
    for (const url of [String(res.headers.location), `/kov/${A}/reports`, `/api/v1/kov/${A}/reports/public`]) {
      const body = (await anon.get(url)).body;
      expect(body).not.toContain('Maasikas');
      expect(body).not.toContain('mari.maasikas@example.ee');
    }
  });

  it('from someone anonymous with an e-mail: unconfirmed, not public, told to check her mail', async () => {
    const anon = new Agent(app);
    const res = await submit(anon, { category: 'litter', description: 'Prügikott pargis.', lat: '', lon: '', address: 'Kadrioru park', email: 'anon@example.ee', notify: '1', website: '' }, [
      { name: 'prygi.png', type: 'image/png', data: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#000' } }).png().toBuffer() },
    ]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/kov/${A}/reports`);
    const row = (await asOwner(db, (t) => t.one<{ number: string; status: string; reporter_email: string }>(
      "SELECT number, status, reporter_email FROM reports_report WHERE kov_code = $1 AND address = 'Kadrioru park'", [A])))!;
    expect(row).toMatchObject({ status: 'unconfirmed', reporter_email: 'anon@example.ee' });
    const list = await anon.get(`/kov/${A}/reports`);
    expect(list.body).toContain('Vaadake oma e-posti'); // the flash
    expect(list.body).not.toContain(row.number);
    expect((await anon.get(`/kov/${A}/reports/${row.number}`)).statusCode).toBe(404);
    // its photo is stored (PNG kept as JPEG) but not served while the report is unconfirmed
    const photo = (await asOwner(db, (t) => t.one<{ id: string; mime: string }>('SELECT p.id, p.mime FROM reports_photo p JOIN reports_report r ON r.id = p.report_id WHERE r.number = $1 AND r.kov_code = $2', [row.number, A])))!;
    expect(photo.mime).toBe('image/jpeg');
    expect((await app.inject({ url: `/kov/${A}/reports/photos/${photo.id}` })).statusCode).toBe(404);
  });

  it('with the honeypot filled: pretends success, stores nothing', async () => {
    const before = await reportCount();
    const res = await submit(new Agent(app), { category: 'pothole', description: 'Buy cheap pills', lat: '59.44', lon: '24.76', email: 'bot@example.ee', website: 'http://spam.example' });
    expect(res.statusCode).toBe(303);
    expect(await reportCount()).toBe(before);
  });

  it('refuses bad input with 400 naming the field, keeping what was typed (never 500)', async () => {
    const anon = new Agent(app);
    const ok = { category: 'pothole', description: 'Auk.', lat: '59.44', lon: '24.76', address: '', email: 'x@example.ee', website: '' };
    const before = await reportCount();
    const cases: Array<[Record<string, string>, Photo[], string, string]> = [
      [{ ...ok, category: '' }, [], 'category', 'Valige kategooria'],
      [{ ...ok, description: '   ' }, [], 'description', 'Kirjeldage probleemi'],
      [{ ...ok, lat: '60.5', lon: '24.76' }, [], 'place', 'See koht ei ole Eestis'],
      [{ ...ok, lat: '', lon: '' }, [], 'place', 'Märkige koht kaardil'],
      [{ ...ok, email: 'not-an-address' }, [], 'email', 'e-posti aadress'],
      [{ ...ok, category: 'no-such' }, [], 'category', 'Valige kategooria'],
      [ok, Array.from({ length: 6 }, (_, i) => ({ name: `${i}.txt`, type: 'image/jpeg', data: Buffer.from('x') })), 'photos', 'Lisage kuni 5 fotot'],
      [ok, [{ name: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('this is a text file, not a JPEG') }], 'photos', 'JPEG-, PNG- või WebP-pilt'],
    ];
    for (const [fields, photos, field, text] of cases) {
      const res = await submit(anon, fields, photos);
      expect(res.statusCode, `${field}: ${text}`).toBe(400);
      expect(summary(res.body)).toContain(`href="#f-${field}"`);
      expect(summary(res.body)).toContain(text);
      expect(res.body).toContain(fields.description!.trim() ? fields.description! : 'name="description"');
    }
    // what was typed is kept; the chosen photo is held (public.pending.test.ts), and the page says so
    const kept = await submit(anon, { ...ok, description: 'Minu kirjeldus jääb alles', email: 'bad' }, [{ name: 'a.jpg', type: 'image/jpeg', data: await jpegWithGps() }]);
    expect(kept.statusCode).toBe(400);
    expect(kept.body).toContain('Minu kirjeldus jääb alles');
    expect(kept.body).toContain('on alles hoitud');
    expect(await reportCount()).toBe(before);
  });

  it('refuses a body that is not multipart, and a missing CSRF token, with a 4xx', async () => {
    const res = await app.inject({ method: 'POST', url: `/kov/${A}/reports`, remoteAddress: nextIp(), payload: 'category=pothole', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const noCsrf = await app.inject({
      method: 'POST',
      url: `/kov/${A}/reports`,
      remoteAddress: nextIp(),
      payload: multipart({ category: 'pothole', description: 'x', lat: '59.44', lon: '24.76', email: 'a@example.ee' }),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('limits the submissions of one address', async () => {
    const bot = new Agent(app);
    const ip = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await submit(bot, { category: 'pothole', description: 'x', website: 'filled' }, [], { ip })).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 303)).toBe(true);
    expect(codes[20]).toBe(429);
  });
});

describe('nearby reports', () => {
  it('shows an open report of the category 30 m away, not one 200 m away, and submits anyway when asked', async () => {
    const base = { lat: 59.3, lon: 24.6 };
    const near = await makeReport(db, B, { category: 'light', description: 'Lamp ei põle (lähedal)', lat: base.lat, lon: base.lon });
    const far = await makeReport(db, B, { category: 'light', description: 'Lamp ei põle (kaugel)', lat: base.lat + 200 / 110574, lon: base.lon });
    const other = await makeReport(db, B, { category: 'pothole', description: 'Auk (teine kategooria)', lat: base.lat, lon: base.lon });
    const at = { lat: (base.lat + 30 / 110574).toFixed(6), lon: String(base.lon) };

    const check = await app.inject({ url: `/kov/${B}/reports/new?check=1&category=light&lat=${at.lat}&lon=${at.lon}&description=x` });
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain(`/kov/${B}/reports/${near.number}`);
    expect(check.body).not.toContain(far.number);
    expect(check.body).not.toContain(other.number);
    expect(check.body).toContain('name="confirmNearby"');
    // the form's check button posts (url-encoded, CSRF checked) and finds the same
    const checker = new Agent(app);
    const posted = await checker.postForm(`/kov/${B}/reports/new`, `/kov/${B}/reports/check`, { category: 'light', lat: at.lat, lon: at.lon, description: 'Minu tekst jääb' });
    expect(posted.statusCode).toBe(200);
    expect(posted.body).toContain(`/kov/${B}/reports/${near.number}`);
    expect(posted.body).not.toContain(far.number);
    expect(posted.body).toContain('Minu tekst jääb');
    const noPlace = await checker.postForm(`/kov/${B}/reports/new`, `/kov/${B}/reports/check`, { category: 'light', lat: '', lon: '' });
    expect(noPlace.statusCode).toBe(400);
    expect(summary(noPlace.body)).toContain('href="#f-place"');
    expect((await app.inject({ method: 'POST', url: `/kov/${B}/reports/check`, payload: 'category=light', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(403);

    const anon = new Agent(app);
    const before = await reportCount(B);
    const fields = { category: 'light', description: 'Lamp ei põle', lat: at.lat, lon: at.lon, email: 'n@example.ee', website: '' };
    const first = await submit(anon, fields, [], { kov: B });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain(near.number);
    expect(await reportCount(B)).toBe(before);
    const anyway = await submit(anon, { ...fields, confirmNearby: '1' }, [], { kov: B });
    expect(anyway.statusCode).toBe(303);
    expect(await reportCount(B)).toBe(before + 1);

    // a closed one nearby is no longer suggested
    await handleReport(db, B, near.id, { kind: 'status', status: 'fixed' }, FIXTURE_HANDLER);
    const again = await app.inject({ url: `/kov/${B}/reports/new?check=1&category=light&lat=${at.lat}&lon=${at.lon}` });
    expect(again.body).not.toContain(`/kov/${B}/reports/${near.number}`);
  });
});

describe('public pages', () => {
  it('list with filters and the JSON list carry no personal data; retention hides an old closed report', async () => {
    const kov = B;
    const fresh = await makeReport(db, kov, { category: 'litter', description: 'Värske prügi', reporter: { kind: 'person', idcodeHash: 'b'.repeat(64), name: 'Juhan Juurikas', email: 'juhan@example.ee', phone: '+372 5555 5555' } });
    const old = await makeReport(db, kov, { category: 'litter', description: 'Vana prügi', reporter: { kind: 'person', idcodeHash: 'c'.repeat(64), name: 'Kati Karu', email: 'kati@example.ee', phone: null } });
    await handleReport(db, kov, old.id, { kind: 'status', status: 'fixed' }, FIXTURE_HANDLER);
    await handleReport(db, kov, fresh.id, { kind: 'answer', body: 'Koristame homme.' }, FIXTURE_HANDLER);
    await handleReport(db, kov, fresh.id, { kind: 'note', body: 'SISEMÄRKUS: helista Juhanile' }, FIXTURE_HANDLER);

    const list = await app.inject({ url: `/kov/${kov}/reports?category=litter` });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(fresh.number);
    expect(list.body).toContain(old.number);
    const closed = await app.inject({ url: `/kov/${kov}/reports?status=closed` });
    expect(closed.body).toContain(old.number);
    expect(closed.body).not.toContain(fresh.number);

    const page = await app.inject({ url: `/kov/${kov}/reports/${fresh.number}?lang=et` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Koristame homme.');
    expect(page.body).toContain('02.03.2026');
    for (const body of [list.body, page.body, (await app.inject({ url: `/api/v1/kov/${kov}/reports/public` })).body]) {
      for (const secret of ['Juhan Juurikas', 'Juurikas', 'juhan@example.ee', '5555 5555', 'SISEMÄRKUS', 'Kati Karu', 'kati@example.ee', FIXTURE_HANDLER.name, 'b'.repeat(64)]) expect(body).not.toContain(secret);
    }
    const json = (await app.inject({ url: `/api/v1/kov/${kov}/reports/public?category=litter` })).json<{ items: Record<string, unknown>[]; total: number }>();
    expect(json.items.map((i) => i.number)).toEqual(expect.arrayContaining([fresh.number, old.number]));
    for (const i of json.items) expect(Object.keys(i).sort()).toEqual(['address', 'category', 'closedAt', 'createdAt', 'description', 'domain', 'expectedAt', 'followers', 'lat', 'lon', 'number', 'open', 'status', 'url']);
    expect((await app.inject({ url: `/api/v1/kov/${kov}/reports/public?status=bogus` })).statusCode).toBe(400);

    // retention: 12 months; 13 months later the closed report is gone from public view, the open one stays
    await asOwner(db, (t) => t.query("INSERT INTO reports_setting (kov_code, keep_months) VALUES ($1, 12) ON CONFLICT (kov_code) DO UPDATE SET keep_months = 12", [kov]));
    setClock(new Date('2027-04-05T08:00:00Z'));
    try {
      const later = await app.inject({ url: `/kov/${kov}/reports?category=litter` });
      expect(later.body).toContain(fresh.number);
      expect(later.body).not.toContain(old.number);
      expect((await app.inject({ url: `/kov/${kov}/reports/${old.number}` })).statusCode).toBe(404);
      const json2 = (await app.inject({ url: `/api/v1/kov/${kov}/reports/public?category=litter` })).json<{ items: { number: string }[] }>();
      expect(json2.items.map((i) => i.number)).not.toContain(old.number);
      // still there for handlers and analytics
      expect(await asOwner(db, (t) => t.one('SELECT 1 AS x FROM reports_report WHERE id = $1', [old.id]))).toBeDefined();
    } finally {
      setClock(T0);
    }
  });

  it('answers 404 for an unknown report, a bad number and another KOV’s report', async () => {
    const r = await makeReport(db, A, { description: 'Teise KOVi test' });
    expect((await app.inject({ url: `/kov/${A}/reports/2026-999999` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/kov/${A}/reports/nonsense` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/kov/${B}/reports/${r.number}` })).body).not.toContain('Teise KOVi test');
    expect((await app.inject({ url: `/kov/${A}/reports/photos/not-a-uuid` })).statusCode).toBe(404);
  });
});
