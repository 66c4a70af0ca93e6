// The Open311 GeoReport v2 contract (PGlite, and PostgreSQL with TEST_DATABASE_URL): every endpoint in
// JSON and XML (the XML parsed and compared with the JSON), every filter and paging, the spec's error
// format and codes, API keys, personal data never in reads, tokens, FixMyStreet's servicerequestupdates
// (idempotent update_id) and media upload.
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../kernel/auth.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import { asOwner, engine, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { importBoundaries, loadDemoTerritory } from '../territory/index.js';
import { FIXTURE_HANDLER, FIXTURE_SYSTEM, makeReport, seedReportCategories } from './fixtures.js';
import { handleReport } from './handling.js';
import { ITEM_OF, escapeXml } from './open311-format.js';
import * as repo from './repo.js';

const A = '0784';
const B = '0793';
const C = '0890';
const T0 = new Date('2026-03-02T08:00:00Z');
const P = '/open311/v2';
let db: Db;
let app: FastifyInstance;
let keyA: string; // write key of A
let keyAread: string; // read-only key of A
let keyB: string; // write key of B

const SECRET_EMAIL = 'salajane.inimene@example.ee';
const SECRET_NAME = 'Salme Salajane';
const SECRET_PHONE = '+372 5555 1234';

const xml = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, isArray: (name) => Object.values(ITEM_OF).includes(name) });

/** The JSON value as the XML parser sees the XML of it (strings, lists as {item: [...]}, empty as ''). */
function asXml(v: unknown, name: string): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.length ? { [ITEM_OF[name] ?? 'item']: v.map((x) => asXml(x, ITEM_OF[name] ?? 'item')) } : '';
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, asXml(x, k)]));
  return String(v);
}

async function both(url: string, root: string): Promise<{ status: number; json: unknown; headers: Record<string, unknown> }> {
  const j = await app.inject({ method: 'GET', url: url.replace('{f}', 'json') });
  const x = await app.inject({ method: 'GET', url: url.replace('{f}', 'xml') });
  expect(x.statusCode).toBe(j.statusCode);
  expect(j.headers['content-type']).toMatch(/^application\/json/);
  expect(x.headers['content-type']).toMatch(/^text\/xml/);
  expect(x.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const json = j.json();
  expect(xml.parse(x.body)[root]).toEqual(asXml(json, root));
  return { status: j.statusCode, json, headers: j.headers };
}

function form(fields: Record<string, string | string[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
  return u.toString();
}

const post = (path: string, fields: Record<string, string | string[]>) =>
  app.inject({ method: 'POST', url: `${P}${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });

function multipart(fields: Record<string, string>, files: { name: string; data: Buffer; type: string }[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----open311test${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="photo"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function errorOf(res: { statusCode: number; body: string; headers: Record<string, unknown> }, fmt: 'json' | 'xml' = 'json'): { code: number; description: string } {
  if (fmt === 'json') {
    const b = JSON.parse(res.body) as { code: number; description: string }[];
    expect(Array.isArray(b) && b.length === 1).toBe(true);
    return b[0]!;
  }
  const e = xml.parse(res.body).errors.error[0];
  return { code: Number(e.code), description: e.description };
}

const base = { jurisdiction_id: A, service_code: 'pothole', lat: '59.437', long: '24.7536', description: 'Auk teel' };

let png: Buffer;

beforeAll(async () => {
  setClock(T0);
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  await seedTenant(db, C, 'Viimsi vald');
  await seedReportCategories(db, C);
  await db.tx(
    (t) =>
      repo.insertCategory(t, {
        id: uuidv7(),
        kov: A,
        code: 'tree',
        domain: 'greenery',
        names: { et: 'Ohtlik puu', en: 'Dangerous tree', ru: 'Опасное дерево' },
        description: 'Murdunud või ohtlik puu',
        groupId: null,
        slaDays: 10,
        keywords: 'puu,oks',
        sort: 5,
        attributes: [
          { code: 'kind', datatype: 'singlevaluelist', required: true, description: { et: 'Mis puuga on?', en: 'What is wrong?' }, order: 1, values: [{ key: 'fallen', name: { et: 'Murdunud', en: 'Fallen' } }, { key: 'leaning', name: 'Kaldus' }] },
          { code: 'size', datatype: 'number', required: false, description: 'Tüve läbimõõt (cm)', order: 2 },
          { code: 'blocks', datatype: 'multivaluelist', required: false, description: 'Mida takistab?', order: 3, values: ['road', 'path', 'wire'] },
          { code: 'seen', datatype: 'datetime', required: false, description: 'Millal märkasite?', order: 4 },
        ],
      }),
    { kov: A },
  );
  keyA = (await db.tx((t) => createApiKey(t, { kov: A, name: 'Tallinna rakendus', scopes: ['read', 'write'], createdBy: null }), { kov: A })).key;
  keyAread = (await db.tx((t) => createApiKey(t, { kov: A, name: 'Lugeja', scopes: ['read'], createdBy: null }), { kov: A })).key;
  keyB = (await db.tx((t) => createApiKey(t, { kov: B, name: 'Tartu süsteem', scopes: ['read', 'write'], createdBy: null }), { kov: B })).key;
  app = await testApp(db, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
  png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } }).png().toBuffer();
});
beforeEach(() => setClock(T0));
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('formats', () => {
  it('escapes text for XML and drops characters XML cannot carry', () => {
    expect(escapeXml('a<b>&"c\'\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it('discovery lists the endpoint and both formats', async () => {
    const { status, json } = await both(`${P}/discovery.{f}`, 'discovery');
    expect(status).toBe(200);
    const d = json as { endpoints: { url: string; formats: string[]; specification: string }[]; contact: string };
    expect(d.endpoints[0]!.url).toMatch(/\/open311\/v2$/);
    expect(d.endpoints[0]!.formats).toEqual(['application/json', 'text/xml']);
    expect(d.endpoints[0]!.specification).toBe('http://wiki.open311.org/GeoReport_v2');
  });

  it('an unknown resource answers 404 in the spec format', async () => {
    const r = await app.inject({ method: 'GET', url: `${P}/nothing.xml?jurisdiction_id=${A}` });
    expect(r.statusCode).toBe(404);
    expect(errorOf(r, 'xml').code).toBe(404);
  });
});

describe('jurisdiction_id', () => {
  it('is required (400) and must be a KOV (404), in both formats', async () => {
    for (const fmt of ['json', 'xml'] as const) {
      const missing = await app.inject({ method: 'GET', url: `${P}/services.${fmt}` });
      expect(missing.statusCode).toBe(400);
      expect(errorOf(missing, fmt)).toMatchObject({ code: 400, description: expect.stringContaining('jurisdiction_id') });
      const unknown = await app.inject({ method: 'GET', url: `${P}/requests.${fmt}?jurisdiction_id=9999` });
      expect(unknown.statusCode).toBe(404);
      expect(errorOf(unknown, fmt).code).toBe(404);
      const junk = await app.inject({ method: 'GET', url: `${P}/requests.${fmt}?jurisdiction_id=%3Cx%3E` });
      expect(junk.statusCode).toBe(404);
    }
  });
});

describe('services', () => {
  it('lists the KOV\'s active categories with metadata, group and keywords; names by locale', async () => {
    const { json, headers } = await both(`${P}/services.{f}?jurisdiction_id=${A}`, 'services');
    expect(headers['access-control-allow-origin']).toBe('*');
    const list = json as { service_code: string; service_name: string; metadata: boolean; type: string; group: string; keywords: string }[];
    expect(list.map((s) => s.service_code)).toEqual(['pothole', 'light', 'litter', 'tree']);
    expect(list.find((s) => s.service_code === 'tree')).toMatchObject({ service_name: 'Ohtlik puu', metadata: true, type: 'realtime', group: 'greenery', keywords: 'puu,oks' });
    expect(list.find((s) => s.service_code === 'pothole')).toMatchObject({ metadata: false, group: 'roads' });
    const en = (await app.inject({ method: 'GET', url: `${P}/services.json?jurisdiction_id=${A}&locale=en` })).json() as { service_name: string }[];
    expect(en[0]!.service_name).toBe('Pothole');
    const ru = (await app.inject({ method: 'GET', url: `${P}/services.json?jurisdiction_id=${A}`, headers: { 'accept-language': 'ru-RU,ru;q=0.9' } })).json() as { service_name: string }[];
    expect(ru[0]!.service_name).toBe('Яма на дороге');
    const b = (await app.inject({ method: 'GET', url: `${P}/services.json?jurisdiction_id=${B}` })).json() as unknown[];
    expect(b).toHaveLength(3);
  });

  it('a service definition has its attributes with values; unknown codes are 404', async () => {
    const { json } = await both(`${P}/services/tree.{f}?jurisdiction_id=${A}&locale=en`, 'service_definition');
    const d = json as { service_code: string; attributes: { code: string; datatype: string; required: boolean; order: number; description: string; variable: boolean; values: { key: string; name: string }[] }[] };
    expect(d.service_code).toBe('tree');
    expect(d.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['kind', 'singlevaluelist', true, 1],
      ['size', 'number', false, 2],
      ['blocks', 'multivaluelist', false, 3],
      ['seen', 'datetime', false, 4],
    ]);
    expect(d.attributes[0]).toMatchObject({ variable: true, description: 'What is wrong?', values: [{ key: 'fallen', name: 'Fallen' }, { key: 'leaning', name: 'Kaldus' }] });
    expect(d.attributes[2]!.values.map((v) => v.key)).toEqual(['road', 'path', 'wire']);
    for (const fmt of ['json', 'xml'] as const) {
      const r = await app.inject({ method: 'GET', url: `${P}/services/nope.${fmt}?jurisdiction_id=${A}` });
      expect(r.statusCode).toBe(404);
      expect(errorOf(r, fmt).code).toBe(404);
    }
    // another KOV's category is not this KOV's service
    expect((await app.inject({ method: 'GET', url: `${P}/services/tree.json?jurisdiction_id=${B}` })).statusCode).toBe(404);
  });
});

describe('POST requests', () => {
  it('needs a valid write key of the jurisdiction (403 otherwise)', async () => {
    for (const [key, why] of [
      [undefined, 'not provided'],
      ['vmk_000000000000_' + 'x'.repeat(43), 'not valid'],
      ['garbage', 'not valid'],
      [keyB, 'does not belong'],
      [keyAread, 'no write scope'],
    ] as const) {
      const r = await post('/requests.json', { ...base, ...(key ? { api_key: key } : {}) });
      expect(r.statusCode, why).toBe(403);
      expect(errorOf(r).description).toContain(why);
    }
    const x = await post('/requests.xml', { ...base, api_key: keyB });
    expect(x.statusCode).toBe(403);
    expect(errorOf(x, 'xml')).toMatchObject({ code: 403 });
  });

  it('refuses bad input with 400/404 naming what is wrong, never 500', async () => {
    const cases: [Record<string, string | string[]>, number, string][] = [
      [{ service_code: '' }, 400, 'service_code'],
      [{ service_code: 'nope' }, 404, 'service_code'],
      [{ lat: '', long: '' }, 400, 'location'],
      [{ lat: 'abc' }, 400, 'lat'],
      [{ long: '' }, 400, 'together'],
      [{ lat: '40.1', long: '24.7' }, 400, 'outside Estonia'],
      [{ description: '' }, 400, 'description'],
      [{ description: 'x'.repeat(4001) }, 400, 'description'],
      [{ email: 'not-an-address' }, 400, 'email'],
      [{ service_code: 'tree' }, 400, 'attribute[kind] is required'],
      [{ service_code: 'tree', 'attribute[kind]': 'burning' }, 400, 'attribute[kind]'],
      [{ service_code: 'tree', 'attribute[kind]': 'fallen', 'attribute[blocks]': ['road', 'river'] }, 400, 'attribute[blocks]'],
      [{ service_code: 'tree', 'attribute[kind]': 'fallen', 'attribute[size]': 'big' }, 400, 'attribute[size]'],
      [{ service_code: 'tree', 'attribute[kind]': 'fallen', 'attribute[seen]': 'yesterday' }, 400, 'attribute[seen]'],
      [{ service_code: 'tree', 'attribute[kind]': 'fallen', 'attribute[colour]': 'green' }, 400, 'attribute[colour]'],
      [{ media_url: 'ftp://x' }, 400, 'media_url'],
      [{ media_url: `http://x/kov/${A}/reports/photos/${uuidv7()}` }, 400, 'media_url'],
    ];
    for (const [over, code, text] of cases) {
      const r = await post('/requests.json', { ...base, api_key: keyA, ...over });
      expect(r.statusCode, JSON.stringify(over)).toBe(code);
      expect(errorOf(r).description, JSON.stringify(over)).toContain(text);
    }
    const none = await asOwner(db, (t) => t.one<{ n: number }>("SELECT count(*)::int AS n FROM reports_report WHERE source = 'open311'"));
    expect(none!.n).toBe(0);
  });

  it('creates a received report through createReport (source open311, reporter the key and the person)', async () => {
    const r = await post('/requests.json', {
      ...base,
      api_key: keyA,
      service_code: 'tree',
      'attribute[kind]': 'fallen',
      'attribute[blocks][]': ['road', 'wire'],
      'attribute[size]': '35',
      email: SECRET_EMAIL,
      first_name: 'Salme',
      last_name: 'Salajane',
      phone: SECRET_PHONE,
      locale: 'en',
    });
    expect(r.statusCode).toBe(201);
    const [out] = r.json() as { service_request_id: string; service_notice: string; account_id: null; token: string }[];
    expect(out!.service_request_id).toMatch(/^2026-\d{6}$/);
    expect(out!.service_notice).toContain(out!.service_request_id);
    expect(out!.service_notice).toMatch(/received/);
    const row = await db.tx((t) => repo.reportByNumber(t, A, out!.service_request_id), { kov: A });
    expect(row).toMatchObject({
      status: 'received',
      source: 'open311',
      reporter_kind: 'apikey',
      reporter_name: `Tallinna rakendus (${SECRET_NAME})`,
      reporter_email: SECRET_EMAIL,
      reporter_phone: SECRET_PHONE,
      lat: 59.437,
      lon: 24.7536,
      lang: 'en',
      attributes: { kind: 'fallen', blocks: ['road', 'wire'], size: 35 },
      token: out!.token,
    });
    const audit = await asOwner(db, (t) => t.query<{ action: string; actor_name: string }>('SELECT action, actor_name FROM core_audit WHERE target_id = $1', [row!.id]));
    expect(audit).toEqual([{ action: 'reports.report.create', actor_name: 'API key Tallinna rakendus' }]);
  });

  it('answers in XML too, and takes address_string without coordinates', async () => {
    const r = await post('/requests.xml', { jurisdiction_id: A, service_code: 'litter', address_string: 'Narva mnt 1 & Co <kõrval>', description: 'Prügikott', api_key: keyA });
    expect(r.statusCode).toBe(201);
    const req = xml.parse(r.body).service_requests.request[0];
    expect(req.service_request_id).toMatch(/^2026-\d{6}$/);
    const got = (await app.inject({ method: 'GET', url: `${P}/requests/${req.service_request_id}.xml?jurisdiction_id=${A}` })).body;
    expect(got).toContain('<address>Narva mnt 1 &amp; Co &lt;kõrval&gt;</address>');
    expect(xml.parse(got).service_requests.request[0]).toMatchObject({ address: 'Narva mnt 1 & Co <kõrval>', lat: '', long: '' });
  });
});

describe('GET requests', () => {
  let k: Db;
  const numbers: Record<string, string> = {};
  beforeAll(async () => {
    k = db;
    // A: an old one (100 days ago), a fixed one, an unconfirmed anonymous one, two open ones (one with a group), B: one
    setClock(new Date(T0.getTime() - 100 * 86_400_000));
    numbers.old = (await makeReport(k, C, { description: 'Vana auk' })).number;
    setClock(new Date(T0.getTime() - 10 * 86_400_000));
    const fixed = await makeReport(k, C, { category: 'light', description: 'Lamp ei põle', reporter: { kind: 'person', idcodeHash: 'b'.repeat(64), name: SECRET_NAME, email: SECRET_EMAIL, phone: SECRET_PHONE } });
    numbers.fixed = fixed.number;
    setClock(new Date(T0.getTime() - 9 * 86_400_000));
    await handleReport(k, C, fixed.id, { kind: 'status', status: 'in_progress', answer: 'Elektrik on teel' }, FIXTURE_HANDLER);
    setClock(new Date(T0.getTime() - 8 * 86_400_000));
    await handleReport(k, C, fixed.id, { kind: 'note', body: 'SISEMINE MÄRGE' }, FIXTURE_HANDLER);
    await handleReport(k, C, fixed.id, { kind: 'status', status: 'fixed', answer: 'Lamp vahetatud' }, FIXTURE_HANDLER);
    setClock(new Date(T0.getTime() - 5 * 86_400_000));
    numbers.unconfirmed = (await makeReport(k, C, { description: 'Kinnitamata', reporter: { kind: 'email', email: SECRET_EMAIL, name: SECRET_NAME, phone: null } })).number;
    setClock(new Date(T0.getTime() - 3 * 86_400_000));
    numbers.open1 = (await makeReport(k, C, { category: 'pothole', description: 'Auk 1', reporter: { kind: 'person', idcodeHash: 'c'.repeat(64), name: SECRET_NAME, email: SECRET_EMAIL, phone: SECRET_PHONE } })).number;
    setClock(new Date(T0.getTime() - 2 * 86_400_000));
    numbers.open2 = (await makeReport(k, C, { category: 'litter', description: 'Prügi 2' })).number;
    numbers.b = (await makeReport(k, B, { description: 'Tartu auk', lat: 58.38, lon: 26.72 })).number;
    setClock(T0);
  });

  const ids = (json: unknown) => (json as { service_request_id: string }[]).map((r) => r.service_request_id);

  it('lists confirmed requests of the last 90 days, newest first, with every field and no personal data', async () => {
    const { json, headers } = await both(`${P}/requests.{f}?jurisdiction_id=${C}&service_request_id=${numbers.open1},${numbers.open2},${numbers.fixed}`, 'service_requests');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(ids(json)).toEqual([numbers.open2, numbers.open1, numbers.fixed]);
    const all = (await app.inject({ method: 'GET', url: `${P}/requests.json?jurisdiction_id=${C}` })).json();
    expect(ids(all)).not.toContain(numbers.old);
    expect(ids(all)).not.toContain(numbers.unconfirmed);
    expect(all as { description: string }[]).not.toContainEqual(expect.objectContaining({ description: 'Tartu auk' }));
    expect(ids(all)).toEqual(expect.arrayContaining([numbers.open1, numbers.open2, numbers.fixed]));
    const fixed = (json as Record<string, unknown>[])[2]!;
    expect(fixed).toEqual({
      service_request_id: numbers.fixed,
      status: 'closed',
      status_notes: 'Lamp vahetatud',
      service_name: 'Tänavavalgus ei põle',
      service_code: 'light',
      description: 'Lamp ei põle',
      agency_responsible: null,
      service_notice: null,
      requested_datetime: new Date(T0.getTime() - 10 * 86_400_000).toISOString().replace('.000', ''),
      updated_datetime: new Date(T0.getTime() - 8 * 86_400_000).toISOString().replace('.000', ''),
      expected_datetime: null,
      address: null,
      address_id: null,
      zipcode: null,
      lat: 59.437,
      long: 24.7536,
      media_url: null,
    });
    const open1 = (json as Record<string, unknown>[])[1]!;
    expect(open1).toMatchObject({ status: 'open', agency_responsible: `Teedeosakond ${C}`, expected_datetime: new Date(T0.getTime() + 4 * 86_400_000).toISOString().replace('.000', '') });
    for (const fmt of ['json', 'xml']) {
      for (const url of [`${P}/requests.${fmt}?jurisdiction_id=${C}`, `${P}/requests/${numbers.fixed}.${fmt}?jurisdiction_id=${C}&extensions=true`, `${P}/servicerequestupdates.${fmt}?jurisdiction_id=${C}`]) {
        const body = (await app.inject({ method: 'GET', url })).body;
        for (const secret of [SECRET_EMAIL, SECRET_NAME, SECRET_PHONE, 'Salme', 'SISEMINE MÄRGE', 'Kinnitamata']) expect(body, `${url} ${secret}`).not.toContain(secret);
      }
    }
    // an id names a request of any age; an unconfirmed one is not there
    expect(ids((await app.inject({ method: 'GET', url: `${P}/requests.json?jurisdiction_id=${C}&service_request_id=${numbers.old},${numbers.unconfirmed}` })).json())).toEqual([numbers.old]);
    // the spec: service_request_id overrides every other argument
    expect(ids((await app.inject({ method: 'GET', url: `${P}/requests.json?jurisdiction_id=${C}&service_request_id=${numbers.fixed}&service_code=pothole&status=open&page_size=1&page=3` })).json())).toEqual([numbers.fixed]);
  });

  it('filters by service_code, status, dates, updated_after/before and agency_responsible', async () => {
    const q = async (s: string) => ids((await app.inject({ method: 'GET', url: `${P}/requests.json?jurisdiction_id=${C}&${s}` })).json());
    expect(await q('service_code=light,litter')).toEqual([numbers.open2, numbers.fixed]);
    expect(await q('status=closed')).toEqual([numbers.fixed]);
    expect(await q('status=open&service_code=pothole,litter')).toEqual([numbers.open2, numbers.open1]);
    expect(await q('status=open,closed&service_code=light')).toEqual([numbers.fixed]);
    const day = (n: number) => encodeURIComponent(new Date(T0.getTime() - n * 86_400_000).toISOString());
    expect(await q(`start_date=${day(4)}&end_date=${day(1)}`)).toEqual([numbers.open2, numbers.open1]);
    expect(await q(`end_date=${day(4)}`)).toEqual([numbers.fixed]);
    expect(await q(`start_date=${day(120)}&end_date=${day(60)}`)).toEqual([numbers.old]);
    expect(await q(`start_date=2026-02-21`)).toEqual([numbers.open2, numbers.open1]);
    expect(await q(`start_date=2026-02-20`)).toEqual([numbers.open2, numbers.open1, numbers.fixed]);
    expect(await q(`updated_after=${day(9)}&service_code=light`)).toEqual([numbers.fixed]);
    expect(await q(`updated_after=${day(7)}&service_code=light`)).toEqual([]);
    expect(await q(`updated_before=${day(7)}&start_date=${day(30)}`)).toEqual([numbers.fixed]);
    expect(await q(`agency_responsible=${encodeURIComponent(`Teedeosakond ${C}`)}`)).toEqual([numbers.open1]);
    const inB = (await app.inject({ method: 'GET', url: `${P}/requests.json?jurisdiction_id=${B}&service_request_id=${numbers.b},${numbers.open1}` })).json() as { description: string }[];
    expect(inB.map((r) => r.description)).toEqual(['Tartu auk']);
  });

  it('pages with page and page_size', async () => {
    const all = ids((await app.inject({ method: 'GET', url: `${P}/requests.json?jurisdiction_id=${C}` })).json());
    const pages: string[] = [];
    for (let p = 1; p <= all.length + 1; p++) pages.push(...ids((await app.inject({ method: 'GET', url: `${P}/requests.json?jurisdiction_id=${C}&page_size=2&page=${p}` })).json()));
    expect(pages).toEqual(all);
    expect(ids((await app.inject({ method: 'GET', url: `${P}/requests.json?jurisdiction_id=${C}&page_size=1` })).json())).toEqual(all.slice(0, 1));
  });

  it('refuses bad filters with 400 in the spec format', async () => {
    for (const [s, text] of [
      ['start_date=yesterday', 'start_date'],
      ['end_date=2026-13-45T99:00:00Z', 'end_date'],
      ['start_date=2026-03-01T00:00:00', 'start_date'],
      ['start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z', 'after'],
      ['start_date=2025-01-01T00:00:00Z&end_date=2026-02-01T00:00:00Z', '90 days'],
      ['status=pending', 'status'],
      ['page_size=1001', 'page_size'],
      ['page_size=0', 'page_size'],
      ['page=abc', 'page'],
      ['updated_after=soon', 'updated_after'],
    ]) {
      for (const fmt of ['json', 'xml'] as const) {
        const r = await app.inject({ method: 'GET', url: `${P}/requests.${fmt}?jurisdiction_id=${C}&${s}` });
        expect(r.statusCode, s).toBe(400);
        expect(errorOf(r, fmt), s).toMatchObject({ code: 400, description: expect.stringContaining(text!) });
      }
    }
  });

  it('one request, with its public status notes history as an extension', async () => {
    const { json } = await both(`${P}/requests/${numbers.fixed}.{f}?jurisdiction_id=${C}&extensions=true`, 'service_requests');
    const [r] = json as { status_notes_history: { status: string; detailed_status: string; description: string | null }[]; detailed_status: string }[];
    expect(r!.detailed_status).toBe('FIXED');
    expect(r!.status_notes_history.map((h) => [h.status, h.detailed_status, h.description])).toEqual([
      ['open', 'OPEN', null],
      ['open', 'IN_PROGRESS', 'Elektrik on teel'],
      ['closed', 'FIXED', 'Lamp vahetatud'],
    ]);
    const plain = (await app.inject({ method: 'GET', url: `${P}/requests/${numbers.fixed}.json?jurisdiction_id=${C}` })).json() as Record<string, unknown>[];
    expect(plain[0]).not.toHaveProperty('status_notes_history');
    for (const n of [numbers.unconfirmed, '2026-999999', 'x']) {
      const r404 = await app.inject({ method: 'GET', url: `${P}/requests/${n}.xml?jurisdiction_id=${C}` });
      expect(r404.statusCode, n).toBe(404);
      expect(errorOf(r404, 'xml').code).toBe(404);
    }
    expect((await app.inject({ method: 'GET', url: `${P}/requests/${numbers.fixed}?jurisdiction_id=${C}` })).statusCode).toBe(404);
  });

  it('closed requests past the KOV\'s retention are no longer public', async () => {
    await db.tx((t) => t.query('INSERT INTO reports_setting (kov_code, keep_months) VALUES ($1, 1)', [C]), { kov: C });
    setClock(new Date(T0.getTime() + 40 * 86_400_000));
    try {
      const r = await app.inject({ method: 'GET', url: `${P}/requests/${numbers.fixed}.json?jurisdiction_id=${C}` });
      expect(r.statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: `${P}/requests/${numbers.open1}.json?jurisdiction_id=${C}` })).statusCode).toBe(200);
    } finally {
      await db.tx((t) => t.query('DELETE FROM reports_setting WHERE kov_code = $1', [C]), { kov: C }).catch(() => asOwner(db, (t) => t.query('DELETE FROM reports_setting WHERE kov_code = $1', [C])));
    }
  });
});

describe('tokens', () => {
  it('answers the service_request_id of a token; unknown tokens 404', async () => {
    const [out] = (await post('/requests.json', { ...base, api_key: keyA })).json() as { service_request_id: string; token: string }[];
    const { json } = await both(`${P}/tokens/${out!.token}.{f}?jurisdiction_id=${A}`, 'service_requests');
    expect(json).toEqual([{ service_request_id: out!.service_request_id, token: out!.token }]);
    expect((await app.inject({ method: 'GET', url: `${P}/tokens/${out!.token}.json?jurisdiction_id=${B}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `${P}/tokens/${'z'.repeat(32)}.json?jurisdiction_id=${A}` })).statusCode).toBe(404);
    // an unconfirmed report's token is known but has no id yet
    const anon = await makeReport(db, A, { reporter: { kind: 'email', email: SECRET_EMAIL, name: null, phone: null } });
    const r = (await app.inject({ method: 'GET', url: `${P}/tokens/${anon.token}.json?jurisdiction_id=${A}` })).json();
    expect(r).toEqual([{ service_request_id: null, token: anon.token }]);
  });
});

describe('servicerequestupdates', () => {
  it('a KOV system posts updates through handleReport; the same update_id twice changes nothing the second time', async () => {
    setClock(new Date(T0.getTime() + 60_000));
    const [out] = (await post('/requests.json', { ...base, api_key: keyA })).json() as { service_request_id: string }[];
    const n = out!.service_request_id;
    const u = { jurisdiction_id: A, api_key: keyA, service_request_id: n, update_id: 'EXT-1', status: 'IN_PROGRESS', description: 'Töö on tellitud', updated_datetime: '2026-03-02T10:00:00+02:00' };
    const first = await post('/servicerequestupdates.json', u);
    expect(first.statusCode).toBe(201);
    const [f] = first.json() as { update_id: string; service_request_id: string }[];
    expect(f).toMatchObject({ service_request_id: n, duplicate: false });
    const again = await post('/servicerequestupdates.xml', u);
    expect(again.statusCode).toBe(200);
    expect(xml.parse(again.body).service_request_updates.request_update[0]).toMatchObject({ update_id: f!.update_id, service_request_id: n, duplicate: 'true' });
    const row = (await db.tx((t) => repo.reportByNumber(t, A, n), { kov: A }))!;
    expect(row.status).toBe('in_progress');
    const events = await db.tx((t) => repo.eventsOf(t, A, row.id, false), { kov: A });
    expect(events.map((e) => [e.kind, e.status, e.body, e.actor_name])).toEqual([
      ['created', 'received', null, 'Tallinna rakendus'],
      ['status', 'in_progress', 'Töö on tellitud', 'API key Tallinna rakendus'],
    ]);
    expect(events[1]!.id).toBe(f!.update_id);

    // FIXED closes it; OPEN reopens; a closed request refuses another closed status (409); the same status with text is an answer
    expect((await post('/servicerequestupdates.json', { ...u, update_id: 'EXT-2', status: 'FIXED', description: 'Parandatud' })).statusCode).toBe(201);
    const refused = await post('/servicerequestupdates.json', { ...u, update_id: 'EXT-3', status: 'CLOSED', description: '' });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).description).toContain('OPEN');
    // the refused update_id was released: it can be sent again
    expect((await post('/servicerequestupdates.json', { ...u, update_id: 'EXT-3', status: 'FIXED', description: 'Vaatasime üle' })).statusCode).toBe(201);
    expect((await post('/servicerequestupdates.json', { ...u, update_id: 'EXT-4', status: 'OPEN', description: 'Auk tekkis uuesti' })).statusCode).toBe(201);
    expect((await db.tx((t) => repo.reportByNumber(t, A, n), { kov: A }))!.status).toBe('reopened');
    expect((await post('/servicerequestupdates.json', { ...u, update_id: 'EXT-5', status: 'NOT_COUNCILS_RESPONSIBILITY', forwarded_to: 'Transpordiamet', description: 'Riigitee' })).statusCode).toBe(201);
    const fw = (await db.tx((t) => repo.reportByNumber(t, A, n), { kov: A }))!;
    expect([fw.status, fw.forwarded_to]).toEqual(['forwarded', 'Transpordiamet']);

    // the public list shows them with FixMyStreet's statuses, in order
    const { json } = await both(`${P}/servicerequestupdates.{f}?jurisdiction_id=${A}&start_date=${encodeURIComponent(T0.toISOString())}`, 'service_request_updates');
    const mine = (json as { service_request_id: string; status: string; description: string }[]).filter((x) => x.service_request_id === n);
    expect(mine.map((x) => [x.status, x.description])).toEqual([
      ['IN_PROGRESS', 'Töö on tellitud'],
      ['FIXED', 'Parandatud'],
      ['FIXED', 'Vaatasime üle'],
      ['OPEN', 'Auk tekkis uuesti'],
      ['NOT_COUNCILS_RESPONSIBILITY', 'Riigitee'],
    ]);
  });

  it('refuses bad updates: key, request, status, duplicate_of, dates', async () => {
    const [out] = (await post('/requests.json', { ...base, api_key: keyA })).json() as { service_request_id: string }[];
    const u = { jurisdiction_id: A, api_key: keyA, service_request_id: out!.service_request_id, update_id: 'BAD-1', status: 'IN_PROGRESS', description: '' };
    const cases: [Record<string, string>, number, string][] = [
      [{ api_key: keyB }, 403, 'jurisdiction'],
      [{ api_key: keyAread }, 403, 'write'],
      [{ api_key: '' }, 403, 'api_key'],
      [{ service_request_id: '2026-999999' }, 404, 'service_request_id'],
      [{ service_request_id: '' }, 400, 'service_request_id'],
      [{ update_id: '' }, 400, 'update_id'],
      [{ status: 'MAYBE' }, 400, 'status'],
      [{ status: 'DUPLICATE' }, 400, 'duplicate_of'],
      [{ updated_datetime: 'now' }, 400, 'updated_datetime'],
      [{ jurisdiction_id: '' }, 400, 'jurisdiction_id'],
    ];
    for (const [over, code, text] of cases) {
      const r = await post('/servicerequestupdates.json', { ...u, ...over });
      expect(r.statusCode, JSON.stringify(over)).toBe(code);
      expect(errorOf(r).description, JSON.stringify(over)).toContain(text);
    }
    // none of them claimed BAD-1
    expect((await post('/servicerequestupdates.json', u)).statusCode).toBe(201);
  });

  it('takes the key as Authorization: Bearer too (and refuses a bad one in the spec format)', async () => {
    const [out] = (await post('/requests.json', { ...base, api_key: keyA })).json() as { service_request_id: string }[];
    const fields = { jurisdiction_id: A, service_request_id: out!.service_request_id, update_id: 'BEARER-1', status: 'ACTION_SCHEDULED', description: 'Homme' };
    const ok = await app.inject({ method: 'POST', url: `${P}/servicerequestupdates.json`, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${keyA}` }, payload: form(fields) });
    expect(ok.statusCode).toBe(201);
    expect((await db.tx((t) => repo.reportByNumber(t, A, out!.service_request_id), { kov: A }))!.status).toBe('scheduled');
    const badKey = await app.inject({ method: 'POST', url: `${P}/servicerequestupdates.xml`, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer nonsense' }, payload: form({ ...fields, update_id: 'BEARER-2' }) });
    expect(badKey.statusCode).toBe(403);
    expect(errorOf(badKey, 'xml').code).toBe(403);
  });

  it.skipIf(engine === 'pglite')('the same update_id sent twice at once changes the request once (PostgreSQL: PGlite runs one transaction at a time)', async () => {
    const [out] = (await post('/requests.json', { ...base, api_key: keyA })).json() as { service_request_id: string }[];
    const u = { jurisdiction_id: A, api_key: keyA, service_request_id: out!.service_request_id, update_id: 'RACE-1', status: 'IN_PROGRESS', description: 'Korraga' };
    const rs = await Promise.all(Array.from({ length: 6 }, () => post('/servicerequestupdates.json', u)));
    expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const row = (await db.tx((t) => repo.reportByNumber(t, A, out!.service_request_id), { kov: A }))!;
    const events = await db.tx((t) => repo.eventsOf(t, A, row.id, false), { kov: A });
    expect(events.filter((e) => e.kind === 'status')).toHaveLength(1);
  });

  it('refuses bad dates and too wide windows in the list', async () => {
    const r = await app.inject({ method: 'GET', url: `${P}/servicerequestupdates.xml?jurisdiction_id=${A}&start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z` });
    expect(r.statusCode).toBe(400);
    expect(errorOf(r, 'xml').description).toContain('90 days');
  });
});

describe('media', () => {
  it('an uploaded photo is attached to the request that names its media_url', async () => {
    const up = multipart({}, [{ name: 'media', data: png, type: 'image/png' }]);
    const r = await app.inject({ method: 'POST', url: `${P}/media.json?jurisdiction_id=${A}`, payload: up.payload, headers: { ...up.headers, authorization: `Bearer ${keyA}` } });
    expect(r.statusCode).toBe(201);
    const [m] = r.json() as { media_id: string; media_url: string }[];
    expect(m!.media_url).toMatch(new RegExp(`/kov/${A}/reports/photos/${m!.media_id}$`));
    // another KOV cannot use it; a second request cannot take it again
    expect((await post('/requests.json', { ...base, jurisdiction_id: B, api_key: keyB, lat: '58.38', long: '26.72', media_url: m!.media_url })).statusCode).toBe(400);
    const created = await post('/requests.json', { ...base, api_key: keyA, media_url: m!.media_url });
    expect(created.statusCode).toBe(201);
    const [c] = created.json() as { service_request_id: string }[];
    const got = (await app.inject({ method: 'GET', url: `${P}/requests/${c!.service_request_id}.json?jurisdiction_id=${A}` })).json() as { media_url: string }[];
    expect(got[0]!.media_url).toBe(m!.media_url);
    expect((await post('/requests.json', { ...base, api_key: keyA, media_url: m!.media_url })).statusCode).toBe(400);
    const photo = await asOwner(db, (t) => t.one<{ mime: string; width: number }>('SELECT mime, width FROM reports_photo WHERE id = $1', [m!.media_id]));
    expect(photo).toMatchObject({ mime: 'image/jpeg', width: 40 });
  });

  it('an update can carry an uploaded photo: it shows in the updates list and the history', async () => {
    setClock(new Date(T0.getTime() + 3600_000));
    const [c] = (await post('/requests.json', { ...base, api_key: keyA })).json() as { service_request_id: string }[];
    const up = multipart({}, [{ name: 'media', data: png, type: 'image/png' }]);
    const [m] = (await app.inject({ method: 'POST', url: `${P}/media.json?jurisdiction_id=${A}&api_key=${keyA}`, ...up })).json() as { media_url: string }[];
    const r = await post('/servicerequestupdates.json', { jurisdiction_id: A, api_key: keyA, service_request_id: c!.service_request_id, update_id: 'PHOTO-1', status: 'FIXED', description: 'Valmis', media_url: m!.media_url });
    expect(r.statusCode).toBe(201);
    const updates = (await app.inject({ method: 'GET', url: `${P}/servicerequestupdates.json?jurisdiction_id=${A}&start_date=${encodeURIComponent(T0.toISOString())}` })).json() as { service_request_id: string; media_url: string; status: string }[];
    expect(updates.filter((u) => u.service_request_id === c!.service_request_id)).toEqual([expect.objectContaining({ status: 'FIXED', media_url: m!.media_url })]);
    const [one] = (await app.inject({ method: 'GET', url: `${P}/requests/${c!.service_request_id}.json?jurisdiction_id=${A}&extensions=true` })).json() as { media_url: string; status_notes_history: { media_url: string | null }[] }[];
    expect(one!.media_url).toBe(m!.media_url);
    expect(one!.status_notes_history.map((h) => h.media_url)).toEqual([null, m!.media_url]);
  });

  it('POST requests takes the photo itself as multipart media; upload needs a key and an image', async () => {
    // the key and jurisdiction_id come before the body (query string or header): the body may carry another, ignored
    const mp = multipart({ ...base, jurisdiction_id: B, api_key: 'ignored' }, [{ name: 'media', data: png, type: 'image/png' }]);
    const r = await app.inject({ method: 'POST', url: `${P}/requests.xml?jurisdiction_id=${A}&api_key=${keyA}`, ...mp });
    expect(r.statusCode).toBe(201);
    const n = xml.parse(r.body).service_requests.request[0].service_request_id;
    const got = xml.parse((await app.inject({ method: 'GET', url: `${P}/requests/${n}.xml?jurisdiction_id=${A}` })).body).service_requests.request[0];
    expect(got.media_url).toMatch(new RegExp(`/kov/${A}/reports/photos/[0-9a-f-]{36}$`));
    // a multipart body is not read without the key first: 401 (key in the body only), 403 (a key of another KOV)
    const noKey = await app.inject({ method: 'POST', url: `${P}/media.json?jurisdiction_id=${A}`, ...multipart({ api_key: keyA }, [{ name: 'media', data: png, type: 'image/png' }]) });
    expect(noKey.statusCode).toBe(401);
    expect(errorOf(noKey).description).toContain('Authorization');
    const otherKey = await app.inject({ method: 'POST', url: `${P}/media.json?jurisdiction_id=${A}&api_key=${keyB}`, ...multipart({}, [{ name: 'media', data: png, type: 'image/png' }]) });
    expect(otherKey.statusCode).toBe(403);
    const notImage = await app.inject({ method: 'POST', url: `${P}/media.json?jurisdiction_id=${A}&api_key=${keyA}`, ...multipart({}, [{ name: 'media', data: Buffer.from('hello'), type: 'image/png' }]) });
    expect(notImage.statusCode).toBe(400);
    expect(errorOf(notImage).description).toContain('media');
    const noFile = await app.inject({ method: 'POST', url: `${P}/media.json?jurisdiction_id=${A}&api_key=${keyA}`, ...multipart({}, []) });
    expect(noFile.statusCode).toBe(400);
    const garbage = await app.inject({ method: 'POST', url: `${P}/media.json?jurisdiction_id=${A}&api_key=${keyA}`, headers: { 'content-type': 'multipart/form-data; boundary=zzz' }, payload: 'not multipart at all' });
    expect(garbage.statusCode).toBe(400);
    expect(errorOf(garbage).description).toContain('multipart');
  });
});

describe('rate limit', () => {
  it('limits POSTs per address and answers 429 in the spec format', async () => {
    const strict = await testApp(db, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1 } });
    try {
      const rs = [];
      for (let i = 0; i < 11; i++) {
        rs.push(await strict.inject({ method: 'POST', url: `${P}/media.json`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ jurisdiction_id: A }) }));
      }
      const last = rs[rs.length - 1]!;
      expect(last.statusCode).toBe(429);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(errorOf(last).code).toBe(429);
      // reads are not limited
      expect((await strict.inject({ method: 'GET', url: `${P}/services.json?jurisdiction_id=${A}` })).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('jurisdiction and boundaries', () => {
  it('a point inside another KOV\'s imported boundaries is refused, naming that jurisdiction', async () => {
    await loadDemoTerritory(db);
    const text = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/boundaries/tallinn-wgs84.geojson'), 'utf8');
    expect((await importBoundaries(db, A, text, { fileName: 'tallinn.geojson', actor: { ...FIXTURE_SYSTEM, kind: 'operator' } })).ok).toBe(true);
    const r = await post('/requests.json', { ...base, jurisdiction_id: B, api_key: keyB, lat: '59.42', long: '24.73' });
    expect(r.statusCode).toBe(400);
    expect(errorOf(r).description).toContain(`jurisdiction ${A}`);
    expect((await post('/requests.json', { ...base, api_key: keyA, lat: '59.42', long: '24.73' })).statusCode).toBe(201);
    expect((await post('/requests.json', { ...base, jurisdiction_id: B, api_key: keyB, lat: '58.38', long: '26.72' })).statusCode).toBe(201);
  });
});
