// The roles page: the active grants of a KOV (or the platform) and the form to grant a role.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime } from '../../../kernel/i18n.js';
import type { RoleDef } from '../../../kernel/module.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, Table, TextField } from '../../../kernel/web/components.js';
import type { GrantView } from '../service.js';
import type { AdminScope } from './parts.js';
import { adminCrumbs, pageTitle, roleLabel } from './parts.js';

export interface RolesPageProps {
  ctx: PageCtx;
  scope: AdminScope;
  grants: GrantView[];
  roles: RoleDef[];
  errors?: FieldError[];
  values?: { idcode?: string; role?: string };
}

export function RolesPage(props: RolesPageProps) {
  const { ctx, scope, errors } = props;
  const t = ctx.t;
  const heading = scope.kov === null ? t('admin.roles.platformTitle') : t('admin.roles.title');
  const person = (g: GrantView) => g.personName ?? g.idcodeHint;
  return (
    <Layout ctx={ctx} title={pageTitle(t, heading, errors)} crumbs={adminCrumbs(ctx, scope, heading)} wide>
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <p>{t('admin.roles.intro')}</p>
      <Table<GrantView>
        t={t}
        caption={t('admin.roles.caption')}
        rows={props.grants}
        columns={[
          {
            label: t('admin.roles.col.person'),
            cell: (g) =>
              g.personName ?? (
                <span>
                  {g.idcodeHint} <span class="hint">({t('admin.roles.notSignedIn')})</span>
                </span>
              ),
          },
          { label: t('admin.roles.col.idcode'), cell: (g) => <span class="mono">{g.idcodeHint}</span> },
          { label: t('admin.roles.col.role'), cell: (g) => roleLabel(t, g.role) },
          {
            label: t('admin.roles.col.granted'),
            cell: (g) => (
              <>
                <time dateTime={g.grantedAt.toISOString()}>{fmtDateTime(g.grantedAt)}</time>
                {g.grantedByName && <> · {g.grantedByName}</>}
              </>
            ),
          },
          {
            label: t('admin.roles.col.actions'),
            cell: (g) => (
              <form method="post" action={`${scope.base}/roles/${g.id}/revoke`} class="inline">
                <CsrfField ctx={ctx} />
                <button type="submit" class="button button-warning button-small">
                  {t('admin.roles.revoke')}
                  <span class="visually-hidden"> – {t('admin.roles.revokeLabel', { role: roleLabel(t, g.role), person: person(g) })}</span>
                </button>
              </form>
            ),
          },
        ]}
      />
      <h2 id="grant">{t('admin.roles.grantTitle')}</h2>
      <form method="post" action={`${scope.base}/roles`} novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          t={t}
          name="idcode"
          label={t('admin.roles.field.idcode')}
          hint={t('admin.roles.field.idcodeHint')}
          errors={errors}
          value={props.values?.idcode}
          inputmode="numeric"
          autocomplete="off"
          maxLength={20}
          required
        />
        <SelectField
          t={t}
          name="role"
          label={t('admin.roles.field.role')}
          errors={errors}
          value={props.values?.role}
          options={props.roles.map((r) => ({ value: r.id, label: t(r.labelKey) }))}
          required
        />
        <button type="submit" class="button">
          {t('admin.roles.grantButton')}
        </button>
      </form>
    </Layout>
  );
}
