// The council module's texts: Estonian first, then English and Russian. Each part keeps its texts in
// its own file (messages-setup.ts, messages-live.ts, messages-record.ts); the manifest takes them all,
// and a key defined in two parts is refused (joinMessages).
import { defineMessages, joinMessages } from '../../kernel/i18n.js';
import { liveAuditActions, liveMessages } from './messages-live.js';
import { recordAuditActions, recordMessages } from './messages-record.js';
import { secretAuditActions, secretMessages } from './messages-secret.js';
import { setupAuditActions, setupMessages } from './messages-setup.js';

export const councilMessages = joinMessages(
  defineMessages({
    'role.council-secretary': { et: 'Volikogu sekretär', en: 'Council secretary', ru: 'Секретарь собрания' },
    'council.nav': { et: 'Volikogu', en: 'Council', ru: 'Собрание' },
    'council.title': { et: 'Volikogu', en: 'Council', ru: 'Собрание' },
  }),
  setupMessages,
  liveMessages,
  recordMessages,
  secretMessages,
);

export const councilAuditActions = joinMessages(setupAuditActions, liveAuditActions, recordAuditActions, secretAuditActions);
