// The operator's commands, run in-process against the test database, and once through the whole
// CLI (main: configuration, command table, exit codes) with a database of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../kernel/auth.js';
import type { Db } from '../../kernel/db.js';
import { openDb } from '../../kernel/db.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { grantsOf } from '../../kernel/session.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { asOwner, cliEnv, engine, runCommand, runMain, seedTenant, testConfig, testDb } from '../../../test/helpers.js';
import { adminCommands } from './cli.js';

const A = '0784';
const B = '0793';
const config = testConfig();
const JAAN = DEMO_PEOPLE.find((p) => p.givenName === 'Jaan')!;
const PEETER = DEMO_PEOPLE.find((p) => p.givenName === 'Peeter')!;

let db: Db;

beforeAll(async () => {
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
});
afterAll(async () => {
  await db.close();
});

const run = (line: string) => runCommand(adminCommands, config, db, line);

const auditOf = (kov: string) =>
  asOwner(db, (t) => t.query<{ action: string; actor_kind: string; j: string }>('SELECT action, actor_kind, to_jsonb(a)::text AS j FROM core_audit a WHERE kov_code = $1 ORDER BY seq', [kov]));

describe(`admin commands (${engine})`, () => {
  it('roles grant / list / revoke a KOV role as the operator, printing only the hint', async () => {
    const g = await run(`roles grant --idcode ${JAAN.idcode} --role kov-admin --kov ${A}`);
    expect(g).toMatchObject({ code: 0 });
    expect(g.out).toContain(`Granted kov-admin in KOV ${A} to •••••••${JAAN.idcode.slice(-4)} (has not signed in yet)`);
    expect(g.out + g.err).not.toContain(JAAN.idcode);
    expect(await grantsOf(db, hashIdcode(config.idcodeHmacKey, JAAN.idcode))).toEqual([{ kov: A, role: 'kov-admin' }]);
    const entry = (await auditOf(A)).at(-1)!;
    expect(entry).toMatchObject({ action: 'role.grant', actor_kind: 'operator' });
    expect(entry.j).not.toContain(JAAN.idcode);

    const list = await run(`roles list --kov=${A}`);
    expect(list.code).toBe(0);
    expect(list.out).toContain(`kov-admin\t•••••••${JAAN.idcode.slice(-4)}`);

    expect((await run(`roles grant --idcode ${JAAN.idcode} --role kov-admin --kov ${A}`)).code).toBe(1); // duplicate
    const r = await run(`roles revoke --idcode ${JAAN.idcode} --role kov-admin --kov ${A}`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Revoked kov-admin');
    expect(await grantsOf(db, hashIdcode(config.idcodeHmacKey, JAAN.idcode))).toEqual([]);
    const again = await run(`roles revoke --idcode ${JAAN.idcode} --role kov-admin --kov ${A}`);
    expect(again.code).toBe(1);
    expect(again.err).toContain('No such active role grant');
    expect((await auditOf(A)).map((e) => e.action).slice(-2)).toEqual(['role.grant', 'role.revoke']);
  });

  it('grants the platform admin role only without --kov, on the platform chain', async () => {
    const g = await run(`roles grant --idcode ${PEETER.idcode} --role platform-admin`);
    expect(g.code).toBe(0);
    expect(g.out).toContain('on the platform');
    expect(await grantsOf(db, hashIdcode(config.idcodeHmacKey, PEETER.idcode))).toEqual([{ kov: null, role: 'platform-admin' }]);
    expect((await auditOf('0000')).at(-1)).toMatchObject({ action: 'role.grant', actor_kind: 'operator' });
    expect((await run(`roles grant --idcode ${PEETER.idcode} --role platform-admin --kov ${A}`)).code).toBe(64);
  });

  it('refuses bad arguments with a reason and a non-zero exit code', async () => {
    const bad = JAAN.idcode.slice(0, 10) + String((Number(JAAN.idcode[10]) + 1) % 10);
    const cases: [string, number, RegExp][] = [
      [`roles grant --idcode ${bad} --role kov-admin --kov ${A}`, 1, /idcode: The check digit/],
      [`roles grant --idcode ${JAAN.idcode} --role boss --kov ${A}`, 1, /role: There is no such role/],
      [`roles grant --idcode ${JAAN.idcode} --role kov-admin`, 64, /give --kov/],
      [`roles grant --idcode ${JAAN.idcode} --role kov-admin --kov 9999`, 1, /no active KOV with the code 9999/],
      [`roles grant --role kov-admin --kov ${A}`, 64, /--idcode and --role are required/],
      [`roles grant --idcode`, 64, /--idcode needs a value/],
      [`roles grant --idcode ${JAAN.idcode} --role kov-admin --kov ${A} --force yes`, 64, /unknown option --force/],
      [`apikey create --kov ${A} --name X --scopes read,admin`, 1, /scopes: Unknown scope: admin/],
      [`apikey create --kov ${A} --name  --scopes read`, 64, /--name needs a value/],
      [`apikey create --kov ${A} --name=`, 1, /name: Enter a name/],
      [`apikey create --kov 0000 --name X`, 1, /no active KOV/],
      [`audit verify --kov tartu`, 64, /4-digit/],
    ];
    for (const [line, code, text] of cases) {
      const r = await run(line);
      expect(r.code, line).toBe(code);
      expect(r.err, line).toMatch(text);
      expect(r.err + r.out).not.toContain(JAAN.idcode);
    }
  });

  it('apikey create prints the key once; it authenticates with its scopes; list and revoke', async () => {
    const r = await run(`apikey create --kov ${A} --name Dokumendihaldus --scopes read,write`);
    expect(r.code).toBe(0);
    const key = r.out.split('\n').at(-1)!;
    expect(key).toMatch(/^vmk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const p = await authenticateApiKey(db, `Bearer ${key}`);
    expect(p).toMatchObject({ kov: A, name: 'Dokumendihaldus', scopes: ['read', 'write'] });
    const stored = await asOwner(db, (t) => t.one<{ j: string }>("SELECT to_jsonb(k)::text AS j FROM core_api_key k WHERE name = 'Dokumendihaldus'"));
    expect(stored!.j).not.toContain(key.slice('vmk_'.length + 12 + 1));
    expect((await auditOf(A)).at(-1)).toMatchObject({ action: 'apikey.create', actor_kind: 'operator' });

    const def = await run(`apikey create --kov ${A} --name Vaikimisi`);
    expect(def.out).toContain('with scopes read ');

    const list = await run(`apikey list --kov ${A}`);
    expect(list.out).toContain('Dokumendihaldus');
    expect(list.out).not.toContain(key);
    const id = (p as { id: string }).id;
    expect((await run(`apikey revoke --kov ${A} --id ${id}`)).code).toBe(0);
    expect(await authenticateApiKey(db, `Bearer ${key}`)).toBe('invalid');
    expect((await run(`apikey revoke --kov ${B} --id ${id}`)).code).toBe(1);
  });

  it('audit verify: 0 when every chain is intact; 1 with the problems after an UPDATE or a DELETE of the last entry', async () => {
    await run(`roles grant --idcode ${withCheckDigit('3700101123')} --role kov-admin --kov ${B}`);
    await run(`roles grant --idcode ${withCheckDigit('3700101124')} --role kov-admin --kov ${B}`);
    const ok = await run('audit verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`${A}: OK`);
    expect(ok.out).toContain(`${B}: OK (2 entries)`);
    expect(ok.out).toContain('0000 (platform): OK');

    // an official's entry "edited" by someone with owner rights
    await asOwner(db, (t) => t.query("UPDATE core_audit SET actor_name = 'Keegi teine' WHERE kov_code = $1 AND seq = 1", [A]));
    const broken = await run('audit verify');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`${A}: BROKEN`);
    expect(broken.out).toContain('entry 1: its content does not match its hash');
    expect(broken.out).toContain(`${B}: OK`);
    expect(broken.err).toContain('1 of 3 audit chain(s) are broken');
    expect((await run(`audit verify --kov ${B}`)).code).toBe(0);

    // the last entry of B removed
    await asOwner(db, (t) => t.query('DELETE FROM core_audit WHERE kov_code = $1 AND seq = 2', [B]));
    const cut = await run(`audit verify --kov ${B}`);
    expect(cut.code).toBe(1);
    expect(cut.out).toContain(`${B}: BROKEN (1 entries)`);
    expect(cut.out).toContain('the chain head says 2 entries, the log holds 1');
    expect(cut.out).not.toContain(`${A}:`);
  });

  it('runs through the whole CLI with a database of its own (roles grant), keyed by its own secret', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-cli-'));
    const secret = 'cli-test-secret-0123456789abcdef0123456789';
    try {
      const env = await cliEnv(dir, { SESSION_SECRET: secret, NODE_ENV: 'development' });
      const res = await runMain(['roles', 'grant', '--idcode', PEETER.idcode, '--role', 'platform-admin'], env);
      expect(res.err).toBe('');
      expect(res.code).toBe(0);
      expect(res.out).toContain(`Granted platform-admin on the platform to •••••••${PEETER.idcode.slice(-4)}`);
      const own = await openDb({ databaseUrl: env.DATABASE_URL ?? null, dataDir: dir });
      try {
        expect(await grantsOf(own, hashIdcode(`idcode:${secret}`, PEETER.idcode))).toEqual([{ kov: null, role: 'platform-admin' }]);
      } finally {
        await own.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
