// SQL for the webhooks part of reports: the feed order (reports_feed), subscriptions
// (reports_webhook), deliveries (reports_delivery) and their attempts (reports_delivery_attempt).
// Every function takes the caller's transaction and filters by kov_code.
import type { Tx } from '../../../kernel/db.js';

export interface WebhookRow {
  id: string;
  kov_code: string;
  url: string;
  events: string[];
  secret_enc: string;
  secret_hint: string;
  description: string;
  active: boolean;
  cursor: string;
  created_by: string;
  created_at: Date;
}

const HOOK_COLS = 'id, kov_code, url, events, secret_enc, secret_hint, description, active, cursor::text AS cursor, created_by, created_at';

/**
 * Gives the KOV's committed events that have none a feed position, in id order. The advisory lock
 * (per KOV, held to the end of the transaction) makes sequencers take turns; under READ COMMITTED
 * the statement after the lock sees what the previous holder committed.
 */
export async function sequenceEvents(t: Tx, kov: string): Promise<number> {
  await t.query(`SELECT pg_advisory_xact_lock(7305300, hashtext($1))`, [kov]);
  const rows = await t.query<{ pos: string }>(
    `INSERT INTO reports_feed (kov_code, event_id)
     SELECT e.kov_code, e.id FROM reports_event e
      WHERE e.kov_code = $1 AND e.id > coalesce((SELECT max(f.event_id) FROM reports_feed f WHERE f.kov_code = $1) - 100000, 0)
        AND NOT EXISTS (SELECT 1 FROM reports_feed f WHERE f.event_id = e.id)
      ORDER BY e.id
     ON CONFLICT (event_id) DO NOTHING
     RETURNING pos::text AS pos`,
    [kov],
  );
  return rows.length;
}

export async function feedEnd(t: Tx, kov: string): Promise<string> {
  const r = await t.one<{ pos: string }>('SELECT coalesce(max(pos), 0)::text AS pos FROM reports_feed WHERE kov_code = $1', [kov]);
  return r!.pos;
}

export interface FeedRow {
  pos: string;
  event_id: string;
  report_id: string;
  seq: number;
  kind: string;
  public: boolean;
  status: string;
  body: string | null;
  actor_kind: string;
  actor_name: string;
  data: Record<string, unknown>;
  at: Date;
}

/** Feed entries after a position, in order (kinds: null for every kind). */
export async function feedAfter(t: Tx, kov: string, after: string, limit: number, kinds: string[] | null = null): Promise<FeedRow[]> {
  return t.query<FeedRow>(
    `SELECT f.pos::text AS pos, e.id::text AS event_id, e.report_id, e.seq, e.kind, e.public, e.status, e.body, e.actor_kind, e.actor_name, e.data, e.at
       FROM reports_feed f JOIN reports_event e ON e.id = f.event_id AND e.kov_code = f.kov_code
      WHERE f.kov_code = $1 AND f.pos > $2::bigint AND ($4::text[] IS NULL OR e.kind = ANY($4::text[]))
      ORDER BY f.pos LIMIT $3`,
    [kov, after, limit, kinds],
  );
}

export async function feedEntry(t: Tx, kov: string, eventId: string): Promise<FeedRow | null> {
  return (
    (await t.one<FeedRow>(
      `SELECT f.pos::text AS pos, e.id::text AS event_id, e.report_id, e.seq, e.kind, e.public, e.status, e.body, e.actor_kind, e.actor_name, e.data, e.at
         FROM reports_feed f JOIN reports_event e ON e.id = f.event_id AND e.kov_code = f.kov_code
        WHERE f.kov_code = $1 AND e.id = $2::bigint`,
      [kov, eventId],
    )) ?? null
  );
}

// ---------------------------------------------------------------- the report as a payload shows it

export interface PayloadReportRow {
  id: string;
  number: string;
  status: string;
  is_open: boolean;
  domain: string;
  category: string;
  group_name: string | null;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  source: string;
  assignee_name: string | null;
  duplicate_of: string | null;
  forwarded_to: string | null;
  created_at: Date;
  updated_at: Date;
  expected_at: Date | null;
  closed_at: Date | null;
}

/** The reports' current fields a KOV's system receives (never reporter data or hashes). */
export async function payloadReports(t: Tx, kov: string, ids: string[]): Promise<PayloadReportRow[]> {
  if (!ids.length) return [];
  return t.query<PayloadReportRow>(
    `SELECT r.id, r.number, r.status, r.is_open, r.domain, c.code AS category, g.name AS group_name, r.description, r.lat, r.lon, r.address,
            r.source, r.assignee_name, r.duplicate_of, r.forwarded_to, r.created_at, r.updated_at, r.expected_at, r.closed_at
       FROM reports_report r JOIN reports_category c ON c.id = r.category_id AND c.kov_code = r.kov_code
       LEFT JOIN reports_group g ON g.id = r.group_id AND g.kov_code = r.kov_code
      WHERE r.kov_code = $1 AND r.id = ANY($2::uuid[])`,
    [kov, ids],
  );
}

// ---------------------------------------------------------------- webhooks

export async function insertWebhook(
  t: Tx,
  w: { id: string; kov: string; url: string; events: string[]; secretEnc: string; secretHint: string; description: string; cursor: string; createdBy: string; at: Date },
): Promise<void> {
  await t.query(
    `INSERT INTO reports_webhook (id, kov_code, url, events, secret_enc, secret_hint, description, cursor, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::bigint, $9, $10)`,
    [w.id, w.kov, w.url, w.events, w.secretEnc, w.secretHint, w.description, w.cursor, w.createdBy, w.at],
  );
}

export async function webhooksOf(t: Tx, kov: string): Promise<WebhookRow[]> {
  return t.query<WebhookRow>(`SELECT ${HOOK_COLS} FROM reports_webhook WHERE kov_code = $1 ORDER BY created_at, id`, [kov]);
}

export async function webhookById(t: Tx, kov: string, id: string, forUpdate = false): Promise<WebhookRow | null> {
  return (await t.one<WebhookRow>(`SELECT ${HOOK_COLS} FROM reports_webhook WHERE kov_code = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [kov, id])) ?? null;
}

export async function activeWebhooksForUpdate(t: Tx, kov: string): Promise<WebhookRow[]> {
  return t.query<WebhookRow>(`SELECT ${HOOK_COLS} FROM reports_webhook WHERE kov_code = $1 AND active ORDER BY id FOR UPDATE`, [kov]);
}

export async function setWebhookActive(t: Tx, kov: string, id: string, active: boolean, cursor: string | null): Promise<void> {
  await t.query('UPDATE reports_webhook SET active = $3, cursor = coalesce($4::bigint, cursor) WHERE kov_code = $1 AND id = $2', [kov, id, active, cursor]);
}

export async function setWebhookCursor(t: Tx, kov: string, id: string, cursor: string): Promise<void> {
  await t.query('UPDATE reports_webhook SET cursor = $3::bigint WHERE kov_code = $1 AND id = $2', [kov, id, cursor]);
}

export async function deleteWebhook(t: Tx, kov: string, id: string): Promise<boolean> {
  return (await t.query('DELETE FROM reports_webhook WHERE kov_code = $1 AND id = $2 RETURNING id', [kov, id])).length > 0;
}

export interface HookCounts {
  webhook_id: string;
  pending: number;
  delivered: number;
  dead: number;
}

export async function deliveryCounts(t: Tx, kov: string): Promise<HookCounts[]> {
  return t.query<HookCounts>(
    `SELECT webhook_id, count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'delivered')::int AS delivered,
            count(*) FILTER (WHERE state = 'dead')::int AS dead
       FROM reports_delivery WHERE kov_code = $1 GROUP BY webhook_id`,
    [kov],
  );
}

/** KOVs with an active webhook, or with a delivery waiting (cross-KOV: the worker's own system transaction). */
export async function kovsWithWork(t: Tx): Promise<string[]> {
  const rows = await t.query<{ kov_code: string }>(
    `SELECT kov_code FROM reports_webhook WHERE active UNION SELECT kov_code FROM reports_delivery WHERE state = 'pending' ORDER BY 1`,
  );
  return rows.map((r) => r.kov_code);
}

// ---------------------------------------------------------------- deliveries

export async function insertDeliveries(
  t: Tx,
  rows: { id: string; kov: string; webhookId: string; eventId: string; reportId: string; seq: number; pos: string; at: Date }[],
): Promise<number> {
  if (!rows.length) return 0;
  const r = await t.query(
    `INSERT INTO reports_delivery (id, kov_code, webhook_id, event_id, report_id, seq, pos, next_attempt_at, created_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bigint[], $5::uuid[], $6::int[], $7::bigint[], $8::timestamptz[], $8::timestamptz[])
     ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING id`,
    [
      rows.map((x) => x.id), rows.map((x) => x.kov), rows.map((x) => x.webhookId), rows.map((x) => x.eventId), rows.map((x) => x.reportId),
      rows.map((x) => x.seq), rows.map((x) => x.pos), rows.map((x) => x.at),
    ],
  );
  return r.length;
}

export interface DeliveryRow {
  id: string;
  kov_code: string;
  webhook_id: string;
  event_id: string;
  report_id: string;
  seq: number;
  pos: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

const DEL_COLS =
  'd.id, d.kov_code, d.webhook_id, d.event_id::text AS event_id, d.report_id, d.seq, d.pos::text AS pos, d.state, d.attempts, d.next_attempt_at, d.locked_until, d.last_status, d.last_error, d.delivered_at, d.created_at';

/**
 * Takes up to `limit` due deliveries of the KOV and holds them until `lockUntil`: pending, due, not
 * held by another worker, of an active webhook, and with no earlier pending event of the same report
 * for the same webhook (order per report). SKIP LOCKED: workers in other processes take others.
 */
export async function claimDue(t: Tx, kov: string, at: Date, lockUntil: Date, limit: number): Promise<DeliveryRow[]> {
  return t.query<DeliveryRow>(
    `UPDATE reports_delivery d SET locked_until = $3, attempts = d.attempts + 1
      WHERE d.id IN (
        SELECT x.id FROM reports_delivery x JOIN reports_webhook w ON w.id = x.webhook_id AND w.kov_code = x.kov_code AND w.active
         WHERE x.kov_code = $1 AND x.state = 'pending' AND x.next_attempt_at <= $2 AND (x.locked_until IS NULL OR x.locked_until <= $2)
           AND NOT EXISTS (SELECT 1 FROM reports_delivery p WHERE p.kov_code = x.kov_code AND p.webhook_id = x.webhook_id
                             AND p.report_id = x.report_id AND p.seq < x.seq AND p.state = 'pending')
         ORDER BY x.pos LIMIT $4 FOR UPDATE OF x SKIP LOCKED)
      RETURNING ${DEL_COLS}`,
    [kov, at, lockUntil, limit],
  );
}

export async function finishAttempt(
  t: Tx,
  kov: string,
  id: string,
  r: { state: 'pending' | 'delivered' | 'dead'; nextAttemptAt: Date | null; status: number | null; error: string | null; at: Date },
): Promise<void> {
  await t.query(
    `UPDATE reports_delivery SET state = $3, next_attempt_at = coalesce($4, next_attempt_at), locked_until = NULL, last_status = $5, last_error = $6,
            delivered_at = CASE WHEN $3 = 'delivered' THEN $7::timestamptz ELSE delivered_at END
      WHERE kov_code = $1 AND id = $2`,
    [kov, id, r.state, r.nextAttemptAt, r.status, r.error, r.at],
  );
}

export async function insertAttempt(
  t: Tx,
  a: { kov: string; deliveryId: string; webhookId: string; attempt: number; at: Date; status: number | null; error: string | null; durationMs: number; response: string | null },
): Promise<void> {
  await t.query(
    `INSERT INTO reports_delivery_attempt (kov_code, delivery_id, webhook_id, attempt, at, status, error, duration_ms, response)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [a.kov, a.deliveryId, a.webhookId, a.attempt, a.at, a.status, a.error, a.durationMs, a.response],
  );
}

export async function deliveriesOf(t: Tx, kov: string, webhookId: string, state: 'pending' | 'delivered' | 'dead' | null, limit: number): Promise<DeliveryRow[]> {
  return t.query<DeliveryRow>(
    `SELECT ${DEL_COLS} FROM reports_delivery d WHERE d.kov_code = $1 AND d.webhook_id = $2 AND ($3::text IS NULL OR d.state = $3) ORDER BY d.pos DESC LIMIT $4`,
    [kov, webhookId, state, limit],
  );
}

export async function deliveryById(t: Tx, kov: string, id: string): Promise<DeliveryRow | null> {
  return (await t.one<DeliveryRow>(`SELECT ${DEL_COLS} FROM reports_delivery d WHERE d.kov_code = $1 AND d.id = $2`, [kov, id])) ?? null;
}

/** Dead deliveries of a webhook (one, or all) back to pending, due at `at`, with a fresh set of attempts. */
export async function replayDead(t: Tx, kov: string, webhookId: string, deliveryId: string | null, at: Date): Promise<string[]> {
  const rows = await t.query<{ id: string }>(
    `UPDATE reports_delivery SET state = 'pending', attempts = 0, next_attempt_at = $4, locked_until = NULL
      WHERE kov_code = $1 AND webhook_id = $2 AND state = 'dead' AND ($3::uuid IS NULL OR id = $3) RETURNING id`,
    [kov, webhookId, deliveryId, at],
  );
  return rows.map((r) => r.id);
}

export interface AttemptRow {
  id: string;
  delivery_id: string;
  event_id: string;
  kind: string;
  attempt: number;
  at: Date;
  status: number | null;
  error: string | null;
  duration_ms: number;
  response: string | null;
}

export async function attemptsOf(t: Tx, kov: string, webhookId: string, limit: number): Promise<AttemptRow[]> {
  return t.query<AttemptRow>(
    `SELECT a.id::text AS id, a.delivery_id, d.event_id::text AS event_id, coalesce(e.kind, 'note') AS kind, a.attempt, a.at, a.status, a.error, a.duration_ms, a.response
       FROM reports_delivery_attempt a JOIN reports_delivery d ON d.id = a.delivery_id AND d.kov_code = a.kov_code
       LEFT JOIN reports_event e ON e.id = d.event_id AND e.kov_code = d.kov_code
      WHERE a.kov_code = $1 AND a.webhook_id = $2 ORDER BY a.at DESC, a.id DESC LIMIT $3`,
    [kov, webhookId, limit],
  );
}
