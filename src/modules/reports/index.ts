// Reports (Anna Teada): residents report problems on a map, a KOV's handlers resolve them, the
// reporter hears back; an Open311 GeoReport v2 API, signed webhooks and a changes feed move every
// report into KOV systems; analytics compare volumes and resolution speed.
import type { ModuleManifest } from '../../kernel/module.js';
import { reportsAuditActions, reportsMessages } from './messages.js';
import { reportsPermissions, reportsRoles } from './permissions.js';
import { reportsAnalyticsMessages } from './messages-analytics.js';
import { analyticsRoutes } from './routes-analytics.js';

export const manifest: ModuleManifest = {
  name: 'reports',
  tables: 'reports',
  roles: reportsRoles,
  permissions: reportsPermissions,
  messages: { ...reportsMessages, ...reportsAnalyticsMessages },
  routes: async (app) => {
    await analyticsRoutes(app);
  },
  adminLinks: [{ path: 'reports/analytics', labelKey: 'reports.analytics.title', textKey: 'reports.analytics.adminLink.text' }],
  auditActions: { ...reportsAuditActions },
  demoOrder: 80,
};

export type { CreatedReport, NewReport, Reporter, ReportRow, ReportStatus, Domain } from './service.js';
export { createReport, getReport, DOMAINS } from './service.js';
