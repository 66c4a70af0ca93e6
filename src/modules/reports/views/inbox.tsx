// The handlers' inbox: counts per status, filters (a GET form), the reports, paging.
import { fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { Layout, Pagination, SelectField, Table, TextField } from '../../../kernel/web/components.js';
import type { FieldError } from '../../../kernel/errors.js';
import { ALL_STATUSES, type InboxView } from '../inbox.js';
import { categoryName, isOverdue } from '../present.js';
import type { InboxRow } from '../repo.js';
import { DOMAINS } from '../service.js';
import { StatusTag, adminCrumbs, pageTitle } from './parts.js';
import { ErrorSummary } from '../../../kernel/web/components.js';

export function InboxPage(props: { ctx: PageCtx; kov: string; view: InboxView | null; query: Record<string, string>; errors?: FieldError[]; canConfigure: boolean }) {
  const { ctx, kov, view, query } = props;
  const t = ctx.t;
  const title = t('reports.admin.title');
  const q = (k: string) => query[k] ?? '';
  return (
    <Layout ctx={ctx} title={pageTitle(t, title, props.errors)} crumbs={adminCrumbs(ctx, kov).slice(0, -1).concat({ label: title })} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={props.errors ?? []} />
      {props.canConfigure && (
        <p>
          <a href={`/kov/${kov}/reports/admin/settings`}>{t('reports.settings.title')}</a>
        </p>
      )}
      {view && (
        <section aria-labelledby="counts-h">
          <h2 id="counts-h">{t('reports.inbox.counts')}</h2>
          <ul class="inline-list">
            {ALL_STATUSES.map((s) => (
              <li>
                <a href={`/kov/${kov}/reports/admin?status=${s}`}>
                  {t(`reports.status.${s}`)}: {fmtNumber(view.counts[s])}
                </a>
              </li>
            ))}
            <li>
              <a href={`/kov/${kov}/reports/admin?overdue=true`}>
                {t('reports.inbox.overdue')}: {fmtNumber(view.overdue)}
              </a>
            </li>
          </ul>
        </section>
      )}
      <form method="get" action={`/kov/${kov}/reports/admin`} class="filters">
        <h2>{t('reports.inbox.filters')}</h2>
        <SelectField
          t={t}
          name="status"
          label={t('reports.inbox.field.status')}
          errors={props.errors}
          value={q('status')}
          options={[
            { value: '', label: t('reports.inbox.any') },
            { value: 'open', label: t('reports.inbox.open') },
            { value: 'closed', label: t('reports.inbox.closed') },
            ...ALL_STATUSES.map((s) => ({ value: s, label: t(`reports.status.${s}`) })),
          ]}
        />
        <SelectField
          t={t}
          name="category"
          label={t('reports.inbox.field.category')}
          errors={props.errors}
          value={q('category')}
          options={[{ value: '', label: t('reports.inbox.any') }, ...(view?.categories ?? []).map((c) => ({ value: c.code, label: categoryName(c, ctx.locale) }))]}
        />
        <SelectField
          t={t}
          name="domain"
          label={t('reports.inbox.field.domain')}
          errors={props.errors}
          value={q('domain')}
          options={[{ value: '', label: t('reports.inbox.any') }, ...DOMAINS.map((d) => ({ value: d, label: t(`reports.domain.${d}`) }))]}
        />
        <SelectField
          t={t}
          name="group"
          label={t('reports.inbox.field.group')}
          errors={props.errors}
          value={q('group')}
          options={[{ value: '', label: t('reports.inbox.any') }, ...(view?.groups ?? []).map((g) => ({ value: g.id, label: g.name }))]}
        />
        <SelectField
          t={t}
          name="assignee"
          label={t('reports.inbox.field.assignee')}
          errors={props.errors}
          value={q('assignee')}
          options={[
            { value: '', label: t('reports.inbox.any') },
            { value: 'mine', label: t('reports.inbox.mine') },
            { value: 'none', label: t('reports.inbox.unassigned') },
          ]}
        />
        <div class="field">
          <div class="checkbox">
            <input type="checkbox" id="f-overdue" name="overdue" value="true" checked={q('overdue') === 'true'} /> <label for="f-overdue">{t('reports.inbox.overdueOnly')}</label>
          </div>
        </div>
        <TextField t={t} name="q" label={t('reports.inbox.field.q')} hint={t('reports.inbox.field.qHint')} errors={props.errors} value={q('q')} maxLength={200} />
        <SelectField
          t={t}
          name="sort"
          label={t('reports.inbox.field.sort')}
          errors={props.errors}
          value={q('sort')}
          options={[
            { value: 'newest', label: t('reports.inbox.sort.newest') },
            { value: 'expected', label: t('reports.inbox.sort.expected') },
          ]}
        />
        <button type="submit">{t('reports.inbox.apply')}</button>
      </form>
      {view && (
        <>
          <p>{t('reports.inbox.found', { n: fmtNumber(view.total) })}</p>
          <Table<InboxRow>
            t={t}
            caption={t('reports.inbox.caption')}
            rows={view.rows}
            columns={[
              { label: t('reports.col.number'), cell: (r) => <a href={`/kov/${kov}/reports/admin/${r.id}`}>{r.number}</a> },
              { label: t('reports.col.category'), cell: (r) => (ctx.locale === 'en' ? r.category_name_en : ctx.locale === 'ru' ? r.category_name_ru : r.category_name_et) },
              { label: t('reports.col.status'), cell: (r) => <StatusTag t={t} status={r.status} /> },
              { label: t('reports.col.place'), cell: (r) => r.address ?? (r.lat !== null ? `${r.lat.toFixed(5)}, ${r.lon!.toFixed(5)}` : '') },
              { label: t('reports.col.created'), cell: (r) => fmtDateTime(r.created_at) },
              {
                label: t('reports.col.expected'),
                cell: (r) =>
                  r.expected_at ? (
                    <>
                      {fmtDateTime(r.expected_at)}
                      {isOverdue(r) && <strong class="overdue"> {t('reports.inbox.overdueTag')}</strong>}
                    </>
                  ) : (
                    ''
                  ),
              },
              { label: t('reports.col.assignee'), cell: (r) => r.assignee_name ?? r.group_name ?? '' },
            ]}
          />
          <Pagination t={t} url={ctx.url} page={view.page} pages={view.pages} />
        </>
      )}
    </Layout>
  );
}
