import { fmtDate } from '../../../kernel/i18n.js';
import type { T } from '../../../kernel/i18n.js';
import { KOV_ADMIN, PLATFORM_ADMIN, adminLinksForRoles, personalLinks, platformLinksForRoles, roleDef } from '../../../kernel/module.js';
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

/** A headed list of links to pages (with a line on each), or nothing when there are none. */
function LinkSection(props: { t: T; id: string; heading: string; links: readonly { href: string; labelKey: string; textKey?: string }[] }) {
  const { t } = props;
  if (props.links.length === 0) return null;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      <ul>
        {props.links.map((l) => (
          <li>
            <a href={l.href}>{t(l.labelKey)}</a>
            {l.textKey && <> — {t(l.textKey)}</>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The signed-in person's own page: who they are, their roles per KOV, and sign-out everywhere. */
export function MePage(props: { ctx: PageCtx; me: MeView }) {
  const { ctx, me } = props;
  const t = ctx.t;
  const title = t('auth.me.title');
  const adminKovs = me.roles.filter((r) => r.role === KOV_ADMIN && r.kov !== null);
  const platformAdmin = me.roles.some((r) => r.role === PLATFORM_ADMIN && r.kov === null);
  const acrKey = `auth.acr.${me.acr}`;
  // officials who are not the KOV's admin: the administration pages their KOV roles open
  const roleKovs = [...new Map(me.roles.filter((r) => r.kov !== null && !adminKovs.some((a) => a.kov === r.kov)).map((r) => [r.kov!, r.kovName ?? r.kov!])).entries()];
  const pagesIn = roleKovs
    .map(([kov, kovName]) => {
      return { kov, kovName, links: adminLinksForRoles(me.roles.filter((r) => r.kov === kov).map((r) => r.role)) };
    })
    .filter((x) => x.links.length > 0);
  // platform-level pages that the person's platform roles open (a platform admin finds them on /admin)
  const platformPages = platformAdmin ? [] : platformLinksForRoles(me.roles.filter((r) => r.kov === null).map((r) => r.role));
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

      <LinkSection t={t} id="pages-own" heading={t('auth.me.ownPages')} links={personalLinks()} />

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
      {pagesIn.map((x) => (
        <section aria-labelledby={`pages-${x.kov}`}>
          <h2 id={`pages-${x.kov}`}>{t('auth.me.pagesIn', { kov: x.kovName })}</h2>
          <ul>
            {x.links.map((l) => (
              <li>
                <a href={`/kov/${x.kov}/${l.path}`}>{t(l.labelKey)}</a>
                {l.textKey && <> — {t(l.textKey)}</>}
              </li>
            ))}
          </ul>
        </section>
      ))}

      <LinkSection t={t} id="pages-platform" heading={t('auth.me.platformPages')} links={platformPages} />

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
