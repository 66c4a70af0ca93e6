// SQL for the reports core tables (reports_category, reports_group, reports_counter, reports_report,
// reports_event). Every function takes the caller's transaction. Other parts of the module keep their
// SQL in repo/<part>.ts.
import type { Tx } from '../../kernel/db.js';

export type Domain = 'roads' | 'lighting' | 'waste' | 'greenery' | 'water' | 'public_order' | 'other';
export type ReportStatus = 'unconfirmed' | 'received' | 'in_progress' | 'scheduled' | 'reopened' | 'fixed' | 'forwarded' | 'duplicate' | 'closed';
export type EventKind = 'created' | 'confirmed' | 'status' | 'answer' | 'note' | 'assigned' | 'category' | 'merged' | 'reopened' | 'feedback' | 'photo';
export type EventActorKind = 'person' | 'apikey' | 'operator' | 'system' | 'reporter';

export interface CategoryRow {
  id: string;
  kov_code: string;
  code: string;
  domain: Domain;
  name_et: string;
  name_en: string;
  name_ru: string;
  description: string;
  group_id: string | null;
  sla_days: number;
  attributes: unknown[];
  keywords: string;
  active: boolean;
  sort: number;
}

const CAT_COLS = 'id, kov_code, code, domain, name_et, name_en, name_ru, description, group_id, sla_days, attributes, keywords, active, sort';

export async function categoriesOf(t: Tx, kov: string, activeOnly: boolean): Promise<CategoryRow[]> {
  return t.query<CategoryRow>(`SELECT ${CAT_COLS} FROM reports_category WHERE kov_code = $1${activeOnly ? ' AND active' : ''} ORDER BY sort, name_et, code`, [kov]);
}

export async function categoryByCode(t: Tx, kov: string, code: string): Promise<CategoryRow | null> {
  return (await t.one<CategoryRow>(`SELECT ${CAT_COLS} FROM reports_category WHERE kov_code = $1 AND code = $2`, [kov, code])) ?? null;
}

export async function categoryById(t: Tx, kov: string, id: string): Promise<CategoryRow | null> {
  return (await t.one<CategoryRow>(`SELECT ${CAT_COLS} FROM reports_category WHERE kov_code = $1 AND id = $2`, [kov, id])) ?? null;
}

export async function insertCategory(
  t: Tx,
  c: { id: string; kov: string; code: string; domain: Domain; names: { et: string; en: string; ru: string }; description: string; groupId: string | null; slaDays: number; attributes: unknown[]; keywords: string; sort: number },
): Promise<void> {
  await t.query(
    `INSERT INTO reports_category (id, kov_code, code, domain, name_et, name_en, name_ru, description, group_id, sla_days, attributes, keywords, sort)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [c.id, c.kov, c.code, c.domain, c.names.et, c.names.en, c.names.ru, c.description, c.groupId, c.slaDays, JSON.stringify(c.attributes), c.keywords, c.sort],
  );
}

export interface GroupRow {
  id: string;
  kov_code: string;
  name: string;
  email: string | null;
}

export async function groupsOf(t: Tx, kov: string): Promise<GroupRow[]> {
  return t.query<GroupRow>('SELECT id, kov_code, name, email FROM reports_group WHERE kov_code = $1 ORDER BY name', [kov]);
}

export async function insertGroup(t: Tx, g: { id: string; kov: string; name: string; email: string | null }): Promise<void> {
  await t.query('INSERT INTO reports_group (id, kov_code, name, email) VALUES ($1, $2, $3, $4)', [g.id, g.kov, g.name, g.email]);
}

/** The next report number of the KOV in a year (1, 2, …); the row lock orders concurrent reports. */
export async function nextNumber(t: Tx, kov: string, year: number): Promise<number> {
  const r = await t.one<{ last: number }>(
    `INSERT INTO reports_counter (kov_code, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (kov_code, year) DO UPDATE SET last = reports_counter.last + 1 RETURNING last`,
    [kov, year],
  );
  return r!.last;
}

export interface ReportRow {
  id: string;
  kov_code: string;
  number: string;
  category_id: string;
  domain: Domain;
  group_id: string | null;
  status: ReportStatus;
  is_open: boolean;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  unit_code: string | null;
  attributes: Record<string, unknown>;
  source: 'web' | 'open311' | 'api';
  reporter_kind: 'person' | 'email' | 'apikey';
  reporter_hash: string | null;
  reporter_name: string | null;
  reporter_email: string | null;
  reporter_phone: string | null;
  notify: boolean;
  lang: 'et' | 'en' | 'ru';
  confirm_hash: string | null;
  feedback_hash: string | null;
  token: string;
  duplicate_of: string | null;
  forwarded_to: string | null;
  assignee_hash: string | null;
  assignee_name: string | null;
  created_at: Date;
  confirmed_at: Date | null;
  updated_at: Date;
  expected_at: Date | null;
  first_action_at: Date | null;
  closed_at: Date | null;
  fixed_answer: boolean | null;
  satisfaction: number | null;
  feedback_comment: string | null;
  feedback_at: Date | null;
}

export const REPORT_COLS =
  'id, kov_code, number, category_id, domain, group_id, status, is_open, description, lat, lon, address, unit_code, attributes, source, ' +
  'reporter_kind, reporter_hash, reporter_name, reporter_email, reporter_phone, notify, lang, confirm_hash, feedback_hash, token, duplicate_of, ' +
  'forwarded_to, assignee_hash, assignee_name, created_at, confirmed_at, updated_at, expected_at, first_action_at, closed_at, fixed_answer, ' +
  'satisfaction, feedback_comment, feedback_at';

export interface NewReportRow {
  id: string;
  kov: string;
  number: string;
  categoryId: string;
  domain: Domain;
  groupId: string | null;
  status: ReportStatus;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  unitCode: string | null;
  attributes: Record<string, unknown>;
  source: 'web' | 'open311' | 'api';
  reporterKind: 'person' | 'email' | 'apikey';
  reporterHash: string | null;
  reporterName: string | null;
  reporterEmail: string | null;
  reporterPhone: string | null;
  notify: boolean;
  lang: 'et' | 'en' | 'ru';
  confirmHash: string | null;
  token: string;
  createdAt: Date;
  confirmedAt: Date | null;
  expectedAt: Date | null;
}

export async function insertReport(t: Tx, r: NewReportRow): Promise<void> {
  await t.query(
    `INSERT INTO reports_report (id, kov_code, number, category_id, domain, group_id, status, description, lat, lon, address, unit_code,
       attributes, source, reporter_kind, reporter_hash, reporter_name, reporter_email, reporter_phone, notify, lang, confirm_hash, token,
       created_at, confirmed_at, updated_at, expected_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $24, $26)`,
    [
      r.id, r.kov, r.number, r.categoryId, r.domain, r.groupId, r.status, r.description, r.lat, r.lon, r.address, r.unitCode,
      JSON.stringify(r.attributes), r.source, r.reporterKind, r.reporterHash, r.reporterName, r.reporterEmail, r.reporterPhone, r.notify, r.lang,
      r.confirmHash, r.token, r.createdAt, r.confirmedAt, r.expectedAt,
    ],
  );
}

export async function reportById(t: Tx, kov: string, id: string, forUpdate = false): Promise<ReportRow | null> {
  return (await t.one<ReportRow>(`SELECT ${REPORT_COLS} FROM reports_report WHERE kov_code = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [kov, id])) ?? null;
}

export async function reportByNumber(t: Tx, kov: string, number: string, forUpdate = false): Promise<ReportRow | null> {
  return (await t.one<ReportRow>(`SELECT ${REPORT_COLS} FROM reports_report WHERE kov_code = $1 AND number = $2${forUpdate ? ' FOR UPDATE' : ''}`, [kov, number])) ?? null;
}

export interface EventRow {
  id: string;
  kov_code: string;
  report_id: string;
  seq: number;
  kind: EventKind;
  public: boolean;
  status: ReportStatus;
  body: string | null;
  actor_kind: EventActorKind;
  actor_name: string;
  data: Record<string, unknown>;
  at: Date;
}

const EVENT_COLS = 'id::text AS id, kov_code, report_id, seq, kind, public, status, body, actor_kind, actor_name, data, at';

/**
 * Appends an event to a report's history (and so to the outbox). The caller holds the report's row
 * lock (reportById … forUpdate, or the insert of the report itself), which orders seq per report.
 */
export async function insertEvent(
  t: Tx,
  e: { kov: string; reportId: string; kind: EventKind; public: boolean; status: ReportStatus; body: string | null; actorKind: EventActorKind; actorName: string; data: Record<string, unknown>; at: Date },
): Promise<{ id: string; seq: number }> {
  const r = await t.one<{ id: string; seq: number }>(
    `INSERT INTO reports_event (kov_code, report_id, seq, kind, public, status, body, actor_kind, actor_name, data, at)
     VALUES ($1, $2, (SELECT coalesce(max(seq), 0) + 1 FROM reports_event WHERE report_id = $2), $3, $4, $5, $6, $7, $8, $9, $10)
     RETURNING id::text AS id, seq`,
    [e.kov, e.reportId, e.kind, e.public, e.status, e.body, e.actorKind, e.actorName, JSON.stringify(e.data), e.at],
  );
  await t.query('UPDATE reports_report SET updated_at = $3 WHERE kov_code = $1 AND id = $2', [e.kov, e.reportId, e.at]);
  return r!;
}

export async function eventsOf(t: Tx, kov: string, reportId: string, publicOnly: boolean): Promise<EventRow[]> {
  return t.query<EventRow>(`SELECT ${EVENT_COLS} FROM reports_event WHERE kov_code = $1 AND report_id = $2${publicOnly ? ' AND public' : ''} ORDER BY seq`, [kov, reportId]);
}

export async function insertPhoto(
  t: Tx,
  p: { id: string; kov: string; reportId: string | null; ordinal: number; mime: string; width: number; height: number; bytes: Buffer },
): Promise<void> {
  await t.query('INSERT INTO reports_photo (id, kov_code, report_id, ordinal, mime, width, height, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    p.id, p.kov, p.reportId, p.ordinal, p.mime, p.width, p.height, p.bytes,
  ]);
}

/** What a handler's action changes on a report (absent: unchanged). */
export interface ReportPatch {
  status?: ReportStatus;
  closedAt?: Date | null;
  firstActionAt?: Date;
  expectedAt?: Date | null;
  forwardedTo?: string | null;
  duplicateOf?: string | null;
  assignee?: { hash: string; name: string } | null;
  groupId?: string | null;
  categoryId?: string;
  domain?: Domain;
  unitCode?: string | null;
}

export async function updateReport(t: Tx, kov: string, id: string, p: ReportPatch, at: Date): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [kov, id, at];
  const set = (col: string, v: unknown) => {
    params.push(v);
    sets.push(`${col} = $${params.length}`);
  };
  if (p.status !== undefined) set('status', p.status);
  if (p.closedAt !== undefined) set('closed_at', p.closedAt);
  if (p.firstActionAt !== undefined) set('first_action_at', p.firstActionAt);
  if (p.expectedAt !== undefined) set('expected_at', p.expectedAt);
  if (p.forwardedTo !== undefined) set('forwarded_to', p.forwardedTo);
  if (p.duplicateOf !== undefined) set('duplicate_of', p.duplicateOf);
  if (p.assignee !== undefined) {
    set('assignee_hash', p.assignee?.hash ?? null);
    set('assignee_name', p.assignee?.name ?? null);
  }
  if (p.groupId !== undefined) set('group_id', p.groupId);
  if (p.categoryId !== undefined) set('category_id', p.categoryId);
  if (p.domain !== undefined) set('domain', p.domain);
  if (p.unitCode !== undefined) set('unit_code', p.unitCode);
  await t.query(`UPDATE reports_report SET ${[...sets, 'updated_at = $3'].join(', ')} WHERE kov_code = $1 AND id = $2`, params);
}

// ---------- administration: groups, members, categories, settings ----------

export interface MemberRow {
  group_id: string;
  idcode_hash: string;
  name: string;
}

export async function groupById(t: Tx, kov: string, id: string): Promise<GroupRow | null> {
  return (await t.one<GroupRow>('SELECT id, kov_code, name, email FROM reports_group WHERE kov_code = $1 AND id = $2', [kov, id])) ?? null;
}

export async function groupByName(t: Tx, kov: string, name: string): Promise<GroupRow | null> {
  return (await t.one<GroupRow>('SELECT id, kov_code, name, email FROM reports_group WHERE kov_code = $1 AND lower(name) = lower($2)', [kov, name])) ?? null;
}

export async function updateGroup(t: Tx, kov: string, id: string, g: { name: string; email: string | null }): Promise<void> {
  await t.query('UPDATE reports_group SET name = $3, email = $4 WHERE kov_code = $1 AND id = $2', [kov, id, g.name, g.email]);
}

export async function membersOf(t: Tx, kov: string): Promise<MemberRow[]> {
  return t.query<MemberRow>('SELECT group_id, idcode_hash, name FROM reports_group_member WHERE kov_code = $1 ORDER BY name, idcode_hash', [kov]);
}

export async function insertMember(t: Tx, kov: string, m: { groupId: string; idcodeHash: string; name: string }): Promise<boolean> {
  const r = await t.query('INSERT INTO reports_group_member (group_id, kov_code, idcode_hash, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING group_id', [
    m.groupId, kov, m.idcodeHash, m.name,
  ]);
  return r.length > 0;
}

export async function deleteMember(t: Tx, kov: string, groupId: string, idcodeHash: string): Promise<MemberRow | null> {
  return (
    (await t.one<MemberRow>('DELETE FROM reports_group_member WHERE kov_code = $1 AND group_id = $2 AND idcode_hash = $3 RETURNING group_id, idcode_hash, name', [kov, groupId, idcodeHash])) ??
    null
  );
}

export interface CategoryFields {
  code: string;
  domain: Domain;
  names: { et: string; en: string; ru: string };
  description: string;
  groupId: string | null;
  slaDays: number;
  attributes: unknown[];
  keywords: string;
  active: boolean;
  sort: number;
}

export async function updateCategory(t: Tx, kov: string, id: string, c: Omit<CategoryFields, 'code'>): Promise<void> {
  await t.query(
    `UPDATE reports_category SET domain = $3, name_et = $4, name_en = $5, name_ru = $6, description = $7, group_id = $8, sla_days = $9,
       attributes = $10, keywords = $11, active = $12, sort = $13 WHERE kov_code = $1 AND id = $2`,
    [kov, id, c.domain, c.names.et, c.names.en, c.names.ru, c.description, c.groupId, c.slaDays, JSON.stringify(c.attributes), c.keywords, c.active, c.sort],
  );
}

export async function keepMonthsOf(t: Tx, kov: string): Promise<{ keep_months: number | null; updated_at: Date } | null> {
  return (await t.one<{ keep_months: number | null; updated_at: Date }>('SELECT keep_months, updated_at FROM reports_setting WHERE kov_code = $1', [kov])) ?? null;
}

export async function setKeepMonths(t: Tx, kov: string, months: number | null, at: Date): Promise<void> {
  await t.query(
    `INSERT INTO reports_setting (kov_code, keep_months, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (kov_code) DO UPDATE SET keep_months = EXCLUDED.keep_months, updated_at = EXCLUDED.updated_at`,
    [kov, months, at],
  );
}

// ---------- the handlers' inbox ----------

export interface InboxFilter {
  /** 'open', 'closed', or one status; absent: every confirmed and unconfirmed report. */
  status?: 'open' | 'closed' | ReportStatus;
  category?: string;
  domain?: Domain;
  groupId?: string;
  /** An assignee's idcode hash, or 'none' for unassigned. */
  assignee?: string;
  overdue?: boolean;
  /** Text in the description, number or address. */
  q?: string;
}

function inboxWhere(kov: string, f: InboxFilter, at: Date): { where: string; params: unknown[] } {
  const params: unknown[] = [kov];
  const conds = ['r.kov_code = $1'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.status === 'open') conds.push('r.is_open');
  else if (f.status === 'closed') conds.push('NOT r.is_open');
  else if (f.status) conds.push(`r.status = ${p(f.status)}`);
  if (f.category) conds.push(`r.category_id = (SELECT c.id FROM reports_category c WHERE c.kov_code = $1 AND c.code = ${p(f.category)})`);
  if (f.domain) conds.push(`r.domain = ${p(f.domain)}`);
  if (f.groupId) conds.push(`r.group_id = ${p(f.groupId)}`);
  if (f.assignee === 'none') conds.push('r.assignee_hash IS NULL');
  else if (f.assignee) conds.push(`r.assignee_hash = ${p(f.assignee)}`);
  if (f.overdue) conds.push(`r.is_open AND r.expected_at < ${p(at)}`);
  if (f.q) {
    const like = p(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conds.push(`(r.description ILIKE ${like} OR r.number ILIKE ${like} OR coalesce(r.address, '') ILIKE ${like})`);
  }
  return { where: conds.join(' AND '), params };
}

export interface InboxRow extends ReportRow {
  category_code: string;
  category_name_et: string;
  category_name_en: string;
  category_name_ru: string;
  group_name: string | null;
}

export async function inboxPage(t: Tx, kov: string, f: InboxFilter, at: Date, sort: 'newest' | 'expected', limit: number, offset: number): Promise<{ rows: InboxRow[]; total: number }> {
  const { where, params } = inboxWhere(kov, f, at);
  const total = (await t.one<{ n: number }>(`SELECT count(*)::int AS n FROM reports_report r WHERE ${where}`, params))!.n;
  const order = sort === 'expected' ? 'r.expected_at ASC NULLS LAST, r.created_at DESC' : 'r.created_at DESC, r.number DESC';
  const cols = REPORT_COLS.split(', ').map((c) => `r.${c}`).join(', ');
  const rows = await t.query<InboxRow>(
    `SELECT ${cols}, c.code AS category_code, c.name_et AS category_name_et, c.name_en AS category_name_en, c.name_ru AS category_name_ru, g.name AS group_name
       FROM reports_report r JOIN reports_category c ON c.id = r.category_id AND c.kov_code = r.kov_code
       LEFT JOIN reports_group g ON g.id = r.group_id AND g.kov_code = r.kov_code
      WHERE ${where} ORDER BY ${order} LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
    params,
  );
  return { rows, total };
}

export async function statusCounts(t: Tx, kov: string): Promise<Array<{ status: ReportStatus; n: number }>> {
  return t.query<{ status: ReportStatus; n: number }>('SELECT status, count(*)::int AS n FROM reports_report WHERE kov_code = $1 GROUP BY status', [kov]);
}

export async function overdueCount(t: Tx, kov: string, at: Date): Promise<number> {
  return (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_report WHERE kov_code = $1 AND is_open AND expected_at < $2', [kov, at]))!.n;
}

export interface PhotoMeta {
  id: string;
  ordinal: number;
  mime: string;
  width: number;
  height: number;
}

/** A photo of a report of the KOV, whatever the report's status (the handlers' view). */
export async function photoOfReport(t: Tx, kov: string, reportId: string, photoId: string): Promise<{ mime: string; bytes: Buffer } | null> {
  return (await t.one<{ mime: string; bytes: Buffer }>('SELECT mime, bytes FROM reports_photo WHERE kov_code = $1 AND report_id = $2 AND id = $3', [kov, reportId, photoId])) ?? null;
}

export async function photosOf(t: Tx, kov: string, reportId: string): Promise<PhotoMeta[]> {
  return t.query<PhotoMeta>('SELECT id, ordinal, mime, width, height FROM reports_photo WHERE kov_code = $1 AND report_id = $2 ORDER BY ordinal, id', [kov, reportId]);
}

export async function reportNumbersByIds(t: Tx, kov: string, ids: string[]): Promise<Array<{ id: string; number: string }>> {
  if (!ids.length) return [];
  return t.query<{ id: string; number: string }>('SELECT id, number FROM reports_report WHERE kov_code = $1 AND id = ANY($2::uuid[])', [kov, ids]);
}

