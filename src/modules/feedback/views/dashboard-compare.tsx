// ELVL's comparison across KOVs (/feedback/compare): per KOV and per template service (the KOV
// services adopted from one ELVL template), the trend of all answers, the exports of the figures.
import type { FieldError } from '../../../kernel/errors.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { ErrorSummary, Layout } from '../../../kernel/web/components.js';
import { BarChart } from '../../../kernel/web/charts.js';
import type { CompareDashboard, DashQuery } from '../dashboard.js';
import { DataTable, DriversSection, Exports, PeriodForm, PeriodLine, Summary, TrendSection, avg, n, pageTitle, pct } from './dashboard-parts.js';

export function CompareDashboardPage(props: { ctx: PageCtx; q: DashQuery; d: CompareDashboard | null; errors: FieldError[] }) {
  const { ctx, d, errors } = props;
  const t = ctx.t;
  const heading = t('feedback.compare.title');
  const base = '/feedback/compare';
  const kovTitle = t('feedback.compare.kovs');
  const tplTitle = t('feedback.compare.templates');
  const head = [t('feedback.dash.col.responses'), t('feedback.dash.col.satisfaction_avg'), t('feedback.dash.col.csat_pct'), t('feedback.dash.col.ease_avg'), t('feedback.dash.col.easy_pct')];
  return (
    <Layout ctx={ctx} title={pageTitle(t, heading, errors)} crumbs={[{ label: heading }]} wide>
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p>{t('feedback.compare.intro')}</p>
      <PeriodForm ctx={ctx} action={base} q={props.q} errors={errors} />
      {d && (
        <>
          <PeriodLine t={t} f={d.filter} />
          <p class="hint">{t('feedback.dash.chartsNote')}</p>
          <Summary t={t} f={d.total} />
          <section aria-labelledby="kovs" class="chart-block">
            <h2 id="kovs">{kovTitle}</h2>
            {d.kovs.length === 0 ? (
              <p>{t('feedback.compare.none')}</p>
            ) : (
              <>
                <BarChart id="kovs-chart" title={kovTitle} describedBy="kovs-table" bars={d.kovs.map((k) => ({ label: k.name, value: k.satisfactionAverage }))} />
                <DataTable
                  id="kovs-table"
                  caption={kovTitle}
                  head={[t('feedback.dash.col.kov'), t('feedback.dash.col.services'), ...head]}
                  rows={d.kovs.map((k) => [k.name, n(k.services), n(k.responses), avg(k.satisfactionAverage), pct(k.csat), avg(k.easeAverage), pct(k.easeShare)])}
                />
              </>
            )}
          </section>
          <section aria-labelledby="templates" class="chart-block">
            <h2 id="templates">{tplTitle}</h2>
            <p class="hint">{t('feedback.compare.templatesHint')}</p>
            {d.templates.length === 0 ? (
              <p>{t('feedback.compare.noTemplates')}</p>
            ) : (
              <>
                <BarChart id="templates-chart" title={tplTitle} describedBy="templates-table" bars={d.templates.map((x) => ({ label: x.name[ctx.locale] || x.name.et, value: x.satisfactionAverage }))} />
                <DataTable
                  id="templates-table"
                  caption={tplTitle}
                  head={[t('feedback.dash.col.template'), t('feedback.dash.col.kovs'), ...head]}
                  rows={d.templates.map((x) => [x.name[ctx.locale] || x.name.et, n(x.kovs), n(x.responses), avg(x.satisfactionAverage), pct(x.csat), avg(x.easeAverage), pct(x.easeShare)])}
                />
              </>
            )}
          </section>
          <TrendSection t={t} trend={d.trend} />
          <DriversSection t={t} f={d.total} />
          <Exports t={t} f={d.filter} figures={`${base}/figures`} />
        </>
      )}
    </Layout>
  );
}
