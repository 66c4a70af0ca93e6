// The public catalogue over HTTP (app.inject, PGlite and PostgreSQL with TEST_DATABASE_URL): pages,
// the CPSV-AP documents (media types, ETag, 404 problem), the national portal's change feed, and
// Estonian full-text search (word forms, highlights, paging). Another KOV's drafts never appear in
// pages, search, documents or the feed; the demo-like catalogue validates against the official
// CPSV-AP 3.2 shapes when read back from /cpsv/*.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock, resetClock, advanceClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { engine, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { jsonLdStore, turtleStore, validate } from './cpsv-shacl.js';
import { SERVICES_KOV as A, SERVICES_OTHER_KOV as B, createService, publishedService } from './fixtures.js';
import { archiveService } from './service.js';
import { FIXTURE_ACTOR } from './fixtures.js';
import { prefixTerms } from './public-queries.js';

let db: Db;
let app: FastifyInstance;
const ids: Record<string, { id: string; slug: string }> = {};

beforeAll(async () => {
  setClock('2026-12-01T09:00:00Z');
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu', 'linn');
  await seedTenant(db, '0198', 'Harku vald');
  ids.kg = await publishedService(db, A, {
    name: { et: 'Lasteaiakoha taotlemine', en: 'Applying for a kindergarten place', ru: '' },
    description: { et: 'Lapsevanem taotleb lapsele kohta munitsipaallasteaias. Lasteaed võtab lapse vastu pärast otsust.', en: 'A parent applies for a place in a municipal kindergarten.', ru: '' },
    lifeEvents: ['kindergarten'],
    audiences: ['families'],
    keywords: ['lasteaed'],
  });
  ids.birth = await publishedService(db, A, { relatedServices: [ids.kg.id] });
  ids.parking = await publishedService(db, A, {
    name: { et: 'Parkimisluba', en: 'Parking permit', ru: 'Разрешение на парковку' },
    description: { et: 'Elaniku parkimisluba kesklinnas.', en: 'A resident’s parking permit in the centre.', ru: 'Разрешение на парковку для жителя.' },
    lifeEvents: [],
    audiences: ['residents'],
    keywords: ['parkimine'],
    channels: [{ kind: 'eservice', url: 'https://parkimine.example.ee', address: '', openingHours: '', phone: '', email: '', costCents: 1250, processingTime: 'P2D' }],
  });
  // another KOV: one published, one draft that must never appear anywhere
  ids.bPub = await publishedService(db, B, { name: { et: 'Tartu lasteaiakoht', en: '', ru: '' }, lifeEvents: ['kindergarten'] });
  ids.bDraft = await createService(db, B, { name: { et: 'Salajane lasteaia mustand', en: '', ru: '' }, description: { et: 'Mustand lasteaed salajane', en: '', ru: '' } });
  advanceClock(60_000);
  ids.archived = await publishedService(db, A, { name: { et: 'Vana toetus', en: '', ru: '' } });
  advanceClock(60_000);
  await archiveService(db, A, ids.archived.id, FIXTURE_ACTOR);
  app = await testApp(db);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  resetClock();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe(`public catalogue pages (${engine})`, () => {
  it('a KOV’s list shows its published services grouped by life event, filters by life event and audience', async () => {
    const r = await get(`/kov/${A}/services`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toMatch(/^public/);
    expect(r.headers.etag).toBeTruthy();
    expect(r.body).toContain('Lasteaiakoha taotlemine');
    expect(r.body).toContain('Parkimisluba');
    expect(r.body).toContain('Lasteaeda minek'); // the group's heading
    expect(r.body).not.toContain('Vana toetus'); // archived
    expect(r.body).not.toContain('Tartu lasteaiakoht');
    const f = await get(`/kov/${A}/services?event=kindergarten`);
    expect(f.body).toContain('Lasteaiakoha taotlemine');
    expect(f.body).not.toContain('Parkimisluba');
    const g = await get(`/kov/${A}/services?audience=residents`);
    expect(g.body).toContain('Parkimisluba');
    expect(g.body).not.toContain('Lasteaiakoha taotlemine');
    const again = await get(`/kov/${A}/services`, { 'if-none-match': r.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  it('a service page: texts in the reader’s language with Estonian fallback, channels with cost and time, legal basis, related services, CPSV-AP links', async () => {
    const r = await get(`/kov/${A}/services/${ids.parking!.slug}?lang=en`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Parking permit');
    expect(r.body).toContain('12,50 €');
    expect(r.body).toContain('2 days');
    expect(r.body).toContain('https://www.riigiteataja.ee/akt/SHS');
    expect(r.body).toContain(`/cpsv/${A}.jsonld`);
    const kg = await get(`/kov/${A}/services/${ids.kg!.slug}?lang=ru`);
    expect(kg.body).toContain('<span lang="et">Lasteaiakoha taotlemine</span>'); // no Russian name: Estonian, marked
    const birth = await get(`/kov/${A}/services/${ids.birth!.slug}`);
    expect(birth.body).toContain(`/kov/${A}/services/${ids.kg!.slug}`); // related service
    expect(birth.body).toContain('Viimati muudetud 01.12.2026');
  });

  it('another KOV’s services and drafts are not pages of this KOV; an unknown slug or KOV is 404', async () => {
    expect((await get(`/kov/${A}/services/${ids.bPub!.slug}`)).statusCode).toBe(404);
    expect((await get(`/kov/${B}/services/${ids.bDraft!.slug}`)).statusCode).toBe(404);
    expect((await get(`/kov/${A}/services/${ids.archived!.slug}`)).statusCode).toBe(404);
    expect((await get('/kov/9999/services')).statusCode).toBe(404);
  });

  it('/services lists the KOVs with services and the life events; the search page answers', async () => {
    const r = await get('/services');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`/kov/${A}/services`);
    expect(r.body).toContain(`/kov/${B}/services`);
    expect(r.body).not.toContain('/kov/0198/services'); // no services published
    expect(r.body).toContain('/services/search?event=kindergarten');
    const s = await get('/services/search');
    expect(s.statusCode).toBe(200);
  });
});

describe(`search (${engine})`, () => {
  it('prefix terms for Estonian word forms', () => {
    expect(prefixTerms('lasteaia')).toEqual(['laste']);
    expect(prefixTerms('toetuse -parkimine "x"')).toEqual(['toet']);
    expect(prefixTerms('a & b:* | c')).toEqual([]);
  });

  it('"lasteaia" finds the kindergarten services of every KOV, with highlights, never a draft', async () => {
    const r = await get('/services/search?q=lasteaia');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`/kov/${A}/services/${ids.kg!.slug}`);
    expect(r.body).toContain(`/kov/${B}/services/${ids.bPub!.slug}`);
    expect(r.body).toContain('<mark>Lasteaed</mark> võtab'); // "lasteaia" found "Lasteaed"
    expect(r.body).not.toContain('Salajane');
    expect(r.body).not.toContain('Parkimisluba');
    expect(r.body).toMatch(/<mark>Lasteaia\w*<\/mark>/);
  });

  it('one KOV only, by life event without words, paging', async () => {
    const one = await get(`/services/search?q=lasteaed&kov=${A}`);
    expect(one.body).toContain(`/kov/${A}/services/${ids.kg!.slug}`);
    expect(one.body).not.toContain(`/kov/${B}/services/`);
    const ev = await get('/services/search?event=kindergarten');
    expect(ev.body).toContain('Leitud 2 teenust.');
    const far = await get('/services/search?q=lasteaed&page=5');
    expect(far.statusCode).toBe(200);
    expect(far.body).not.toContain(`/kov/${A}/services/${ids.kg!.slug}`);
  });

  it('HTML in the query is text; an over-long query is a 400 page', async () => {
    const r = await get(`/services/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain('<script>alert(1)');
    expect((await get(`/services/search?q=${'a'.repeat(201)}`)).statusCode).toBe(400);
  });
});

describe(`CPSV-AP documents (${engine})`, () => {
  it('JSON-LD and Turtle with their media types, ETag and 304; the KOV’s published services only', async () => {
    const j = await get(`/cpsv/${A}.jsonld`);
    expect(j.statusCode).toBe(200);
    expect(j.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(j.headers['cache-control']).toBe('public, max-age=300');
    expect(j.body).toContain(ids.kg!.id);
    expect(j.body).not.toContain(ids.archived!.id);
    expect(j.body).not.toContain(ids.bPub!.id);
    expect((await get(`/cpsv/${A}.jsonld`, { 'if-none-match': j.headers.etag as string })).statusCode).toBe(304);
    const t = await get(`/cpsv/${A}.ttl`);
    expect(t.headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect(t.body).toContain('cpsv:PublicService');
  });

  it('what /cpsv serves conforms to the official CPSV-AP 3.2 shapes, per KOV and for all KOVs, as Turtle and as JSON-LD', async () => {
    for (const f of [A, B, 'all']) {
      const t = await validate(turtleStore((await get(`/cpsv/${f}.ttl`)).body));
      expect(t.messages).toEqual([]);
      expect(t.conforms).toBe(true);
      const j = await validate(await jsonLdStore(JSON.parse((await get(`/cpsv/${f}.jsonld`)).body)));
      expect(j.messages).toEqual([]);
      expect(j.conforms).toBe(true);
    }
    const all = (await get('/cpsv/all.jsonld')).body;
    expect(all).toContain(ids.bPub!.id);
    expect(all).not.toContain(ids.bDraft!.id);
  });

  it('an unknown KOV or file name is a 404 problem document', async () => {
    for (const url of ['/cpsv/9999.jsonld', '/cpsv/0784.xml', '/cpsv/x.ttl']) {
      const r = await get(url, { accept: 'text/turtle' });
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(r.body).status).toBe(404);
    }
  });
});

describe(`the national portal's change feed (${engine})`, () => {
  it('changes since a time across KOVs, oldest first, with CPSV-AP links; an archiving appears; drafts never', async () => {
    const r = await get('/api/v1/services/changes?since=2026-12-01T00:00:00Z');
    expect(r.statusCode).toBe(200);
    const body = JSON.parse(r.body) as { changes: { kind: string; at: string; kov: { code: string }; service: { id: string }; cpsv: { jsonld: string } }[]; next: string | null };
    const sids = body.changes.map((c) => c.service.id);
    expect(sids).toContain(ids.bPub!.id);
    expect(sids).not.toContain(ids.bDraft!.id);
    expect(body.changes.filter((c) => c.service.id === ids.archived!.id).map((c) => c.kind)).toEqual(['published', 'archived']);
    expect(body.changes.map((c) => c.at)).toEqual([...body.changes.map((c) => c.at)].sort());
    expect(body.changes.find((c) => c.kov.code === B)!.cpsv.jsonld).toMatch(new RegExp(`/cpsv/${B}\\.jsonld$`));
    expect(body.next).toBeNull();
  });

  it('cursor paging: pages of 2 give the same changes as one page', async () => {
    const all = JSON.parse((await get('/api/v1/services/changes?since=2026-12-01T00:00:00Z&limit=1000')).body).changes.map((c: { id: string }) => c.id);
    const seen: string[] = [];
    let url: string | null = '/api/v1/services/changes?since=2026-12-01T00:00:00Z&limit=2';
    while (url) {
      const b = JSON.parse((await get(url)).body) as { changes: { id: string }[]; next: string | null; nextUrl: string | null };
      seen.push(...b.changes.map((c) => c.id));
      url = b.nextUrl ? b.nextUrl.replace(/^https?:\/\/[^/]+/, '') : null;
    }
    expect(seen).toEqual(all);
    expect(seen.length).toBeGreaterThan(2);
  });

  it('later `since` leaves out older changes; a bad since or cursor is a 400 problem', async () => {
    const late = JSON.parse((await get('/api/v1/services/changes?since=2026-12-01T09:01:30Z')).body).changes;
    expect(late.map((c: { kind: string }) => c.kind)).toEqual(['archived']);
    for (const url of ['/api/v1/services/changes?since=yesterday', '/api/v1/services/changes', '/api/v1/services/changes?since=2026-12-01T00:00:00Z&after=bad', '/api/v1/services/changes?since=2026-12-01T00:00:00Z&limit=0']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});


