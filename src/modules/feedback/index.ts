// Satisfaction feedback (issue 13, module feedback): one survey for every service and KOV
// (satisfaction, ease, what went well / did not, a moderated comment), delivered by a stable link, a
// QR code, an embeddable widget and invites from KOV systems; anonymous; comments moderated. The
// dashboards, KPIs and improvement actions are feedback-dash's part. docs/feedback.md.
import type { ModuleManifest } from '../../kernel/module.js';
import { feedbackAuditActions, feedbackMessages } from './messages.js';
import { feedbackPermissions, feedbackRoles } from './permissions.js';
import { feedbackRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  name: 'feedback',
  tables: 'feedback',
  roles: feedbackRoles,
  permissions: feedbackPermissions,
  messages: feedbackMessages,
  routes: feedbackRoutes,
  auditActions: feedbackAuditActions,
};

export type { Channel, CommentState, Driver, Score } from './model.js';
export { CHANNELS, COMMENT_MAX, COMMENT_STATES, DRIVERS, DRIVER_LABELS, DRIVER_SHORT, EASE_LABELS, SATISFACTION_LABELS } from './model.js';
export { FEEDBACK_ACTIONS, FEEDBACK_ANALYTICS, FEEDBACK_MODERATE, FEEDBACK_MODERATOR, FEEDBACK_READ, FEEDBACK_SEND } from './permissions.js';
