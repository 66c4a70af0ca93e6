// Jobs on PostgreSQL: pg-boss (https://github.com/timgit/pg-boss), a Postgres-backed queue. It keeps
// its tables in the schema `pgboss`, installs and upgrades them itself on start (under an advisory
// lock, so several processes may start at once), and claims each attempt with SELECT … FOR UPDATE
// SKIP LOCKED, so an attempt runs in one process only however many run workers. Retries, backoff,
// expiry and the dead letter (state failed) are pg-boss's own; this file maps the kernel's job
// interface onto it.
//
// It has its own small connection pool (the workers' polling never waits behind page requests), and
// one listening connection: a send wakes the workers at once (LISTEN/NOTIFY); polling every
// config.jobs.pollMs remains, and is what picks up retries when their delay has passed.
//
// The admin page's counts and dead-letter list read pgboss.job directly (read-only); every change
// goes through pg-boss's API. pg-boss schedules by the database's clock, not the kernel clock.
import type { JobWithMetadata, PgBoss as PgBossType } from 'pg-boss';
import type { Config } from '../config.js';
import type { Actor } from './audit.js';
import type { Db, Tx } from './db.js';
import type { JobCounts, JobLog, JobPayload, JobState, JobView, Jobs, ResolvedJobDef, SendOptions } from './jobs.js';
import { KEEP_FINISHED_DAYS, auditRetry, countsOf, jobContext, jobErrorMessage } from './jobs.js';

export const PGBOSS_SCHEMA = 'pgboss';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface BossRow {
  id: string;
  name: string;
  state: JobState;
  retry_count: number;
  retry_limit: number;
  start_after: Date;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  output: { message?: unknown; value?: unknown } | null;
}

const COLS = 'id, name, state::text AS state, retry_count, retry_limit, start_after, created_on, started_on, completed_on, output';

function errorOf(r: BossRow): string | null {
  if (r.state === 'completed' || !r.output) return null;
  const o = r.output;
  const m = typeof o.message === 'string' ? o.message : typeof o.value === 'string' ? o.value : o.value && typeof (o.value as { message?: unknown }).message === 'string' ? (o.value as { message: string }).message : null;
  return m === null ? null : jobErrorMessage(m);
}

function view(r: BossRow): JobView {
  return {
    id: r.id,
    name: r.name,
    state: r.state,
    // pg-boss counts retries: each claim after the first adds one to retry_count
    attempts: r.started_on ? r.retry_count + 1 : 0,
    maxAttempts: r.retry_limit + 1,
    createdAt: new Date(r.created_on),
    startedAt: r.started_on ? new Date(r.started_on) : null,
    finishedAt: r.completed_on && r.state !== 'retry' ? new Date(r.completed_on) : null,
    runAfter: new Date(r.start_after),
    lastError: errorOf(r),
  };
}

/** A queue's options, from the job's definition. */
function queueOptions(d: ResolvedJobDef) {
  return {
    retryLimit: d.retryLimit,
    retryDelay: d.retryDelaySeconds,
    retryBackoff: d.retryBackoff,
    ...(d.retryBackoff ? { retryDelayMax: d.retryDelayMaxSeconds ?? undefined } : {}),
    expireInSeconds: d.expireSeconds,
    deleteAfterSeconds: KEEP_FINISHED_DAYS * 86400,
  };
}

/** A kernel transaction as pg-boss's database handle, so pg-boss's statement joins it. */
function inTx(t: Tx) {
  return { executeSql: async (text: string, values?: unknown[]) => ({ rows: await t.query(text, values ?? []) }) };
}

export class PgBossJobs implements Jobs {
  readonly backend = 'pg-boss' as const;
  readonly defs: readonly ResolvedJobDef[];
  readonly #db: Db;
  readonly #config: Config;
  readonly #log: JobLog;
  readonly #url: string;
  readonly #byName: Map<string, ResolvedJobDef>;
  #boss: Promise<PgBossType> | null = null;
  #working = false;
  #closed = false;
  #closing: Promise<void> | null = null;

  constructor(o: { db: Db; config: Config; defs: readonly ResolvedJobDef[]; log: JobLog; url: string }) {
    this.#db = o.db;
    this.#config = o.config;
    this.#log = o.log;
    this.#url = o.url;
    this.defs = o.defs;
    this.#byName = new Map(o.defs.map((d) => [d.name, d]));
  }

  get started(): boolean {
    return this.#working;
  }

  /** pg-boss, started (its schema installed or upgraded) and every declared queue created with its options. */
  #open(): Promise<PgBossType> {
    if (this.#closed) return Promise.reject(new Error('the job service is closed'));
    if (!this.#boss) {
      const opening = (async () => {
        const { PgBoss } = await import('pg-boss');
        const boss = new PgBoss({
          connectionString: this.#url,
          schema: PGBOSS_SCHEMA,
          max: 4,
          application_name: 'vallamaja-jobs',
          useListenNotify: true,
        });
        boss.on('error', (e) => this.#log.error({ err: e }, 'jobs: pg-boss reported an error'));
        boss.on('warning', (w) => this.#log.warn({ warning: w.message }, 'jobs: pg-boss warning'));
        await boss.start();
        for (const d of this.defs) {
          const opts = queueOptions(d);
          await boss.createQueue(d.name, { ...opts, notify: true });
          await boss.updateQueue(d.name, { ...opts, notify: true }); // a changed definition applies to new jobs
        }
        return boss;
      })();
      this.#boss = opening;
      opening.catch(() => {
        if (this.#boss === opening) this.#boss = null; // try again on next use
      });
    }
    return this.#boss;
  }

  #def(name: string): ResolvedJobDef {
    const d = this.#byName.get(name);
    if (!d) throw new Error(`no job ${JSON.stringify(name)} is declared (a module declares its jobs in its manifest)`);
    return d;
  }

  async send(name: string, payload: JobPayload, opts: SendOptions = {}): Promise<string> {
    this.#def(name);
    const boss = await this.#open();
    const delay = Math.max(0, Math.ceil(opts.delaySeconds ?? 0));
    const id = await boss.send(name, payload, delay ? { startAfter: delay } : {});
    if (!id) throw new Error(`pg-boss did not take the job ${name}`);
    return id;
  }

  async start(): Promise<void> {
    if (this.#working) return;
    const boss = await this.#open();
    this.#working = true;
    const poll = this.#config.jobs.pollMs / 1000;
    for (const d of this.defs) {
      await boss.work(
        d.name,
        {
          localConcurrency: this.#config.jobs.concurrency,
          batchSize: 1,
          includeMetadata: true,
          pollingIntervalSeconds: poll,
          notifyPollingIntervalSeconds: poll, // retries come due by time, not by a notification
        },
        async (jobs: JobWithMetadata<JobPayload>[]) => {
          for (const job of jobs) await this.#run(d, job);
        },
      );
    }
  }

  async #run(d: ResolvedJobDef, job: JobWithMetadata<JobPayload>): Promise<void> {
    const ctx = jobContext(
      { db: this.#db, config: this.#config, log: this.#log },
      { id: job.id, name: job.name, attempt: job.retryCount + 1, maxAttempts: job.retryLimit + 1, signal: job.signal },
    );
    try {
      await d.handler(job.data ?? {}, ctx);
    } catch (e) {
      const message = jobErrorMessage(e);
      this.#log.warn({ job: job.name, jobId: job.id, attempt: ctx.attempt, error: message }, 'jobs: an attempt failed');
      // what pg-boss keeps as the job's output: the message only (no stack, ID codes masked)
      const kept = new Error(message);
      kept.stack = message;
      throw kept;
    }
  }

  async stop(): Promise<void> {
    if (!this.#working || !this.#boss) return;
    this.#working = false;
    const boss = await this.#boss;
    await Promise.all(this.defs.map((d) => boss.offWork(d.name, { wait: true })));
  }

  async close(): Promise<void> {
    this.#closing ??= this.#close();
    await this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    this.#working = false;
    const opening = this.#boss;
    if (!opening) return;
    const boss = await opening.catch(() => null);
    // waits for running handlers up to the grace; an attempt still running then has failed (and is
    // retried elsewhere if attempts are left)
    if (boss) await boss.stop({ graceful: true, close: true, timeout: Math.max(1000, this.#config.shutdownGraceMs) });
  }

  async #select(sql: string, params: unknown[]): Promise<BossRow[]> {
    const boss = await this.#open();
    return (await boss.getDb().executeSql(sql, params)).rows as BossRow[];
  }

  async get(id: string): Promise<JobView | null> {
    if (!UUID.test(id)) return null;
    const [r] = await this.#select(`SELECT ${COLS} FROM ${PGBOSS_SCHEMA}.job WHERE id = $1`, [id]);
    return r ? view(r) : null;
  }

  async counts(): Promise<JobCounts[]> {
    const boss = await this.#open();
    const { rows } = await boss.getDb().executeSql(
      `SELECT name, state::text AS state, count(*)::int AS n FROM ${PGBOSS_SCHEMA}.job WHERE name NOT LIKE '\\_\\_%' GROUP BY name, state`,
      [],
    );
    return countsOf(this.defs, rows as { name: string; state: string; n: number }[]);
  }

  async failed(limit = 100): Promise<JobView[]> {
    const rows = await this.#select(`SELECT ${COLS} FROM ${PGBOSS_SCHEMA}.job WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST, id DESC LIMIT $1`, [limit]);
    return rows.map(view);
  }

  async retry(id: string, actor: Actor): Promise<JobView | null> {
    if (!UUID.test(id)) return null;
    const [found] = await this.#select(`SELECT ${COLS} FROM ${PGBOSS_SCHEMA}.job WHERE id = $1 AND state = 'failed'`, [id]);
    if (!found) return null;
    const boss = await this.#open();
    // pg-boss's retry (state retry, one more attempt, from now) and the audit entry in one transaction
    const done = await this.#db.system('jobs: retry a failed job from the admin page, audited', async (t) => {
      const r = await boss.retry(found.name, id, { db: inTx(t) });
      if (!(r as { affected?: number }).affected) return null;
      const [row] = await t.query<BossRow>(`SELECT ${COLS} FROM ${PGBOSS_SCHEMA}.job WHERE id = $1`, [id]);
      if (!row) return null;
      await auditRetry(t, actor, view(row));
      return row;
    });
    return done ? view(done) : null;
  }
}
