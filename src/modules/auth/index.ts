// Sign-in through TARA (OpenID Connect), sign-out everywhere, and the signed-in person's page.
import type { ModuleManifest } from '../../kernel/module.js';
import { authMessages } from './messages.js';
import { authRoutes } from './routes.js';

export { safeReturnPath, taraConfiguration, taraDiscoveryCache } from './service.js';

export const manifest: ModuleManifest = {
  name: 'auth',
  messages: authMessages,
  routes: authRoutes,
};
