// Reports (Anna Teada): residents report problems on a map, a KOV's handlers resolve them, the
// reporter hears back; an Open311 GeoReport v2 API, signed webhooks and a changes feed move every
// report into KOV systems; analytics compare volumes and resolution speed.
import type { ModuleManifest } from '../../kernel/module.js';
import { reportsAuditActions, reportsMessages } from './messages.js';
import { reportsCoreAuditActions, reportsCoreMessages } from './messages-core.js';
import { reportsPermissions, reportsRoles } from './permissions.js';
import { reportsPublicMessages } from './messages-public.js';
import { reportsOpen311Messages } from './messages-open311.js';
import { open311Routes } from './routes-open311.js';

export const manifest: ModuleManifest = {
  name: 'reports',
  tables: 'reports',
  roles: reportsRoles,
  permissions: reportsPermissions,
  messages: { ...reportsMessages, ...reportsCoreMessages, ...reportsPublicMessages, ...reportsOpen311Messages },
  auditActions: { ...reportsAuditActions, ...reportsCoreAuditActions },
  routes: async (app) => {
    await open311Routes(app);
  },
  demoOrder: 80,
};

export type { CreatedReport, NewReport, Reporter, ReportRow, ReportStatus, Domain } from './service.js';
export { createReport, getReport, DOMAINS } from './service.js';
export type { HandlerAction } from './handling.js';
export { handleReport } from './handling.js';
export { processPhoto } from './photos.js';
