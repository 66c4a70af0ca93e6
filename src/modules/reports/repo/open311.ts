// SQL of the Open311 (GeoReport v2) API: the public view of a KOV's reports and their public updates,
// the idempotency rows of posted servicerequestupdates, and media uploaded before its request.
// Every function takes the caller's transaction and filters by kov_code. Never selects reporter data.
import type { PreparedSql, Tx } from '../../../kernel/db.js';
import { preparedSql } from '../../../kernel/db.js';
import type { ReportStatus } from '../repo.js';

/** A report as Open311 shows it: no reporter data is ever selected. */
export interface PublicRequestRow {
  id: string;
  number: string;
  status: ReportStatus;
  is_open: boolean;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  /** The EHAK settlement unit the report lies in (Open311 address_id), or null. */
  unit_code: string | null;
  /** W3C datetimes in UTC */
  requested: string;
  updated: string;
  expected: string | null;
  service_code: string;
  name_et: string;
  name_en: string;
  name_ru: string;
  group_name: string | null;
  status_notes: string | null;
  photo_id: string | null;
}

export interface RequestFilter {
  numbers?: string[];
  codes?: string[];
  /** created_at ≥ from, < to */
  from?: Date;
  to?: Date;
  open?: boolean;
  updatedAfter?: Date;
  updatedBefore?: Date;
  agencies?: string[];
  /** Closed reports closed before this are no longer public (the KOV's retention); null: kept for ever. */
  closedAfter: Date | null;
  limit: number;
  offset: number;
}

/** Times leave the database as W3C datetimes in UTC (text: no Date parsing per row in the list). */
const W3C = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

const REQUEST_SELECT = `
  SELECT r.id, r.number, r.status, r.is_open, r.description, r.lat, r.lon, r.address, r.unit_code,
         to_char(r.created_at AT TIME ZONE 'UTC', ${W3C}) AS requested, to_char(r.updated_at AT TIME ZONE 'UTC', ${W3C}) AS updated,
         to_char(r.expected_at AT TIME ZONE 'UTC', ${W3C}) AS expected,
         c.code AS service_code, c.name_et, c.name_en, c.name_ru, g.name AS group_name,
         (SELECT e.body FROM reports_event e
           WHERE e.kov_code = r.kov_code AND e.report_id = r.id AND e.public AND e.body IS NOT NULL
           ORDER BY e.seq DESC LIMIT 1) AS status_notes,
         (SELECT p.id FROM reports_photo p WHERE p.kov_code = r.kov_code AND p.report_id = r.id ORDER BY p.ordinal, p.id LIMIT 1) AS photo_id
    FROM reports_report r
    JOIN reports_category c ON c.kov_code = r.kov_code AND c.id = r.category_id
    LEFT JOIN reports_group g ON g.kov_code = r.kov_code AND g.id = r.group_id`;

/** The SQL and parameters of a request list (exported so that the benchmark runs the very same SQL). */
export function requestListSql(kov: string, f: RequestFilter): { text: string; params: unknown[] } {
  const params: unknown[] = [kov];
  const where = ["r.kov_code = $1", "r.status <> 'unconfirmed'"];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.numbers?.length) where.push(`r.number = ANY(${p(f.numbers)}::text[])`);
  if (f.codes?.length) where.push(`c.code = ANY(${p(f.codes)}::text[])`);
  if (f.from) where.push(`r.created_at >= ${p(f.from)}`);
  if (f.to) where.push(`r.created_at < ${p(f.to)}`);
  if (f.open !== undefined) where.push(`r.is_open = ${p(f.open)}`);
  if (f.updatedAfter) where.push(`r.updated_at > ${p(f.updatedAfter)}`);
  if (f.updatedBefore) where.push(`r.updated_at < ${p(f.updatedBefore)}`);
  if (f.agencies?.length) where.push(`g.name = ANY(${p(f.agencies)}::text[])`);
  if (f.closedAfter) where.push(`(r.closed_at IS NULL OR r.closed_at >= ${p(f.closedAfter)})`);
  const text = `${REQUEST_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ${p(f.limit)} OFFSET ${p(f.offset)}`;
  return { text, params };
}

/** The list's statements, prepared once per connection: one text per combination of filters (at most 2⁹). */
const prepared = new Map<string, PreparedSql>();

export async function listRequests(t: Tx, kov: string, f: RequestFilter): Promise<PublicRequestRow[]> {
  const { text, params } = requestListSql(kov, f);
  let ps = prepared.get(text);
  if (!ps) prepared.set(text, (ps = preparedSql(text)));
  return t.query<PublicRequestRow>(ps, params);
}

/** One confirmed report by its number, or null. */
export async function requestByNumber(t: Tx, kov: string, number: string, closedAfter: Date | null): Promise<PublicRequestRow | null> {
  const rows = await listRequests(t, kov, { numbers: [number], closedAfter, limit: 1, offset: 0 });
  return rows[0] ?? null;
}

/** The report id and number of a confirmed report by its number (for updates). */
export async function reportIdByNumber(t: Tx, kov: string, number: string): Promise<{ id: string; number: string; status: ReportStatus; is_open: boolean } | null> {
  return (
    (await t.one<{ id: string; number: string; status: ReportStatus; is_open: boolean }>(
      `SELECT id, number, status, is_open FROM reports_report WHERE kov_code = $1 AND number = $2 AND status <> 'unconfirmed'`,
      [kov, number],
    )) ?? null
  );
}

/** The number of a report by its Open311 token (null: none, or not yet confirmed). */
export async function numberByToken(t: Tx, kov: string, token: string): Promise<{ number: string; confirmed: boolean } | null> {
  const r = await t.one<{ number: string; status: ReportStatus }>('SELECT number, status FROM reports_report WHERE kov_code = $1 AND token = $2', [kov, token]);
  return r ? { number: r.number, confirmed: r.status !== 'unconfirmed' } : null;
}

/** How long closed reports stay public in the KOV (months; null: for ever). */
export async function keepMonths(t: Tx, kov: string): Promise<number | null> {
  const r = await t.one<{ keep_months: number | null }>('SELECT keep_months FROM reports_setting WHERE kov_code = $1', [kov]);
  return r?.keep_months ?? null;
}

export interface PublicEventRow {
  id: string;
  number: string;
  kind: string;
  status: ReportStatus;
  body: string | null;
  at: Date;
  photo_id: string | null;
}

/** The public events of a report, oldest first (its status notes history). */
export async function publicEventsOf(t: Tx, kov: string, reportId: string): Promise<PublicEventRow[]> {
  return t.query<PublicEventRow>(
    `SELECT e.id::text AS id, r.number, e.kind, e.status, e.body, e.at,
            (SELECT p.id FROM reports_photo p WHERE p.kov_code = e.kov_code AND p.event_id = e.id ORDER BY p.ordinal, p.id LIMIT 1) AS photo_id
       FROM reports_event e JOIN reports_report r ON r.kov_code = e.kov_code AND r.id = e.report_id
      WHERE e.kov_code = $1 AND e.report_id = $2 AND e.public
      ORDER BY e.seq`,
    [kov, reportId],
  );
}

/** Public updates of the KOV's confirmed reports in a time window (the 'created' events excluded), oldest first. */
export async function publicUpdates(t: Tx, kov: string, f: { from: Date; to: Date; limit: number; offset: number; closedAfter: Date | null }): Promise<PublicEventRow[]> {
  return t.query<PublicEventRow>(
    `SELECT e.id::text AS id, r.number, e.kind, e.status, e.body, e.at,
            (SELECT p.id FROM reports_photo p WHERE p.kov_code = e.kov_code AND p.event_id = e.id ORDER BY p.ordinal, p.id LIMIT 1) AS photo_id
       FROM reports_event e JOIN reports_report r ON r.kov_code = e.kov_code AND r.id = e.report_id
      WHERE e.kov_code = $1 AND e.public AND e.kind NOT IN ('created', 'confirmed') AND r.status <> 'unconfirmed'
        AND e.at >= $2 AND e.at < $3 AND ($6::timestamptz IS NULL OR r.closed_at IS NULL OR r.closed_at >= $6)
      ORDER BY e.id LIMIT $4 OFFSET $5`,
    [kov, f.from, f.to, f.limit, f.offset, f.closedAfter],
  );
}

// ---------- servicerequestupdates idempotency ----------

/** Claims an update_id for a report; false when it was claimed before (the update is not applied again). */
export async function claimUpdate(t: Tx, kov: string, updateId: string, reportId: string): Promise<boolean> {
  const r = await t.one('INSERT INTO reports_open311_update (kov_code, update_id, report_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING update_id', [kov, updateId, reportId]);
  return !!r;
}

export async function claimedUpdate(t: Tx, kov: string, updateId: string): Promise<{ report_id: string; event_id: string | null } | null> {
  return (
    (await t.one<{ report_id: string; event_id: string | null }>('SELECT report_id, event_id::text AS event_id FROM reports_open311_update WHERE kov_code = $1 AND update_id = $2', [kov, updateId])) ??
    null
  );
}

export async function setUpdateEvent(t: Tx, kov: string, updateId: string, eventId: string | null): Promise<void> {
  await t.query('UPDATE reports_open311_update SET event_id = $3 WHERE kov_code = $1 AND update_id = $2', [kov, updateId, eventId]);
}

export async function releaseUpdate(t: Tx, kov: string, updateId: string): Promise<void> {
  await t.query('DELETE FROM reports_open311_update WHERE kov_code = $1 AND update_id = $2 AND event_id IS NULL', [kov, updateId]);
}

/** The newest event of a report (what a change just wrote). */
export async function lastEventOf(t: Tx, kov: string, reportId: string): Promise<{ id: string; seq: number } | null> {
  return (await t.one<{ id: string; seq: number }>('SELECT id::text AS id, seq FROM reports_event WHERE kov_code = $1 AND report_id = $2 ORDER BY seq DESC LIMIT 1', [kov, reportId])) ?? null;
}

// ---------- media uploaded before its request ----------

export async function insertLoosePhoto(t: Tx, p: { id: string; kov: string; mime: string; width: number; height: number; bytes: Buffer }): Promise<void> {
  await t.query('INSERT INTO reports_photo (id, kov_code, report_id, ordinal, mime, width, height, bytes) VALUES ($1, $2, NULL, 0, $3, $4, $5, $6)', [
    p.id, p.kov, p.mime, p.width, p.height, p.bytes,
  ]);
}

/** Attaches uploaded photos that are still loose to a report (in order); answers how many it took. */
export async function attachPhotos(t: Tx, kov: string, reportId: string, ids: string[], firstOrdinal: number, eventId: string | null): Promise<number> {
  let n = 0;
  for (const id of ids) {
    const r = await t.one(
      'UPDATE reports_photo SET report_id = $3, ordinal = $4, event_id = $5 WHERE kov_code = $1 AND id = $2 AND report_id IS NULL RETURNING id',
      [kov, id, reportId, firstOrdinal + n, eventId],
    );
    if (r) n++;
  }
  return n;
}

/** Which of the ids are loose uploads of the KOV. */
export async function loosePhotos(t: Tx, kov: string, ids: string[]): Promise<string[]> {
  const rows = await t.query<{ id: string }>('SELECT id FROM reports_photo WHERE kov_code = $1 AND id = ANY($2::uuid[]) AND report_id IS NULL', [kov, ids]);
  return rows.map((r) => r.id);
}

export async function photoCount(t: Tx, kov: string, reportId: string): Promise<number> {
  const r = await t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_photo WHERE kov_code = $1 AND report_id = $2', [kov, reportId]);
  return r?.n ?? 0;
}

/** Whether a photo with this id is kept (a media fetch adds its photo once). */
export async function photoExists(t: Tx, kov: string, id: string): Promise<boolean> {
  return (await t.one('SELECT 1 AS x FROM reports_photo WHERE kov_code = $1 AND id = $2', [kov, id])) !== undefined;
}

/** Whether the report is still there. */
export async function reportExists(t: Tx, kov: string, id: string): Promise<boolean> {
  return (await t.one('SELECT 1 AS x FROM reports_report WHERE kov_code = $1 AND id = $2', [kov, id])) !== undefined;
}

// ---------- media_url fetches still to do (reports_report.media_fetch_*) ----------

/** Records, in the report's own transaction, that its media_url is still to be fetched as photo `photoId`. */
export async function markMediaFetch(t: Tx, kov: string, reportId: string, photoId: string, after: Date): Promise<void> {
  await t.query('UPDATE reports_report SET media_fetch_id = $3, media_fetch_after = $4, media_fetch_tries = 0 WHERE kov_code = $1 AND id = $2', [kov, reportId, photoId, after]);
}

/** The fetch of photo `photoId` is settled (added, refused for good, no room, given up): no sweep takes it again. */
export async function settleMediaFetch(t: Tx, kov: string, reportId: string, photoId: string): Promise<void> {
  await t.query('UPDATE reports_report SET media_fetch_id = NULL, media_fetch_after = NULL WHERE kov_code = $1 AND id = $2 AND media_fetch_id = $3', [kov, reportId, photoId]);
}

export interface MediaFetchClaim {
  kov: string;
  report_id: string;
  photo_id: string;
  url: string | null;
  /** The sweep's attempts including this one. */
  tries: number;
}

/**
 * Every KOV's fetches due at `at` (system work), oldest first, claimed: tries + 1 and the next time
 * pushed back by backoffSeconds × 2^tries, so a second sweep (another process) skips them
 * (SKIP LOCKED) and a failed attempt waits before the next.
 */
export async function claimMediaFetches(t: Tx, at: Date, limit: number, backoffSeconds: number): Promise<MediaFetchClaim[]> {
  return t.query<MediaFetchClaim>(
    `UPDATE reports_report r
        SET media_fetch_tries = r.media_fetch_tries + 1,
            media_fetch_after = $1::timestamptz + make_interval(secs => $3::double precision * power(2, r.media_fetch_tries))
      WHERE r.id IN (SELECT id FROM reports_report WHERE media_fetch_id IS NOT NULL AND media_fetch_after <= $1
                      ORDER BY media_fetch_after, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING r.kov_code AS kov, r.id AS report_id, r.media_fetch_id AS photo_id, r.attributes->>'media_url' AS url, r.media_fetch_tries::int AS tries`,
    [at, limit, backoffSeconds],
  );
}
