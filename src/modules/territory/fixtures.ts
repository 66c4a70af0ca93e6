// Shared by the territory tests: where the EHAK reference files are (read in place from
// ../shared/data/ehak, never copied into the repo), temp folders, and a snapshot of everything the
// importer may write (to prove that a rejected file wrote nothing).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../kernel/db.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const EHAK_DIR = path.resolve(REPO_ROOT, '../shared/data/ehak');
export const EHAK_2025V5 = path.join(EHAK_DIR, 'ehak_2025v5.csv');
export const LANDBOARD_2018 = path.join(EHAK_DIR, 'buildig-20180901');

export const SELF_UNIT_TOWNS = ['0296', '0424', '0446', '0511', '0663', '0736', '0897', '0919'];

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-territory-'));
}

export interface Snapshot {
  versions: unknown[];
  units: unknown;
  tenants: unknown[];
}

export async function snapshot(db: Db): Promise<Snapshot> {
  return db.system('test: territory snapshot', async (t) => ({
    versions: await t.query('SELECT * FROM territory_version ORDER BY version'),
    units: await t.one(
      `SELECT count(*)::int AS n,
              md5(coalesce(string_agg(concat_ws('|', version, code, level, name, type, parent_code, municipality_code, county_code, self_unit), ','
                  ORDER BY version, level, code), '')) AS digest
       FROM territory_unit`,
    ),
    tenants: await t.query('SELECT * FROM core_tenant ORDER BY kov_code'),
  }));
}

export async function unitCounts(db: Db, version: string): Promise<Record<string, number>> {
  const rows = await db.system('test: territory counts', (t) =>
    t.query<{ k: string; n: number }>(
      `SELECT CASE WHEN self_unit THEN 'self' ELSE level::text END AS k, count(*)::int AS n
       FROM territory_unit WHERE version = $1 GROUP BY 1`,
      [version],
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}
