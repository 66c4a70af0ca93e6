// The minutes (protokoll) of a sitting, drafted from its event log (repo/live.ts: the contract of kinds
// and data): the heading, who was present and how, who was absent, and for each agenda item in order
// its speakers, recusals, every vote (subject, rule, counts, the votes needed, the outcome; each
// member's choice with her name and faction in an open vote, the counts only in a secret one; a
// repeated vote with its reason; a voided one with why) and the decision.
//
// The secretary edits the drafted text; its format is plain text with a few Markdown-like marks
// (`# `, `## `, `### ` headings, `- ` list items), rendered by parseMinutes into blocks that the
// page and the PDF print as text (never as HTML). The PDF ends with an annex drawn from the record
// itself (not from the editable text): every vote with each member's name and choice.
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/errors.js';
import { fmtDateTime, translate, type Locale } from '../../kernel/i18n.js';
import { createPdf, pdfToBuffer } from '../../kernel/pdf.js';
import type { Choice, EventRow, Majority, VoteKind, VoteOutcome } from './repo/live.js';
import { eventsAfter } from './repo/live.js';
import type { AmendmentRow, MinutesRow, MinutesVersionRow, SeatRow } from './repo/record.js';
import { amendmentsOfSitting, latestMinutesVersion, voteAmendments, bodyOf, chairHashesOfSitting, itemsOfSitting, minutesOf, minutesVersions, saveMinutes, seatsOfSitting, signMinutes, sittingOf } from './repo/record.js';
import type { BodyRow, ItemRow, SittingRow } from './repo/setup.js';

export interface RecordChoice {
  membershipId: string;
  name: string;
  faction: string | null;
  choice: Choice | 'none';
}

export interface RecordVote {
  voteId: string;
  itemId: string;
  subject: string;
  kind: VoteKind;
  majority: Majority;
  state: 'open' | 'closed' | 'void';
  outcome: VoteOutcome | null;
  /** Each eligible member's choice (open votes only; null for secret ones). */
  choices: RecordChoice[] | null;
  /** The amendment voted on (null: a vote on the item or its draft). */
  amendmentId: string | null;
  repeatOf: string | null;
  repeatOfSubject: string | null;
  repeatReason: string | null;
  voidReason: string | null;
  at: Date;
}

export interface RecordItem {
  id: string;
  position: number;
  title: string;
  public: boolean;
  result: string | null;
  speakers: { name: string; kind: 'speech' | 'question' | 'reply' }[];
  recusals: { name: string; reason: string }[];
  /** Amendments proposed to the item's draft: the proposer, the text, where they stand. */
  amendments: { id: string; proposer: string; text: string; status: string }[];
  votes: RecordVote[];
}

export interface SittingRecord {
  sittingId: string;
  kov: string;
  body: { id: string; name: string; seats: number };
  number: number;
  kind: SittingRow['kind'];
  mode: SittingRow['mode'];
  startsAt: Date;
  place: string | null;
  openedAt: Date | null;
  closedAt: Date | null;
  present: { membershipId: string; name: string; faction: string | null; how: 'room' | 'online' }[];
  absent: { membershipId: string; name: string; faction: string | null }[];
  items: RecordItem[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The sitting's record from its rows and its event log (events in seq order). */
export function buildRecord(input: {
  sitting: SittingRow;
  body: BodyRow;
  items: ItemRow[];
  seats: SeatRow[];
  events: EventRow[];
  amendments?: AmendmentRow[];
  voteAmendments?: { id: string; amendment_id: string }[];
}): SittingRecord {
  const { sitting, body, seats, events } = input;
  const faction = new Map(seats.map((s) => [s.membership_id, s.faction]));
  const presence = new Map<string, { name: string; present: boolean; how: 'room' | 'online' }>();
  const items = new Map<string, RecordItem>(
    input.items.map((i) => [
      i.id,
      {
        id: i.id,
        position: i.position,
        title: i.title,
        public: i.public,
        result: i.result,
        speakers: [],
        recusals: [],
        amendments: (input.amendments ?? []).filter((a) => a.item_id === i.id).map((a) => ({ id: a.id, proposer: a.proposer, text: a.text, status: a.status })),
        votes: [],
      },
    ]),
  );
  const amendmentOfVote = new Map((input.voteAmendments ?? []).map((v) => [v.id, v.amendment_id]));
  const votes = new Map<string, RecordVote>();
  const spoke = new Set<string>();
  let openedAt: Date | null = sitting.opened_at;
  let closedAt: Date | null = sitting.closed_at;
  for (const e of events) {
    const d = e.data;
    const item = typeof d.itemId === 'string' ? items.get(d.itemId) : undefined;
    switch (e.kind) {
      case 'sitting.opened':
        openedAt = new Date(e.at);
        break;
      case 'sitting.closed':
        closedAt = new Date(e.at);
        break;
      case 'presence':
        if (typeof d.membershipId === 'string') presence.set(d.membershipId, { name: str(d.name) ?? '', present: d.present === true, how: d.how === 'online' ? 'online' : 'room' });
        break;
      case 'item.closed':
        if (item && typeof d.result === 'string' && d.result) item.result = d.result;
        break;
      case 'recusal':
        if (item) item.recusals.push({ name: str(d.name) ?? '', reason: str(d.reason) ?? '' });
        break;
      case 'speaker': {
        const id = str(d.speakerId);
        if (item && id && d.what === 'started' && !spoke.has(id)) {
          spoke.add(id);
          const kind = d.kind === 'question' || d.kind === 'reply' ? d.kind : 'speech';
          item.speakers.push({ name: str(d.name) ?? '', kind });
        }
        break;
      }
      case 'vote.opened': {
        const id = str(d.voteId);
        if (!item || !id) break;
        const repeatOf = str(d.repeatOf);
        const v: RecordVote = {
          voteId: id,
          itemId: item.id,
          subject: str(d.subject) ?? '',
          kind: d.kind === 'secret' ? 'secret' : 'open',
          majority: (str(d.majority) ?? 'simple') as Majority,
          state: 'open',
          outcome: null,
          choices: null,
          amendmentId: amendmentOfVote.get(id) ?? null,
          repeatOf,
          repeatOfSubject: repeatOf ? (votes.get(repeatOf)?.subject ?? null) : null,
          repeatReason: str(d.reason),
          voidReason: null,
          at: new Date(e.at),
        };
        votes.set(id, v);
        item.votes.push(v);
        break;
      }
      case 'vote.closed': {
        const v = votes.get(str(d.voteId) ?? '');
        if (!v) break;
        v.state = 'closed';
        v.outcome = (d.outcome as VoteOutcome | undefined) ?? null;
        if (v.kind === 'open' && Array.isArray(d.choices)) {
          v.choices = (d.choices as { membershipId: string; name: string; faction?: string | null; choice: Choice | 'none' }[]).map((c) => ({
            membershipId: c.membershipId,
            name: c.name,
            faction: c.faction ?? faction.get(c.membershipId) ?? null,
            choice: c.choice,
          }));
        }
        break;
      }
      case 'vote.void': {
        const v = votes.get(str(d.voteId) ?? '');
        if (!v) break;
        v.state = 'void';
        v.voidReason = str(d.reason);
        break;
      }
    }
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'et');
  const present = [...presence.entries()].filter(([, p]) => p.present).map(([membershipId, p]) => ({ membershipId, name: p.name, faction: faction.get(membershipId) ?? null, how: p.how })).sort(byName);
  const here = new Set(present.map((p) => p.membershipId));
  const absent = seats.filter((s) => !here.has(s.membership_id)).map((s) => ({ membershipId: s.membership_id, name: s.name, faction: s.faction })).sort(byName);
  return {
    sittingId: sitting.id,
    kov: sitting.kov_code,
    body: { id: body.id, name: body.name, seats: body.seats },
    number: sitting.number,
    kind: sitting.kind,
    mode: sitting.mode,
    startsAt: sitting.starts_at,
    place: sitting.place,
    openedAt,
    closedAt,
    present,
    absent,
    items: [...items.values()].sort((a, b) => a.position - b.position),
  };
}

/** One vote's counts and outcome as a sentence. */
export function voteSummary(v: RecordVote, locale: Locale): string {
  const t = (k: string, vars?: Record<string, string | number>) => translate(locale, k, vars);
  if (v.state === 'void') return t('council.rec.void', { reason: v.voidReason ?? '' });
  if (!v.outcome) return t('council.rec.notClosed');
  const o = v.outcome;
  const election = o as VoteOutcome & { candidates?: { name: string; votes: number }[]; blank?: number; elected?: { name: string } | null };
  if (Array.isArray(election.candidates)) {
    // a secret election (secret.ts SecretOutcome): the counts per candidate, the blank ballots, who was elected
    const counts = election.candidates.map((c) => `${c.name} ${c.votes}`).join(', ');
    const who = election.elected ? t('council.rec.elected', { name: election.elected.name }) : t('council.rec.noneElected');
    return `${t('council.rec.electionCounts', { counts, blank: election.blank ?? 0, needed: o.needed })} ${who}`;
  }
  return `${t('council.rec.counts', { for: o.for, against: o.against, abstain: o.abstain, none: o.notVoting, needed: o.needed })} ${t(o.adopted ? 'council.rec.adopted' : 'council.rec.rejected')}`;
}

/** The vote's heading line: subject, kind and rule. */
export function voteHeading(v: RecordVote, locale: Locale, item?: RecordItem): string {
  const t = (k: string, vars?: Record<string, string | number>) => translate(locale, k, vars);
  const a = v.amendmentId ? item?.amendments.find((x) => x.id === v.amendmentId) : undefined;
  const head = t('council.rec.vote', { subject: v.subject, kind: t(`council.rec.voteKind.${v.kind}`), rule: t(`council.rec.majority.${v.majority}`) });
  return a ? `${head} — ${t('council.rec.onAmendment', { proposer: a.proposer })}` : head;
}

export function choiceLine(c: RecordChoice, locale: Locale): string {
  return `${c.name}${c.faction ? ` (${c.faction})` : ''}: ${translate(locale, `council.rec.choice.${c.choice}`)}`;
}

/** The drafted minutes as editable text (Markdown-like marks only: #, ##, ###, -). */
export function minutesText(r: SittingRecord, locale: Locale): string {
  const t = (k: string, vars?: Record<string, string | number>) => translate(locale, k, vars);
  const out: string[] = [];
  out.push(`# ${t('council.rec.minutesTitle', { body: r.body.name, number: r.number })}`, '');
  out.push(`${t(`council.rec.kind.${r.kind}`)}, ${t(`council.rec.mode.${r.mode}`)}`);
  out.push(t('council.rec.when', { at: fmtDateTime(r.startsAt) }));
  if (r.place) out.push(t('council.rec.where', { place: r.place }));
  if (r.openedAt) out.push(t('council.rec.opened', { at: fmtDateTime(r.openedAt) }));
  if (r.closedAt) out.push(t('council.rec.closed', { at: fmtDateTime(r.closedAt) }));
  out.push('', `## ${t('council.rec.present', { n: r.present.length, seats: r.body.seats })}`);
  for (const p of r.present) out.push(`- ${p.name}${p.faction ? ` (${p.faction})` : ''} — ${t(`council.rec.how.${p.how}`)}`);
  out.push('', `## ${t('council.rec.absent', { n: r.absent.length })}`);
  for (const p of r.absent) out.push(`- ${p.name}${p.faction ? ` (${p.faction})` : ''}`);
  if (r.absent.length === 0) out.push(t('council.rec.nobody'));
  out.push('', `## ${t('council.rec.agenda')}`);
  for (const i of r.items) out.push(`- ${i.position}. ${i.title}`);
  for (const i of r.items) {
    out.push('', `## ${i.position}. ${i.title}`);
    if (!i.public) {
      out.push(t('council.rec.closedItem'));
      if (i.result) out.push(t('council.rec.decision', { result: i.result }));
      continue;
    }
    if (i.speakers.length) {
      out.push(`${t('council.rec.speakers')}:`);
      for (const s of i.speakers) out.push(`- ${s.name} — ${t(`council.rec.speaker.${s.kind}`)}`);
    }
    if (i.recusals.length) {
      out.push(`${t('council.rec.recusals')}:`);
      for (const s of i.recusals) out.push(`- ${s.name}${s.reason ? ` — ${s.reason}` : ''}`);
    }
    if (i.amendments.length) {
      out.push(`${t('council.rec.amendments')}:`);
      for (const a of i.amendments) out.push(`- ${a.proposer}: ${a.text.replace(/\s+/g, ' ')} (${t(`council.rec.amendment.${a.status}`)})`);
    }
    for (const v of i.votes) {
      out.push('', `### ${voteHeading(v, locale, i)}`);
      if (v.repeatOf) out.push(t('council.rec.repeat', { subject: v.repeatOfSubject ?? '', reason: v.repeatReason ?? '' }));
      out.push(voteSummary(v, locale));
      if (v.kind === 'secret') out.push(t('council.rec.secretNames'));
      for (const c of v.choices ?? []) out.push(`- ${choiceLine(c, locale)}`);
    }
    if (i.result) out.push('', t('council.rec.decision', { result: i.result }));
  }
  return `${out.join('\n')}\n`;
}

export type MinutesBlock = { kind: 'h1' | 'h2' | 'h3' | 'li' | 'p'; text: string };

/** The minutes text as blocks (headings, list items, paragraphs); blank lines separate, nothing is HTML. */
export function parseMinutes(text: string): MinutesBlock[] {
  const out: MinutesBlock[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) continue;
    const m = /^(#{1,3}) +(.*)$/.exec(line);
    if (m) out.push({ kind: (['h1', 'h2', 'h3'] as const)[m[1]!.length - 1]!, text: m[2]! });
    else if (/^\s*[-*] +/.test(line)) out.push({ kind: 'li', text: line.replace(/^\s*[-*] +/, '') });
    else out.push({ kind: 'p', text: line.trim() });
  }
  return out;
}

/** The annex of the record: every vote with its counts and, for open votes, each member's name and choice. */
export function voteAnnex(r: SittingRecord, locale: Locale): MinutesBlock[] {
  const out: MinutesBlock[] = [{ kind: 'h1', text: translate(locale, 'council.rec.annex') }];
  for (const i of r.items) {
    if (!i.public || i.votes.length === 0) continue;
    out.push({ kind: 'h2', text: `${i.position}. ${i.title}` });
    for (const v of i.votes) {
      out.push({ kind: 'h3', text: voteHeading(v, locale, i) });
      if (v.repeatOf) out.push({ kind: 'p', text: translate(locale, 'council.rec.repeat', { subject: v.repeatOfSubject ?? '', reason: v.repeatReason ?? '' }) });
      out.push({ kind: 'p', text: voteSummary(v, locale) });
      if (v.kind === 'secret') out.push({ kind: 'p', text: translate(locale, 'council.rec.secretNames') });
      for (const c of v.choices ?? []) out.push({ kind: 'li', text: choiceLine(c, locale) });
    }
  }
  return out;
}

export interface MinutesMeta {
  text: string;
  signedAt: Date | null;
  signedBy: string | null;
  url: string;
}

/** The minutes as a PDF: the (edited) text, the sign-off or the draft's mark, and the annex of votes. */
export async function minutesPdf(r: SittingRecord, m: MinutesMeta, locale: Locale, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const title = translate(locale, 'council.rec.minutesTitle', { body: r.body.name, number: r.number });
  const doc = createPdf({ title, lang: locale, compress: opts.compress });
  const print = (blocks: MinutesBlock[]) => {
    for (const b of blocks) {
      if (b.kind === 'h1') doc.moveDown(0.5).font('bold').fontSize(16).text(b.text).moveDown(0.3);
      else if (b.kind === 'h2') doc.moveDown(0.5).font('bold').fontSize(13).text(b.text).moveDown(0.2);
      else if (b.kind === 'h3') doc.moveDown(0.3).font('bold').fontSize(11).text(b.text);
      else if (b.kind === 'li') doc.font('body').fontSize(10).text(`• ${b.text}`, { indent: 12 });
      else doc.font('body').fontSize(10).text(b.text);
    }
  };
  if (!m.signedAt) doc.font('bold').fontSize(10).fillColor('#b00020').text(translate(locale, 'council.rec.unsigned')).fillColor('black');
  print(parseMinutes(m.text));
  doc.moveDown(1).font('body').fontSize(10);
  if (m.signedAt) doc.text(translate(locale, 'council.rec.signedBy', { name: m.signedBy ?? '', at: fmtDateTime(m.signedAt) }));
  doc.fontSize(8).text(m.url);
  doc.addPage();
  print(voteAnnex(r, locale));
  return pdfToBuffer(doc);
}

// ---------- the minutes' commands and reads (each opens its transaction; official acts are audited) ----------

/** The sitting's record (null if the sitting is not in this KOV). */
export async function loadRecord(t: Tx, kov: string, sittingId: string): Promise<SittingRecord | null> {
  const sitting = await sittingOf(t, kov, sittingId);
  if (!sitting) return null;
  const body = (await bodyOf(t, kov, sitting.body_id))!;
  const items = await itemsOfSitting(t, kov, sittingId);
  const seats = await seatsOfSitting(t, kov, sittingId);
  const events = await eventsAfter(t, kov, sittingId, 0);
  const amendments = await amendmentsOfSitting(t, kov, sittingId);
  const onAmendment = await voteAmendments(t, kov, sittingId);
  return buildRecord({ sitting, body, items, seats, events, amendments, voteAmendments: onAmendment });
}

export interface MinutesView {
  record: SittingRecord;
  state: SittingRow['state'];
  /** The saved minutes (null: not saved yet; `text` is then the draft from the events). */
  saved: MinutesRow | null;
  text: string;
  versions: MinutesVersionRow[];
}

/** The minutes of a sitting as the secretary or the chair sees them (the drafted text until saved). */
export async function minutesView(db: Db, kov: string, sittingId: string, locale: Locale = 'et'): Promise<MinutesView> {
  return db.tx(
    async (t) => {
      const sitting = await sittingOf(t, kov, sittingId);
      if (!sitting) throw notFound();
      const record = (await loadRecord(t, kov, sittingId))!;
      const saved = await minutesOf(t, kov, sittingId);
      const versions = await minutesVersions(t, kov, sittingId);
      return { record, state: sitting.state, saved, text: saved?.text ?? minutesText(record, locale), versions };
    },
    { kov },
  );
}

/** The signed minutes (public), or null while they are not signed. */
export async function publishedMinutes(db: Db, kov: string, sittingId: string): Promise<{ record: SittingRecord; minutes: MinutesRow } | null> {
  return db.tx(
    async (t) => {
      const minutes = await minutesOf(t, kov, sittingId);
      if (!minutes?.signed_at) return null;
      return { record: (await loadRecord(t, kov, sittingId))!, minutes };
    },
    { kov },
  );
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const MINUTES_MAX = 200_000;

/**
 * The secretary saves the minutes' text (a closed sitting's, not yet signed); a new version of the
 * history. `baseVersion`, when given, is the version the editor started from: if someone saved since,
 * the save is refused (409) instead of silently overwriting their edit.
 */
export async function saveMinutesText(db: Db, kov: string, sittingId: string, text: string, actor: Actor, baseVersion?: number): Promise<{ version: number }> {
  const clean = text.replace(/\r\n?/g, '\n');
  if (!clean.trim() || clean.length > MINUTES_MAX) throw badRequest([{ field: 'text', reason: 'council.rec.error.text' }]);
  return db.tx(
    async (t) => {
      const sitting = await sittingOf(t, kov, sittingId);
      if (!sitting) throw notFound();
      if (sitting.state !== 'closed') throw conflict('council.rec.error.notClosed');
      const before = await minutesOf(t, kov, sittingId, true);
      if (before?.signed_at) throw conflict('council.rec.error.signed');
      if (baseVersion !== undefined && baseVersion !== (await latestMinutesVersion(t, kov, sittingId))) throw conflict('council.rec.error.stale', [{ field: 'text', reason: 'council.rec.error.stale' }]);
      const version = await saveMinutes(t, kov, sittingId, clean, actor.name);
      await recordAudit(t, {
        kov,
        actor,
        action: 'council.minutes.edit',
        targetType: 'council_sitting',
        targetId: sittingId,
        before: before ? { sha256: sha256(before.text), length: before.text.length } : null,
        after: { version, sha256: sha256(clean), length: clean.length },
      });
      return { version };
    },
    { kov },
  );
}

/**
 * The chair signs the minutes off: only the chair of the sitting's body (on the sitting's day), as
 * herself; the saved text is frozen from then on and published.
 */
export async function signMinutesAsChair(db: Db, kov: string, sittingId: string, idcodeHash: string, actor: Actor): Promise<MinutesRow> {
  return db.tx(
    async (t) => {
      const sitting = await sittingOf(t, kov, sittingId);
      if (!sitting) throw notFound();
      if (!(await chairHashesOfSitting(t, kov, sittingId)).includes(idcodeHash)) throw forbidden('council.rec.error.notChair');
      if (sitting.state !== 'closed') throw conflict('council.rec.error.notClosed');
      const before = await minutesOf(t, kov, sittingId, true);
      if (!before) throw conflict('council.rec.error.noMinutes');
      if (before.signed_at) throw conflict('council.rec.error.signed');
      const signed = (await signMinutes(t, kov, sittingId, actor.name))!;
      await recordAudit(t, { kov, actor, action: 'council.minutes.sign', targetType: 'council_sitting', targetId: sittingId, after: { sha256: sha256(signed.text), length: signed.text.length } });
      return signed;
    },
    { kov },
  );
}

/** Whether the signed-in person (by her ID-code hash) chairs the sitting's body. */
export async function isChairOf(db: Db, kov: string, sittingId: string, idcodeHash: string): Promise<boolean> {
  return db.tx(async (t) => (await chairHashesOfSitting(t, kov, sittingId)).includes(idcodeHash), { kov });
}
