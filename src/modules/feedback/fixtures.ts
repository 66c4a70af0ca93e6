// Test factories for the feedback module (other modules' tests and the bench may use them too).
//   answer(db, kov, serviceId, partial)        one answer through the real insert (pending comment if it has one)
//   seedAnswers(db, kov, serviceIds, n, opts)  n answers in a few bulk statements, drawn from a seeded
//                                              generator: the rows are returned, so a test can compute
//                                              the figures it expects independently of the SQL
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { SeedOptions } from './demo.js';
import { generateAnswers, storeAnswers } from './demo.js';
import type { Channel, Driver } from './model.js';
import type { AnswerRow, BulkAnswerRow } from './repo/survey.js';
import { insertAnswer } from './repo/survey.js';

export type { SeedOptions };
export { generateAnswers } from './demo.js';

export interface AnswerPartial {
  channel?: Channel;
  satisfaction?: number;
  ease?: number;
  wentWell?: Driver[];
  wentBadly?: Driver[];
  comment?: string | null;
  lang?: 'et' | 'en' | 'ru';
  answeredAt?: Date;
}

/** One answer (the real insert: a comment is 'pending'). */
export async function answer(db: Db, kov: string, serviceId: string, p: AnswerPartial = {}): Promise<AnswerRow> {
  return db.tx(
    (t) =>
      insertAnswer(t, {
        id: uuidv7(),
        kov,
        serviceId,
        channel: p.channel ?? 'form',
        inviteId: null,
        satisfaction: p.satisfaction ?? 4,
        ease: p.ease ?? 4,
        wentWell: p.wentWell ?? [],
        wentBadly: p.wentBadly ?? [],
        comment: p.comment ?? null,
        lang: p.lang ?? 'et',
        answeredAt: p.answeredAt,
      }),
    { kov },
  );
}

/** n answers for the services (round-robin), stored in bulk; answers the rows as stored (see generateAnswers). */
export async function seedAnswers(db: Db, kov: string, serviceIds: readonly string[], n: number, o: SeedOptions = {}): Promise<BulkAnswerRow[]> {
  const rows = generateAnswers(kov, serviceIds, n, o);
  await storeAnswers(db, kov, rows);
  return rows;
}

/** A refused call's status and its field errors as `field:reason`; anything else fails the test. */
export async function refusal(p: Promise<unknown>): Promise<{ status: number; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (!isHttpError(e)) throw e;
    return { status: e.status, fields: e.fields.map((f) => `${f.field}:${f.reason}`) };
  }
  throw new Error('expected a refusal');
}
