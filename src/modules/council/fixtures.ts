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
