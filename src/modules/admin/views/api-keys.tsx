// The API keys page (list + create form) and the page that shows a new key once.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CheckboxesField, CsrfField, ErrorSummary, Layout, Table, TextField } from '../../../kernel/web/components.js';
import type { ApiKeyView } from '../service.js';
import { KEY_NAME_MAX } from '../service.js';
import type { AdminScope } from './parts.js';
import { adminCrumbs, pageTitle } from './parts.js';

const SCOPES = ['read', 'write'] as const;

export interface ApiKeysPageProps {
  ctx: PageCtx;
  scope: AdminScope;
  keys: ApiKeyView[];
  errors?: FieldError[];
  values?: { name?: string; scopes?: string[] };
}

export function ApiKeysPage(props: ApiKeysPageProps) {
  const { ctx, scope, errors } = props;
  const t = ctx.t;
  const heading = t('admin.keys.title');
  return (
    <Layout ctx={ctx} title={pageTitle(t, heading, errors)} crumbs={adminCrumbs(ctx, scope, heading)} wide>
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <p>{t('admin.keys.intro')}</p>
      <Table<ApiKeyView>
        t={t}
        caption={t('admin.keys.caption')}
        captionHidden
        rows={props.keys}
        columns={[
          { label: t('admin.keys.col.name'), cell: (k) => k.name },
          { label: t('admin.keys.col.prefix'), cell: (k) => <span class="mono">{`vmk_${k.prefix}_…`}</span> },
          { label: t('admin.keys.col.scopes'), cell: (k) => k.scopes.join(', ') },
          {
            label: t('admin.keys.col.created'),
            cell: (k) => (
              <>
                <time dateTime={k.createdAt.toISOString()}>{fmtDateTime(k.createdAt)}</time>
                {k.createdByName && <> · {k.createdByName}</>}
              </>
            ),
          },
          {
            label: t('admin.keys.col.lastUsed'),
            cell: (k) => (k.lastUsedAt ? <time dateTime={k.lastUsedAt.toISOString()}>{fmtDateTime(k.lastUsedAt)}</time> : t('admin.keys.never')),
          },
          {
            label: t('admin.keys.col.status'),
            cell: (k) => (k.revokedAt ? t('admin.keys.revokedAt', { at: fmtDateTime(k.revokedAt) }) : t('admin.keys.active')),
          },
          {
            label: t('admin.keys.col.actions'),
            cell: (k) =>
              k.revokedAt ? null : (
                <form method="post" action={`${scope.base}/api-keys/${k.id}/revoke`} class="inline">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="button button-warning button-small">
                    {t('admin.keys.revoke')}
                    <span class="visually-hidden"> – {t('admin.keys.revokeLabel', { name: k.name })}</span>
                  </button>
                </form>
              ),
          },
        ]}
      />
      <h2 id="create">{t('admin.keys.createTitle')}</h2>
      <form method="post" action={`${scope.base}/api-keys`} novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          t={t}
          name="name"
          label={t('admin.keys.field.name')}
          hint={t('admin.keys.field.nameHint')}
          errors={errors}
          value={props.values?.name}
          maxLength={KEY_NAME_MAX}
          autocomplete="off"
          required
        />
        <CheckboxesField
          t={t}
          name="scopes"
          legend={t('admin.keys.field.scopes')}
          hint={t('admin.keys.field.scopesHint')}
          errors={errors}
          options={SCOPES.map((s) => ({ value: s, label: t(`admin.keys.scope.${s}`) }))}
          values={props.values?.scopes ?? ['read']}
        />
        <button type="submit" class="button">
          {t('admin.keys.createButton')}
        </button>
      </form>
    </Layout>
  );
}

/** Shown once, as the answer to the POST that created the key; the key is never stored in clear. */
export function ApiKeyCreatedPage(props: { ctx: PageCtx; scope: AdminScope; key: string; apiKey: ApiKeyView }) {
  const { ctx, scope } = props;
  const t = ctx.t;
  const heading = t('admin.keys.createdTitle');
  return (
    <Layout ctx={ctx} title={heading} crumbs={adminCrumbs(ctx, scope, heading, { href: `${scope.base}/api-keys`, label: t('admin.keys.title') })}>
      <h1>{heading}</h1>
      <div class="panel" role="status">
        <p>
          <strong>{t('admin.keys.createdWarning')}</strong>
        </p>
      </div>
      <dl class="summary">
        <dt>{t('admin.keys.col.name')}</dt>
        <dd>{props.apiKey.name}</dd>
        <dt>{t('admin.keys.col.scopes')}</dt>
        <dd>{props.apiKey.scopes.join(', ')}</dd>
        <dt>{t('admin.keys.createdKey')}</dt>
        <dd>
          <p class="secret" id="api-key">
            {props.key}
          </p>
        </dd>
      </dl>
      <p>{t('admin.keys.createdUsage')}</p>
      <p>
        <a href={`${scope.base}/api-keys`}>{t('admin.keys.back')}</a>
      </p>
    </Layout>
  );
}
