// Council e-sittings (issue 12; replaces VOLIS): bodies and people, drafts and agendas, the live
// sitting (presence, quorum, speakers, conflicts of interest, named and secret votes), minutes, the
// public archive and the OParl 1.1 API at /oparl/v1. docs/council.md.
import type { ModuleManifest } from '../../kernel/module.js';
import { councilDemo } from './demo.js';
import { councilAuditActions, councilMessages } from './messages.js';
import { COUNCIL_SECRETARY, councilPermissions } from './permissions.js';
import { councilRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  name: 'council',
  tables: 'council',
  roles: [{ id: COUNCIL_SECRETARY, scope: 'kov', labelKey: 'role.council-secretary' }],
  permissions: councilPermissions,
  messages: councilMessages,
  routes: councilRoutes,
  nav: [{ href: '/council', labelKey: 'council.nav', order: 60 }],
  kovLinks: [{ path: 'council', labelKey: 'council.title', textKey: 'council.kovLink.text' }],
  adminLinks: [{ path: 'council/admin', labelKey: 'council.admin.title', textKey: 'council.adminLink.text', action: 'council.read' }],
  auditActions: councilAuditActions,
  // after the territory (KOVs) and the other modules' demo data; the live and record parts extend
  // loadCouncilDemo's result (a played sitting)
  demo: councilDemo,
  demoOrder: 85,
};

// What other parts and modules use: who sits where (by the keyed hash of the ID code), the seats of
// a body on a day (substitutes in), the notice rule, and the read models of sittings and drafts.
export type { BodyRow, CouncilOverview, DraftRow, DraftView, FileMetaRow, ItemView, MembershipView, MySeat, Person, Seat, SittingRow, SittingView } from './service.js';
export { NOTICE_DAYS, getDraft, getSitting, listBodies, listSittings, membershipOf, noticeDeadline, personByIdcodeHash, seatsFrom, seatsOfSitting, seatsOn } from './service.js';
export type { CouncilDemo } from './demo.js';
export { loadCouncilDemo, tinyDocx, tinyPdf } from './demo.js';
// the open-data export (read only): closed votes with named choices of open votes, for the platform's automatic datasets
export { openCouncilVotes, type OpenCouncilVote } from './opendata.js';
