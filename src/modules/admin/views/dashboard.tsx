import { fmtNumber } from '../../../kernel/i18n.js';
import { adminLinks } from '../../../kernel/module.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { Layout } from '../../../kernel/web/components.js';
import type { AdminScope } from './parts.js';
import { adminCrumbs } from './parts.js';

/**
 * A KOV's administration front page: every admin page, the other modules' (declared in their
 * manifests' adminLinks: residents, polls …) and this module's own (roles, API keys, audit log),
 * and, for a platform admin, the platform's background jobs.
 */
export function DashboardPage(props: { ctx: PageCtx; scope: AdminScope; counts: { grants: number; keys: number; audit: number } }) {
  const { ctx, scope, counts } = props;
  const t = ctx.t;
  const title = t('admin.title');
  const kovBase = scope.kov ? `/kov/${scope.kov}` : '';
  return (
    <Layout ctx={ctx} title={title} crumbs={adminCrumbs(ctx, scope)}>
      <h1>
        {title}
        {ctx.tenant && <span class="visually-hidden">: {ctx.tenant.name}</span>}
      </h1>
      <p>{t('admin.intro')}</p>
      <ul class="cards">
        {adminLinks().map((l) => (
          <li>
            <h2>
              <a href={`${kovBase}/${l.path}`}>{t(l.labelKey)}</a>
            </h2>
            {l.textKey && <p>{t(l.textKey)}</p>}
          </li>
        ))}
        <li>
          <h2>
            <a href={`${scope.base}/roles`}>{t('admin.dash.roles')}</a>
          </h2>
          <p>{t('admin.dash.rolesText', { n: fmtNumber(counts.grants) })}</p>
        </li>
        <li>
          <h2>
            <a href={`${scope.base}/api-keys`}>{t('admin.dash.apiKeys')}</a>
          </h2>
          <p>{t('admin.dash.apiKeysText', { n: fmtNumber(counts.keys) })}</p>
        </li>
        <li>
          <h2>
            <a href={`${scope.base}/audit`}>{t('admin.dash.audit')}</a>
          </h2>
          <p>{t('admin.dash.auditText', { n: fmtNumber(counts.audit) })}</p>
        </li>
        {ctx.user?.platformAdmin && (
          <li>
            <h2>
              <a href="/admin/jobs">{t('admin.platform.jobs')}</a>
            </h2>
            <p>{t('admin.dash.jobsText')}</p>
          </li>
        )}
      </ul>
    </Layout>
  );
}
