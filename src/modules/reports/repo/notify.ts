// SQL of the reporter notifier and the e-mail confirmation (reports_notify_cursor,
// reports_notify_done; the token hashes of reports_report). Every function takes the caller's
// transaction.
import type { Tx } from '../../../kernel/db.js';
import type { EventRow, ReportRow } from '../repo.js';
import { REPORT_COLS } from '../repo.js';

const EVENT_COLS = 'e.id::text AS id, e.kov_code, e.report_id, e.seq, e.kind, e.public, e.status, e.body, e.actor_kind, e.actor_name, e.data, e.at';

/** KOVs with events the notifier has not handled (system work: the one query over every KOV). */
export async function kovsWithPendingEvents(t: Tx): Promise<string[]> {
  const rows = await t.query<{ kov_code: string }>(
    `SELECT DISTINCT e.kov_code FROM reports_event e
       LEFT JOIN reports_notify_cursor c ON c.kov_code = e.kov_code
      WHERE e.id > coalesce(c.last_event_id, 0)
        AND NOT EXISTS (SELECT 1 FROM reports_notify_done d WHERE d.event_id = e.id)
      ORDER BY e.kov_code`,
  );
  return rows.map((r) => r.kov_code);
}

/** The KOV's cursor, locked for this transaction (created at 0 the first time): one notifier per KOV at a time. */
export async function lockCursor(t: Tx, kov: string): Promise<number> {
  await t.query('INSERT INTO reports_notify_cursor (kov_code) VALUES ($1) ON CONFLICT (kov_code) DO NOTHING', [kov]);
  const r = await t.one<{ last: string }>('SELECT last_event_id::text AS last FROM reports_notify_cursor WHERE kov_code = $1 FOR UPDATE', [kov]);
  return Number(r!.last);
}

/** The next events of the KOV not yet handled, in id order. */
export async function pendingEvents(t: Tx, kov: string, after: number, limit: number): Promise<EventRow[]> {
  return t.query<EventRow>(
    `SELECT ${EVENT_COLS} FROM reports_event e
      WHERE e.kov_code = $1 AND e.id > $2
        AND NOT EXISTS (SELECT 1 FROM reports_notify_done d WHERE d.kov_code = $1 AND d.event_id = e.id)
      ORDER BY e.id LIMIT $3`,
    [kov, after, limit],
  );
}

export async function markDone(t: Tx, kov: string, eventId: string): Promise<void> {
  await t.query('INSERT INTO reports_notify_done (event_id, kov_code) VALUES ($1, $2)', [eventId, kov]);
}

/**
 * Moves the cursor past the handled events below the first unhandled one that are older than
 * `settled` (no transaction still writing an event below them), and forgets their done marks.
 */
export async function advanceCursor(t: Tx, kov: string, cursor: number, settled: Date): Promise<number> {
  const r = await t.one<{ next: string | null }>(
    `SELECT max(e.id)::text AS next FROM reports_event e
      WHERE e.kov_code = $1 AND e.id > $2 AND e.at < $3
        AND EXISTS (SELECT 1 FROM reports_notify_done d WHERE d.kov_code = $1 AND d.event_id = e.id)
        AND e.id < coalesce((SELECT min(u.id) FROM reports_event u
                              WHERE u.kov_code = $1 AND u.id > $2
                                AND NOT EXISTS (SELECT 1 FROM reports_notify_done d2 WHERE d2.kov_code = $1 AND d2.event_id = u.id)), 9223372036854775807)`,
    [kov, cursor, settled],
  );
  const next = r?.next ? Number(r.next) : cursor;
  if (next > cursor) {
    await t.query('UPDATE reports_notify_cursor SET last_event_id = $2, updated_at = core_now() WHERE kov_code = $1', [kov, next]);
    await t.query('DELETE FROM reports_notify_done WHERE kov_code = $1 AND event_id <= $2', [kov, next]);
  }
  return next;
}

export async function setConfirmHash(t: Tx, kov: string, reportId: string, hash: string): Promise<void> {
  await t.query(`UPDATE reports_report SET confirm_hash = $3 WHERE kov_code = $1 AND id = $2 AND status = 'unconfirmed'`, [kov, reportId, hash]);
}

export async function setFeedbackHash(t: Tx, kov: string, reportId: string, hash: string): Promise<void> {
  await t.query('UPDATE reports_report SET feedback_hash = $3 WHERE kov_code = $1 AND id = $2', [kov, reportId, hash]);
}

/** The report a confirmation token's hash belongs to, locked (any status: a used token finds nothing, its hash was cleared). */
export async function reportByConfirmHash(t: Tx, kov: string, hash: string): Promise<ReportRow | null> {
  return (await t.one<ReportRow>(`SELECT ${REPORT_COLS} FROM reports_report WHERE kov_code = $1 AND confirm_hash = $2 FOR UPDATE`, [kov, hash])) ?? null;
}

/** Confirms an unconfirmed report: received, its confirmation time and expected-by date; the token is used up. */
export async function markConfirmed(t: Tx, kov: string, reportId: string, at: Date, expectedAt: Date): Promise<void> {
  await t.query(
    `UPDATE reports_report SET status = 'received', confirmed_at = $3, expected_at = $4, confirm_hash = NULL
      WHERE kov_code = $1 AND id = $2 AND status = 'unconfirmed'`,
    [kov, reportId, at, expectedAt],
  );
}
