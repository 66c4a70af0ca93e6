// A bench's scratch database: created next to DATABASE_URL's, migrated, with the KOV in it; dropped at the end.
import pg from 'pg';
import type { Db } from '../../src/kernel/db.js';
import { openPostgres } from '../../src/kernel/db.js';
import { migrate } from '../../src/kernel/migrate.js';

export const KOV = '0784';

export interface Scratch {
  db: Db;
  url: string;
  /** The scratch database's name. */
  name: string;
  client: pg.Client;
  drop(): Promise<void>;
}

/** A fresh, migrated database next to DATABASE_URL's, with the KOV in it; dropped by drop(). */
export async function scratchDb(name: string): Promise<Scratch> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `vallamaja_bench_${name}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
  const u = new URL(base);
  u.pathname = `/${scratch}`;
  const url = u.toString();
  const db = openPostgres(url, { max: 20 });
  await migrate(db);
  await db.system('bench set-up', (t) => t.query(`INSERT INTO core_tenant (kov_code, name, kind, county_code, ehak_version) VALUES ($1, 'Tallinn', 'linn', '0037', 'bench')`, [KOV]));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    db,
    url,
    name: scratch,
    client,
    drop: async () => {
      await client.end().catch(() => undefined);
      await db.close().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
      await admin.end();
    },
  };
}
