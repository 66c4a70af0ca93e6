// Training and events (issue 14, module training): ELVL's programmes ("Ametnikust teenuseomanikuks")
// with regional groups, days and sessions; KOV team registration with capacity counted in people and a
// waiting list; attendance per contact day (the trainer's marks or a check-in code); completion rules,
// PDF certificates with a public check; a short survey per day; seminars and webinars. docs/training.md.
import type { ModuleManifest } from '../../kernel/module.js';
import { trainingDemo } from './demo.js';
import { trainingJobs } from './jobs.js';
import { trainingAuditActions, trainingMessages } from './messages.js';
import { trainingPermissions, trainingRoles } from './permissions.js';
import { trainingRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  name: 'training',
  tables: 'training',
  roles: trainingRoles,
  permissions: trainingPermissions,
  messages: trainingMessages,
  routes: trainingRoutes,
  auditActions: trainingAuditActions,
  jobs: trainingJobs,
  nav: [{ href: '/training', labelKey: 'training.nav', order: 80 }],
  kovLinks: [{ path: 'training', labelKey: 'training.nav', textKey: 'training.kov.link.text' }],
  adminLinks: [{ path: 'training/admin', labelKey: 'training.admin.title', textKey: 'training.adminLink.text', action: 'training.read' }],
  platformLinks: [
    { href: '/training/admin', labelKey: 'training.coord.title', textKey: 'training.platformLink.coord', roles: ['training-coordinator'] },
    { href: '/training', labelKey: 'training.platformLink.trainer', textKey: 'training.platformLink.trainerText', roles: ['training-trainer'] },
  ],
  personalLinks: [{ href: '/training/my', labelKey: 'training.my.title', textKey: 'training.my.personalLink' }],
  // after the services' demo catalogue (a Tallinn team works on one of its services)
  demo: trainingDemo,
  demoOrder: 97,
};

export { TRAINING_CONTACT, TRAINING_COORDINATOR, TRAINING_READ, TRAINING_REGISTER, TRAINING_TRAINER } from './permissions.js';
export { certificateByCode, trainingCatalogue } from './service.js';
