// The training service against a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL), the
// clock set: registration with capacity counted in people and a waiting list (no partial teams, in
// order), cancellation promoting the next teams in the same transaction with mails, the deadline, the
// service from the catalogue, tenant isolation; attendance by the trainer and by check-in (only that
// day, only that group), completion and certificates (PDF, public check); reminders; events; a day's
// survey (the feedback module's subject survey: members only, figures in the roster).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_CHAIN, auditActionsOf } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { listMail } from '../../kernel/mail.js';
import { asOwner, engine, fails, seedTenant, testDb } from '../../../test/helpers.js';
import { FIXTURE_ACTOR, memberIdcode, programmeWithGroup, teamInput } from './fixtures.js';
import {
  answerDay,
  cancelTeam,
  certificateByCode,
  certificatePdf,
  checkIn,
  createEvent,
  eventRoster,
  groupRoster,
  myTraining,
  registerForEvent,
  registerTeam,
  saveAttendance,
  saveEventAttendance,
  sendReminders,
  teamsOfKov,
  trainingCatalogue,
} from './service.js';

const A = '0784';
const B = '0793';
const KEY = 'test-idcode-key';
let db: Db;

beforeAll(async () => {
  setClock('2026-12-10T10:00:00+02:00');
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu', 'linn');
});
afterAll(async () => {
  await db?.close();
});

describe(`training: registration, waiting list, cancellation (${engine})`, () => {
  it('counts places in people; a team that does not fit whole waits, and so does every team after it; cancellation promotes in order', async () => {
    const { groupId } = await programmeWithGroup(db);
    const first = await registerTeam(db, KEY, A, teamInput(groupId, 3, 0), FIXTURE_ACTOR);
    expect(first).toMatchObject({ status: 'confirmed', waitingPlace: null });
    for (let i = 0; i < 6; i++) expect((await registerTeam(db, KEY, i % 2 ? A : B, teamInput(groupId, 5, 10 + i * 5), FIXTURE_ACTOR)).status).toBe('confirmed');
    // 33 of 35 taken: a team of 3 does not fit whole; a team of 2 would fit, but waits behind it
    const three = await registerTeam(db, KEY, B, teamInput(groupId, 3, 100), FIXTURE_ACTOR);
    expect(three).toMatchObject({ status: 'waiting', waitingPlace: 1 });
    const two = await registerTeam(db, KEY, A, teamInput(groupId, 2, 110), FIXTURE_ACTOR);
    expect(two).toMatchObject({ status: 'waiting', waitingPlace: 2 });
    const g1 = (await trainingCatalogue(db)).programmes.flatMap((p) => p.groups).find((g) => g.id === groupId)!;
    expect(g1).toMatchObject({ capacity: 35, taken: 33, free: 2, waiting: 2 });
    expect((await teamsOfKov(db, A)).find((x) => x.id === two.teamId)).toMatchObject({ status: 'waiting', waitingPlace: 2 });

    // B may not cancel A's team; A cancels its first team (3 people): both waiting teams fit, in order
    expect((await fails(cancelTeam(db, B, first.teamId, FIXTURE_ACTOR))).status).toBe(404);
    const r = await cancelTeam(db, A, first.teamId, FIXTURE_ACTOR);
    expect(r.promoted).toEqual([three.teamId, two.teamId]);
    const g2 = (await trainingCatalogue(db)).programmes.flatMap((p) => p.groups).find((g) => g.id === groupId)!;
    expect(g2).toMatchObject({ taken: 35, free: 0, waiting: 0 });
    expect((await fails(cancelTeam(db, A, first.teamId, FIXTURE_ACTOR))).status).toBe(409);

    const mails = await listMail(db, { limit: 500 });
    expect(mails.filter((m) => m.kind === 'training.promoted').map((m) => m.to_address).sort()).toEqual(
      ['kontakt@vald.ee', 'liige100@vald.ee', 'liige101@vald.ee', 'liige102@vald.ee', 'kontakt@vald.ee', 'liige110@vald.ee', 'liige111@vald.ee'].sort(),
    );
    expect(mails.some((m) => m.kind === 'training.waiting' && m.body_text.includes('(1.)'))).toBe(true);
    expect(mails.every((m) => !/\d{11}/.test(m.body_text))).toBe(true);
    expect(await asOwner(db, (t) => auditActionsOf(t, A))).toEqual(expect.arrayContaining(['training.team.register', 'training.team.cancel', 'training.team.promote']));
    expect(await asOwner(db, (t) => auditActionsOf(t, B))).toEqual(expect.arrayContaining(['training.team.register', 'training.team.promote']));
    // the KOV sees only its own teams
    expect((await teamsOfKov(db, B)).every((x) => x.kov === B)).toBe(true);
  });

  it('refuses bad input with the fields named, a service not in the KOV’s catalogue, and registration after the deadline', async () => {
    const { groupId } = await programmeWithGroup(db, { deadline: new Date('2026-12-20T22:00:00Z') });
    const bad = await fails(registerTeam(db, KEY, A, { ...teamInput(groupId, 1), members: [{ name: '', idcode: '12345678901', email: 'x' }] }, FIXTURE_ACTOR));
    expect(bad).toMatchObject({ status: 400, fields: ['members.0.name', 'members.0.idcode', 'members.0.email'] });
    const svc = await fails(registerTeam(db, KEY, A, { ...teamInput(groupId, 1), serviceId: '0190f000-0000-7000-8000-000000000000' }, FIXTURE_ACTOR));
    expect(svc.fields).toEqual(['serviceId']);
    setClock('2026-12-21T10:00:00+02:00');
    try {
      expect(await fails(registerTeam(db, KEY, A, teamInput(groupId, 1), FIXTURE_ACTOR))).toMatchObject({ status: 409, reasons: ['training.error.closed'] });
    } finally {
      setClock('2026-12-10T10:00:00+02:00');
    }
  });
});

describe(`training: attendance, completion, certificates (${engine})`, () => {
  it('the trainer’s marks and e-learning hours complete a member (4 of 5 days and 8 h) and issue one certificate', async () => {
    const { groupId } = await programmeWithGroup(db, { firstDay: '2027-01-12' });
    const { teamId } = await registerTeam(db, KEY, A, teamInput(groupId, 2, 200, 1), FIXTURE_ACTOR);
    const roster = (await groupRoster(db, groupId))!;
    expect(roster.teams.map((x) => x.id)).toEqual([teamId]);
    const [m1, m2] = roster.members;
    const days = roster.detail.days.map((d) => d.id);
    const present = new Map([
      [m1!.id, new Set(days.slice(0, 4))],
      [m2!.id, new Set(days.slice(0, 3))],
    ]);
    let r = await saveAttendance(db, groupId, { present, elearning: new Map([[m1!.id, 6]]) }, FIXTURE_ACTOR);
    expect(r).toEqual({ marked: 7, unmarked: 0, certificates: 0 });
    r = await saveAttendance(db, groupId, { present, elearning: new Map([[m1!.id, 8], [m2!.id, 8]]) }, FIXTURE_ACTOR);
    expect(r).toEqual({ marked: 0, unmarked: 0, certificates: 1 });
    const after = (await groupRoster(db, groupId))!;
    const c1 = after.members.find((m) => m.id === m1!.id)!;
    expect(c1.completion.complete).toBe(true);
    expect(after.members.find((m) => m.id === m2!.id)!.completion).toMatchObject({ complete: false, daysMissing: 1 });
    const cert = (await certificateByCode(db, c1.certificateCode!))!;
    expect(cert).toEqual({ code: c1.certificateCode, name: 'Liige 200', programme: expect.objectContaining({ et: 'Ametnikust teenuseomanikuks' }), issuedOn: '2026-12-10' });
    expect(Object.keys(cert).sort()).toEqual(['code', 'issuedOn', 'name', 'programme']);
    expect((await certificatePdf(cert, 'https://vallamaja.ee')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await certificateByCode(db, 'AAAAAAAAAAAA')).toBeNull();
    expect(await asOwner(db, (t) => auditActionsOf(t, PLATFORM_CHAIN))).toEqual(expect.arrayContaining(['training.attendance.mark', 'training.group.create']));
    expect(await asOwner(db, (t) => auditActionsOf(t, A))).toContain('training.certificate.issue');

    // the member's own page: team, attendance, certificate
    const mine = await myTraining(db, hashIdcode(KEY, memberIdcode(200, 1)));
    expect(mine.teams).toHaveLength(1);
    expect(mine.teams[0]).toMatchObject({ status: 'confirmed', certificateCode: c1.certificateCode, attended: days.slice(0, 4) });
  });

  it('a participant checks in with the day’s code only on that day and only in her group; the fifth day completes the second member', async () => {
    const { groupId } = await programmeWithGroup(db, { firstDay: '2027-02-02', minElearningHours: 0 });
    await registerTeam(db, KEY, B, teamInput(groupId, 1, 300, 2), FIXTURE_ACTOR);
    const other = await programmeWithGroup(db, { firstDay: '2027-02-02' });
    const roster = (await groupRoster(db, groupId))!;
    const code1 = roster.checkinCodes[0]!.code;
    const me = hashIdcode(KEY, memberIdcode(300, 2));
    // not that day yet
    expect((await fails(checkIn(db, me, code1))).fields).toEqual(['code']);
    setClock('2027-02-02T09:40:00+02:00');
    try {
      // the other group's code is not hers
      const otherCode = (await groupRoster(db, other.groupId))!.checkinCodes[0]!.code;
      if (otherCode !== code1) expect((await fails(checkIn(db, me, otherCode))).fields).toEqual(['code']);
      expect(await checkIn(db, me, code1.toLowerCase())).toEqual({ groupId, dayNo: 1 });
      // idempotent
      expect(await checkIn(db, me, code1)).toEqual({ groupId, dayNo: 1 });
      const m = (await groupRoster(db, groupId))!.members[0]!;
      expect(m.days).toEqual([roster.detail.days[0]!.id]);
      // the day's survey (the feedback module's): a member only, once per day (a new answer replaces the old)
      const day1 = roster.detail.days[0]!.id;
      expect((await myTraining(db, me)).feedbackGiven).toEqual([]);
      await answerDay(db, me, day1, { satisfaction: '5', ease: '5', comment: 'Hea päev' }, 'et');
      await answerDay(db, me, day1, { satisfaction: '4', ease: '2', wentWell: ['effectiveness'], wentBadly: ['efficiency', 'transparency'], comment: 'Liiga kiire' }, 'en');
      const figures = (await groupRoster(db, groupId))!.feedback;
      expect(figures.map((f) => [f.subjectId, f.responses])).toEqual(roster.detail.days.map((d, i) => [d.id, i === 0 ? 1 : 0]));
      expect(figures[0]).toMatchObject({ responses: 1, satisfactionAverage: 4, csat: 1, easeAverage: 2, wentWell: { effectiveness: 1, trust: 0 }, wentBadly: { efficiency: 1, transparency: 1 } });
      expect(figures[0]!.comments).toEqual([expect.objectContaining({ comment: 'Liiga kiire', satisfaction: 4, lang: 'en' })]);
      expect((await myTraining(db, me)).feedbackGiven).toEqual([day1]);
      // not a member of the group: 404, nothing stored (even with a bad answer)
      expect((await fails(answerDay(db, hashIdcode(KEY, memberIdcode(999, 9)), day1, { satisfaction: 5, ease: 5 }, 'et'))).status).toBe(404);
      expect((await fails(answerDay(db, hashIdcode(KEY, memberIdcode(999, 9)), day1, { satisfaction: 9 }, 'et'))).status).toBe(404);
      expect((await fails(answerDay(db, me, 'not-a-day', { satisfaction: 5, ease: 5 }, 'et'))).status).toBe(404);
      // the feedback survey's validation and field errors
      expect((await fails(answerDay(db, me, day1, { satisfaction: 6, ease: '', wentWell: ['ease'], wentBadly: ['ease'] }, 'et'))).fields).toEqual(['satisfaction', 'ease', 'wentBadly']);
      expect((await groupRoster(db, groupId))!.feedback[0]!.responses).toBe(1);
    } finally {
      setClock('2026-12-10T10:00:00+02:00');
    }
  });
});

describe(`training: reminders and events (${engine})`, () => {
  it('reminds each group’s confirmed teams once, the programme’s days before the first day', async () => {
    const { groupId } = await programmeWithGroup(db, { firstDay: '2027-03-10', deadline: new Date('2027-03-01T00:00:00Z') });
    await registerTeam(db, KEY, A, teamInput(groupId, 1, 400, 3), FIXTURE_ACTOR);
    setClock('2027-03-06T08:00:00+02:00');
    try {
      expect(await sendReminders(db)).toBe(0);
      setClock('2027-03-07T08:00:00+02:00');
      expect(await sendReminders(db)).toBeGreaterThanOrEqual(1);
      expect(await sendReminders(db)).toBe(0);
      const mails = (await listMail(db, { to: 'liige400@vald.ee' })).filter((m) => m.kind === 'training.reminder');
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toContain('10.03.2027');
    } finally {
      setClock('2026-12-10T10:00:00+02:00');
    }
  });

  it('an official registers for a seminar once, within capacity, and the coordinator marks attendance', async () => {
    const id = await createEvent(
      db,
      { kind: 'seminar', title: 'Seminar', description: '', startsAt: new Date('2027-01-20T10:00:00Z'), place: 'Tallinn', url: '', capacity: 1, deadline: new Date('2027-01-15T10:00:00Z') },
      FIXTURE_ACTOR,
    );
    expect((await fails(createEvent(db, { kind: 'webinar', title: 'W', description: '', startsAt: null, place: '', url: 'http://x', capacity: 0, deadline: null }, FIXTURE_ACTOR))).fields).toEqual([
      'startsAt',
      'deadline',
      'url',
      'capacity',
    ]);
    const who = { personId: '0190f000-0000-7000-8000-000000000001', idcodeHash: 'h1', name: 'Mari Maasikas' };
    await registerForEvent(db, who, id, 'mari@vald.ee');
    await registerForEvent(db, who, id, 'mari@vald.ee');
    expect((await fails(registerForEvent(db, { ...who, personId: '0190f000-0000-7000-8000-000000000002', idcodeHash: 'h2' }, id, 'x@vald.ee'))).reasons[0]).toBe('training.error.full');
    expect(await saveEventAttendance(db, id, new Set([who.personId]), FIXTURE_ACTOR)).toBe(1);
    expect((await eventRoster(db, id))!.people).toEqual([{ personId: who.personId, name: 'Mari Maasikas', attended: true }]);
    expect((await myTraining(db, 'h1')).events.map((e) => [e.id, e.attended])).toEqual([[id, true]]);
  });
});
