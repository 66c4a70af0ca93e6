// The services module's texts: the official part (messages-admin.ts) and the public catalogue's
// (messages-public.ts); a key in both is refused (joinMessages).
import { joinMessages } from '../../kernel/i18n.js';
import { adminAuditActions, adminMessages } from './messages-admin.js';
import { publicMessages } from './messages-public.js';

export const servicesMessages = joinMessages(adminMessages, publicMessages);

export const servicesAuditActions = adminAuditActions;
