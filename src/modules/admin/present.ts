// The audit log as people read it: an entry's before/after as a list of changed fields (name,
// before → after) instead of raw JSON, and the log as CSV (streamed, safe to open in a spreadsheet).
import type { Locale, T } from '../../kernel/i18n.js';
import { fmtDateTime, hasMessage } from '../../kernel/i18n.js';
import { auditActionName } from '../../kernel/module.js';
import type { AuditEntryView } from './service.js';

/** One field of an entry: its path (e.g. ['rules', 'minAge']) and its value before and after. */
export interface FieldChange {
  path: string[];
  before: unknown;
  after: unknown;
  /** True when the value differs (a field only in `after` is new, only in `before` removed). */
  changed: boolean;
}

/** More fields than this in one entry are cut, with a count of the rest. */
export const MAX_FIELDS = 60;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || v === undefined || typeof v !== 'object';

/**
 * Flattens a snapshot into leaf fields: objects by key, arrays of objects by position (1-based);
 * arrays of scalars stay one field. A scalar snapshot (not an object) is the field 'value'.
 */
function leaves(v: unknown, path: string[], out: Map<string, { path: string[]; value: unknown }>): void {
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) leaves(v[k], [...path, k], out);
    return;
  }
  if (Array.isArray(v) && !v.every(isScalar)) {
    v.forEach((x, i) => leaves(x, [...path, String(i + 1)], out));
    return;
  }
  out.set(path.join('\u0000'), { path: path.length ? path : ['value'], value: v });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of an entry's before and after, in the order they first appear. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = new Map<string, { path: string[]; value: unknown }>();
  const a = new Map<string, { path: string[]; value: unknown }>();
  if (before !== null && before !== undefined) leaves(before, [], b);
  if (after !== null && after !== undefined) leaves(after, [], a);
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  return keys.map((k) => {
    const path = (b.get(k) ?? a.get(k))!.path;
    const bv = b.get(k)?.value;
    const av = a.get(k)?.value;
    return { path, before: bv, after: av, changed: !same(bv, av) };
  });
}

/** A field's name: each part's label (admin.field.<part>) where there is one, else the part. */
export function fieldName(t: T, path: string[]): string {
  return path.map((p) => (hasMessage(`admin.field.${p}`) ? t(`admin.field.${p}`) : p)).join(' › ');
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A value as text: instants in Estonian date format, yes/no in the language, lists joined. */
export function valueText(t: T, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return t(v ? 'admin.value.yes' : 'admin.value.no');
  if (typeof v === 'string') return ISO_INSTANT.test(v) ? fmtDateTime(v) : v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(t, x)).join(', ') : '—';
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------- CSV

/**
 * One CSV cell, quoted. A text a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return) gets a leading apostrophe (OWASP's advice), so a name like
 * `=HYPERLINK(…)` typed into the system is shown, not run.
 */
export function csvCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

export const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;

export function auditCsvHeader(t: T): string {
  return csvLine([
    t('admin.audit.csv.seq'),
    t('admin.audit.col.time'),
    t('admin.audit.csv.actorKind'),
    t('admin.audit.col.actor'),
    t('admin.audit.csv.actionCode'),
    t('admin.audit.col.action'),
    t('admin.audit.csv.targetType'),
    t('admin.audit.csv.targetId'),
    t('admin.audit.col.changes'),
  ]);
}

/** One entry as a CSV line; its changes as `field: before → after` joined by '; '. */
export function auditCsvLine(t: T, locale: Locale, e: AuditEntryView): string {
  const changes = fieldChanges(e.before, e.after)
    .map((c) => {
      const name = fieldName(t, c.path);
      if (c.before === undefined) return `${name}: ${valueText(t, c.after)}`;
      if (!c.changed) return `${name}: ${valueText(t, c.after)}`;
      return `${name}: ${valueText(t, c.before)} → ${valueText(t, c.after)}`;
    })
    .join('; ');
  return csvLine([
    String(e.seq),
    fmtDateTime(e.at),
    t(`admin.audit.kind.${e.actor.kind}`),
    e.actor.name,
    e.action,
    auditActionName(e.action)?.[locale] ?? e.action,
    e.target.type ?? '',
    e.target.id ?? '',
    changes,
  ]);
}
