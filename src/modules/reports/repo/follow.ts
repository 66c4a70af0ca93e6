// SQL of the followers of reports ("I have this problem too", reports_follower). Every function
// takes the caller's transaction.
import type { Tx } from '../../../kernel/db.js';
import type { Locale } from '../../../kernel/i18n.js';

export interface FollowerRow {
  id: string;
  report_id: string;
  person_hash: string | null;
  email: string | null;
  lang: Locale;
  confirmed_at: Date | null;
}

const COLS = 'id, report_id, person_hash, email, lang, confirmed_at';

/** Confirmed followers of a report. */
export async function followerCount(t: Tx, kov: string, reportId: string): Promise<number> {
  return (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_follower WHERE kov_code = $1 AND report_id = $2 AND confirmed_at IS NOT NULL', [kov, reportId]))!.n;
}

export async function followerOfPerson(t: Tx, kov: string, reportId: string, personHash: string): Promise<FollowerRow | null> {
  return (await t.one<FollowerRow>(`SELECT ${COLS} FROM reports_follower WHERE kov_code = $1 AND report_id = $2 AND person_hash = $3`, [kov, reportId, personHash])) ?? null;
}

export async function followerOfEmail(t: Tx, kov: string, reportId: string, email: string): Promise<FollowerRow | null> {
  return (
    (await t.one<FollowerRow>(`SELECT ${COLS} FROM reports_follower WHERE kov_code = $1 AND report_id = $2 AND person_hash IS NULL AND lower(email) = lower($3) FOR UPDATE`, [kov, reportId, email])) ??
    null
  );
}

/** A signed-in resident follows (confirmed at once); following again updates the address and language. */
export async function upsertPersonFollower(t: Tx, f: { id: string; kov: string; reportId: string; personHash: string; email: string | null; lang: Locale; at: Date }): Promise<void> {
  await t.query(
    `INSERT INTO reports_follower (id, kov_code, report_id, person_hash, email, lang, confirmed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (report_id, person_hash) WHERE person_hash IS NOT NULL DO UPDATE SET email = EXCLUDED.email, lang = EXCLUDED.lang`,
    [f.id, f.kov, f.reportId, f.personHash, f.email, f.lang, f.at],
  );
}

/**
 * A new e-mail follower; false when the address already follows the report — also when another
 * transaction inserted it a moment ago (ON CONFLICT waits for it: two identical follows at once are
 * never a unique violation).
 */
export async function insertEmailFollower(t: Tx, f: { id: string; kov: string; reportId: string; email: string; lang: Locale; confirmHash: string; at: Date }): Promise<boolean> {
  const rows = await t.query<{ id: string }>(
    `INSERT INTO reports_follower (id, kov_code, report_id, email, lang, confirm_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (report_id, lower(email)) WHERE person_hash IS NULL DO NOTHING RETURNING id`,
    [f.id, f.kov, f.reportId, f.email, f.lang, f.confirmHash, f.at],
  );
  return rows.length === 1;
}

/** A new confirmation link for a follower not yet confirmed (the last one sent is the one that works). */
export async function renewConfirmation(t: Tx, kov: string, id: string, confirmHash: string, lang: Locale, at: Date): Promise<void> {
  await t.query('UPDATE reports_follower SET confirm_hash = $3, lang = $4, created_at = $5 WHERE kov_code = $1 AND id = $2 AND confirmed_at IS NULL', [kov, id, confirmHash, lang, at]);
}

export async function followerByConfirmHash(t: Tx, kov: string, hash: string): Promise<FollowerRow | null> {
  return (await t.one<FollowerRow>(`SELECT ${COLS} FROM reports_follower WHERE kov_code = $1 AND confirm_hash = $2 FOR UPDATE`, [kov, hash])) ?? null;
}

export async function markFollowerConfirmed(t: Tx, kov: string, id: string, at: Date): Promise<void> {
  await t.query('UPDATE reports_follower SET confirmed_at = $3, confirm_hash = NULL WHERE kov_code = $1 AND id = $2', [kov, id, at]);
}

export async function followerById(t: Tx, kov: string, id: string): Promise<FollowerRow | null> {
  return (await t.one<FollowerRow>(`SELECT ${COLS} FROM reports_follower WHERE kov_code = $1 AND id = $2`, [kov, id])) ?? null;
}

export async function deleteFollower(t: Tx, kov: string, id: string): Promise<void> {
  await t.query('DELETE FROM reports_follower WHERE kov_code = $1 AND id = $2', [kov, id]);
}

/** The confirmed followers of a report who gave an address: whom its public changes are mailed to. */
export async function followersToMail(t: Tx, kov: string, reportId: string): Promise<{ id: string; email: string; lang: Locale }[]> {
  return t.query<{ id: string; email: string; lang: Locale }>(
    'SELECT id, email, lang FROM reports_follower WHERE kov_code = $1 AND report_id = $2 AND confirmed_at IS NOT NULL AND email IS NOT NULL ORDER BY created_at, id',
    [kov, reportId],
  );
}

/** The reporter no longer wants mail about her report (the unsubscribe link). */
export async function stopReporterMail(t: Tx, kov: string, reportId: string): Promise<void> {
  await t.query('UPDATE reports_report SET notify = false WHERE kov_code = $1 AND id = $2', [kov, reportId]);
}
