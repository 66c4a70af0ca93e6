// The council module's actions. KOV admins and the council secretary (a KOV role) set up bodies,
// people, drafts and sittings and run the sitting's console beside the chair; members act through
// their membership (not a role grant): they register, declare conflicts of interest, ask to speak and
// vote. Votes and registration are a person's own acts: never an API key.
import type { Permission } from '../../kernel/module.js';

export const COUNCIL_SECRETARY = 'council-secretary';

export const COUNCIL_READ = 'council.read';
export const COUNCIL_SETUP = 'council.setup';
export const COUNCIL_RUN = 'council.run';
export const COUNCIL_MINUTES = 'council.minutes';

export const councilPermissions: Record<string, Permission> = {
  [COUNCIL_READ]: { roles: [COUNCIL_SECRETARY], apiScope: 'read' },
  [COUNCIL_SETUP]: { roles: [COUNCIL_SECRETARY], apiScope: 'write' },
  [COUNCIL_RUN]: { roles: [COUNCIL_SECRETARY] },
  [COUNCIL_MINUTES]: { roles: [COUNCIL_SECRETARY] },
};
