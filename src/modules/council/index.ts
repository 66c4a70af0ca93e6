// Council e-sittings (issue 12; replaces VOLIS): bodies and people, drafts and agendas, the live
// sitting (presence, quorum, speakers, conflicts of interest, named and secret votes), minutes, the
// public archive and the OParl 1.1 API at /oparl/v1. docs/council.md.
import type { ModuleManifest } from '../../kernel/module.js';
import { councilAuditActions, councilMessages } from './messages.js';
import { COUNCIL_SECRETARY, councilPermissions } from './permissions.js';
import { councilRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  name: 'council',
  tables: 'council',
  roles: [{ id: COUNCIL_SECRETARY, scope: 'kov', labelKey: 'role.council-secretary' }],
  permissions: councilPermissions,
  messages: councilMessages,
  routes: councilRoutes,
  auditActions: councilAuditActions,
};
