// The polls' charts beside their tables: turnout during the vote (officials only, counts only) and
// turnout by settlement unit as a map where the KOV has imported unit boundaries. The charts are the
// kernel's pure SVG components; the tables are their text alternatives.
import { fmtDate, fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { T } from '../../../kernel/i18n.js';
import type { Area } from '../../../kernel/web/charts.js';
import { ChoroplethMap, ColumnChart } from '../../../kernel/web/charts.js';
import type { UnitBoundary } from '../../territory/index.js';
import type { Results, TurnoutProgress } from '../../voting/index.js';

export const pct = (n: number, of: number) => (of > 0 ? `${fmtNumber(Math.round((n / of) * 1000) / 10)} %` : '–');

/** Turnout per hour or day while the vote runs: a column chart and its table. Never any choice. */
export function TurnoutProgressSection(props: { t: T; progress: TurnoutProgress }) {
  const { t, progress: p } = props;
  const hourly = p.step === 'hour';
  const when = (d: Date) => (hourly ? fmtDateTime(d) : fmtDate(d));
  const short = (d: Date) => {
    const s = fmtDateTime(d);
    return hourly ? `${s.slice(11)}` : s.slice(0, 5);
  };
  const caption = t(hourly ? 'polls.progress.chartHour' : 'polls.progress.chartDay');
  return (
    <section aria-labelledby="progress" class="chart-block">
      <h2 id="progress">{t('polls.progress.title')}</h2>
      <p class="hint">{t('polls.progress.intro')}</p>
      <p>{t('polls.progress.total', { n: fmtNumber(p.total), roll: fmtNumber(p.rollSize), pct: pct(p.total, p.rollSize) })}</p>
      {p.points.length === 0 ? (
        <p>{t('polls.progress.notYet')}</p>
      ) : (
        <>
          <ColumnChart id="progress-chart" title={caption} describedBy="progress-table" columns={p.points.map((x) => ({ label: short(x.from), value: x.count }))} />
          <div class="table-wrap">
            <table id="progress-table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(hourly ? 'polls.progress.hour' : 'polls.progress.day')}</th>
                  <th scope="col" class="num">
                    {t('polls.progress.count')}
                  </th>
                  <th scope="col" class="num">
                    {t('polls.progress.cumulative')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.points.map((x) => (
                  <tr>
                    <th scope="row">
                      <time dateTime={x.from.toISOString()}>{when(x.from)}</time>
                    </th>
                    <td class="num">{fmtNumber(x.count)}</td>
                    <td class="num">{fmtNumber(x.cumulative)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** Turnout share (0–100) of a cell, or null when it is suppressed or no one was eligible. */
export function turnoutShare(c: Results['turnoutByUnit'][number]): number | null {
  return typeof c.eligible === 'number' && typeof c.voted === 'number' && c.eligible > 0 ? Math.round((c.voted / c.eligible) * 1000) / 10 : null;
}

/**
 * The turnout by settlement unit drawn on the KOV's imported unit boundaries (the by-unit table is
 * its text alternative); nothing when the KOV has no boundaries for any unit of the results.
 */
export function TurnoutMap(props: { t: T; results: Results; boundaries: UnitBoundary[]; tableId: string }) {
  const { t } = props;
  if (!props.boundaries.length) return null;
  const cells = new Map(props.results.turnoutByUnit.map((c) => [c.key, c]));
  const areas: Area[] = props.boundaries.map((b) => {
    const c = cells.get(b.code);
    const value = c ? turnoutShare(c) : null;
    return { key: b.code, name: b.name, polygons: b.polygons, value, valueText: value === null ? t('polls.chart.mapNoData') : `${fmtNumber(value)} %` };
  });
  if (!areas.some((a) => cells.has(a.key))) return null;
  return (
    <div class="chart-block">
      <ChoroplethMap
        id="turnout-map"
        title={t('polls.chart.mapTitle')}
        describedBy={props.tableId}
        areas={areas}
        legendTitle={t('polls.chart.mapLegend')}
        noDataText={t('polls.chart.mapNoData')}
        unit=" %"
        cap={100}
      />
      <p class="hint">{t('polls.chart.mapHint')}</p>
    </div>
  );
}
