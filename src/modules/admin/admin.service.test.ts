// The admin service against a real database: audit entries in the same transaction, hashes only,
// API key authentication, the demo data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { verifyAudit } from '../../kernel/audit.js';
import { authenticateApiKey } from '../../kernel/auth.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { grantsOf } from '../../kernel/session.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { engine, seedTenant, testConfig, testDb, asOwner } from '../../../test/helpers.js';
import { loadAdminDemo } from './demo.js';
import { createKey, grantRole, listGrants, parseAuditQuery, parseDate, queryAudit, revokeGrant, revokeKey } from './service.js';

const A = '0784';
const B = '0793';
const KEY = 'test-idcode-key';
const OPERATOR: Actor = { kind: 'operator', id: null, name: 'Olev Operaator' };

let db: Db;

beforeAll(async () => {
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
});
afterAll(async () => {
  await db.close();
});

const audit = (kov: string) =>
  asOwner(db, (t) =>
    t.query<{ seq: number; action: string; actor_kind: string; target_id: string; before: unknown; after: unknown; j: string }>(
      'SELECT seq, action, actor_kind, target_id, before, after, to_jsonb(a)::text AS j FROM core_audit a WHERE kov_code = $1 ORDER BY seq',
      [kov],
    ),
  );
const grantRows = (kov: string) =>
  asOwner(db, (t) => t.query<{ id: string; revoked_at: Date | null }>('SELECT id, revoked_at FROM core_role_grant WHERE kov_code = $1', [kov]));

describe(`admin service (${engine})`, () => {
  it('writes the grant and its audit entry together; never the plaintext ID code', async () => {
    const code = withCheckDigit('4850505123');
    const before = (await audit(A)).length;
    const g = await grantRole(db, KEY, { kov: A, idcode: code, role: 'kov-admin', actor: OPERATOR });
    const entries = await audit(A);
    expect(entries).toHaveLength(before + 1);
    const e = entries.at(-1)!;
    expect(e).toMatchObject({ action: 'role.grant', actor_kind: 'operator', target_id: g.id, before: null });
    expect(e.after).toMatchObject({ role: 'kov-admin', idcodeHint: `•••••••${code.slice(-4)}` });
    expect(e.j).not.toContain(code);
    const stored = await asOwner(db, (t) => t.one<{ j: string }>('SELECT to_jsonb(g)::text AS j FROM core_role_grant g WHERE id = $1', [g.id]));
    expect(stored!.j).not.toContain(code);
    expect(stored!.j).toContain(hashIdcode(KEY, code));
    expect(await grantsOf(db, hashIdcode(KEY, code))).toEqual([{ kov: A, role: 'kov-admin' }]);
  });

  it('writes no audit entry when the call fails (bad input, duplicate, unknown id)', async () => {
    const code = withCheckDigit('4850505124');
    await grantRole(db, KEY, { kov: A, idcode: code, role: 'kov-admin', actor: OPERATOR });
    const before = (await audit(A)).length;
    const grantsBefore = (await grantRows(A)).length;
    await expect(grantRole(db, KEY, { kov: A, idcode: code, role: 'kov-admin', actor: OPERATOR })).rejects.toMatchObject({ status: 409 });
    await expect(grantRole(db, KEY, { kov: A, idcode: '12345678901', role: 'kov-admin', actor: OPERATOR })).rejects.toMatchObject({ status: 400 });
    await expect(grantRole(db, KEY, { kov: A, idcode: code, role: 'nope', actor: OPERATOR })).rejects.toMatchObject({ status: 400 });
    await expect(revokeGrant(db, { kov: A, id: '0190a0b0-0000-7000-8000-000000000000', actor: OPERATOR })).rejects.toMatchObject({ status: 404 });
    await expect(revokeKey(db, { kov: A, id: 'x', actor: OPERATOR })).rejects.toMatchObject({ status: 404 });
    expect(await audit(A)).toHaveLength(before);
    expect(await grantRows(A)).toHaveLength(grantsBefore);
  });

  it('rolls the grant back when its audit entry cannot be written (one transaction)', async () => {
    const code = withCheckDigit('4850505125');
    const before = (await audit(A)).length;
    const grantsBefore = (await grantRows(A)).length;
    // an actor kind the audit table refuses (CHECK constraint): the entry fails after the grant's INSERT
    const broken = { kind: 'robot', id: null, name: 'x' } as unknown as Actor;
    await expect(grantRole(db, KEY, { kov: A, idcode: code, role: 'kov-admin', actor: broken })).rejects.toThrow();
    expect(await grantRows(A)).toHaveLength(grantsBefore);
    expect(await audit(A)).toHaveLength(before);
    expect(await grantsOf(db, hashIdcode(KEY, code))).toEqual([]);
  });

  it('records revocations with before and after, and the chain stays intact', async () => {
    const code = withCheckDigit('4850505126');
    const g = await grantRole(db, KEY, { kov: B, idcode: code, role: 'kov-admin', actor: OPERATOR });
    await revokeGrant(db, { kov: B, id: g.id, actor: OPERATOR });
    const e = (await audit(B)).at(-1)!;
    expect(e.action).toBe('role.revoke');
    expect(e.before).toMatchObject({ active: true, role: 'kov-admin' });
    expect(e.after).toMatchObject({ active: false, role: 'kov-admin' });
    expect(await grantsOf(db, hashIdcode(KEY, code))).toEqual([]);
    // a KOV cannot revoke another KOV's grant by id
    const other = await grantRole(db, KEY, { kov: B, idcode: code, role: 'kov-admin', actor: OPERATOR });
    await expect(revokeGrant(db, { kov: A, id: other.id, actor: OPERATOR })).rejects.toMatchObject({ status: 404 });
    const reports = await verifyAudit(db);
    expect(reports.every((r) => r.ok)).toBe(true);
  });

  it('creates API keys whose stored hash is not the key, which authenticate with their scopes until revoked', async () => {
    const { key, apiKey } = await createKey(db, { kov: A, name: '  Arvekeskus  ', scopes: 'write,read', actor: OPERATOR });
    expect(apiKey).toMatchObject({ name: 'Arvekeskus', scopes: ['read', 'write'] });
    const row = await asOwner(db, (t) => t.one<{ j: string; secret_hash: string }>('SELECT to_jsonb(k)::text AS j, secret_hash FROM core_api_key k WHERE id = $1', [apiKey.id]));
    expect(row!.j).not.toContain(key);
    expect(row!.j).not.toContain(key.slice('vmk_'.length + 12 + 1));
    expect(row!.secret_hash).toMatch(/^\$argon2id\$/);
    expect(await authenticateApiKey(db, `Bearer ${key}`)).toMatchObject({ id: apiKey.id, kov: A, scopes: ['read', 'write'] });
    await revokeKey(db, { kov: A, id: apiKey.id, actor: OPERATOR });
    expect(await authenticateApiKey(db, `Bearer ${key}`)).toBe('invalid');
    const actions = (await audit(A)).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(['apikey.create', 'apikey.revoke']);
    expect((await audit(A)).map((e) => e.j).join('')).not.toContain(key);
  });

  it('parses audit filters: dates in both forms, Tallinn day bounds, page numbers', async () => {
    expect(parseDate('2026-11-22')).toBe('2026-11-22');
    expect(parseDate('1.2.2026')).toBe('2026-02-01');
    expect(parseDate('29.02.2025')).toBeNull();
    expect(parseDate('2026-1-1')).toBeNull();
    expect(parseAuditQuery({ page: '3', from: '01.11.2026', actor: ' Jaan ' })).toEqual({ page: 3, filter: { from: '2026-11-01', actor: 'Jaan' } });
    expect(() => parseAuditQuery({ page: ['1', '2'] })).toThrow();
    expect(() => parseAuditQuery({ page: '1.5' })).toThrow();
    // an entry written at 23:30 UTC on 21 Nov is on 22 Nov in Tallinn
    await asOwner(db, (t) =>
      t.query(
        `INSERT INTO core_audit (id, kov_code, seq, at, actor_kind, actor_name, action, prev_hash, hash)
         VALUES ('0190a0b0-0000-7000-8000-0000000000aa', '0001', 1, '2026-11-21T23:30:00Z', 'system', 'kell', 'clock.test', 'x', 'y')`,
      ),
    );
    expect((await queryAudit(db, '0001', { from: '2026-11-22', to: '2026-11-22' }, 1)).total).toBe(1);
    expect((await queryAudit(db, '0001', { to: '2026-11-21' }, 1)).total).toBe(0);
    await asOwner(db, (t) => t.query("DELETE FROM core_audit WHERE kov_code = '0001'"));
  });

  it('loads the demo roles (Jaan: Tallinn, Toomas: Tartu, Peeter: platform) as the system, skipping missing KOVs', async () => {
    const fresh = await testDb();
    try {
      await seedTenant(fresh, '0784', 'Tallinn', 'linn');
      const log: string[] = [];
      const config = testConfig();
      await loadAdminDemo({ db: fresh, config, log: (s) => log.push(s), people: DEMO_PEOPLE });
      expect(log.join('\n')).toContain('0793 does not exist');
      await seedTenant(fresh, '0793', 'Tartu linn', 'linn');
      await loadAdminDemo({ db: fresh, config, log: (s) => log.push(s), people: DEMO_PEOPLE }); // again: no duplicates
      const by = (given: string) => hashIdcode(config.idcodeHmacKey, DEMO_PEOPLE.find((p) => p.givenName === given)!.idcode);
      expect(await grantsOf(fresh, by('Jaan'))).toEqual([{ kov: '0784', role: 'kov-admin' }]);
      expect(await grantsOf(fresh, by('Toomas'))).toEqual([{ kov: '0793', role: 'kov-admin' }]);
      expect(await grantsOf(fresh, by('Peeter'))).toEqual([{ kov: null, role: 'platform-admin' }]);
      expect((await listGrants(fresh, null)).map((g) => g.role)).toEqual(['platform-admin']);
      const kinds = await asOwner(fresh, (t) => t.query<{ kov_code: string; actor_kind: string }>('SELECT kov_code, actor_kind FROM core_audit ORDER BY kov_code'));
      expect(kinds).toEqual([
        { kov_code: '0000', actor_kind: 'system' },
        { kov_code: '0784', actor_kind: 'system' },
        { kov_code: '0793', actor_kind: 'system' },
      ]);
      expect((await verifyAudit(fresh)).every((r) => r.ok)).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
