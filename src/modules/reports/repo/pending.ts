// SQL of the form's pending photos (reports_pending_photo) and of the pruning of what is left over
// (pending photos, unconfirmed followers). Every function takes the caller's transaction.
import type { Tx } from '../../../kernel/db.js';

export interface PendingPhotoRow {
  id: string;
  ordinal: number;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  bytes: Buffer;
}

export type PendingPhotoMeta = Omit<PendingPhotoRow, 'bytes'>;

/** The photos held under a token's hash (not older than `since`), in order; with their bytes when asked. */
export async function pendingPhotos(t: Tx, kov: string, batchHash: string, since: Date, withBytes: boolean): Promise<PendingPhotoRow[]> {
  return t.query<PendingPhotoRow>(
    `SELECT id, ordinal, mime, width, height${withBytes ? ', bytes' : ''} FROM reports_pending_photo
      WHERE kov_code = $1 AND batch_hash = $2 AND created_at >= $3 ORDER BY ordinal, id`,
    [kov, batchHash, since],
  );
}

export async function insertPendingPhoto(t: Tx, p: { id: string; kov: string; batchHash: string; ordinal: number; mime: string; width: number; height: number; bytes: Buffer }): Promise<void> {
  await t.query('INSERT INTO reports_pending_photo (id, kov_code, batch_hash, ordinal, mime, width, height, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    p.id,
    p.kov,
    p.batchHash,
    p.ordinal,
    p.mime,
    p.width,
    p.height,
    p.bytes,
  ]);
}

/** Deletes the batch's photos, all of them or those whose id is not in `keep`. */
export async function deletePending(t: Tx, kov: string, batchHash: string, keep: string[] = []): Promise<number> {
  const rows = await t.query<{ id: string }>('DELETE FROM reports_pending_photo WHERE kov_code = $1 AND batch_hash = $2 AND NOT (id::text = ANY($3::text[])) RETURNING id', [kov, batchHash, keep]);
  return rows.length;
}

/** Every KOV's pending photos older than `before` (system work). */
export async function prunePending(t: Tx, before: Date): Promise<number> {
  return (await t.query<{ id: string }>('DELETE FROM reports_pending_photo WHERE created_at < $1 RETURNING id', [before])).length;
}

/** Every KOV's followers who never confirmed their address, asked before `before` (system work). */
export async function pruneUnconfirmedFollowers(t: Tx, before: Date): Promise<number> {
  return (await t.query<{ id: string }>('DELETE FROM reports_follower WHERE confirmed_at IS NULL AND created_at < $1 RETURNING id', [before])).length;
}
