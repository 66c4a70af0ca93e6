// The training module's roles and actions. ELVL's training coordinators (platform role
// training-coordinator) create programmes, groups and events and see everything; trainers (platform
// role training-trainer) mark attendance in the groups they train and show the day's check-in code.
// A KOV's admins and its training contacts (KOV role training-contact) register the KOV's teams, and
// the KOV's system may do it with an API key (write) or read its teams (read).
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import { isPlatformAdmin, personActor, requireUser } from '../../kernel/auth.js';
import { forbidden } from '../../kernel/errors.js';
import type { Permission, RoleDef } from '../../kernel/module.js';
import type { SessionUser } from '../../kernel/session.js';

export const TRAINING_COORDINATOR = 'training-coordinator';
export const TRAINING_TRAINER = 'training-trainer';
export const TRAINING_CONTACT = 'training-contact';

export const trainingRoles: RoleDef[] = [
  { id: TRAINING_COORDINATOR, scope: 'platform', labelKey: 'role.training-coordinator' },
  { id: TRAINING_TRAINER, scope: 'platform', labelKey: 'role.training-trainer' },
  { id: TRAINING_CONTACT, scope: 'kov', labelKey: 'role.training-contact' },
];

export const TRAINING_READ = 'training.read';
export const TRAINING_REGISTER = 'training.register';

export const trainingPermissions: Record<string, Permission> = {
  [TRAINING_READ]: { roles: [TRAINING_CONTACT], apiScope: 'read' },
  [TRAINING_REGISTER]: { roles: [TRAINING_CONTACT], apiScope: 'write' },
};

const hasPlatformRole = (user: SessionUser | null | undefined, role: string): boolean => !!user?.grants.some((g) => g.kov === null && g.role === role);

/** ELVL's coordinators (and platform admins): every programme, group, team and event. */
export function isCoordinator(user: SessionUser | null | undefined): boolean {
  return isPlatformAdmin(user) || hasPlatformRole(user, TRAINING_COORDINATOR);
}

/** Holds the trainer role (which groups he trains is the service's question). */
export function isTrainer(user: SessionUser | null | undefined): boolean {
  return hasPlatformRole(user, TRAINING_TRAINER);
}

export function requireCoordinator(req: FastifyRequest): Actor {
  const user = requireUser(req);
  if (!isCoordinator(user)) throw forbidden();
  return personActor(user);
}
