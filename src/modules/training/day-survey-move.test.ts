// The move of the training days' old survey into the feedback module's subject survey (migrations
// 202612190000_feedback_subject_survey.sql, 202612190001_training_day_feedback_move.sql,
// 202612190002_feedback_subject_ease.sql) on both engines: a database at the migration before the
// move, with training_day_feedback rows (a comment, an empty one) of two members on two days, ends with
// the same answers in feedback_subject_answer (subject 'training-day', the same respondent keys,
// satisfaction and times, comment '' as NULL, no ease, no drivers, lang 'et'), the old table gone; the
// member's page still knows what she answered, the roster counts the moved answers (no ease average
// from them), and a new answer of hers replaces the moved one (now with ease).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { migrate } from '../../kernel/migrate.js';
import { asOwner, dbMigratedUpTo, engine, seedTenant } from '../../../test/helpers.js';
import { FIXTURE_ACTOR, memberIdcode, programmeWithGroup, teamInput } from './fixtures.js';
import { answerDay, groupRoster, myTraining, registerTeam } from './service.js';

const BEFORE = '202612190000_feedback_subject_survey.sql';
const KEY = 'test-idcode-key';
const A = '0784';
const AT1 = '2027-01-12T15:00:00.000Z';
const AT2 = '2027-01-26T15:30:00.000Z';
let db: Db;
let groupId: string;
let days: string[];
const [m1, m2] = [hashIdcode(KEY, memberIdcode(700, 4)), hashIdcode(KEY, memberIdcode(701, 4))];
/** The key the old survey stored (and the new one still uses): a hash of the keyed ID-code hash. */
const keyOf = (h: string) => createHash('sha256').update(`training-day-feedback:${h}`).digest('hex');

beforeAll(async () => {
  setClock('2026-12-10T10:00:00+02:00');
  db = await dbMigratedUpTo(BEFORE);
  await seedTenant(db, A, 'Tallinn', 'linn');
  ({ groupId } = await programmeWithGroup(db, { firstDay: '2027-01-12' }));
  await registerTeam(db, KEY, A, teamInput(groupId, 2, 700, 4), FIXTURE_ACTOR);
  days = (await groupRoster(db, groupId))!.detail.days.map((d) => d.id);
  await asOwner(db, async (t) => {
    const row = (day: string, h: string, s: number, comment: string, at: string) =>
      t.query('INSERT INTO training_day_feedback (day_id, respondent_key, satisfaction, comment, at) VALUES ($1, $2, $3, $4, $5)', [day, keyOf(h), s, comment, at]);
    await row(days[0]!, m1, 5, 'Väga hea päev', AT1);
    await row(days[0]!, m2, 2, '', AT1);
    await row(days[1]!, m1, 4, '', AT2);
  });
  await migrate(db);
}, 240_000);

afterAll(async () => {
  await db?.close();
});

describe(`a training day's survey moves into feedback_subject_answer (${engine})`, () => {
  it('keeps every answer under its day and respondent key; the old table is gone', async () => {
    const rows = await asOwner(db, (t) =>
      t.query<{ subject_kind: string; subject_id: string; respondent_key: string; satisfaction: number; ease: number | null; went_well: string[]; went_badly: string[]; comment: string | null; lang: string; answered_at: Date }>(
        'SELECT subject_kind, subject_id, respondent_key, satisfaction, ease, went_well, went_badly, comment, lang, answered_at FROM feedback_subject_answer ORDER BY answered_at, satisfaction',
      ),
    );
    const common = { subject_kind: 'training-day', ease: null, went_well: [], went_badly: [], lang: 'et' };
    expect(rows.map((r) => ({ ...r, answered_at: new Date(r.answered_at).toISOString() }))).toEqual([
      { ...common, subject_id: days[0], respondent_key: keyOf(m2), satisfaction: 2, comment: null, answered_at: AT1 },
      { ...common, subject_id: days[0], respondent_key: keyOf(m1), satisfaction: 5, comment: 'Väga hea päev', answered_at: AT1 },
      { ...common, subject_id: days[1], respondent_key: keyOf(m1), satisfaction: 4, comment: null, answered_at: AT2 },
    ]);
    expect(await asOwner(db, (t) => t.one<{ r: string | null }>("SELECT to_regclass('training_day_feedback')::text AS r"))).toEqual({ r: null });
  });

  it('the member’s page and the roster read the moved answers; a new answer replaces the moved one', async () => {
    expect((await myTraining(db, m1)).feedbackGiven.sort()).toEqual([days[0], days[1]].sort());
    expect((await myTraining(db, m2)).feedbackGiven).toEqual([days[0]]);
    const [f1, f2, f3] = (await groupRoster(db, groupId))!.feedback;
    expect(f1).toMatchObject({ subjectId: days[0], responses: 2, satisfactionAverage: 3.5, csat: 0.5, easeAverage: null });
    expect(f1!.comments.map((c) => c.comment)).toEqual(['Väga hea päev']);
    expect(f2).toMatchObject({ subjectId: days[1], responses: 1, satisfactionAverage: 4, csat: 1, easeAverage: null });
    expect(f3).toMatchObject({ responses: 0 });
    await answerDay(db, m2, days[0]!, { satisfaction: '4', ease: '3', wentWell: ['ease'] }, 'ru');
    const g1 = (await groupRoster(db, groupId))!.feedback[0]!;
    expect(g1).toMatchObject({ responses: 2, satisfactionAverage: 4.5, csat: 1, easeAverage: 3, wentWell: { ease: 1 } });
  });
});
