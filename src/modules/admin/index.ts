// The admin module: KOV roles, API keys and the audit log (pages, JSON API, operator commands), and
// the platform administration's front page and background jobs page.
import type { ModuleManifest } from '../../kernel/module.js';
import { adminCommands } from './cli.js';
import { loadAdminDemo } from './demo.js';
import { adminJobsMessages } from './jobs-messages.js';
import { adminJobsRoutes } from './jobs-routes.js';
import { adminAuditActions, adminMessages } from './messages.js';
import { adminPermissions } from './permissions.js';
import { adminRoutes } from './routes.js';

/** Granting roles and creating API keys, for other modules (their set-up and tests). */
export { createKey, grantRole, revokeGrant } from './service.js';

export const manifest: ModuleManifest = {
  name: 'admin',
  permissions: adminPermissions,
  auditActions: adminAuditActions,
  messages: { ...adminMessages, ...adminJobsMessages },
  async routes(app) {
    await adminRoutes(app);
    await adminJobsRoutes(app);
  },
  commands: adminCommands,
  demo: loadAdminDemo,
  demoOrder: 50,
};
