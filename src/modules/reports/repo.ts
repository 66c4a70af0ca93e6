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
