// Shared pieces of the admin pages: breadcrumbs, page titles, role labels, and the audit log's
// change cell.
import type { FieldError } from '../../../kernel/errors.js';
import type { Locale, T } from '../../../kernel/i18n.js';
import { hasMessage } from '../../../kernel/i18n.js';
import { auditActionName, roleDef } from '../../../kernel/module.js';
import { MAX_FIELDS, fieldChanges, fieldName, valueText } from '../present.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';

/** Where a page lives: a KOV's admin area, or the platform's. */
export interface AdminScope {
  kov: string | null;
  /** /kov/0784/admin, or /admin for the platform. */
  base: string;
}

export function kovScope(kov: string): AdminScope {
  return { kov, base: `/kov/${kov}/admin` };
}

export const PLATFORM_SCOPE: AdminScope = { kov: null, base: '/admin' };

/** Breadcrumbs: KOV → Administration → the page (the kernel adds "Home" in front). */
export function adminCrumbs(ctx: PageCtx, scope: AdminScope, page?: string, parent?: Crumb): Crumb[] {
  const t = ctx.t;
  if (scope.kov === null) return [{ label: page ?? t('admin.platformTitle') }];
  const crumbs: Crumb[] = [];
  if (ctx.tenant) crumbs.push({ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name });
  crumbs.push({ href: scope.base, label: t('admin.title') });
  if (parent) crumbs.push(parent);
  if (page) crumbs.push({ label: page });
  return crumbs;
}

/** The document title; "Error: …" in front when the form has errors (GOV.UK pattern). */
export function pageTitle(t: T, title: string, errors?: FieldError[]): string {
  return errors && errors.length ? `${t('form.errorPrefix')} ${title}` : title;
}

export function roleLabel(t: T, id: string): string {
  const def = roleDef(id);
  return def ? t(def.labelKey) : id;
}

/** The action's name in the page's language (declared in a manifest's auditActions), else its code. */
export function actionLabel(locale: Locale, action: string): string {
  const name = auditActionName(action);
  return name ? name[locale] : action;
}

export function targetLabel(t: T, type: string | null): string {
  if (!type) return '';
  const key = `admin.target.${type}`;
  return hasMessage(key) ? t(key) : type;
}

/**
 * Before/after of an audit entry as fields: each field's name, and its value before → after (a
 * new field shows its value, an unchanged one its value in grey). Never raw JSON.
 */
export function Changes(props: { t: T; before: unknown; after: unknown }) {
  const t = props.t;
  const all = fieldChanges(props.before, props.after);
  if (!all.length) return null;
  const shown = all.slice(0, MAX_FIELDS);
  const onlyAfter = props.before === null || props.before === undefined;
  return (
    <dl class="changes">
      {shown.map((c) => (
        <>
          <dt>{fieldName(t, c.path)}</dt>
          <dd class={c.changed ? undefined : 'unchanged'}>
            {onlyAfter || !c.changed ? (
              valueText(t, c.after === undefined ? c.before : c.after)
            ) : (
              <>
                <del>
                  <span class="visually-hidden">{t('admin.audit.before')}: </span>
                  {valueText(t, c.before)}
                </del>{' '}
                <span aria-hidden="true">→</span>{' '}
                <ins>
                  <span class="visually-hidden">{t('admin.audit.after')}: </span>
                  {valueText(t, c.after)}
                </ins>
              </>
            )}
          </dd>
        </>
      ))}
      {all.length > shown.length && (
        <>
          <dt>…</dt>
          <dd>{t('admin.audit.moreFields', { n: all.length - shown.length })}</dd>
        </>
      )}
    </dl>
  );
}
