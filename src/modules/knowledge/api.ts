// The knowledge base's JSON API (read-only): the same visibility as the pages. Anonymous callers
// get public articles; a signed-in official, or a KOV's API key, also the all-officials articles and
// that KOV's own.
//
//   GET /api/v1/knowledge/articles?q=&domain=&page=     the list, or the Estonian full-text search
//   GET /api/v1/knowledge/articles/:id                  one article (Markdown and sanitised HTML, files)
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../../kernel/errors.js';
import { commonErrors } from '../../kernel/schema.js';
import type { Viewer } from './model.js';
import { DOMAINS, KINDS, VISIBILITIES } from './model.js';
import { viewerOf } from './permissions.js';
import type { ArticleView, FileView } from './service.js';
import { MAX_QUERY, getArticle, listArticles, searchArticles } from './service.js';

const tags = ['knowledge'];
const security: { [k: string]: string[] }[] = [{}, { apiKey: [] }];
const Lit = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));

const TitleOut = Type.Object({ et: Type.String(), en: Type.String(), ru: Type.String() });
const ArticleSummaryOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  owner: Type.String({ description: 'EHAK code of the KOV whose article it is; 0000 for ELVL’s' }),
  kind: Lit(KINDS),
  domain: Lit(DOMAINS),
  visibility: Lit(VISIBILITIES),
  tags: Type.Array(Type.String()),
  title: TitleOut,
  summary: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  url: Type.String({ description: 'The article’s page' }),
});
const FileOut = Type.Object({ id: Type.String(), name: Type.String(), contentType: Type.String(), bytes: Type.Integer(), sha256: Type.String(), url: Type.String() });
const ArticleOut = Type.Object({
  ...ArticleSummaryOut.properties,
  markdown: Type.String(),
  html: Type.String({ description: 'Sanitised HTML made from the Markdown' }),
  files: Type.Array(FileOut),
});
const Fragments = Type.Array(Type.Object({ text: Type.String(), hit: Type.Boolean() }), { description: 'The text in pieces; hit: a form of a searched word' });
const ListOut = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pages: Type.Integer(),
  items: Type.Array(Type.Object({ ...ArticleSummaryOut.properties, highlight: Type.Optional(Type.Object({ title: Fragments, excerpt: Fragments })) })),
});

const summaryOut = (a: ArticleView) => ({
  id: a.id,
  owner: a.owner,
  kind: a.kind,
  domain: a.domain,
  visibility: a.visibility,
  tags: a.tags,
  title: a.title,
  summary: a.summary,
  version: a.versionNo,
  updatedAt: a.updatedAt.toISOString(),
  url: `/knowledge/a/${a.id}`,
});
const fileOut = (id: string, f: FileView) => ({ id: f.id, name: f.name, contentType: f.contentType, bytes: f.bytes, sha256: f.sha256, url: `/knowledge/a/${id}/files/${f.id}` });

/** The reader: an API key reads as its KOV's officials; a session as the person; else anonymous. */
function apiViewer(req: FastifyRequest): Viewer {
  if (req.apiKey) return { official: true, kov: req.apiKey.kov };
  return viewerOf(req.user);
}

export async function knowledgeApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  r.get(
    '/api/v1/knowledge/articles',
    {
      schema: {
        tags,
        security,
        summary: 'Knowledge base articles the caller sees, newest first, or found by an Estonian full-text search (q: any word form)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: MAX_QUERY })),
          domain: Type.Optional(Lit(DOMAINS)),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
        }),
        response: { 200: ListOut, ...commonErrors },
      },
    },
    async (req, reply) => {
      const v = apiViewer(req);
      const { q, domain, page } = req.query;
      reply.header('cache-control', 'private, no-store');
      if (q?.trim()) {
        const s = await searchArticles(db, v, q.trim(), domain ?? null, page ?? 1);
        return { total: s.total, page: s.page, pages: s.pages, items: s.hits.map((h) => ({ ...summaryOut(h.article), highlight: { title: h.title, excerpt: h.excerpt } })) };
      }
      const l = await listArticles(db, v, { domain: domain ?? null, kind: null }, page ?? 1);
      return { total: l.total, page: l.page, pages: l.pages, items: l.items.map(summaryOut) };
    },
  );

  r.get(
    '/api/v1/knowledge/articles/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One knowledge base article the caller sees, with its Markdown, sanitised HTML and files',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: ArticleOut, ...commonErrors },
      },
    },
    async (req, reply) => {
      const found = await getArticle(db, apiViewer(req), req.params.id);
      if (!found) throw notFound('knowledge.error.notFound');
      reply.header('cache-control', 'private, no-store');
      const a = found.article;
      return { ...summaryOut(a), markdown: a.bodyMd, html: a.bodyHtml, files: found.files.map((f) => fileOut(a.id, f)) };
    },
  );
}
