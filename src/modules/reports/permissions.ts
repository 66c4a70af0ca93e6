// The reports module's actions. Handlers (KOV role reports-handler) work the inbox; analysts read the
// figures; KOV admins configure categories, groups, retention and webhooks. ELVL's analysts (platform
// role reports-elvl) see the all-KOV analytics. A KOV's own system may read and handle with an API key.
import type { Permission, RoleDef } from '../../kernel/module.js';

export const REPORTS_HANDLER = 'reports-handler';
export const REPORTS_ANALYST = 'reports-analyst';
/** Platform role: ELVL's analysts, who compare every KOV. */
export const REPORTS_ELVL = 'reports-elvl';

export const reportsRoles: RoleDef[] = [
  { id: REPORTS_HANDLER, scope: 'kov', labelKey: 'role.reports-handler' },
  { id: REPORTS_ANALYST, scope: 'kov', labelKey: 'role.reports-analyst' },
  { id: REPORTS_ELVL, scope: 'platform', labelKey: 'role.reports-elvl' },
];

export const REPORTS_READ = 'reports.read';
export const REPORTS_HANDLE = 'reports.handle';
export const REPORTS_CONFIGURE = 'reports.configure';
export const REPORTS_ANALYTICS = 'reports.analytics';
export const REPORTS_WEBHOOKS = 'reports.webhooks';

export const reportsPermissions: Record<string, Permission> = {
  [REPORTS_READ]: { roles: [REPORTS_HANDLER, REPORTS_ANALYST], apiScope: 'read' },
  [REPORTS_HANDLE]: { roles: [REPORTS_HANDLER], apiScope: 'write' },
  [REPORTS_CONFIGURE]: { roles: [] },
  [REPORTS_ANALYTICS]: { roles: [REPORTS_ANALYST, REPORTS_HANDLER], apiScope: 'read' },
  [REPORTS_WEBHOOKS]: { roles: [], apiScope: 'write' },
};
