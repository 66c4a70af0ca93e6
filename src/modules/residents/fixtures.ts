// Test factories of the residents module, for other modules' tests.
import { Readable } from 'node:stream';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { importRegister } from './import.js';

export interface TestResident {
  idcode: string;
  given: string;
  family: string;
  county: string;
  /** Settlement unit (EHAK code of the current classifier). */
  unit: string;
  since?: string;
}

/** Imports a small register of the KOV (throws if the importer refuses it). */
export async function importResidents(db: Db, hmacKey: string, kov: string, people: readonly TestResident[], actor: Actor): Promise<void> {
  const csv = [
    'isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates',
    ...people.map((p) => `${p.idcode},${p.given},${p.family},${p.county},${kov},${p.unit},${p.since ?? '2001-01-01'}`),
  ].join('\n');
  const r = await importRegister(db, hmacKey, Readable.from([Buffer.from(csv)]), { kov, actor, fileName: 'test.csv' });
  if (!r.ok) throw new Error(`test register of ${kov} refused: ${r.problems.map((p) => p.message).join('; ')}`);
}
