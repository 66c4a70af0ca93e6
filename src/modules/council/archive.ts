// The council's public archive: closed sittings with their decisions, searchable in full text (agenda,
// decisions, drafts, vote subjects and signed minutes; PostgreSQL's 'estonian' configuration where the
// server has it, 'simple' otherwise), each sitting's record (votes with names for open votes, counts
// for secret ones; closed items show their decision only) and signed minutes, and each member's
// voting record (every open vote of a closed sitting she could vote in: item, subject, her choice,
// the outcome). Everything here is public.
import type { Db } from '../../kernel/db.js';
import { notFound } from '../../kernel/errors.js';
import type { SittingRecord } from './minutes.js';
import { loadRecord } from './minutes.js';
import type { Choice, Majority, VoteOutcome } from './repo/live.js';
import type { MinutesRow } from './repo/record.js';
import { closedSittings, decisionsOf, membershipsOfKov, minutesOf, personOf, sittingOf, votesOfPerson } from './repo/record.js';
import type { MemberRole, SittingRow } from './repo/setup.js';

export const ARCHIVE_PAGE_SIZE = 20;

export interface ArchiveSitting {
  id: string;
  bodyId: string;
  bodyName: string;
  number: number;
  kind: SittingRow['kind'];
  mode: SittingRow['mode'];
  startsAt: Date;
  place: string | null;
  closedAt: Date | null;
  minutesSignedAt: Date | null;
  minutesSaved: boolean;
  decisions: { position: number; title: string; result: string }[];
}

export interface ArchivePage {
  q: string;
  page: number;
  pages: number;
  total: number;
  sittings: ArchiveSitting[];
}

/** A page of the KOV's closed sittings, newest first; with `q`, those matching it. */
export async function archiveList(db: Db, kov: string, q: string, page: number): Promise<ArchivePage> {
  const query = q.trim().slice(0, 200);
  const p = Math.max(1, Math.floor(page) || 1);
  return db.tx(
    async (t) => {
      const rows = await closedSittings(t, kov, query, ARCHIVE_PAGE_SIZE, (p - 1) * ARCHIVE_PAGE_SIZE);
      const decisions = await decisionsOf(t, kov, rows.map((r) => r.id));
      const total = rows[0]?.total ?? 0;
      return {
        q: query,
        page: p,
        pages: Math.max(1, Math.ceil(total / ARCHIVE_PAGE_SIZE)),
        total,
        sittings: rows.map((r) => ({
          id: r.id,
          bodyId: r.body_id,
          bodyName: r.body_name,
          number: r.number,
          kind: r.kind,
          mode: r.mode,
          startsAt: r.starts_at,
          place: r.place,
          closedAt: r.closed_at,
          minutesSignedAt: r.signed_at,
          minutesSaved: r.saved,
          decisions: decisions.filter((d) => d.sitting_id === r.id).map((d) => ({ position: d.position, title: d.title, result: d.result ?? '' })),
        })),
      };
    },
    { kov },
  );
}

export interface ArchiveSittingView {
  record: SittingRecord;
  minutes: Pick<MinutesRow, 'text' | 'signed_at' | 'signed_by'> | null;
}

/** The public record of a closed sitting (closed items without their debate and votes) and its signed minutes. */
export async function archiveSitting(db: Db, kov: string, id: string): Promise<ArchiveSittingView> {
  return db.tx(
    async (t) => {
      const s = await sittingOf(t, kov, id);
      if (!s || s.state !== 'closed') throw notFound();
      const record = (await loadRecord(t, kov, id))!;
      record.items = record.items.map((i) => (i.public ? i : { ...i, speakers: [], recusals: [], amendments: [], votes: [] }));
      const m = await minutesOf(t, kov, id);
      return { record, minutes: m?.signed_at ? { text: m.text, signed_at: m.signed_at, signed_by: m.signed_by } : null };
    },
    { kov },
  );
}

export interface MemberVote {
  voteId: string;
  sittingId: string;
  sittingNumber: number;
  bodyName: string;
  startsAt: Date;
  itemPosition: number;
  itemTitle: string;
  subject: string;
  majority: Majority;
  outcome: VoteOutcome | null;
  choice: Choice | 'none';
}

export interface MemberRecord {
  person: { id: string; name: string };
  memberships: { bodyId: string; role: MemberRole; faction: string | null; starts: string; ends: string | null; substitute: boolean }[];
  votes: MemberVote[];
}

/** A person's voting record: her memberships and every open vote of a closed sitting she could vote in. */
export async function memberRecord(db: Db, kov: string, personId: string): Promise<MemberRecord> {
  return db.tx(
    async (t) => {
      const person = await personOf(t, kov, personId);
      if (!person) throw notFound();
      const memberships = await membershipsOfKov(t, kov, { personId });
      const votes = await votesOfPerson(t, kov, personId);
      return {
        person,
        memberships: memberships.map((m) => ({ bodyId: m.body_id, role: m.role, faction: m.faction, starts: m.starts, ends: m.ends, substitute: m.substitute_for !== null })),
        votes: votes.map((v) => ({
          voteId: v.vote_id,
          sittingId: v.sitting_id,
          sittingNumber: v.sitting_number,
          bodyName: v.body_name,
          startsAt: v.starts_at,
          itemPosition: v.position,
          itemTitle: v.item_title,
          subject: v.subject,
          majority: v.majority,
          outcome: v.outcome,
          choice: v.choice ?? 'none',
        })),
      };
    },
    { kov },
  );
}

/** The people of the KOV's council and commissions (for the archive's list of voting records). */
export async function archiveMembers(db: Db, kov: string): Promise<{ id: string; name: string; faction: string | null }[]> {
  return db.tx(
    async (t) => {
      const seen = new Map<string, { id: string; name: string; faction: string | null }>();
      for (const m of await membershipsOfKov(t, kov)) if (!seen.has(m.person_id) || m.faction) seen.set(m.person_id, { id: m.person_id, name: m.person_name, faction: m.faction });
      return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, 'et'));
    },
    { kov },
  );
}
