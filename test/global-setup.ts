// Migrates one template database per run; every test file then gets its own copy in milliseconds
// (PGlite: a dumped data dir loaded into memory; PostgreSQL: CREATE DATABASE … TEMPLATE).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createPglite, openPostgres, wrapPglite } from '../src/kernel/db.js';
import { migrate } from '../src/kernel/migrate.js';
import { TEST_OWNER, withDb } from './pg-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** Browser journeys only: the migrated template with the demo data loaded (a PGlite data dir). */
    pgliteDemoTemplate: string;
    pgTemplate: string;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  project.provide('pgliteDemoTemplate', '');
  const runId = `vmt_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  project.provide('runId', runId);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-test-'));
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const tmpl = `${runId}_tmpl`;
    await admin.query(`DO $$ BEGIN CREATE ROLE ${TEST_OWNER} LOGIN CREATEROLE NOSUPERUSER; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    await admin.query(`CREATE DATABASE ${tmpl} OWNER ${TEST_OWNER}`);
    const db = openPostgres(withDb(pgUrl, tmpl, TEST_OWNER), { max: 2 });
    await migrate(db);
    await db.close();
    project.provide('pgTemplate', tmpl);
    project.provide('pgliteTemplate', '');
    await admin.end();
    return async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      const rows = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${runId}%`]);
      for (const r of rows.rows) {
        await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => undefined);
      }
      await c.end();
      fs.rmSync(tmp, { recursive: true, force: true });
    };
  }
  const pglite = await createPglite();
  const db = wrapPglite(pglite);
  await migrate(db);
  const dump = await pglite.dumpDataDir('none');
  const file = path.join(tmp, 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  return async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
