// Followers ("Mul on sama mure" / "I have this problem too") over HTTP (PGlite, and PostgreSQL with
// TEST_DATABASE_URL): an e-mail follower confirmed by a link, a signed-in follower at once; the count
// on the page and in the JSON; the public changes mailed to followers in their language as HTML with a
// plain-text part, an unsubscribe link and List-Unsubscribe headers (the reporter's too); one-click
// unsubscribe; bad input, CSRF, another KOV's report and a closed report refused.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { listMail, type MailRow } from '../../kernel/mail.js';
import { Agent, asOwner, csrfFrom, engine, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { FIXTURE_HANDLER, makeReport, seedReportCategories } from './fixtures.js';
import { handleReport } from './handling.js';
import { runReportsNotify } from './notify.js';
import { sha256 } from './service.js';

const A = '0784';
const B = '0793';
const T0 = new Date('2026-09-01T09:00:00Z');
let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  setClock(T0);
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  app = await testApp(db, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
});
beforeEach(() => setClock(T0));
afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** Opens the report page (for its CSRF token) and posts the follow form. */
async function follow(agent: Agent, kov: string, number: string, email: string, lang = 'et') {
  const page = await agent.get(`/kov/${kov}/reports/${number}?lang=${lang}`);
  return agent.req({ method: 'POST', url: `/kov/${kov}/reports/${number}/follow`, form: { _csrf: csrfFrom(page.body), email } });
}

const mailsTo = async (to: string): Promise<MailRow[]> => (await listMail(db, { to })).reverse();
const linkIn = (text: string, prefix: string) => {
  const m = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^\\s]*`).exec(text);
  expect(m, `a link ${prefix}… in the mail`).toBeTruthy();
  return m![0];
};
const countOn = (html: string) => /Sama murega inimesi: (\d+)|People with the same problem: (\d+)/.exec(html)?.slice(1).find(Boolean);

describe(`following a report (${engine})`, () => {
  it('an e-mail follower confirms by a link, a signed-in one follows at once; both are counted and mailed each public change', async () => {
    const r = await makeReport(db, A);
    const base = app.config.publicUrl;
    // anonymous, with an address: a confirmation link (HTML and text), not counted yet
    const anon = new Agent(app);
    const res = await follow(anon, A, r.number, 'jaan@example.ee', 'en');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/kov/${A}/reports/${r.number}`);
    const [confirm] = await mailsTo('jaan@example.ee');
    expect(confirm).toMatchObject({ kind: 'reports.followConfirm', subject: `Confirm following report ${r.number}` });
    expect(confirm!.body_html).toContain('<html lang="en">');
    const link = linkIn(confirm!.body_text, `${base}/kov/${A}/reports/${r.number}/follow/confirm?token=`);
    expect(confirm!.body_html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
    expect(countOn((await anon.get(`/kov/${A}/reports/${r.number}?lang=et`)).body)).toBe('0');
    // GET only asks; POST confirms
    const ask = await anon.get(link.slice(base.length));
    expect(ask.statusCode).toBe(200);
    expect(ask.headers['cache-control']).toBe('no-store');
    const ok = await anon.req({ method: 'POST', url: `/kov/${A}/reports/${r.number}/follow/confirm`, form: { _csrf: csrfFrom(ask.body), token: new URL(link).searchParams.get('token')! } });
    expect(ok.statusCode).toBe(303);
    expect((await anon.req({ method: 'POST', url: `/kov/${A}/reports/${r.number}/follow/confirm`, form: { _csrf: csrfFrom(ask.body), token: new URL(link).searchParams.get('token')! } })).statusCode).toBe(410);

    // signed in: at once, no address needed; the page then offers to stop
    const liis = new Agent(app);
    await loginAs(liis, db, '60001019906', { givenName: 'Liis', familyName: 'Lepp' });
    expect((await follow(liis, A, r.number, 'liis@example.ee')).statusCode).toBe(303);
    const page = await liis.get(`/kov/${A}/reports/${r.number}?lang=et`);
    expect(countOn(page.body)).toBe('2');
    expect(page.body).toContain('Te jälgite seda teadet.');
    expect(page.body).toContain(`action="/kov/${A}/reports/${r.number}/unfollow"`);
    // following twice counts once
    expect((await follow(liis, A, r.number, 'liis@example.ee')).statusCode).toBe(303);
    // the JSON list carries the count
    const json = JSON.parse((await app.inject({ url: `/api/v1/kov/${A}/reports/public` })).body) as { items: { number: string; followers: number }[] };
    expect(json.items.find((i) => i.number === r.number)!.followers).toBe(2);

    // a public change is mailed to both followers, each in her language, with the unsubscribe link and headers
    await runReportsNotify(db, app.config);
    await handleReport(db, A, r.id, { kind: 'status', status: 'in_progress', answer: 'Remont <b>algab</b> homme.' }, FIXTURE_HANDLER);
    await handleReport(db, A, r.id, { kind: 'note', body: 'Sisemine märkus' }, FIXTURE_HANDLER);
    await runReportsNotify(db, app.config);
    const [jaanUpdate] = (await mailsTo('jaan@example.ee')).filter((m) => m.kind === 'reports.followerUpdate');
    expect(jaanUpdate!.subject).toBe(`Report ${r.number}: In progress`);
    expect(jaanUpdate!.body_text).toContain(`There is news about report ${r.number}, which you follow.`);
    expect(jaanUpdate!.body_text).toContain('Remont <b>algab</b> homme.');
    expect(jaanUpdate!.body_html).toContain('Remont &lt;b&gt;algab&lt;/b&gt; homme.');
    const unsub = linkIn(jaanUpdate!.body_text, `${base}/kov/${A}/reports/unsubscribe?f=`);
    expect(jaanUpdate!.headers).toEqual({ 'List-Unsubscribe': `<${unsub}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    const liisMails = (await mailsTo('liis@example.ee')).filter((m) => m.kind === 'reports.followerUpdate');
    expect(liisMails).toHaveLength(1);
    expect(liisMails[0]!.body_text).toContain('Teie jälgitava teate');
    expect([...(await mailsTo('jaan@example.ee')), ...liisMails].map((m) => m.body_text).join()).not.toContain('Sisemine märkus');
    // the reporter's own mail about the change: HTML too, and its own unsubscribe link
    const [mariUpdate] = (await mailsTo('mari@example.ee')).filter((m) => m.kind === 'reports.update' && m.body_text.includes(r.number));
    expect(mariUpdate!.body_html).toContain('<html lang="et">');
    const mariUnsub = linkIn(mariUpdate!.body_text, `${base}/kov/${A}/reports/unsubscribe?r=${r.id}`);
    expect(mariUpdate!.headers?.['List-Unsubscribe']).toBe(`<${mariUnsub}>`);

    // one-click unsubscribe (RFC 8058): a POST with no cookie and no CSRF token
    const path = unsub.slice(base.length);
    expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    const wrong = await app.inject({ method: 'POST', url: path.replace(/t=[^&]+/, 't=AAAA'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(wrong.statusCode).toBe(404);
    const one = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(one.statusCode).toBe(200);
    expect(countOn((await anon.get(`/kov/${A}/reports/${r.number}?lang=et`)).body)).toBe('1');
    // the reporter's link stops her mails (notify off)
    expect((await app.inject({ method: 'POST', url: mariUnsub.slice(base.length) })).statusCode).toBe(200);
    expect((await asOwner(db, (t) => t.one<{ notify: boolean }>('SELECT notify FROM reports_report WHERE id = $1', [r.id])))!.notify).toBe(false);
    // the next change reaches Liis only
    await handleReport(db, A, r.id, { kind: 'answer', body: 'Töö käib.' }, FIXTURE_HANDLER);
    await runReportsNotify(db, app.config);
    expect((await mailsTo('jaan@example.ee')).filter((m) => m.kind === 'reports.followerUpdate')).toHaveLength(1);
    expect((await mailsTo('mari@example.ee')).filter((m) => m.body_text.includes('Töö käib.'))).toHaveLength(0);
    expect((await mailsTo('liis@example.ee')).filter((m) => m.kind === 'reports.followerUpdate')).toHaveLength(2);
    // she stops following on the page
    const p2 = await liis.get(`/kov/${A}/reports/${r.number}`);
    expect((await liis.req({ method: 'POST', url: `/kov/${A}/reports/${r.number}/unfollow`, form: { _csrf: csrfFrom(p2.body) } })).statusCode).toBe(303);
    expect(countOn((await anon.get(`/kov/${A}/reports/${r.number}?lang=et`)).body)).toBe('0');
  });

  it('refuses a bad address (the page again with the error), a missing CSRF token, another KOV’s and a closed report', async () => {
    const r = await makeReport(db, A);
    const anon = new Agent(app);
    const bad = await follow(anon, A, r.number, 'not-an-address');
    expect(bad.statusCode).toBe(400);
    expect(/<div class="error-summary"[\s\S]*?<\/div>/.exec(bad.body)?.[0]).toContain('href="#f-email"');
    expect(bad.body).toContain('value="not-an-address"');
    expect((await follow(anon, A, r.number, '')).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: `/kov/${A}/reports/${r.number}/follow`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=x%40example.ee' })).statusCode).toBe(403);
    // A's report under B's address: 404
    const page = await anon.get(`/kov/${A}/reports/${r.number}`);
    expect((await anon.req({ method: 'POST', url: `/kov/${B}/reports/${r.number}/follow`, form: { _csrf: csrfFrom(page.body), email: 'x@example.ee' } })).statusCode).toBe(404);
    // a closed report cannot be followed
    await handleReport(db, A, r.id, { kind: 'status', status: 'closed' }, FIXTURE_HANDLER);
    // (the closed report's page has no follow form: the token of an earlier page, as a stale tab would)
    const closed = await anon.req({ method: 'POST', url: `/kov/${A}/reports/${r.number}/follow`, form: { _csrf: csrfFrom(page.body), email: 'x@example.ee' } });
    expect(closed.statusCode).toBe(409);
    expect(closed.body).toContain('seda ei saa enam jälgida');
    expect((await asOwner(db, (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_follower WHERE report_id = $1', [r.id])))!.n).toBe(0);
  });
});

describe(`two identical follows at the same moment (${engine})`, () => {
  /** The same follow form posted twice at once (same person/address, same CSRF token and cookies). */
  async function twice(agent: Agent, kov: string, number: string, email: string) {
    const page = await agent.get(`/kov/${kov}/reports/${number}?lang=et`);
    const payload = new URLSearchParams({ _csrf: csrfFrom(page.body), email }).toString();
    const one = () =>
      app.inject({ method: 'POST', url: `/kov/${kov}/reports/${number}/follow`, payload, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: agent.cookieHeader() } });
    return Promise.all([one(), one(), one()]);
  }
  const followers = (reportId: string) =>
    asOwner(db, (t) => t.query<{ person_hash: string | null; email: string | null; confirmed_at: Date | null }>('SELECT person_hash, email, confirmed_at FROM reports_follower WHERE report_id = $1', [reportId]));

  it('a signed-in resident: every answer is the usual redirect, one follower stored', async () => {
    const r = await makeReport(db, A);
    const kaja = new Agent(app);
    await loginAs(kaja, db, '49403136526', { givenName: 'Kaja', familyName: 'Kask' });
    const res = await twice(kaja, A, r.number, 'kaja@example.ee');
    expect(res.map((x) => x.statusCode)).toEqual([303, 303, 303]);
    const rows = await followers(r.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'kaja@example.ee' });
    expect(rows[0]!.confirmed_at).not.toBeNull();
  });

  it('an address not signed in: every answer is "check your mail", one follower stored, and the last link sent confirms it', async () => {
    const r = await makeReport(db, A);
    const anon = new Agent(app);
    const res = await twice(anon, A, r.number, 'Sama.Mure@example.ee');
    expect(res.map((x) => x.statusCode)).toEqual([303, 303, 303]);
    const rows = await followers(r.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ person_hash: null, confirmed_at: null });
    // a confirmation mail per request; the link of the last one written works
    const mails = await mailsTo('Sama.Mure@example.ee');
    expect(mails.length).toBeGreaterThanOrEqual(1);
    const hash = (await asOwner(db, (t) => t.one<{ confirm_hash: string }>('SELECT confirm_hash FROM reports_follower WHERE report_id = $1', [r.id])))!.confirm_hash;
    const tokens = mails.map((m) => new URL(linkIn(m.body_text, `${app.config.publicUrl}/kov/${A}/reports/${r.number}/follow/confirm?token=`)).searchParams.get('token')!);
    expect(tokens.some((tk) => sha256(tk) === hash)).toBe(true);

    // that link confirmed twice at once: one confirms, the other finds it used (410, never a 500)
    const token = tokens.find((tk) => sha256(tk) === hash)!;
    const ask = await anon.get(`/kov/${A}/reports/${r.number}/follow/confirm?token=${encodeURIComponent(token)}`);
    const payload = new URLSearchParams({ _csrf: csrfFrom(ask.body), token }).toString();
    const confirm = () =>
      app.inject({ method: 'POST', url: `/kov/${A}/reports/${r.number}/follow/confirm`, payload, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anon.cookieHeader() } });
    expect((await Promise.all([confirm(), confirm()])).map((x) => x.statusCode).sort()).toEqual([303, 410]);
    const after = await followers(r.id);
    expect(after).toHaveLength(1);
    expect(after[0]!.confirmed_at).not.toBeNull();
  });
});
