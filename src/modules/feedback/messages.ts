// The feedback module's texts: the survey side (messages-survey.ts) and the dashboards
// (messages-dashboard.ts); a key defined in two parts is refused (joinMessages).
import { joinMessages } from '../../kernel/i18n.js';
import { dashboardAuditActions, dashboardMessages } from './messages-dashboard.js';
import { surveyAuditActions, surveyMessages } from './messages-survey.js';

export const feedbackMessages = joinMessages(surveyMessages, dashboardMessages);
export const feedbackAuditActions = joinMessages(surveyAuditActions, dashboardAuditActions);
