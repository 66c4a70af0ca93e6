// The EHAK importer and the demo loader. Reading and checking happen first (parse.ts); only a
// source without problems is written, in one owner transaction (db.system): the version's old
// rows are replaced, the version is recorded (and made current), and the current version's
// municipalities are upserted into core_tenant — a KOV whose code disappeared is deactivated,
// never deleted. Re-importing the same version replaces its rows and gives the same counts.
import type { Db, Tx } from '../../kernel/db.js';
import {
  DEMO_COUNTIES,
  DEMO_EHAK_VERSION,
  DEMO_MUNICIPALITIES,
  DEMO_SELF_UNIT_TOWNS,
  DEMO_SETTLEMENT_UNITS,
} from './data/ehak-2025v5-demo.js';
import type { Classifier, Problem, ReadProgress, SourceFormat, UnitRow } from './parse.js';
import { VERSION_RE, checkTree, detectFormat, readEhakFile, readLandBoardFolder } from './parse.js';

export type { Problem, ReadProgress, SourceFormat } from './parse.js';

export interface ImportCounts {
  version: string;
  counties: number;
  municipalities: number;
  /** Settlement units listed by the source (level 3), not counting self units. */
  settlementUnits: number;
  /** Towns without settlement units, stored as their own level-3 unit (flagged self_unit). */
  selfUnits: number;
}

export interface TenantSync {
  added: number;
  updated: number;
  /** KOV codes set active = false because they are not in the current version. */
  deactivated: string[];
}

export interface ImportResult {
  ok: boolean;
  format: SourceFormat;
  /** The version label (given or derived); null if it could not be told. */
  version: string | null;
  /** Null when the source was rejected (nothing was written). */
  counts: ImportCounts | null;
  problems: Problem[];
  /** Whether the imported version is now the current one. */
  current: boolean;
  /** Null when the tenants were not touched (rejected, or a version that is not current). */
  tenants: TenantSync | null;
  ms: number;
}

export interface ImportOptions {
  /** Version label; derived from the file name (2025v5) or Land Board folder (2018-09-01) if absent. */
  version?: string;
  format?: SourceFormat;
  /** Make the imported version the current one (default true). */
  makeCurrent?: boolean;
  onProgress?: (p: ReadProgress) => void;
}

const BATCH = 1000;

/** Imports an EHAK classifier file (or a Land Board CSV folder) into the territory tables. */
export async function importEhak(db: Db, source: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const t0 = performance.now();
  const format = opts.format ?? detectFormat(source);
  const classifier = format === 'landboard' ? await readLandBoardFolder(source, opts.onProgress) : await readEhakFile(source, opts.onProgress);
  const version = opts.version ?? classifier.derivedVersion;
  const problems = [...classifier.problems];
  if (!version) {
    problems.push({
      file: classifier.fileName,
      line: 0,
      code: 'version',
      message: `cannot tell the classifier version from the name "${classifier.fileName}"; give it with --version`,
    });
  } else if (!VERSION_RE.test(version)) {
    problems.push({ file: classifier.fileName, line: 0, code: 'version', message: `"${version}" is not a valid version label (letters, digits, . _ -)` });
  }
  const rejected = (): ImportResult => ({
    ok: false,
    format,
    version,
    counts: null,
    problems,
    current: false,
    tenants: null,
    ms: Math.round(performance.now() - t0),
  });
  if (problems.length || !version) return rejected();

  const written = await writeClassifier(db, classifier, version, format, opts);
  return { ok: true, format, version, ...written, problems: [], ms: Math.round(performance.now() - t0) };
}

export function countsOf(version: string, rows: readonly UnitRow[]): ImportCounts {
  const c: ImportCounts = { version, counties: 0, municipalities: 0, settlementUnits: 0, selfUnits: 0 };
  for (const r of rows) {
    if (r.level === 1) c.counties++;
    else if (r.level === 2) c.municipalities++;
    else if (r.selfUnit) c.selfUnits++;
    else c.settlementUnits++;
  }
  return c;
}

async function writeClassifier(
  db: Db,
  classifier: Classifier,
  version: string,
  kind: SourceFormat | 'demo',
  opts: Pick<ImportOptions, 'makeCurrent' | 'onProgress'>,
): Promise<{ counts: ImportCounts; current: boolean; tenants: TenantSync | null }> {
  const counts = countsOf(version, classifier.rows);
  const rows = classifier.rows;
  return db.system('EHAK import: the classifier is platform-wide', async (t) => {
    // One importer at a time (PGlite runs transactions one after another anyway).
    if (db.engine === 'postgres') await t.query('SELECT pg_advisory_xact_lock(7305020)');
    await t.query('DELETE FROM territory_unit WHERE version = $1', [version]);
    await t.query(
      `INSERT INTO territory_version (version, source_kind, file_name, imported_at, counties, municipalities, settlement_units, self_units)
       VALUES ($1, $2, $3, core_now(), $4, $5, $6, $7)
       ON CONFLICT (version) DO UPDATE SET source_kind = EXCLUDED.source_kind, file_name = EXCLUDED.file_name,
         imported_at = EXCLUDED.imported_at, counties = EXCLUDED.counties, municipalities = EXCLUDED.municipalities,
         settlement_units = EXCLUDED.settlement_units, self_units = EXCLUDED.self_units`,
      [version, kind, classifier.fileName, counts.counties, counts.municipalities, counts.settlementUnits, counts.selfUnits],
    );
    // One statement per batch of rows: arrays unnested server-side (no per-row round trips).
    for (let i = 0; i < rows.length; i += BATCH) {
      const b = rows.slice(i, i + BATCH);
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
      opts.onProgress?.({ phase: 'write', file: classifier.fileName, rows: i + b.length, total: rows.length });
    }
    if (opts.makeCurrent ?? true) {
      await t.query('UPDATE territory_version SET is_current = false WHERE is_current AND version <> $1', [version]);
      await t.query('UPDATE territory_version SET is_current = true WHERE version = $1', [version]);
    }
    const cur = await t.one<{ version: string }>('SELECT version FROM territory_version WHERE is_current');
    const current = cur?.version === version;
    return { counts, current, tenants: current ? await syncTenants(t, version) : null };
  });
}

/** Upserts the version's municipalities as tenants; deactivates tenants not in it. */
async function syncTenants(t: Tx, version: string): Promise<TenantSync> {
  const up = await t.query<{ inserted: boolean }>(
    `INSERT INTO core_tenant (kov_code, name, kind, county_code, ehak_version, active)
     SELECT code, name, type, county_code, version, true FROM territory_unit WHERE version = $1 AND level = 2
     ON CONFLICT (kov_code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, county_code = EXCLUDED.county_code,
       ehak_version = EXCLUDED.ehak_version, active = true
     RETURNING (xmax = 0) AS inserted`,
    [version],
  );
  const gone = await t.query<{ kov_code: string }>(
    `UPDATE core_tenant SET active = false
     WHERE active AND kov_code NOT IN (SELECT code FROM territory_unit WHERE version = $1 AND level = 2)
     RETURNING kov_code`,
    [version],
  );
  const added = up.filter((r) => r.inserted).length;
  return { added, updated: up.length - added, deactivated: gone.map((r) => r.kov_code).sort() };
}

/**
 * Demo data: EHAK 2025v5 counties and municipalities, the settlement units of the demo KOVs
 * (Tallinn, Tartu linn, Viimsi vald) and the eight self-unit towns, all from data carried in the
 * repo; creates the 78 tenants. Goes through the same checks and writer as a file import.
 */
export async function loadDemoTerritory(db: Db): Promise<ImportResult> {
  const t0 = performance.now();
  const file = 'embedded demo data';
  const rows: UnitRow[] = [];
  let line = 0;
  const row = (r: Omit<UnitRow, 'file' | 'line' | 'municipalityCode' | 'countyCode' | 'selfUnit'> & { selfUnit?: boolean }): UnitRow => ({
    ...r,
    municipalityCode: null,
    countyCode: '',
    selfUnit: r.selfUnit ?? false,
    file,
    line: ++line,
  });
  for (const [code, name] of DEMO_COUNTIES) rows.push(row({ code, name, level: 1, type: 'maakond', parentCode: null }));
  for (const [code, name, type, county] of DEMO_MUNICIPALITIES) rows.push(row({ code, name, level: 2, type, parentCode: county }));
  for (const [code, name, type, kov] of DEMO_SETTLEMENT_UNITS) rows.push(row({ code, name, level: 3, type, parentCode: kov }));
  for (const code of DEMO_SELF_UNIT_TOWNS) {
    const m = DEMO_MUNICIPALITIES.find((x) => x[0] === code);
    if (m) rows.push(row({ code, name: m[1], level: 3, type: 'linn', parentCode: code, selfUnit: true }));
  }
  const problems: Problem[] = [];
  checkTree(rows, problems);
  if (problems.length) throw new Error(`embedded EHAK demo data is inconsistent: ${problems.map((p) => p.message).join('; ')}`);
  const classifier: Classifier = { format: 'ehak', fileName: file, derivedVersion: DEMO_EHAK_VERSION, rows, problems };
  const written = await writeClassifier(db, classifier, DEMO_EHAK_VERSION, 'demo', {});
  return { ok: true, format: 'ehak', version: DEMO_EHAK_VERSION, ...written, problems: [], ms: Math.round(performance.now() - t0) };
}
