// Territory: the EHAK classifier (counties, municipalities, settlement units) and the tenants
// (KOVs) it defines. Other modules reach it through the exports below, never through repo.ts.
import type { ModuleManifest } from '../../kernel/module.js';
import { boundariesImportCommand, ehakImportCommand } from './cli.js';
import { territoryAuditActions, territoryMessages } from './messages.js';
import { territoryRoutes } from './routes.js';
import { loadDemoTerritory } from './service.js';

export { importBoundaries, importEhak, loadDemoTerritory } from './service.js';
export { classifierIndex, classifierNames, countyOfKov, locatePoint, settlementUnitsOf, unitBoundaries } from './read.js';
export type { UnitBoundary } from './read.js';
export type { EhakIndex, UnitName } from './repo.js';
export type { BoundaryImportResult, BoundaryProblem, ImportCounts, ImportOptions, ImportResult, Problem, TenantSync } from './service.js';

export const manifest: ModuleManifest = {
  name: 'territory',
  tables: 'territory',
  routes: territoryRoutes,
  messages: territoryMessages,
  auditActions: territoryAuditActions,
  nav: [{ href: '/kov', labelKey: 'territory.nav.kovs', order: 70 }],
  commands: [ehakImportCommand, boundariesImportCommand],
  demoOrder: 10,
  async demo({ db, log }) {
    const r = await loadDemoTerritory(db);
    const c = r.counts!;
    log(
      `Territory: EHAK ${c.version} (embedded): ${c.counties} counties, ${c.municipalities} municipalities, ` +
        `${c.settlementUnits} settlement units of the demo KOVs; ${r.tenants?.added ?? 0} tenants created.`,
    );
  },
};
