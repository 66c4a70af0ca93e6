// The feedback module's commands, by part: the survey (survey.ts: answers, form tokens, invites) and
// moderation (moderation.ts). This file gathers them for the module's index.ts (the contract's
// service.ts); the dashboards' services (dashboard.ts, kpi.ts, actions.ts) are feedback-dash's.
export type { Answer, CreatedInvite, NewInvite, RawAnswer, SubmitInput, Submitted, TokenCheck } from './survey.js';
export {
  INVITE_DAYS,
  MAX_FORM_AGE_MS,
  MIN_FILL_MS,
  answerInvite,
  checkFormToken,
  createInvite,
  formTokenKey,
  inviteOf,
  inviteState,
  issueFormToken,
  submitAnswer,
  validateAnswer,
} from './survey.js';
