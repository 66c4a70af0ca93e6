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

// ---------------------------------------------------------------- the official forms

/** A form's values: one string per field, several for checkboxes. */
export type FormValues = Record<string, string | string[]>;

export const one = (v: FormValues, k: string): string => {
  const x = v[k];
  return typeof x === 'string' ? x : Array.isArray(x) ? (x[0] ?? '') : '';
};
export const many = (v: FormValues, k: string): string[] => {
  const x = v[k];
  return typeof x === 'string' ? [x] : Array.isArray(x) ? x : [];
};

const lines = (s: string): string[] =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
const cells = (l: string): string[] => l.split('|').map((c) => c.trim());

/** The main form's fields from content (lists as lines "a | b | c", keywords by commas). */
export function contentToValues(c: ServiceContent): FormValues {
  const v: FormValues = {};
  for (const f of ['name', 'description', 'requirements', 'output'] as const) for (const l of ['et', 'en', 'ru'] as const) v[`${f}.${l}`] = c[f][l];
  v.unit = c.unit;
  v.ownerName = c.ownerName;
  v.ownerEmail = c.ownerEmail;
  v.audiences = [...c.audiences];
  v.lifeEvents = [...c.lifeEvents];
  v.relatedServices = [...c.relatedServices];
  v.legalBases = c.legalBases.map((b) => [b.act, b.section, b.url].join(' | ')).join('\n');
  v.evidence = c.evidence.map((e) => [e.et, e.en, e.ru].join(' | ').replace(/( \| )+$/, '')).join('\n');
  v.relatedState = c.relatedState.map((s) => `${s.name} | ${s.url}`).join('\n');
  v.keywords = c.keywords.join(', ');
  return v;
}

/** The main form's values over `base` (channels and steps are kept: they have their own forms). */
export function valuesToContent(v: FormValues, base: ServiceContent): ServiceContent {
  const l3of = (f: string): L3 => ({ et: one(v, `${f}.et`), en: one(v, `${f}.en`), ru: one(v, `${f}.ru`) });
  return {
    ...base,
    name: l3of('name'),
    description: l3of('description'),
    requirements: l3of('requirements'),
    output: l3of('output'),
    unit: one(v, 'unit'),
    ownerName: one(v, 'ownerName'),
    ownerEmail: one(v, 'ownerEmail'),
    audiences: many(v, 'audiences') as ServiceContent['audiences'],
    lifeEvents: many(v, 'lifeEvents') as ServiceContent['lifeEvents'],
    relatedServices: many(v, 'relatedServices'),
    legalBases: lines(one(v, 'legalBases')).map((l) => {
      const [act = '', section = '', url = ''] = cells(l);
      return { act, section, url };
    }),
    evidence: lines(one(v, 'evidence')).map((l) => {
      const [et = '', en = '', ru = ''] = cells(l);
      return { et, en, ru };
    }),
    relatedState: lines(one(v, 'relatedState')).map((l) => {
      const [name = '', url = ''] = cells(l);
      return { name, url };
    }),
    keywords: one(v, 'keywords')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== ''),
  };
}

/** A content path's error on the main form's field (list items on their list's text area). */
export function formFieldOf(path: string): string {
  const m = /^(legalBases|evidence|relatedState|keywords)\.\d+/.exec(path);
  if (m) return m[1]!;
  const ch = /^channels\.\d+\.(\w+)$/.exec(path);
  if (ch) return `channel.${ch[1] === 'costCents' ? 'cost' : ch[1]}`;
  const st = /^steps\.\d+\.(\w+)$/.exec(path);
  if (st) return `step.${st[1]}`;
  return path;
}
