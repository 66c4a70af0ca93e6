// Tenant safety that needs no memory: after migrating, read the database catalogue and fail for any
// table with a kov_code column that lacks row-level security (enabled and forced), the tenant
// policy, the owner's system policy, or the app role's grants. A new module's table cannot slip
// through: one line (SELECT core_tenant_table('x')) in its migration sets it all up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Tx } from '../src/kernel/db.js';
import { asOwner, engine, testDb } from './helpers.js';

interface TenantTable {
  table: string;
  rls: boolean;
  forced: boolean;
  /** Policies with their roles ('public' = every role) and their USING expressions. */
  policies: { name: string; roles: string[]; cmd: string; using: string }[];
  appPrivileges: string[];
}

/** Every table (not a partition: those are reached through their parent) that has a kov_code column. */
export async function tenantTables(t: Tx): Promise<TenantTable[]> {
  const rows = await t.query<{ table: string; rls: boolean; forced: boolean; oid: number }>(
    `SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced, c.oid::int AS oid
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'kov_code' AND NOT a.attisdropped)
      ORDER BY c.relname`,
  );
  const out: TenantTable[] = [];
  for (const r of rows) {
    const policies = await t.query<{ name: string; roles: string[] | string; cmd: string; using: string | null }>(
      `SELECT polname AS name, polcmd::text AS cmd, pg_get_expr(polqual, polrelid) AS using,
              ARRAY(SELECT CASE WHEN x = 0 THEN 'public' ELSE (SELECT rolname FROM pg_roles WHERE oid = x) END FROM unnest(polroles) AS x) AS roles
         FROM pg_policy WHERE polrelid = $1 ORDER BY polname`,
      [r.oid],
    );
    const privileges = [];
    for (const p of ['SELECT', 'INSERT', 'UPDATE', 'DELETE']) {
      const has = await t.one<{ ok: boolean }>(`SELECT has_table_privilege('vallamaja_app', $1::oid, $2) AS ok`, [r.oid, p]);
      if (has?.ok) privileges.push(p);
    }
    out.push({
      table: r.table,
      rls: r.rls,
      forced: r.forced,
      policies: policies.map((p) => ({ name: p.name, roles: typeof p.roles === 'string' ? p.roles.replace(/[{}]/g, '').split(',') : p.roles, cmd: p.cmd, using: p.using ?? '' })),
      appPrivileges: privileges,
    });
  }
  return out;
}

/** What is wrong with a tenant table's set-up (empty: nothing). */
export function problemsOf(x: TenantTable): string[] {
  const p: string[] = [];
  if (!x.rls) p.push('row-level security is not enabled');
  if (!x.forced) p.push('row-level security is not forced (the owner would bypass it)');
  const forApp = x.policies.filter((pol) => pol.roles.includes('public') || pol.roles.includes('vallamaja_app'));
  const tenantPolicy = forApp.some((pol) => pol.using.includes("current_setting('vallamaja.kov'"));
  const publicRead = x.table === 'core_tenant' && forApp.some((pol) => pol.cmd === 'r' && pol.using === 'true');
  if (!tenantPolicy && !publicRead) p.push('no policy limits the app role to the transaction’s KOV (vallamaja.kov)');
  if (!x.policies.some((pol) => pol.using.includes("current_setting('vallamaja.system'"))) p.push('no system policy for the owner (vallamaja.system)');
  if (!x.appPrivileges.includes('SELECT')) p.push('the app role (vallamaja_app) may not read it');
  return p;
}

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db.close();
});

describe(`tenant tables in the catalogue (${engine})`, () => {
  it('lists every table with a kov_code, each with RLS enabled and forced, its policies and the app role’s grants', async () => {
    const tables = await asOwner(db, tenantTables);
    const names = tables.map((x) => x.table);
    // the tables of the kernel and of every module that has them
    for (const n of ['core_tenant', 'core_role_grant', 'core_api_key', 'core_audit', 'core_audit_head', 'residents_person', 'residents_fetch', 'voting_vote', 'voting_ballot', 'voting_entry', 'polls_poll', 'polls_voter']) {
      expect(names).toContain(n);
    }
    const report = tables.map((x) => `${x.table}: ${problemsOf(x).join('; ') || 'ok'} [${x.appPrivileges.join(', ')}]`);
    console.warn(`tenant tables (${tables.length}):\n  ${report.join('\n  ')}`);
    expect(tables.flatMap((x) => problemsOf(x).map((p) => `${x.table}: ${p}`))).toEqual([]);
  });

  it('fails for a planted table without a policy, and passes once core_tenant_table() has set it up', async () => {
    await asOwner(db, (t) => t.exec('CREATE TABLE planted_report (id int PRIMARY KEY, kov_code text NOT NULL)'));
    try {
      const planted = (await asOwner(db, tenantTables)).find((x) => x.table === 'planted_report')!;
      expect(problemsOf(planted)).toEqual([
        'row-level security is not enabled',
        'row-level security is not forced (the owner would bypass it)',
        'no policy limits the app role to the transaction’s KOV (vallamaja.kov)',
        'no system policy for the owner (vallamaja.system)',
        'the app role (vallamaja_app) may not read it',
      ]);
      // enabled but neither forced nor with a policy: still refused
      await asOwner(db, (t) => t.exec('ALTER TABLE planted_report ENABLE ROW LEVEL SECURITY'));
      expect(problemsOf((await asOwner(db, tenantTables)).find((x) => x.table === 'planted_report')!)).toHaveLength(4);
      await asOwner(db, (t) => t.query(`SELECT core_tenant_table('planted_report', 'SELECT, INSERT')`));
      const fixed = (await asOwner(db, tenantTables)).find((x) => x.table === 'planted_report')!;
      expect(problemsOf(fixed)).toEqual([]);
      expect(fixed.appPrivileges).toEqual(['SELECT', 'INSERT']);
      // and it works: each KOV sees its own rows only
      await db.tx((t) => t.query(`INSERT INTO planted_report (id, kov_code) VALUES (1, '0784')`), { kov: '0784' });
      await db.tx((t) => t.query(`INSERT INTO planted_report (id, kov_code) VALUES (2, '0793')`), { kov: '0793' });
      expect(await db.tx((t) => t.query('SELECT id FROM planted_report'), { kov: '0784' })).toEqual([{ id: 1 }]);
      await expect(db.tx((t) => t.query(`INSERT INTO planted_report (id, kov_code) VALUES (3, '0793')`), { kov: '0784' })).rejects.toThrow(/row-level security/);
    } finally {
      await asOwner(db, (t) => t.exec('DROP TABLE IF EXISTS planted_report'));
    }
  });

  it('the helper refuses a table without kov_code and privileges that are not plain table privileges', async () => {
    await asOwner(db, (t) => t.exec('CREATE TABLE planted_plain (id int)'));
    try {
      await expect(asOwner(db, (t) => t.query(`SELECT core_tenant_table('planted_plain')`))).rejects.toThrow(/no kov_code column/);
      await asOwner(db, (t) => t.exec('ALTER TABLE planted_plain ADD COLUMN kov_code text'));
      await expect(asOwner(db, (t) => t.query(`SELECT core_tenant_table('planted_plain', 'SELECT; DROP TABLE core_audit')`))).rejects.toThrow(/privileges must be/);
    } finally {
      await asOwner(db, (t) => t.exec('DROP TABLE IF EXISTS planted_plain'));
    }
  });
});
