// db.txStatement: one statement as its own tenant transaction, in one round trip on PostgreSQL
// (a statement prepared once per connection, executed with literal arguments). The literals must round-trip every value exactly, hostile
// strings included, and the transaction must have the same role, tenant and atomicity as db.tx.
// Runs on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlLiteral, type Db } from './db.js';
import { engine, testDb, asOwner } from '../../test/helpers.js';

let db: Db;
beforeAll(async () => {
  db = await testDb();
  await asOwner(db, (t) =>
    t.exec(`CREATE TABLE IF NOT EXISTS kernel_stmt_probe (id int PRIMARY KEY, note text NOT NULL, data bytea);
            GRANT SELECT, INSERT, UPDATE, DELETE ON kernel_stmt_probe TO vallamaja_app`),
  );
});
afterAll(async () => {
  await asOwner(db, (t) => t.exec('DROP TABLE IF EXISTS kernel_stmt_probe'));
  await db.close();
});

const HOSTILE = [
  '',
  "O'Brien",
  "''; DROP TABLE kernel_stmt_probe; --",
  'back\\slash \\x00 \\\\',
  "E'\\'' $1 $$ $a$ /* -- */",
  'Õunapuu šž Ярослав 🗳️',
  '\n\t\r',
];

describe('sqlLiteral (rules)', () => {
  it('writes only plain values', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(true)).toBe('true');
    expect(sqlLiteral(-3)).toBe('(-3)');
    expect(sqlLiteral(new Uint8Array([0, 255]))).toBe("decode('00ff', 'hex')");
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(() => sqlLiteral({ a: 1 })).toThrow();
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
  });
});

describe(`db.txStatement (${engine})`, () => {
  it('round-trips every kind of value exactly, hostile strings included', async () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    for (const s of HOSTILE) {
      const [r] = await db.txStatement<{ s: string; b: Buffer; n: number; f: boolean; z: null; big: number }>(
        'SELECT $1::text AS s, $2::bytea AS b, $3::int AS n, $4::boolean AS f, $5::text AS z, $6::bigint AS big',
        [s, bytes.subarray(3, 200), -42, false, null, 9007199254740991n],
        { kov: '0784' },
      );
      expect(r!.s).toBe(s);
      expect([...r!.b]).toEqual([...bytes.subarray(3, 200)]);
      expect(r).toMatchObject({ n: -42, f: false, z: null, big: 9007199254740991 });
    }
    expect((await asOwner(db, (t) => t.query<{ n: number }>('SELECT count(*)::int AS n FROM kernel_stmt_probe')))[0]!.n).toBe(0);
  });

  it('runs as the app role with the tenant set, like db.tx', async () => {
    const [r] = await db.txStatement<{ u: string; k: string }>("SELECT current_user AS u, current_setting('vallamaja.kov', true) AS k WHERE $1::int = 1", [1], { kov: '0793' });
    expect(r).toEqual({ u: 'vallamaja_app', k: '0793' });
  });

  it('commits a write, and a failing statement leaves nothing behind and the connection usable', async () => {
    await db.txStatement('INSERT INTO kernel_stmt_probe (id, note) VALUES ($1::int, $2::text) RETURNING id', [1, HOSTILE[2]!], { kov: '0784' });
    await expect(
      db.txStatement('INSERT INTO kernel_stmt_probe (id, note) VALUES ($1::int, $2::text), ($1::int, $2::text)', [2, 'twice'], { kov: '0784' }),
    ).rejects.toThrow(/duplicate key/);
    const rows = await asOwner(db, (t) => t.query<{ id: number; note: string }>('SELECT id, note FROM kernel_stmt_probe ORDER BY id'));
    expect(rows).toEqual([{ id: 1, note: HOSTILE[2] }]);
    // the next statements on the pool still work (the failed transaction was rolled back)
    for (let i = 0; i < 25; i++) {
      const [r] = await db.txStatement<{ n: number }>('SELECT count(*)::int AS n FROM kernel_stmt_probe WHERE id = $1::int', [1], { kov: '0784' });
      expect(r!.n).toBe(1);
    }
  });

  it.skipIf(engine !== 'postgres')('prepares a statement once per connection and reuses it', async () => {
    const sql = 'SELECT $1::int + 1 AS n';
    for (let i = 0; i < 40; i++) expect((await db.txStatement<{ n: number }>(sql, [i], { kov: '0784' }))[0]!.n).toBe(i + 1);
    const seen = await Promise.all(
      Array.from({ length: 10 }, () =>
        db.txStatement<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%' || $1::text", [sql], { kov: '0784' }),
      ),
    );
    for (const [r] of seen) expect(r!.n).toBeLessThanOrEqual(1);
    expect(seen.some(([r]) => r!.n === 1)).toBe(true);
  });

  it('refuses an invalid tenant code before anything is sent', async () => {
    await expect(db.txStatement('SELECT $1::int', [1], { kov: "0784'; --" })).rejects.toThrow(/invalid tenant/);
  });
});

describe(`a transaction's statements (${engine})`, () => {
  it('run one after another: a second statement started while one runs is refused, and the transaction rolls back', async () => {
    await expect(
      db.tx(async (t) => {
        await Promise.all([t.query('SELECT pg_sleep(0.05)'), t.query('SELECT 1')]);
      }),
    ).rejects.toThrow(/two statements at once on one transaction/);
    // awaited one by one, the same statements are fine
    const r = await db.tx(async (t) => {
      await t.query('SELECT pg_sleep(0.01)');
      return t.one<{ n: number }>('SELECT 1 AS n');
    });
    expect(r?.n).toBe(1);
  });
});
