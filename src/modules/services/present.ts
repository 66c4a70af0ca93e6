// What the pages and the JSON API show of the catalogue (never raw rows): API input → content, views →
// JSON, and the shared ways to show costs and durations.
import type { Static } from 'typebox';
import type { Lang } from './model.js';
import type { L3, ServiceContent } from './model.js';
import { emptyChannel, emptyContent } from './model.js';
import type { ContentIn } from './schema.js';
import type { ServiceListItem, ServiceView, TemplateView, VersionInfo } from './service.js';

type L3Input = { et: string; en?: string; ru?: string };
const l3 = (v: L3Input | undefined): L3 => ({ et: v?.et ?? '', en: v?.en ?? '', ru: v?.ru ?? '' });

/** The API's content (lists and texts may be left out) as the full content the service checks. */
export function contentFromInput(b: Static<typeof ContentIn>): ServiceContent {
  return {
    ...emptyContent(),
    name: l3(b.name),
    description: l3(b.description),
    legalBases: (b.legalBases ?? []).map((x) => ({ act: x.act, section: x.section ?? '', url: x.url ?? '' })),
    unit: b.unit ?? '',
    ownerName: b.ownerName ?? '',
    ownerEmail: b.ownerEmail ?? '',
    audiences: b.audiences ?? [],
    channels: (b.channels ?? []).map((c) => ({ ...emptyChannel(c.kind), ...Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) })),
    requirements: l3(b.requirements),
    evidence: (b.evidence ?? []).map(l3),
    output: l3(b.output),
    lifeEvents: b.lifeEvents ?? [],
    relatedState: b.relatedState ?? [],
    relatedServices: b.relatedServices ?? [],
    keywords: b.keywords ?? [],
    steps: (b.steps ?? []).map((s) => ({ who: s.who ?? '', what: s.what, system: s.system ?? '', duration: s.duration ?? '' })),
  };
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function serviceOut(v: ServiceView) {
  return {
    id: v.id,
    slug: v.slug,
    status: v.status,
    templateId: v.templateId,
    currentNo: v.currentNo,
    draftNo: v.draftNo,
    versionNo: v.versionNo,
    content: v.content,
    firstPublishedAt: isoOrNull(v.firstPublishedAt),
    publishedAt: isoOrNull(v.publishedAt),
    archivedAt: isoOrNull(v.archivedAt),
    createdAt: iso(v.createdAt),
    updatedAt: iso(v.updatedAt),
  };
}

export const summaryOut = (s: ServiceListItem) => ({ ...s, updatedAt: iso(s.updatedAt) });

export const versionOut = (v: VersionInfo) => ({
  versionNo: v.versionNo,
  createdAt: iso(v.createdAt),
  createdBy: v.createdBy,
  updatedAt: iso(v.updatedAt),
  updatedBy: v.updatedBy,
  publishedAt: isoOrNull(v.publishedAt),
  publishedBy: v.publishedBy,
  current: v.current,
  draft: v.draft,
});

export const templateOut = (t: TemplateView) => ({ id: t.id, code: t.code, stateOverlap: t.stateOverlap, content: t.content, updatedAt: iso(t.updatedAt) });

/** A text in the reader's language, falling back to Estonian. */
export const inLang = (v: L3, lang: Lang): string => v[lang] || v.et;

/** Euro cents as Estonian money: 1250 → "12,50 €"; 0 → null (free: the caller says so in words). */
export function euros(cents: number): string | null {
  if (cents === 0) return null;
  return `${new Intl.NumberFormat('et-EE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100)} €`;
}

/** Cents as a form shows them: 1250 → "12,50", 0 → "0". */
export const centsForForm = (cents: number): string => (cents === 0 ? '0' : (cents / 100).toFixed(2).replace('.', ','));

const UNITS: [RegExp, Record<Lang, [string, string]>][] = [
  [/(\d+)Y/, { et: ['aasta', 'aastat'], en: ['year', 'years'], ru: ['г.', 'г.'] }],
  [/(\d+)M/, { et: ['kuu', 'kuud'], en: ['month', 'months'], ru: ['мес.', 'мес.'] }],
  [/(\d+)W/, { et: ['nädal', 'nädalat'], en: ['week', 'weeks'], ru: ['нед.', 'нед.'] }],
  [/(\d+)D/, { et: ['päev', 'päeva'], en: ['day', 'days'], ru: ['дн.', 'дн.'] }],
];
const TIME_UNITS: [RegExp, Record<Lang, [string, string]>][] = [
  [/(\d+)H/, { et: ['tund', 'tundi'], en: ['hour', 'hours'], ru: ['ч', 'ч'] }],
  [/(\d+)M/, { et: ['minut', 'minutit'], en: ['minute', 'minutes'], ru: ['мин', 'мин'] }],
  [/(\d+)S/, { et: ['sekund', 'sekundit'], en: ['second', 'seconds'], ru: ['с', 'с'] }],
];

/** An ISO 8601 duration in words: P10D → "10 päeva", PT1H30M → "1 tund 30 minutit". '' → ''. */
export function durationText(d: string, lang: Lang): string {
  if (!d) return '';
  const [datePart = '', timePart = ''] = d.slice(1).split('T');
  const out: string[] = [];
  const take = (part: string, units: typeof UNITS) => {
    for (const [re, names] of units) {
      const m = re.exec(part);
      if (m) {
        const n = Number(m[1]);
        out.push(`${n} ${names[lang][n === 1 ? 0 : 1]}`);
      }
    }
  };
  take(datePart, UNITS);
  take(timePart, TIME_UNITS);
  return out.length ? out.join(' ') : d;
}
