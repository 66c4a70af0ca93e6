// Photos that were fine on a refused form submission (a wrong field, a bad photo beside good ones,
// possible duplicates shown): held as pending uploads so the resident does not have to choose them
// again. They are kept, already checked and processed (photos.ts), under the sha256 of a random token
// that the re-rendered form carries in a hidden field (`photoToken`), each with a "keep" checkbox;
// the next submission takes the ticked ones and drops the rest. A token older than PENDING_HOURS finds
// nothing, and the job reports.prune deletes what is left (and followers who never confirmed).
import { now } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { JobDef } from '../../kernel/jobs.js';
import { defineJob } from '../../kernel/jobs.js';
import * as repo from './repo/pending.js';
import type { PendingPhotoMeta } from './repo/pending.js';
import type { ReportPhoto } from './service.js';
import { newToken, sha256 } from './service.js';

export type { PendingPhotoMeta };

/** How long a refused submission's photos are held. */
export const PENDING_HOURS = 6;
/** Followers who do not confirm their address within this many days are forgotten. */
export const UNCONFIRMED_FOLLOWER_DAYS = 7;
export const REPORTS_PRUNE_JOB = 'reports.prune';
const TOKEN_RE = /^[A-Za-z0-9_-]{16,64}$/;

const since = () => new Date(now().getTime() - PENDING_HOURS * 3600_000);

/** The photos a form's token holds (no bytes: for the form), [] for no, a wrong or an old token. */
export async function pendingOf(db: Db, kov: string, token: string | undefined): Promise<PendingPhotoMeta[]> {
  if (!token || !TOKEN_RE.test(token)) return [];
  const rows = await db.tx((t) => repo.pendingPhotos(t, kov, sha256(token), since(), false), { kov });
  return rows.map(({ id, ordinal, mime, width, height }) => ({ id, ordinal, mime, width, height }));
}

/** The held photos the resident kept ticked (`keep`: their ids), with their bytes, in order. */
export async function keptPhotos(db: Db, kov: string, token: string | undefined, keep: string[]): Promise<(ReportPhoto & { id: string })[]> {
  if (!token || !TOKEN_RE.test(token) || !keep.length) return [];
  const rows = await db.tx((t) => repo.pendingPhotos(t, kov, sha256(token), since(), true), { kov });
  return rows.filter((r) => keep.includes(r.id)).map((r) => ({ id: r.id, mime: r.mime, width: r.width, height: r.height, bytes: Buffer.from(r.bytes) }));
}

/**
 * Holds a refused submission's photos: those kept from the token's batch stay (the others are
 * dropped), the new ones are added after them. Answers the token for the re-rendered form (the same
 * one when it still held photos; null when there is nothing to hold).
 */
export async function holdPhotos(db: Db, kov: string, token: string | undefined, keep: string[], added: ReportPhoto[]): Promise<string | null> {
  const old = token && TOKEN_RE.test(token) ? token : null;
  return db.tx(
    async (t) => {
      let kept: PendingPhotoMeta[] = [];
      if (old) {
        await repo.deletePending(t, kov, sha256(old), keep);
        kept = await repo.pendingPhotos(t, kov, sha256(old), since(), false);
      }
      if (!kept.length && !added.length) return null;
      const use = kept.length ? old! : newToken();
      const hash = sha256(use);
      let ordinal = kept.reduce((m, p) => Math.max(m, p.ordinal + 1), 0);
      for (const p of added) await repo.insertPendingPhoto(t, { id: uuidv7(), kov, batchHash: hash, ordinal: ordinal++, mime: p.mime, width: p.width, height: p.height, bytes: p.bytes });
      return use;
    },
    { kov },
  );
}

/** Drops a token's batch (the report that used its photos is stored). */
export async function dropPending(db: Db, kov: string, token: string | undefined): Promise<void> {
  if (!token || !TOKEN_RE.test(token)) return;
  await db.tx((t) => repo.deletePending(t, kov, sha256(token)), { kov });
}

/** Deletes every KOV's pending photos past their time and followers who never confirmed. */
export async function pruneLeftovers(db: Db): Promise<{ photos: number; followers: number }> {
  return db.system('reports: prune old pending form photos and unconfirmed followers (every KOV)', async (t) => ({
    photos: await repo.prunePending(t, since()),
    followers: await repo.pruneUnconfirmedFollowers(t, new Date(now().getTime() - UNCONFIRMED_FOLLOWER_DAYS * 86400_000)),
  }));
}

export const pruneJobs: JobDef[] = [
  defineJob<Record<string, never>>({
    name: REPORTS_PRUNE_JOB,
    labelKey: 'reports.job.prune',
    everySeconds: 3600,
    async handler(_payload, ctx) {
      const r = await pruneLeftovers(ctx.db);
      if (r.photos || r.followers) ctx.log.info(r, 'reports: pruned old pending photos and unconfirmed followers');
    },
  }),
];
