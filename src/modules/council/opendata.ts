// The council module's open-data export (read only; issue 14, item 3): the votes of closed sittings
// on public agenda items. Open votes are named (KOKS § 44–45: public by law): each member's choice by
// name and faction; secret ballots give counts only.
import type { Db } from '../../kernel/db.js';
import type { Choice, Majority, VoteKind } from './repo/live.js';
import { openChoiceRows, openVoteRows } from './repo/opendata.js';

export interface OpenCouncilVote {
  id: string;
  body: string;
  sittingNumber: number;
  sittingStartsAt: Date;
  itemPosition: number;
  itemTitle: string;
  draftNumber: string | null;
  subject: string;
  kind: VoteKind;
  majority: Majority;
  for: number;
  against: number;
  abstain: number;
  notVoting: number;
  needed: number | null;
  adopted: boolean | null;
  closedAt: Date | null;
  repeatOf: string | null;
  /** Open votes: every eligible member by name (choice null: did not vote); secret ballots: []. */
  choices: { name: string; faction: string | null; choice: Choice | null }[];
}

/** The KOV's closed votes of closed sittings, in the order held. */
export async function openCouncilVotes(db: Db, kov: string): Promise<OpenCouncilVote[]> {
  const { votes, choices } = await db.tx(async (t) => ({ votes: await openVoteRows(t, kov), choices: await openChoiceRows(t, kov) }), { kov });
  const byVote = new Map<string, OpenCouncilVote['choices']>();
  for (const c of choices) {
    let list = byVote.get(c.vote_id);
    if (!list) byVote.set(c.vote_id, (list = []));
    list.push({ name: c.name, faction: c.faction, choice: c.choice });
  }
  return votes.map((v) => ({
    id: v.id,
    body: v.body_name,
    sittingNumber: v.sitting_number,
    sittingStartsAt: new Date(v.starts_at),
    itemPosition: v.item_position,
    itemTitle: v.item_title,
    draftNumber: v.draft_number,
    subject: v.subject,
    kind: v.kind,
    majority: v.majority,
    for: v.outcome?.for ?? 0,
    against: v.outcome?.against ?? 0,
    abstain: v.outcome?.abstain ?? 0,
    notVoting: v.outcome?.notVoting ?? 0,
    needed: v.outcome?.needed ?? null,
    adopted: v.outcome?.adopted ?? null,
    closedAt: v.closed_at ? new Date(v.closed_at) : null,
    repeatOf: v.repeat_of,
    choices: v.kind === 'open' ? (byVote.get(v.id) ?? []) : [],
  }));
}
