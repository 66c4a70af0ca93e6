// SQL of the council module's open-data export (read only): the closed votes of a KOV's closed
// sittings on public agenda items, and the named choices of the open ones, for the platform's
// automatic dataset of council votes (src/modules/opendata/auto). Members by name and faction only
// (public office holders; never an ID code, its hash or hint, or an e-mail address).
import type { Tx } from '../../../kernel/db.js';
import type { Choice, Majority, VoteKind, VoteOutcome } from './live.js';

export interface OpenVoteRow {
  id: string;
  body_name: string;
  sitting_number: number;
  starts_at: Date;
  item_position: number;
  item_title: string;
  draft_number: string | null;
  subject: string;
  kind: VoteKind;
  majority: Majority;
  outcome: VoteOutcome | null;
  closed_at: Date | null;
  repeat_of: string | null;
}

/** Closed votes of closed sittings on public items, in the order held. */
export async function openVoteRows(t: Tx, kov: string): Promise<OpenVoteRow[]> {
  return t.query<OpenVoteRow>(
    `SELECT v.id, b.name AS body_name, s.number AS sitting_number, s.starts_at, i.position AS item_position, i.title AS item_title,
            d.number AS draft_number, v.subject, v.kind, v.majority, v.outcome, v.closed_at, v.repeat_of
       FROM council_vote v
       JOIN council_sitting s ON s.id = v.sitting_id AND s.kov_code = v.kov_code AND s.state = 'closed'
       JOIN council_body b ON b.id = s.body_id AND b.kov_code = s.kov_code
       JOIN council_item i ON i.id = v.item_id AND i.kov_code = v.kov_code AND i.public
       LEFT JOIN council_draft d ON d.id = i.draft_id AND d.kov_code = i.kov_code
      WHERE v.kov_code = $1 AND v.state = 'closed'
      ORDER BY s.starts_at, s.number, i.position, v.opened_at, v.id`,
    [kov],
  );
}

export interface OpenChoiceRow {
  vote_id: string;
  name: string;
  faction: string | null;
  /** null: eligible and did not vote. */
  choice: Choice | null;
}

/** Every eligible seat's choice in the closed open (named) votes of closed sittings, by name. */
export async function openChoiceRows(t: Tx, kov: string): Promise<OpenChoiceRow[]> {
  return t.query<OpenChoiceRow>(
    `SELECT v.id AS vote_id, p.name, m.faction, c.choice
       FROM council_vote v
       JOIN council_sitting s ON s.id = v.sitting_id AND s.kov_code = v.kov_code AND s.state = 'closed'
       JOIN council_membership m ON m.id = ANY(v.eligible) AND m.kov_code = v.kov_code
       JOIN council_person p ON p.id = m.person_id AND p.kov_code = m.kov_code
       LEFT JOIN council_choice c ON c.vote_id = v.id AND c.membership_id = m.id AND c.kov_code = v.kov_code
      WHERE v.kov_code = $1 AND v.kind = 'open' AND v.state = 'closed'
      ORDER BY v.id, p.name`,
    [kov],
  );
}
