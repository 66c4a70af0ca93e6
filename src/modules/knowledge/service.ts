// The knowledge base's commands and reads. Readers' transactions are bound to the viewer's KOV (or
// none), so row-level security never lets a one-KOV article of another KOV through; authors'
// transactions to the owner (a KOV, or '0000' for ELVL's articles, the platform's audit chain).
// Every save is a version; every change an official makes is audited in the same transaction.
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/audit.js';
import { PLATFORM_CHAIN, recordAudit } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, notFound } from '../../kernel/errors.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import type { Fragment } from '../../kernel/text-search.js';
import { excerpt, highlight, tsqueryLiteral, tsvectorLiteral } from '../../kernel/text-search.js';
import type { ArticleInput, DiffPart, Domain, Kind, Title, Viewer, Visibility } from './model.js';
import { PLATFORM_OWNER, checkInput, diffTexts, excerptText, plainText, renderMarkdown } from './model.js';
import * as repo from './repo.js';
import type { ArticleRow, FileRow, MentorRow, VersionRow } from './repo.js';

export type { Fragment };
export { PLATFORM_OWNER };

/** An article as pages and the API show it (never the raw row). */
export interface ArticleView {
  id: string;
  owner: string;
  kind: Kind;
  domain: Domain;
  visibility: Visibility;
  tags: string[];
  title: Title;
  summary: string;
  bodyMd: string;
  bodyHtml: string;
  versionNo: number;
  updatedAt: Date;
  updatedBy: string;
}

function view(r: ArticleRow): ArticleView {
  return {
    id: r.id,
    owner: r.kov_code,
    kind: r.kind,
    domain: r.domain,
    visibility: r.visibility,
    tags: r.tags,
    title: r.title,
    summary: r.summary,
    bodyMd: r.body_md,
    bodyHtml: r.body_html,
    versionNo: r.version_no,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

// ---------------------------------------------------------------- reading

export const PAGE_SIZE = 20;
/** The longest query accepted. */
export const MAX_QUERY = 200;

export interface ListResult {
  items: ArticleView[];
  total: number;
  page: number;
  pages: number;
}

export async function listArticles(db: Db, v: Viewer, f: { domain: Domain | null; kind: Kind | null; owner?: string | null }, page = 1): Promise<ListResult> {
  const p = Math.max(1, Math.min(page, 10_000));
  const r = await db.tx((t) => repo.visibleArticles(t, v, { domain: f.domain, kind: f.kind, owner: f.owner ?? null }, PAGE_SIZE, (p - 1) * PAGE_SIZE), { kov: v.kov });
  return { items: r.rows.map(view), total: r.total, page: p, pages: Math.max(1, Math.ceil(r.total / PAGE_SIZE)) };
}

export interface SearchHit {
  article: ArticleView;
  /** The title with the query's word forms marked. */
  title: Fragment[];
  excerpt: Fragment[];
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  page: number;
  pages: number;
}

/** Estonian full-text search over what the viewer sees: any form of every word, best first, highlighted. */
export async function searchArticles(db: Db, v: Viewer, q: string, domain: Domain | null, page = 1, locale: 'et' | 'en' | 'ru' = 'et'): Promise<SearchResult> {
  if (q.length > MAX_QUERY) throw badRequest([{ field: 'q', reason: 'knowledge.error.queryTooLong', vars: { max: MAX_QUERY } }]);
  const tsq = tsqueryLiteral(q);
  const p = Math.max(1, Math.min(page, 10_000));
  if (!tsq) return { hits: [], total: 0, page: p, pages: 1 };
  const r = await db.tx((t) => repo.searchArticles(t, v, tsq, domain, PAGE_SIZE, (p - 1) * PAGE_SIZE), { kov: v.kov });
  return {
    hits: r.rows.map((row) => {
      const a = view(row);
      const title = a.title[locale] || a.title.et;
      const body = `${a.summary} ${excerptText(a.bodyMd)}`;
      return { article: a, title: highlight(title, q), excerpt: excerpt(body, q) };
    }),
    total: r.total,
    page: p,
    pages: Math.max(1, Math.ceil(r.total / PAGE_SIZE)),
  };
}

export interface FileView {
  id: string;
  name: string;
  contentType: string;
  bytes: number;
  sha256: string;
  createdAt: Date;
}

const fileView = (f: FileRow): FileView => ({ id: f.id, name: f.name, contentType: f.content_type, bytes: f.bytes, sha256: f.sha256, createdAt: f.created_at });

/** An article the viewer sees, with its files; null when there is none (or the viewer may not see it). */
export async function getArticle(db: Db, v: Viewer, id: string): Promise<{ article: ArticleView; files: FileView[] } | null> {
  if (!UUID_RE.test(id)) return null;
  return db.tx(
    async (t) => {
      const r = await repo.visibleArticle(t, v, id);
      if (!r) return null;
      return { article: view(r), files: (await repo.filesOf(t, v, id)).map(fileView) };
    },
    { kov: v.kov },
  );
}

/**
 * The article's (sanitised) HTML with the query's word forms marked (<mark>) in its text, never
 * inside a tag: the text between tags is already escaped, so wrapping words in it is safe.
 */
export function markHtml(html: string, q: string): string {
  if (!tsqueryLiteral(q)) return html;
  return html
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith('<') ? part : highlight(part, q).map((f) => (f.hit ? `<mark>${f.text}</mark>` : f.text)).join('')))
    .join('');
}

export interface VersionView {
  no: number;
  title: Title;
  summary: string;
  bodyMd: string;
  tags: string[];
  visibility: Visibility;
  note: string;
  at: Date;
  by: string;
}

const versionView = (r: VersionRow): VersionView => ({
  no: r.version_no,
  title: r.title,
  summary: r.summary,
  bodyMd: r.body_md,
  tags: r.tags,
  visibility: r.visibility,
  note: r.note,
  at: r.created_at,
  by: r.created_by,
});

/** An article's versions, newest first; null when the viewer does not see the article. */
export async function articleVersions(db: Db, v: Viewer, id: string): Promise<{ article: ArticleView; versions: VersionView[] } | null> {
  if (!UUID_RE.test(id)) return null;
  return db.tx(
    async (t) => {
      const a = await repo.visibleArticle(t, v, id);
      if (!a) return null;
      return { article: view(a), versions: (await repo.versionsOf(t, v, id)).map(versionView) };
    },
    { kov: v.kov },
  );
}

export interface VersionDiff {
  article: ArticleView;
  from: VersionView;
  to: VersionView;
  title: DiffPart[];
  summary: DiffPart[];
  body: DiffPart[];
}

/** The word-level diff between two versions of an article the viewer sees; null when either is missing. */
export async function diffVersions(db: Db, v: Viewer, id: string, from: number, to: number): Promise<VersionDiff | null> {
  const h = await articleVersions(db, v, id);
  if (!h) return null;
  const a = h.versions.find((x) => x.no === from);
  const b = h.versions.find((x) => x.no === to);
  if (!a || !b) return null;
  return { article: h.article, from: a, to: b, title: diffTexts(a.title.et, b.title.et), summary: diffTexts(a.summary, b.summary), body: diffTexts(a.bodyMd, b.bodyMd) };
}

/** A template's file with its bytes, if the viewer sees its article. */
export async function getFile(db: Db, v: Viewer, articleId: string, fileId: string): Promise<(FileView & { data: Buffer }) | null> {
  if (!UUID_RE.test(articleId) || !UUID_RE.test(fileId)) return null;
  const f = await db.tx((t) => repo.visibleFile(t, v, articleId, fileId), { kov: v.kov });
  return f ? { ...fileView(f), data: Buffer.from(f.data) } : null;
}

// ---------------------------------------------------------------- was this helpful

/** A signed-in person's key for their answers: a digest of their (already keyed) ID-code hash. */
const voterOf = (idcodeHash: string) => createHash('sha256').update(`knowledge/helpful\n${idcodeHash}`).digest();

/**
 * Records "was this helpful" on an article the viewer sees: one answer per signed-in person (a new
 * one replaces it), anonymous ones as they come (the route limits their rate).
 */
export async function answerHelpful(db: Db, v: Viewer, id: string, helpful: boolean, person: { idcodeHash: string } | null): Promise<void> {
  if (!UUID_RE.test(id)) throw notFound('knowledge.error.notFound');
  await db.tx(
    async (t) => {
      const a = await repo.visibleArticle(t, v, id);
      if (!a) throw notFound('knowledge.error.notFound');
      if (person) await repo.upsertHelpful(t, a.kov_code, a.id, voterOf(person.idcodeHash), helpful, uuidv7());
      else await repo.insertAnonymousHelpful(t, a.kov_code, a.id, helpful, uuidv7());
    },
    { kov: v.kov },
  );
}

/** The person's own answer on an article (null: none yet). */
export async function myHelpful(db: Db, v: Viewer, id: string, person: { idcodeHash: string }): Promise<boolean | null> {
  if (!UUID_RE.test(id)) return null;
  return db.tx((t) => repo.helpfulOf(t, id, voterOf(person.idcodeHash)), { kov: v.kov });
}

/** The counts of an owner's article (for its editors). */
export async function helpfulCounts(db: Db, owner: string, id: string): Promise<{ yes: number; no: number }> {
  return db.tx((t) => repo.helpfulCounts(t, id), { kov: owner });
}

// ---------------------------------------------------------------- writing (an owner's authors)

const auditChain = (owner: string) => (owner === PLATFORM_OWNER ? PLATFORM_CHAIN : owner);

function clean(x: ArticleInput): ArticleInput {
  return {
    ...x,
    title: { et: x.title.et.trim(), en: x.title.en.trim(), ru: x.title.ru.trim() },
    summary: x.summary.trim(),
    note: x.note.trim(),
  };
}

/** The search vector of an article: title (all languages) A, summary and tags B, body C. */
function searchOf(x: ArticleInput): string {
  return tsvectorLiteral([
    { text: `${x.title.et} ${x.title.en} ${x.title.ru}`, weight: 'A' },
    { text: `${x.summary} ${x.tags.join(' ')}`, weight: 'B' },
    { text: plainText(x.bodyMd), weight: 'C' },
  ]);
}

/** A new article (its version 1). */
export async function createArticle(db: Db, owner: string, input: ArticleInput, actor: Actor): Promise<{ id: string }> {
  const x = clean(input);
  const errors = checkInput(owner, x);
  if (errors.length) throw badRequest(errors);
  const id = uuidv7();
  await db.tx(
    async (t) => {
      await repo.insertArticle(t, {
        id,
        kov_code: owner,
        kind: x.kind,
        domain: x.domain,
        visibility: x.visibility,
        tags: x.tags,
        title: x.title,
        summary: x.summary,
        body_md: x.bodyMd,
        body_html: renderMarkdown(x.bodyMd),
        search: searchOf(x),
        created_by: actor.name,
        updated_by: actor.name,
      });
      await repo.insertVersion(t, owner, id, 1, { title: x.title, summary: x.summary, body_md: x.bodyMd, tags: x.tags, visibility: x.visibility, note: x.note, created_by: actor.name });
      await recordAudit(t, { kov: auditChain(owner), actor, action: 'knowledge.article.create', targetType: 'knowledge_article', targetId: id, before: null, after: { title: x.title.et, visibility: x.visibility, version: 1 } });
    },
    { kov: owner },
  );
  return { id };
}

/** Saves a new version of an owner's article. */
export async function updateArticle(db: Db, owner: string, id: string, input: ArticleInput, actor: Actor): Promise<{ versionNo: number }> {
  const x = clean(input);
  const errors = checkInput(owner, x);
  if (errors.length) throw badRequest(errors);
  if (!UUID_RE.test(id)) throw notFound('knowledge.error.notFound');
  return db.tx(
    async (t) => {
      const before = await repo.ownedArticle(t, owner, id, true);
      if (!before) throw notFound('knowledge.error.notFound');
      const no = await repo.updateArticle(t, owner, {
        id,
        kind: x.kind,
        domain: x.domain,
        visibility: x.visibility,
        tags: x.tags,
        title: x.title,
        summary: x.summary,
        body_md: x.bodyMd,
        body_html: renderMarkdown(x.bodyMd),
        search: searchOf(x),
        updated_by: actor.name,
      });
      if (no === null) throw notFound('knowledge.error.notFound');
      await repo.insertVersion(t, owner, id, no, { title: x.title, summary: x.summary, body_md: x.bodyMd, tags: x.tags, visibility: x.visibility, note: x.note, created_by: actor.name });
      await recordAudit(t, {
        kov: auditChain(owner),
        actor,
        action: 'knowledge.article.update',
        targetType: 'knowledge_article',
        targetId: id,
        before: { title: before.title.et, visibility: before.visibility, version: before.version_no },
        after: { title: x.title.et, visibility: x.visibility, version: no, note: x.note },
      });
      return { versionNo: no };
    },
    { kov: owner },
  );
}

/** An owner's articles (for its authors). */
export async function ownedArticles(db: Db, owner: string): Promise<ArticleView[]> {
  return (await db.tx((t) => repo.ownedArticles(t, owner), { kov: owner })).map(view);
}

/** An owner's article with its files and the helpful counts (for its authors). */
export async function ownedArticle(db: Db, owner: string, id: string): Promise<{ article: ArticleView; files: FileView[]; helpful: { yes: number; no: number } } | null> {
  if (!UUID_RE.test(id)) return null;
  return db.tx(
    async (t) => {
      const r = await repo.ownedArticle(t, owner, id);
      if (!r) return null;
      return { article: view(r), files: (await repo.ownedFiles(t, owner, id)).map(fileView), helpful: await repo.helpfulCounts(t, id) };
    },
    { kov: owner },
  );
}

/** A template file may be up to 5 MB. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The file kinds a template may be, by content: the type we serve it as and the extension. */
const FILE_KINDS: { type: string; ext: string[]; sniff: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', ext: ['pdf'], sniff: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: ['docx'],
    sniff: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: ['xlsx'],
    sniff: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  { type: 'application/vnd.oasis.opendocument.text', ext: ['odt'], sniff: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) },
  { type: 'text/markdown; charset=utf-8', ext: ['md'], sniff: isText },
  { type: 'text/plain; charset=utf-8', ext: ['txt'], sniff: isText },
  { type: 'text/csv; charset=utf-8', ext: ['csv'], sniff: isText },
];

function isText(b: Buffer): boolean {
  if (b.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** The type a file is served as, by its extension and checked against its content; null when refused. */
export function fileTypeOf(name: string, bytes: Buffer): string | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const k = FILE_KINDS.find((x) => x.ext.includes(ext));
  return k && k.sniff(bytes) ? k.type : null;
}

export async function addFile(db: Db, owner: string, articleId: string, file: { name: string; bytes: Buffer }, actor: Actor): Promise<{ id: string }> {
  if (file.bytes.length === 0) throw badRequest([{ field: 'file', reason: 'knowledge.error.fileMissing' }]);
  if (file.bytes.length > MAX_FILE_BYTES) throw badRequest([{ field: 'file', reason: 'knowledge.error.fileSize', vars: { mb: MAX_FILE_BYTES / 1024 / 1024 } }]);
  const name = file.name.replace(/[/\\]/g, '_').replace(/\p{Cc}/gu, '').trim().slice(-200);
  const type = fileTypeOf(name, file.bytes);
  if (!name || !type) throw badRequest([{ field: 'file', reason: 'knowledge.error.fileType' }]);
  if (!UUID_RE.test(articleId)) throw notFound('knowledge.error.notFound');
  const id = uuidv7();
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  await db.tx(
    async (t) => {
      const a = await repo.ownedArticle(t, owner, articleId, true);
      if (!a) throw notFound('knowledge.error.notFound');
      await repo.insertFile(t, owner, { id, article_id: a.id, name, content_type: type, bytes: file.bytes.length, sha256, data: file.bytes, created_by: actor.name });
      await recordAudit(t, { kov: auditChain(owner), actor, action: 'knowledge.file.add', targetType: 'knowledge_article', targetId: a.id, before: null, after: { file: id, name, bytes: file.bytes.length, sha256 } });
    },
    { kov: owner },
  );
  return { id };
}

export async function removeFile(db: Db, owner: string, articleId: string, fileId: string, actor: Actor): Promise<void> {
  if (!UUID_RE.test(articleId) || !UUID_RE.test(fileId)) throw notFound('knowledge.error.notFound');
  await db.tx(
    async (t) => {
      const f = await repo.deleteFile(t, owner, articleId, fileId);
      if (!f) throw notFound('knowledge.error.notFound');
      await recordAudit(t, { kov: auditChain(owner), actor, action: 'knowledge.file.remove', targetType: 'knowledge_article', targetId: articleId, before: { file: f.id, name: f.name, sha256: f.sha256 }, after: null });
    },
    { kov: owner },
  );
}

// ---------------------------------------------------------------- the E-ITS mentor list

export interface MentorView {
  id: string;
  name: string;
  kov: string;
  email: string;
  topics: string[];
  helps: string[];
}

const mentorView = (m: MentorRow): MentorView => ({ id: m.id, name: m.name, kov: m.mentor_kov, email: m.email, topics: m.topics, helps: m.helps });

export async function listMentors(db: Db): Promise<MentorView[]> {
  return (await db.tx((t) => repo.mentors(t), { kov: PLATFORM_CHAIN })).map(mentorView);
}

const KOV_RE = /^\d{4}$/;

/** Adds a mentor (ELVL's editors). */
export async function addMentor(db: Db, m: { name: string; kov: string; email: string; topics: string[]; helps: string[] }, actor: Actor): Promise<{ id: string }> {
  const e = [];
  const name = m.name.trim();
  if (!name || name.length > 200) e.push({ field: 'name', reason: 'knowledge.error.required' });
  if (!KOV_RE.test(m.kov)) e.push({ field: 'kov', reason: 'knowledge.error.choose' });
  if (m.email.length > 200 || (m.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(m.email))) e.push({ field: 'email', reason: 'knowledge.error.email' });
  if (m.helps.some((k) => !KOV_RE.test(k))) e.push({ field: 'helps', reason: 'knowledge.error.kovCodes' });
  if (e.length) throw badRequest(e);
  const id = uuidv7();
  await db.tx(
    async (t) => {
      await repo.insertMentor(t, { id, name, mentor_kov: m.kov, email: m.email.trim(), topics: m.topics, helps: [...new Set(m.helps)] }, actor.name);
      await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'knowledge.mentor.add', targetType: 'knowledge_mentor', targetId: id, before: null, after: { name, kov: m.kov, helps: m.helps } });
    },
    { kov: PLATFORM_CHAIN },
  );
  return { id };
}

export async function endMentor(db: Db, id: string, actor: Actor): Promise<void> {
  if (!UUID_RE.test(id)) throw notFound();
  await db.tx(
    async (t) => {
      const m = await repo.endMentor(t, id, actor.name);
      if (!m) throw notFound();
      await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'knowledge.mentor.end', targetType: 'knowledge_mentor', targetId: id, before: { name: m.name, kov: m.mentor_kov }, after: null });
    },
    { kov: PLATFORM_CHAIN },
  );
}
