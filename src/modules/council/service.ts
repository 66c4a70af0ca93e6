// The council module's rules and commands (set-up part; the live sitting is live.ts). Each command
// opens its transaction, checks the rules and writes the audit entry beside the change.
//
//   bodies        the council (one per KOV) and its commissions (parent: the council), with seats
//   people        members, substitutes (and anyone holding a membership): name, ID code as a keyed hash
//                 with a last-4 hint (found at sign-in), e-mail optional
//   memberships   a person's seat in a body for a period; role chair/deputy/member, faction, voting
//                 right; a substitute (asendusliige) holds a membership with substitute_for = the
//                 member's membership, inside that membership's period; while it runs she holds the
//                 seat (seatsOn) and the member does not vote
//   drafts        number, title, kind, presenter (the KOV government or whoever brings it), summary,
//                 status; documents (PDF/DOCX, versions), commissions' opinions, members' amendments
//   sittings      regular/extraordinary, room/online/hybrid, time, place, video link; the ordered
//                 agenda (items may carry a draft); the notice published by the legal deadline (NOTICE_DAYS)
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { dateInTallinn, now as clockNow, today } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, notFound } from '../../kernel/errors.js';
import { hashIdcode, idcodeHint, parseIdcode } from '../../kernel/idcode.js';
import { isId, uuidv7 } from '../../kernel/ids.js';
import { holdersOn } from './rules.js';
import * as repo from './repo/setup.js';
import type {
  AmendmentRow,
  BodyKind,
  BodyRow,
  DraftKind,
  DraftRow,
  DraftStatus,
  FileMetaRow,
  ItemView,
  MemberRole,
  MembershipView,
  NoticeChangeRow,
  OpinionRow,
  PersonRow,
  SittingDetails,
  SittingKind,
  SittingMode,
  SittingRow,
} from './repo/setup.js';

export type { AmendmentRow, BodyRow, DraftRow, FileMetaRow, ItemView, MembershipView, NoticeChangeRow, OpinionRow, PersonRow, SittingDetails, SittingRow };
export type { BodyKind, DraftKind, DraftStatus, MemberRole, SittingKind, SittingMode };

// ---------------------------------------------------------------- rules (pure)

/**
 * The notice of a sitting (kokkukutse) with its agenda and documents: KOKS § 44 — published at least
 * 7 days before a regular sitting, at least 3 days before an extraordinary one. Counted in calendar
 * days in Tallinn: the notice must go out on or before the sitting's date minus these days. Later is
 * refused (the secretary moves the sitting or makes it extraordinary, if the law allows that).
 */
export const NOTICE_DAYS: Record<SittingKind, number> = { regular: 7, extraordinary: 3 };

/** YYYY-MM-DD plus n days (n may be negative). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The last day (Tallinn) on which the notice of a sitting may be published. */
export function noticeDeadline(kind: SittingKind, startsAt: Date): string {
  return addDays(dateInTallinn(startsAt), -NOTICE_DAYS[kind]);
}

/** Whether a notice published at `at` is in time for the sitting. */
export function noticeInTime(kind: SittingKind, startsAt: Date, at: Date): boolean {
  return dateInTallinn(at) <= noticeDeadline(kind, startsAt);
}

/** Drafts' documents: PDF or DOCX, up to 20 MB a version. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The document's type by its bytes (never the name or the browser's word): PDF starts with %PDF-;
 * DOCX is a ZIP (PK\3\4) whose entries (names are stored uncompressed) include [Content_Types].xml
 * and word/. Anything else: null.
 */
export function sniffDocument(bytes: Uint8Array): typeof PDF | typeof DOCX | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return PDF;
  if (b.length > 30 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    if (b.includes('[Content_Types].xml', 0, 'latin1') && b.includes('word/', 0, 'latin1')) return DOCX;
  }
  return null;
}

/** A file name safe to keep and to send back: no path, no control characters, the type's extension. */
export function cleanFileName(name: string, type: string): string {
  const ext = type === PDF ? '.pdf' : '.docx';
  // eslint-disable-next-line no-control-regex
  let base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (!base) base = 'document';
  if (!base.toLowerCase().endsWith(ext)) base = base.replace(/\.(pdf|docx?)$/i, '') + ext;
  return base.length > 255 ? base.slice(0, 255 - ext.length) + ext : base;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => DATE_RE.test(s) && addDays(s, 0) === s;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const need = (cond: boolean, errors: FieldError[], field: string, reason: string, vars?: FieldError['vars']) => {
  if (!cond) errors.push({ field, reason, ...(vars ? { vars } : {}) });
};

// ---------------------------------------------------------------- bodies

export interface BodyInput {
  kind: BodyKind;
  name: string;
  shortName?: string | null;
  seats: number;
}

/** The KOV's council and commissions (the council first). */
export async function listBodies(db: Db, kov: string): Promise<BodyRow[]> {
  return db.tx((t) => repo.bodiesOf(t, kov), { kov });
}

async function councilOf(t: Tx, kov: string): Promise<BodyRow | undefined> {
  return (await repo.bodiesOf(t, kov)).find((b) => b.kind === 'council');
}

/** Creates the council (one per KOV) or a commission of it. */
export async function createBody(db: Db, kov: string, input: BodyInput, actor: Actor): Promise<{ id: string }> {
  const errors: FieldError[] = [];
  const name = (input.name ?? '').trim();
  need(input.kind === 'council' || input.kind === 'commission', errors, 'kind', 'council.error.kind');
  need(name.length >= 1 && name.length <= 200, errors, 'name', 'council.error.name');
  need(Number.isInteger(input.seats) && input.seats >= 1 && input.seats <= 201, errors, 'seats', 'council.error.seats');
  const shortName = input.shortName?.trim() || null;
  need(!shortName || shortName.length <= 50, errors, 'shortName', 'council.error.shortName');
  if (errors.length) throw badRequest(errors);
  return db.tx(
    async (t) => {
      const council = await councilOf(t, kov);
      if (input.kind === 'council' && council) throw conflict('council.error.councilExists', [{ field: 'kind', reason: 'council.error.councilExists' }]);
      if (input.kind === 'commission' && !council) throw conflict('council.error.noCouncil', [{ field: 'kind', reason: 'council.error.noCouncil' }]);
      const id = uuidv7();
      await repo.insertBody(t, { id, kov_code: kov, kind: input.kind, parent_id: input.kind === 'commission' ? council!.id : null, name, short_name: shortName, seats: input.seats });
      await recordAudit(t, { kov, actor, action: 'council.body.create', targetType: 'council_body', targetId: id, after: { kind: input.kind, name, seats: input.seats } });
      return { id };
    },
    { kov },
  );
}

export async function getBody(db: Db, kov: string, id: string): Promise<BodyRow> {
  if (!isId(id)) throw notFound();
  const b = await db.tx((t) => repo.bodyOf(t, kov, id), { kov });
  if (!b) throw notFound();
  return b;
}

// ---------------------------------------------------------------- people

export interface PersonInput {
  name: string;
  /** Personal ID code (optional: a presenter without sign-in needs none); kept as a keyed hash and a hint. */
  idcode?: string | null;
  email?: string | null;
}

export interface Person {
  id: string;
  name: string;
  hint: string | null;
  email: string | null;
}

const personView = (p: PersonRow): Person => ({ id: p.id, name: p.name, hint: p.idcode_hint, email: p.email });

export async function listPeople(db: Db, kov: string): Promise<Person[]> {
  return (await db.tx((t) => repo.peopleOf(t, kov), { kov })).map(personView);
}

/** Adds a person (`key`: the ID code hashing key, config.idcodeHmacKey). The ID code never leaves as such. */
export async function addPerson(db: Db, kov: string, key: string, input: PersonInput, actor: Actor): Promise<{ id: string }> {
  const errors: FieldError[] = [];
  const name = (input.name ?? '').trim();
  need(name.length >= 1 && name.length <= 200, errors, 'name', 'council.error.name');
  const code = (input.idcode ?? '').trim();
  const parsed = code ? parseIdcode(code) : null;
  need(!parsed || parsed.ok, errors, 'idcode', 'council.error.idcode');
  const email = (input.email ?? '').trim() || null;
  need(!email || (email.length <= 200 && EMAIL_RE.test(email)), errors, 'email', 'council.error.email');
  if (errors.length) throw badRequest(errors);
  return db.tx(
    async (t) => {
      const hash = code ? hashIdcode(key, code) : null;
      if (hash && (await repo.personByHash(t, kov, hash))) throw conflict('council.error.personExists', [{ field: 'idcode', reason: 'council.error.personExists' }]);
      const id = uuidv7();
      await repo.insertPerson(t, { id, kov_code: kov, idcode_hash: hash, idcode_hint: code ? idcodeHint(code) : null, name, email });
      // never the ID code: the hint only
      await recordAudit(t, { kov, actor, action: 'council.person.add', targetType: 'council_person', targetId: id, after: { name, hint: code ? idcodeHint(code) : null } });
      return { id };
    },
    { kov },
  );
}

// ---------------------------------------------------------------- memberships and seats

export interface MembershipInput {
  bodyId: string;
  personId: string;
  role: MemberRole;
  faction?: string | null;
  votingRight: boolean;
  starts: string;
  ends?: string | null;
  /** A substitute's membership: the member's membership she replaces. */
  substituteFor?: string | null;
}

const overlaps = (a: { starts: string; ends: string | null }, b: { starts: string; ends: string | null }) =>
  a.starts <= (b.ends ?? '9999-12-31') && b.starts <= (a.ends ?? '9999-12-31');

/** Adds a membership: a seat for a period, or a substitute's seat in place of a member's. */
export async function addMembership(db: Db, kov: string, input: MembershipInput, actor: Actor): Promise<{ id: string }> {
  const errors: FieldError[] = [];
  need(isId(input.personId), errors, 'personId', 'council.error.person');
  need(['chair', 'deputy', 'member'].includes(input.role), errors, 'role', 'council.error.role');
  const faction = input.faction?.trim() || null;
  need(!faction || faction.length <= 200, errors, 'faction', 'council.error.faction');
  need(isDate(input.starts), errors, 'starts', 'council.error.date');
  const ends = input.ends?.trim() || null;
  need(!ends || isDate(ends), errors, 'ends', 'council.error.date');
  if (ends && isDate(input.starts) && isDate(ends)) need(ends >= input.starts, errors, 'ends', 'council.error.endsBeforeStarts');
  const subFor = input.substituteFor?.trim() || null;
  need(!subFor || isId(subFor), errors, 'substituteFor', 'council.error.substituteFor');
  if (errors.length) throw badRequest(errors);
  if (!isId(input.bodyId)) throw notFound();
  return db.tx(
    async (t) => {
      const body = await repo.bodyOf(t, kov, input.bodyId);
      if (!body) throw notFound();
      const person = await repo.personOf(t, kov, input.personId);
      if (!person) throw badRequest([{ field: 'personId', reason: 'council.error.person' }]);
      const period = { starts: input.starts, ends };
      const ofBody = await repo.membershipsOfBody(t, kov, body.id);
      if (ofBody.some((m) => m.person_id === person.id && overlaps(m, period))) throw conflict('council.error.alreadyMember', [{ field: 'personId', reason: 'council.error.alreadyMember' }]);
      if (subFor) {
        // the substitute takes a member's seat for a period inside the member's own
        const member = ofBody.find((m) => m.id === subFor);
        if (!member || member.substitute_for) throw badRequest([{ field: 'substituteFor', reason: 'council.error.substituteFor' }]);
        if (period.starts < member.starts || (member.ends && (!period.ends || period.ends > member.ends))) {
          throw badRequest([{ field: 'starts', reason: 'council.error.substitutePeriod' }]);
        }
        if (ofBody.some((m) => m.substitute_for === subFor && overlaps(m, period))) throw conflict('council.error.substituteTaken', [{ field: 'substituteFor', reason: 'council.error.substituteTaken' }]);
        if (input.role !== 'member') throw badRequest([{ field: 'role', reason: 'council.error.substituteRole' }]);
      } else {
        // seats: no day of the period may hold more members than the body has seats
        const others = ofBody.filter((m) => !m.substitute_for && overlaps(m, period));
        const days = [period.starts, ...others.map((m) => m.starts).filter((d) => d > period.starts && (!period.ends || d <= period.ends))];
        const full = days.some((d) => others.filter((m) => m.starts <= d && (!m.ends || m.ends >= d)).length >= body.seats);
        if (full) throw conflict('council.error.seatsFull', [{ field: 'personId', reason: 'council.error.seatsFull', vars: { seats: body.seats } }]);
        if (input.role !== 'member' && others.some((m) => m.role === input.role)) throw conflict('council.error.roleTaken', [{ field: 'role', reason: 'council.error.roleTaken' }]);
      }
      const id = uuidv7();
      await repo.insertMembership(t, { id, kov_code: kov, body_id: body.id, person_id: person.id, role: input.role, faction, voting_right: input.votingRight, starts: input.starts, ends, substitute_for: subFor });
      const after = { body: body.id, person: person.id, name: person.name, role: input.role, faction, votingRight: input.votingRight, starts: input.starts, ends, substituteFor: subFor };
      if (subFor) await recordAudit(t, { kov, actor, action: 'council.membership.substitute', targetType: 'council_membership', targetId: id, after });
      else await recordAudit(t, { kov, actor, action: 'council.membership.add', targetType: 'council_membership', targetId: id, after });
      return { id };
    },
    { kov },
  );
}

/** Ends a membership on a date (its last day); a substitute's seat ends with the member's. */
export async function endMembership(db: Db, kov: string, id: string, ends: string, actor: Actor): Promise<void> {
  if (!isId(id)) throw notFound();
  if (!isDate(ends)) throw badRequest([{ field: 'ends', reason: 'council.error.date' }]);
  await db.tx(
    async (t) => {
      const m = await repo.membershipOf(t, kov, id);
      if (!m) throw notFound();
      if (ends < m.starts) throw badRequest([{ field: 'ends', reason: 'council.error.endsBeforeStarts' }]);
      await repo.endMembershipRow(t, kov, id, ends);
      for (const s of (await repo.membershipsOfBody(t, kov, m.body_id)).filter((s) => s.substitute_for === id && (!s.ends || s.ends > ends))) {
        await repo.endMembershipRow(t, kov, s.id, s.starts > ends ? s.starts : ends);
      }
      await recordAudit(t, { kov, actor, action: 'council.membership.end', targetType: 'council_membership', targetId: id, before: { ends: m.ends }, after: { ends } });
    },
    { kov },
  );
}

export async function getMembership(db: Db, kov: string, id: string): Promise<MembershipView> {
  const m = isId(id) ? await db.tx((t) => repo.membershipOf(t, kov, id), { kov }) : undefined;
  if (!m) throw notFound();
  return m;
}

export async function bodyMemberships(db: Db, kov: string, bodyId: string): Promise<MembershipView[]> {
  return db.tx((t) => repo.membershipsOfBody(t, kov, bodyId), { kov });
}

/** A seat of a body on a day: who holds it (the member, or her substitute while one runs). */
export interface Seat {
  /** The holder's membership (what presence, recusals and choices name). */
  membershipId: string;
  personId: string;
  name: string;
  role: MemberRole;
  faction: string | null;
  votingRight: boolean;
  /** For a substitute: the member's membership she holds the seat for, and the member's name. */
  substituteFor: string | null;
  replacedName: string | null;
}

/**
 * The seats of a body on a day: each member's, held by her substitute while one runs (pure). The
 * holders are the seat rules' (`holdersOn`); a seat keeps the place of the member whose seat it is.
 */
export function seatsFrom(memberships: readonly MembershipView[], on: string): Seat[] {
  const byId = new Map(memberships.map((m) => [m.id, m]));
  const place = new Map(memberships.map((m, i) => [m.id, i]));
  /** The member whose seat a holder holds (a substitute's member, up the chain); none when that member is not given. */
  const memberOf = (m: MembershipView): MembershipView | undefined => {
    let x: MembershipView | undefined = m;
    while (x?.substitute_for) x = byId.get(x.substitute_for);
    return x;
  };
  return holdersOn(memberships, on)
    .flatMap((h) => {
      const member = memberOf(h);
      return member && holdersOn([member], on).length ? [{ h, member }] : [];
    })
    .sort((a, b) => place.get(a.member.id)! - place.get(b.member.id)!)
    .map(({ h, member }) => ({
      membershipId: h.id,
      personId: h.person_id,
      name: h.person_name,
      role: h.role,
      faction: h.faction,
      votingRight: h.voting_right,
      substituteFor: member === h ? null : member.id,
      replacedName: member === h ? null : member.person_name,
    }));
}

/** The seats of a body on a day (default today, Tallinn). */
export async function seatsOn(db: Db, kov: string, bodyId: string, on: string = today()): Promise<Seat[]> {
  return seatsFrom(await db.tx((t) => repo.membershipsOn(t, kov, bodyId, on), { kov }), on);
}

/** The seats of a sitting's body on the sitting's day (Tallinn): who may register and vote there (quorum counts the body's seats). */
export async function seatsOfSitting(db: Db, kov: string, sittingId: string): Promise<{ sitting: SittingRow; body: BodyRow; seats: Seat[] }> {
  if (!isId(sittingId)) throw notFound();
  return db.tx(
    async (t) => {
      const sitting = await repo.sittingOf(t, kov, sittingId);
      if (!sitting) throw notFound();
      const body = (await repo.bodyOf(t, kov, sitting.body_id))!;
      const on = dateInTallinn(sitting.starts_at);
      return { sitting, body, seats: seatsFrom(await repo.membershipsOn(t, kov, body.id, on), on) };
    },
    { kov },
  );
}

/** A person's seat as she sees it: the body, and whether she holds it that day. */
export interface MySeat extends Seat {
  bodyId: string;
  bodyKind: BodyKind;
  bodyName: string;
}

/**
 * The seats a signed-in person holds on a day (default today) in the KOV's bodies: found by the keyed
 * hash of her ID code (SessionUser.idcodeHash). A member whose substitute holds her seat that day has
 * none in that body; a substitute has the member's. Empty when she is no one's member.
 */
export async function membershipOf(db: Db, kov: string, idcodeHash: string, on: string = today()): Promise<MySeat[]> {
  return db.tx(
    async (t) => {
      const person = await repo.personByHash(t, kov, idcodeHash);
      if (!person) return [];
      const mine = (await repo.membershipsOfPerson(t, kov, person.id)).filter((m) => m.starts <= on && (!m.ends || m.ends >= on));
      const out: MySeat[] = [];
      for (const bodyId of new Set(mine.map((m) => m.body_id))) {
        const body = (await repo.bodyOf(t, kov, bodyId))!;
        const seats = seatsFrom(await repo.membershipsOn(t, kov, bodyId, on), on);
        for (const s of seats.filter((x) => x.personId === person.id)) out.push({ ...s, bodyId, bodyKind: body.kind, bodyName: body.name });
      }
      return out;
    },
    { kov },
  );
}

/** The council person of a signed-in person (by her ID code's keyed hash), or null. */
export async function personByIdcodeHash(db: Db, kov: string, idcodeHash: string): Promise<Person | null> {
  const p = await db.tx((t) => repo.personByHash(t, kov, idcodeHash), { kov });
  return p ? personView(p) : null;
}

// ---------------------------------------------------------------- drafts

export interface DraftInput {
  bodyId: string;
  number: string;
  title: string;
  kind: DraftKind;
  presenter: string;
  summary?: string;
}

export const DRAFT_KINDS: DraftKind[] = ['decision', 'regulation', 'other'];
export const DRAFT_STATUSES: DraftStatus[] = ['draft', 'submitted', 'adopted', 'rejected', 'withdrawn'];

export async function createDraft(db: Db, kov: string, input: DraftInput, actor: Actor): Promise<{ id: string }> {
  const errors: FieldError[] = [];
  const number = (input.number ?? '').trim();
  const title = (input.title ?? '').trim();
  const presenter = (input.presenter ?? '').trim();
  const summary = (input.summary ?? '').trim();
  need(number.length >= 1 && number.length <= 50, errors, 'number', 'council.error.draftNumber');
  need(title.length >= 1 && title.length <= 500, errors, 'title', 'council.error.title');
  need(DRAFT_KINDS.includes(input.kind), errors, 'kind', 'council.error.draftKind');
  need(presenter.length >= 1 && presenter.length <= 200, errors, 'presenter', 'council.error.presenter');
  need(summary.length <= 10000, errors, 'summary', 'council.error.summary');
  need(isId(input.bodyId), errors, 'bodyId', 'council.error.body');
  if (errors.length) throw badRequest(errors);
  return db.tx(
    async (t) => {
      if (!(await repo.bodyOf(t, kov, input.bodyId))) throw badRequest([{ field: 'bodyId', reason: 'council.error.body' }]);
      if (await repo.draftByNumber(t, kov, number)) throw conflict('council.error.draftNumberTaken', [{ field: 'number', reason: 'council.error.draftNumberTaken' }]);
      const id = uuidv7();
      await repo.insertDraft(t, { id, kov_code: kov, body_id: input.bodyId, number, title, kind: input.kind, presenter, summary });
      await recordAudit(t, { kov, actor, action: 'council.draft.create', targetType: 'council_draft', targetId: id, after: { number, title, kind: input.kind, presenter } });
      return { id };
    },
    { kov },
  );
}

/** Sets a draft's status; any status but 'draft' makes it public. */
export async function setDraftStatus(db: Db, kov: string, id: string, status: DraftStatus, actor: Actor): Promise<void> {
  if (!DRAFT_STATUSES.includes(status)) throw badRequest([{ field: 'status', reason: 'council.error.draftStatus' }]);
  await db.tx(
    async (t) => {
      const d = isId(id) ? await repo.draftOf(t, kov, id) : undefined;
      if (!d) throw notFound();
      await repo.setDraftStatus(t, kov, id, status);
      await recordAudit(t, { kov, actor, action: 'council.draft.status', targetType: 'council_draft', targetId: id, before: { status: d.status }, after: { status } });
    },
    { kov },
  );
}

export async function listDrafts(db: Db, kov: string, opts: { official: boolean }): Promise<DraftRow[]> {
  return db.tx((t) => repo.draftsOf(t, kov, !opts.official), { kov });
}

export interface DraftView {
  draft: DraftRow;
  /** Documents, each with its versions (newest last). */
  documents: { documentId: string; versions: FileMetaRow[] }[];
  opinions: OpinionRow[];
  amendments: AmendmentRow[];
  /** Sittings whose agenda carries it (public ones only for the public). */
  sittings: (SittingRow & { position: number })[];
}

const isPublicSitting = (s: Pick<SittingRow, 'state'>) => s.state !== 'planned';

function groupDocuments(files: FileMetaRow[]): DraftView['documents'] {
  const by = new Map<string, FileMetaRow[]>();
  for (const f of files) by.set(f.document_id, [...(by.get(f.document_id) ?? []), f]);
  return [...by.entries()].map(([documentId, versions]) => ({ documentId, versions: versions.sort((a, b) => a.version - b.version) }));
}

/** A draft with its documents, opinions, amendments and sittings; not yet public: officials only (404). */
export async function getDraft(db: Db, kov: string, id: string, opts: { official: boolean }): Promise<DraftView> {
  if (!isId(id)) throw notFound();
  return db.tx(
    async (t) => {
      const draft = await repo.draftOf(t, kov, id);
      if (!draft || (!opts.official && !draft.published_at)) throw notFound();
      const files = await repo.filesOf(t, kov, { draftId: id });
      const opinions = await repo.opinionsOf(t, kov, id);
      const amendments = await repo.amendmentsOf(t, kov, [id]);
      const sittings = await repo.sittingsOfDraft(t, kov, id);
      return { draft, documents: groupDocuments(files), opinions, amendments, sittings: opts.official ? sittings : sittings.filter(isPublicSitting) };
    },
    { kov },
  );
}

// ---------------------------------------------------------------- documents

export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/**
 * Adds a document (or, with documentId, its next version) to a draft or a sitting. The type is
 * sniffed from the bytes (PDF/DOCX only), at most MAX_FILE_BYTES; every version is kept.
 */
export async function addFile(
  db: Db,
  kov: string,
  owner: { draftId: string } | { sittingId: string },
  upload: Upload,
  actor: Actor,
  documentId?: string | null,
): Promise<{ id: string; documentId: string; version: number }> {
  if (upload.bytes.byteLength === 0) throw badRequest([{ field: 'file', reason: 'council.error.fileMissing' }]);
  if (upload.bytes.byteLength > MAX_FILE_BYTES) throw badRequest([{ field: 'file', reason: 'council.error.fileSize', vars: { mb: MAX_FILE_BYTES / 1024 / 1024 } }]);
  const type = sniffDocument(upload.bytes);
  if (!type) throw badRequest([{ field: 'file', reason: 'council.error.fileType' }]);
  const draftId = 'draftId' in owner ? owner.draftId : null;
  const sittingId = 'sittingId' in owner ? owner.sittingId : null;
  const ownerId = draftId ?? sittingId;
  if (!isId(ownerId)) throw notFound();
  const docId = documentId?.trim() || null;
  if (docId && !isId(docId)) throw badRequest([{ field: 'documentId', reason: 'council.error.document' }]);
  return db.tx(
    async (t) => {
      if (draftId && !(await repo.draftOf(t, kov, draftId))) throw notFound();
      if (sittingId) {
        const s = await repo.sittingOf(t, kov, sittingId);
        if (!s) throw notFound();
        if (s.state === 'closed') throw conflict('council.error.sittingClosed');
      }
      let version = 1;
      let document = uuidv7();
      if (docId) {
        const last = await repo.latestVersion(t, kov, docId);
        if (!last || last.draft_id !== draftId || last.sitting_id !== sittingId) throw badRequest([{ field: 'documentId', reason: 'council.error.document' }]);
        version = last.version + 1;
        document = docId;
      }
      const id = docId ? uuidv7() : document;
      const name = cleanFileName(upload.name, type);
      const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
      await repo.insertFile(t, { id, kov_code: kov, draft_id: draftId, sitting_id: sittingId, document_id: document, version, name, media_type: type, size: upload.bytes.byteLength, sha256, bytes: upload.bytes, uploaded_by: actor.name });
      await recordAudit(t, { kov, actor, action: 'council.file.upload', targetType: draftId ? 'council_draft' : 'council_sitting', targetId: ownerId, after: { file: id, document, version, name, size: upload.bytes.byteLength, sha256 } });
      return { id, documentId: document, version };
    },
    { kov },
  );
}

/** A file to download: public when its draft or sitting is; officials always. 404 otherwise. */
export async function getFile(db: Db, kov: string, id: string, opts: { official: boolean }): Promise<repo.FileRow & { public: boolean }> {
  if (!isId(id)) throw notFound();
  return db.tx(
    async (t) => {
      const f = await repo.fileOf(t, kov, id);
      if (!f) throw notFound();
      const visible = f.draft_id ? !!(await repo.draftOf(t, kov, f.draft_id))?.published_at : isPublicSitting((await repo.sittingOf(t, kov, f.sitting_id!))!);
      if (!visible && !opts.official) throw notFound();
      return { ...f, public: visible };
    },
    { kov },
  );
}

// ---------------------------------------------------------------- opinions and amendments

/** A commission's opinion on a draft (one per commission; a new one replaces it). */
export async function setOpinion(db: Db, kov: string, draftId: string, input: { bodyId: string; opinion: string; decidedOn: string }, actor: Actor): Promise<void> {
  const errors: FieldError[] = [];
  const text = (input.opinion ?? '').trim();
  need(isId(input.bodyId), errors, 'opinionBody', 'council.error.commission');
  need(text.length >= 1 && text.length <= 10000, errors, 'opinion', 'council.error.opinion');
  need(isDate(input.decidedOn), errors, 'decidedOn', 'council.error.date');
  if (errors.length) throw badRequest(errors);
  if (!isId(draftId)) throw notFound();
  await db.tx(
    async (t) => {
      if (!(await repo.draftOf(t, kov, draftId))) throw notFound();
      const body = await repo.bodyOf(t, kov, input.bodyId);
      if (!body || body.kind !== 'commission') throw badRequest([{ field: 'opinionBody', reason: 'council.error.commission' }]);
      await repo.upsertOpinion(t, { id: uuidv7(), kov_code: kov, draft_id: draftId, body_id: body.id, opinion: text, decided_on: input.decidedOn });
      await recordAudit(t, { kov, actor, action: 'council.opinion.set', targetType: 'council_draft', targetId: draftId, after: { commission: body.id, decidedOn: input.decidedOn } });
    },
    { kov },
  );
}

const AMENDABLE: DraftStatus[] = ['draft', 'submitted'];

/**
 * A member proposes an amendment to a public draft still under way (status draft or submitted): she
 * must hold a seat with voting right in the draft's body today (a substitute while she holds one).
 * Her own act (actor: herself), audited. Amendments are voted before the draft (the live part).
 */
export async function proposeAmendment(db: Db, kov: string, draftId: string, idcodeHash: string, text: string, actor: Actor): Promise<{ id: string }> {
  const body = (text ?? '').trim();
  if (body.length < 1 || body.length > 10000) throw badRequest([{ field: 'text', reason: 'council.error.amendmentText' }]);
  if (!isId(draftId)) throw notFound();
  const draft = await db.tx((t) => repo.draftOf(t, kov, draftId), { kov });
  if (!draft || !draft.published_at) throw notFound();
  if (!AMENDABLE.includes(draft.status)) throw conflict('council.error.notAmendable', [{ field: 'text', reason: 'council.error.notAmendable' }]);
  const seat = (await membershipOf(db, kov, idcodeHash)).find((s) => s.bodyId === draft.body_id && s.votingRight);
  if (!seat) throw conflict('council.error.amendNotVoting', [{ field: 'text', reason: 'council.error.amendNotVoting' }]);
  return db.tx(
    async (t) => {
      const id = uuidv7();
      await repo.insertAmendment(t, { id, kov_code: kov, draft_id: draftId, proposer_id: seat.personId, text: body });
      await recordAudit(t, { kov, actor, action: 'council.amendment.propose', targetType: 'council_draft', targetId: draftId, after: { amendment: id, proposer: seat.personId } });
      return { id };
    },
    { kov },
  );
}

/** The proposer withdraws her amendment while it is only proposed. */
export async function withdrawAmendment(db: Db, kov: string, id: string, idcodeHash: string, actor: Actor): Promise<{ draftId: string }> {
  if (!isId(id)) throw notFound();
  return db.tx(
    async (t) => {
      const a = await repo.amendmentOf(t, kov, id);
      const me = await repo.personByHash(t, kov, idcodeHash);
      if (!a || !me || a.proposer_id !== me.id) throw notFound();
      if (a.status !== 'proposed') throw conflict('council.error.amendmentDone');
      await repo.setAmendmentStatus(t, kov, id, 'withdrawn');
      await recordAudit(t, { kov, actor, action: 'council.amendment.withdraw', targetType: 'council_draft', targetId: a.draft_id, after: { amendment: id } });
      return { draftId: a.draft_id };
    },
    { kov },
  );
}

// ---------------------------------------------------------------- sittings and agenda

export interface SittingInput {
  bodyId: string;
  kind: SittingKind;
  mode: SittingMode;
  startsAt: Date;
  place?: string | null;
  videoUrl?: string | null;
  /** The agenda at once (the API): added in order in the same transaction. */
  items?: ItemInput[];
}

/** The sitting's time, place and kind checked (field errors pushed); the cleaned place and video link. */
function sittingErrors(input: Omit<SittingInput, 'bodyId' | 'items'>, errors: FieldError[]): { place: string | null; video: string | null } {
  need(input.kind === 'regular' || input.kind === 'extraordinary', errors, 'kind', 'council.error.sittingKind');
  need(['room', 'online', 'hybrid'].includes(input.mode), errors, 'mode', 'council.error.mode');
  const valid = input.startsAt instanceof Date && Number.isFinite(input.startsAt.getTime());
  need(valid, errors, 'startsAt', 'council.error.startsAt');
  if (valid) need(input.startsAt.getTime() > clockNow().getTime(), errors, 'startsAt', 'council.error.startsPast');
  const place = input.place?.trim() || null;
  const video = input.videoUrl?.trim() || null;
  need(!place || place.length <= 300, errors, 'place', 'council.error.place');
  if (input.mode !== 'online') need(!!place, errors, 'place', 'council.error.placeNeeded');
  need(!video || (video.length <= 500 && /^https:\/\/[^\s]+$/.test(video)), errors, 'videoUrl', 'council.error.videoUrl');
  if (input.mode !== 'room') need(!!video, errors, 'videoUrl', 'council.error.videoNeeded');
  return { place, video };
}

export async function createSitting(db: Db, kov: string, input: SittingInput, actor: Actor): Promise<{ id: string; number: number }> {
  const errors: FieldError[] = [];
  need(isId(input.bodyId), errors, 'bodyId', 'council.error.body');
  const { place, video } = sittingErrors(input, errors);
  const items = (input.items ?? []).map((i) => ({ title: (i.title ?? '').trim(), draftId: i.draftId?.trim() || null, public: i.public ?? true }));
  items.forEach((i, n) => {
    need(i.title.length >= 1 && i.title.length <= 500, errors, `items.${n}.title`, 'council.error.title');
    need(!i.draftId || isId(i.draftId), errors, `items.${n}.draftId`, 'council.error.draft');
  });
  if (errors.length) throw badRequest(errors);
  return db.tx(
    async (t) => {
      if (!(await repo.bodyOf(t, kov, input.bodyId))) throw badRequest([{ field: 'bodyId', reason: 'council.error.body' }]);
      const id = uuidv7();
      const number = await repo.nextSittingNumber(t, kov, input.bodyId);
      await repo.insertSitting(t, { id, kov_code: kov, body_id: input.bodyId, number, kind: input.kind, mode: input.mode, starts_at: input.startsAt, place, video_url: video });
      for (const [n, i] of items.entries()) {
        if (i.draftId && (await repo.draftOf(t, kov, i.draftId))?.body_id !== input.bodyId) throw badRequest([{ field: `items.${n}.draftId`, reason: 'council.error.draft' }]);
        await repo.insertItem(t, { id: uuidv7(), kov_code: kov, sitting_id: id, position: n + 1, title: i.title, draft_id: i.draftId, public: i.public });
      }
      await recordAudit(t, {
        kov,
        actor,
        action: 'council.sitting.create',
        targetType: 'council_sitting',
        targetId: id,
        after: { number, kind: input.kind, mode: input.mode, startsAt: input.startsAt.toISOString(), place, videoUrl: video, items: items.map((i) => ({ title: i.title, draft: i.draftId })) },
      });
      return { id, number };
    },
    { kov },
  );
}

/** A change to a sitting's details: what is not given (undefined) keeps its value. */
export interface SittingEdit extends Partial<Omit<SittingInput, 'bodyId' | 'items'>> {
  /** Why it changes: needed once the notice is out (the notice history shows it). */
  reason?: string | null;
}

const detailsOf = (s: { kind: SittingKind; mode: SittingMode; starts_at: Date | string; place: string | null; video_url: string | null }): SittingDetails => ({
  kind: s.kind,
  mode: s.mode,
  startsAt: new Date(s.starts_at).toISOString(),
  place: s.place,
  videoUrl: s.video_url,
});

/**
 * Changes a sitting's kind, mode, time, place or video link before it opens (what the change does not
 * give keeps its value; the rules are creation's, on the result). While it is being
 * prepared (planned) that is all; once its notice is out (published) only with a recorded reason, and
 * only so that the notice stays in time for the new start and kind (KOKS § 44): the change, with the
 * reason, goes into the sitting's notice history (public) as well as the audit log. A change that
 * changes nothing is no change.
 */
export async function updateSitting(db: Db, kov: string, id: string, change: SittingEdit, actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const s = isId(id) ? await repo.sittingForUpdate(t, kov, id) : undefined;
      if (!s) throw notFound();
      if (s.state !== 'planned' && s.state !== 'published') throw conflict('council.error.sittingBegun', [{ field: 'startsAt', reason: 'council.error.sittingBegun' }]);
      // the change over the details as they stand (read under the lock)
      const input = {
        kind: change.kind ?? s.kind,
        mode: change.mode ?? s.mode,
        startsAt: change.startsAt ?? new Date(s.starts_at),
        place: change.place === undefined ? s.place : change.place,
        videoUrl: change.videoUrl === undefined ? s.video_url : change.videoUrl,
      };
      const errors: FieldError[] = [];
      const { place, video } = sittingErrors(input, errors);
      const reason = change.reason?.trim() || null;
      need(!reason || (reason.length >= 3 && reason.length <= 1000), errors, 'reason', 'council.error.reason');
      if (errors.length) throw badRequest(errors);
      const before = detailsOf(s);
      const after = detailsOf({ kind: input.kind, mode: input.mode, starts_at: input.startsAt, place, video_url: video });
      const afterNotice = s.state === 'published';
      if (afterNotice && !reason) throw badRequest([{ field: 'reason', reason: 'council.error.reasonNeeded' }]);
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      if (afterNotice) {
        if (!noticeInTime(input.kind, input.startsAt, s.notice_published_at!)) {
          throw conflict('council.error.noticeNoLonger', [{ field: 'startsAt', reason: 'council.error.noticeNoLonger', vars: { days: NOTICE_DAYS[input.kind] } }]);
        }
      }
      await repo.updateSittingRow(t, kov, { id, kind: input.kind, mode: input.mode, starts_at: input.startsAt, place, video_url: video });
      if (afterNotice) {
        await repo.insertNoticeChange(t, kov, { id: uuidv7(), sitting_id: s.id, changed_by: actor.name, reason: reason!, before, after });
        await recordAudit(t, { kov, actor, action: 'council.notice.change', targetType: 'council_sitting', targetId: id, before, after: { ...after, reason } });
      } else {
        await recordAudit(t, { kov, actor, action: 'council.sitting.update', targetType: 'council_sitting', targetId: id, before, after });
      }
    },
    { kov },
  );
}

export interface SittingView {
  sitting: SittingRow;
  body: BodyRow;
  items: (ItemView & { amendments: AmendmentRow[] })[];
  files: { documentId: string; versions: FileMetaRow[] }[];
  /** The last day the notice may be published (KOKS § 44). */
  noticeDeadline: string;
  /** Changes to its details after the notice, oldest first (the notice history). */
  noticeChanges: NoticeChangeRow[];
}

/** Sittings of the KOV, newest first; the public sees those whose notice is out. */
export async function listSittings(db: Db, kov: string, opts: { official: boolean }): Promise<SittingRow[]> {
  const rows = await db.tx((t) => repo.sittingsOf(t, kov), { kov });
  return opts.official ? rows : rows.filter(isPublicSitting);
}

/** A sitting with its agenda (items, their drafts and amendments) and documents; planned: officials only. */
export async function getSitting(db: Db, kov: string, id: string, opts: { official: boolean }): Promise<SittingView> {
  if (!isId(id)) throw notFound();
  return db.tx(
    async (t) => {
      const sitting = await repo.sittingOf(t, kov, id);
      if (!sitting || (!opts.official && !isPublicSitting(sitting))) throw notFound();
      const body = await repo.bodyOf(t, kov, sitting.body_id);
      const items = await repo.itemsOf(t, kov, id);
      const files = await repo.filesOf(t, kov, { sittingId: id });
      const visible = opts.official ? items : items.filter((i) => i.public);
      const amendments = await repo.amendmentsOf(t, kov, visible.flatMap((i) => (i.draft_id ? [i.draft_id] : [])));
      return {
        sitting,
        body: body!,
        items: visible.map((i) => ({ ...i, amendments: amendments.filter((a) => a.draft_id === i.draft_id && a.status !== 'withdrawn') })),
        files: groupDocuments(files),
        noticeDeadline: noticeDeadline(sitting.kind, sitting.starts_at),
        noticeChanges: await repo.noticeChangesOf(t, kov, id),
      };
    },
    { kov },
  );
}

/** The sitting, locked, whose agenda may still change (planned or published). */
async function editableSitting(t: Tx, kov: string, id: string): Promise<SittingRow> {
  const s = isId(id) ? await repo.sittingForUpdate(t, kov, id) : undefined;
  if (!s) throw notFound();
  if (s.state !== 'planned' && s.state !== 'published') throw conflict('council.error.agendaFixed');
  return s;
}

export interface ItemInput {
  title: string;
  draftId?: string | null;
  public?: boolean;
}

/** Adds an item at the end of the agenda (an item may carry a draft of the sitting's body). */
export async function addItem(db: Db, kov: string, sittingId: string, input: ItemInput, actor: Actor): Promise<{ id: string; position: number }> {
  const title = (input.title ?? '').trim();
  const draftId = input.draftId?.trim() || null;
  const errors: FieldError[] = [];
  need(title.length >= 1 && title.length <= 500, errors, 'title', 'council.error.title');
  need(!draftId || isId(draftId), errors, 'draftId', 'council.error.draft');
  if (errors.length) throw badRequest(errors);
  return db.tx(
    async (t) => {
      const s = await editableSitting(t, kov, sittingId);
      if (draftId) {
        const d = await repo.draftOf(t, kov, draftId);
        if (!d || d.body_id !== s.body_id) throw badRequest([{ field: 'draftId', reason: 'council.error.draft' }]);
      }
      const id = uuidv7();
      const position = await repo.nextItemPosition(t, kov, s.id);
      await repo.insertItem(t, { id, kov_code: kov, sitting_id: s.id, position, title, draft_id: draftId, public: input.public ?? true });
      if (draftId && s.state === 'published') await repo.publishDraftsOfSitting(t, kov, s.id);
      await recordAudit(t, { kov, actor, action: 'council.item.add', targetType: 'council_sitting', targetId: s.id, after: { item: id, position, title, draft: draftId, afterNotice: s.state === 'published' } });
      return { id, position };
    },
    { kov },
  );
}

/** Moves an item one place up or down the agenda. */
export async function moveItem(db: Db, kov: string, sittingId: string, itemId: string, dir: 'up' | 'down', actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const s = await editableSitting(t, kov, sittingId);
      const items = await repo.itemsOf(t, kov, s.id);
      const i = items.findIndex((x) => x.id === itemId);
      if (i < 0) throw notFound();
      const j = dir === 'up' ? i - 1 : i + 1;
      if (j < 0 || j >= items.length) return;
      const a = items[i]!;
      const b = items[j]!;
      await repo.swapItems(t, kov, a, b);
      await recordAudit(t, { kov, actor, action: 'council.item.move', targetType: 'council_sitting', targetId: s.id, before: { item: a.id, position: a.position }, after: { item: a.id, position: b.position, afterNotice: s.state === 'published' } });
    },
    { kov },
  );
}

/** Removes an item from the agenda (the rest close up). */
export async function removeItem(db: Db, kov: string, sittingId: string, itemId: string, actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const s = await editableSitting(t, kov, sittingId);
      const item = (await repo.itemsOf(t, kov, s.id)).find((x) => x.id === itemId);
      if (!item) throw notFound();
      await repo.deleteItem(t, kov, s.id, item);
      await recordAudit(t, { kov, actor, action: 'council.item.remove', targetType: 'council_sitting', targetId: s.id, before: { item: item.id, position: item.position, title: item.title, draft: item.draft_id }, after: { afterNotice: s.state === 'published' } });
    },
    { kov },
  );
}

/**
 * Publishes the sitting's notice with its agenda and documents (planned → published) if it is in time
 * (NOTICE_DAYS, KOKS § 44, against the kernel clock) and the agenda is not empty; the drafts on the
 * agenda become public with it.
 */
export async function publishNotice(db: Db, kov: string, sittingId: string, actor: Actor): Promise<void> {
  await db.tx(
    async (t) => {
      const s = isId(sittingId) ? await repo.sittingForUpdate(t, kov, sittingId) : undefined;
      if (!s) throw notFound();
      if (s.state !== 'planned') throw conflict('council.error.alreadyPublished');
      const at = clockNow();
      if (!noticeInTime(s.kind, s.starts_at, at)) {
        throw conflict('council.error.noticeLate', [{ field: 'publish', reason: 'council.error.noticeLate', vars: { days: NOTICE_DAYS[s.kind], deadline: noticeDeadline(s.kind, s.starts_at) } }]);
      }
      if (!(await repo.itemsOf(t, kov, s.id)).length) throw conflict('council.error.agendaEmpty', [{ field: 'publish', reason: 'council.error.agendaEmpty' }]);
      await repo.setSittingPublished(t, kov, s.id);
      await repo.publishDraftsOfSitting(t, kov, s.id);
      await recordAudit(t, { kov, actor, action: 'council.notice.publish', targetType: 'council_sitting', targetId: s.id, after: { kind: s.kind, startsAt: s.starts_at, deadline: noticeDeadline(s.kind, s.starts_at) } });
    },
    { kov },
  );
}

// ---------------------------------------------------------------- the public overview

export interface CouncilOverview {
  council: BodyRow | null;
  commissions: BodyRow[];
  seats: Seat[];
  commissionSeats: Map<string, Seat[]>;
  upcoming: SittingRow[];
  past: SittingRow[];
}

/** What /kov/:kov/council shows: the council with today's seats, its commissions, public sittings. */
export async function councilOverview(db: Db, kov: string, opts: { official: boolean }): Promise<CouncilOverview> {
  const on = today();
  const nowMs = clockNow().getTime();
  return db.tx(
    async (t) => {
      const bodies = await repo.bodiesOf(t, kov);
      const council = bodies.find((b) => b.kind === 'council') ?? null;
      const commissions = bodies.filter((b) => b.kind === 'commission');
      const all = await repo.membershipsOn(t, kov, null, on);
      const seatsOf = (id: string) => seatsFrom(all.filter((m) => m.body_id === id), on);
      const sittings = (await repo.sittingsOf(t, kov)).filter((s) => opts.official || isPublicSitting(s));
      const isPast = (s: SittingRow) => s.state === 'closed' || (s.state !== 'open' && new Date(s.starts_at).getTime() < nowMs - 12 * 3_600_000);
      return {
        council,
        commissions,
        seats: council ? seatsOf(council.id) : [],
        commissionSeats: new Map(commissions.map((c) => [c.id, seatsOf(c.id)])),
        upcoming: sittings.filter((s) => !isPast(s)).reverse(),
        past: sittings.filter(isPast),
      };
    },
    { kov },
  );
}

/** KOVs with a council (for /council). Platform-wide read of the module's own, public rows. */
export async function kovsWithCouncil(db: Db): Promise<{ kov: string; name: string; seats: number }[]> {
  const rows = await db.system('the councils of every KOV, for the public list', (t) => repo.kovsWithCouncil(t));
  return rows.map((r) => ({ kov: r.kov_code, name: r.name, seats: r.seats }));
}
