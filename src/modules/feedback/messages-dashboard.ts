// The dashboards' texts (feedback-dash fills this part).
import { defineMessages } from '../../kernel/i18n.js';

export const dashboardMessages = defineMessages({});
export const dashboardAuditActions = defineMessages({});
