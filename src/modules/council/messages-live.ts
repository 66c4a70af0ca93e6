// Texts of the council's live part.
import { defineMessages } from '../../kernel/i18n.js';

export const liveMessages = defineMessages({});

export const liveAuditActions = defineMessages({});
