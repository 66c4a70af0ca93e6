// The services demo on both engines: ELVL's templates (valid, ≥ 10, with legal bases), eight published
// services adopted from them in Tallinn and Tartu each (channels with costs and times, steps) and one
// draft; a BPMN diagram on Tallinn's building permit; Helena a service owner in Tallinn; the catalogue
// searchable; a second run adds nothing. The templates' CLI seed too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { grantsOf } from '../../kernel/session.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { demoTerritoryDb, engine, runCommand, testConfig } from '../../../test/helpers.js';
import { servicesDemo } from './demo.js';
import { validateContent } from './model.js';
import { crossKovView, listDiagrams, listServices, listTemplates, publishedCatalogue, searchCatalogue } from './service.js';
import { TEMPLATE_SEEDS, servicesCommands } from './templates.js';

let db: Db;
beforeAll(async () => (db = await demoTerritoryDb('2026-12-06T21:00:00+02:00')));
afterAll(() => db?.close());

describe(`services demo (${engine})`, () => {
  it('the seed templates are valid, real services with legal bases', () => {
    expect(TEMPLATE_SEEDS.length).toBeGreaterThanOrEqual(10);
    for (const s of TEMPLATE_SEEDS) {
      expect(validateContent(s.content), s.code).toEqual([]);
      expect(s.content.legalBases.length, s.code).toBeGreaterThan(0);
      expect(s.content.name.en && s.content.name.ru, s.code).toBeTruthy();
    }
    const acts = TEMPLATE_SEEDS.flatMap((s) => s.content.legalBases.map((b) => `${b.act} ${b.section}`));
    expect(acts).toEqual(expect.arrayContaining(['Koolieelse lasteasutuse seadus § 10', 'Ehitusseadustik § 38']));
    expect(acts.some((a) => a.startsWith('Sotsiaalhoolekande seadus'))).toBe(true);
  });

  it('loads templates, Tallinn and Tartu catalogues, a diagram and a service owner; a second run adds nothing', async () => {
    const config = testConfig();
    const ctx = { db, config, log: () => {}, people: DEMO_PEOPLE };
    await servicesDemo(ctx);
    expect((await listTemplates(db)).length).toBe(TEMPLATE_SEEDS.length);
    for (const kov of ['0784', '0793']) {
      const all = await listServices(db, kov);
      expect(all.filter((s) => s.status === 'published'), kov).toHaveLength(8);
      expect(all.filter((s) => s.status === 'draft'), kov).toHaveLength(1);
      const cat = await publishedCatalogue(db, kov);
      for (const e of cat) {
        expect(e.templateId, e.slug).not.toBeNull();
        expect(e.channels.length, e.slug).toBeGreaterThan(0);
        expect(e.legalBases.length, e.slug).toBeGreaterThan(0);
        expect(e.ownerName, e.slug).not.toBe('');
      }
      expect(cat.some((e) => e.channels.some((c) => c.costCents > 0)) || kov === '0793').toBe(true);
      expect(cat.some((e) => e.steps.length > 0)).toBe(true);
    }
    const permit = (await publishedCatalogue(db, '0784')).find((e) => e.slug === 'ehitusluba')!;
    expect((await listDiagrams(db, '0784', permit.id))[0]!.tasks.map((t) => t.name)).toContain('Ehitusloa andmine');
    expect((await searchCatalogue(db, null, 'lasteaiakoht', 10)).map((h) => h.kovCode).sort()).toEqual(['0784', '0793']);
    const helena = DEMO_PEOPLE.find((p) => p.givenName === 'Helena')!;
    const grants = await grantsOf(db, hashIdcode(config.idcodeHmacKey, helena.idcode));
    expect(grants).toEqual(expect.arrayContaining([expect.objectContaining({ kov: '0784', role: 'service-owner' })]));
    const cross = await crossKovView(db);
    expect(cross.kovs.map((k) => k.code)).toEqual(['0784', '0793']);
    expect(cross.stateOverlaps.length).toBeGreaterThan(0);

    await servicesDemo(ctx);
    expect((await listServices(db, '0784')).length).toBe(9);
    const r = await runCommand(servicesCommands, config, db, 'services templates seed');
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining(`Added 0 of ${TEMPLATE_SEEDS.length}`) });
  });
});
