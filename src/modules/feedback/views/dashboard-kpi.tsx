// The yearly KPI form of a service (/kov/:kov/feedback/services/:id/kpis/:year): the four KPIs and the
// transactions counted; the satisfaction computed from the answers is shown beside the entered one.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtNumber } from '../../../kernel/i18n.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, TextField } from '../../../kernel/web/components.js';
import type { KpiField, KpiYear } from '../kpi.js';
import { KPI_FIELDS } from '../kpi.js';
import { pageTitle } from './dashboard-parts.js';

const shown = (x: number | null | undefined) => (x === null || x === undefined ? '' : fmtNumber(x).replace(/\s/g, ''));

export function KpiFormPage(props: {
  ctx: PageCtx;
  kov: string;
  serviceId: string;
  serviceName: string;
  year: number;
  kpi: KpiYear | null;
  values: Partial<Record<KpiField, string>>;
  errors: FieldError[];
}) {
  const { ctx, kpi, errors } = props;
  const t = ctx.t;
  const heading = t('feedback.kpi.formTitle', { year: props.year });
  const base = `/kov/${props.kov}/feedback/services/${props.serviceId}`;
  const crumbs: Crumb[] = [];
  if (ctx.tenant) crumbs.push({ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name });
  crumbs.push({ href: `/kov/${props.kov}/feedback`, label: t('feedback.dash.title') });
  crumbs.push({ href: base, label: props.serviceName });
  crumbs.push({ label: heading });
  return (
    <Layout ctx={ctx} title={pageTitle(t, heading, errors)} crumbs={crumbs}>
      <h1>{heading}</h1>
      <p>{t('feedback.action.forService', { name: props.serviceName })}</p>
      <ErrorSummary t={t} errors={errors} />
      <p class="hint">{t('feedback.kpi.formHint')}</p>
      {kpi?.computedSatisfaction !== null && kpi?.computedSatisfaction !== undefined && (
        <p>{t('feedback.kpi.computedLine', { pct: fmtNumber(kpi.computedSatisfaction), n: fmtNumber(kpi.responses) })}</p>
      )}
      <form method="post" action={`${base}/kpis/${props.year}`} novalidate>
        <CsrfField ctx={ctx} />
        {KPI_FIELDS.map((f) => (
          <TextField
            t={t}
            name={f}
            label={t(`feedback.kpi.col.${f}`)}
            hint={t(`feedback.kpi.hint.${f}`)}
            inputmode="text"
            value={props.values[f] ?? shown(kpi?.[f])}
            errors={errors}
          />
        ))}
        <button type="submit">{t('feedback.kpi.save')}</button>
      </form>
      <p>
        <a href={base}>{t('feedback.action.back')}</a>
      </p>
    </Layout>
  );
}
