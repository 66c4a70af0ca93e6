// The polls module's actions. KOV admins create, publish and close polls; the election committee
// (and KOV admins) read them, enter paper ballots, bring key shares and certify. Publishing, shares and
// certification are a person's own acts (keys are dealt to people, members sign): never an API key.
import type { Permission } from '../../kernel/module.js';
import { COMMITTEE } from '../voting/index.js';

export const POLLS_READ = 'polls.read';
export const POLLS_CREATE = 'polls.create';
export const POLLS_PUBLISH = 'polls.publish';
export const POLLS_CLOSE = 'polls.close';
export const POLLS_PAPER = 'polls.paper';
export const POLLS_SHARE = 'polls.share';
export const POLLS_CERTIFY = 'polls.certify';

export const pollsPermissions: Record<string, Permission> = {
  [POLLS_READ]: { roles: [COMMITTEE], apiScope: 'read' },
  [POLLS_CREATE]: { roles: [], apiScope: 'write' },
  [POLLS_PUBLISH]: { roles: [] },
  [POLLS_CLOSE]: { roles: [], apiScope: 'write' },
  [POLLS_PAPER]: { roles: [COMMITTEE], apiScope: 'write' },
  [POLLS_SHARE]: { roles: [COMMITTEE] },
  [POLLS_CERTIFY]: { roles: [COMMITTEE] },
};
