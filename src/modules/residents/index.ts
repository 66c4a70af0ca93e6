// Residents: the KOV's copy of the population register (file import, X-tee), extra lists and
// eligibility rules. Other modules (voting) use the exports below, never repo.ts.
import { PassThrough } from 'node:stream';
import type { ModuleManifest } from '../../kernel/module.js';
import { residentsCommands } from './cli.js';
import { xteeFetchJob } from './fetch.js';
import { generateRegister } from './generate.js';
import { importRegister, sourceOf } from './import.js';
import { residentsAuditActions, residentsMessages } from './messages.js';
import { RESIDENTS_MANAGER, residentsPermissions } from './permissions.js';
import { residentsRoutes } from './routes.js';

export { countEligible, findResident, snapshotEligible, importExtraList, bornOnOrBefore, importRegisterFromXtee } from './service.js';
export type { EligibilityRules, EligibleCount, EligiblePerson, Resident, XteeImportResult } from './service.js';
export { importRegister } from './import.js';
export type { ImportOptions, ImportResult, ImportProblem } from './import.js';
export { rr411, rr417, rr417Open, xteeConfigFromEnv, xteeSetting, XteeError } from './xtee.js';
export type { XteeConfig, XteeSetting, MainResidence, RegisterPerson, Rr417Answer } from './xtee.js';
export { RESIDENTS_MANAGER };

/** Demo: a synthetic register of 3,000 people for Tallinn (0784). */
const DEMO_KOV = '0784';
const DEMO_COUNT = 3000;

export const manifest: ModuleManifest = {
  name: 'residents',
  tables: 'residents',
  routes: residentsRoutes,
  messages: residentsMessages,
  adminLinks: [{ path: 'admin/residents', labelKey: 'residents.title', textKey: 'residents.adminLink.text', action: 'residents.read' }],
  auditActions: residentsAuditActions,
  roles: [{ id: RESIDENTS_MANAGER, scope: 'kov', labelKey: 'role.residents-manager' }],
  permissions: residentsPermissions,
  commands: residentsCommands,
  // the X-tee register fetch started from the page and the API (fetch.ts)
  jobs: [xteeFetchJob],
  demoOrder: 60,
  async demo({ db, config, log }) {
    const buf = new PassThrough();
    const chunks: Buffer[] = [];
    buf.on('data', (c: Buffer) => chunks.push(c));
    await generateRegister(db, buf, { kov: DEMO_KOV, count: DEMO_COUNT, seed: 20261123 });
    buf.end();
    const r = await importRegister(db, config.idcodeHmacKey, sourceOf(Buffer.concat(chunks)), {
      kov: DEMO_KOV,
      actor: { kind: 'system', id: null, name: 'demo data' },
      fileName: 'demo-register.csv',
    });
    log(`Residents: a synthetic register of ${r.rowsImported} people for Tallinn (${DEMO_KOV}).`);
  },
};
