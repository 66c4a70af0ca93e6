// A job worker process for src/kernel/jobs.test.ts (PostgreSQL): runs the kernel's job workers
// (pg-boss) against JOBS_TEST_DATABASE_URL with one test job, `test.counted`, which writes every run
// into the table test_job_runs and fails its first `failTimes` attempts. Prints "ready" once its
// workers run; stops gracefully on SIGTERM. Started as: node --import tsx test/jobs-worker.ts
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/kernel/db.js';
import { createJobs, defineJob } from '../src/kernel/jobs.js';

export const countedJob = defineJob<{ failTimes: number }>({
  name: 'test.counted',
  retryLimit: 2,
  retryDelaySeconds: 0,
  retryBackoff: false,
  async handler(p, ctx) {
    const ok = ctx.attempt > p.failTimes;
    await ctx.db.system('test: count the runs of a job', (t) =>
      t.query('INSERT INTO test_job_runs (job_id, attempt, pid, ok) VALUES ($1, $2, $3, $4)', [ctx.id, ctx.attempt, process.pid, ok]),
    );
    if (!ok) throw new Error(`attempt ${ctx.attempt} fails on purpose`);
  },
});

const url = process.env.JOBS_TEST_DATABASE_URL;
if (url) {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET: 'jobs-worker-secret-0123456789abcdef0123', JOBS_CONCURRENCY: '2', SHUTDOWN_GRACE_MS: '5000' });
  const db = openPostgres(url, { max: 4 });
  const jobs = await createJobs({ db, config, defs: [countedJob] });
  await jobs.start();
  process.stdout.write(`ready ${process.pid}\n`);
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await jobs.close();
      await db.close();
      process.exit(0);
    })();
  });
}
