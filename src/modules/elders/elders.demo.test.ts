// The elders demo data loads (Viimsi: a certified election with its elder in office, decided by the
// public draw, and one in nomination), on both engines, with the kernel clock set and put back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { engine, testConfig, testDb } from '../../../test/helpers.js';
import { loadDemoTerritory } from '../territory/index.js';
import { loadEldersDemo } from './demo.js';
import { currentElders, listElections } from './service.js';

let db: Db;
beforeAll(async () => {
  setClock('2027-06-30T21:00:00+03:00', { ticking: true });
  db = await testDb();
  await loadDemoTerritory(db);
});
afterAll(async () => {
  await db?.close();
});

describe(`elders demo (${engine})`, () => {
  it('makes a certified election with an elder in office and one in nomination, and puts the clock back', async () => {
    const before = nowMs();
    const lines: string[] = [];
    await loadEldersDemo({ db, config: testConfig(), log: (l) => lines.push(l), people: DEMO_PEOPLE });
    expect(Math.abs(nowMs() - before)).toBeLessThan(600_000);
    const elections = await listElections(db, '0890');
    expect(elections.map((e) => e.status).sort()).toEqual(['certified', 'nomination']);
    const certified = elections.find((e) => e.status === 'certified')!;
    expect(certified.outcome).toMatchObject({ kind: 'elected', votes: 2 });
    expect(certified.outcome?.kind === 'elected' && certified.outcome.draw?.seed).toBe(certified.seed);
    const elders = await currentElders(db, '0890');
    expect(elders).toHaveLength(1);
    expect(['Maie Rannamets', 'Peeter Kalda']).toContain(elders[0]!.name);
    expect(lines.join('\n')).toContain('Elders:');
  });
});
