// A webhook worker killed mid-delivery (SIGKILL): after a restart every event reaches the receiver at
// least once and in order per report, and none is lost. The receiver deduplicates by Idempotency-Key,
// as docs/webhooks.md asks of KOV systems. PostgreSQL only: the worker runs in a child process, and
// the embedded database belongs to one process.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { nowMs, setClock } from '../../kernel/clock.js';
import { openPostgres } from '../../kernel/db.js';
import type { Db } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import { asOwner, engine, seedTenant, testConfig, testDatabaseUrl } from '../../../test/helpers.js';
import type { Receiver } from '../../../test/webhook-receiver.js';
import { startReceiver } from '../../../test/webhook-receiver.js';
import * as repo from './repo.js';
import { createReport, recordEvent } from './service.js';
import { createWebhook } from './webhooks.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const KOV = '0784'; // Tallinn
const SECRET = 'webhooks-crash-secret-0123456789abcdef0123456789';
const OFFICIAL: Actor = { kind: 'person', id: null, name: 'Anne Admin' };
const REPORTS = 3;
const EVENTS_PER_REPORT = 3;

const children: ChildProcess[] = [];
let rx: Receiver | null = null;
let db: Db | null = null;

function startWorker(url: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/webhooks-worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, WEBHOOKS_TEST_DATABASE_URL: url, WEBHOOKS_TEST_SECRET: SECRET, VALLAMAJA_CLOCK: new Date(nowMs()).toISOString() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/ready \d+/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && signal !== 'SIGTERM') reject(new Error(`worker exited ${code}:\n${out}`));
    });
  });
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!(await ok())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rx?.close();
  await db?.close();
});

describe.skipIf(engine !== 'postgres')('a webhook worker killed mid-delivery (PostgreSQL only: the worker is a child process, the embedded database belongs to one process)', () => {
  it('delivers every event at least once, in order per report, after a restart', async () => {
    setClock(nowMs(), { ticking: true });
    const url = await testDatabaseUrl();
    db = openPostgres(url, { max: 6 });
    await seedTenant(db, KOV, 'Tallinn', 'linn');
    await db.tx(
      (t) => repo.insertCategory(t, { id: uuidv7(), kov: KOV, code: 'roads', domain: 'roads', names: { et: 'Teed', en: 'Roads', ru: 'Дороги' }, description: '', groupId: null, slaDays: 14, attributes: [], keywords: '', sort: 0 }),
      { kov: KOV },
    );
    rx = await startReceiver();
    let inFlight = 0;
    rx.respond = () => {
      inFlight++;
      return { status: 200, delayMs: 400 };
    };
    const config = testConfig({ sessionSecret: SECRET, reportsWebhooks: { allow: '127.0.0.1', maxAttempts: 8, retrySeconds: 1, timeoutMs: 3000 } });
    await createWebhook(db, config, KOV, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    const reports: string[] = [];
    for (let i = 0; i < REPORTS; i++) {
      const r = await createReport(db, {
        kov: KOV, category: 'roads', description: `Teade ${i}`, lat: 59.43, lon: 24.75, address: null, source: 'api',
        reporter: { kind: 'apikey', name: 'test', email: null, phone: null, confirmed: true }, notify: false, lang: 'et',
      });
      reports.push(r.id);
    }
    for (let k = 2; k <= EVENTS_PER_REPORT; k++) {
      for (const id of reports) {
        await db.tx(
          async (t) => {
            const r = (await repo.reportById(t, KOV, id, true))!;
            await recordEvent(t, r, { kind: 'note', public: false, status: 'received', body: `märkus ${k}`, actor: { kind: 'person', name: 'H' } });
          },
          { kov: KOV },
        );
      }
    }
    const first = await startWorker(url);
    // kill it while the receiver is answering a delivery (the worker is waiting for the answer)
    await until('a few deliveries', () => rx!.received.length >= 4, 60_000);
    const before = inFlight;
    await until('a delivery in flight', () => inFlight > before, 10_000);
    first.kill('SIGKILL');
    await new Promise<void>((r) => (first.exitCode !== null || first.signalCode !== null ? r() : first.once('exit', () => r())));
    const atKill = rx.received.length;
    expect(atKill).toBeLessThan(REPORTS * EVENTS_PER_REPORT + 1);

    await startWorker(url);
    const delivered = () =>
      asOwner(db!, (t) => t.one<{ n: number }>("SELECT count(*)::int AS n FROM reports_delivery WHERE kov_code = $1 AND state = 'delivered'", [KOV])).then((r) => r!.n);
    await until('every delivery done', async () => (await delivered()) === REPORTS * EVENTS_PER_REPORT, 90_000);

    // every event at least once (the receiver deduplicates by Idempotency-Key)
    const byKey = new Map<string, { report: string; seq: number }>();
    const perReport = new Map<string, number[]>();
    for (const r of rx.received) {
      const b = JSON.parse(r.body) as { report: { id: string }; event: { seq: number } };
      byKey.set(String(r.headers['idempotency-key']), { report: b.report.id, seq: b.event.seq });
      perReport.set(b.report.id, [...(perReport.get(b.report.id) ?? []), b.event.seq]);
    }
    expect(byKey.size).toBe(REPORTS * EVENTS_PER_REPORT);
    // in order per report: never a later event before an earlier one (a repeat of the one in flight is fine)
    for (const id of reports) {
      const seqs = perReport.get(id)!;
      expect([...new Set(seqs)]).toEqual([1, 2, 3]);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    // the delivery in flight at the kill came again: at least once, not at most once
    expect(rx.received.length).toBeGreaterThan(REPORTS * EVENTS_PER_REPORT);
  }, 240_000);
});
