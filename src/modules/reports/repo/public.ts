// SQL of the reports module's public side: the public list and report page (never a reporter's
// personal data: the columns are named one by one), photos of public reports, nearby open reports
// for the duplicate check, the KOVs that take reports, and the reporter's "is it fixed?" answer.
//
// "Public" means: confirmed (not 'unconfirmed') and, when closed, closed within the KOV's
// reports_setting.keep_months (NULL or no setting: kept for ever). `$now` is always the kernel clock.
import type { Tx } from '../../../kernel/db.js';
import type { Domain, ReportStatus } from '../repo.js';

/** The visibility condition on reports_report AS r; $1 is the KOV, `nowParam` the current time. */
const visible = (nowParam: string) => `r.status <> 'unconfirmed'
  AND (r.is_open OR r.closed_at IS NULL OR NOT EXISTS (
    SELECT 1 FROM reports_setting s WHERE s.kov_code = $1 AND s.keep_months IS NOT NULL
      AND r.closed_at < ${nowParam}::timestamptz - make_interval(months => s.keep_months)))`;

export interface PublicReportRow {
  id: string;
  number: string;
  category_id: string;
  category_code: string;
  name_et: string;
  name_en: string;
  name_ru: string;
  domain: Domain;
  status: ReportStatus;
  is_open: boolean;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  created_at: Date;
  expected_at: Date | null;
  closed_at: Date | null;
  /** Confirmed followers ("I have this problem too"). */
  followers: number;
}

const PUBLIC_COLS = `r.id, r.number, r.category_id, c.code AS category_code, c.name_et, c.name_en, c.name_ru, r.domain, r.status, r.is_open,
  r.description, r.lat, r.lon, r.address, r.created_at, r.expected_at, r.closed_at,
  (SELECT count(*)::int FROM reports_follower f WHERE f.kov_code = r.kov_code AND f.report_id = r.id AND f.confirmed_at IS NOT NULL) AS followers`;

export interface PublicFilter {
  open?: boolean;
  categoryCode?: string;
  domain?: Domain;
}

function filterSql(f: PublicFilter, params: unknown[]): string {
  const parts: string[] = [];
  if (f.open !== undefined) parts.push(f.open ? 'r.is_open' : 'NOT r.is_open');
  if (f.categoryCode) {
    params.push(f.categoryCode);
    parts.push(`c.code = $${params.length}`);
  }
  if (f.domain) {
    params.push(f.domain);
    parts.push(`r.domain = $${params.length}`);
  }
  return parts.map((p) => ` AND ${p}`).join('');
}

/** A page of the KOV's public reports, newest first, and how many there are in all. */
export async function publicReports(t: Tx, kov: string, f: PublicFilter, now: Date, limit: number, offset: number): Promise<{ rows: PublicReportRow[]; total: number }> {
  const params: unknown[] = [kov, now];
  const where = `r.kov_code = $1 AND c.kov_code = $1 AND ${visible('$2')}${filterSql(f, params)}`;
  const total = await t.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM reports_report r JOIN reports_category c ON c.id = r.category_id WHERE ${where}`,
    params,
  );
  const rows = await t.query<PublicReportRow>(
    `SELECT ${PUBLIC_COLS} FROM reports_report r JOIN reports_category c ON c.id = r.category_id
     WHERE ${where} ORDER BY r.created_at DESC, r.number DESC LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
    params,
  );
  return { rows, total: total?.n ?? 0 };
}

/** A public report by its number (null: none, not confirmed, or past the KOV's retention). */
export async function publicReportByNumber(t: Tx, kov: string, number: string, now: Date): Promise<PublicReportRow | null> {
  return (
    (await t.one<PublicReportRow>(
      `SELECT ${PUBLIC_COLS} FROM reports_report r JOIN reports_category c ON c.id = r.category_id
       WHERE r.kov_code = $1 AND c.kov_code = $1 AND r.number = $3 AND ${visible('$2')}`,
      [kov, now, number],
    )) ?? null
  );
}

export interface PublicPhotoRef {
  id: string;
  width: number;
  height: number;
}

export async function photosOf(t: Tx, kov: string, reportId: string): Promise<PublicPhotoRef[]> {
  return t.query<PublicPhotoRef>('SELECT id, width, height FROM reports_photo WHERE kov_code = $1 AND report_id = $2 ORDER BY ordinal, created_at', [kov, reportId]);
}

/** A photo of a public report of the KOV (null otherwise). */
export async function publicPhoto(t: Tx, kov: string, id: string, now: Date): Promise<{ mime: string; bytes: Buffer; created_at: Date } | null> {
  return (
    (await t.one<{ mime: string; bytes: Buffer; created_at: Date }>(
      `SELECT p.mime, p.bytes, p.created_at FROM reports_photo p JOIN reports_report r ON r.id = p.report_id
       WHERE p.kov_code = $1 AND r.kov_code = $1 AND p.id = $3 AND ${visible('$2')}`,
      [kov, now, id],
    )) ?? null
  );
}

export interface NearbyRow {
  number: string;
  status: ReportStatus;
  description: string;
  address: string | null;
  created_at: Date;
  meters: number;
}

/**
 * Confirmed open reports of a category within `meters` of a point, nearest first. The box around
 * the point (degrees) lets the reports_report_near index (kov_code, category_id, lat, lon WHERE
 * is_open) find the candidates; the distance is equirectangular (exact enough at tens of metres).
 */
export async function nearbyOpen(t: Tx, kov: string, categoryId: string, lat: number, lon: number, meters: number): Promise<NearbyRow[]> {
  const dLat = meters / 110_574;
  const dLon = meters / (111_320 * Math.cos((lat * Math.PI) / 180));
  return t.query<NearbyRow>(
    `SELECT number, status, description, address, created_at, meters FROM (
       SELECT number, status, description, address, created_at,
              sqrt(power((lat - $3) * 110574, 2) + power((lon - $4) * 111320 * cos(radians($3)), 2)) AS meters
       FROM reports_report
       WHERE kov_code = $1 AND category_id = $2 AND is_open AND status <> 'unconfirmed'
         AND lat BETWEEN $5 AND $6 AND lon BETWEEN $7 AND $8
     ) n WHERE meters <= $9 ORDER BY meters LIMIT 10`,
    [kov, categoryId, lat, lon, lat - dLat, lat + dLat, lon - dLon, lon + dLon, meters],
  );
}

/** The KOVs with at least one active category (cross-KOV: the caller runs this as the system). */
export async function kovsWithCategories(t: Tx): Promise<string[]> {
  const rows = await t.query<{ kov_code: string }>('SELECT DISTINCT kov_code FROM reports_category WHERE active ORDER BY kov_code');
  return rows.map((r) => r.kov_code);
}

/** Stores the reporter's answer and clears the token (it works once). */
export async function storeFeedback(
  t: Tx,
  kov: string,
  id: string,
  a: { fixed: boolean; satisfaction: number | null; comment: string | null; at: Date },
): Promise<void> {
  await t.query(
    `UPDATE reports_report SET fixed_answer = $3, satisfaction = $4, feedback_comment = $5, feedback_at = $6, feedback_hash = NULL, updated_at = $6
     WHERE kov_code = $1 AND id = $2`,
    [kov, id, a.fixed, a.satisfaction, a.comment, a.at],
  );
}
