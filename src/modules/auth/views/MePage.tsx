import { fmtDate } from '../../../kernel/i18n.js';
import { KOV_ADMIN, PLATFORM_ADMIN, roleDef } from '../../../kernel/module.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, Layout, Table } from '../../../kernel/web/components.js';
import type { RoleLine } from '../service.js';

export interface MeView {
  givenName: string;
  familyName: string;
  birthDate: string;
  acr: string;
  roles: RoleLine[];
}

/** The signed-in person's own page: who they are, their roles per KOV, and sign-out everywhere. */
export function MePage(props: { ctx: PageCtx; me: MeView }) {
  const { ctx, me } = props;
  const t = ctx.t;
  const title = t('auth.me.title');
  const adminKovs = me.roles.filter((r) => r.role === KOV_ADMIN && r.kov !== null);
  const platformAdmin = me.roles.some((r) => r.role === PLATFORM_ADMIN && r.kov === null);
  const acrKey = `auth.acr.${me.acr}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <h2>{t('auth.me.details')}</h2>
      <dl class="summary">
        <dt>{t('auth.me.name')}</dt>
        <dd>{`${me.givenName} ${me.familyName}`}</dd>
        <dt>{t('auth.me.birthDate')}</dt>
        <dd>{fmtDate(me.birthDate)}</dd>
        <dt>{t('auth.me.level')}</dt>
        <dd>{['low', 'substantial', 'high'].includes(me.acr) ? t(acrKey) : me.acr}</dd>
      </dl>

      <h2>{t('auth.me.roles')}</h2>
      {me.roles.length === 0 ? (
        <p>{t('auth.me.noRoles')}</p>
      ) : (
        <Table
          t={t}
          caption={t('auth.me.roles')}
          captionHidden
          rows={me.roles}
          columns={[
            { label: t('auth.me.col.where'), cell: (r) => (r.kov === null ? t('auth.me.platform') : r.kovName) },
            { label: t('auth.me.col.role'), cell: (r) => t(roleDef(r.role)?.labelKey ?? r.role) },
          ]}
        />
      )}
      {(adminKovs.length > 0 || platformAdmin) && (
        <ul>
          {platformAdmin && (
            <li>
              <a href="/admin">{t('auth.me.platformAdminLink')}</a>
            </li>
          )}
          {adminKovs.map((r) => (
            <li>
              <a href={`/kov/${r.kov}/admin`}>{t('auth.me.adminLink', { kov: r.kovName ?? r.kov ?? '' })}</a>
            </li>
          ))}
        </ul>
      )}

      <h2>{t('auth.me.signOutHeading')}</h2>
      <p>{t('auth.me.signOutText')}</p>
      <form method="post" action="/auth/logout">
        <CsrfField ctx={ctx} />
        <button type="submit" class="button-secondary">
          {t('auth.me.signOutEverywhere')}
        </button>
      </form>
    </Layout>
  );
}
