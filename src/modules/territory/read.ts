// The territory module's reads: what the public pages and the JSON API show, each in one app-role
// transaction of its own; and the classifier lookups other modules make through index.ts, in the
// caller's transaction (the classifier is public reference data).
import proj4 from 'proj4';
import type { Db, Tx } from '../../kernel/db.js';
import { LEST97, WGS84 } from './boundaries.js';
import { listTenants } from '../../kernel/tenants.js';
import type { CountyRow, EhakIndex, KovRow, SettlementUnitRow, UnitMatch, UnitName, VersionRow } from './repo.js';
import * as repo from './repo.js';
import { byName, fold } from './repo.js';

/** Active tenants with county names from the current classifier, optionally filtered, by name. */
async function kovsIn(t: Tx, version: VersionRow | null, filter: { county?: string; q?: string } = {}): Promise<KovRow[]> {
  const tenants = await listTenants(t, { county: filter.county });
  const counties = version ? new Map((await repo.listCounties(t, version.version)).map((c) => [c.code, c.name])) : new Map<string, string>();
  const needle = filter.q ? fold(filter.q.trim()) : '';
  return tenants
    .map((k) => ({ code: k.code, name: k.name, kind: k.kind, countyCode: k.countyCode, countyName: counties.get(k.countyCode) ?? null, ehakVersion: k.ehakVersion }))
    .filter((r) => !needle || fold(r.name).includes(needle) || r.code === needle)
    .sort(byName);
}

async function unitsIn(t: Tx, version: VersionRow | null, kov: string): Promise<SettlementUnitRow[]> {
  return version ? repo.listSettlementUnits(t, version.version, kov) : [];
}

export function currentVersion(db: Db): Promise<VersionRow | null> {
  return db.tx((t) => repo.currentVersion(t));
}

/** The front page: every KOV and whether a classifier is loaded. */
export function homeData(db: Db): Promise<{ kovs: KovRow[]; version: VersionRow | null }> {
  return db.tx(async (t) => {
    const version = await repo.currentVersion(t);
    return { kovs: await kovsIn(t, version), version };
  });
}

/** The KOV list: counties, the KOVs (of a county, matching a text) and settlement units matching it. */
export function kovListData(
  db: Db,
  filter: { county?: string; q?: string },
  unitLimit: number,
): Promise<{ counties: CountyRow[]; kovs: KovRow[]; units: UnitMatch[] | null }> {
  return db.tx(async (t) => {
    const version = await repo.currentVersion(t);
    return {
      counties: version ? await repo.listCounties(t, version.version) : [],
      kovs: await kovsIn(t, version, filter),
      units: version && filter.q ? await repo.searchSettlementUnits(t, version.version, filter.q, unitLimit) : null,
    };
  });
}

/** A KOV with its settlement units in the current version; kov null when it is not an active tenant. */
export function kovWithUnits(db: Db, code: string): Promise<{ kov: KovRow | null; version: VersionRow | null; units: SettlementUnitRow[] }> {
  return db.tx(async (t) => {
    const version = await repo.currentVersion(t);
    const kov = (await kovsIn(t, version)).find((k) => k.code === code) ?? null;
    return { kov, version, units: await unitsIn(t, version, code) };
  });
}

/** A county of the current version with its KOVs; county null when there is none. */
export function countyWithKovs(db: Db, code: string): Promise<{ county: CountyRow | null; kovs: KovRow[] }> {
  return db.tx(async (t) => {
    const version = await repo.currentVersion(t);
    const county = version ? await repo.getCounty(t, version.version, code) : null;
    return { county, kovs: county ? await kovsIn(t, version, { county: code }) : [] };
  });
}

/** The counties of the current version, or null when no classifier is loaded. */
export function countiesData(db: Db): Promise<{ version: string; items: CountyRow[] } | null> {
  return db.tx(async (t) => {
    const v = await repo.currentVersion(t);
    return v ? { version: v.version, items: await repo.listCounties(t, v.version) } : null;
  });
}

/** The KOVs (of a county, matching a text); unknownCounty when the county is not in the classifier. */
export function kovsData(db: Db, filter: { county?: string; q?: string }): Promise<{ version: string | null; items: KovRow[] } | 'unknownCounty'> {
  return db.tx(async (t) => {
    const v = await repo.currentVersion(t);
    if (filter.county && (!v || !(await repo.getCounty(t, v.version, filter.county)))) return 'unknownCounty' as const;
    return { version: v?.version ?? null, items: await kovsIn(t, v, filter) };
  });
}

// ---------- for other modules (index.ts): the current classifier, in the caller's transaction ----------

/** The whole current classifier as lookup maps (register imports check every row against it). */
export function classifierIndex(t: Tx): Promise<EhakIndex | null> {
  return repo.loadEhakIndex(t);
}

/** The settlement units of a KOV in the current version. */
export function settlementUnitsOf(t: Tx, kov: string): Promise<UnitName[]> {
  return repo.currentUnitsOf(t, kov);
}

/** Names of EHAK codes (any level) in the current version; null when none is current. */
export function classifierNames(t: Tx, codes: string[]): Promise<{ version: string; names: Map<string, string> } | null> {
  return repo.ehakNames(t, codes);
}

/** The county of a KOV in the current version, or null. */
export function countyOfKov(t: Tx, kov: string): Promise<string | null> {
  return repo.currentCountyOf(t, kov);
}

/** A settlement unit's boundary as stored: polygons in L-EST97 metres (x east, y north), simplified. */
export interface UnitBoundary {
  code: string;
  name: string;
  polygons: [number, number][][][];
}

/** The KOV's imported settlement unit boundaries (empty when it has imported none), in the caller's transaction. */
export function unitBoundaries(t: Tx, kov: string): Promise<UnitBoundary[]> {
  return repo.boundariesOf(t, kov);
}

/** Whether the point (x, y) lies inside a ring (even-odd ray casting; a point on an edge may go either way). */
function inRing(x: number, y: number, ring: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether the point lies in one of the polygons: inside a polygon's outer ring and in none of its holes. */
export function pointInPolygons(x: number, y: number, polygons: readonly (readonly (readonly (readonly [number, number])[])[])[]): boolean {
  return polygons.some((p) => p.length > 0 && inRing(x, y, p[0]!) && !p.slice(1).some((hole) => inRing(x, y, hole)));
}

const wgsToLest = proj4(WGS84, LEST97);

/**
 * The KOV and settlement unit whose imported boundary holds the WGS84 point, or null when no KOV's
 * imported boundaries hold it. Looks across every KOV's boundaries (each KOV imports its own), so it
 * runs as the owner; it answers only the codes.
 */
export async function locatePoint(db: Db, lat: number, lon: number): Promise<{ kov: string; unit: string } | null> {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  const [x, y] = wgsToLest.forward([lon, lat]) as [number, number];
  const candidates = await db.system('locate a point in the settlement unit boundaries of every KOV (report routing)', (t) => repo.boundariesAround(t, x, y));
  const hit = candidates.find((c) => pointInPolygons(x, y, c.polygons));
  return hit ? { kov: hit.kov, unit: hit.code } : null;
}
