// The DCAT-AP export against the official DCAT-AP 3.0.0 SHACL shapes (test/fixtures/dcat/): our
// Turtle and our JSON-LD (read back with jsonld.toRDF, network refused) are validated with
// rdf-validate-shacl, for a hand-built catalogue and for the demo catalogue. A planted broken
// dataset must fail with the shapes' own results.
import { describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../dev/demo.js';
import { nquadsOf } from '../../kernel/rdf.js';
import { testConfig, testDb } from '../../../test/helpers.js';
import { catalogueQuads, toJsonLd, toTurtle } from './dcat.js';
import { BASE, dcatReport, dcatShapes, fromJsonLd, fromTurtle, handBuiltDataset } from './dcat-shacl.js';
import { dcatDocuments } from './routes-public.js';
import { refreshAutoDatasets } from './auto/index.js';
import { areaNames, catalogueDatasets } from './service.js';

const SH = 'http://www.w3.org/ns/shacl#';
const names = new Map([['0784', 'Tallinn']]);
const info = { base: BASE, kovNames: names, modified: '2026-12-02T10:00:00.000Z' };

describe('DCAT-AP export against the official 3.0.0 SHACL shapes', () => {
  it('the shapes file is the release: 42 node shapes; Dataset needs title and description, Distribution an access URL, Catalog a publisher', () => {
    const s = dcatShapes();
    expect(s.getSubjects('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `${SH}NodeShape`, null)).toHaveLength(42);
    const required = (shape: string) =>
      s
        .getObjects(`https://semiceu.github.io/DCAT-AP/releases/3.0.0#${shape}`, `${SH}property`, null)
        .filter((p) => s.getObjects(p, `${SH}minCount`, null).length)
        .map((p) => s.getObjects(p, `${SH}path`, null)[0]!.value)
        .sort();
    expect(required('dcat:DatasetShape')).toEqual(['http://purl.org/dc/terms/description', 'http://purl.org/dc/terms/title']);
    expect(required('dcat:DistributionShape')).toEqual(['http://www.w3.org/ns/dcat#accessURL']);
    expect(required('dcat:CatalogShape')).toEqual(['http://purl.org/dc/terms/description', 'http://purl.org/dc/terms/publisher', 'http://purl.org/dc/terms/title']);
  });

  it('a hand-built catalogue (a file, a link, an API) conforms, as Turtle and as JSON-LD, with the same triples', async () => {
    const q = catalogueQuads(info, [handBuiltDataset()]);
    const t = fromTurtle(toTurtle(q));
    expect(nquadsOf(t.getQuads(null, null, null, null))).toBe(nquadsOf(q));
    const r1 = await dcatReport(t);
    expect(r1.results).toEqual([]);
    expect(r1.conforms).toBe(true);
    const j = await fromJsonLd(toJsonLd(q));
    expect(nquadsOf(j.getQuads(null, null, null, null))).toBe(nquadsOf(q));
    const r2 = await dcatReport(j);
    expect(r2.results).toEqual([]);
    expect(r2.conforms).toBe(true);
  });

  it('what the export states: publisher as a local authority, EHAK location, period, contact, licence, access rights, xsd:dateTime', () => {
    const ttl = toTurtle(catalogueQuads(info, [handBuiltDataset()]));
    const s = fromTurtle(ttl);
    const ds = `${BASE}/dcat/dataset/0190d1c2-0000-7000-8000-0000000000d1`;
    const one = (subj: string, p: string) => s.getObjects(subj, p, null).map((o) => o.value);
    expect(one(ds, 'http://purl.org/dc/terms/publisher')).toEqual([`${BASE}/dcat/publisher/0784`]);
    expect(one(`${BASE}/dcat/publisher/0784`, 'http://purl.org/dc/terms/type')).toEqual(['http://purl.org/adms/publishertype/LocalAuthority']);
    expect(one(ds, 'http://purl.org/dc/terms/spatial')).toEqual([`${BASE}/ehak/0784`]);
    expect(one(`${ds}#temporal`, 'http://www.w3.org/ns/dcat#startDate')).toEqual(['2026-01-01']);
    expect(one(`${ds}#contact`, 'http://www.w3.org/2006/vcard/ns#hasEmail')).toEqual(['mailto:avaandmed@tallinn.example']);
    expect(one(ds, 'http://purl.org/dc/terms/accessRights')).toEqual(['http://publications.europa.eu/resource/authority/access-right/PUBLIC']);
    expect(one(`${BASE}/dcat/distribution/0190d1c2-0000-7000-8000-0000000000f1`, 'http://purl.org/dc/terms/license')).toEqual([
      'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
    ]);
    expect(one(`${BASE}/dcat/distribution/0190d1c2-0000-7000-8000-0000000000f3`, 'http://www.w3.org/ns/dcat#accessService')).toHaveLength(1);
    expect(ttl).toContain('"2026-12-01T10:00:00.000Z"^^xsd:dateTime');
  });

  it('a broken dataset (no title, no description, a distribution without access URL, a theme not a concept) fails with the shapes’ results', async () => {
    const bad = handBuiltDataset({ title: { et: '', en: '', ru: '' }, description: { et: '', en: '', ru: '' } });
    const dsIri = `${BASE}/dcat/dataset/${bad.id}`;
    const distIri = `${BASE}/dcat/distribution/${bad.distributions[1]!.id}`;
    const q = catalogueQuads(info, [bad]).filter(
      (x) =>
        // the link's access URL dropped, and the themes' skos:Concept type
        !(x.subject.value === distIri && x.predicate.value === 'http://www.w3.org/ns/dcat#accessURL') &&
        !(x.subject.value.startsWith('http://publications.europa.eu/resource/authority/data-theme/') && x.object.value === 'http://www.w3.org/2004/02/skos/core#Concept'),
    );
    for (const store of [fromTurtle(toTurtle(q)), await fromJsonLd(toJsonLd(q))]) {
      const r = await dcatReport(store);
      expect(r.conforms).toBe(false);
      const at = (focus: string) =>
        r.results
          .filter((x) => x.focus === focus)
          .map((x) => `${x.path} ${x.component}`)
          .sort();
      expect(at(dsIri)).toEqual([
        'http://purl.org/dc/terms/description MinCountConstraintComponent',
        'http://purl.org/dc/terms/title MinCountConstraintComponent',
        'http://www.w3.org/ns/dcat#theme ClassConstraintComponent',
        'http://www.w3.org/ns/dcat#theme ClassConstraintComponent',
      ]);
      expect(at(distIri)).toEqual(['http://www.w3.org/ns/dcat#accessURL MinCountConstraintComponent']);
      expect(r.results).toHaveLength(5);
    }
  });

  it('serialisations are deterministic: the same catalogue in another order gives the same bytes', () => {
    const a = catalogueQuads(info, [handBuiltDataset()]);
    const b = [...a].reverse();
    expect(toTurtle(a)).toBe(toTurtle(b));
    expect(JSON.stringify(toJsonLd(a))).toBe(JSON.stringify(toJsonLd(b)));
  });
});

describe('the demo catalogue against the official 3.0.0 shapes', () => {
  it('every published dataset of the demo data conforms, as Turtle and as JSON-LD', async () => {
    const db = await testDb();
    try {
      await loadDemoIfEmpty(db, testConfig(), () => undefined);
      const all = await catalogueDatasets(db);
      // the demo publishes datasets in Tallinn and Tartu (demo.ts); drafts and reviewed ones are not in it
      expect(new Set(all.map((d) => d.kov))).toEqual(new Set(['0784', '0793']));
      expect(all.length).toBe(3);
      expect(all.flatMap((d) => d.distributions.map((x) => x.kind)).sort()).toEqual(['api', 'file', 'file', 'link', 'link', 'link']);
      // and, once the nightly refresh has run, the platform's automatic datasets with them
      await refreshAutoDatasets(db, { publicUrl: BASE });
      const whole = await catalogueDatasets(db);
      const auto = whole.filter((d) => d.auto);
      expect(whole.length).toBe(all.length + auto.length);
      // five datasets for every demo KOV and for all KOVs, each as CSV and JSON
      const kovs = new Set(auto.map((d) => d.kov ?? 'all'));
      expect(auto.length).toBe(kovs.size * 5);
      expect(kovs.has('0784') && kovs.has('all')).toBe(true);
      expect(auto.every((d) => d.distributions.map((x) => x.format).sort().join() === 'CSV,JSON')).toBe(true);
      const names = await areaNames(db, [...new Set(whole.map((d) => d.kov).filter((k): k is string => k !== null))]);
      const { ttl, jsonld } = await dcatDocuments(BASE, whole, names);
      const r1 = await dcatReport(fromTurtle(ttl));
      expect(r1.results).toEqual([]);
      expect(r1.conforms).toBe(true);
      const r2 = await dcatReport(await fromJsonLd(JSON.parse(jsonld) as object));
      expect(r2.results).toEqual([]);
      expect(r2.conforms).toBe(true);
    } finally {
      await db.close();
    }
  }, 180_000);
});
