// Open311 contract, continued (PGlite, and PostgreSQL with TEST_DATABASE_URL): media_url of someone
// else's server fetched by a job through the webhooks' SSRF guard and the photo pipeline (EXIF
// stripped), then answered as the stored photo's media_url; and address_id = an EHAK settlement unit
// code of the jurisdiction, stored as the report's unit, returned by GET, checked against the point,
// errors in the spec's format with nothing stored.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiKey } from '../../kernel/auth.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import { asOwner, engine, testApp, testConfig, testDb } from '../../../test/helpers.js';
import { importBoundaries, loadDemoTerritory } from '../territory/index.js';
import { unitAnalytics } from './analytics-units.js';
import { FIXTURE_SYSTEM, seedReportCategories } from './fixtures.js';
import { MEDIA_SWEEP_GRACE_SECONDS, MEDIA_SWEEP_TRIES, REPORTS_MEDIA_JOB, fetchMedia, sweepMedia } from './open311-media.js';
import type { MediaFetch } from './open311-media.js';

const A = '0784'; // Tallinn (imports its districts' boundaries)
const B = '0793';
const P = '/open311/v2';
const T0 = new Date('2026-03-02T08:00:00Z');
let db: Db;
let app: FastifyInstance;
let keyA = '';
let server: http.Server;
let origin = '';
let hits = 0;
let jpegWithExif: Buffer;

const allowLoopback = testConfig({ reportsWebhooks: { allow: '127.0.0.1', maxAttempts: 3, retrySeconds: 30, timeoutMs: 2000 } });
const noAllow = testConfig({ reportsWebhooks: { allow: '', maxAttempts: 3, retrySeconds: 30, timeoutMs: 2000 } });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (fields: Record<string, string>) =>
  app.inject({ method: 'POST', url: `${P}/requests.json`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ jurisdiction_id: A, api_key: keyA, ...fields }) });
const getOne = async (n: string, fmt: 'json' | 'xml' = 'json') => app.inject({ method: 'GET', url: `${P}/requests/${n}.${fmt}?jurisdiction_id=${A}` });
const countReports = () => asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_report')).then((r) => r!.n);
const errorOf = (body: string) => (JSON.parse(body) as { code: number; description: string }[])[0]!;

beforeAll(async () => {
  setClock(T0);
  db = await testDb();
  await loadDemoTerritory(db);
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  const text = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/boundaries/tallinn-wgs84.geojson'), 'utf8');
  expect((await importBoundaries(db, A, text, { fileName: 'tallinn.geojson', actor: { ...FIXTURE_SYSTEM, kind: 'operator' } })).ok).toBe(true);
  keyA = (await db.tx((t) => createApiKey(t, { kov: A, name: 'Tallinna rakendus', scopes: ['read', 'write'], createdBy: null }), { kov: A })).key;
  app = await testApp(db, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
  // a JPEG carrying EXIF (a camera's make and a GPS position) that must not survive
  jpegWithExif = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0a0' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', Copyright: 'Salme Salajane' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 26/1 0/1' } })
    .toBuffer();
  expect((await sharp(jpegWithExif).metadata()).exif).toBeDefined();
  server = http.createServer((req, res) => {
    hits++;
    const u = req.url ?? '';
    if (u.startsWith('/photo.jpg')) {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(jpegWithExif.length) });
      res.end(jpegWithExif);
    } else if (u.startsWith('/redirect')) {
      res.writeHead(302, { location: '/photo.jpg' });
      res.end();
    } else if (u.startsWith('/page')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>not an image</html>');
    } else if (u.startsWith('/fake.png')) {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end('this is no PNG');
    } else if (u.startsWith('/huge.jpg')) {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(Buffer.alloc(10 * 1024 * 1024 + 1));
    } else if (u.startsWith('/busy')) {
      res.writeHead(503);
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => setClock(T0));
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await app?.close();
  await db?.close();
});

const base = { service_code: 'pothole', description: 'Auk teel' };

describe(`Open311 media_url fetched by a job (${engine})`, () => {
  it('POST stores the request at once with the URL, sends a fetch job; the job adds the photo (EXIF stripped) once; GET answers its media_url', async () => {
    const send = vi.spyOn(app.jobs, 'send');
    const r = await post({ ...base, lat: '59.42', long: '24.73', media_url: `${origin}/photo.jpg?sig=secret` });
    expect(r.statusCode).toBe(201);
    const [c] = r.json() as { service_request_id: string }[];
    expect(send).toHaveBeenCalledTimes(1);
    const [name, payload] = send.mock.calls[0]!;
    send.mockRestore();
    expect(name).toBe(REPORTS_MEDIA_JOB);
    const job = payload as unknown as MediaFetch;
    expect(job).toMatchObject({ kov: A, url: `${origin}/photo.jpg?sig=secret` });
    // before the job: no photo yet
    expect((await getOne(c!.service_request_id)).json()[0].media_url).toBeNull();
    // the operator's allow-list decides whether the loopback server may be fetched
    expect(await fetchMedia(db, noAllow, job)).toMatch(/^refused: .*127\.0\.0\.1.*private or reserved/);
    const before = hits;
    expect(await fetchMedia(db, allowLoopback, job)).toBe('added');
    expect(hits).toBe(before + 1);
    expect(await fetchMedia(db, allowLoopback, job)).toBe('already');
    expect(hits).toBe(before + 1);
    const got = (await getOne(c!.service_request_id)).json()[0];
    expect(got.media_url).toMatch(new RegExp(`/kov/${A}/reports/photos/${job.photoId}$`));
    const photo = await asOwner(db, (t) => t.one<{ bytes: Buffer; mime: string; width: number }>('SELECT bytes, mime, width FROM reports_photo WHERE id = $1', [job.photoId]));
    expect(photo).toMatchObject({ mime: 'image/jpeg', width: 64 });
    const meta = await sharp(photo!.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(photo!.bytes.includes(Buffer.from('SecretCam'))).toBe(false);
    // the photo is served
    const img = await app.inject({ method: 'GET', url: `/kov/${A}/reports/photos/${job.photoId}` });
    expect(img.statusCode).toBe(200);
  });

  it('refuses for good (no retry) redirects, non-image types, fake images and oversize answers; retries a 5xx; never follows to private addresses', async () => {
    const [c] = (await post({ ...base, lat: '59.42', long: '24.73', media_url: `${origin}/page` })).json() as { service_request_id: string }[];
    const reportId = (await asOwner(db, (t) => t.one<{ id: string }>('SELECT id FROM reports_report WHERE number = $1 AND kov_code = $2', [c!.service_request_id, A])))!.id;
    const job = (url: string): MediaFetch => ({ kov: A, reportId, url, photoId: uuidv7() });
    expect(await fetchMedia(db, allowLoopback, job(`${origin}/redirect`))).toMatch(/^refused: HTTP 302 \(redirects are not followed\)/);
    expect(await fetchMedia(db, allowLoopback, job(`${origin}/page`))).toMatch(/^refused: content type text\/html/);
    expect(await fetchMedia(db, allowLoopback, job(`${origin}/fake.png`))).toBe('refused: reports.error.photoType');
    expect(await fetchMedia(db, allowLoopback, job(`${origin}/huge.jpg`))).toMatch(/^refused: larger than 10485760 bytes/);
    expect(await fetchMedia(db, allowLoopback, job(`${origin}/missing`))).toBe('refused: HTTP 404');
    await expect(fetchMedia(db, allowLoopback, job(`${origin}/busy`))).rejects.toThrow('HTTP 503');
    // a public-looking name that resolves to a private address is refused after DNS
    const rebind = async () => [{ address: '10.0.0.5', family: 4 }];
    expect(await fetchMedia(db, allowLoopback, job('http://images.example.ee/p.jpg'), { resolve: rebind })).toMatch(/^refused: .*10\.0\.0\.5/);
    expect(await fetchMedia(db, allowLoopback, job('http://169.254.169.254/latest/meta-data'))).toMatch(/^refused/);
    const photos = await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_photo WHERE report_id = $1', [reportId]));
    expect(photos!.n).toBe(0);
  });

  it('refuses a media_url the guard can tell is bad at once (400 in the spec format, nothing stored)', async () => {
    const n = await countReports();
    for (const [url, text] of [
      ['http://user:pass@example.ee/p.jpg', 'credentials'],
      ['ftp://example.ee/p.jpg', 'http(s)'],
      ['http://metadata.google.internal/x', 'target'],
    ] as const) {
      const r = await post({ ...base, lat: '59.42', long: '24.73', media_url: url });
      expect(r.statusCode, url).toBe(400);
      expect(errorOf(r.body)).toEqual({ code: 400, description: expect.stringContaining(text) });
    }
    expect(await countReports()).toBe(n);
  });
});

describe(`a media_url fetch whose job is lost is fetched by the sweep (${engine})`, () => {
  type Pending = { id: string; media_fetch_id: string | null; media_fetch_tries: number };
  const pending = (number: string) =>
    asOwner(db, (t) => t.one<Pending>('SELECT id, media_fetch_id, media_fetch_tries FROM reports_report WHERE kov_code = $1 AND number = $2', [A, number])).then((r) => r!);
  const at = (minutes: number) => setClock(new Date(T0.getTime() + minutes * 60_000));
  /** POSTs a request naming the URL while the job queue fails: the answer is still 201. */
  async function postWithQueueDown(url: string): Promise<string> {
    const send = vi.spyOn(app.jobs, 'send').mockRejectedValue(new Error('the queue is down'));
    try {
      const r = await post({ ...base, lat: '59.42', long: '24.73', media_url: url });
      expect(r.statusCode, r.body).toBe(201);
      expect(send).toHaveBeenCalledTimes(1);
      return (r.json() as { service_request_id: string }[])[0]!.service_request_id;
    } finally {
      send.mockRestore();
    }
  }
  // the other tests' fetches are not this test's business
  beforeEach(() => asOwner(db, (t) => t.query('UPDATE reports_report SET media_fetch_id = NULL, media_fetch_after = NULL')));

  it('the enqueue fails: 201 all the same, the fetch recorded with the report; after the grace the sweep adds the photo, once', async () => {
    const number = await postWithQueueDown(`${origin}/photo.jpg?lost=1`);
    const row = await pending(number);
    expect(row.media_fetch_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await getOne(number)).json()[0].media_url).toBeNull();
    // within the grace the sweep leaves it to the prompt job
    at(MEDIA_SWEEP_GRACE_SECONDS / 60 - 1);
    expect((await sweepMedia(db, allowLoopback)).claimed).toBe(0);
    at(MEDIA_SWEEP_GRACE_SECONDS / 60 + 1);
    const before = hits;
    expect(await sweepMedia(db, allowLoopback)).toEqual({ claimed: 1, outcomes: ['added'], failed: 0, gaveUp: 0 });
    expect(hits).toBe(before + 1);
    // the photo the report recorded, answered by GET; settled
    expect((await getOne(number)).json()[0].media_url).toMatch(new RegExp(`/kov/${A}/reports/photos/${row.media_fetch_id}$`));
    expect((await pending(number)).media_fetch_id).toBeNull();
    at(60 * 24 * 30);
    expect((await sweepMedia(db, allowLoopback)).claimed).toBe(0);
    // a prompt job arriving late adds nothing
    expect(await fetchMedia(db, allowLoopback, { kov: A, reportId: row.id, url: `${origin}/photo.jpg?lost=1`, photoId: row.media_fetch_id! })).toBe('already');
    const photos = await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_photo WHERE report_id = $1', [row.id]));
    expect(photos!.n).toBe(1);
  });

  it('the prompt job settles it: nothing left for the sweep', async () => {
    const send = vi.spyOn(app.jobs, 'send');
    const r = await post({ ...base, lat: '59.42', long: '24.73', media_url: `${origin}/photo.jpg?prompt=1` });
    const job = send.mock.calls[0]![1] as unknown as MediaFetch;
    send.mockRestore();
    const number = (r.json() as { service_request_id: string }[])[0]!.service_request_id;
    expect((await pending(number)).media_fetch_id).toBe(job.photoId);
    expect(await fetchMedia(db, allowLoopback, job)).toBe('added');
    expect((await pending(number)).media_fetch_id).toBeNull();
    at(MEDIA_SWEEP_GRACE_SECONDS / 60 + 1);
    expect((await sweepMedia(db, allowLoopback)).claimed).toBe(0);
  });

  it('a refusal is settled at once; a server that keeps failing is taken again after a doubling pause, then given up', async () => {
    const refused = await postWithQueueDown(`${origin}/page`);
    const busy = await postWithQueueDown(`${origin}/busy`);
    let minute = MEDIA_SWEEP_GRACE_SECONDS / 60 + 1;
    at(minute);
    const first = await sweepMedia(db, allowLoopback);
    expect(first).toMatchObject({ claimed: 2, failed: 1, gaveUp: 0 });
    expect(first.outcomes).toEqual([expect.stringMatching(/^refused: content type text\/html/)]);
    expect((await pending(refused)).media_fetch_id).toBeNull();
    expect((await pending(busy)).media_fetch_tries).toBe(1);
    // not again before its pause (grace × 2^1)
    at(minute + 1);
    expect((await sweepMedia(db, allowLoopback)).claimed).toBe(0);
    for (let tries = 1; tries < MEDIA_SWEEP_TRIES; tries++) {
      minute += (MEDIA_SWEEP_GRACE_SECONDS / 60) * 2 ** tries + 1;
      at(minute);
      expect(await sweepMedia(db, allowLoopback), `sweep ${tries + 1}`).toMatchObject({ claimed: 1, failed: 1 });
    }
    expect((await pending(busy)).media_fetch_tries).toBe(MEDIA_SWEEP_TRIES);
    minute += (MEDIA_SWEEP_GRACE_SECONDS / 60) * 2 ** MEDIA_SWEEP_TRIES + 1;
    at(minute);
    expect(await sweepMedia(db, allowLoopback)).toMatchObject({ claimed: 1, failed: 0, gaveUp: 1 });
    expect((await pending(busy)).media_fetch_id).toBeNull();
    at(minute + 60 * 24 * 30);
    expect((await sweepMedia(db, allowLoopback)).claimed).toBe(0);
  });
});

describe(`Open311 address_id = EHAK settlement unit (${engine})`, () => {
  it('alone it places the request in the unit (its name as the address); GET answers it in JSON and XML; the unit view counts it', async () => {
    const r = await post({ ...base, address_id: '0298' });
    expect(r.statusCode).toBe(201);
    const [c] = r.json() as { service_request_id: string }[];
    const [got] = (await getOne(c!.service_request_id)).json() as { address_id: string; address: string; lat: null }[];
    expect(got).toMatchObject({ address_id: '0298', lat: null });
    expect(got!.address).toMatch(/Kesklinn/);
    expect((await getOne(c!.service_request_id, 'xml')).body).toContain('<address_id>0298</address_id>');
    // with a point inside the same unit, and with an address_string
    const both = await post({ ...base, lat: '59.42', long: '24.73', address_id: '0298', address_string: 'Vabaduse väljak 1' });
    expect(both.statusCode).toBe(201);
    const [b] = (await getOne((both.json() as { service_request_id: string }[])[0]!.service_request_id)).json() as { address_id: string; address: string }[];
    expect(b).toMatchObject({ address_id: '0298', address: 'Vabaduse väljak 1' });
    // a point alone: the unit from the boundaries
    const [pt] = (await post({ ...base, lat: '59.44', long: '24.85' })).json() as { service_request_id: string }[];
    expect((await getOne(pt!.service_request_id)).json()[0].address_id).toBe('0387');
    const units = await unitAnalytics(db, A, { from: '2026-03', to: '2026-03' });
    expect(units.units.find((u) => u.code === '0298')?.reports).toBeGreaterThanOrEqual(2);
  });

  it('refuses a malformed code, another jurisdiction’s unit and a point outside the unit named (400 in the spec format, nothing stored)', async () => {
    const n = await countReports();
    const tartuUnit = (await asOwner(db, (t) => t.one<{ code: string }>("SELECT code FROM territory_unit WHERE level = 3 AND municipality_code = $1 LIMIT 1", [B])))!.code;
    for (const [over, text] of [
      [{ address_id: '298' }, 'EHAK settlement unit code'],
      [{ address_id: 'ADR-123' }, 'EHAK settlement unit code'],
      [{ address_id: tartuUnit }, `not a settlement unit of jurisdiction ${A}`],
      [{ address_id: '0387', lat: '59.42', long: '24.73' }, 'settlement unit 0298, not in address_id 0387'],
    ] as const) {
      const r = await post({ ...base, ...over });
      expect(r.statusCode, JSON.stringify(over)).toBe(400);
      expect(errorOf(r.body), JSON.stringify(over)).toEqual({ code: 400, description: expect.stringContaining(text) });
    }
    const x = await app.inject({
      method: 'POST',
      url: `${P}/requests.xml`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ jurisdiction_id: A, api_key: keyA, ...base, address_id: '9999' }),
    });
    expect(x.statusCode).toBe(400);
    expect(x.body).toContain('<code>400</code>');
    expect(x.body).toContain('address_id 9999 is not a settlement unit');
    expect(await countReports()).toBe(n);
  });
});
