// Subject surveys on PGlite and (TEST_DATABASE_URL) PostgreSQL, the kernel clock set: an answer in the
// caller's transaction (rolled back with it), a new answer of the same respondent replacing the old,
// the service survey's validation and field errors, the figures (the dashboards' average and CSAT,
// ease over the answers that have it, drivers, the ten newest comments) and what a respondent has
// answered; a new answer without ease is refused by the database as well.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import { asOwner, closeTest, engine, testDbAt } from '../../../test/helpers.js';
import { refusal } from './fixtures.js';
import { subjectAnswers } from './repo/subject.js';
import { SUBJECT_COMMENTS, answerSubject, subjectFigures, subjectsAnsweredBy } from './subject-survey.js';

const KIND = 'training-day';
const key = (n: number) => `respondent-key-${String(n).padStart(4, '0')}`;
let db: Db;

/** A platform transaction, as a caller module opens one. */
const platform = <T>(fn: (t: Tx) => Promise<T>): Promise<T> => db.tx(fn, { kov: null });

beforeAll(async () => {
  db = await testDbAt('2027-01-20T10:00:00+02:00', []);
});
afterAll(() => closeTest(undefined, db));

describe(`subject surveys: answering (${engine})`, () => {
  it('stores an answer in the caller’s transaction; a new answer of the same respondent replaces the old', async () => {
    const day = uuidv7();
    const first = await platform((t) => answerSubject(t, KIND, day, key(1), { satisfaction: '5', ease: '4', wentWell: 'trust', comment: '  Hea  ' }, 'et'));
    advanceClock(60_000);
    const second = await platform((t) => answerSubject(t, KIND, day, key(1), { satisfaction: 2, ease: 3, wentWell: [], wentBadly: ['efficiency', 'efficiency'], comment: '' }, 'ru'));
    expect(second.id).toBe(first.id);
    const rows = await platform((t) => subjectAnswers(t, KIND, day));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ respondent_key: key(1), satisfaction: 2, ease: 3, went_well: [], went_badly: ['efficiency'], comment: null, lang: 'ru' });
    expect(new Date(rows[0]!.answered_at).toISOString()).toBe('2027-01-20T08:01:00.000Z');
    // another respondent, and another kind of subject with the same id, are answers of their own
    await platform((t) => answerSubject(t, KIND, day, key(2), { satisfaction: 4, ease: 4 }, 'en'));
    await platform((t) => answerSubject(t, 'webinar', day, key(1), { satisfaction: 1, ease: 1 }, 'et'));
    expect(await platform((t) => subjectAnswers(t, KIND, day))).toHaveLength(2);
    expect(await platform((t) => subjectAnswers(t, 'webinar', day))).toHaveLength(1);
  });

  it('is rolled back with the caller’s transaction (the caller’s check after it fails)', async () => {
    const day = uuidv7();
    await expect(
      platform(async (t) => {
        await answerSubject(t, KIND, day, key(3), { satisfaction: 5, ease: 5 }, 'et');
        throw new Error('the caller’s check failed');
      }),
    ).rejects.toThrow('the caller’s check failed');
    expect(await platform((t) => subjectAnswers(t, KIND, day))).toEqual([]);
  });

  it('refuses a bad answer with the service survey’s field errors, and stores nothing', async () => {
    const day = uuidv7();
    expect(await refusal(platform((t) => answerSubject(t, KIND, day, key(4), {}, 'et')))).toEqual({
      status: 400,
      fields: ['satisfaction:feedback.error.satisfaction', 'ease:feedback.error.ease'],
    });
    expect(
      await refusal(platform((t) => answerSubject(t, KIND, day, key(4), { satisfaction: 3, ease: '6', wentWell: ['ease', 'nonsense'], comment: 'x'.repeat(2001) }, 'et'))),
    ).toEqual({ status: 400, fields: ['ease:feedback.error.ease', 'wentWell:feedback.error.driver', 'comment:feedback.error.commentLong'] });
    expect(await refusal(platform((t) => answerSubject(t, KIND, day, key(4), { satisfaction: 3, ease: 3, wentWell: ['ease'], wentBadly: ['ease'] }, 'et')))).toEqual({
      status: 400,
      fields: ['wentBadly:feedback.error.driverBoth'],
    });
    expect(await platform((t) => subjectAnswers(t, KIND, day))).toEqual([]);
    // a caller's mistake, not the respondent's: an ID code is no respondent key, and a kind is a slug
    await expect(platform((t) => answerSubject(t, KIND, day, '38001010008', { satisfaction: 3, ease: 3 }, 'et'))).rejects.toThrow(/respondent key/);
    await expect(platform((t) => answerSubject(t, 'Training Day', day, key(4), { satisfaction: 3, ease: 3 }, 'et'))).rejects.toThrow(/subject kind/);
  });

  it('the database refuses a new answer without ease (only moved rows have none)', async () => {
    await expect(
      asOwner(db, (t) =>
        t.query(`INSERT INTO feedback_subject_answer (id, subject_kind, subject_id, respondent_key, satisfaction, ease) VALUES ($1, 'training-day', $2, $3, 4, NULL)`, [uuidv7(), uuidv7(), key(5)]),
      ),
    ).rejects.toThrow(/feedback_subject_answer_ease/);
  });
});

describe(`subject surveys: figures and what a respondent answered (${engine})`, () => {
  it('counts responses, the average and CSAT as the dashboards do, ease over the answers that have it, drivers, and the ten newest comments', async () => {
    const [d1, d2, empty] = [uuidv7(), uuidv7(), uuidv7()];
    const answers: [number, number, string[], string[], string | null][] = [
      [5, 4, ['trust', 'effectiveness'], [], 'Väga hea'],
      [4, 2, ['trust'], ['efficiency'], null],
      [2, 1, [], ['efficiency', 'transparency'], 'Liiga pikk päev'],
    ];
    for (const [i, [s, e, ww, wb, c]] of answers.entries()) {
      advanceClock(1000);
      await platform((t) => answerSubject(t, KIND, d1, key(100 + i), { satisfaction: s, ease: e, wentWell: ww, wentBadly: wb, comment: c }, 'et'));
    }
    // a row as moved from the old training survey (no ease, no drivers), written as the migrations did:
    // before the NOT VALID check existed
    await asOwner(db, async (t) => {
      await t.exec('ALTER TABLE feedback_subject_answer DROP CONSTRAINT feedback_subject_answer_ease');
      await t.query(`INSERT INTO feedback_subject_answer (id, subject_kind, subject_id, respondent_key, satisfaction) VALUES ($1, 'training-day', $2, $3, 3)`, [uuidv7(), d1, key(199)]);
      await t.exec('ALTER TABLE feedback_subject_answer ADD CONSTRAINT feedback_subject_answer_ease CHECK (ease IS NOT NULL) NOT VALID');
    });
    for (let i = 0; i < SUBJECT_COMMENTS + 2; i++) {
      advanceClock(1000);
      await platform((t) => answerSubject(t, KIND, d2, key(200 + i), { satisfaction: 5, ease: 5, comment: `kommentaar ${i}` }, 'et'));
    }
    const [f1, f2, f0] = await platform((t) => subjectFigures(t, KIND, [d1, d2, empty]));
    expect(f1).toMatchObject({
      subjectId: d1,
      responses: 4,
      satisfactionAverage: 3.5,
      csat: 0.5,
      easeAverage: 2.33,
      wentWell: { trust: 2, effectiveness: 1, ease: 0, efficiency: 0, transparency: 0, helpfulness: 0 },
      wentBadly: { trust: 0, effectiveness: 0, ease: 0, efficiency: 2, transparency: 1, helpfulness: 0 },
    });
    expect(f1!.comments.map((c) => [c.comment, c.satisfaction])).toEqual([
      ['Liiga pikk päev', 2],
      ['Väga hea', 5],
    ]);
    expect(f2!.responses).toBe(SUBJECT_COMMENTS + 2);
    expect(f2!.csat).toBe(1);
    expect(f2!.comments.map((c) => c.comment)).toEqual(Array.from({ length: SUBJECT_COMMENTS }, (_, i) => `kommentaar ${SUBJECT_COMMENTS + 1 - i}`));
    expect(f0).toMatchObject({ subjectId: empty, responses: 0, satisfactionAverage: null, csat: null, easeAverage: null, comments: [] });
    expect(await platform((t) => subjectFigures(t, KIND, []))).toEqual([]);
    // another kind's answers about the same id are not counted
    await platform((t) => answerSubject(t, 'webinar', d1, key(100), { satisfaction: 1, ease: 1 }, 'et'));
    expect((await platform((t) => subjectFigures(t, KIND, [d1])))[0]!.responses).toBe(4);
  });

  it('lists the subjects of a kind a respondent answered about', async () => {
    const [a, b] = [uuidv7(), uuidv7()].sort();
    const me = key(300);
    expect(await platform((t) => subjectsAnsweredBy(t, KIND, me))).toEqual([]);
    await platform((t) => answerSubject(t, KIND, b!, me, { satisfaction: 3, ease: 3 }, 'et'));
    await platform((t) => answerSubject(t, KIND, a!, me, { satisfaction: 4, ease: 4 }, 'et'));
    await platform((t) => answerSubject(t, KIND, a!, me, { satisfaction: 5, ease: 5 }, 'et'));
    await platform((t) => answerSubject(t, 'webinar', uuidv7(), me, { satisfaction: 5, ease: 5 }, 'et'));
    await platform((t) => answerSubject(t, KIND, uuidv7(), key(301), { satisfaction: 5, ease: 5 }, 'et'));
    expect(await platform((t) => subjectsAnsweredBy(t, KIND, me))).toEqual([a, b]);
  });
});
