// From the catalogue's published entries (model.ts CatalogueEntry) to what the CPSV-AP mapping takes
// (cpsv.ts CpsvService), and the documents served at /cpsv/{kov}.jsonld|ttl and /cpsv/all.jsonld|ttl.
import type { Quad } from 'n3';
import type { Locale } from '../../kernel/i18n.js';
import { LOCALES, translate } from '../../kernel/i18n.js';
import type { CpsvService, LangText } from './cpsv.js';
import { kovQuads } from './cpsv.js';
import type { CatalogueEntry, L3 } from './model.js';

const has = (l: L3) => LOCALES.some((x) => l[x].trim() !== '');
const text = (l: L3): LangText => {
  const out: LangText = {};
  for (const x of LOCALES) if (l[x].trim()) out[x] = l[x].trim();
  return out;
};
/** A message in all three languages (the fixed lists' labels: life events, audiences). */
const label = (key: string): LangText => Object.fromEntries(LOCALES.map((l: Locale) => [l, translate(l, key)])) as LangText;

export function entryToCpsv(e: CatalogueEntry): CpsvService {
  return {
    id: e.id,
    slug: e.slug,
    kov: { code: e.kovCode, name: e.kovName },
    status: e.status === 'archived' ? 'archived' : 'published',
    updatedAt: e.modifiedAt,
    title: text(e.name),
    description: text(e.description),
    keywords: e.keywords.filter((k) => k.trim()).map((k) => ({ lang: 'et' as const, text: k })),
    targetGroups: e.audiences.map((a) => ({ code: a, label: label(`services.audience.${a}`) })),
    lifeEvents: e.lifeEvents.map((c) => ({ code: c, title: label(`services.lifeEvent.${c}`) })),
    legalBases: e.legalBases.map((b) => ({ act: b.act, section: b.section || null, url: b.url || null })),
    channels: e.channels.map((c, i) => ({
      id: `c${i + 1}`,
      kind: c.kind,
      address: c.url || c.phone || c.email || c.address || null,
      openingHours: c.openingHours ? { et: c.openingHours } : undefined,
      costEur: c.costCents / 100,
      processingTime: c.processingTime || null,
    })),
    requirements: has(e.requirements) ? [{ id: 'r1', title: text(e.requirements) }] : [],
    evidence: e.evidence.filter(has).map((ev, i) => ({ id: `e${i + 1}`, title: text(ev) })),
    output: has(e.output) ? { id: 'o1', title: text(e.output) } : null,
    processingTime: null,
    relatedServiceIds: e.relatedServices,
    relatedLinks: e.relatedState.filter((s) => s.url).map((s) => ({ title: { et: s.name }, url: s.url })),
  };
}

/** The quads of a set of published entries, one catalogue (dataset) per KOV, KOVs by code. */
export function catalogueQuads(base: string, entries: readonly CatalogueEntry[]): Quad[] {
  const byKov = new Map<string, CatalogueEntry[]>();
  for (const e of entries) byKov.set(e.kovCode, [...(byKov.get(e.kovCode) ?? []), e]);
  const out: Quad[] = [];
  for (const code of [...byKov.keys()].sort()) {
    const list = byKov.get(code)!;
    out.push(...kovQuads(base, { code, name: list[0]!.kovName }, list.map(entryToCpsv)));
  }
  return out;
}
