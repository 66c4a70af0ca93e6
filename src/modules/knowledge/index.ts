// The knowledge base (issue 14, item 2): articles, guides, templates (files) and good practice for
// KOV officials, by domain (security / E-ITS, data, services, IT management), each public, for every
// KOV's officials or for one KOV's only; every save a version with history and diff; Estonian
// full-text search with highlights (src/kernel/text-search.ts); "was this helpful"; ELVL's E-ITS
// mentor list. docs/knowledge.md.
import type { ModuleManifest } from '../../kernel/module.js';
import { knowledgeDemo } from './demo.js';
import { knowledgeAuditActions, knowledgeMessages } from './messages.js';
import { KNOWLEDGE_WRITE, knowledgePermissions, knowledgeRoles } from './permissions.js';
import { knowledgeRoutes } from './routes.js';

export const manifest: ModuleManifest = {
  name: 'knowledge',
  tables: 'knowledge',
  roles: knowledgeRoles,
  permissions: knowledgePermissions,
  messages: knowledgeMessages,
  routes: knowledgeRoutes,
  nav: [{ href: '/knowledge', labelKey: 'knowledge.nav', order: 90 }],
  kovLinks: [{ path: 'knowledge', labelKey: 'knowledge.nav', textKey: 'knowledge.kovLink.text' }],
  adminLinks: [{ path: 'knowledge/admin', labelKey: 'knowledge.admin.title', textKey: 'knowledge.adminLink.text', action: KNOWLEDGE_WRITE }],
  platformLinks: [{ href: '/knowledge/admin', labelKey: 'knowledge.admin.platformTitle', roles: ['knowledge-editor'] }],
  auditActions: knowledgeAuditActions,
  // after the territory (KOVs)
  demo: knowledgeDemo,
  demoOrder: 97,
};

// What other modules may use: the readers' view of the knowledge base.
export type { ArticleView, SearchResult } from './service.js';
export { getArticle, listArticles, searchArticles } from './service.js';
export type { Viewer } from './model.js';
