// Shared pieces of the admin pages: breadcrumbs, page titles, role labels, and the audit log's
// change cell.
import type { FieldError } from '../../../kernel/errors.js';
import type { Locale, T } from '../../../kernel/i18n.js';
import { hasMessage } from '../../../kernel/i18n.js';
import { auditActionName, roleDef } from '../../../kernel/module.js';
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

function json(v: unknown): string {
  return JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ');
}

/** Before/after of an audit entry, where present. */
export function Changes(props: { t: T; before: unknown; after: unknown }) {
  const has = (v: unknown) => v !== null && v !== undefined;
  if (!has(props.before) && !has(props.after)) return null;
  return (
    <dl class="changes">
      {has(props.before) && (
        <>
          <dt>{props.t('admin.audit.before')}</dt>
          <dd>
            <code>{json(props.before)}</code>
          </dd>
        </>
      )}
      {has(props.after) && (
        <>
          <dt>{props.t('admin.audit.after')}</dt>
          <dd>
            <code>{json(props.after)}</code>
          </dd>
        </>
      )}
    </dl>
  );
}
