// The budgets demo data loads on both engines with the kernel clock set and put back: Tallinn's
// process in review, and its youth budget of 2026 that went through the whole cycle (vote, count,
// sign-off) so its results are public with the winners on the map.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { engine, seedTenant, testConfig, testDb } from '../../../test/helpers.js';
import { importResidents } from '../residents/fixtures.js';
import { loadDemoTerritory } from '../territory/index.js';
import { budgetsDemo } from './demo.js';
import { fundedIdeas, implementationOf } from './implementation.js';
import { resultView } from './results.js';
import { listProcesses } from './service.js';

let db: Db;
beforeAll(async () => {
  setClock('2027-06-30T21:00:00+03:00', { ticking: true });
  db = await testDb();
  await loadDemoTerritory(db);
  await seedTenant(db, '0784', 'Tallinn', 'linn').catch(() => undefined);
  const config = testConfig();
  // a small register of Tallinn (the residents demo makes a bigger synthetic one)
  const people = Array.from({ length: 30 }, (_, i) => ({
    idcode: withCheckDigit(`3${String(70 + (i % 20)).padStart(2, '0')}0${(i % 9) + 1}${String(10 + (i % 18))}${String(100 + i)}`),
    given: `Elanik${i}`,
    family: 'Demo',
    county: '0037',
    unit: ['0298', '0387', '0176'][i % 3]!,
  }));
  await importResidents(db, config.idcodeHmacKey, '0784', people, { kind: 'system', id: null, name: 'test' });
});
afterAll(async () => {
  await db?.close();
});

describe(`budgets demo (${engine})`, () => {
  it('makes the process in review and a certified youth budget with winners, and puts the clock back', async () => {
    const before = nowMs();
    const lines: string[] = [];
    await budgetsDemo({ db, config: testConfig(), log: (l) => lines.push(l), people: DEMO_PEOPLE });
    expect(Math.abs(nowMs() - before)).toBeLessThan(600_000);
    const processes = await listProcesses(db, '0784');
    // review (2027), the youth budget of 2026 and last year's budget in implementation (demo-implementation.ts)
    expect(processes.map((p) => p.phase).sort()).toEqual(['implementation', 'implementation', 'review']);
    const youth = processes.find((p) => p.phase === 'implementation' && p.title_et.includes('noorte'))!;
    const v = (await resultView(db, '0784', youth.id))!;
    expect(v.certified).toBe(true);
    expect(v.turnout).toBe(30);
    expect(v.signatures.map((s) => s.name)).toEqual(['Kadri Kuusk', 'Helena Raud']);
    // greedy within €100,000 by votes: the funded ideas fit and are the top of the list
    const ideas = v.areas[0]!.ideas;
    expect(v.fundedTotal).toBeLessThanOrEqual(100_000);
    expect(ideas[0]!.funded).toBe(true);
    expect(ideas.filter((i) => i.funded).every((i) => i.lat !== null)).toBe(true);
    expect(lines.join('\n')).toContain('youth budget 2026');
    // last year's budget: funded ideas in every status, one cancelled by an override, updates with photos
    const last = processes.find((p) => p.phase === 'implementation' && p !== youth)!;
    const funded = await fundedIdeas(db, '0784', last.id);
    expect(new Set(funded.items.map((i) => i.impl.status))).toEqual(new Set(['planned', 'design', 'procurement', 'construction', 'done', 'cancelled']));
    expect(funded.totals).toMatchObject({ funded: 5, done: 1 });
    expect((await implementationOf(db, '0784', last.id, 1))!.updates.some((u) => u.photos.length > 0)).toBe(true);
  });
});
