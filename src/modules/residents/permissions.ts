// The residents module's role and actions: a residents manager (or the KOV admin) reads the register
// and imports it; a KOV's own system may too, with a read or write key.
import type { Permission } from '../../kernel/module.js';

export const RESIDENTS_MANAGER = 'residents-manager';
export const RESIDENTS_READ = 'residents.read';
export const RESIDENTS_IMPORT = 'residents.import';

export const residentsPermissions: Record<string, Permission> = {
  [RESIDENTS_READ]: { roles: [RESIDENTS_MANAGER], apiScope: 'read' },
  [RESIDENTS_IMPORT]: { roles: [RESIDENTS_MANAGER], apiScope: 'write' },
};
