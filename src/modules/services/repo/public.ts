// SQL of the public catalogue (services-public; repo/*.ts beside repo.ts, the module contract's place for SQL): full-text search with Estonian word forms, paging
// and highlights, and the number of published services per KOV. Reads only the module's own tables
// (services_service, services_version); every function takes a Tx.
import type { Tx } from '../../../kernel/db.js';

/** The text search configuration: `estonian` where the engine has it (PostgreSQL 16+, PGlite), else `simple` (15). */
const FTS_CONFIG = `(SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_ts_config WHERE cfgname = 'estonian') THEN 'estonian' ELSE 'simple' END)::regconfig`;

/** Highlight markers (control characters, removed from the texts first): views turn them into <mark>. */
export const HL_START = '\u0001';
export const HL_STOP = '\u0002';

export interface SearchHitRow {
  id: string;
  kov_code: string;
  slug: string;
  content: unknown;
  published_at: Date | null;
  rank: number;
  total: number;
  title_hl: string;
  text_hl: string;
}

export interface SearchArgs {
  kov: string | null;
  /** The words as typed (websearch syntax), '' for none (then `event` must be set). */
  q: string;
  /** Prefix terms (letters and digits only), joined with & into a prefix query: Estonian stems change ("lasteaia" ~ "lasteaed"). */
  prefixes: string[];
  event: string | null;
  lang: 'et' | 'en' | 'ru';
  offset: number;
  limit: number;
}

/**
 * One page of published services matching the words (exact forms via the configuration, or every
 * prefix), best first, with the total and highlighted name and description in the reader's language
 * (Estonian when that text is empty).
 */
export async function searchPage(t: Tx, a: SearchArgs): Promise<SearchHitRow[]> {
  const prefixQuery = a.prefixes.map((p) => `${p}:*`).join(' & ');
  return t.query<SearchHitRow>(
    `WITH cfg AS (SELECT ${FTS_CONFIG} AS c),
          query AS (
            SELECT CASE WHEN $2 = '' THEN NULL
                        WHEN $3 = '' THEN websearch_to_tsquery(cfg.c, $2)
                        ELSE websearch_to_tsquery(cfg.c, $2) || to_tsquery('simple', $3) END AS q
              FROM cfg),
          hits AS (
            SELECT s.id, s.kov_code, s.slug, v.content, v.published_at,
                   CASE WHEN query.q IS NULL THEN 0 ELSE ts_rank(s.search, query.q) END::float8 AS rank,
                   replace(replace(COALESCE(NULLIF(v.content->'name'->>$5, ''), v.content->'name'->>'et'), chr(1), ''), chr(2), '') AS title,
                   replace(replace(COALESCE(NULLIF(v.content->'description'->>$5, ''), v.content->'description'->>'et'), chr(1), ''), chr(2), '') AS text
              FROM services_service s
              JOIN services_version v ON v.kov_code = s.kov_code AND v.service_id = s.id AND v.version_no = s.current_no,
                   query
             WHERE s.status = 'published'
               AND ($1::text IS NULL OR s.kov_code = $1)
               AND (query.q IS NULL OR s.search @@ query.q)
               AND ($4::text IS NULL OR v.content->'lifeEvents' ? $4))
     SELECT h.id, h.kov_code, h.slug, h.content, h.published_at, h.rank, count(*) OVER ()::int AS total,
            CASE WHEN query.q IS NULL THEN h.title ELSE ts_headline(cfg.c, h.title, query.q, 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true') END AS title_hl,
            CASE WHEN query.q IS NULL THEN left(h.text, 240)
                 ELSE ts_headline(cfg.c, h.text, query.q, 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') END AS text_hl
       FROM hits h, cfg, query
      ORDER BY h.rank DESC, h.kov_code, h.title, h.id
      OFFSET $6 LIMIT $7`,
    [a.kov, a.q, prefixQuery, a.event, a.lang, a.offset, a.limit],
  );
}

/** The number of published services of each KOV that has any. */
export async function publishedCounts(t: Tx): Promise<{ kov_code: string; n: number }[]> {
  return t.query(`SELECT kov_code, count(*)::int AS n FROM services_service WHERE status = 'published' GROUP BY kov_code ORDER BY kov_code`);
}
