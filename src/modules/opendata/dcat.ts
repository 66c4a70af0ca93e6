// The open-data catalogue as DCAT-AP 3.0 (served at /dcat/catalog.ttl and /dcat/catalog.jsonld for
// the national portal to harvest): a pure mapping from DcatDataset (catalog.ts) to RDF quads, written
// as deterministic Turtle and compact JSON-LD with an inline @context (kernel/rdf.ts).
//
// Property IRIs and value classes follow the official DCAT-AP 3.0.0 SHACL shapes
// (test/fixtures/dcat/): where a shape constrains a value by class (sh:class), the value node carries
// that rdf:type in the same document, because SHACL checks types in the data graph — so the EU
// authority-table concepts (themes, frequency, licence, access rights, file type), the EHAK location,
// the media type and even the access/download URLs (sh:class rdfs:Resource) are typed here.
import type { Quad } from 'n3';
import { DataFactory } from 'n3';
import { LOCALES, translate } from '../../kernel/i18n.js';
import { QuadSet, jsonLdOf, turtleOf } from '../../kernel/rdf.js';
import type { DcatDataset, DcatText } from './catalog.js';
import { EU } from './model.js';

const { namedNode, literal } = DataFactory;

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dct: 'http://purl.org/dc/terms/',
  dcat: 'http://www.w3.org/ns/dcat#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
} as const;

export const DCAT_PREFIXES: Record<string, string> = { ...NS };

/** What the catalogue says of itself and of its publishers. */
export interface CatalogueInfo {
  /** The platform's public URL (config.publicUrl): every IRI is under it. */
  base: string;
  /** KOV code → name (the datasets' publishers). */
  kovNames: ReadonlyMap<string, string>;
  /** When the catalogue last changed (the newest dataset's modified), ISO; null when empty. */
  modified?: string | null;
}

/** IRIs minted for the export; stable for a dataset's life. */
export function dcatIris(base: string) {
  const b = base.replace(/\/$/, '');
  return {
    catalog: `${b}/dcat/catalog`,
    platform: `${b}/dcat/publisher/platform`,
    publisher: (kov: string) => `${b}/dcat/publisher/${kov}`,
    dataset: (id: string) => `${b}/dcat/dataset/${encodeURIComponent(id)}`,
    distribution: (id: string) => `${b}/dcat/distribution/${encodeURIComponent(id)}`,
    /** An area by its EHAK code (the Estonian classification of administrative units). */
    ehak: (code: string) => `${b}/ehak/${code}`,
    abs: (url: string) => (url.startsWith('/') ? `${b}${url}` : url),
  };
}

const label = (key: string): DcatText => ({ et: translate('et', key), en: translate('en', key), ru: translate('ru', key) });

/** The quads of the whole catalogue. */
export function catalogueQuads(info: CatalogueInfo, datasets: readonly DcatDataset[]): Quad[] {
  const iri = dcatIris(info.base);
  const q = new QuadSet();
  const { rdfs, xsd, dct, dcat, foaf, vcard, skos } = NS;
  const texts = (s: string, p: string, t: DcatText) => {
    const seen = new Set<string>();
    for (const l of LOCALES) {
      const v = t[l]?.trim();
      // a translation that only repeats the Estonian text is not stated as another language's
      if (v && (l === 'et' || !seen.has(v))) q.add(s, p, literal(v, l));
      if (v) seen.add(v);
    }
  };
  const dateTime = (s: string, p: string, v: string | null) => {
    if (v) q.add(s, p, literal(new Date(v).toISOString(), namedNode(`${xsd}dateTime`)));
  };
  const concept = (c: string, cls: string[], lbl: DcatText, notation: string) => {
    q.type(c, `${skos}Concept`);
    for (const k of cls) q.type(c, k);
    texts(c, `${skos}prefLabel`, lbl);
    q.add(c, `${skos}notation`, literal(notation));
    return namedNode(c);
  };
  const resource = (url: string) => {
    q.type(url, `${rdfs}Resource`);
    return namedNode(url);
  };
  const document = (url: string) => {
    q.type(url, `${foaf}Document`);
    return namedNode(url);
  };

  // the platform: the catalogue's publisher
  q.type(iri.platform, `${foaf}Agent`);
  q.add(iri.platform, `${foaf}name`, literal('Vallamaja', 'et'));

  const cat = iri.catalog;
  q.type(cat, `${dcat}Catalog`);
  texts(cat, `${dct}title`, label('opendata.dcat.catalogTitle'));
  texts(cat, `${dct}description`, label('opendata.dcat.catalogDescription'));
  q.add(cat, `${dct}publisher`, namedNode(iri.platform));
  q.add(cat, `${foaf}homepage`, document(iri.abs('/opendata')));
  q.add(cat, `${dct}language`, namedNode('http://publications.europa.eu/resource/authority/language/EST'));
  q.type('http://publications.europa.eu/resource/authority/language/EST', `${dct}LinguisticSystem`);
  q.add(cat, `${dct}spatial`, namedNode('http://publications.europa.eu/resource/authority/country/EST'));
  q.type('http://publications.europa.eu/resource/authority/country/EST', `${dct}Location`);
  dateTime(cat, `${dct}modified`, info.modified ?? null);

  for (const d of datasets) {
    const ds = iri.dataset(d.id);
    q.add(cat, `${dcat}dataset`, namedNode(ds));
    q.type(ds, `${dcat}Dataset`);
    q.add(ds, `${dct}identifier`, literal(d.id));
    texts(ds, `${dct}title`, d.title);
    texts(ds, `${dct}description`, d.description);
    for (const k of d.keywords) if (k.trim()) q.add(ds, `${dcat}keyword`, literal(k.trim(), 'et'));
    for (const th of d.themes) q.add(ds, `${dcat}theme`, concept(`${EU.theme}${th}`, [], label(`opendata.theme.${th}`), th));
    q.add(ds, `${dct}accrualPeriodicity`, concept(`${EU.frequency}${d.frequency}`, [`${dct}Frequency`], label(`opendata.frequency.${d.frequency}`), d.frequency));
    q.add(ds, `${dct}accessRights`, concept(`${EU.access}${d.accessRights}`, [`${dct}RightsStatement`], label(`opendata.access.${d.accessRights}`), d.accessRights));
    dateTime(ds, `${dct}issued`, d.issued);
    dateTime(ds, `${dct}modified`, d.modified);
    q.add(ds, `${dcat}landingPage`, document(iri.abs(d.landingPage)));

    // the publisher: the KOV as a local authority, or the platform
    if (d.kov) {
      const pub = iri.publisher(d.kov);
      q.type(pub, `${foaf}Agent`);
      q.add(pub, `${foaf}name`, literal(info.kovNames.get(d.kov) ?? d.kov, 'et'));
      q.add(pub, `${dct}identifier`, literal(d.kov));
      q.add(pub, `${dct}type`, concept(`${EU.publisherType}LocalAuthority`, [], label('opendata.dcat.localAuthority'), 'LocalAuthority'));
      q.add(ds, `${dct}publisher`, namedNode(pub));
    } else {
      q.add(ds, `${dct}publisher`, namedNode(iri.platform));
    }

    // the contact point
    const cp = `${ds}#contact`;
    q.type(cp, `${vcard}Kind`);
    q.add(cp, `${vcard}fn`, literal(d.contact.name));
    q.add(cp, `${vcard}hasEmail`, namedNode(`mailto:${d.contact.email}`));
    q.add(ds, `${dcat}contactPoint`, namedNode(cp));

    // coverage: the area (EHAK) and the period
    if (d.spatial) {
      const loc = iri.ehak(d.spatial);
      q.type(loc, `${dct}Location`);
      q.add(loc, `${skos}notation`, literal(d.spatial));
      const name = info.kovNames.get(d.spatial);
      if (name) q.add(loc, `${skos}prefLabel`, literal(name, 'et'));
      q.add(ds, `${dct}spatial`, namedNode(loc));
    }
    if (d.temporal && (d.temporal.start || d.temporal.end)) {
      const pt = `${ds}#temporal`;
      q.type(pt, `${dct}PeriodOfTime`);
      if (d.temporal.start) q.add(pt, `${dcat}startDate`, literal(d.temporal.start.slice(0, 10), namedNode(`${xsd}date`)));
      if (d.temporal.end) q.add(pt, `${dcat}endDate`, literal(d.temporal.end.slice(0, 10), namedNode(`${xsd}date`)));
      q.add(ds, `${dct}temporal`, namedNode(pt));
    }

    const licence = `${EU.license}${d.license}`;
    for (const x of d.distributions) {
      const di = iri.distribution(x.id);
      q.type(di, `${dcat}Distribution`);
      q.add(ds, `${dcat}distribution`, namedNode(di));
      texts(di, `${dct}title`, x.title);
      q.add(di, `${dcat}accessURL`, resource(iri.abs(x.accessUrl)));
      if (x.downloadUrl) q.add(di, `${dcat}downloadURL`, resource(iri.abs(x.downloadUrl)));
      if (x.mediaType) {
        const mt = `https://www.iana.org/assignments/media-types/${x.mediaType}`;
        q.type(mt, `${dct}MediaType`);
        q.add(di, `${dcat}mediaType`, namedNode(mt));
      }
      if (x.format) {
        const ft = `${EU.fileType}${x.format}`;
        q.type(ft, `${dct}MediaTypeOrExtent`);
        q.add(di, `${dct}format`, namedNode(ft));
      }
      if (x.byteSize != null) q.add(di, `${dcat}byteSize`, literal(String(x.byteSize), namedNode(`${xsd}nonNegativeInteger`)));
      dateTime(di, `${dct}modified`, x.modified);
      q.type(licence, `${dct}LicenseDocument`);
      q.add(di, `${dct}license`, namedNode(licence));
      if (x.kind === 'api') {
        // the endpoint as a data service that gives access to this distribution
        const svc = `${di}#service`;
        q.type(svc, `${dcat}DataService`);
        texts(svc, `${dct}title`, x.title);
        q.add(svc, `${dcat}endpointURL`, resource(x.accessUrl));
        q.add(svc, `${dcat}servesDataset`, namedNode(ds));
        q.add(di, `${dcat}accessService`, namedNode(svc));
      }
    }
  }
  return q.quads;
}

export const toTurtle = (quads: readonly Quad[]): string => turtleOf(quads, DCAT_PREFIXES);
export const toJsonLd = (quads: readonly Quad[]): Record<string, unknown> => jsonLdOf(quads, DCAT_PREFIXES);
