// Fetching a KOV's register over X-tee (RR417) in the background, for the officials' page and the
// JSON API: a large KOV's answer takes minutes, longer than a page request should wait (and than
// proxies let it). startXteeFetch records the fetch (residents_fetch), answers its id at once and
// runs the import (importRegisterFromXtee: the same checks, atomic replace and audit as a file) on
// its own, writing how much of the answer has arrived as it goes. The page and the API read that
// progress back. At most one fetch per KOV runs at a time; a fetch whose process died stops
// reporting and, once it has been silent for longer than any X-tee wait, counts as interrupted (the
// previous register stayed in force: an import only switches the register when it completes).
// On the embedded database (PGlite, one connection) the import holds the database until it ends, so
// pages wait for it there and the progress is only written at the end.
// The command line (`residents import --xtee`) runs the same import in the foreground instead.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, conflict } from '../../kernel/errors.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import { RegisterImportError } from './import.js';
import type { FetchRow, FetchState } from './repo.js';
import { fetchProgress, finishFetch, getFetch, insertFetch, interruptStaleFetch, latestFetch } from './repo.js';
import { importRegisterFromXtee, isIsoDate } from './service.js';
import type { XteeConfig } from './xtee.js';
import { XteeError } from './xtee.js';
import { nowMs } from '../../kernel/clock.js';

/** A running fetch silent for this long (no progress written) is taken as interrupted. */
export function staleAfterSeconds(cfg: Pick<XteeConfig, 'timeoutMs'>): number {
  return Math.max(300, Math.ceil((4 * cfg.timeoutMs) / 1000));
}

export interface FetchStatus {
  id: string;
  kov: string;
  /** The reference date asked for (YYYY-MM-DD). */
  on: string;
  acceptGoodRows: boolean;
  state: FetchState;
  /** Living people read from the answer so far (at the end: all of them). */
  people: number;
  bad: number;
  /** Bytes of the answer received so far. */
  bytes: number;
  notLiving: number;
  rowsImported: number;
  /** The import's batch (its report: GET …/residents/status) once the answer was imported or rejected. */
  batchId: string | null;
  /** Why it failed (state failed); never an ID code. */
  message: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  actorName: string;
}

/**
 * A fetch as the page and the API show it: a running one that has been silent for longer than
 * staleAfterSeconds (its process died) reads as interrupted.
 */
function statusOf(r: FetchRow, cfg: Pick<XteeConfig, 'timeoutMs'> | null): FetchStatus {
  const stale = r.state === 'running' && nowMs() - new Date(r.updated_at).getTime() > staleAfterSeconds(cfg ?? { timeoutMs: 30_000 }) * 1000;
  return {
    id: r.id,
    kov: r.kov_code,
    on: r.on_date,
    acceptGoodRows: r.accept_good_rows,
    state: stale ? 'interrupted' : r.state,
    people: r.people,
    bad: r.bad,
    bytes: r.bytes,
    notLiving: r.not_living,
    rowsImported: r.rows_imported,
    batchId: r.batch_id,
    message: r.message,
    startedAt: new Date(r.started_at),
    updatedAt: new Date(r.updated_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    actorName: r.actor_name,
  };
}

/** Fetches in flight in this process (the server waits for them when it closes). */
const inFlight = new Set<Promise<unknown>>();

/**
 * Starts fetching the KOV's residents on the date (YYYY-MM-DD) and answers at once: the fetch's id,
 * its status as it starts, and `done`, which settles (never rejects) with its final status. 400 on a bad date; 409 when the
 * KOV already has a fetch running. The start is audited; the import audits itself.
 */
export async function startXteeFetch(
  db: Db,
  hmacKey: string,
  cfg: XteeConfig,
  opts: { kov: string; on: string; actor: Actor; acceptGoodRows?: boolean; onUnexpected?: (e: unknown) => void; progressEvery?: number },
): Promise<{ id: string; status: FetchStatus; done: Promise<FetchStatus> }> {
  const { kov, on, actor } = opts;
  if (!isIsoDate(on)) throw badRequest([{ field: 'date', reason: 'residents.error.date' }]);
  const id = uuidv7();
  const acceptGoodRows = opts.acceptGoodRows === true;
  const started = await db.tx(
    async (t) => {
      await interruptStaleFetch(t, kov, staleAfterSeconds(cfg));
      const row = await insertFetch(t, { id, kov, on, acceptGoodRows, actorKind: actor.kind, actorName: actor.name });
      if (row) await recordAudit(t, { kov, actor, action: 'residents.xtee.fetch', targetType: 'residents_fetch', targetId: id, after: { on, acceptGoodRows } });
      return row;
    },
    { kov },
  );
  if (!started) throw conflict('residents.xtee.running');
  const done = runFetch(db, hmacKey, cfg, id, { kov, on, actor, acceptGoodRows, onUnexpected: opts.onUnexpected, progressEvery: opts.progressEvery ?? 5_000 });
  inFlight.add(done);
  void done.finally(() => inFlight.delete(done));
  return { id, status: statusOf(started, cfg), done };
}

async function runFetch(
  db: Db,
  hmacKey: string,
  cfg: XteeConfig,
  id: string,
  o: { kov: string; on: string; actor: Actor; acceptGoodRows: boolean; onUnexpected?: (e: unknown) => void; progressEvery: number },
): Promise<FetchStatus> {
  const { kov } = o;
  let reported = 0;
  let progress = { people: 0, bad: 0, bytes: 0 };
  try {
    const r = await importRegisterFromXtee(db, hmacKey, cfg, {
      kov,
      on: o.on,
      actor: o.actor,
      acceptGoodRows: o.acceptGoodRows,
      progressEvery: o.progressEvery,
      onProgress: async (p) => {
        progress = { people: p.rows, bad: p.bad, bytes: p.bytes };
        // PGlite has one connection, which the import holds until it ends: progress stays in memory there.
        if (db.engine === 'pglite') return;
        if (nowMs() - reported < 1_000) return; // at most one write a second
        reported = nowMs();
        await db.tx((t) => fetchProgress(t, kov, id, progress), { kov });
      },
    });
    await db.tx(
      (t) =>
        finishFetch(t, kov, id, {
          state: r.ok ? 'imported' : 'rejected',
          people: r.people - r.notLiving,
          bad: r.rowsBad,
          bytes: r.bytes,
          notLiving: r.notLiving,
          rowsImported: r.rowsImported,
          batchId: r.batchId,
          message: null,
        }),
      { kov },
    );
  } catch (e) {
    const known = e instanceof XteeError || e instanceof RegisterImportError;
    if (!known) o.onUnexpected?.(e);
    const message = known ? e.message : 'internal error (see the server log)';
    try {
      await db.tx((t) => finishFetch(t, kov, id, { state: 'failed', ...progress, notLiving: 0, rowsImported: 0, batchId: null, message }), { kov });
    } catch (e2) {
      o.onUnexpected?.(e2); // left running: it turns interrupted once stale
    }
  }
  return (await fetchStatus(db, kov, id, cfg))!;
}

/** One fetch of the KOV (null: none with this id there); cfg: the X-tee settings, for staleness. */
export async function fetchStatus(db: Db, kov: string, id: string, cfg: Pick<XteeConfig, 'timeoutMs'> | null = null): Promise<FetchStatus | null> {
  if (!UUID_RE.test(id)) return null;
  const r = await db.tx((t) => getFetch(t, kov, id), { kov });
  return r ? statusOf(r, cfg) : null;
}

/** The KOV's latest fetch (null: none yet). */
export async function latestFetchStatus(db: Db, kov: string, cfg: Pick<XteeConfig, 'timeoutMs'> | null): Promise<FetchStatus | null> {
  const r = await db.tx((t) => latestFetch(t, kov), { kov });
  return r ? statusOf(r, cfg) : null;
}

/** Waits for this process's fetches to end (a closing server lets them finish). */
export async function settleFetches(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}
