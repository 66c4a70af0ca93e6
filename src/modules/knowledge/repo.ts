// Every SQL statement of the knowledge base, on its own tables only. Each function takes a Tx: a
// reader's transaction is bound to the viewer's KOV (or none), so row-level security never shows a
// one-KOV article of another KOV; the queries' visibility clause (VISIBLE) then narrows the shared
// articles to what the viewer may see (anonymous: public only).
import type { Tx } from '../../kernel/db.js';
import type { Domain, Kind, Title, Visibility } from './model.js';

export interface ArticleRow {
  id: string;
  kov_code: string;
  kind: Kind;
  domain: Domain;
  visibility: Visibility;
  tags: string[];
  title: Title;
  summary: string;
  body_md: string;
  body_html: string;
  version_no: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

const COLS = `a.id, a.kov_code, a.kind, a.domain, a.visibility, a.tags, a.title, a.summary, a.body_md, a.body_html,
              a.version_no, a.created_at, a.created_by, a.updated_at, a.updated_by`;

/**
 * What a viewer sees, with the viewer's two parameters: $official (boolean) and $kov (text, null
 * for none). Row-level security already hides other KOVs' one-KOV articles; this says the rest.
 */
const visible = (official: string, kov: string, alias = 'a', owner = 'kov_code') =>
  `(${alias}.visibility = 'public' OR (${official}::boolean AND (${alias}.visibility = 'officials' OR (${alias}.visibility = 'kov' AND ${alias}.${owner} = ${kov}::text))))`;

export interface ViewerParams {
  official: boolean;
  kov: string | null;
}

// ---------------------------------------------------------------- articles

export async function insertArticle(t: Tx, r: Omit<ArticleRow, 'created_at' | 'updated_at' | 'version_no'> & { search: string }): Promise<void> {
  await t.query(
    `INSERT INTO knowledge_article (id, kov_code, kind, domain, visibility, tags, title, summary, body_md, body_html, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
    [r.id, r.kov_code, r.kind, r.domain, r.visibility, r.tags, JSON.stringify(r.title), r.summary, r.body_md, r.body_html, r.created_by],
  );
  await t.query(`INSERT INTO knowledge_search (article_id, owner, visibility, search) VALUES ($1, $2, $3, $4::tsvector)`, [r.id, r.kov_code, r.visibility, r.search]);
}

export async function updateArticle(
  t: Tx,
  owner: string,
  r: Pick<ArticleRow, 'id' | 'kind' | 'domain' | 'visibility' | 'tags' | 'title' | 'summary' | 'body_md' | 'body_html' | 'updated_by'> & { search: string },
): Promise<number | null> {
  const row = await t.one<{ version_no: number }>(
    `UPDATE knowledge_article SET kind = $3, domain = $4, visibility = $5, tags = $6, title = $7, summary = $8, body_md = $9, body_html = $10,
            updated_by = $11, updated_at = core_now(), version_no = version_no + 1
      WHERE kov_code = $1 AND id = $2 RETURNING version_no`,
    [owner, r.id, r.kind, r.domain, r.visibility, r.tags, JSON.stringify(r.title), r.summary, r.body_md, r.body_html, r.updated_by],
  );
  if (!row) return null;
  // the search index follows the article (its row is the article's: the update above found it under row-level security)
  await t.query(`UPDATE knowledge_search SET visibility = $3, search = $4::tsvector WHERE article_id = $1 AND owner = $2`, [r.id, owner, r.visibility, r.search]);
  return row.version_no;
}

/** An owner's article, for its editors (FOR UPDATE when saving). */
export async function ownedArticle(t: Tx, owner: string, id: string, lock = false): Promise<ArticleRow | undefined> {
  return t.one<ArticleRow>(`SELECT ${COLS} FROM knowledge_article a WHERE a.kov_code = $1 AND a.id = $2${lock ? ' FOR UPDATE' : ''}`, [owner, id]);
}

/** An owner's articles, newest change first. */
export async function ownedArticles(t: Tx, owner: string): Promise<ArticleRow[]> {
  return t.query<ArticleRow>(`SELECT ${COLS} FROM knowledge_article a WHERE a.kov_code = $1 ORDER BY a.updated_at DESC, a.id`, [owner]);
}

/** An article the viewer sees, or undefined. */
export async function visibleArticle(t: Tx, v: ViewerParams, id: string): Promise<ArticleRow | undefined> {
  return t.one<ArticleRow>(`SELECT ${COLS} FROM knowledge_article a WHERE a.id = $1 AND ${visible('$2', '$3')}`, [id, v.official, v.kov]);
}

export interface ListFilter {
  domain: Domain | null;
  kind: Kind | null;
  /** Only the articles of this owner (a KOV's page). */
  owner: string | null;
}

/** The articles the viewer sees, newest change first, with the total. */
export async function visibleArticles(t: Tx, v: ViewerParams, f: ListFilter, limit: number, offset: number): Promise<{ rows: ArticleRow[]; total: number }> {
  const where = `${visible('$1', '$2')} AND ($3::text IS NULL OR a.domain = $3) AND ($4::text IS NULL OR a.kind = $4) AND ($5::text IS NULL OR a.kov_code = $5)`;
  const params = [v.official, v.kov, f.domain, f.kind, f.owner];
  const rows = await t.query<ArticleRow>(`SELECT ${COLS} FROM knowledge_article a WHERE ${where} ORDER BY a.updated_at DESC, a.id LIMIT $6 OFFSET $7`, [...params, limit, offset]);
  const n = await t.one<{ n: number }>(`SELECT count(*)::int AS n FROM knowledge_article a WHERE ${where}`, params);
  return { rows, total: n?.n ?? 0 };
}

/**
 * The full-text search (the benchmark runs this very text through pgbench): $1 the tsquery literal
 * (src/kernel/text-search.ts), $2/$3 the viewer, $4 a domain or null, $5 limit, $6 offset; best
 * rank first (title words weigh most), with the number of all hits (total). The index
 * (knowledge_search, GIN) is narrowed by the viewer's clause, then joined to the articles under
 * row-level security, with the clause again.
 */
export const SEARCH_SQL = `SELECT ${COLS}, ts_rank(s.search, q) AS rank, count(*) OVER ()::int AS total
  FROM CAST($1 AS tsquery) AS q
  JOIN knowledge_search s ON s.search @@ q
  JOIN knowledge_article a ON a.id = s.article_id
 WHERE ${visible('$2', '$3', 's', 'owner')} AND ${visible('$2', '$3')} AND ($4::text IS NULL OR a.domain = $4)
 ORDER BY rank DESC, a.updated_at DESC, a.id
 LIMIT $5 OFFSET $6`;

const SEARCH_COUNT_SQL = `SELECT count(*)::int AS n
  FROM knowledge_search s JOIN knowledge_article a ON a.id = s.article_id
 WHERE s.search @@ CAST($1 AS tsquery) AND ${visible('$2', '$3', 's', 'owner')} AND ${visible('$2', '$3')} AND ($4::text IS NULL OR a.domain = $4)`;

export async function searchArticles(
  t: Tx,
  v: ViewerParams,
  tsquery: string,
  domain: Domain | null,
  limit: number,
  offset: number,
): Promise<{ rows: (ArticleRow & { rank: number })[]; total: number }> {
  const rows = await t.query<ArticleRow & { rank: number; total: number }>(SEARCH_SQL, [tsquery, v.official, v.kov, domain, limit, offset]);
  if (rows.length > 0 || offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  // a page past the last: the count alone
  const n = await t.one<{ n: number }>(SEARCH_COUNT_SQL, [tsquery, v.official, v.kov, domain]);
  return { rows, total: n?.n ?? 0 };
}

// ---------------------------------------------------------------- versions

export interface VersionRow {
  version_no: number;
  title: Title;
  summary: string;
  body_md: string;
  tags: string[];
  visibility: Visibility;
  note: string;
  created_at: Date;
  created_by: string;
}

export async function insertVersion(t: Tx, owner: string, articleId: string, no: number, r: Omit<VersionRow, 'version_no' | 'created_at'>): Promise<void> {
  await t.query(
    `INSERT INTO knowledge_version (kov_code, article_id, version_no, title, summary, body_md, tags, visibility, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [owner, articleId, no, JSON.stringify(r.title), r.summary, r.body_md, r.tags, r.visibility, r.note, r.created_by],
  );
}

/** An article's versions, newest first (the article must be one the viewer sees). */
export async function versionsOf(t: Tx, v: ViewerParams, articleId: string): Promise<VersionRow[]> {
  return t.query<VersionRow>(
    `SELECT x.version_no, x.title, x.summary, x.body_md, x.tags, x.visibility, x.note, x.created_at, x.created_by
       FROM knowledge_version x JOIN knowledge_article a ON a.id = x.article_id
      WHERE x.article_id = $1 AND ${visible('$2', '$3')}
      ORDER BY x.version_no DESC`,
    [articleId, v.official, v.kov],
  );
}

// ---------------------------------------------------------------- files

export interface FileRow {
  id: string;
  name: string;
  content_type: string;
  bytes: number;
  sha256: string;
  created_at: Date;
}

export async function insertFile(t: Tx, owner: string, r: Omit<FileRow, 'created_at'> & { article_id: string; data: Buffer; created_by: string }): Promise<void> {
  await t.query(
    `INSERT INTO knowledge_file (id, kov_code, article_id, name, content_type, bytes, sha256, data, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [r.id, owner, r.article_id, r.name, r.content_type, r.bytes, r.sha256, r.data, r.created_by],
  );
}

export async function deleteFile(t: Tx, owner: string, articleId: string, id: string): Promise<FileRow | undefined> {
  return t.one<FileRow>(
    `DELETE FROM knowledge_file WHERE kov_code = $1 AND article_id = $2 AND id = $3 RETURNING id, name, content_type, bytes, sha256, created_at`,
    [owner, articleId, id],
  );
}

/** An article's files (the article must be one the viewer sees; null viewer: its owner's editors). */
export async function filesOf(t: Tx, v: ViewerParams, articleId: string): Promise<FileRow[]> {
  return t.query<FileRow>(
    `SELECT f.id, f.name, f.content_type, f.bytes, f.sha256, f.created_at
       FROM knowledge_file f JOIN knowledge_article a ON a.id = f.article_id
      WHERE f.article_id = $1 AND ${visible('$2', '$3')} ORDER BY f.created_at, f.id`,
    [articleId, v.official, v.kov],
  );
}

export async function ownedFiles(t: Tx, owner: string, articleId: string): Promise<FileRow[]> {
  return t.query<FileRow>(
    `SELECT id, name, content_type, bytes, sha256, created_at FROM knowledge_file WHERE kov_code = $1 AND article_id = $2 ORDER BY created_at, id`,
    [owner, articleId],
  );
}

/** A file with its bytes, if the viewer sees its article. */
export async function visibleFile(t: Tx, v: ViewerParams, articleId: string, id: string): Promise<(FileRow & { data: Uint8Array }) | undefined> {
  return t.one<FileRow & { data: Uint8Array }>(
    `SELECT f.id, f.name, f.content_type, f.bytes, f.sha256, f.created_at, f.data
       FROM knowledge_file f JOIN knowledge_article a ON a.id = f.article_id
      WHERE f.article_id = $1 AND f.id = $2 AND ${visible('$3', '$4')}`,
    [articleId, id, v.official, v.kov],
  );
}

// ---------------------------------------------------------------- was this helpful

/** A signed-in person's answer (their later answer replaces the earlier one). */
export async function upsertHelpful(t: Tx, kov: string, articleId: string, voter: Buffer, helpful: boolean, id: string): Promise<void> {
  await t.query(
    `INSERT INTO knowledge_helpful (id, kov_code, article_id, voter, helpful) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (article_id, voter) WHERE voter IS NOT NULL DO UPDATE SET helpful = excluded.helpful, at = core_now()`,
    [id, kov, articleId, voter, helpful],
  );
}

export async function insertAnonymousHelpful(t: Tx, kov: string, articleId: string, helpful: boolean, id: string): Promise<void> {
  await t.query(`INSERT INTO knowledge_helpful (id, kov_code, article_id, voter, helpful) VALUES ($1, $2, $3, NULL, $4)`, [id, kov, articleId, helpful]);
}

export async function helpfulCounts(t: Tx, articleId: string): Promise<{ yes: number; no: number }> {
  const r = await t.one<{ yes: number; no: number }>(
    `SELECT count(*) FILTER (WHERE helpful)::int AS yes, count(*) FILTER (WHERE NOT helpful)::int AS no FROM knowledge_helpful WHERE article_id = $1`,
    [articleId],
  );
  return r ?? { yes: 0, no: 0 };
}

export async function helpfulOf(t: Tx, articleId: string, voter: Buffer): Promise<boolean | null> {
  const r = await t.one<{ helpful: boolean }>(`SELECT helpful FROM knowledge_helpful WHERE article_id = $1 AND voter = $2`, [articleId, voter]);
  return r ? r.helpful : null;
}

// ---------------------------------------------------------------- mentors (platform data)

export interface MentorRow {
  id: string;
  name: string;
  mentor_kov: string;
  email: string;
  topics: string[];
  helps: string[];
  active: boolean;
}

export async function mentors(t: Tx): Promise<MentorRow[]> {
  return t.query<MentorRow>(`SELECT id, name, mentor_kov, email, topics, helps, active FROM knowledge_mentor WHERE active ORDER BY name, id`);
}

export async function insertMentor(t: Tx, r: Omit<MentorRow, 'active'>, by: string): Promise<void> {
  await t.query(`INSERT INTO knowledge_mentor (id, name, mentor_kov, email, topics, helps, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    r.id,
    r.name,
    r.mentor_kov,
    r.email,
    r.topics,
    r.helps,
    by,
  ]);
}

export async function endMentor(t: Tx, id: string, by: string): Promise<MentorRow | undefined> {
  return t.one<MentorRow>(
    `UPDATE knowledge_mentor SET active = false, updated_at = core_now(), updated_by = $2 WHERE id = $1 AND active
     RETURNING id, name, mentor_kov, email, topics, helps, active`,
    [id, by],
  );
}
