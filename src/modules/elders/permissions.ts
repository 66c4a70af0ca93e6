// The elders module's actions. KOV admins set elections up, confirm candidates and close votes; the
// election committee (and KOV admins) read them, bring key shares and certify. Confirming (keys are
// dealt to people), shares and certification are a person's own acts: never an API key.
import type { Permission } from '../../kernel/module.js';
import { COMMITTEE } from '../voting/index.js';

export const ELDERS_READ = 'elders.read';
export const ELDERS_CREATE = 'elders.create';
export const ELDERS_CONFIRM = 'elders.confirm';
export const ELDERS_CLOSE = 'elders.close';
export const ELDERS_SHARE = 'elders.share';
export const ELDERS_CERTIFY = 'elders.certify';

export const eldersPermissions: Record<string, Permission> = {
  [ELDERS_READ]: { roles: [COMMITTEE], apiScope: 'read' },
  [ELDERS_CREATE]: { roles: [], apiScope: 'write' },
  [ELDERS_CONFIRM]: { roles: [] },
  [ELDERS_CLOSE]: { roles: [], apiScope: 'write' },
  [ELDERS_SHARE]: { roles: [COMMITTEE] },
  [ELDERS_CERTIFY]: { roles: [COMMITTEE] },
};
