// The feedback module's actions. Answering the survey needs no permission (anonymous, public).
// Moderating comments: the KOV role `feedback-moderator`, KOV admins and the services' owners
// (`service-owner`, a role of module services). Reading answers through the API and sending invites
// are KOV systems' acts too (API keys with the scope). The dashboards' actions (feedback-dash):
// analytics and improvement actions.
import type { Permission, RoleDef } from '../../kernel/module.js';

export const FEEDBACK_MODERATOR = 'feedback-moderator';

export const FEEDBACK_MODERATE = 'feedback.moderate';
export const FEEDBACK_READ = 'feedback.read';
export const FEEDBACK_SEND = 'feedback.send';
export const FEEDBACK_ANALYTICS = 'feedback.analytics';
export const FEEDBACK_ACTIONS = 'feedback.actions';

export const feedbackRoles: RoleDef[] = [{ id: FEEDBACK_MODERATOR, scope: 'kov', labelKey: 'role.feedback-moderator' }];

/** The roles that see and act on a KOV's feedback besides KOV admins (who always may). */
const OFFICIALS = [FEEDBACK_MODERATOR];

export const feedbackPermissions: Record<string, Permission> = {
  [FEEDBACK_MODERATE]: { roles: OFFICIALS },
  [FEEDBACK_READ]: { roles: OFFICIALS, apiScope: 'read' },
  [FEEDBACK_SEND]: { roles: OFFICIALS, apiScope: 'write' },
  [FEEDBACK_ANALYTICS]: { roles: OFFICIALS, apiScope: 'read' },
  [FEEDBACK_ACTIONS]: { roles: OFFICIALS, apiScope: 'write' },
};
