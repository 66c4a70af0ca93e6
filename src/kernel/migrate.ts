// Plain SQL migrations: migrations/YYYYMMDDHHMM_<module>_<what>.sql, applied in name order, each in
// its own transaction, recorded in core_migration with a checksum. The same SQL runs on both engines.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const NAME_RE = /^\d{12}_[a-z0-9]+_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      if (!NAME_RE.test(name)) throw new Error(`migration file name ${name} does not follow YYYYMMDDHHMM_module_what.sql`);
      const sql = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function migrate(db: Db, opts: { dir?: string; log?: (msg: string) => void } = {}): Promise<string[]> {
  const log = opts.log ?? (() => undefined);
  const applied = await db.system('migrations', async (t) => {
    await t.exec(`CREATE TABLE IF NOT EXISTS core_migration (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await t.query<{ name: string; checksum: string }>('SELECT name, checksum FROM core_migration');
    return new Map(rows.map((r) => [r.name, r.checksum]));
  });
  const done: string[] = [];
  for (const m of listMigrations(opts.dir)) {
    const known = applied.get(m.name);
    if (known) {
      if (known !== m.checksum) log(`warning: migration ${m.name} changed after it was applied (checksum differs)`);
      continue;
    }
    const ran = await db.system('migrations', async (t) => {
      // Serialise concurrent migrators on PostgreSQL; re-check inside the lock.
      if (db.engine === 'postgres') await t.query('SELECT pg_advisory_xact_lock(7305010)');
      const again = await t.one('SELECT 1 AS x FROM core_migration WHERE name = $1', [m.name]);
      if (again) return false;
      await t.exec(m.sql);
      await t.query('INSERT INTO core_migration (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
      return true;
    });
    if (ran) {
      done.push(m.name);
      log(`applied ${m.name}`);
    }
  }
  return done;
}
