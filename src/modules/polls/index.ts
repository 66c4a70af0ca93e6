// Polls and local referendums (rahvaküsitlus): pages for KOV admins, the election committee and
// residents, and the officials' JSON API (/api/v1/kov/:kov/polls, api.ts), on top of the voting core
// (src/modules/voting) and the residents register.
import type { ModuleManifest } from '../../kernel/module.js';
import { loadPollsDemo } from './demo.js';
import { pollsAuditActions, pollsMessages } from './messages.js';
import { pollsPermissions } from './permissions.js';
import { pollsRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  name: 'polls',
  tables: 'polls',
  permissions: pollsPermissions,
  messages: pollsMessages,
  routes: pollsRoutes,
  nav: [{ href: '/polls', labelKey: 'polls.nav', order: 10 }],
  kovLinks: [{ path: 'polls', labelKey: 'polls.title', textKey: 'polls.kovLink.text' }],
  adminLinks: [{ path: 'polls/admin', labelKey: 'polls.admin.title', textKey: 'polls.adminLink.text' }],
  auditActions: pollsAuditActions,
  demo: loadPollsDemo,
  demoOrder: 70,
};

export type { Poll, PollStatus } from './service.js';
export { getPoll, listPolls } from './service.js';
/** How long the receipt (the tracker after a cast) can be reopened; the privacy notice says the same. */
export { RECEIPT_MINUTES } from './receipt.js';
