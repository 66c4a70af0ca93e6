// The knowledge base's pure rules: what an article is, who sees it, Markdown to safe HTML, the
// diff between two versions and the checks on what an author saves.
import { diffWordsWithSpace } from 'diff';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { FieldError } from '../../kernel/errors.js';

export const KINDS = ['article', 'guide', 'template', 'practice'] as const;
export type Kind = (typeof KINDS)[number];
export const DOMAINS = ['security', 'data', 'services', 'it'] as const;
export type Domain = (typeof DOMAINS)[number];
export const VISIBILITIES = ['public', 'officials', 'kov'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The owner of ELVL's (the platform's) articles: the platform's audit chain and tenant code. */
export const PLATFORM_OWNER = '0000';

export interface Title {
  et: string;
  en: string;
  ru: string;
}

/** What an author saves (every save is a new version). */
export interface ArticleInput {
  kind: Kind;
  domain: Domain;
  visibility: Visibility;
  tags: string[];
  title: Title;
  summary: string;
  bodyMd: string;
  /** Why this version (shown in the history). */
  note: string;
}

/**
 * Who reads: anonymous people see public articles only; an official (anyone with a role) sees the
 * public and all-officials ones, and the one-KOV articles of `kov` (a KOV where they hold a role).
 */
export interface Viewer {
  official: boolean;
  kov: string | null;
}

export const ANONYMOUS: Viewer = { official: false, kov: null };

/** Whether a viewer sees an article (the same rule as the SQL in repo.ts, for tests and the presenters). */
export function sees(v: Viewer, a: { kovCode: string; visibility: Visibility }): boolean {
  if (a.visibility === 'public') return true;
  if (!v.official) return false;
  if (a.visibility === 'officials') return true;
  return v.kov !== null && v.kov === a.kovCode;
}

/** The visibilities an owner may give: ELVL public or all-officials; a KOV all-officials or its own. */
export function visibilitiesFor(owner: string): Visibility[] {
  return owner === PLATFORM_OWNER ? ['public', 'officials'] : ['officials', 'kov'];
}

export const LIMITS = { title: 200, summary: 500, body: 100_000, tags: 10, tag: 40, note: 500 } as const;

/** Tags from a comma-separated line: trimmed, lower-case, unique, in order. */
export function parseTags(s: string): string[] {
  return normalTags(s.split(','));
}

/** Tags as given (the JSON API's list): trimmed, lower-case, inner spaces single, unique, in order, empty ones dropped. */
export function normalTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const x = t.trim().toLowerCase().replace(/\s+/g, ' ');
    if (x && !out.includes(x)) out.push(x);
  }
  return out;
}

/** What is wrong with an input (field names as the form's). */
export function checkInput(owner: string, x: ArticleInput): FieldError[] {
  const e: FieldError[] = [];
  if (!(KINDS as readonly string[]).includes(x.kind)) e.push({ field: 'kind', reason: 'knowledge.error.choose' });
  if (!(DOMAINS as readonly string[]).includes(x.domain)) e.push({ field: 'domain', reason: 'knowledge.error.choose' });
  if (!visibilitiesFor(owner).includes(x.visibility)) e.push({ field: 'visibility', reason: 'knowledge.error.choose' });
  for (const l of ['et', 'en', 'ru'] as const) {
    if (x.title[l].length > LIMITS.title) e.push({ field: `title.${l}`, reason: 'knowledge.error.tooLong', vars: { max: LIMITS.title } });
  }
  if (!x.title.et.trim()) e.push({ field: 'title.et', reason: 'knowledge.error.required' });
  if (x.summary.length > LIMITS.summary) e.push({ field: 'summary', reason: 'knowledge.error.tooLong', vars: { max: LIMITS.summary } });
  if (!x.bodyMd.trim()) e.push({ field: 'bodyMd', reason: 'knowledge.error.required' });
  if (x.bodyMd.length > LIMITS.body) e.push({ field: 'bodyMd', reason: 'knowledge.error.tooLong', vars: { max: LIMITS.body } });
  if (x.tags.length > LIMITS.tags || x.tags.some((t) => t.length > LIMITS.tag)) e.push({ field: 'tags', reason: 'knowledge.error.tags', vars: { max: LIMITS.tags, len: LIMITS.tag } });
  if (x.note.length > LIMITS.note) e.push({ field: 'note', reason: 'knowledge.error.tooLong', vars: { max: LIMITS.note } });
  return e;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 'ins'],
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['scope'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // the article's own h1 is its title: Markdown headings start at h2
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener nofollow' } }),
  },
};

/** Markdown to HTML that is safe to show: an allow-list of tags, no scripts, styles, frames, on* attributes or javascript: links. */
export function renderMarkdown(md: string): string {
  const raw = marked.parse(md, { async: false, gfm: true });
  return sanitizeHtml(raw, SANITIZE);
}

/** The article's text for the search index and the excerpts: Markdown without its marks. */
export function plainText(md: string): string {
  return sanitizeHtml(marked.parse(md, { async: false, gfm: true }), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/**
 * A quick plain text of Markdown for search excerpts (many per page): link targets, marks and tags
 * dropped. The index uses plainText; this only has to read well around a hit.
 */
export function excerptText(md: string): string {
  return md
    .replace(/<[^>]*>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|[-*+]|\d+\.|>)\s+/gm, '')
    .replace(/[*_`|]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A piece of a diff: unchanged, inserted or deleted text. */
export interface DiffPart {
  kind: 'same' | 'ins' | 'del';
  text: string;
}

/** The word-level diff of two texts (the Markdown of two versions). */
export function diffTexts(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({ kind: c.added ? 'ins' : c.removed ? 'del' : 'same', text: c.value }));
}
