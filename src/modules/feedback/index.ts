// Satisfaction feedback (issue 13, module feedback): one survey for every service and KOV
// (satisfaction, ease, what went well / did not, a moderated comment), delivered by a stable link, a
// QR code, an embeddable widget and invites from KOV systems; anonymous; comments moderated. The
// dashboards, KPIs and improvement actions are feedback-dash's part. Subject surveys: the same survey
// about something other than a service (a training day), for other modules. docs/feedback.md.
import type { ModuleManifest } from '../../kernel/module.js';
import { feedbackDemo } from './demo.js';
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
  adminLinks: [
    { path: 'feedback', labelKey: 'feedback.dash.title', textKey: 'feedback.dash.adminLink.text', action: 'feedback.analytics' },
    { path: 'feedback/moderation', labelKey: 'feedback.moderation.title', textKey: 'feedback.moderation.adminLink.text', action: 'feedback.moderate' },
    { path: 'feedback/share', labelKey: 'feedback.share.title', textKey: 'feedback.share.adminLink.text', action: 'feedback.send' },
  ],
  platformLinks: [{ href: '/feedback/compare', labelKey: 'feedback.compare.title', roles: ['services-elvl'] }],
  // after the services' demo catalogue (module services), whose published services it answers
  demo: feedbackDemo,
  demoOrder: 96,
};

export type { Channel, CommentState, Driver, Score } from './model.js';
export { CHANNELS, COMMENT_MAX, COMMENT_STATES, DRIVERS, DRIVER_LABELS, DRIVER_SHORT, EASE_LABELS, SATISFACTION_LABELS } from './model.js';
export { FEEDBACK_ACTIONS, FEEDBACK_ANALYTICS, FEEDBACK_MODERATE, FEEDBACK_MODERATOR, FEEDBACK_READ, FEEDBACK_SEND } from './permissions.js';
export type { ApiAnswer } from './moderation.js';
export { flagsOf, presentAnswer } from './moderation.js';
export { surveyPath } from './api-survey.js';
export type { RawAnswer } from './survey.js';
export type { SubjectComment, SubjectFigures } from './subject-survey.js';
export { SUBJECT_COMMENTS, answerSubject, subjectFigures, subjectsAnsweredBy } from './subject-survey.js';
export type { FormValues as SurveyValues } from './views/survey-pages.js';
export { EMPTY_VALUES as EMPTY_SURVEY_VALUES, FeedbackStyles, SubjectFiguresView, SurveyQuestions, surveyFormValues } from './views/survey-pages.js';
