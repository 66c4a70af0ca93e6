import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from './db.js';
import { hashIdcode, idcodeHint } from './idcode.js';
import { uuidv7 } from './ids.js';
import { Agent, engine, loginAs, seedTenant, testApp, testDb, asOwner } from '../../test/helpers.js';

let db: Db;
let app: FastifyInstance;
beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, '0784', 'Tallinn', 'linn');
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe(`sessions (${engine})`, () => {
  it('a resident who is given a role after signing in gets the officials’ 30-minute idle timeout', async () => {
    const a = new Agent(app);
    const personId = await loginAs(a, db, '60001019906');
    expect((await a.get('/me')).statusCode).toBe(200);
    // 45 minutes idle: fine for a resident (120 min)…
    await asOwner(db, (t) => t.query("UPDATE core_session SET last_seen_at = core_now() - interval '45 minutes' WHERE person_id = $1", [personId]));
    expect((await a.get('/me')).statusCode).toBe(200);
    // …but not once she holds a role
    await asOwner(db, (t) =>
      t.query(`INSERT INTO core_role_grant (id, kov_code, idcode_hash, idcode_hint, role) VALUES ($1, '0784', $2, $3, 'kov-admin')`, [
        uuidv7(),
        hashIdcode(app.config.idcodeHmacKey, '60001019906'),
        idcodeHint('60001019906'),
      ]),
    );
    await asOwner(db, (t) => t.query("UPDATE core_session SET last_seen_at = core_now() - interval '45 minutes' WHERE person_id = $1", [personId]));
    expect((await a.get('/me')).statusCode).toBe(401);
    const ended = await asOwner(db, (t) => t.query('SELECT 1 FROM core_session WHERE person_id = $1 AND ended_at IS NOT NULL', [personId]));
    expect(ended.length).toBe(1);
  });
});
