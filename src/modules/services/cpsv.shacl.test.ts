// The CPSV-AP export against the official CPSV-AP 3.2.0 SHACL shapes (test/fixtures/cpsv/, unchanged):
// our Turtle and our JSON-LD are parsed back into datasets and validated with rdf-validate-shacl.
// A planted broken entry (no title, a bad duration) must fail with the shapes' own messages.
import fs from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import type { Quad } from 'n3';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { describe, expect, it } from 'vitest';
import type { CpsvService } from './cpsv.js';
import { kovQuads, noNetworkLoader, toJsonLd, toTurtle } from './cpsv.js';

const SHAPES = fs.readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/cpsv/cpsv-ap-SHACL.ttl'), 'utf8');
const BASE = 'https://vallamaja.example';

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

describe('CPSV-AP export against the official 3.2.0 SHACL shapes', () => {
  it('the shapes file is the release: 33 node shapes, PublicService needs identifier, title, description, competent authority', () => {
    const shapes = shapesStore();
    const nodeShapes = shapes.getSubjects('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://www.w3.org/ns/shacl#NodeShape', null);
    expect(nodeShapes).toHaveLength(33);
    const ps = 'https://semiceu.github.io/CPSV-AP/releases/3.2.0/#PublicServiceShape';
    const required = shapes
      .getObjects(ps, 'http://www.w3.org/ns/shacl#property', null)
      .filter((p) => shapes.getObjects(p, 'http://www.w3.org/ns/shacl#minCount', null).length)
      .map((p) => shapes.getObjects(p, 'http://www.w3.org/ns/shacl#path', null)[0]!.value)
      .sort();
    expect(required).toEqual(['http://data.europa.eu/m8g/hasCompetentAuthority', 'http://purl.org/dc/terms/description', 'http://purl.org/dc/terms/identifier', 'http://purl.org/dc/terms/title']);
  });

  it('a hand-built entry conforms, as Turtle and as JSON-LD', async () => {
    const q = kovQuads(BASE, { code: '0784', name: 'Tallinn' }, [handBuilt(), handBuilt({ id: '0190d1c2-0000-7000-8000-000000000002', slug: 'teine', relatedServiceIds: ['0190d1c2-0000-7000-8000-000000000001'] })]);
    const ttl = toTurtle(q);
    const fromTtl = turtleStore(ttl);
    expect(fromTtl.size).toBe(q.length);
    const r1 = await validate(fromTtl);
    expect(r1.messages).toEqual([]);
    expect(r1.conforms).toBe(true);

    const doc = await toJsonLd(q);
    const fromJson = await jsonLdStore(doc);
    expect(fromJson.size).toBe(q.length);
    const r2 = await validate(fromJson);
    expect(r2.messages).toEqual([]);
    expect(r2.conforms).toBe(true);
  });

  it('a broken entry (no title, a bad duration, no description) fails with the shapes’ messages', async () => {
    const bad = handBuilt({ title: {}, description: {}, processingTime: '30 päeva' });
    const q = kovQuads(BASE, { code: '0784', name: 'Tallinn' }, [bad]);
    const r = await validate(turtleStore(toTurtle(q)));
    expect(r.conforms).toBe(false);
    const byPath = (p: string) => r.messages.filter((m) => m.path === p).map((m) => m.component.replace('http://www.w3.org/ns/shacl#', ''));
    expect(byPath('http://purl.org/dc/terms/title')).toEqual(['MinCountConstraintComponent']);
    expect(byPath('http://purl.org/dc/terms/description')).toEqual(['MinCountConstraintComponent']);
    expect(byPath('http://data.europa.eu/m8g/processingTime')).toEqual(['DatatypeConstraintComponent']);
    expect(r.messages.every((m) => m.focus.endsWith(`/service/${bad.id}`))).toBe(true);
  });

  it('a value of the wrong class (a competent authority that is not a PublicOrganisation) fails', async () => {
    const q: Quad[] = kovQuads(BASE, { code: '0784', name: 'Tallinn' }, [handBuilt()]).filter(
      (x) => !(x.subject.value.endsWith('#kov') && x.object.value === 'http://data.europa.eu/m8g/PublicOrganisation'),
    );
    const r = await validate(turtleStore(toTurtle(q)));
    expect(r.conforms).toBe(false);
    expect(r.messages.map((m) => m.component)).toContain('http://www.w3.org/ns/shacl#ClassConstraintComponent');
  });

  it('serialisations are deterministic: the same catalogue gives the same bytes', async () => {
    const q1 = kovQuads(BASE, { code: '0784', name: 'Tallinn' }, [handBuilt()]);
    const q2 = kovQuads(BASE, { code: '0784', name: 'Tallinn' }, [handBuilt()]).reverse();
    expect(toTurtle(q1)).toBe(toTurtle(q2));
    expect(JSON.stringify(await toJsonLd(q1))).toBe(JSON.stringify(await toJsonLd(q2)));
  });
});
