// The improvement action's form: a new one for a service (optionally from an approved comment, which
// is quoted) and the edit of one (status, outcome …). POST → redirect to the service's dashboard.
import type { FieldError } from '../../../kernel/errors.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { ActionStatus, ActionView } from '../actions.js';
import { NEXT_STATUS } from '../actions.js';
import { pageTitle } from './dashboard-parts.js';

export interface ActionFormValues {
  title?: string;
  description?: string;
  ownerName?: string;
  dueDate?: string;
  status?: string;
  outcome?: string;
  answerId?: string;
}

export function ActionFormPage(props: {
  ctx: PageCtx;
  kov: string;
  serviceId: string;
  serviceName: string;
  action: ActionView | null;
  /** The approved comment the new action comes from (quoted). */
  comment: { id: string; text: string } | null;
  values: ActionFormValues;
  errors: FieldError[];
}) {
  const { ctx, action, values, errors } = props;
  const t = ctx.t;
  const heading = action ? t('feedback.action.editTitle') : t('feedback.action.newTitle');
  const base = `/kov/${props.kov}/feedback/services/${props.serviceId}`;
  const crumbs: Crumb[] = [];
  if (ctx.tenant) crumbs.push({ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name });
  crumbs.push({ href: `/kov/${props.kov}/feedback`, label: t('feedback.dash.title') });
  crumbs.push({ href: base, label: props.serviceName });
  crumbs.push({ label: heading });
  const current: ActionStatus = action?.status ?? 'planned';
  const statuses: ActionStatus[] = action ? [current, ...NEXT_STATUS[current]] : ['planned', 'in_progress'];
  const v = (k: keyof ActionFormValues, fallback: string) => values[k] ?? fallback;
  return (
    <Layout ctx={ctx} title={pageTitle(t, heading, errors)} crumbs={crumbs}>
      <h1>{heading}</h1>
      <p>{t('feedback.action.forService', { name: props.serviceName })}</p>
      <ErrorSummary t={t} errors={errors} />
      {props.comment && (
        <figure>
          <figcaption>{t('feedback.action.commentQuoted')}</figcaption>
          <blockquote>{props.comment.text}</blockquote>
        </figure>
      )}
      <form method="post" action={action ? `${base}/actions/${action.id}` : `${base}/actions`} novalidate>
        <CsrfField ctx={ctx} />
        {props.comment && <input type="hidden" name="answerId" value={props.comment.id} />}
        <TextField t={t} name="title" label={t('feedback.action.field.title')} value={v('title', action?.title ?? '')} errors={errors} required maxLength={200} />
        <TextAreaField t={t} name="description" label={t('feedback.action.field.description')} value={v('description', action?.description ?? '')} errors={errors} maxLength={4000} />
        <TextField t={t} name="ownerName" label={t('feedback.action.field.owner')} hint={t('feedback.action.field.ownerHint')} value={v('ownerName', action?.ownerName ?? '')} errors={errors} required maxLength={200} />
        <TextField t={t} name="dueDate" type="date" label={t('feedback.action.field.due')} value={v('dueDate', action?.dueDate ?? '')} errors={errors} />
        <SelectField
          t={t}
          name="status"
          label={t('feedback.action.field.status')}
          hint={t('feedback.action.field.statusHint')}
          value={v('status', current)}
          errors={errors}
          options={statuses.map((s) => ({ value: s, label: t(`feedback.action.status.${s}`) }))}
        />
        {action && <TextAreaField t={t} name="outcome" label={t('feedback.action.field.outcome')} hint={t('feedback.action.field.outcomeHint')} value={v('outcome', action.outcome)} errors={errors} maxLength={4000} />}
        <button type="submit">{t(action ? 'feedback.action.save' : 'feedback.action.createButton')}</button>
      </form>
      <p>
        <a href={base}>{t('feedback.action.back')}</a>
      </p>
    </Layout>
  );
}
