// The EHAK importer and the demo loader. Reading and checking happen first (parse.ts); only a
// source without problems is written, in one owner transaction (db.system): the version's old
// rows are replaced, the version is recorded (and made current), and the current version's
// municipalities become the tenants (the kernel's syncTenants) — a KOV whose code disappeared is deactivated,
// never deleted. Re-importing the same version replaces its rows and gives the same counts.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { loadTenant } from '../../kernel/tenants.js';
import type { BoundaryProblem, Crs } from './boundaries.js';
import { parseBoundaries } from './boundaries.js';
import type { TenantSync } from '../../kernel/tenants.js';
import { syncTenants } from '../../kernel/tenants.js';
import * as repo from './repo.js';
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

export type { TenantSync };

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
    if (db.engine === 'postgres') await repo.lockImports(t);
    await repo.replaceVersion(t, { version, kind, fileName: classifier.fileName, counts });
    // One statement per batch of rows: arrays unnested server-side (no per-row round trips).
    for (let i = 0; i < rows.length; i += BATCH) {
      const b = rows.slice(i, i + BATCH);
      await repo.insertUnits(t, version, b);
      opts.onProgress?.({ phase: 'write', file: classifier.fileName, rows: i + b.length, total: rows.length });
    }
    if (opts.makeCurrent ?? true) await repo.makeCurrent(t, version);
    const current = (await repo.currentVersion(t))?.version === version;
    // The tenants are the current version's municipalities (the kernel keeps them).
    return { counts, current, tenants: current ? await syncTenants(t, version, await repo.municipalitiesOf(t, version)) : null };
  });
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

// ---------------------------------------------------------------- settlement unit boundaries

export type { BoundaryProblem, Crs };

export interface BoundaryImportResult {
  ok: boolean;
  /** Every problem found (then nothing was written); message keys with et/en/ru texts. */
  problems: BoundaryProblem[];
  crs: Crs | null;
  /** Units stored (0 when rejected). */
  units: number;
  /** Boundaries of the previous import that were replaced. */
  replaced: number;
  /** The KOV's settlement units that the file has no boundary for (their turnout stays in the table). */
  missing: { code: string; name: string }[];
  pointsIn: number;
  pointsOut: number;
  ms: number;
}

/**
 * Imports a KOV's settlement unit boundaries from a GeoJSON text: checked whole against the KOV's
 * units in the current EHAK version, projected to L-EST97 and simplified (boundaries.ts); a file
 * without problems replaces the KOV's boundaries in one transaction, with an audit entry.
 */
export async function importBoundaries(
  db: Db,
  kov: string,
  text: string,
  opts: { fileName: string; actor: Actor; tolerance?: number },
): Promise<BoundaryImportResult> {
  const t0 = performance.now();
  const rejected = (problems: BoundaryProblem[], crs: Crs | null = null): BoundaryImportResult => ({
    ok: false,
    problems,
    crs,
    units: 0,
    replaced: 0,
    missing: [],
    pointsIn: 0,
    pointsOut: 0,
    ms: Math.round(performance.now() - t0),
  });
  if (!/^[0-9]{4}$/.test(kov) || !(await loadTenant(db, kov))) return rejected([{ feature: null, reason: 'territory.boundaries.error.kovUnknown', vars: { kov: kov.slice(0, 10) } }]);
  const { version, units } = await db.tx(
    async (t) => ({ version: (await repo.currentVersion(t))?.version ?? null, units: await repo.currentUnitsOf(t, kov) }),
    { kov },
  );
  if (!version || !units.length) return rejected([{ feature: null, reason: 'territory.boundaries.error.noUnits', vars: { kov } }]);
  const parsed = parseBoundaries(text, new Map(units.map((u) => [u.code, u.name])), { tolerance: opts.tolerance });
  if (parsed.problems.length || !parsed.crs) return rejected(parsed.problems, parsed.crs);
  const crs = parsed.crs;
  const replaced = await db.tx(
    async (t) => {
      const n = await repo.replaceBoundaries(t, kov, { version, crs, fileName: opts.fileName }, parsed.boundaries);
      await recordAudit(t, {
        kov,
        actor: opts.actor,
        action: 'territory.boundaries.import',
        targetType: 'territory_boundary',
        targetId: kov,
        before: { units: n },
        after: { units: parsed.boundaries.length, codes: parsed.boundaries.map((b) => b.code), crs, file: opts.fileName, ehakVersion: version },
      });
      return n;
    },
    { kov },
  );
  const have = new Set(parsed.boundaries.map((b) => b.code));
  return {
    ok: true,
    problems: [],
    crs,
    units: parsed.boundaries.length,
    replaced,
    missing: units.filter((u) => !have.has(u.code)),
    pointsIn: parsed.pointsIn,
    pointsOut: parsed.pointsOut,
    ms: Math.round(performance.now() - t0),
  };
}
