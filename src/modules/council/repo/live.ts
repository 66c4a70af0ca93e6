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
 * Secret ballots (secret.ts; kind 'secret'): vote.opened adds { candidates: string[], commission: string[]
 * (the counting commission's names, member i the i-th), threshold, votingVoteId }; the chair's close
 * appends vote.counting { voteId, itemId, subject, kind, turnout } (ballots closed, the commission
 * counts); vote.closed comes when the counts are decrypted and verified, with outcome: SecretOutcome
 * (counts per candidate, elected, repeatBetween; the VoteOutcome fields too) and no `choices`.
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
  /** Seats registered present when the vote opened (migration 202612121010). */
  present: number | null;
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
  eligible, outcome, repeat_of, repeat_reason, voting_vote_id, present`;

/** Opens a vote (the unique index council_vote_one_open refuses a second open vote of the sitting). */
export async function insertVote(
  t: Tx,
  v: Pick<VoteRow, 'id' | 'kov_code' | 'sitting_id' | 'item_id' | 'amendment_id' | 'subject' | 'kind' | 'majority' | 'eligible' | 'repeat_of' | 'repeat_reason' | 'voting_vote_id'> & {
    present?: number | null;
  },
): Promise<VoteRow> {
  const r = await t.one<VoteRow>(
    `INSERT INTO council_vote (id, kov_code, sitting_id, item_id, amendment_id, subject, kind, majority, eligible, repeat_of, repeat_reason, voting_vote_id, present)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10, $11, $12, $13) RETURNING ${VOTE_COLS}`,
    [v.id, v.kov_code, v.sitting_id, v.item_id, v.amendment_id, v.subject, v.kind, v.majority, v.eligible, v.repeat_of, v.repeat_reason, v.voting_vote_id, v.present ?? null],
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

// ---------------------------------------------------------------- reads and writes of the running sitting

const SITTING_COLS = `id, kov_code, body_id, number, kind, mode, starts_at, place, video_url, state, notice_published_at, opened_at, closed_at, created_at`;

/** The sitting (no lock), or null if not in this KOV. */
export async function sittingById(t: Tx, kov: string, sittingId: string): Promise<SittingRow | null> {
  return (await t.one<SittingRow>(`SELECT ${SITTING_COLS} FROM council_sitting WHERE id = $1 AND kov_code = $2`, [sittingId, kov])) ?? null;
}

export async function setSittingState(t: Tx, kov: string, sittingId: string, state: 'open' | 'closed'): Promise<void> {
  await t.query(
    `UPDATE council_sitting SET state = $3,
            opened_at = CASE WHEN $3 = 'open' THEN COALESCE(opened_at, core_now()) ELSE opened_at END,
            closed_at = CASE WHEN $3 = 'closed' THEN core_now() ELSE closed_at END
      WHERE id = $1 AND kov_code = $2`,
    [sittingId, kov, state],
  );
}

export interface SeatRow {
  id: string;
  person_id: string;
  name: string;
  role: 'chair' | 'deputy' | 'member';
  faction: string | null;
  voting_right: boolean;
  starts: string;
  ends: string | null;
  substitute_for: string | null;
  idcode_hash: string | null;
}

/** Every membership of a body with its person's name (the seat rules pick who sits on a day). */
export async function membershipsOfBody(t: Tx, kov: string, bodyId: string): Promise<SeatRow[]> {
  return t.query<SeatRow>(
    `SELECT m.id, m.person_id, p.name, m.role, m.faction, m.voting_right, to_char(m.starts, 'YYYY-MM-DD') AS starts,
            to_char(m.ends, 'YYYY-MM-DD') AS ends, m.substitute_for, p.idcode_hash
       FROM council_membership m JOIN council_person p ON p.id = m.person_id
      WHERE m.body_id = $1 AND m.kov_code = $2
      ORDER BY m.created_at, m.id`,
    [bodyId, kov],
  );
}

/** The body's composition (seats) and name. */
export async function bodySeats(t: Tx, kov: string, bodyId: string): Promise<{ name: string; seats: number } | null> {
  return (await t.one<{ name: string; seats: number }>(`SELECT name, seats FROM council_body WHERE id = $1 AND kov_code = $2`, [bodyId, kov])) ?? null;
}

export interface PresenceRow {
  membership_id: string;
  present: boolean;
  how: 'room' | 'online';
  changed_at: Date;
}

export async function presenceOf(t: Tx, kov: string, sittingId: string): Promise<PresenceRow[]> {
  return t.query<PresenceRow>(`SELECT membership_id, present, how, changed_at FROM council_presence WHERE sitting_id = $1 AND kov_code = $2`, [sittingId, kov]);
}

/** Sets a seat's presence; answers whether anything changed. */
export async function upsertPresence(t: Tx, kov: string, sittingId: string, membershipId: string, present: boolean, how: 'room' | 'online', by: string | null): Promise<boolean> {
  const r = await t.query<{ membership_id: string }>(
    `INSERT INTO council_presence (sitting_id, membership_id, kov_code, present, how, changed_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (sitting_id, membership_id) DO UPDATE SET present = EXCLUDED.present, how = EXCLUDED.how, changed_at = core_now(), changed_by = EXCLUDED.changed_by
      WHERE council_presence.present IS DISTINCT FROM EXCLUDED.present OR council_presence.how IS DISTINCT FROM EXCLUDED.how
     RETURNING membership_id`,
    [sittingId, membershipId, kov, present, how, by],
  );
  return r.length === 1;
}

export interface LiveItemRow {
  id: string;
  position: number;
  title: string;
  draft_id: string | null;
  public: boolean;
  state: 'pending' | 'open' | 'done';
  result: string | null;
}

export async function itemsOfSitting(t: Tx, kov: string, sittingId: string): Promise<LiveItemRow[]> {
  return t.query<LiveItemRow>(
    `SELECT id, position, title, draft_id, public, state, result FROM council_item WHERE sitting_id = $1 AND kov_code = $2 ORDER BY position`,
    [sittingId, kov],
  );
}

export async function setItemState(t: Tx, kov: string, itemId: string, state: 'open' | 'done', result: string | null): Promise<void> {
  await t.query(`UPDATE council_item SET state = $3, result = CASE WHEN $3 = 'done' THEN $4 ELSE result END WHERE id = $1 AND kov_code = $2`, [itemId, kov, state, result]);
}

export interface RecusalRow {
  item_id: string;
  membership_id: string;
  reason: string;
  declared_at: Date;
}

export async function recusalsOfSitting(t: Tx, kov: string, sittingId: string): Promise<RecusalRow[]> {
  return t.query<RecusalRow>(
    `SELECT r.item_id, r.membership_id, r.reason, r.declared_at FROM council_recusal r JOIN council_item i ON i.id = r.item_id
      WHERE i.sitting_id = $1 AND r.kov_code = $2 ORDER BY r.declared_at`,
    [sittingId, kov],
  );
}

/** A conflict-of-interest declaration; false when she had declared one for the item already. */
export async function insertRecusal(t: Tx, kov: string, itemId: string, membershipId: string, reason: string): Promise<boolean> {
  const r = await t.query(
    `INSERT INTO council_recusal (item_id, membership_id, kov_code, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING item_id`,
    [itemId, membershipId, kov, reason],
  );
  return r.length === 1;
}

export interface SpeakerRow {
  id: string;
  item_id: string;
  person_id: string;
  name: string;
  kind: 'speech' | 'question' | 'reply';
  limit_seconds: number | null;
  requested_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  withdrawn_at: Date | null;
}

export async function speakersOfSitting(t: Tx, kov: string, sittingId: string): Promise<SpeakerRow[]> {
  return t.query<SpeakerRow>(
    `SELECT s.id, s.item_id, s.person_id, p.name, s.kind, s.limit_seconds, s.requested_at, s.started_at, s.ended_at, s.withdrawn_at
       FROM council_speaker s JOIN council_item i ON i.id = s.item_id JOIN council_person p ON p.id = s.person_id
      WHERE i.sitting_id = $1 AND s.kov_code = $2 ORDER BY s.requested_at, s.id`,
    [sittingId, kov],
  );
}

export async function insertSpeaker(t: Tx, s: { id: string; kov: string; itemId: string; personId: string; kind: SpeakerRow['kind'] }): Promise<void> {
  await t.query(`INSERT INTO council_speaker (id, kov_code, item_id, person_id, kind) VALUES ($1, $2, $3, $4, $5)`, [s.id, s.kov, s.itemId, s.personId, s.kind]);
}

/** Starts, ends or withdraws a request (only from the state it may leave); the row, or null. */
export async function updateSpeaker(t: Tx, kov: string, id: string, what: 'started' | 'ended' | 'withdrawn', limitSeconds: number | null): Promise<SpeakerRow | null> {
  const set =
    what === 'started'
      ? `started_at = core_now(), limit_seconds = $3 WHERE id = $1 AND kov_code = $2 AND started_at IS NULL AND withdrawn_at IS NULL`
      : what === 'ended'
        ? `ended_at = core_now() WHERE id = $1 AND kov_code = $2 AND started_at IS NOT NULL AND ended_at IS NULL AND $3::int IS NULL`
        : `withdrawn_at = core_now() WHERE id = $1 AND kov_code = $2 AND started_at IS NULL AND withdrawn_at IS NULL AND $3::int IS NULL`;
  const r = await t.one<{ id: string }>(`UPDATE council_speaker SET ${set} RETURNING id`, [id, kov, limitSeconds]);
  if (!r) return null;
  return (
    (await t.one<SpeakerRow>(
      `SELECT s.id, s.item_id, s.person_id, p.name, s.kind, s.limit_seconds, s.requested_at, s.started_at, s.ended_at, s.withdrawn_at
         FROM council_speaker s JOIN council_person p ON p.id = s.person_id WHERE s.id = $1 AND s.kov_code = $2`,
      [id, kov],
    )) ?? null
  );
}

export async function voteById(t: Tx, kov: string, voteId: string): Promise<VoteRow | null> {
  return (await t.one<VoteRow>(`SELECT ${VOTE_COLS} FROM council_vote WHERE id = $1 AND kov_code = $2`, [voteId, kov])) ?? null;
}

/** The choices of every vote of the sitting (for the pages' named results). */
export async function choicesOfSitting(t: Tx, kov: string, sittingId: string): Promise<{ vote_id: string; membership_id: string; choice: Choice }[]> {
  return t.query(
    `SELECT c.vote_id, c.membership_id, c.choice FROM council_choice c JOIN council_vote v ON v.id = c.vote_id
      WHERE v.sitting_id = $1 AND c.kov_code = $2 ORDER BY c.cast_at, c.membership_id`,
    [sittingId, kov],
  );
}

export interface AmendmentRow {
  id: string;
  draft_id: string;
  text: string;
  status: 'proposed' | 'adopted' | 'rejected' | 'withdrawn';
}

export async function amendmentsOfDraft(t: Tx, kov: string, draftId: string): Promise<AmendmentRow[]> {
  return t.query<AmendmentRow>(`SELECT id, draft_id, text, status FROM council_amendment WHERE draft_id = $1 AND kov_code = $2 ORDER BY created_at, id`, [draftId, kov]);
}

export async function setAmendmentStatus(t: Tx, kov: string, id: string, status: 'adopted' | 'rejected'): Promise<void> {
  await t.query(`UPDATE council_amendment SET status = $3 WHERE id = $1 AND kov_code = $2`, [id, kov, status]);
}

/** The sitting's last event number (0: none yet). */
export async function lastSeq(t: Tx, kov: string, sittingId: string): Promise<number> {
  const r = await t.one<{ seq: number }>(`SELECT COALESCE(MAX(seq), 0)::int AS seq FROM council_event WHERE sitting_id = $1 AND kov_code = $2`, [sittingId, kov]);
  return r?.seq ?? 0;
}

/** Tells watchers the open vote's tally moved (no event: the log keeps choices only when the vote closes). */
export async function notifyTally(t: Tx, sittingId: string, seq: number): Promise<void> {
  await t.query(`SELECT pg_notify('council_live', $1)`, [`${sittingId}:${seq}`]);
}
