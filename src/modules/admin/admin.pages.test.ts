// The admin pages through the real plugins: sessions, CSRF, forms with field errors, flash messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, csrfFrom, engine, loginAs, seedTenant, testApp, testDb, asOwner } from '../../../test/helpers.js';
import { grantRole } from './service.js';
import { today } from '../../kernel/clock.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
const JAAN = person('Jaan'); // KOV admin of A
const PEETER = person('Peeter'); // platform admin
const MARI = person('Mari'); // resident

let db: Db;
let app: FastifyInstance;
let admin: Agent;

beforeAll(async () => {
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
  await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: JAAN.idcode, role: 'kov-admin', actor: SYSTEM });
  await grantRole(db, app.config.idcodeHmacKey, { kov: null, idcode: PEETER.idcode, role: 'platform-admin', actor: SYSTEM });
  admin = new Agent(app);
  await loginAs(admin, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const auditCount = (kov: string) =>
  asOwner(db, async (t) => (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM core_audit WHERE kov_code = $1', [kov]))!.n);

describe(`admin pages (${engine})`, () => {
  it('shows the dashboard with links to roles, API keys and the audit log, in et, en and ru', async () => {
    const et = await admin.get(`/kov/${A}/admin`);
    expect(et.statusCode).toBe(200);
    expect(et.body).toContain('<h1>Haldus');
    expect(et.body.match(/<h1[ >]/g)).toHaveLength(1);
    for (const href of ['roles', 'api-keys', 'audit']) expect(et.body).toContain(`href="/kov/${A}/admin/${href}"`);
    expect(et.body).toContain('class="breadcrumbs"');
    const en = await admin.get(`/kov/${A}/admin?lang=en`);
    expect(en.body).toContain('<h1>Administration');
    const ru = await admin.get(`/kov/${A}/admin?lang=ru`);
    expect(ru.body).toContain('<h1>Администрирование');
    await admin.get(`/kov/${A}/admin?lang=et`);
  });

  it('refuses a visitor (401), a resident (403) and an admin of another KOV (403)', async () => {
    expect((await new Agent(app).get(`/kov/${A}/admin/roles`)).statusCode).toBe(401);
    const resident = new Agent(app);
    await loginAs(resident, db, MARI.idcode);
    expect((await resident.get(`/kov/${A}/admin`)).statusCode).toBe(403);
    expect((await admin.get(`/kov/${B}/admin`)).statusCode).toBe(403);
    expect((await admin.get('/kov/9999/admin')).statusCode).toBe(404);
  });

  it('grants a role to a person who has never signed in; they have it when they sign in; revoking takes effect at once', async () => {
    const code = withCheckDigit('4900101123');
    const newcomer = new Agent(app);
    const before = await auditCount(A);
    const page = await admin.get(`/kov/${A}/admin/roles`);
    expect(page.body).toContain('<option value="kov-admin"');
    const res = await admin.req({ method: 'POST', url: `/kov/${A}/admin/roles`, form: { _csrf: csrfFrom(page.body), idcode: code, role: 'kov-admin' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/kov/${A}/admin/roles`);
    expect(await auditCount(A)).toBe(before + 1);

    const list = await admin.get(`/kov/${A}/admin/roles`);
    expect(list.body).toContain('on antud isikule •••••••' + code.slice(-4)); // flash
    expect(list.body).toContain('pole veel sisse loginud');
    expect(list.body).not.toContain(code); // never the plaintext code

    // stored as a keyed hash and a hint only
    const row = await asOwner(db, (t) =>
      t.one<{ idcode_hash: string; idcode_hint: string }>('SELECT idcode_hash, idcode_hint FROM core_role_grant WHERE idcode_hint = $1', [`•••••••${code.slice(-4)}`]),
    );
    expect(row!.idcode_hash).toBe(hashIdcode(app.config.idcodeHmacKey, code));
    const audit = await asOwner(db, (t) => t.query<{ j: string }>("SELECT (to_jsonb(a))::text AS j FROM core_audit a WHERE kov_code = $1", [A]));
    expect(audit.map((a) => a.j).join('\n')).not.toContain(code);

    await loginAs(newcomer, db, code, { givenName: 'Uus', familyName: 'Ametnik' });
    expect((await newcomer.get(`/kov/${A}/admin`)).statusCode).toBe(200);
    const named = await admin.get(`/kov/${A}/admin/roles`);
    expect(named.body).toContain('Uus Ametnik');

    const id = (await asOwner(db, (t) => t.one<{ id: string }>('SELECT id FROM core_role_grant WHERE idcode_hash = $1 AND revoked_at IS NULL', [hashIdcode(app.config.idcodeHmacKey, code)])))!.id;
    expect(named.body).toContain(`/kov/${A}/admin/roles/${id}/revoke`);
    const rev = await admin.req({ method: 'POST', url: `/kov/${A}/admin/roles/${id}/revoke`, form: { _csrf: csrfFrom(named.body) } });
    expect(rev.statusCode).toBe(303);
    expect((await admin.get(`/kov/${A}/admin/roles`)).body).toContain('on isikult Uus Ametnik eemaldatud');
    expect((await newcomer.get(`/kov/${A}/admin`)).statusCode).toBe(403); // the very next request
    expect(await auditCount(A)).toBe(before + 2);
  });

  it('re-renders the grant form with 400, an error summary and field errors, keeping the values', async () => {
    const page = await admin.get(`/kov/${A}/admin/roles`);
    const token = csrfFrom(page.body);
    const bad = withCheckDigit('3900101123').slice(0, 10) + String((Number(withCheckDigit('3900101123')[10]) + 1) % 10);
    const cases: { form: Record<string, string>; field: string; text: string }[] = [
      { form: { idcode: bad, role: 'kov-admin' }, field: 'idcode', text: 'Isikukoodi kontrollnumber ei klapi' },
      { form: { idcode: '1234', role: 'kov-admin' }, field: 'idcode', text: 'Isikukood peab koosnema 11 numbrist' },
      { form: { idcode: '', role: 'kov-admin' }, field: 'idcode', text: 'Sisestage isikukood' },
      { form: { idcode: JAAN.idcode, role: 'no-such-role' }, field: 'role', text: 'Sellist rolli ei ole' },
      { form: { idcode: JAAN.idcode, role: 'platform-admin' }, field: 'role', text: 'Seda rolli ei saa siin anda' },
      { form: { idcode: JAAN.idcode, role: '' }, field: 'role', text: 'Valige roll' },
    ];
    for (const c of cases) {
      const before = await auditCount(A);
      const res = await admin.req({ method: 'POST', url: `/kov/${A}/admin/roles`, form: { _csrf: token, ...c.form } });
      expect(res.statusCode, JSON.stringify(c.form)).toBe(400);
      expect(res.body).toContain('class="error-summary"');
      expect(res.body).toContain(`href="#f-${c.field}"`);
      expect(res.body).toContain(c.text);
      expect(res.body).toContain('aria-invalid="true"');
      expect(res.body).toContain('<title>Viga: Rollid');
      if (c.form.idcode) expect(res.body).toContain(`value="${c.form.idcode}"`);
      expect(await auditCount(A)).toBe(before);
    }
  });

  it('answers a duplicate grant with 409 and a clear field error', async () => {
    const page = await admin.get(`/kov/${A}/admin/roles`);
    const res = await admin.req({ method: 'POST', url: `/kov/${A}/admin/roles`, form: { _csrf: csrfFrom(page.body), idcode: JAAN.idcode, role: 'kov-admin' } });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Sellel isikul on see roll juba olemas');
    expect(res.body).toContain('href="#f-role"');
  });

  it('refuses a form without the CSRF token', async () => {
    const res = await admin.req({ method: 'POST', url: `/kov/${A}/admin/roles`, form: { idcode: MARI.idcode, role: 'kov-admin' } });
    expect(res.statusCode).toBe(403);
  });

  it('answers revoking an unknown or malformed grant id with 404', async () => {
    const page = await admin.get(`/kov/${A}/admin/roles`);
    const token = csrfFrom(page.body);
    for (const id of ['not-a-uuid', '0190a0b0-0000-7000-8000-000000000000']) {
      const res = await admin.req({ method: 'POST', url: `/kov/${A}/admin/roles/${id}/revoke`, form: { _csrf: token } });
      expect(res.statusCode).toBe(404);
    }
  });

  it('creates an API key, shows it once on the answer to the POST, stores only its hash, and revokes it', async () => {
    const page = await admin.get(`/kov/${A}/admin/api-keys`);
    expect(page.statusCode).toBe(200);
    const res = await admin.req({
      method: 'POST',
      url: `/kov/${A}/admin/api-keys`,
      payload: new URLSearchParams([['_csrf', csrfFrom(page.body)], ['name', 'Dokumendihaldus'], ['scopes', 'read'], ['scopes', 'write']]).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const key = /(vmk_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(res.body)![1]!;
    expect(res.body).toContain('API võti on loodud');
    const row = await asOwner(db, (t) => t.one<{ id: string; secret_hash: string; scopes: string[] }>('SELECT id, secret_hash, scopes FROM core_api_key WHERE name = $1', ['Dokumendihaldus']));
    expect(row!.scopes).toEqual(['read', 'write']);
    expect(row!.secret_hash).not.toContain(key.slice(18));
    expect(row!.secret_hash.startsWith('$argon2')).toBe(true);

    const list = await admin.get(`/kov/${A}/admin/api-keys`);
    expect(list.body).toContain('Dokumendihaldus');
    expect(list.body).not.toContain(key); // shown once, never again
    expect((await app.inject({ url: `/api/v1/kov/${A}/audit`, headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);

    const rev = await admin.req({ method: 'POST', url: `/kov/${A}/admin/api-keys/${row!.id}/revoke`, form: { _csrf: csrfFrom(list.body) } });
    expect(rev.statusCode).toBe(303);
    const after = await admin.get(`/kov/${A}/admin/api-keys`);
    expect(after.body).toContain('„Dokumendihaldus” on tühistatud');
    expect(after.body).toContain('tühistatud ');
    expect((await app.inject({ url: `/api/v1/kov/${A}/audit`, headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
  });

  it('re-renders the API key form with field errors: empty name, too long name, no scopes, unknown scope', async () => {
    const page = await admin.get(`/kov/${A}/admin/api-keys`);
    const token = csrfFrom(page.body);
    const cases: { body: [string, string][]; field: string; text: string }[] = [
      { body: [['name', '  '], ['scopes', 'read']], field: 'name', text: 'Sisestage võtme nimi' },
      { body: [['name', 'x'.repeat(101)], ['scopes', 'read']], field: 'name', text: 'Nimi võib olla kuni 100 märki pikk' },
      { body: [['name', 'Süsteem']], field: 'scopes', text: 'Valige vähemalt üks õigus' },
      { body: [['name', 'Süsteem'], ['scopes', 'admin']], field: 'scopes', text: 'Tundmatu õigus: admin' },
    ];
    for (const c of cases) {
      const res = await admin.req({
        method: 'POST',
        url: `/kov/${A}/admin/api-keys`,
        payload: new URLSearchParams([['_csrf', token], ...c.body]).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.statusCode, JSON.stringify(c.body)).toBe(400);
      expect(res.body).toContain('class="error-summary"');
      expect(res.body).toContain(`href="#f-${c.field}"`);
      expect(res.body).toContain(`id="f-${c.field}"`);
      expect(res.body).toContain(c.text);
      expect(res.body).not.toMatch(/vmk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/);
    }
    const kept = await admin.req({
      method: 'POST',
      url: `/kov/${A}/admin/api-keys`,
      payload: new URLSearchParams([['_csrf', token], ['name', 'Alles'], ['scopes', 'bogus']]).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(kept.body).toContain('value="Alles"');
  });

  it('browses the audit log newest first with time in Tallinn, actor, action, target and before/after; filters; paginates by 50', async () => {
    // 60 more entries (grants) so that there are two pages
    for (let i = 0; i < 60; i++) {
      const code = withCheckDigit(`5000101${String(100 + i).padStart(3, '0')}`);
      await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: code, role: 'kov-admin', actor: { kind: 'operator', id: null, name: 'Operaator Olev' } });
    }
    const total = await auditCount(A);
    const p1 = await admin.get(`/kov/${A}/admin/audit`);
    expect(p1.statusCode).toBe(200);
    expect(p1.body).toContain(`Auditilogi kirjed (${total})`);
    expect(p1.body).toContain('Roll antud');
    expect(p1.body).toContain('Operaator Olev');
    expect(p1.body).toContain('(operaator)');
    // before/after as fields (name, value), not raw JSON
    expect(p1.body).toContain('<dt>Roll</dt>');
    expect(p1.body).not.toMatch(/<code>\{/);
    expect(p1.body).toContain('Lehekülg 1 / 2');
    expect(p1.body).toMatch(/<time datetime="[^"]+">\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}<\/time>/);
    expect(p1.body.match(/<tr>/g)!.length - 1).toBe(50);
    // newest first: the first row is the last grant
    const firstRow = p1.body.indexOf('<tbody>');
    expect(p1.body.slice(firstRow, firstRow + 2000)).toContain(`•••••••${withCheckDigit('5000101159').slice(-4)}`);

    const p2 = await admin.get(`/kov/${A}/admin/audit?page=2`);
    expect(p2.body.match(/<tr>/g)!.length - 1).toBe(total - 50);

    const byActor = await admin.get(`/kov/${A}/admin/audit?actor=jaan`);
    expect(byActor.body).toContain('Jaan Tamm');
    expect(byActor.body).not.toContain('Operaator Olev</');
    const byAction = await admin.get(`/kov/${A}/admin/audit?action=apikey.create`);
    expect(byAction.body).toContain('API võti loodud');
    expect(byAction.body).toContain('Auditilogi kirjed (1)');

    // today in Tallinn is inside [today, today]; a day range in the past holds nothing
    const day = today();
    const inRange = await admin.get(`/kov/${A}/admin/audit?from=${day}&to=${day}`);
    expect(inRange.body).toContain(`Auditilogi kirjed (${total})`);
    const past = await admin.get(`/kov/${A}/admin/audit?from=01.01.2020&to=31.12.2020`);
    expect(past.statusCode).toBe(200);
    expect(past.body).toContain('Kirjeid ei ole.');
  });

  it('answers a bad audit filter with 400 naming the field: bad page number, bad date, reversed range', async () => {
    const cases: { q: string; field: string; text: string }[] = [
      { q: 'page=0', field: 'page', text: 'Lehekülje number peab olema positiivne täisarv' },
      { q: 'page=abc', field: 'page', text: 'Lehekülje number peab olema positiivne täisarv' },
      { q: 'page=-1', field: 'page', text: 'Lehekülje number peab olema positiivne täisarv' },
      { q: 'from=2026-02-30', field: 'from', text: 'Sisestage kuupäev kujul pp.kk.aaaa' },
      { q: 'to=yesterday', field: 'to', text: 'Sisestage kuupäev kujul pp.kk.aaaa' },
      { q: 'from=2026-05-01&to=2026-04-01', field: 'to', text: 'Alguskuupäev peab olema enne lõppkuupäeva' },
      { q: `actor=${'x'.repeat(201)}`, field: 'actor', text: 'Tekst võib olla kuni 200 märki pikk' },
    ];
    for (const c of cases) {
      const res = await admin.get(`/kov/${A}/admin/audit?${c.q}`);
      expect(res.statusCode, c.q).toBe(400);
      expect(res.body).toContain(`href="#f-${c.field}"`);
      expect(res.body).toContain(c.text);
    }
  });

  it('lets a platform admin manage platform roles and any KOV; a KOV admin cannot', async () => {
    const boss = new Agent(app);
    await loginAs(boss, db, PEETER.idcode, { givenName: 'Peeter', familyName: 'Kask' });
    expect((await boss.get(`/kov/${B}/admin`)).statusCode).toBe(200);
    expect((await admin.get('/admin/roles')).statusCode).toBe(403);
    const page = await boss.get('/admin/roles');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Platvormi rollid</h1>');
    expect(page.body).toContain('Peeter Kask');
    expect(page.body).toContain('<option value="platform-admin"');
    expect(page.body).not.toContain('<option value="kov-admin"');
    const before = await auditCount('0000');
    const res = await boss.req({ method: 'POST', url: '/admin/roles', form: { _csrf: csrfFrom(page.body), idcode: MARI.idcode, role: 'platform-admin' } });
    expect(res.statusCode).toBe(303);
    expect(await auditCount('0000')).toBe(before + 1);
    const mari = new Agent(app);
    await loginAs(mari, db, MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
    expect((await mari.get(`/kov/${B}/admin/roles`)).statusCode).toBe(200);
    const id = (await asOwner(db, (t) => t.one<{ id: string }>("SELECT id FROM core_role_grant WHERE kov_code IS NULL AND idcode_hash = $1 AND revoked_at IS NULL", [hashIdcode(app.config.idcodeHmacKey, MARI.idcode)])))!.id;
    const list = await boss.get('/admin/roles');
    const rev = await boss.req({ method: 'POST', url: `/admin/roles/${id}/revoke`, form: { _csrf: csrfFrom(list.body) } });
    expect(rev.statusCode).toBe(303);
    expect((await mari.get(`/kov/${B}/admin/roles`)).statusCode).toBe(403);
  });
});
