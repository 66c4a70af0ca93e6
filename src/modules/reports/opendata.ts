// The reports module's open-data export (read only; issue 14, item 3): what the platform's automatic
// dataset of problem reports may publish. Coarse places only: the point is snapped to a grid of about
// 110 m (0.001° of latitude × 0.002° of longitude), so that a report at a home does not give the home
// away; with the settlement unit (EHAK) where known. No free text, no reporter, no photo.
import { now } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { openReportRows } from './repo/opendata.js';

export interface OpenReport {
  number: string;
  categoryCode: string;
  categoryName: string;
  domain: string;
  status: string;
  createdAt: Date;
  closedAt: Date | null;
  /** Snapped to the grid (see above); null when the report has only an address. */
  lat: number | null;
  lon: number | null;
  unitCode: string | null;
}

/** The grid a report's point is snapped to (degrees). */
export const OPEN_GRID = { lat: 0.001, lon: 0.002 } as const;

/** A coordinate rounded to the nearest multiple of the grid step. */
export function snap(v: number, step: number): number {
  const n = Math.round(v / step);
  return Number((n * step).toFixed(6));
}

/** The KOV's public reports with coarse places, oldest first. */
export async function openReports(db: Db, kov: string): Promise<OpenReport[]> {
  const rows = await db.tx((t) => openReportRows(t, kov, now()), { kov });
  return rows.map((r) => ({
    number: r.number,
    categoryCode: r.category_code,
    categoryName: r.category_et,
    domain: r.domain,
    status: r.status,
    createdAt: new Date(r.created_at),
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    lat: r.lat === null ? null : snap(Number(r.lat), OPEN_GRID.lat),
    lon: r.lon === null ? null : snap(Number(r.lon), OPEN_GRID.lon),
    unitCode: r.unit_code,
  }));
}
