// The KOV admin's reports settings: categories (list and form), handler groups with their members, retention.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CheckboxesField, CsrfField, ErrorSummary, Layout, SelectField, Table, TextField } from '../../../kernel/web/components.js';
import type { ReportsSettings } from '../admin.js';
import { categoryName } from '../present.js';
import type { CategoryRow } from '../repo.js';
import { DOMAINS } from '../service.js';
import { TextAreaField, adminCrumbs, pageTitle } from './parts.js';

type Values = Record<string, string>;

export function SettingsPage(props: { ctx: PageCtx; kov: string; s: ReportsSettings; errors?: FieldError[]; values?: Values }) {
  const { ctx, kov, s } = props;
  const t = ctx.t;
  const title = t('reports.settings.title');
  const v = (k: string) => props.values?.[k];
  const errs = props.errors;
  const groupName = (id: string | null) => s.groups.find((g) => g.id === id)?.name ?? '';
  return (
    <Layout ctx={ctx} title={pageTitle(t, title, errs)} crumbs={adminCrumbs(ctx, kov, { label: title })} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errs ?? []} />

      <h2>{t('reports.settings.categories')}</h2>
      <p>
        <a class="button" href={`/kov/${kov}/reports/admin/categories/new`}>
          {t('reports.settings.newCategory')}
        </a>
      </p>
      <Table<CategoryRow>
        t={t}
        caption={t('reports.settings.categories')}
        captionHidden
        rows={s.categories}
        columns={[
          { label: t('reports.settings.col.name'), cell: (c) => <a href={`/kov/${kov}/reports/admin/categories/${c.id}`}>{categoryName(c, ctx.locale)}</a> },
          { label: t('reports.settings.col.code'), cell: (c) => <code>{c.code}</code> },
          { label: t('reports.inbox.field.domain'), cell: (c) => t(`reports.domain.${c.domain}`) },
          { label: t('reports.inbox.field.group'), cell: (c) => groupName(c.group_id) },
          { label: t('reports.settings.col.sla'), cell: (c) => fmtNumber(c.sla_days), numeric: true },
          { label: t('reports.settings.col.active'), cell: (c) => t(c.active ? 'reports.settings.yes' : 'reports.settings.no') },
        ]}
      />

      <h2>{t('reports.settings.groups')}</h2>
      {s.groups.map((g) => (
        <section class="group" aria-labelledby={`g-${g.id}`}>
          <h3 id={`g-${g.id}`}>{g.name}</h3>
          <p>{g.email ?? ''}</p>
          <form method="post" action={`/kov/${kov}/reports/admin/groups/${g.id}`}>
            <CsrfField ctx={ctx} />
            <TextField t={t} name={`name-${g.id}`} label={t('reports.settings.groupName')} value={g.name} maxLength={200} required />
            <TextField t={t} name={`email-${g.id}`} label={t('reports.settings.groupEmail')} type="email" value={g.email ?? ''} maxLength={254} />
            <button type="submit">{t('reports.settings.saveGroup')}</button>
          </form>
          <h4>{t('reports.settings.members')}</h4>
          {g.members.length ? (
            <ul>
              {g.members.map((m) => (
                <li>
                  {m.name}{' '}
                  <form method="post" action={`/kov/${kov}/reports/admin/groups/${g.id}/members/remove`} class="inline">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="hash" value={m.idcodeHash} />
                    <button type="submit" class="secondary">
                      {t('reports.settings.removeMember', { name: m.name })}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('reports.settings.noMembers')}</p>
          )}
          <form method="post" action={`/kov/${kov}/reports/admin/groups/${g.id}/members`} novalidate>
            <CsrfField ctx={ctx} />
            <TextField t={t} name={`idcode-${g.id}`} label={t('reports.settings.memberIdcode')} errors={errs} value={v(`idcode-${g.id}`) ?? ''} inputmode="numeric" maxLength={11} required />
            <TextField t={t} name={`memberName-${g.id}`} label={t('reports.settings.memberName')} errors={errs} value={v(`memberName-${g.id}`) ?? ''} maxLength={200} required />
            <button type="submit">{t('reports.settings.addMember')}</button>
          </form>
        </section>
      ))}
      <form method="post" action={`/kov/${kov}/reports/admin/groups`} novalidate>
        <CsrfField ctx={ctx} />
        <h3>{t('reports.settings.newGroup')}</h3>
        <TextField t={t} name="name" label={t('reports.settings.groupName')} errors={errs} value={v('name') ?? ''} maxLength={200} required />
        <TextField t={t} name="email" label={t('reports.settings.groupEmail')} errors={errs} type="email" value={v('email') ?? ''} maxLength={254} />
        <button type="submit">{t('reports.settings.createGroup')}</button>
      </form>

      <h2>{t('reports.settings.retention')}</h2>
      <form method="post" action={`/kov/${kov}/reports/admin/retention`} novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          t={t}
          name="keepMonths"
          label={t('reports.settings.keepMonths')}
          hint={t('reports.settings.keepMonthsHint')}
          errors={errs}
          value={v('keepMonths') ?? (s.keepMonths === null ? '' : String(s.keepMonths))}
          inputmode="numeric"
          maxLength={4}
        />
        <button type="submit">{t('reports.settings.saveRetention')}</button>
      </form>
    </Layout>
  );
}

export function CategoryPage(props: { ctx: PageCtx; kov: string; s: ReportsSettings; edit: CategoryRow | null; values: Values; errors?: FieldError[] }) {
  const { ctx, kov, edit, values } = props;
  const t = ctx.t;
  const title = edit ? t('reports.category.editTitle', { name: categoryName(edit, ctx.locale) }) : t('reports.settings.newCategory');
  const errs = props.errors;
  const v = (k: string) => values[k] ?? '';
  return (
    <Layout ctx={ctx} title={pageTitle(t, title, errs)} crumbs={adminCrumbs(ctx, kov, { href: `/kov/${kov}/reports/admin/settings`, label: t('reports.settings.title') }, { label: title })}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errs ?? []} />
      <form method="post" action={edit ? `/kov/${kov}/reports/admin/categories/${edit.id}` : `/kov/${kov}/reports/admin/categories`} novalidate>
        <CsrfField ctx={ctx} />
        {edit ? (
          <p>
            {t('reports.settings.col.code')}: <code>{edit.code}</code>
          </p>
        ) : (
          <TextField t={t} name="code" label={t('reports.settings.col.code')} hint={t('reports.category.codeHint')} errors={errs} value={v('code')} maxLength={63} required />
        )}
        <SelectField t={t} name="domain" label={t('reports.inbox.field.domain')} errors={errs} value={v('domain')} options={DOMAINS.map((d) => ({ value: d, label: t(`reports.domain.${d}`) }))} required />
        {(['et', 'en', 'ru'] as const).map((l) => (
          <TextField t={t} name={`name_${l}`} label={t(`reports.category.name_${l}`)} errors={errs} value={v(`name_${l}`)} maxLength={200} required />
        ))}
        <TextAreaField t={t} name="description" label={t('reports.category.description')} errors={errs} value={v('description')} maxLength={2000} />
        <SelectField
          t={t}
          name="groupId"
          label={t('reports.inbox.field.group')}
          errors={errs}
          value={v('groupId')}
          options={[{ value: '', label: t('reports.detail.none') }, ...props.s.groups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        <TextField t={t} name="slaDays" label={t('reports.settings.col.sla')} hint={t('reports.category.slaHint')} errors={errs} value={v('slaDays')} inputmode="numeric" maxLength={3} required />
        <TextAreaField t={t} name="attributes" label={t('reports.category.attributes')} hint={t('reports.category.attributesHint')} errors={errs} value={v('attributes')} rows={8} />
        <TextField t={t} name="keywords" label={t('reports.category.keywords')} errors={errs} value={v('keywords')} maxLength={1000} />
        <TextField t={t} name="sort" label={t('reports.category.sort')} errors={errs} value={v('sort')} inputmode="numeric" maxLength={6} />
        <CheckboxesField t={t} name="active" legend={t('reports.settings.col.active')} errors={errs} options={[{ value: 'yes', label: t('reports.category.activeLabel') }]} values={v('active') === 'yes' ? ['yes'] : []} />
        <button type="submit">{t('reports.category.save')}</button>
      </form>
    </Layout>
  );
}
