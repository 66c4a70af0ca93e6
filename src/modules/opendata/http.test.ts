// The open-data HTTP through the real app (app.inject, real sessions and CSRF): the officials' pages
// (a publisher creates a dataset, uploads a CSV, adds a link; a reviewer — not the last editor —
// reviews and publishes), the public pages and files (media type, disposition, ETag/304), the DCAT-AP
// documents (media types, ETag/304), the JSON API with keys (CRUD, workflow, four eyes), and who may
// not.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../admin/index.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import type { Agent } from '../../../test/helpers.js';
import { advanceClock } from '../../kernel/clock.js';
import { refreshAutoDatasets } from './auto/index.js';
import { closeTest, csrfFrom, engine, grantRoles, signInAll, twoKovApp, csrfFileForm } from '../../../test/helpers.js';
import { SAMPLE_CSV, datasetIn, sampleMeta } from './fixtures.js';

const A = '0784';
const B = '0793';
const PUBLISHER = withCheckDigit('4800101101');
const REVIEWER = withCheckDigit('3800202102');
const RESIDENT = withCheckDigit('4800404104');
const OTHER_ADMIN = withCheckDigit('3800303103');
let db: Db;
let app: FastifyInstance;
const as = {} as Record<'publisher' | 'reviewer' | 'resident' | 'other', Agent>;
let writeKey = '';
let readKey = '';

const multipart = (token: string, file: { name: string; bytes: Buffer }) => csrfFileForm(token, file, 'text/csv');

const metaForm = (title: string): Record<string, string> => ({
  title_et: title,
  title_en: '',
  title_ru: '',
  description_et: 'Linna mänguväljakud ja nende asukohad.',
  description_en: '',
  description_ru: '',
  contactName: 'Strateegiakeskus',
  contactEmail: 'avaandmed@tallinn.example',
  themes: 'EDUC',
  keywords: 'mänguväljak, lapsed',
  spatial: A,
  temporalStart: '2026-01-01',
  temporalEnd: '',
  frequency: 'ANNUAL',
  license: 'CC_BY_4_0',
  accessRights: 'PUBLIC',
});

const api = (method: string, url: string, key: string, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, payload: payload as object, headers: key ? { authorization: `Bearer ${key}` } : {} });

beforeAll(async () => {
  ({ db, app } = await twoKovApp('2026-12-10T10:00:00+02:00', A, B));
  await grantRoles(db, app.config.idcodeHmacKey, [
    [A, PUBLISHER, 'opendata-publisher'],
    [A, REVIEWER, 'opendata-reviewer'],
    [B, OTHER_ADMIN, 'kov-admin'],
  ]);
  Object.assign(as, await signInAll(app, db, { publisher: [PUBLISHER, 'Piret'], reviewer: [REVIEWER, 'Rein'], resident: [RESIDENT, 'Liis'], other: [OTHER_ADMIN, 'Toomas'] }));
  const SYSTEM = { kind: 'system' as const, id: null, name: 'test' };
  writeKey = (await createKey(db, { kov: A, name: 'Register', scopes: ['read', 'write'], actor: SYSTEM })).key;
  readKey = (await createKey(db, { kov: A, name: 'Portal', scopes: ['read'], actor: SYSTEM })).key;
}, 120_000);
afterAll(async () => {
  await closeTest(app, db);
});

describe(`opendata over HTTP (${engine})`, () => {
  let id = '';
  let fileUrl = '';

  it('a publisher creates a dataset on the form; errors are re-rendered with the fields named', async () => {
    const bad = await as.publisher.postForm(`/kov/${A}/opendata/admin/new`, `/kov/${A}/opendata/admin/new`, { ...metaForm(''), contactEmail: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-title_et"');
    expect(bad.body).toContain('href="#f-contactEmail"');
    const ok = await as.publisher.postForm(`/kov/${A}/opendata/admin/new`, `/kov/${A}/opendata/admin/new`, metaForm('Mänguväljakud'));
    expect(ok.statusCode).toBe(303);
    id = /\/admin\/([0-9a-f-]{36})$/.exec(ok.headers.location as string)![1]!;
  });

  it('uploads a CSV and adds a link (multipart with CSRF; http(s) only)', async () => {
    const page = await as.publisher.get(`/kov/${A}/opendata/admin/${id}`);
    const up = await as.publisher.req({ method: 'POST', url: `/kov/${A}/opendata/admin/${id}/files`, ...multipart(csrfFrom(page.body), { name: 'mänguväljakud.csv', bytes: Buffer.from(SAMPLE_CSV) }) });
    expect(up.statusCode).toBe(303);
    const noCsrf = await as.publisher.req({ method: 'POST', url: `/kov/${A}/opendata/admin/${id}/files`, ...multipart('wrong', { name: 'x.csv', bytes: Buffer.from('a') }) });
    expect(noCsrf.statusCode).toBe(403);
    const badLink = await as.publisher.postForm(`/kov/${A}/opendata/admin/${id}`, `/kov/${A}/opendata/admin/${id}/links`, { kind: 'link', distTitle: 'Kaart', url: 'javascript:alert(1)', format: '' });
    expect(badLink.statusCode).toBe(400);
    expect(badLink.body).toContain('href="#f-url"');
    const link = await as.publisher.postForm(`/kov/${A}/opendata/admin/${id}`, `/kov/${A}/opendata/admin/${id}/links`, { kind: 'link', distTitle: 'Kaart', url: 'https://kaart.example/manguvaljakud', format: 'HTML' });
    expect(link.statusCode).toBe(303);
    const after = await as.publisher.get(`/kov/${A}/opendata/admin/${id}`);
    expect(after.body).toContain('mänguväljakud.csv');
    expect(after.body).toContain('Kaart');
    // the publisher may not review (not her role, and she edited it last)
    expect(after.body).not.toContain(`/opendata/admin/${id}/review"`);
  });

  it('four eyes and roles: the publisher cannot review; a reviewer reviews and publishes; not public before', async () => {
    expect((await as.publisher.postForm(`/kov/${A}/opendata/admin/${id}`, `/kov/${A}/opendata/admin/${id}/review`, {})).statusCode).toBe(403);
    expect((await app.inject({ url: `/opendata/${id}` })).statusCode).toBe(404);
    const review = await as.reviewer.postForm(`/kov/${A}/opendata/admin/${id}`, `/kov/${A}/opendata/admin/${id}/review`, {});
    expect(review.statusCode).toBe(303);
    const publish = await as.reviewer.postForm(`/kov/${A}/opendata/admin/${id}`, `/kov/${A}/opendata/admin/${id}/publish`, {});
    expect(publish.statusCode).toBe(303);
    const page = await app.inject({ url: `/opendata/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mänguväljakud');
    fileUrl = /href="(\/opendata\/files\/[^"]+)"/.exec(page.body)![1]!;
  });

  it('the published file: stable URL, media type, download name, ETag and 304', async () => {
    const f = await app.inject({ url: fileUrl });
    expect(f.statusCode).toBe(200);
    expect(f.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(f.headers['content-disposition']).toContain("filename*=UTF-8''m%C3%A4nguv%C3%A4ljakud.csv");
    expect(f.body).toBe(SAMPLE_CSV);
    const again = await app.inject({ url: fileUrl, headers: { 'if-none-match': f.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('the public pages list it: all KOVs (filter by KOV, theme, word) and the KOV’s own', async () => {
    const all = await app.inject({ url: '/opendata' });
    expect(all.body).toContain(`/opendata/${id}`);
    expect((await app.inject({ url: `/opendata?kov=${A}&theme=EDUC&q=mänguväljak` })).body).toContain(`/opendata/${id}`);
    expect((await app.inject({ url: '/opendata?theme=TRAN' })).body).not.toContain(`/opendata/${id}`);
    expect((await app.inject({ url: '/opendata?q=rattad' })).body).not.toContain(`/opendata/${id}`);
    expect((await app.inject({ url: `/kov/${A}/opendata` })).body).toContain(`/opendata/${id}`);
    expect((await app.inject({ url: `/kov/${B}/opendata` })).body).not.toContain(`/opendata/${id}`);
  });

  it('the DCAT-AP documents: Turtle and JSON-LD with their media types, the dataset in both, ETag and 304', async () => {
    const ttl = await app.inject({ url: '/dcat/catalog.ttl' });
    expect(ttl.statusCode).toBe(200);
    expect(ttl.headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect(ttl.body).toContain(`/dcat/dataset/${id}>`);
    expect((await app.inject({ url: '/dcat/catalog.ttl', headers: { 'if-none-match': ttl.headers.etag as string } })).statusCode).toBe(304);
    const jl = await app.inject({ url: '/dcat/catalog.jsonld' });
    expect(jl.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const doc = JSON.parse(jl.body) as { '@context': Record<string, string>; '@graph': { '@id': string }[] };
    expect(doc['@context'].dcat).toBe('http://www.w3.org/ns/dcat#');
    expect(doc['@graph'].some((n) => n['@id'].endsWith(`/dcat/dataset/${id}`))).toBe(true);
    expect((await app.inject({ url: '/dcat/other.ttl' })).statusCode).toBe(404);
  });

  it('the automatic datasets, once refreshed, have their pages, files and place in the DCAT-AP catalogue', async () => {
    const before = await app.inject({ url: '/dcat/catalog.ttl' });
    expect(before.body).not.toContain(`/dcat/dataset/auto-${A}-reports>`);
    await refreshAutoDatasets(db, { kovs: [A] });
    const page = await app.inject({ url: `/opendata/auto-${A}-reports` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/opendata/auto/${A}/reports.csv`);
    expect(page.body).toContain(`/opendata/auto/${A}/reports.json`);
    const csv = await app.inject({ url: `/opendata/auto/${A}/reports.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    // the DCAT documents are kept for 10 seconds (a harvest burst reads them once)
    expect((await app.inject({ url: '/dcat/catalog.ttl' })).headers.etag).toBe(before.headers.etag);
    advanceClock(11_000);
    const ttl = await app.inject({ url: '/dcat/catalog.ttl' });
    expect(ttl.body).toContain(`/dcat/dataset/auto-${A}-reports>`);
    expect(ttl.body).toContain(`/dcat/dataset/${id}>`);
    expect(ttl.headers.etag).not.toBe(before.headers.etag);
    // B was not refreshed: none of its automatic datasets is listed yet
    expect(ttl.body).not.toContain(`/dcat/dataset/auto-${B}-`);
  });

  it('the public list: the KOVs’ registered datasets first, then the platform’s automatic ones; a kind filter; 24 a page', async () => {
    await refreshAutoDatasets(db, { kovs: [A, B] });
    for (let i = 0; i < 16; i++) await datasetIn(db, B, 'published');
    const cards = (html: string) => {
      const list = html.slice(html.indexOf('<ul class="cards">'), html.indexOf('</ul>', html.indexOf('<ul class="cards">')));
      return [...list.matchAll(/<a href="\/opendata\/([^"]+)">/g)].map((m) => m[1]!);
    };
    const isAuto = (x: string) => x.startsWith('auto-');
    const first = (await app.inject({ url: '/opendata' })).body;
    const total = Number(/Andmestikke: (\d+)/.exec(first)![1]);
    expect(total).toBeGreaterThan(24);
    expect(total).toBeLessThanOrEqual(48);
    expect(cards(first)).toHaveLength(24);
    expect(first).toContain('Lehekülg 1 / 2');
    expect(first).toContain('href="/opendata?page=2" rel="next"');
    const second = (await app.inject({ url: '/opendata?page=2' })).body;
    const all = [...cards(first), ...cards(second)];
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    // registered, then the all-KOV automatic ones, then each KOV's
    const kinds = all.map((x) => (!isAuto(x) ? 0 : x.startsWith('auto-all-') ? 1 : 2));
    expect(kinds).toEqual([...kinds].sort((a, b) => a - b));
    expect(kinds[0]).toBe(0);
    expect(kinds.at(-1)).toBe(2);
    expect(all).toContain(id);
    // the kind filter (kept by the pagination links), and a page past the end shows the last one
    const autos = (await app.inject({ url: '/opendata?kind=auto' })).body;
    expect(cards(autos).length).toBeGreaterThan(0);
    expect(cards(autos).every(isAuto)).toBe(true);
    const registered = (await app.inject({ url: '/opendata?kind=registered' })).body;
    expect(cards(registered).length).toBeGreaterThan(0);
    expect(cards(registered).some(isAuto)).toBe(false);
    expect((await app.inject({ url: '/opendata?theme=&page=2' })).body).toContain('href="/opendata?theme=&amp;page=1" rel="prev"');
    expect(cards((await app.inject({ url: '/opendata?kind=nonsense' })).body)).toHaveLength(24);
    expect(cards((await app.inject({ url: '/opendata?page=99' })).body)).toEqual(cards(second));
    // a KOV's page: its registered datasets, then its automatic ones; no other KOV's
    const kovPage = cards((await app.inject({ url: `/kov/${A}/opendata` })).body);
    expect(kovPage[0]).toBe(id);
    expect(kovPage).toContain(`auto-${A}-reports`);
    expect(kovPage.filter(isAuto).every((x) => x.startsWith(`auto-${A}-`))).toBe(true);
    expect(kovPage.findIndex(isAuto)).toBe(kovPage.filter((x) => !isAuto(x)).length);
    // in English and Russian too
    expect((await app.inject({ url: '/opendata?lang=en' })).body).toContain('The platform’s automatic datasets');
    expect((await app.inject({ url: '/opendata?lang=ru' })).body).toContain('Автоматические наборы данных платформы');
  });

  it('who may not: a resident, another KOV’s admin, anonymous', async () => {
    expect((await as.resident.get(`/kov/${A}/opendata/admin`)).statusCode).toBe(403);
    expect((await as.other.get(`/kov/${A}/opendata/admin/${id}`)).statusCode).toBe(403);
    expect((await app.inject({ url: `/kov/${A}/opendata/admin` })).statusCode).toBe(401);
    expect((await api('GET', `/api/v1/kov/${A}/opendata/datasets`, '')).statusCode).toBe(401);
  });

  it('the JSON API: a key creates, adds a link and a file, cannot review its own edit; a person reviews; read key reads only', async () => {
    const created = await api('POST', `/api/v1/kov/${A}/opendata/datasets`, writeKey, sampleMeta(A, { title: { et: 'Parkimistsoonid', en: 'Parking zones', ru: '' }, themes: ['TRAN'] }));
    expect(created.statusCode).toBe(201);
    const did = (created.json() as { id: string }).id;
    expect((await api('POST', `/api/v1/kov/${A}/opendata/datasets`, readKey, sampleMeta(A))).statusCode).toBe(403);
    const bad = await api('POST', `/api/v1/kov/${A}/opendata/datasets`, writeKey, { ...sampleMeta(A), themes: ['NOPE'] });
    expect(bad.statusCode).toBe(400);
    expect((await api('POST', `/api/v1/kov/${A}/opendata/datasets/${did}/links`, writeKey, { kind: 'api', title: { et: 'API', en: '', ru: '' }, url: 'https://api.example/v1', format: 'JSON' })).statusCode).toBe(201);
    const file = await api('POST', `/api/v1/kov/${A}/opendata/datasets/${did}/files`, writeKey, { name: 'tsoonid.csv', contentBase64: Buffer.from('tsoon;hind\nA;3\n').toString('base64') });
    expect(file.statusCode).toBe(201);
    expect((file.json() as { distributions: unknown[] }).distributions).toHaveLength(2);
    const own = await api('POST', `/api/v1/kov/${A}/opendata/datasets/${did}/review`, writeKey);
    expect(own.statusCode).toBe(409);
    expect((own.json() as { detail?: string }).detail).toMatch(/four eyes|nelja silma/i);
    expect((await as.reviewer.postForm(`/kov/${A}/opendata/admin/${did}`, `/kov/${A}/opendata/admin/${did}/review`, {})).statusCode).toBe(303);
    const pub = await api('POST', `/api/v1/kov/${A}/opendata/datasets/${did}/publish`, writeKey);
    expect(pub.statusCode).toBe(200);
    expect((pub.json() as { status: string; issued: string | null }).issued).not.toBeNull();
    const list = await api('GET', `/api/v1/kov/${A}/opendata/datasets?status=published`, readKey);
    expect((list.json() as { items: { id: string }[] }).items.map((x) => x.id).sort()).toEqual([id, did].sort());
    const pubApi = await app.inject({ url: '/api/v1/opendata/datasets' });
    expect((pubApi.json() as { items: { id: string }[] }).items.map((x) => x.id)).toContain(did);
    // another KOV's key cannot touch A's register
    expect((await api('GET', `/api/v1/kov/${B}/opendata/datasets`, readKey)).statusCode).toBe(403);
  });
});
