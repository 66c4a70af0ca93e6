// Feedback exports (issue 13, item 5): the aggregated figures of a dashboard (service, KOV, ELVL's
// comparison) and a KOV's answers (one service or all), as CSV (UTF-8 with BOM, `;`, decimal comma,
// CRLF: what Estonian Excel opens as columns) and XLSX (exceljs, streamed). An answer's comment is
// exported only if approved: pending, rejected and redacted texts never leave the database (the
// repo's CASE). No person is in an answer, so none is in the export.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { TIME_ZONE } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import type { Locale } from '../../kernel/i18n.js';
import { translate } from '../../kernel/i18n.js';
import type { AppliedPeriod, CompareDashboard, Figures, KovDashboard, ServiceDashboard } from './dashboard.js';
import { DRIVERS, parsePeriod, periodBounds, serviceOf } from './dashboard.js';
import type { DashQuery } from './dashboard.js';
import { serviceRef, serviceRefs } from '../services/index.js';
import * as repo from './repo/dashboard.js';

export const BOM = '\uFEFF';
type Cell = string | number | null;

function csvCell(v: Cell): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v).replace('.', ',') : v;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
/** One CSV line (`;`, decimal comma, CRLF). */
export const csvLine = (cells: Cell[]) => cells.map(csvCell).join(';') + '\r\n';

const pct = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 10);

const FIGURE_COLS = ['group', 'name', 'responses', 'satisfaction_avg', 'csat_pct', 'ease_avg', 'easy_pct', 'went_well', 'went_badly'] as const;

/** The table every figures export has: the whole, each month, each service / KOV / template, each driver. */
export function figureRows(d: ServiceDashboard | KovDashboard | CompareDashboard, locale: Locale): { header: string[]; rows: Cell[][] } {
  const tr = (k: string) => translate(locale, k);
  const header = FIGURE_COLS.map((k) => tr(`feedback.dash.col.${k}`));
  const row = (group: string, name: string, f: Pick<Figures, 'responses' | 'satisfactionAverage' | 'csat' | 'easeAverage'> & { easeShare?: number | null }): Cell[] => [
    tr(`feedback.dash.group.${group}`),
    name,
    f.responses,
    f.satisfactionAverage,
    pct(f.csat),
    f.easeAverage,
    f.easeShare === undefined ? null : pct(f.easeShare),
    null,
    null,
  ];
  const rows: Cell[][] = [row('total', tr('feedback.dash.total'), d.total)];
  for (const m of d.trend) rows.push(row('month', m.month.slice(0, 7), m));
  if (d.scope === 'kov') for (const s of d.services) rows.push(row('service', s.name[locale] || s.name.et, s));
  if (d.scope === 'all') {
    for (const k of d.kovs) rows.push(row('kov', `${k.name} (${k.kov})`, k));
    for (const x of d.templates) rows.push(row('template', x.name[locale] || x.name.et, x));
  }
  for (const dr of DRIVERS) rows.push([tr('feedback.dash.group.driver'), tr(`feedback.dash.driver.${dr}`), null, null, null, null, null, d.total.wentWell[dr], d.total.wentBadly[dr]]);
  return { header, rows };
}

/** The figures as CSV. */
export function figuresCsv(d: ServiceDashboard | KovDashboard | CompareDashboard, locale: Locale): string {
  const { header, rows } = figureRows(d, locale);
  return BOM + csvLine(header) + rows.map(csvLine).join('');
}

function xlsxOf(sheet: string, header: string[], rows: AsyncIterable<Cell[]> | Iterable<Cell[]>): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheet);
  ws.addRow(header).commit();
  void (async () => {
    for await (const r of rows) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
  })().catch((e: unknown) => out.destroy(e as Error));
  return out;
}

/** The figures as an XLSX workbook (one sheet), streamed. */
export function figuresXlsx(d: ServiceDashboard | KovDashboard | CompareDashboard, locale: Locale): Readable {
  const { header, rows } = figureRows(d, locale);
  return xlsxOf(translate(locale, 'feedback.dash.sheet.figures'), header, rows);
}

const EXPORT_PAGE = 5000;
const ANSWER_COLS = ['answered', 'service', 'channel', 'satisfaction', 'ease', 'went_well', 'went_badly', 'comment', 'lang'] as const;

/** Tallinn wall time 'YYYY-MM-DD HH:MM'. */
const wall = (d: Date) => new Date(d).toLocaleString('sv-SE', { timeZone: TIME_ZONE }).slice(0, 16);

/** Checks the export's period and service before a streamed export starts (a bad one is a 400 / 404, not a broken file). */
export async function checkAnswersExport(db: Db, kov: string, serviceId: string | null, q: DashQuery): Promise<{ filter: AppliedPeriod; serviceId: string | null }> {
  const filter = parsePeriod(q);
  return { filter, serviceId: serviceId ? (await serviceOf(db, kov, serviceId)).id : null };
}

async function* answerRows(db: Db, kov: string, serviceId: string | null, filter: AppliedPeriod, locale: Locale): AsyncGenerator<Cell[]> {
  const tr = (k: string) => translate(locale, k);
  const names = new Map((await serviceRefs(db, kov)).map((s) => [s.id, s.name[locale] || s.name.et]));
  const nameOf = async (id: string) => {
    if (!names.has(id)) {
      const s = await serviceRef(db, kov, id);
      names.set(id, s ? s.name[locale] || s.name.et : id);
    }
    return names.get(id)!;
  };
  const b = periodBounds(filter);
  const drivers = (xs: string[]) => xs.map((x) => tr(`feedback.dash.driver.${x}`)).join(', ');
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    // each page its own short transaction under the KOV's row-level security (keyset by time and id)
    const page: repo.AnswerExportRow[] = await db.tx((t) => repo.answersPage(t, kov, serviceId, b.from, b.to, after, EXPORT_PAGE), { kov });
    for (const r of page)
      yield [wall(r.answered_at), await nameOf(r.service_id), r.channel, r.satisfaction, r.ease, drivers(r.went_well), drivers(r.went_badly), r.comment, r.lang];
    if (page.length < EXPORT_PAGE) return;
    const last = page[page.length - 1]!;
    after = { at: last.answered_at, id: last.id };
  }
}

/** The KOV's answers in the period as CSV, streamed page by page. */
export function answersCsv(db: Db, kov: string, serviceId: string | null, filter: AppliedPeriod, locale: Locale): Readable {
  const header = ANSWER_COLS.map((k) => translate(locale, `feedback.dash.answer.${k}`));
  async function* gen() {
    yield BOM + csvLine(header);
    for await (const r of answerRows(db, kov, serviceId, filter, locale)) yield csvLine(r);
  }
  return Readable.from(gen());
}

/** The KOV's answers in the period as XLSX, streamed. */
export function answersXlsx(db: Db, kov: string, serviceId: string | null, filter: AppliedPeriod, locale: Locale): Readable {
  const header = ANSWER_COLS.map((k) => translate(locale, `feedback.dash.answer.${k}`));
  return xlsxOf(translate(locale, 'feedback.dash.sheet.answers'), header, answerRows(db, kov, serviceId, filter, locale));
}

/** The file name of an export: feedback-figures-0784-2026-01-2026-12.csv */
export function exportName(kind: 'figures' | 'answers', scope: string, f: AppliedPeriod, ext: 'csv' | 'xlsx'): string {
  return `feedback-${kind}-${scope}-${f.from}-${f.to}.${ext}`;
}
