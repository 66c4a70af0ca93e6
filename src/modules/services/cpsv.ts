// The catalogue as CPSV-AP 3.2 (the EU's Core Public Service Vocabulary Application Profile): a pure
// mapping from published catalogue entries to RDF quads, serialised as Turtle (n3 Writer) and as
// compact JSON-LD with an inline @context (no remote context: nothing is fetched, ever; written
// directly, so production needs no JSON-LD processor — the tests check it with one).
//
// Property IRIs are exactly those of the official 3.2.0 SHACL shapes (test/fixtures/cpsv/): e.g.
// m8g:isGroupedBy (not cv:), cpsv:produces, m8g:holdsRequirement, cpsv:hasInput → m8g:Evidence,
// m8g:relatedService. Where a shape constrains a value by class (sh:class), the value node carries
// that rdf:type in the same document, because SHACL checks the type in the data graph. What the
// shapes require (sh:minCount 1) and how it is filled is in docs/cpsv-ap.md.
import type { Quad } from 'n3';
import { DataFactory } from 'n3';
import type { Locale } from '../../kernel/i18n.js';
import { LOCALES } from '../../kernel/i18n.js';
import { QuadSet, jsonLdOf, nquadsOf, turtleOf } from '../../kernel/rdf.js';

const { namedNode, literal } = DataFactory;

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dct: 'http://purl.org/dc/terms/',
  dcat: 'http://www.w3.org/ns/dcat#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  cpsv: 'http://purl.org/vocab/cpsv#',
  m8g: 'http://data.europa.eu/m8g/',
  eli: 'http://data.europa.eu/eli/ontology#',
  adms: 'http://www.w3.org/ns/adms#',
  time: 'http://www.w3.org/2006/time#',
} as const;

/** The class the 3.2 shapes give the value of a public organisation's dct:spatial (sh:class). */
export const ATU_CLASS = 'http://data.europa.eu/88u/dataset/atu-type';
/** The EU Publications Office's currency authority table (m8g:currency is a skos:Concept). */
export const EUR = 'http://publications.europa.eu/resource/authority/currency/EUR';

/** Text in up to three languages; Estonian is the catalogue's language of record. */
export type LangText = Partial<Record<Locale, string>>;

export type ChannelKind = 'eservice' | 'webpage' | 'office' | 'phone' | 'email' | 'post' | 'home';

export interface CpsvChannel {
  /** Stable within the service (the channel row's id). */
  id: string;
  kind: ChannelKind;
  /** URL (e-service, web page), phone number, e-mail address or postal/office address. */
  address?: string | null;
  description?: LangText;
  openingHours?: LangText;
  /** Cost of using the service through this channel, in euros (0 = free). Null: not stated. */
  costEur?: number | null;
  costNote?: LangText;
  /** ISO 8601 duration (P10D, PT2H). */
  processingTime?: string | null;
}

export interface CpsvLegalBasis {
  /** The act, e.g. "Sotsiaalhoolekande seadus". */
  act: string;
  /** Section (paragrahv), e.g. "§ 14". */
  section?: string | null;
  /** Riigi Teataja URL of the act (or section). */
  url?: string | null;
}

export interface CpsvItem {
  id: string;
  title: LangText;
  description?: LangText;
}

/** What the export needs of one catalogue entry (the published version). */
export interface CpsvService {
  id: string;
  slug: string;
  kov: { code: string; name: string };
  status: 'published' | 'archived';
  /** When the published version was last changed. */
  updatedAt: Date;
  title: LangText;
  description: LangText;
  keywords: { lang: Locale; text: string }[];
  targetGroups: { code: string; label: LangText }[];
  lifeEvents: { code: string; title: LangText }[];
  legalBases: CpsvLegalBasis[];
  channels: CpsvChannel[];
  requirements: CpsvItem[];
  evidence: CpsvItem[];
  output?: CpsvItem | null;
  /** Service-level processing time (ISO 8601 duration), when the entry states one. */
  processingTime?: string | null;
  /** Other KOV services (ids of entries of the same KOV: linked with m8g:relatedService). */
  relatedServiceIds: string[];
  /** Related state or other services outside this catalogue (dct:relation to their page). */
  relatedLinks: { title: LangText; url: string }[];
}

export interface CpsvKov {
  code: string;
  name: string;
}

/** IRIs minted for the export; all under the platform's public URL, stable for a service's life. */
export function cpsvIris(base: string) {
  const b = base.replace(/\/$/, '');
  return {
    doc: (kov: string, ext: 'jsonld' | 'ttl') => `${b}/cpsv/${kov}.${ext}`,
    catalogue: (kov: string) => `${b}/cpsv/${kov}#catalogue`,
    organisation: (kov: string) => `${b}/cpsv/${kov}#kov`,
    /** The KOV's territory by its EHAK code (the Estonian classification of administrative units). */
    territory: (kov: string) => `${b}/ehak/${kov}`,
    service: (kov: string, id: string) => `${b}/cpsv/${kov}/service/${id}`,
    page: (kov: string, slug: string) => `${b}/kov/${kov}/services/${encodeURIComponent(slug)}`,
    vocab: (scheme: string, code: string) => `${b}/cpsv/vocab/${scheme}/${encodeURIComponent(code)}`,
  };
}

/** The canonical lexical form of an xsd:double (12.5 → "1.25E1", 0 → "0.0E0"), as JSON-LD processors write it. */
export function canonicalDouble(n: number): string {
  return n.toExponential(15).replace(/(\d)0*e\+?/, '$1E');
}

/** ISO 8601 durations as xsd:duration allows them: PnYnMnDTnHnMnS with at least one part. */
const DURATION_RE = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
export function isDuration(s: string): boolean {
  return DURATION_RE.test(s);
}

const CHANNEL_LABEL: Record<ChannelKind, Record<Locale, string>> = {
  eservice: { et: 'E-teenus', en: 'E-service', ru: 'Э-услуга' },
  webpage: { et: 'Veebileht', en: 'Web page', ru: 'Веб-страница' },
  office: { et: 'Teenindusbüroo', en: 'Service office', ru: 'Бюро обслуживания' },
  phone: { et: 'Telefon', en: 'Phone', ru: 'Телефон' },
  email: { et: 'E-post', en: 'E-mail', ru: 'Электронная почта' },
  post: { et: 'Post', en: 'Post', ru: 'Почта' },
  home: { et: 'Kodus', en: 'At home', ru: 'На дому' },
};

const STATUS_LABEL: Record<CpsvService['status'], Record<Locale, string>> = {
  published: { et: 'Avaldatud', en: 'Published', ru: 'Опубликована' },
  archived: { et: 'Arhiveeritud', en: 'Archived', ru: 'В архиве' },
};

/** Builds the quads of one KOV's catalogue: the dataset, the KOV, and each service. */
export function kovQuads(base: string, kov: CpsvKov, services: readonly CpsvService[]): Quad[] {
  const iri = cpsvIris(base);
  const set = new QuadSet();
  const add = set.add.bind(set);
  const a = set.type.bind(set);
  const texts = (s: string, p: string, t: LangText | undefined) => {
    for (const l of LOCALES) {
      const v = t?.[l]?.trim();
      if (v) add(s, p, literal(v, l));
    }
  };
  const str = (s: string, p: string, v: string) => add(s, p, literal(v));
  const concept = (scheme: string, code: string, label: LangText) => {
    const c = iri.vocab(scheme, code);
    a(c, `${NS.skos}Concept`);
    texts(c, `${NS.skos}prefLabel`, label);
    str(c, `${NS.skos}notation`, code);
    return namedNode(c);
  };

  // the territory (EHAK), the KOV as public organisation and as the catalogue's publisher
  const territory = iri.territory(kov.code);
  a(territory, ATU_CLASS);
  a(territory, `${NS.dct}Location`);
  str(territory, `${NS.skos}notation`, kov.code);
  add(territory, `${NS.skos}prefLabel`, literal(kov.name, 'et'));
  const org = iri.organisation(kov.code);
  a(org, `${NS.m8g}PublicOrganisation`);
  a(org, `${NS.foaf}Agent`);
  add(org, `${NS.skos}prefLabel`, literal(kov.name, 'et'));
  add(org, `${NS.dct}title`, literal(kov.name, 'et'));
  str(org, `${NS.dct}identifier`, kov.code);
  add(org, `${NS.dct}spatial`, namedNode(territory));

  const cat = iri.catalogue(kov.code);
  a(cat, `${NS.dcat}Dataset`);
  add(cat, `${NS.dct}title`, literal(`${kov.name}: teenuste kataloog`, 'et'));
  add(cat, `${NS.dct}title`, literal(`${kov.name}: catalogue of services`, 'en'));
  add(cat, `${NS.dct}title`, literal(`${kov.name}: каталог услуг`, 'ru'));
  add(cat, `${NS.dct}description`, literal(`${kov.name} avaldatud teenused (CPSV-AP 3.2).`, 'et'));
  add(cat, `${NS.dct}description`, literal(`The published services of ${kov.name} (CPSV-AP 3.2).`, 'en'));
  add(cat, `${NS.dct}description`, literal(`Опубликованные услуги: ${kov.name} (CPSV-AP 3.2).`, 'ru'));
  add(cat, `${NS.dct}publisher`, namedNode(org));
  add(cat, `${NS.dcat}landingPage`, namedNode(`${base.replace(/\/$/, '')}/kov/${kov.code}/services`));
  a(`${base.replace(/\/$/, '')}/kov/${kov.code}/services`, `${NS.foaf}Document`);

  const ids = new Set(services.map((s) => s.id));
  for (const s of services) {
    const svc = iri.service(kov.code, s.id);
    a(svc, `${NS.cpsv}PublicService`);
    add(cat, `${NS.dct}hasPart`, namedNode(svc));
    add(svc, `${NS.dct}isPartOf`, namedNode(cat));
    str(svc, `${NS.dct}identifier`, s.id);
    texts(svc, `${NS.dct}title`, s.title);
    texts(svc, `${NS.dct}description`, s.description);
    add(svc, `${NS.m8g}hasCompetentAuthority`, namedNode(org));
    add(svc, `${NS.dct}spatial`, namedNode(territory));
    add(svc, `${NS.adms}status`, concept('status', s.status, STATUS_LABEL[s.status]));
    add(svc, `${NS.dct}modified`, literal(s.updatedAt.toISOString(), namedNode(`${NS.xsd}dateTime`)));
    const page = iri.page(kov.code, s.slug);
    add(svc, `${NS.foaf}page`, namedNode(page));
    a(page, `${NS.foaf}Document`);
    if (s.processingTime) add(svc, `${NS.m8g}processingTime`, literal(s.processingTime, namedNode(`${NS.xsd}duration`)));
    for (const k of s.keywords) if (k.text.trim()) add(svc, `${NS.dcat}keyword`, literal(k.text.trim(), k.lang));
    for (const g of s.targetGroups) add(svc, `${NS.dct}audience`, concept('target-group', g.code, g.label));

    for (const e of s.lifeEvents) {
      const ev = iri.vocab('life-event', e.code);
      a(ev, `${NS.m8g}LifeEvent`);
      a(ev, `${NS.m8g}Event`); // m8g:isGroupedBy's sh:class is m8g:Event; LifeEvent is its subclass
      str(ev, `${NS.dct}identifier`, e.code);
      texts(ev, `${NS.dct}title`, e.title);
      add(svc, `${NS.m8g}isGroupedBy`, namedNode(ev));
    }

    s.legalBases.forEach((lb, i) => {
      const n = i + 1;
      const label = lb.section ? `${lb.act} ${lb.section}` : lb.act;
      const legal = lb.url ?? `${svc}/legal-resource/${n}`;
      a(legal, `${NS.eli}LegalResource`);
      add(legal, `${NS.dct}title`, literal(label, 'et'));
      add(svc, `${NS.m8g}hasLegalResource`, namedNode(legal));
      const rule = `${svc}/rule/${n}`;
      a(rule, `${NS.cpsv}Rule`);
      str(rule, `${NS.dct}identifier`, `${s.id}/rule/${n}`);
      add(rule, `${NS.dct}title`, literal(label, 'et'));
      add(rule, `${NS.dct}description`, literal(`Teenuse õiguslik alus: ${label}.`, 'et'));
      add(rule, `${NS.dct}description`, literal(`Legal basis of the service: ${label}.`, 'en'));
      add(rule, `${NS.dct}description`, literal(`Правовое основание услуги: ${label}.`, 'ru'));
      add(rule, `${NS.cpsv}implements`, namedNode(legal));
      add(svc, `${NS.cpsv}follows`, namedNode(rule));
    });

    for (const ch of s.channels) {
      const c = `${svc}/channel/${ch.id}`;
      a(c, `${NS.m8g}Channel`);
      str(c, `${NS.dct}identifier`, ch.id);
      add(c, `${NS.dct}type`, concept('channel', ch.kind, CHANNEL_LABEL[ch.kind]));
      texts(c, `${NS.dct}description`, ch.description);
      if (ch.processingTime) add(c, `${NS.m8g}processingTime`, literal(ch.processingTime, namedNode(`${NS.xsd}duration`)));
      if (ch.openingHours && LOCALES.some((l) => ch.openingHours?.[l]?.trim())) {
        const oh = `${c}/opening-hours`;
        a(oh, `${NS.time}TemporalEntity`);
        texts(oh, `${NS.dct}description`, ch.openingHours);
        add(c, `${NS.m8g}openingHours`, namedNode(oh));
      }
      add(svc, `${NS.m8g}hasChannel`, namedNode(c));
      const addr = ch.address?.trim();
      if (addr) {
        const cp = `${c}/contact`;
        if ((ch.kind === 'eservice' || ch.kind === 'webpage') && /^https?:\/\//.test(addr)) {
          add(c, `${NS.foaf}page`, namedNode(addr));
          a(addr, `${NS.foaf}Document`);
        } else if (ch.kind === 'phone') {
          a(cp, `${NS.m8g}ContactPoint`);
          str(cp, `${NS.m8g}telephone`, addr);
          add(svc, `${NS.m8g}contactPoint`, namedNode(cp));
        } else if (ch.kind === 'email') {
          a(cp, `${NS.m8g}ContactPoint`);
          add(cp, `${NS.m8g}email`, namedNode(`mailto:${addr}`));
          add(svc, `${NS.m8g}contactPoint`, namedNode(cp));
        } else {
          add(c, `${NS.dct}description`, literal(addr, 'et'));
        }
      }
      if (ch.costEur != null) {
        const cost = `${svc}/cost/${ch.id}`;
        a(cost, `${NS.m8g}Cost`);
        str(cost, `${NS.dct}identifier`, `${s.id}/cost/${ch.id}`);
        add(cost, `${NS.m8g}hasValue`, literal(canonicalDouble(ch.costEur), namedNode(`${NS.xsd}double`)));
        add(cost, `${NS.m8g}currency`, namedNode(EUR));
        a(EUR, `${NS.skos}Concept`);
        add(cost, `${NS.m8g}ifAccessedThrough`, namedNode(c));
        texts(cost, `${NS.dct}description`, ch.costNote);
        add(svc, `${NS.m8g}hasCost`, namedNode(cost));
      }
    }

    // requirements, evidence and the output: a titled, described node of the service each, linked from it
    const items = (list: CpsvItem[], path: string, cls: string, link: string) => {
      for (const r of list) {
        const node = `${svc}/${path}/${r.id}`;
        a(node, cls);
        str(node, `${NS.dct}identifier`, `${s.id}/${path}/${r.id}`);
        texts(node, `${NS.dct}title`, r.title);
        texts(node, `${NS.dct}description`, r.description);
        add(svc, link, namedNode(node));
      }
    };
    items(s.requirements, 'requirement', `${NS.m8g}Requirement`, `${NS.m8g}holdsRequirement`);
    items(s.evidence, 'evidence', `${NS.m8g}Evidence`, `${NS.cpsv}hasInput`);
    items(s.output ? [s.output] : [], 'output', `${NS.m8g}Output`, `${NS.cpsv}produces`);
    for (const rid of s.relatedServiceIds) {
      // only services described in this same document: m8g:relatedService's sh:class needs their type here
      if (ids.has(rid) && rid !== s.id) add(svc, `${NS.m8g}relatedService`, namedNode(iri.service(kov.code, rid)));
    }
    for (const l of s.relatedLinks) add(svc, `${NS.dct}relation`, namedNode(l.url));
  }
  return set.quads;
}

const PREFIXES = {
  cpsv: NS.cpsv,
  m8g: NS.m8g,
  dct: NS.dct,
  dcat: NS.dcat,
  skos: NS.skos,
  foaf: NS.foaf,
  eli: NS.eli,
  adms: NS.adms,
  time: NS.time,
  xsd: NS.xsd,
};

/** Turtle, with the vocabularies' prefixes (sorted quads: kernel/rdf.ts). */
export const toTurtle = (quads: readonly Quad[]): string => turtleOf(quads, PREFIXES);

/** N-Quads (one line per quad, sorted): the input of JSON-LD's fromRDF. */
export const toNQuads = (quads: readonly Quad[]): string => nquadsOf(quads);

/**
 * The JSON-LD @context we serve inline (our own, local: no remote context is referenced or fetched).
 * Only prefixes and `@language`-free terms: every property stays a compact IRI (dct:title, …), so
 * the document reads the same as the Turtle and round-trips exactly.
 */
export const CPSV_CONTEXT = { ...PREFIXES, rdf: NS.rdf } as const;

/** A document loader that refuses everything: JSON-LD processing in the tests never touches the network. */
export const noNetworkLoader = (url: string): Promise<never> => Promise.reject(new Error(`no remote JSON-LD documents: ${url}`));

/**
 * Compact JSON-LD (a @graph of nodes, one per subject) with the inline @context, written directly
 * from the sorted quads (kernel/rdf.ts). The tests read it back with the `jsonld` processor (toRDF)
 * and find exactly the same triples.
 */
export const toJsonLd = (quads: readonly Quad[]): Record<string, unknown> => jsonLdOf(quads, CPSV_CONTEXT);
