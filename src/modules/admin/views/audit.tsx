// The audit log page: filters (a GET form), the entries newest first, and pagination.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { ErrorSummary, Layout, Pagination, SelectField, Table, TextField } from '../../../kernel/web/components.js';
import type { AuditEntryView, AuditPageView } from '../service.js';
import type { AdminScope } from './parts.js';
import { Changes, actionLabel, adminCrumbs, pageTitle, targetLabel } from './parts.js';

export interface AuditPageProps {
  ctx: PageCtx;
  scope: AdminScope;
  /** Null when the filter was refused (the page then shows the errors and no entries). */
  result: AuditPageView | null;
  actions: string[];
  values: { action?: string; actor?: string; from?: string; to?: string };
  errors?: FieldError[];
}

export function AuditPage(props: AuditPageProps) {
  const { ctx, scope, result, errors, values } = props;
  const t = ctx.t;
  const heading = t('admin.audit.title');
  const actions = values.action && !props.actions.includes(values.action) ? [...props.actions, values.action] : props.actions;
  return (
    <Layout ctx={ctx} title={pageTitle(t, heading, errors)} crumbs={adminCrumbs(ctx, scope, heading)} wide>
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <p>{t('admin.audit.intro')}</p>
      <form method="get" action={`${scope.base}/audit`} class="filters" aria-label={t('admin.audit.filters')} novalidate>
        <SelectField
          t={t}
          name="action"
          label={t('admin.audit.field.action')}
          errors={errors}
          value={values.action ?? ''}
          options={[{ value: '', label: t('admin.audit.field.actionAll') }, ...actions.map((a) => ({ value: a, label: actionLabel(ctx.locale, a) }))]}
        />
        <TextField t={t} name="actor" label={t('admin.audit.field.actor')} errors={errors} value={values.actor} maxLength={200} />
        <TextField
          t={t}
          name="from"
          type="date"
          label={t('admin.audit.field.from')}
          errors={errors}
          value={values.from}
        />
        <TextField
          t={t}
          name="to"
          type="date"
          label={t('admin.audit.field.to')}
          errors={errors}
          value={values.to}
        />
        <button type="submit" class="button button-secondary">
          {t('form.filter')}
        </button>
      </form>
      {result && (
        <>
          <p>
            <a href={csvHref(scope.base, values)} download>
              {t('admin.audit.csv')}
            </a>{' '}
            <span class="hint">{t('admin.audit.csvHint')}</span>
          </p>
          <Table<AuditEntryView>
            t={t}
            caption={t('admin.audit.caption', { total: fmtNumber(result.total) })}
            rows={result.entries}
            columns={[
              { label: t('admin.audit.col.time'), cell: (e) => <time dateTime={e.at.toISOString()}>{fmtDateTime(e.at)}</time> },
              {
                label: t('admin.audit.col.actor'),
                cell: (e) => (
                  <>
                    {e.actor.name} <span class="hint">({t(`admin.audit.kind.${e.actor.kind}`)})</span>
                  </>
                ),
              },
              { label: t('admin.audit.col.action'), cell: (e) => actionLabel(ctx.locale, e.action) },
              {
                label: t('admin.audit.col.target'),
                cell: (e) =>
                  e.target.type ? (
                    <>
                      {targetLabel(t, e.target.type)} {e.target.id && <span class="mono">{e.target.id}</span>}
                    </>
                  ) : null,
              },
              { label: t('admin.audit.col.changes'), cell: (e) => <Changes t={t} before={e.before} after={e.after} /> },
            ]}
          />
          <Pagination t={t} url={ctx.url} page={result.page} pages={result.pages} />
        </>
      )}
    </Layout>
  );
}

/** The CSV export of the same filter. */
function csvHref(base: string, values: AuditPageProps['values']): string {
  const q = new URLSearchParams();
  for (const k of ['action', 'actor', 'from', 'to'] as const) if (values[k]) q.set(k, values[k]);
  const qs = q.toString();
  return `${base}/audit.csv${qs ? `?${qs}` : ''}`;
}
