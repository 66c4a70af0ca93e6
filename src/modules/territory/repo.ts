// SQL for the territory tables (territory_version, territory_unit). Reads run in app-role
// transactions (the app role may only SELECT them); the classifier import writes as the owner.
import type { Tx } from '../../kernel/db.js';

export interface VersionRow {
  version: string;
  sourceKind: 'ehak' | 'landboard' | 'demo';
  fileName: string;
  importedAt: Date;
  counties: number;
  municipalities: number;
  settlementUnits: number;
  selfUnits: number;
}

export interface CountyRow {
  code: string;
  name: string;
  municipalities: number;
}

export interface KovRow {
  code: string;
  name: string;
  kind: 'linn' | 'vald';
  countyCode: string;
  /** County name from the current classifier version; null if it does not have the county. */
  countyName: string | null;
  ehakVersion: string;
}

export interface SettlementUnitRow {
  code: string;
  name: string;
  type: string | null;
  selfUnit: boolean;
}

export interface UnitMatch extends SettlementUnitRow {
  municipalityCode: string;
  municipalityName: string;
}

const collator = new Intl.Collator('et', { sensitivity: 'base', numeric: true });
export const byName = <R extends { name: string }>(a: R, b: R) => collator.compare(a.name, b.name) || a.name.localeCompare(b.name);

/** Folds case and Estonian diacritics: "Põltsamaa" and "poltsamaa" match. */
export function fold(s: string): string {
  return s.replace(/[õÕ]/g, 'o').replace(/[äÄ]/g, 'a').replace(/[öÖ]/g, 'o').replace(/[üÜ]/g, 'u').replace(/[šŠ]/g, 's').replace(/[žŽ]/g, 'z').toLowerCase();
}
// The same folding in SQL (translate before ILIKE: lower() of non-ASCII depends on the locale).
const FOLD_SQL = (col: string) => `translate(${col}, 'õÕäÄöÖüÜšŠžŽ', 'oOaAoOuUsSzZ')`;

export async function currentVersion(q: Tx): Promise<VersionRow | null> {
  const r = await q.one<VersionRow>(
    `SELECT version, source_kind AS "sourceKind", file_name AS "fileName", imported_at AS "importedAt", counties, municipalities,
            settlement_units AS "settlementUnits", self_units AS "selfUnits"
     FROM territory_version WHERE is_current`,
  );
  return r ?? null;
}

export async function listCounties(q: Tx, version: string): Promise<CountyRow[]> {
  const rows = await q.query<CountyRow>(
    `SELECT c.code, c.name,
            (SELECT count(*)::int FROM territory_unit m WHERE m.version = c.version AND m.level = 2 AND m.parent_code = c.code) AS municipalities
     FROM territory_unit c WHERE c.version = $1 AND c.level = 1`,
    [version],
  );
  return rows.sort(byName);
}

export async function getCounty(q: Tx, version: string, code: string): Promise<CountyRow | null> {
  return (await listCounties(q, version)).find((c) => c.code === code) ?? null;
}

/** The settlement units of a municipality in a version (a self unit for towns without any). */
export async function listSettlementUnits(q: Tx, version: string, kov: string): Promise<SettlementUnitRow[]> {
  const rows = await q.query<SettlementUnitRow>(
    `SELECT code, name, type, self_unit AS "selfUnit" FROM territory_unit
     WHERE version = $1 AND level = 3 AND municipality_code = $2`,
    [version, kov],
  );
  return rows.sort(byName);
}

/** Settlement units whose name contains the text (case and diacritics folded), with their KOV. */
export async function searchSettlementUnits(q: Tx, version: string, text: string, limit: number): Promise<UnitMatch[]> {
  const needle = fold(text.trim()).replace(/[\\%_]/g, (c) => `\\${c}`);
  if (!needle) return [];
  const rows = await q.query<UnitMatch>(
    `SELECT u.code, u.name, u.type, u.self_unit AS "selfUnit", u.municipality_code AS "municipalityCode", m.name AS "municipalityName"
     FROM territory_unit u
     JOIN territory_unit m ON m.version = u.version AND m.level = 2 AND m.code = u.municipality_code
     WHERE u.version = $1 AND u.level = 3 AND NOT u.self_unit AND ${FOLD_SQL('u.name')} ILIKE '%' || $2 || '%'
     ORDER BY u.name LIMIT $3`,
    [version, needle, limit],
  );
  return rows.sort(byName);
}

// ---------- the current classifier, for other modules (through index.ts) ----------

export interface EhakIndex {
  version: string;
  counties: Set<string>;
  municipalities: Map<string, string>; // code → county code
  /** level-3 code → municipality code (self units included: a town without units is its own unit) */
  units: Map<string, string>;
  unitNames: Map<string, string>;
}

export async function loadEhakIndex(q: Tx): Promise<EhakIndex | null> {
  const v = await q.one<{ version: string }>('SELECT version FROM territory_version WHERE is_current');
  if (!v) return null;
  const rows = await q.query<{ code: string; level: number; name: string; municipality_code: string | null; county_code: string }>(
    'SELECT code, level, name, municipality_code, county_code FROM territory_unit WHERE version = $1',
    [v.version],
  );
  const idx: EhakIndex = { version: v.version, counties: new Set(), municipalities: new Map(), units: new Map(), unitNames: new Map() };
  for (const r of rows) {
    const level = Number(r.level);
    if (level === 1) idx.counties.add(r.code);
    else if (level === 2) idx.municipalities.set(r.code, r.county_code);
    else {
      idx.units.set(r.code, r.municipality_code ?? '');
      idx.unitNames.set(r.code, r.name);
    }
  }
  return idx;
}

export interface UnitName {
  code: string;
  name: string;
}

/** The settlement units of a KOV in the current EHAK version (a self unit for towns without any). */
export async function currentUnitsOf(q: Tx, kov: string): Promise<UnitName[]> {
  return q.query<UnitName>(
    `SELECT u.code, u.name FROM territory_unit u JOIN territory_version v ON v.version = u.version AND v.is_current
      WHERE u.level = 3 AND u.municipality_code = $1 ORDER BY u.name, u.code`,
    [kov],
  );
}

/** Names of EHAK codes (any level) in the current version; null when no version is current. */
export async function ehakNames(q: Tx, codes: string[]): Promise<{ version: string; names: Map<string, string> } | null> {
  const rows = await q.query<{ version: string; code: string | null; name: string | null }>(
    `SELECT v.version, u.code, u.name
       FROM territory_version v LEFT JOIN territory_unit u ON u.version = v.version AND u.code = ANY($1::text[])
      WHERE v.is_current
      ORDER BY u.level`,
    [codes],
  );
  if (!rows.length) return null;
  const names = new Map<string, string>();
  for (const r of rows) if (r.code && r.name && !names.has(r.code)) names.set(r.code, r.name);
  return { version: rows[0]!.version, names };
}

/** The county of a municipality in the current version, or null when it is not in it. */
export async function currentCountyOf(q: Tx, kov: string): Promise<string | null> {
  const r = await q.one<{ county_code: string }>(
    `SELECT u.county_code FROM territory_unit u JOIN territory_version v ON v.version = u.version AND v.is_current WHERE u.level = 2 AND u.code = $1`,
    [kov],
  );
  return r?.county_code ?? null;
}

// ---------- the classifier import (owner transaction) ----------

/** One classifier import at a time (PostgreSQL; PGlite runs transactions one after another). */
export async function lockImports(t: Tx): Promise<void> {
  await t.query('SELECT pg_advisory_xact_lock(7305020)');
}

/** Drops a version's units and records the version (new or replaced) with its counts. */
export async function replaceVersion(
  t: Tx,
  v: { version: string; kind: string; fileName: string; counts: { counties: number; municipalities: number; settlementUnits: number; selfUnits: number } },
): Promise<void> {
  await t.query('DELETE FROM territory_unit WHERE version = $1', [v.version]);
  await t.query(
    `INSERT INTO territory_version (version, source_kind, file_name, imported_at, counties, municipalities, settlement_units, self_units)
     VALUES ($1, $2, $3, core_now(), $4, $5, $6, $7)
     ON CONFLICT (version) DO UPDATE SET source_kind = EXCLUDED.source_kind, file_name = EXCLUDED.file_name,
       imported_at = EXCLUDED.imported_at, counties = EXCLUDED.counties, municipalities = EXCLUDED.municipalities,
       settlement_units = EXCLUDED.settlement_units, self_units = EXCLUDED.self_units`,
    [v.version, v.kind, v.fileName, v.counts.counties, v.counts.municipalities, v.counts.settlementUnits, v.counts.selfUnits],
  );
}

export interface UnitInsert {
  code: string;
  level: number;
  name: string;
  type: string | null;
  parentCode: string | null;
  municipalityCode: string | null;
  countyCode: string;
  selfUnit: boolean;
}

/** Inserts a batch of units in one statement (arrays unnested server-side). */
export async function insertUnits(t: Tx, version: string, b: readonly UnitInsert[]): Promise<void> {
  await t.query(
    `INSERT INTO territory_unit (version, code, level, name, type, parent_code, municipality_code, county_code, self_unit)
     SELECT $1, * FROM unnest($2::text[], $3::int2[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bool[])`,
    [
      version,
      b.map((r) => r.code),
      b.map((r) => r.level),
      b.map((r) => r.name),
      b.map((r) => r.type),
      b.map((r) => r.parentCode),
      b.map((r) => r.municipalityCode),
      b.map((r) => r.countyCode),
      b.map((r) => r.selfUnit),
    ],
  );
}

export async function makeCurrent(t: Tx, version: string): Promise<void> {
  await t.query('UPDATE territory_version SET is_current = false WHERE is_current AND version <> $1', [version]);
  await t.query('UPDATE territory_version SET is_current = true WHERE version = $1', [version]);
}

/** The municipalities of a version, as the kernel's tenants are made of them. */
export async function municipalitiesOf(t: Tx, version: string): Promise<{ code: string; name: string; kind: 'linn' | 'vald'; countyCode: string }[]> {
  return t.query(
    `SELECT code, name, type AS kind, county_code AS "countyCode" FROM territory_unit WHERE version = $1 AND level = 2 ORDER BY code`,
    [version],
  );
}

// ---------- settlement unit boundaries (tenant rows: the KOV's own transaction, RLS) ----------

export interface BoundaryInsert {
  code: string;
  name: string;
  polygons: [number, number][][][];
  points: number;
}

export interface BoundaryRow {
  code: string;
  name: string;
  polygons: [number, number][][][];
}

/** Replaces the KOV's boundaries with the given ones (one statement each). */
export async function replaceBoundaries(t: Tx, kov: string, v: { version: string; crs: string; fileName: string }, rows: readonly BoundaryInsert[]): Promise<number> {
  const gone = await t.query<{ unit_code: string }>('DELETE FROM territory_boundary WHERE kov_code = $1 RETURNING unit_code', [kov]);
  if (rows.length) {
    await t.query(
      `INSERT INTO territory_boundary (kov_code, unit_code, ehak_version, name, polygons, points, source_crs, file_name, imported_at)
       SELECT $1, u.code, $2, u.name, u.polygons::jsonb, u.points, $3, $4, core_now()
         FROM unnest($5::text[], $6::text[], $7::text[], $8::int[]) AS u(code, name, polygons, points)`,
      [kov, v.version, v.crs, v.fileName, rows.map((r) => r.code), rows.map((r) => r.name), rows.map((r) => JSON.stringify(r.polygons)), rows.map((r) => r.points)],
    );
  }
  return gone.length;
}

/** The KOV's stored boundaries, by unit name. */
export async function boundariesOf(t: Tx, kov: string): Promise<BoundaryRow[]> {
  return t.query<BoundaryRow>('SELECT unit_code AS code, name, polygons FROM territory_boundary WHERE kov_code = $1 ORDER BY name, unit_code', [kov]);
}

/**
 * The settlement unit boundaries of every KOV with a polygon whose outer ring's bounding box holds
 * the L-EST97 point (x east, y north): the candidates a point-in-polygon test then decides. Across
 * KOVs: the caller's owner transaction.
 */
export async function boundariesAround(t: Tx, x: number, y: number): Promise<Array<{ kov: string; code: string; polygons: [number, number][][][] }>> {
  return t.query(
    `SELECT b.kov_code AS kov, b.unit_code AS code, b.polygons FROM territory_boundary b
      WHERE EXISTS (
        SELECT 1 FROM jsonb_array_elements(b.polygons) poly
         CROSS JOIN LATERAL (
           SELECT min((pt->>0)::float8) AS x0, max((pt->>0)::float8) AS x1, min((pt->>1)::float8) AS y0, max((pt->>1)::float8) AS y1
             FROM jsonb_array_elements(poly->0) pt) box
         WHERE box.x0 <= $1 AND box.x1 >= $1 AND box.y0 <= $2 AND box.y1 >= $2)
      ORDER BY b.kov_code, b.unit_code`,
    [x, y],
  );
}
