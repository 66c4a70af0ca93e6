// The automatic datasets' files: CSV (RFC 4180: UTF-8 without a byte order mark, a header row, CRLF
// line ends, fields quoted when they hold a comma, a quote or a line break) and JSON (an object with
// the dataset's id, scope, columns and rows). Both are made from the same rows and hold no time of
// generation, so the bytes change only when the data does. Pure: no database here.

/** A scalar cell, or a list (CSV: the items joined by "; "). */
export type Cell = string | number | boolean | null | readonly (string | number)[];
export type Row = Record<string, Cell>;

/** A CSV field: lists joined by "; ", null empty, booleans true/false; quoted when it must be. */
export function csvField(v: Cell): string {
  const s = v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV: the header row, then one line per row in the columns' order (CRLF after every line). */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => csvField(c)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The JSON file: { dataset, scope, columns, rows } (rows as objects with every column, in order). */
export function toJson(dataset: string, scope: string, columns: readonly string[], rows: readonly Row[]): string {
  const ordered = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
  return `${JSON.stringify({ dataset, scope, columns, rows: ordered }, null, 1)}\n`;
}
