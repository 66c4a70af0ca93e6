// The live sitting (issue 12, item 3): opening and closing the sitting, presence and quorum, the
// agenda's current item, conflict-of-interest declarations, the speaker list and open named votes.
// Every command runs in one tenant transaction holding the sitting's row lock (lockSitting), so the
// event log's sequence, the one-open-vote rule and the choices of a closing vote never race; each
// appends its event (the contract in repo/live.ts), and an official's act (the secretary, a KOV admin,
// the chair acting as chair) writes its audit entry in the same transaction.
//
// Repeating a vote: the chair opens a new vote on the same item with repeat_of (the earlier vote) and a
// reason. An earlier vote still open is voided (event vote.void with the reason); an earlier vote
// already closed stays closed with its outcome in the record, and the repeat (the newest vote of
// the chain) is the one that decides. Amendments of a draft are voted before the draft: a vote on the
// draft itself cannot open while an amendment of it is still 'proposed'; closing an amendment's vote
// marks the amendment adopted or rejected.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { today } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/errors.js';
import { isId, uuidv7 } from '../../kernel/ids.js';
import type { SittingRow } from './repo/setup.js';
import {
  amendmentsOfDraft,
  appendEvent,
  bodySeats,
  choicesOf,
  choicesOfSitting,
  eventsAfter,
  finishVote,
  insertChoice,
  insertRecusal,
  insertSpeaker,
  insertVote,
  itemsOfSitting,
  lastSeq,
  lockSitting,
  membershipsOfBody,
  notifyTally,
  presenceOf,
  recusalsOfSitting,
  setAmendmentStatus,
  setItemState,
  setSittingState,
  sittingById,
  speakersOfSitting,
  updateSpeaker,
  upsertPresence,
  voteById,
  votesOfSitting,
  type Choice,
  type EventRow,
  type LiveItemRow,
  type Majority,
  type SeatRow,
  type SpeakerRow,
  type VoteOutcome,
  type VoteRow,
} from './repo/live.js';
import { eligibleFor, outcomeOf, quorumOf, seatedOn, type Quorum } from './rules.js';

export const MAJORITIES: readonly Majority[] = ['simple', 'composition', 'two_thirds', 'present_majority'];
export const CHOICES: readonly Choice[] = ['for', 'against', 'abstain'];
export const SPEAKER_KINDS = ['speech', 'question', 'reply'] as const;
export type SpeakerKind = (typeof SPEAKER_KINDS)[number];

/** A seated member acting herself (found from her sign-in: idcode hash → council person → seat). */
export interface Member {
  membershipId: string;
  personId: string;
  name: string;
  faction: string | null;
  role: 'chair' | 'deputy' | 'member';
}

export interface SeatView {
  membershipId: string;
  personId: string;
  name: string;
  faction: string | null;
  role: 'chair' | 'deputy' | 'member';
  substituteFor: string | null;
  present: boolean;
  how: 'room' | 'online' | null;
}

export interface VoteView {
  id: string;
  /** 'secret': an election on the voting core (secret.ts); its outcome is a SecretOutcome, counts only. */
  kind: 'open' | 'secret';
  itemId: string;
  amendmentId: string | null;
  subject: string;
  majority: Majority;
  state: 'open' | 'closed' | 'void';
  openedAt: Date;
  closedAt: Date | null;
  eligible: number;
  present: number | null;
  repeatOf: string | null;
  repeatReason: string | null;
  /** While open: how many have chosen so far (not what); when closed: the outcome. */
  cast: number;
  outcome: VoteOutcome | null;
  /** Closed votes: every eligible seat's choice ('none' for not voting), in seat order. */
  choices: { membershipId: string; name: string; faction: string | null; choice: Choice | 'none' }[];
}

export interface SpeakerView {
  id: string;
  itemId: string;
  personId: string;
  name: string;
  kind: SpeakerKind;
  limitSeconds: number | null;
  requestedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  withdrawnAt: Date | null;
}

/** Everything a page or a client needs to show the sitting as it is now. */
export interface LiveState {
  sitting: { id: string; kov: string; number: number; state: SittingRow['state']; mode: SittingRow['mode']; startsAt: Date; place: string | null; videoUrl: string | null; bodyName: string };
  quorum: Quorum;
  seats: SeatView[];
  items: (LiveItemRow & { recused: string[] })[];
  currentItemId: string | null;
  speakers: SpeakerView[];
  votes: VoteView[];
  openVote: VoteView | null;
  /** The last event's number: a client that has it is up to date (SSE rejoins after it). */
  seq: number;
}

const needSitting = (s: SittingRow | null): SittingRow => {
  if (!s) throw notFound();
  return s;
};

/** A sitting with its body's composition and who holds the seats today (live.ts and secret.ts). */
export interface Ctx {
  sitting: SittingRow;
  seats: number;
  bodyName: string;
  /** Seated memberships today (substitutes in, replaced members out). */
  seated: SeatRow[];
  all: SeatRow[];
}

export async function context(t: Tx, kov: string, sitting: SittingRow): Promise<Ctx> {
  const body = await bodySeats(t, kov, sitting.body_id);
  const all = await membershipsOfBody(t, kov, sitting.body_id);
  if (!body) throw notFound();
  return { sitting, seats: body.seats, bodyName: body.name, seated: seatedOn(all, today()), all };
}

async function presentSeated(t: Tx, kov: string, c: Ctx): Promise<string[]> {
  const present = new Set((await presenceOf(t, kov, c.sitting.id)).filter((p) => p.present).map((p) => p.membership_id));
  return c.seated.filter((m) => present.has(m.id)).map((m) => m.id);
}

/** Runs a command on the locked sitting (404 when not in this KOV). */
export function command<T>(db: Db, kov: string, sittingId: string, fn: (t: Tx, s: SittingRow) => Promise<T>): Promise<T> {
  return db.tx(async (t) => fn(t, needSitting(await lockSitting(t, kov, sittingId))), { kov });
}

function requireOpen(s: SittingRow): void {
  if (s.state !== 'open') throw conflict('council.error.sittingNotOpen');
}

// ---------------------------------------------------------------- who acts

/** The signed-in person's seat in the sitting's body today, or null (not a member, or replaced). */
export async function memberOf(db: Db, kov: string, sittingId: string, idcodeHash: string): Promise<Member | null> {
  return db.tx(async (t) => {
    const s = await sittingById(t, kov, sittingId);
    if (!s) return null;
    const c = await context(t, kov, s);
    const m = c.seated.find((x) => x.idcode_hash === idcodeHash);
    return m ? { membershipId: m.id, personId: m.person_id, name: m.name, faction: m.faction, role: m.role } : null;
  }, { kov });
}

// ---------------------------------------------------------------- the sitting

export async function openSitting(db: Db, kov: string, sittingId: string, actor: Actor): Promise<void> {
  await command(db, kov, sittingId, async (t, s) => {
    if (s.state === 'open') throw conflict('council.error.sittingOpenAlready');
    if (s.state === 'closed') throw conflict('council.error.sittingClosed');
    await setSittingState(t, kov, s.id, 'open');
    await appendEvent(t, kov, s.id, 'sitting.opened', {}, actor.name);
    await recordAudit(t, { kov, actor, action: 'council.sitting.open', targetType: 'council_sitting', targetId: s.id, after: { state: 'open' } });
  });
}

export async function closeSitting(db: Db, kov: string, sittingId: string, actor: Actor): Promise<void> {
  await command(db, kov, sittingId, async (t, s) => {
    requireOpen(s);
    if ((await votesOfSitting(t, kov, s.id)).some((v) => v.state === 'open')) throw conflict('council.error.voteOpen');
    for (const i of await itemsOfSitting(t, kov, s.id)) {
      if (i.state === 'open') {
        await setItemState(t, kov, i.id, 'done', i.result);
        await appendEvent(t, kov, s.id, 'item.closed', { itemId: i.id, position: i.position, result: i.result }, actor.name);
      }
    }
    await setSittingState(t, kov, s.id, 'closed');
    await appendEvent(t, kov, s.id, 'sitting.closed', {}, actor.name);
    await recordAudit(t, { kov, actor, action: 'council.sitting.close', targetType: 'council_sitting', targetId: s.id, after: { state: 'closed' } });
  });
}

// ---------------------------------------------------------------- presence

async function setPresence(t: Tx, kov: string, s: SittingRow, membershipId: string, present: boolean, how: 'room' | 'online', actorName: string): Promise<boolean> {
  requireOpen(s);
  const c = await context(t, kov, s);
  const m = c.seated.find((x) => x.id === membershipId);
  if (!m) throw badRequest([{ field: 'membershipId', reason: 'council.error.notSeated' }]);
  if (!(await upsertPresence(t, kov, s.id, m.id, present, how, actorName))) return false;
  await appendEvent(t, kov, s.id, 'presence', { membershipId: m.id, name: m.name, present, how }, actorName);
  return true;
}

/** An online member registers herself present (or leaves). */
export async function registerSelf(db: Db, kov: string, sittingId: string, me: Member, present: boolean): Promise<void> {
  await command(db, kov, sittingId, (t, s) => setPresence(t, kov, s, me.membershipId, present, 'online', me.name));
}

/** The secretary marks a member present in the room, or absent. */
export async function markPresence(db: Db, kov: string, sittingId: string, membershipId: string, present: boolean, how: 'room' | 'online', actor: Actor): Promise<void> {
  await command(db, kov, sittingId, async (t, s) => {
    if (await setPresence(t, kov, s, membershipId, present, how, actor.name)) {
      await recordAudit(t, { kov, actor, action: 'council.presence.mark', targetType: 'council_membership', targetId: membershipId, after: { sittingId: s.id, present, how } });
    }
  });
}

// ---------------------------------------------------------------- agenda items

export async function openItem(db: Db, kov: string, sittingId: string, itemId: string, actor: Actor): Promise<void> {
  await command(db, kov, sittingId, async (t, s) => {
    requireOpen(s);
    const items = await itemsOfSitting(t, kov, s.id);
    const item = items.find((i) => i.id === itemId);
    if (!item) throw notFound();
    if (item.state === 'open') return;
    if (items.some((i) => i.state === 'open')) throw conflict('council.error.itemOpen');
    await setItemState(t, kov, item.id, 'open', null);
    await appendEvent(t, kov, s.id, 'item.opened', { itemId: item.id, position: item.position, title: item.title }, actor.name);
    await recordAudit(t, { kov, actor, action: 'council.item.open', targetType: 'council_item', targetId: item.id, after: { position: item.position } });
  });
}

/** Closes the open item with its result: the text given, or what its deciding vote decided. */
export async function closeItem(db: Db, kov: string, sittingId: string, itemId: string, resultText: string, actor: Actor): Promise<void> {
  await command(db, kov, sittingId, async (t, s) => {
    requireOpen(s);
    const item = (await itemsOfSitting(t, kov, s.id)).find((i) => i.id === itemId);
    if (!item) throw notFound();
    if (item.state !== 'open') throw conflict('council.error.itemNotOpen');
    const votes = (await votesOfSitting(t, kov, s.id)).filter((v) => v.item_id === item.id);
    if (votes.some((v) => v.state === 'open')) throw conflict('council.error.voteOpen');
    if (resultText.length > 2000) throw badRequest([{ field: 'result', reason: 'council.error.tooLong' }]);
    const deciding = votes.filter((v) => v.state === 'closed' && v.amendment_id === null).at(-1);
    const result = resultText.trim() || (deciding?.outcome ? (deciding.outcome.adopted ? 'adopted' : 'rejected') : null);
    await setItemState(t, kov, item.id, 'done', result);
    await appendEvent(t, kov, s.id, 'item.closed', { itemId: item.id, position: item.position, result }, actor.name);
    await recordAudit(t, { kov, actor, action: 'council.item.close', targetType: 'council_item', targetId: item.id, after: { result } });
  });
}

// ---------------------------------------------------------------- conflicts of interest

/**
 * A member's conflict-of-interest declaration for an item (by herself, or by the secretary on her
 * behalf: then `actor` is the official): she is out of the item's votes from then on. Not while a
 * vote on the item is open (she is counted among its eligible already).
 */
export async function declareRecusal(db: Db, kov: string, sittingId: string, itemId: string, membershipId: string, reason: string, by: { member: Member } | { actor: Actor }): Promise<void> {
  if (reason.length > 1000) throw badRequest([{ field: 'reason', reason: 'council.error.tooLong' }]);
  await command(db, kov, sittingId, async (t, s) => {
    if (s.state === 'closed') throw conflict('council.error.sittingClosed');
    const item = (await itemsOfSitting(t, kov, s.id)).find((i) => i.id === itemId);
    if (!item) throw notFound();
    if (item.state === 'done') throw conflict('council.error.itemDone');
    const c = await context(t, kov, s);
    const m = c.seated.find((x) => x.id === membershipId);
    if (!m) throw badRequest([{ field: 'membershipId', reason: 'council.error.notSeated' }]);
    if ((await votesOfSitting(t, kov, s.id)).some((v) => v.item_id === item.id && v.state === 'open')) throw conflict('council.error.voteOpenRecusal');
    if (!(await insertRecusal(t, kov, item.id, m.id, reason.trim()))) return;
    const actorName = 'member' in by ? by.member.name : by.actor.name;
    await appendEvent(t, kov, s.id, 'recusal', { itemId: item.id, membershipId: m.id, name: m.name, reason: reason.trim() }, actorName);
    if ('actor' in by) await recordAudit(t, { kov, actor: by.actor, action: 'council.recusal.declare', targetType: 'council_item', targetId: item.id, after: { membershipId: m.id, reason: reason.trim() } });
  });
}

// ---------------------------------------------------------------- speakers

function speakerEvent(sp: SpeakerRow, name: string, what: 'requested' | 'started' | 'ended' | 'withdrawn') {
  return { itemId: sp.item_id, speakerId: sp.id, personId: sp.person_id, name, kind: sp.kind, what, limitSeconds: sp.limit_seconds };
}

/** A member asks to speak, to ask a question or to reply, on the open item. */
export async function requestToSpeak(db: Db, kov: string, sittingId: string, me: Member, kind: SpeakerKind): Promise<string> {
  if (!SPEAKER_KINDS.includes(kind)) throw badRequest([{ field: 'kind', reason: 'council.error.speakerKind' }]);
  return command(db, kov, sittingId, async (t, s) => {
    requireOpen(s);
    const item = (await itemsOfSitting(t, kov, s.id)).find((i) => i.state === 'open');
    if (!item) throw conflict('council.error.noOpenItem');
    const waiting = (await speakersOfSitting(t, kov, s.id)).find((x) => x.item_id === item.id && x.person_id === me.personId && x.kind === kind && !x.ended_at && !x.withdrawn_at);
    if (waiting) return waiting.id;
    const id = uuidv7();
    await insertSpeaker(t, { id, kov, itemId: item.id, personId: me.personId, kind });
    await appendEvent(t, kov, s.id, 'speaker', { itemId: item.id, speakerId: id, personId: me.personId, name: me.name, kind, what: 'requested', limitSeconds: null }, me.name);
    return id;
  });
}

/** She withdraws her own request before it starts. */
export async function withdrawRequest(db: Db, kov: string, sittingId: string, me: Member, speakerId: string): Promise<void> {
  await command(db, kov, sittingId, async (t, s) => {
    const own = (await speakersOfSitting(t, kov, s.id)).find((x) => x.id === speakerId);
    if (!own || own.person_id !== me.personId) throw notFound();
    const sp = await updateSpeaker(t, kov, speakerId, 'withdrawn', null);
    if (!sp) throw conflict('council.error.speakerState');
    await appendEvent(t, kov, s.id, 'speaker', speakerEvent(sp, sp.name, 'withdrawn'), me.name);
  });
}

/**
 * The secretary or the chair gives the floor (with a time limit in seconds, 10–3600; whoever was
 * speaking is ended first) or ends a speech.
 */
export async function moveSpeaker(db: Db, kov: string, sittingId: string, speakerId: string, what: 'started' | 'ended', limitSeconds: number | null, actor: Actor): Promise<void> {
  if (what === 'started' && (limitSeconds === null || !Number.isInteger(limitSeconds) || limitSeconds < 10 || limitSeconds > 3600)) {
    throw badRequest([{ field: 'limit', reason: 'council.error.limit' }]);
  }
  await command(db, kov, sittingId, async (t, s) => {
    requireOpen(s);
    const all = await speakersOfSitting(t, kov, s.id);
    const target = all.find((x) => x.id === speakerId);
    if (!target) throw notFound();
    if (what === 'started') {
      for (const cur of all.filter((x) => x.started_at && !x.ended_at && x.id !== speakerId)) {
        const ended = await updateSpeaker(t, kov, cur.id, 'ended', null);
        if (ended) await appendEvent(t, kov, s.id, 'speaker', speakerEvent(ended, ended.name, 'ended'), actor.name);
      }
    }
    const sp = await updateSpeaker(t, kov, speakerId, what, what === 'started' ? limitSeconds : null);
    if (!sp) throw conflict('council.error.speakerState');
    await appendEvent(t, kov, s.id, 'speaker', speakerEvent(sp, sp.name, what), actor.name);
    if (what === 'started') await recordAudit(t, { kov, actor, action: 'council.speaker.start', targetType: 'council_speaker', targetId: sp.id, after: { limitSeconds: sp.limit_seconds } });
    else await recordAudit(t, { kov, actor, action: 'council.speaker.end', targetType: 'council_speaker', targetId: sp.id, after: {} });
  });
}

// ---------------------------------------------------------------- votes

export interface OpenVoteInput {
  itemId: string;
  subject: string;
  majority: Majority;
  amendmentId?: string | null;
  repeatOf?: string | null;
  reason?: string | null;
}

/**
 * Opens a named vote on the open item. Refused without quorum, while another vote is open, before the
 * item's proposed amendments are voted (for a vote on the draft itself), and for a repeat without a
 * reason. Eligible: the present seated members without a declaration for the item, fixed now.
 */
export async function openVote(db: Db, kov: string, sittingId: string, input: OpenVoteInput, actor: Actor): Promise<string> {
  const subject = (input.subject ?? '').trim();
  const fields = [];
  if (subject.length < 1 || subject.length > 500) fields.push({ field: 'subject', reason: 'council.error.subject' });
  if (!MAJORITIES.includes(input.majority)) fields.push({ field: 'majority', reason: 'council.error.majority' });
  const reason = (input.reason ?? '').trim();
  if (input.repeatOf && (reason.length < 1 || reason.length > 1000)) fields.push({ field: 'reason', reason: 'council.error.repeatReason' });
  if (fields.length) throw badRequest(fields);
  return command(db, kov, sittingId, async (t, s) => {
    requireOpen(s);
    const item = (await itemsOfSitting(t, kov, s.id)).find((i) => i.id === input.itemId);
    if (!item) throw notFound();
    if (item.state !== 'open') throw conflict('council.error.itemNotOpen');
    const votes = await votesOfSitting(t, kov, s.id);
    const open = votes.find((v) => v.state === 'open');
    let repeated: VoteRow | null = null;
    if (input.repeatOf) {
      repeated = votes.find((v) => v.id === input.repeatOf) ?? null;
      if (!repeated || repeated.item_id !== item.id || repeated.state === 'void') throw badRequest([{ field: 'repeatOf', reason: 'council.error.repeatOf' }]);
    }
    if (open && open.id !== repeated?.id) throw conflict('council.error.voteOpen');
    const c = await context(t, kov, s);
    const present = await presentSeated(t, kov, c);
    const q = quorumOf(c.seats, present.length);
    if (!q.has) throw conflict('council.error.noQuorum', [{ field: 'quorum', reason: 'council.error.noQuorumDetail', vars: { present: q.present, needed: q.needed, seats: q.seats } }]);
    const amendmentId = input.amendmentId ?? repeated?.amendment_id ?? null;
    if (item.draft_id) {
      const amendments = await amendmentsOfDraft(t, kov, item.draft_id);
      if (amendmentId && !amendments.some((a) => a.id === amendmentId && (a.status === 'proposed' || repeated))) throw badRequest([{ field: 'amendmentId', reason: 'council.error.amendment' }]);
      if (!amendmentId && amendments.some((a) => a.status === 'proposed')) throw conflict('council.error.amendmentsFirst');
    } else if (amendmentId) throw badRequest([{ field: 'amendmentId', reason: 'council.error.amendment' }]);
    if (repeated?.state === 'open') {
      await finishVote(t, kov, repeated.id, 'void', null);
      await appendEvent(t, kov, s.id, 'vote.void', { voteId: repeated.id, itemId: item.id, reason }, actor.name);
    }
    const recused = (await recusalsOfSitting(t, kov, s.id)).filter((r) => r.item_id === item.id).map((r) => r.membership_id);
    const eligible = eligibleFor(present, recused);
    const id = uuidv7();
    await insertVote(t, {
      id,
      kov_code: kov,
      sitting_id: s.id,
      item_id: item.id,
      amendment_id: amendmentId,
      subject,
      kind: 'open',
      majority: input.majority,
      eligible,
      repeat_of: repeated?.id ?? null,
      repeat_reason: repeated ? reason : null,
      voting_vote_id: null,
      present: present.length,
    });
    await appendEvent(
      t,
      kov,
      s.id,
      'vote.opened',
      { voteId: id, itemId: item.id, subject, kind: 'open', majority: input.majority, eligible: eligible.length, repeatOf: repeated?.id ?? null, reason: repeated ? reason : null },
      actor.name,
    );
    const after = { itemId: item.id, subject, majority: input.majority, repeatOf: repeated?.id ?? null, reason: repeated ? reason : null };
    if (repeated) await recordAudit(t, { kov, actor, action: 'council.vote.repeat', targetType: 'council_vote', targetId: id, after });
    else await recordAudit(t, { kov, actor, action: 'council.vote.open', targetType: 'council_vote', targetId: id, after });
    return id;
  });
}

/**
 * A member's choice in the open vote: once (a second attempt is refused with 409; parallel attempts
 * are serialised by the sitting's lock and the choice's primary key, so exactly one counts).
 */
export async function choose(db: Db, kov: string, sittingId: string, voteId: string, me: Member, choice: Choice): Promise<void> {
  if (!CHOICES.includes(choice)) throw badRequest([{ field: 'choice', reason: 'council.error.choice' }]);
  if (!isId(voteId)) throw notFound();
  await command(db, kov, sittingId, async (t, s) => {
    const v = await voteById(t, kov, voteId);
    if (!v || v.sitting_id !== s.id) throw notFound();
    if (v.state !== 'open') throw conflict('council.error.voteNotOpen');
    if (v.kind !== 'open') throw conflict('council.secret.error.kind'); // a secret ballot goes through secret.ts
    if (!v.eligible.includes(me.membershipId)) {
      const recused = (await recusalsOfSitting(t, kov, s.id)).some((r) => r.item_id === v.item_id && r.membership_id === me.membershipId);
      throw forbidden(recused ? 'council.error.recused' : 'council.error.notEligible');
    }
    if (!(await insertChoice(t, kov, v.id, me.membershipId, choice))) throw conflict('council.error.alreadyVoted');
    await notifyTally(t, s.id, await lastSeq(t, kov, s.id));
  });
}

/** Closes the open vote: the outcome (rules.ts) and every eligible seat's choice go in the event. */
export async function closeVote(db: Db, kov: string, sittingId: string, voteId: string, actor: Actor): Promise<VoteOutcome> {
  if (!isId(voteId)) throw notFound();
  return command(db, kov, sittingId, async (t, s) => {
    const v = await voteById(t, kov, voteId);
    if (!v || v.sitting_id !== s.id) throw notFound();
    if (v.state !== 'open') throw conflict('council.error.voteNotOpen');
    if (v.kind !== 'open') throw conflict('council.secret.error.kind'); // secret.ts closes a secret ballot
    const c = await context(t, kov, s);
    const choices = await choicesOf(t, kov, v.id);
    const outcome = outcomeOf(v.majority, {
      seats: c.seats,
      present: v.present ?? v.eligible.length,
      eligible: v.eligible,
      choices: choices.map((x) => ({ membershipId: x.membership_id, choice: x.choice })),
    });
    await finishVote(t, kov, v.id, 'closed', outcome);
    if (v.amendment_id) await setAmendmentStatus(t, kov, v.amendment_id, outcome.adopted ? 'adopted' : 'rejected');
    const byId = new Map(c.all.map((m) => [m.id, m]));
    const chosen = new Map(choices.map((x) => [x.membership_id, x.choice]));
    const named = v.eligible.map((id) => ({ membershipId: id, name: byId.get(id)?.name ?? '', faction: byId.get(id)?.faction ?? null, choice: chosen.get(id) ?? ('none' as const) }));
    await appendEvent(t, kov, s.id, 'vote.closed', { voteId: v.id, itemId: v.item_id, subject: v.subject, kind: v.kind, majority: v.majority, outcome, choices: named }, actor.name);
    await recordAudit(t, { kov, actor, action: 'council.vote.close', targetType: 'council_vote', targetId: v.id, after: { outcome } });
    return outcome;
  });
}

// ---------------------------------------------------------------- reads

/** The sitting as it is now (for pages, the JSON API and a client that rejoins). */
export async function liveState(db: Db, kov: string, sittingId: string): Promise<LiveState> {
  return db.tx(async (t) => {
    const s = needSitting(await sittingById(t, kov, sittingId));
    const c = await context(t, kov, s);
    // (one statement at a time: a transaction is one connection)
    const presence = await presenceOf(t, kov, s.id);
    const items = await itemsOfSitting(t, kov, s.id);
    const recusals = await recusalsOfSitting(t, kov, s.id);
    const speakers = await speakersOfSitting(t, kov, s.id);
    const votes = await votesOfSitting(t, kov, s.id);
    const choices = await choicesOfSitting(t, kov, s.id);
    const seq = await lastSeq(t, kov, s.id);
    const pres = new Map(presence.map((p) => [p.membership_id, p]));
    const seats: SeatView[] = c.seated.map((m) => ({
      membershipId: m.id,
      personId: m.person_id,
      name: m.name,
      faction: m.faction,
      role: m.role,
      substituteFor: m.substitute_for,
      present: pres.get(m.id)?.present ?? false,
      how: pres.get(m.id)?.how ?? null,
    }));
    const byId = new Map(c.all.map((m) => [m.id, m]));
    const voteViews: VoteView[] = votes.map((v) => {
      const mine = choices.filter((x) => x.vote_id === v.id);
      const chosen = new Map(mine.map((x) => [x.membership_id, x.choice]));
      return {
        id: v.id,
        kind: v.kind,
        itemId: v.item_id,
        amendmentId: v.amendment_id,
        subject: v.subject,
        majority: v.majority,
        state: v.state,
        openedAt: v.opened_at,
        closedAt: v.closed_at,
        eligible: v.eligible.length,
        present: v.present,
        repeatOf: v.repeat_of,
        repeatReason: v.repeat_reason,
        cast: mine.length,
        outcome: v.outcome,
        choices:
          v.state === 'closed' && v.kind === 'open' // a secret ballot has no named choices (secret.ts)
            ? v.eligible.map((id) => ({ membershipId: id, name: byId.get(id)?.name ?? '', faction: byId.get(id)?.faction ?? null, choice: chosen.get(id) ?? ('none' as const) }))
            : [],
      };
    });
    const current = items.find((i) => i.state === 'open') ?? null;
    return {
      sitting: { id: s.id, kov, number: s.number, state: s.state, mode: s.mode, startsAt: s.starts_at, place: s.place, videoUrl: s.video_url, bodyName: c.bodyName },
      quorum: quorumOf(c.seats, seats.filter((x) => x.present).length),
      seats,
      items: items.map((i) => ({ ...i, recused: recusals.filter((r) => r.item_id === i.id).map((r) => r.membership_id) })),
      currentItemId: current?.id ?? null,
      speakers: speakers.map((x) => ({
        id: x.id,
        itemId: x.item_id,
        personId: x.person_id,
        name: x.name,
        kind: x.kind,
        limitSeconds: x.limit_seconds,
        requestedAt: x.requested_at,
        startedAt: x.started_at,
        endedAt: x.ended_at,
        withdrawnAt: x.withdrawn_at,
      })),
      votes: voteViews,
      openVote: voteViews.find((v) => v.state === 'open') ?? null,
      seq,
    };
  }, { kov });
}

/** A member's own choice in a vote (her view confirms it), or null. */
export async function myChoice(db: Db, kov: string, voteId: string, me: Member): Promise<Choice | null> {
  return db.tx(async (t) => (await choicesOf(t, kov, voteId)).find((c) => c.membership_id === me.membershipId)?.choice ?? null, { kov });
}

/** The sitting's events after `after` (SSE replay). */
/**
 * The sitting's events after `after`, as everyone may see them (the live stream, its JSON): an event
 * about an agenda item held in closed session (council_item.public = false) keeps only which item and
 * vote it is about — no title, subject, speaker, name or choice. The minutes read the full log.
 */
export async function sittingEventsAfter(db: Db, kov: string, sittingId: string, after: number): Promise<EventRow[]> {
  return db.tx(
    async (t) => {
      const rows = await eventsAfter(t, kov, sittingId, after);
      if (!rows.some((r) => typeof r.data.itemId === 'string')) return rows;
      const closed = new Set((await itemsOfSitting(t, kov, sittingId)).filter((i) => !i.public).map((i) => i.id));
      return closed.size === 0 ? rows : rows.map((r) => redactClosed(r, closed));
    },
    { kov },
  );
}

/** An event about a closed-session item, reduced to which item (and vote) it is about. */
export function redactClosed(e: EventRow, closed: ReadonlySet<string>): EventRow {
  const itemId = e.data.itemId;
  if (typeof itemId !== 'string' || !closed.has(itemId)) return e;
  const data: Record<string, unknown> = { itemId, closedSession: true };
  if (typeof e.data.voteId === 'string') data.voteId = e.data.voteId;
  return { ...e, data };
}

/**
 * What everyone may see of the sitting (the watching page, the public state API): nothing of a sitting
 * whose notice is not out yet, and no agenda item held in closed session, nor its speakers and votes —
 * as on the sitting's public page.
 */
export function publicView(s: LiveState): LiveState {
  if (s.sitting.state === 'planned') throw notFound();
  const closed = new Set(s.items.filter((i) => !i.public).map((i) => i.id));
  if (closed.size === 0) return s;
  return {
    ...s,
    items: s.items.filter((i) => i.public),
    currentItemId: s.currentItemId !== null && closed.has(s.currentItemId) ? null : s.currentItemId,
    speakers: s.speakers.filter((x) => !closed.has(x.itemId)),
    votes: s.votes.filter((v) => !closed.has(v.itemId)),
    openVote: s.openVote && closed.has(s.openVote.itemId) ? null : s.openVote,
  };
}

/** Whether the sitting exists in the KOV (SSE checks before it hijacks the reply). */
export async function sittingExists(db: Db, kov: string, sittingId: string): Promise<boolean> {
  return db.tx(async (t) => !!(await sittingById(t, kov, sittingId)), { kov });
}

/** The sitting's last event number (0: none). */
export async function sittingLastSeq(db: Db, kov: string, sittingId: string): Promise<number> {
  return db.tx((t) => lastSeq(t, kov, sittingId), { kov });
}

/** The proposed amendments of the open item's draft (the console offers them for a vote). */
export async function proposedAmendments(db: Db, kov: string, sittingId: string): Promise<{ id: string; text: string }[]> {
  return db.tx(async (t) => {
    const item = (await itemsOfSitting(t, kov, sittingId)).find((i) => i.state === 'open');
    if (!item?.draft_id) return [];
    return (await amendmentsOfDraft(t, kov, item.draft_id)).filter((a) => a.status === 'proposed').map((a) => ({ id: a.id, text: a.text }));
  }, { kov });
}
