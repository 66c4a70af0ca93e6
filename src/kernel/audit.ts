// The audit log: every change an official makes writes an entry in the same transaction. Entries
// are hash-chained per KOV (core_audit_head holds each chain's head), so that editing or deleting an
// entry is detected by verifyAudit() (`vallamaja audit verify`). '0000' is the platform's own chain.
import { createHash } from 'node:crypto';
import type {Db, Tx} from './db.js';
import { uuidv7 } from './ids.js';
import { now } from './clock.js';

export const PLATFORM_CHAIN = '0000';

export interface Actor {
  kind: 'person' | 'apikey' | 'operator' | 'system';
  id: string | null;
  name: string;
}

export interface AuditInput {
  kov: string;
  actor: Actor;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** JSON with object keys sorted at every level: the form that is hashed. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
export const genesisHash = (kov: string) => sha256hex(`vallamaja/audit/v1\n${kov}`);

interface EntryFields {
  seq: number;
  kov_code: string;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
}

export function entryHash(prev: string, e: EntryFields): string {
  const payload = canonicalJson({
    seq: e.seq,
    kov: e.kov_code,
    at: new Date(e.at).toISOString(),
    actor: { kind: e.actor_kind, id: e.actor_id, name: e.actor_name },
    action: e.action,
    target: { type: e.target_type, id: e.target_id },
    before: e.before ?? null,
    after: e.after ?? null,
  });
  return sha256hex(`${prev}\n${payload}`);
}

/** Normalises a value the way jsonb stores it (so the hash recomputes from what is read back). */
function asJsonb(v: unknown): unknown {
  return v === undefined || v === null ? null : JSON.parse(JSON.stringify(v));
}

/** Appends an entry to the KOV's chain inside the caller's transaction. */
export async function recordAudit(t: Tx, input: AuditInput): Promise<void> {
  const kov = input.kov;
  await t.query('INSERT INTO core_audit_head (kov_code, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (kov_code) DO NOTHING', [
    kov,
    genesisHash(kov),
  ]);
  const head = await t.one<{ seq: number; hash: string }>('SELECT seq, hash FROM core_audit_head WHERE kov_code = $1 FOR UPDATE', [kov]);
  if (!head) throw new Error(`audit chain head for ${kov} is not visible to this transaction`);
  const at = now();
  const e: EntryFields = {
    seq: Number(head.seq) + 1,
    kov_code: kov,
    at,
    actor_kind: input.actor.kind,
    actor_id: input.actor.id,
    actor_name: input.actor.name,
    action: input.action,
    target_type: input.targetType ?? null,
    target_id: input.targetId ?? null,
    before: asJsonb(input.before),
    after: asJsonb(input.after),
  };
  const hash = entryHash(head.hash, e);
  await t.query(
    `INSERT INTO core_audit (id, kov_code, seq, at, actor_kind, actor_id, actor_name, action, target_type, target_id, before, after, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      uuidv7(),
      kov,
      e.seq,
      at,
      e.actor_kind,
      e.actor_id,
      e.actor_name,
      e.action,
      e.target_type,
      e.target_id,
      e.before === null ? null : JSON.stringify(e.before),
      e.after === null ? null : JSON.stringify(e.after),
      head.hash,
      hash,
    ],
  );
  await t.query('UPDATE core_audit_head SET seq = $2, hash = $3 WHERE kov_code = $1', [kov, e.seq, hash]);
}

export interface ChainReport {
  kov: string;
  entries: number;
  ok: boolean;
  problems: string[];
}

/** Recomputes every chain (or one KOV's) and reports each break. Runs as the owner. */
export async function verifyAudit(db: Db, kov?: string): Promise<ChainReport[]> {
  return db.system('audit verification reads every chain', async (t) => {
    const heads = await t.query<{ kov_code: string; seq: number; hash: string }>(
      `SELECT kov_code, seq, hash FROM core_audit_head ${kov ? 'WHERE kov_code = $1' : ''} ORDER BY kov_code`,
      kov ? [kov] : [],
    );
    const chainKovs = new Set(heads.map((h) => h.kov_code));
    const orphan = await t.query<{ kov_code: string }>(
      `SELECT DISTINCT kov_code FROM core_audit ${kov ? 'WHERE kov_code = $1' : ''}`,
      kov ? [kov] : [],
    );
    for (const o of orphan) chainKovs.add(o.kov_code);
    const reports: ChainReport[] = [];
    for (const k of [...chainKovs].sort()) {
      const problems: string[] = [];
      const rows = await t.query<EntryFields & { prev_hash: string; hash: string }>(
        `SELECT seq, kov_code, at, actor_kind, actor_id, actor_name, action, target_type, target_id, before, after, prev_hash, hash
           FROM core_audit WHERE kov_code = $1 ORDER BY seq`,
        [k],
      );
      let prev = genesisHash(k);
      let expectSeq = 1;
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expectSeq) problems.push(`entry ${expectSeq} is missing (found ${seq} next)`);
        if (r.prev_hash !== prev) problems.push(`entry ${seq}: its link to the previous entry is broken`);
        const h = entryHash(r.prev_hash, r);
        if (h !== r.hash) problems.push(`entry ${seq}: its content does not match its hash (changed after it was written)`);
        prev = r.hash;
        expectSeq = seq + 1;
      }
      const head = heads.find((h) => h.kov_code === k);
      if (!head) problems.push('the chain head is missing');
      else {
        if (Number(head.seq) !== rows.length || (rows.length > 0 && Number(rows[rows.length - 1]!.seq) !== Number(head.seq))) {
          problems.push(`the chain head says ${head.seq} entries, the log holds ${rows.length}`);
        }
        if (head.hash !== prev) problems.push('the last entry does not match the chain head (entries removed or altered at the end)');
      }
      reports.push({ kov: k, entries: rows.length, ok: problems.length === 0, problems });
    }
    return reports;
  });
}

// ---------- reading a KOV's log (the admin pages and API) ----------

export interface AuditFilter {
  action?: string;
  actor?: string;
  /** First day, YYYY-MM-DD (Europe/Tallinn). */
  from?: string;
  /** Last day, YYYY-MM-DD (Europe/Tallinn). */
  to?: string;
}

export interface AuditEntryView {
  id: string;
  seq: number;
  at: Date;
  actor: { kind: Actor['kind']; id: string | null; name: string };
  action: string;
  target: { type: string | null; id: string | null };
  before: unknown;
  after: unknown;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function auditWhere(kov: string, filter: AuditFilter): { cond: string; params: unknown[] } {
  const where = ['kov_code = $1'];
  const params: unknown[] = [kov];
  if (filter.action) {
    params.push(filter.action);
    where.push(`action = $${params.length}`);
  }
  if (filter.actor) {
    params.push(`%${likeEscape(filter.actor)}%`);
    where.push(`actor_name ILIKE $${params.length} ESCAPE '\\'`);
  }
  if (filter.from) {
    params.push(filter.from);
    where.push(`at >= ($${params.length}::date::timestamp AT TIME ZONE 'Europe/Tallinn')`);
  }
  if (filter.to) {
    params.push(filter.to);
    where.push(`at < (($${params.length}::date + 1)::timestamp AT TIME ZONE 'Europe/Tallinn')`);
  }
  return { cond: where.join(' AND '), params };
}

/** How many entries of the KOV's log match the filter. */
export async function countAudit(t: Tx, kov: string, filter: AuditFilter = {}): Promise<number> {
  const { cond, params } = auditWhere(kov, filter);
  const c = await t.one<{ n: number }>(`SELECT count(*)::int AS n FROM core_audit WHERE ${cond}`, params);
  return c?.n ?? 0;
}

/** Entries of the KOV's log matching the filter, newest first. */
export async function auditEntries(t: Tx, kov: string, filter: AuditFilter, limit: number, offset: number): Promise<AuditEntryView[]> {
  const { cond, params } = auditWhere(kov, filter);
  if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(offset) || limit < 0 || offset < 0) throw new Error('bad page');
  const rows = await t.query<EntryFields & { id: string }>(
    `SELECT id, seq, at, actor_kind, actor_id, actor_name, action, target_type, target_id, before, after
       FROM core_audit WHERE ${cond}
      ORDER BY seq DESC
      LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return rows.map(entryView);
}

/**
 * The next `limit` entries matching the filter that come before entry `beforeSeq` (null: from the
 * newest), newest first: the keyset a long export walks in batches without OFFSET.
 */
export async function auditEntriesBefore(t: Tx, kov: string, filter: AuditFilter, beforeSeq: number | null, limit: number): Promise<AuditEntryView[]> {
  const { cond, params } = auditWhere(kov, filter);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error('bad batch');
  let where = cond;
  if (beforeSeq !== null) {
    params.push(beforeSeq);
    where += ` AND seq < $${params.length}`;
  }
  const rows = await t.query<EntryFields & { id: string }>(
    `SELECT id, seq, at, actor_kind, actor_id, actor_name, action, target_type, target_id, before, after
       FROM core_audit WHERE ${where}
      ORDER BY seq DESC
      LIMIT ${limit}`,
    params,
  );
  return rows.map(entryView);
}

function entryView(r: EntryFields & { id: string }): AuditEntryView {
  return {
    id: r.id,
    seq: Number(r.seq),
    at: new Date(r.at),
    actor: { kind: r.actor_kind as Actor['kind'], id: r.actor_id, name: r.actor_name },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    before: r.before ?? null,
    after: r.after ?? null,
  };
}

/** The actions that occur in the KOV's log. */
export async function auditActionsOf(t: Tx, kov: string): Promise<string[]> {
  const rows = await t.query<{ action: string }>('SELECT DISTINCT action FROM core_audit WHERE kov_code = $1 ORDER BY action', [kov]);
  return rows.map((r) => r.action);
}
