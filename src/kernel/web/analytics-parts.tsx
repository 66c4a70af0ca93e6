// Parts shared by the analytics dashboards (reports, feedback): the table that is a chart's text
// alternative, and the Estonian-format cells the tables hold (a dash for "no value").
import type { ComponentChildren } from 'preact';
import { fmtNumber } from '../i18n.js';

/** What a cell shows when there is no value. */
export const dash = '–';
/** A count in Estonian format. */
export const n = (x: number) => fmtNumber(x);
/** A share (0…1) as a percentage with one decimal, or a dash. */
export const pct = (s: number | null) => (s === null ? dash : `${fmtNumber(Math.round(s * 1000) / 10)} %`);
/** An average in Estonian format, or a dash. */
export const avg = (x: number | null) => (x === null ? dash : fmtNumber(x));
/** A month 'YYYY-MM' as 'MM.YYYY'. */
export const monthLabel = (m: string) => `${m.slice(5, 7)}.${m.slice(0, 4)}`;

/** A table that is a chart's text alternative (the chart's aria-describedby names its id). */
export function DataTable(props: { id: string; caption: string; head: string[]; numeric?: boolean[]; rows: ComponentChildren[][] }) {
  return (
    // a wide table scrolls sideways inside its wrapper: keyboard users can focus it and scroll
    <div class="table-wrap" tabIndex={0}>
      <table id={props.id} class={props.head.length > 3 ? 'stack' : undefined}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h, i) => (
              <th scope="col" class={i > 0 && (props.numeric?.[i] ?? true) ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              {r.map((c, i) =>
                i === 0 ? (
                  <th scope="row">{c}</th>
                ) : (
                  <td class={(props.numeric?.[i] ?? true) ? 'num' : undefined} data-label={props.head[i]}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A dashboard's summary: a titled section of figures (label, value) as a description list. */
export function FigureList(props: { title: string; items: [string, string][] }) {
  return (
    <section aria-labelledby="summary">
      <h2 id="summary">{props.title}</h2>
      <dl class="summary-list">
        {props.items.map(([k, v]) => (
          <div>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
