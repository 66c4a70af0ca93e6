// Server-rendered SVG charts (no JavaScript): a horizontal bar chart, a column chart over time and a
// choropleth map. Each is a pure function from data to SVG, so it draws live results and results
// stored at certification alike. Every chart is an image (`role="img"`) named by its <title> and
// described by the table beside it (`aria-describedby`): the table is its text alternative and holds
// every number and the full labels; the chart may shorten a long label. Numbers are in Estonian
// format. Colours: bars #1d4f91 on white (9.2:1), text #1b1f24 — above WCAG's 3:1 for graphics and
// 4.5:1 for text.
import type { ComponentChildren } from 'preact';
import { fmtNumber } from '../i18n.js';

const TEXT = '#1b1f24';
const MUTED = '#4a5560';
const BAR = '#1d4f91';
const GRID = '#b1b4b6';
const FONT = "'Noto Sans', system-ui, Arial, sans-serif";

/** Shortens a label to `max` characters (with an ellipsis); the table keeps the full text. */
export function truncateLabel(s: string, max: number): string {
  const chars = [...s.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export interface Bar {
  label: string;
  /** Null: not shown (e.g. not yet counted); drawn as a dash, no bar. */
  value: number | null;
  /** The text after the bar (default: the value in Estonian format). */
  valueText?: string;
}

export interface ChartProps {
  /** Unique id on the page (the <title> gets `${id}-title`). */
  id: string;
  title: string;
  /** The id of the table that is the chart's text alternative. */
  describedBy: string;
}

// The bar chart and the map are drawn 480 wide, so that on a phone (about 360 px) their text keeps
// three quarters of its size; the column chart (officials' page) 640.
const LABEL_CHARS = 18; // what fits in LABEL_W at the chart's 15 px font (Noto Sans averages about 8 px a character)
const ROW = 32;
const BAR_H = 20;
const BAR_WIDTH = 480;
const WIDTH = 640;
const MAP_WIDTH = 480;
const LABEL_W = 160;
const VALUE_W = 120;

/** The accessible SVG every chart is drawn in: an image named by its title, described by its table. */
function ChartFrame(props: ChartProps & { kind: string; width: number; height: number; fontSize: number; children: ComponentChildren }) {
  const titleId = `${props.id}-title`;
  return (
    <svg
      class={`chart ${props.kind}`}
      id={props.id}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={props.describedBy}
      viewBox={`0 0 ${props.width} ${props.height}`}
      width={props.width}
      height={props.height}
      focusable="false"
      font-family={FONT}
      font-size={String(props.fontSize)}
    >
      <title id={titleId}>{props.title}</title>
      {props.children}
    </svg>
  );
}

/** A horizontal bar chart: one row per bar, bars scaled to the largest value. */
export function BarChart(props: ChartProps & { bars: Bar[] }) {
  const { bars } = props;
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const barMax = BAR_WIDTH - LABEL_W - VALUE_W;
  const height = bars.length * ROW + 8;
  return (
    <ChartFrame {...props} kind="chart-bars" width={BAR_WIDTH} height={height} fontSize={15}>
      {bars.map((b, i) => {
        const y = 4 + i * ROW;
        const w = b.value !== null && b.value > 0 && max > 0 ? Math.max(1, round1((b.value / max) * barMax)) : 0;
        const text = b.valueText ?? (b.value === null ? '–' : fmtNumber(b.value));
        return (
          <g class="bar" data-label={b.label} data-value={b.value === null ? 'none' : String(b.value)}>
            <text x={LABEL_W - 8} y={y + ROW / 2} text-anchor="end" dominant-baseline="middle" fill={TEXT}>
              {truncateLabel(b.label, LABEL_CHARS)}
            </text>
            {w > 0 && <rect x={LABEL_W} y={y + (ROW - BAR_H) / 2} width={w} height={BAR_H} fill={BAR} />}
            <text x={LABEL_W + w + 6} y={y + ROW / 2} dominant-baseline="middle" fill={TEXT}>
              {text}
            </text>
          </g>
        );
      })}
      <line x1={LABEL_W} y1={2} x2={LABEL_W} y2={height - 2} stroke={GRID} />
    </ChartFrame>
  );
}

export interface Column {
  /** The label under the column (shown for every n-th column so that labels do not overlap). */
  label: string;
  value: number;
}

/** A marker on a column chart: a dashed line with a numbered flag above the column at `index` (e.g. an action taken that month). */
export interface ColumnMarker {
  index: number;
  /** The flag's text (short: a number that the table beside the chart explains). */
  flag: string;
  /** The full text, as the marker's own <title>. */
  title: string;
}

/**
 * A column chart (e.g. counts per hour or day): columns scaled to the largest value, an axis with 0 and
 * the maximum; optional markers (events beside the series, explained in the chart's table).
 */
export function ColumnChart(props: ChartProps & { columns: Column[]; markers?: ColumnMarker[] }) {
  const { columns } = props;
  const markers = props.markers ?? [];
  const height = markers.length ? 258 : 240;
  const left = 56;
  const bottom = 40;
  const top = markers.length ? 30 : 12;
  const plotW = WIDTH - left - 8;
  const plotH = height - top - bottom;
  const max = Math.max(0, ...columns.map((c) => c.value));
  const step = columns.length ? plotW / columns.length : plotW;
  const gap = step > 6 ? Math.min(4, step * 0.2) : 0;
  const every = Math.max(1, Math.ceil(columns.length / 8));
  return (
    <ChartFrame {...props} kind="chart-columns" width={WIDTH} height={height} fontSize={13}>
      <line x1={left} y1={top} x2={left} y2={top + plotH} stroke={GRID} />
      <line x1={left} y1={top + plotH} x2={left + plotW} y2={top + plotH} stroke={GRID} />
      <text x={left - 6} y={top + plotH} text-anchor="end" dominant-baseline="middle" fill={MUTED}>
        0
      </text>
      {max > 0 && (
        <>
          <line x1={left} y1={top} x2={left + plotW} y2={top} stroke={GRID} stroke-dasharray="4 4" />
          <text x={left - 6} y={top} text-anchor="end" dominant-baseline="middle" fill={MUTED}>
            {fmtNumber(max)}
          </text>
        </>
      )}
      {columns.map((c, i) => {
        // a count above zero stays visible however small beside the largest
        const h = max > 0 && c.value > 0 ? Math.max(1, round1((c.value / max) * plotH)) : 0;
        const x = round1(left + i * step + gap / 2);
        return (
          <g class="column" data-label={c.label} data-value={String(c.value)}>
            {h > 0 && <rect x={x} y={round1(top + plotH - h)} width={round1(Math.max(1, step - gap))} height={h} fill={BAR} />}
            {i % every === 0 && (
              <text x={round1(left + i * step + step / 2)} y={top + plotH + 18} text-anchor="middle" fill={MUTED}>
                {c.label}
              </text>
            )}
          </g>
        );
      })}
      {markers.map((m, k) => {
        const x = round1(left + m.index * step + step / 2);
        // flags of the same column stand side by side
        const dx = markers.slice(0, k).filter((o) => o.index === m.index).length * 20;
        return (
          <g class="marker" data-index={String(m.index)}>
            <title>{m.title}</title>
            <line x1={x} y1={top} x2={x} y2={top + plotH} stroke={TEXT} stroke-width="1.5" stroke-dasharray="3 3" />
            <rect x={x - 9 + dx} y={2} width={18} height={20} rx={3} fill="#ffffff" stroke={TEXT} stroke-width="1.5" />
            <text x={x + dx} y={12} text-anchor="middle" dominant-baseline="middle" fill={TEXT} font-weight="bold">
              {m.flag}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** A planar ring (x east, y north, e.g. L-EST97 metres); the first and last points may be equal. */
export type Ring = [number, number][];

export interface Area {
  key: string;
  name: string;
  /** Polygons, each an outer ring followed by its holes. */
  polygons: Ring[][];
  /** Null: no value (suppressed or no one eligible); drawn without a colour class. */
  value: number | null;
  /** The value as shown in the area's tooltip title (the table has the same). */
  valueText: string;
}

/** Five sequential blues (ColorBrewer), light to dark. */
export const MAP_CLASSES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
/** No value: white with grey hatching, unlike any class. */
const NO_DATA_LINE = '#6f777b';

/**
 * Five equal classes between nice bounds (multiples of `nice`) around the values, each at least
 * `nice` wide, within [0, cap] (cap 100 for percentages): 12,5 and 38 give 10, 16, … 40; a single
 * 83,3 gives 75, 80, … 100.
 */
export function mapBreaks(values: number[], nice = 5, cap = Infinity): number[] {
  const n = MAP_CLASSES.length;
  let lo = values.length ? Math.max(0, Math.floor(Math.min(...values) / nice) * nice) : 0;
  let hi = values.length ? Math.ceil(Math.max(...values) / nice) * nice : n * nice;
  if (hi - lo < n * nice) hi = lo + n * nice;
  if (hi > cap) {
    hi = cap;
    lo = Math.max(0, Math.min(lo, cap - n * nice));
  }
  const step = (hi - lo) / n;
  return MAP_CLASSES.map((_, i) => Math.round((lo + i * step) * 100) / 100).concat(hi);
}

export function classOf(value: number, breaks: number[]): number {
  for (let i = MAP_CLASSES.length - 1; i > 0; i--) if (value >= breaks[i]!) return i;
  return 0;
}

/**
 * A choropleth map: the areas fitted into the image (north up), each filled by its value's class and
 * named by its own <title>; a legend below with the classes and "no data".
 */
export function ChoroplethMap(props: ChartProps & { areas: Area[]; legendTitle: string; noDataText: string; unit?: string; /** The largest value possible (100 for percentages). */ cap?: number }) {
  const { areas } = props;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const a of areas)
    for (const p of a.polygons)
      for (const r of p)
        for (const [x, y] of r) {
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
  const mapW = MAP_WIDTH - 16;
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const scale = Math.min(mapW / spanX, 360 / spanY);
  const drawnH = spanY * scale;
  const offX = 8 + (mapW - spanX * scale) / 2;
  const px = (x: number) => round1(offX + (x - minX) * scale);
  const py = (y: number) => round1(8 + (maxY - y) * scale);
  const breaks = mapBreaks(areas.filter((a) => a.value !== null).map((a) => a.value!), 5, props.cap);
  const noData = `url(#${props.id}-nodata)`;
  const unit = props.unit ?? '';
  const legendY = 8 + drawnH + 28;
  const ROW_H = 24;
  const height = Math.ceil(legendY + 8 + (MAP_CLASSES.length + 1) * ROW_H);
  const path = (polygons: Ring[][]) =>
    polygons
      .map((p) => p.map((r) => r.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x)} ${py(y)}`).join('') + 'Z').join(''))
      .join('');
  return (
    <ChartFrame {...props} kind="chart-map" width={MAP_WIDTH} height={height} fontSize={15}>
      <defs>
        <pattern id={`${props.id}-nodata`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#ffffff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke={NO_DATA_LINE} stroke-width="1.5" />
        </pattern>
      </defs>
      {areas.map((a) => (
        <path
          class="area"
          data-key={a.key}
          data-value={a.value === null ? 'none' : String(a.value)}
          d={path(a.polygons)}
          fill={a.value === null ? noData : MAP_CLASSES[classOf(a.value, breaks)]}
          fill-rule="evenodd"
          stroke={TEXT}
          stroke-width="0.75"
        >
          <title>{`${a.name}: ${a.valueText}`}</title>
        </path>
      ))}
      <g class="legend">
        <text x={8} y={legendY - 4} fill={TEXT}>
          {props.legendTitle}
        </text>
        {MAP_CLASSES.map((c, i) => (
          <g>
            <rect x={8} y={legendY + 8 + i * ROW_H} width={18} height={18} fill={c} stroke={TEXT} stroke-width="0.75" />
            <text x={34} y={legendY + 22 + i * ROW_H} fill={TEXT}>
              {`${fmtNumber(breaks[i]!)}–${fmtNumber(breaks[i + 1]!)}${unit}`}
            </text>
          </g>
        ))}
        <rect x={8} y={legendY + 8 + MAP_CLASSES.length * ROW_H} width={18} height={18} fill={noData} stroke={TEXT} stroke-width="0.75" />
        <text x={34} y={legendY + 22 + MAP_CLASSES.length * ROW_H} fill={TEXT}>
          {props.noDataText}
        </text>
      </g>
    </ChartFrame>
  );
}
