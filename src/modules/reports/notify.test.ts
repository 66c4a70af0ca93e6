// The reporter notifier and the e-mail confirmation: an anonymous report is mailed its confirmation
// link (token hash stored), confirming over HTTP (GET asks, POST confirms, CSRF) receives it and a
// used token fails cleanly; receipts, a mail per public change and none for internal notes; "is it
// fixed?" with a token whose sha256 is stored; nothing mailed twice, however often it runs. Both engines.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { advanceClock, resetClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { listMail, sendDueMail } from '../../kernel/mail.js';
import { uuidv7 } from '../../kernel/ids.js';
import { Agent, asOwner, csrfFrom, engine, seedTenant, testApp, testConfig, testDb } from '../../../test/helpers.js';
import { runReportsNotify } from './index.js';
import * as repo from './repo.js';
import type { NewReport, ReportStatus } from './service.js';
import { createReport, recordEvent } from './service.js';
import type { EventKind } from './repo.js';
import { waitFor } from '../../../test/wait.js';

const KOV = '0890';
const OTHER = '0793';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const config = testConfig();

let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  db = await testDb();
  await seedTenant(db, KOV, 'Viimsi vald');
  await seedTenant(db, OTHER, 'Tartu linn', 'linn');
  for (const kov of [KOV, OTHER]) {
    await db.tx(
      (t) =>
        repo.insertCategory(t, {
          id: uuidv7(),
          kov,
          code: 'pothole',
          domain: 'roads',
          names: { et: 'Auk teel', en: 'Pothole', ru: 'Яма на дороге' },
          description: '',
          groupId: null,
          slaDays: 10,
          attributes: [],
          keywords: '',
          sort: 0,
        }),
      { kov },
    );
  }
  app = await testApp(db, { rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 } });
});
beforeEach(async () => {
  setClock('2026-12-07T10:00:00Z');
  // every test starts with everything handled and an empty outbox
  await runReportsNotify(db, config);
  await asOwner(db, (t) => t.query('DELETE FROM core_mail'));
});
afterEach(() => resetClock());
afterAll(async () => {
  await app.close();
  await db.close();
});

function newReport(over: Partial<NewReport> = {}): NewReport {
  return {
    kov: KOV,
    category: 'pothole',
    description: 'Sügav auk kõnniteel bussipeatuse juures',
    lat: 59.5,
    lon: 24.8,
    address: 'Randvere tee 9',
    source: 'web',
    reporter: { kind: 'email', email: 'kati@example.ee', name: null, phone: null },
    notify: true,
    lang: 'et',
    ...over,
  };
}

const person = (email: string | null) => ({ kind: 'person' as const, idcodeHash: 'h'.repeat(64), name: 'Mari Maasikas', email, phone: null });

/** A handler's change as the handling service makes it: the report updated and its event, in one transaction. */
async function change(kov: string, id: string, e: { kind: EventKind; public: boolean; status: ReportStatus; body?: string; data?: Record<string, unknown> }) {
  await db.tx(
    async (t) => {
      const r = (await repo.reportById(t, kov, id, true))!;
      await t.query('UPDATE reports_report SET status = $3 WHERE kov_code = $1 AND id = $2', [kov, id, e.status]);
      await recordEvent(t, r, { ...e, actor: { kind: 'person', name: 'Handler Henn' } });
    },
    { kov },
  );
}

const reportRow = (kov: string, id: string) => db.tx((t) => repo.reportById(t, kov, id), { kov });
const mailsTo = async (to: string) => (await listMail(db, { to })).reverse();
const tokenIn = (text: string, path: string) => {
  const m = new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return decodeURIComponent(m[1]!);
};

describe(`the reporter notifier (${engine})`, () => {
  it('mails an anonymous reporter the confirmation link in her language, storing only the token’s sha256', async () => {
    const r = await createReport(db, newReport({ lang: 'en', reporter: { kind: 'email', email: 'anon.en@example.ee', name: null, phone: null } }));
    expect(r.status).toBe('unconfirmed');
    expect(await runReportsNotify(db, config)).toEqual({ events: 1, mails: 1 });
    const [m, ...rest] = await mailsTo('anon.en@example.ee');
    expect(rest).toHaveLength(0);
    expect(m).toMatchObject({ kov_code: KOV, kind: 'reports.confirm', subject: `Confirm your report ${r.number}` });
    expect(m!.body_text).toContain('Pothole');
    expect(m!.body_text).toContain('Randvere tee 9');
    expect(m!.body_text).toContain('Viimsi vald');
    const token = tokenIn(m!.body_text, `${config.publicUrl}/kov/${KOV}/reports/confirm`);
    const row = await reportRow(KOV, r.id);
    expect(row!.confirm_hash).toBe(sha(token));
    expect(row!.confirm_hash).not.toContain(token);
    // nothing twice
    expect(await runReportsNotify(db, config)).toEqual({ events: 0, mails: 0 });
    expect(await mailsTo('anon.en@example.ee')).toHaveLength(1);
  });

  it('two confirmations of the same link at once: one confirms, the other finds the link used (410, never a 500); one event', async () => {
    const r = await createReport(db, newReport({ reporter: { kind: 'email', email: 'anon.twice@example.ee', name: null, phone: null } }));
    await runReportsNotify(db, config);
    const [m] = await mailsTo('anon.twice@example.ee');
    const token = tokenIn(m!.body_text, `/kov/${KOV}/reports/confirm`);
    const agent = new Agent(app);
    const page = await agent.get(`/kov/${KOV}/reports/confirm?token=${encodeURIComponent(token)}`);
    const payload = new URLSearchParams({ _csrf: csrfFrom(page.body), token }).toString();
    const post = () => app.inject({ method: 'POST', url: `/kov/${KOV}/reports/confirm`, payload, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: agent.cookieHeader() } });
    const codes = (await Promise.all([post(), post()])).map((x) => x.statusCode).sort();
    expect(codes).toEqual([200, 410]);
    const events = await db.tx((t) => repo.eventsOf(t, KOV, r.id, true), { kov: KOV });
    expect(events.map((e) => e.kind)).toEqual(['confirmed']);
  });

  it('confirms over HTTP: GET only asks, POST (CSRF) receives the report and mails the receipt; a used or unknown token fails cleanly', async () => {
    const r = await createReport(db, newReport({ reporter: { kind: 'email', email: 'anon.et@example.ee', name: null, phone: null } }));
    await runReportsNotify(db, config);
    const [m] = await mailsTo('anon.et@example.ee');
    const token = tokenIn(m!.body_text, `/kov/${KOV}/reports/confirm`);
    const agent = new Agent(app);
    const url = `/kov/${KOV}/reports/confirm?token=${encodeURIComponent(token)}`;

    const page = await agent.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page.body).toContain('Kinnitan teate');
    expect(page.body).toContain(r.number);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await reportRow(KOV, r.id))!.status).toBe('unconfirmed'); // a mail scanner following the link changes nothing
    expect((await new Agent(app).get(`${url}&lang=ru`)).body).toContain('Подтверждаю сообщение');

    // without the CSRF token: refused, nothing changes
    const forged = await agent.req({ method: 'POST', url: `/kov/${KOV}/reports/confirm`, form: { token } });
    expect(forged.statusCode).toBe(403);
    expect((await reportRow(KOV, r.id))!.status).toBe('unconfirmed');

    advanceClock(3600_000);
    const done = await agent.req({ method: 'POST', url: `/kov/${KOV}/reports/confirm`, form: { _csrf: csrfFrom(page.body), token } });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Teade on kinnitatud');
    const row = (await reportRow(KOV, r.id))!;
    expect(row.status).toBe('received');
    expect(row.confirm_hash).toBeNull();
    expect(new Date(row.confirmed_at!).toISOString()).toBe('2026-12-07T11:00:00.000Z');
    expect(new Date(row.expected_at!).toISOString()).toBe('2026-12-17T11:00:00.000Z'); // sla_days 10
    const events = await db.tx((t) => repo.eventsOf(t, KOV, r.id, true), { kov: KOV });
    expect(events.map((e) => [e.kind, e.status])).toEqual([['confirmed', 'received']]);
    expect(JSON.stringify(events)).not.toContain('anon.et@example.ee');

    // the used token: a clear page, not a 500, and nothing changes
    const again = await agent.req({ method: 'POST', url: `/kov/${KOV}/reports/confirm`, form: { _csrf: csrfFrom(page.body), token } });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Link ei kehti');
    expect((await agent.get(url)).statusCode).toBe(410);
    expect((await new Agent(app).get(`/kov/${KOV}/reports/confirm?token=nonsense&lang=en`)).body).toContain('This link is not valid');
    // an address without the code (a mail program broke the link): a field to paste it in
    const bare = await agent.get(`/kov/${KOV}/reports/confirm`);
    expect(bare.statusCode).toBe(200);
    expect(bare.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(bare.body).toContain('<label for="f-token">Kinnituskood');
    // the POST without a code names the field
    const empty = await agent.req({ method: 'POST', url: `/kov/${KOV}/reports/confirm`, form: { _csrf: csrfFrom(page.body), token: ' ' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Lingist puudub kinnituskood');
    // the token is the KOV's: another KOV's address does not know it
    expect((await agent.get(`/kov/${OTHER}/reports/confirm?token=${encodeURIComponent(token)}`)).statusCode).toBe(410);

    // the receipt: number, public link, expected-by date in the Estonian form
    expect(await runReportsNotify(db, config)).toEqual({ events: 1, mails: 1 });
    const mails = await mailsTo('anon.et@example.ee');
    expect(mails.map((x) => x.kind)).toEqual(['reports.confirm', 'reports.receipt']);
    const receipt = mails[1]!;
    expect(receipt.subject).toBe(`Teade ${r.number} on vastu võetud`);
    expect(receipt.body_text).toContain(`${config.publicUrl}/kov/${KOV}/reports/${r.number}`);
    expect(receipt.body_text).toContain('17.12.2026');
  });

  it('mails a receipt, then one mail per public change with its answer, none for internal notes, and "is it fixed?" with a stored token hash', async () => {
    const r = await createReport(db, newReport({ reporter: person('mari@example.ee') }));
    expect(r.status).toBe('received');
    await change(KOV, r.id, { kind: 'note', public: false, status: 'received', body: 'Sisemine märkus: helistasin töövõtjale' });
    await change(KOV, r.id, { kind: 'assigned', public: false, status: 'received' });
    await change(KOV, r.id, { kind: 'status', public: true, status: 'in_progress', body: 'Töövõtja parandab augu sel nädalal.' });
    await change(KOV, r.id, { kind: 'answer', public: true, status: 'in_progress', body: 'Asfalt tuleb neljapäeval.' });
    expect(await runReportsNotify(db, config)).toEqual({ events: 5, mails: 3 });
    let mails = await mailsTo('mari@example.ee');
    expect(mails.map((m) => m.kind)).toEqual(['reports.receipt', 'reports.update', 'reports.update']);
    expect(mails[1]!.subject).toBe(`Teade ${r.number}: Töös`);
    expect(mails[1]!.body_text).toContain('Uus olek: Töös.');
    expect(mails[1]!.body_text).toContain('Töövõtja parandab augu sel nädalal.');
    expect(mails[2]!.body_text).toContain('Asfalt tuleb neljapäeval.');
    const all = mails.map((m) => m.body_text).join('\n');
    expect(all).not.toContain('Sisemine märkus');
    expect(all).not.toContain('h'.repeat(64));
    expect(all).not.toContain('Handler Henn');

    await change(KOV, r.id, { kind: 'status', public: true, status: 'fixed', body: 'Auk on parandatud.' });
    expect(await runReportsNotify(db, config)).toEqual({ events: 1, mails: 1 });
    mails = await mailsTo('mari@example.ee');
    const fb = mails[3]!;
    expect(fb.kind).toBe('reports.feedback');
    expect(fb.subject).toBe(`Kas probleem on lahendatud? Teade ${r.number}`);
    expect(fb.body_text).toContain('Auk on parandatud.');
    const token = tokenIn(fb.body_text, `${config.publicUrl}/kov/${KOV}/reports/${r.number}/feedback`);
    expect((await reportRow(KOV, r.id))!.feedback_hash).toBe(sha(token));

    // the reporter's own feedback is not mailed back to her
    await db.tx(
      async (t) => {
        const row = (await repo.reportById(t, KOV, r.id, true))!;
        await recordEvent(t, row, { kind: 'reopened', public: true, status: 'reopened', actor: { kind: 'reporter', name: 'Mari Maasikas' } });
      },
      { kov: KOV },
    );
    expect(await runReportsNotify(db, config)).toEqual({ events: 1, mails: 0 });
    // and the mail is delivered (the catcher in tests)
    const sent = await sendDueMail(db, config);
    expect(sent.sent).toBe(4);
  });

  it('without notify: the receipt only; without an e-mail address: nothing', async () => {
    const quiet = await createReport(db, newReport({ reporter: person('vaikne@example.ee'), notify: false, lang: 'ru' }));
    const none = await createReport(db, newReport({ reporter: person(null) }));
    // an address that is not plain (bad data from elsewhere) is skipped, never stopping the KOV's mail
    const broken = await createReport(db, newReport({ reporter: person('broken@example.ee') }));
    await asOwner(db, (t) => t.query(`UPDATE reports_report SET reporter_email = 'a@b.ee, c@d.ee' WHERE id = $1`, [broken.id]));
    for (const id of [quiet.id, none.id]) await change(KOV, id, { kind: 'status', public: true, status: 'fixed', body: 'Tehtud.' });
    expect(await runReportsNotify(db, config)).toEqual({ events: 5, mails: 1 });
    const [m, ...rest] = await mailsTo('vaikne@example.ee');
    expect(rest).toHaveLength(0);
    expect(m!.kind).toBe('reports.receipt');
    expect(m!.subject).toBe(`Сообщение ${quiet.number} принято`);
    expect(m!.body_text).toContain('Яма на дороге');
    expect(m!.body_text).not.toContain('Мы сообщим вам');
    expect(await listMail(db)).toHaveLength(1);
  });

  it('keeps each KOV’s mail under its KOV and moves the cursor past settled events, forgetting their marks, without mailing twice', async () => {
    const a = await createReport(db, newReport({ reporter: person('kov.a@example.ee') }));
    const b = await createReport(db, newReport({ kov: OTHER, reporter: person('kov.b@example.ee') }));
    expect(await runReportsNotify(db, config)).toEqual({ events: 2, mails: 2 });
    expect((await mailsTo('kov.a@example.ee'))[0]!.kov_code).toBe(KOV);
    expect((await mailsTo('kov.b@example.ee'))[0]!.kov_code).toBe(OTHER);
    const marks = () => asOwner(db, (t) => t.query<{ n: number }>('SELECT count(*)::int AS n FROM reports_notify_done'));
    expect((await marks())[0]!.n).toBeGreaterThan(0);
    advanceClock(2 * 3600_000);
    await change(KOV, a.id, { kind: 'status', public: true, status: 'in_progress' });
    expect(await runReportsNotify(db, config)).toEqual({ events: 1, mails: 1 });
    const cursors = await asOwner(db, (t) => t.query<{ kov_code: string; last: string }>('SELECT kov_code, last_event_id::text AS last FROM reports_notify_cursor ORDER BY kov_code'));
    const events = await asOwner(db, (t) => t.query<{ id: string; kov_code: string }>('SELECT id::text AS id, kov_code FROM reports_event WHERE report_id = ANY($1::uuid[]) ORDER BY id', [[a.id, b.id]]));
    // KOV's cursor passed the settled 'created' event (the fresh change is still only marked)
    expect(Number(cursors.find((c) => c.kov_code === KOV)!.last)).toBe(Number(events.find((e) => e.kov_code === KOV)!.id));
    expect(await runReportsNotify(db, config)).toEqual({ events: 0, mails: 0 });
    expect(await mailsTo('kov.a@example.ee')).toHaveLength(2);
    expect(await mailsTo('kov.b@example.ee')).toHaveLength(1);
  });

  it('concurrent runs mail each event once', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createReport(db, newReport({ reporter: person(`many${i}@example.ee`) }))).id);
    for (const id of ids) await change(KOV, id, { kind: 'answer', public: true, status: 'received', body: 'Vaatame üle.' });
    const runs = await Promise.all([runReportsNotify(db, config), runReportsNotify(db, config), runReportsNotify(db, config)]);
    expect(runs.reduce((s, r) => s + r.mails, 0)).toBe(10);
    expect(runs.reduce((s, r) => s + r.events, 0)).toBe(10);
    expect(await listMail(db)).toHaveLength(10);
  });

  it('declares reports.notify, run every minute while the workers run', () => {
    expect(app.jobs.defs.find((d) => d.name === 'reports.notify')).toMatchObject({ everySeconds: 60 });
  });

  it('the job reports.notify, sent after a change, queues the mail and delivers it', async () => {
    const r = await createReport(db, newReport({ reporter: person('jobs@example.ee') }));
    const worker = await testApp(db);
    try {
      await worker.jobs.start();
      const id = await worker.jobs.send('reports.notify', {});
      await waitFor('the notifier job to complete', async () => (await worker.jobs.get(id))?.state === 'completed');
      const [m] = await mailsTo('jobs@example.ee');
      expect(m).toMatchObject({ kind: 'reports.receipt', transport: 'catcher' });
      expect(m!.sent_at).not.toBeNull();
      expect(m!.subject).toContain(r.number);
    } finally {
      await worker.jobs.close();
      await worker.close();
    }
  });
});
