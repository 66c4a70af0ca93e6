// The kernel's mail: the outbox is transactional (a rolled-back change mails nobody), the sender
// marks mail delivered, retries a failing transport with backoff and keeps its error, gives up after
// MAIL_MAX_ATTEMPTS, speaks SMTP to a real (in-process) server, and the development mail catcher
// lists the outbox but is never mounted in production. Both engines.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { advanceClock, resetClock, setClock } from './clock.js';
import type { Db } from './db.js';
import type { Jobs } from './jobs.js';
import { SEND_AT_START_MS, resolveJobDefs, withSchedules } from './jobs.js';
import type { MailTransport, OutgoingMail } from './mail.js';
import { MAIL_MAX_ATTEMPTS, MAIL_RETRY_SECONDS, deleteOldMail, htmlFromText, listMail, mailRetryDelay, queueMail, sendDueMail, smtpTransport } from './mail.js';
import { asOwner, engine, seedTenant, testApp, testConfig, testDb } from '../../test/helpers.js';

let db: Db;
const KOV = '0890';
const OTHER = '0793';
const config = testConfig();

beforeAll(async () => {
  db = await testDb();
  await seedTenant(db, KOV, 'Viimsi vald');
  await seedTenant(db, OTHER, 'Tartu linn', 'linn');
});
afterEach(() => resetClock());
afterAll(async () => {
  await db.close();
});

/** Empties the outbox between tests (the sender works over every KOV's mail). */
async function clearOutbox(): Promise<void> {
  await asOwner(db, (t) => t.query('DELETE FROM core_mail'));
}

class Recording implements MailTransport {
  readonly name = 'recording';
  sent: OutgoingMail[] = [];
  failNext = 0;
  async send(m: OutgoingMail): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('421 mail.example.ee: service not available, try again later');
    }
    this.sent.push(m);
  }
}

describe(`mail outbox (${engine})`, () => {
  it('queues in the caller’s transaction: a rolled-back change leaves no mail, a committed one does, under its KOV', async () => {
    await clearOutbox();
    setClock('2026-12-07T10:00:00Z');
    await expect(
      db.tx(
        async (t) => {
          await queueMail(t, { to: 'mari@example.ee', subject: 'Rolled back', text: 'never', kind: 'test.rollback' });
          throw new Error('the change failed');
        },
        { kov: KOV },
      ),
    ).rejects.toThrow('the change failed');
    expect(await listMail(db)).toHaveLength(0);
    await db.tx((t) => queueMail(t, { to: 'mari@example.ee', subject: 'Committed\r\nBcc: evil@example.ee', text: 'hello', kind: 'test.commit' }), { kov: KOV });
    const mails = await listMail(db);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kov_code: KOV, to_address: 'mari@example.ee', subject: 'Committed Bcc: evil@example.ee', body_text: 'hello', kind: 'test.commit', attempts: 0, sent_at: null });
    // another KOV's transaction does not see it (row-level security)
    const seen = await db.tx((t) => t.query('SELECT id FROM core_mail'), { kov: OTHER });
    expect(seen).toHaveLength(0);
  });

  it('refuses a recipient that is not one plain address (no header injection)', async () => {
    for (const to of ['', 'not-an-address', 'a@example.ee, b@example.ee', 'a@example.ee\r\nBcc: x@y.ee']) {
      await expect(db.tx((t) => queueMail(t, { to, subject: 's', text: 't' }), { kov: KOV })).rejects.toThrow(/recipient/);
    }
  });

  it('accepts only the List-Unsubscribe headers, one line each, and renders the text as escaped HTML with links', async () => {
    const send = (headers: Record<string, string>) => db.tx((t) => queueMail(t, { to: 'mari@example.ee', subject: 'x', text: 'x', headers }), { kov: KOV });
    await expect(send({ Bcc: 'eve@example.ee' })).rejects.toThrow(/not one a mail may carry/);
    await expect(send({ 'List-Unsubscribe': '<https://a.example/u>\r\nBcc: eve@example.ee' })).rejects.toThrow(/one line/);
    await expect(send({ 'List-Unsubscribe': 'https://a.example/u' })).rejects.toThrow(/links/);
    await expect(send({ 'List-Unsubscribe-Post': 'yes' })).rejects.toThrow(/One-Click/);
    const html = htmlFromText('Tere <b>Mari</b> & co\nvaata https://a.example/r?x=1&y=2\n\n--\nJalus', 'ru', 'Pealkiri <i>');
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<title>Pealkiri &lt;i&gt;</title>');
    expect(html).toContain('Tere &lt;b&gt;Mari&lt;/b&gt; &amp; co<br>vaata <a href="https://a.example/r?x=1&amp;y=2"');
    expect(html).not.toContain('<b>');
    expect(html).toMatch(/<hr[^>]*><p[^>]*>Jalus<\/p>/);
  });

  it('delivers due mail once and marks it sent; without a transport (production without SMTP_URL) it stays queued', async () => {
    await clearOutbox();
    setClock('2026-12-07T10:00:00Z');
    await db.tx((t) => queueMail(t, { to: 'a@example.ee', subject: 'One', text: 'first' }), { kov: KOV });
    await db.tx((t) => queueMail(t, { to: 'b@example.ee', subject: 'Two', text: 'second', html: '<p>second</p>' }), { kov: OTHER });
    const none = await sendDueMail(db, { ...config, mail: { smtpUrl: null, from: 'x <x@example.ee>', catcher: false } });
    expect(none).toEqual({ sent: 0, failed: 0, givenUp: 0 });
    const tr = new Recording();
    expect(await sendDueMail(db, config, { transport: tr })).toEqual({ sent: 2, failed: 0, givenUp: 0 });
    expect(tr.sent.map((m) => [m.to, m.subject, m.html])).toEqual([
      ['a@example.ee', 'One', null],
      ['b@example.ee', 'Two', '<p>second</p>'],
    ]);
    expect(tr.sent[0]!.from).toBe(config.mail.from);
    expect(await sendDueMail(db, config, { transport: tr })).toEqual({ sent: 0, failed: 0, givenUp: 0 });
    expect(tr.sent).toHaveLength(2);
    const rows = await listMail(db);
    expect(rows.every((r) => r.sent_at !== null && r.transport === 'recording' && r.attempts === 1)).toBe(true);
  });

  it('retries a failing transport with backoff, keeping the error, and sends once it works', async () => {
    await clearOutbox();
    setClock('2026-12-07T10:00:00Z');
    await db.tx((t) => queueMail(t, { to: 'c@example.ee', subject: 'Retry me', text: 'x' }), { kov: KOV });
    const tr = new Recording();
    tr.failNext = 2;
    expect(await sendDueMail(db, config, { transport: tr })).toEqual({ sent: 0, failed: 1, givenUp: 0 });
    let [m] = await listMail(db);
    expect(m).toMatchObject({ attempts: 1, sent_at: null, failed_at: null, last_error: '421 mail.example.ee: service not available, try again later' });
    const wait1 = (new Date(m!.next_attempt_at).getTime() - Date.parse('2026-12-07T10:00:00Z')) / 1000;
    expect(wait1).toBeGreaterThanOrEqual(MAIL_RETRY_SECONDS);
    expect(wait1).toBeLessThan(2 * MAIL_RETRY_SECONDS);
    // not due yet: nothing is tried
    expect(await sendDueMail(db, config, { transport: tr })).toEqual({ sent: 0, failed: 0, givenUp: 0 });
    advanceClock(Math.ceil(wait1) * 1000 + 1000);
    expect(await sendDueMail(db, config, { transport: tr })).toEqual({ sent: 0, failed: 1, givenUp: 0 });
    [m] = await listMail(db);
    const wait2 = (new Date(m!.next_attempt_at).getTime() - Date.parse('2026-12-07T10:00:00Z')) / 1000 - (Math.ceil(wait1) + 1);
    expect(m!.attempts).toBe(2);
    expect(wait2).toBeGreaterThanOrEqual(2 * MAIL_RETRY_SECONDS); // doubled
    advanceClock(Math.ceil(wait2) * 1000 + 1000);
    expect(await sendDueMail(db, config, { transport: tr })).toEqual({ sent: 1, failed: 0, givenUp: 0 });
    [m] = await listMail(db);
    expect(m).toMatchObject({ attempts: 3, last_error: null });
    expect(m!.sent_at).not.toBeNull();
    expect(tr.sent.map((x) => x.subject)).toEqual(['Retry me']);
  });

  it('gives a mail up after MAIL_MAX_ATTEMPTS failed attempts and deletes old mail after the keeping time', async () => {
    await clearOutbox();
    setClock('2026-12-07T10:00:00Z');
    await db.tx((t) => queueMail(t, { to: 'd@example.ee', subject: 'Doomed', text: 'x' }), { kov: KOV });
    const tr = new Recording();
    tr.failNext = 1000;
    let givenUp = 0;
    for (let i = 0; i < MAIL_MAX_ATTEMPTS; i++) {
      const r = await sendDueMail(db, config, { transport: tr });
      expect(r.failed).toBe(1);
      givenUp += r.givenUp;
      advanceClock(7 * 3600_000);
    }
    expect(givenUp).toBe(1);
    const [m] = await listMail(db);
    expect(m!.attempts).toBe(MAIL_MAX_ATTEMPTS);
    expect(m!.failed_at).not.toBeNull();
    expect(await sendDueMail(db, config, { transport: tr })).toEqual({ sent: 0, failed: 0, givenUp: 0 });
    expect(await deleteOldMail(db)).toBe(0);
    advanceClock(31 * 86_400_000);
    expect(await deleteOldMail(db)).toBe(1);
    expect(await listMail(db)).toHaveLength(0);
  });

  it('spaces retries by doubling from a minute, at most six hours', () => {
    expect(mailRetryDelay(1, 0)).toBe(60);
    expect(mailRetryDelay(2, 0)).toBe(120);
    expect(mailRetryDelay(3, 0.5)).toBe(360);
    expect(mailRetryDelay(20, 0)).toBe(6 * 3600);
  });

  it('speaks SMTP: a mail reaches an SMTP server (in-process, on the loopback)', async () => {
    const received: { from: string; to: string[]; data: string }[] = [];
    const server = net.createServer((sock) => {
      let buf = '';
      let inData = false;
      let cur = { from: '', to: [] as string[], data: '' };
      sock.write('220 test.local ESMTP\r\n');
      sock.on('data', (chunk) => {
        buf += chunk.toString('utf8');
        for (;;) {
          if (inData) {
            const end = buf.indexOf('\r\n.\r\n');
            if (end < 0) return;
            cur.data = buf.slice(0, end);
            buf = buf.slice(end + 5);
            inData = false;
            received.push(cur);
            cur = { from: '', to: [], data: '' };
            sock.write('250 OK queued\r\n');
            continue;
          }
          const nl = buf.indexOf('\r\n');
          if (nl < 0) return;
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 2);
          const cmd = line.slice(0, 4).toUpperCase();
          if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250-test.local\r\n250 8BITMIME\r\n');
          else if (cmd === 'MAIL') {
            cur.from = line;
            sock.write('250 OK\r\n');
          } else if (cmd === 'RCPT') {
            cur.to.push(line);
            sock.write('250 OK\r\n');
          } else if (cmd === 'DATA') {
            inData = true;
            sock.write('354 go ahead\r\n');
          }
          else if (cmd === 'QUIT') sock.end('221 bye\r\n');
          else sock.write('250 OK\r\n');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      await clearOutbox();
      const text = 'Tere, Mari!\nTeie teade on vastu võetud: https://vallamaja.example/x?a=1&b=2\n\n--\nViimsi vald';
      const headers = { 'List-Unsubscribe': '<https://vallamaja.example/unsubscribe?t=abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } as const;
      await db.tx((t) => queueMail(t, { to: 'mari@example.ee', subject: 'Teade vastu võetud', text, html: htmlFromText(text, 'et', 'Teade vastu võetud'), headers }), { kov: KOV });
      const r = await sendDueMail(db, config, { transport: smtpTransport(`smtp://127.0.0.1:${port}`) });
      expect(r).toEqual({ sent: 1, failed: 0, givenUp: 0 });
      expect(received).toHaveLength(1);
      expect(received[0]!.from).toContain('noreply@vallamaja.ee');
      expect(received[0]!.to.join()).toContain('mari@example.ee');
      expect(received[0]!.data).toMatch(/^Subject: =\?UTF-8\?/m);
      expect(received[0]!.data).toContain('Tere, Mari!');
      // the plain text and the HTML as alternatives of one message, and the unsubscribe headers
      expect(received[0]!.data).toMatch(/^Content-Type: multipart\/alternative/m);
      expect(received[0]!.data).toMatch(/^Content-Type: text\/plain/m);
      expect(received[0]!.data).toMatch(/^Content-Type: text\/html/m);
      expect(received[0]!.data).toMatch(/^List-Unsubscribe: <https:\/\/vallamaja\.example\/unsubscribe\?t=abc>$/m);
      expect(received[0]!.data).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
      expect((await listMail(db))[0]).toMatchObject({ transport: 'smtp', attempts: 1, headers });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('records a refused connection as a failed attempt, never a crash', async () => {
    await clearOutbox();
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r)); // nobody listens there now
    await db.tx((t) => queueMail(t, { to: 'e@example.ee', subject: 'Nobody home', text: 'x' }), { kov: KOV });
    const r = await sendDueMail(db, config, { transport: smtpTransport(`smtp://127.0.0.1:${port}`) });
    expect(r).toEqual({ sent: 0, failed: 1, givenUp: 0 });
    expect((await listMail(db))[0]!.last_error).toMatch(/ECONNREFUSED|connect/i);
  });
});

describe(`the mail sender job and the development mail catcher (${engine})`, () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(db);
  });
  afterAll(async () => {
    await app.close();
  });

  it('declares mail.send, run every minute while the workers run', () => {
    expect(app.jobs.defs.find((d) => d.name === 'mail.send')).toMatchObject({ everySeconds: 60, retryLimit: 0 });
  });

  it('sends a job with everySeconds every so often while the workers run, and stops with them', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      const sent: string[] = [];
      let started = false;
      const inner = {
        backend: 'embedded',
        defs: resolveJobDefs([
          { name: 'test.every', everySeconds: 60, handler: async () => undefined },
          { name: 'test.hourly', everySeconds: 3600, sendAtStart: true, handler: async () => undefined },
          { name: 'test.once', handler: async () => undefined },
        ]),
        send: async (name: string) => {
          sent.push(name);
          return 'id';
        },
        start: async () => {
          started = true;
        },
        get started() {
          return started;
        },
        stop: async () => {
          started = false;
        },
        close: async () => {
          started = false;
        },
      } as unknown as Jobs;
      const jobs = withSchedules(inner, { info: () => undefined, warn: () => undefined, error: () => undefined } as never);
      vi.advanceTimersByTime(180_000);
      expect(sent).toEqual([]); // not before the workers start
      await jobs.start();
      await jobs.start(); // idempotent: one timer, one send at start
      expect(jobs.started).toBe(true);
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(SEND_AT_START_MS);
      expect(sent).toEqual(['test.hourly']); // sendAtStart: soon after the start, not after an hour
      vi.advanceTimersByTime(125_000 - SEND_AT_START_MS);
      expect(sent).toEqual(['test.hourly', 'test.every', 'test.every']);
      await jobs.stop();
      vi.advanceTimersByTime(600_000);
      expect(sent).toHaveLength(3);
      // workers stopped before the first send: nothing is sent
      await jobs.start();
      await jobs.stop();
      vi.advanceTimersByTime(2 * SEND_AT_START_MS);
      expect(sent).toHaveLength(3);
      // config.jobs.sendAtStart off (tests): only the intervals
      const quiet = withSchedules(inner, { info: () => undefined, warn: () => undefined, error: () => undefined } as never, { sendAtStart: false });
      await quiet.start();
      vi.advanceTimersByTime(SEND_AT_START_MS);
      expect(sent).toHaveLength(3);
      await quiet.stop();
      expect(() => resolveJobDefs([{ name: 'test.bad', sendAtStart: true, handler: async () => undefined }])).toThrow(/sendAtStart needs everySeconds/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists the outbox with each mail’s text on /dev/mail (one h1, a table) in et/en/ru', async () => {
    await clearOutbox();
    setClock('2026-12-07T10:00:00Z');
    await db.tx((t) => queueMail(t, { to: 'kati@example.ee', subject: 'Kinnitage oma teade', text: 'Kinnitamiseks avage http://x/confirm?token=abc', kind: 'reports.confirm' }), { kov: KOV });
    await sendDueMail(db, config);
    const list = await app.inject({ url: '/dev/mail' });
    expect(list.statusCode).toBe(200);
    expect(list.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(list.body).toContain('<table');
    expect(list.body).toContain('kati@example.ee');
    expect(list.body).toContain('Kinnitage oma teade');
    expect(list.body).toContain('Saadetud');
    const [m] = await listMail(db);
    const one = await app.inject({ url: `/dev/mail/${m!.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('http://x/confirm?token=abc');
    expect((await app.inject({ url: '/dev/mail?lang=en' })).body).toContain('Sent e-mail (development)');
    expect((await app.inject({ url: '/dev/mail?lang=ru' })).body).toContain('Отправленные письма');
    expect((await app.inject({ url: '/dev/mail/not-a-uuid' })).statusCode).toBe(404);
  });

  it('is not mounted in production', async () => {
    const prod = await testApp(db, { env: 'production', mail: { smtpUrl: 'smtp://127.0.0.1:1', from: 'x <x@example.ee>', catcher: false } });
    try {
      expect((await prod.inject({ url: '/dev/mail' })).statusCode).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
