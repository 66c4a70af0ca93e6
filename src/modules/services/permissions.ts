// The services module's actions. A KOV's service owners (KOV role service-owner) and KOV admins keep
// the KOV's catalogue; ELVL's catalogue keepers (platform role services-elvl) keep the templates every
// KOV may adopt. A KOV's own system reads and edits its catalogue with an API key (read / write).
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { isPlatformAdmin, personActor, requireUser } from '../../kernel/auth.js';
import { forbidden } from '../../kernel/errors.js';
import type { Permission, RoleDef } from '../../kernel/module.js';
import type { SessionUser } from '../../kernel/session.js';

export const SERVICE_OWNER = 'service-owner';
/** Platform role: ELVL's keepers of the service templates. */
export const SERVICES_ELVL = 'services-elvl';

export const servicesRoles: RoleDef[] = [
  { id: SERVICE_OWNER, scope: 'kov', labelKey: 'role.service-owner' },
  { id: SERVICES_ELVL, scope: 'platform', labelKey: 'role.services-elvl' },
];

export const SERVICES_READ = 'services.read';
export const SERVICES_EDIT = 'services.edit';

export const servicesPermissions: Record<string, Permission> = {
  [SERVICES_READ]: { roles: [SERVICE_OWNER], apiScope: 'read' },
  [SERVICES_EDIT]: { roles: [SERVICE_OWNER], apiScope: 'write' },
};

/** Whether the signed-in person keeps the templates (services-elvl or a platform admin). */
export function keepsTemplates(user: SessionUser | null | undefined): boolean {
  return isPlatformAdmin(user) || !!user?.grants.some((g) => g.kov === null && g.role === SERVICES_ELVL);
}

export function requireTemplateKeeper(req: FastifyRequest): Actor {
  const user = requireUser(req);
  if (!keepsTemplates(user)) throw forbidden();
  return personActor(user);
}
