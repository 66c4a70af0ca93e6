// The service catalogue (issue 13, items 1–3): every KOV's services described the CPSV-AP 3.2 way
// (names, legal bases, channels with costs and times, life events, owners), with versions, ELVL's
// templates a KOV adopts, the cross-KOV view and the services' processes. docs/services.md.
import type { ModuleManifest } from '../../kernel/module.js';
import { servicesCommands } from './templates.js';
import { servicesDemo } from './demo.js';
import { servicesAuditActions, servicesMessages } from './messages.js';
import { servicesPermissions, servicesRoles } from './permissions.js';
import { servicesRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  name: 'services',
  tables: 'services',
  roles: servicesRoles,
  permissions: servicesPermissions,
  messages: servicesMessages,
  routes: servicesRoutes,
  nav: [{ href: '/services', labelKey: 'services.nav', order: 50 }],
  kovLinks: [{ path: 'services', labelKey: 'services.nav', textKey: 'services.kovLink.text' }],
  adminLinks: [{ path: 'services/admin', labelKey: 'services.admin.title', textKey: 'services.adminLink.text', action: 'services.read' }],
  platformLinks: [
    { href: '/services/admin/templates', labelKey: 'services.tpl.title', roles: ['services-elvl'] },
    { href: '/services/admin/cross-kov', labelKey: 'services.cross.title', roles: ['services-elvl'] },
  ],
  auditActions: servicesAuditActions,
  commands: servicesCommands,
  // after the territory (KOVs) and the admin module (roles)
  demo: servicesDemo,
  demoOrder: 95,
};

// What other modules use (feedback, and the public catalogue's parts).
export type { ServiceRef, CatalogueChange, CatalogueChanges } from './service.js';
export { serviceRef, serviceRefs, publishedCatalogue, catalogueChanges, searchCatalogue } from './service.js';
export type {
  Audience,
  CatalogueEntry,
  Channel,
  ChannelKind,
  L3,
  LegalBasis,
  LifeEvent,
  ProcessStep,
  ServiceContent,
  ServiceStatus,
  StateService,
} from './model.js';
export { AUDIENCES, CHANNEL_KINDS, LIFE_EVENTS, durationDays, isDuration } from './model.js';
// the CPSV-AP identifiers of the catalogue (the platform's automatic open datasets link each service to its CPSV-AP IRI)
export { cpsvIris } from './cpsv.js';
