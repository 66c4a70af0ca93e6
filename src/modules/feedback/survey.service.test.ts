// The survey's service on PGlite and (TEST_DATABASE_URL) PostgreSQL, with the kernel clock set:
// an answer is stored anonymously (no person column exists to fill), a comment waits as 'pending',
// bad answers are refused naming the field, invites are answered once (channel 'link'), the bulk
// fixture inserts exactly the rows it returns, and KOVs never see each other's answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { auditActionsOf } from '../../kernel/audit.js';
import { advanceClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import { asOwner, closeTest, engine, testDbAt } from '../../../test/helpers.js';
import { answer, refusal, seedAnswers } from './fixtures.js';
import { answerById, answersOfService, approvedComments } from './repo/survey.js';
import { INVITE_DAYS, answerInvite, createInvite, inviteOf, inviteState, submitAnswer } from './survey.js';

const A = '0784';
const B = '0296';
const SVC = uuidv7();
const SVC2 = uuidv7();
const KOV_SYSTEM: Actor = { kind: 'apikey', id: null, name: 'API key test' };
let db: Db;

beforeAll(async () => {
  db = await testDbAt('2026-12-15T10:00:00Z', [[A, 'Tallinn', 'linn'], [B, 'Harku vald']]);
});
afterAll(() => closeTest(undefined, db));

describe('submitAnswer', () => {
  it('stores the scores, drivers and a pending comment, at the clock’s time, and nothing about the person', async () => {
    const s = await submitAnswer(db, A, { serviceId: SVC, channel: 'form', lang: 'en', raw: { satisfaction: '4', ease: '2', wentWell: ['trust'], wentBadly: ['efficiency', 'ease'], comment: ' Too slow ' } });
    expect(s).toMatchObject({ serviceId: SVC, channel: 'form', commentPending: true });
    const row = await db.tx((t) => answerById(t, A, s.id), { kov: A });
    expect(row).toMatchObject({ kov_code: A, service_id: SVC, channel: 'form', invite_id: null, satisfaction: 4, ease: 2, went_well: ['trust'], went_badly: ['efficiency', 'ease'], comment: 'Too slow', comment_state: 'pending', lang: 'en' });
    expect(new Date(row!.answered_at).toISOString()).toBe('2026-12-15T10:00:00.000Z');
    // the table has no column that could hold a person, an address or a session
    const cols = await asOwner(db, (t) => t.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'feedback_answer' ORDER BY ordinal_position`));
    expect(cols.map((c) => c.column_name)).toEqual(['id', 'kov_code', 'service_id', 'channel', 'invite_id', 'satisfaction', 'ease', 'went_well', 'went_badly', 'comment', 'comment_state', 'lang', 'answered_at', 'moderated_at']);
  });

  it('without a comment the state is none; a pending comment is not among the approved ones', async () => {
    const s = await submitAnswer(db, A, { serviceId: SVC2, channel: 'widget', lang: 'et', raw: { satisfaction: 5, ease: 5 } });
    expect(s.commentPending).toBe(false);
    await answer(db, A, SVC2, { comment: 'Ootel kommentaar' });
    expect(await db.tx((t) => approvedComments(t, A, SVC2, 10), { kov: A })).toEqual([]);
  });

  it('refuses a bad answer with 400 naming the fields, storing nothing', async () => {
    const before = (await db.tx((t) => answersOfService(t, A, SVC), { kov: A })).length;
    expect(await refusal(submitAnswer(db, A, { serviceId: SVC, channel: 'form', lang: 'et', raw: { satisfaction: 9, ease: 3, wentWell: ['nope'] } }))).toEqual({
      status: 400,
      fields: ['satisfaction:feedback.error.satisfaction', 'wentWell:feedback.error.driver'],
    });
    expect((await db.tx((t) => answersOfService(t, A, SVC), { kov: A })).length).toBe(before);
  });

  it('keeps KOVs apart: another KOV’s transaction sees none of A’s answers', async () => {
    expect(await db.tx((t) => answersOfService(t, B, SVC), { kov: B })).toEqual([]);
    // even naming A in the query from B's transaction: row-level security hides the rows
    expect(await db.tx((t) => answersOfService(t, A, SVC), { kov: B })).toEqual([]);
  });
});

describe('invites', () => {
  it('creates a one-time invite with a URL and an audit entry; the mail is queued without keeping the address', async () => {
    const inv = await createInvite(db, { publicUrl: 'https://vallamaja.test' }, A, KOV_SYSTEM, {
      serviceId: SVC,
      formPath: `/kov/${A}/services/lasteaed/feedback`,
      serviceName: 'Lasteaiakoht',
      reference: 'TAOTLUS-17',
      email: 'mari@example.ee',
      lang: 'et',
    });
    expect(inv.url).toBe(`https://vallamaja.test/kov/${A}/services/lasteaed/feedback?invite=${inv.token}`);
    expect(inv.mailed).toBe(true);
    expect(inv.expiresAt.toISOString()).toBe(new Date(Date.parse('2026-12-15T10:00:00Z') + INVITE_DAYS * 86400_000).toISOString());
    const mails = await asOwner(db, (t) => t.query<{ to_address: string; body_text: string; kind: string }>(`SELECT to_address, body_text, kind FROM core_mail WHERE kind = 'feedback.invite'`));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body_text).toContain(inv.url);
    expect(mails[0]!.body_text).toContain('Lasteaiakoht');
    const stored = await asOwner(db, (t) => t.query(`SELECT * FROM feedback_invite WHERE id = $1`, [inv.id]));
    expect(JSON.stringify(stored)).not.toContain('mari@example.ee');
    expect(await db.tx((t) => auditActionsOf(t, A), { kov: A })).toContain('feedback.invite');

    const i = await inviteOf(db, A, inv.token);
    expect(i && inviteState(i)).toBe('open');
    expect(await inviteOf(db, B, inv.token)).toBe(null);

    // answered once: channel 'link' with the invite's id; the second answer is refused with 409
    const s = await answerInvite(db, A, inv.token, { satisfaction: 2, ease: 3 }, 'et');
    expect(s).toMatchObject({ serviceId: SVC, channel: 'link' });
    const row = await db.tx((t) => answerById(t, A, s.id), { kov: A });
    expect(row!.invite_id).toBe(inv.id);
    expect(await refusal(answerInvite(db, A, inv.token, { satisfaction: 5, ease: 5 }, 'et'))).toEqual({ status: 409, fields: ['invite:feedback.invite.used'] });
    expect(inviteState((await inviteOf(db, A, inv.token))!)).toBe('answered');
  });

  it('refuses an unknown token (404), a bad e-mail (400), and an expired invite', async () => {
    expect((await refusal(answerInvite(db, A, 'x'.repeat(32), { satisfaction: 2, ease: 3 }, 'et'))).status).toBe(404);
    expect(await refusal(createInvite(db, { publicUrl: 'https://v.test' }, A, KOV_SYSTEM, { serviceId: SVC, formPath: '/x', serviceName: 'S', reference: null, email: 'not an address', lang: 'et' }))).toEqual({
      status: 400,
      fields: ['email:feedback.error.email'],
    });
    const inv = await createInvite(db, { publicUrl: 'https://v.test' }, A, KOV_SYSTEM, { serviceId: SVC, formPath: '/x', serviceName: 'S', reference: null, email: null, lang: 'et' });
    expect(inv.mailed).toBe(false);
    advanceClock((INVITE_DAYS + 1) * 86400_000);
    try {
      expect(inviteState((await inviteOf(db, A, inv.token))!)).toBe('expired');
      expect((await refusal(answerInvite(db, A, inv.token, { satisfaction: 2, ease: 3 }, 'et'))).status).toBe(409);
    } finally {
      setClock('2026-12-15T10:00:00Z');
    }
  });
});

describe('one invite, 50 answers at once', () => {
  // On PostgreSQL these really race (a pool of 30 connections); on PGlite they run one after another.
  it(`counts exactly one (${engine})`, async () => {
    const inv = await createInvite(db, { publicUrl: 'https://v.test' }, A, KOV_SYSTEM, { serviceId: SVC2, formPath: '/x', serviceName: 'S', reference: null, email: null, lang: 'et' });
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => answerInvite(db, A, inv.token, { satisfaction: (i % 5) + 1, ease: 3 }, 'et')));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused.map((r) => (isHttpError(r.reason) ? r.reason.status : String(r.reason)))).toEqual(Array(49).fill(409));
    const n = await db.tx((t) => t.one<{ n: number }>(`SELECT count(*)::int AS n FROM feedback_answer WHERE kov_code = $1 AND invite_id = $2::uuid`, [A, inv.id]), { kov: A });
    expect(n!.n).toBe(1);
  });
});

describe('seedAnswers', () => {
  it('inserts exactly the rows it returns, deterministic for a seed', async () => {
    const s1 = uuidv7();
    const s2 = uuidv7();
    const rows = await seedAnswers(db, B, [s1, s2], 2500, { seed: 7 });
    const again = await seedAnswers(db, B, [uuidv7()], 3, { seed: 7 });
    expect(again.map((r) => r.satisfaction)).toEqual(rows.slice(0, 3).map((r) => r.satisfaction));
    const stored = await db.tx((t) => t.query<{ service_id: string; n: number; sat: number; ww: number; pending: number }>(
      `SELECT service_id, count(*)::int AS n, sum(satisfaction)::int AS sat, sum(cardinality(went_well))::int AS ww, count(*) FILTER (WHERE comment_state = 'pending')::int AS pending
         FROM feedback_answer WHERE kov_code = $1 AND service_id = ANY($2::uuid[]) GROUP BY service_id ORDER BY service_id`, [B, [s1, s2]]), { kov: B });
    const expectOf = (s: string) => {
      const mine = rows.filter((r) => r.serviceId === s);
      return { service_id: s, n: mine.length, sat: mine.reduce((x, r) => x + r.satisfaction, 0), ww: mine.reduce((x, r) => x + r.wentWell.length, 0), pending: mine.filter((r) => r.commentState === 'pending').length };
    };
    expect(stored).toEqual([s1, s2].sort().map(expectOf));
    expect(rows.some((r) => r.commentState === 'pending')).toBe(true);
  });
});
