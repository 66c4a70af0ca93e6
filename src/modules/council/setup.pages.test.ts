// The council's set-up pages over HTTP (app.inject, real sessions and CSRF), on PGlite and
// (TEST_DATABASE_URL) PostgreSQL: a KOV admin (and a council secretary) sets up the council, people,
// a member and a substitute, a draft with a document (multipart upload, a new version, download with
// Content-Disposition), a sitting with an agenda that is reordered and published; errors come back
// on the form; a member proposes an amendment on the draft's page; the public pages in et/en/ru.
// A resident, another KOV's admin and an anonymous caller are refused.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateToTallinnLocal, nowMs } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import type { Agent } from '../../../test/helpers.js';
import { asOwner, csrfFrom, csrfTokenOf, engine, grantRoles, signInAll, tenantSnapshot, twoKovApp } from '../../../test/helpers.js';
import { tinyDocx, tinyPdf } from './demo.js';
import { COUNCIL_KOV, OTHER_KOV } from './fixtures.js';

const A = COUNCIL_KOV;
const B = OTHER_KOV;
const ADMIN = withCheckDigit('3800101001');
const SECRETARY = withCheckDigit('4800202002');
const OTHER_ADMIN = withCheckDigit('3800303003');
const RESIDENT = withCheckDigit('4800404004');
const MEMBER = withCheckDigit('3750505005');
const SUB = withCheckDigit('4750606006');
const DAY = 86_400_000;

let db: Db;
let app: FastifyInstance;
const as = {} as Record<'admin' | 'secretary' | 'other' | 'resident' | 'member' | 'sub', Agent>;

function multipart(token: string | null, fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer } | null) {
  const b = '----council-test-boundary';
  const parts: Buffer[] = [];
  if (token) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`));
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${b}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

const idFrom = (location: string | undefined) => /\/([0-9a-f-]{36})$/.exec(location ?? '')![1]!;

beforeAll(async () => {
  ({ db, app } = await twoKovApp('2026-12-01T10:00:00+02:00', A, B, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } }));
  await grantRoles(db, app.config.idcodeHmacKey, [[A, ADMIN, 'kov-admin'], [A, SECRETARY, 'council-secretary'], [B, OTHER_ADMIN, 'kov-admin']]);
  Object.assign(as, await signInAll(app, db, { admin: [ADMIN, 'Jaan'], secretary: [SECRETARY, 'Sirje'], other: [OTHER_ADMIN, 'Toomas'], resident: [RESIDENT, 'Liis'], member: [MEMBER, 'Mart'], sub: [SUB, 'Signe'] }));
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`council set-up pages (${engine})`, () => {
  const admin = `/kov/${A}/council/admin`;
  let councilId: string;
  let draftId: string;
  let sittingId: string;

  it('only the KOV’s admin or council secretary reaches the admin pages', async () => {
    expect((await app.inject({ url: admin })).statusCode).toBe(401);
    expect((await as.resident.get(admin)).statusCode).toBe(403);
    expect((await as.other.get(admin)).statusCode).toBe(403);
    expect((await as.secretary.get(admin)).statusCode).toBe(200);
    const page = await as.admin.get(`${admin}?lang=en`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Council administration</h1>');
    // a resident cannot set up, even with a valid CSRF token of her own
    const before = await tenantSnapshot(db, A);
    const token = await csrfTokenOf(as.resident);
    expect((await as.resident.req({ method: 'POST', url: `${admin}/bodies`, form: { _csrf: token, bodyKind: 'council', bodyName: 'Volikogu', seats: '15' } })).statusCode).toBe(403);
    const otherToken = csrfFrom((await as.other.get(`/kov/${B}/council/admin`)).body);
    expect((await as.other.req({ method: 'POST', url: `${admin}/bodies`, form: { _csrf: otherToken, bodyKind: 'council', bodyName: 'Volikogu', seats: '15' } })).statusCode).toBe(403);
    expect(await tenantSnapshot(db, A)).toEqual(before);
  });

  it('the council, people, a member and a substitute through the forms; errors on the form', async () => {
    const bad = await as.admin.postForm(admin, `${admin}/bodies`, { bodyKind: 'council', bodyName: '', seats: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
    expect(bad.body).toContain('href="#f-bodyName"');
    expect(bad.body).toContain('href="#f-seats"');
    expect((await as.admin.postForm(admin, `${admin}/bodies`, { bodyKind: 'council', bodyName: 'Tallinna Linnavolikogu', seats: '15' })).statusCode).toBe(303);
    expect((await as.secretary.postForm(admin, `${admin}/bodies`, { bodyKind: 'commission', bodyName: 'Eelarvekomisjon', seats: '5' })).statusCode).toBe(303);
    const bodies = await asOwner(db, (t) => t.query<{ id: string; kind: string }>('SELECT id, kind FROM council_body WHERE kov_code = $1 ORDER BY kind', [A]));
    councilId = bodies.find((b) => b.kind === 'council')!.id;
    const badPerson = await as.admin.postForm(admin, `${admin}/people`, { personName: 'Mart Liige', idcode: '123' });
    expect(badPerson.statusCode).toBe(400);
    expect(badPerson.body).toContain('href="#f-idcode"');
    expect((await as.admin.postForm(admin, `${admin}/people`, { personName: 'Mart Liige', idcode: MEMBER, email: 'mart@example.ee' })).statusCode).toBe(303);
    expect((await as.admin.postForm(admin, `${admin}/people`, { personName: 'Signe Asendaja', idcode: SUB })).statusCode).toBe(303);
    const list = await as.admin.get(`${admin}?lang=en`);
    expect(list.body).toContain(`•••••••${MEMBER.slice(-4)}`);
    expect(list.body).not.toContain(MEMBER);
    const people = await asOwner(db, (t) => t.query<{ id: string; name: string }>('SELECT id, name FROM council_person WHERE kov_code = $1', [A]));
    const mart = people.find((p) => p.name === 'Mart Liige')!.id;
    const signe = people.find((p) => p.name === 'Signe Asendaja')!.id;
    const bodyPage = `${admin}/bodies/${councilId}`;
    expect((await as.admin.postForm(bodyPage, `${bodyPage}/memberships`, { personId: mart, role: 'member', faction: 'Isamaa', votingRight: 'yes', starts: '2025-11-01', ends: '', substituteFor: '' })).statusCode).toBe(303);
    const ms = await asOwner(db, (t) => t.one<{ id: string }>('SELECT id FROM council_membership WHERE person_id = $1', [mart]));
    // a substitute outside the member's period: the error on the form
    const early = await as.admin.postForm(bodyPage, `${bodyPage}/memberships`, { personId: signe, role: 'member', faction: 'Isamaa', votingRight: 'yes', starts: '2025-01-01', ends: '', substituteFor: ms!.id });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('href="#f-starts"');
    const to = new Date(nowMs() + 30 * DAY).toISOString().slice(0, 10);
    expect((await as.admin.postForm(bodyPage, `${bodyPage}/memberships`, { personId: signe, role: 'member', faction: 'Isamaa', votingRight: 'yes', starts: '2026-12-01', ends: to, substituteFor: ms!.id })).statusCode).toBe(303);
    const page = await as.admin.get(`${bodyPage}?lang=en`);
    expect(page.body).toContain('substitute (for Mart Liige)');
    // ending Mart's term (at its end): a bad date first
    const badEnd = await as.admin.postForm(bodyPage, `${admin}/memberships/${ms!.id}/end`, { ends: '31.12.2029' });
    expect(badEnd.statusCode).toBe(400);
    expect(badEnd.body).toContain(`href="#f-end-${ms!.id}"`);
    expect((await as.admin.postForm(bodyPage, `${admin}/memberships/${ms!.id}/end`, { ends: '2029-10-31' })).statusCode).toBe(303);
    expect((await as.other.postForm(`/kov/${B}/council/admin`, `${admin}/memberships/${ms!.id}/end`, { ends: '2029-10-31' })).statusCode).toBe(403);
    // the public page shows the substitute in the seat today
    const pub = await app.inject({ url: `/kov/${A}/council?lang=en` });
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('Signe Asendaja');
    expect(pub.body).toContain('substitute (for Mart Liige)');
  });

  it('a draft with documents: upload (multipart, CSRF), a new version, errors, download', async () => {
    const created = await as.admin.postForm(admin, `${admin}/drafts`, { draftBody: councilId, number: '1-3/7', title: 'Eelarve 2027', draftKind: 'regulation', presenter: 'Linnavalitsus', summary: 'Linna eelarve' });
    expect(created.statusCode).toBe(303);
    draftId = idFrom(created.headers.location as string);
    const page = `${admin}/drafts/${draftId}`;
    const html = (await as.admin.get(page)).body;
    expect(html).toContain('enctype="multipart/form-data"');
    const token = csrfFrom(html);
    const up = (agent: Agent, tok: string | null, fields: Record<string, string>, file: Parameters<typeof multipart>[2]) => {
      const m = multipart(tok, fields, file);
      return agent.req({ method: 'POST', url: `${page}/files`, payload: m.payload, headers: m.headers });
    };
    const pdf = { name: 'Eelnõu.pdf', type: 'application/pdf', bytes: tinyPdf('v1') };
    expect((await up(as.admin, null, {}, pdf)).statusCode).toBe(403); // no CSRF token
    expect((await up(as.resident, token, {}, pdf)).statusCode).toBe(403);
    const wrong = await up(as.admin, token, {}, { name: 'x.pdf', type: 'application/pdf', bytes: Buffer.from('<html>not a pdf</html>') });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#f-file"');
    expect((await up(as.admin, token, {}, pdf)).statusCode).toBe(303);
    const first = await asOwner(db, (t) => t.one<{ id: string; document_id: string }>('SELECT id, document_id FROM council_file WHERE draft_id = $1', [draftId]));
    expect((await up(as.admin, token, { documentId: first!.document_id }, { name: 'Eelnõu v2.pdf', type: 'application/octet-stream', bytes: tinyPdf('v2') })).statusCode).toBe(303);
    expect((await up(as.secretary, csrfFrom((await as.secretary.get(page)).body), {}, { name: 'seletuskiri.docx', type: 'application/octet-stream', bytes: tinyDocx('seletus') })).statusCode).toBe(303);
    const files = await asOwner(db, (t) => t.query<{ id: string; version: number; media_type: string }>('SELECT id, version, media_type FROM council_file WHERE draft_id = $1 ORDER BY uploaded_at, version', [draftId]));
    expect(files.map((f) => f.version)).toEqual([1, 2, 1]);
    // not public yet: the public cannot download; the official can
    expect((await app.inject({ url: `/kov/${A}/council/files/${files[1]!.id}` })).statusCode).toBe(404);
    const dl = await as.admin.get(`/kov/${A}/council/files/${files[1]!.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="Eeln_u v2.pdf"; filename*=UTF-8''${encodeURIComponent('Eelnõu v2.pdf')}`);
    expect(dl.rawPayload.toString('latin1')).toContain('(v2)');
    // an opinion and the status (submitted makes it public)
    expect((await as.admin.postForm(page, `${page}/opinions`, { opinionBody: 'x', opinion: '', decidedOn: '' })).statusCode).toBe(400);
    const com = await asOwner(db, (t) => t.one<{ id: string }>("SELECT id FROM council_body WHERE kov_code = $1 AND kind = 'commission'", [A]));
    expect((await as.admin.postForm(page, `${page}/opinions`, { opinionBody: com!.id, opinion: 'Toetada', decidedOn: '2026-11-30' })).statusCode).toBe(303);
    expect((await as.admin.postForm(page, `${page}/status`, { status: 'submitted' })).statusCode).toBe(303);
    expect((await app.inject({ url: `/kov/${A}/council/files/${files[1]!.id}` })).statusCode).toBe(200);
  });

  it('a member proposes an amendment on the draft’s page; others cannot; the proposer withdraws hers', async () => {
    const page = `/kov/${A}/council/drafts/${draftId}`;
    // today the substitute holds Mart's seat: Signe may propose, Mart may not
    const mart = await as.member.get(`${page}?lang=en`);
    expect(mart.statusCode).toBe(200);
    expect(mart.body).not.toContain('Propose an amendment</h2>');
    const signePage = await as.sub.get(`${page}?lang=en`);
    expect(signePage.body).toContain('Propose an amendment</h2>');
    const empty = await as.sub.postForm(page, `${page}/amendments`, { text: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#f-text"');
    const refused = await as.member.postForm(`${page}?lang=en`, `${page}/amendments`, { text: 'Muuta § 1' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Only members with voting right may propose amendments.');
    expect((await as.resident.postForm(page, `${page}/amendments`, { text: 'Muuta § 1' })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `${page}/amendments`, payload: 'text=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(403); // no CSRF
    expect((await as.sub.postForm(page, `${page}/amendments`, { text: 'Muuta § 2 lõiget 3' })).statusCode).toBe(303);
    const pub = await app.inject({ url: `${page}?lang=en` });
    expect(pub.body).toContain('Muuta § 2 lõiget 3');
    expect(pub.body).toContain('Signe Asendaja');
    expect(pub.body).toContain('Toetada');
    const a = await asOwner(db, (t) => t.one<{ id: string }>('SELECT id FROM council_amendment WHERE draft_id = $1', [draftId]));
    expect((await as.member.postForm(page, `${page}/amendments/${a!.id}/withdraw`, {})).statusCode).toBe(404);
    expect((await as.sub.postForm(page, `${page}/amendments/${a!.id}/withdraw`, {})).statusCode).toBe(303);
    expect((await app.inject({ url: `${page}?lang=en` })).body).toContain('(withdrawn)');
  });

  it('a sitting: created, agenda added and reordered, a late notice refused, published; the public sees it in et/en/ru', async () => {
    const soon = dateToTallinnLocal(new Date(nowMs() + 3 * DAY));
    const bad = await as.admin.postForm(admin, `${admin}/sittings`, { sittingBody: councilId, sittingKind: 'regular', mode: 'hybrid', startsAt: 'nope', place: '', videoUrl: '' });
    expect(bad.statusCode).toBe(400);
    for (const f of ['startsAt', 'place', 'videoUrl']) expect(bad.body).toContain(`href="#f-${f}"`);
    const lateOne = await as.admin.postForm(admin, `${admin}/sittings`, { sittingBody: councilId, sittingKind: 'regular', mode: 'room', startsAt: soon, place: 'Raekoda' });
    expect(lateOne.statusCode).toBe(303);
    const lateId = idFrom(lateOne.headers.location as string);
    const latePage = `${admin}/sittings/${lateId}`;
    expect((await as.admin.postForm(latePage, `${latePage}/items`, { title: 'Info', draftId: '', public: 'yes' })).statusCode).toBe(303);
    const late = await as.admin.postForm(`${latePage}?lang=en`, `${latePage}/publish`, {});
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('at least 7 days before the sitting (KOKS § 44)');
    // moved later (errors on the form first), it goes out in time
    const badEdit = await as.admin.postForm(latePage, `${latePage}/edit`, { sittingKind: 'regular', mode: 'online', startsAt: soon, place: '', videoUrl: '' });
    expect(badEdit.statusCode).toBe(400);
    expect(badEdit.body).toContain('href="#f-videoUrl"');
    expect((await as.admin.postForm(latePage, `${latePage}/edit`, { sittingKind: 'regular', mode: 'room', startsAt: dateToTallinnLocal(new Date(nowMs() + 9 * DAY)), place: 'Raekoda' })).statusCode).toBe(303);
    expect((await as.admin.postForm(latePage, `${latePage}/publish`, {})).statusCode).toBe(303);
    // after the notice a change needs its reason (the notice history: setup.api.test.ts)
    const fixed = await as.admin.postForm(`${latePage}?lang=en`, `${latePage}/edit`, { sittingKind: 'regular', mode: 'room', startsAt: dateToTallinnLocal(new Date(nowMs() + 9 * DAY)), place: 'Mujal' });
    expect(fixed.statusCode).toBe(400);
    expect(fixed.body).toContain('The notice is published: give the reason for the change.');

    const later = dateToTallinnLocal(new Date(nowMs() + 14 * DAY));
    const made = await as.secretary.postForm(admin, `${admin}/sittings`, { sittingBody: councilId, sittingKind: 'regular', mode: 'hybrid', startsAt: later, place: 'Raekoja saal', videoUrl: 'https://video.example/tlv' });
    sittingId = idFrom(made.headers.location as string);
    const sp = `${admin}/sittings/${sittingId}`;
    expect((await as.admin.postForm(sp, `${sp}/items`, { title: '', draftId: '', public: 'yes' })).statusCode).toBe(400);
    for (const title of ['Eelarve 2027', 'Info', 'Arupärimine']) {
      expect((await as.admin.postForm(sp, `${sp}/items`, { title, draftId: title === 'Eelarve 2027' ? draftId : '', public: 'yes' })).statusCode).toBe(303);
    }
    const items = await asOwner(db, (t) => t.query<{ id: string; title: string }>('SELECT id, title FROM council_item WHERE sitting_id = $1 ORDER BY position', [sittingId]));
    expect((await as.admin.postForm(sp, `${sp}/items/${items[2]!.id}/move`, { dir: 'up' })).statusCode).toBe(303);
    expect((await as.admin.postForm(sp, `${sp}/items/${items[1]!.id}/remove`, {})).statusCode).toBe(303);
    // planned: not public yet
    expect((await app.inject({ url: `/kov/${A}/council/sittings/${sittingId}` })).statusCode).toBe(404);
    expect((await as.admin.postForm(sp, `${sp}/publish`, {})).statusCode).toBe(303);
    const m = multipart(csrfFrom((await as.admin.get(sp)).body), {}, { name: 'kutse.pdf', type: 'application/pdf', bytes: tinyPdf('kutse') });
    expect((await as.admin.req({ method: 'POST', url: `${sp}/files`, payload: m.payload, headers: m.headers })).statusCode).toBe(303);
    for (const [lang, text] of [
      ['et', 'Päevakord'],
      ['en', 'Agenda'],
      ['ru', 'Повестка дня'],
    ] as const) {
      const pub = await app.inject({ url: `/kov/${A}/council/sittings/${sittingId}?lang=${lang}` });
      expect(pub.statusCode).toBe(200);
      expect(pub.body).toContain(text);
      expect(pub.body.indexOf('Eelarve 2027')).toBeLessThan(pub.body.indexOf('Arupärimine'));
      expect(pub.body).not.toContain('>Info<');
      expect(pub.body).toContain('kutse.pdf');
    }
    const council = await app.inject({ url: `/kov/${A}/council?lang=en` });
    expect(council.body).toContain(`/kov/${A}/council/sittings/${sittingId}`);
    const all = await app.inject({ url: '/council?lang=en' });
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain(`href="/kov/${A}/council"`);
    // after the notice, agenda changes are audited as such
    const audit = await asOwner(db, (t) => t.query<{ action: string }>("SELECT action FROM core_audit WHERE kov_code = $1 AND action LIKE 'council.%'", [A]));
    expect(new Set(audit.map((x) => x.action))).toEqual(
      new Set(['council.body.create', 'council.person.add', 'council.membership.add', 'council.membership.substitute', 'council.membership.end', 'council.draft.create', 'council.file.upload', 'council.opinion.set', 'council.draft.status', 'council.amendment.propose', 'council.amendment.withdraw', 'council.sitting.create', 'council.sitting.update', 'council.item.add', 'council.item.move', 'council.item.remove', 'council.notice.publish']),
    );
  });

  it('another KOV’s admin gets 403 on every admin page of this KOV; the nav and KOV pages lead here', async () => {
    for (const url of [admin, `${admin}/bodies/${councilId}`, `${admin}/drafts/${draftId}`, `${admin}/sittings/${sittingId}`]) {
      expect((await as.other.get(url)).statusCode).toBe(403);
      expect((await as.resident.get(url)).statusCode).toBe(403);
    }
    const front = await app.inject({ url: '/?lang=en' });
    expect(front.body).toContain('href="/council"');
    const kovPage = await app.inject({ url: `/kov/${A}?lang=en` });
    expect(kovPage.body).toContain(`href="/kov/${A}/council"`);
    const dash = await as.admin.get(`/kov/${A}/admin?lang=en`);
    expect(dash.body).toContain(`href="/kov/${A}/council/admin"`);
  });
});
