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

const VOTE_COLS = `id, kov_code, sitting_id, item_id, amendment_id, subject, kind, majority, state, opened_at, closed_at,
  eligible, outcome, repeat_of, repeat_reason, voting_vote_id`;

/** Opens a vote (the unique index council_vote_one_open refuses a second open vote of the sitting). */
export async function insertVote(
  t: Tx,
  v: Pick<VoteRow, 'id' | 'kov_code' | 'sitting_id' | 'item_id' | 'amendment_id' | 'subject' | 'kind' | 'majority' | 'eligible' | 'repeat_of' | 'repeat_reason' | 'voting_vote_id'>,
): Promise<VoteRow> {
  const r = await t.one<VoteRow>(
    `INSERT INTO council_vote (id, kov_code, sitting_id, item_id, amendment_id, subject, kind, majority, eligible, repeat_of, repeat_reason, voting_vote_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10, $11, $12) RETURNING ${VOTE_COLS}`,
    [v.id, v.kov_code, v.sitting_id, v.item_id, v.amendment_id, v.subject, v.kind, v.majority, v.eligible, v.repeat_of, v.repeat_reason, v.voting_vote_id],
  );
  return r!;
}

/** A member's choice in an open vote; false when she has already chosen (one choice per seat). */
export async function insertChoice(t: Tx, kov: string, voteId: string, membershipId: string, choice: Choice): Promise<boolean> {
  const r = await t.query<{ vote_id: string }>(
    `INSERT INTO council_choice (vote_id, membership_id, kov_code, choice) VALUES ($1, $2, $3, $4)
     ON CONFLICT (vote_id, membership_id) DO NOTHING RETURNING vote_id`,
    [voteId, membershipId, kov, choice],
  );
  return r.length === 1;
}

/** The choices of a vote, in the order cast. */
export async function choicesOf(t: Tx, kov: string, voteId: string): Promise<{ membership_id: string; choice: Choice; cast_at: Date }[]> {
  return t.query(`SELECT membership_id, choice, cast_at FROM council_choice WHERE vote_id = $1 AND kov_code = $2 ORDER BY cast_at, membership_id`, [voteId, kov]);
}

/** Closes an open vote with its outcome (or voids it); null when it was not open. */
export async function finishVote(t: Tx, kov: string, voteId: string, state: 'closed' | 'void', outcome: VoteOutcome | null): Promise<VoteRow | null> {
  const r = await t.one<VoteRow>(
    `UPDATE council_vote SET state = $3, closed_at = core_now(), outcome = $4::jsonb
      WHERE id = $1 AND kov_code = $2 AND state = 'open' RETURNING ${VOTE_COLS}`,
    [voteId, kov, state, outcome === null ? null : JSON.stringify(outcome)],
  );
  return r ?? null;
}

/** The sitting's votes in the order opened. */
export async function votesOfSitting(t: Tx, kov: string, sittingId: string): Promise<VoteRow[]> {
  return t.query<VoteRow>(`SELECT ${VOTE_COLS} FROM council_vote WHERE sitting_id = $1 AND kov_code = $2 ORDER BY opened_at, id`, [sittingId, kov]);
}
