// SQL of the reports module's open-data export (read only): the KOV's public reports for the
// platform's automatic dataset (src/modules/opendata/auto). Never a reporter's data, the
// description, the address, an answer or a photo: the columns are named one by one. "Public" as on
// the public list (repo/public.ts): confirmed and, when closed, within the KOV's keep_months.
import type { Tx } from '../../../kernel/db.js';

export interface OpenReportRow {
  number: string;
  category_code: string;
  category_et: string;
  domain: string;
  status: string;
  created_at: Date;
  closed_at: Date | null;
  lat: number | null;
  lon: number | null;
  unit_code: string | null;
}

/** The KOV's public reports, oldest first. */
export async function openReportRows(t: Tx, kov: string, now: Date): Promise<OpenReportRow[]> {
  return t.query<OpenReportRow>(
    `SELECT r.number, c.code AS category_code, c.name_et AS category_et, r.domain, r.status, r.created_at, r.closed_at, r.lat, r.lon, r.unit_code
       FROM reports_report r JOIN reports_category c ON c.id = r.category_id AND c.kov_code = r.kov_code
      WHERE r.kov_code = $1 AND r.status <> 'unconfirmed'
        AND (r.is_open OR r.closed_at IS NULL OR NOT EXISTS (
          SELECT 1 FROM reports_setting s WHERE s.kov_code = $1 AND s.keep_months IS NOT NULL
            AND r.closed_at < $2::timestamptz - make_interval(months => s.keep_months)))
      ORDER BY r.created_at, r.number`,
    [kov, now],
  );
}
