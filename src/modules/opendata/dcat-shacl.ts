// Test support for the DCAT-AP export (dcat.shacl.test.ts and the HTTP tests; never the app): the
// official DCAT-AP 3.0.0 SHACL shapes (test/fixtures/dcat/), validation with rdf-validate-shacl,
// our Turtle and JSON-LD read back into datasets (JSON-LD through the jsonld processor with a
// document loader that refuses the network), and a hand-built dataset.
import fs from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import type { DcatDataset } from './catalog.js';

export const DCAT_SHAPES_FILE = path.join(import.meta.dirname, '../../../test/fixtures/dcat/dcat-ap-SHACL.ttl');
export const BASE = 'https://vallamaja.example';

export function dcatShapes(): Store {
  return new Store(new Parser().parse(fs.readFileSync(DCAT_SHAPES_FILE, 'utf8')));
}

/** The SHACL report of a data graph against the DCAT-AP shapes: conforms, and each result in short. */
export async function dcatReport(data: Store) {
  const report = await new SHACLValidator(dcatShapes()).validate(data);
  return {
    conforms: report.conforms,
    results: report.results.map((r) => ({
      focus: r.focusNode?.value ?? '',
      path: r.path?.value ?? '',
      component: (r.sourceConstraintComponent?.value ?? '').replace('http://www.w3.org/ns/shacl#', ''),
      message: r.message.map((m) => m.value).join(' '),
    })),
  };
}

export const fromTurtle = (ttl: string): Store => new Store(new Parser().parse(ttl));

/** JSON-LD → RDF with the jsonld processor; any remote context or document is refused. */
export async function fromJsonLd(doc: object): Promise<Store> {
  const refuse = (url: string): Promise<never> => Promise.reject(new Error(`no remote JSON-LD documents: ${url}`));
  const nq = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
    documentLoader: refuse as unknown as jsonld.Options.DocLoader['documentLoader'],
  })) as unknown as string;
  return new Store(new Parser({ format: 'N-Quads' }).parse(nq));
}

/** A dataset with every part the export maps (a file, a link and an API). */
export function handBuiltDataset(over: Partial<DcatDataset> = {}): DcatDataset {
  return {
    id: '0190d1c2-0000-7000-8000-0000000000d1',
    kov: '0784',
    auto: false,
    title: { et: 'Mänguväljakud', en: 'Playgrounds', ru: 'Детские площадки' },
    description: { et: 'Linna mänguväljakud.', en: 'The city’s playgrounds.', ru: 'Детские площадки города.' },
    contact: { name: 'Strateegiakeskus', email: 'avaandmed@tallinn.example' },
    themes: ['EDUC', 'REGI'],
    keywords: ['mänguväljak', 'lapsed'],
    spatial: '0784',
    temporal: { start: '2026-01-01', end: '2026-12-31' },
    frequency: 'ANNUAL',
    license: 'CC_BY_4_0',
    accessRights: 'PUBLIC',
    issued: '2026-12-01T10:00:00.000Z',
    modified: '2026-12-02T10:00:00.000Z',
    landingPage: '/opendata/0190d1c2-0000-7000-8000-0000000000d1',
    distributions: [
      {
        id: '0190d1c2-0000-7000-8000-0000000000f1',
        kind: 'file',
        title: { et: 'manguvaljakud.csv', en: 'manguvaljakud.csv', ru: 'manguvaljakud.csv' },
        accessUrl: '/opendata/files/0190d1c2-0000-7000-8000-0000000000f1/manguvaljakud.csv',
        downloadUrl: '/opendata/files/0190d1c2-0000-7000-8000-0000000000f1/manguvaljakud.csv',
        mediaType: 'text/csv',
        format: 'CSV',
        byteSize: 321,
        modified: '2026-12-01T09:00:00.000Z',
      },
      {
        id: '0190d1c2-0000-7000-8000-0000000000f2',
        kind: 'link',
        title: { et: 'Kaart', en: 'Map', ru: 'Карта' },
        accessUrl: 'https://www.tallinn.example/manguvaljakud',
        downloadUrl: null,
        mediaType: null,
        format: 'HTML',
        byteSize: null,
        modified: null,
      },
      {
        id: '0190d1c2-0000-7000-8000-0000000000f3',
        kind: 'api',
        title: { et: 'Mänguväljakute API', en: 'Playgrounds API', ru: 'API детских площадок' },
        accessUrl: 'https://api.tallinn.example/playgrounds/v1',
        downloadUrl: null,
        mediaType: null,
        format: 'JSON',
        byteSize: null,
        modified: null,
      },
    ],
    ...over,
  };
}
