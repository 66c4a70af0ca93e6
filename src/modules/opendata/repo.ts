// Every SQL statement of the open-data module, on its own tables only (opendata_*). Each function
// takes a Tx: a tenant transaction (row-level security on kov_code) or, for the public catalogue of
// every KOV, the owner's (db.system, in service.ts with its reason). Every query filters by kov_code
// itself too, where it has one.
import type { Tx } from '../../kernel/db.js';
import type { DatasetStatus } from './model.js';

export interface DatasetRow {
  id: string;
  kov_code: string;
  status: DatasetStatus;
  meta: unknown;
  created_at: Date;
  updated_at: Date;
  edited_by_id: string | null;
  edited_by: string;
  reviewed_by_id: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  issued: Date | null;
  published_at: Date | null;
  withdrawn_at: Date | null;
}

const COLS = 'id, kov_code, status, meta, created_at, updated_at, edited_by_id, edited_by, reviewed_by_id, reviewed_by, reviewed_at, issued, published_at, withdrawn_at';

export interface DistributionRow {
  id: string;
  kov_code: string;
  dataset_id: string;
  kind: 'file' | 'link' | 'api';
  title: unknown;
  url: string | null;
  media_type: string | null;
  format: string | null;
  file_name: string | null;
  bytes: number | null;
  sha256: string | null;
  created_at: Date;
  created_by: string;
}

const DIST_COLS = 'id, kov_code, dataset_id, kind, title, url, media_type, format, file_name, bytes, sha256, created_at, created_by';

export async function insertDataset(t: Tx, r: { id: string; kov_code: string; meta: unknown; edited_by_id: string | null; edited_by: string; at: Date }): Promise<void> {
  await t.query(
    `INSERT INTO opendata_dataset (id, kov_code, status, meta, created_at, updated_at, edited_by_id, edited_by) VALUES ($1, $2, 'draft', $3, $4, $4, $5, $6)`,
    [r.id, r.kov_code, JSON.stringify(r.meta), r.at, r.edited_by_id, r.edited_by],
  );
}

export async function datasetById(t: Tx, kov: string, id: string, lock = false): Promise<DatasetRow | undefined> {
  const rows = await t.query<DatasetRow>(`SELECT ${COLS} FROM opendata_dataset WHERE kov_code = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [kov, id]);
  return rows[0];
}

export async function listDatasets(t: Tx, kov: string, status: DatasetStatus | null): Promise<DatasetRow[]> {
  return t.query<DatasetRow>(
    `SELECT ${COLS} FROM opendata_dataset WHERE kov_code = $1 AND ($2::text IS NULL OR status = $2) ORDER BY updated_at DESC, id`,
    [kov, status],
  );
}

/** Published datasets of a KOV, or of every KOV (kov null, on the owner's transaction). */
export async function publishedDatasets(t: Tx, kov: string | null): Promise<DatasetRow[]> {
  return t.query<DatasetRow>(
    `SELECT ${COLS} FROM opendata_dataset WHERE status = 'published' AND ($1::text IS NULL OR kov_code = $1) ORDER BY kov_code, issued, id`,
    [kov],
  );
}

/** One published dataset by id, in any KOV (owner's transaction). */
export async function publishedDatasetById(t: Tx, id: string): Promise<DatasetRow | undefined> {
  const rows = await t.query<DatasetRow>(`SELECT ${COLS} FROM opendata_dataset WHERE status = 'published' AND id = $1`, [id]);
  return rows[0];
}

export async function updateMeta(t: Tx, kov: string, id: string, r: { meta: unknown; edited_by_id: string | null; edited_by: string; at: Date }): Promise<void> {
  await t.query(`UPDATE opendata_dataset SET meta = $3, edited_by_id = $4, edited_by = $5, updated_at = $6 WHERE kov_code = $1 AND id = $2`, [
    kov,
    id,
    JSON.stringify(r.meta),
    r.edited_by_id,
    r.edited_by,
    r.at,
  ]);
}

/** Marks an edit (a distribution added or removed): who edited, when. */
export async function touchDataset(t: Tx, kov: string, id: string, r: { edited_by_id: string | null; edited_by: string; at: Date }): Promise<void> {
  await t.query(`UPDATE opendata_dataset SET edited_by_id = $3, edited_by = $4, updated_at = $5 WHERE kov_code = $1 AND id = $2`, [kov, id, r.edited_by_id, r.edited_by, r.at]);
}

export async function setStatus(
  t: Tx,
  kov: string,
  id: string,
  r: { status: DatasetStatus; at: Date; reviewed_by_id?: string | null; reviewed_by?: string | null; clearReview?: boolean },
): Promise<void> {
  await t.query(
    `UPDATE opendata_dataset SET status = $3, updated_at = $4,
       reviewed_by_id = CASE WHEN $5::boolean THEN NULL WHEN $3 = 'reviewed' THEN $6 ELSE reviewed_by_id END,
       reviewed_by = CASE WHEN $5::boolean THEN NULL WHEN $3 = 'reviewed' THEN $7 ELSE reviewed_by END,
       reviewed_at = CASE WHEN $5::boolean THEN NULL WHEN $3 = 'reviewed' THEN $4 ELSE reviewed_at END,
       issued = CASE WHEN $3 = 'published' THEN coalesce(issued, $4) ELSE issued END,
       published_at = CASE WHEN $3 = 'published' THEN $4 ELSE published_at END,
       withdrawn_at = CASE WHEN $3 = 'withdrawn' THEN $4 WHEN $3 = 'published' THEN NULL ELSE withdrawn_at END
     WHERE kov_code = $1 AND id = $2`,
    [kov, id, r.status, r.at, !!r.clearReview, r.reviewed_by_id ?? null, r.reviewed_by ?? null],
  );
}

// ---------------------------------------------------------------- distributions

export async function insertDistribution(
  t: Tx,
  r: Omit<DistributionRow, 'created_at' | 'title'> & { title: unknown; data: Buffer | null; at: Date },
): Promise<void> {
  await t.query(
    `INSERT INTO opendata_distribution (id, kov_code, dataset_id, kind, title, url, media_type, format, file_name, bytes, sha256, data, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [r.id, r.kov_code, r.dataset_id, r.kind, JSON.stringify(r.title), r.url, r.media_type, r.format, r.file_name, r.bytes, r.sha256, r.data, r.at, r.created_by],
  );
}

export async function distributionsOf(t: Tx, kov: string | null, datasetIds: readonly string[]): Promise<DistributionRow[]> {
  if (!datasetIds.length) return [];
  return t.query<DistributionRow>(
    `SELECT ${DIST_COLS} FROM opendata_distribution WHERE ($1::text IS NULL OR kov_code = $1) AND dataset_id = ANY($2::uuid[]) ORDER BY created_at, id`,
    [kov, [...datasetIds]],
  );
}

export async function deleteDistribution(t: Tx, kov: string, datasetId: string, id: string): Promise<DistributionRow | undefined> {
  const rows = await t.query<DistributionRow>(`DELETE FROM opendata_distribution WHERE kov_code = $1 AND dataset_id = $2 AND id = $3 RETURNING ${DIST_COLS}`, [kov, datasetId, id]);
  return rows[0];
}

/** A file distribution's bytes, when its dataset is published (any KOV: owner's transaction). */
export async function publishedFile(t: Tx, id: string): Promise<(DistributionRow & { data: Uint8Array }) | undefined> {
  const rows = await t.query<DistributionRow & { data: Uint8Array }>(
    `SELECT ${DIST_COLS.split(', ').map((c) => `f.${c}`).join(', ')}, f.data FROM opendata_distribution f
       JOIN opendata_dataset d ON d.id = f.dataset_id AND d.kov_code = f.kov_code
      WHERE f.id = $1 AND f.kind = 'file' AND d.status = 'published'`,
    [id],
  );
  return rows[0];
}

/** A file distribution's bytes for the KOV's officials (any status). */
export async function fileOf(t: Tx, kov: string, datasetId: string, id: string): Promise<(DistributionRow & { data: Uint8Array }) | undefined> {
  const rows = await t.query<DistributionRow & { data: Uint8Array }>(
    `SELECT ${DIST_COLS}, data FROM opendata_distribution WHERE kov_code = $1 AND dataset_id = $2 AND id = $3 AND kind = 'file'`,
    [kov, datasetId, id],
  );
  return rows[0];
}
