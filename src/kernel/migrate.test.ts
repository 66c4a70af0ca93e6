import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db.js';
import { listMigrations, migrate } from './migrate.js';
import { asOwner, engine, testDb } from '../../test/helpers.js';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db.close();
});

describe(`migrations (${engine})`, () => {
  it('records every migration once; a second run applies nothing', async () => {
    const names = listMigrations().map((m) => m.name);
    const rows = await asOwner(db, (t) => t.query<{ name: string }>('SELECT name FROM core_migration ORDER BY name'));
    expect(rows.map((r) => r.name)).toEqual(names);
    expect(await migrate(db)).toEqual([]);
  });

  it('applies each file in its own transaction: a failing one leaves nothing behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vm-mig-'));
    fs.writeFileSync(path.join(dir, '209901010000_test_good.sql'), 'CREATE TABLE test_good (x int);');
    fs.writeFileSync(path.join(dir, '209901010001_test_bad.sql'), 'CREATE TABLE test_bad (x int); SELECT no_such_function();');
    await expect(migrate(db, { dir })).rejects.toThrow();
    const applied = await asOwner(db, (t) => t.query<{ name: string }>("SELECT name FROM core_migration WHERE name LIKE '2099%'"));
    expect(applied.map((r) => r.name)).toEqual(['209901010000_test_good.sql']);
    const bad = await asOwner(db, (t) => t.one<{ t: string | null }>("SELECT to_regclass('test_bad')::text AS t"));
    expect(bad?.t).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses a file whose name does not follow the pattern', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vm-mig-'));
    fs.writeFileSync(path.join(dir, 'add-stuff.sql'), 'SELECT 1;');
    expect(() => listMigrations(dir)).toThrow(/YYYYMMDDHHMM/);
    fs.rmSync(dir, { recursive: true });
  });
});
