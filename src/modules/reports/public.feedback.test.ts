// "Is it fixed?": the reporter's answer through the link in her e-mail (the token's sha256 is in
// reports_report.feedback_hash). The right token stores the answer once; a wrong or used one fails
// cleanly (404/410, never 500); "not fixed" reopens the report with a public event.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { Agent, asOwner, csrfFrom, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { FIXTURE_HANDLER, makeReport, seedReportCategories } from './fixtures.js';
import { handleReport } from './handling.js';
import { answerFeedback } from './public.js';
import { newToken, sha256 } from './service.js';

const A = '0793';
const T0 = new Date('2026-05-04T09:00:00Z');
let db: Db;
let app: FastifyInstance;

/** A fixed report whose reporter got a feedback link; returns its number, id and the link's token. */
async function fixedReportWithLink(): Promise<{ number: string; id: string; token: string }> {
  const r = await makeReport(db, A, { category: 'pothole', description: 'Auk, mis parandati' });
  await handleReport(db, A, r.id, { kind: 'status', status: 'fixed', answer: 'Auk on paigatud.' }, FIXTURE_HANDLER);
  const token = newToken();
  await asOwner(db, (t) => t.query('UPDATE reports_report SET feedback_hash = $2 WHERE id = $1', [r.id, sha256(token)]));
  return { number: r.number, id: r.id, token };
}

const rowOf = (id: string) =>
  asOwner(db, (t) =>
    t.one<{ status: string; fixed_answer: boolean | null; satisfaction: number | null; feedback_comment: string | null; feedback_at: Date | null; feedback_hash: string | null; closed_at: Date | null }>(
      'SELECT status, fixed_answer, satisfaction, feedback_comment, feedback_at, feedback_hash, closed_at FROM reports_report WHERE id = $1',
      [id],
    ),
  );
const eventsOf = (id: string) => asOwner(db, (t) => t.query<{ kind: string; public: boolean; status: string; body: string | null }>('SELECT kind, public, status, body FROM reports_event WHERE report_id = $1 ORDER BY seq', [id]));

async function answer(agent: Agent, number: string, token: string, form: Record<string, string>) {
  const page = await agent.get(`/kov/${A}/reports/${number}/feedback?token=${encodeURIComponent(token)}`);
  expect(page.statusCode).toBe(200);
  return agent.req({ method: 'POST', url: `/kov/${A}/reports/${number}/feedback`, form: { _csrf: csrfFrom(page.body), token, ...form } });
}

beforeAll(async () => {
  setClock(T0);
  db = await testDb();
  await seedTenant(db, A, 'Tartu linn', 'linn');
  await seedReportCategories(db, A);
  app = await testApp(db);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('feedback', () => {
  it('with the right token stores the answer once; the comment stays private; the link then answers 410', async () => {
    const r = await fixedReportWithLink();
    const agent = new Agent(app);
    const form = await agent.get(`/kov/${A}/reports/${r.number}/feedback?token=${r.token}&lang=en`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Is the problem fixed?');
    expect(form.headers['cache-control']).toBe('no-store');

    const done = await answer(agent, r.number, r.token, { fixed: 'yes', satisfaction: '4', comment: 'Väga kiire, aitäh!' });
    expect(done.statusCode).toBe(200);
    const row = (await rowOf(r.id))!;
    expect(row).toMatchObject({ status: 'fixed', fixed_answer: true, satisfaction: 4, feedback_comment: 'Väga kiire, aitäh!', feedback_hash: null });
    expect(row.feedback_at).not.toBeNull();
    const fb = (await eventsOf(r.id)).filter((e) => e.kind === 'feedback');
    expect(fb).toEqual([{ kind: 'feedback', public: false, status: 'fixed', body: 'Väga kiire, aitäh!' }]);
    const page = await app.inject({ url: `/kov/${A}/reports/${r.number}` });
    expect(page.body).toContain('Auk on paigatud.');
    expect(page.body).not.toContain('Väga kiire');

    // the same link again: used
    const again = await agent.get(`/kov/${A}/reports/${r.number}/feedback?token=${r.token}`);
    expect(again.statusCode).toBe(410);
    const post = await agent.req({ method: 'POST', url: `/kov/${A}/reports/${r.number}/feedback`, form: { _csrf: csrfFrom(form.body), token: r.token, fixed: 'no' } });
    expect(post.statusCode).toBe(410);
    expect((await rowOf(r.id))!.status).toBe('fixed');
  });

  it('with a wrong token, no token, or another report’s token: 404, nothing stored', async () => {
    const r = await fixedReportWithLink();
    const other = await fixedReportWithLink();
    const agent = new Agent(app);
    for (const token of ['wrong', '', other.token, r.token.slice(0, -1)]) {
      const res = await agent.get(`/kov/${A}/reports/${r.number}/feedback?token=${encodeURIComponent(token)}`);
      expect(res.statusCode, token).toBe(404);
    }
    expect((await agent.get(`/kov/${A}/reports/not-a-number/feedback?token=x`)).statusCode).toBe(404);
    const ok = await agent.get(`/kov/${A}/reports/${other.number}/feedback?token=${other.token}`);
    const wrongPost = await agent.req({ method: 'POST', url: `/kov/${A}/reports/${r.number}/feedback`, form: { _csrf: csrfFrom(ok.body), token: other.token, fixed: 'no' } });
    expect(wrongPost.statusCode).toBe(404);
    expect(await rowOf(r.id)).toMatchObject({ status: 'fixed', fixed_answer: null, feedback_hash: sha256(r.token) });
  });

  it('“not fixed” reopens the report with a public event and a new expected-by date', async () => {
    const r = await fixedReportWithLink();
    const res = await answer(new Agent(app), r.number, r.token, { fixed: 'no', comment: 'Auk on endiselt alles.' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('avati uuesti');
    const row = (await rowOf(r.id))!;
    expect(row).toMatchObject({ status: 'reopened', fixed_answer: false, closed_at: null, feedback_hash: null });
    const events = await eventsOf(r.id);
    expect(events.slice(-2).map((e) => [e.kind, e.public, e.status])).toEqual([
      ['feedback', false, 'fixed'],
      ['reopened', true, 'reopened'],
    ]);
    const page = await app.inject({ url: `/kov/${A}/reports/${r.number}` });
    expect(page.body).toContain('Uuesti avatud');
    expect(page.body).not.toContain('Auk on endiselt alles.');
  });

  it('refuses a missing answer or a bad rating with 400 naming the field, keeping the token usable', async () => {
    const r = await fixedReportWithLink();
    const agent = new Agent(app);
    const none = await answer(agent, r.number, r.token, { comment: 'x' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('href="#f-fixed"');
    const bad = await answer(agent, r.number, r.token, { fixed: 'yes', satisfaction: '9' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-satisfaction"');
    const long = await answer(agent, r.number, r.token, { fixed: 'yes', comment: 'x'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('href="#f-comment"');
    expect((await rowOf(r.id))!.feedback_hash).toBe(sha256(r.token));
  });

  it('answerFeedback: an unconfirmed report or an unknown number is 404', async () => {
    const u = await makeReport(db, A, { reporter: { kind: 'email', email: 'u@example.ee', name: null, phone: null } });
    const token = newToken();
    await asOwner(db, (t) => t.query('UPDATE reports_report SET feedback_hash = $2 WHERE id = $1', [u.id, sha256(token)]));
    for (const n of [u.number, '2026-999999']) {
      try {
        await answerFeedback(db, A, n, token, { fixed: true, satisfaction: null, comment: null });
        throw new Error('expected a refusal');
      } catch (e) {
        expect(isHttpError(e) && e.status).toBe(404);
      }
    }
  });
});
