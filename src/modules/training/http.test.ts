// The training pages and API over HTTP (app.inject, real sessions and CSRF) on PGlite and
// (TEST_DATABASE_URL) PostgreSQL: the public list, a KOV's training contact registers a team (errors
// back on the form, never the ID codes), the coordinator creates a programme and a group, the trainer
// marks attendance until a certificate is issued, the public check shows it valid (name, programme,
// date; no ID code), a member sees it on her page, answers a day's survey (figures in the roster) and
// checks in. Refusals: anonymous, a resident, another KOV's admin, a trainer of another group, a
// non-member on a day's survey.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import type { Agent } from '../../../test/helpers.js';
import { closeTest, csrfFrom, engine, grantRoles, signInAll, twoKovApp } from '../../../test/helpers.js';
import { programmeWithGroup } from './fixtures.js';
import { addTrainer, groupRoster } from './service.js';
import { FIXTURE_ACTOR } from './fixtures.js';

const A = '0784';
const B = '0793';
const CONTACT = withCheckDigit('4800101011');
const OTHER_ADMIN = withCheckDigit('3800303033');
const RESIDENT = withCheckDigit('4800404044');
const COORD = withCheckDigit('3800505055');
const TRAINER = withCheckDigit('3800606066');
const MEMBER = withCheckDigit('4900707077');
let db: Db;
let app: FastifyInstance;
const as = {} as Record<'contact' | 'other' | 'resident' | 'coord' | 'trainer' | 'member', Agent>;
let groupId: string;
let otherGroupId: string;

beforeAll(async () => {
  ({ db, app } = await twoKovApp('2026-12-10T10:00:00+02:00', A, B));
  await grantRoles(db, app.config.idcodeHmacKey, [
    [A, CONTACT, 'training-contact'],
    [B, OTHER_ADMIN, 'kov-admin'],
    [null, COORD, 'training-coordinator'],
    [null, TRAINER, 'training-trainer'],
  ]);
  Object.assign(
    as,
    await signInAll(app, db, { contact: [CONTACT, 'Kati'], other: [OTHER_ADMIN, 'Toomas'], resident: [RESIDENT, 'Liis'], coord: [COORD, 'Kaia'], trainer: [TRAINER, 'Tiit'], member: [MEMBER, 'Maria'] }),
  );
  ({ groupId } = await programmeWithGroup(db, { firstDay: '2027-01-12' }));
  ({ groupId: otherGroupId } = await programmeWithGroup(db, { firstDay: '2027-01-13', region: 'Tartu' }));
  await addTrainer(db, app.config.idcodeHmacKey, groupId, TRAINER, 'Tiit Test', FIXTURE_ACTOR);
});
afterAll(() => closeTest(app, db));

const admin = `/kov/${A}/training/admin`;

describe(`training pages (${engine})`, () => {
  it('the public list shows programmes, groups with free places and the header link; the API lists them too', async () => {
    const r = await app.inject({ url: '/training' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<h1>Koolitused ja üritused</h1>');
    expect(r.body).toContain('35 vaba kohta 35-st');
    expect(r.body).toContain('href="/training"');
    expect((await app.inject({ url: `/training/groups/${groupId}` })).statusCode).toBe(200);
    expect((await app.inject({ url: `/kov/${A}/training` })).statusCode).toBe(200);
    const api = await app.inject({ url: '/api/v1/training/programmes' });
    expect(api.statusCode).toBe(200);
    expect(api.json().items[0].groups[0]).toMatchObject({ capacity: 35, free: 35 });
  });

  it('refuses anonymous callers, residents and another KOV’s admin on the KOV’s pages and API', async () => {
    expect((await app.inject({ url: admin })).statusCode).toBe(401);
    expect((await as.resident.get(admin)).statusCode).toBe(403);
    expect((await as.other.get(admin)).statusCode).toBe(403);
    expect((await as.other.get(`${admin}/register`)).statusCode).toBe(403);
    const token = csrfFrom((await as.other.get(`/kov/${B}/training/admin`)).body);
    const post = await as.other.req({ method: 'POST', url: `${admin}/register`, form: { _csrf: token, groupId, problem: 'x', contactEmail: 'a@b.ee', 'members.0.name': 'X', 'members.0.idcode': MEMBER } });
    expect(post.statusCode).toBe(403);
    expect([401, 403]).toContain((await app.inject({ method: 'POST', url: `/api/v1/kov/${A}/training/teams`, payload: {} })).statusCode);
    expect((await as.resident.get(`/api/v1/kov/${A}/training/teams`)).statusCode).toBe(403);
    expect((await as.resident.get('/training/admin')).statusCode).toBe(403);
    expect((await as.resident.get(`/training/admin/groups/${groupId}`)).statusCode).toBe(403);
    expect((await as.trainer.get(`/training/admin/groups/${otherGroupId}`)).statusCode).toBe(403);
    expect((await app.inject({ url: '/training/my' })).statusCode).toBe(401);
  });

  it('the training contact registers a team: errors come back on the form without the ID codes; then it is listed', async () => {
    const page = await as.contact.get(`${admin}/register?group=${groupId}`);
    expect(page.statusCode).toBe(200);
    const token = csrfFrom(page.body);
    const bad = await as.contact.req({ method: 'POST', url: `${admin}/register`, form: { _csrf: token, groupId, problem: '', contactEmail: 'x', 'members.0.name': 'Maria', 'members.0.idcode': '49007070770' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).not.toContain('49007070770');
    const ok = await as.contact.req({
      method: 'POST',
      url: `${admin}/register`,
      form: { _csrf: token, groupId, problem: 'Hooldajatoetuse taotlemine', contactEmail: 'kontakt@tallinn.ee', 'members.0.name': 'Maria Test', 'members.0.idcode': MEMBER, 'members.0.email': 'maria@tallinn.ee' },
    });
    expect(ok.statusCode).toBe(303);
    const list = await as.contact.get(admin);
    expect(list.body).toContain('Hooldajatoetuse taotlemine');
    expect(list.body).toContain('Kinnitatud');
    expect(list.body).not.toContain(MEMBER);
    const dash = await as.contact.get('/me');
    expect(dash.body).toContain(`href="/kov/${A}/training/admin"`);
    // a member without any role finds her own training page on /me too
    const own = await as.member.get('/me');
    expect(own.body).toContain('href="/training/my"');
    expect(own.body).toContain('Minu koolitused');
  });

  it('the coordinator creates a programme and a group through the forms', async () => {
    const page = await as.coord.get('/training/admin/programmes/new');
    expect(page.statusCode).toBe(200);
    const token = csrfFrom(page.body);
    const r = await as.coord.req({
      method: 'POST',
      url: '/training/admin/programmes/new',
      form: { _csrf: token, code: 'andmekaitse', 'name.et': 'Andmekaitse', 'name.en': 'Data protection', 'name.ru': '', contactDays: '2', minDays: '2', academicHours: '16', elearningHours: '0', minElearningHours: '0', reminderDays: '2' },
    });
    expect(r.statusCode).toBe(303);
    const gpage = await as.coord.get('/training/admin/groups/new');
    const programmeId = /<option value="([0-9a-f-]{36})"[^>]*>Andmekaitse</.exec(gpage.body)![1]!;
    const g = await as.coord.req({
      method: 'POST',
      url: '/training/admin/groups/new',
      form: { _csrf: token, programmeId, region: 'Pärnu', place: 'Suur-Sepa 16', capacity: '20', deadline: '2027-02-01T16:00', dates: '09.02.2027, 16.02.2027' },
    });
    expect(g.statusCode).toBe(303);
    const roster = await as.coord.get(g.headers.location as string);
    expect(roster.statusCode).toBe(200);
    expect(roster.body).toContain('Pärnu');
    const wrong = await as.coord.req({ method: 'POST', url: '/training/admin/groups/new', form: { _csrf: token, programmeId, region: 'Pärnu', place: 'x', capacity: '20', deadline: '2027-02-01T16:00', dates: '09.02.2027' } });
    expect(wrong.statusCode).toBe(400);
  });

  it('the trainer marks attendance until a certificate is issued; the public check shows it valid; the member sees it', async () => {
    const page = await as.trainer.get(`/training/admin/groups/${groupId}`);
    expect(page.statusCode).toBe(200);
    const roster = (await groupRoster(db, groupId))!;
    expect(page.body).toContain(roster.checkinCodes[0]!.code);
    const m = roster.members[0]!;
    const days = roster.detail.days.map((d) => d.id);
    const body = new URLSearchParams({ _csrf: csrfFrom(page.body), [`elearning.${m.id}`]: '8' });
    for (const d of days.slice(0, 4)) body.append(`day.${m.id}`, d);
    const r = await as.trainer.req({ method: 'POST', url: `/training/admin/groups/${groupId}/attendance`, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.statusCode).toBe(303);
    const code = (await groupRoster(db, groupId))!.members[0]!.certificateCode!;
    expect(code).toMatch(/^[A-Z0-9]{12}$/);
    const check = await app.inject({ url: `/training/certificates/${code}` });
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Tunnistus on kehtiv.');
    expect(check.body).toContain('Maria Test');
    expect(check.body).toContain('Ametnikust teenuseomanikuks');
    expect(check.body).not.toContain(MEMBER);
    const pdf = await app.inject({ url: `/training/certificates/${code}/pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await app.inject({ url: '/training/certificates/ZZZZZZZZZZZZ' })).statusCode).toBe(404);
    const my = await as.member.get('/training/my');
    expect(my.statusCode).toBe(200);
    expect(my.body).toContain(`/training/certificates/${code}`);
  });

  it('a member answers a day’s survey (the feedback module’s questions); a non-member gets 404; the roster shows the figures', async () => {
    const day1 = (await groupRoster(db, groupId))!.detail.days[0]!.id;
    const url = `/training/my/days/${day1}/feedback`;
    const my = await as.member.get('/training/my');
    expect(my.body).toContain(`href="${url}"`);
    const page = await as.member.get(url);
    expect(page.statusCode).toBe(200);
    for (const name of ['satisfaction', 'ease', 'wentWell', 'wentBadly', 'comment']) expect(page.body).toContain(`name="${name}"`);
    expect(page.body).toContain('/static/css/feedback.css');
    const token = csrfFrom(page.body);
    const post = (form: [string, string][]) =>
      as.member.req({ method: 'POST', url, payload: new URLSearchParams([['_csrf', token], ...form]).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    // an error round keeps the values (both ticked drivers) and names the fields
    const bad = await post([['satisfaction', '4'], ['wentWell', 'trust'], ['wentWell', 'ease'], ['comment', 'Hea päev']]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('href="#f-ease"');
    expect(bad.body).toMatch(/value="trust"[^>]*checked/);
    expect(bad.body).toMatch(/value="ease"[^>]*checked/);
    expect(bad.body).toMatch(/name="satisfaction" value="4"[^>]*checked/);
    expect(bad.body).toContain('Hea päev</textarea>');
    const ok = await post([['satisfaction', '4'], ['ease', '5'], ['wentWell', 'trust'], ['wentWell', 'ease'], ['wentBadly', 'efficiency'], ['comment', 'Hea päev, veidi kiire']]);
    expect(ok.statusCode).toBe(303);
    expect((await as.member.get('/training/my')).body).not.toContain(`href="${url}"`);
    // not a member of the group: 404 (page and answer)
    expect((await as.resident.get(url)).statusCode).toBe(404);
    const r = await as.resident.req({ method: 'POST', url, form: { _csrf: csrfFrom((await as.resident.get('/training/my')).body), satisfaction: '1', ease: '1' } });
    expect(r.statusCode).toBe(404);
    const f = (await groupRoster(db, groupId))!.feedback.find((x) => x.subjectId === day1)!;
    expect(f).toMatchObject({ responses: 1, satisfactionAverage: 4, csat: 1, easeAverage: 5, wentWell: { trust: 1, ease: 1 }, wentBadly: { efficiency: 1 } });
    // the roster (the coordinator's and the group's trainers' only) shows the figures and the comment
    const roster = await as.trainer.get(`/training/admin/groups/${groupId}`);
    expect(roster.body).toContain('Päevade tagasiside');
    expect(roster.body).toContain('<dd>100 %</dd>');
    expect(roster.body).toContain('Hea päev, veidi kiire');
    expect((await as.coord.get(`/training/admin/groups/${groupId}`)).body).toContain('Hea päev, veidi kiire');
    expect((await as.resident.get(`/training/admin/groups/${groupId}`)).statusCode).toBe(403);
  });

  it('a member checks in with the day’s code on that day; the trainer’s API takes marks as JSON', async () => {
    const roster = (await groupRoster(db, groupId))!;
    setClock('2027-03-09T09:30:00+02:00', { ticking: true });
    try {
      // (a session from December has ended by February: she signs in on the day)
      const member = (await signInAll(app, db, { member: [MEMBER, 'Maria'] })).member;
      const page = await member.get('/training/my');
      const token = csrfFrom(page.body);
      // day 4's code is not valid on day 5
      if (roster.checkinCodes[3]!.code !== roster.checkinCodes[4]!.code) {
        expect((await member.req({ method: 'POST', url: '/training/my/checkin', form: { _csrf: token, code: roster.checkinCodes[3]!.code } })).statusCode).toBe(400);
      }
      const r = await member.req({ method: 'POST', url: '/training/my/checkin', form: { _csrf: token, code: roster.checkinCodes[4]!.code } });
      expect(r.statusCode).toBe(303);
    } finally {
      setClock('2026-12-10T10:00:00+02:00', { ticking: true });
    }
    const page = await as.trainer.get(`/training/admin/groups/${groupId}`);
    const m = roster.members[0]!;
    expect((await groupRoster(db, groupId))!.members[0]!.days).toHaveLength(5);
    const api = await as.trainer.req({
      method: 'PUT',
      url: `/api/v1/training/groups/${groupId}/attendance`,
      payload: JSON.stringify({ members: [{ memberId: m.id, days: [1, 2, 3, 5] }] }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfFrom(page.body) },
    });
    expect(api.statusCode).toBe(200);
    expect(api.json()).toEqual({ marked: 0, unmarked: 1, certificates: 0 });
    expect((await groupRoster(db, groupId))!.members[0]!.days).toHaveLength(4);
    expect((await as.resident.req({ method: 'PUT', url: `/api/v1/training/groups/${groupId}/attendance`, payload: JSON.stringify({ members: [] }), headers: { 'content-type': 'application/json', 'x-csrf-token': csrfFrom((await as.resident.get('/training/my')).body) } })).statusCode).toBe(403);
  });
});
