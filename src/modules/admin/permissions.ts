// The admin module's actions. KOV admins (and platform admins) manage roles and API keys in person;
// a KOV's own system may read the roles and the audit log with a read key.
import type { Permission } from '../../kernel/module.js';

export const ADMIN_MANAGE = 'admin.manage';
export const ADMIN_READ = 'admin.read';

export const adminPermissions: Record<string, Permission> = {
  [ADMIN_MANAGE]: { roles: [] },
  [ADMIN_READ]: { roles: [], apiScope: 'read' },
};
