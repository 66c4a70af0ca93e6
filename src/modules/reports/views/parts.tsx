// Small parts the reports officials' pages share: crumbs, the title with an error prefix, a text area field, a status tag.
import type { FieldError } from '../../../kernel/errors.js';
import type { T } from '../../../kernel/i18n.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import type { ReportStatus } from '../repo.js';

export function pageTitle(t: T, title: string, errors?: FieldError[]): string {
  return errors && errors.length ? `${t('form.errorPrefix')} ${title}` : title;
}

export function adminCrumbs(ctx: PageCtx, kov: string, ...rest: Crumb[]): Crumb[] {
  const crumbs: Crumb[] = [];
  if (ctx.tenant) crumbs.push({ href: `/kov/${kov}`, label: ctx.tenant.name });
  crumbs.push({ href: `/kov/${kov}/admin`, label: ctx.t('reports.admin.crumb.admin') });
  crumbs.push({ href: `/kov/${kov}/reports/admin`, label: ctx.t('reports.admin.title') });
  return [...crumbs, ...rest];
}

export function StatusTag(props: { t: T; status: ReportStatus }) {
  return <strong class={`status status-${props.status}`}>{props.t(`reports.status.${props.status}`)}</strong>;
}

export { TextAreaField } from '../../../kernel/web/components.js';
