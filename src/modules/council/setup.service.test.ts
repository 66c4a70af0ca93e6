// The council's set-up part at the service level, on PGlite and (TEST_DATABASE_URL) PostgreSQL, with
// the kernel clock set: bodies, people, memberships and substitutes (who holds the seat on a day),
// drafts with document versions (type by magic bytes), opinions, members' amendments, sittings with
// an ordered agenda, the notice deadline (KOKS § 44) and KOV isolation. Every command is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { auditActionsOf } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { asOwner, engine, fails, testDb } from '../../../test/helpers.js';
import { COUNCIL_KOV, OTHER_KOV, councilWorld, memberIdcode, type CouncilWorld } from './fixtures.js';
import {
  DOCX,
  NOTICE_DAYS,
  PDF,
  addFile,
  addItem,
  addMembership,
  addPerson,
  createBody,
  createDraft,
  createSitting,
  endMembership,
  getDraft,
  getFile,
  getSitting,
  listSittings,
  membershipOf,
  moveItem,
  noticeDeadline,
  noticeInTime,
  proposeAmendment,
  publishNotice,
  removeItem,
  seatsOfSitting,
  seatsOn,
  setOpinion,
  sniffDocument,
  withdrawAmendment,
} from './service.js';
import { tinyDocx, tinyPdf } from './demo.js';

const KEY = 'test-idcode-key';
const A = COUNCIL_KOV;
const B = OTHER_KOV;
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test' };
const h = (code: string) => hashIdcode(KEY, code);
let db: Db;
let w: CouncilWorld;

beforeAll(async () => {
  setClock('2026-12-01T10:00:00+02:00');
  db = await testDb();
  w = await councilWorld(db, KEY, { members: 15, items: 0, startsAt: new Date('2027-01-14T14:00:00+02:00') });
  await councilWorld(db, KEY, { kov: B, members: 3, items: 1 });
});
afterAll(async () => {
  await db?.close();
});

describe(`council set-up: bodies, people, memberships (${engine})`, () => {
  it('one council per KOV; commissions under it; bad input names the fields', async () => {
    expect((await fails(createBody(db, A, { kind: 'council', name: 'Teine', seats: 5 }, SYSTEM))).reasons).toContain('council.error.councilExists');
    expect((await fails(createBody(db, '0198', { kind: 'commission', name: 'K', seats: 3 }, SYSTEM))).reasons).toContain('council.error.noCouncil');
    const bad = await fails(createBody(db, A, { kind: 'commission', name: '', seats: 0 }, SYSTEM));
    expect(bad.status).toBe(400);
    expect(bad.fields).toEqual(['name', 'seats']);
    const { id } = await createBody(db, A, { kind: 'commission', name: 'Revisjonikomisjon', seats: 3 }, SYSTEM);
    expect(id).toBeTruthy();
  });

  it('people: ID code kept as a keyed hash and a hint; duplicates refused', async () => {
    const code = memberIdcode(40);
    const { id } = await addPerson(db, A, KEY, { name: 'Asendus Liige', idcode: code, email: 'asendus@example.ee' }, SYSTEM);
    const row = await asOwner(db, (t) => t.one<{ idcode_hash: string; idcode_hint: string }>('SELECT idcode_hash, idcode_hint FROM council_person WHERE id = $1', [id]));
    expect(row).toEqual({ idcode_hash: h(code), idcode_hint: `•••••••${code.slice(-4)}` });
    expect((await fails(addPerson(db, A, KEY, { name: 'X', idcode: code }, SYSTEM))).reasons).toContain('council.error.personExists');
    expect((await fails(addPerson(db, A, KEY, { name: 'X', idcode: '12345678901', email: 'nope' }, SYSTEM))).fields).toEqual(['idcode', 'email']);
    // a presenter without an ID code is fine
    await addPerson(db, A, KEY, { name: 'Linnapea' }, SYSTEM);
    const audit = await asOwner(db, (t) => t.query<{ after: unknown }>("SELECT after FROM core_audit WHERE action = 'council.person.add'"));
    expect(JSON.stringify(audit)).not.toContain(code);
  });

  it('seats are limited; a substitute holds a member’s seat for a period inside hers, and the member does not vote then', async () => {
    const extra = await addPerson(db, A, KEY, { name: 'Kuueteistkümnes', idcode: memberIdcode(41) }, SYSTEM);
    // 15 seats, 15 members: no sixteenth
    expect((await fails(addMembership(db, A, { bodyId: w.councilId, personId: extra.id, role: 'member', votingRight: true, starts: '2026-12-01' }, SYSTEM))).reasons).toContain('council.error.seatsFull');
    // a second chair at the same time is refused
    const sub = await addPerson(db, A, KEY, { name: 'Asendaja Kolm', idcode: memberIdcode(42) }, SYSTEM);
    const member3 = w.members[2]!;
    const bad = await fails(addMembership(db, A, { bodyId: w.councilId, personId: sub.id, role: 'member', votingRight: true, starts: '2025-01-01', ends: '2027-01-31', substituteFor: member3.membershipId }, SYSTEM));
    expect(bad.reasons).toContain('council.error.substitutePeriod');
    const { id: subMs } = await addMembership(
      db,
      A,
      { bodyId: w.councilId, personId: sub.id, role: 'member', faction: 'Isamaa', votingRight: true, starts: '2027-01-01', ends: '2027-01-31', substituteFor: member3.membershipId },
      SYSTEM,
    );
    // a second substitute for the same time is refused
    expect((await fails(addMembership(db, A, { bodyId: w.councilId, personId: extra.id, role: 'member', votingRight: true, starts: '2027-01-15', ends: '2027-01-20', substituteFor: member3.membershipId }, SYSTEM))).reasons).toContain(
      'council.error.substituteTaken',
    );
    // before the substitution: the member holds the seat
    const before = await seatsOn(db, A, w.councilId, '2026-12-31');
    expect(before).toHaveLength(15);
    expect(before.find((s) => s.membershipId === member3.membershipId)).toBeTruthy();
    // during it: the substitute holds it (still 15 seats), the member has none
    const during = await seatsOn(db, A, w.councilId, '2027-01-14');
    expect(during).toHaveLength(15);
    expect(during.find((s) => s.membershipId === member3.membershipId)).toBeUndefined();
    expect(during.find((s) => s.membershipId === subMs)).toMatchObject({ name: 'Asendaja Kolm', substituteFor: member3.membershipId, replacedName: member3.name, faction: 'Isamaa' });
    expect(await membershipOf(db, A, h(member3.idcode), '2027-01-14')).toEqual([]);
    expect((await membershipOf(db, A, h(member3.idcode), '2026-12-31')).map((s) => s.bodyKind)).toEqual(['council']);
    expect((await membershipOf(db, A, h(memberIdcode(42)), '2027-01-14')).map((s) => s.membershipId)).toEqual([subMs]);
    expect(await membershipOf(db, A, h(memberIdcode(42)), '2027-02-01')).toEqual([]);
    // the fixture's sitting is on 2027-01-14: the substitute's seat counts there
    const atSitting = await seatsOfSitting(db, A, w.sittingId);
    expect(atSitting.seats.map((s) => s.membershipId)).toContain(subMs);
    expect(atSitting.seats.map((s) => s.membershipId)).not.toContain(member3.membershipId);
    expect(atSitting.body.seats).toBe(15);
    // the chair is member 1
    expect((await membershipOf(db, A, h(w.members[0]!.idcode)))[0]).toMatchObject({ role: 'chair', bodyName: 'Volikogu' });
  });

  it('ending a membership frees the seat from the next day, and ends a substitute’s seat with it', async () => {
    const m15 = w.members[14]!;
    await endMembership(db, A, m15.membershipId, '2027-02-28', SYSTEM);
    expect(await seatsOn(db, A, w.councilId, '2027-03-01')).toHaveLength(14);
    const next = await addPerson(db, A, KEY, { name: 'Uus Liige', idcode: memberIdcode(43) }, SYSTEM);
    await addMembership(db, A, { bodyId: w.councilId, personId: next.id, role: 'member', faction: 'Isamaa', votingRight: true, starts: '2027-03-01' }, SYSTEM);
    expect(await seatsOn(db, A, w.councilId, '2027-03-01')).toHaveLength(15);
    expect((await fails(endMembership(db, A, m15.membershipId, '2020-01-01', SYSTEM))).reasons).toContain('council.error.endsBeforeStarts');
  });
});

describe(`council set-up: drafts, documents, opinions, amendments (${engine})`, () => {
  let draftId: string;

  it('a draft with PDF/DOCX documents: the type by magic bytes, versions kept with one document id', async () => {
    expect(sniffDocument(tinyPdf('x'))).toBe(PDF);
    expect(sniffDocument(tinyDocx('x'))).toBe(DOCX);
    expect(sniffDocument(Buffer.from('PK\u0003\u0004 just a zip without word/ entries ....................'))).toBeNull();
    expect(sniffDocument(Buffer.from('<html>%PDF-'))).toBeNull();
    ({ id: draftId } = await createDraft(db, A, { bodyId: w.councilId, number: '1-3/12', title: 'Eelarve 2027', kind: 'regulation', presenter: 'Linnavalitsus', summary: 'Linna eelarve.' }, SYSTEM));
    expect((await fails(createDraft(db, A, { bodyId: w.councilId, number: '1-3/12', title: 'Teine', kind: 'decision', presenter: 'X' }, SYSTEM))).reasons).toContain('council.error.draftNumberTaken');
    const v1 = await addFile(db, A, { draftId }, { name: 'eelarve.pdf', bytes: tinyPdf('v1') }, SYSTEM);
    expect(v1).toMatchObject({ version: 1, documentId: v1.id });
    const v2 = await addFile(db, A, { draftId }, { name: '../../etc/Eelarve.PDF', bytes: tinyPdf('v2') }, SYSTEM, v1.documentId);
    expect(v2).toMatchObject({ version: 2, documentId: v1.documentId });
    await addFile(db, A, { draftId }, { name: 'seletuskiri', bytes: tinyDocx('seletuskiri') }, SYSTEM);
    expect((await fails(addFile(db, A, { draftId }, { name: 'x.pdf', bytes: Buffer.from('MZ not a pdf') }, SYSTEM))).reasons).toContain('council.error.fileType');
    expect((await fails(addFile(db, A, { draftId }, { name: 'x.pdf', bytes: Buffer.alloc(0) }, SYSTEM))).reasons).toContain('council.error.fileMissing');
    expect((await fails(addFile(db, A, { draftId }, { name: 'x.pdf', bytes: Buffer.concat([tinyPdf('x'), Buffer.alloc(20 * 1024 * 1024)]) }, SYSTEM))).reasons).toContain('council.error.fileSize');
    const v = await getDraft(db, A, draftId, { official: true });
    expect(v.documents).toHaveLength(2);
    const pdf = v.documents.find((d) => d.documentId === v1.documentId)!;
    expect(pdf.versions.map((x) => [x.version, x.name, x.media_type])).toEqual([
      [1, 'eelarve.pdf', PDF],
      [2, 'Eelarve.PDF', PDF],
    ]);
    expect(v.documents.find((d) => d.documentId !== v1.documentId)!.versions[0]!.name).toBe('seletuskiri.docx');
    // not public yet: the public gets 404 for the draft and its files
    expect((await fails(getDraft(db, A, draftId, { official: false }))).status).toBe(404);
    expect((await fails(getFile(db, A, v2.id, { official: false }))).status).toBe(404);
    const f = await getFile(db, A, v2.id, { official: true });
    expect(Buffer.from(f.bytes).toString('latin1')).toContain('v2');
  });

  it('commissions’ opinions: one per commission (a new one replaces it); a council is not a commission', async () => {
    expect((await fails(setOpinion(db, A, draftId, { bodyId: w.councilId, opinion: 'Toetada', decidedOn: '2026-12-01' }, SYSTEM))).reasons).toContain('council.error.commission');
    await setOpinion(db, A, draftId, { bodyId: w.commissionId, opinion: 'Toetada', decidedOn: '2026-11-28' }, SYSTEM);
    await setOpinion(db, A, draftId, { bodyId: w.commissionId, opinion: 'Toetada muudatustega', decidedOn: '2026-11-30' }, SYSTEM);
    const v = await getDraft(db, A, draftId, { official: true });
    expect(v.opinions.map((o) => [o.body_name, o.opinion, o.decided_on])).toEqual([['Eelarvekomisjon', 'Toetada muudatustega', '2026-11-30']]);
  });

  it('amendments: only a member with a seat today, on a public draft under way; the proposer may withdraw', async () => {
    const member = w.members[4]!;
    const me: Actor = { kind: 'person', id: null, name: member.name };
    // not public yet → 404
    expect((await fails(proposeAmendment(db, A, draftId, h(member.idcode), 'Muuta § 2', me))).status).toBe(404);
    const { setDraftStatus } = await import('./service.js');
    await setDraftStatus(db, A, draftId, 'submitted', SYSTEM);
    expect((await fails(proposeAmendment(db, A, draftId, h(memberIdcode(99)), 'Muuta § 2', me))).reasons).toContain('council.error.amendNotVoting');
    expect((await fails(proposeAmendment(db, A, draftId, h(member.idcode), '  ', me))).fields).toEqual(['text']);
    const a = await proposeAmendment(db, A, draftId, h(member.idcode), 'Muuta § 2 lõiget 1', me);
    const b = await proposeAmendment(db, A, draftId, h(member.idcode), 'Lisada § 5', me);
    // someone else's amendment is not hers to withdraw
    expect((await fails(withdrawAmendment(db, A, a.id, h(w.members[5]!.idcode), me))).status).toBe(404);
    await withdrawAmendment(db, A, b.id, h(member.idcode), me);
    expect((await fails(withdrawAmendment(db, A, b.id, h(member.idcode), me))).reasons).toContain('council.error.amendmentDone');
    const v = await getDraft(db, A, draftId, { official: false });
    expect(v.amendments.map((x) => [x.proposer_name, x.status])).toEqual([
      [member.name, 'proposed'],
      [member.name, 'withdrawn'],
    ]);
    // decided drafts take no more amendments
    await setDraftStatus(db, A, draftId, 'adopted', SYSTEM);
    expect((await fails(proposeAmendment(db, A, draftId, h(member.idcode), 'Hilja', me))).reasons).toContain('council.error.notAmendable');
  });
});

describe(`council set-up: sittings, agenda, notice (${engine})`, () => {
  it('the notice deadline: 7 days before a regular sitting, 3 before an extraordinary one (Tallinn dates)', () => {
    expect(NOTICE_DAYS).toEqual({ regular: 7, extraordinary: 3 });
    const at = new Date('2027-01-14T14:00:00+02:00');
    expect(noticeDeadline('regular', at)).toBe('2027-01-07');
    expect(noticeDeadline('extraordinary', at)).toBe('2027-01-11');
    expect(noticeInTime('regular', at, new Date('2027-01-07T23:59:00+02:00'))).toBe(true);
    expect(noticeInTime('regular', at, new Date('2027-01-08T00:01:00+02:00'))).toBe(false);
    expect(noticeInTime('extraordinary', at, new Date('2027-01-11T12:00:00+02:00'))).toBe(true);
  });

  it('a sitting: place for the room, video link online; the agenda is added to, reordered and trimmed; the notice goes out in time', async () => {
    const startsAt = new Date('2026-12-10T14:00:00+02:00');
    const bad = await fails(createSitting(db, A, { bodyId: w.councilId, kind: 'regular', mode: 'hybrid', startsAt: new Date('2026-11-01T10:00:00+02:00'), place: '', videoUrl: 'http://x' }, SYSTEM));
    expect(bad.fields).toEqual(['startsAt', 'place', 'videoUrl']);
    const { id, number } = await createSitting(db, A, { bodyId: w.councilId, kind: 'regular', mode: 'room', startsAt, place: 'Raekoja saal' }, SYSTEM);
    expect(number).toBe(2); // the fixture's is 1
    const d = await createDraft(db, A, { bodyId: w.councilId, number: '1-3/13', title: 'Arengukava', kind: 'decision', presenter: 'Linnavalitsus' }, SYSTEM);
    const other = await createDraft(db, A, { bodyId: w.commissionId, number: 'K-1', title: 'Komisjoni oma', kind: 'other', presenter: 'Esimees' }, SYSTEM);
    const i1 = await addItem(db, A, id, { title: 'Arengukava', draftId: d.id }, SYSTEM);
    const i2 = await addItem(db, A, id, { title: 'Info' }, SYSTEM);
    const i3 = await addItem(db, A, id, { title: 'Kohtumine' }, SYSTEM);
    expect((await fails(addItem(db, A, id, { title: 'Vale', draftId: other.id }, SYSTEM))).reasons).toContain('council.error.draft');
    await moveItem(db, A, id, i3.id, 'up', SYSTEM);
    await moveItem(db, A, id, i1.id, 'up', SYSTEM); // already first: nothing
    await removeItem(db, A, id, i1.id, SYSTEM);
    let v = await getSitting(db, A, id, { official: true });
    expect(v.items.map((i) => [i.position, i.title])).toEqual([
      [1, 'Kohtumine'],
      [2, 'Info'],
    ]);
    await addItem(db, A, id, { title: 'Arengukava', draftId: d.id }, SYSTEM);
    // planned: not public
    expect((await fails(getSitting(db, A, id, { official: false }))).status).toBe(404);
    expect((await listSittings(db, A, { official: false })).map((s) => s.id)).not.toContain(id);
    // 9 days before: in time for a regular sitting (deadline 2026-12-03)
    await publishNotice(db, A, id, SYSTEM);
    v = await getSitting(db, A, id, { official: false });
    expect(v.sitting.state).toBe('published');
    expect(v.items.map((i) => i.draft_number)).toEqual([null, null, '1-3/13']);
    // the draft on the agenda became public with the notice
    expect((await getDraft(db, A, d.id, { official: false })).sittings.map((s) => s.id)).toEqual([id]);
    expect((await fails(publishNotice(db, A, id, SYSTEM))).reasons).toContain('council.error.alreadyPublished');
    // after the notice the agenda may still change; each change is audited as after the notice
    await moveItem(db, A, id, i2.id, 'down', SYSTEM);
    const moves = await asOwner(db, (t) => t.query<{ after: { afterNotice: boolean } }>("SELECT after FROM core_audit WHERE action = 'council.item.move' ORDER BY seq"));
    expect(moves.map((m) => m.after.afterNotice)).toEqual([false, true]);
    // a sitting document
    const f = await addFile(db, A, { sittingId: id }, { name: 'kutse.pdf', bytes: tinyPdf('kutse') }, SYSTEM);
    expect((await getFile(db, A, f.id, { official: false })).name).toBe('kutse.pdf');
  });

  it('a late notice is refused with the deadline; an extraordinary sitting has 3 days; an empty agenda is refused', async () => {
    // 5 days ahead: too late for a regular sitting
    const late = await createSitting(db, A, { bodyId: w.councilId, kind: 'regular', mode: 'online', startsAt: new Date('2026-12-06T10:00:00+02:00'), videoUrl: 'https://video.example/istung' }, SYSTEM);
    await addItem(db, A, late.id, { title: 'Punkt' }, SYSTEM);
    const r = await fails(publishNotice(db, A, late.id, SYSTEM));
    expect(r.status).toBe(409);
    expect(r.reasons).toContain('council.error.noticeLate');
    const extra = await createSitting(db, A, { bodyId: w.councilId, kind: 'extraordinary', mode: 'online', startsAt: new Date('2026-12-06T10:00:00+02:00'), videoUrl: 'https://video.example/istung' }, SYSTEM);
    expect((await fails(publishNotice(db, A, extra.id, SYSTEM))).reasons).toContain('council.error.agendaEmpty');
    await addItem(db, A, extra.id, { title: 'Kiireloomuline' }, SYSTEM);
    await publishNotice(db, A, extra.id, SYSTEM);
    // an open sitting's agenda is fixed here (the live part runs it)
    await asOwner(db, (t) => t.query(`UPDATE council_sitting SET state = 'open' WHERE id = $1`, [extra.id]));
    expect((await fails(addItem(db, A, extra.id, { title: 'Hilja' }, SYSTEM))).reasons).toContain('council.error.agendaFixed');
  });

  it('KOV isolation: another KOV’s rows are not found; every command left an audit entry', async () => {
    const bRows = await asOwner(db, (t) => t.query<{ id: string }>('SELECT id FROM council_sitting WHERE kov_code = $1', [B]));
    expect((await fails(getSitting(db, A, bRows[0]!.id, { official: true }))).status).toBe(404);
    expect((await fails(addItem(db, A, bRows[0]!.id, { title: 'X' }, SYSTEM))).status).toBe(404);
    expect((await fails(publishNotice(db, A, bRows[0]!.id, SYSTEM))).status).toBe(404);
    const bBody = await asOwner(db, (t) => t.one<{ id: string }>("SELECT id FROM council_body WHERE kov_code = $1 AND kind = 'council'", [B]));
    expect((await fails(addMembership(db, A, { bodyId: bBody!.id, personId: w.members[0]!.personId, role: 'member', votingRight: true, starts: '2020-01-01' }, SYSTEM))).status).toBe(404);
    expect(await membershipOf(db, B, h(w.members[5]!.idcode))).toEqual([]);
    const actions = await db.tx((t) => auditActionsOf(t, A), { kov: A });
    for (const a of ['council.body.create', 'council.person.add', 'council.membership.substitute', 'council.membership.add', 'council.membership.end', 'council.draft.create', 'council.draft.status', 'council.file.upload', 'council.opinion.set', 'council.amendment.propose', 'council.amendment.withdraw', 'council.sitting.create', 'council.item.add', 'council.item.move', 'council.item.remove', 'council.notice.publish']) {
      expect(actions).toContain(a);
    }
  });
});
