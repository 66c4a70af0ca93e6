// A reports webhook worker process for src/modules/reports/webhooks.crash.test.ts (PostgreSQL): runs
// the webhook loop (fan-out and delivery, every 200 ms) against WEBHOOKS_TEST_DATABASE_URL, reaching
// the test's receiver on 127.0.0.1 (allow-listed). The clock ticks from VALLAMAJA_CLOCK (the test's).
// Prints "ready <pid>" once it runs; the test kills it with SIGKILL mid-delivery.
import { loadConfig } from '../src/config.js';
import { clockFromEnv } from '../src/kernel/clock.js';
import { openPostgres } from '../src/kernel/db.js';
import { startWebhookWorker } from '../src/modules/reports/index.js';

const url = process.env.WEBHOOKS_TEST_DATABASE_URL;
if (url) {
  clockFromEnv();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    SESSION_SECRET: process.env.WEBHOOKS_TEST_SECRET ?? '',
    REPORTS_WEBHOOK_ALLOW: '127.0.0.1',
    REPORTS_WEBHOOK_TIMEOUT_MS: process.env.REPORTS_WEBHOOK_TIMEOUT_MS ?? '3000',
    REPORTS_WEBHOOK_RETRY_SECONDS: '1',
  });
  const db = openPostgres(url, { max: 4 });
  const log = { warn: () => undefined, error: (o: unknown, m: string) => process.stderr.write(`${m} ${JSON.stringify(o)}\n`) };
  const worker = startWebhookWorker(db, config, log as never, 200);
  process.stdout.write(`ready ${process.pid}\n`);
  process.on('SIGTERM', () => {
    void worker.stop().then(() => db.close()).then(() => process.exit(0));
  });
}
