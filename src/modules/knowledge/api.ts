// The knowledge base's JSON API. Reading has the same visibility as the pages: anonymous callers get
// public articles; a signed-in official, or a KOV's API key, also the all-officials articles and that
// KOV's own. Writing is a KOV's: its authors (knowledge-author, KOV admins) or its API keys with the
// write scope create and edit the KOV's articles (for all officials, or for the KOV only) and their
// files, through the same service as the pages (every save a version, every step audited). ELVL's
// own articles are written on the pages only (there are no platform API keys).
//
//   GET    /api/v1/knowledge/articles?q=&domain=&page=          the list, or the Estonian full-text search
//   GET    /api/v1/knowledge/articles/:id                       one article (Markdown and sanitised HTML, files)
//   GET    /api/v1/kov/:kov/knowledge/articles                  the KOV's own articles, every visibility (knowledge.write)
//   POST   /api/v1/kov/:kov/knowledge/articles                  a new article (its version 1)
//   PUT    /api/v1/kov/:kov/knowledge/articles/:id              a new version of the KOV's article
//   POST   /api/v1/kov/:kov/knowledge/articles/:id/files        add a template file (base64)
//   DELETE /api/v1/kov/:kov/knowledge/articles/:id/files/:fid   remove a file
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireAction } from '../../kernel/auth.js';
import { badRequest, notFound } from '../../kernel/errors.js';
import { KovCode, commonErrors, problem } from '../../kernel/schema.js';
import { base64Bytes } from '../../kernel/upload.js';
import type { ArticleInput, Viewer } from './model.js';
import { DOMAINS, KINDS, LIMITS, VISIBILITIES, normalTags } from './model.js';
import { KNOWLEDGE_WRITE, viewerOf } from './permissions.js';
import type { ArticleView, FileView } from './service.js';
import { MAX_FILE_BYTES, MAX_QUERY, addFile, createArticle, getArticle, listArticles, ownedArticle, ownedArticles, removeFile, searchArticles, updateArticle } from './service.js';

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
const OwnedArticleOut = Type.Object({ ...ArticleOut.properties, helpful: Type.Object({ yes: Type.Integer(), no: Type.Integer() }) });
const ArticleIn = Type.Object(
  {
    kind: Lit(KINDS),
    domain: Lit(DOMAINS),
    visibility: Type.Union([Type.Literal('officials'), Type.Literal('kov')], { description: 'officials: every KOV’s officials; kov: this KOV’s officials only' }),
    tags: Type.Array(Type.String({ maxLength: LIMITS.tag }), { maxItems: LIMITS.tags, default: [] }),
    title: Type.Object(
      { et: Type.String({ minLength: 1, maxLength: LIMITS.title }), en: Type.String({ maxLength: LIMITS.title, default: '' }), ru: Type.String({ maxLength: LIMITS.title, default: '' }) },
      { additionalProperties: false },
    ),
    summary: Type.String({ maxLength: LIMITS.summary, default: '' }),
    bodyMd: Type.String({ minLength: 1, maxLength: LIMITS.body, description: 'Markdown; shown sanitised (no scripts, styles, frames or javascript: links)' }),
    note: Type.String({ maxLength: LIMITS.note, default: '', description: 'Why this version (shown in the history)' }),
  },
  { additionalProperties: false },
);
const FileIn = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'File name with its extension: pdf, docx, xlsx, odt, md, txt or csv (checked against the content)' }),
    contentBase64: Type.String({ maxLength: Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4, description: `The file, base64 (up to ${MAX_FILE_BYTES / 1024 / 1024} MB)` }),
  },
  { additionalProperties: false },
);
const writeErrors = { ...commonErrors, 413: problem('The body is too large') };
const writeSecurity: { [k: string]: string[] }[] = [{ apiKey: [] }];
const KovParams = Type.Object({ kov: KovCode });
const IdParams = Type.Object({ kov: KovCode, id: Type.String({ maxLength: 64, description: 'The article’s id' }) });
const FileParams = Type.Object({ kov: KovCode, id: Type.String({ maxLength: 64 }), fid: Type.String({ maxLength: 64, description: 'The file’s id' }) });

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
/** One article with its Markdown, sanitised HTML and files (ArticleOut). */
const articleOut = (found: { article: ArticleView; files: FileView[] }) => {
  const a = found.article;
  return { ...summaryOut(a), markdown: a.bodyMd, html: a.bodyHtml, files: found.files.map((f) => fileOut(a.id, f)) };
};

/** What the service saves, from the API's body (tags trimmed and lower-cased as the form's). */
function inputOf(b: { kind: ArticleInput['kind']; domain: ArticleInput['domain']; visibility: 'officials' | 'kov'; tags?: string[]; title: { et: string; en?: string; ru?: string }; summary?: string; bodyMd: string; note?: string }): ArticleInput {
  return { kind: b.kind, domain: b.domain, visibility: b.visibility, tags: normalTags(b.tags ?? []), title: { et: b.title.et, en: b.title.en ?? '', ru: b.title.ru ?? '' }, summary: b.summary ?? '', bodyMd: b.bodyMd, note: b.note ?? '' };
}

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
      return articleOut(found);
    },
  );

  // ---------------------------------------------------------------- writing: the KOV's authors and write keys

  async function owned(kov: string, id: string) {
    const found = await ownedArticle(db, kov, id);
    if (!found) throw notFound('knowledge.error.notFound');
    return { ...articleOut(found), helpful: found.helpful };
  }

  r.get(
    '/api/v1/kov/:kov/knowledge/articles',
    {
      schema: {
        tags,
        security: writeSecurity,
        summary: 'The KOV’s own articles, every visibility, newest first (knowledge.write: the KOV’s authors and write keys)',
        params: KovParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Object(ArticleSummaryOut.properties)) }), ...commonErrors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      requireAction(req, kov, KNOWLEDGE_WRITE);
      reply.header('cache-control', 'private, no-store');
      return { items: (await ownedArticles(db, kov)).map(summaryOut) };
    },
  );

  r.post(
    '/api/v1/kov/:kov/knowledge/articles',
    {
      schema: {
        tags,
        security: writeSecurity,
        summary: 'A new article of the KOV, its version 1 (knowledge.write); audited',
        params: KovParams,
        body: ArticleIn,
        response: { 201: OwnedArticleOut, ...writeErrors },
      },
    },
    async (req, reply) => {
      const { kov } = req.params;
      const actor = requireAction(req, kov, KNOWLEDGE_WRITE);
      const { id } = await createArticle(db, kov, inputOf(req.body), actor);
      return reply.code(201).header('location', `/api/v1/knowledge/articles/${id}`).header('cache-control', 'no-store').send(await owned(kov, id));
    },
  );

  r.put(
    '/api/v1/kov/:kov/knowledge/articles/:id',
    {
      schema: {
        tags,
        security: writeSecurity,
        summary: 'Save a new version of the KOV’s article: the whole article, as on the form (knowledge.write); audited',
        params: IdParams,
        body: ArticleIn,
        response: { 200: OwnedArticleOut, ...writeErrors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, KNOWLEDGE_WRITE);
      await updateArticle(db, kov, id, inputOf(req.body), actor);
      reply.header('cache-control', 'no-store');
      return owned(kov, id);
    },
  );

  r.post(
    '/api/v1/kov/:kov/knowledge/articles/:id/files',
    {
      bodyLimit: MAX_FILE_BYTES * 2,
      schema: {
        tags,
        security: writeSecurity,
        summary: 'Add a file (a template) to the KOV’s article, base64 (knowledge.write); audited',
        params: IdParams,
        body: FileIn,
        response: { 201: OwnedArticleOut, ...writeErrors },
      },
    },
    async (req, reply) => {
      const { kov, id } = req.params;
      const actor = requireAction(req, kov, KNOWLEDGE_WRITE);
      const bytes = base64Bytes(req.body.contentBase64);
      if (!bytes) throw badRequest([{ field: 'file', reason: 'knowledge.error.fileMissing' }]);
      await addFile(db, kov, id, { name: req.body.name, bytes }, actor);
      return reply.code(201).header('cache-control', 'no-store').send(await owned(kov, id));
    },
  );

  r.delete(
    '/api/v1/kov/:kov/knowledge/articles/:id/files/:fid',
    {
      schema: {
        tags,
        security: writeSecurity,
        summary: 'Remove a file from the KOV’s article (knowledge.write); audited',
        params: FileParams,
        response: { 200: OwnedArticleOut, ...commonErrors },
      },
    },
    async (req, reply) => {
      const { kov, id, fid } = req.params;
      const actor = requireAction(req, kov, KNOWLEDGE_WRITE);
      await removeFile(db, kov, id, fid, actor);
      reply.header('cache-control', 'no-store');
      return owned(kov, id);
    },
  );
}
