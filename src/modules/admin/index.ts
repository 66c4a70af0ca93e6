// The admin module: KOV roles, API keys and the audit log (pages, JSON API, operator commands).
import type { ModuleManifest } from '../../kernel/module.js';
import { adminCommands } from './cli.js';
import { loadAdminDemo } from './demo.js';
import { adminMessages } from './messages.js';
import { adminPermissions } from './permissions.js';
import { adminRoutes } from './routes.js';

/** Granting roles and creating API keys, for other modules (their set-up and tests). */
export { createKey, grantRole, revokeGrant } from './service.js';

export const manifest: ModuleManifest = {
  name: 'admin',
  permissions: adminPermissions,
  messages: adminMessages,
  routes: adminRoutes,
  commands: adminCommands,
  demo: loadAdminDemo,
  demoOrder: 50,
};
