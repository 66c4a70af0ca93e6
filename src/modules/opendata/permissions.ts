// The open-data module's actions. A KOV's open-data publishers (KOV role opendata-publisher) keep the
// KOV's register (create, edit, add distributions, take a dataset back to draft); its reviewers (KOV
// role opendata-reviewer) review, publish and withdraw; KOV admins may do both. Four eyes: the
// reviewer is never the person who last edited the dataset (model.ts). ELVL's platform role
// opendata-elvl keeps the platform's automatic datasets (auto/, docs/opendata-auto.md): the keeper's
// page /opendata/keeper shows the last refresh run and every file (per dataset, per KOV), and queues a
// refresh now (audited); platform admins may do the same. A KOV's own system reads and edits with an
// API key (read / write); no key opens the keeper's page.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { isPlatformAdmin, personActor, requireUser } from '../../kernel/auth.js';
import { forbidden } from '../../kernel/errors.js';
import type { Permission, RoleDef } from '../../kernel/module.js';
import type { SessionUser } from '../../kernel/session.js';

export const OPENDATA_PUBLISHER = 'opendata-publisher';
export const OPENDATA_REVIEWER = 'opendata-reviewer';
/** Platform role: ELVL's keepers of the platform-wide (automatic) datasets: the keeper's page. */
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

/** ELVL's open-data keeper (platform role opendata-elvl) or a platform admin. */
export function isKeeper(user: SessionUser | null | undefined): boolean {
  return isPlatformAdmin(user) || !!user?.grants.some((g) => g.kov === null && g.role === OPENDATA_ELVL);
}

/** The keeper's pages: a signed-in keeper (401 anonymous, 403 anyone else and every API key). */
export function requireKeeper(req: FastifyRequest): Actor {
  if (req.apiKey) throw forbidden();
  const user = requireUser(req);
  if (!isKeeper(user)) throw forbidden();
  return personActor(user);
}
