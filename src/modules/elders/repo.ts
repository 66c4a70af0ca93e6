// SQL for the elders tables (elders_election, elders_candidate, elders_elder; the committee is the
// voting core's, voting_committee). Every function takes the caller's transaction.
import type { Tx } from '../../kernel/db.js';
import type { Texts } from '../voting/index.js';

export type TieRule = 'lot' | 'runoff';

/** What a certified election decided (stored once, at certification). */
export type Outcome =
  | { kind: 'elected'; candidateId: string; votes: number; draw: { seed: string; label: string; order: string[]; keys: Record<string, string> } | null }
  | { kind: 'runoff'; tied: string[]; votes: number; runoffId: string | null }
  | { kind: 'none' };

export interface ElectionRow {
  id: string;
  kov_code: string;
  title: Texts;
  units: string[];
  nomination_opens: Date;
  nomination_closes: Date;
  voting_opens: Date;
  voting_closes: Date;
  candidate_min_age: number;
  candidate_resident: boolean;
  voter_min_age: number;
  extra_list: string | null;
  tie_rule: TieRule;
  term_years: number;
  threshold: number;
  members: number;
  runoff_of: string | null;
  vote_id: string | null;
  confirmed_at: Date | null;
  outcome: Outcome | null;
  seed: string | null;
  created_at: Date;
}

const COLS =
  'id, kov_code, title, units, nomination_opens, nomination_closes, voting_opens, voting_closes, candidate_min_age, candidate_resident, voter_min_age, extra_list, tie_rule, term_years, threshold, members, runoff_of, vote_id, confirmed_at, outcome, seed, created_at';

export async function electionById(t: Tx, kov: string, id: string, forUpdate = false): Promise<ElectionRow | null> {
  return (await t.one<ElectionRow>(`SELECT ${COLS} FROM elders_election WHERE id = $1 AND kov_code = $2${forUpdate ? ' FOR UPDATE' : ''}`, [id, kov])) ?? null;
}

export async function electionsOf(t: Tx, kov: string): Promise<ElectionRow[]> {
  return t.query<ElectionRow>(`SELECT ${COLS} FROM elders_election WHERE kov_code = $1 ORDER BY created_at DESC`, [kov]);
}

/** Elections of every KOV still to be decided (nomination, vote, count), newest first (an owner transaction). */
export async function openElections(t: Tx, limit: number): Promise<ElectionRow[]> {
  return t.query<ElectionRow>(`SELECT ${COLS} FROM elders_election WHERE outcome IS NULL ORDER BY created_at DESC LIMIT $1`, [limit]);
}

export interface NewElection {
  id: string;
  kov: string;
  title: Texts;
  units: string[];
  nominationOpens: Date;
  nominationCloses: Date;
  votingOpens: Date;
  votingCloses: Date;
  candidateMinAge: number;
  candidateResident: boolean;
  voterMinAge: number;
  extraList: string | null;
  tieRule: TieRule;
  termYears: number;
  threshold: number;
  members: number;
  runoffOf: string | null;
  createdBy: string | null;
}

export async function insertElection(t: Tx, e: NewElection): Promise<void> {
  await t.query(
    `INSERT INTO elders_election (id, kov_code, title, units, nomination_opens, nomination_closes, voting_opens, voting_closes, candidate_min_age,
       candidate_resident, voter_min_age, extra_list, tie_rule, term_years, threshold, members, runoff_of, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      e.id,
      e.kov,
      JSON.stringify(e.title),
      e.units,
      e.nominationOpens,
      e.nominationCloses,
      e.votingOpens,
      e.votingCloses,
      e.candidateMinAge,
      e.candidateResident,
      e.voterMinAge,
      e.extraList,
      e.tieRule,
      e.termYears,
      e.threshold,
      e.members,
      e.runoffOf,
      e.createdBy,
    ],
  );
}

/** The candidate list confirmed: the election's vote is set; false when it was confirmed already. */
export async function markConfirmed(t: Tx, id: string, voteId: string): Promise<boolean> {
  return (await t.query('UPDATE elders_election SET vote_id = $2, confirmed_at = core_now() WHERE id = $1 AND confirmed_at IS NULL RETURNING id', [id, voteId])).length > 0;
}

export async function storeSeed(t: Tx, id: string, seed: string): Promise<void> {
  await t.query('UPDATE elders_election SET seed = $2 WHERE id = $1', [id, seed]);
}

/** The outcome stored once; false when the election had one already. */
export async function storeOutcome(t: Tx, id: string, outcome: Outcome): Promise<boolean> {
  return (await t.query('UPDATE elders_election SET outcome = $2 WHERE id = $1 AND outcome IS NULL RETURNING id', [id, JSON.stringify(outcome)])).length > 0;
}

/** The run-off round that continues a tied election is named in its outcome. */
export async function setRunoff(t: Tx, id: string, runoffId: string): Promise<boolean> {
  return (
    await t.query(
      `UPDATE elders_election SET outcome = jsonb_set(outcome, '{runoffId}', to_jsonb($2::text)) WHERE id = $1 AND outcome->>'kind' = 'runoff' AND outcome->>'runoffId' IS NULL RETURNING id`,
      [id, runoffId],
    )
  ).length > 0;
}

// ---------------------------------------------------------------- candidates

export interface CandidateRow {
  id: string;
  election_id: string;
  kov_code: string;
  idcode_hash: string;
  name: string;
  unit_code: string | null;
  nominated_by: string;
  statement: string;
  consented_at: Date | null;
  created_at: Date;
}

const C_COLS = 'id, election_id, kov_code, idcode_hash, name, unit_code, nominated_by, statement, consented_at, created_at';

export async function candidatesOf(t: Tx, kov: string, electionId: string): Promise<CandidateRow[]> {
  return t.query<CandidateRow>(`SELECT ${C_COLS} FROM elders_candidate WHERE election_id = $1 AND kov_code = $2 ORDER BY created_at, id`, [electionId, kov]);
}

/** Inserts a nomination; false when the person is already a candidate of the election. */
export async function insertCandidate(
  t: Tx,
  c: { id: string; electionId: string; kov: string; hash: string; name: string; unit: string | null; nominatedBy: string; statement: string; consented: boolean },
): Promise<boolean> {
  const r = await t.query(
    `INSERT INTO elders_candidate (id, election_id, kov_code, idcode_hash, name, unit_code, nominated_by, statement, consented_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9::boolean THEN core_now() END) ON CONFLICT (election_id, idcode_hash) DO NOTHING RETURNING id`,
    [c.id, c.electionId, c.kov, c.hash, c.name, c.unit, c.nominatedBy, c.statement, c.consented],
  );
  return r.length > 0;
}

export async function consentCandidate(t: Tx, kov: string, electionId: string, candidateId: string, hash: string): Promise<boolean> {
  const r = await t.query(
    'UPDATE elders_candidate SET consented_at = core_now() WHERE id = $1 AND election_id = $2 AND kov_code = $3 AND idcode_hash = $4 AND consented_at IS NULL RETURNING id',
    [candidateId, electionId, kov, hash],
  );
  return r.length > 0;
}

// ---------------------------------------------------------------- the committee
// (kept by the voting core, voting_committee, owner = the election's id: migrations/202612140702_elders_committee_move.sql)

/** Of these elections (any KOV: an owner transaction), at most `limit`, newest first. */
export async function electionsAmong(t: Tx, ids: readonly string[], limit: number): Promise<{ id: string; kov_code: string }[]> {
  if (ids.length === 0) return [];
  return t.query<{ id: string; kov_code: string }>('SELECT id, kov_code FROM elders_election WHERE id = ANY($1::uuid[]) ORDER BY created_at DESC LIMIT $2', [ids, limit]);
}

// ---------------------------------------------------------------- elders and terms

export interface ElderRow {
  id: string;
  kov_code: string;
  election_id: string;
  candidate_id: string;
  name: string;
  units: string[];
  term_start: string;
  term_end: string;
}

const E_COLS = `id, kov_code, election_id, candidate_id, name, units, to_char(term_start, 'YYYY-MM-DD') AS term_start, to_char(term_end, 'YYYY-MM-DD') AS term_end`;

/** An earlier elder of any of the units whose term runs past `start` ends the day before it. */
export async function endOverlappingTerms(t: Tx, kov: string, units: readonly string[], start: string): Promise<void> {
  await t.query(`UPDATE elders_elder SET term_end = $3::date - 1 WHERE kov_code = $1 AND units && $2::text[] AND term_end >= $3::date AND term_start < $3::date`, [
    kov,
    units,
    start,
  ]);
}

export async function insertElder(t: Tx, e: { id: string; kov: string; electionId: string; candidateId: string; name: string; units: readonly string[]; start: string; end: string }): Promise<void> {
  await t.query(
    'INSERT INTO elders_elder (id, kov_code, election_id, candidate_id, name, units, term_start, term_end) VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8::date)',
    [e.id, e.kov, e.electionId, e.candidateId, e.name, e.units, e.start, e.end],
  );
}

/** The KOV's elders whose term includes `on` (YYYY-MM-DD). */
export async function currentElders(t: Tx, kov: string, on: string): Promise<ElderRow[]> {
  return t.query<ElderRow>(`SELECT ${E_COLS} FROM elders_elder WHERE kov_code = $1 AND term_start <= $2::date AND term_end >= $2::date ORDER BY name`, [kov, on]);
}

/** Every KOV's elders in office on `on` (an owner transaction: the public list across Estonia). */
export async function allCurrentElders(t: Tx, on: string, limit: number): Promise<ElderRow[]> {
  return t.query<ElderRow>(`SELECT ${E_COLS} FROM elders_elder WHERE term_start <= $1::date AND term_end >= $1::date ORDER BY kov_code, name LIMIT $2`, [on, limit]);
}

export async function elderOfElection(t: Tx, electionId: string): Promise<ElderRow | null> {
  return (await t.one<ElderRow>(`SELECT ${E_COLS} FROM elders_elder WHERE election_id = $1`, [electionId])) ?? null;
}
