// One KOV's reports by settlement unit (/kov/:kov/reports/analytics/units): a bar chart (the kernel's
// server-rendered SVG) described by the table beside it, which holds every number; a second table per
// shared domain; CSV and XLSX exports. Numbers in Estonian format.
import type { FieldError } from '../../../kernel/errors.js';
import type { T } from '../../../kernel/i18n.js';
import { fmtNumber } from '../../../kernel/i18n.js';
import { BarChart } from '../../../kernel/web/charts.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import { ErrorSummary, Layout, SelectField, TextField } from '../../../kernel/web/components.js';
import type { UnitDashboard, UnitQuery } from '../analytics-units.js';
import { DOMAINS } from '../service.js';
import { DataTable, dash, monthLabel as month, n, pct } from '../../../kernel/web/analytics-parts.js';

const daysOf = (t: T, h: number | null) => (h === null ? dash : t('reports.analytics.days', { n: fmtNumber(Math.round((h / 24) * 10) / 10) }));
const hoursOf = (t: T, h: number | null) => (h === null ? dash : t('reports.analytics.hours', { n: fmtNumber(h) }));

function UnitFilterForm(props: { t: T; action: string; q: UnitQuery; errors: FieldError[] }) {
  const { t, q, errors } = props;
  return (
    <form method="get" action={props.action} class="filters" novalidate>
      <fieldset>
        <legend>{t('reports.analytics.filter.title')}</legend>
        <TextField t={t} name="from" label={t('reports.analytics.filter.fromMonth')} value={q.from ?? ''} errors={errors} inputmode="numeric" maxLength={7} />
        <TextField t={t} name="to" label={t('reports.analytics.filter.toMonth')} value={q.to ?? ''} errors={errors} inputmode="numeric" maxLength={7} />
        <SelectField
          t={t}
          name="domain"
          label={t('reports.analytics.filter.domain')}
          value={q.domain ?? ''}
          errors={errors}
          options={[{ value: '', label: t('reports.analytics.filter.allDomains') }, ...DOMAINS.map((d) => ({ value: d, label: t(`reports.domain.${d}`) }))]}
        />
        <button type="submit">{t('reports.analytics.filter.apply')}</button>
      </fieldset>
    </form>
  );
}

export function UnitAnalyticsPage(props: { ctx: PageCtx; kov: string; q: UnitQuery; d: UnitDashboard | null; errors: FieldError[] }) {
  const { ctx, d, errors } = props;
  const t = ctx.t;
  const heading = t('reports.analytics.units.title');
  const back = `/kov/${props.kov}/reports/analytics`;
  const base = `${back}/units`;
  const crumbs: Crumb[] = [];
  if (ctx.tenant) {
    crumbs.push({ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name });
    crumbs.push({ href: `/kov/${ctx.tenant.code}/admin`, label: t('admin.title') });
  }
  crumbs.push({ href: back, label: t('reports.analytics.units.back') });
  crumbs.push({ label: heading });
  const chartTitle = t('reports.analytics.units.chart');
  const domainsTitle = t('reports.analytics.units.domains');
  const nameOf = (u: UnitDashboard['units'][number]) => u.name ?? t('reports.analytics.units.none');
  let query = '';
  if (d) {
    const p = new URLSearchParams({ from: d.filter.from, to: d.filter.to });
    if (d.filter.domain) p.set('domain', d.filter.domain);
    query = `?${p.toString()}`;
  }
  return (
    <Layout ctx={ctx} title={errors.length ? `${t('form.errorPrefix')} ${heading}` : heading} crumbs={crumbs} wide>
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p>{t('reports.analytics.units.intro')}</p>
      <UnitFilterForm t={t} action={base} q={props.q} errors={errors} />
      {d && (
        <>
          <p>
            <strong>{t('reports.analytics.units.period', { from: month(d.filter.from), to: month(d.filter.to) })}</strong>
          </p>
          {d.units.length === 0 ? (
            <p>{t('reports.analytics.units.empty')}</p>
          ) : (
            <section aria-labelledby="by-unit" class="chart-block">
              <h2 id="by-unit">{chartTitle}</h2>
              <p class="hint">{t('reports.analytics.chartsNote')}</p>
              <BarChart id="by-unit-chart" title={chartTitle} describedBy="by-unit-table" bars={d.units.map((u) => ({ label: nameOf(u), value: u.reports }))} />
              <DataTable
                id="by-unit-table"
                caption={chartTitle}
                head={[
                  t('reports.analytics.units.unit'),
                  t('reports.analytics.units.code'),
                  t('reports.analytics.col.reports'),
                  t('reports.analytics.units.share'),
                  t('reports.analytics.col.open'),
                  t('reports.analytics.col.closed'),
                  t('reports.analytics.col.on_time_pct'),
                  t('reports.analytics.col.first_action_median_hours'),
                  t('reports.analytics.col.resolution_median_days'),
                ]}
                numeric={[false, false, true, true, true, true, true, true, true]}
                rows={[
                  ...d.units.map((u) => [
                    nameOf(u),
                    u.code ?? dash,
                    n(u.reports),
                    pct(u.share),
                    n(u.open),
                    n(u.closed),
                    pct(u.onTimeShare),
                    hoursOf(t, u.firstActionMedianHours),
                    daysOf(t, u.resolutionMedianHours),
                  ]),
                  [
                    t('reports.analytics.all'),
                    dash,
                    n(d.total.reports),
                    pct(d.total.reports > 0 ? 1 : null),
                    n(d.total.open),
                    n(d.total.closed),
                    pct(d.total.onTimeShare),
                    hoursOf(t, d.total.firstActionMedianHours),
                    daysOf(t, d.total.resolutionMedianHours),
                  ],
                ]}
              />
              <DataTable
                id="by-unit-domains-table"
                caption={domainsTitle}
                head={[t('reports.analytics.units.unit'), ...DOMAINS.map((x) => t(`reports.domain.${x}`))]}
                rows={d.units.map((u) => [nameOf(u), ...DOMAINS.map((x) => n(u.domains[x]))])}
              />
            </section>
          )}
          <section aria-labelledby="exports">
            <h2 id="exports">{t('reports.analytics.export.title')}</h2>
            <p class="hint">{t('reports.analytics.export.hint')}</p>
            <ul>
              <li>
                <a href={`${base}.csv${query}`}>{t('reports.analytics.export.unitsCsv')}</a>
              </li>
              <li>
                <a href={`${base}.xlsx${query}`}>{t('reports.analytics.export.unitsXlsx')}</a>
              </li>
            </ul>
          </section>
        </>
      )}
    </Layout>
  );
}
