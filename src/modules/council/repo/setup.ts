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
