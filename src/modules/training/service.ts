// The training module's rules and commands: programmes, groups, days and sessions (ELVL's, platform
// work), a KOV's team registration with capacity and a waiting list, cancellations that promote the
// waiting teams, attendance (the trainer's marks and participants' check-ins), completion and
// certificates, seminars and webinars, a day's survey (the feedback module's), and the reminder sweep.
//
// Capacity: a group's row holds its counters (taken people, waiting teams, last position). Every
// registration and cancellation of a group first locks that row (SELECT … FOR UPDATE), so they run
// one at a time per group and the counters and the teams they count never disagree.
//
// Teams are KOV-owned rows. A registration runs in its KOV's tenant transaction. What touches several
// KOVs' teams at once (a cancellation promoting others' waiting teams, a trainer's attendance, the
// coordinator's lists, a participant's own teams, the public certificate check) runs as platform work
// (db.system) with the KOV still named in every query that knows it.
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/audit.js';
import { PLATFORM_CHAIN, recordAudit } from '../../kernel/audit.js';
import { dateInTallinn, now, today } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, conflict, notFound } from '../../kernel/errors.js';
import type { FieldError } from '../../kernel/errors.js';
import type { Locale, Message } from '../../kernel/i18n.js';
import { registerMessages, translate } from '../../kernel/i18n.js';
import { hashIdcode, parseIdcode } from '../../kernel/idcode.js';
import { isId, uuidv7 } from '../../kernel/ids.js';
import { queueMail } from '../../kernel/mail.js';
import { createPdf, pdfToBuffer } from '../../kernel/pdf.js';
import type { RawAnswer, SubjectFigures } from '../feedback/index.js';
import { answerSubject, subjectFigures, subjectsAnsweredBy } from '../feedback/index.js';
import { serviceRefs } from '../services/index.js';
import type { Completion, EventKind, TeamInput } from './model.js';
import {
  EVENT_KINDS,
  checkinValid,
  completion,
  filledMembers,
  isCertificateCode,
  isCheckinCode,
  isEmail,
  newCertificateCode,
  newCheckinCode,
  placeFor,
  promotions,
  registrationOpen,
  teamErrors,
} from './model.js';
import { trainingMessages } from './messages.js';
import * as repo from './repo.js';
import type { CertificateRow, DayRow, EventRow, GroupRow, MemberRow, ProgrammeRow, SessionRow, TeamRow } from './repo.js';


/** Platform work on ELVL's own tables (no KOV rows are read). */
// the mails' texts (a job or a test may run this before the app registers the catalogue)
registerMessages(trainingMessages);

const platformTx = <T>(db: Db, fn: (t: Tx) => Promise<T>): Promise<T> => db.tx(fn, { kov: null });

// ------------------------------------------------------------------ programmes and groups

export interface ProgrammeInput {
  code: string;
  name: Message;
  description: Message;
  academicHours: number;
  contactDays: number;
  elearningHours: number;
  minDays: number;
  minElearningHours: number;
  reminderDays: number;
}

export async function createProgramme(db: Db, p: ProgrammeInput, actor: Actor): Promise<string> {
  const errs: FieldError[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(p.code) || p.code.length > 60) errs.push({ field: 'code', reason: 'training.error.code' });
  if (!p.name.et.trim() || p.name.et.length > 200) errs.push({ field: 'name.et', reason: 'training.error.name' });
  if (!Number.isInteger(p.contactDays) || p.contactDays < 1 || p.contactDays > 30) errs.push({ field: 'contactDays', reason: 'training.error.number' });
  if (!Number.isInteger(p.academicHours) || p.academicHours < 0 || p.academicHours > 1000) errs.push({ field: 'academicHours', reason: 'training.error.number' });
  if (!Number.isInteger(p.minDays) || p.minDays < 0 || p.minDays > p.contactDays) errs.push({ field: 'minDays', reason: 'training.error.minDays' });
  if (!(p.elearningHours >= 0 && p.elearningHours <= 1000)) errs.push({ field: 'elearningHours', reason: 'training.error.number' });
  if (!(p.minElearningHours >= 0 && p.minElearningHours <= 1000)) errs.push({ field: 'minElearningHours', reason: 'training.error.number' });
  if (!Number.isInteger(p.reminderDays) || p.reminderDays < 0 || p.reminderDays > 60) errs.push({ field: 'reminderDays', reason: 'training.error.number' });
  if (errs.length) throw badRequest(errs);
  return db.system('training: programmes, groups and events are ELVL’s, one for every KOV', async (t) => {
    if (await repo.programmeByCode(t, p.code)) throw badRequest([{ field: 'code', reason: 'training.error.codeTaken' }]);
    const id = uuidv7();
    await repo.insertProgramme(t, {
      id,
      code: p.code,
      name: p.name,
      description: p.description,
      academic_hours: p.academicHours,
      contact_days: p.contactDays,
      elearning_hours: p.elearningHours,
      min_days: p.minDays,
      min_elearning_hours: p.minElearningHours,
      reminder_days: p.reminderDays,
    });
    await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'training.programme.create', targetType: 'training_programme', targetId: id, after: { code: p.code } });
    return id;
  });
}

export interface GroupInput {
  programmeId: string;
  region: string;
  place: string;
  capacity: number;
  /** The registration deadline. */
  deadline: Date | null;
  /** One date (YYYY-MM-DD) per contact day, in order. */
  dates: string[];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export async function createGroup(db: Db, g: GroupInput, actor: Actor): Promise<string> {
  return db.system('training: programmes, groups and events are ELVL’s, one for every KOV', async (t) => {
    const p = await repo.programme(t, g.programmeId);
    const errs: FieldError[] = [];
    if (!p) errs.push({ field: 'programmeId', reason: 'training.error.programme' });
    if (!g.region.trim() || g.region.length > 100) errs.push({ field: 'region', reason: 'training.error.required' });
    if (!g.place.trim() || g.place.length > 300) errs.push({ field: 'place', reason: 'training.error.required' });
    if (!Number.isInteger(g.capacity) || g.capacity < 1 || g.capacity > 500) errs.push({ field: 'capacity', reason: 'training.error.number' });
    if (!g.deadline) errs.push({ field: 'deadline', reason: 'training.error.date' });
    const sorted = [...g.dates].sort();
    if (p && (g.dates.length !== p.contact_days || g.dates.some((d) => !DATE_RE.test(d) || Number.isNaN(Date.parse(d))) || sorted.join() !== g.dates.join())) {
      errs.push({ field: 'dates', reason: 'training.error.dates' });
    }
    if (errs.length) throw badRequest(errs);
    const id = uuidv7();
    await repo.insertGroup(t, { id, programmeId: g.programmeId, region: g.region.trim(), place: g.place.trim(), capacity: g.capacity, deadline: g.deadline! });
    for (const [i, d] of g.dates.entries()) await repo.insertDay(t, { id: uuidv7(), group_id: id, day_no: i + 1, on_date: d, checkin_code: newCheckinCode() });
    await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'training.group.create', targetType: 'training_group', targetId: id, after: { region: g.region, capacity: g.capacity } });
    return id;
  });
}

export async function addSession(db: Db, groupId: string, dayNo: number, s: { starts: string; topic: string; trainer: string }, actor: Actor): Promise<void> {
  const errs: FieldError[] = [];
  if (!/^[0-2][0-9]:[0-5][0-9]$/.test(s.starts)) errs.push({ field: 'starts', reason: 'training.error.time' });
  if (!s.topic.trim() || s.topic.length > 300) errs.push({ field: 'topic', reason: 'training.error.required' });
  if (s.trainer.length > 200) errs.push({ field: 'trainer', reason: 'training.error.tooLong' });
  if (errs.length) throw badRequest(errs);
  await db.system('training: programmes, groups and events are ELVL’s, one for every KOV', async (t) => {
    const d = (await repo.daysOf(t, groupId)).find((x) => x.day_no === dayNo);
    if (!d) throw notFound();
    const id = uuidv7();
    await repo.insertSession(t, { id, day_id: d.id, starts: s.starts, topic: s.topic.trim(), trainer: s.trainer.trim() });
    await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'training.session.add', targetType: 'training_session', targetId: id, after: { groupId, dayNo } });
  });
}

/** Names a group's trainer by personal ID code (stored as its keyed hash; the code is never logged). */
export async function addTrainer(db: Db, idcodeKey: string, groupId: string, idcode: string, name: string, actor: Actor): Promise<void> {
  const parsed = parseIdcode(idcode);
  const errs: FieldError[] = [];
  if (!parsed.ok) errs.push({ field: 'idcode', reason: 'training.error.idcode' });
  if (!name.trim() || name.length > 200) errs.push({ field: 'name', reason: 'training.error.name' });
  if (errs.length || !parsed.ok) throw badRequest(errs);
  await db.system('training: programmes, groups and events are ELVL’s, one for every KOV', async (t) => {
    if (!(await repo.group(t, groupId))) throw notFound();
    await repo.insertTrainer(t, groupId, hashIdcode(idcodeKey, parsed.value.code), name.trim());
    await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'training.trainer.add', targetType: 'training_group', targetId: groupId, after: { name: name.trim() } });
  });
}

// ------------------------------------------------------------------ what the public sees

export interface GroupSummary {
  id: string;
  programmeId: string;
  region: string;
  place: string;
  capacity: number;
  taken: number;
  free: number;
  waiting: number;
  deadline: Date;
  open: boolean;
  firstDay: string | null;
}

function groupSummary(g: GroupRow): GroupSummary {
  return {
    id: g.id,
    programmeId: g.programme_id,
    region: g.region,
    place: g.place,
    capacity: g.capacity,
    taken: g.taken,
    free: Math.max(0, g.capacity - g.taken),
    waiting: g.waiting,
    deadline: new Date(g.registration_deadline),
    open: registrationOpen(new Date(g.registration_deadline), now()),
    firstDay: g.first_day,
  };
}

/** A stored programme: its input fields and its id. */
export interface Programme extends ProgrammeInput {
  id: string;
}

const programmeOf = (p: ProgrammeRow): Programme => ({
  id: p.id,
  code: p.code,
  name: p.name,
  description: p.description,
  academicHours: p.academic_hours,
  contactDays: p.contact_days,
  elearningHours: Number(p.elearning_hours),
  minDays: p.min_days,
  minElearningHours: Number(p.min_elearning_hours),
  reminderDays: p.reminder_days,
});

export interface TrainingEvent {
  id: string;
  kind: EventKind;
  title: string;
  description: string;
  startsAt: Date;
  place: string;
  url: string;
  capacity: number;
  taken: number;
  free: number;
  deadline: Date;
  open: boolean;
}

const eventOf = (e: EventRow): TrainingEvent => ({
  id: e.id,
  kind: e.kind,
  title: e.title,
  description: e.description,
  startsAt: new Date(e.starts_at),
  place: e.place,
  url: e.url,
  capacity: e.capacity,
  taken: e.taken,
  free: Math.max(0, e.capacity - e.taken),
  deadline: new Date(e.registration_deadline),
  open: registrationOpen(new Date(e.registration_deadline), now()),
});

export interface Catalogue {
  programmes: (Programme & { groups: GroupSummary[] })[];
  events: TrainingEvent[];
}

/** Every programme with its groups (free places), and the seminars and webinars: public. */
export async function trainingCatalogue(db: Db): Promise<Catalogue> {
  return platformTx(db, async (t) => {
    const [ps, gs, es] = [await repo.programmes(t), await repo.groups(t), await repo.events(t)];
    return {
      programmes: ps.map((p) => ({ ...programmeOf(p), groups: gs.filter((g) => g.programme_id === p.id).map(groupSummary) })),
      events: es.map(eventOf),
    };
  });
}

export interface Day {
  id: string;
  no: number;
  date: string;
  sessions: { starts: string; topic: string; trainer: string }[];
}

export interface GroupDetail {
  group: GroupSummary;
  programme: Programme;
  days: Day[];
  trainers: string[];
}

function daysWithSessions(days: DayRow[], sessions: SessionRow[]): Day[] {
  return days.map((d) => ({
    id: d.id,
    no: d.day_no,
    date: d.on_date,
    sessions: sessions.filter((s) => s.day_id === d.id).map((s) => ({ starts: s.starts, topic: s.topic, trainer: s.trainer })),
  }));
}

/** A group with its programme, days and sessions, and its trainers' names: public. */
export async function groupDetail(db: Db, groupId: string): Promise<GroupDetail | null> {
  if (!isId(groupId)) return null;
  return platformTx(db, async (t) => {
    const g = await repo.group(t, groupId);
    if (!g) return null;
    const p = (await repo.programme(t, g.programme_id))!;
    const days = daysWithSessions(await repo.daysOf(t, g.id), await repo.sessionsOfGroup(t, g.id));
    return { group: groupSummary(g), programme: programmeOf(p), days, trainers: (await repo.trainersOf(t, g.id)).map((x) => x.name) };
  });
}


// ------------------------------------------------------------------ a KOV's teams

export interface Team {
  id: string;
  kov: string;
  groupId: string;
  status: 'confirmed' | 'waiting' | 'cancelled';
  /** Place on the waiting list (1 = next), for a waiting team. */
  waitingPlace: number | null;
  position: number;
  size: number;
  serviceId: string | null;
  topic: string;
  contactEmail: string;
  members: { id: string; name: string; email: string }[];
}

function teamOf(r: TeamRow, members: MemberRow[], waitingPlace: number | null = null): Team {
  return {
    id: r.id,
    kov: r.kov_code,
    groupId: r.group_id,
    status: r.status,
    waitingPlace,
    position: r.position,
    size: r.size,
    serviceId: r.service_id,
    topic: r.topic,
    contactEmail: r.contact_email,
    members: members.filter((m) => m.team_id === r.id).map((m) => ({ id: m.id, name: m.name, email: m.email })),
  };
}

export interface RegisterOutcome {
  teamId: string;
  status: 'confirmed' | 'waiting';
  /** The team's place on the waiting list (1 = next) when waiting. */
  waitingPlace: number | null;
}

/**
 * Registers a KOV's team in a group: 1–5 members (valid personal ID codes, stored as keyed hashes),
 * a service of the KOV's published catalogue or a problem; confirmed if it fits whole and nobody
 * waits, else on the waiting list. Closed at the deadline. Mails the contact address (and members).
 */
export async function registerTeam(db: Db, idcodeKey: string, kov: string, input: TeamInput, actor: Actor): Promise<RegisterOutcome> {
  const errs = teamErrors(input);
  let topic = input.problem.trim();
  let serviceId: string | null = null;
  if (input.serviceId) {
    const ref = (await serviceRefs(db, kov)).find((s) => s.id === input.serviceId);
    if (!ref) errs.push({ field: 'serviceId', reason: 'training.error.service' });
    else {
      serviceId = ref.id;
      topic = ref.name.et;
    }
  }
  if (input.groupId && !isId(input.groupId)) errs.push({ field: 'groupId', reason: 'training.error.group' });
  if (errs.length) throw badRequest(errs);
  const members = filledMembers(input.members);
  return db.tx(
    async (t) => {
      const g = await repo.lockGroup(t, input.groupId);
      if (!g) throw badRequest([{ field: 'groupId', reason: 'training.error.group' }]);
      if (!registrationOpen(new Date(g.registration_deadline), now())) throw conflict('training.error.closed');
      const status = placeFor({ capacity: g.capacity, taken: g.taken, waiting: g.waiting }, members.length);
      const position = g.last_position + 1;
      const teamId = uuidv7();
      await repo.insertTeam(t, { id: teamId, kov, groupId: g.id, status, position, size: members.length, serviceId, topic, contactEmail: input.contactEmail.trim(), createdBy: actor.name });
      for (const m of members) {
        await repo.insertMember(t, { id: uuidv7(), kov, teamId, name: m.name, email: m.email, idcodeHash: hashIdcode(idcodeKey, m.idcode) });
      }
      const taken = status === 'confirmed' ? g.taken + members.length : g.taken;
      const waiting = status === 'waiting' ? g.waiting + 1 : g.waiting;
      await repo.setGroupCounters(t, g.id, { taken, waiting, lastPosition: position });
      await recordAudit(t, { kov, actor, action: 'training.team.register', targetType: 'training_team', targetId: teamId, after: { groupId: g.id, status, size: members.length } });
      const p = (await repo.programme(t, g.programme_id))!;
      await teamMail(t, status === 'confirmed' ? 'confirmed' : 'waiting', { to: [input.contactEmail.trim(), ...members.map((m) => m.email)], programme: p.name.et, region: g.region, place: g.place, waitingPlace: waiting });
      return { teamId, status, waitingPlace: status === 'waiting' ? waiting : null };
    },
    { kov },
  );
}

type MailKind = 'confirmed' | 'waiting' | 'promoted' | 'cancelled' | 'reminder';

/** Queues the team's mail (Estonian, with the English text below) to each distinct valid address. */
async function teamMail(t: Tx, kind: MailKind, v: { to: string[]; programme: string; region: string; place: string; waitingPlace?: number; firstDay?: string }): Promise<void> {
  const vars = { programme: v.programme, region: v.region, place: v.place, place_no: v.waitingPlace ?? 0, date: v.firstDay ?? '' };
  const subject = translate('et', `training.mail.${kind}.subject`, vars);
  const text = `${translate('et', `training.mail.${kind}.text`, vars)}\n\n---\n\n${translate('en', `training.mail.${kind}.text`, vars)}\n`;
  for (const to of [...new Set(v.to.map((x) => x.trim().toLowerCase()).filter((x) => x && isEmail(x)))]) {
    await queueMail(t, { to, subject, text, kind: `training.${kind}` });
  }
}

/** The KOV's teams (newest first), with members and, for waiting teams, their place in line. */
export async function teamsOfKov(db: Db, kov: string): Promise<Team[]> {
  const { rows, members } = await db.tx(
    async (t) => {
      const rows = await repo.teamsOfKov(t, kov);
      return { rows, members: await repo.membersOfTeams(t, rows.map((r) => r.id)) };
    },
    { kov },
  );
  const out: Team[] = [];
  for (const r of rows) {
    const place = r.status === 'waiting' ? await db.system('training: a group’s teams come from every KOV (waiting list, attendance, certificates)', (t) => repo.waitingBefore(t, r.group_id, r.position)) : null;
    out.push(teamOf(r, members, place === null ? null : place + 1));
  }
  return out;
}

/**
 * Cancels a KOV's team. The places it frees go to the group's waiting teams in order (any KOV's), in
 * the same transaction, each promoted team mailed; a waiting team that does not fit whole stops the
 * promotions (no partial teams, no jumping the queue).
 */
export async function cancelTeam(db: Db, kov: string, teamId: string, actor: Actor): Promise<{ promoted: string[] }> {
  if (!isId(teamId)) throw notFound();
  return db.system('training: a group’s teams come from every KOV (waiting list, attendance, certificates)', async (t) => {
    const first = await repo.teamOfKov(t, kov, teamId);
    if (!first) throw notFound();
    const g = (await repo.lockGroup(t, first.group_id))!;
    const team = (await repo.teamOfKov(t, kov, teamId))!;
    if (team.status === 'cancelled') throw conflict('training.error.cancelled');
    let taken = g.taken - (team.status === 'confirmed' ? team.size : 0);
    let waiting = g.waiting - (team.status === 'waiting' ? 1 : 0);
    await repo.setTeamStatus(t, kov, team.id, 'cancelled');
    await recordAudit(t, { kov, actor, action: 'training.team.cancel', targetType: 'training_team', targetId: team.id, before: { status: team.status } });
    const p = (await repo.programme(t, g.programme_id))!;
    const cancelledMembers = await repo.membersOfTeams(t, [team.id]);
    await teamMail(t, 'cancelled', { to: [team.contact_email, ...cancelledMembers.map((m) => m.email)], programme: p.name.et, region: g.region, place: g.place });
    const next = promotions({ capacity: g.capacity, taken }, (await repo.waitingTeams(t, g.id)).filter((w) => w.id !== team.id));
    for (const w of next) {
      await repo.setTeamStatus(t, w.kov_code, w.id, 'confirmed');
      taken += w.size;
      waiting -= 1;
      await recordAudit(t, {
        kov: w.kov_code,
        actor: { kind: 'system', id: null, name: 'training waiting list' },
        action: 'training.team.promote',
        targetType: 'training_team',
        targetId: w.id,
        after: { groupId: g.id, status: 'confirmed' },
      });
      const ms = await repo.membersOfTeams(t, [w.id]);
      await teamMail(t, 'promoted', { to: [w.contact_email, ...ms.map((m) => m.email)], programme: p.name.et, region: g.region, place: g.place });
    }
    await repo.setGroupCounters(t, g.id, { taken, waiting, lastPosition: g.last_position });
    return { promoted: next.map((w) => w.id) };
  });
}

// ------------------------------------------------------------------ the roster: attendance and completion

export interface RosterMember {
  id: string;
  kov: string;
  teamId: string;
  name: string;
  elearningHours: number;
  /** The ids of the days attended. */
  days: string[];
  completion: Completion;
  certificateCode: string | null;
}

export interface Roster {
  detail: GroupDetail;
  checkinCodes: { dayId: string; code: string }[];
  teams: Team[];
  members: RosterMember[];
  /** Each contact day's survey figures (the feedback module's subject survey; subjectId = the day's id), in day order. */
  feedback: SubjectFigures[];
}

/** Whether the person trains the group (by the keyed hash of the ID code). */
export async function trainsGroup(db: Db, groupId: string, idcodeHash: string): Promise<boolean> {
  if (!isId(groupId)) return false;
  return platformTx(db, async (t) => (await repo.trainersOf(t, groupId)).some((x) => x.idcode_hash === idcodeHash));
}

/** The groups the person trains. */
export async function groupsTrainedBy(db: Db, idcodeHash: string): Promise<string[]> {
  return platformTx(db, async (t) => (await repo.groupsTrainedBy(t, idcodeHash)).map((x) => x.group_id));
}

/** A group's teams (every KOV's, in registration order), members with attendance and completion: for the coordinator and its trainers. */
export async function groupRoster(db: Db, groupId: string): Promise<Roster | null> {
  const detail = await groupDetail(db, groupId);
  if (!detail) return null;
  return db.system('training: a group’s teams come from every KOV (waiting list, attendance, certificates)', async (t) => {
    const teamRows = await repo.teamsOfGroup(t, groupId);
    const allMembers = await repo.membersOfTeams(t, teamRows.map((r) => r.id));
    let place = 0;
    const teams = teamRows.map((r) => teamOf(r, allMembers, r.status === 'waiting' ? ++place : null));
    const confirmed = await repo.confirmedMembers(t, groupId);
    const att = await repo.attendanceOf(t, confirmed.map((m) => m.id));
    const certs = await repo.certificatesOfMembers(t, confirmed.map((m) => m.id));
    const rule = { minDays: detail.programme.minDays, minElearningHours: detail.programme.minElearningHours };
    const members = confirmed.map((m) => {
      const days = att.filter((a) => a.member_id === m.id).map((a) => a.day_id);
      return {
        id: m.id,
        kov: m.kov_code,
        teamId: m.team_id,
        name: m.name,
        elearningHours: Number(m.elearning_hours),
        days,
        completion: completion(rule, days.length, Number(m.elearning_hours)),
        certificateCode: certs.find((c) => c.member_id === m.id)?.code ?? null,
      };
    });
    const days = await repo.daysOf(t, groupId);
    const codes = days.map((d) => ({ dayId: d.id, code: d.checkin_code }));
    return { detail, checkinCodes: codes, teams, members, feedback: await subjectFigures(t, DAY_SURVEY, days.map((d) => d.id)) };
  });
}

export interface AttendanceInput {
  /** Member id → the ids of the days present (every confirmed member of the group is set as given). */
  present: Map<string, Set<string>>;
  /** Member id → e-learning hours done (left out: unchanged). */
  elearning: Map<string, number>;
}

/**
 * The trainer's marks for the whole group: attendance per contact day and e-learning hours. A member
 * who thereby completes gets a certificate (once). One audit entry (platform chain) per save.
 */
export async function saveAttendance(db: Db, groupId: string, input: AttendanceInput, actor: Actor): Promise<{ marked: number; unmarked: number; certificates: number }> {
  for (const [id, h] of input.elearning) if (!(Number.isFinite(h) && h >= 0 && h <= 1000)) throw badRequest([{ field: `elearning.${id}`, reason: 'training.error.hours' }]);
  return db.system('training: a group’s teams come from every KOV (waiting list, attendance, certificates)', async (t) => {
    const g = await repo.group(t, groupId);
    if (!g) throw notFound();
    const days = await repo.daysOf(t, groupId);
    const dayIds = new Set(days.map((d) => d.id));
    const members = await repo.confirmedMembers(t, groupId);
    const att = await repo.attendanceOf(t, members.map((m) => m.id));
    let marked = 0;
    let unmarked = 0;
    for (const m of members) {
      const want = input.present.get(m.id) ?? new Set<string>();
      for (const d of want) if (!dayIds.has(d)) throw badRequest([{ field: `day.${m.id}`, reason: 'training.error.day' }]);
      const have = new Set(att.filter((a) => a.member_id === m.id).map((a) => a.day_id));
      for (const d of want) if (!have.has(d) && (await repo.addAttendance(t, m.kov_code, m.id, d, 'trainer'))) marked++;
      for (const d of have) if (!want.has(d) && (await repo.removeAttendance(t, m.kov_code, m.id, d))) unmarked++;
      const h = input.elearning.get(m.id);
      if (h !== undefined && h !== Number(m.elearning_hours)) await repo.setElearning(t, m.kov_code, m.id, Math.round(h * 10) / 10);
    }
    await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'training.attendance.mark', targetType: 'training_group', targetId: groupId, after: { marked, unmarked } });
    const certificates = await issueCertificates(t, groupId);
    return { marked, unmarked, certificates };
  });
}

/** Issues a certificate to every confirmed member of the group who completed and has none yet. */
async function issueCertificates(t: Tx, groupId: string): Promise<number> {
  const g = (await repo.group(t, groupId))!;
  const p = (await repo.programme(t, g.programme_id))!;
  const members = await repo.confirmedMembers(t, groupId);
  const att = await repo.attendanceOf(t, members.map((m) => m.id));
  const have = new Set((await repo.certificatesOfMembers(t, members.map((m) => m.id))).map((c) => c.member_id));
  let n = 0;
  for (const m of members) {
    if (have.has(m.id)) continue;
    const c = completion({ minDays: p.min_days, minElearningHours: Number(p.min_elearning_hours) }, att.filter((a) => a.member_id === m.id).length, Number(m.elearning_hours));
    if (!c.complete) continue;
    const id = uuidv7();
    if (await repo.insertCertificate(t, { id, kov_code: m.kov_code, member_id: m.id, code: newCertificateCode(), name: m.name, programme: p.name, issued_on: today() })) {
      n++;
      await recordAudit(t, { kov: m.kov_code, actor: { kind: 'system', id: null, name: 'training completion rule' }, action: 'training.certificate.issue', targetType: 'training_certificate', targetId: id });
    }
  }
  return n;
}

/**
 * A participant's check-in with the code shown in the room: valid only on that day (Europe/Tallinn)
 * and for that day's group, for a member of a confirmed team of the group.
 */
export async function checkIn(db: Db, idcodeHash: string, code: string): Promise<{ groupId: string; dayNo: number }> {
  const c = code.trim().toUpperCase();
  if (!isCheckinCode(c)) throw badRequest([{ field: 'code', reason: 'training.error.checkin' }]);
  return db.system('training: a group’s teams come from every KOV (waiting list, attendance, certificates)', async (t) => {
    const on = today();
    for (const d of await repo.dayByCheckin(t, c, on)) {
      if (!checkinValid(d.on_date, on)) continue;
      const ms = await repo.membershipsInGroup(t, d.group_id, idcodeHash);
      if (ms.length === 0) continue;
      for (const m of ms) await repo.addAttendance(t, m.kov_code, m.id, d.id, 'checkin');
      await issueCertificates(t, d.group_id);
      return { groupId: d.group_id, dayNo: d.day_no };
    }
    throw badRequest([{ field: 'code', reason: 'training.error.checkin' }]);
  });
}

// ------------------------------------------------------------------ certificates

export interface Certificate {
  code: string;
  name: string;
  programme: Message;
  issuedOn: string;
}

const certificateOf = (c: CertificateRow): Certificate => ({ code: c.code, name: c.name, programme: c.programme, issuedOn: c.issued_on });

/** A certificate found by its verification code alone (public: name, programme, date; nothing else). */
export async function certificateByCode(db: Db, code: string): Promise<Certificate | null> {
  if (!isCertificateCode(code)) return null;
  const c = await db.system('training: a certificate is verified publicly by its code alone', (t) => repo.certificateByCode(t, code));
  return c ? certificateOf(c) : null;
}

export const certificateUrl = (base: string, code: string): string => `${base}/training/certificates/${code}`;

/** The certificate as a PDF (A4): name, programme, date, the verification address. */
export async function certificatePdf(c: Certificate, base: string): Promise<Buffer> {
  const doc = createPdf({ title: `${translate('et', 'training.cert.title')} ${c.code}` });
  doc.font('bold').fontSize(24).text(translate('et', 'training.cert.title'), { align: 'center' });
  doc.moveDown(0.3).font('body').fontSize(12).fillColor('#444').text(`${translate('en', 'training.cert.title')} · ${translate('ru', 'training.cert.title')}`, { align: 'center' });
  doc.moveDown(2).fillColor('#000').fontSize(20).font('bold').text(c.name, { align: 'center' });
  doc.moveDown(1).font('body').fontSize(13).text(translate('et', 'training.cert.completed'), { align: 'center' });
  doc.moveDown(0.5).font('bold').fontSize(16).text(c.programme.et, { align: 'center' });
  if (c.programme.en) doc.font('body').fontSize(12).text(c.programme.en, { align: 'center' });
  const [y, m, d] = c.issuedOn.split('-');
  doc.moveDown(2).font('body').fontSize(12).text(`${translate('et', 'training.cert.issued')}: ${d}.${m}.${y}`, { align: 'center' });
  doc.moveDown(3).fontSize(10).text(`${translate('et', 'training.cert.verify')}: ${certificateUrl(base, c.code)}`, { align: 'center' });
  doc.text(`${translate('et', 'training.cert.code')}: ${c.code}`, { align: 'center' });
  return pdfToBuffer(doc);
}

// ------------------------------------------------------------------ a participant's own page

export interface MyTraining {
  teams: {
    memberId: string;
    kov: string;
    status: string;
    topic: string;
    group: GroupDetail;
    attended: string[];
    elearningHours: number;
    completion: Completion;
    certificateCode: string | null;
  }[];
  events: (TrainingEvent & { attended: boolean })[];
  feedbackGiven: string[];
}

/** A contact day's survey: the feedback module's subject survey of this kind (subject id = the day's id). */
export const DAY_SURVEY = 'training-day';

/** The survey's respondent key: a hash of the keyed ID-code hash (the same as the old training_day_feedback's, whose rows moved). */
const respondentKey = (idcodeHash: string): string => createHash('sha256').update(`training-day-feedback:${idcodeHash}`).digest('hex');

/** The person's teams (every KOV's), attendance, completion and certificates, and events. */
export async function myTraining(db: Db, idcodeHash: string): Promise<MyTraining> {
  const rows = await db.system('training: a participant’s own teams, in whichever KOV registered them', async (t) => {
    const ms = await repo.membershipsOf(t, idcodeHash);
    const att = await repo.attendanceOf(t, ms.map((m) => m.id));
    const certs = await repo.certificatesOfMembers(t, ms.map((m) => m.id));
    return { ms, att, certs };
  });
  const teams: MyTraining['teams'] = [];
  for (const m of rows.ms) {
    const group = (await groupDetail(db, m.group_id))!;
    const attended = rows.att.filter((a) => a.member_id === m.id).map((a) => a.day_id);
    teams.push({
      memberId: m.id,
      kov: m.kov_code,
      status: m.status,
      topic: m.topic,
      group,
      attended,
      elearningHours: Number(m.elearning_hours),
      completion: completion({ minDays: group.programme.minDays, minElearningHours: group.programme.minElearningHours }, attended.length, Number(m.elearning_hours)),
      certificateCode: rows.certs.find((c) => c.member_id === m.id)?.code ?? null,
    });
  }
  const { regs, es, given } = await platformTx(db, async (t) => ({ regs: await repo.eventRegsOf(t, idcodeHash), es: await repo.events(t), given: await subjectsAnsweredBy(t, DAY_SURVEY, respondentKey(idcodeHash)) }));
  const events = regs.map((r) => ({ ...eventOf(es.find((e) => e.id === r.event_id)!), attended: r.attended }));
  return { teams, events, feedbackGiven: given };
}

/**
 * A participant's answer to a contact day's survey: the feedback module's survey (satisfaction and
 * ease 1–5, what went well / did not, a comment; its validation and field errors), once per day (a new
 * answer replaces the old). Only a member of a team of the day's group may answer (404 otherwise),
 * checked in the same transaction as the answer is stored. Kept without the person: the key is a
 * hash of the keyed ID-code hash.
 */
export async function answerDay(db: Db, idcodeHash: string, dayId: string, raw: RawAnswer, lang: Locale): Promise<void> {
  if (!isId(dayId)) throw notFound();
  await db.system('training: a group’s teams come from every KOV (waiting list, attendance, certificates)', async (t) => {
    const d = await repo.day(t, dayId);
    if (!d) throw notFound();
    if ((await repo.membershipsInGroup(t, d.group_id, idcodeHash)).length === 0) throw notFound();
    await answerSubject(t, DAY_SURVEY, d.id, respondentKey(idcodeHash), raw, lang);
  });
}

// ------------------------------------------------------------------ seminars and webinars

export interface EventInput {
  kind: string;
  title: string;
  description: string;
  startsAt: Date | null;
  place: string;
  url: string;
  capacity: number;
  deadline: Date | null;
}

export async function createEvent(db: Db, e: EventInput, actor: Actor): Promise<string> {
  const errs: FieldError[] = [];
  if (!(EVENT_KINDS as readonly string[]).includes(e.kind)) errs.push({ field: 'kind', reason: 'training.error.choose' });
  if (!e.title.trim() || e.title.length > 300) errs.push({ field: 'title', reason: 'training.error.required' });
  if (e.description.length > 4000) errs.push({ field: 'description', reason: 'training.error.tooLong' });
  if (!e.startsAt) errs.push({ field: 'startsAt', reason: 'training.error.date' });
  if (!e.deadline) errs.push({ field: 'deadline', reason: 'training.error.date' });
  if (e.kind === 'seminar' && !e.place.trim()) errs.push({ field: 'place', reason: 'training.error.required' });
  if (e.kind === 'webinar' && !/^https:\/\/\S+$/.test(e.url.trim())) errs.push({ field: 'url', reason: 'training.error.url' });
  if (!Number.isInteger(e.capacity) || e.capacity < 1 || e.capacity > 10000) errs.push({ field: 'capacity', reason: 'training.error.number' });
  if (errs.length) throw badRequest(errs);
  return db.system('training: programmes, groups and events are ELVL’s, one for every KOV', async (t) => {
    const id = uuidv7();
    await repo.insertEvent(t, {
      id,
      kind: e.kind as EventKind,
      title: e.title.trim(),
      description: e.description.trim(),
      starts_at: e.startsAt!,
      place: e.place.trim(),
      url: e.url.trim(),
      capacity: e.capacity,
      registration_deadline: e.deadline!,
    });
    await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'training.event.create', targetType: 'training_event', targetId: id, after: { kind: e.kind } });
    return id;
  });
}

export async function eventById(db: Db, id: string): Promise<TrainingEvent | null> {
  if (!isId(id)) return null;
  const e = await platformTx(db, (t) => repo.event(t, id));
  return e ? eventOf(e) : null;
}

/** An official registers herself for a seminar or webinar (once; within capacity, before the deadline). */
export async function registerForEvent(db: Db, who: { personId: string; idcodeHash: string; name: string }, eventId: string, email: string): Promise<void> {
  if (!isEmail(email.trim())) throw badRequest([{ field: 'email', reason: 'training.error.email' }]);
  if (!isId(eventId)) throw notFound();
  await db.system('training: seminars and webinars are ELVL’s; the confirmation is a platform mail', async (t) => {
    const e = await repo.lockEvent(t, eventId);
    if (!e) throw notFound();
    if (!registrationOpen(new Date(e.registration_deadline), now())) throw conflict('training.error.closed');
    if ((await repo.eventRegs(t, e.id)).some((r) => r.idcode_hash === who.idcodeHash)) return;
    if (e.taken >= e.capacity) throw conflict('training.error.full');
    if (await repo.insertEventReg(t, { event_id: e.id, idcode_hash: who.idcodeHash, person_id: who.personId, name: who.name, email: email.trim() })) {
      await repo.setEventTaken(t, e.id, e.taken + 1);
      const when = `${dateInTallinn(new Date(e.starts_at))}`;
      await queueMail(t, {
        to: email.trim(),
        subject: translate('et', 'training.mail.event.subject', { title: e.title }),
        text: `${translate('et', 'training.mail.event.text', { title: e.title, date: when })}\n\n---\n\n${translate('en', 'training.mail.event.text', { title: e.title, date: when })}\n`,
        kind: 'training.event',
      });
    }
  });
}

export interface EventRoster {
  event: TrainingEvent;
  people: { personId: string; name: string; attended: boolean }[];
}

export async function eventRoster(db: Db, id: string): Promise<EventRoster | null> {
  const e = await eventById(db, id);
  if (!e) return null;
  const regs = await platformTx(db, (t) => repo.eventRegs(t, id));
  return { event: e, people: regs.map((r) => ({ personId: r.person_id, name: r.name, attended: r.attended })) };
}

/** The coordinator marks who attended an event (everyone registered is set as given). */
export async function saveEventAttendance(db: Db, eventId: string, present: Set<string>, actor: Actor): Promise<number> {
  if (!isId(eventId)) throw notFound();
  return db.system('training: programmes, groups and events are ELVL’s, one for every KOV', async (t) => {
    if (!(await repo.event(t, eventId))) throw notFound();
    let changed = 0;
    for (const r of await repo.eventRegs(t, eventId)) if (await repo.setEventAttended(t, eventId, r.person_id, present.has(r.person_id))) changed++;
    await recordAudit(t, { kov: PLATFORM_CHAIN, actor, action: 'training.event.attendance', targetType: 'training_event', targetId: eventId, after: { changed } });
    return changed;
  });
}

// ------------------------------------------------------------------ reminders (a scheduled job)

/**
 * Mails the members (with an address) and contacts of every confirmed team of each group whose
 * first day is within its programme's reminder days, once per group. Safe to run concurrently
 * (the due groups are claimed with row locks).
 */
export async function sendReminders(db: Db): Promise<number> {
  return db.system('training: a group’s teams come from every KOV (waiting list, attendance, certificates)', async (t) => {
    let n = 0;
    for (const due of await repo.groupsToRemind(t, today())) {
      const g = (await repo.group(t, due.id))!;
      const p = (await repo.programme(t, g.programme_id))!;
      const teams = (await repo.teamsOfGroup(t, g.id)).filter((x) => x.status === 'confirmed');
      const ms = await repo.membersOfTeams(t, teams.map((x) => x.id));
      const [y, m, d] = due.first_day.split('-');
      await teamMail(t, 'reminder', { to: [...teams.map((x) => x.contact_email), ...ms.map((x) => x.email)], programme: p.name.et, region: g.region, place: g.place, firstDay: `${d}.${m}.${y}` });
      await repo.markReminded(t, g.id);
      n++;
    }
    return n;
  });
}

export type { TeamInput } from './model.js';
