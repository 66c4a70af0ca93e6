// SQL of the council's record part: reads of the sitting's record (sitting, body, agenda, seats, votes
// and choices), the minutes and their edit history (council_minutes, council_minutes_version), the
// public archive with its full-text search, members' voting records, and the OParl reads. Writes only
// to the minutes' tables; the live sitting's tables are written by repo/live.ts alone.
import type { Tx } from '../../../kernel/db.js';
import type { Choice, VoteRow } from './live.js';
import { fileMetaCols, type BodyRow, type FileMetaRow, type ItemRow, type MemberRole, type SittingRow } from './setup.js';

export type { FileMetaRow };

const SITTING_COLS = `s.id, s.kov_code, s.body_id, s.number, s.kind, s.mode, s.starts_at, s.place, s.video_url, s.state,
  s.notice_published_at, s.opened_at, s.closed_at, s.created_at`;
const BODY_COLS = 'id, kov_code, kind, parent_id, name, short_name, seats, created_at';
const VOTE_COLS = `v.id, v.kov_code, v.sitting_id, v.item_id, v.amendment_id, v.subject, v.kind, v.majority, v.state, v.opened_at, v.closed_at,
  v.eligible, v.outcome, v.repeat_of, v.repeat_reason, v.voting_vote_id`;
/** The sitting's date in Tallinn (memberships run by legal dates). */
const SITTING_DAY = `(s.starts_at AT TIME ZONE 'Europe/Tallinn')::date`;
/** The text search configuration: 'estonian' where the server has it (PostgreSQL 16+), 'simple' otherwise. */
const FTS_CONFIG = `(SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_ts_config WHERE cfgname = 'estonian') THEN 'estonian' ELSE 'simple' END)::regconfig`;

export interface SeatRow {
  membership_id: string;
  person_id: string;
  name: string;
  faction: string | null;
  role: MemberRole;
  substitute_for: string | null;
}

export interface MinutesRow {
  sitting_id: string;
  kov_code: string;
  text: string;
  edited_at: Date;
  edited_by: string | null;
  signed_at: Date | null;
  signed_by: string | null;
}

export interface MinutesVersionRow {
  version: number;
  edited_at: Date;
  edited_by: string | null;
  length: number;
}

export async function sittingOf(t: Tx, kov: string, id: string): Promise<SittingRow | null> {
  return (await t.one<SittingRow>(`SELECT ${SITTING_COLS} FROM council_sitting s WHERE s.id = $1 AND s.kov_code = $2`, [id, kov])) ?? null;
}

export async function bodyOf(t: Tx, kov: string, id: string): Promise<BodyRow | null> {
  return (await t.one<BodyRow>(`SELECT ${BODY_COLS} FROM council_body WHERE id = $1 AND kov_code = $2`, [id, kov])) ?? null;
}

export async function itemsOfSitting(t: Tx, kov: string, sittingId: string): Promise<ItemRow[]> {
  return t.query<ItemRow>(
    `SELECT id, kov_code, sitting_id, position, title, draft_id, public, state, result FROM council_item WHERE sitting_id = $1 AND kov_code = $2 ORDER BY position`,
    [sittingId, kov],
  );
}

/**
 * The seats of the sitting's body on the sitting's day (memberships with a voting right running that
 * day), a member whose substitute sits that day left out: the substitute holds her seat.
 */
export async function seatsOfSitting(t: Tx, kov: string, sittingId: string): Promise<SeatRow[]> {
  return t.query<SeatRow>(
    `WITH s AS (SELECT id, body_id, ${SITTING_DAY} AS day FROM council_sitting s WHERE s.id = $1 AND s.kov_code = $2),
          m AS (SELECT m.* FROM council_membership m, s WHERE m.body_id = s.body_id AND m.kov_code = $2 AND m.voting_right
                   AND m.starts <= s.day AND (m.ends IS NULL OR m.ends >= s.day))
     SELECT m.id AS membership_id, m.person_id, p.name, m.faction, m.role, m.substitute_for
       FROM m JOIN council_person p ON p.id = m.person_id AND p.kov_code = $2
      WHERE NOT EXISTS (SELECT 1 FROM m AS sub WHERE sub.substitute_for = m.id)
      ORDER BY p.name, m.id`,
    [sittingId, kov],
  );
}

/** The ID-code hashes of the body's chair on the sitting's day (whoever holds the chair's membership then). */
export async function chairHashesOfSitting(t: Tx, kov: string, sittingId: string): Promise<string[]> {
  const rows = await t.query<{ idcode_hash: string }>(
    `SELECT p.idcode_hash FROM council_sitting s
       JOIN council_membership m ON m.body_id = s.body_id AND m.kov_code = s.kov_code AND m.role = 'chair'
        AND m.starts <= ${SITTING_DAY} AND (m.ends IS NULL OR m.ends >= ${SITTING_DAY})
       JOIN council_person p ON p.id = m.person_id AND p.kov_code = s.kov_code
      WHERE s.id = $1 AND s.kov_code = $2 AND p.idcode_hash IS NOT NULL`,
    [sittingId, kov],
  );
  return rows.map((r) => r.idcode_hash);
}

export interface ChoiceRow {
  vote_id: string;
  membership_id: string;
  choice: Choice;
}

/** The choices of the sitting's open votes. */
export async function choicesOfSitting(t: Tx, kov: string, sittingId: string): Promise<ChoiceRow[]> {
  return t.query<ChoiceRow>(
    `SELECT c.vote_id, c.membership_id, c.choice FROM council_choice c JOIN council_vote v ON v.id = c.vote_id AND v.kov_code = c.kov_code
      WHERE v.sitting_id = $1 AND c.kov_code = $2 AND v.kind = 'open'`,
    [sittingId, kov],
  );
}

// ---------- minutes ----------

export async function minutesOf(t: Tx, kov: string, sittingId: string, lock = false): Promise<MinutesRow | null> {
  return (
    (await t.one<MinutesRow>(
      `SELECT sitting_id, kov_code, text, edited_at, edited_by, signed_at, signed_by FROM council_minutes WHERE sitting_id = $1 AND kov_code = $2${lock ? ' FOR UPDATE' : ''}`,
      [sittingId, kov],
    )) ?? null
  );
}

/** Saves the minutes' text (a new row or the unsigned row's new text) and appends it to the history; answers the version number. */
export async function saveMinutes(t: Tx, kov: string, sittingId: string, text: string, editedBy: string): Promise<number> {
  await t.query(
    `INSERT INTO council_minutes (sitting_id, kov_code, text, edited_at, edited_by) VALUES ($1, $2, $3, core_now(), $4)
     ON CONFLICT (sitting_id) DO UPDATE SET text = EXCLUDED.text, edited_at = EXCLUDED.edited_at, edited_by = EXCLUDED.edited_by
      WHERE council_minutes.signed_at IS NULL AND council_minutes.kov_code = EXCLUDED.kov_code`,
    [sittingId, kov, text, editedBy],
  );
  const r = await t.one<{ version: number }>(
    `INSERT INTO council_minutes_version (sitting_id, version, kov_code, text, edited_by)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4 FROM council_minutes_version WHERE sitting_id = $1 AND kov_code = $2
     RETURNING version`,
    [sittingId, kov, text, editedBy],
  );
  return r!.version;
}

export async function signMinutes(t: Tx, kov: string, sittingId: string, signedBy: string): Promise<MinutesRow | null> {
  return (
    (await t.one<MinutesRow>(
      `UPDATE council_minutes SET signed_at = core_now(), signed_by = $3 WHERE sitting_id = $1 AND kov_code = $2 AND signed_at IS NULL
       RETURNING sitting_id, kov_code, text, edited_at, edited_by, signed_at, signed_by`,
      [sittingId, kov, signedBy],
    )) ?? null
  );
}

export async function minutesVersions(t: Tx, kov: string, sittingId: string): Promise<MinutesVersionRow[]> {
  return t.query<MinutesVersionRow>(
    `SELECT version, edited_at, edited_by, length(text) AS length FROM council_minutes_version WHERE sitting_id = $1 AND kov_code = $2 ORDER BY version DESC`,
    [sittingId, kov],
  );
}

// ---------- archive ----------

export interface ArchiveSittingRow {
  id: string;
  body_id: string;
  body_name: string;
  number: number;
  kind: SittingRow['kind'];
  mode: SittingRow['mode'];
  starts_at: Date;
  place: string | null;
  closed_at: Date | null;
  signed_at: Date | null;
  /** Whether the minutes have been saved (a draft the secretary edited, or signed). */
  saved: boolean;
  total: number;
}

/**
 * The KOV's closed sittings, newest first, a page at a time; with `q`, only those whose public agenda
 * (items, their results, drafts, vote subjects) or signed minutes match it (full-text search,
 * websearch syntax). `total` is the count of all matches.
 */
export async function closedSittings(t: Tx, kov: string, q: string, limit: number, offset: number): Promise<ArchiveSittingRow[]> {
  return t.query<ArchiveSittingRow>(
    `WITH cfg AS (SELECT ${FTS_CONFIG} AS c),
          hit AS (
            SELECT s.id FROM council_sitting s, cfg
             WHERE s.kov_code = $1 AND s.state = 'closed'
               AND ($2 = '' OR to_tsvector(cfg.c,
                     COALESCE((SELECT string_agg(concat_ws(' ', i.title, i.result, d.number, d.title, d.summary), ' ')
                                 FROM council_item i LEFT JOIN council_draft d ON d.id = i.draft_id AND d.kov_code = i.kov_code
                                WHERE i.sitting_id = s.id AND i.kov_code = $1 AND i.public), '') || ' ' ||
                     COALESCE((SELECT string_agg(v.subject, ' ') FROM council_vote v JOIN council_item i ON i.id = v.item_id AND i.public
                                WHERE v.sitting_id = s.id AND v.kov_code = $1), '') || ' ' ||
                     COALESCE((SELECT m.text FROM council_minutes m WHERE m.sitting_id = s.id AND m.kov_code = $1 AND m.signed_at IS NOT NULL), ''))
                   @@ websearch_to_tsquery(cfg.c, $2)))
     SELECT s.id, s.body_id, b.name AS body_name, s.number, s.kind, s.mode, s.starts_at, s.place, s.closed_at, m.signed_at, m.sitting_id IS NOT NULL AS saved,
            (SELECT count(*) FROM hit)::int AS total
       FROM council_sitting s JOIN hit ON hit.id = s.id
       JOIN council_body b ON b.id = s.body_id AND b.kov_code = s.kov_code
       LEFT JOIN council_minutes m ON m.sitting_id = s.id AND m.kov_code = s.kov_code
      ORDER BY s.starts_at DESC, s.id LIMIT $3 OFFSET $4`,
    [kov, q, limit, offset],
  );
}

export interface DecisionRow {
  sitting_id: string;
  position: number;
  title: string;
  result: string | null;
}

/** The public items of the sittings that have a result (the decisions), in agenda order. */
export async function decisionsOf(t: Tx, kov: string, sittingIds: string[]): Promise<DecisionRow[]> {
  if (sittingIds.length === 0) return [];
  return t.query<DecisionRow>(
    `SELECT sitting_id, position, title, result FROM council_item
      WHERE kov_code = $1 AND sitting_id = ANY($2::uuid[]) AND public AND result IS NOT NULL ORDER BY sitting_id, position`,
    [kov, sittingIds],
  );
}

export interface PersonVoteRow {
  vote_id: string;
  sitting_id: string;
  sitting_number: number;
  body_name: string;
  starts_at: Date;
  position: number;
  item_title: string;
  subject: string;
  majority: VoteRow['majority'];
  outcome: VoteRow['outcome'];
  choice: Choice | null;
  closed_at: Date | null;
}

/**
 * A person's record in the open votes of closed sittings: every closed open vote on a public item
 * for which one of her memberships was eligible or chose (choice null: eligible, did not vote).
 */
export async function votesOfPerson(t: Tx, kov: string, personId: string): Promise<PersonVoteRow[]> {
  return t.query<PersonVoteRow>(
    `SELECT v.id AS vote_id, s.id AS sitting_id, s.number AS sitting_number, b.name AS body_name, s.starts_at, i.position, i.title AS item_title,
            v.subject, v.majority, v.outcome, c.choice, v.closed_at
       FROM council_vote v
       JOIN council_sitting s ON s.id = v.sitting_id AND s.kov_code = v.kov_code AND s.state = 'closed'
       JOIN council_body b ON b.id = s.body_id AND b.kov_code = s.kov_code
       JOIN council_item i ON i.id = v.item_id AND i.kov_code = v.kov_code AND i.public
       JOIN council_membership m ON m.body_id = s.body_id AND m.kov_code = v.kov_code AND m.person_id = $2
       LEFT JOIN council_choice c ON c.vote_id = v.id AND c.membership_id = m.id AND c.kov_code = v.kov_code
      WHERE v.kov_code = $1 AND v.kind = 'open' AND v.state = 'closed' AND (c.membership_id IS NOT NULL OR m.id = ANY(v.eligible))
      ORDER BY s.starts_at DESC, i.position, v.opened_at, v.id`,
    [kov, personId],
  );
}

export interface PersonRowPublic {
  id: string;
  name: string;
}

export async function personOf(t: Tx, kov: string, id: string): Promise<PersonRowPublic | null> {
  return (await t.one<PersonRowPublic>(`SELECT id, name FROM council_person WHERE id = $1 AND kov_code = $2`, [id, kov])) ?? null;
}

// ---------- OParl reads ----------

export async function kovsWithCouncil(t: Tx): Promise<string[]> {
  return (await t.query<{ kov_code: string }>(`SELECT DISTINCT kov_code FROM council_body WHERE kind = 'council' ORDER BY kov_code`)).map((r) => r.kov_code);
}

export async function bodiesOfKov(t: Tx, kov: string): Promise<BodyRow[]> {
  return t.query<BodyRow>(`SELECT ${BODY_COLS} FROM council_body WHERE kov_code = $1 ORDER BY kind = 'commission', name, id`, [kov]);
}

export interface MembershipFull {
  id: string;
  body_id: string;
  person_id: string;
  person_name: string;
  role: MemberRole;
  faction: string | null;
  voting_right: boolean;
  starts: string;
  ends: string | null;
  substitute_for: string | null;
  created_at: Date;
}

export async function membershipsOfKov(t: Tx, kov: string, filter: { personId?: string; id?: string } = {}): Promise<MembershipFull[]> {
  return t.query<MembershipFull>(
    `SELECT m.id, m.body_id, m.person_id, p.name AS person_name, m.role, m.faction, m.voting_right, to_char(m.starts, 'YYYY-MM-DD') AS starts,
            to_char(m.ends, 'YYYY-MM-DD') AS ends, m.substitute_for, m.created_at
       FROM council_membership m JOIN council_person p ON p.id = m.person_id AND p.kov_code = m.kov_code
      WHERE m.kov_code = $1 AND ($2::uuid IS NULL OR m.person_id = $2) AND ($3::uuid IS NULL OR m.id = $3)
      ORDER BY m.starts, p.name, m.id`,
    [kov, filter.personId ?? null, filter.id ?? null],
  );
}

export interface PersonPublicRow {
  id: string;
  name: string;
  created_at: Date;
}

export async function personsOfKov(t: Tx, kov: string, limit: number, offset: number, id?: string): Promise<PersonPublicRow[]> {
  return t.query<PersonPublicRow>(
    `SELECT id, name, created_at FROM council_person WHERE kov_code = $1 AND ($4::uuid IS NULL OR id = $4) ORDER BY name, id LIMIT $2 OFFSET $3`,
    [kov, limit, offset, id ?? null],
  );
}

export async function countOf(t: Tx, kov: string, what: 'person' | 'sitting' | 'draft' | 'membership'): Promise<number> {
  const table = { person: 'council_person', sitting: 'council_sitting', draft: 'council_draft', membership: 'council_membership' }[what];
  const extra = what === 'sitting' ? ` AND state <> 'planned'` : what === 'draft' ? ` AND published_at IS NOT NULL` : '';
  return (await t.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE kov_code = $1${extra}`, [kov]))!.n;
}

/** Sittings that are public (notice published, open or closed), newest first. */
export async function publicSittings(t: Tx, kov: string, limit: number, offset: number, id?: string): Promise<SittingRow[]> {
  return t.query<SittingRow>(
    `SELECT ${SITTING_COLS} FROM council_sitting s WHERE s.kov_code = $1 AND s.state <> 'planned' AND ($4::uuid IS NULL OR s.id = $4)
      ORDER BY s.starts_at DESC, s.id LIMIT $2 OFFSET $3`,
    [kov, limit, offset, id ?? null],
  );
}

export interface DraftPublicRow {
  id: string;
  body_id: string;
  number: string;
  title: string;
  kind: string;
  presenter: string;
  summary: string;
  status: string;
  published_at: Date | null;
  created_at: Date;
}

export async function publicDrafts(t: Tx, kov: string, limit: number, offset: number, id?: string): Promise<DraftPublicRow[]> {
  return t.query<DraftPublicRow>(
    `SELECT id, body_id, number, title, kind, presenter, summary, status, published_at, created_at FROM council_draft
      WHERE kov_code = $1 AND published_at IS NOT NULL AND ($4::uuid IS NULL OR id = $4) ORDER BY published_at DESC, id LIMIT $2 OFFSET $3`,
    [kov, limit, offset, id ?? null],
  );
}

/** The newest version of each public document of the drafts or sittings given (or one file by id). */
export async function filesOf(t: Tx, kov: string, opts: { draftIds?: string[]; sittingIds?: string[]; id?: string }): Promise<FileMetaRow[]> {
  return t.query<FileMetaRow>(
    `SELECT ${fileMetaCols('f.')}
       FROM council_file f
       LEFT JOIN council_draft d ON d.id = f.draft_id AND d.kov_code = f.kov_code
       LEFT JOIN council_sitting s ON s.id = f.sitting_id AND s.kov_code = f.kov_code
      WHERE f.kov_code = $1 AND (d.published_at IS NOT NULL OR s.state <> 'planned')
        AND (f.draft_id = ANY($2::uuid[]) OR f.sitting_id = ANY($3::uuid[]) OR f.id = $4)
        AND ($4::uuid IS NOT NULL OR f.version = (SELECT max(version) FROM council_file g WHERE g.document_id = f.document_id AND g.kov_code = f.kov_code))
      ORDER BY f.uploaded_at, f.id`,
    [kov, opts.draftIds ?? [], opts.sittingIds ?? [], opts.id ?? null],
  );
}

export async function fileBytes(t: Tx, kov: string, id: string): Promise<{ name: string; media_type: string; bytes: Buffer } | null> {
  const meta = await filesOf(t, kov, { id });
  if (meta.length === 0) return null;
  return (await t.one<{ name: string; media_type: string; bytes: Buffer }>(`SELECT name, media_type, bytes FROM council_file WHERE id = $1 AND kov_code = $2`, [id, kov])) ?? null;
}

export interface OpinionRow {
  id: string;
  draft_id: string;
  body_id: string;
  opinion: string;
  decided_on: string;
  created_at: Date;
}

export async function opinionsOf(t: Tx, kov: string, draftIds: string[], id?: string): Promise<OpinionRow[]> {
  return t.query<OpinionRow>(
    `SELECT o.id, o.draft_id, o.body_id, o.opinion, to_char(o.decided_on, 'YYYY-MM-DD') AS decided_on, o.created_at
       FROM council_opinion o JOIN council_draft d ON d.id = o.draft_id AND d.kov_code = o.kov_code AND d.published_at IS NOT NULL
      WHERE o.kov_code = $1 AND (o.draft_id = ANY($2::uuid[]) OR o.id = $3) ORDER BY o.decided_on, o.id`,
    [kov, draftIds, id ?? null],
  );
}

/** Items (public ones of public sittings) that treat the drafts given, or one item by id. */
export async function itemsOfKov(t: Tx, kov: string, opts: { draftIds?: string[]; sittingIds?: string[]; id?: string }): Promise<ItemRow[]> {
  return t.query<ItemRow>(
    `SELECT i.id, i.kov_code, i.sitting_id, i.position, i.title, i.draft_id, i.public, i.state, i.result
       FROM council_item i JOIN council_sitting s ON s.id = i.sitting_id AND s.kov_code = i.kov_code AND s.state <> 'planned'
      WHERE i.kov_code = $1 AND (i.draft_id = ANY($2::uuid[]) OR i.sitting_id = ANY($3::uuid[]) OR i.id = $4)
      ORDER BY s.starts_at, i.position`,
    [kov, opts.draftIds ?? [], opts.sittingIds ?? [], opts.id ?? null],
  );
}

/** Votes (closed or void) of the items given. */
export async function votesOfItems(t: Tx, kov: string, itemIds: string[]): Promise<VoteRow[]> {
  if (itemIds.length === 0) return [];
  return t.query<VoteRow>(`SELECT ${VOTE_COLS} FROM council_vote v WHERE v.kov_code = $1 AND v.item_id = ANY($2::uuid[]) AND v.state <> 'open' ORDER BY v.opened_at, v.id`, [kov, itemIds]);
}

export async function choicesOfVotes(t: Tx, kov: string, voteIds: string[]): Promise<(ChoiceRow & { person_id: string })[]> {
  if (voteIds.length === 0) return [];
  return t.query(
    `SELECT c.vote_id, c.membership_id, c.choice, m.person_id FROM council_choice c JOIN council_membership m ON m.id = c.membership_id AND m.kov_code = c.kov_code
      WHERE c.kov_code = $1 AND c.vote_id = ANY($2::uuid[])`,
    [kov, voteIds],
  );
}

/** A closed or void vote by id. */
export async function voteOf(t: Tx, kov: string, id: string): Promise<VoteRow | null> {
  return (await t.one<VoteRow>(`SELECT ${VOTE_COLS} FROM council_vote v WHERE v.kov_code = $1 AND v.id = $2 AND v.state <> 'open'`, [kov, id])) ?? null;
}

export interface AmendmentRow {
  id: string;
  draft_id: string;
  item_id: string;
  text: string;
  status: 'proposed' | 'adopted' | 'rejected' | 'withdrawn';
  proposer: string;
}

/** The amendments to the drafts on the sitting's agenda, by item, in the order proposed. */
export async function amendmentsOfSitting(t: Tx, kov: string, sittingId: string): Promise<AmendmentRow[]> {
  return t.query<AmendmentRow>(
    `SELECT a.id, a.draft_id, i.id AS item_id, a.text, a.status, p.name AS proposer
       FROM council_amendment a
       JOIN council_item i ON i.draft_id = a.draft_id AND i.kov_code = a.kov_code AND i.sitting_id = $1
       JOIN council_person p ON p.id = a.proposer_id AND p.kov_code = a.kov_code
      WHERE a.kov_code = $2 ORDER BY i.position, a.created_at, a.id`,
    [sittingId, kov],
  );
}

/** Which amendment each of the sitting's votes was on (votes on the draft itself left out). */
export async function voteAmendments(t: Tx, kov: string, sittingId: string): Promise<{ id: string; amendment_id: string }[]> {
  return t.query(`SELECT id, amendment_id FROM council_vote WHERE sitting_id = $1 AND kov_code = $2 AND amendment_id IS NOT NULL`, [sittingId, kov]);
}

/** The newest version number of the minutes' history (0: never saved). */
export async function latestMinutesVersion(t: Tx, kov: string, sittingId: string): Promise<number> {
  return (await t.one<{ v: number }>(`SELECT COALESCE(MAX(version), 0)::int AS v FROM council_minutes_version WHERE sitting_id = $1 AND kov_code = $2`, [sittingId, kov]))!.v;
}
