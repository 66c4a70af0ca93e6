// Read-side SQL for the territory tables (and the tenant list it keeps in core_tenant). Runs in
// app-role transactions (db.tx): the app role may only SELECT these tables.
import type {Db, Tx} from '../../kernel/db.js';

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

/** Active tenants (KOVs), with county names from the current classifier version. */
export async function listKovs(q: Tx, filter: { county?: string; q?: string } = {}): Promise<KovRow[]> {
  const rows = await q.query<KovRow>(
    `SELECT t.kov_code AS code, t.name, t.kind, t.county_code AS "countyCode", c.name AS "countyName", t.ehak_version AS "ehakVersion"
     FROM core_tenant t
     LEFT JOIN territory_version v ON v.is_current
     LEFT JOIN territory_unit c ON c.version = v.version AND c.level = 1 AND c.code = t.county_code
     WHERE t.active AND ($1::text IS NULL OR t.county_code = $1)`,
    [filter.county ?? null],
  );
  const needle = filter.q ? fold(filter.q.trim()) : '';
  return rows.filter((r) => !needle || fold(r.name).includes(needle) || r.code === needle).sort(byName);
}

export async function getKov(q: Tx, code: string): Promise<KovRow | null> {
  return (await listKovs(q)).find((k) => k.code === code) ?? null;
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

/** Everything the public pages and the API read, in one app-role transaction. */
export function readTerritory<T>(db: Db, fn: (q: Tx) => Promise<T>): Promise<T> {
  return db.tx((t) => fn(t));
}
