// Test factories for reports: a KOV's handler group and categories, and reports made through
// createReport. Other parts' tests may use these.
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import * as repo from './repo.js';
import type { Domain } from './repo.js';
import { createReport, type CreatedReport, type NewReport } from './service.js';

export const FIXTURE_SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
export const FIXTURE_HANDLER: Actor = { kind: 'person', id: '00000000-0000-7000-8000-000000000301', name: 'Kadri Käsitleja' };

export interface SeededCategories {
  groupId: string;
  /** code → id */
  categories: Record<string, string>;
}

/** A handler group and three categories (pothole: roads 7 days; light: lighting 3 days; litter: waste 14 days). */
export async function seedReportCategories(db: Db, kov: string): Promise<SeededCategories> {
  return db.tx(
    async (t) => {
      const groupId = uuidv7();
      await repo.insertGroup(t, { id: groupId, kov, name: `Teedeosakond ${kov}`, email: 'teed@example.ee' });
      const cats: Array<[string, Domain, string, string, string, number]> = [
        ['pothole', 'roads', 'Auk teel', 'Pothole', 'Яма на дороге', 7],
        ['light', 'lighting', 'Tänavavalgus ei põle', 'Street light out', 'Не горит фонарь', 3],
        ['litter', 'waste', 'Prügi', 'Litter', 'Мусор', 14],
      ];
      const categories: Record<string, string> = {};
      for (const [i, [code, domain, et, en, ru, sla]] of cats.entries()) {
        const id = uuidv7();
        categories[code] = id;
        await repo.insertCategory(t, { id, kov, code, domain, names: { et, en, ru }, description: '', groupId: code === 'pothole' ? groupId : null, slaDays: sla, attributes: [], keywords: '', sort: i });
      }
      return { groupId, categories };
    },
    { kov },
  );
}

/** A new report's input with sensible defaults (a signed-in person in Tallinn's centre). */
export function sampleReport(kov: string, over: Partial<NewReport> = {}): NewReport {
  return {
    kov,
    category: 'pothole',
    description: 'Sügav auk sõiduteel bussipeatuse ees.',
    lat: 59.437,
    lon: 24.7536,
    address: null,
    source: 'web',
    reporter: { kind: 'person', idcodeHash: 'a'.repeat(64), name: 'Mari Maasikas', email: 'mari@example.ee', phone: null },
    notify: true,
    lang: 'et',
    ...over,
  };
}

export function makeReport(db: Db, kov: string, over: Partial<NewReport> = {}, actor?: Actor): Promise<CreatedReport> {
  return createReport(db, sampleReport(kov, over), actor);
}
