// Reading and checking EHAK classifier files. Nothing here touches the database: a source is read
// (streaming, with csv-parse) into unit rows plus a list of problems, each with file and line.
// The importer (service.ts) writes only when the problem list is empty.
//
// Two formats:
//  - 'ehak': Statistics Estonia's classifier export as CSV. Either the full layout of
//    ehak_2025v5.csv (code,name,level,type,parent_code,municipality_code,county_code) or the
//    minimal official columns (code,name,parent,level; also the export's own headers
//    Value,Label-et-EE,Parent,Level). Detected by header; in the minimal layout the type is
//    derived from the name suffix and the municipality/county from the parent chain.
//  - 'landboard': the Land Board (Maa-amet) CSV folder: maakond.csv, omavalitsus.csv,
//    asustusyksus.csv with the official type in TYYP (asustusyksus_tyyp.csv).
//
// Self units: towns without settlement units below them are their own settlement unit. The Land
// Board lists them in asustusyksus.csv with the municipality's code; the EHAK export does not list
// them at all. Both become a level-3 row with the municipality's code and selfUnit = true, so
// "settlement units of KOV X" gives X itself. Counts of settlement units never include them.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';

export type Level = 1 | 2 | 3;
export type SourceFormat = 'ehak' | 'landboard';

export interface UnitRow {
  code: string;
  name: string;
  level: Level;
  /** maakond | vald | linn | alev | alevik | küla | linnaosa | vallasisene linn | asum | osavald; null: none given. */
  type: string | null;
  parentCode: string | null;
  municipalityCode: string | null;
  countyCode: string;
  selfUnit: boolean;
  /** Where the row came from (file name and 1-based line), for problems. 0: derived. */
  file: string;
  line: number;
}

export type ProblemCode =
  | 'not-found'
  | 'unreadable'
  | 'csv-syntax'
  | 'header'
  | 'column-count'
  | 'bad-code'
  | 'bad-level'
  | 'bad-type'
  | 'empty-name'
  | 'duplicate'
  | 'missing-parent'
  | 'unknown-parent'
  | 'parent-level'
  | 'inconsistent'
  | 'version'
  | 'empty';

export interface Problem {
  /** File name (without folder). */
  file: string;
  /** 1-based line number in that file; 0 when the problem is about the file as a whole. */
  line: number;
  code: ProblemCode;
  message: string;
}

export interface ReadProgress {
  phase: 'read' | 'write';
  file: string;
  rows: number;
  total: number;
}

export interface Classifier {
  format: SourceFormat;
  /** The file name (EHAK) or folder name (Land Board) that was read. */
  fileName: string;
  /** Version derived from the file/folder name, if any. */
  derivedVersion: string | null;
  rows: UnitRow[];
  problems: Problem[];
}

const CODE_RE = /^\d{4}$/;
export const VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;
export const LEVEL2_TYPES = ['vald', 'linn'] as const;
export const LEVEL3_TYPES = ['küla', 'alevik', 'alev', 'linn', 'linnaosa', 'vallasisene linn', 'asum'] as const;
const MAX_PROBLEMS = 1000;

// ---------- low level: streaming CSV ----------

/** Counts records (lines minus the header) cheaply, for "rows n/total" progress. */
async function countRecords(file: string): Promise<number> {
  let newlines = 0;
  let last = 10;
  for await (const chunk of fs.createReadStream(file)) {
    const buf = chunk as Buffer;
    for (let i = 0; i < buf.length; i++) if (buf[i] === 10) newlines++;
    if (buf.length) last = buf[buf.length - 1]!;
  }
  const lines = newlines + (last === 10 ? 0 : 1);
  return Math.max(0, lines - 1);
}

function detectDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, headerLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

function firstLine(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const s = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
    const nl = s.search(/\r?\n/);
    return nl === -1 ? s : s.slice(0, nl);
  } finally {
    fs.closeSync(fd);
  }
}

interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Streams a CSV file: calls onHeader with the header fields, then onRecord for each record whose
 * field count matches the header (others become 'column-count' problems and go to onBadWidth).
 * A CSV syntax error (e.g. an unclosed quote) ends the read with one 'csv-syntax' problem at its line.
 */
async function readCsv(
  file: string,
  problems: Problem[],
  onHeader: (fields: string[]) => boolean,
  onRecord: (r: CsvRecord) => void,
  progress?: (p: ReadProgress) => void,
  onBadWidth?: (fields: string[]) => void,
): Promise<void> {
  const name = path.basename(file);
  const total = progress ? await countRecords(file) : 0;
  const source = fs.createReadStream(file);
  const parser = source.pipe(
    parse({
      bom: true,
      delimiter: detectDelimiter(firstLine(file)),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }),
  );
  let header: string[] | null = null;
  let rows = 0;
  let lastLine = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      lastLine = info.lines;
      if (!header) {
        header = record;
        if (!onHeader(record)) return;
        continue;
      }
      rows++;
      if (record.length !== header.length) {
        addProblem(problems, name, info.lines, 'column-count', `expected ${header.length} columns, found ${record.length}`);
        onBadWidth?.(record);
      } else {
        onRecord({ fields: record, line: info.lines });
      }
      if (progress && rows % 1000 === 0) progress({ phase: 'read', file: name, rows, total: Math.max(total, rows) });
    }
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
        // csv-parse names the end of the file; the record that opened the quote starts after the last good one.
        addProblem(problems, name, lastLine + 1, 'csv-syntax', 'not valid CSV: a quoted field that starts on this line is never closed');
      } else {
        addProblem(problems, name, err.lines ?? lastLine + 1, 'csv-syntax', `not valid CSV: ${err.message}`);
      }
      return;
    }
    throw e;
  } finally {
    source.destroy();
  }
  if (!header) addProblem(problems, name, 0, 'empty', 'the file is empty');
  if (progress) progress({ phase: 'read', file: name, rows, total: rows });
}

function addProblem(problems: Problem[], file: string, line: number, code: ProblemCode, message: string): void {
  if (problems.length < MAX_PROBLEMS) problems.push({ file, line, code, message });
  else if (problems.length === MAX_PROBLEMS) problems.push({ file, line: 0, code, message: `more than ${MAX_PROBLEMS} problems; stopped listing` });
}

// ---------- the Statistics Estonia export ----------

type EhakColumn = 'code' | 'name' | 'level' | 'parent' | 'type' | 'municipality' | 'county';
const EHAK_ALIASES: Record<EhakColumn, string[]> = {
  code: ['code', 'kood', 'value', 'ehak_code', 'ehak'],
  name: ['name', 'nimi', 'nimetus', 'label-et-ee', 'label'],
  level: ['level', 'tase'],
  parent: ['parent', 'parent_code', 'ülem', 'ylem'],
  type: ['type', 'tüüp', 'tyyp'],
  municipality: ['municipality_code', 'municipality', 'omavalitsus'],
  county: ['county_code', 'county', 'maakond'],
};

/** Settlement-unit type from an Estonian name (the rule behind ehak_2025v5.csv's type column). */
export function typeFromName(name: string, level: Level): string | null {
  if (level === 1) return 'maakond';
  if (level === 2) return / vald$/.test(name) ? 'vald' : 'linn';
  const et = name.split(' / ')[0]!.trim(); // bilingual names: "Lõunaküla / Storbyn"
  if (/ linnaosa$/.test(et)) return 'linnaosa';
  if (/ alevik$/.test(et)) return 'alevik';
  if (/ alev$/.test(et)) return 'alev';
  if (/ linn$/.test(et)) return 'linn';
  if (/(küla|külä)$/.test(et)) return 'küla';
  return null;
}

/** A version label from a file name: ehak_2025v5.csv → 2025v5. */
export function versionFromFileName(name: string): string | null {
  const m = /(\d{4}v\d+)/i.exec(name);
  return m ? m[1]!.toLowerCase() : null;
}

/** A version label from a Land Board folder name: buildig-20180901 → 2018-09-01. */
export function versionFromFolderName(name: string): string | null {
  const m = /(\d{4})-?(\d{2})-?(\d{2})/.exec(name);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1990) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export async function readEhakFile(file: string, progress?: (p: ReadProgress) => void): Promise<Classifier> {
  const name = path.basename(file);
  const problems: Problem[] = [];
  const rows: UnitRow[] = [];
  const result: Classifier = { format: 'ehak', fileName: name, derivedVersion: versionFromFileName(name), rows, problems };
  if (!isFile(file, problems, name)) return result;

  let col: Record<EhakColumn, number> = { code: -1, name: -1, level: -1, parent: -1, type: -1, municipality: -1, county: -1 };
  let full = false;
  const onHeader = (h: string[]) => {
    const lower = h.map((x) => x.toLowerCase());
    const find = (k: EhakColumn) => lower.findIndex((x) => EHAK_ALIASES[k].includes(x));
    col = {
      code: find('code'),
      name: find('name'),
      level: find('level'),
      parent: find('parent'),
      type: find('type'),
      municipality: find('municipality'),
      county: find('county'),
    };
    const missing = (['code', 'name', 'level', 'parent'] as const).filter((k) => col[k] === -1);
    if (missing.length) {
      addProblem(
        problems,
        name,
        1,
        'header',
        `the header must name the columns code, name, parent and level (found: ${h.join(', ')}; missing: ${missing.join(', ')})`,
      );
      return false;
    }
    full = col.type !== -1;
    return true;
  };
  const given = new Map<UnitRow, { municipality: string | null; county: string | null }>();
  // Codes of rows rejected on their own: their children are not reported as having unknown parents.
  const rejected = new Set<string>();
  const onRecord = ({ fields, line }: CsvRecord) => {
    const f = (i: number) => (i === -1 ? '' : (fields[i] ?? '').trim());
    const code = f(col.code);
    const unitName = f(col.name);
    const levelRaw = f(col.level);
    const parent = f(col.parent);
    let ok = true;
    if (!CODE_RE.test(code)) {
      addProblem(problems, name, line, 'bad-code', `code "${code}" is not a 4-digit EHAK code`);
      ok = false;
    }
    if (!unitName) {
      addProblem(problems, name, line, 'empty-name', `unit ${code} has no name`);
      ok = false;
    }
    if (!['1', '2', '3'].includes(levelRaw)) {
      addProblem(problems, name, line, 'bad-level', `level "${levelRaw}" is not 1 (county), 2 (municipality) or 3 (settlement unit)`);
      ok = false;
    }
    if (parent && !CODE_RE.test(parent)) {
      addProblem(problems, name, line, 'bad-code', `parent code "${parent}" is not a 4-digit EHAK code`);
      ok = false;
    }
    if (!ok) {
      rejected.add(code);
      return;
    }
    const level = Number(levelRaw) as Level;
    let type: string | null;
    if (full) {
      type = f(col.type) || null;
      if (!typeAllowed(level, type)) {
        addProblem(problems, name, line, 'bad-type', `type "${type ?? ''}" is not a type of a level-${level} unit`);
        rejected.add(code);
        return;
      }
    } else {
      type = typeFromName(unitName, level);
    }
    const row: UnitRow = {
      code,
      name: unitName,
      level,
      type,
      parentCode: parent || null,
      municipalityCode: null,
      countyCode: '',
      selfUnit: false,
      file: name,
      line,
    };
    rows.push(row);
    if (col.municipality !== -1 || col.county !== -1) {
      given.set(row, { municipality: f(col.municipality) || null, county: f(col.county) || null });
    }
  };
  await readCsv(file, problems, onHeader, onRecord, progress, (fields) => rejected.add((fields[col.code] ?? '').trim()));
  if (problems.some((p) => FATAL.includes(p.code))) return result;

  checkTree(rows, problems, rejected, name);
  // The full layout carries municipality and county: they must agree with the parent chain.
  const flagged = new Set(problems.map((p) => p.line));
  for (const [row, g] of given) {
    if (flagged.has(row.line)) continue;
    if (g.municipality !== null && g.municipality !== row.municipalityCode) {
      addProblem(problems, row.file, row.line, 'inconsistent', `municipality_code ${g.municipality} does not match the parent chain (${row.municipalityCode ?? 'none'})`);
    }
    if (g.county !== null && g.county !== row.countyCode) {
      addProblem(problems, row.file, row.line, 'inconsistent', `county_code ${g.county} does not match the parent chain (${row.countyCode})`);
    }
  }
  if (problems.length) sortProblems(problems);
  else addSelfUnits(rows);
  return result;
}

/** Problems after which the rest of the file cannot be read meaningfully. */
const FATAL: ProblemCode[] = ['not-found', 'unreadable', 'header', 'csv-syntax', 'empty'];

function sortProblems(problems: Problem[]): void {
  const order = new Map<string, number>();
  for (const p of problems) if (!order.has(p.file)) order.set(p.file, order.size);
  problems.sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line);
}

function typeAllowed(level: Level, type: string | null): boolean {
  if (level === 1) return type === 'maakond';
  if (level === 2) return type !== null && (LEVEL2_TYPES as readonly string[]).includes(type);
  return type === null || (LEVEL3_TYPES as readonly string[]).includes(type);
}

function isFile(file: string, problems: Problem[], name: string): boolean {
  try {
    if (fs.statSync(file).isFile()) return true;
    addProblem(problems, name, 0, 'unreadable', `${file} is not a file`);
  } catch {
    addProblem(problems, name, 0, 'not-found', `${file} does not exist`);
  }
  return false;
}

/**
 * Checks the tree and fills municipalityCode / countyCode from the parent chain: duplicates,
 * missing and unknown parents, parents at the wrong level, at least one county.
 */
export function checkTree(rows: UnitRow[], problems: Problem[], rejected: ReadonlySet<string> = new Set(), file = ''): void {
  const byCode = new Map<string, UnitRow>();
  const selfSeen = new Map<string, UnitRow>();
  for (const r of rows) {
    const seen = r.selfUnit ? selfSeen : byCode;
    const first = seen.get(r.code);
    if (first) {
      addProblem(problems, r.file, r.line, 'duplicate', `code ${r.code} appears twice (first on line ${first.line}${first.file !== r.file ? ` of ${first.file}` : ''})`);
      continue;
    }
    seen.set(r.code, r);
  }
  for (const r of rows) {
    if (r.level === 1) {
      if (r.parentCode) addProblem(problems, r.file, r.line, 'parent-level', `county ${r.code} must not have a parent (found ${r.parentCode})`);
      r.parentCode = null;
      r.municipalityCode = null;
      r.countyCode = r.code;
      continue;
    }
    if (!r.parentCode) {
      addProblem(problems, r.file, r.line, 'missing-parent', `level-${r.level} unit ${r.code} has no parent`);
      continue;
    }
    const p = byCode.get(r.parentCode);
    if (!p) {
      if (rejected.has(r.parentCode)) continue; // its parent's own problem is already listed
      addProblem(problems, r.file, r.line, 'unknown-parent', `parent ${r.parentCode} of unit ${r.code} is not in the file`);
      continue;
    }
    if (p.level !== r.level - 1) {
      addProblem(
        problems,
        r.file,
        r.line,
        'parent-level',
        `parent ${r.parentCode} of level-${r.level} unit ${r.code} is at level ${p.level}, expected ${r.level - 1}`,
      );
      continue;
    }
    if (r.level === 2) {
      r.municipalityCode = r.code;
      r.countyCode = p.code;
    } else {
      r.municipalityCode = p.code;
      r.countyCode = p.parentCode ?? '';
    }
  }
  if (!rows.some((r) => r.level === 1)) addProblem(problems, rows[0]?.file ?? file, 0, 'empty', 'the classifier has no counties');
}

/** Adds a self unit for each municipality without settlement units (the town is its own unit). */
export function addSelfUnits(rows: UnitRow[]): void {
  const withUnits = new Set(rows.filter((r) => r.level === 3).map((r) => r.municipalityCode));
  const add: UnitRow[] = [];
  for (const m of rows) {
    if (m.level !== 2 || withUnits.has(m.code)) continue;
    add.push({
      code: m.code,
      name: m.name,
      level: 3,
      type: m.type === 'vald' ? 'vald' : 'linn',
      parentCode: m.code,
      municipalityCode: m.code,
      countyCode: m.countyCode,
      selfUnit: true,
      file: m.file,
      line: 0,
    });
  }
  rows.push(...add);
}

// ---------- the Land Board folder ----------

/** TYYP per asustusyksus_tyyp.csv (used when the folder has no type file). */
export const LANDBOARD_TYPES: Record<string, string> = {
  '0': 'maakond',
  '1': 'vald',
  '2': 'osavald',
  '3': 'alev',
  '4': 'linn',
  '5': 'vallasisene linn',
  '6': 'linnaosa',
  '7': 'alevik',
  '8': 'küla',
  '9': 'asum',
};

/** Reads asustusyksus_tyyp.csv (ID,NIMETUS,NAME) when present. */
async function readTypeFile(dir: string, problems: Problem[]): Promise<Record<string, string>> {
  const file = path.join(dir, 'asustusyksus_tyyp.csv');
  if (!fs.existsSync(file)) return LANDBOARD_TYPES;
  const types: Record<string, string> = {};
  let iId = -1;
  let iName = -1;
  await readCsv(
    file,
    problems,
    (h) => {
      iId = h.findIndex((x) => x.toUpperCase() === 'ID');
      iName = h.findIndex((x) => x.toUpperCase() === 'NIMETUS');
      if (iId === -1 || iName === -1) {
        addProblem(problems, 'asustusyksus_tyyp.csv', 1, 'header', 'the type file needs the columns ID and NIMETUS');
        return false;
      }
      return true;
    },
    ({ fields }) => {
      const nimetus = fields[iName]!.trim();
      // "asum või muu omavalitsuseta asustusüksus" is stored as "asum".
      types[fields[iId]!.trim()] = nimetus.startsWith('asum') ? 'asum' : nimetus;
    },
  );
  return types;
}

/** Reads a Land Board CSV folder (FILE may be the folder or one of its CSV files). */
export async function readLandBoardFolder(target: string, progress?: (p: ReadProgress) => void): Promise<Classifier> {
  let dir = target;
  try {
    if (fs.statSync(target).isFile()) dir = path.dirname(target);
  } catch {
    /* reported below */
  }
  const folderName = path.basename(path.resolve(dir));
  const problems: Problem[] = [];
  const rows: UnitRow[] = [];
  const result: Classifier = { format: 'landboard', fileName: folderName, derivedVersion: versionFromFolderName(folderName), rows, problems };
  const files = { maakond: 'maakond.csv', omavalitsus: 'omavalitsus.csv', asustusyksus: 'asustusyksus.csv' };
  for (const f of Object.values(files)) if (!isFile(path.join(dir, f), problems, f)) return result;
  const types = await readTypeFile(dir, problems);
  if (problems.length) return result;

  // Codes of rows rejected on their own: their children are not reported as having unknown parents.
  const rejected = new Set<string>();
  // Each file: required columns by name (the second is the unit's code), and a row builder.
  const readOne = async (file: string, need: string[], build: (get: (c: string) => string, line: number) => void) => {
    let idx: Record<string, number> = {};
    await readCsv(
      path.join(dir, file),
      problems,
      (h) => {
        const upper = h.map((x) => x.toUpperCase());
        idx = Object.fromEntries(need.map((c) => [c, upper.indexOf(c)]));
        const missing = need.filter((c) => idx[c] === -1);
        if (missing.length) {
          addProblem(problems, file, 1, 'header', `the header must name the columns ${need.join(', ')} (missing: ${missing.join(', ')})`);
          return false;
        }
        return true;
      },
      ({ fields, line }) => build((c) => (fields[idx[c]!] ?? '').trim(), line),
      progress,
      (fields) => rejected.add((fields[idx[need[1]!]!] ?? '').trim()),
    );
  };
  const codeOk = (file: string, line: number, what: string, code: string, own: string) => {
    if (CODE_RE.test(code)) return true;
    addProblem(problems, file, line, 'bad-code', `${what} "${code}" is not a 4-digit EHAK code`);
    rejected.add(own);
    return false;
  };
  const nameOk = (file: string, line: number, code: string, n: string) => {
    if (n) return true;
    addProblem(problems, file, line, 'empty-name', `unit ${code} has no name`);
    rejected.add(code);
    return false;
  };

  await readOne(files.maakond, ['MNIMI', 'MKOOD'], (get, line) => {
    const code = get('MKOOD');
    const n = get('MNIMI');
    if (!codeOk(files.maakond, line, 'MKOOD', code, code) || !nameOk(files.maakond, line, code, n)) return;
    rows.push({ code, name: n, level: 1, type: 'maakond', parentCode: null, municipalityCode: null, countyCode: code, selfUnit: false, file: files.maakond, line });
  });
  await readOne(files.omavalitsus, ['ONIMI', 'OKOOD', 'MKOOD', 'TYYP'], (get, line) => {
    const code = get('OKOOD');
    const n = get('ONIMI');
    const county = get('MKOOD');
    const tyyp = get('TYYP');
    if (!codeOk(files.omavalitsus, line, 'OKOOD', code, code) || !codeOk(files.omavalitsus, line, 'MKOOD', county, code)) return;
    if (!nameOk(files.omavalitsus, line, code, n)) return;
    const type = types[tyyp];
    if (!type || !(LEVEL2_TYPES as readonly string[]).includes(type)) {
      addProblem(problems, files.omavalitsus, line, 'bad-type', `TYYP "${tyyp}" is not a municipality type (1 vald, 4 linn)`);
      rejected.add(code);
      return;
    }
    rows.push({ code, name: n, level: 2, type, parentCode: county, municipalityCode: code, countyCode: county, selfUnit: false, file: files.omavalitsus, line });
  });
  const countyOf = new Map<string, string>();
  await readOne(files.asustusyksus, ['ANIMI', 'AKOOD', 'TYYP', 'OKOOD', 'MKOOD'], (get, line) => {
    const code = get('AKOOD');
    const n = get('ANIMI');
    const kov = get('OKOOD');
    const county = get('MKOOD');
    const tyyp = get('TYYP');
    if (!codeOk(files.asustusyksus, line, 'AKOOD', code, code) || !codeOk(files.asustusyksus, line, 'OKOOD', kov, code)) return;
    if (!codeOk(files.asustusyksus, line, 'MKOOD', county, code) || !nameOk(files.asustusyksus, line, code, n)) return;
    const type = types[tyyp];
    if (!type || ['maakond', 'vald', 'osavald'].includes(type)) {
      addProblem(problems, files.asustusyksus, line, 'bad-type', `TYYP "${tyyp}" is not a settlement-unit type (3–9 in asustusyksus_tyyp.csv)`);
      return;
    }
    countyOf.set(`${files.asustusyksus}:${line}`, county);
    rows.push({
      code,
      name: n,
      level: 3,
      type,
      parentCode: kov,
      municipalityCode: kov,
      countyCode: county,
      // The Land Board lists a town without settlement units as its own unit, with its own code.
      selfUnit: code === kov,
      file: files.asustusyksus,
      line,
    });
  });
  if (problems.some((p) => FATAL.includes(p.code))) return result;

  checkTree(rows, problems, rejected);
  const flagged = new Set(problems.map((p) => `${p.file}:${p.line}`));
  for (const r of rows) {
    const given = r.level === 3 ? countyOf.get(`${r.file}:${r.line}`) : undefined;
    if (given !== undefined && given !== r.countyCode && !flagged.has(`${r.file}:${r.line}`)) {
      addProblem(problems, r.file, r.line, 'inconsistent', `MKOOD ${given} does not match the county of municipality ${r.municipalityCode} (${r.countyCode})`);
    }
  }
  if (problems.length) sortProblems(problems);
  else addSelfUnits(rows);
  return result;
}

/** Which format a path holds: a folder or a Land Board file name → landboard; else by header. */
export function detectFormat(target: string): SourceFormat {
  try {
    if (fs.statSync(target).isDirectory()) return 'landboard';
  } catch {
    return 'ehak';
  }
  const base = path.basename(target).toLowerCase();
  if (['asustusyksus.csv', 'omavalitsus.csv', 'maakond.csv', 'asustusyksus_tyyp.csv'].includes(base)) return 'landboard';
  try {
    const h = firstLine(target).toUpperCase();
    if (/\b(AKOOD|OKOOD|MKOOD)\b/.test(h)) return 'landboard';
  } catch {
    /* unreadable: the reader reports it */
  }
  return 'ehak';
}
