// The job runner of the embedded database (PGlite: one process owns the data folder). Jobs are rows
// of the kernel table core_job (migrations/202612050001_core_jobs.sql), so they survive a restart;
// the runner polls for due jobs in-process (and is woken at once by a send), runs up to
// config.jobs.concurrency handlers of each kind at a time, and keeps pg-boss's semantics: attempts,
// retry delays with backoff (the same formula), the dead letter (state failed), a retry that gives
// one more attempt, expiry of an attempt that runs too long.
//
// Time is the kernel clock: run_after and the other times are written with core_now(), so a test
// that holds the clock still decides when a retry comes due (advanceClock). A job left active by a
// runner that is gone (the process died or closed without waiting) counts as a failed attempt when a
// runner starts: the data folder's lock guarantees no other process is running it.
import type { Config } from '../config.js';
import type { Actor } from './audit.js';
import type { Db, Tx } from './db.js';
import { uuidv7 } from './ids.js';
import type { JobCounts, JobLog, JobPayload, JobState, JobView, Jobs, ResolvedJobDef, SendOptions } from './jobs.js';
import { KEEP_FINISHED_DAYS, auditRetry, countsOf, jobContext, jobErrorMessage, retryDelayAfter } from './jobs.js';
import { nowMs } from './clock.js';

interface JobRow {
  id: string;
  name: string;
  payload: JobPayload;
  state: JobState;
  attempts: number;
  retry_limit: number;
  retry_delay: number;
  retry_backoff: boolean;
  retry_delay_max: number | null;
  expire_seconds: number;
  run_after: Date;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  last_error: string | null;
}

const COLS = `id, name, payload, state, attempts, retry_limit, retry_delay, retry_backoff, retry_delay_max, expire_seconds,
  run_after, created_at, started_at, finished_at, last_error`;

function view(r: JobRow): JobView {
  return {
    id: r.id,
    name: r.name,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.retry_limit + 1,
    createdAt: new Date(r.created_at),
    startedAt: r.started_at ? new Date(r.started_at) : null,
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    runAfter: new Date(r.run_after),
    lastError: r.last_error,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STOPPED = 'the process stopped while the job ran';

/** Runners alive in this process (a job another one holds is not an orphan). */
const liveRunners = new Set<string>();

export class EmbeddedJobs implements Jobs {
  readonly backend = 'embedded' as const;
  readonly defs: readonly ResolvedJobDef[];
  readonly #db: Db;
  readonly #config: Config;
  readonly #log: JobLog;
  readonly #byName: Map<string, ResolvedJobDef>;
  readonly #runner = `embedded:${process.pid}:${uuidv7()}`;
  /** Handlers running now, by kind. */
  readonly #active = new Map<string, number>();
  readonly #running = new Map<string, { promise: Promise<void>; abort: AbortController; attempt: number }>();
  #started = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #kicked = false;
  #lastCleanup = 0;
  #closing: Promise<void> | null = null;
  #halting: Promise<void> | null = null;

  constructor(o: { db: Db; config: Config; defs: readonly ResolvedJobDef[]; log: JobLog }) {
    this.#db = o.db;
    this.#config = o.config;
    this.#log = o.log;
    this.defs = o.defs;
    this.#byName = new Map(o.defs.map((d) => [d.name, d]));
  }

  get started(): boolean {
    return this.#started;
  }

  #def(name: string): ResolvedJobDef {
    const d = this.#byName.get(name);
    if (!d) throw new Error(`no job ${JSON.stringify(name)} is declared (a module declares its jobs in its manifest)`);
    return d;
  }

  async send(name: string, payload: JobPayload, opts: SendOptions = {}): Promise<string> {
    const d = this.#def(name);
    const id = uuidv7();
    await this.#db.system('jobs: enqueue a job (embedded queue)', (t) =>
      t.query(
        `INSERT INTO core_job (id, name, payload, retry_limit, retry_delay, retry_backoff, retry_delay_max, expire_seconds, run_after)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, core_now() + $9::float8 * interval '1 second')`,
        [id, d.name, JSON.stringify(payload), d.retryLimit, d.retryDelaySeconds, d.retryBackoff, d.retryDelayMaxSeconds, d.expireSeconds, Math.max(0, opts.delaySeconds ?? 0)],
      ),
    );
    this.#kick();
    return id;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    liveRunners.add(this.#runner);
    try {
      await this.#recoverOrphans();
    } catch (e) {
      this.#started = false;
      liveRunners.delete(this.#runner);
      throw e;
    }
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    await this.#halt(null);
  }

  /** Stops taking jobs and waits for the running handlers (at most graceMs, when given). */
  #halt(graceMs: number | null): Promise<void> {
    if (!this.#halting) {
      this.#halting = this.#doHalt(graceMs).finally(() => (this.#halting = null));
    }
    return this.#halting;
  }

  async close(): Promise<void> {
    this.#closing ??= this.#halt(this.#config.shutdownGraceMs);
    await this.#closing;
  }

  async #doHalt(graceMs: number | null): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#kick();
    await this.#loop;
    this.#loop = null;
    const running = [...this.#running.values()].map((r) => r.promise);
    if (graceMs === null) await Promise.allSettled(running);
    else {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(running), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      // Attempts still running: failed (retried by the next runner, if attempts are left).
      for (const [id, r] of this.#running) {
        r.abort.abort(new Error(STOPPED));
        await this.#settle(id, r.attempt, STOPPED).catch((e: unknown) => this.#log.error({ err: e, job: id }, 'jobs: could not record a stopped attempt'));
      }
    }
    liveRunners.delete(this.#runner);
  }

  #kick(): void {
    this.#kicked = true;
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  async #sleep(ms: number): Promise<void> {
    if (this.#kicked) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async #run(): Promise<void> {
    while (this.#started) {
      this.#kicked = false;
      let claimed = false;
      try {
        await this.#cleanup();
        claimed = await this.#claimOne();
      } catch (e) {
        if (!this.#started) break;
        this.#log.error({ err: e }, 'jobs: the embedded runner could not look for due jobs');
      }
      if (!claimed && this.#started) await this.#sleep(this.#config.jobs.pollMs);
    }
  }

  /** Claims the next due job of a kind with a free slot and starts its handler; false when none is due. */
  async #claimOne(): Promise<boolean> {
    const free = this.defs.filter((d) => (this.#active.get(d.name) ?? 0) < this.#config.jobs.concurrency).map((d) => d.name);
    if (!free.length) return false;
    const row = await this.#db.system('jobs: claim the next due job (embedded queue)', (t) =>
      t.one<JobRow>(
        `UPDATE core_job SET state = 'active', attempts = attempts + 1, started_at = core_now(), runner = $2
          WHERE id = (SELECT id FROM core_job
                       WHERE state IN ('created', 'retry') AND run_after <= core_now() AND name = ANY($1::text[])
                       ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING ${COLS}`,
        [free, this.#runner],
      ),
    );
    if (!row) return false;
    if (!this.#started) {
      // stopped while claiming: give it back untouched
      await this.#db.system('jobs: give back a job claimed while stopping', (t) =>
        t.query(`UPDATE core_job SET state = CASE WHEN attempts = 1 THEN 'created' ELSE 'retry' END, attempts = attempts - 1, runner = NULL WHERE id = $1 AND runner = $2`, [row.id, this.#runner]),
      );
      return false;
    }
    const def = this.#byName.get(row.name)!;
    this.#active.set(def.name, (this.#active.get(def.name) ?? 0) + 1);
    const abort = new AbortController();
    const promise = this.#execute(def, row, abort).finally(() => {
      this.#running.delete(row.id);
      this.#active.set(def.name, (this.#active.get(def.name) ?? 1) - 1);
      this.#kick();
    });
    this.#running.set(row.id, { promise, abort, attempt: row.attempts });
    return true;
  }

  async #execute(def: ResolvedJobDef, row: JobRow, abort: AbortController): Promise<void> {
    const ctx = jobContext(
      { db: this.#db, config: this.#config, log: this.#log },
      { id: row.id, name: row.name, attempt: row.attempts, maxAttempts: row.retry_limit + 1, signal: abort.signal },
    );
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const e = new Error(`the attempt ran longer than ${row.expire_seconds} s`);
        abort.abort(e);
        reject(e);
      }, row.expire_seconds * 1000);
    });
    let error: string | null = null;
    try {
      await Promise.race([def.handler(row.payload ?? {}, ctx), expired]);
    } catch (e) {
      error = jobErrorMessage(e);
      this.#log.warn({ job: row.name, jobId: row.id, attempt: row.attempts, error }, 'jobs: an attempt failed');
    } finally {
      clearTimeout(timer);
    }
    if (abort.signal.aborted && error === null) error = jobErrorMessage(abort.signal.reason);
    try {
      await this.#settle(row.id, row.attempts, error);
    } catch (e) {
      this.#log.error({ err: e, job: row.name, jobId: row.id }, 'jobs: could not record the outcome of an attempt');
    }
  }

  /** Records an attempt's outcome: completed, or failed (retry when attempts are left, else the dead letter). */
  async #settle(id: string, attempt: number, error: string | null): Promise<void> {
    await this.#db.system('jobs: record the outcome of an attempt (embedded queue)', async (t) => {
      if (error === null) {
        await t.query(
          `UPDATE core_job SET state = 'completed', finished_at = core_now(), runner = NULL, last_error = NULL WHERE id = $1 AND state = 'active' AND attempts = $2 AND runner = $3`,
          [id, attempt, this.#runner],
        );
        return;
      }
      await failAttempt(t, id, error, { runner: this.#runner, attempt });
    });
  }

  /** Jobs active under a runner that is gone: their attempt failed. */
  async #recoverOrphans(): Promise<void> {
    await this.#db.system('jobs: attempts left running by a runner that is gone (embedded queue)', async (t) => {
      const orphans = await t.query<{ id: string }>(`SELECT id FROM core_job WHERE state = 'active' AND (runner IS NULL OR NOT (runner = ANY($1::text[]))) FOR UPDATE`, [[...liveRunners]]);
      for (const o of orphans) await failAttempt(t, o.id, STOPPED, null);
      if (orphans.length) this.#log.warn({ jobs: orphans.length }, 'jobs: attempts left running by a stopped process count as failed');
    });
  }

  /** Now and then: finished jobs older than KEEP_FINISHED_DAYS go. */
  async #cleanup(): Promise<void> {
    if (nowMs() - this.#lastCleanup < 3600_000) return;
    this.#lastCleanup = nowMs();
    await this.#db.system('jobs: delete old finished jobs (embedded queue)', (t) =>
      t.query(`DELETE FROM core_job WHERE state IN ('completed', 'failed', 'cancelled') AND finished_at < core_now() - $1::int * interval '1 day'`, [KEEP_FINISHED_DAYS]),
    );
  }

  async get(id: string): Promise<JobView | null> {
    if (!UUID.test(id)) return null;
    const r = await this.#db.system('jobs: read a job (embedded queue)', (t) => t.one<JobRow>(`SELECT ${COLS} FROM core_job WHERE id = $1`, [id]));
    return r ? view(r) : null;
  }

  async counts(): Promise<JobCounts[]> {
    const rows = await this.#db.system('jobs: count jobs by kind and state (embedded queue)', (t) =>
      t.query<{ name: string; state: JobState; n: number }>('SELECT name, state, count(*)::int AS n FROM core_job GROUP BY name, state'),
    );
    return countsOf(this.defs, rows);
  }

  async failed(limit = 100): Promise<JobView[]> {
    const rows = await this.#db.system('jobs: the dead letter (embedded queue)', (t) =>
      t.query<JobRow>(`SELECT ${COLS} FROM core_job WHERE state = 'failed' ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT $1`, [limit]),
    );
    return rows.map(view);
  }

  async retry(id: string, actor: Actor): Promise<JobView | null> {
    if (!UUID.test(id)) return null;
    const r = await this.#db.system('jobs: retry a failed job from the admin page, audited', async (t) => {
      const row = await t.one<JobRow>(
        `UPDATE core_job SET state = 'retry', retry_limit = retry_limit + 1, finished_at = NULL, run_after = greatest(run_after, core_now())
          WHERE id = $1 AND state = 'failed' RETURNING ${COLS}`,
        [id],
      );
      if (row) await auditRetry(t, actor, view(row));
      return row;
    });
    if (r) this.#kick();
    return r ? view(r) : null;
  }
}

/**
 * One failed attempt: retry after the delay when attempts are left, else the dead letter. With
 * `held`, only while that runner still holds that attempt.
 */
async function failAttempt(t: Tx, id: string, error: string, held: { runner: string; attempt: number } | null): Promise<void> {
  const row = await t.one<JobRow>(
    `SELECT ${COLS} FROM core_job WHERE id = $1 AND state = 'active' AND ($2::text IS NULL OR (runner = $2 AND attempts = $3)) FOR UPDATE`,
    [id, held?.runner ?? null, held?.attempt ?? null],
  );
  if (!row) return;
  const retry = row.attempts <= row.retry_limit;
  const delay = retry
    ? retryDelayAfter({ retryDelaySeconds: row.retry_delay, retryBackoff: row.retry_backoff, retryDelayMaxSeconds: row.retry_delay_max }, Math.max(1, row.attempts))
    : 0;
  await t.query(
    `UPDATE core_job SET state = $2, last_error = $3, runner = NULL,
            run_after = CASE WHEN $2 = 'retry' THEN core_now() + $4::float8 * interval '1 second' ELSE run_after END,
            finished_at = CASE WHEN $2 = 'failed' THEN core_now() END
      WHERE id = $1`,
    [id, retry ? 'retry' : 'failed', error, delay],
  );
}
