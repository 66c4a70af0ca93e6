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

export function TextAreaField(props: { t: T; name: string; label: string; hint?: string; errors?: FieldError[]; value?: string; rows?: number; maxLength?: number; required?: boolean }) {
  const err = props.errors?.find((e) => e.field === props.name);
  const ids = [props.hint ? `f-${props.name}-hint` : null, err ? `f-${props.name}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={err ? 'field field-error' : 'field'}>
      <label for={`f-${props.name}`}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.hint && (
        <p class="hint" id={`f-${props.name}-hint`}>
          {props.hint}
        </p>
      )}
      {err && (
        <p class="error-message" id={`f-${props.name}-error`}>
          <span class="visually-hidden">{props.t('form.errorPrefix')} </span>
          {props.t(err.reason, err.vars)}
        </p>
      )}
      <textarea id={`f-${props.name}`} name={props.name} rows={props.rows ?? 4} maxLength={props.maxLength} required={props.required} aria-describedby={ids} aria-invalid={err ? 'true' : undefined}>
        {props.value ?? ''}
      </textarea>
    </div>
  );
}
