// Test support for the CPSV-AP export (used by cpsv.shacl.test.ts and public.test.ts; never by the
// app): the official CPSV-AP 3.2.0 SHACL shapes (test/fixtures/cpsv/), a SHACL validation with
// rdf-validate-shacl, our Turtle and JSON-LD read back into datasets (JSON-LD through the jsonld
// processor with a document loader that refuses the network), and a hand-built entry.
import fs from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import type { CpsvService } from './cpsv.js';
import { noNetworkLoader } from './cpsv.js';

const SHAPES = fs.readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/cpsv/cpsv-ap-SHACL.ttl'), 'utf8');
export const BASE = 'https://vallamaja.example';

export function shapesStore(): Store {
  return new Store(new Parser().parse(SHAPES));
}

export async function validate(data: Store) {
  const v = new SHACLValidator(shapesStore());
  const report = await v.validate(data);
  return {
    conforms: report.conforms,
    messages: report.results.map((r) => ({
      focus: r.focusNode?.value ?? '',
      path: r.path?.value ?? '',
      message: r.message.map((m) => m.value).join(' '),
      component: r.sourceConstraintComponent?.value ?? '',
    })),
  };
}

export function turtleStore(ttl: string): Store {
  return new Store(new Parser().parse(ttl));
}

export async function jsonLdStore(doc: object): Promise<Store> {
  const nq = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
    documentLoader: noNetworkLoader as unknown as jsonld.Options.DocLoader['documentLoader'],
  })) as unknown as string;
  return new Store(new Parser({ format: 'N-Quads' }).parse(nq));
}

/** A hand-built entry with every part the export maps. */
export function handBuilt(over: Partial<CpsvService> = {}): CpsvService {
  return {
    id: '0190d1c2-0000-7000-8000-000000000001',
    slug: 'lasteaiakoht',
    kov: { code: '0784', name: 'Tallinn' },
    status: 'published',
    updatedAt: new Date('2026-12-01T10:00:00Z'),
    title: { et: 'Lasteaiakoha taotlemine', en: 'Applying for a kindergarten place', ru: 'Подача заявления на место в детском саду' },
    description: { et: 'Lapsevanem taotleb lapsele kohta munitsipaallasteaias.', en: 'A parent applies for a place in a municipal kindergarten.' },
    keywords: [
      { lang: 'et', text: 'lasteaed' },
      { lang: 'en', text: 'kindergarten' },
    ],
    targetGroups: [{ code: 'families', label: { et: 'Lastega pered', en: 'Families with children', ru: 'Семьи с детьми' } }],
    lifeEvents: [{ code: 'child-birth', title: { et: 'Lapse sünd', en: 'Birth of a child', ru: 'Рождение ребёнка' } }],
    legalBases: [{ act: 'Koolieelse lasteasutuse seadus', section: '§ 10', url: 'https://www.riigiteataja.ee/akt/KLASS' }],
    channels: [
      { id: 'c1', kind: 'eservice', address: 'https://taotlus.example/lasteaed', costEur: 0, processingTime: 'P30D' },
      { id: 'c2', kind: 'office', address: 'Vabaduse väljak 7, Tallinn', openingHours: { et: 'E–R 9–17', en: 'Mon–Fri 9–17' }, costEur: 0, processingTime: 'P30D' },
      { id: 'c3', kind: 'phone', address: '+372 640 4200' },
      { id: 'c4', kind: 'email', address: 'haridus@tallinn.example' },
    ],
    requirements: [{ id: 'r1', title: { et: 'Laps elab Tallinnas', en: 'The child lives in Tallinn' } }],
    evidence: [{ id: 'e1', title: { et: 'Sünnitõend', en: 'Birth certificate' } }],
    output: { id: 'o1', title: { et: 'Otsus lasteaiakoha kohta', en: 'Decision on the place' } },
    processingTime: 'P30D',
    relatedServiceIds: [],
    relatedLinks: [{ title: { et: 'Vanemahüvitis' }, url: 'https://www.sotsiaalkindlustusamet.ee/vanemahuvitis' }],
    ...over,
  };
}
