// The CPSV-AP export against the official CPSV-AP 3.2.0 SHACL shapes (test/fixtures/cpsv/): our
// Turtle and our JSON-LD are parsed back into datasets and validated with rdf-validate-shacl. A
// planted broken entry (no title, a bad duration) must fail with the shapes' own messages.
import type { Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../dev/demo.js';
import { testConfig, testDb } from '../../../test/helpers.js';
import { kovQuads, toJsonLd, toNQuads, toTurtle } from './cpsv.js';
import { catalogueQuads } from './cpsv-entry.js';
import { BASE, handBuilt, jsonLdStore, shapesStore, turtleStore, validate } from './cpsv-shacl.js';
import { publishedCatalogue } from './service.js';

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

    const doc = toJsonLd(q);
    const fromJson = await jsonLdStore(doc);
    expect(fromJson.size).toBe(q.length);
    // the same triples, not just as many
    expect(toNQuads(fromJson.getQuads(null, null, null, null))).toBe(toNQuads(q));
    expect(toNQuads(fromTtl.getQuads(null, null, null, null))).toBe(toNQuads(q));
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
    expect(JSON.stringify(toJsonLd(q1))).toBe(JSON.stringify(toJsonLd(q2)));
  });
});

describe('the demo catalogue against the official 3.2.0 shapes', () => {
  it('every published service of the demo data conforms, as Turtle and as JSON-LD', async () => {
    const db = await testDb();
    try {
      await loadDemoIfEmpty(db, testConfig(), () => undefined);
      const entries = await publishedCatalogue(db, null);
      // the demo publishes services in Tallinn and Tartu (demo.ts)
      expect(new Set(entries.map((e) => e.kovCode)).size).toBeGreaterThanOrEqual(2);
      expect(entries.length).toBeGreaterThanOrEqual(8);
      const q = catalogueQuads(BASE, entries);
      const r1 = await validate(turtleStore(toTurtle(q)));
      expect(r1.messages).toEqual([]);
      expect(r1.conforms).toBe(true);
      const r2 = await validate(await jsonLdStore(toJsonLd(q)));
      expect(r2.messages).toEqual([]);
      expect(r2.conforms).toBe(true);
    } finally {
      await db.close();
    }
  }, 180_000);
});
