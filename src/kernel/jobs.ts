// Jobs: work that runs outside a request (an X-tee register fetch, a webhook, an e-mail), with
// retries, backoff and a dead letter. A module declares its jobs in its manifest
// (ModuleManifest.jobs, each made with defineJob); the kernel reads the manifests and never imports
// a module. Code enqueues with `app.jobs.send(name, payload)`; the workers run the handlers.
//
// One interface over two engines:
// - PostgreSQL: pg-boss (src/kernel/jobs-pgboss.ts), in its own schema `pgboss` with its own
//   connection pool. Jobs survive a restart and each attempt runs once across any number of
//   processes (SELECT … FOR UPDATE SKIP LOCKED).
// - The embedded database (PGlite, one process): a small runner of our own over the kernel table
//   core_job (src/kernel/jobs-embedded.ts) with the same states, attempts, backoff and dead letter.
//
// States (pg-boss's): created → active → completed; an attempt that fails goes to retry (attempts
// left: runs again after the delay) or to failed — the dead letter: every attempt failed. A platform
// admin sees the dead letter on /admin/jobs and may retry a job from there (one more attempt,
// audited on the platform chain).
//
// Workers start only when asked (`start()`: `vallamaja start` does it once the server listens), so a
// test that builds the app runs no job unless it starts them; `close()` (the app's onClose) stops
// them gracefully: no new job is taken, running handlers are waited for.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Actor } from './audit.js';
import { PLATFORM_CHAIN, recordAudit } from './audit.js';
import type { Db, Tx } from './db.js';
import { connectionStringOf } from './db.js';
import { scrub } from './log.js';

/** A job's payload: a JSON object with what the handler needs to find its work (ids, never a personal ID code). */
export type JobPayload = Record<string, unknown>;

export type JobLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

/** What a handler gets besides its payload. */
export interface JobContext {
  readonly id: string;
  readonly name: string;
  /** Which attempt this is: 1 for the first run. */
  readonly attempt: number;
  /** How many attempts the job may make in all (1 + its retry limit). */
  readonly maxAttempts: number;
  readonly db: Db;
  readonly config: Config;
  readonly log: JobLog;
  /** Aborted when the attempt has run longer than the job's expireSeconds or the workers stop without waiting. */
  readonly signal: AbortSignal;
}

export interface JobDef<P extends object = JobPayload> {
  /** '<module>.<what>', e.g. 'residents.xtee-fetch'. */
  name: string;
  /** Message key of its name on the admin page (the name itself is shown when there is none). */
  labelKey?: string;
  /**
   * Does the work. Resolving completes the job; throwing fails the attempt (its message, personal ID
   * codes masked, is kept as the job's last error). Keep it idempotent: an attempt whose process died
   * runs again.
   */
  handler(payload: P, ctx: JobContext): Promise<void>;
  /** Attempts after the first one; default 2 (so three runs in all). 0: never retried. */
  retryLimit?: number;
  /** Seconds before the next attempt (whole seconds); default 30. */
  retryDelaySeconds?: number;
  /** Double the delay with each attempt made (with jitter: delay × 2^(attempt−1) × [1, 2)); default true. */
  retryBackoff?: boolean;
  /** With backoff, the longest delay; default one hour. */
  retryDelayMaxSeconds?: number;
  /** An attempt running longer than this has failed; default 15 minutes. */
  expireSeconds?: number;
  /**
   * Also run every this many seconds while this process's workers run (sent with an empty payload):
   * a sweep that catches up on anything a prompt send missed. Each process with workers sends it,
   * so the handler must be safe to run concurrently (claim its work with row locks).
   */
  everySeconds?: number;
  /**
   * With everySeconds: also send it once shortly after the workers start (SEND_AT_START_MS), not only
   * after the first interval (a job that a new installation should not wait an hour for).
   */
  sendAtStart?: boolean;
}

/** A job definition with every default filled in. */
export interface ResolvedJobDef {
  name: string;
  labelKey: string | null;
  handler(payload: JobPayload, ctx: JobContext): Promise<void>;
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  retryDelayMaxSeconds: number | null;
  expireSeconds: number;
  everySeconds: number | null;
  sendAtStart: boolean;
}

/** How long after the workers start a `sendAtStart` job is sent (the server settles first). */
export const SEND_AT_START_MS = 30_000;

export const JOB_DEFAULTS = { retryLimit: 2, retryDelaySeconds: 30, retryBackoff: true, retryDelayMaxSeconds: 3600, expireSeconds: 900 } as const;
/** Finished jobs (completed, failed, cancelled) are kept this long, then deleted. */
export const KEEP_FINISHED_DAYS = 14;

const NAME_RE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** Declares a job (for a manifest's `jobs`), typed by its payload. */
export function defineJob<P extends object>(def: JobDef<P>): JobDef {
  return def as unknown as JobDef;
}

function wholeAtLeast(name: string, field: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new Error(`job ${name}: ${field} must be a whole number ≥ ${min}, got ${v}`);
  return v;
}

function sendAtStartOf(def: JobDef): boolean {
  if (def.sendAtStart && def.everySeconds === undefined) throw new Error(`job ${def.name}: sendAtStart needs everySeconds`);
  return def.sendAtStart ?? false;
}

export function resolveJobDef(def: JobDef): ResolvedJobDef {
  if (!NAME_RE.test(def.name)) throw new Error(`job name ${JSON.stringify(def.name)} must look like '<module>.<what>' (lower case, digits, hyphens)`);
  const backoff = def.retryBackoff ?? JOB_DEFAULTS.retryBackoff;
  return {
    name: def.name,
    labelKey: def.labelKey ?? null,
    handler: def.handler.bind(def),
    retryLimit: wholeAtLeast(def.name, 'retryLimit', def.retryLimit ?? JOB_DEFAULTS.retryLimit, 0),
    retryDelaySeconds: wholeAtLeast(def.name, 'retryDelaySeconds', def.retryDelaySeconds ?? JOB_DEFAULTS.retryDelaySeconds, 0),
    retryBackoff: backoff,
    retryDelayMaxSeconds: backoff ? wholeAtLeast(def.name, 'retryDelayMaxSeconds', def.retryDelayMaxSeconds ?? JOB_DEFAULTS.retryDelayMaxSeconds, 1) : null,
    expireSeconds: wholeAtLeast(def.name, 'expireSeconds', def.expireSeconds ?? JOB_DEFAULTS.expireSeconds, 1),
    everySeconds: def.everySeconds === undefined ? null : wholeAtLeast(def.name, 'everySeconds', def.everySeconds, 1),
    sendAtStart: sendAtStartOf(def),
  };
}

/**
 * Seconds before the next attempt after attempt `attempt` (1-based) failed — pg-boss's formula, so
 * both engines space retries alike: the delay, or with backoff delay × 2^(attempt−1) × [1, 2)
 * (at least one second's base), at most retryDelayMaxSeconds.
 */
export function retryDelayAfter(def: Pick<ResolvedJobDef, 'retryDelaySeconds' | 'retryBackoff' | 'retryDelayMaxSeconds'>, attempt: number, random = Math.random()): number {
  if (!def.retryBackoff) return def.retryDelaySeconds;
  const base = Math.max(def.retryDelaySeconds, 1) * 2 ** Math.min(16, attempt - 1);
  const d = base + base * random;
  return def.retryDelayMaxSeconds === null ? d : Math.min(def.retryDelayMaxSeconds, d);
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'failed' | 'cancelled';
export const JOB_STATES: readonly JobState[] = ['created', 'retry', 'active', 'completed', 'failed', 'cancelled'];

/** A job as the admin page and tests see it (never its payload). */
export interface JobView {
  id: string;
  name: string;
  state: JobState;
  /** Attempts started so far. */
  attempts: number;
  /** Attempts it may make in all (a retry from the admin page adds one). */
  maxAttempts: number;
  createdAt: Date;
  /** When the latest attempt started. */
  startedAt: Date | null;
  /** When it completed or failed for good. */
  finishedAt: Date | null;
  /** Not run before this (the next attempt's time while it waits to retry). */
  runAfter: Date;
  /** Why the latest attempt failed (the message only, personal ID codes masked). */
  lastError: string | null;
}

export interface JobCounts {
  name: string;
  labelKey: string | null;
  counts: Record<JobState, number>;
}

export interface SendOptions {
  /** Run no sooner than this many seconds from now. */
  delaySeconds?: number;
}

export interface Jobs {
  /** Which queue serves: pg-boss on PostgreSQL, the kernel's own runner on the embedded database. */
  readonly backend: 'pg-boss' | 'embedded';
  readonly defs: readonly ResolvedJobDef[];
  /** Enqueues a job of a declared kind; answers its id. */
  send(name: string, payload: JobPayload, opts?: SendOptions): Promise<string>;
  /** Starts this process's workers (idempotent). */
  start(): Promise<void>;
  readonly started: boolean;
  /** Stops the workers: takes no new job and waits for the running handlers. */
  stop(): Promise<void>;
  /** stop(), waiting at most config.shutdownGraceMs (an attempt still running then has failed), and lets go of the connections. */
  close(): Promise<void>;
  get(id: string): Promise<JobView | null>;
  /** Jobs by kind and state: every declared kind, and any other kind still in the queue. */
  counts(): Promise<JobCounts[]>;
  /** The dead letter: jobs whose every attempt failed, latest first. */
  failed(limit?: number): Promise<JobView[]>;
  /**
   * Gives a failed job one more attempt (from now), writing an audit entry on the platform chain in
   * the same transaction. Null when there is no failed job with that id.
   */
  retry(id: string, actor: Actor): Promise<JobView | null>;
}

export interface JobsOptions {
  db: Db;
  config: Config;
  defs: readonly JobDef[];
  log?: JobLog;
  /** PostgreSQL: where pg-boss connects (default: the URL the Db was opened with, else config.databaseUrl). */
  databaseUrl?: string;
}

const quiet: JobLog = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as JobLog;

export function resolveJobDefs(defs: readonly JobDef[]): ResolvedJobDef[] {
  const out = defs.map(resolveJobDef);
  const seen = new Set<string>();
  for (const d of out) {
    if (seen.has(d.name)) throw new Error(`job ${d.name} is declared twice`);
    seen.add(d.name);
  }
  return out;
}

// The runners are loaded on first use, once: both import this file back, and two apps built at the
// same time (tests, a CLI beside a server) must not each start loading a runner while the other is
// still in the middle of it — a module caught half-loaded in that cycle has no exports yet
// ("EmbeddedJobs is not a constructor"). Every caller awaits the one load.
const loadPgboss = () => import('./jobs-pgboss.js');
const loadEmbedded = () => import('./jobs-embedded.js');
let pgbossRunner: ReturnType<typeof loadPgboss> | undefined;
let embeddedRunner: ReturnType<typeof loadEmbedded> | undefined;

/** The job service for the database: pg-boss on PostgreSQL, the embedded runner on PGlite. Connects on first use. */
export async function createJobs(opts: JobsOptions): Promise<Jobs> {
  const defs = resolveJobDefs(opts.defs);
  const log = opts.log ?? quiet;
  if (opts.db.engine === 'postgres') {
    const url = opts.databaseUrl ?? connectionStringOf(opts.db) ?? opts.config.databaseUrl;
    if (!url) throw new Error('jobs on PostgreSQL need a connection string (DATABASE_URL)');
    const { PgBossJobs } = await (pgbossRunner ??= loadPgboss());
    return withSchedules(new PgBossJobs({ db: opts.db, config: opts.config, defs, log, url }), log, { sendAtStart: opts.config.jobs.sendAtStart });
  }
  const { EmbeddedJobs } = await (embeddedRunner ??= loadEmbedded());
  return withSchedules(new EmbeddedJobs({ db: opts.db, config: opts.config, defs, log }), log, { sendAtStart: opts.config.jobs.sendAtStart });
}

/**
 * Jobs with `everySeconds`: while the workers run (from start() to stop()), each is sent every so
 * many seconds, and those with `sendAtStart` also once SEND_AT_START_MS after the workers start
 * (unless config.jobs.sendAtStart is off: tests, where a start-up job would run into the test's
 * data). The timers do not keep the process alive.
 */
export function withSchedules(inner: Jobs, log: JobLog, opts: { sendAtStart: boolean } = { sendAtStart: true }): Jobs {
  const every = inner.defs.filter((d) => d.everySeconds !== null);
  if (!every.length) return inner;
  let timers: NodeJS.Timeout[] = [];
  let firsts: NodeJS.Timeout[] = [];
  const stopTimers = () => {
    for (const t of timers) clearInterval(t);
    for (const t of firsts) clearTimeout(t);
    timers = [];
    firsts = [];
  };
  return {
    backend: inner.backend,
    defs: inner.defs,
    send: (name, payload, o) => inner.send(name, payload, o),
    async start() {
      await inner.start();
      if (timers.length) return;
      const sendNow = (name: string) => inner.send(name, {}).catch((e: unknown) => log.warn({ err: e, job: name }, 'jobs: could not send a periodic job'));
      for (const d of every) {
        if (d.sendAtStart && opts.sendAtStart) {
          const first = setTimeout(() => void sendNow(d.name), SEND_AT_START_MS);
          first.unref();
          firsts.push(first);
        }
        const timer = setInterval(() => void sendNow(d.name), d.everySeconds! * 1000);
        timer.unref();
        timers.push(timer);
      }
    },
    get started() {
      return inner.started;
    },
    async stop() {
      stopTimers();
      await inner.stop();
    },
    async close() {
      stopTimers();
      await inner.close();
    },
    get: (id) => inner.get(id),
    counts: () => inner.counts(),
    failed: (limit) => inner.failed(limit),
    retry: (id, actor) => inner.retry(id, actor),
  };
}

/** A handler's failure as it is kept and shown: the message only, personal ID codes masked, at most 1000 characters. */
export function jobErrorMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message || e.name : typeof e === 'string' ? e : JSON.stringify(e) ?? String(e);
  const m = scrub(raw).trim() || 'failed';
  return m.length > 1000 ? `${m.slice(0, 999)}…` : m;
}

/** Shared by the backends: the handler's context. */
export function jobContext(
  o: { db: Db; config: Config; log: JobLog },
  job: { id: string; name: string; attempt: number; maxAttempts: number; signal: AbortSignal },
): JobContext {
  return { id: job.id, name: job.name, attempt: job.attempt, maxAttempts: job.maxAttempts, db: o.db, config: o.config, log: o.log, signal: job.signal };
}

/** The audit entry of a retry from the admin page (the platform chain). */
export async function auditRetry(t: Tx, actor: Actor, job: JobView): Promise<void> {
  await recordAudit(t, {
    kov: PLATFORM_CHAIN,
    actor,
    action: 'job.retry',
    targetType: 'job',
    targetId: job.id,
    after: { name: job.name, attempts: job.attempts, maxAttempts: job.maxAttempts },
  });
}

/** Counts by kind and state: every declared kind (zeros too), then any other kind found, by name. */
export function countsOf(defs: readonly ResolvedJobDef[], rows: readonly { name: string; state: string; n: number }[]): JobCounts[] {
  const zero = () => Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  const out = new Map<string, JobCounts>(defs.map((d) => [d.name, { name: d.name, labelKey: d.labelKey, counts: zero() }]));
  for (const r of rows) {
    if (!(JOB_STATES as readonly string[]).includes(r.state)) continue;
    let c = out.get(r.name);
    if (!c) out.set(r.name, (c = { name: r.name, labelKey: null, counts: zero() }));
    c.counts[r.state as JobState] += Number(r.n);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs;
  }
}
