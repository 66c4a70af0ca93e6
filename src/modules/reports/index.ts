// Reports (Anna Teada): residents report problems on a map, a KOV's handlers resolve them, the
// reporter hears back; an Open311 GeoReport v2 API, signed webhooks and a changes feed move every
// report into KOV systems; analytics compare volumes and resolution speed.
import type { ModuleManifest } from '../../kernel/module.js';
import { reportsAuditActions, reportsMessages } from './messages.js';
import { reportsCoreAuditActions, reportsCoreMessages } from './messages-core.js';
import { reportsPermissions, reportsRoles } from './permissions.js';
import { reportsMailMessages } from './messages-mail.js';
import { notifyJobs } from './notify.js';
import { reportsRoutes } from './routes.js';
import { mailRoutes } from './routes-mail.js';
import { reportsPublicMessages } from './messages-public.js';
import { publicRoutes } from './routes-public.js';
import { reportsDemo } from './demo.js';
import { webhooksAuditActions, webhooksMessages } from './messages-webhooks.js';
import { webhooksRoutes } from './routes-webhooks.js';
import { webhooksJob } from './webhooks.js';
import { reportsOpen311Messages } from './messages-open311.js';
import { open311Routes } from './routes-open311.js';
import { reportsAnalyticsMessages } from './messages-analytics.js';
import { mediaJob, mediaSweepJob } from './open311-media.js';
import { analyticsRoutes } from './routes-analytics.js';
import { reportsFollowMessages } from './messages-follow.js';
import { pruneJobs } from './pending.js';

export const manifest: ModuleManifest = {
  name: 'reports',
  tables: 'reports',
  roles: reportsRoles,
  permissions: reportsPermissions,
  messages: { ...reportsMessages, ...reportsCoreMessages, ...reportsMailMessages, ...reportsPublicMessages, ...webhooksMessages, ...reportsOpen311Messages, ...reportsAnalyticsMessages, ...reportsFollowMessages },
  routes: async (app) => {
    await reportsRoutes(app);
    await mailRoutes(app);
    await publicRoutes(app);
    await webhooksRoutes(app);
    await open311Routes(app);
    await analyticsRoutes(app);
  },
  jobs: [...notifyJobs, webhooksJob, ...pruneJobs, mediaJob, mediaSweepJob],
  auditActions: { ...reportsAuditActions, ...reportsCoreAuditActions, ...webhooksAuditActions },
  demoOrder: 80,
  demo: reportsDemo,
  nav: [{ href: '/reports', labelKey: 'reports.nav', order: 40 }],
  kovLinks: [{ path: 'reports', labelKey: 'reports.title', textKey: 'reports.kovLink.text' }],
  adminLinks: [
    { path: 'reports/admin', labelKey: 'reports.admin.title', textKey: 'reports.adminLink.text', action: 'reports.read' },
    { path: 'reports/webhooks', labelKey: 'reports.webhooks.adminLink', textKey: 'reports.webhooks.adminLink.text' },
    { path: 'reports/analytics', labelKey: 'reports.analytics.title', textKey: 'reports.analytics.adminLink.text', action: 'reports.analytics' },
  ],
};

export type { CreatedReport, NewReport, Reporter, ReportRow, ReportStatus, Domain } from './service.js';
export { createReport, getReport, DOMAINS } from './service.js';
export { processPhoto, MAX_PHOTO_BYTES } from './photos.js';
// the map island's assets (Leaflet from our own origin, the picker/list JS, the map styles), for other modules' map pages
export { MapAssets, PlaceField, ReportsStyles } from './views/form.js';
export type { MapConfig } from './views/form.js';
export type { HandlerAction } from './handling.js';
export { handleReport } from './handling.js';
export { confirmReport, notifyReportersSoon, runReportsNotify, REPORTS_NOTIFY_JOB } from './notify.js';
export { runWebhooks, startWebhookWorker, REPORTS_WEBHOOKS_JOB } from './webhooks.js';
// the open-data export (read only): public reports with coarse places, for the platform's automatic datasets
export { openReports, OPEN_GRID, type OpenReport } from './opendata.js';
