// The readable audit log (issue 9, item 6): action names in et/en/ru, changes as fields (before →
// after) rather than raw JSON, filters by action, person and date, and the CSV export (streamed in
// batches, safe against spreadsheet formulas). PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { now, resetClock, setClock, today } from '../../kernel/clock.js';
import { fmtDateTime } from '../../kernel/i18n.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, csrfFrom, engine, loginAs, seedTenant, testApp, testDb } from '../../../test/helpers.js';
import { fieldChanges } from './present.js';
import { auditExport, createKey, grantRole, revokeGrant } from './service.js';

const A = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const OPERATOR: Actor = { kind: 'operator', id: null, name: '=HYPERLINK("http://evil.example","click")' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
const JAAN = person('Jaan');
const MARI = person('Mari');

let db: Db;
let app: FastifyInstance;
let admin: Agent;

beforeAll(async () => {
  setClock('2027-02-14T09:30:00+02:00');
  db = await testDb();
  app = await testApp(db);
  await seedTenant(db, A, 'Tallinn', 'linn');
  await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: JAAN.idcode, role: 'kov-admin', actor: SYSTEM });
  admin = new Agent(app);
  await loginAs(admin, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  // a key whose name is a formula, made by an "operator" whose name is one too
  await createKey(db, { kov: A, name: '@SUM(1+1)', scopes: ['read'], actor: OPERATOR });
  const g = await grantRole(db, app.config.idcodeHmacKey, { kov: A, idcode: MARI.idcode, role: 'kov-admin', actor: SYSTEM });
  await revokeGrant(db, { kov: A, id: g.id, actor: SYSTEM });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
  resetClock();
});

describe(`the readable audit log (${engine})`, () => {
  it('names each action in the page’s language', async () => {
    const et = await admin.get(`/kov/${A}/admin/audit?lang=et`);
    expect(et.body).toContain('Roll eemaldatud');
    const en = await admin.get(`/kov/${A}/admin/audit?lang=en`);
    expect(en.body).toContain('Role revoked');
    expect(en.body).toContain('<option value="apikey.create">API key created</option>');
    const ru = await admin.get(`/kov/${A}/admin/audit?lang=ru`);
    expect(ru.body).toContain('Роль снята');
  });

  it('shows changes as fields, before → after, never raw JSON', async () => {
    const en = await admin.get(`/kov/${A}/admin/audit?lang=en&action=role.revoke`);
    expect(en.statusCode).toBe(200);
    // the revoke: "Active" went from yes to no; the unchanged role is shown plainly
    expect(en.body).toMatch(/<dt>Active<\/dt><dd><del><span class="visually-hidden">Before: <\/span>yes<\/del> <span aria-hidden="true">→<\/span> <ins><span class="visually-hidden">After: <\/span>no<\/ins><\/dd>/);
    expect(en.body).toContain('<dt>Role</dt><dd class="unchanged">kov-admin</dd>');
    expect(en.body).not.toMatch(/\{&quot;|\{"/);
  });

  it('flattens nested values and shows instants in Estonian format', () => {
    const at = now().toISOString();
    const c = fieldChanges({ status: 'open', rules: { minAge: 16 } }, { status: 'closed', rules: { minAge: 16 }, closedAt: at, members: [1, 2] });
    expect(c.map((x) => [x.path.join('.'), x.changed])).toEqual([
      ['status', true],
      ['rules.minAge', false],
      ['closedAt', true],
      ['members', true],
    ]);
    expect(fmtDateTime(at)).toBe('14.02.2027 09:30');
  });

  it('filters by action, person and date', async () => {
    const byPerson = await admin.get(`/kov/${A}/admin/audit?lang=en&actor=HYPERLINK`);
    expect(byPerson.body).toContain('Audit log entries (1)');
    const byAction = await admin.get(`/kov/${A}/admin/audit?lang=en&action=role.grant`);
    expect(byAction.body).toContain('Audit log entries (2)');
    const day = today();
    expect((await admin.get(`/kov/${A}/admin/audit?lang=en&from=${day}&to=${day}`)).body).toContain('Audit log entries (4)');
    expect((await admin.get(`/kov/${A}/admin/audit?lang=en&to=13.02.2027`)).body).toContain('Nothing to show.');
  });

  it('exports the filtered log as CSV: BOM, header, one line per entry, formulas defused', async () => {
    const page = await admin.get(`/kov/${A}/admin/audit?lang=en&action=apikey.create`);
    expect(page.body).toContain(`href="/kov/${A}/admin/audit.csv?action=apikey.create"`);
    const all = await admin.get(`/kov/${A}/admin/audit.csv?lang=en`);
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(all.headers['content-disposition']).toBe(`attachment; filename="audit-${A}.csv"`);
    expect(all.body.startsWith('\uFEFF"No.","Time","Actor kind","Actor","Action code","Action","Target type","Target id","Change"\r\n')).toBe(true);
    const lines = all.body.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 4);
    // newest first
    expect(lines[1]).toMatch(/^"4","14\.02\.2027 09:30","system","test setup","role\.revoke","Role revoked","role_grant","[0-9a-f-]{36}",".*"$/);
    expect(lines[1]).toContain('Role: kov-admin');
    expect(lines[1]).toContain('Active: yes → no');
    const key = lines.find((l) => l.includes('apikey.create'))!;
    // the operator's name and the key's name start with = and @: a leading apostrophe defuses them
    expect(key).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(key).toContain('Name: @SUM(1+1)'); // inside the change cell, not at its start
    expect(key).not.toMatch(/(^|,)"[=+\-@]/);

    const ru = await admin.get(`/kov/${A}/admin/audit.csv?lang=ru&action=role.grant`);
    const ruLines = ru.body.slice(1).trimEnd().split('\r\n');
    expect(ruLines).toHaveLength(1 + 2);
    expect(ruLines[1]).toContain('"Роль назначена"');
  });

  it('walks the log in batches by sequence number: every entry once, newest first', async () => {
    const seqs: number[] = [];
    let batches = 0;
    for await (const b of auditExport(db, A, {}, 3)) {
      batches++;
      expect(b.length).toBeLessThanOrEqual(3);
      seqs.push(...b.map((e) => e.seq));
    }
    expect(seqs).toEqual([4, 3, 2, 1]);
    expect(batches).toBe(2);
  });

  it('refuses the export to a visitor (401), a resident (403) and a bad filter (400)', async () => {
    expect((await new Agent(app).get(`/kov/${A}/admin/audit.csv`)).statusCode).toBe(401);
    const mari = new Agent(app);
    await loginAs(mari, db, MARI.idcode, { givenName: 'Mari', familyName: 'Maasikas' });
    expect((await mari.get(`/kov/${A}/admin/audit.csv`)).statusCode).toBe(403);
    expect((await admin.get(`/kov/${A}/admin/audit.csv?from=31.02.2027`)).statusCode).toBe(400);
    expect(csrfFrom((await admin.get(`/kov/${A}/admin/audit`)).body)).toBeTruthy();
  });
});
