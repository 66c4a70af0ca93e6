// Residents: the rules (eligibility), the register's status, extra lists and look-ups. The import
// itself is in import.ts. Every read runs in an app-role transaction bound to the KOV (RLS).
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { Db, Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest } from '../../kernel/errors.js';
import { hashIdcode, parseIdcode } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { ImportResult } from './import.js';
import { CSV_HEADER, IDCODE_REASON, importRegister, parseDate, splitCsvLine } from './import.js';
import type { BatchRow, EligibilitySql, ListRow, ResidentRow, StoredProblem } from './repo.js';
import { countByUnit, currentBatch, eligibleRows, findPerson, latestBatch, listLists, replaceList } from './repo.js';
import type { UnitName } from '../territory/index.js';
import { classifierNames, settlementUnitsOf } from '../territory/index.js';
import type { MainResidence, Rr417Counts, XteeConfig } from './xtee.js';
import { rr417CsvStream, rr417Open } from './xtee.js';
import { today } from '../../kernel/clock.js';

// ---------- eligibility rules ----------

export interface EligibilityRules {
  /** Settlement unit codes (EHAK); none: the whole KOV. */
  units?: string[];
  /** Minimum age reached on the reference date (birthday on the date counts). */
  minAge?: number;
  /** Reference date (YYYY-MM-DD) for the age; default today in Europe/Tallinn. */
  on?: string;
  /** Residence in the KOV started on or before this date (YYYY-MM-DD). */
  residentSince?: string;
  /** Names of extra lists whose members are eligible too (age rule applies; residence rules do not). */
  extraLists?: string[];
}

export interface EligibleCount {
  total: number;
  /** By settlement unit; code null: members of extra lists who are not in the register. */
  byUnit: { code: string | null; name: string | null; count: number }[];
}

export interface EligiblePerson {
  idcodeHash: string;
  /** null: on an extra list only, not in the register. */
  unitCode: string | null;
  birthDate: string;
}


/**
 * The latest birth date of a person who is at least `age` on `on`: the same day `age` years
 * earlier (29 February → 28 February in a common year: such a person comes of age on 1 March).
 */
export function bornOnOrBefore(on: string, age: number): string {
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const year = y - age;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Checks the rules against the KOV's units and lists; 400 naming each bad field. */
async function resolveRules(t: Tx, kov: string, rules: EligibilityRules): Promise<{ sql: EligibilitySql; units: UnitName[] }> {
  const errors: FieldError[] = [];
  const units = await settlementUnitsOf(t, kov);
  let unitFilter: string[] | null = null;
  if (rules.units && rules.units.length) {
    const known = new Set(units.map((u) => u.code));
    const unknown = rules.units.filter((u) => !known.has(u));
    if (unknown.length) errors.push({ field: 'units', reason: 'residents.error.unitsUnknown', vars: { codes: unknown.join(', ') } });
    unitFilter = [...new Set(rules.units)];
  }
  let born: string | null = null;
  if (rules.minAge !== undefined) {
    if (!Number.isInteger(rules.minAge) || rules.minAge < 0 || rules.minAge > 130) errors.push({ field: 'minAge', reason: 'residents.error.minAge' });
    const on = rules.on === undefined || rules.on === '' ? today() : parseDate(rules.on);
    if (!on) errors.push({ field: 'on', reason: 'residents.error.date' });
    else if (Number.isInteger(rules.minAge)) born = bornOnOrBefore(on, rules.minAge);
  } else if (rules.on !== undefined && rules.on !== '' && !parseDate(rules.on)) errors.push({ field: 'on', reason: 'residents.error.date' });
  let since: string | null = null;
  if (rules.residentSince !== undefined && rules.residentSince !== '') {
    since = parseDate(rules.residentSince);
    if (!since) errors.push({ field: 'residentSince', reason: 'residents.error.date' });
  }
  const listIds: string[] = [];
  if (rules.extraLists && rules.extraLists.length) {
    const lists = await listLists(t, kov);
    for (const n of rules.extraLists) {
      const l = lists.find((x) => x.name === n);
      if (l) listIds.push(l.id);
      else errors.push({ field: 'extraLists', reason: 'residents.error.listUnknown', vars: { name: n } });
    }
  }
  if (errors.length) throw badRequest(errors);
  return { sql: { kov, units: unitFilter, bornOnOrBefore: born, residentSince: since, listIds }, units };
}

/** How many people the rules make eligible, in total and by settlement unit. */
export async function countEligible(db: Db, kov: string, rules: EligibilityRules): Promise<EligibleCount> {
  return db.tx(
    async (t) => {
      const { sql, units } = await resolveRules(t, kov, rules);
      const rows = await countByUnit(t, sql);
      const names = new Map(units.map((u) => [u.code, u.name]));
      const byUnit = rows
        .map((r) => ({ code: r.unit, name: r.unit === null ? null : (names.get(r.unit) ?? null), count: Number(r.n) }))
        .sort((a, b) => (a.code === null ? 1 : b.code === null ? -1 : (a.name ?? a.code).localeCompare(b.name ?? b.code, 'et')));
      return { total: byUnit.reduce((s, u) => s + u.count, 0), byUnit };
    },
    { kov },
  );
}

/**
 * The eligible people at this moment, for the voting module to freeze into its own roll. Runs in
 * the caller's transaction (bound to the KOV), so the roll and the snapshot agree.
 */
export async function snapshotEligible(tx: Tx, kov: string, rules: EligibilityRules): Promise<EligiblePerson[]> {
  if (!tx.system && tx.kov !== kov) throw new Error(`snapshotEligible: the transaction is bound to ${tx.kov ?? 'no KOV'}, not ${kov}`);
  const { sql } = await resolveRules(tx, kov, rules);
  return eligibleRows(tx, sql);
}

export type Resident = ResidentRow;

/** A person in the KOV's current register, by the keyed hash of their ID code. */
export async function findResident(db: Db, kov: string, idcodeHash: string): Promise<Resident | null> {
  return db.tx((t) => findPerson(t, kov, idcodeHash), { kov });
}

// ---------- status ----------

export interface RegisterStatus {
  current: BatchRow | null;
  /** The latest import if it is not the current one (failed, rejected, or still loading). */
  latest: BatchRow | null;
  lists: ListRow[];
  units: UnitName[];
}

export async function registerStatus(db: Db, kov: string): Promise<RegisterStatus> {
  return db.tx(
    async (t) => {
      const current = await currentBatch(t, kov);
      const latest = await latestBatch(t, kov);
      return {
        current,
        latest: latest && latest.id !== current?.id ? latest : null,
        lists: await listLists(t, kov),
        units: await settlementUnitsOf(t, kov),
      };
    },
    { kov },
  );
}

// ---------- extra lists ----------

export interface ListImportResult {
  ok: boolean;
  listId: string | null;
  members: number;
  /** Each bad line with its code (shown in the reader's language, as the register import's are) and an English message (CLI, logs). */
  problems: StoredProblem[];
}

/**
 * Imports a named extra list: one ID code a line (an optional header line "isikukood"; a CSV's first
 * column). A list of the same name is replaced. Bad codes reject the file unless acceptGoodRows.
 */
export async function importExtraList(
  db: Db,
  hmacKey: string,
  input: { kov: string; name: string; text: string; acceptGoodRows?: boolean; actor: Actor },
): Promise<ListImportResult> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw badRequest([{ field: 'name', reason: 'residents.error.listName' }]);
  const problems: StoredProblem[] = [];
  const seen = new Map<string, number>();
  const hashes: string[] = [];
  const births: string[] = [];
  const lines = input.text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const cell = splitCsvLine(raw, raw.includes(';') ? ';' : ',')[0]!.trim();
    if (!cell || (i === 0 && /^[a-z_]+$/i.test(cell))) return;
    const p = parseIdcode(cell);
    if (!p.ok) return void problems.push({ line: i + 1, field: 'isikukood', code: 'idcode', message: IDCODE_REASON[p.problem], vars: { variant: p.problem } });
    const first = seen.get(cell);
    if (first !== undefined) return void problems.push({ line: i + 1, field: 'isikukood', code: 'duplicate', message: `the same ID code is already on line ${first}`, vars: { first } });
    seen.set(cell, i + 1);
    hashes.push(hashIdcode(hmacKey, cell));
    births.push(p.value.birthDate);
  });
  if (problems.length && !input.acceptGoodRows) return { ok: false, listId: null, members: 0, problems };
  const listId = await db.tx(
    async (t) => {
      const id = await replaceList(t, input.kov, uuidv7(), name, hashes, births);
      await recordAudit(t, {
        kov: input.kov,
        actor: input.actor,
        action: 'residents.list-import',
        targetType: 'residents-list',
        targetId: id,
        after: { name, members: hashes.length, bad: problems.length },
      });
      return id;
    },
    { kov: input.kov },
  );
  return { ok: true, listId, members: hashes.length, problems };
}

// ---------- X-tee: the register from the population register (RR417), one person's residence (RR411) ----------

export interface XteeImportProgress {
  /** Living people read from the answer so far. */
  rows: number;
  bad: number;
  /** Bytes of the X-tee answer received so far. */
  bytes: number;
}

export interface XteeImportResult extends ImportResult, Rr417Counts {
  /** The reference date asked for (YYYY-MM-DD). */
  on: string;
  bytes: number;
}

/** A reference date as the X-tee import takes it: YYYY-MM-DD, and a real date. */
export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && parseDate(s) !== null;
}

/**
 * Fetches the KOV's residents on a date over X-tee (RR417) and imports them as the KOV's register:
 * the answer is streamed into importRegister, so the checks, the bad-row report, the atomic
 * replace and the audit entry are those of a file import (source `xtee`, file `RR417 <date>`).
 * People not living on the date are left out. An X-tee failure before the answer begins (not
 * reachable, a fault) throws XteeError and stores nothing; one that breaks the answer off fails the
 * batch (kept with the reason) and leaves the previous register current.
 */
export async function importRegisterFromXtee(
  db: Db,
  hmacKey: string,
  cfg: XteeConfig,
  opts: {
    kov: string;
    on: string;
    actor: Actor;
    acceptGoodRows?: boolean;
    onProgress?: (p: XteeImportProgress) => void | Promise<void>;
    progressEvery?: number;
  },
): Promise<XteeImportResult> {
  if (!isIsoDate(opts.on)) throw badRequest([{ field: 'date', reason: 'residents.error.date' }]);
  const answer = await rr417Open(cfg, opts.kov, opts.on);
  const counts: Rr417Counts = { people: 0, notLiving: 0 };
  try {
    const r = await importRegister(db, hmacKey, rr417CsvStream(answer.people, CSV_HEADER, counts), {
      kov: opts.kov,
      actor: opts.actor,
      acceptGoodRows: opts.acceptGoodRows,
      source: 'xtee',
      fileName: `RR417 ${opts.on}`,
      progressEvery: opts.progressEvery,
      onProgress: opts.onProgress ? (p) => opts.onProgress!({ rows: p.rows, bad: p.bad, bytes: answer.received() }) : undefined,
    });
    return { ...r, ...counts, on: opts.on, bytes: answer.received() };
  } finally {
    await answer.cancel();
  }
}

export interface NamedResidence extends MainResidence {
  /** Names from the current EHAK version (null: not in it, or no EHAK imported). */
  countyName: string | null;
  kovName: string | null;
  unitName: string | null;
  ehakVersion: string | null;
}

/** EHAK names for the codes of a main residence (RR411), from the current classifier version. */
export async function nameResidence(db: Db, r: MainResidence): Promise<NamedResidence> {
  const ehak = await db.tx((t) => classifierNames(t, [r.countyCode, r.kovCode, r.unitCode].filter(Boolean)));
  const name = (code: string) => (code && ehak?.names.get(code)) || null;
  return { ...r, countyName: name(r.countyCode), kovName: name(r.kovCode), unitName: name(r.unitCode), ehakVersion: ehak?.version ?? null };
}
