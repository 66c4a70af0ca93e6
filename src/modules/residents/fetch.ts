// Fetching a KOV's register over X-tee (RR417) in the background, for the officials' page and the
// JSON API: a large KOV's answer takes minutes, longer than a page request should wait (and than
// proxies let it). startXteeFetch records the fetch (residents_fetch), enqueues the job
// `residents.xtee-fetch` (the kernel's job queue: src/kernel/jobs.ts) and answers its id at once; the
// job runs the import (importRegisterFromXtee: the same checks, atomic replace and audit as a file),
// writing how much of the answer has arrived as it goes. The page and the API read that progress
// back. At most one fetch per KOV runs at a time; a fetch whose process died stops reporting and,
// once it has been silent for longer than any X-tee wait, counts as interrupted (the previous
// register stayed in force: an import only switches the register when it completes).
// The job is not retried (retryLimit 0): a failed fetch is recorded as failed with its reason, and
// the official starts a new one when the cause is fixed. The job itself fails (dead letter, on the
// platform's jobs page) only when the fetch's outcome could not be written at all.
// On the embedded database (PGlite, one connection) the import holds the database until it ends, so
// pages wait for it there and the progress is only written at the end.
// The command line (`residents import --xtee`) runs the same import in the foreground instead.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { badRequest, conflict } from '../../kernel/errors.js';
import { UUID_RE, uuidv7 } from '../../kernel/ids.js';
import type { JobContext, Jobs } from '../../kernel/jobs.js';
import { defineJob } from '../../kernel/jobs.js';
import { RegisterImportError } from './import.js';
import type { FetchRow, FetchState } from './repo.js';
import { fetchProgress, finishFetch, getFetch, insertFetch, interruptStaleFetch, latestFetch } from './repo.js';
import { importRegisterFromXtee, isIsoDate } from './service.js';
import type { XteeConfig } from './xtee.js';
import { XteeError, xteeSetting } from './xtee.js';
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
function isStale(r: FetchRow, cfg: Pick<XteeConfig, 'timeoutMs'> | null): boolean {
  return r.state === 'running' && nowMs() - new Date(r.updated_at).getTime() > staleAfterSeconds(cfg ?? { timeoutMs: 30_000 }) * 1000;
}

function statusOf(r: FetchRow, cfg: Pick<XteeConfig, 'timeoutMs'> | null): FetchStatus {
  const stale = isStale(r, cfg);
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

/** The job that runs a fetch. */
export const XTEE_FETCH_JOB = 'residents.xtee-fetch';

export interface XteeFetchPayload {
  kov: string;
  /** The residents_fetch row (its date and acceptGoodRows are read from there). */
  fetchId: string;
  /** Who started it: the import's audit entry names them (a person's id and name, never an ID code). */
  actor: Actor;
  /** Write progress every this many people (tests: small). */
  progressEvery?: number;
}

/** Fetches this process started (the latest 100), for settleFetches. */
const started = new Map<string, { db: Db; kov: string; cfg: Pick<XteeConfig, 'timeoutMs'> }>();

/**
 * Starts fetching the KOV's residents on the date (YYYY-MM-DD) and answers at once: the fetch's id,
 * its job's id, its status as it starts, and `done`, which (when asked for) settles with its final
 * status once the job has run it. 400 on a bad date; 409 when the KOV already has a fetch
 * running. The start is audited; the import audits itself.
 */
export async function startXteeFetch(
  db: Db,
  jobs: Pick<Jobs, 'send'>,
  cfg: XteeConfig,
  opts: { kov: string; on: string; actor: Actor; acceptGoodRows?: boolean; progressEvery?: number },
): Promise<{ id: string; jobId: string; status: FetchStatus; readonly done: Promise<FetchStatus> }> {
  const { kov, on, actor } = opts;
  if (!isIsoDate(on)) throw badRequest([{ field: 'date', reason: 'residents.error.date' }]);
  const id = uuidv7();
  const acceptGoodRows = opts.acceptGoodRows === true;
  const row = await db.tx(
    async (t) => {
      await interruptStaleFetch(t, kov, staleAfterSeconds(cfg));
      const r = await insertFetch(t, { id, kov, on, acceptGoodRows, actorKind: actor.kind, actorName: actor.name });
      if (r) await recordAudit(t, { kov, actor, action: 'residents.xtee.fetch', targetType: 'residents_fetch', targetId: id, after: { on, acceptGoodRows } });
      return r;
    },
    { kov },
  );
  if (!row) throw conflict('residents.xtee.running');
  const payload: XteeFetchPayload = { kov, fetchId: id, actor: { kind: actor.kind, id: actor.id, name: actor.name }, ...(opts.progressEvery ? { progressEvery: opts.progressEvery } : {}) };
  let jobId: string;
  try {
    jobId = await jobs.send(XTEE_FETCH_JOB, payload as unknown as Record<string, unknown>);
  } catch (e) {
    const message = 'the fetch could not be queued (see the server log)';
    await db.tx((t) => finishFetch(t, kov, id, { state: 'failed', people: 0, bad: 0, bytes: 0, notLiving: 0, rowsImported: 0, batchId: null, message }), { kov });
    throw e;
  }
  started.set(id, { db, kov, cfg });
  if (started.size > 100) started.delete(started.keys().next().value!);
  return {
    id,
    jobId,
    status: statusOf(row, cfg),
    get done() {
      return untilFinished(db, kov, id, cfg);
    },
  };
}

/**
 * The fetch's status once it is no longer running (it reads interrupted when its job never reports).
 * Should the database stop answering meanwhile (a closing test), the last status seen.
 */
async function untilFinished(db: Db, kov: string, id: string, cfg: Pick<XteeConfig, 'timeoutMs'>): Promise<FetchStatus> {
  let last: FetchStatus | null = null;
  for (let errors = 0; ; ) {
    try {
      const s = await fetchStatus(db, kov, id, cfg);
      errors = 0;
      if (!s && !last) throw new Error(`fetch ${id} of ${kov} is gone`);
      if (s) last = s;
      if (!s || s.state !== 'running') break;
    } catch (e) {
      if (++errors >= 20) {
        if (!last) throw e;
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  started.delete(id);
  return last!;
}

/** The job's handler: runs the fetch its row describes, unless it has ended meanwhile. */
export async function runXteeFetchJob(p: XteeFetchPayload, ctx: JobContext): Promise<void> {
  const { db, log } = ctx;
  const { kov, fetchId: id } = p;
  const row = await db.tx((t) => getFetch(t, kov, id), { kov });
  if (!row || row.state !== 'running') {
    log.info({ kov, fetch: id }, 'residents: the fetch has already ended; nothing to do');
    return;
  }
  const setting = xteeSetting();
  const cfg = setting.state === 'on' ? setting.cfg : null;
  if (isStale(row, cfg)) {
    // it waited in the queue longer than a fetch may be silent: the page already calls it interrupted
    await db.tx((t) => interruptStaleFetch(t, kov, staleAfterSeconds(cfg ?? { timeoutMs: 30_000 })), { kov });
    return;
  }
  if (!cfg) {
    const message = setting.state === 'invalid' ? `X-tee settings are invalid: ${setting.message}` : 'X-tee is not configured on this server';
    await db.tx((t) => finishFetch(t, kov, id, { state: 'failed', people: 0, bad: 0, bytes: 0, notLiving: 0, rowsImported: 0, batchId: null, message }), { kov });
    return;
  }
  await db.tx((t) => fetchProgress(t, kov, id, { people: 0, bad: 0, bytes: 0 }), { kov }); // picked up: reporting from now
  await runFetch(db, ctx.config.idcodeHmacKey, cfg, id, {
    kov,
    on: row.on_date,
    actor: p.actor,
    acceptGoodRows: row.accept_good_rows,
    onUnexpected: (e) => log.error({ err: e, kov, fetch: id }, 'residents: the X-tee fetch failed unexpectedly'),
    progressEvery: p.progressEvery ?? 5_000,
  });
}

/** The residents module's job: one X-tee fetch; never retried (see the top of this file). */
export const xteeFetchJob = defineJob<XteeFetchPayload>({
  name: XTEE_FETCH_JOB,
  labelKey: 'residents.job.xteeFetch',
  retryLimit: 0,
  // a whole KOV's answer takes minutes; an attempt whose process died is failed after this
  expireSeconds: 2 * 3600,
  handler: runXteeFetchJob,
});

/** Runs the import of a recorded fetch and writes its progress and outcome. */
async function runFetch(
  db: Db,
  hmacKey: string,
  cfg: XteeConfig,
  id: string,
  o: { kov: string; on: string; actor: Actor; acceptGoodRows: boolean; onUnexpected?: (e: unknown) => void; progressEvery: number },
): Promise<void> {
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
    // when even the failure cannot be written, the job fails (the row, left running, turns interrupted once stale)
    await db.tx((t) => finishFetch(t, kov, id, { state: 'failed', ...progress, notLiving: 0, rowsImported: 0, batchId: null, message }), { kov });
  }
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

/**
 * Waits until every fetch this process started has ended (tests; the job workers must be running
 * somewhere, or the fetches end only as interrupted).
 */
export async function settleFetches(): Promise<void> {
  await Promise.all([...started].map(([id, f]) => untilFinished(f.db, f.kov, id, f.cfg)));
}
