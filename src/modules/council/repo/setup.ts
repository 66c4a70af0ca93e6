// SQL for the council's set-up tables (council_body, council_person, council_membership,
// council_sitting, council_item). Every function takes the caller's transaction.
import type { Tx } from '../../../kernel/db.js';

export type BodyKind = 'council' | 'commission';
export type MemberRole = 'chair' | 'deputy' | 'member';
export type SittingKind = 'regular' | 'extraordinary';
export type SittingMode = 'room' | 'online' | 'hybrid';
export type SittingState = 'planned' | 'published' | 'open' | 'closed';

export interface BodyRow {
  id: string;
  kov_code: string;
  kind: BodyKind;
  parent_id: string | null;
  name: string;
  short_name: string | null;
  seats: number;
  created_at: Date;
}

export interface PersonRow {
  id: string;
  kov_code: string;
  idcode_hash: string | null;
  idcode_hint: string | null;
  name: string;
  email: string | null;
  created_at: Date;
}

export interface MembershipRow {
  id: string;
  kov_code: string;
  body_id: string;
  person_id: string;
  role: MemberRole;
  faction: string | null;
  voting_right: boolean;
  /** 'YYYY-MM-DD' (a legal date, Europe/Tallinn). */
  starts: string;
  ends: string | null;
  substitute_for: string | null;
  created_at: Date;
}

export interface SittingRow {
  id: string;
  kov_code: string;
  body_id: string;
  number: number;
  kind: SittingKind;
  mode: SittingMode;
  starts_at: Date;
  place: string | null;
  video_url: string | null;
  state: SittingState;
  notice_published_at: Date | null;
  opened_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
}

export interface ItemRow {
  id: string;
  kov_code: string;
  sitting_id: string;
  position: number;
  title: string;
  draft_id: string | null;
  public: boolean;
  state: 'pending' | 'open' | 'done';
  result: string | null;
}

export async function insertBody(t: Tx, b: Omit<BodyRow, 'created_at'>): Promise<void> {
  await t.query(
    `INSERT INTO council_body (id, kov_code, kind, parent_id, name, short_name, seats) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [b.id, b.kov_code, b.kind, b.parent_id, b.name, b.short_name, b.seats],
  );
}

export async function insertPerson(t: Tx, p: Omit<PersonRow, 'created_at'>): Promise<void> {
  await t.query(
    `INSERT INTO council_person (id, kov_code, idcode_hash, idcode_hint, name, email) VALUES ($1, $2, $3, $4, $5, $6)`,
    [p.id, p.kov_code, p.idcode_hash, p.idcode_hint, p.name, p.email],
  );
}

export async function insertMembership(t: Tx, m: Omit<MembershipRow, 'created_at'>): Promise<void> {
  await t.query(
    `INSERT INTO council_membership (id, kov_code, body_id, person_id, role, faction, voting_right, starts, ends, substitute_for)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10)`,
    [m.id, m.kov_code, m.body_id, m.person_id, m.role, m.faction, m.voting_right, m.starts, m.ends, m.substitute_for],
  );
}

export async function insertSitting(
  t: Tx,
  s: Pick<SittingRow, 'id' | 'kov_code' | 'body_id' | 'number' | 'kind' | 'mode' | 'starts_at' | 'place' | 'video_url'>,
): Promise<void> {
  await t.query(
    `INSERT INTO council_sitting (id, kov_code, body_id, number, kind, mode, starts_at, place, video_url) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [s.id, s.kov_code, s.body_id, s.number, s.kind, s.mode, s.starts_at, s.place, s.video_url],
  );
}

export async function insertItem(t: Tx, i: Omit<ItemRow, 'state' | 'result'>): Promise<void> {
  await t.query(
    `INSERT INTO council_item (id, kov_code, sitting_id, position, title, draft_id, public) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [i.id, i.kov_code, i.sitting_id, i.position, i.title, i.draft_id, i.public],
  );
}

/** The KOV's bodies: the council first, then its commissions by name. */
export async function bodiesOf(t: Tx, kov: string): Promise<BodyRow[]> {
  return t.query<BodyRow>(
    `SELECT id, kov_code, kind, parent_id, name, short_name, seats, created_at
       FROM council_body WHERE kov_code = $1 ORDER BY kind = 'commission', name, id`,
    [kov],
  );
}

// ---------------------------------------------------------------- set-up part: reads and changes

export type DraftKind = 'decision' | 'regulation' | 'other';
export type DraftStatus = 'draft' | 'submitted' | 'adopted' | 'rejected' | 'withdrawn';
export type AmendmentStatus = 'proposed' | 'adopted' | 'rejected' | 'withdrawn';

export interface DraftRow {
  id: string;
  kov_code: string;
  body_id: string;
  number: string;
  title: string;
  kind: DraftKind;
  presenter: string;
  summary: string;
  status: DraftStatus;
  published_at: Date | null;
  created_at: Date;
}

export interface FileMetaRow {
  id: string;
  kov_code: string;
  draft_id: string | null;
  sitting_id: string | null;
  document_id: string;
  version: number;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by: string | null;
}

export interface FileRow extends FileMetaRow {
  bytes: Uint8Array;
}

export interface OpinionRow {
  id: string;
  draft_id: string;
  body_id: string;
  body_name: string;
  opinion: string;
  decided_on: string;
  created_at: Date;
}

export interface AmendmentRow {
  id: string;
  draft_id: string;
  proposer_id: string;
  proposer_name: string;
  text: string;
  status: AmendmentStatus;
  created_at: Date;
}

/** A membership with its person's name (and, for a substitute, the replaced member's name). */
export interface MembershipView extends MembershipRow {
  person_name: string;
  substitute_for_name: string | null;
}

export interface ItemView extends ItemRow {
  draft_number: string | null;
  draft_title: string | null;
}

const BODY_COLS = 'id, kov_code, kind, parent_id, name, short_name, seats, created_at';
const PERSON_COLS = 'id, kov_code, idcode_hash, idcode_hint, name, email, created_at';
const MS_COLS = `m.id, m.kov_code, m.body_id, m.person_id, m.role, m.faction, m.voting_right, to_char(m.starts, 'YYYY-MM-DD') AS starts,
  to_char(m.ends, 'YYYY-MM-DD') AS ends, m.substitute_for, m.created_at, p.name AS person_name, sp.name AS substitute_for_name`;
const MS_FROM = `council_membership m JOIN council_person p ON p.id = m.person_id
  LEFT JOIN council_membership sm ON sm.id = m.substitute_for LEFT JOIN council_person sp ON sp.id = sm.person_id`;
const DRAFT_COLS = 'id, kov_code, body_id, number, title, kind, presenter, summary, status, published_at, created_at';
const SITTING_COLS = 'id, kov_code, body_id, number, kind, mode, starts_at, place, video_url, state, notice_published_at, opened_at, closed_at, created_at';
/** The columns of a FileMetaRow (a council_file without its bytes), each prefixed by `alias` (e.g. 'f.'). */
export const fileMetaCols = (alias = '') =>
  ['id', 'kov_code', 'draft_id', 'sitting_id', 'document_id', 'version', 'name', 'media_type', 'size', 'sha256', 'uploaded_at', 'uploaded_by'].map((c) => alias + c).join(', ');
const FILE_META_COLS = fileMetaCols();

export async function bodyOf(t: Tx, kov: string, id: string): Promise<BodyRow | undefined> {
  return t.one<BodyRow>(`SELECT ${BODY_COLS} FROM council_body WHERE kov_code = $1 AND id = $2`, [kov, id]);
}

/** KOVs that have a council (platform-wide read: councils are public). */
export async function kovsWithCouncil(t: Tx): Promise<{ kov_code: string; name: string; seats: number }[]> {
  return t.query(`SELECT kov_code, name, seats FROM council_body WHERE kind = 'council' ORDER BY kov_code`);
}

export async function peopleOf(t: Tx, kov: string): Promise<PersonRow[]> {
  return t.query<PersonRow>(`SELECT ${PERSON_COLS} FROM council_person WHERE kov_code = $1 ORDER BY name, id`, [kov]);
}

export async function personOf(t: Tx, kov: string, id: string): Promise<PersonRow | undefined> {
  return t.one<PersonRow>(`SELECT ${PERSON_COLS} FROM council_person WHERE kov_code = $1 AND id = $2`, [kov, id]);
}

export async function personByHash(t: Tx, kov: string, hash: string): Promise<PersonRow | undefined> {
  return t.one<PersonRow>(`SELECT ${PERSON_COLS} FROM council_person WHERE kov_code = $1 AND idcode_hash = $2`, [kov, hash]);
}

/** The body's memberships (all periods), the council's roles first, then by name. */
export async function membershipsOfBody(t: Tx, kov: string, bodyId: string): Promise<MembershipView[]> {
  return t.query<MembershipView>(
    `SELECT ${MS_COLS} FROM ${MS_FROM} WHERE m.kov_code = $1 AND m.body_id = $2
      ORDER BY m.substitute_for IS NOT NULL, CASE m.role WHEN 'chair' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, p.name, m.starts, m.id`,
    [kov, bodyId],
  );
}

/** Memberships in force on a date (YYYY-MM-DD) in the KOV's bodies (all bodies when bodyId is null). */
export async function membershipsOn(t: Tx, kov: string, bodyId: string | null, on: string): Promise<MembershipView[]> {
  return t.query<MembershipView>(
    `SELECT ${MS_COLS} FROM ${MS_FROM}
      WHERE m.kov_code = $1 AND ($2::uuid IS NULL OR m.body_id = $2::uuid) AND m.starts <= $3::date AND (m.ends IS NULL OR m.ends >= $3::date)
      ORDER BY m.substitute_for IS NOT NULL, CASE m.role WHEN 'chair' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, p.name, m.id`,
    [kov, bodyId, on],
  );
}

/** A person's memberships (all periods). */
export async function membershipsOfPerson(t: Tx, kov: string, personId: string): Promise<MembershipView[]> {
  return t.query<MembershipView>(`SELECT ${MS_COLS} FROM ${MS_FROM} WHERE m.kov_code = $1 AND m.person_id = $2 ORDER BY m.starts, m.id`, [kov, personId]);
}

export async function membershipOf(t: Tx, kov: string, id: string): Promise<MembershipView | undefined> {
  return t.one<MembershipView>(`SELECT ${MS_COLS} FROM ${MS_FROM} WHERE m.kov_code = $1 AND m.id = $2`, [kov, id]);
}

export async function endMembershipRow(t: Tx, kov: string, id: string, ends: string): Promise<void> {
  await t.query(`UPDATE council_membership SET ends = $3::date WHERE kov_code = $1 AND id = $2`, [kov, id, ends]);
}

// drafts

export async function insertDraft(t: Tx, d: Omit<DraftRow, 'created_at' | 'status' | 'published_at'>): Promise<void> {
  await t.query(
    `INSERT INTO council_draft (id, kov_code, body_id, number, title, kind, presenter, summary) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [d.id, d.kov_code, d.body_id, d.number, d.title, d.kind, d.presenter, d.summary],
  );
}

export async function draftsOf(t: Tx, kov: string, publishedOnly: boolean): Promise<DraftRow[]> {
  return t.query<DraftRow>(
    `SELECT ${DRAFT_COLS} FROM council_draft WHERE kov_code = $1 AND ($2::boolean = false OR published_at IS NOT NULL) ORDER BY created_at DESC, id DESC`,
    [kov, publishedOnly],
  );
}

export async function draftOf(t: Tx, kov: string, id: string): Promise<DraftRow | undefined> {
  return t.one<DraftRow>(`SELECT ${DRAFT_COLS} FROM council_draft WHERE kov_code = $1 AND id = $2`, [kov, id]);
}

export async function draftByNumber(t: Tx, kov: string, number: string): Promise<DraftRow | undefined> {
  return t.one<DraftRow>(`SELECT ${DRAFT_COLS} FROM council_draft WHERE kov_code = $1 AND number = $2`, [kov, number]);
}

export async function setDraftStatus(t: Tx, kov: string, id: string, status: DraftStatus): Promise<void> {
  await t.query(
    `UPDATE council_draft SET status = $3, published_at = CASE WHEN $3 <> 'draft' THEN coalesce(published_at, core_now()) ELSE published_at END WHERE kov_code = $1 AND id = $2`,
    [kov, id, status],
  );
}

/** Publishes the drafts on a sitting's agenda (those not public yet). */
export async function publishDraftsOfSitting(t: Tx, kov: string, sittingId: string): Promise<void> {
  await t.query(
    `UPDATE council_draft SET published_at = core_now()
      WHERE kov_code = $1 AND published_at IS NULL AND id IN (SELECT draft_id FROM council_item WHERE kov_code = $1 AND sitting_id = $2 AND draft_id IS NOT NULL)`,
    [kov, sittingId],
  );
}

// files

export async function insertFile(t: Tx, f: Omit<FileRow, 'uploaded_at'>): Promise<void> {
  await t.query(
    `INSERT INTO council_file (id, kov_code, draft_id, sitting_id, document_id, version, name, media_type, size, sha256, bytes, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [f.id, f.kov_code, f.draft_id, f.sitting_id, f.document_id, f.version, f.name, f.media_type, f.size, f.sha256, f.bytes, f.uploaded_by],
  );
}

/** The files of a draft or a sitting, every version, by document then version. */
export async function filesOf(t: Tx, kov: string, owner: { draftId?: string; sittingId?: string }): Promise<FileMetaRow[]> {
  return t.query<FileMetaRow>(
    `SELECT ${FILE_META_COLS} FROM council_file WHERE kov_code = $1 AND (draft_id = $2::uuid OR sitting_id = $3::uuid) ORDER BY document_id, version`,
    [kov, owner.draftId ?? null, owner.sittingId ?? null],
  );
}

export async function fileOf(t: Tx, kov: string, id: string): Promise<FileRow | undefined> {
  return t.one<FileRow>(`SELECT ${FILE_META_COLS}, bytes FROM council_file WHERE kov_code = $1 AND id = $2`, [kov, id]);
}

/** The newest version of a document (and its owner), or undefined. */
export async function latestVersion(t: Tx, kov: string, documentId: string): Promise<FileMetaRow | undefined> {
  return t.one<FileMetaRow>(`SELECT ${FILE_META_COLS} FROM council_file WHERE kov_code = $1 AND document_id = $2 ORDER BY version DESC LIMIT 1`, [kov, documentId]);
}

// opinions and amendments

export async function upsertOpinion(t: Tx, o: { id: string; kov_code: string; draft_id: string; body_id: string; opinion: string; decided_on: string }): Promise<void> {
  await t.query(
    `INSERT INTO council_opinion (id, kov_code, draft_id, body_id, opinion, decided_on) VALUES ($1, $2, $3, $4, $5, $6::date)
     ON CONFLICT (draft_id, body_id) DO UPDATE SET opinion = EXCLUDED.opinion, decided_on = EXCLUDED.decided_on`,
    [o.id, o.kov_code, o.draft_id, o.body_id, o.opinion, o.decided_on],
  );
}

export async function opinionsOf(t: Tx, kov: string, draftId: string): Promise<OpinionRow[]> {
  return t.query<OpinionRow>(
    `SELECT o.id, o.draft_id, o.body_id, b.name AS body_name, o.opinion, to_char(o.decided_on, 'YYYY-MM-DD') AS decided_on, o.created_at
       FROM council_opinion o JOIN council_body b ON b.id = o.body_id WHERE o.kov_code = $1 AND o.draft_id = $2 ORDER BY o.decided_on, b.name`,
    [kov, draftId],
  );
}

export async function insertAmendment(t: Tx, a: { id: string; kov_code: string; draft_id: string; proposer_id: string; text: string }): Promise<void> {
  await t.query(`INSERT INTO council_amendment (id, kov_code, draft_id, proposer_id, text) VALUES ($1, $2, $3, $4, $5)`, [a.id, a.kov_code, a.draft_id, a.proposer_id, a.text]);
}

export async function amendmentsOf(t: Tx, kov: string, draftIds: readonly string[]): Promise<AmendmentRow[]> {
  if (!draftIds.length) return [];
  return t.query<AmendmentRow>(
    `SELECT a.id, a.draft_id, a.proposer_id, p.name AS proposer_name, a.text, a.status, a.created_at
       FROM council_amendment a JOIN council_person p ON p.id = a.proposer_id
      WHERE a.kov_code = $1 AND a.draft_id = ANY($2::uuid[]) ORDER BY a.created_at, a.id`,
    [kov, draftIds],
  );
}

export async function amendmentOf(t: Tx, kov: string, id: string): Promise<AmendmentRow | undefined> {
  return t.one<AmendmentRow>(
    `SELECT a.id, a.draft_id, a.proposer_id, p.name AS proposer_name, a.text, a.status, a.created_at
       FROM council_amendment a JOIN council_person p ON p.id = a.proposer_id WHERE a.kov_code = $1 AND a.id = $2`,
    [kov, id],
  );
}

export async function setAmendmentStatus(t: Tx, kov: string, id: string, status: AmendmentStatus): Promise<void> {
  await t.query(`UPDATE council_amendment SET status = $3 WHERE kov_code = $1 AND id = $2`, [kov, id, status]);
}

// sittings and agenda

export async function sittingsOf(t: Tx, kov: string): Promise<SittingRow[]> {
  return t.query<SittingRow>(`SELECT ${SITTING_COLS} FROM council_sitting WHERE kov_code = $1 ORDER BY starts_at DESC, id`, [kov]);
}

export async function sittingOf(t: Tx, kov: string, id: string): Promise<SittingRow | undefined> {
  return t.one<SittingRow>(`SELECT ${SITTING_COLS} FROM council_sitting WHERE kov_code = $1 AND id = $2`, [kov, id]);
}

/** The sitting locked for a change of its agenda or state. */
export async function sittingForUpdate(t: Tx, kov: string, id: string): Promise<SittingRow | undefined> {
  return t.one<SittingRow>(`SELECT ${SITTING_COLS} FROM council_sitting WHERE kov_code = $1 AND id = $2 FOR UPDATE`, [kov, id]);
}

export async function nextSittingNumber(t: Tx, kov: string, bodyId: string): Promise<number> {
  const r = await t.one<{ n: number }>(`SELECT coalesce(max(number), 0)::int + 1 AS n FROM council_sitting WHERE kov_code = $1 AND body_id = $2`, [kov, bodyId]);
  return r?.n ?? 1;
}

export async function setSittingPublished(t: Tx, kov: string, id: string): Promise<void> {
  await t.query(`UPDATE council_sitting SET state = 'published', notice_published_at = core_now() WHERE kov_code = $1 AND id = $2`, [kov, id]);
}

export async function itemsOf(t: Tx, kov: string, sittingId: string): Promise<ItemView[]> {
  return t.query<ItemView>(
    `SELECT i.id, i.kov_code, i.sitting_id, i.position, i.title, i.draft_id, i.public, i.state, i.result, d.number AS draft_number, d.title AS draft_title
       FROM council_item i LEFT JOIN council_draft d ON d.id = i.draft_id WHERE i.kov_code = $1 AND i.sitting_id = $2 ORDER BY i.position`,
    [kov, sittingId],
  );
}

/** The sittings whose agenda carries the draft. */
export async function sittingsOfDraft(t: Tx, kov: string, draftId: string): Promise<(SittingRow & { position: number })[]> {
  return t.query(
    `SELECT s.id, s.kov_code, s.body_id, s.number, s.kind, s.mode, s.starts_at, s.place, s.video_url, s.state, s.notice_published_at, s.opened_at, s.closed_at, s.created_at, i.position
       FROM council_item i JOIN council_sitting s ON s.id = i.sitting_id WHERE i.kov_code = $1 AND i.draft_id = $2 ORDER BY s.starts_at`,
    [kov, draftId],
  );
}

export async function nextItemPosition(t: Tx, kov: string, sittingId: string): Promise<number> {
  const r = await t.one<{ n: number }>(`SELECT coalesce(max(position), 0)::int + 1 AS n FROM council_item WHERE kov_code = $1 AND sitting_id = $2`, [kov, sittingId]);
  return r?.n ?? 1;
}

/** Swaps two items' positions (the unique position is checked at the statement's end). */
export async function swapItems(t: Tx, kov: string, a: { id: string; position: number }, b: { id: string; position: number }): Promise<void> {
  await t.query(`UPDATE council_item SET position = CASE WHEN id = $2 THEN $5::int ELSE $3::int END WHERE kov_code = $1 AND id IN ($2, $4)`, [kov, a.id, a.position, b.id, b.position]);
}

/** Removes an item and closes the gap in the order. */
export async function deleteItem(t: Tx, kov: string, sittingId: string, item: { id: string; position: number }): Promise<void> {
  await t.query(`DELETE FROM council_item WHERE kov_code = $1 AND id = $2`, [kov, item.id]);
  await t.query(`UPDATE council_item SET position = position - 1 WHERE kov_code = $1 AND sitting_id = $2 AND position > $3`, [kov, sittingId, item.position]);
}

/** Demo data only: a past sitting marked as held (the live part opens and closes real ones), its items done with a result. */
export async function markSittingHeld(t: Tx, kov: string, id: string, openedAt: Date, closedAt: Date, result: string): Promise<void> {
  await t.query(`UPDATE council_sitting SET state = 'closed', opened_at = $3, closed_at = $4 WHERE kov_code = $1 AND id = $2`, [kov, id, openedAt, closedAt]);
  await t.query(`UPDATE council_item SET state = 'done', result = $3 WHERE kov_code = $1 AND sitting_id = $2`, [kov, id, result]);
}

/** Whether the KOV has any council body (the demo loads once). */
export async function hasBodies(t: Tx, kov: string): Promise<boolean> {
  return !!(await t.one(`SELECT 1 AS x FROM council_body WHERE kov_code = $1 LIMIT 1`, [kov]));
}

/** Puts a draft on an agenda item (test fixtures). */
export async function setItemDraft(t: Tx, kov: string, itemId: string, draftId: string | null): Promise<void> {
  await t.query(`UPDATE council_item SET draft_id = $3 WHERE kov_code = $1 AND id = $2`, [kov, itemId, draftId]);
}

export async function updateSittingRow(t: Tx, kov: string, s: Pick<SittingRow, 'id' | 'kind' | 'mode' | 'starts_at' | 'place' | 'video_url'>): Promise<void> {
  await t.query(`UPDATE council_sitting SET kind = $3, mode = $4, starts_at = $5, place = $6, video_url = $7 WHERE kov_code = $1 AND id = $2`, [kov, s.id, s.kind, s.mode, s.starts_at, s.place, s.video_url]);
}

// the notice history: changes to a sitting's details after its notice

/** A sitting's details as the notice states them (what a change after the notice records). */
export interface SittingDetails {
  kind: SittingKind;
  mode: SittingMode;
  /** ISO 8601. */
  startsAt: string;
  place: string | null;
  videoUrl: string | null;
}

export interface NoticeChangeRow {
  id: string;
  sitting_id: string;
  changed_at: Date;
  changed_by: string | null;
  reason: string;
  before: SittingDetails;
  after: SittingDetails;
}

export async function insertNoticeChange(t: Tx, kov: string, c: Pick<NoticeChangeRow, 'id' | 'sitting_id' | 'changed_by' | 'reason' | 'before' | 'after'>): Promise<void> {
  await t.query(`INSERT INTO council_notice_change (id, kov_code, sitting_id, changed_by, reason, before, after) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`, [
    c.id,
    kov,
    c.sitting_id,
    c.changed_by,
    c.reason,
    JSON.stringify(c.before),
    JSON.stringify(c.after),
  ]);
}

/** A sitting's changes after its notice, oldest first. */
export async function noticeChangesOf(t: Tx, kov: string, sittingId: string): Promise<NoticeChangeRow[]> {
  return t.query<NoticeChangeRow>(`SELECT id, sitting_id, changed_at, changed_by, reason, before, after FROM council_notice_change WHERE kov_code = $1 AND sitting_id = $2 ORDER BY changed_at, id`, [kov, sittingId]);
}
