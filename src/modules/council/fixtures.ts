// Test factories of the council module (other modules' tests may use them): a council of N members
// (valid ID codes, names, factions; member 1 chairs, member 2 is deputy), one commission, and a sitting
// with an agenda of M items. Rows go in through the module's repo in one tenant transaction.
import type { Db } from '../../kernel/db.js';
import { hashIdcode, idcodeHint, withCheckDigit } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import { insertBody, insertItem, insertMembership, insertPerson, insertSitting } from './repo/setup.js';

export const COUNCIL_KOV = '0784';
export const OTHER_KOV = '0793';

export interface CouncilWorld {
  kov: string;
  councilId: string;
  commissionId: string;
  sittingId: string;
  itemIds: string[];
  /** Members in seat order: their ID codes, person ids and membership ids. */
  members: { idcode: string; personId: string; membershipId: string; name: string; faction: string }[];
}

const FACTIONS = ['Reformierakond', 'Keskerakond', 'Isamaa', 'Sotsiaaldemokraadid', 'Valimisliit Kodulinn'];

/** The ID code of council member n (1-based): men and women born 1960–1990, valid check digit. */
export function memberIdcode(n: number): string {
  const sex = n % 2 === 0 ? '4' : '3';
  const yy = String(60 + (n % 30)).padStart(2, '0');
  return withCheckDigit(`${sex}${yy}0101${String(100 + n).padStart(3, '0')}`);
}

export async function councilWorld(
  db: Db,
  key: string,
  opts: { kov?: string; members?: number; items?: number; startsAt?: Date; membersFrom?: string } = {},
): Promise<CouncilWorld> {
  const kov = opts.kov ?? COUNCIL_KOV;
  const n = opts.members ?? 31;
  const items = opts.items ?? 3;
  const councilId = uuidv7();
  const commissionId = uuidv7();
  const sittingId = uuidv7();
  const members: CouncilWorld['members'] = [];
  const itemIds: string[] = [];
  await db.tx(
    async (t) => {
      await insertBody(t, { id: councilId, kov_code: kov, kind: 'council', parent_id: null, name: 'Volikogu', short_name: null, seats: n });
      await insertBody(t, { id: commissionId, kov_code: kov, kind: 'commission', parent_id: councilId, name: 'Eelarvekomisjon', short_name: null, seats: 5 });
      for (let i = 1; i <= n; i++) {
        const idcode = memberIdcode(i);
        const personId = uuidv7();
        const membershipId = uuidv7();
        const name = `Liige ${String(i).padStart(2, '0')} Volikogust`;
        const faction = FACTIONS[i % FACTIONS.length]!;
        await insertPerson(t, { id: personId, kov_code: kov, idcode_hash: hashIdcode(key, idcode), idcode_hint: idcodeHint(idcode), name, email: null });
        await insertMembership(t, {
          id: membershipId,
          kov_code: kov,
          body_id: councilId,
          person_id: personId,
          role: i === 1 ? 'chair' : i === 2 ? 'deputy' : 'member',
          faction,
          voting_right: true,
          starts: opts.membersFrom ?? '2025-11-01',
          ends: null,
          substitute_for: null,
        });
        members.push({ idcode, personId, membershipId, name, faction });
      }
      await insertSitting(t, {
        id: sittingId,
        kov_code: kov,
        body_id: councilId,
        number: 1,
        kind: 'regular',
        mode: 'hybrid',
        starts_at: opts.startsAt ?? new Date('2027-01-14T14:00:00+02:00'),
        place: 'Raekoja saal',
        video_url: null,
      });
      for (let p = 1; p <= items; p++) {
        const id = uuidv7();
        await insertItem(t, { id, kov_code: kov, sitting_id: sittingId, position: p, title: `Päevakorrapunkt ${p}`, draft_id: null, public: true });
        itemIds.push(id);
      }
    },
    { kov },
  );
  return { kov, councilId, commissionId, sittingId, itemIds, members };
}

// ---------- added by the record part: a sitting played to its end through the live part's repo ----------
// (imports here, not at the top, so that the parts' additions to this file merge without conflicts)
import type { Tx } from '../../kernel/db.js';
import type { Choice, Majority, VoteKind, VoteOutcome } from './repo/live.js';
import { appendEvent, finishVote, insertChoice, insertRecusal, insertSpeaker, insertVote, lockSitting, setItemState, setSittingState, upsertPresence } from './repo/live.js';

export interface PlayedSitting {
  /** The votes in the order held: [item 1 open simple, item 2 composition (failed), its repeat, item 3 secret]. */
  voteIds: string[];
  /** Member numbers (1-based) present in the room, online, and absent. */
  room: number[];
  online: number[];
  absent: number[];
  /** The member (1-based) recused on item 1. */
  recused: number;
}

const neededFor = (majority: Majority, seats: number, present: number, against: number) =>
  majority === 'simple' ? against + 1 : majority === 'composition' ? Math.floor(seats / 2) + 1 : majority === 'two_thirds' ? Math.ceil((2 * seats) / 3) : Math.floor(present / 2) + 1;

/**
 * Plays the world's sitting (at least 3 items, at least 25 members) to its close through repo/live.ts,
 * the way the live part writes it: the sitting opens, members 1–18 register in the room and 19–25 online
 * (26 registers and leaves; the rest are absent); on item 1 member 3 speaks and member 4 asks a question,
 * member 5 declares a conflict of interest, and an open vote by simple majority passes (the first 15
 * eligible for, the next 4 against, 2 abstain, the rest do not vote); on item 2 an open vote by the
 * composition's majority fails (10 for) and the chair repeats it with a reason (18 for: adopted); on
 * item 3 a secret ballot passes by 14 to 8 (counts only). Every step appends its events.
 */
export async function playedSitting(db: Db, world: CouncilWorld): Promise<PlayedSitting> {
  const { kov, sittingId, itemIds, members } = world;
  const seats = members.length;
  const room = Array.from({ length: 18 }, (_, i) => i + 1);
  const online = Array.from({ length: 7 }, (_, i) => i + 19);
  const m = (n: number) => members[n - 1]!;
  const step = (fn: (t: Tx) => Promise<void>) =>
    db.tx(
      async (t) => {
        if (!(await lockSitting(t, kov, sittingId))) throw new Error('no sitting');
        await fn(t);
      },
      { kov },
    );
  const event = (t: Tx, kind: string, data: Record<string, unknown>) => appendEvent(t, kov, sittingId, kind, data, 'Sekretär Sille');
  await step(async (t) => {
    await setSittingState(t, kov, sittingId, 'open');
    await event(t, 'sitting.opened', {});
    for (const [list, how] of [[room, 'room'], [online, 'online'], [[26], 'online']] as const) {
      for (const n of list) {
        await upsertPresence(t, kov, sittingId, m(n).membershipId, true, how, null);
        await event(t, 'presence', { membershipId: m(n).membershipId, name: m(n).name, present: true, how });
      }
    }
    await upsertPresence(t, kov, sittingId, m(26).membershipId, false, 'online', null);
    await event(t, 'presence', { membershipId: m(26).membershipId, name: m(26).name, present: false, how: 'online' });
  });
  const present = [...room, ...online];
  const voteIds: string[] = [];
  async function vote(itemId: string, subject: string, kind: VoteKind, majority: Majority, eligibleNs: number[], counts: { for: number; against: number; abstain: number }, repeat?: { of: string; reason: string }) {
    const id = uuidv7();
    voteIds.push(id);
    await step(async (t) => {
      await insertVote(t, { id, kov_code: kov, sitting_id: sittingId, item_id: itemId, amendment_id: null, subject, kind, majority, eligible: eligibleNs.map((n) => m(n).membershipId), repeat_of: repeat?.of ?? null, repeat_reason: repeat?.reason ?? null, voting_vote_id: null });
      await event(t, 'vote.opened', { voteId: id, itemId, subject, kind, majority, eligible: eligibleNs.length, repeatOf: repeat?.of ?? null, reason: repeat?.reason ?? null });
    });
    const choices: { membershipId: string; name: string; faction: string; choice: Choice | 'none' }[] = [];
    await step(async (t) => {
      eligibleNs.forEach((n, i) => {
        const choice: Choice | 'none' = i < counts.for ? 'for' : i < counts.for + counts.against ? 'against' : i < counts.for + counts.against + counts.abstain ? 'abstain' : 'none';
        choices.push({ membershipId: m(n).membershipId, name: m(n).name, faction: m(n).faction, choice });
      });
      if (kind === 'open') for (const c of choices) if (c.choice !== 'none') await insertChoice(t, kov, id, c.membershipId, c.choice);
      const needed = neededFor(majority, seats, present.length, counts.against);
      const outcome: VoteOutcome = { ...counts, notVoting: eligibleNs.length - counts.for - counts.against - counts.abstain, seats, present: present.length, needed, adopted: counts.for >= needed };
      await finishVote(t, kov, id, 'closed', outcome);
      await event(t, 'vote.closed', { voteId: id, itemId, subject, kind, majority, outcome, ...(kind === 'open' ? { choices } : {}) });
    });
    return id;
  }
  // item 1: speakers, a recusal, an open vote by simple majority
  const [i1, i2, i3] = itemIds as [string, string, string];
  await step(async (t) => {
    await setItemState(t, kov, i1, 'open', null);
    await event(t, 'item.opened', { itemId: i1, position: 1, title: 'Päevakorrapunkt 1' });
    for (const [n, kind] of [[3, 'speech'], [4, 'question']] as const) {
      const speakerId = uuidv7();
      await insertSpeaker(t, { id: speakerId, kov, itemId: i1, personId: m(n).personId, kind });
      for (const what of ['requested', 'started', 'ended']) await event(t, 'speaker', { itemId: i1, speakerId, personId: m(n).personId, name: m(n).name, kind, what, limitSeconds: 300 });
    }
    await insertRecusal(t, kov, i1, m(5).membershipId, 'Abikaasa ettevõte on tehingu osapool');
    await event(t, 'recusal', { itemId: i1, membershipId: m(5).membershipId, name: m(5).name, reason: 'Abikaasa ettevõte on tehingu osapool' });
  });
  await vote(i1, 'Eelnõu 1 vastuvõtmine', 'open', 'simple', present.filter((n) => n !== 5), { for: 15, against: 4, abstain: 2 });
  await step(async (t) => {
    await setItemState(t, kov, i1, 'done', 'Otsus nr 1 vastu võetud');
    await event(t, 'item.closed', { itemId: i1, position: 1, result: 'Otsus nr 1 vastu võetud' });
    await event(t, 'item.opened', { itemId: i2, position: 2, title: 'Päevakorrapunkt 2' });
    await setItemState(t, kov, i2, 'open', null);
  });
  // item 2: a failed vote by the composition's majority, repeated with a reason
  const failed = await vote(i2, 'Määruse 2 vastuvõtmine', 'open', 'composition', present, { for: 10, against: 3, abstain: 0 });
  await vote(i2, 'Määruse 2 vastuvõtmine', 'open', 'composition', present, { for: 18, against: 3, abstain: 1 }, { of: failed, reason: 'Hääletusseadme tõrge saalis' });
  await step(async (t) => {
    await setItemState(t, kov, i2, 'done', 'Määrus nr 2 vastu võetud');
    await event(t, 'item.closed', { itemId: i2, position: 2, result: 'Määrus nr 2 vastu võetud' });
    await event(t, 'item.opened', { itemId: i3, position: 3, title: 'Päevakorrapunkt 3' });
    await setItemState(t, kov, i3, 'open', null);
  });
  // item 3: a secret ballot (counts only)
  await vote(i3, 'Revisjonikomisjoni esimehe valimine', 'secret', 'simple', present, { for: 14, against: 8, abstain: 1 });
  await step(async (t) => {
    await setItemState(t, kov, i3, 'done', 'Revisjonikomisjoni esimees valitud');
    await event(t, 'item.closed', { itemId: i3, position: 3, result: 'Revisjonikomisjoni esimees valitud' });
    await setSittingState(t, kov, sittingId, 'closed');
    await event(t, 'sitting.closed', {});
  });
  const absent = members.map((_, i) => i + 1).filter((n) => !present.includes(n));
  return { voteIds, room, online, absent, recused: 5 };
}

/** The text lines of a PDF the kernel made (for other tests, e.g. the browser journey's minutes PDF). */
export { pdfLines } from './record.pdf-text.js';

/**
 * Added by the set-up part: a draft of the world's council with one PDF document, on the agenda's
 * first item, public (submitted), with an amendment of member 3. Rows through the repo.
 */
export async function councilDocsIn(db: Db, w: CouncilWorld): Promise<{ draftId: string; fileId: string; amendmentId: string }> {
  const { insertAmendment, insertDraft, insertFile, setDraftStatus, setItemDraft } = await import('./repo/setup.js');
  const { tinyPdf } = await import('./demo.js');
  const draftId = uuidv7();
  const fileId = uuidv7();
  const amendmentId = uuidv7();
  const bytes = tinyPdf('Eelnou');
  const { createHash } = await import('node:crypto');
  await db.tx(
    async (t) => {
      await insertDraft(t, { id: draftId, kov_code: w.kov, body_id: w.councilId, number: `T-${draftId.slice(-6)}`, title: 'Eelnõu', kind: 'decision', presenter: 'Valitsus', summary: '' });
      await setDraftStatus(t, w.kov, draftId, 'submitted');
      await insertFile(t, { id: fileId, kov_code: w.kov, draft_id: draftId, sitting_id: null, document_id: fileId, version: 1, name: 'eelnou.pdf', media_type: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes, uploaded_by: 'test' });
      await insertAmendment(t, { id: amendmentId, kov_code: w.kov, draft_id: draftId, proposer_id: w.members[2]!.personId, text: 'Muuta' });
      await setItemDraft(t, w.kov, w.itemIds[0]!, draftId);
    },
    { kov: w.kov },
  );
  return { draftId, fileId, amendmentId };
}

/** Marks members `from`..`to` (0-based, `to` excluded) of an open sitting present in the room, as the console does (council-live). */
export async function markInRoom(db: Db, w: CouncilWorld, from: number, to: number): Promise<void> {
  const { markPresence } = await import('./live.js');
  for (let i = from; i < to; i++) await markPresence(db, w.kov, w.sittingId, w.members[i]!.membershipId, true, 'room', { kind: 'system', id: null, name: 'test' });
}

/** Opens the sitting and its first agenda item, as the console does (council-secret's browser test). */
export async function openSittingAndItem(db: Db, w: CouncilWorld): Promise<void> {
  const { openItem, openSitting } = await import('./live.js');
  const actor = { kind: 'system' as const, id: null, name: 'test' };
  await openSitting(db, w.kov, w.sittingId, actor);
  await openItem(db, w.kov, w.sittingId, w.itemIds[0]!, actor);
}
