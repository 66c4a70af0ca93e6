// The reports analytics pages: one KOV's (/kov/:kov/reports/analytics) and ELVL's all-KOV comparison
// (/reports/analytics). The issue names ECharts; the charts here are the kernel's server-rendered SVG
// (src/kernel/web/charts.tsx): no client JavaScript, nothing the CSP must allow, the same on every
// device. Each chart is described by the table beside it, which holds every number (its text
// alternative). Numbers and dates in Estonian format.
import type { FieldError } from '../../../kernel/errors.js';
import type { T } from '../../../kernel/i18n.js';
import { fmtDate, fmtNumber } from '../../../kernel/i18n.js';
import { DataTable, FigureList, avg, dash, n, pct } from '../../../kernel/web/analytics-parts.js';
import { BarChart, ColumnChart } from '../../../kernel/web/charts.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import { ErrorSummary, Layout, SelectField, TextField } from '../../../kernel/web/components.js';
import type { AllDashboard, AnalyticsQuery, Figures, KovDashboard } from '../analytics.js';
import { DOMAINS } from '../service.js';

const daysOf = (t: T, h: number | null) => (h === null ? dash : t('reports.analytics.days', { n: fmtNumber(Math.round((h / 24) * 10) / 10) }));
const hoursOf = (t: T, h: number | null) => (h === null ? dash : t('reports.analytics.hours', { n: fmtNumber(h) }));

function FilterForm(props: { ctx: PageCtx; action: string; q: AnalyticsQuery; errors: FieldError[]; categories?: { code: string; name: string }[] }) {
  const { ctx, q, errors } = props;
  const t = ctx.t;
  return (
    <form method="get" action={props.action} class="filters" novalidate>
      <fieldset>
        <legend>{t('reports.analytics.filter.title')}</legend>
        <TextField t={t} name="from" type="date" label={t('reports.analytics.filter.from')} value={q.from ?? ''} errors={errors} />
        <TextField t={t} name="to" type="date" label={t('reports.analytics.filter.to')} value={q.to ?? ''} errors={errors} />
        <SelectField
          t={t}
          name="domain"
          label={t('reports.analytics.filter.domain')}
          value={q.domain ?? ''}
          errors={errors}
          options={[{ value: '', label: t('reports.analytics.filter.allDomains') }, ...DOMAINS.map((d) => ({ value: d, label: t(`reports.domain.${d}`) }))]}
        />
        {props.categories && (
          <SelectField
            t={t}
            name="category"
            label={t('reports.analytics.filter.category')}
            value={q.category ?? ''}
            errors={errors}
            options={[{ value: '', label: t('reports.analytics.filter.allCategories') }, ...props.categories.map((c) => ({ value: c.code, label: c.name }))]}
          />
        )}
        <SelectField
          t={t}
          name="by"
          label={t('reports.analytics.filter.by')}
          value={q.by ?? ''}
          errors={errors}
          options={[
            { value: '', label: `${t('reports.analytics.filter.week')} / ${t('reports.analytics.filter.month')}` },
            { value: 'week', label: t('reports.analytics.filter.week') },
            { value: 'month', label: t('reports.analytics.filter.month') },
          ]}
        />
        <button type="submit">{t('reports.analytics.filter.apply')}</button>
      </fieldset>
    </form>
  );
}

function Summary(props: { t: T; f: Figures }) {
  const { t, f } = props;
  const items: [string, string][] = [
    [t('reports.analytics.summary.reports'), n(f.reports)],
    [t('reports.analytics.summary.open'), n(f.open)],
    [t('reports.analytics.summary.overdue'), n(f.overdue)],
    [t('reports.analytics.summary.closed'), n(f.closed)],
    [t('reports.analytics.summary.onTime'), pct(f.onTimeShare)],
    [t('reports.analytics.summary.resolution'), `${daysOf(t, f.resolutionMedianHours)} / ${daysOf(t, f.resolutionP90Hours)}`],
    [t('reports.analytics.summary.firstAction'), hoursOf(t, f.firstActionMedianHours)],
    [t('reports.analytics.summary.fixed'), pct(f.fixedShare)],
    [t('reports.analytics.summary.satisfaction'), avg(f.satisfactionAverage)],
    [t('reports.analytics.summary.responses'), n(f.responses)],
    [t('reports.analytics.summary.reopen'), pct(f.reopenRate)],
  ];
  return <FigureList title={t('reports.analytics.summary.title')} items={items} />;
}

function SeriesSection(props: { t: T; d: KovDashboard | AllDashboard }) {
  const { t, d } = props;
  const month = d.filter.by === 'month';
  const title = t(month ? 'reports.analytics.series.month' : 'reports.analytics.series.week');
  const label = (s: string) => (month ? `${s.slice(5, 7)}.${s.slice(0, 4)}` : fmtDate(s).slice(0, 6));
  return (
    <section aria-labelledby="series" class="chart-block">
      <h2 id="series">{title}</h2>
      <ColumnChart id="series-chart" title={title} describedBy="series-table" columns={d.series.map((s) => ({ label: label(s.start), value: s.reports }))} />
      <DataTable
        id="series-table"
        caption={title}
        head={[t(month ? 'reports.analytics.series.monthCol' : 'reports.analytics.series.weekCol'), t('reports.analytics.col.reports')]}
        rows={d.series.map((s) => [month ? label(s.start) : <time dateTime={s.start}>{fmtDate(s.start)}</time>, n(s.reports)])}
      />
    </section>
  );
}

const FIGURE_HEAD = (t: T) => [
  t('reports.analytics.col.reports'),
  t('reports.analytics.col.open'),
  t('reports.analytics.col.overdue'),
  t('reports.analytics.col.on_time_pct'),
  t('reports.analytics.col.resolution_median_days'),
  t('reports.analytics.col.resolution_p90_days'),
  t('reports.analytics.col.fixed_yes_pct'),
  t('reports.analytics.col.satisfaction_avg'),
];
const figureCells = (t: T, f: Figures) => [
  n(f.reports),
  n(f.open),
  n(f.overdue),
  pct(f.onTimeShare),
  daysOf(t, f.resolutionMedianHours),
  daysOf(t, f.resolutionP90Hours),
  pct(f.fixedShare),
  avg(f.satisfactionAverage),
];

function GroupSection(props: { t: T; id: string; title: string; nameHead: string; rows: { name: string; f: Figures }[] }) {
  const { t, id } = props;
  return (
    <section aria-labelledby={id} class="chart-block">
      <h2 id={id}>{props.title}</h2>
      <BarChart id={`${id}-chart`} title={props.title} describedBy={`${id}-table`} bars={props.rows.map((r) => ({ label: r.name, value: r.f.reports }))} />
      <DataTable id={`${id}-table`} caption={props.title} head={[props.nameHead, ...FIGURE_HEAD(t)]} rows={props.rows.map((r) => [r.name, ...figureCells(t, r.f)])} />
    </section>
  );
}

function StatusSection(props: { t: T; d: KovDashboard | AllDashboard }) {
  const { t, d } = props;
  const title = t('reports.analytics.byStatus.title');
  const rows = d.byStatus.map((s) => ({ name: t(`reports.status.${s.status}`), value: s.reports }));
  return (
    <section aria-labelledby="by-status" class="chart-block">
      <h2 id="by-status">{title}</h2>
      <BarChart id="by-status-chart" title={title} describedBy="by-status-table" bars={rows.map((r) => ({ label: r.name, value: r.value }))} />
      <DataTable id="by-status-table" caption={title} head={[t('reports.analytics.group.status'), t('reports.analytics.col.reports')]} rows={rows.map((r) => [r.name, n(r.value)])} />
    </section>
  );
}

function SatisfactionSection(props: { t: T; f: Figures }) {
  const { t, f } = props;
  const title = t('reports.analytics.satisfaction.title');
  return (
    <section aria-labelledby="satisfaction" class="chart-block">
      <h2 id="satisfaction">{title}</h2>
      <BarChart id="satisfaction-chart" title={title} describedBy="satisfaction-table" bars={f.satisfaction.map((c, i) => ({ label: String(i + 1), value: c }))} />
      <DataTable
        id="satisfaction-table"
        caption={title}
        head={[t('reports.analytics.satisfaction.rating'), t('reports.analytics.col.reports')]}
        rows={[...f.satisfaction.map((c, i) => [String(i + 1), n(c)]), [t('reports.analytics.col.satisfaction_avg'), avg(f.satisfactionAverage)]]}
      />
    </section>
  );
}

function Exports(props: { t: T; base: string; query: string; rows: boolean }) {
  const { t, base, query } = props;
  const q = query ? `?${query}` : '';
  return (
    <section aria-labelledby="exports">
      <h2 id="exports">{t('reports.analytics.export.title')}</h2>
      <p class="hint">{t('reports.analytics.export.hint')}</p>
      <ul>
        <li>
          <a href={`${base}.csv${q}`}>{t('reports.analytics.export.figuresCsv')}</a>
        </li>
        <li>
          <a href={`${base}.xlsx${q}`}>{t('reports.analytics.export.figuresXlsx')}</a>
        </li>
        {props.rows && (
          <>
            <li>
              <a href={`${base}/reports.csv${q}`}>{t('reports.analytics.export.rowsCsv')}</a>
            </li>
            <li>
              <a href={`${base}/reports.xlsx${q}`}>{t('reports.analytics.export.rowsXlsx')}</a>
            </li>
          </>
        )}
      </ul>
    </section>
  );
}

/** The query string of the applied filters (for the export links). */
function queryOf(d: KovDashboard | AllDashboard): string {
  const p = new URLSearchParams({ from: d.filter.from, to: d.filter.to });
  if (d.filter.domain) p.set('domain', d.filter.domain);
  if (d.filter.category) p.set('category', d.filter.category);
  p.set('by', d.filter.by);
  return p.toString();
}

const title = (t: T, base: string, errors: FieldError[]) => (errors.length ? `${t('form.errorPrefix')} ${base}` : base);

export function KovAnalyticsPage(props: { ctx: PageCtx; kov: string; q: AnalyticsQuery; d: KovDashboard | null; errors: FieldError[]; categories: { code: string; name: string }[] }) {
  const { ctx, d, errors } = props;
  const t = ctx.t;
  const heading = t('reports.analytics.title');
  const crumbs: Crumb[] = [];
  if (ctx.tenant) {
    crumbs.push({ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name });
    crumbs.push({ href: `/kov/${ctx.tenant.code}/admin`, label: t('admin.title') });
  }
  crumbs.push({ label: heading });
  const base = `/kov/${props.kov}/reports/analytics`;
  return (
    <Layout ctx={ctx} title={title(t, heading, errors)} crumbs={crumbs} wide>
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p>{t('reports.analytics.intro')}</p>
      <p>
        <a href={`${base}/units`}>{t('reports.analytics.units.link')}</a>
      </p>
      <FilterForm ctx={ctx} action={base} q={props.q} errors={errors} categories={props.categories} />
      {d && (
        <>
          <p>
            <strong>{t('reports.analytics.period', { from: fmtDate(d.filter.from), to: fmtDate(d.filter.to) })}</strong>
          </p>
          <p class="hint">{t('reports.analytics.chartsNote')}</p>
          <Summary t={t} f={d.total} />
          <SeriesSection t={t} d={d} />
          <GroupSection t={t} id="by-domain" title={t('reports.analytics.byDomain.title')} nameHead={t('reports.analytics.group.domain')} rows={d.byDomain.map((x) => ({ name: t(`reports.domain.${x.domain}`), f: x }))} />
          <GroupSection t={t} id="by-category" title={t('reports.analytics.byCategory.title')} nameHead={t('reports.analytics.group.category')} rows={d.byCategory.map((x) => ({ name: x.name[ctx.locale], f: x }))} />
          <StatusSection t={t} d={d} />
          <SatisfactionSection t={t} f={d.total} />
          <Exports t={t} base={base} query={queryOf(d)} rows />
        </>
      )}
    </Layout>
  );
}

export function AllAnalyticsPage(props: { ctx: PageCtx; q: AnalyticsQuery; d: AllDashboard | null; errors: FieldError[] }) {
  const { ctx, d, errors } = props;
  const t = ctx.t;
  const heading = t('reports.analytics.allTitle');
  const base = '/reports/analytics';
  const kovTitle = t('reports.analytics.kovs.chart');
  const domainsTitle = t('reports.analytics.kovs.domains');
  return (
    <Layout ctx={ctx} title={title(t, heading, errors)} crumbs={[{ label: heading }]} wide>
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p>{t('reports.analytics.intro')}</p>
      <FilterForm ctx={ctx} action={base} q={props.q} errors={errors} />
      {d && (
        <>
          <p>
            <strong>{t('reports.analytics.period', { from: fmtDate(d.filter.from), to: fmtDate(d.filter.to) })}</strong>
          </p>
          <p class="hint">{t('reports.analytics.chartsNote')}</p>
          <Summary t={t} f={d.total} />
          <section aria-labelledby="kovs" class="chart-block">
            <h2 id="kovs">{t('reports.analytics.kovs.title')}</h2>
            <p class="hint">{t('reports.analytics.kovs.note')}</p>
            <BarChart
              id="kovs-chart"
              title={kovTitle}
              describedBy="kovs-table"
              bars={d.kovs.map((k) => ({
                label: k.name,
                value: k.per1000 ?? k.reports,
                valueText: k.per1000 !== null ? fmtNumber(k.per1000) : `${fmtNumber(k.reports)} ${t('reports.analytics.abs')}`,
              }))}
            />
            <DataTable
              id="kovs-table"
              caption={kovTitle}
              head={[
                t('reports.analytics.col.kov'),
                t('reports.analytics.col.population'),
                t('reports.analytics.col.per_1000_residents'),
                ...FIGURE_HEAD(t),
              ]}
              rows={d.kovs.map((k) => [k.name, k.population === null ? dash : n(k.population), k.per1000 === null ? dash : fmtNumber(k.per1000), ...figureCells(t, k)])}
            />
            <DataTable
              id="kovs-domains-table"
              caption={domainsTitle}
              head={[t('reports.analytics.col.kov'), ...DOMAINS.map((x) => t(`reports.domain.${x}`))]}
              rows={d.kovs.map((k) => [k.name, ...DOMAINS.map((x) => n(k.domains[x]))])}
            />
          </section>
          <SeriesSection t={t} d={d} />
          <GroupSection t={t} id="by-domain" title={t('reports.analytics.byDomain.title')} nameHead={t('reports.analytics.group.domain')} rows={d.byDomain.map((x) => ({ name: t(`reports.domain.${x.domain}`), f: x }))} />
          <StatusSection t={t} d={d} />
          <SatisfactionSection t={t} f={d.total} />
          <Exports t={t} base={base} query={queryOf(d)} rows={false} />
        </>
      )}
    </Layout>
  );
}
