// The catalogue's service against a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL), the
// clock set: create, edit in place, a new version after publishing, publish, archive, history, the
// public reads (refs, catalogue, search, the change feed with its cursor), templates and adoption, the
// cross-KOV view, audit entries, and tenant isolation (one KOV never sees another's services).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_CHAIN, auditActionsOf } from '../../kernel/audit.js';
import { advanceClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { asOwner, engine, fails, seedTenant, testDb } from '../../../test/helpers.js';
import { FIXTURE_ACTOR, SERVICES_KOV as A, SERVICES_OTHER_KOV as B, createService, publishService, publishedService, sampleContent } from './fixtures.js';
import {
  adoptTemplate,
  archiveService,
  catalogueChanges,
  createTemplate,
  crossKovView,
  getService,
  getVersion,
  listServices,
  listTemplates,
  listVersions,
  publishedCatalogue,
  searchCatalogue,
  serviceRef,
  serviceRefs,
  updateService,
  updateTemplate,
} from './service.js';

let db: Db;

beforeAll(async () => {
  setClock('2026-12-10T10:00:00+02:00');
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu', 'linn');
});
afterAll(async () => {
  await db?.close();
});

describe(`services: catalogue entries and versions (${engine})`, () => {
  it('a new service is a draft (version 1) with a stable slug; edits change the draft in place', async () => {
    const s = await createService(db, A, { name: { et: 'Hooldajatoetus', en: 'Carer allowance', ru: 'Пособие по уходу' } });
    expect(s.slug).toBe('hooldajatoetus');
    const twin = await createService(db, A, { name: { et: 'Hooldajatoetus', en: '', ru: '' } });
    expect(twin.slug).toBe('hooldajatoetus-2');
    const r = await updateService(db, A, s.id, sampleContent({ name: { et: 'Hooldajatoetus (uus nimi)', en: '', ru: '' } }), FIXTURE_ACTOR);
    expect(r).toEqual({ versionNo: 1, created: false });
    const v = (await getService(db, A, s.id))!;
    expect(v).toMatchObject({ status: 'draft', slug: 'hooldajatoetus', versionNo: 1, draftNo: 1, currentNo: null });
    expect(v.content.name.et).toBe('Hooldajatoetus (uus nimi)');
    expect((await getService(db, A, 'hooldajatoetus'))!.id).toBe(s.id);
  });

  it('bad content is refused with the fields named; related services must be the KOV’s own', async () => {
    const bad = await fails(createService(db, A, { name: { et: '', en: '', ru: '' }, channels: [{ kind: 'eservice', url: 'x', address: '', openingHours: '', phone: '', email: '', costCents: 0, processingTime: '10p' }] }));
    expect(bad.status).toBe(400);
    expect(bad.fields).toEqual(['name.et', 'channels.0.url', 'channels.0.processingTime']);
    const other = await createService(db, B);
    expect((await fails(createService(db, A, { relatedServices: [other.id] }))).fields).toEqual(['relatedServices']);
    const mine = await createService(db, A);
    const linked = await createService(db, A, { relatedServices: [mine.id] });
    expect((await getService(db, A, linked.id))!.content.relatedServices).toEqual([mine.id]);
  });

  it('publish makes the draft current; editing a published service opens a new version; publishing it replaces the current one', async () => {
    const s = await createService(db, A, { name: { et: 'Lasteaiakoht', en: 'Kindergarten place', ru: 'Место в детском саду' }, keywords: ['lasteaed'] });
    expect((await fails(archiveService(db, A, s.id, FIXTURE_ACTOR))).reasons).toContain('services.error.notPublished');
    expect(await publishService(db, A, s.id)).toEqual({ versionNo: 1 });
    expect((await fails(publishService(db, A, s.id))).reasons).toContain('services.error.nothingToPublish');
    advanceClock(60_000);
    const e = await updateService(db, A, s.id, sampleContent({ name: { et: 'Lasteaiakoht (muudetud)', en: '', ru: '' } }), { kind: 'person', id: null, name: 'Teine Ametnik' });
    expect(e).toEqual({ versionNo: 2, created: true });
    // the public still sees version 1
    let entry = (await publishedCatalogue(db, A)).find((x) => x.id === s.id)!;
    expect(entry).toMatchObject({ versionNo: 1, status: 'published', kovName: 'Tallinn' });
    expect(entry.name.et).toBe('Lasteaiakoht');
    // a second edit stays in version 2
    expect(await updateService(db, A, s.id, sampleContent({ name: { et: 'Lasteaiakoht (v2)', en: '', ru: '' } }), FIXTURE_ACTOR)).toEqual({ versionNo: 2, created: false });
    expect(await publishService(db, A, s.id)).toEqual({ versionNo: 2 });
    entry = (await publishedCatalogue(db, A)).find((x) => x.id === s.id)!;
    expect(entry.versionNo).toBe(2);
    expect(entry.name.et).toBe('Lasteaiakoht (v2)');
    expect(entry.publishedAt.getTime()).toBeLessThan(entry.modifiedAt.getTime());
    const versions = (await listVersions(db, A, s.id))!;
    expect(versions.map((v) => [v.versionNo, v.current, v.draft, v.createdBy])).toEqual([
      [2, true, false, 'Teine Ametnik'],
      [1, false, false, 'test fixtures'],
    ]);
    expect((await getVersion(db, A, s.id, 1))!.content.name.et).toBe('Lasteaiakoht');
    expect(await getVersion(db, A, s.id, 3)).toBeNull();
    // archive: out of the catalogue, versions kept; edit + publish brings it back
    await archiveService(db, A, s.id, FIXTURE_ACTOR);
    expect((await publishedCatalogue(db, A)).some((x) => x.id === s.id)).toBe(false);
    expect((await serviceRef(db, A, s.id))!.status).toBe('archived');
    expect(await updateService(db, A, s.id, sampleContent({ name: { et: 'Lasteaiakoht (tagasi)', en: '', ru: '' } }), FIXTURE_ACTOR)).toEqual({ versionNo: 3, created: true });
    expect((await getService(db, A, s.id))!.status).toBe('archived');
    await publishService(db, A, s.id);
    expect((await getService(db, A, s.id))!).toMatchObject({ status: 'published', currentNo: 3, draftNo: null, slug: 'lasteaiakoht' });
    const actions = await db.tx((t) => auditActionsOf(t, A), { kov: A });
    expect(actions).toEqual(expect.arrayContaining(['services.service.create', 'services.service.update', 'services.version.create', 'services.service.publish', 'services.service.archive']));
  });

  it('refs: by id or slug, any status in the KOV; serviceRefs and the catalogue hold published ones only', async () => {
    const d = await createService(db, A, { name: { et: 'Ainult mustand', en: '', ru: '' }, unit: 'Linnakantselei', ownerName: '' });
    const ref = (await serviceRef(db, A, 'ainult-mustand'))!;
    expect(ref).toEqual({ id: d.id, kovCode: A, slug: 'ainult-mustand', name: { et: 'Ainult mustand', en: '', ru: '' }, status: 'draft', ownerName: null, unit: 'Linnakantselei', templateId: null });
    expect(await serviceRef(db, A, 'no-such')).toBeNull();
    expect((await serviceRefs(db, A)).every((r) => r.status === 'published')).toBe(true);
    expect((await serviceRefs(db, A)).some((r) => r.id === d.id)).toBe(false);
  });

  it('tenant isolation: one KOV never sees, edits or publishes another’s services', async () => {
    const a = await createService(db, A, { name: { et: 'Tallinna mustand', en: '', ru: '' } });
    const b = await publishedService(db, B, { name: { et: 'Tartu teenus', en: '', ru: '' } });
    expect(await serviceRef(db, B, a.id)).toBeNull();
    expect(await getService(db, B, a.id)).toBeNull();
    expect(await listVersions(db, B, a.id)).toBeNull();
    expect((await listServices(db, B)).some((x) => x.id === a.id)).toBe(false);
    expect((await fails(updateService(db, B, a.id, sampleContent(), FIXTURE_ACTOR))).status).toBe(404);
    expect((await fails(publishService(db, B, a.id))).status).toBe(404);
    expect((await publishedCatalogue(db, A)).some((x) => x.id === b.id)).toBe(false);
    const all = await publishedCatalogue(db, null);
    expect(all.some((x) => x.id === b.id && x.kovName === 'Tartu')).toBe(true);
    expect(all.some((x) => x.id === a.id)).toBe(false);
    expect((await serviceRefs(db, null)).some((x) => x.id === b.id)).toBe(true);
    // row-level security: a transaction of B sees none of A's rows even without the filter
    const seen = await db.tx((t) => t.query<{ kov_code: string }>('SELECT DISTINCT kov_code FROM services_service'), { kov: B });
    expect(seen.map((r) => r.kov_code)).toEqual([B]);
  });

  it('lists by status', async () => {
    const all = await listServices(db, A);
    const drafts = await listServices(db, A, 'draft');
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((x) => x.status === 'draft')).toBe(true);
    expect(all.length).toBeGreaterThan(drafts.length);
  });
});

describe(`services: search and the change feed (${engine})`, () => {
  it('full-text search over published versions, ranked, names above body text; drafts never found', async () => {
    const p = await publishedService(db, A, {
      name: { et: 'Ehitusluba', en: 'Building permit', ru: 'Разрешение на строительство' },
      description: { et: 'Hoone püstitamiseks on vaja ehitusluba.', en: 'A permit to build.', ru: 'Разрешение.' },
      keywords: ['ehitamine'],
    });
    const q = await publishedService(db, A, { name: { et: 'Kasutusluba', en: 'Occupancy permit', ru: '' }, description: { et: 'Pärast ehitusluba ja ehitamist.', en: 'After building.', ru: '' } });
    await createService(db, A, { name: { et: 'Ehitusluba mustandis', en: '', ru: '' } });
    const hits = await searchCatalogue(db, A, 'ehitusluba', 10);
    expect(hits.map((h) => h.id)).toEqual([p.id, q.id]);
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
    expect((await searchCatalogue(db, A, 'building permit', 10))[0]!.id).toBe(p.id);
    expect(await searchCatalogue(db, B, 'ehitusluba', 10)).toEqual([]);
    expect((await searchCatalogue(db, null, 'ehitusluba', 10)).map((h) => h.kovCode)).toEqual([A, A]);
    expect(await searchCatalogue(db, A, '   ', 10)).toEqual([]);
    // archived: out of search
    await archiveService(db, A, q.id, FIXTURE_ACTOR);
    expect((await searchCatalogue(db, A, 'ehitusluba', 10)).map((h) => h.id)).toEqual([p.id]);
  });

  it('changes since a time across KOVs, oldest first, paged with a cursor', async () => {
    setClock('2026-12-12T08:00:00Z');
    const since = new Date('2026-12-12T08:00:00Z');
    const x = await publishedService(db, A, { name: { et: 'Muutus üks', en: '', ru: '' } });
    advanceClock(1000);
    const y = await publishedService(db, B, { name: { et: 'Muutus kaks', en: '', ru: '' } });
    advanceClock(1000);
    await archiveService(db, A, x.id, FIXTURE_ACTOR);
    const p1 = await catalogueChanges(db, since, 2);
    expect(p1.changes.map((c) => [c.serviceId, c.kind, c.kovName])).toEqual([
      [x.id, 'published', 'Tallinn'],
      [y.id, 'published', 'Tartu'],
    ]);
    expect(p1.next).not.toBeNull();
    const p2 = await catalogueChanges(db, since, 2, p1.next!);
    expect(p2.changes.map((c) => [c.serviceId, c.kind, c.entry.status])).toEqual([[x.id, 'archived', 'archived']]);
    expect(p2.next).toBeNull();
    expect(p1.changes[0]!.entry.name.et).toBe('Muutus üks');
    expect((await catalogueChanges(db, new Date('2026-12-12T08:00:01.500Z'), 10)).changes.map((c) => c.kind)).toEqual(['archived']);
    expect((await fails(catalogueChanges(db, since, 10, 'garbage'))).fields).toEqual(['after']);
  });
});

describe(`services: templates, adoption and the cross-KOV view (${engine})`, () => {
  it('templates are kept by ELVL (audited in the platform chain); a KOV adopts one into a prefilled draft', async () => {
    const elvl = { kind: 'person' as const, id: null, name: 'ELVL' };
    const tpl = await createTemplate(
      db,
      { code: 'toimetulekutoetus', content: sampleContent({ name: { et: 'Toimetulekutoetus', en: 'Subsistence benefit', ru: 'Пособие по прожиточному минимуму' }, unit: '', ownerName: '', ownerEmail: '' }), stateOverlap: true },
      elvl,
    );
    expect((await fails(createTemplate(db, { code: 'toimetulekutoetus', content: sampleContent(), stateOverlap: false }, elvl))).status).toBe(409);
    expect((await fails(createTemplate(db, { code: 'Bad Code', content: sampleContent(), stateOverlap: false }, elvl))).fields).toEqual(['code']);
    const adopted = await adoptTemplate(db, A, tpl.id, FIXTURE_ACTOR, { unit: 'Sotsiaalhoolekande osakond', ownerName: 'Kati Kask' });
    const v = (await getService(db, A, adopted.id))!;
    expect(v).toMatchObject({ templateId: tpl.id, status: 'draft', slug: 'toimetulekutoetus' });
    expect(v.content.name.en).toBe('Subsistence benefit');
    expect(v.content.unit).toBe('Sotsiaalhoolekande osakond');
    await publishService(db, A, adopted.id);
    await updateTemplate(db, tpl.id, { content: sampleContent({ name: { et: 'Toimetulekutoetus (2027)', en: '', ru: '' } }), stateOverlap: true, active: true }, elvl);
    expect((await listTemplates(db)).find((x) => x.id === tpl.id)!.content.name.et).toBe('Toimetulekutoetus (2027)');
    // the adopted service keeps its own text
    expect((await getService(db, A, adopted.id))!.content.name.et).toBe('Toimetulekutoetus');
    const platform = await asOwner(db, (t) => auditActionsOf(t, PLATFORM_CHAIN));
    expect(platform).toEqual(expect.arrayContaining(['services.template.create', 'services.template.update']));
    // an inactive template is not adopted
    await updateTemplate(db, tpl.id, { content: sampleContent(), stateOverlap: true, active: false }, elvl);
    expect((await fails(adoptTemplate(db, B, tpl.id, FIXTURE_ACTOR))).status).toBe(404);
    expect((await listTemplates(db)).some((x) => x.id === tpl.id)).toBe(false);

    const view = await crossKovView(db);
    expect(view.offers[A]![tpl.id]).toEqual({ id: adopted.id, slug: 'toimetulekutoetus' });
    expect(view.offers[B]?.[tpl.id]).toBeUndefined();
    expect(view.kovs.map((k) => k.code)).toEqual([A, B]);
    const overlap = view.stateOverlaps.find((o) => o.id === adopted.id)!;
    expect(overlap).toMatchObject({ kovCode: A, byTemplate: true });
  });
});

describe(`services: concurrent edits (${engine})`, () => {
  it('parallel edits of a published service open exactly one new draft version', async () => {
    const s = await publishedService(db, A, { name: { et: 'Samaaegne', en: '', ru: '' } });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => updateService(db, A, s.id, sampleContent({ name: { et: `Samaaegne ${i}`, en: '', ru: '' } }), FIXTURE_ACTOR)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.versionNo))).toEqual(new Set([2]));
    expect((await listVersions(db, A, s.id))!.map((v) => v.versionNo)).toEqual([2, 1]);
  });
});
