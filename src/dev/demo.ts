// Development only: loads the demo data into an empty database, module by module in the manifests'
// demoOrder, handing each the demo people. `vallamaja start` (with DEMO_DATA) and `vallamaja demo`
// load this file with a dynamic import; production code never imports src/dev.
import type { Config } from '../config.js';
import type { Db } from '../kernel/db.js';
import { hasTenants } from '../kernel/tenants.js';
import { loadModules } from '../modules/registry.js';
import { DEMO_PEOPLE } from './demo-people.js';

/** Loads demo data when the database holds no tenant yet. Returns true if it did. */
export async function loadDemoIfEmpty(db: Db, config: Config, log: (s: string) => void): Promise<boolean> {
  if (await hasTenants(db)) return false;
  const modules = [...(await loadModules())].sort((a, b) => (a.demoOrder ?? 100) - (b.demoOrder ?? 100));
  for (const m of modules) if (m.demo) await m.demo({ db, config, log, people: DEMO_PEOPLE });
  return true;
}
