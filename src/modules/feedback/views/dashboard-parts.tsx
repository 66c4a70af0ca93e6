// Parts of the feedback dashboards: the period form, the summary, the trend (with the improvement
// actions as markers), the score distributions, the drivers, the comments, the exports. Charts are the
// kernel's server-rendered SVG (src/kernel/web/charts.tsx), each described by the table beside it,
// which holds every number. Numbers and dates in Estonian format.
import type { FieldError } from '../../../kernel/errors.js';
import type { T } from '../../../kernel/i18n.js';
import { fmtDate, fmtDateTime } from '../../../kernel/i18n.js';
import { DataTable, FigureList, avg, dash, monthLabel, n, pct } from '../../../kernel/web/analytics-parts.js';
import { BarChart, ColumnChart } from '../../../kernel/web/charts.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { TextField } from '../../../kernel/web/components.js';
import type { ActionView } from '../actions.js';
import type { AppliedPeriod, DashComment, DashQuery, Figures, TrendPoint } from '../dashboard.js';
import { DRIVERS, driverShare } from '../dashboard.js';

export { DataTable, avg, dash, monthLabel, n, pct } from '../../../kernel/web/analytics-parts.js';

export function PeriodForm(props: { ctx: PageCtx; action: string; q: DashQuery; errors: FieldError[] }) {
  const t = props.ctx.t;
  return (
    <form method="get" action={props.action} class="filters" novalidate>
      <fieldset>
        <legend>{t('feedback.dash.filter.title')}</legend>
        <TextField t={t} name="from" type="month" label={t('feedback.dash.filter.from')} hint={t('feedback.dash.filter.hint')} value={props.q.from ?? ''} errors={props.errors} />
        <TextField t={t} name="to" type="month" label={t('feedback.dash.filter.to')} value={props.q.to ?? ''} errors={props.errors} />
        <button type="submit">{t('feedback.dash.filter.apply')}</button>
      </fieldset>
    </form>
  );
}

export function PeriodLine(props: { t: T; f: AppliedPeriod }) {
  return (
    <p>
      <strong>{props.t('feedback.dash.period', { from: monthLabel(props.f.from), to: monthLabel(props.f.to) })}</strong>
    </p>
  );
}

export function Summary(props: { t: T; f: Figures }) {
  const { t, f } = props;
  const items: [string, string][] = [
    [t('feedback.dash.summary.responses'), n(f.responses)],
    [t('feedback.dash.summary.satisfaction'), avg(f.satisfactionAverage)],
    [t('feedback.dash.summary.csat'), pct(f.csat)],
    [t('feedback.dash.summary.ease'), avg(f.easeAverage)],
    [t('feedback.dash.summary.easy'), pct(f.easeShare)],
  ];
  return <FigureList title={t('feedback.dash.summary.title')} items={items} />;
}

/** The trend by month: average satisfaction as columns, improvement actions as numbered markers; the table holds both. */
export function TrendSection(props: { t: T; trend: TrendPoint[]; actions?: ActionView[] }) {
  const { t, trend } = props;
  const actions = props.actions ?? [];
  const title = t('feedback.dash.trend.title');
  const idx = new Map(trend.map((p, i) => [p.month, i]));
  const numbered = [...actions].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((a, i) => ({ a, no: i + 1 }));
  const markers = numbered.filter(({ a }) => idx.has(a.openedMonth)).map(({ a, no }) => ({ index: idx.get(a.openedMonth)!, flag: String(no), title: `${no}. ${a.title}` }));
  const actionsIn = (m: string) =>
    numbered
      .filter(({ a }) => a.openedMonth === m)
      .map(({ a, no }) => `${no}. ${a.title}`)
      .join('; ') || dash;
  return (
    <section aria-labelledby="trend" class="chart-block">
      <h2 id="trend">{title}</h2>
      {actions.length > 0 && <p class="hint">{t('feedback.dash.trend.markers')}</p>}
      <ColumnChart
        id="trend-chart"
        title={title}
        describedBy="trend-table"
        columns={trend.map((p) => ({ label: monthLabel(p.month), value: p.satisfactionAverage ?? 0 }))}
        markers={markers}
      />
      <DataTable
        id="trend-table"
        caption={title}
        head={[
          t('feedback.dash.col.month'),
          t('feedback.dash.col.responses'),
          t('feedback.dash.col.satisfaction_avg'),
          t('feedback.dash.col.csat_pct'),
          t('feedback.dash.col.ease_avg'),
          ...(actions.length ? [t('feedback.dash.col.actions')] : []),
        ]}
        numeric={[false, true, true, true, true, false]}
        rows={trend.map((p) => [
          monthLabel(p.month),
          n(p.responses),
          avg(p.satisfactionAverage),
          pct(p.csat),
          avg(p.easeAverage),
          ...(actions.length ? [actionsIn(p.month)] : []),
        ])}
      />
    </section>
  );
}

/** Satisfaction and ease 1–5: how many gave each score. */
export function ScoresSection(props: { t: T; f: Figures }) {
  const { t, f } = props;
  const title = t('feedback.dash.scores.title');
  return (
    <section aria-labelledby="scores" class="chart-block">
      <h2 id="scores">{title}</h2>
      <BarChart
        id="scores-chart"
        title={t('feedback.dash.scores.satisfaction')}
        describedBy="scores-table"
        bars={f.satisfaction.map((c, i) => ({ label: `${i + 1} – ${t(`feedback.dash.score.${i + 1}`)}`, value: c }))}
      />
      <DataTable
        id="scores-table"
        caption={title}
        head={[t('feedback.dash.col.score'), t('feedback.dash.col.satisfaction'), t('feedback.dash.col.ease')]}
        rows={[0, 1, 2, 3, 4].map((i) => [`${i + 1} – ${t(`feedback.dash.score.${i + 1}`)}`, n(f.satisfaction[i]!), n(f.ease[i]!)])}
      />
    </section>
  );
}

/** What went well and what did not, per driver: counts and shares of the responses. */
export function DriversSection(props: { t: T; f: Figures }) {
  const { t, f } = props;
  const title = t('feedback.dash.drivers.title');
  return (
    <section aria-labelledby="drivers" class="chart-block">
      <h2 id="drivers">{title}</h2>
      <BarChart
        id="drivers-chart"
        title={t('feedback.dash.drivers.badly')}
        describedBy="drivers-table"
        bars={DRIVERS.map((d) => ({ label: t(`feedback.dash.driver.${d}`), value: f.wentBadly[d] }))}
      />
      <DataTable
        id="drivers-table"
        caption={title}
        head={[t('feedback.dash.col.driver'), t('feedback.dash.col.went_well'), t('feedback.dash.col.well_pct'), t('feedback.dash.col.went_badly'), t('feedback.dash.col.badly_pct')]}
        rows={DRIVERS.map((d) => [t(`feedback.dash.driver.${d}`), n(f.wentWell[d]), pct(driverShare(f.wentWell[d], f)), n(f.wentBadly[d]), pct(driverShare(f.wentBadly[d], f))])}
      />
    </section>
  );
}

export function CommentsSection(props: { t: T; comments: DashComment[]; serviceName?: (id: string) => string; actionHref?: (c: DashComment) => string }) {
  const { t, comments } = props;
  return (
    <section aria-labelledby="comments">
      <h2 id="comments">{t('feedback.dash.comments.title')}</h2>
      <p class="hint">{t('feedback.dash.comments.hint')}</p>
      {comments.length === 0 ? (
        <p>{t('feedback.dash.comments.none')}</p>
      ) : (
        <ul class="comments">
          {comments.map((c) => (
            <li>
              <blockquote lang={c.lang}>{c.comment}</blockquote>
              <p class="hint">
                <time dateTime={c.answeredAt}>{fmtDateTime(c.answeredAt)}</time> · {t('feedback.dash.comments.score', { n: c.satisfaction })}
                {props.serviceName && <> · {props.serviceName(c.serviceId)}</>}
              </p>
              {props.actionHref && (
                <p>
                  <a href={props.actionHref(c)}>{t('feedback.action.fromComment')}</a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Exports(props: { t: T; figures: string; answers?: string; f: AppliedPeriod }) {
  const { t } = props;
  const q = `?from=${props.f.from}&to=${props.f.to}`;
  return (
    <section aria-labelledby="exports">
      <h2 id="exports">{t('feedback.dash.export.title')}</h2>
      <p class="hint">{t('feedback.dash.export.hint')}</p>
      <ul>
        <li>
          <a href={`${props.figures}.csv${q}`}>{t('feedback.dash.export.figuresCsv')}</a>
        </li>
        <li>
          <a href={`${props.figures}.xlsx${q}`}>{t('feedback.dash.export.figuresXlsx')}</a>
        </li>
        {props.answers && (
          <>
            <li>
              <a href={`${props.answers}.csv${q}`}>{t('feedback.dash.export.answersCsv')}</a>
            </li>
            <li>
              <a href={`${props.answers}.xlsx${q}`}>{t('feedback.dash.export.answersXlsx')}</a>
            </li>
          </>
        )}
      </ul>
    </section>
  );
}

export const pageTitle = (t: T, base: string, errors: FieldError[]) => (errors.length ? `${t('form.errorPrefix')} ${base}` : base);

export const fmtDue = (d: string | null) => (d ? fmtDate(d) : dash);
