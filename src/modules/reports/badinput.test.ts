// The "Bad input" list across the three entry points (PGlite, and PostgreSQL with
// TEST_DATABASE_URL): the public web form (multipart + CSRF), Open311 POST /requests and the handlers'
// JSON API (actions). Each bad input is a clear 4xx and nothing is stored (reports, photos, events
// counted before and after); a missing, wrong or revoked API key is refused; HTML/script in text is
// kept as typed and shown escaped on every page and in the Open311 JSON and XML.
import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { createApiKey, endApiKey } from '../../kernel/auth.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, asOwner, csrfFrom, engine, loginAs, testApp, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import { makeReport, seedReportCategories } from './fixtures.js';
import { ITEM_OF } from './open311-format.js';
import { REPORTS_HANDLER } from './permissions.js';

const A = '0784';
const T0 = new Date('2026-04-14T09:00:00Z');
const BOUNDARY = 'badInputBoundary';
const P = '/open311/v2';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;

let db: Db;
let app: FastifyInstance;
let writeKey: string;
let revokedKey: string;
let handler: Agent;
let ipN = 10;
const nextIp = () => `198.51.100.${ipN++}`;
const xml = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, isArray: (name) => Object.values(ITEM_OF).includes(name) });

type File = { field: string; name: string; type: string; data: Buffer };

function multipart(fields: Record<string, string>, files: File[] = []): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

/** Opens the public form (for its CSRF token) and posts it as a browser would. */
async function submitForm(agent: Agent, fields: Record<string, string>, files: File[] = []) {
  const page = await agent.get(`/kov/${A}/reports/new?lang=et`);
  const res = await app.inject({
    method: 'POST',
    url: `/kov/${A}/reports`,
    remoteAddress: nextIp(),
    payload: multipart({ _csrf: csrfFrom(page.body), ...fields }, files),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: agent.cookieHeader() },
  });
  agent.store(res.headers['set-cookie'] as string[] | undefined);
  return res;
}

const open311Form = (fields: Record<string, string>) =>
  app.inject({ method: 'POST', url: `${P}/requests.json`, remoteAddress: nextIp(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

const open311Multipart = (query: string, fields: Record<string, string>, files: File[]) =>
  app.inject({ method: 'POST', url: `${P}/requests.json?${query}`, remoteAddress: nextIp(), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: multipart(fields, files) });

/** Rows of the KOV in the tables a refusal must leave alone. */
const stored = () =>
  asOwner(db, async (t) => {
    const n = async (table: string) => (await t.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE kov_code = $1`, [A]))!.n;
    return { reports: await n('reports_report'), photos: await n('reports_photo'), events: await n('reports_event'), audit: await n('core_audit') };
  });

function open311Error(body: string): { code: number; description: string } {
  const b = JSON.parse(body) as { code: number; description: string }[];
  expect(b).toHaveLength(1);
  return b[0]!;
}

let png: Buffer;
const BIG = Buffer.alloc(10 * 1024 * 1024 + 1024, 0xff); // just over 10 MB
const TEXT = Buffer.from('this is a text file, not an image');

beforeAll(async () => {
  setClock(T0);
  db = await testDb();
  await loadDemoTerritory(db);
  await seedReportCategories(db, A);
  app = await testApp(db, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
  await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: person('Andres').idcode, role: REPORTS_HANDLER, actor: SYSTEM });
  handler = new Agent(app);
  await loginAs(handler, db, person('Andres').idcode, { givenName: 'Andres', familyName: 'Mets' });
  writeKey = (await db.tx((t) => createApiKey(t, { kov: A, name: 'Tallinna süsteem', scopes: ['read', 'write'], createdBy: null }), { kov: A })).key;
  const revoked = await db.tx((t) => createApiKey(t, { kov: A, name: 'Vana süsteem', scopes: ['read', 'write'], createdBy: null }), { kov: A });
  revokedKey = revoked.key;
  // the key works (and sits in the key cache) before it is revoked
  expect((await app.inject({ url: `/api/v1/kov/${A}/reports`, headers: { authorization: `Bearer ${revokedKey}` } })).statusCode).toBe(200);
  expect(await db.tx((t) => endApiKey(t, A, revoked.id, null), { kov: A })).toBe(true);
  png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0a0' } }).png().toBuffer();
});
beforeEach(() => setClock(T0));
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`bad input is a 4xx and stores nothing (${engine})`, () => {
  it('the web form: oversized and non-image photo, a point outside Estonia, an unknown category, an empty description', async () => {
    const resident = new Agent(app);
    await loginAs(resident, db, '49002010976', { givenName: 'Mari', familyName: 'Maasikas' });
    const ok = { category: 'pothole', description: 'Auk teel', lat: '59.437', lon: '24.7536', address: '', email: 'mari@example.ee', website: '' };
    // [what, fields, photos, the field the form's error summary links to, the message]
    const cases: Array<[string, Record<string, string>, File[], string, string]> = [
      ['oversized photo', ok, [{ field: 'photos', name: 'big.jpg', type: 'image/jpeg', data: BIG }], 'photos', 'Foto on liiga suur (kuni 10 MB)'],
      ['non-image photo', ok, [{ field: 'photos', name: 'photo.jpg', type: 'image/jpeg', data: TEXT }], 'photos', 'JPEG-, PNG- või WebP-pilt'],
      ['outside Estonia', { ...ok, lat: '52.5200', lon: '13.4050' }, [], 'place', 'See koht ei ole Eestis'],
      ['unknown category', { ...ok, category: 'no-such-category' }, [], 'category', 'Valige kategooria'],
      ['empty description', { ...ok, description: '   ' }, [], 'description', 'Kirjeldage probleemi'],
    ];
    const before = await stored();
    for (const [what, fields, files, field, text] of cases) {
      const res = await submitForm(resident, fields, files);
      expect(res.statusCode, what).toBe(400);
      expect(res.body, what).toContain(text);
      expect(/<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)?.[0], what).toContain(`href="#f-${field}"`);
    }
    expect(await stored()).toEqual(before);
    // the same form with good input is stored: the refusals above were the input's
    const good = await submitForm(resident, ok, [{ field: 'photos', name: 'ok.png', type: 'image/png', data: png }]);
    expect(good.statusCode).toBe(303);
    const after = await stored();
    expect([after.reports - before.reports, after.photos - before.photos]).toEqual([1, 1]);
  });

  it('too many photos (more than the form’s files limit) re-renders the form as typed, in et/en/ru; Open311 answers 400', async () => {
    const resident = new Agent(app);
    await loginAs(resident, db, '49002010976', { givenName: 'Mari', familyName: 'Maasikas' });
    const before = await stored();
    // the photos sit in the middle of the form as a browser sends it: e-mail and notify come after them
    const typed = { category: 'pothole', description: 'Auk teel, seitse fotot', lat: '59.437', lon: '24.7536', address: 'Narva mnt 7' };
    const photos = (n: number) => Array.from({ length: n }, (_, i) => ({ field: 'photos', name: `p${i}.png`, type: 'image/png', data: png }));
    const texts = { et: 'Lisage kuni 5 fotot.', en: 'Add up to 5 photos.', ru: 'Добавьте не более 5 фотографий.' };
    for (const [lang, n] of [['et', 6], ['et', 7], ['en', 8], ['ru', 12], ['et', 40]] as const) {
      const page = await resident.get(`/kov/${A}/reports/new?lang=${lang}`);
      const head = multipart({ _csrf: csrfFrom(page.body), ...typed }, photos(n));
      const tail = multipart({ email: 'seitse@example.ee', notify: '1', website: '' });
      // one body: the fields, the photos, then the fields after them (the closing line of the first part dropped)
      const payload = Buffer.concat([head.subarray(0, head.length - `--${BOUNDARY}--\r\n`.length), tail]);
      const res = await app.inject({
        method: 'POST',
        url: `/kov/${A}/reports`,
        remoteAddress: nextIp(),
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: resident.cookieHeader() },
      });
      const what = `${n} photos (${lang})`;
      expect(res.statusCode, what).toBe(400);
      // the form itself, not an error page: its fields hold what was typed
      expect(res.body, what).toContain('id="f-photos"');
      expect(/<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)?.[0], what).toContain('href="#f-photos"');
      expect(res.body, what).toContain(texts[lang]);
      expect(res.body, what).toContain('Auk teel, seitse fotot</textarea>');
      expect(res.body, what).toContain('value="Narva mnt 7"');
      // past the parser's hard stop (30 files) the fields after the photos cannot be read
      if (n <= 30) expect(res.body, what).toContain('value="seitse@example.ee"');
    }
    expect(await stored()).toEqual(before);

    // Open311 multipart: 6 or more media files are a 400 in the spec's error format naming media
    const q = `jurisdiction_id=${A}&api_key=${encodeURIComponent(writeKey)}`;
    const fields = { service_code: 'pothole', lat: '59.437', long: '24.7536', description: 'Auk teel' };
    for (const n of [6, 9]) {
      const res = await open311Multipart(q, fields, photos(n).map((f) => ({ ...f, field: 'media' })));
      expect(res.statusCode, `${n} media`).toBe(400);
      expect(open311Error(res.body)).toEqual({ code: 400, description: 'media: at most 5 files in one request' });
    }
    expect(await stored()).toEqual(before);
    // five are fine
    const five = await open311Multipart(q, fields, photos(5).map((f) => ({ ...f, field: 'media' })));
    expect(five.statusCode).toBe(201);
    expect((await stored()).photos - before.photos).toBe(5);
  });

  it('too many photos over a real connection: the answer arrives (400), the upload is never cut off mid-way', async () => {
    // camera-sized files, sent as a client streams them: the server must read past the extra files
    const big = await sharp({ create: { width: 1500, height: 1500, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const resident = new Agent(app);
    await loginAs(resident, db, '49002010976', { givenName: 'Mari', familyName: 'Maasikas' });
    const page = await resident.get(`/kov/${A}/reports/new?lang=et`);
    const before = await stored();
    for (const n of [7, 9]) {
      const form = new FormData();
      form.append('_csrf', csrfFrom(page.body));
      for (const [k, v] of Object.entries({ category: 'pothole', description: 'Auk teel', lat: '59.437', lon: '24.7536', address: '' })) form.append(k, v);
      for (let i = 0; i < n; i++) form.append('photos', new Blob([big], { type: 'image/jpeg' }), `p${i}.jpg`);
      form.append('email', 'mari.http@example.ee');
      const res = await fetch(`${url}/kov/${A}/reports`, { method: 'POST', body: form, headers: { cookie: resident.cookieHeader() }, redirect: 'manual' });
      const body = await res.text();
      expect(res.status, `form, ${n} photos`).toBe(400);
      expect(body).toContain('Lisage kuni 5 fotot.');
      expect(body).toContain('value="mari.http@example.ee"');
      const media = new FormData();
      for (const [k, v] of Object.entries({ service_code: 'pothole', lat: '59.437', long: '24.7536', description: 'Auk teel' })) media.append(k, v);
      for (let i = 0; i < n; i++) media.append('media', new Blob([big], { type: 'image/jpeg' }), `p${i}.jpg`);
      const o = await fetch(`${url}${P}/requests.json?jurisdiction_id=${A}&api_key=${encodeURIComponent(writeKey)}`, { method: 'POST', body: media });
      expect(o.status, `Open311, ${n} media`).toBe(400);
      expect(open311Error(await o.text()).description).toBe('media: at most 5 files in one request');
    }
    expect(await stored()).toEqual(before);
  }, 60_000);

  it('Open311 POST /requests: the same list, and a missing, wrong or revoked api_key', async () => {
    const ok = { jurisdiction_id: A, api_key: writeKey, service_code: 'pothole', lat: '59.437', long: '24.7536', description: 'Auk teel' };
    const before = await stored();
    const form: Array<[string, Record<string, string>, number[], RegExp]> = [
      ['outside Estonia', { ...ok, lat: '52.52', long: '13.405' }, [400], /outside Estonia/],
      ['unknown category', { ...ok, service_code: 'no-such-category' }, [404], /service_code/],
      ['empty description', { ...ok, description: '' }, [400], /description/],
      ['blank description', { ...ok, description: '   ' }, [400], /description/],
      ['missing api_key', { ...ok, api_key: '' }, [401, 403], /api_key|key/i],
      ['wrong api_key', { ...ok, api_key: `vmk_0123456789ab_${'A'.repeat(43)}` }, [401, 403], /api_key|key/i],
      ['malformed api_key', { ...ok, api_key: 'not-a-key' }, [401, 403], /api_key|key/i],
      ['revoked api_key', { ...ok, api_key: revokedKey }, [401, 403], /api_key|key/i],
    ];
    for (const [what, fields, codes, text] of form) {
      const res = await open311Form(fields);
      expect(codes, `${what}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      const e = open311Error(res.body);
      expect(e.code, what).toBe(res.statusCode);
      expect(e.description, what).toMatch(text);
    }
    // photos go as multipart, the key in the query string
    const q = `jurisdiction_id=${A}&api_key=${encodeURIComponent(writeKey)}`;
    const { jurisdiction_id: _j, api_key: _k, ...fields } = ok;
    const big = await open311Multipart(q, fields, [{ field: 'media', name: 'big.jpg', type: 'image/jpeg', data: BIG }]);
    expect(big.statusCode).toBe(413);
    expect(open311Error(big.body).description).toMatch(/10 MB/);
    const text = await open311Multipart(q, fields, [{ field: 'media', name: 'photo.jpg', type: 'image/jpeg', data: TEXT }]);
    expect(text.statusCode).toBe(400);
    expect(open311Error(text.body).description).toMatch(/^media/);
    const revoked = await open311Multipart(`jurisdiction_id=${A}&api_key=${encodeURIComponent(revokedKey)}`, fields, [{ field: 'media', name: 'ok.png', type: 'image/png', data: png }]);
    expect([401, 403]).toContain(revoked.statusCode);
    expect(await stored()).toEqual(before);
    // good input through both bodies is stored
    expect((await open311Form(ok)).statusCode).toBe(201);
    expect((await open311Multipart(q, fields, [{ field: 'media', name: 'ok.png', type: 'image/png', data: png }])).statusCode).toBe(201);
    const after = await stored();
    expect([after.reports - before.reports, after.photos - before.photos]).toEqual([2, 1]);
  });

  it('the handlers’ JSON API: an unknown category, an empty answer or note, a missing, wrong or revoked key', async () => {
    const target = await makeReport(db, A, { description: 'Käsitlemiseks' });
    const url = `/api/v1/kov/${A}/reports/${target.id}/actions`;
    const act = (payload: object, auth?: string) =>
      app.inject({ method: 'POST', url, headers: auth ? { authorization: auth } : {}, payload });
    const before = await stored();
    const bearer = `Bearer ${writeKey}`;
    const cases: Array<[string, object, string | undefined, number[], string | null]> = [
      ['unknown category', { kind: 'category', code: 'no-such-category' }, bearer, [400], 'code'],
      ['empty answer', { kind: 'answer', body: '' }, bearer, [400], 'body'],
      ['blank note', { kind: 'note', body: '   ' }, bearer, [400], 'body'],
      ['missing key', { kind: 'note', body: 'Märkus' }, undefined, [401, 403], null],
      ['wrong key', { kind: 'note', body: 'Märkus' }, `Bearer vmk_0123456789ab_${'A'.repeat(43)}`, [401], null],
      ['revoked key', { kind: 'note', body: 'Märkus' }, `Bearer ${revokedKey}`, [401], null],
    ];
    for (const [what, payload, auth, codes, field] of cases) {
      const res = await act(payload, auth);
      expect(codes, `${what}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
      if (field) expect(JSON.stringify(res.json()), what).toContain(`"${field}"`);
    }
    expect(await stored()).toEqual(before);
    const good = await act({ kind: 'note', body: 'Märkus' }, bearer);
    expect(good.statusCode).toBe(200);
    expect((await stored()).events).toBe(before.events + 1);
  });
});

describe(`HTML and script in text are kept as typed and shown escaped (${engine})`, () => {
  const ESCAPED = /&lt;script(?:>|&gt;)alert\(1\)&lt;\/script(?:>|&gt;)&lt;img src=x onerror=alert\(2\)(?:>|&gt;)/g;
  const assertEscaped = (what: string, html: string, atLeast: number) => {
    expect(html, what).not.toContain('<script>alert');
    expect(html, what).not.toContain('<img src=x');
    expect((html.match(ESCAPED) ?? []).length, what).toBeGreaterThanOrEqual(atLeast);
  };

  it('on the public page and list, the handlers’ inbox and report page, and in Open311 JSON and XML', async () => {
    // a resident reports through the form with the text as description and address
    const resident = new Agent(app);
    await loginAs(resident, db, person('Mari').idcode, { givenName: 'Mari', familyName: 'Maasikas' });
    const res = await submitForm(resident, { category: 'litter', description: XSS, lat: '59.4371', lon: '24.7537', address: XSS, email: 'peeter@example.ee', website: '' });
    expect(res.statusCode).toBe(303);
    const number = new RegExp(`^/kov/${A}/reports/(\\d{4}-\\d{6})$`).exec(String(res.headers.location))![1]!;
    const row = (await asOwner(db, (t) => t.one<{ id: string; description: string; address: string }>('SELECT id, description, address FROM reports_report WHERE kov_code = $1 AND number = $2', [A, number])))!;
    expect([row.description, row.address]).toEqual([XSS, XSS]);
    // the handlers answer publicly and note internally with the same text (their JSON API)
    for (const payload of [{ kind: 'answer', body: XSS }, { kind: 'note', body: `${XSS} sisemärkus` }]) {
      expect((await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/reports/${row.id}/actions`, headers: { authorization: `Bearer ${writeKey}` }, payload })).statusCode).toBe(200);
    }

    const publicPage = await app.inject({ url: `/kov/${A}/reports/${number}` });
    expect(publicPage.statusCode).toBe(200);
    assertEscaped('public report page (description, address, answer)', publicPage.body, 3);
    const publicList = await app.inject({ url: `/kov/${A}/reports?category=litter` });
    expect(publicList.statusCode).toBe(200);
    assertEscaped('public list', publicList.body, 1);
    const inbox = await handler.get(`/kov/${A}/reports/admin`);
    expect(inbox.statusCode).toBe(200);
    assertEscaped('inbox', inbox.body, 1);
    const detail = await handler.get(`/kov/${A}/reports/admin/${row.id}`);
    expect(detail.statusCode).toBe(200);
    assertEscaped('handler report page (description, address, answer, note)', detail.body, 4);

    // Open311: JSON gives the text back as data; XML escapes it and parses back to the same string
    const json = await app.inject({ url: `${P}/requests/${number}.json?jurisdiction_id=${A}` });
    expect(json.statusCode).toBe(200);
    const j = (json.json() as { description: string; address: string; status_notes: string }[])[0]!;
    expect([j.description, j.address, j.status_notes]).toEqual([XSS, XSS, XSS]);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const x = await app.inject({ url: `${P}/requests/${number}.xml?jurisdiction_id=${A}` });
    expect(x.statusCode).toBe(200);
    expect(x.body).not.toContain('<script>');
    expect(x.body).not.toContain('<img');
    expect(x.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const parsed = xml.parse(x.body).service_requests.request[0];
    expect([parsed.description, parsed.address, parsed.status_notes]).toEqual([XSS, XSS, XSS]);
    const list = await app.inject({ url: `${P}/requests.xml?jurisdiction_id=${A}&service_code=litter` });
    expect(list.body).not.toContain('<script>');
    expect(xml.parse(list.body).service_requests.request.some((r: { description: string }) => r.description === XSS)).toBe(true);

    // the internal note is on no public output
    expect(detail.body).toContain('sisemärkus');
    for (const body of [publicPage.body, publicList.body, json.body, x.body]) expect(body).not.toContain('sisemärkus');
  });

  it('a request posted through Open311 with the text comes back escaped in XML and on the public page', async () => {
    const res = await open311Form({ jurisdiction_id: A, api_key: writeKey, service_code: 'light', lat: '59.4372', long: '24.7538', description: XSS, address_string: XSS });
    expect(res.statusCode).toBe(201);
    const number = (res.json() as { service_request_id: string }[])[0]!.service_request_id;
    const x = await app.inject({ url: `${P}/requests/${number}.xml?jurisdiction_id=${A}` });
    expect(x.body).not.toContain('<script>');
    const parsed = xml.parse(x.body).service_requests.request[0];
    expect([parsed.description, parsed.address]).toEqual([XSS, XSS]);
    const page = await app.inject({ url: `/kov/${A}/reports/${number}` });
    expect(page.statusCode).toBe(200);
    assertEscaped('public page of an Open311 request', page.body, 2);
  });
});
