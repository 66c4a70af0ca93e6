// SQL for the residents tables (residents_*). The classifier (settlement units, names) comes from
// the territory module's exports, tenants from the kernel.
import type {Tx} from '../../kernel/db.js';
import { UUID_RE } from '../../kernel/ids.js';

// ---------- batches ----------

export interface BatchRow {
  id: string;
  kovCode: string;
  status: 'loading' | 'current' | 'superseded' | 'failed';
  source: 'file' | 'xtee';
  fileName: string | null;
  ehakVersion: string | null;
  acceptGoodRows: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  rowsRead: number;
  rowsImported: number;
  rowsBad: number;
  problems: StoredProblem[];
  actorName: string;
}

export interface StoredProblem {
  line: number;
  field: string;
  code: string;
  /** In English, for logs and the CLI; pages and the API show the code's message in the reader's language. */
  message: string;
  /** The message's parameters (import.ts problemReason), kept with the report. */
  vars?: Record<string, string | number>;
}

const BATCH_COLS = `id, kov_code AS "kovCode", status, source, file_name AS "fileName", ehak_version AS "ehakVersion",
  accept_good_rows AS "acceptGoodRows", started_at AS "startedAt", finished_at AS "finishedAt", rows_read AS "rowsRead",
  rows_imported AS "rowsImported", rows_bad AS "rowsBad", problems, actor_name AS "actorName"`;

function fixBatch(r: BatchRow): BatchRow {
  return {
    ...r,
    startedAt: new Date(r.startedAt),
    finishedAt: r.finishedAt ? new Date(r.finishedAt) : null,
    problems: typeof r.problems === 'string' ? (JSON.parse(r.problems) as StoredProblem[]) : r.problems,
  };
}

export async function insertBatch(
  q: Tx,
  b: { id: string; kov: string; source: 'file' | 'xtee'; fileName: string | null; ehakVersion: string; acceptGoodRows: boolean; actorKind: string; actorName: string },
): Promise<void> {
  await q.query(
    `INSERT INTO residents_batch (id, kov_code, status, source, file_name, ehak_version, accept_good_rows, actor_kind, actor_name)
     VALUES ($1, $2, 'loading', $3, $4, $5, $6, $7, $8)`,
    [b.id, b.kov, b.source, b.fileName, b.ehakVersion, b.acceptGoodRows, b.actorKind, b.actorName],
  );
}

export async function finishBatch(
  q: Tx,
  b: { id: string; kov: string; status: 'current' | 'failed'; rowsRead: number; rowsImported: number; rowsBad: number; problems: StoredProblem[] },
): Promise<void> {
  await q.query(
    `UPDATE residents_batch SET status = $3, finished_at = core_now(), rows_read = $4, rows_imported = $5, rows_bad = $6, problems = $7::jsonb
      WHERE id = $1 AND kov_code = $2`,
    [b.id, b.kov, b.status, b.rowsRead, b.rowsImported, b.rowsBad, JSON.stringify(b.problems)],
  );
}

/** Makes the batch current; returns the batch it replaced (or null). Locks the pointer row. */
export async function flipCurrent(q: Tx, kov: string, batchId: string): Promise<string | null> {
  const old = await q.one<{ batch_id: string }>('SELECT batch_id FROM residents_current WHERE kov_code = $1 FOR UPDATE', [kov]);
  if (old) {
    await q.query('UPDATE residents_current SET batch_id = $2, switched_at = core_now() WHERE kov_code = $1', [kov, batchId]);
    await q.query(`UPDATE residents_batch SET status = 'superseded' WHERE id = $1 AND kov_code = $2`, [old.batch_id, kov]);
  } else {
    await q.query('INSERT INTO residents_current (kov_code, batch_id) VALUES ($1, $2)', [kov, batchId]);
  }
  return old?.batch_id ?? null;
}

/** The partition of residents_person that holds one batch. */
export function batchTable(batchId: string): string {
  if (!UUID_RE.test(batchId)) throw new Error(`not a batch id: ${batchId}`);
  return `residents_person_${batchId.replace(/-/g, '')}`;
}

/** Drops a batch's rows (its partition). Owner only. */
export async function deleteBatchRows(q: Tx, _kov: string, batchId: string): Promise<void> {
  await q.exec(`DROP TABLE IF EXISTS ${batchTable(batchId)}`);
}

/** Rows of batches that never became current (a crashed or failed import), for cleanup. */
export async function staleBatches(q: Tx, kov: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM residents_batch WHERE kov_code = $1 AND status IN ('failed', 'superseded', 'loading')
       AND id NOT IN (SELECT batch_id FROM residents_current WHERE kov_code = $1)`,
    [kov],
  );
  return rows.map((r) => r.id);
}

export async function currentBatch(q: Tx, kov: string): Promise<BatchRow | null> {
  const r = await q.one<BatchRow>(
    `SELECT ${BATCH_COLS} FROM residents_batch WHERE kov_code = $1 AND id = (SELECT batch_id FROM residents_current WHERE kov_code = $1)`,
    [kov],
  );
  return r ? fixBatch(r) : null;
}

export async function latestBatch(q: Tx, kov: string): Promise<BatchRow | null> {
  const r = await q.one<BatchRow>(`SELECT ${BATCH_COLS} FROM residents_batch WHERE kov_code = $1 ORDER BY started_at DESC, id DESC LIMIT 1`, [kov]);
  return r ? fixBatch(r) : null;
}

/** Inserts person rows with one statement (unnest of arrays): the PGlite path and small loads. */
/** PostgreSQL: the batch's own table, shaped like residents_person, loaded by COPY before it is indexed and attached. */
export async function createBatchTable(t: Tx, batchId: string): Promise<void> {
  await t.exec(`CREATE TABLE ${batchTable(batchId)} (LIKE residents_person INCLUDING DEFAULTS)`);
}

/** The COPY statement that loads a batch table (text format, FREEZE: the table is new in this transaction). */
export function copyPeopleSql(batchId: string): string {
  return `COPY ${batchTable(batchId)} (kov_code, batch_id, idcode_hash, given_name, family_name, county_code, unit_code, birth_date, residence_since) FROM STDIN (FREEZE)`;
}

/** PostgreSQL: indexes the loaded batch table once and attaches it as the batch's partition. */
export async function indexAndAttachBatch(t: Tx, batchId: string): Promise<void> {
  const table = batchTable(batchId);
  await t.exec(`SET LOCAL maintenance_work_mem = '256MB'`);
  await t.exec(`ALTER TABLE ${table} ADD PRIMARY KEY (kov_code, batch_id, idcode_hash)`);
  await t.exec(`CREATE INDEX ON ${table} (kov_code, batch_id, unit_code, birth_date)`);
  await t.exec(`ALTER TABLE residents_person ATTACH PARTITION ${table} FOR VALUES IN ('${batchId}')`);
  await t.exec(`ANALYZE ${table}`); // planner statistics for the counts that follow
}

/** PGlite: the batch's partition, filled by batched inserts. */
export async function createBatchPartition(t: Tx, batchId: string): Promise<void> {
  await t.exec(`CREATE TABLE ${batchTable(batchId)} PARTITION OF residents_person FOR VALUES IN ('${batchId}')`);
}

export async function insertPeople(
  q: Tx,
  kov: string,
  batchId: string,
  cols: { hash: string[]; given: string[]; family: string[]; county: string[]; unit: string[]; birth: string[]; since: (string | null)[] },
): Promise<void> {
  await q.query(
    `INSERT INTO residents_person (kov_code, batch_id, idcode_hash, given_name, family_name, county_code, unit_code, birth_date, residence_since)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::date[])`,
    [kov, batchId, cols.hash, cols.given, cols.family, cols.county, cols.unit, cols.birth, cols.since],
  );
}

// ---------- eligibility ----------

export interface EligibilitySql {
  kov: string;
  units: string[] | null;
  bornOnOrBefore: string | null;
  residentSince: string | null;
  listIds: string[];
}

/** The eligible people: the current register filtered by the rules, plus the extra lists' members. */
function eligibleCte(): string {
  return `WITH cur AS (SELECT batch_id FROM residents_current WHERE kov_code = $1),
  reg AS (
    SELECT p.idcode_hash, p.unit_code, p.birth_date FROM residents_person p
     WHERE p.kov_code = $1 AND p.batch_id = (SELECT batch_id FROM cur)
       AND ($2::text[] IS NULL OR p.unit_code = ANY($2::text[]))
       AND ($3::date IS NULL OR p.birth_date <= $3::date)
       AND ($4::date IS NULL OR p.residence_since <= $4::date)),
  extra AS (
    SELECT DISTINCT m.idcode_hash, m.birth_date FROM residents_list_member m
     WHERE m.kov_code = $1 AND m.list_id = ANY($5::uuid[]) AND ($3::date IS NULL OR m.birth_date <= $3::date)),
  extra_only AS (
    SELECT e.idcode_hash, p.unit_code, e.birth_date FROM extra e
      LEFT JOIN residents_person p ON p.kov_code = $1 AND p.batch_id = (SELECT batch_id FROM cur) AND p.idcode_hash = e.idcode_hash
     WHERE NOT EXISTS (SELECT 1 FROM reg r WHERE r.idcode_hash = e.idcode_hash)),
  eligible AS (SELECT idcode_hash, unit_code, birth_date FROM reg UNION ALL SELECT idcode_hash, unit_code, birth_date FROM extra_only)`;
}

const eligibleParams = (s: EligibilitySql) => [s.kov, s.units, s.bornOnOrBefore, s.residentSince, s.listIds];

export async function countByUnit(q: Tx, s: EligibilitySql): Promise<{ unit: string | null; n: number }[]> {
  return q.query<{ unit: string | null; n: number }>(
    `${eligibleCte()} SELECT unit_code AS unit, count(*)::int AS n FROM eligible GROUP BY unit_code`,
    eligibleParams(s),
  );
}

export async function eligibleRows(q: Tx, s: EligibilitySql): Promise<{ idcodeHash: string; unitCode: string | null; birthDate: string }[]> {
  return q.query(
    `${eligibleCte()} SELECT idcode_hash AS "idcodeHash", unit_code AS "unitCode", birth_date AS "birthDate" FROM eligible ORDER BY idcode_hash`,
    eligibleParams(s),
  );
}

export interface ResidentRow {
  idcodeHash: string;
  givenName: string;
  familyName: string;
  countyCode: string;
  unitCode: string;
  birthDate: string;
  residenceSince: string | null;
}

export async function findPerson(q: Tx, kov: string, hash: string): Promise<ResidentRow | null> {
  const r = await q.one<ResidentRow>(
    `SELECT idcode_hash AS "idcodeHash", given_name AS "givenName", family_name AS "familyName", county_code AS "countyCode",
            unit_code AS "unitCode", birth_date AS "birthDate", residence_since AS "residenceSince"
       FROM residents_person WHERE kov_code = $1 AND batch_id = (SELECT batch_id FROM residents_current WHERE kov_code = $1) AND idcode_hash = $2`,
    [kov, hash],
  );
  return r ?? null;
}

// ---------- extra lists ----------

export interface ListRow {
  id: string;
  name: string;
  members: number;
  importedAt: Date;
}

export async function listLists(q: Tx, kov: string): Promise<ListRow[]> {
  return q.query<ListRow>(
    'SELECT id, name, members, imported_at AS "importedAt" FROM residents_list WHERE kov_code = $1 ORDER BY name',
    [kov],
  );
}

/** Replaces a named list (created when new) with the given members. */
export async function replaceList(q: Tx, kov: string, id: string, name: string, hashes: string[], births: string[]): Promise<string> {
  const existing = await q.one<{ id: string }>('SELECT id FROM residents_list WHERE kov_code = $1 AND name = $2 FOR UPDATE', [kov, name]);
  const listId = existing?.id ?? id;
  if (existing) {
    await q.query('DELETE FROM residents_list_member WHERE kov_code = $1 AND list_id = $2', [kov, listId]);
    await q.query('UPDATE residents_list SET members = $3, imported_at = core_now() WHERE id = $1 AND kov_code = $2', [listId, kov, hashes.length]);
  } else {
    await q.query('INSERT INTO residents_list (id, kov_code, name, members) VALUES ($1, $2, $3, $4)', [listId, kov, name, hashes.length]);
  }
  for (let i = 0; i < hashes.length; i += 5000) {
    await q.query(
      `INSERT INTO residents_list_member (kov_code, list_id, idcode_hash, birth_date)
       SELECT $1, $2, * FROM unnest($3::text[], $4::date[])`,
      [kov, listId, hashes.slice(i, i + 5000), births.slice(i, i + 5000)],
    );
  }
  return listId;
}

// ---------- X-tee fetches (fetch.ts) ----------

export type FetchState = 'running' | 'imported' | 'rejected' | 'failed' | 'interrupted';

export interface FetchRow {
  id: string;
  kov_code: string;
  on_date: string;
  accept_good_rows: boolean;
  state: FetchState;
  people: number;
  bad: number;
  bytes: number;
  not_living: number;
  rows_imported: number;
  batch_id: string | null;
  message: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  actor_kind: string;
  actor_name: string;
}

const FETCH_COLS = `id, kov_code, on_date, accept_good_rows, state, people, bad, bytes, not_living, rows_imported, batch_id, message,
  started_at, updated_at, finished_at, actor_kind, actor_name`;

/** Marks the KOV's running fetch interrupted if it has not reported for `staleSeconds`. */
export async function interruptStaleFetch(q: Tx, kov: string, staleSeconds: number): Promise<void> {
  await q.query(
    `UPDATE residents_fetch SET state = 'interrupted', finished_at = core_now()
      WHERE kov_code = $1 AND state = 'running' AND updated_at < core_now() - make_interval(secs => $2)`,
    [kov, staleSeconds],
  );
}

/** Records a new running fetch; null if the KOV already has one running. */
export async function insertFetch(
  q: Tx,
  f: { id: string; kov: string; on: string; acceptGoodRows: boolean; actorKind: string; actorName: string },
): Promise<FetchRow | null> {
  const r = await q.one<FetchRow>(
    `INSERT INTO residents_fetch (id, kov_code, on_date, accept_good_rows, state, actor_kind, actor_name)
     VALUES ($1, $2, $3, $4, 'running', $5, $6)
     ON CONFLICT (kov_code) WHERE state = 'running' DO NOTHING RETURNING ${FETCH_COLS}`,
    [f.id, f.kov, f.on, f.acceptGoodRows, f.actorKind, f.actorName],
  );
  return r ?? null;
}

export async function fetchProgress(q: Tx, kov: string, id: string, p: { people: number; bad: number; bytes: number }): Promise<void> {
  await q.query(
    `UPDATE residents_fetch SET people = $3, bad = $4, bytes = $5, updated_at = core_now() WHERE kov_code = $1 AND id = $2 AND state = 'running'`,
    [kov, id, p.people, p.bad, p.bytes],
  );
}

export async function finishFetch(
  q: Tx,
  kov: string,
  id: string,
  r: { state: Exclude<FetchState, 'running' | 'interrupted'>; people: number; bad: number; bytes: number; notLiving: number; rowsImported: number; batchId: string | null; message: string | null },
): Promise<void> {
  await q.query(
    `UPDATE residents_fetch SET state = $3, people = $4, bad = $5, bytes = $6, not_living = $7, rows_imported = $8, batch_id = $9, message = $10,
            updated_at = core_now(), finished_at = core_now()
      WHERE kov_code = $1 AND id = $2`,
    [kov, id, r.state, r.people, r.bad, r.bytes, r.notLiving, r.rowsImported, r.batchId, r.message],
  );
}

export async function getFetch(q: Tx, kov: string, id: string): Promise<FetchRow | null> {
  return (await q.one<FetchRow>(`SELECT ${FETCH_COLS} FROM residents_fetch WHERE kov_code = $1 AND id = $2`, [kov, id])) ?? null;
}

export async function latestFetch(q: Tx, kov: string): Promise<FetchRow | null> {
  return (await q.one<FetchRow>(`SELECT ${FETCH_COLS} FROM residents_fetch WHERE kov_code = $1 ORDER BY started_at DESC, id DESC LIMIT 1`, [kov])) ?? null;
}
