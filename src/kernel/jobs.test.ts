// The kernel's job queue, on both engines (pg-boss on PostgreSQL, the embedded runner on PGlite):
// attempts and retries, the dead letter, backoff spacing, jobs that outlive their runner, a graceful
// stop, and — on PostgreSQL — two worker processes that run each attempt once only.
// The admin page's part (the dead letter on /admin/jobs, retry from the page) is in
// src/modules/admin/admin.jobs.test.ts.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db.js';
import { openPostgres } from './db.js';
import type { JobContext, JobDef, Jobs } from './jobs.js';
import { createJobs, defineJob, jobErrorMessage, resolveJobDef, retryDelayAfter } from './jobs.js';
import { advanceClock, resetClock, setClock } from './clock.js';
import { asOwner, engine, testConfig, testDatabaseUrl, testDb } from '../../test/helpers.js';
import { sleep, waitFor } from '../../test/wait.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every run of a test job: its job id, attempt and when it began (performance.now(), ms). */
const runs: { id: string; attempt: number; at: number }[] = [];
const runsOf = (id: string) => runs.filter((r) => r.id === id);
function note(ctx: JobContext): void {
  runs.push({ id: ctx.id, attempt: ctx.attempt, at: performance.now() });
}

let release: () => void = () => undefined;
let gate = Promise.resolve();

const flaky = defineJob<{ failTimes: number }>({
  name: 'test.flaky',
  retryLimit: 2,
  retryDelaySeconds: 0,
  retryBackoff: false,
  async handler(p, ctx) {
    note(ctx);
    if (ctx.attempt <= p.failTimes) throw new Error(`attempt ${ctx.attempt} failed, for 39002102761`);
  },
});
const doomed = defineJob({
  name: 'test.doomed',
  retryLimit: 1,
  retryDelaySeconds: 0,
  retryBackoff: false,
  async handler(_p, ctx) {
    note(ctx);
    throw new Error('the mail server said no to 47502124911');
  },
});
const backoff = defineJob({
  name: 'test.backoff',
  retryLimit: 2,
  retryDelaySeconds: 1,
  retryBackoff: true,
  async handler(_p, ctx) {
    note(ctx);
    throw new Error('still down');
  },
});
const later = defineJob({
  name: 'test.later',
  retryLimit: 2,
  retryDelaySeconds: 10,
  retryBackoff: true,
  async handler(_p, ctx) {
    note(ctx);
    throw new Error('not yet');
  },
});
const gated = defineJob({
  name: 'test.gated',
  retryLimit: 0,
  async handler(_p, ctx) {
    note(ctx);
    await gate;
  },
});
const restart = defineJob({
  name: 'test.restart',
  retryLimit: 2,
  retryDelaySeconds: 0,
  retryBackoff: false,
  async handler(_p, ctx) {
    note(ctx);
  },
});

let db: Db;
let jobs: Jobs;
const extra: Jobs[] = [];
const jobsWith = async (defs: JobDef[]) => {
  const j = await createJobs({ db, config: testConfig(), defs });
  extra.push(j);
  return j;
};

beforeAll(async () => {
  db = await testDb();
  jobs = await jobsWith([flaky, doomed, backoff, later]);
  await jobs.start();
});
afterEach(() => resetClock());
afterAll(async () => {
  for (const j of extra) await j.close();
  await db.close();
});

describe(`job definitions (${engine})`, () => {
  it('fills in the defaults and refuses bad names and numbers', () => {
    expect(resolveJobDef({ name: 'residents.xtee-fetch', handler: async () => undefined })).toMatchObject({
      retryLimit: 2,
      retryDelaySeconds: 30,
      retryBackoff: true,
      retryDelayMaxSeconds: 3600,
      expireSeconds: 900,
    });
    expect(() => resolveJobDef({ name: 'NoModule', handler: async () => undefined })).toThrow(/<module>\.<what>/);
    expect(() => resolveJobDef({ name: 'a.b', retryDelaySeconds: 0.5, handler: async () => undefined })).toThrow(/whole number/);
  });

  it('spaces retries as pg-boss does: the delay, or with backoff delay × 2^(attempt−1) × [1, 2), at most the maximum', () => {
    const d = { retryDelaySeconds: 10, retryBackoff: true, retryDelayMaxSeconds: 3600 };
    expect(retryDelayAfter(d, 1, 0)).toBe(10);
    expect(retryDelayAfter(d, 1, 0.999)).toBeCloseTo(19.99);
    expect(retryDelayAfter(d, 2, 0)).toBe(20);
    expect(retryDelayAfter(d, 3, 0.5)).toBe(60);
    expect(retryDelayAfter(d, 20, 0)).toBe(3600);
    expect(retryDelayAfter({ ...d, retryBackoff: false }, 5, 0.7)).toBe(10);
  });

  it('keeps an error as its message only, with personal ID codes masked', () => {
    expect(jobErrorMessage(new Error('no answer for 39002102761'))).toBe('no answer for [isikukood]');
    expect(jobErrorMessage('x'.repeat(2000))).toHaveLength(1000);
  });

  it('refuses to enqueue a job nobody declared', async () => {
    await expect(jobs.send('test.unknown', {})).rejects.toThrow(/no job "test.unknown" is declared/);
  });
});

describe(`the job queue (${engine}: ${engine === 'postgres' ? 'pg-boss' : 'the embedded runner'})`, () => {
  it('a job that fails twice and then succeeds runs three times, the third time successfully, and completes once', async () => {
    expect(jobs.backend).toBe(engine === 'postgres' ? 'pg-boss' : 'embedded');
    const id = await jobs.send('test.flaky', { failTimes: 2 });
    const done = await waitFor('the flaky job to complete', async () => {
      const j = await jobs.get(id);
      return j?.state === 'completed' ? j : null;
    });
    expect(runsOf(id).map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(done).toMatchObject({ id, name: 'test.flaky', state: 'completed', attempts: 3, maxAttempts: 3, lastError: null });
    expect(done.finishedAt).toBeInstanceOf(Date);
    await sleep(2 * testConfig().jobs.pollMs); // nothing runs it again
    expect(runsOf(id)).toHaveLength(3);
    expect((await jobs.get(id))!.state).toBe('completed');
  });

  it('a job that always fails lands in the dead letter after its attempts, with its last error (ID codes masked), and is counted there', async () => {
    const id = await jobs.send('test.doomed', {});
    const dead = await waitFor('the doomed job to fail for good', async () => {
      const j = await jobs.get(id);
      return j?.state === 'failed' ? j : null;
    });
    expect(runsOf(id).map((r) => r.attempt)).toEqual([1, 2]);
    expect(dead).toMatchObject({ state: 'failed', attempts: 2, maxAttempts: 2, lastError: 'the mail server said no to [isikukood]' });
    expect((await jobs.failed()).map((j) => j.id)).toContain(id);
    const counts = await jobs.counts();
    expect(counts.map((c) => c.name)).toEqual(['test.backoff', 'test.doomed', 'test.flaky', 'test.later']);
    expect(counts.find((c) => c.name === 'test.doomed')!.counts.failed).toBeGreaterThanOrEqual(1);
    expect(counts.find((c) => c.name === 'test.flaky')!.counts.completed).toBeGreaterThanOrEqual(1);
  });

  it('spaces the attempts of a job with backoff: at least 1 s before the second, at least 2 s before the third', async () => {
    const id = await jobs.send('test.backoff', {});
    const first = await waitFor('the first attempt to fail', async () => {
      const j = await jobs.get(id);
      return j?.state === 'retry' ? j : null;
    });
    // the next attempt's time, set when the first failed: 1 s × [1, 2) after it began
    expect(first.runAfter.getTime() - first.startedAt!.getTime()).toBeGreaterThanOrEqual(1000);
    await waitFor('the backoff job to fail for good', async () => (await jobs.get(id))?.state === 'failed', 30_000);
    const at = runsOf(id).map((r) => r.at);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1000 - 5);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(2000 - 5);
  });

  it.skipIf(engine !== 'pglite')(
    'embedded only (pg-boss schedules by the database clock; its spacing is checked above): a retry comes due by the kernel clock, which a test holds still',
    async () => {
      setClock('2026-12-01T10:00:00+02:00');
      const id = await jobs.send('test.later', {});
      const first = await waitFor('the first attempt to fail', async () => {
        const j = await jobs.get(id);
        return j?.state === 'retry' ? j : null;
      });
      const wait1 = first.runAfter.getTime() - first.startedAt!.getTime();
      expect(wait1).toBeGreaterThanOrEqual(10_000);
      expect(wait1).toBeLessThan(20_000);
      await sleep(3 * testConfig().jobs.pollMs); // the clock stands still: it does not run early
      expect(runsOf(id)).toHaveLength(1);
      advanceClock(wait1 + 1); // (times are read back to the millisecond, the database keeps microseconds)
      const second = await waitFor('the second attempt to fail', async () => {
        const j = await jobs.get(id);
        return j?.state === 'retry' && j.attempts === 2 ? j : null;
      });
      const wait2 = second.runAfter.getTime() - second.startedAt!.getTime();
      expect(wait2).toBeGreaterThanOrEqual(20_000);
      expect(wait2).toBeLessThan(40_000);
      advanceClock(wait2 + 1);
      const dead = await waitFor('the job to fail for good', async () => {
        const j = await jobs.get(id);
        return j?.state === 'failed' ? j : null;
      });
      expect(dead.attempts).toBe(3);
      expect(dead.finishedAt!.toISOString()).toBe(new Date(Date.parse('2026-12-01T08:00:00Z') + wait1 + wait2 + 2).toISOString());
    },
  );

  it('a queued job survives its runner: sent by one that never started and closed, it is run by the next', async () => {
    const first = await jobsWith([restart]);
    const id = await first.send('test.restart', {});
    await sleep(2 * testConfig().jobs.pollMs);
    expect((await first.get(id))!.state).toBe('created'); // no worker runs unless started
    await first.close();
    const next = await jobsWith([restart]);
    await next.start();
    await waitFor('the job to complete under the next runner', async () => (await next.get(id))?.state === 'completed');
    expect(runsOf(id).map((r) => r.attempt)).toEqual([1]);
    await next.close();
  });

  it.skipIf(engine !== 'pglite')('embedded only (pg-boss expires such an attempt after expireSeconds): an attempt its process left running counts as failed when a runner starts, and the job runs again', async () => {
    const id = '01900000-0000-7000-8000-0000000a11ce';
    await asOwner(db, (t) =>
      t.query(
        `INSERT INTO core_job (id, name, state, attempts, retry_limit, retry_delay, expire_seconds, started_at, runner)
         VALUES ($1, 'test.restart', 'active', 1, 2, 0, 900, core_now(), 'embedded:1:gone')`,
        [id],
      ),
    );
    const runner = await jobsWith([restart]);
    await runner.start();
    const done = await waitFor('the orphan to complete', async () => {
      const j = await runner.get(id);
      return j?.state === 'completed' ? j : null;
    });
    expect(done.attempts).toBe(2);
    expect(runsOf(id).map((r) => r.attempt)).toEqual([2]);
    await runner.close();
  });

  it('stops gracefully: a running handler is waited for, and no new job is taken', async () => {
    gate = new Promise((r) => (release = r));
    const runner = await jobsWith([gated]);
    await runner.start();
    const id = await runner.send('test.gated', {});
    await waitFor('the gated job to start', async () => runsOf(id).length === 1);
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await sleep(300);
    expect(stopped).toBe(false);
    const queued = await runner.send('test.gated', {});
    release();
    await stopping;
    expect((await runner.get(id))!.state).toBe('completed');
    await sleep(2 * testConfig().jobs.pollMs);
    expect((await runner.get(queued))!.state).toBe('created');
    expect(runsOf(queued)).toEqual([]);
    await runner.close();
  });
});

describe(`two worker processes on one database (${engine})`, () => {
  it.skipIf(engine !== 'postgres')(
    'PostgreSQL only (skipped on PGlite: the embedded database is one process by design, its folder locked): jobs that fail twice and then succeed run three times each and succeed once, across two processes',
    async () => {
      const url = await testDatabaseUrl();
      const own = openPostgres(url, { max: 4 });
      await asOwner(own, (t) => t.exec('CREATE TABLE test_job_runs (job_id uuid NOT NULL, attempt int NOT NULL, pid int NOT NULL, ok boolean NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())'));
      const { countedJob } = await import('../../test/jobs-worker.js');
      const sender = await createJobs({ db: own, config: testConfig(), defs: [countedJob] });
      const children: ChildProcess[] = [];
      try {
        const pids = await Promise.all(
          [0, 1].map(
            () =>
              new Promise<number>((resolve, reject) => {
                const child = spawn(process.execPath, ['--import', 'tsx', 'test/jobs-worker.ts'], {
                  cwd: ROOT,
                  env: { ...process.env, JOBS_TEST_DATABASE_URL: url },
                  stdio: ['ignore', 'pipe', 'pipe'],
                });
                children.push(child);
                let out = '';
                const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 90_000);
                child.stdout!.on('data', (d: Buffer) => {
                  out += d.toString();
                  const m = /ready (\d+)/.exec(out);
                  if (m) {
                    clearTimeout(timer);
                    resolve(Number(m[1]));
                  }
                });
                child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
                child.on('exit', (code) => reject(new Error(`worker exited ${code}:\n${out}`)));
              }),
          ),
        );
        expect(new Set(pids).size).toBe(2);
        const ids: string[] = [];
        for (let i = 0; i < 6; i++) ids.push(await sender.send('test.counted', { failTimes: 2 }));
        await waitFor('every job to complete', async () => (await Promise.all(ids.map((id) => sender.get(id)))).every((j) => j?.state === 'completed'), 60_000);
        const rows = await asOwner(own, (t) => t.query<{ job_id: string; attempt: number; pid: number; ok: boolean }>('SELECT job_id, attempt, pid, ok FROM test_job_runs ORDER BY at'));
        for (const id of ids) {
          const mine = rows.filter((r) => r.job_id === id);
          expect(mine.map((r) => r.attempt).sort(), id).toEqual([1, 2, 3]); // three runs, each attempt once
          expect(mine.filter((r) => r.ok).map((r) => r.attempt), id).toEqual([3]); // one success
          expect((await sender.get(id))!.attempts).toBe(3);
        }
        expect(rows).toHaveLength(18);
        expect(rows.every((r) => pids.includes(r.pid))).toBe(true);
      } finally {
        await Promise.all(
          children.map(
            (c) =>
              new Promise<void>((resolve) => {
                if (c.exitCode !== null) return resolve();
                c.once('exit', () => resolve());
                c.kill('SIGTERM');
              }),
          ),
        );
        await sender.close();
        await own.close();
      }
    },
  );
});
