// Texts of the council's record part.
import { defineMessages } from '../../kernel/i18n.js';

export const recordMessages = defineMessages({});

export const recordAuditActions = defineMessages({});
