// Import of a population-register extract (CSV) into a new batch of the KOV's register.
//
// The file is streamed: each line is checked (ID code with check digit, names, EHAK codes of the
// county / KOV / settlement unit against the current classifier version, the unit inside the KOV,
// residence start date, duplicates) and good rows are written as they come — COPY on PostgreSQL,
// INSERT … SELECT FROM unnest(…) batches on PGlite — inside ONE transaction that at the end also
// flips the KOV's current-batch pointer and writes the audit entry. Until that commit the old
// register stays current and answers every query; a failing or rejected import rolls back and
// leaves it current. ID codes are turned into keyed hashes (HMAC) on the way in; the plaintext
// never reaches the database.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { BulkTx, Db, Tx } from '../../kernel/db.js';
import { hashIdcode, parseIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { StoredProblem } from './repo.js';
import type { EhakIndex } from '../territory/index.js';
import { classifierIndex } from '../territory/index.js';
import { copyPeopleSql, createBatchPartition, createBatchTable, currentBatch, deleteBatchRows, finishBatch, flipCurrent, indexAndAttachBatch, insertBatch, insertPeople, staleBatches } from './repo.js';
import { residentsMessages } from './messages.js';

/** The columns of the extract, in this order (Estonian header; the English one is accepted too). */
export const CSV_HEADER = ['isikukood', 'eesnimi', 'perenimi', 'maakond', 'kov', 'asustusyksus', 'elukoht_alates'] as const;
const CSV_HEADER_EN = ['idcode', 'given_name', 'family_name', 'county', 'kov', 'unit', 'residence_since'];

export type ProblemCode =
  | 'header'
  | 'columns'
  | 'idcode'
  | 'name'
  | 'unknown-ehak'
  | 'outside-kov'
  | 'county-mismatch'
  | 'date'
  | 'duplicate'
  | 'empty'
  | 'not-csv'
  | 'shrink';

export interface ImportProblem extends StoredProblem {
  code: ProblemCode;
}

export interface ImportProgress {
  rows: number;
  bad: number;
  bytes: number;
  totalBytes: number | null;
}

export interface ImportOptions {
  kov: string;
  actor: Actor;
  /** false (default): any bad row rejects the whole file; true: import the good rows, keep the report. */
  acceptGoodRows?: boolean;
  fileName?: string | null;
  source?: 'file' | 'xtee';
  /** Called (and awaited) every `progressEvery` rows and at the end. */
  onProgress?: (p: ImportProgress) => void | Promise<void>;
  progressEvery?: number;
  /** At most this many problems are kept in the report (all are counted). */
  maxProblems?: number;
  /**
   * The guard against a mistaken file: an import with no rows, or one that would leave the KOV's
   * register more than `percent` % smaller, is not done unless `confirmed` (answers status
   * 'unconfirmed' with the counts). Pages, the API and the CLI pass it; X-tee fetches do not.
   */
  shrinkGuard?: { percent: number; confirmed: boolean };
}

export interface ImportResult {
  ok: boolean;
  status: 'imported' | 'rejected' | 'unconfirmed';
  /** With 'unconfirmed': the register's size now and the file's. */
  shrink?: { current: number; incoming: number };
  batchId: string;
  rowsRead: number;
  rowsImported: number;
  rowsBad: number;
  problems: ImportProblem[];
  ms: number;
}

export class RegisterImportError extends Error {
  constructor(
    public readonly code: 'no-ehak' | 'unknown-kov' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

export type ImportSource = string | Readable | AsyncIterable<string | Buffer>;

// ---------- line reading ----------

/** Splits a CSV line: fast path without quotes, RFC 4180 quoting otherwise. */
export function splitCsvLine(line: string, sep: string): string[] {
  if (!line.includes('"')) return line.split(sep);
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else q = false;
      } else cur += c;
    } else if (c === '"') q = true;
    else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

async function* linesOf(src: AsyncIterable<string | Buffer>, onBytes: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let first = true;
  for await (const chunk of src) {
    let s: string;
    if (typeof chunk === 'string') {
      s = chunk;
      onBytes(Buffer.byteLength(chunk));
    } else {
      s = decoder.decode(chunk, { stream: true });
      onBytes(chunk.length);
    }
    if (first && s.length) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    s = rest + s;
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      let line = s.slice(start, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      yield line;
      start = nl + 1;
    }
    rest = s.slice(start);
  }
  rest += decoder.decode();
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  if (rest.length) yield rest;
}

function openSource(src: ImportSource): { stream: AsyncIterable<string | Buffer>; totalBytes: number | null; name: string | null } {
  if (typeof src === 'string') {
    if (!fs.existsSync(src)) throw new RegisterImportError('not-found', `${src} does not exist`);
    return { stream: fs.createReadStream(src, { highWaterMark: 1 << 20 }), totalBytes: fs.statSync(src).size, name: path.basename(src) };
  }
  return { stream: src, totalBytes: null, name: null };
}

// ---------- row checking ----------

export interface GoodRow {
  hash: string;
  given: string;
  family: string;
  county: string;
  unit: string;
  birth: string;
  since: string;
}

const DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_EE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** YYYY-MM-DD or DD.MM.YYYY (the register's own form) → YYYY-MM-DD, or null. */
export function parseDate(s: string): string | null {
  let y: number, m: number, d: number;
  const a = DATE_ISO.exec(s);
  if (a) [y, m, d] = [Number(a[1]), Number(a[2]), Number(a[3])];
  else {
    const b = DATE_EE.exec(s);
    if (!b) return null;
    [y, m, d] = [Number(b[3]), Number(b[2]), Number(b[1])];
  }
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1800 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A problem's reason as a message of the residents catalogue (translated when shown, in the
 * reader's language): its code, with a variant where one code has several reasons.
 */
export function problemReason(p: { code: string; message: string; vars?: Record<string, string | number> }): { key: string; vars?: Record<string, string | number> } {
  const variant = p.vars?.variant;
  const key = `residents.problem.${p.code}${typeof variant === 'string' ? `.${variant}` : ''}`;
  return key in residentsMessages ? { key, vars: p.vars } : { key: p.message };
}

/** What a file that is not text is, from its first bytes (as decoded into the first line). */
// The checks look for control characters and magic numbers on purpose (no-control-regex).
/* eslint-disable no-control-regex */
export function binaryKind(firstLine: string): string | null {
  if (/^\uFFFDPNG/.test(firstLine)) return 'png';
  if (/^PK\u0003\u0004/.test(firstLine)) return 'zip';
  if (/^%PDF-/.test(firstLine)) return 'pdf';
  if (/^\u001f\uFFFD/.test(firstLine)) return 'gzip';
  if (/^\uFFFD\uFFFD\uFFFD\uFFFD/.test(firstLine) || /^\uFFFD\uFFFD\u0011\uFFFD/.test(firstLine)) return 'office';
  if (/^\uFFFD\uFFFD\uFFFD/.test(firstLine)) return 'image';
  // text has no NUL or other control characters (tabs aside), nor undecodable bytes
  const bad = (firstLine.slice(0, 4096).match(/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\uFFFD]/g) ?? []).length;
  return bad > 0 ? 'binary' : null;
}
/* eslint-enable no-control-regex */

export const IDCODE_REASON = {
  format: 'the ID code must be 11 digits',
  century: 'the ID code’s first digit must be 1–8',
  date: 'the ID code holds no valid birth date',
  checksum: 'the ID code’s check digit is wrong',
} as const;

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
const W2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];
const ELEVEN_DIGITS = /^\d{11}$/;

function checkDigitOk(code: string): boolean {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < 10; i++) {
    const d = code.charCodeAt(i) - 48;
    s1 += d * W1[i]!;
    s2 += d * W2[i]!;
  }
  let c = s1 % 11;
  if (c === 10) {
    c = s2 % 11;
    if (c === 10) c = 0;
  }
  return c === code.charCodeAt(10) - 48;
}

function problem(line: number, field: string, code: ProblemCode, message: string, vars?: Record<string, string | number>): { problem: ImportProblem } {
  return { problem: vars ? { line, field, code, message, vars } : { line, field, code, message } };
}

/**
 * Checks rows. The hot path avoids per-row allocations: birth dates are cached by the code's first
 * seven digits (century + date) and residence dates by their text; anything that fails the fast
 * path goes through the kernel's parseIdcode for the exact reason.
 */
class RowChecker {
  private seen = new Map<number, number>();
  private births = new Map<string, string | null>();
  private dates = new Map<string, string | null>();
  constructor(
    private readonly kov: string,
    private readonly ehak: EhakIndex,
    private readonly key: string,
  ) {}

  private birthOf(code: string): string | null {
    if (!ELEVEN_DIGITS.test(code)) return null;
    const prefix = code.slice(0, 7);
    let b = this.births.get(prefix);
    if (b === undefined) {
      const p = parseIdcode(withCheckDigit(code.slice(0, 10)));
      b = p.ok ? p.value.birthDate : null;
      this.births.set(prefix, b);
    }
    return b !== null && checkDigitOk(code) ? b : null;
  }

  private dateOf(s: string): string | null {
    let d = this.dates.get(s);
    if (d === undefined) {
      d = parseDate(s);
      if (this.dates.size < 200_000) this.dates.set(s, d);
    }
    return d;
  }

  check(fields: string[], line: number): { row: GoodRow } | { problem: ImportProblem } {
    if (fields.length !== CSV_HEADER.length) return problem(line, '', 'columns', `expected ${CSV_HEADER.length} columns, found ${fields.length}`, { expected: CSV_HEADER.length, found: fields.length });
    const code = fields[0]!.trim();
    const birth = this.birthOf(code);
    if (birth === null) {
      const p = parseIdcode(code);
      const why = p.ok ? 'checksum' : p.problem;
      return problem(line, 'isikukood', 'idcode', IDCODE_REASON[why], { variant: why });
    }
    const given = fields[1]!.trim();
    const family = fields[2]!.trim();
    if (!given) return problem(line, 'eesnimi', 'name', 'the given name is empty', { variant: 'given' });
    if (!family) return problem(line, 'perenimi', 'name', 'the family name is empty', { variant: 'family' });
    const county = fields[3]!.trim();
    const kov = fields[4]!.trim();
    const unit = fields[5]!.trim();
    const ehak = this.ehak;
    if (!ehak.counties.has(county)) return problem(line, 'maakond', 'unknown-ehak', `county code ${county} is not in EHAK ${ehak.version}`, { variant: 'county', code: county, version: ehak.version });
    if (!ehak.municipalities.has(kov)) return problem(line, 'kov', 'unknown-ehak', `KOV code ${kov} is not in EHAK ${ehak.version}`, { variant: 'kov', code: kov, version: ehak.version });
    if (kov !== this.kov) return problem(line, 'kov', 'outside-kov', `KOV ${kov} is not ${this.kov}`, { variant: 'kov', code: kov, kov: this.kov });
    const unitKov = ehak.units.get(unit);
    if (unitKov === undefined) return problem(line, 'asustusyksus', 'unknown-ehak', `settlement unit code ${unit} is not in EHAK ${ehak.version}`, { variant: 'unit', code: unit, version: ehak.version });
    if (unitKov !== this.kov) return problem(line, 'asustusyksus', 'outside-kov', `settlement unit ${unit} lies in KOV ${unitKov}, not in ${this.kov}`, { variant: 'unit', code: unit, in: unitKov, kov: this.kov });
    const kovCounty = ehak.municipalities.get(kov);
    if (kovCounty !== county) return problem(line, 'maakond', 'county-mismatch', `county ${county} does not contain KOV ${kov} (its county is ${kovCounty})`, { county, kov, kovCounty: kovCounty ?? '' });
    const since = this.dateOf(fields[6]!.trim());
    if (!since) return problem(line, 'elukoht_alates', 'date', 'the residence start date must be YYYY-MM-DD or DD.MM.YYYY');
    const n = Number(code);
    const first = this.seen.get(n);
    if (first !== undefined) return problem(line, 'isikukood', 'duplicate', `the same ID code is already on line ${first}`, { first });
    this.seen.set(n, line);
    return { row: { hash: hashIdcode(this.key, code), given, family, county, unit, birth, since } };
  }
}

// ---------- writers ----------

interface Writer {
  write(rows: GoodRow[]): Promise<void>;
  /** Ends the row stream; the rows are written but not committed. */
  end(): Promise<void>;
  /** Runs fn in the writer's transaction, then commits. */
  commit(fn: (q: Tx) => Promise<void>): Promise<void>;
  rollback(): Promise<void>;
}

function copyEscape(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** Runs the last steps in the bulk transaction and commits it (or rolls it back if a step fails). */
async function commitWith(b: BulkTx, fn: (t: Tx) => Promise<void>): Promise<void> {
  try {
    await fn(b.t);
  } catch (e) {
    await b.rollback();
    throw e;
  }
  await b.commit();
}

/**
 * PostgreSQL: in one bulk owner transaction (COPY FROM is not allowed under RLS), the batch's own
 * table is created, loaded with COPY … FREEZE without indexes, indexed once at the end and attached
 * as a partition of residents_person — in the transaction that also flips the pointer.
 */
async function postgresWriter(b: BulkTx, kov: string, batchId: string): Promise<Writer> {
  await createBatchTable(b.t, batchId);
  const copy = b.copyFrom(copyPeopleSql(batchId))!;
  let copyError: Error | null = null;
  copy.on('error', (e: Error) => {
    copyError = e;
  });
  const finished = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  finished.catch(() => undefined);
  const prefix = `${kov}\t${batchId}\t`;
  return {
    async write(rows) {
      if (copyError) throw copyError;
      let s = '';
      for (const r of rows) {
        s += `${prefix}${r.hash}\t${copyEscape(r.given)}\t${copyEscape(r.family)}\t${r.county}\t${r.unit}\t${r.birth}\t${r.since}\n`;
      }
      if (!copy.write(s)) {
        await new Promise<void>((resolve, reject) => {
          const onErr = (e: Error) => reject(e);
          copy.once('drain', () => {
            copy.off('error', onErr);
            resolve();
          });
          copy.once('error', onErr);
        });
      }
    },
    async end() {
      copy.end();
      await finished;
      await indexAndAttachBatch(b.t, batchId);
    },
    commit: (fn) => commitWith(b, fn),
    rollback: () => b.rollback(),
  };
}

/** PGlite: one bulk owner transaction holds the whole import; rows go in batches of INSERT … unnest. */
async function pgliteWriter(b: BulkTx, kov: string, batchId: string): Promise<Writer> {
  await createBatchPartition(b.t, batchId);
  return {
    async write(rows) {
      const cols = { hash: [] as string[], given: [] as string[], family: [] as string[], county: [] as string[], unit: [] as string[], birth: [] as string[], since: [] as (string | null)[] };
      for (const r of rows) {
        cols.hash.push(r.hash);
        cols.given.push(r.given);
        cols.family.push(r.family);
        cols.county.push(r.county);
        cols.unit.push(r.unit);
        cols.birth.push(r.birth);
        cols.since.push(r.since);
      }
      await insertPeople(b.t, kov, batchId, cols);
    },
    async end() {},
    commit: (fn) => commitWith(b, fn),
    rollback: () => b.rollback(),
  };
}

// ---------- the import ----------

const MAX_PROBLEMS = 1000;

/** Imports a register extract for one KOV. Throws RegisterImportError for a missing file/KOV/EHAK. */
export async function importRegister(db: Db, hmacKey: string, source: ImportSource, opts: ImportOptions): Promise<ImportResult> {
  const t0 = performance.now();
  const kov = opts.kov;
  const acceptGoodRows = !!opts.acceptGoodRows;
  const maxProblems = opts.maxProblems ?? MAX_PROBLEMS;
  const progressEvery = opts.progressEvery ?? 100_000;
  const { stream, totalBytes, name } = openSource(source);

  const ehak = await db.tx((t) => classifierIndex(t));
  if (!ehak) throw new RegisterImportError('no-ehak', 'no EHAK classifier version is current: import EHAK first (vallamaja ehak import)');
  if (!ehak.municipalities.has(kov)) throw new RegisterImportError('unknown-kov', `KOV ${kov} is not in EHAK ${ehak.version}`);

  const batchId = uuidv7();
  await db.system('register import: opens the batch', async (t) => {
    // rows of earlier imports that never became current (crashed) are cleaned up first
    for (const id of await staleBatches(t, kov)) await deleteBatchRows(t, kov, id);
    await insertBatch(t, {
      id: batchId,
      kov,
      source: opts.source ?? 'file',
      fileName: opts.fileName ?? name,
      ehakVersion: ehak.version,
      acceptGoodRows,
      actorKind: opts.actor.kind,
      actorName: opts.actor.name,
    });
  });

  const checker = new RowChecker(kov, ehak, hmacKey);
  const problems: ImportProblem[] = [];
  let rowsRead = 0;
  let rowsBad = 0;
  let rowsGood = 0;
  let bytes = 0;
  const report = async () => opts.onProgress?.({ rows: rowsRead, bad: rowsBad, bytes, totalBytes });
  const addProblem = (p: ImportProblem) => {
    rowsBad++;
    if (problems.length < maxProblems) problems.push(p);
  };

  // the register's size before the import, for the shrink guard (read now: on the embedded database
  // the bulk writer below holds the one connection until it commits or rolls back)
  const sizeBefore = opts.shrinkGuard && !opts.shrinkGuard.confirmed
    ? ((await db.system('register import: the current register’s size, for the shrink check', (t) => currentBatch(t, kov)))?.rowsImported ?? 0)
    : null;
  const bulk = await db.bulk('register import: the rows go in by COPY, which row-level security does not allow');
  const writer = await (db.engine === 'postgres' ? postgresWriter(bulk, kov, batchId) : pgliteWriter(bulk, kov, batchId)).catch(async (e: unknown) => {
    await bulk.rollback().catch(() => undefined);
    throw e;
  });
  const CHUNK = db.engine === 'postgres' ? 2000 : 5000;
  let finished = false;
  try {
    let lineNo = 0;
    let header: string[] | null = null;
    let sep = ',';
    let buf: GoodRow[] = [];
    let rejecting = false;
    for await (const line of linesOf(stream, (n) => (bytes += n))) {
      lineNo++;
      if (header === null) {
        if (!line.trim()) continue;
        sep = line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
        header = splitCsvLine(line, sep).map((h) => h.trim().toLowerCase());
        const same = (want: readonly string[]) => want.length === header!.length && want.every((w, i) => header![i] === w);
        if (!same(CSV_HEADER) && !same(CSV_HEADER_EN)) {
          const kind = binaryKind(line);
          addProblem(
            kind
              ? { line: lineNo, field: '', code: 'not-csv', message: `this is not a CSV file (${kind})`, vars: { variant: kind } }
              : { line: lineNo, field: '', code: 'header', message: `the first line must be the header ${CSV_HEADER.join(',')}`, vars: { header: CSV_HEADER.join(',') } },
          );
          break;
        }
        continue;
      }
      if (!line.trim()) continue;
      rowsRead++;
      const r = checker.check(splitCsvLine(line, sep), lineNo);
      if ('problem' in r) {
        addProblem(r.problem);
        // Rejecting the file: stop writing (keep reading, to report every bad line).
        if (!acceptGoodRows) rejecting = true;
      } else if (!rejecting) {
        rowsGood++;
        buf.push(r.row);
        if (buf.length >= CHUNK) {
          await writer.write(buf);
          buf = [];
        }
      } else rowsGood++;
      if (rowsRead % progressEvery === 0) await report();
    }
    if (header === null) addProblem({ line: 1, field: '', code: 'empty', message: 'the file is empty' });
    const reject = problems.some((p) => p.code === 'header' || p.code === 'empty' || p.code === 'not-csv') || (rowsBad > 0 && !acceptGoodRows);
    if (!reject && buf.length) await writer.write(buf);
    await report();
    if (reject) {
      finished = true;
      await writer.rollback();
      await db.system('register import: records a failed batch', async (t) => {
        await finishBatch(t, { id: batchId, kov, status: 'failed', rowsRead, rowsImported: 0, rowsBad, problems });
        await recordAudit(t, {
          kov,
          actor: opts.actor,
          action: 'residents.import-rejected',
          targetType: 'residents-batch',
          targetId: batchId,
          after: { source: opts.source ?? 'file', file: opts.fileName ?? name, rowsRead, rowsBad },
        });
      });
      return { ok: false, status: 'rejected', batchId, rowsRead, rowsImported: 0, rowsBad, problems, ms: Math.round(performance.now() - t0) };
    }
    const guard = opts.shrinkGuard;
    if (guard && sizeBefore !== null) {
      const current = sizeBefore;
      if (rowsGood === 0 || rowsGood < current * (1 - guard.percent / 100)) {
        finished = true;
        await writer.rollback();
        const shrink = { current, incoming: rowsGood };
        const p: ImportProblem = { line: 0, field: '', code: 'shrink', message: `not confirmed: the file has ${rowsGood} people, the register ${current}`, vars: shrink };
        await db.system('register import: records an unconfirmed batch', async (t) => {
          await finishBatch(t, { id: batchId, kov, status: 'failed', rowsRead, rowsImported: 0, rowsBad, problems: [p, ...problems].slice(0, maxProblems) });
          await recordAudit(t, {
            kov,
            actor: opts.actor,
            action: 'residents.import-rejected',
            targetType: 'residents-batch',
            targetId: batchId,
            after: { source: opts.source ?? 'file', file: opts.fileName ?? name, rowsRead, rowsBad, unconfirmedShrink: shrink },
          });
        });
        return { ok: false, status: 'unconfirmed', shrink, batchId, rowsRead, rowsImported: 0, rowsBad, problems, ms: Math.round(performance.now() - t0) };
      }
    }
    await writer.end();
    let previous: string | null = null;
    finished = true;
    await writer.commit(async (q) => {
      await finishBatch(q, { id: batchId, kov, status: 'current', rowsRead, rowsImported: rowsGood, rowsBad, problems });
      previous = await flipCurrent(q, kov, batchId);
      await recordAudit(q, {
        kov,
        actor: opts.actor,
        action: 'residents.import',
        targetType: 'residents-batch',
        targetId: batchId,
        before: previous ? { batchId: previous } : null,
        after: { source: opts.source ?? 'file', file: opts.fileName ?? name, rowsRead, rowsImported: rowsGood, rowsBad, acceptGoodRows },
      });
    });
    // The old batch is no longer current: its rows go (a crash here leaves them for the next import's cleanup).
    const old = previous as string | null;
    if (old) await db.system('register import: drops the replaced batch (partition)', (t) => deleteBatchRows(t, kov, old));
    return { ok: true, status: 'imported', batchId, rowsRead, rowsImported: rowsGood, rowsBad, problems, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    if (!finished) await writer.rollback().catch(() => undefined);
    await db
      .system('register import: drops stale batches', (t) =>
        finishBatch(t, {
          id: batchId,
          kov,
          status: 'failed',
          rowsRead,
          rowsImported: 0,
          rowsBad,
          problems: [...problems.slice(0, maxProblems - 1), { line: 0, field: '', code: 'error', message: (e as Error).message }],
        }),
      )
      .catch(() => undefined);
    throw e;
  }
}

/** Wraps a string (or Buffer) as an import source. */
export function sourceOf(text: string | Buffer): Readable {
  return Readable.from([typeof text === 'string' ? Buffer.from(text) : text]);
}
