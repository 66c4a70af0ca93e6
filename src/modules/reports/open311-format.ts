// Open311 output in the spec's two formats: JSON as is, XML built from the same value with the spec's
// element names (a list's items are named by its parent: <services><service>…, <service_requests>
// <request>…, <values><value>…). Text is escaped; characters XML 1.0 cannot carry are dropped.

export type Format = 'json' | 'xml';
export type Plain = string | number | boolean | null | undefined | Plain[] | { [k: string]: Plain };

/** The element name of a list's items, by the list's own name. */
export const ITEM_OF: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests: 'request',
  status_notes_history: 'note',
  service_request_updates: 'request_update',
  media_uploads: 'media',
  errors: 'error',
};

export const MIME: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, v: Plain): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (Array.isArray(v)) {
    const item = ITEM_OF[name] ?? 'item';
    return `<${name}>${v.map((x) => element(item, x)).join('')}</${name}>`;
  }
  if (typeof v === 'object') {
    return `<${name}>${Object.entries(v)
      .map(([k, x]) => element(k, x))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(v))}</${name}>`;
}

/** An XML document whose root element is `root` holding `value` (a list: one item element each). */
export function toXml(root: string, value: Plain): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}

/** The body in the asked format; `root` names the XML root (a list's items are named by ITEM_OF). */
export function render(fmt: Format, root: string, value: Plain): string {
  return fmt === 'json' ? JSON.stringify(value) : toXml(root, value);
}

/** The spec's error list. */
export function errorBody(fmt: Format, errors: { code: number; description: string }[]): string {
  return render(fmt, 'errors', errors);
}

/** A W3C datetime (ISO 8601 with zone) in UTC, or null. */
export function w3c(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  const x = d instanceof Date ? d : new Date(d);
  return Number.isNaN(x.getTime()) ? null : x.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
