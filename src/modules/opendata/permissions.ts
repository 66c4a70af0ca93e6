// The open-data module's actions. A KOV's open-data publishers (KOV role opendata-publisher) keep the
// KOV's register (create, edit, add distributions, take a dataset back to draft); its reviewers (KOV
// role opendata-reviewer) review, publish and withdraw; KOV admins may do both. Four eyes: the
// reviewer is never the person who last edited the dataset (model.ts). ELVL's platform role
// opendata-elvl is declared for the platform-wide datasets (kov null; the automatic ones). A KOV's
// own system reads and edits with an API key (read / write).
import type { Permission, RoleDef } from '../../kernel/module.js';

export const OPENDATA_PUBLISHER = 'opendata-publisher';
export const OPENDATA_REVIEWER = 'opendata-reviewer';
/** Platform role: ELVL's keepers of the platform-wide datasets. */
export const OPENDATA_ELVL = 'opendata-elvl';

export const opendataRoles: RoleDef[] = [
  { id: OPENDATA_PUBLISHER, scope: 'kov', labelKey: 'role.opendata-publisher' },
  { id: OPENDATA_REVIEWER, scope: 'kov', labelKey: 'role.opendata-reviewer' },
  { id: OPENDATA_ELVL, scope: 'platform', labelKey: 'role.opendata-elvl' },
];

export const OPENDATA_READ = 'opendata.read';
export const OPENDATA_EDIT = 'opendata.edit';
export const OPENDATA_REVIEW = 'opendata.review';

export const opendataPermissions: Record<string, Permission> = {
  [OPENDATA_READ]: { roles: [OPENDATA_PUBLISHER, OPENDATA_REVIEWER], apiScope: 'read' },
  [OPENDATA_EDIT]: { roles: [OPENDATA_PUBLISHER], apiScope: 'write' },
  [OPENDATA_REVIEW]: { roles: [OPENDATA_REVIEWER], apiScope: 'write' },
};
