// No dead ends (issue 9, item 5): a KOV's page links to its polls; anonymous visitors see the open
// and finished polls of a KOV and across Estonia; the poll page tells a signed-in resident whether
// she has voted, and when; the admin dashboard links every admin page. PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../kernel/db.js';
import { advanceClock, now, resetClock, setClock } from '../../kernel/clock.js';
import { fmtDateTime } from '../../kernel/i18n.js';
import { Agent, csrfFrom, loginAs } from '../../../test/helpers.js';
import { grantRole } from '../admin/index.js';
import { A, JAAN, LIIS, MARI, SYSTEM, TOOMAS, pollsIn, pollsWorld } from './fixtures.js';

let db: Db;
let app: FastifyInstance;
let draft = '';
let published = '';

beforeAll(async () => {
  setClock('2027-03-10T10:00:00+02:00');
  ({ db, app } = await pollsWorld());
  ({ draft, published } = await pollsIn(db, A));
});

afterAll(async () => {
  await app?.close();
  await db?.close();
  resetClock();
});

const anon = () => new Agent(app);

/** The /polls page before and after its "finished" heading. */
function parts(body: string): [string, string] {
  const i = body.indexOf('<h2>Finished polls across Estonia</h2>');
  expect(i).toBeGreaterThan(0);
  return [body.slice(0, i), body.slice(i)];
}

describe('a KOV’s page and the public poll lists', () => {
  it('the KOV’s page links to its polls', async () => {
    const r = await anon().get(`/kov/${A}?lang=en`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`href="/kov/${A}/polls"`);
    expect(r.body).toContain('Services');
  });

  it('an anonymous visitor sees the KOV’s published polls, never its drafts', async () => {
    const r = await anon().get(`/kov/${A}/polls?lang=en`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`href="/kov/${A}/polls/${published}"`);
    expect(r.body).not.toContain(draft);
  });

  it('an anonymous visitor sees the open polls across Estonia, then the finished ones when the period is over', async () => {
    const open = await anon().get('/polls?lang=en');
    expect(open.statusCode).toBe(200);
    const [openPart, finishedPart] = parts(open.body);
    expect(openPart).toContain('Open and upcoming polls across Estonia');
    expect(openPart).toContain(`href="/kov/${A}/polls/${published}"`);
    expect(openPart).toContain('Tallinn');
    expect(finishedPart).not.toContain(published);
    expect(open.body).not.toContain(draft);
    expect(open.body).toContain('Sign in to see the polls you may vote in.');

    advanceClock(3 * 86_400_000); // the sample poll closes a day after it opened
    try {
      const later = await anon().get('/polls?lang=en');
      const [openLater, finishedLater] = parts(later.body);
      expect(openLater).not.toContain(published);
      expect(finishedLater).toContain(`href="/kov/${A}/polls/${published}"`);
      expect(openLater).toContain('No poll is open at the moment.');
    } finally {
      advanceClock(-3 * 86_400_000);
    }
  });
});

describe('the poll page tells a signed-in resident whether and when she voted', () => {
  it('not yet, then voted with the date and time in Estonian format; a person not on the roll is told so', async () => {
    const mari = new Agent(app);
    await loginAs(mari, db, MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
    const before = await mari.get(`/kov/${A}/polls/${published}?lang=en`);
    expect(before.body).toContain('Your vote:');
    expect(before.body).toContain('you have not voted yet.');

    const ballot = await mari.get(`/kov/${A}/polls/${published}/ballot`);
    const cast = await mari.req({ method: 'POST', url: `/kov/${A}/polls/${published}/ballot`, form: { _csrf: csrfFrom(ballot.body), q0: 'o1' } });
    expect(cast.statusCode).toBe(303);
    const at = fmtDateTime(now());
    expect(at).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);

    const after = await mari.get(`/kov/${A}/polls/${published}?lang=en`);
    expect(after.body).toContain(`you voted on ${at}.`);
    expect(after.body).not.toContain('you have not voted yet.');
    // the KOV's list and her own list say the same, with the time
    const list = await mari.get(`/kov/${A}/polls?lang=en`);
    expect(list.body).toContain('You have voted');
    expect(list.body).toContain(at);
    const mine = await mari.get('/polls?lang=et');
    expect(mine.body).toContain('Olete hääletanud');
    expect(mine.body).toContain(at);

    advanceClock(120_000);
    try {
      const again = await mari.get(`/kov/${A}/polls/${published}/ballot`);
      await mari.req({ method: 'POST', url: `/kov/${A}/polls/${published}/ballot`, form: { _csrf: csrfFrom(again.body), q0: 'o2' } });
      const twice = await mari.get(`/kov/${A}/polls/${published}?lang=en`);
      expect(twice.body).toContain(`you voted 2 times, last on ${fmtDateTime(now())}.`);
    } finally {
      advanceClock(-120_000);
    }

    const liis = new Agent(app);
    await loginAs(liis, db, LIIS.idcode, { givenName: 'Liis', familyName: 'Lepp' });
    const other = await liis.get(`/kov/${A}/polls/${published}?lang=en`);
    expect(other.body).toContain('You are not on the roll of this poll.');

    const visitor = await anon().get(`/kov/${A}/polls/${published}?lang=en`);
    expect(visitor.body).not.toContain('Your vote:');
  });
});

describe('the admin dashboard links every admin page', () => {
  it('residents, polls, roles, API keys and the audit log; the jobs page for a platform admin', async () => {
    const jaan = new Agent(app);
    await loginAs(jaan, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
    const r = await jaan.get(`/kov/${A}/admin?lang=en`);
    expect(r.statusCode).toBe(200);
    const links = [...r.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    for (const href of [`/kov/${A}/admin/residents`, `/kov/${A}/polls/admin`, `/kov/${A}/admin/roles`, `/kov/${A}/admin/api-keys`, `/kov/${A}/admin/audit`]) {
      expect(links).toContain(href);
      const page = await jaan.get(href);
      expect(page.statusCode, href).toBe(200);
    }
    expect(links).not.toContain('/admin/jobs');

    await grantRole(db, app.config.idcodeHmacKey, { kov: null, idcode: TOOMAS.idcode, role: 'platform-admin', actor: SYSTEM });
    const boss = new Agent(app);
    await loginAs(boss, db, TOOMAS.idcode, { givenName: 'Toomas', familyName: 'Tuisk' });
    const p = await boss.get(`/kov/${A}/admin?lang=en`);
    expect(p.body).toContain('href="/admin/jobs"');
    expect((await boss.get('/admin/jobs')).statusCode).toBe(200);
  });
});
