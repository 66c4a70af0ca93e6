// Every SQL statement of the training module, on its own tables only. Each function takes a Tx.
// Platform tables (programmes, groups, days, sessions, trainers, events) have no kov_code; the
// KOV-owned ones (teams, members, attendance, certificates) are filtered by kov_code wherever the
// caller knows the KOV, and row-level security is the second wall in tenant transactions.
import type { Tx } from '../../kernel/db.js';
import type { Message } from '../../kernel/i18n.js';

// ------------------------------------------------------------------ programmes

export interface ProgrammeRow {
  id: string;
  code: string;
  name: Message;
  description: Message;
  academic_hours: number;
  contact_days: number;
  elearning_hours: number;
  min_days: number;
  min_elearning_hours: number;
  reminder_days: number;
}

const PROGRAMME_COLS = `id, code, name, description, academic_hours, contact_days, elearning_hours::float8 AS elearning_hours, min_days,
  min_elearning_hours::float8 AS min_elearning_hours, reminder_days`;

export async function insertProgramme(t: Tx, p: ProgrammeRow): Promise<void> {
  await t.query(
    `INSERT INTO training_programme (id, code, name, description, academic_hours, contact_days, elearning_hours, min_days, min_elearning_hours, reminder_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [p.id, p.code, JSON.stringify(p.name), JSON.stringify(p.description), p.academic_hours, p.contact_days, p.elearning_hours, p.min_days, p.min_elearning_hours, p.reminder_days],
  );
}

export const programmes = (t: Tx): Promise<ProgrammeRow[]> => t.query<ProgrammeRow>(`SELECT ${PROGRAMME_COLS} FROM training_programme ORDER BY created_at, id`);

export const programme = (t: Tx, id: string): Promise<ProgrammeRow | undefined> =>
  t.one<ProgrammeRow>(`SELECT ${PROGRAMME_COLS} FROM training_programme WHERE id = $1`, [id]);

export const programmeByCode = (t: Tx, code: string): Promise<ProgrammeRow | undefined> =>
  t.one<ProgrammeRow>(`SELECT ${PROGRAMME_COLS} FROM training_programme WHERE code = $1`, [code]);

// ------------------------------------------------------------------ groups, days, sessions, trainers

export interface GroupRow {
  id: string;
  programme_id: string;
  region: string;
  place: string;
  capacity: number;
  registration_deadline: Date;
  taken: number;
  waiting: number;
  last_position: number;
  first_day: string | null;
}

const GROUP_SELECT = `SELECT g.id, g.programme_id, g.region, g.place, g.capacity, g.registration_deadline, g.taken, g.waiting, g.last_position,
  (SELECT to_char(min(d.on_date), 'YYYY-MM-DD') FROM training_day d WHERE d.group_id = g.id) AS first_day
  FROM training_group g`;

export async function insertGroup(t: Tx, g: { id: string; programmeId: string; region: string; place: string; capacity: number; deadline: Date }): Promise<void> {
  await t.query(`INSERT INTO training_group (id, programme_id, region, place, capacity, registration_deadline) VALUES ($1, $2, $3, $4, $5, $6)`, [
    g.id,
    g.programmeId,
    g.region,
    g.place,
    g.capacity,
    g.deadline,
  ]);
}

export const groups = (t: Tx): Promise<GroupRow[]> => t.query<GroupRow>(`${GROUP_SELECT} ORDER BY first_day NULLS LAST, g.region, g.id`);

export const group = (t: Tx, id: string): Promise<GroupRow | undefined> => t.one<GroupRow>(`${GROUP_SELECT} WHERE g.id = $1`, [id]);

/** The group's row, locked until the transaction ends: registrations and cancellations of one group run one at a time. */
export const lockGroup = (t: Tx, id: string): Promise<GroupRow | undefined> =>
  t.one<GroupRow>(`SELECT id, programme_id, region, place, capacity, registration_deadline, taken, waiting, last_position, NULL AS first_day
     FROM training_group WHERE id = $1 FOR UPDATE`, [id]);

export async function setGroupCounters(t: Tx, id: string, c: { taken: number; waiting: number; lastPosition: number }): Promise<void> {
  await t.query('UPDATE training_group SET taken = $2, waiting = $3, last_position = $4 WHERE id = $1', [id, c.taken, c.waiting, c.lastPosition]);
}

export interface DayRow {
  id: string;
  group_id: string;
  day_no: number;
  on_date: string;
  checkin_code: string;
}
const DAY_COLS = `id, group_id, day_no, to_char(on_date, 'YYYY-MM-DD') AS on_date, checkin_code`;

export async function insertDay(t: Tx, d: DayRow): Promise<void> {
  await t.query('INSERT INTO training_day (id, group_id, day_no, on_date, checkin_code) VALUES ($1, $2, $3, $4, $5)', [d.id, d.group_id, d.day_no, d.on_date, d.checkin_code]);
}

export const daysOf = (t: Tx, groupId: string): Promise<DayRow[]> => t.query<DayRow>(`SELECT ${DAY_COLS} FROM training_day WHERE group_id = $1 ORDER BY day_no`, [groupId]);

export const day = (t: Tx, id: string): Promise<DayRow | undefined> => t.one<DayRow>(`SELECT ${DAY_COLS} FROM training_day WHERE id = $1`, [id]);

/** The day of that date whose check-in code this is (codes are per group and day). */
export const dayByCheckin = (t: Tx, code: string, onDate: string): Promise<DayRow[]> =>
  t.query<DayRow>(`SELECT ${DAY_COLS} FROM training_day WHERE checkin_code = $1 AND on_date = $2::date`, [code, onDate]);

export interface SessionRow {
  id: string;
  day_id: string;
  starts: string;
  topic: string;
  trainer: string;
}

export async function insertSession(t: Tx, s: SessionRow): Promise<void> {
  await t.query('INSERT INTO training_session (id, day_id, starts, topic, trainer) VALUES ($1, $2, $3, $4, $5)', [s.id, s.day_id, s.starts, s.topic, s.trainer]);
}

export const sessionsOfGroup = (t: Tx, groupId: string): Promise<SessionRow[]> =>
  t.query<SessionRow>(
    `SELECT s.id, s.day_id, s.starts, s.topic, s.trainer FROM training_session s JOIN training_day d ON d.id = s.day_id
      WHERE d.group_id = $1 ORDER BY d.day_no, s.starts, s.id`,
    [groupId],
  );

export async function insertTrainer(t: Tx, groupId: string, idcodeHash: string, name: string): Promise<void> {
  await t.query('INSERT INTO training_trainer (group_id, idcode_hash, name) VALUES ($1, $2, $3) ON CONFLICT (group_id, idcode_hash) DO UPDATE SET name = EXCLUDED.name', [
    groupId,
    idcodeHash,
    name,
  ]);
}

export const trainersOf = (t: Tx, groupId: string): Promise<{ name: string; idcode_hash: string }[]> =>
  t.query('SELECT name, idcode_hash FROM training_trainer WHERE group_id = $1 ORDER BY name', [groupId]);

export const groupsTrainedBy = (t: Tx, idcodeHash: string): Promise<{ group_id: string }[]> =>
  t.query('SELECT group_id FROM training_trainer WHERE idcode_hash = $1', [idcodeHash]);

/** Groups whose reminder is due: not yet reminded, first day within the programme's reminder days from `today`. */
export const groupsToRemind = (t: Tx, today: string): Promise<{ id: string; first_day: string }[]> =>
  t.query(
    `SELECT g.id, to_char(f.first_day, 'YYYY-MM-DD') AS first_day
       FROM training_group g
       JOIN training_programme p ON p.id = g.programme_id
       JOIN LATERAL (SELECT min(d.on_date) AS first_day FROM training_day d WHERE d.group_id = g.id) f ON true
      WHERE g.reminded_at IS NULL AND f.first_day >= $1::date AND f.first_day - p.reminder_days <= $1::date
      ORDER BY g.id
        FOR UPDATE OF g SKIP LOCKED`,
    [today],
  );

export async function markReminded(t: Tx, groupId: string): Promise<void> {
  await t.query('UPDATE training_group SET reminded_at = core_now() WHERE id = $1', [groupId]);
}

// ------------------------------------------------------------------ teams and members

export interface TeamRow {
  id: string;
  kov_code: string;
  group_id: string;
  status: 'confirmed' | 'waiting' | 'cancelled';
  position: number;
  size: number;
  service_id: string | null;
  topic: string;
  contact_email: string;
  created_at: Date;
}
const TEAM_COLS = 'id, kov_code, group_id, status, position, size, service_id, topic, contact_email, created_at';

export async function insertTeam(
  t: Tx,
  r: { id: string; kov: string; groupId: string; status: string; position: number; size: number; serviceId: string | null; topic: string; contactEmail: string; createdBy: string },
): Promise<void> {
  await t.query(
    `INSERT INTO training_team (id, kov_code, group_id, status, position, size, service_id, topic, contact_email, created_by, confirmed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $4 = 'confirmed' THEN core_now() END)`,
    [r.id, r.kov, r.groupId, r.status, r.position, r.size, r.serviceId, r.topic, r.contactEmail, r.createdBy],
  );
}

export async function insertMember(t: Tx, m: { id: string; kov: string; teamId: string; name: string; email: string; idcodeHash: string }): Promise<void> {
  await t.query('INSERT INTO training_member (id, kov_code, team_id, name, email, idcode_hash) VALUES ($1, $2, $3, $4, $5, $6)', [m.id, m.kov, m.teamId, m.name, m.email, m.idcodeHash]);
}

export const teamsOfKov = (t: Tx, kov: string): Promise<TeamRow[]> =>
  t.query<TeamRow>(`SELECT ${TEAM_COLS} FROM training_team WHERE kov_code = $1 ORDER BY created_at DESC, id`, [kov]);

export const teamsOfGroup = (t: Tx, groupId: string): Promise<TeamRow[]> =>
  t.query<TeamRow>(`SELECT ${TEAM_COLS} FROM training_team WHERE group_id = $1 ORDER BY position`, [groupId]);

export const teamOfKov = (t: Tx, kov: string, id: string): Promise<TeamRow | undefined> =>
  t.one<TeamRow>(`SELECT ${TEAM_COLS} FROM training_team WHERE kov_code = $1 AND id = $2`, [kov, id]);

/** The group's waiting teams in order (every KOV's: a platform transaction). */
export const waitingTeams = (t: Tx, groupId: string): Promise<TeamRow[]> =>
  t.query<TeamRow>(`SELECT ${TEAM_COLS} FROM training_team WHERE group_id = $1 AND status = 'waiting' ORDER BY position`, [groupId]);

/** How many teams (of any KOV) wait before the position: a count, no rows. */
export async function waitingBefore(t: Tx, groupId: string, position: number): Promise<number> {
  const r = await t.one<{ n: number }>(`SELECT count(*)::int AS n FROM training_team WHERE group_id = $1 AND status = 'waiting' AND position < $2`, [groupId, position]);
  return r?.n ?? 0;
}

export async function setTeamStatus(t: Tx, kov: string, id: string, status: 'confirmed' | 'cancelled'): Promise<void> {
  await t.query(
    `UPDATE training_team SET status = $3,
            confirmed_at = CASE WHEN $3 = 'confirmed' THEN core_now() ELSE confirmed_at END,
            cancelled_at = CASE WHEN $3 = 'cancelled' THEN core_now() ELSE cancelled_at END
      WHERE kov_code = $1 AND id = $2`,
    [kov, id, status],
  );
}

export interface MemberRow {
  id: string;
  kov_code: string;
  team_id: string;
  name: string;
  email: string;
  idcode_hash: string;
  elearning_hours: number;
}
const MEMBER_COLS = 'm.id, m.kov_code, m.team_id, m.name, m.email, m.idcode_hash, m.elearning_hours::float8 AS elearning_hours';

export const membersOfTeams = (t: Tx, teamIds: readonly string[]): Promise<MemberRow[]> =>
  teamIds.length === 0 ? Promise.resolve([]) : t.query<MemberRow>(`SELECT ${MEMBER_COLS} FROM training_member m WHERE m.team_id = ANY($1::uuid[]) ORDER BY m.name, m.id`, [teamIds]);

/** The members of the group's confirmed teams. */
export const confirmedMembers = (t: Tx, groupId: string): Promise<MemberRow[]> =>
  t.query<MemberRow>(
    `SELECT ${MEMBER_COLS} FROM training_member m JOIN training_team tm ON tm.id = m.team_id AND tm.kov_code = m.kov_code
      WHERE tm.group_id = $1 AND tm.status = 'confirmed' ORDER BY tm.kov_code, m.name, m.id`,
    [groupId],
  );

export const member = (t: Tx, id: string): Promise<(MemberRow & { group_id: string; status: string }) | undefined> =>
  t.one(
    `SELECT ${MEMBER_COLS}, tm.group_id, tm.status FROM training_member m JOIN training_team tm ON tm.id = m.team_id AND tm.kov_code = m.kov_code WHERE m.id = $1`,
    [id],
  );

/** The person's memberships in confirmed teams of the group (by the keyed hash of the ID code). */
export const membershipsInGroup = (t: Tx, groupId: string, idcodeHash: string): Promise<MemberRow[]> =>
  t.query<MemberRow>(
    `SELECT ${MEMBER_COLS} FROM training_member m JOIN training_team tm ON tm.id = m.team_id AND tm.kov_code = m.kov_code
      WHERE tm.group_id = $1 AND tm.status = 'confirmed' AND m.idcode_hash = $2`,
    [groupId, idcodeHash],
  );

/** Every team the person is a member of, with the team's group and status. */
export const membershipsOf = (t: Tx, idcodeHash: string): Promise<(MemberRow & { group_id: string; status: string; topic: string })[]> =>
  t.query(
    `SELECT ${MEMBER_COLS}, tm.group_id, tm.status, tm.topic FROM training_member m JOIN training_team tm ON tm.id = m.team_id AND tm.kov_code = m.kov_code
      WHERE m.idcode_hash = $1 ORDER BY tm.created_at DESC`,
    [idcodeHash],
  );

export async function setElearning(t: Tx, kov: string, memberId: string, hours: number): Promise<void> {
  await t.query('UPDATE training_member SET elearning_hours = $3 WHERE kov_code = $1 AND id = $2', [kov, memberId, hours]);
}

// ------------------------------------------------------------------ attendance and certificates

export interface AttendanceRow {
  member_id: string;
  day_id: string;
  how: 'trainer' | 'checkin';
}

export const attendanceOf = (t: Tx, memberIds: readonly string[]): Promise<AttendanceRow[]> =>
  memberIds.length === 0 ? Promise.resolve([]) : t.query<AttendanceRow>('SELECT member_id, day_id, how FROM training_attendance WHERE member_id = ANY($1::uuid[])', [memberIds]);

/** Marks the member present on the day; true when the mark is new. */
export async function addAttendance(t: Tx, kov: string, memberId: string, dayId: string, how: 'trainer' | 'checkin'): Promise<boolean> {
  const r = await t.query('INSERT INTO training_attendance (kov_code, member_id, day_id, how) VALUES ($1, $2, $3, $4) ON CONFLICT (member_id, day_id) DO NOTHING RETURNING member_id', [
    kov,
    memberId,
    dayId,
    how,
  ]);
  return r.length > 0;
}

export async function removeAttendance(t: Tx, kov: string, memberId: string, dayId: string): Promise<boolean> {
  const r = await t.query('DELETE FROM training_attendance WHERE kov_code = $1 AND member_id = $2 AND day_id = $3 RETURNING member_id', [kov, memberId, dayId]);
  return r.length > 0;
}

export interface CertificateRow {
  id: string;
  kov_code: string;
  member_id: string;
  code: string;
  name: string;
  programme: Message;
  issued_on: string;
}
const CERT_COLS = `id, kov_code, member_id, code, name, programme, to_char(issued_on, 'YYYY-MM-DD') AS issued_on`;

export async function insertCertificate(t: Tx, c: CertificateRow): Promise<boolean> {
  const r = await t.query(
    `INSERT INTO training_certificate (id, kov_code, member_id, code, name, programme, issued_on) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (member_id) DO NOTHING RETURNING id`,
    [c.id, c.kov_code, c.member_id, c.code, c.name, JSON.stringify(c.programme), c.issued_on],
  );
  return r.length > 0;
}

export const certificateByCode = (t: Tx, code: string): Promise<CertificateRow | undefined> => t.one<CertificateRow>(`SELECT ${CERT_COLS} FROM training_certificate WHERE code = $1`, [code]);

export const certificatesOfMembers = (t: Tx, memberIds: readonly string[]): Promise<CertificateRow[]> =>
  memberIds.length === 0 ? Promise.resolve([]) : t.query<CertificateRow>(`SELECT ${CERT_COLS} FROM training_certificate WHERE member_id = ANY($1::uuid[])`, [memberIds]);

// ------------------------------------------------------------------ seminars and webinars

export interface EventRow {
  id: string;
  kind: 'seminar' | 'webinar';
  title: string;
  description: string;
  starts_at: Date;
  place: string;
  url: string;
  capacity: number;
  registration_deadline: Date;
  taken: number;
}
const EVENT_COLS = 'id, kind, title, description, starts_at, place, url, capacity, registration_deadline, taken';

export async function insertEvent(t: Tx, e: Omit<EventRow, 'taken'>): Promise<void> {
  await t.query(
    `INSERT INTO training_event (id, kind, title, description, starts_at, place, url, capacity, registration_deadline) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.id, e.kind, e.title, e.description, e.starts_at, e.place, e.url, e.capacity, e.registration_deadline],
  );
}

export const events = (t: Tx): Promise<EventRow[]> => t.query<EventRow>(`SELECT ${EVENT_COLS} FROM training_event ORDER BY starts_at, id`);
export const event = (t: Tx, id: string): Promise<EventRow | undefined> => t.one<EventRow>(`SELECT ${EVENT_COLS} FROM training_event WHERE id = $1`, [id]);
export const lockEvent = (t: Tx, id: string): Promise<EventRow | undefined> => t.one<EventRow>(`SELECT ${EVENT_COLS} FROM training_event WHERE id = $1 FOR UPDATE`, [id]);

export async function setEventTaken(t: Tx, id: string, taken: number): Promise<void> {
  await t.query('UPDATE training_event SET taken = $2 WHERE id = $1', [id, taken]);
}

export interface EventRegRow {
  event_id: string;
  idcode_hash: string;
  person_id: string;
  name: string;
  email: string;
  attended: boolean;
}

export async function insertEventReg(t: Tx, r: Omit<EventRegRow, 'attended'>): Promise<boolean> {
  const x = await t.query(
    `INSERT INTO training_event_reg (event_id, idcode_hash, person_id, name, email) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id, idcode_hash) DO NOTHING RETURNING event_id`,
    [r.event_id, r.idcode_hash, r.person_id, r.name, r.email],
  );
  return x.length > 0;
}

export const eventRegs = (t: Tx, eventId: string): Promise<EventRegRow[]> =>
  t.query<EventRegRow>('SELECT event_id, idcode_hash, person_id, name, email, attended FROM training_event_reg WHERE event_id = $1 ORDER BY name, person_id', [eventId]);

export const eventRegsOf = (t: Tx, idcodeHash: string): Promise<EventRegRow[]> =>
  t.query<EventRegRow>('SELECT event_id, idcode_hash, person_id, name, email, attended FROM training_event_reg WHERE idcode_hash = $1', [idcodeHash]);

export async function setEventAttended(t: Tx, eventId: string, personId: string, attended: boolean): Promise<boolean> {
  const r = await t.query('UPDATE training_event_reg SET attended = $3 WHERE event_id = $1 AND person_id = $2 AND attended <> $3 RETURNING event_id', [eventId, personId, attended]);
  return r.length > 0;
}
