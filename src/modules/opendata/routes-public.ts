// The public open-data catalogue's HTTP. Thin: parse → call the service → render.
//
//   GET /opendata?q=&kov=&theme=        every KOV's published datasets (and the platform's), filtered
//   GET /kov/:kov/opendata              a KOV's published datasets
//   GET /opendata/:id                   a dataset's page with its distributions
//   GET /opendata/files/:did/:name      a published file (stable URL; Content-Type, -Disposition, ETag)
//   GET /dcat/catalog.ttl|.jsonld       the whole catalogue as DCAT-AP 3.0 (for the national portal)
//
// Every page and document is the same for everyone: ETag, and Cache-Control public when anonymous.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../kernel/errors.js';
import { MicroCache, cacheHeaders, etagOfBody, sendCachedPage } from '../../kernel/http-cache.js';
import { translator } from '../../kernel/i18n.js';
import { loadTenant } from '../../kernel/tenants.js';
import type { DcatDataset } from './catalog.js';
import { catalogueQuads, toJsonLd, toTurtle } from './dcat.js';
import { sendFile } from './files.js';
import { THEMES } from './model.js';
import { areaNames, catalogueDatasets, publicFile, publishedDataset } from './service.js';
import type { PublicFilter } from './views/pages.js';
import { DatasetPage, KovPublicPage, PublicIndexPage } from './views/pages.js';

const PAGE_MAX_AGE = 60;
const DOC_MAX_AGE = 300;
const MEDIA = { jsonld: 'application/ld+json; charset=utf-8', ttl: 'text/turtle; charset=utf-8' } as const;
const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** Whether a dataset matches every word of the search (title, description, keywords; any language). */
function matches(d: DcatDataset, q: string): boolean {
  const words = q.toLocaleLowerCase('et').split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = [d.title.et, d.title.en, d.title.ru, d.description.et, d.description.en, d.description.ru, ...d.keywords].join(' ').toLocaleLowerCase('et');
  return words.every((w) => hay.includes(w));
}

/** The DCAT-AP documents of a catalogue. */
export async function dcatDocuments(base: string, datasets: DcatDataset[], names: ReadonlyMap<string, string>): Promise<{ ttl: string; jsonld: string }> {
  const modified = datasets.map((d) => d.modified).filter((m): m is string => !!m).sort().pop() ?? null;
  const quads = catalogueQuads({ base, kovNames: names, modified }, datasets);
  return { ttl: toTurtle(quads), jsonld: `${JSON.stringify(toJsonLd(quads), null, 1)}\n` };
}

/** Datasets on one page of /opendata. */
export const PUBLIC_PAGE_SIZE = 24;
/** The kind filter of /opendata: the KOVs' registered datasets, or the platform's automatic ones. */
export const PUBLIC_KINDS = ['registered', 'auto'] as const;

/**
 * The public list's order: the KOVs' registered datasets first (the catalogue's order: by KOV, then
 * oldest first), then the platform's all-KOV automatic datasets, then each KOV's automatic ones.
 */
export function publicOrder(items: readonly DcatDataset[]): DcatDataset[] {
  const rank = (d: DcatDataset) => (!d.auto ? 0 : d.kov === null ? 1 : 2);
  return items.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map((x) => x.d);
}

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const base = app.config.publicUrl;
  const docs = new MicroCache<{ ttl: { body: string; etag: string }; jsonld: { body: string; etag: string } }>(10_000, 1);

  app.get('/opendata', { schema: { hide: true } }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const all = await catalogueDatasets(db);
    const names = await areaNames(db, all.map((d) => d.kov).filter((k): k is string => !!k));
    const kovs = [...names.entries()].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'et'));
    const filter: PublicFilter = { q: one(q.q).trim().slice(0, 100), kov: one(q.kov), theme: one(q.theme), kind: one(q.kind) };
    if (!kovs.some((k) => k.code === filter.kov)) filter.kov = '';
    if (!(THEMES as readonly string[]).includes(filter.theme)) filter.theme = '';
    if (!(PUBLIC_KINDS as readonly string[]).includes(filter.kind)) filter.kind = '';
    const found = all.filter(
      (d) =>
        (!filter.kov || d.kov === filter.kov) &&
        (!filter.theme || d.themes.includes(filter.theme)) &&
        (!filter.kind || (filter.kind === 'auto') === d.auto) &&
        matches(d, filter.q),
    );
    const items = publicOrder(found);
    const pages = Math.max(1, Math.ceil(items.length / PUBLIC_PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(one(q.page), 10) || 1));
    const ctx = await req.pageCtx({ csrf: false });
    return sendCachedPage(
      req,
      reply,
      PublicIndexPage({ ctx, items: items.slice((page - 1) * PUBLIC_PAGE_SIZE, page * PUBLIC_PAGE_SIZE), total: items.length, page, pages, filter, kovs, kovNames: names }),
      PAGE_MAX_AGE,
    );
  });

  app.get('/kov/:kov/opendata', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as { kov: string };
    const tenant = await loadTenant(db, kov);
    if (!tenant) throw notFound();
    // the KOV's registered datasets, then the platform's automatic datasets of the KOV
    const items = publicOrder(await catalogueDatasets(db, [], kov));
    const ctx = await req.pageCtx({ csrf: false });
    return sendCachedPage(req, reply, KovPublicPage({ ctx, kov: { code: kov, name: tenant.name }, items }), PAGE_MAX_AGE);
  });

  app.get('/opendata/:id', { schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const d = (await publishedDataset(db, id)) ?? (await catalogueDatasets(db)).find((x) => x.id === id && x.auto) ?? null;
    if (!d) throw notFound('opendata.error.notFound');
    const names = await areaNames(db, [d.kov, d.spatial].filter((c): c is string => !!c));
    const ctx = await req.pageCtx({ csrf: false });
    return sendCachedPage(req, reply, DatasetPage({ ctx, d, kovName: d.kov ? (names.get(d.kov) ?? null) : null, spatialName: d.spatial ? (names.get(d.spatial) ?? null) : null }), PAGE_MAX_AGE);
  });

  app.get('/opendata/files/:did/:name', { schema: { hide: true } }, async (req, reply) => {
    const { did } = req.params as { did: string };
    const f = await publicFile(db, did);
    if (!f) throw notFound('opendata.error.distNotFound');
    reply.header('access-control-allow-origin', '*');
    return sendFile(req, reply, f, `public, max-age=${DOC_MAX_AGE}`);
  });

  // ------------------------------------------------------------------ DCAT-AP 3.0

  function noSuchDocument(req: FastifyRequest, reply: FastifyReply) {
    const t = req.t ?? translator('et');
    return reply
      .code(404)
      .type('application/problem+json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send({ type: 'https://vallamaja.ee/problems/not-found', title: t('error.notFound.title'), status: 404, instance: req.url.split('?')[0] });
  }

  app.get('/dcat/:file', { schema: { hide: true } }, async (req, reply) => {
    const { file } = req.params as { file: string };
    const fmt = file === 'catalog.ttl' ? 'ttl' : file === 'catalog.jsonld' ? 'jsonld' : null;
    if (!fmt) return noSuchDocument(req, reply);
    let hit = docs.get('all');
    if (!hit) {
      const all = await catalogueDatasets(db);
      const names = await areaNames(db, all.flatMap((d) => [d.kov, d.spatial]).filter((c): c is string => !!c));
      const { ttl, jsonld } = await dcatDocuments(base, all, names);
      hit = { ttl: { body: ttl, etag: etagOfBody(ttl) }, jsonld: { body: jsonld, etag: etagOfBody(jsonld) } };
      docs.set('all', hit);
    }
    const doc = hit[fmt];
    if (cacheHeaders(req, reply, doc.etag, { maxAge: DOC_MAX_AGE, shared: true })) return reply.code(304).send();
    return reply.type(MEDIA[fmt]).header('access-control-allow-origin', '*').send(doc.body);
  });
}
