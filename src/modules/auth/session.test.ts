// After sign-in: the person's page, sign-out everywhere, and the session timeouts (idle: 30 minutes
// for officials, SESSION_IDLE_MINUTES for residents; absolute: SESSION_ABSOLUTE_HOURS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, idcodeHint } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import { SESSION_COOKIE } from '../../kernel/session.js';
import { Agent, csrfFrom, engine, seedTenant, testApp, testDb, asOwner } from '../../../test/helpers.js';
import type { TaraHandle } from '../../../test/tara.js';
import { runTaraFlow, signInThroughTara, startTara, taraConfig } from '../../../test/tara.js';

const MARI = '47502124911'; // resident
const LIIS = '60001019906'; // resident
const JAAN = '39002102761'; // gets kov-admin of Tallinn and a second role in Tartu below
const PEETER = '38001085718'; // gets platform-admin below
const KADRI = '48504120238'; // gets two platform roles (a trainer, ELVL's knowledge editor) below

let db: Db;
let tara: TaraHandle;
let app: FastifyInstance;

async function grant(idcode: string, kov: string | null, role: string): Promise<void> {
  await asOwner(db, (t) =>
    t.query('INSERT INTO core_role_grant (id, kov_code, idcode_hash, idcode_hint, role) VALUES ($1, $2, $3, $4, $5)', [
      uuidv7(),
      kov,
      hashIdcode(app.config.idcodeHmacKey, idcode),
      idcodeHint(idcode),
      role,
    ]),
  );
}

/** Moves the sessions of a person back in time (as if they had been idle / signed in long ago). */
async function age(idcode: string, set: string): Promise<void> {
  await asOwner(db, (t) =>
    t.query(
      `UPDATE core_session s SET ${set} FROM core_person p WHERE p.id = s.person_id AND p.idcode_hash = $1 AND s.ended_at IS NULL`,
      [hashIdcode(app.config.idcodeHmacKey, idcode)],
    ),
  );
}

beforeAll(async () => {
  db = await testDb();
  tara = await startTara();
  app = await testApp(db, {
    tara: taraConfig(tara),
    rateLimit: { signInPerMinute: 1000, publicWritePerMinute: 1000 },
    sessionIdleMinutes: 120,
    sessionIdleMinutesOfficial: 30,
    sessionAbsoluteHours: 12,
  });
  await seedTenant(db, '0784', 'Tallinn', 'linn', '0037');
  await seedTenant(db, '0793', 'Tartu linn', 'linn', '0079');
  await grant(JAAN, '0784', 'kov-admin');
  await grant(JAAN, '0793', 'kov-admin');
  await grant(PEETER, null, 'platform-admin');
  await grant(KADRI, null, 'training-trainer');
  await grant(KADRI, null, 'knowledge-editor');
});
afterAll(async () => {
  await app.close();
  await tara.close();
  await db.close();
});

describe(`the person's page /me (${engine})`, () => {
  it('asks a signed-out visitor to sign in (401) with a sign-in link back to /me', async () => {
    const r = await app.inject('/me');
    expect(r.statusCode).toBe(401);
    expect(r.body).toContain('Palun logige sisse');
    expect(r.body).toContain('/auth/login?return=%2Fme');
  });

  it('shows a resident’s name, birth date in Estonian format and that there are no roles', async () => {
    const agent = new Agent(app);
    await signInThroughTara(agent, tara, MARI);
    const r = await agent.get('/me');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<h1>Minu leht</h1>');
    expect(r.body).toContain('Mari Maasikas');
    expect(r.body).toContain('12.02.1975');
    expect(r.body).toContain('kõrge');
    expect(r.body).toContain('Teil ei ole ametniku rolle');
    expect(r.body).not.toContain('/admin"');
  });

  it('shows an official’s roles per KOV by KOV name, with links to the KOVs they administer', async () => {
    const agent = new Agent(app);
    await signInThroughTara(agent, tara, JAAN);
    const r = await agent.get('/me?lang=en');
    expect(r.body).toContain('My page');
    expect(r.body).toContain('Tallinn');
    expect(r.body).toContain('Tartu linn');
    expect(r.body).toContain('KOV administrator');
    expect(r.body).toContain('href="/kov/0784/admin"');
    expect(r.body).toContain('href="/kov/0793/admin"');
    const s = await asOwner(db, (t) =>
      t.one<{ is_official: boolean }>(
        'SELECT s.is_official FROM core_session s JOIN core_person p ON p.id = s.person_id WHERE p.idcode_hash = $1',
        [hashIdcode(app.config.idcodeHmacKey, JAAN)],
      ),
    );
    expect(s!.is_official).toBe(true);
  });

  it('shows a platform role as the whole platform', async () => {
    const agent = new Agent(app);
    await signInThroughTara(agent, tara, PEETER);
    const r = await agent.get('/me?lang=ru');
    expect(r.body).toContain('Вся платформа');
    expect(r.body).toContain('Администратор платформы');
    // a platform admin finds every module's platform pages on the platform administration's front page
    const admin = await agent.get('/admin');
    for (const href of ['/training/admin', '/training', '/knowledge/admin', '/services/admin/templates', '/services/admin/cross-kov', '/feedback/compare']) {
      expect(admin.body).toContain(`href="${href}"`);
    }
  });

  it('lists the platform pages that a person’s platform roles open, and no others', async () => {
    const agent = new Agent(app);
    await signInThroughTara(agent, tara, KADRI);
    const r = await agent.get('/me');
    expect(r.body).toContain('Teie töölehed: kogu platvorm');
    expect(r.body).toContain('href="/training"'); // the trainer's groups
    expect(r.body).toContain('href="/knowledge/admin"'); // ELVL's articles
    for (const href of ['/training/admin', '/services/admin/templates', '/feedback/compare', '/admin']) expect(r.body).not.toContain(`href="${href}"`);
  });
});

describe(`sign-out (${engine})`, () => {
  it('ends every session of the person: two browsers signed in as the same person both lose access', async () => {
    const laptop = new Agent(app);
    const phone = new Agent(app);
    await signInThroughTara(laptop, tara, LIIS);
    await signInThroughTara(phone, tara, LIIS);
    expect((await laptop.get('/me')).statusCode).toBe(200);
    expect((await phone.get('/me')).statusCode).toBe(200);

    const page = await laptop.get('/me');
    const out = await laptop.req({ method: 'POST', url: '/auth/logout', form: { _csrf: csrfFrom(page.body) } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/');
    expect(laptop.cookies.has(SESSION_COOKIE)).toBe(false);
    const flashPage = await laptop.get('/no-such-page');
    expect(flashPage.body).toContain('Olete välja logitud kõigis seadmetes');

    expect((await laptop.get('/me')).statusCode).toBe(401);
    expect((await phone.get('/me')).statusCode).toBe(401);
    const open = await asOwner(db, (t) =>
      t.one<{ n: number }>(
        'SELECT count(*)::int AS n FROM core_session s JOIN core_person p ON p.id = s.person_id WHERE p.idcode_hash = $1 AND s.ended_at IS NULL',
        [hashIdcode(app.config.idcodeHmacKey, LIIS)],
      ),
    );
    expect(open!.n).toBe(0);
  });

  it('refuses a sign-out without the CSRF token', async () => {
    const agent = new Agent(app);
    await signInThroughTara(agent, tara, LIIS);
    const r = await agent.req({ method: 'POST', url: '/auth/logout', form: { x: '1' } });
    expect(r.statusCode).toBe(403);
    expect((await agent.get('/me')).statusCode).toBe(200);
  });

  it('signing in again in the same browser ends the browser’s previous session (no session left behind)', async () => {
    const agent = new Agent(app);
    await signInThroughTara(agent, tara, MARI);
    const first = agent.cookies.get(SESSION_COOKIE)!;
    // A signed-in browser is sent straight back by /auth/login, so start this flow without the
    // cookie and put it back before TARA redirects to the callback.
    agent.cookies.delete(SESSION_COOKIE);
    const flow = await runTaraFlow(agent, tara, LIIS, { stopBeforeCallback: true });
    agent.cookies.set(SESSION_COOKIE, first);
    const cb = await agent.get(flow.callbackPath);
    expect(cb.statusCode).toBe(302);
    expect(agent.cookies.get(SESSION_COOKIE)).not.toBe(first);
    expect((await agent.get('/me')).body).toContain('Liis Lepp');
    const old = new Agent(app);
    old.cookies.set(SESSION_COOKIE, first);
    expect((await old.get('/me')).statusCode).toBe(401);
  });
});

describe(`session timeouts (${engine})`, () => {
  it('a resident’s session survives 119 idle minutes and ends after SESSION_IDLE_MINUTES (120)', async () => {
    const agent = new Agent(app);
    await signInThroughTara(agent, tara, MARI);
    await age(MARI, `last_seen_at = core_now() - interval '119 minutes'`);
    expect((await agent.get('/me')).statusCode).toBe(200); // and this touches the session
    await age(MARI, `last_seen_at = core_now() - interval '121 minutes'`);
    const r = await agent.get('/me');
    expect(r.statusCode).toBe(401);
    expect(agent.cookies.has(SESSION_COOKIE)).toBe(false); // the stale cookie is cleared
  });

  it('an official’s session ends after 30 idle minutes', async () => {
    const resident = new Agent(app);
    const official = new Agent(app);
    await signInThroughTara(resident, tara, LIIS);
    await signInThroughTara(official, tara, JAAN);
    await age(LIIS, `last_seen_at = core_now() - interval '31 minutes'`);
    await age(JAAN, `last_seen_at = core_now() - interval '31 minutes'`);
    expect((await resident.get('/me')).statusCode).toBe(200);
    expect((await official.get('/me')).statusCode).toBe(401);
  });

  it('a session ends at its absolute limit however active it is', async () => {
    const agent = new Agent(app);
    await signInThroughTara(agent, tara, PEETER);
    const row = await asOwner(db, (t) =>
      t.one<{ hours: number }>(
        `SELECT round(extract(epoch FROM (s.expires_at - s.created_at)) / 3600)::int AS hours
           FROM core_session s JOIN core_person p ON p.id = s.person_id WHERE p.idcode_hash = $1 AND s.ended_at IS NULL`,
        [hashIdcode(app.config.idcodeHmacKey, PEETER)],
      ),
    );
    expect(row!.hours).toBe(12);
    await age(PEETER, `created_at = core_now() - interval '12 hours', expires_at = core_now() - interval '1 second', last_seen_at = core_now()`);
    expect((await agent.get('/me')).statusCode).toBe(401);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, path / (Secure only in production)', async () => {
    const agent = new Agent(app);
    const r = await runTaraFlow(agent, tara, MARI);
    const set = ([] as string[]).concat(r.callback!.headers['set-cookie'] as string | string[]);
    const sid = set.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(sid).toMatch(/HttpOnly/i);
    expect(sid).toMatch(/SameSite=Lax/i);
    expect(sid).toMatch(/Path=\//);
    expect(sid).not.toMatch(/Secure/i);
    expect(sid).toMatch(/Max-Age=43200/);
    // The state cookie is cleared once used.
    expect(set.some((c) => /^vm_tara=;/.test(c) || (/^vm_tara=/.test(c) && /Expires=Thu, 01 Jan 1970/i.test(c)))).toBe(true);
  });
});

describe('names from ID cards', () => {
  it('shows capitalised names as people write them, and keeps mixed case', async () => {
    const { displayName } = await import('./service.js');
    expect(displayName('MARI-LIIS')).toBe('Mari-Liis');
    expect(displayName('  ÕIE  ÄÄRMAA ')).toBe('Õie Äärmaa');
    expect(displayName("O'CONNOR")).toBe("O'Connor");
    expect(displayName('van der Berg')).toBe('van der Berg');
  });
});
