// SQL of the automatic open datasets: the generated files and the nightly refresh's claim
// (migrations/202612181000_opendata_auto_files.sql). Platform tables: public data, no tenant.
import type { Tx } from '../../../kernel/db.js';

export interface AutoFileMeta {
  scope: string;
  dataset: string;
  format: 'csv' | 'json';
  sha256: string;
  bytes: number;
  row_count: number;
  created_at: Date;
  generated_at: Date;
  modified_at: Date;
}

export interface AutoFileRow extends AutoFileMeta {
  body: Uint8Array;
}

const META = 'scope, dataset, format, sha256, bytes, row_count, created_at, generated_at, modified_at';

export async function fileOf(t: Tx, scope: string, dataset: string, format: string): Promise<AutoFileRow | null> {
  return (await t.one<AutoFileRow>(`SELECT ${META}, body FROM opendata_auto_file WHERE scope = $1 AND dataset = $2 AND format = $3`, [scope, dataset, format])) ?? null;
}

/** The files' metadata (no bytes), of the scopes given (null: every scope). */
export async function filesMeta(t: Tx, scopes: readonly string[] | null): Promise<AutoFileMeta[]> {
  return t.query<AutoFileMeta>(`SELECT ${META} FROM opendata_auto_file WHERE ($1::text[] IS NULL OR scope = ANY($1::text[])) ORDER BY scope, dataset, format`, [scopes ? [...scopes] : null]);
}

/**
 * Stores a generated file: new bytes (another SHA-256) replace the row and move modified_at; the same
 * bytes only move generated_at. Answers whether the content changed.
 */
export async function storeFile(t: Tx, f: { scope: string; dataset: string; format: string; body: Uint8Array; sha256: string; rows: number; at: Date }): Promise<boolean> {
  const old = await t.one<{ sha256: string }>('SELECT sha256 FROM opendata_auto_file WHERE scope = $1 AND dataset = $2 AND format = $3 FOR UPDATE', [f.scope, f.dataset, f.format]);
  if (old && old.sha256 === f.sha256) {
    await t.query('UPDATE opendata_auto_file SET generated_at = $4 WHERE scope = $1 AND dataset = $2 AND format = $3', [f.scope, f.dataset, f.format, f.at]);
    return false;
  }
  await t.query(
    `INSERT INTO opendata_auto_file (scope, dataset, format, body, sha256, bytes, row_count, created_at, generated_at, modified_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8)
     ON CONFLICT (scope, dataset, format) DO UPDATE SET body = EXCLUDED.body, sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes,
       row_count = EXCLUDED.row_count, generated_at = EXCLUDED.generated_at, modified_at = EXCLUDED.modified_at`,
    [f.scope, f.dataset, f.format, f.body, f.sha256, f.body.byteLength, f.rows, f.at],
  );
  return true;
}

/** Drops the files of scopes that are no longer published (a KOV that left the classifier). */
export async function dropScopesExcept(t: Tx, keep: readonly string[]): Promise<number> {
  const rows = await t.query<{ scope: string }>('DELETE FROM opendata_auto_file WHERE NOT (scope = ANY($1::text[])) RETURNING scope', [[...keep]]);
  return rows.length;
}

/**
 * Claims the refresh of a Tallinn day: the first run ever always; later, one per day and only when
 * `due` (the night window). Answers false when another run has the day already.
 */
export async function claimRun(t: Tx, day: string, due: boolean, at: Date): Promise<boolean> {
  const r = await t.one<{ id: number }>(
    `INSERT INTO opendata_auto_run AS r (id, day, started_at) VALUES (1, $1::date, $3)
     ON CONFLICT (id) DO UPDATE SET day = EXCLUDED.day, started_at = EXCLUDED.started_at, finished_at = NULL, files = NULL, changed = NULL, errors = NULL
       WHERE $2::boolean AND r.day < EXCLUDED.day
     RETURNING id`,
    [day, due, at],
  );
  return r !== undefined && r !== null;
}

export async function finishRun(t: Tx, at: Date, c: { files: number; changed: number; errors: number }): Promise<void> {
  await t.query('UPDATE opendata_auto_run SET finished_at = $1, files = $2, changed = $3, errors = $4 WHERE id = 1', [at, c.files, c.changed, c.errors]);
}

export interface RunRow {
  day: string;
  started_at: Date;
  finished_at: Date | null;
  files: number | null;
  changed: number | null;
  errors: number | null;
}

export async function lastRun(t: Tx): Promise<RunRow | null> {
  return (await t.one<RunRow>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, started_at, finished_at, files, changed, errors FROM opendata_auto_run WHERE id = 1`)) ?? null;
}
