// Open data (issue 14, item 3): each KOV's register of datasets with DCAT-AP 3 metadata and
// distributions (uploaded files, links, API endpoints), a publication workflow with four eyes
// (draft → reviewed → published), the public catalogue and its DCAT-AP 3 documents at
// /dcat/catalog.ttl and /dcat/catalog.jsonld for the national portal; ELVL's keeper's page of the
// automatic datasets (/opendata/keeper). docs/opendata.md, docs/opendata-auto.md.
import type { FastifyInstance } from 'fastify';
import { joinMessages } from '../../kernel/i18n.js';
import type { ModuleManifest } from '../../kernel/module.js';
import { autoCatalogue, autoCommands, autoJobs, autoMessages, autoRoutes } from './auto/index.js';
import { opendataDemo } from './demo.js';
import { opendataAuditActions, opendataMessages } from './messages.js';
import { OPENDATA_ELVL, opendataPermissions, opendataRoles } from './permissions.js';
import { opendataRoutes } from './routes.js';
import { registerDatasetProvider } from './service.js';

// the platform's automatic datasets (auto/, docs/opendata-auto.md) are part of the catalogue
registerDatasetProvider((db, kov) => autoCatalogue(db, { kov }));

export const manifest: ModuleManifest = {
  name: 'opendata',
  tables: 'opendata',
  roles: opendataRoles,
  permissions: opendataPermissions,
  messages: joinMessages(opendataMessages, autoMessages),
  routes: async (app: FastifyInstance) => {
    await opendataRoutes(app);
    await autoRoutes(app);
  },
  jobs: autoJobs,
  commands: autoCommands,
  nav: [{ href: '/opendata', labelKey: 'opendata.nav', order: 95 }],
  kovLinks: [{ path: 'opendata', labelKey: 'opendata.nav', textKey: 'opendata.kovLink.text' }],
  adminLinks: [{ path: 'opendata/admin', labelKey: 'opendata.admin.title', textKey: 'opendata.adminLink.text', action: 'opendata.read' }],
  // ELVL's keeper of the automatic datasets (auto/routes-keeper.ts), listed on /admin and the keeper's /me
  platformLinks: [{ href: '/opendata/keeper', labelKey: 'opendata.keeper.title', textKey: 'opendata.keeper.linkText', roles: [OPENDATA_ELVL] }],
  auditActions: opendataAuditActions,
  // after the territory (KOVs), the admin module (roles) and the services
  demo: opendataDemo,
  demoOrder: 100,
};

// What others use: the shared dataset shape, the whole catalogue (registered datasets plus more,
// e.g. the platform's automatic ones through a provider), and its DCAT-AP writer.
export type { DcatDataset, DcatDistribution, DcatText } from './catalog.js';
export type { DatasetProvider } from './service.js';
export { catalogueDatasets, publishedDatasets, registerDatasetProvider } from './service.js';
export { catalogueQuads, toJsonLd, toTurtle } from './dcat.js';
export { THEMES, FREQUENCIES, LICENSES, ACCESS_RIGHTS } from './model.js';
