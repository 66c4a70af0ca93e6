// SQL for the survey's tables (feedback_answer, feedback_invite). Every function takes the caller's
// transaction (tenant-bound: row-level security on kov_code, and every statement filters by it too).
import type { Tx } from '../../../kernel/db.js';
import type { Channel, CommentState, Driver } from '../model.js';

export interface AnswerRow {
  id: string;
  kov_code: string;
  service_id: string;
  channel: Channel;
  invite_id: string | null;
  satisfaction: number;
  ease: number;
  went_well: Driver[];
  went_badly: Driver[];
  comment: string | null;
  comment_state: CommentState;
  lang: string;
  answered_at: Date;
  moderated_at: Date | null;
}

export interface NewAnswerRow {
  id: string;
  kov: string;
  serviceId: string;
  channel: Channel;
  inviteId: string | null;
  satisfaction: number;
  ease: number;
  wentWell: readonly Driver[];
  wentBadly: readonly Driver[];
  comment: string | null;
  lang: string;
  /** Absent: the database's now (core_now(), the kernel clock in tests). */
  answeredAt?: Date;
}

export const ANSWER_COLUMNS = `id, kov_code, service_id, channel, invite_id, satisfaction, ease, went_well, went_badly, comment, comment_state, lang, answered_at, moderated_at`;

/** Inserts one answer (comment state 'pending' when it has a comment, else 'none'). */
export async function insertAnswer(t: Tx, a: NewAnswerRow): Promise<AnswerRow> {
  const row = await t.one<AnswerRow>(
    `INSERT INTO feedback_answer (id, kov_code, service_id, channel, invite_id, satisfaction, ease, went_well, went_badly, comment, comment_state, lang, answered_at)
     VALUES ($1::uuid, $2::text, $3::uuid, $4::text, $5::uuid, $6::smallint, $7::smallint, $8::text[], $9::text[], $10::text,
             CASE WHEN $10::text IS NULL THEN 'none' ELSE 'pending' END, $11::text, coalesce($12::timestamptz, core_now()))
     RETURNING ${ANSWER_COLUMNS}`,
    [a.id, a.kov, a.serviceId, a.channel, a.inviteId, a.satisfaction, a.ease, [...a.wentWell], [...a.wentBadly], a.comment, a.lang, a.answeredAt ?? null],
  );
  return row!;
}

/** A row for the bulk insert (tests, demo): the comment state given as it should stand. */
export interface BulkAnswerRow extends Omit<NewAnswerRow, 'answeredAt'> {
  answeredAt: Date;
  commentState: CommentState;
}

/**
 * Inserts many answers of one KOV with one statement (unnest of arrays; the driver lists travel as
 * comma-joined text). For test fixtures and the demo; a few thousand rows per call.
 */
export async function insertAnswersBulk(t: Tx, kov: string, rows: readonly BulkAnswerRow[]): Promise<number> {
  if (!rows.length) return 0;
  const col = <K extends keyof BulkAnswerRow>(k: K) => rows.map((r) => r[k]);
  const out = await t.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO feedback_answer (id, kov_code, service_id, channel, invite_id, satisfaction, ease, went_well, went_badly, comment, comment_state, lang, answered_at)
       SELECT id, $1::text, service_id, channel, invite_id, satisfaction, ease,
              CASE WHEN ww = '' THEN '{}'::text[] ELSE string_to_array(ww, ',') END,
              CASE WHEN wb = '' THEN '{}'::text[] ELSE string_to_array(wb, ',') END,
              comment, comment_state, lang, answered_at
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::smallint[], $7::smallint[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])
              AS x(id, service_id, channel, invite_id, satisfaction, ease, ww, wb, comment, comment_state, lang, answered_at)
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [
      kov,
      col('id'),
      col('serviceId'),
      col('channel'),
      col('inviteId'),
      col('satisfaction'),
      col('ease'),
      rows.map((r) => r.wentWell.join(',')),
      rows.map((r) => r.wentBadly.join(',')),
      col('comment'),
      col('commentState'),
      col('lang'),
      col('answeredAt'),
    ],
  );
  return out[0]?.n ?? 0;
}

export async function answerById(t: Tx, kov: string, id: string): Promise<AnswerRow | null> {
  const r = await t.one<AnswerRow>(`SELECT ${ANSWER_COLUMNS} FROM feedback_answer WHERE kov_code = $1 AND id = $2::uuid`, [kov, id]);
  return r ?? null;
}

/** A service's answers, newest first (tests and the moderators' view of one service). */
export async function answersOfService(t: Tx, kov: string, serviceId: string, limit = 1000): Promise<AnswerRow[]> {
  return t.query<AnswerRow>(
    `SELECT ${ANSWER_COLUMNS} FROM feedback_answer WHERE kov_code = $1 AND service_id = $2::uuid ORDER BY answered_at DESC, id DESC LIMIT $3`,
    [kov, serviceId, limit],
  );
}

/** Approved comments of a service, newest first: the only comment text anyone beyond the moderators sees. */
export async function approvedComments(t: Tx, kov: string, serviceId: string, limit: number): Promise<{ id: string; comment: string; satisfaction: number; answered_at: Date; lang: string }[]> {
  return t.query(
    `SELECT id, comment, satisfaction, answered_at, lang FROM feedback_answer
      WHERE kov_code = $1 AND service_id = $2::uuid AND comment_state = 'approved'
      ORDER BY answered_at DESC, id DESC LIMIT $3`,
    [kov, serviceId, limit],
  );
}

// ---------------------------------------------------------------- invites

export interface InviteRow {
  id: string;
  kov_code: string;
  service_id: string;
  reference: string | null;
  mailed: boolean;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  answered_at: Date | null;
  answer_id: string | null;
}
const INVITE_COLUMNS = `id, kov_code, service_id, reference, mailed, created_by, created_at, expires_at, answered_at, answer_id`;

export async function insertInvite(
  t: Tx,
  i: { id: string; kov: string; serviceId: string; tokenHash: Buffer; reference: string | null; mailed: boolean; createdBy: string; expiresAt: Date },
): Promise<InviteRow> {
  const r = await t.one<InviteRow>(
    `INSERT INTO feedback_invite (id, kov_code, service_id, token_hash, reference, mailed, created_by, expires_at)
     VALUES ($1::uuid, $2, $3::uuid, $4, $5, $6, $7, $8) RETURNING ${INVITE_COLUMNS}`,
    [i.id, i.kov, i.serviceId, i.tokenHash, i.reference, i.mailed, i.createdBy, i.expiresAt],
  );
  return r!;
}

/** The invite of a token (answered or not), or null. */
export async function inviteByToken(t: Tx, kov: string, tokenHash: Buffer): Promise<InviteRow | null> {
  const r = await t.one<InviteRow>(`SELECT ${INVITE_COLUMNS} FROM feedback_invite WHERE kov_code = $1 AND token_hash = $2`, [kov, tokenHash]);
  return r ?? null;
}

/**
 * Claims an open invite for an answer: marks it answered in one statement, so of two answers racing
 * for one invite only one gets the row (the other waits for the row lock, then finds it answered).
 * Null: no such invite, already answered, or expired.
 */
export async function claimInvite(t: Tx, kov: string, tokenHash: Buffer, answerId: string): Promise<InviteRow | null> {
  const r = await t.one<InviteRow>(
    `UPDATE feedback_invite SET answered_at = core_now(), answer_id = $3::uuid
      WHERE kov_code = $1 AND token_hash = $2 AND answered_at IS NULL AND expires_at > core_now()
      RETURNING ${INVITE_COLUMNS}`,
    [kov, tokenHash, answerId],
  );
  return r ?? null;
}
