// Participatory budgets (kaasav eelarve): a KOV admin sets up a process (phases, budget, areas,
// eligibility, ballot and winner rules); residents submit ideas; officials publish, merge or reject
// them and assess feasibility and cost; the public follows every process and idea on a map. The vote
// and the winners build on ballotIdeas() (the ideas on the ballot).
import type { ModuleManifest } from '../../kernel/module.js';
import { budgetsAuditActions, budgetsMessages } from './messages.js';
import { budgetsPermissions, budgetsRoles } from './permissions.js';
import { budgetsRoutes } from './routes.js';
import { budgetsDemo } from './demo.js';
import { budgetsCommands } from './cli.js';

export const manifest: ModuleManifest = {
  name: 'budgets',
  tables: 'budgets',
  roles: budgetsRoles,
  permissions: budgetsPermissions,
  messages: budgetsMessages,
  routes: budgetsRoutes,
  auditActions: budgetsAuditActions,
  commands: budgetsCommands,
  demoOrder: 90,
  demo: budgetsDemo,
  nav: [{ href: '/budgets', labelKey: 'budgets.nav', order: 20 }],
  kovLinks: [{ path: 'budgets', labelKey: 'budgets.title', textKey: 'budgets.kovLink.text' }],
  adminLinks: [{ path: 'budgets/admin', labelKey: 'budgets.admin.title', textKey: 'budgets.adminLink.text', action: 'budgets.read' }],
};

export type { BallotIdea, Process, PhaseNow, Phase, IdeaView, Eligibility, Person } from './service.js';
export { ballotIdeas, getProcess, listProcesses, phaseAt, eligibility, PHASES } from './service.js';
export { BUDGETS_OFFICIAL, BUDGETS_READ, BUDGETS_REVIEW, BUDGETS_CONFIGURE, BUDGETS_IMPLEMENT } from './permissions.js';
export type { FundSource, ImplStatus, ImplementationRow } from './implementation.js';
export { fundIdeas, unfundIdea, fundedIdeas, IMPL_STATUSES } from './implementation.js';
// the results as readers see them (read only; the platform's automatic open datasets take the certified ones)
export { resultView, type ResultView, type ResultArea, type ResultIdea } from './results.js';
