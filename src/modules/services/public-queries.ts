// The public catalogue's own reads (services-public): search with Estonian word forms, paging and
// highlights; published services per KOV. Published data only; a KOV's search runs in that KOV's
// transaction, the all-KOV one on the owner path (public data of every KOV).
import type { Db, Tx } from '../../kernel/db.js';
import type { Locale } from '../../kernel/i18n.js';
import { listTenants, tenantNames } from '../../kernel/tenants.js';
import type { CatalogueEntry } from './model.js';
import { contentFrom } from './model.js';
import * as repo from './repo/public.js';

export const SEARCH_PAGE_SIZE = 20;
export const MAX_QUERY = 200;

export interface SearchHit {
  entry: CatalogueEntry;
  /** The name and a passage of the description with the matches between HL_START and HL_STOP. */
  titleHl: string;
  textHl: string;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  page: number;
  pages: number;
}

/**
 * Prefix terms for Estonian word forms: a word of 6+ letters also matches words that begin with all
 * but its last three letters (at least 4): "lasteaia" → "laste:*" finds "lasteaed", "toetuse" →
 * "toet:*" finds "toetus"; shorter words match as prefixes of themselves. Letters and digits only
 * (nothing of the tsquery syntax gets through). Words after "-" (websearch's NOT) are left out.
 */
export function prefixTerms(q: string): string[] {
  const words = q
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w && !w.startsWith('-'))
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w.length >= 3);
  return [...new Set(words.map((w) => (w.length >= 6 ? w.slice(0, Math.max(4, w.length - 3)) : w)))].slice(0, 8);
}

export async function searchServices(db: Db, opts: { kov: string | null; q: string; event: string | null; locale: Locale; page: number }): Promise<SearchResult> {
  const q = opts.q.trim().slice(0, MAX_QUERY);
  if (!q && !opts.event) return { hits: [], total: 0, page: 1, pages: 1 };
  const page = Math.max(1, Math.min(1000, Math.floor(opts.page)));
  const run = async (t: Tx) => {
    const rows = await repo.searchPage(t, {
      kov: opts.kov,
      q,
      prefixes: prefixTerms(q),
      event: opts.event,
      lang: opts.locale,
      offset: (page - 1) * SEARCH_PAGE_SIZE,
      limit: SEARCH_PAGE_SIZE,
    });
    const names = await tenantNames(t, [...new Set(rows.map((r) => r.kov_code))]);
    return { rows, names };
  };
  const { rows, names } = opts.kov === null ? await db.system('services: search of the published catalogue of every KOV (public data)', run) : await db.tx(run, { kov: opts.kov });
  const total = rows[0]?.total ?? 0;
  const hits = rows.map((r): SearchHit => {
    const c = contentFrom(r.content);
    const at = r.published_at ?? new Date(0);
    return {
      entry: {
        ...c,
        id: r.id,
        slug: r.slug,
        kovCode: r.kov_code,
        kovName: names.get(r.kov_code) ?? r.kov_code,
        status: 'published',
        versionNo: 0,
        templateId: null,
        publishedAt: at,
        modifiedAt: at,
      },
      titleHl: r.title_hl,
      textHl: r.text_hl,
    };
  });
  return { hits, total, page, pages: Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE)) };
}

/** Every active KOV with the number of its published services (0 for none), by name. */
export async function kovsWithCounts(db: Db): Promise<{ code: string; name: string; count: number }[]> {
  return db.system('services: published services per KOV (public data)', async (t) => {
    const tenants = await listTenants(t);
    const counts = await repo.publishedCounts(t);
    const n = new Map(counts.map((c) => [c.kov_code, c.n]));
    return tenants.map((k) => ({ code: k.code, name: k.name, count: n.get(k.code) ?? 0 })).sort((a, b) => a.name.localeCompare(b.name, 'et'));
  });
}
