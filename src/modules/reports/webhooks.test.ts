// Reports webhooks: signing, retries with backoff by the kernel clock, order per report, the dead
// letter and replay, the stable Idempotency-Key, the SSRF guard, redirects, the pull feed, and the
// admin pages and API (audited). A local receiver on 127.0.0.1 stands in for the KOV's system; the
// allow-list (REPORTS_WEBHOOK_ALLOW) lets the worker reach it.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Actor } from '../../kernel/audit.js';
import { createApiKey } from '../../kernel/auth.js';
import { advanceClock, nowMs, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import { Agent, asOwner, csrfFrom, engine, loginAs, seedTenant, testApp, testConfig, testDb } from '../../../test/helpers.js';
import type { Receiver } from '../../../test/webhook-receiver.js';
import { startReceiver } from '../../../test/webhook-receiver.js';
import { grantRole } from '../admin/index.js';
import * as repo from './repo.js';
import { createReport, recordEvent } from './service.js';
import { blockedReason, checkTarget, parseAllowList, postJson, systemResolver, verifySignature } from './webhook-deliver.js';
import { changesAfter, createWebhook, deliveryLog, listWebhooks, replayDead, retryDelaySeconds, runWebhooks, setWebhookActive } from './webhooks.js';

const A = '0793'; // Tartu linn
const B = '0890'; // Viimsi vald
const SYSTEM: Actor = { kind: 'system', id: null, name: 'webhooks test' };
const OFFICIAL: Actor = { kind: 'person', id: null, name: 'Anne Admin' };
const ADMIN_A = withCheckDigit('4790101123');
const ADMIN_B = withCheckDigit('3800202234');
const JITTER = 0.5;

let db: Db;
let app: FastifyInstance;
let rx: Receiver;
let config: Config;

function cfg(allow: string, maxAttempts = 4): Config {
  return testConfig({ reportsWebhooks: { allow, maxAttempts, retrySeconds: 30, timeoutMs: 2000 } });
}
const run = (c: Config = config) => runWebhooks(db, c, { random: () => JITTER });

async function newReport(kov = A, text = 'Auk teel'): Promise<string> {
  const r = await createReport(db, {
    kov,
    category: 'roads',
    description: text,
    lat: 58.38,
    lon: 26.72,
    address: null,
    source: 'api',
    reporter: { kind: 'person', idcodeHash: 'h'.repeat(64), name: 'Mari Maasikas', email: 'mari@example.ee', phone: null },
    notify: true,
    lang: 'et',
  });
  return r.id;
}

async function changeStatus(kov: string, id: string, status: 'in_progress' | 'fixed' | 'scheduled', body: string | null = null): Promise<void> {
  await db.tx(
    async (t) => {
      const r = (await repo.reportById(t, kov, id, true))!;
      await t.query('UPDATE reports_report SET status = $3 WHERE kov_code = $1 AND id = $2', [kov, id, status]);
      await recordEvent(t, r, { kind: 'status', public: true, status, body, actor: { kind: 'person', name: 'Handler' } });
    },
    { kov },
  );
}

async function clearHooks(): Promise<void> {
  await asOwner(db, (t) => t.query('DELETE FROM reports_webhook'));
}

const bodies = () => rx.received.map((r) => JSON.parse(r.body) as { event: { id: string; seq: number; kind: string }; report: { id: string }; delivery_id: string });

beforeAll(async () => {
  setClock('2027-03-10T10:00:00+02:00');
  db = await testDb();
  for (const [code, name] of [[A, 'Tartu linn'], [B, 'Viimsi vald']] as const) {
    await seedTenant(db, code, name, code === A ? 'linn' : 'vald');
    await db.tx(
      (t) => repo.insertCategory(t, { id: uuidv7(), kov: code, code: 'roads', domain: 'roads', names: { et: 'Teed', en: 'Roads', ru: 'Дороги' }, description: '', groupId: null, slaDays: 14, attributes: [], keywords: '', sort: 0 }),
      { kov: code },
    );
  }
  rx = await startReceiver();
  config = cfg('127.0.0.1');
  app = await testApp(db, { reportsWebhooks: config.reportsWebhooks });
  await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: ADMIN_A, role: 'kov-admin', actor: SYSTEM });
  await grantRole(db, app.config.idcodeHmacKey, { kov: B, idcode: ADMIN_B, role: 'kov-admin', actor: SYSTEM });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await rx?.close();
  await db?.close();
});

beforeEach(async () => {
  rx.received.length = 0;
  rx.respond = () => ({ status: 200 });
  await clearHooks();
});

describe('signature', () => {
  it('signs t.<body> with HMAC-SHA256 of the secret; the receiver checks it as docs/webhooks.md says', async () => {
    const { secret } = await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    await newReport();
    await run();
    expect(rx.received).toHaveLength(1);
    const r = rx.received[0]!;
    const header = String(r.headers['vallamaja-signature']);
    // the documented algorithm, by hand
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(Math.floor(nowMs() / 1000));
    expect(m![2]).toBe(createHmac('sha256', secret).update(`${m![1]}.${r.body}`).digest('hex'));
    expect(verifySignature(secret, r.body, header, Math.floor(nowMs() / 1000))).toBe(true);
    expect(verifySignature(secret, r.body.replace('Auk', 'Uk'), header, Math.floor(nowMs() / 1000))).toBe(false);
    expect(verifySignature('whsec_other', r.body, header, Math.floor(nowMs() / 1000))).toBe(false);
    expect(verifySignature(secret, r.body, header, Math.floor(nowMs() / 1000) + 3600)).toBe(false);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['vallamaja-event']).toBe('created');
    const body = JSON.parse(r.body);
    expect(r.headers['vallamaja-delivery']).toBe(body.delivery_id);
    expect(body.event.kind).toBe('created');
    expect(body.report.description).toBe('Auk teel');
    // the reporter's personal data is never sent
    expect(r.body).not.toContain('Mari');
    expect(r.body).not.toContain('mari@example.ee');
    expect(r.body).not.toContain('h'.repeat(64));
    expect(body.event.actor).toEqual({ kind: 'reporter', name: null });
  });

  it('keeps the secret encrypted at rest and shows only its hint afterwards', async () => {
    const { secret, webhook } = await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    const row = await asOwner(db, (t) => t.one<{ secret_enc: string }>('SELECT secret_enc FROM reports_webhook WHERE id = $1', [webhook.id]));
    expect(row!.secret_enc).not.toContain(secret.slice(6));
    expect(webhook.secretHint).toBe(secret.slice(-4));
    expect(JSON.stringify(await listWebhooks(db, A))).not.toContain(secret);
  });
});

describe('retries', () => {
  it('a receiver failing twice gets the event on the third attempt, at the computed backoff times, with one Idempotency-Key', async () => {
    const { webhook } = await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    rx.respond = (_r, n) => ({ status: n <= 2 ? 500 : 200 });
    await newReport();
    const t0 = nowMs();
    expect(await run()).toMatchObject({ made: 1, delivered: 0, retried: 1 });
    let log = await deliveryLog(db, A, webhook.id, null);
    const first = retryDelaySeconds(30, 1, JITTER) * 1000;
    expect(first).toBe(33_000);
    expect(log.deliveries[0]!.nextAttemptAt.getTime()).toBe(t0 + first);
    // not due yet
    advanceClock(first - 1000);
    expect(await run()).toMatchObject({ delivered: 0, retried: 0 });
    expect(rx.received).toHaveLength(1);
    advanceClock(1000);
    expect(await run()).toMatchObject({ retried: 1 });
    log = await deliveryLog(db, A, webhook.id, null);
    const second = retryDelaySeconds(30, 2, JITTER) * 1000;
    expect(second).toBe(66_000);
    expect(log.deliveries[0]!.nextAttemptAt.getTime()).toBe(t0 + first + second);
    advanceClock(second);
    expect(await run()).toMatchObject({ delivered: 1 });
    expect(rx.received).toHaveLength(3);
    const keys = new Set(rx.received.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toBe(`${webhook.id}:${bodies()[0]!.event.id}`);
    expect(new Set(rx.received.map((r) => r.headers['vallamaja-delivery'])).size).toBe(1);
    log = await deliveryLog(db, A, webhook.id, null);
    expect(log.deliveries[0]).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200 });
    expect(log.attempts.map((a) => [a.attempt, a.status])).toEqual([[3, 200], [2, 500], [1, 500]]);
    expect(log.attempts[2]!.response).toBe('status 500');
  });

  it('keeps the order per report: a later event waits while an earlier one retries; other reports go on', async () => {
    await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    const r1 = await newReport(A, 'Esimene');
    await changeStatus(A, r1, 'in_progress');
    await changeStatus(A, r1, 'fixed');
    const r2 = await newReport(A, 'Teine');
    let failFirst = 2;
    rx.respond = (r) => {
      const b = JSON.parse(r.body);
      if (b.report.id === r1 && b.event.seq === 1 && failFirst-- > 0) return { status: 503 };
      return { status: 200 };
    };
    await run();
    // r1's first event failed; its later ones waited; r2 went through
    expect(bodies().map((b) => [b.report.id, b.event.seq]).sort()).toEqual([[r1, 1], [r2, 1]].sort());
    for (let i = 0; i < 3; i++) {
      advanceClock(10 * 60_000);
      await run();
    }
    const seen = bodies().filter((b) => b.report.id === r1).map((b) => b.event.seq);
    expect(seen).toEqual([1, 1, 1, 2, 3]);
  });

  it('after the last attempt a delivery is dead; later events of the report go on; replay delivers it', async () => {
    const { webhook } = await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    const r1 = await newReport(A, 'Kolmas');
    let down = true;
    rx.respond = (r) => (down && JSON.parse(r.body).event.seq === 1 ? { status: 500 } : { status: 200 });
    await run();
    for (let i = 0; i < 5; i++) {
      advanceClock(60 * 60_000);
      await run();
    }
    let dead = await deliveryLog(db, A, webhook.id, 'dead');
    expect(dead.deliveries).toHaveLength(1);
    expect(dead.deliveries[0]).toMatchObject({ attempts: 4, lastStatus: 500, seq: 1 });
    expect(rx.received).toHaveLength(4);
    // a later event of the same report is not blocked by the dead one
    await changeStatus(A, r1, 'fixed');
    await run();
    expect(bodies().at(-1)!.event.seq).toBe(2);
    // replay: one more round of attempts, from now
    down = false;
    expect(await replayDead(db, A, webhook.id, dead.deliveries[0]!.id, OFFICIAL)).toBe(1);
    await run();
    expect(bodies().at(-1)!.event.seq).toBe(1);
    expect(rx.received.at(-1)!.headers['idempotency-key']).toBe(rx.received[0]!.headers['idempotency-key']);
    dead = await deliveryLog(db, A, webhook.id, 'dead');
    expect(dead.deliveries).toHaveLength(0);
    const audit = await asOwner(db, (t) => t.query<{ action: string }>("SELECT action FROM core_audit WHERE kov_code = $1 AND action LIKE 'reports.webhook.%'", [A]));
    expect(audit.map((a) => a.action)).toContain('reports.webhook.replay');
  });

  it('a delivery whose event was deleted (an old report removed) goes to the dead letter instead of retrying for ever', async () => {
    const { webhook } = await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    rx.respond = () => ({ status: 500 });
    const id = await newReport(A, 'Kustutatav');
    await run();
    await asOwner(db, (t) => t.query('DELETE FROM reports_event WHERE report_id = $1', [id]));
    advanceClock(60 * 60_000);
    expect(await run()).toMatchObject({ dead: 1 });
    const dead = await deliveryLog(db, A, webhook.id, 'dead');
    expect(dead.deliveries[0]).toMatchObject({ lastError: 'the event no longer exists' });
    expect(rx.received).toHaveLength(1);
  });

  it('sends only the chosen kinds, and nothing from before the webhook existed', async () => {
    const before = await newReport(A, 'Enne');
    await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['status'], description: '' }, OFFICIAL);
    await changeStatus(A, before, 'in_progress');
    await newReport(A, 'Pärast');
    await run();
    expect(bodies().map((b) => [b.report.id, b.event.kind])).toEqual([[before, 'status']]);
  });

  it('a disabled webhook gets nothing until enabled again, then what happened in between', async () => {
    const { webhook } = await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    await setWebhookActive(db, A, webhook.id, false, OFFICIAL);
    await newReport(A, 'Vahepeal');
    await run();
    expect(rx.received).toHaveLength(0);
    await setWebhookActive(db, A, webhook.id, true, OFFICIAL);
    await run();
    expect(rx.received).toHaveLength(1);
  });
});

describe('SSRF guard', () => {
  const none = parseAllowList('');
  // names of the tests' own; localhost through the system's resolver (the test setup lets it through)
  const fakeDns = async (host: string) =>
    host === 'localhost' ? systemResolver(host) : host === 'rebind.test' ? [{ address: '127.0.0.1', family: 4 }] : host === 'public.test' ? [{ address: '93.184.216.34', family: 4 }] : [];

  it('refuses loopback, link-local, private, CGNAT, metadata and mapped addresses', async () => {
    for (const url of [
      'http://127.0.0.1/x',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.5/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://100.64.1.1/',
      'http://0.0.0.0/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://224.0.0.1/',
      'http://rebind.test/',
      'http://localhost:8080/',
      'http://metadata.google.internal/',
    ]) {
      await expect(checkTarget(url, none, fakeDns), url).rejects.toThrow(/refused/);
    }
    await expect(checkTarget('ftp://example.ee/', none, fakeDns)).rejects.toThrow(/scheme/);
    await expect(checkTarget('http://user:pw@public.test/', none, fakeDns)).rejects.toThrow(/credentials/);
    expect((await checkTarget('https://public.test/hook', none, fakeDns)).address).toBe('93.184.216.34');
    expect(blockedReason('8.8.8.8')).toBe('');
    expect(blockedReason('2a00:1450:4001::1')).toBe('');
  });

  it('allows what the allow-list names, and only that', async () => {
    const allow = parseAllowList('127.0.0.1, 10.1.2.0/24, ::1');
    expect((await checkTarget('http://127.0.0.1:9/x', allow, fakeDns)).address).toBe('127.0.0.1');
    expect((await checkTarget('http://rebind.test/', allow, fakeDns)).address).toBe('127.0.0.1');
    expect((await checkTarget('http://10.1.2.3/', allow, fakeDns)).address).toBe('10.1.2.3');
    expect((await checkTarget('http://[::1]/', allow, fakeDns)).address).toBe('::1');
    await expect(checkTarget('http://10.1.3.1/', allow, fakeDns)).rejects.toThrow(/refused/);
    await expect(checkTarget('http://169.254.169.254/', allow, fakeDns)).rejects.toThrow(/refused/);
    expect(() => parseAllowList('10.0.0.0/33')).toThrow(/REPORTS_WEBHOOK_ALLOW/);
  });

  it('refuses a private URL when subscribing (field url, in three languages) unless allowed', async () => {
    const closed = cfg('');
    await expect(createWebhook(db, closed, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL)).rejects.toMatchObject({
      status: 400,
      fields: [{ field: 'url', reason: 'reports.webhooks.error.target' }],
    });
    await expect(createWebhook(db, closed, A, { url: 'http://rebind.test/', events: ['*'], description: '' }, OFFICIAL, { resolve: fakeDns })).rejects.toMatchObject({ status: 400 });
    await expect(createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL)).resolves.toBeTruthy();
    await expect(createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['stauts'], description: '' }, OFFICIAL)).rejects.toMatchObject({
      fields: [{ field: 'events', reason: 'reports.webhooks.error.events' }],
    });
    expect((await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*', 'status'], description: '' }, OFFICIAL)).webhook.events).toEqual(['*']);
  });

  it('checks again on every delivery: once the allow-list no longer names it, nothing reaches the receiver', async () => {
    const { webhook } = await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    await newReport();
    await run(cfg(''));
    expect(rx.received).toHaveLength(0);
    const log = await deliveryLog(db, A, webhook.id, null);
    expect(log.attempts[0]).toMatchObject({ status: null });
    expect(log.attempts[0]!.error).toMatch(/refused: 127\.0\.0\.1/);
  });

  it('connects to the checked address even when the name would now resolve elsewhere (pinned)', async () => {
    // the name resolves to the receiver's address once, at the check; the connection uses that address
    let calls = 0;
    const flip = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }]);
    const r = await postJson(`http://rebind.test:${rx.port}/pinned`, '{}', { 'content-type': 'application/json' }, { allow: parseAllowList('127.0.0.1'), timeoutMs: 2000, resolve: flip });
    expect(r.status).toBe(200);
    expect(calls).toBe(1);
    expect(rx.received.at(-1)).toMatchObject({ path: '/pinned' });
    expect(rx.received.at(-1)!.headers.host).toBe(`rebind.test:${rx.port}`);
  });

  it('does not follow a redirect', async () => {
    rx.respond = (r) => (r.path === '/hook' ? { status: 302, headers: { location: `${rx.url}/elsewhere` } } : { status: 200 });
    const { webhook } = await createWebhook(db, config, A, { url: `${rx.url}/hook`, events: ['*'], description: '' }, OFFICIAL);
    await newReport();
    await run();
    expect(rx.received.map((r) => r.path)).toEqual(['/hook']);
    const log = await deliveryLog(db, A, webhook.id, null);
    expect(log.deliveries[0]).toMatchObject({ state: 'pending', lastStatus: 302 });
    expect(log.attempts[0]!.error).toMatch(/redirects are not followed/);
  });

  it('gives up on a slow receiver at the time limit', async () => {
    rx.respond = () => ({ status: 200, delayMs: 1500 });
    const r = await postJson(`${rx.url}/slow`, '{}', {}, { allow: parseAllowList('127.0.0.1'), timeoutMs: 300 });
    expect(r.status).toBeNull();
    expect(r.error).toMatch(/timed out after 300 ms/);
  });
});

describe('pull feed', () => {
  it('pages through every change once, in order, with next_cursor', async () => {
    const start = (await changesAfter(db, A, '0', 500)).next_cursor;
    const ids = [await newReport(A, 'Voog 1'), await newReport(A, 'Voog 2')];
    await changeStatus(A, ids[0]!, 'in_progress');
    await changeStatus(A, ids[1]!, 'scheduled');
    await newReport(B, 'Teine vald');
    const seen: string[] = [];
    let cursor = start;
    for (let i = 0; i < 10; i++) {
      const page = await changesAfter(db, A, cursor, 1);
      if (!page.items.length) {
        expect(page.next_cursor).toBe(cursor);
        break;
      }
      expect(page.items).toHaveLength(1);
      expect(BigInt(page.next_cursor)).toBeGreaterThan(BigInt(cursor));
      cursor = page.next_cursor;
      seen.push(`${page.items[0]!.report!.description}:${page.items[0]!.event.seq}`);
    }
    expect(seen).toEqual(['Voog 1:1', 'Voog 2:1', 'Voog 1:2', 'Voog 2:2']);
    await expect(changesAfter(db, A, 'x', 10)).rejects.toMatchObject({ status: 400 });
  });

  it('serves the API to a read key of the KOV, refuses another KOV’s key, and names bad fields', async () => {
    const keyA = await db.tx((t) => createApiKey(t, { kov: A, name: 'A read', scopes: ['read'], createdBy: null }), { kov: A });
    const keyB = await db.tx((t) => createApiKey(t, { kov: B, name: 'B read', scopes: ['read'], createdBy: null }), { kov: B });
    await newReport(A, 'API kaudu');
    const ok = await app.inject({ url: `/api/v1/kov/${A}/reports/changes?cursor=0&limit=500`, headers: { authorization: `Bearer ${keyA.key}` } });
    expect(ok.statusCode).toBe(200);
    const page = ok.json();
    expect(page.items.at(-1).report.description).toBe('API kaudu');
    expect(ok.body).not.toContain('mari@example.ee');
    const next = await app.inject({ url: `/api/v1/kov/${A}/reports/changes?cursor=${page.next_cursor}`, headers: { authorization: `Bearer ${keyA.key}` } });
    expect(next.json()).toEqual({ items: [], next_cursor: page.next_cursor });
    const other = await app.inject({ url: `/api/v1/kov/${A}/reports/changes`, headers: { authorization: `Bearer ${keyB.key}` } });
    expect([403, 404]).toContain(other.statusCode);
    const bad = await app.inject({ url: `/api/v1/kov/${A}/reports/changes?limit=9999`, headers: { authorization: `Bearer ${keyA.key}` } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('limit');
    const anon = await app.inject({ url: `/api/v1/kov/${A}/reports/changes` });
    expect(anon.statusCode).toBe(401);
  });

  it.skipIf(engine === 'pglite')('never skips an event whose id committed after a later one (PostgreSQL: real concurrent transactions)', async () => {
    const r1 = await newReport(A, 'Aeglane');
    const r2 = await newReport(A, 'Kiire');
    const start = (await changesAfter(db, A, '0', 500)).next_cursor;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let took!: () => void;
    const tookId = new Promise<void>((resolve) => (took = resolve));
    // the slow transaction takes the lower event id and commits last
    const slow = db.tx(
      async (t) => {
        const r = (await repo.reportById(t, A, r1, true))!;
        await recordEvent(t, r, { kind: 'note', public: false, status: 'received', body: 'slow', actor: { kind: 'person', name: 'H' } });
        took();
        await held;
      },
      { kov: A },
    );
    await tookId;
    await changeStatus(A, r2, 'in_progress', 'fast');
    const first = await changesAfter(db, A, start, 500);
    expect(first.items.map((i) => i.event.body)).toEqual(['fast']);
    release();
    await slow;
    const second = await changesAfter(db, A, first.next_cursor, 500);
    expect(second.items.map((i) => i.event.body)).toEqual(['slow']);
    expect(BigInt(second.items[0]!.event.id)).toBeLessThan(BigInt(first.items[0]!.event.id));
  });
});

describe('the worker job', () => {
  it('reports.webhooks runs every 10 s while the job workers run (as in `vallamaja start`) and delivers without being asked', async () => {
    const served = await testApp(db, { reportsWebhooks: config.reportsWebhooks });
    try {
      expect(served.jobs.defs.find((d) => d.name === 'reports.webhooks')).toMatchObject({ everySeconds: 10, retryLimit: 0 });
      await createWebhook(db, config, A, { url: `${rx.url}/loop`, events: ['*'], description: '' }, OFFICIAL);
      await newReport(A, 'Silmus');
      await served.jobs.start();
      const end = performance.now() + 25_000;
      while (!rx.received.length && performance.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(rx.received.map((r) => r.path)).toEqual(['/loop']);
    } finally {
      await served.close();
    }
  }, 40_000);
});

describe('admin pages and API', () => {
  it('lists, creates (secret shown once), disables, replays and deletes, every act audited', async () => {
    const agent = new Agent(app);
    await loginAs(agent, db, ADMIN_A, { givenName: 'Anne', familyName: 'Admin' });
    const list = await agent.get(`/kov/${A}/reports/webhooks`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<h1>');
    const bad = await agent.req({ method: 'POST', url: `/kov/${A}/reports/webhooks`, form: { _csrf: csrfFrom(list.body), url: 'http://169.254.169.254/', events: '*' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-url"');
    const created = await agent.req({ method: 'POST', url: `/kov/${A}/reports/webhooks`, form: { _csrf: csrfFrom(list.body), url: `${rx.url}/page`, events: '*', description: 'Dokumendihaldus' } });
    expect(created.statusCode).toBe(201);
    const secret = /whsec_[A-Za-z0-9_-]+/.exec(created.body)![0];
    const id = /\/reports\/webhooks\/([0-9a-f-]{36})/.exec(created.body)![1]!;
    const page = await agent.get(`/kov/${A}/reports/webhooks/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(secret);
    expect(page.body).toContain(secret.slice(-4));
    const off = await agent.req({ method: 'POST', url: `/kov/${A}/reports/webhooks/${id}/active`, form: { _csrf: csrfFrom(page.body), active: 'false' } });
    expect(off.statusCode).toBe(303);
    expect((await listWebhooks(db, A)).find((h) => h.id === id)!.active).toBe(false);
    const replay = await agent.req({ method: 'POST', url: `/kov/${A}/reports/webhooks/${id}/replay`, form: { _csrf: csrfFrom(page.body), delivery: 'all' } });
    expect(replay.statusCode).toBe(303);
    const noConfirm = await agent.req({ method: 'POST', url: `/kov/${A}/reports/webhooks/${id}/delete`, form: { _csrf: csrfFrom(page.body) } });
    expect(noConfirm.statusCode).toBe(400);
    const del = await agent.req({ method: 'POST', url: `/kov/${A}/reports/webhooks/${id}/delete`, form: { _csrf: csrfFrom(page.body), confirm: 'yes' } });
    expect(del.statusCode).toBe(303);
    expect(await listWebhooks(db, A)).toHaveLength(0);
    const audit = await asOwner(db, (t) => t.query<{ action: string }>("SELECT action FROM core_audit WHERE kov_code = $1 AND target_id = $2 ORDER BY seq", [A, id]));
    expect(audit.map((a) => a.action)).toEqual(['reports.webhook.create', 'reports.webhook.disable', 'reports.webhook.replay', 'reports.webhook.delete']);
    // another KOV's admin cannot see it
    const other = new Agent(app);
    await loginAs(other, db, ADMIN_B);
    expect((await other.get(`/kov/${A}/reports/webhooks`)).statusCode).toBe(403);
  });

  it('the JSON API does the same for a write key of the KOV', async () => {
    const key = await db.tx((t) => createApiKey(t, { kov: A, name: 'A write', scopes: ['read', 'write'], createdBy: null }), { kov: A });
    const auth = { authorization: `Bearer ${key.key}` };
    const bad = await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/reports/webhooks`, headers: auth, payload: { url: 'http://10.0.0.1/x', events: ['*'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('url');
    const made = await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/reports/webhooks`, headers: auth, payload: { url: `${rx.url}/api`, events: ['created', 'status'] } });
    expect(made.statusCode).toBe(201);
    const { webhook, secret } = made.json();
    expect(secret).toMatch(/^whsec_/);
    const got = await app.inject({ url: `/api/v1/kov/${A}/reports/webhooks/${webhook.id}`, headers: auth });
    expect(got.json()).toMatchObject({ id: webhook.id, active: true, secret_hint: secret.slice(-4), events: ['created', 'status'] });
    expect(got.body).not.toContain(secret);
    await newReport();
    await run();
    const log = await app.inject({ url: `/api/v1/kov/${A}/reports/webhooks/${webhook.id}/deliveries`, headers: auth });
    expect(log.json().deliveries[0]).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(log.json().attempts[0]).toMatchObject({ status: 200, attempt: 1 });
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/kov/${A}/reports/webhooks/${webhook.id}`, headers: auth, payload: { active: false } });
    expect(patched.json().active).toBe(false);
    const replay = await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/reports/webhooks/${webhook.id}/replay`, headers: auth, payload: {} });
    expect(replay.json()).toEqual({ replayed: 0 });
    const keyB = await db.tx((t) => createApiKey(t, { kov: B, name: 'B write', scopes: ['read', 'write'], createdBy: null }), { kov: B });
    const cross = await app.inject({ url: `/api/v1/kov/${A}/reports/webhooks/${webhook.id}`, headers: { authorization: `Bearer ${keyB.key}` } });
    expect([403, 404]).toContain(cross.statusCode);
    const crossOwn = await app.inject({ url: `/api/v1/kov/${B}/reports/webhooks/${webhook.id}`, headers: { authorization: `Bearer ${keyB.key}` } });
    expect(crossOwn.statusCode).toBe(404);
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/kov/${A}/reports/webhooks/${webhook.id}`, headers: auth });
    expect(del.statusCode).toBe(204);
  });
});
