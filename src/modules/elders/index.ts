// Village elder elections (külavanem, issue 11 item 2): pages for residents and KOV admins and the
// JSON API (/api/v1/kov/:kov/elders…, api.ts), on top of the voting core (src/modules/voting) and
// the residents register. docs/elders.md.
import type { ModuleManifest } from '../../kernel/module.js';
import { loadEldersDemo } from './demo.js';
import { eldersAuditActions, eldersMessages } from './messages.js';
import { eldersPermissions } from './permissions.js';
import { eldersRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  name: 'elders',
  tables: 'elders',
  permissions: eldersPermissions,
  messages: eldersMessages,
  routes: eldersRoutes,
  nav: [{ href: '/elders', labelKey: 'elders.nav', order: 30 }],
  kovLinks: [{ path: 'elders', labelKey: 'elders.title', textKey: 'elders.kovLink.text' }],
  adminLinks: [{ path: 'elders/admin', labelKey: 'elders.admin.title', textKey: 'elders.adminLink.text' }],
  auditActions: eldersAuditActions,
  demo: loadEldersDemo,
  demoOrder: 75,
};

export type { Elder, Election, ElectionStatus } from './service.js';
export { currentElders, getElection, listElections } from './service.js';
