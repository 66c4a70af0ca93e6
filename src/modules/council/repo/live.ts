// SQL for the live sitting's tables (council_presence, council_recusal, council_vote, council_choice,
// council_event). Every function takes the caller's transaction; writers that change a sitting's
// state run while the caller holds the sitting's row lock (lockSitting), so that the event log's
// sequence numbers and the one-open-vote rule never race.
import type { Tx } from '../../../kernel/db.js';
import type { SittingRow } from './setup.js';

export type Choice = 'for' | 'against' | 'abstain';
export type Majority = 'simple' | 'composition' | 'two_thirds' | 'present_majority';
export type VoteKind = 'open' | 'secret';

/**
 * The event log's kinds and their data (the contract between the live sitting, the watchers and the
 * minutes; names are the ones shown, so the minutes keep them as they were at the time):
 *   sitting.opened {}                      sitting.closed {}
 *   presence       { membershipId, name, present, how: 'room' | 'online' }
 *   item.opened    { itemId, position, title }       item.closed { itemId, position, result }
 *   recusal        { itemId, membershipId, name, reason }
 *   speaker        { itemId, speakerId, personId, name, kind: 'speech' | 'question' | 'reply',
 *                    what: 'requested' | 'started' | 'ended' | 'withdrawn', limitSeconds }
 *   vote.opened    { voteId, itemId, subject, kind, majority, eligible: number, repeatOf, reason }
 *   vote.closed    { voteId, itemId, subject, kind, majority, outcome: VoteOutcome,
 *                    choices: { membershipId, name, faction, choice: Choice | 'none' }[] (open votes only) }
 *   vote.void      { voteId, itemId, reason }
 */
export interface EventRow {
  sitting_id: string;
  seq: number;
  kov_code: string;
  at: Date;
  kind: string;
  data: Record<string, unknown>;
  actor: string | null;
}

/** What a closed vote counted and decided (rules.ts computes it). */
export interface VoteOutcome {
  for: number;
  against: number;
  abstain: number;
  /** Eligible seats that did not vote. */
  notVoting: number;
  /** Seats in the body (the composition) and seats registered present when the vote opened. */
  seats: number;
  present: number;
  /** The votes in favour the rule needed. */
  needed: number;
  adopted: boolean;
}

export interface VoteRow {
  id: string;
  kov_code: string;
  sitting_id: string;
  item_id: string;
  amendment_id: string | null;
  subject: string;
  kind: VoteKind;
  majority: Majority;
  state: 'open' | 'closed' | 'void';
  opened_at: Date;
  closed_at: Date | null;
  eligible: string[];
  outcome: VoteOutcome | null;
  repeat_of: string | null;
  repeat_reason: string | null;
  voting_vote_id: string | null;
}

/** The sitting, locked for the rest of the transaction (null if not in this KOV). */
export async function lockSitting(t: Tx, kov: string, sittingId: string): Promise<SittingRow | null> {
  const r = await t.one<SittingRow>(
    `SELECT id, kov_code, body_id, number, kind, mode, starts_at, place, video_url, state, notice_published_at, opened_at, closed_at, created_at
       FROM council_sitting WHERE id = $1 AND kov_code = $2 FOR UPDATE`,
    [sittingId, kov],
  );
  return r ?? null;
}

/**
 * Appends an event (next seq of the sitting; the caller holds the sitting's lock) and notifies the
 * channel 'council_live' with '<sitting id>:<seq>' (delivered when the transaction commits).
 */
export async function appendEvent(t: Tx, kov: string, sittingId: string, kind: string, data: Record<string, unknown>, actor: string | null): Promise<number> {
  const r = await t.one<{ seq: number }>(
    `INSERT INTO council_event (sitting_id, seq, kov_code, kind, data, actor)
     SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4::jsonb, $5 FROM council_event WHERE sitting_id = $1
     RETURNING seq`,
    [sittingId, kov, kind, JSON.stringify(data), actor],
  );
  const seq = r!.seq;
  await t.query(`SELECT pg_notify('council_live', $1)`, [`${sittingId}:${seq}`]);
  return seq;
}

/** The sitting's events after seq `after` (0: all), in order. */
export async function eventsAfter(t: Tx, kov: string, sittingId: string, after: number): Promise<EventRow[]> {
  return t.query<EventRow>(
    `SELECT sitting_id, seq, kov_code, at, kind, data, actor FROM council_event
      WHERE sitting_id = $1 AND kov_code = $2 AND seq > $3 ORDER BY seq`,
    [sittingId, kov, after],
  );
}
