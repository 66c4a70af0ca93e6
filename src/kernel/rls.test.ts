// Row-level security is the second wall: a query that forgets its kov_code filter still sees only
// the transaction's tenant, and cannot write another tenant's rows. Runs on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db.js';
import { createApiKey } from './auth.js';
import { recordAudit } from './audit.js';
import { uuidv7 } from './ids.js';
import pg from 'pg';
import { openPostgres } from './db.js';
import { TEST_OWNER, asOwner, engine, testDatabaseUrl, testDb } from '../../test/helpers.js';

const A = '0784';
const B = '0793';
const SYSTEM = { kind: 'system' as const, id: null, name: 'rls test' };
let db: Db;

beforeAll(async () => {
  db = await testDb();
  for (const kov of [A, A, B]) {
    await db.tx((t) => createApiKey(t, { kov, name: `key of ${kov}`, scopes: ['read'], createdBy: null }), { kov });
    await db.tx((t) => recordAudit(t, { kov, actor: SYSTEM, action: 'rls.seed' }), { kov });
  }
  await asOwner(db, async (t) => {
    for (const kov of [A, B, null]) {
      await t.query(
        `INSERT INTO core_role_grant (id, kov_code, idcode_hash, idcode_hint, role) VALUES ($1, $2, $3, '•••••••0000', $4)`,
        [uuidv7(), kov, `hash-${kov ?? 'platform'}`, kov ? 'kov-admin' : 'platform-admin'],
      );
    }
  });
});
afterAll(async () => {
  await db.close();
});

const TABLES = ['core_api_key', 'core_role_grant', 'core_audit', 'core_audit_head'];

describe(`row-level security (${engine})`, () => {
  it('runs tenant transactions as the non-owner role vallamaja_app with the tenant set', async () => {
    const r = await db.tx((t) => t.one<{ u: string; k: string }>("SELECT current_user AS u, current_setting('vallamaja.kov', true) AS k"), { kov: A });
    expect(r).toEqual({ u: 'vallamaja_app', k: A });
  });

  it('a SELECT without a WHERE returns only the tenant’s rows, in every tenant table', async () => {
    for (const table of TABLES) {
      const rows = await db.tx((t) => t.query<{ kov_code: string | null }>(`SELECT * FROM ${table}`), { kov: A });
      expect(rows.length, table).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.kov_code)), table).toEqual(new Set([A]));
    }
    const keys = await db.tx((t) => t.query('SELECT * FROM core_api_key'), { kov: A });
    expect(keys).toHaveLength(2);
    // the owner sees all of them: that is why the app never runs as the owner
    const all = await asOwner(db, (t) => t.query('SELECT * FROM core_api_key'));
    expect(all).toHaveLength(3);
  });

  it('a transaction without a tenant sees no tenant rows at all (and no platform roles)', async () => {
    for (const table of TABLES) {
      const rows = await db.tx((t) => t.query(`SELECT * FROM ${table}`));
      expect(rows, table).toEqual([]);
    }
    const platform = await db.tx((t) => t.query('SELECT * FROM core_role_grant WHERE kov_code IS NULL'), { kov: A });
    expect(platform).toEqual([]);
  });

  it('refuses an INSERT with another tenant’s kov_code', async () => {
    await expect(
      db.tx((t) => createApiKey(t, { kov: B, name: 'smuggled', scopes: ['read'], createdBy: null }), { kov: A }),
    ).rejects.toThrow(/row-level security/);
    await expect(
      db.tx(
        (t) =>
          t.query(`INSERT INTO core_role_grant (id, kov_code, idcode_hash, idcode_hint, role) VALUES ($1, $2, 'h', 'x', 'kov-admin')`, [uuidv7(), B]),
        { kov: A },
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      db.tx((t) => t.query(`INSERT INTO core_role_grant (id, kov_code, idcode_hash, idcode_hint, role) VALUES ($1, NULL, 'h', 'x', 'platform-admin')`, [uuidv7()]), { kov: A }),
    ).rejects.toThrow(/row-level security/);
    await expect(db.tx((t) => recordAudit(t, { kov: B, actor: SYSTEM, action: 'smuggled' }), { kov: A })).rejects.toThrow();
    const names = await asOwner(db, (t) => t.query<{ name: string }>("SELECT name FROM core_api_key WHERE name = 'smuggled'"));
    expect(names).toEqual([]);
  });

  it('an UPDATE without a WHERE touches only the tenant’s rows, and cannot move a row to another tenant', async () => {
    const n = await db.tx((t) => t.query("UPDATE core_api_key SET name = name || ' (seen)' RETURNING id"), { kov: A });
    expect(n).toHaveLength(2);
    const b = await asOwner(db, (t) => t.query<{ name: string }>('SELECT name FROM core_api_key WHERE kov_code = $1', [B]));
    expect(b).toEqual([{ name: `key of ${B}` }]);
    await expect(db.tx((t) => t.query('UPDATE core_api_key SET kov_code = $1', [B]), { kov: A })).rejects.toThrow(/row-level security/);
  });

  it('never lets the app role change or delete audit entries', async () => {
    await expect(db.tx((t) => t.query("UPDATE core_audit SET actor_name = 'x'"), { kov: A })).rejects.toThrow(/permission denied/);
    await expect(db.tx((t) => t.query('DELETE FROM core_audit'), { kov: A })).rejects.toThrow(/permission denied/);
  });
});

describe.skipIf(engine !== 'postgres')('the third wall: forced row-level security on the owner (PostgreSQL; PGlite runs as a superuser, whom RLS never binds)', () => {
  it('the owner is no superuser, and sees tenant rows only in a transaction that says it is system work', async () => {
    const url = await testDatabaseUrl();
    const owned = openPostgres(url, { max: 2 });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await owned.tx((t) => createApiKey(t, { kov: A, name: 'owner test', scopes: ['read'], createdBy: null }), { kov: A });
      const me = await client.query<{ u: string; su: boolean }>('SELECT current_user AS u, rolsuper AS su FROM pg_roles WHERE rolname = current_user');
      expect(me.rows[0]).toEqual({ u: TEST_OWNER, su: false });
      // a query on the owner connection that does not go through db.system sees nothing
      expect((await client.query('SELECT * FROM core_api_key')).rows).toEqual([]);
      await expect(client.query(`INSERT INTO core_audit_head (kov_code, seq, hash) VALUES ('0784', 0, 'x')`)).rejects.toThrow(/row-level security/);
      // db.system says so (vallamaja.system = on) and sees every KOV's rows
      expect(await owned.system('test: the owner path', (t) => t.query('SELECT name FROM core_api_key'))).toEqual([{ name: 'owner test' }]);
      const [n] = await owned.systemStatement<{ n: number }>('test: one statement', 'SELECT count(*)::int AS n FROM core_api_key');
      expect(n!.n).toBe(1);
    } finally {
      await client.end();
      await owned.close();
    }
  });
});
