// SQL for the voting module's own tables (voting_*). Every query filters by vote id (and the tenant:
// row-level security on kov_code is the second wall, db.tx sets it).
import type { Tx } from '../../kernel/db.js';

export interface VoteRow {
  id: string;
  kov_code: string;
  title: unknown;
  questions: unknown;
  revote: boolean;
  opens_at: Date;
  closes_at: Date;
  status: 'draft' | 'open' | 'closed' | 'published' | 'certified';
  threshold: number | null;
  members: number | null;
  commitments: string[] | null;
  roll_size: number;
  sums: unknown;
  turnout: number | null;
  created_at: Date;
  opened_at: Date | null;
  closed_at: Date | null;
  published_at: Date | null;
  certified_at: Date | null;
  /** K for a format-2 vote (ballots of K slots, counted by the mix); null for version 1. */
  slots: number | null;
}

const VOTE_COLS = `id, kov_code, title, questions, revote, opens_at, closes_at, status, threshold, members, commitments,
  roll_size, sums, turnout, created_at, opened_at, closed_at, published_at, certified_at, slots`;

export async function insertVote(
  t: Tx,
  v: { id: string; kov: string; title: unknown; questions: unknown; revote: boolean; opensAt: Date; closesAt: Date; slots?: number | null; winnerRule?: string | null },
): Promise<void> {
  await t.query(
    `INSERT INTO voting_vote (id, kov_code, title, questions, revote, opens_at, closes_at, slots, winner_rule) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [v.id, v.kov, JSON.stringify(v.title), JSON.stringify(v.questions), v.revote, v.opensAt, v.closesAt, v.slots ?? null, v.winnerRule ?? null],
  );
}

/** A draft's definition replaced (only while it is a draft); false when it is not one any more. */
export async function updateDraftVote(
  t: Tx,
  v: { id: string; title: unknown; questions: unknown; revote: boolean; opensAt: Date; closesAt: Date },
): Promise<boolean> {
  const r = await t.query(
    `UPDATE voting_vote SET title = $2, questions = $3, revote = $4, opens_at = $5, closes_at = $6 WHERE id = $1 AND status = 'draft' RETURNING id`,
    [v.id, JSON.stringify(v.title), JSON.stringify(v.questions), v.revote, v.opensAt, v.closesAt],
  );
  return r.length > 0;
}

/** Deletes a draft vote (only while it is a draft); false when it is not one any more. */
export async function deleteDraftVote(t: Tx, id: string): Promise<boolean> {
  const r = await t.query(`DELETE FROM voting_vote WHERE id = $1 AND status = 'draft' RETURNING id`, [id]);
  return r.length > 0;
}

export async function getVote(t: Tx, id: string, forUpdate = false): Promise<VoteRow | undefined> {
  return t.one<VoteRow>(`SELECT ${VOTE_COLS} FROM voting_vote WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
}

export async function listVotes(t: Tx, kov: string): Promise<VoteRow[]> {
  return t.query<VoteRow>(`SELECT ${VOTE_COLS} FROM voting_vote WHERE kov_code = $1 ORDER BY created_at DESC`, [kov]);
}

export async function replaceRoll(
  t: Tx,
  voteId: string,
  kov: string,
  entries: readonly { voterHash: string; unit: string; birthDate: string }[],
): Promise<void> {
  await t.query('DELETE FROM voting_roll WHERE vote_id = $1', [voteId]);
  const BATCH = 5000;
  for (let i = 0; i < entries.length; i += BATCH) {
    const part = entries.slice(i, i + BATCH);
    await t.query(
      `INSERT INTO voting_roll (vote_id, voter_hash, kov_code, unit_code, birth_date)
       SELECT $1, h, $2, u, d FROM unnest($3::text[], $4::text[], $5::date[]) AS x(h, u, d)`,
      [voteId, kov, part.map((e) => e.voterHash), part.map((e) => e.unit), part.map((e) => e.birthDate)],
    );
  }
  await t.query('UPDATE voting_vote SET roll_size = $2 WHERE id = $1', [voteId, entries.length]);
}

/**
 * The cast, in ONE statement (race-free on PostgreSQL):
 *  - `ok` reads the vote FOR SHARE (so closeVote's UPDATE waits for casts in flight, and a cast that
 *    waited re-checks the vote's status after it) and requires status open, core_now() in the window and
 *    the voter on the frozen roll;
 *  - `b` upserts the voter's single ballot row; on conflict it replaces the ballot and increments
 *    the voter's counter only if the current row is electronic AND re-voting is allowed AND the
 *    person's burst is not used up (at most $6 casts in $7 seconds: the row keeps when its burst
 *    began and how many casts it holds). The row lock of ON CONFLICT DO UPDATE serialises a
 *    person's parallel casts; the last one to commit is the ballot that counts, and there is never
 *    a second row;
 *  - `p` records participation (who, when) in its own table, only if the ballot was stored.
 * Answers n (the voter's cast number) or null when refused (see castRefusal for why).
 */
// Every parameter carries its type: the statement also runs with its values written in as
// literals (db.txStatement, one round trip), and a literal has no type of its own.
export const CAST_SQL = `WITH ok AS (
  SELECT v.kov_code FROM voting_vote v
    JOIN voting_roll r ON r.vote_id = v.id AND r.voter_hash = $2::text
   WHERE v.id = $1::uuid AND v.status = 'open' AND core_now() >= v.opens_at AND core_now() < v.closes_at
   FOR SHARE OF v
), b AS (
  INSERT INTO voting_ballot AS x (vote_id, voter_hash, kov_code, kind, n, tracker, ct, burst_at, burst_n)
  SELECT $1::uuid, $2::text, ok.kov_code, 'e', 1, $3::text, $4::bytea, core_now(), 1 FROM ok
  ON CONFLICT (vote_id, voter_hash) DO UPDATE SET n = x.n + 1, tracker = EXCLUDED.tracker, ct = EXCLUDED.ct,
         burst_at = CASE WHEN x.burst_at <= core_now() - make_interval(secs => $7::float8) THEN core_now() ELSE x.burst_at END,
         burst_n = CASE WHEN x.burst_at <= core_now() - make_interval(secs => $7::float8) THEN 1 ELSE x.burst_n + 1 END
   WHERE x.kind = 'e' AND $5::boolean
     AND (x.burst_at <= core_now() - make_interval(secs => $7::float8) OR x.burst_n < $6::int)
  RETURNING x.n, x.kov_code
), p AS (
  INSERT INTO voting_participation AS y (vote_id, voter_hash, kov_code, kind, casts, first_at, last_at)
  SELECT $1::uuid, $2::text, b.kov_code, 'e', 1, core_now(), core_now() FROM b
  ON CONFLICT (vote_id, voter_hash) DO UPDATE SET casts = y.casts + 1, last_at = core_now()
  RETURNING 1
)
SELECT (SELECT n FROM b) AS n, (SELECT count(*) FROM p)::int AS p`;

/**
 * The electronic cast as one statement and its arguments: the service runs it as its own tenant
 * transaction in one round trip (db.txStatement). The statement answers the ballot's cast number
 * (1 = first), or no row / null if nothing was stored.
 */
export function castStatement(a: {
  voteId: string;
  voterHash: string;
  tracker: string;
  ct: Uint8Array;
  revote: boolean;
  burst: { max: number; seconds: number };
}): { sql: string; params: unknown[] } {
  return { sql: CAST_SQL, params: [a.voteId, a.voterHash, a.tracker, a.ct, a.revote, a.burst.max, a.burst.seconds] };
}

/** A person's participation in the given votes (casts per vote). */
export async function participationOf(t: Tx, voterHash: string, voteIds: readonly string[]): Promise<{ vote_id: string; casts: number; last_at: Date }[]> {
  return t.query<{ vote_id: string; casts: number; last_at: Date }>(
    'SELECT vote_id, casts, last_at FROM voting_participation WHERE voter_hash = $1 AND vote_id = ANY($2::uuid[])',
    [voterHash, voteIds],
  );
}

export type CastRefusal = 'no-vote' | 'not-open' | 'not-on-roll' | 'paper' | 'no-revote' | { tooOften: { retryAfterSeconds: number } };

/** Why a cast stored nothing (run only on the refusal path). */
export async function castRefusal(t: Tx, voteId: string, voterHash: string, revote: boolean, burst: { max: number; seconds: number }): Promise<CastRefusal> {
  const r = await t.one<{ open: boolean; on_roll: boolean; kind: string | null; burst_n: number | null; burst_left_s: number | null }>(
    `SELECT (v.status = 'open' AND core_now() >= v.opens_at AND core_now() < v.closes_at) AS open,
            EXISTS (SELECT 1 FROM voting_roll r WHERE r.vote_id = v.id AND r.voter_hash = $2) AS on_roll,
            b.kind, b.burst_n,
            extract(epoch FROM b.burst_at + make_interval(secs => $3::float8) - core_now())::float8 AS burst_left_s
       FROM voting_vote v LEFT JOIN voting_ballot b ON b.vote_id = v.id AND b.voter_hash = $2
      WHERE v.id = $1`,
    [voteId, voterHash, burst.seconds],
  );
  if (!r) return 'no-vote';
  if (!r.on_roll) return 'not-on-roll';
  if (!r.open) return 'not-open';
  if (r.kind === 'paper') return 'paper';
  if (!revote) return 'no-revote';
  if (r.burst_left_s !== null && r.burst_left_s > 0 && (r.burst_n ?? 0) >= burst.max) return { tooOften: { retryAfterSeconds: Math.max(1, Math.ceil(r.burst_left_s)) } };
  return 'no-revote';
}

/** A paper/assisted ballot: replaces whatever electronic ballot the person has; never a second paper one. */
export async function castPaperBallot(
  t: Tx,
  a: { voteId: string; voterHash: string; tracker: string; ct: Uint8Array },
): Promise<'stored' | 'not-on-roll' | 'paper-exists'> {
  const r = await t.one<{ n: number | null; on_roll: boolean }>(
    `WITH ok AS (
       SELECT v.kov_code FROM voting_vote v JOIN voting_roll r ON r.vote_id = v.id AND r.voter_hash = $2
        WHERE v.id = $1
     ), b AS (
       INSERT INTO voting_ballot AS x (vote_id, voter_hash, kov_code, kind, n, tracker, ct)
       SELECT $1, $2, ok.kov_code, 'paper', 1, $3, $4 FROM ok
       ON CONFLICT (vote_id, voter_hash) DO UPDATE SET kind = 'paper', n = x.n + 1, tracker = EXCLUDED.tracker, ct = EXCLUDED.ct
        WHERE x.kind = 'e'
       RETURNING x.n, x.kov_code
     ), p AS (
       INSERT INTO voting_participation AS y (vote_id, voter_hash, kov_code, kind, casts, first_at, last_at)
       SELECT $1, $2, b.kov_code, 'paper', 1, core_now(), core_now() FROM b
       ON CONFLICT (vote_id, voter_hash) DO UPDATE SET kind = 'paper', casts = y.casts + 1, last_at = core_now()
       RETURNING 1
     )
     SELECT (SELECT n FROM b) AS n, EXISTS (SELECT 1 FROM ok) AS on_roll, (SELECT count(*) FROM p)::int AS p`,
    [a.voteId, a.voterHash, a.tracker, Buffer.from(a.ct)],
  );
  if (!r?.on_roll) return 'not-on-roll';
  return r.n === null ? 'paper-exists' : 'stored';
}

export interface BallotRow {
  kind: 'e' | 'paper';
  tracker: string;
  ct: Uint8Array;
}

export async function currentBallots(t: Tx, voteId: string): Promise<BallotRow[]> {
  return t.query<BallotRow>('SELECT kind, tracker, ct FROM voting_ballot WHERE vote_id = $1', [voteId]);
}

/** Writes the shuffled entries (seq = position) and deletes the ballots with their voter link. */
export async function moveToEntries(t: Tx, voteId: string, kov: string, shuffled: readonly BallotRow[]): Promise<void> {
  const BATCH = 2000;
  for (let i = 0; i < shuffled.length; i += BATCH) {
    const part = shuffled.slice(i, i + BATCH);
    await t.query(
      `INSERT INTO voting_entry (vote_id, seq, kov_code, kind, tracker, ct)
       SELECT $1, s, $2, k, tr, decode(c, 'hex') FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) AS x(s, k, tr, c)`,
      [
        voteId,
        kov,
        part.map((_, j) => i + j + 1),
        part.map((e) => e.kind),
        part.map((e) => e.tracker),
        part.map((e) => Buffer.from(e.ct).toString('hex')),
      ],
    );
  }
  await t.query('DELETE FROM voting_ballot WHERE vote_id = $1', [voteId]);
}

export async function entries(t: Tx, voteId: string): Promise<(BallotRow & { seq: number })[]> {
  return t.query<BallotRow & { seq: number }>('SELECT seq, kind, tracker, ct FROM voting_entry WHERE vote_id = $1 ORDER BY seq', [voteId]);
}

export interface DecryptionRow {
  member: number;
  shares: string[][];
  proofs: { c: string; s: string }[][];
}

export async function decryptions(t: Tx, voteId: string): Promise<DecryptionRow[]> {
  return t.query<DecryptionRow>('SELECT member, shares, proofs FROM voting_decryption WHERE vote_id = $1 ORDER BY member', [voteId]);
}

export async function insertDecryption(t: Tx, voteId: string, kov: string, d: DecryptionRow, by: string | null): Promise<boolean> {
  const r = await t.query(
    `INSERT INTO voting_decryption (vote_id, member, kov_code, shares, proofs, submitted_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (vote_id, member) DO NOTHING RETURNING member`,
    [voteId, d.member, kov, JSON.stringify(d.shares), JSON.stringify(d.proofs), by],
  );
  return r.length === 1;
}

export interface TurnoutRow {
  unit_code: string;
  birth_date: string;
  eligible: number;
  voted: number;
}

/** The roll joined with participation, counted by settlement unit and birth date (eligible, voted). */
export async function turnoutCounts(t: Tx, voteId: string): Promise<TurnoutRow[]> {
  return t.query<TurnoutRow>(
    `SELECT r.unit_code, r.birth_date, count(*)::int AS eligible, count(p.voter_hash)::int AS voted
       FROM voting_roll r LEFT JOIN voting_participation p ON p.vote_id = r.vote_id AND p.voter_hash = r.voter_hash
      WHERE r.vote_id = $1
      GROUP BY r.unit_code, r.birth_date`,
    [voteId],
  );
}

export interface BoardRow {
  kov_code: string;
  questions: unknown;
  /** K of a format-2 board (entries carry K slots); null for version 1. */
  slots: number | null;
  roll_size: number;
  /** A board published before boards became rows: its whole text (served as it is). */
  board: string | null;
  board_head: string | null;
  board_tail: string | null;
  board_sha256: string | null;
  board_bytes: string | number | null;
  result_digest: string | null;
}

/** What is stored of a published board (the legacy text, or the parts around its entry rows); null when unpublished. */
export async function boardRow(t: Tx, voteId: string): Promise<BoardRow | null> {
  const r = await t.one<BoardRow>(
    `SELECT kov_code, questions, slots, roll_size, board, board_head, board_tail, board_sha256, board_bytes, result_digest
       FROM voting_vote WHERE id = $1 AND (board IS NOT NULL OR board_head IS NOT NULL)`,
    [voteId],
  );
  return r ?? null;
}

/** Up to `limit` board entries after `after` (seq order): the board is streamed from these. */
export async function entriesAfter(t: Tx, voteId: string, after: number, limit: number): Promise<(BallotRow & { seq: number })[]> {
  return t.query<BallotRow & { seq: number }>('SELECT seq, kind, tracker, ct FROM voting_entry WHERE vote_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [voteId, after, limit]);
}

export interface CertificationRow {
  person_name: string;
  certified_at: Date;
  result_digest: string | null;
}

/** The committee's sign-offs of a vote's result, in the order they were given. */
/** Whether the person (her person id, the sign-off's actor) has signed the vote's results off. */
export async function certifiedBy(t: Tx, voteId: string, personId: string): Promise<boolean> {
  return !!(await t.one('SELECT 1 AS x FROM voting_certification WHERE vote_id = $1 AND person_id = $2', [voteId, personId]));
}

export async function certifications(t: Tx, voteId: string): Promise<CertificationRow[]> {
  return t.query<CertificationRow>(
    'SELECT person_name, certified_at, result_digest FROM voting_certification WHERE vote_id = $1 ORDER BY certified_at, person_name',
    [voteId],
  );
}

/** One member's sign-off of the result with the digest she confirmed; false if she has signed already. */
export async function insertCertification(
  t: Tx,
  c: { voteId: string; kov: string; personId: string; personName: string; digest: string },
): Promise<boolean> {
  const r = await t.query(
    `INSERT INTO voting_certification (vote_id, person_id, kov_code, person_name, result_digest) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING 1 AS x`,
    [c.voteId, c.personId, c.kov, c.personName, c.digest],
  );
  return r.length === 1;
}

// ---------- the vote's life cycle ----------

export async function setKey(t: Tx, voteId: string, k: number, n: number, commitments: readonly string[]): Promise<void> {
  await t.query('UPDATE voting_vote SET threshold = $2, members = $3, commitments = $4 WHERE id = $1', [voteId, k, n, commitments]);
}

export async function markOpen(t: Tx, voteId: string): Promise<VoteRow> {
  const r = await t.one<VoteRow>(`UPDATE voting_vote SET status = 'open', opened_at = core_now() WHERE id = $1 RETURNING ${VOTE_COLS}`, [voteId]);
  return r!;
}

/** Closed now: the window ends now if it has not ended. */
export async function markClosed(t: Tx, voteId: string): Promise<void> {
  await t.query(`UPDATE voting_vote SET status = 'closed', closed_at = core_now(), closes_at = least(closes_at, core_now()) WHERE id = $1`, [voteId]);
}

export async function storeSums(t: Tx, voteId: string, sumsJson: unknown, turnout: number): Promise<void> {
  await t.query('UPDATE voting_vote SET sums = $2, turnout = $3 WHERE id = $1', [voteId, JSON.stringify(sumsJson), turnout]);
}

/** A format-2 vote at close: the mix (outputs and proof, hex; null when nobody voted) and the turnout. */
export async function storeMix(t: Tx, voteId: string, mixJson: unknown, turnout: number): Promise<void> {
  await t.query('UPDATE voting_vote SET mix = $2, turnout = $3 WHERE id = $1', [voteId, mixJson === null ? null : JSON.stringify(mixJson), turnout]);
}

/** The stored mix of a closed format-2 vote (null before close or when nobody voted). */
export async function mixOf(t: Tx, voteId: string): Promise<unknown> {
  return (await t.one<{ mix: unknown }>('SELECT mix FROM voting_vote WHERE id = $1', [voteId]))?.mix ?? null;
}

/**
 * Publishes the vote's board: the text around its entries (the entries stay rows of voting_entry),
 * the document's SHA-256 and length, and the results digest, all computed once at publication.
 */
export async function storeBoard(t: Tx, voteId: string, b: { head: string; tail: string; sha256: string; bytes: number; digest: string }): Promise<void> {
  await t.query(
    `UPDATE voting_vote SET board_head = $2, board_tail = $3, board_sha256 = $4, board_bytes = $5, result_digest = $6, status = 'published', published_at = core_now() WHERE id = $1`,
    [voteId, b.head, b.tail, b.sha256, b.bytes, b.digest],
  );
}

export async function markCertified(t: Tx, voteId: string): Promise<void> {
  await t.query(`UPDATE voting_vote SET status = 'certified', certified_at = core_now() WHERE id = $1`, [voteId]);
}

// ---------- public boards (read across KOVs, in an owner transaction) ----------

/** Every published board's vote, in order of publication. */
export async function publishedVotes(t: Tx): Promise<{ id: string; kov_code: string; title: { et: string; en: string; ru: string } }[]> {
  return t.query('SELECT id, kov_code, title FROM voting_vote WHERE board IS NOT NULL OR board_head IS NOT NULL ORDER BY published_at, id');
}

/** Whether the vote's board is published; null when there is no such vote. */
export async function isPublished(t: Tx, voteId: string): Promise<boolean | null> {
  const v = await t.one<{ published: boolean }>('SELECT (board IS NOT NULL OR board_head IS NOT NULL) AS published FROM voting_vote WHERE id = $1', [voteId]);
  return v ? v.published : null;
}

export async function trackerOnBoard(t: Tx, voteId: string, tracker: string): Promise<boolean> {
  return !!(await t.one('SELECT 1 AS x FROM voting_entry WHERE vote_id = $1 AND tracker = $2', [voteId, tracker]));
}

/** How many people first cast a ballot (electronic or paper) in each hour (hours since the epoch, UTC). */
export async function participationByHour(t: Tx, voteId: string): Promise<{ hour: number; n: number }[]> {
  return t.query<{ hour: number; n: number }>(
    `SELECT floor(extract(epoch FROM first_at) / 3600)::int AS hour, count(*)::int AS n
       FROM voting_participation WHERE vote_id = $1
      GROUP BY 1 ORDER BY 1`,
    [voteId],
  );
}

// ---------- the stored result of a certified vote ----------

/** The certified result as stored at certification (JSON text) and its validator. */
export async function storedResult(t: Tx, voteId: string): Promise<{ results: string; etag: string } | null> {
  return (await t.one<{ results: string; etag: string }>('SELECT results, etag FROM voting_result WHERE vote_id = $1', [voteId])) ?? null;
}

/**
 * Stores the certified result. `replace` (a sign-off): rewrites it and drops the stored PDFs made
 * from the earlier one; otherwise (filling in a result certified before results were stored) keeps
 * a row another request stored first.
 */
export async function storeResult(t: Tx, voteId: string, kov: string, results: string, etag: string, replace: boolean): Promise<void> {
  if (!replace) {
    await t.query('INSERT INTO voting_result (vote_id, kov_code, results, etag) VALUES ($1, $2, $3, $4) ON CONFLICT (vote_id) DO NOTHING', [voteId, kov, results, etag]);
    return;
  }
  await t.query(
    `INSERT INTO voting_result (vote_id, kov_code, results, etag) VALUES ($1, $2, $3, $4)
     ON CONFLICT (vote_id) DO UPDATE SET results = EXCLUDED.results, etag = EXCLUDED.etag, stored_at = core_now()`,
    [voteId, kov, results, etag],
  );
  await t.query('DELETE FROM voting_result_pdf WHERE vote_id = $1', [voteId]);
}

export async function storedPdf(t: Tx, voteId: string, locale: string): Promise<{ pdf: Uint8Array; etag: string } | null> {
  return (await t.one<{ pdf: Uint8Array; etag: string }>('SELECT pdf, etag FROM voting_result_pdf WHERE vote_id = $1 AND locale = $2', [voteId, locale])) ?? null;
}

/** Stores a PDF made from the stored result whose etag is `fromResult` (nothing if that result has been replaced). */
export async function storePdf(t: Tx, voteId: string, kov: string, locale: string, pdf: Uint8Array, etag: string, fromResult: string): Promise<void> {
  await t.query(
    `INSERT INTO voting_result_pdf (vote_id, locale, kov_code, pdf, etag)
     SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM voting_result WHERE vote_id = $1 AND etag = $6)
     ON CONFLICT (vote_id, locale) DO UPDATE SET pdf = EXCLUDED.pdf, etag = EXCLUDED.etag`,
    [voteId, locale, kov, Buffer.from(pdf), etag, fromResult],
  );
}
