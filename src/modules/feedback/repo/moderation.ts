// SQL for moderating comments on feedback_answer. Every function takes the caller's transaction.
import type { Tx } from '../../../kernel/db.js';
import type { CommentState } from '../model.js';
import type { AnswerRow } from './survey.js';
import { ANSWER_COLUMNS } from './survey.js';

/** Comments of a KOV in one state (pending: oldest first, the queue; others: newest first), a page. */
export async function commentsIn(t: Tx, kov: string, state: Exclude<CommentState, 'none'>, limit: number, offset: number): Promise<AnswerRow[]> {
  const order = state === 'pending' ? 'answered_at ASC, id ASC' : 'coalesce(moderated_at, answered_at) DESC, id DESC';
  return t.query<AnswerRow>(
    `SELECT ${ANSWER_COLUMNS} FROM feedback_answer WHERE kov_code = $1 AND comment_state = $2 ORDER BY ${order} LIMIT $3 OFFSET $4`,
    [kov, state, limit, offset],
  );
}

/** How many comments of the KOV stand in each state. */
export async function commentCounts(t: Tx, kov: string): Promise<Record<string, number>> {
  const rows = await t.query<{ comment_state: string; n: number }>(
    `SELECT comment_state, count(*)::int AS n FROM feedback_answer WHERE kov_code = $1 AND comment_state <> 'none' GROUP BY comment_state`,
    [kov],
  );
  return Object.fromEntries(rows.map((r) => [r.comment_state, r.n]));
}

/** The answer, locked for the moderator's change. */
export async function answerForUpdate(t: Tx, kov: string, id: string): Promise<AnswerRow | null> {
  const r = await t.one<AnswerRow>(`SELECT ${ANSWER_COLUMNS} FROM feedback_answer WHERE kov_code = $1 AND id = $2::uuid FOR UPDATE`, [kov, id]);
  return r ?? null;
}

/** Sets a comment's state; 'redacted' also removes its text (the scores and drivers stay). */
export async function setCommentState(t: Tx, kov: string, id: string, state: 'approved' | 'rejected' | 'redacted'): Promise<AnswerRow> {
  const r = await t.one<AnswerRow>(
    `UPDATE feedback_answer
        SET comment_state = $3, moderated_at = core_now(),
            comment = CASE WHEN $3 = 'redacted' THEN NULL ELSE comment END
      WHERE kov_code = $1 AND id = $2::uuid
      RETURNING ${ANSWER_COLUMNS}`,
    [kov, id, state],
  );
  return r!;
}

/** Answers of a KOV for the read API, newest first, keyset-paged by (answered_at, id) after the answer `after` (the previous page's last). */
export async function answersPage(
  t: Tx,
  kov: string,
  f: { serviceId: string | null; from: Date | null; to: Date | null; after: string | null; limit: number },
): Promise<AnswerRow[]> {
  return t.query<AnswerRow>(
    `SELECT ${ANSWER_COLUMNS} FROM feedback_answer
      WHERE kov_code = $1
        AND ($2::uuid IS NULL OR service_id = $2::uuid)
        AND ($3::timestamptz IS NULL OR answered_at >= $3::timestamptz)
        AND ($4::timestamptz IS NULL OR answered_at < $4::timestamptz)
        AND ($5::uuid IS NULL OR (answered_at, id) < (SELECT c.answered_at, c.id FROM feedback_answer c WHERE c.kov_code = $1 AND c.id = $5::uuid))
      ORDER BY answered_at DESC, id DESC LIMIT $6`,
    [kov, f.serviceId, f.from, f.to, f.after, f.limit],
  );
}
