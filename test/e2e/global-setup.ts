// The browser journeys' global setup: the suite's own (a migrated template per run), plus that
// template with the demo data loaded, made once per run. Every journey's server starts on its own
// in-memory copy of it (harness.startServer) instead of loading the demo data again in each file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPglite, wrapPglite } from '../../src/kernel/db.js';
import { setClock } from '../../src/kernel/clock.js';
import { loadDemoIfEmpty } from '../../src/dev/demo.js';
import baseSetup from '../global-setup.js';
import { testConfig } from '../config.js';

export default async function setup(project: TestProject) {
  const teardown = await baseSetup(project);
  const template = project.getProvidedContext().pgliteTemplate;
  if (!template) return teardown; // on PostgreSQL (TEST_DATABASE_URL set) each server loads the demo itself
  // as in the workers (test/setup.ts): the far-off time zone, and the run's date where one is set
  process.env.TZ = 'Pacific/Kiritimati';
  if (process.env.VALLAMAJA_TEST_DATE) setClock(process.env.VALLAMAJA_TEST_DATE, { ticking: true });
  const tar = fs.readFileSync(template);
  const pglite = await createPglite({ loadDataDir: new Blob([tar]) });
  const db = wrapPglite(pglite);
  await loadDemoIfEmpty(db, testConfig(), () => undefined);
  const dump = await pglite.dumpDataDir('none');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-e2e-'));
  const file = path.join(dir, 'demo.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteDemoTemplate', file);
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await teardown?.();
  };
}
