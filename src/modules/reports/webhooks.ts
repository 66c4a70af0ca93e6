// Reports webhooks and the changes feed (docs/webhooks.md).
//
// The outbox is reports_event (written with every report change, in the same transaction). From it:
// - sequencing: committed events get a feed position in commit-safe order (repo sequenceEvents);
// - fan-out: each active webhook's cursor advances over the feed and a delivery row is made for
//   every event it wants, in the same transaction as the cursor moves (nothing lost, nothing twice);
// - delivery: due deliveries are claimed (a lease, SKIP LOCKED), POSTed signed, and the attempt is
//   recorded; 2xx delivered, anything else retried with exponential backoff, then the dead letter;
//   a later event of a report waits while an earlier one of the same report is pending;
// - the pull feed answers the same entries after a cursor.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { defineJob } from '../../kernel/jobs.js';
import { badRequest, notFound } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import * as repo from './repo/webhooks.js';
import type { DeliveryRow, FeedRow, PayloadReportRow, WebhookRow } from './repo/webhooks.js';
import type { Cidr, Resolver } from './webhook-deliver.js';
import { TargetRefused, checkTarget, parseAllowList, postJson, signatureHeader, urlProblem } from './webhook-deliver.js';

/** The event kinds a webhook may choose (reports_event.kind). */
export const EVENT_KINDS = ['created', 'confirmed', 'status', 'answer', 'note', 'assigned', 'category', 'merged', 'reopened', 'feedback', 'photo'] as const;
export type WebhookEventKind = (typeof EVENT_KINDS)[number];
export const MAX_DESCRIPTION = 500;
export const FEED_MAX_LIMIT = 500;
const FANOUT_BATCH = 500;
const CLAIM_BATCH = 20;

// ---------------------------------------------------------------- the secret, at rest

function secretKey(config: Config): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(config.sessionSecret, 'utf8'), Buffer.from('vallamaja'), Buffer.from('reports-webhook-secret/v1'), 32));
}

export function sealSecret(config: Config, secret: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', secretKey(config), iv);
  const enc = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), enc]).toString('base64url')}`;
}

export function openSecret(config: Config, sealed: string): string {
  const raw = Buffer.from(sealed.replace(/^v1\./, ''), 'base64url');
  const d = createDecipheriv('aes-256-gcm', secretKey(config), raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

// ---------------------------------------------------------------- options

export interface WebhookOptions {
  allow: readonly Cidr[];
  maxAttempts: number;
  retrySeconds: number;
  timeoutMs: number;
  resolve?: Resolver;
  /** 0 ≤ random < 1 for the jitter (tests pass a fixed one). */
  random?: () => number;
}

const allowCache = new Map<string, Cidr[]>();

export function webhookOptions(config: Config, over: Partial<WebhookOptions> = {}): WebhookOptions {
  const raw = config.reportsWebhooks.allow;
  let allow = allowCache.get(raw);
  if (!allow) allowCache.set(raw, (allow = parseAllowList(raw)));
  return { allow, maxAttempts: config.reportsWebhooks.maxAttempts, retrySeconds: config.reportsWebhooks.retrySeconds, timeoutMs: config.reportsWebhooks.timeoutMs, ...over };
}

/**
 * Seconds to wait after attempt `attempt` (1-based) failed: retrySeconds × 2^(attempt−1), plus up to
 * 20 % jitter, at most six hours.
 */
export function retryDelaySeconds(retrySeconds: number, attempt: number, random: number): number {
  const base = retrySeconds * 2 ** Math.min(20, attempt - 1);
  return Math.min(6 * 3600, base * (1 + 0.2 * random));
}

// ---------------------------------------------------------------- payloads

export interface ChangeEvent {
  id: string;
  seq: number;
  kind: string;
  at: string;
  status: string;
  public: boolean;
  body: string | null;
  actor: { kind: string; name: string | null };
  data: Record<string, string | number | boolean | null>;
}

export interface ChangeReport {
  id: string;
  number: string;
  status: string;
  open: boolean;
  domain: string;
  category: string;
  group: string | null;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  source: string;
  assignee: string | null;
  duplicate_of: string | null;
  forwarded_to: string | null;
  created_at: string;
  updated_at: string;
  expected_at: string | null;
  closed_at: string | null;
}

/** One change, as the feed lists it and a webhook receives it (plus delivery fields). */
export interface ChangeEntry {
  cursor: string;
  kov: string;
  event: ChangeEvent;
  report: ChangeReport | null;
}

const PERSONAL_KEY = /hash|idcode|isikukood|email|phone|reporter/i;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function eventOut(e: FeedRow): ChangeEvent {
  // the event's details: scalars as they are, anything else as its JSON text; personal keys left out
  const data = Object.fromEntries(
    Object.entries(e.data ?? {})
      .filter(([k]) => !PERSONAL_KEY.test(k))
      .map(([k, v]) => [k, v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v)]),
  ) as Record<string, string | number | boolean | null>;
  return {
    id: e.event_id,
    seq: e.seq,
    kind: e.kind,
    at: iso(e.at)!,
    status: e.status,
    public: e.public,
    body: e.body,
    // a reporter's own name is personal data: never sent
    actor: { kind: e.actor_kind, name: e.actor_kind === 'reporter' ? null : e.actor_name },
    data,
  };
}

function reportOut(r: PayloadReportRow): ChangeReport {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    open: r.is_open,
    domain: r.domain,
    category: r.category,
    group: r.group_name,
    description: r.description,
    lat: r.lat,
    lon: r.lon,
    address: r.address,
    source: r.source,
    assignee: r.assignee_name,
    duplicate_of: r.duplicate_of,
    forwarded_to: r.forwarded_to,
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
    expected_at: iso(r.expected_at),
    closed_at: iso(r.closed_at),
  };
}

async function entriesOf(t: Tx, kov: string, rows: FeedRow[]): Promise<ChangeEntry[]> {
  const reports = new Map((await repo.payloadReports(t, kov, [...new Set(rows.map((r) => r.report_id))])).map((r) => [r.id, reportOut(r)]));
  return rows.map((r) => ({ cursor: r.pos, kov, event: eventOut(r), report: reports.get(r.report_id) ?? null }));
}

// ---------------------------------------------------------------- the pull feed

export interface ChangesPage {
  items: ChangeEntry[];
  next_cursor: string;
}

/** Changes after a cursor (a feed position; '0' from the start), in order; next_cursor is the last one's (or the given one). */
export async function changesAfter(db: Db, kov: string, cursor: string, limit: number): Promise<ChangesPage> {
  if (!/^\d{1,18}$/.test(cursor)) throw badRequest([{ field: 'cursor', reason: 'reports.webhooks.error.cursor' }]);
  if (!Number.isInteger(limit) || limit < 1 || limit > FEED_MAX_LIMIT) throw badRequest([{ field: 'limit', reason: 'reports.webhooks.error.limit' }]);
  await db.tx((t) => repo.sequenceEvents(t, kov), { kov });
  return db.tx(
    async (t) => {
      const rows = await repo.feedAfter(t, kov, cursor, limit);
      const items = await entriesOf(t, kov, rows);
      return { items, next_cursor: rows.length ? rows[rows.length - 1]!.pos : String(BigInt(cursor)) };
    },
    { kov },
  );
}

// ---------------------------------------------------------------- subscriptions

export interface WebhookView {
  id: string;
  kov: string;
  url: string;
  events: string[];
  description: string;
  active: boolean;
  secretHint: string;
  createdBy: string;
  createdAt: Date;
  counts: { pending: number; delivered: number; dead: number };
}

function viewOf(w: WebhookRow, counts?: repo.HookCounts): WebhookView {
  return {
    id: w.id,
    kov: w.kov_code,
    url: w.url,
    events: w.events,
    description: w.description,
    active: w.active,
    secretHint: w.secret_hint,
    createdBy: w.created_by,
    createdAt: w.created_at,
    counts: { pending: counts?.pending ?? 0, delivered: counts?.delivered ?? 0, dead: counts?.dead ?? 0 },
  };
}

export interface NewWebhook {
  url: string;
  events: string[];
  description: string;
}

/** Checks a subscription's fields (the URL's form, its host's addresses) and answers them cleaned. */
async function checkNew(input: NewWebhook, o: WebhookOptions): Promise<NewWebhook> {
  const url = input.url.trim();
  const errors = [];
  const form = url ? urlProblem(url) : 'reports.webhooks.error.url';
  if (form) errors.push({ field: 'url', reason: form });
  else {
    try {
      await checkTarget(url, o.allow, o.resolve);
    } catch (e) {
      if (!(e instanceof TargetRefused)) throw e;
      errors.push({ field: 'url', reason: e.reason });
    }
  }
  // '*' (all) wins over any kinds chosen beside it
  const chosen = [...new Set(input.events.map((e) => e.trim()).filter(Boolean))];
  const events = chosen.includes('*') ? ['*'] : chosen;
  if (!events.length || !events.every((e) => e === '*' || (EVENT_KINDS as readonly string[]).includes(e))) {
    errors.push({ field: 'events', reason: 'reports.webhooks.error.events' });
  }
  const description = input.description.trim();
  if (description.length > MAX_DESCRIPTION) errors.push({ field: 'description', reason: 'reports.webhooks.error.description' });
  if (errors.length) throw badRequest(errors);
  return { url, events, description };
}

/**
 * Subscribes a URL. The secret is made here, kept encrypted, and answered this once. The webhook
 * starts at the KOV's current end of the feed: events before it are not sent.
 */
export async function createWebhook(db: Db, config: Config, kov: string, input: NewWebhook, actor: Actor, over: Partial<WebhookOptions> = {}): Promise<{ webhook: WebhookView; secret: string }> {
  const clean = await checkNew(input, webhookOptions(config, over));
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const id = uuidv7();
  await db.tx((t) => repo.sequenceEvents(t, kov), { kov });
  const webhook = await db.tx(
    async (t) => {
      const cursor = await repo.feedEnd(t, kov);
      await repo.insertWebhook(t, { id, kov, ...clean, secretEnc: sealSecret(config, secret), secretHint: secret.slice(-4), cursor, createdBy: actor.name, at: now() });
      await recordAudit(t, { kov, actor, action: 'reports.webhook.create', targetType: 'reports_webhook', targetId: id, after: { url: clean.url, events: clean.events, description: clean.description } });
      return viewOf((await repo.webhookById(t, kov, id))!);
    },
    { kov },
  );
  return { webhook, secret };
}

export async function listWebhooks(db: Db, kov: string): Promise<WebhookView[]> {
  return db.tx(
    async (t) => {
      const counts = new Map((await repo.deliveryCounts(t, kov)).map((c) => [c.webhook_id, c]));
      return (await repo.webhooksOf(t, kov)).map((w) => viewOf(w, counts.get(w.id)));
    },
    { kov },
  );
}

export async function getWebhook(db: Db, kov: string, id: string): Promise<WebhookView> {
  return db.tx(
    async (t) => {
      const w = await repo.webhookById(t, kov, id);
      if (!w) throw notFound('reports.webhooks.error.notFound');
      return viewOf(w, (await repo.deliveryCounts(t, kov)).find((c) => c.webhook_id === id));
    },
    { kov },
  );
}

/**
 * Disables or enables a webhook. A disabled webhook gets no new deliveries and its waiting ones
 * wait; enabled again, it goes on from where it stopped (the events in between are sent).
 */
export async function setWebhookActive(db: Db, kov: string, id: string, active: boolean, actor: Actor): Promise<WebhookView> {
  return db.tx(
    async (t) => {
      const w = await repo.webhookById(t, kov, id, true);
      if (!w) throw notFound('reports.webhooks.error.notFound');
      if (w.active !== active) {
        await repo.setWebhookActive(t, kov, id, active, null);
        const change = { kov, actor, targetType: 'reports_webhook', targetId: id, before: { active: w.active }, after: { active } };
        if (active) await recordAudit(t, { ...change, action: 'reports.webhook.enable' });
        else await recordAudit(t, { ...change, action: 'reports.webhook.disable' });
      }
      return viewOf((await repo.webhookById(t, kov, id))!);
    },
    { kov },
  );
}

export async function deleteWebhook(db: Db, kov: string, id: string, actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const w = await repo.webhookById(t, kov, id, true);
      if (!w) throw notFound('reports.webhooks.error.notFound');
      await repo.deleteWebhook(t, kov, id);
      await recordAudit(t, { kov, actor, action: 'reports.webhook.delete', targetType: 'reports_webhook', targetId: id, before: { url: w.url, events: w.events } });
    },
    { kov },
  );
}

/** Sends dead deliveries again (one, or all of the webhook's), from now, with a fresh set of attempts. */
export async function replayDead(db: Db, kov: string, webhookId: string, deliveryId: string | null, actor: Actor): Promise<number> {
  return db.tx(
    async (t) => {
      const w = await repo.webhookById(t, kov, webhookId, true);
      if (!w) throw notFound('reports.webhooks.error.notFound');
      if (deliveryId) {
        const d = await repo.deliveryById(t, kov, deliveryId);
        if (!d || d.webhook_id !== webhookId || d.state !== 'dead') throw notFound('reports.webhooks.error.deliveryNotFound');
      }
      const ids = await repo.replayDead(t, kov, webhookId, deliveryId, now());
      await recordAudit(t, { kov, actor, action: 'reports.webhook.replay', targetType: 'reports_webhook', targetId: webhookId, after: { deliveries: ids.length, delivery: deliveryId } });
      return ids.length;
    },
    { kov },
  );
}

export interface DeliveryView {
  id: string;
  eventId: string;
  reportId: string;
  seq: number;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

const deliveryOut = (d: DeliveryRow): DeliveryView => ({
  id: d.id,
  eventId: d.event_id,
  reportId: d.report_id,
  seq: d.seq,
  state: d.state,
  attempts: d.attempts,
  nextAttemptAt: d.next_attempt_at,
  lastStatus: d.last_status,
  lastError: d.last_error,
  deliveredAt: d.delivered_at,
  createdAt: d.created_at,
});

export interface AttemptView {
  deliveryId: string;
  eventId: string;
  kind: string;
  attempt: number;
  at: Date;
  status: number | null;
  error: string | null;
  durationMs: number;
  response: string | null;
}

/** A webhook's deliveries (a state, or all), latest first, and its latest attempts. */
export async function deliveryLog(db: Db, kov: string, webhookId: string, state: 'pending' | 'delivered' | 'dead' | null, limit = 100): Promise<{ deliveries: DeliveryView[]; attempts: AttemptView[] }> {
  return db.tx(
    async (t) => {
      if (!(await repo.webhookById(t, kov, webhookId))) throw notFound('reports.webhooks.error.notFound');
      const deliveries = (await repo.deliveriesOf(t, kov, webhookId, state, limit)).map(deliveryOut);
      const attempts = (await repo.attemptsOf(t, kov, webhookId, limit)).map((a) => ({
        deliveryId: a.delivery_id,
        eventId: a.event_id,
        kind: a.kind,
        attempt: a.attempt,
        at: a.at,
        status: a.status,
        error: a.error,
        durationMs: a.duration_ms,
        response: a.response,
      }));
      return { deliveries, attempts };
    },
    { kov },
  );
}

// ---------------------------------------------------------------- fan-out and delivery

/**
 * Numbers the KOV's new events and makes the deliveries of every active webhook up to the feed's
 * end, moving each webhook's cursor in the same transaction. Answers how many deliveries were made.
 */
export async function fanOut(db: Db, kov: string): Promise<number> {
  return db.tx(
    async (t) => {
      await repo.sequenceEvents(t, kov);
      let made = 0;
      const at = now();
      for (const w of await repo.activeWebhooksForUpdate(t, kov)) {
        const all = w.events.includes('*');
        let cursor = w.cursor;
        for (;;) {
          const rows = await repo.feedAfter(t, kov, cursor, FANOUT_BATCH);
          if (!rows.length) break;
          const wanted = rows.filter((r) => all || w.events.includes(r.kind));
          made += await repo.insertDeliveries(
            t,
            wanted.map((r) => ({ id: uuidv7(), kov, webhookId: w.id, eventId: r.event_id, reportId: r.report_id, seq: r.seq, pos: r.pos, at })),
          );
          cursor = rows[rows.length - 1]!.pos;
          if (rows.length < FANOUT_BATCH) break;
        }
        if (cursor !== w.cursor) await repo.setWebhookCursor(t, kov, w.id, cursor);
      }
      return made;
    },
    { kov },
  );
}

/** The headers of a delivery. The Idempotency-Key is the same on every attempt of it (webhook × event). */
export function deliveryHeaders(secret: string, body: string, d: Pick<DeliveryRow, 'id' | 'webhook_id' | 'event_id'>, kind: string, unix: number): Record<string, string> {
  return {
    'content-type': 'application/json',
    'vallamaja-event': kind,
    'vallamaja-delivery': d.id,
    'idempotency-key': `${d.webhook_id}:${d.event_id}`,
    'vallamaja-signature': signatureHeader(secret, body, unix),
  };
}

export interface DeliverOutcome {
  delivered: number;
  retried: number;
  dead: number;
}

/** Delivers the KOV's due deliveries (in rounds, until none is due). */
export async function deliverDue(db: Db, config: Config, kov: string, o: WebhookOptions, log?: Pick<FastifyBaseLogger, 'warn'>): Promise<DeliverOutcome> {
  const out: DeliverOutcome = { delivered: 0, retried: 0, dead: 0 };
  for (let round = 0; round < 50; round++) {
    const at = now();
    const claimed = await db.tx((t) => repo.claimDue(t, kov, at, new Date(at.getTime() + o.timeoutMs + 5000), CLAIM_BATCH), { kov });
    if (!claimed.length) break;
    await Promise.all(
      claimed.map(async (d) => {
        const r = await deliverOne(db, config, kov, d, o);
        out[r] += 1;
        if (r !== 'delivered') log?.warn({ kov, delivery: d.id, outcome: r }, 'reports webhook delivery failed');
      }),
    );
  }
  return out;
}

async function deliverOne(db: Db, config: Config, kov: string, d: DeliveryRow, o: WebhookOptions): Promise<keyof DeliverOutcome> {
  const prepared = await db.tx(
    async (t) => {
      const w = await repo.webhookById(t, kov, d.webhook_id);
      const e = await repo.feedEntry(t, kov, d.event_id);
      if (!w || !e) return null;
      const [entry] = await entriesOf(t, kov, [e]);
      return { w, entry: entry! };
    },
    { kov },
  );
  if (!prepared) {
    // the event (or the webhook) is gone, e.g. deleted with an old report: nothing to send, ever
    await db.tx((t) => repo.finishAttempt(t, kov, d.id, { state: 'dead', nextAttemptAt: null, status: null, error: 'the event no longer exists', at: now() }), { kov });
    return 'dead';
  }
  const { w, entry } = prepared;
  const started = now();
  const body = JSON.stringify({ delivery_id: d.id, webhook_id: w.id, attempt: d.attempts, ...entry });
  const headers = deliveryHeaders(openSecret(config, w.secret_enc), body, d, entry.event.kind, Math.floor(started.getTime() / 1000));
  const r = await postJson(w.url, body, headers, { allow: o.allow, timeoutMs: o.timeoutMs, resolve: o.resolve });
  const ok = r.status !== null && r.status >= 200 && r.status < 300;
  const at = now();
  const state = ok ? 'delivered' : d.attempts >= o.maxAttempts ? 'dead' : 'pending';
  const next = state === 'pending' ? new Date(at.getTime() + retryDelaySeconds(o.retrySeconds, d.attempts, (o.random ?? Math.random)()) * 1000) : null;
  await db.tx(
    async (t) => {
      await repo.insertAttempt(t, { kov, deliveryId: d.id, webhookId: w.id, attempt: d.attempts, at: started, status: r.status, error: r.error, durationMs: r.durationMs, response: r.response });
      await repo.finishAttempt(t, kov, d.id, { state, nextAttemptAt: next, status: r.status, error: r.error, at });
    },
    { kov },
  );
  return state === 'pending' ? 'retried' : state;
}

/** One round of every KOV's webhook work: fan-out, then the due deliveries. */
export async function runWebhooks(db: Db, config: Config, over: Partial<WebhookOptions> = {}, log?: Pick<FastifyBaseLogger, 'warn'>): Promise<DeliverOutcome & { made: number }> {
  const o = webhookOptions(config, over);
  const kovs = await db.system('reports webhooks: find the KOVs with webhooks to serve (the worker serves every KOV)', (t) => repo.kovsWithWork(t));
  const total = { delivered: 0, retried: 0, dead: 0, made: 0 };
  for (const kov of kovs) {
    total.made += await fanOut(db, kov);
    const r = await deliverDue(db, config, kov, o, log);
    total.delivered += r.delivered;
    total.retried += r.retried;
    total.dead += r.dead;
  }
  return total;
}

export const REPORTS_WEBHOOKS_JOB = 'reports.webhooks';
/** How often each process with job workers runs a round (fan-out and due deliveries). */
export const WEBHOOKS_EVERY_SECONDS = 10;

/**
 * The webhook worker as a kernel job: sent every WEBHOOKS_EVERY_SECONDS while a process's job
 * workers run (`vallamaja start`). Rounds in several processes at once are safe (the fan-out locks
 * the KOV's webhooks; deliveries are claimed with SKIP LOCKED). A failed round is not retried: the
 * next one comes anyway.
 */
export const webhooksJob = defineJob<Record<string, never>>({
  name: REPORTS_WEBHOOKS_JOB,
  labelKey: 'reports.webhooks.job',
  retryLimit: 0,
  everySeconds: WEBHOOKS_EVERY_SECONDS,
  expireSeconds: 600,
  async handler(_payload, ctx) {
    await runWebhooks(ctx.db, ctx.config, {}, ctx.log);
  },
});

/** A loop that runs runWebhooks every pollMs (one round at a time) in a process without the kernel's job workers (the crash test's child); stop() waits for the running round. */
export function startWebhookWorker(db: Db, config: Config, log: Pick<FastifyBaseLogger, 'warn' | 'error'>, pollMs: number): { stop: () => Promise<void> } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runWebhooks(db, config, {}, log)
      .catch((e: unknown) => log.error({ err: e instanceof Error ? e.message : String(e) }, 'reports webhooks round failed'))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, Math.max(100, pollMs));
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
