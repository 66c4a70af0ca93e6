// The public catalogue's HTTP (services-public). Thin: parse → call the service → render.
//
//   GET /services                       every KOV: search box, life events, the KOVs with services
//   GET /services/search?q=&kov=&event=&page=   Estonian full-text search, highlights, paging
//   GET /kov/:kov/services              a KOV's published services (?event=, ?audience=), grouped by life event
//   GET /kov/:kov/services/:slug        a published service's page
//   GET /cpsv/{kov}.jsonld|.ttl         a KOV's catalogue as CPSV-AP 3.2 (JSON-LD, Turtle)
//   GET /cpsv/all.jsonld|.ttl           every KOV's catalogue
//   GET /api/v1/services/changes        the national portal's change feed (portal.ts)
//
// Every page and document is the same for everyone: ETag, and Cache-Control public when the request
// is anonymous (kernel/http-cache.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../kernel/errors.js';
import { MicroCache, cacheHeaders, etagOfBody, sendCachedPage } from '../../kernel/http-cache.js';
import { translator } from '../../kernel/i18n.js';
import { loadTenant } from '../../kernel/tenants.js';
import { catalogueQuads, entryToCpsv } from './cpsv-entry.js';
import { kovQuads, toJsonLd, toTurtle } from './cpsv.js';
import type { CatalogueEntry } from './model.js';
import { AUDIENCES, LIFE_EVENTS } from './model.js';
import { portalRoutes } from './portal.js';
import { MAX_QUERY, kovsWithCounts, searchServices } from './public-queries.js';
import { publishedCatalogue } from './service.js';
import type { KovListFilter } from './views/public-catalogue.js';
import { KovServicesPage, SearchPage, ServicePage, ServicesIndexPage } from './views/public-catalogue.js';

/** Seconds a shared cache may keep a public page or document. */
const PAGE_MAX_AGE = 60;
const DOC_MAX_AGE = 300;

const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const CPSV_FILE = /^(\d{4}|all)\.(jsonld|ttl)$/;
const MEDIA = { jsonld: 'application/ld+json; charset=utf-8', ttl: 'text/turtle; charset=utf-8' } as const;

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const base = app.config.publicUrl;
  // the all-KOV documents are the largest answers: built at most every 10 s per format
  const allDocs = new MicroCache<{ body: string; etag: string }>(10_000, 4);

  // ------------------------------------------------------------------ all KOVs

  app.get('/services', { schema: { hide: true } }, async (req, reply) => {
    const [kovs, ctx] = [await kovsWithCounts(db), await req.pageCtx({ csrf: false })];
    return sendCachedPage(req, reply, ServicesIndexPage({ ctx, kovs }), PAGE_MAX_AGE);
  });

  app.get('/services/search', { schema: { hide: true } }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const text = one(q.q).trim();
    const kovParam = one(q.kov);
    const eventParam = one(q.event);
    const event = (LIFE_EVENTS as readonly string[]).includes(eventParam) ? eventParam : '';
    const page = Number.parseInt(one(q.page) || '1', 10) || 1;
    const ctx = await req.pageCtx({ csrf: false });
    const kovs = (await kovsWithCounts(db)).filter((k) => k.count > 0);
    const kov = kovs.some((k) => k.code === kovParam) ? kovParam : '';
    if (text.length > MAX_QUERY) {
      return reply.page(SearchPage({ ctx, q: text.slice(0, MAX_QUERY), kov, event, kovs, result: null, error: 'services.pub.search.tooLong' }), 400);
    }
    if (!text && !event) {
      const hasQ = 'q' in q;
      return sendCachedPage(req, reply, SearchPage({ ctx, q: '', kov, event, kovs, result: null, error: hasQ ? 'services.pub.search.empty' : undefined }), PAGE_MAX_AGE);
    }
    const result = await searchServices(db, { kov: kov || null, q: text, event: event || null, locale: ctx.locale, page });
    return sendCachedPage(req, reply, SearchPage({ ctx, q: text, kov, event, kovs, result }), PAGE_MAX_AGE);
  });

  // ------------------------------------------------------------------ a KOV's catalogue

  app.get('/kov/:kov/services', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as { kov: string };
    const q = req.query as Record<string, unknown>;
    const filter: KovListFilter = { event: one(q.event), audience: one(q.audience) };
    if (!(LIFE_EVENTS as readonly string[]).includes(filter.event)) filter.event = '';
    if (!(AUDIENCES as readonly string[]).includes(filter.audience)) filter.audience = '';
    const all = await publishedCatalogue(db, kov);
    const entries = all.filter(
      (e) => (!filter.event || (e.lifeEvents as string[]).includes(filter.event)) && (!filter.audience || (e.audiences as string[]).includes(filter.audience)),
    );
    const ctx = await req.pageCtx({ csrf: false });
    return sendCachedPage(req, reply, KovServicesPage({ ctx, kov, entries, total: all.length, filter }), PAGE_MAX_AGE);
  });

  app.get('/kov/:kov/services/:slug', { schema: { hide: true } }, async (req, reply) => {
    const { kov, slug } = req.params as { kov: string; slug: string };
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 80) throw notFound();
    const all = await publishedCatalogue(db, kov);
    const e = all.find((x) => x.slug === slug);
    if (!e) throw notFound();
    const related = e.relatedServices.map((id) => all.find((x) => x.id === id)).filter((x): x is CatalogueEntry => !!x);
    const ctx = await req.pageCtx({ csrf: false });
    return sendCachedPage(req, reply, ServicePage({ ctx, e, related }), PAGE_MAX_AGE);
  });

  // ------------------------------------------------------------------ CPSV-AP 3.2

  /** 404 as a problem document (whatever the Accept header: these are machine-readable URLs). */
  function noSuchCatalogue(req: FastifyRequest, reply: FastifyReply) {
    const t = req.t ?? translator('et');
    return reply
      .code(404)
      .type('application/problem+json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send({ type: 'https://vallamaja.ee/problems/not-found', title: t('error.notFound.title'), status: 404, instance: req.url.split('?')[0], errors: [{ field: 'kov', reason: t('tenant.unknown') }] });
  }

  async function document(kov: string | null, fmt: 'jsonld' | 'ttl'): Promise<{ body: string; etag: string } | null> {
    if (kov === null) {
      const hit = allDocs.get(fmt);
      if (hit) return hit;
    }
    let quads;
    if (kov === null) {
      quads = catalogueQuads(base, await publishedCatalogue(db, null));
    } else {
      const tenant = await loadTenant(db, kov);
      if (!tenant) return null;
      quads = kovQuads(base, { code: tenant.code, name: tenant.name }, (await publishedCatalogue(db, kov)).map(entryToCpsv));
    }
    const body = fmt === 'ttl' ? toTurtle(quads) : `${JSON.stringify(toJsonLd(quads), null, 1)}\n`;
    const doc = { body, etag: etagOfBody(body) };
    if (kov === null) allDocs.set(fmt, doc);
    return doc;
  }

  app.get('/cpsv/:file', { schema: { hide: true } }, async (req, reply) => {
    const { file } = req.params as { file: string };
    const m = CPSV_FILE.exec(file);
    if (!m) return noSuchCatalogue(req, reply);
    const fmt = m[2] as 'jsonld' | 'ttl';
    const doc = await document(m[1] === 'all' ? null : m[1]!, fmt);
    if (!doc) return noSuchCatalogue(req, reply);
    if (cacheHeaders(req, reply, doc.etag, { maxAge: DOC_MAX_AGE, shared: true })) return reply.code(304).send();
    return reply.type(MEDIA[fmt]).header('access-control-allow-origin', '*').send(doc.body);
  });

  await portalRoutes(app);
}
