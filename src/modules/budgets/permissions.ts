// The budgets module's actions. Officials (KOV role budgets-official) moderate and assess ideas;
// KOV admins set processes up. A KOV's own system may read and review with an API key.
import type { Permission, RoleDef } from '../../kernel/module.js';

export const BUDGETS_OFFICIAL = 'budgets-official';

export const budgetsRoles: RoleDef[] = [{ id: BUDGETS_OFFICIAL, scope: 'kov', labelKey: 'role.budgets-official' }];

export const BUDGETS_READ = 'budgets.read';
export const BUDGETS_REVIEW = 'budgets.review';
export const BUDGETS_CONFIGURE = 'budgets.configure';
/** Post implementation updates on funded ideas (implementation.ts). */
export const BUDGETS_IMPLEMENT = 'budgets.implement';

export const budgetsPermissions: Record<string, Permission> = {
  [BUDGETS_READ]: { roles: [BUDGETS_OFFICIAL], apiScope: 'read' },
  [BUDGETS_REVIEW]: { roles: [BUDGETS_OFFICIAL], apiScope: 'write' },
  [BUDGETS_CONFIGURE]: { roles: [], apiScope: 'write' },
  [BUDGETS_IMPLEMENT]: { roles: [BUDGETS_OFFICIAL], apiScope: 'write' },
};
