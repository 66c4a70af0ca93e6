// The world the polls HTTP tests (pages and JSON API) share: a fresh database with the demo
// territory, a small register of Tallinn (A) residents, and the roles: Jaan KOV admin of A, Toomas
// KOV admin of Tartu (B), a committee member of A. Each test file signs its people in its own way.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { testApp, testDb } from '../../../test/helpers.js';
import { grantRole } from '../admin/service.js';
import { importRegister } from '../residents/index.js';
import { loadDemoTerritory } from '../territory/index.js';

export const A = '0784'; // Tallinn
export const B = '0793'; // Tartu
export const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
export const JAAN = person('Jaan'); // KOV admin of A
export const TOOMAS = person('Toomas'); // KOV admin of B
export const MARI = person('Mari'); // resident of A (in the register)
export const LIIS = person('Liis'); // not in A's register
export const OLD = withCheckDigit('3800505003'); // 1980-05-05, resident of A
export const YOUNG = withCheckDigit('5101201001'); // 2010-12-01, resident of A but under 16
export const MEMBER = withCheckDigit('4700101002'); // election committee of A

/** A fresh database and app with the register of A and the roles above. */
export async function pollsWorld(): Promise<{ db: Db; app: FastifyInstance }> {
  const db = await testDb();
  const app = await testApp(db);
  await loadDemoTerritory(db);
  const key = app.config.idcodeHmacKey;
  const csv = [
    'isikukood,eesnimi,perenimi,maakond,kov,asustusyksus,elukoht_alates',
    `${MARI.idcode},Mari,Maasikas,0037,${A},0387,2010-03-15`,
    `${OLD},Olev,Vana,0037,${A},0298,2001-01-01`,
    `${YOUNG},Noor,Noorem,0037,${A},0176,2015-01-01`,
  ].join('\n');
  const r = await importRegister(db, key, Readable.from([Buffer.from(csv)]), { kov: A, actor: SYSTEM, fileName: 'test.csv' });
  expect(r.ok).toBe(true);
  await grantRole(db, key, { kov: A, idcode: JAAN.idcode, role: 'kov-admin', actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: TOOMAS.idcode, role: 'kov-admin', actor: SYSTEM });
  await grantRole(db, key, { kov: A, idcode: MEMBER, role: 'election-committee', actor: SYSTEM });
  return { db, app };
}
