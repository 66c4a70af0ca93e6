// The KOV's feedback dashboard (/kov/:kov/feedback): every service's figures side by side, the KOV's
// trend, scores and drivers, the newest approved comments, the exports.
import type { FieldError } from '../../../kernel/errors.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import { ErrorSummary, Layout } from '../../../kernel/web/components.js';
import { BarChart } from '../../../kernel/web/charts.js';
import type { DashQuery, KovDashboard } from '../dashboard.js';
import { CommentsSection, DataTable, DriversSection, Exports, PeriodForm, PeriodLine, ScoresSection, Summary, TrendSection, avg, n, pageTitle, pct } from './dashboard-parts.js';

export function KovDashboardPage(props: { ctx: PageCtx; kov: string; q: DashQuery; d: KovDashboard | null; errors: FieldError[]; canCompare?: boolean }) {
  const { ctx, d, errors } = props;
  const t = ctx.t;
  const heading = t('feedback.dash.title');
  const base = `/kov/${props.kov}/feedback`;
  const crumbs: Crumb[] = [];
  if (ctx.tenant) {
    crumbs.push({ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name });
    crumbs.push({ href: `/kov/${ctx.tenant.code}/admin`, label: t('admin.title') });
  }
  crumbs.push({ label: heading });
  const nameOf = (s: { name: { et: string; en: string; ru: string } }) => s.name[ctx.locale] || s.name.et;
  const servicesTitle = t('feedback.dash.services.title');
  return (
    <Layout ctx={ctx} title={pageTitle(t, heading, errors)} crumbs={crumbs} wide>
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p>{t('feedback.dash.intro')}</p>
      {props.canCompare && (
        <p>
          <a href="/feedback/compare">{t('feedback.compare.link')}</a>
        </p>
      )}
      <PeriodForm ctx={ctx} action={base} q={props.q} errors={errors} />
      {d && (
        <>
          <PeriodLine t={t} f={d.filter} />
          <p class="hint">{t('feedback.dash.chartsNote')}</p>
          <Summary t={t} f={d.total} />
          <section aria-labelledby="services" class="chart-block">
            <h2 id="services">{servicesTitle}</h2>
            {d.services.length === 0 ? (
              <p>{t('feedback.dash.services.none')}</p>
            ) : (
              <>
                <BarChart
                  id="services-chart"
                  title={t('feedback.dash.services.chart')}
                  describedBy="services-table"
                  bars={d.services.map((s) => ({ label: nameOf(s), value: s.satisfactionAverage, valueText: s.satisfactionAverage === null ? '–' : avg(s.satisfactionAverage) }))}
                />
                <DataTable
                  id="services-table"
                  caption={servicesTitle}
                  head={[t('feedback.dash.col.service'), t('feedback.dash.col.responses'), t('feedback.dash.col.satisfaction_avg'), t('feedback.dash.col.csat_pct'), t('feedback.dash.col.ease_avg'), t('feedback.dash.col.easy_pct')]}
                  rows={d.services.map((s) => [
                    <a href={`${base}/services/${s.id}?from=${d.filter.from}&to=${d.filter.to}`}>{nameOf(s)}</a>,
                    n(s.responses),
                    avg(s.satisfactionAverage),
                    pct(s.csat),
                    avg(s.easeAverage),
                    pct(s.easeShare),
                  ])}
                />
              </>
            )}
          </section>
          <TrendSection t={t} trend={d.trend} />
          <ScoresSection t={t} f={d.total} />
          <DriversSection t={t} f={d.total} />
          <CommentsSection
            t={t}
            comments={d.comments}
            serviceName={(id) => {
              const s = d.services.find((x) => x.id === id);
              return s ? nameOf(s) : '';
            }}
          />
          <Exports t={t} f={d.filter} figures={`${base}/figures`} answers={`${base}/answers`} />
        </>
      )}
    </Layout>
  );
}
