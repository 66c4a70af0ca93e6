// `vallamaja ehak import FILE [--version V] [--format ehak|landboard] [--not-current]`
// Progress goes to stderr ("rows 3000/4800"), the result to stdout, problems to stderr.
// Exit codes (sysexits): 0 imported, 64 usage, 65 the data is not valid (nothing written), 66 no such file.
// `vallamaja territory boundaries import --kov CODE FILE [--tolerance M] [--lang et|en|ru]`: the same codes;
// problems are listed in the chosen language.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor } from '../../kernel/audit.js';
import { fmtNumber, isLocale, registerMessages, translate } from '../../kernel/i18n.js';
import type { CliCommand, CliContext } from '../../kernel/module.js';
import { DEFAULT_TOLERANCE_M, MAX_BOUNDARY_BYTES } from './boundaries.js';
import { territoryMessages } from './messages.js';
import type { ReadProgress, SourceFormat } from './service.js';
import { importBoundaries, importEhak } from './service.js';

const USAGE = `Usage: vallamaja ehak import FILE [--version V] [--format ehak|landboard] [--not-current]

  FILE            Statistics Estonia's EHAK export as CSV (e.g. ehak_2025v5.csv: code,name,level,type,
                  parent_code,municipality_code,county_code, or just code,name,parent,level), or the
                  Land Board CSV folder (or its asustusyksus.csv) with maakond.csv, omavalitsus.csv,
                  asustusyksus.csv
  --version V     classifier version (default: from the file name, 2025v5; Land Board folder: 2018-09-01)
  --format F      ehak | landboard (default: detected from the path and the header)
  --not-current   store the version without making it the current one (tenants are not touched)

The file is checked whole first; if anything is wrong, nothing is imported and every problem is
listed with its line. Re-importing a version replaces it. The current version's municipalities
become the tenants (KOVs); a KOV missing from it is deactivated, never deleted.`;

const MAX_SHOWN = 50;

export async function runEhakImport(args: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        version: { type: 'string' },
        format: { type: 'string' },
        'not-current': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    ctx.err(`${(e as Error).message}\n\n${USAGE}`);
    return 64;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    ctx.out(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    ctx.err(USAGE);
    return 64;
  }
  const format = values.format;
  if (format !== undefined && format !== 'ehak' && format !== 'landboard') {
    ctx.err(`--format must be ehak or landboard, not "${format}"\n\n${USAGE}`);
    return 64;
  }
  const file = positionals[0]!;
  if (!fs.existsSync(file)) {
    ctx.err(`${file} does not exist.`);
    return 66;
  }

  const db = await ctx.openDb();
  try {
    let lastLine = '';
    const onProgress = (p: ReadProgress) => {
      const line =
        p.phase === 'read'
          ? `${p.file}: rows ${p.rows}/${p.total}`
          : `writing: rows ${p.rows}/${p.total}`;
      if (line !== lastLine) ctx.err(line);
      lastLine = line;
    };
    const r = await importEhak(db, file, {
      version: values.version,
      format: format as SourceFormat | undefined,
      makeCurrent: !values['not-current'],
      onProgress,
    });
    if (!r.ok || !r.counts) {
      const n = r.problems.length;
      ctx.err(`${file} was not imported: ${n} problem${n === 1 ? '' : 's'} found, nothing was written.`);
      for (const p of r.problems.slice(0, MAX_SHOWN)) ctx.err(`  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
      if (n > MAX_SHOWN) ctx.err(`  … and ${n - MAX_SHOWN} more`);
      return r.problems.some((p) => p.code === 'not-found') ? 66 : 65;
    }
    const c = r.counts;
    ctx.out(`Imported EHAK version ${c.version} (${r.format} format) in ${fmtNumber(r.ms)} ms:`);
    ctx.out(
      `  ${fmtNumber(c.counties)} counties, ${fmtNumber(c.municipalities)} municipalities, ${fmtNumber(c.settlementUnits)} settlement units` +
        (c.selfUnits ? ` (+ ${fmtNumber(c.selfUnits)} towns stored as their own settlement unit)` : ''),
    );
    if (r.current && r.tenants) {
      const d = r.tenants.deactivated;
      ctx.out(`  ${c.version} is the current version. Tenants: ${r.tenants.added} added, ${r.tenants.updated} updated, ${d.length} deactivated${d.length ? ` (${d.join(', ')})` : ''}.`);
    } else {
      ctx.out(`  ${c.version} is stored but is not the current version; tenants were not changed.`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

export const ehakImportCommand: CliCommand = {
  words: ['ehak', 'import'],
  usage: 'ehak import FILE',
  summary: 'import the EHAK classifier (Statistics Estonia CSV, or the Land Board CSV folder)',
  run: runEhakImport,
};

// ---------------------------------------------------------------- boundaries

const BOUNDARIES_USAGE = `Usage: vallamaja territory boundaries import --kov CODE FILE [--tolerance METRES] [--lang et|en|ru]

  FILE            GeoJSON FeatureCollection of the KOV's settlement units: Polygon or MultiPolygon
                  features with the unit's EHAK code in a property (ehak, ehak_code, AKOOD, code or
                  kood), coordinates in WGS84 (longitude, latitude) or L-EST97 (EPSG:3301, metres)
  --kov CODE      the KOV (EHAK code of the municipality)
  --tolerance M   simplification in metres (default ${DEFAULT_TOLERANCE_M}; 0 keeps every point)
  --lang L        language of the messages (default en)

The file is checked whole first; if anything is wrong, nothing is imported and every problem is
listed with its feature number. A good file replaces the KOV's boundaries (stored simplified, in
L-EST97); the poll results then show turnout by settlement unit on a map.`;

function cliOperator(): Actor {
  let user = 'operator';
  try {
    user = os.userInfo().username || user;
  } catch {
    /* no user name */
  }
  return { kind: 'operator', id: null, name: `${user} (vallamaja CLI)` };
}

export async function runBoundariesImport(args: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { kov: { type: 'string' }, tolerance: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    ctx.err(`${(e as Error).message}\n\n${BOUNDARIES_USAGE}`);
    return 64;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    ctx.out(BOUNDARIES_USAGE);
    return 0;
  }
  const lang = values.lang ?? 'en';
  if (positionals.length !== 1 || !values.kov || !isLocale(lang)) {
    ctx.err(BOUNDARIES_USAGE);
    return 64;
  }
  const tolerance = values.tolerance === undefined ? DEFAULT_TOLERANCE_M : Number(values.tolerance);
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 1000) {
    ctx.err(`--tolerance must be a number of metres from 0 to 1000, not "${values.tolerance}"\n\n${BOUNDARIES_USAGE}`);
    return 64;
  }
  const file = positionals[0]!;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    ctx.err(`${file} does not exist.`);
    return 66;
  }
  registerMessages(territoryMessages);
  const t = (key: string, vars?: Record<string, string | number>) => translate(lang, key, vars);
  const size = fs.statSync(file).size;
  const db = await ctx.openDb();
  try {
    const text = size > MAX_BOUNDARY_BYTES ? '' : fs.readFileSync(file, 'utf8');
    const r =
      size > MAX_BOUNDARY_BYTES
        ? { ok: false as const, problems: [{ feature: null, reason: 'territory.boundaries.error.tooLarge', vars: { mb: MAX_BOUNDARY_BYTES / 1024 / 1024 } }] }
        : await importBoundaries(db, values.kov, text, { fileName: path.basename(file), actor: cliOperator(), tolerance });
    if (!r.ok) {
      ctx.err(t('territory.boundaries.rejected', { file, n: r.problems.length }));
      for (const p of r.problems.slice(0, MAX_SHOWN)) ctx.err(`  ${t(p.reason, p.vars)}`);
      if (r.problems.length > MAX_SHOWN) ctx.err(`  … ${r.problems.length - MAX_SHOWN}`);
      return 65;
    }
    ctx.out(
      t('territory.boundaries.imported', {
        kov: values.kov,
        units: fmtNumber(r.units),
        crs: r.crs ?? '',
        pointsIn: fmtNumber(r.pointsIn),
        pointsOut: fmtNumber(r.pointsOut),
        replaced: fmtNumber(r.replaced),
      }),
    );
    if (r.missing.length) ctx.out(t('territory.boundaries.missing', { n: r.missing.length, names: r.missing.map((u) => `${u.name} (${u.code})`).join(', ') }));
    return 0;
  } finally {
    await db.close();
  }
}

export const boundariesImportCommand: CliCommand = {
  words: ['territory', 'boundaries', 'import'],
  usage: 'territory boundaries import --kov CODE FILE',
  summary: 'import a KOV’s settlement unit boundaries (GeoJSON, WGS84 or L-EST97) for the turnout maps',
  run: runBoundariesImport,
};
