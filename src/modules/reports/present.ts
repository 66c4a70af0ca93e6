// Rows → what the handlers' pages and JSON show (never raw rows out). The reporter's contact is in
// the handler's view only (these shapes are for reports.read holders, never public).
import proj4 from 'proj4';
import { now } from '../../kernel/clock.js';
import type { Locale } from '../../kernel/i18n.js';
import type { CategoryAttribute, GroupWithMembers } from './admin.js';
import type { ReportDetail } from './inbox.js';
import type { CategoryRow, EventRow, InboxRow, ReportRow } from './repo.js';

const LEST97 = 'EPSG:3301';
proj4.defs(
  LEST97,
  '+proj=lcc +lat_1=59.33333333333334 +lat_2=58 +lat_0=57.51755393055556 +lon_0=24 +x_0=500000 +y_0=6375000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
);
const toLest = proj4('EPSG:4326', LEST97);

/** WGS84 degrees → L-EST97 (EPSG:3301) metres, rounded to the centimetre; null without a point. */
export function lest97(lat: number | null, lon: number | null): { x: number; y: number } | null {
  if (lat === null || lon === null) return null;
  const [x, y] = toLest.forward([lon, lat]) as [number, number];
  return { x: Math.round(x * 100) / 100, y: Math.round(y * 100) / 100 };
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const categoryName = (c: Pick<CategoryRow, 'name_et' | 'name_en' | 'name_ru'>, l: Locale) => (l === 'en' ? c.name_en : l === 'ru' ? c.name_ru : c.name_et);

export function isOverdue(r: Pick<ReportRow, 'is_open' | 'expected_at' | 'status'>, at: Date = now()): boolean {
  return r.is_open && r.status !== 'unconfirmed' && r.expected_at !== null && new Date(r.expected_at).getTime() < at.getTime();
}

export function reportOut(r: ReportRow, cat: Pick<CategoryRow, 'code' | 'name_et' | 'name_en' | 'name_ru'>, groupName: string | null, duplicateOf: string | null, locale: Locale = 'et', withContact = true) {
  return {
    id: r.id,
    kov: r.kov_code,
    number: r.number,
    status: r.status,
    open: r.is_open,
    category: cat.code,
    categoryName: categoryName(cat, locale),
    domain: r.domain,
    groupId: r.group_id,
    groupName,
    description: r.description,
    lat: r.lat,
    lon: r.lon,
    lest97: lest97(r.lat, r.lon),
    address: r.address,
    unit: r.unit_code,
    source: r.source,
    reporter: withContact ? { kind: r.reporter_kind, name: r.reporter_name, email: r.reporter_email, phone: r.reporter_phone, notify: r.notify } : null,
    assignee: r.assignee_hash && r.assignee_name ? { idcodeHash: r.assignee_hash, name: r.assignee_name } : null,
    forwardedTo: r.forwarded_to,
    duplicateOf,
    createdAt: iso(r.created_at)!,
    confirmedAt: iso(r.confirmed_at),
    updatedAt: iso(r.updated_at)!,
    expectedAt: iso(r.expected_at),
    overdue: isOverdue(r),
    firstActionAt: iso(r.first_action_at),
    closedAt: iso(r.closed_at),
  };
}

export function inboxRowOut(r: InboxRow, locale: Locale, withContact: boolean) {
  return reportOut(r, { code: r.category_code, name_et: r.category_name_et, name_en: r.category_name_en, name_ru: r.category_name_ru }, r.group_name, null, locale, withContact);
}

/** An event's data with scalar values only (anything else as JSON text). */
function scalars(d: Record<string, unknown>): Record<string, string | number | boolean | null> {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v)]));
}

export function eventOut(e: EventRow) {
  return { seq: e.seq, kind: e.kind, public: e.public, status: e.status, body: e.body, actor: { kind: e.actor_kind, name: e.actor_name }, data: scalars(e.data ?? {}), at: iso(e.at)! };
}

export const photoUrl = (kov: string, photoId: string) => `/kov/${kov}/reports/photos/${photoId}`;
/** A photo as the KOV's handlers open it (any report of theirs, public or not). */
export const handlerPhotoUrl = (kov: string, reportId: string, photoId: string) => `/kov/${kov}/reports/admin/${reportId}/photos/${photoId}`;

export function detailOut(d: ReportDetail, locale: Locale, withContact: boolean) {
  return {
    report: reportOut(d.report, d.category, d.group?.name ?? null, d.duplicateOf, locale, withContact),
    events: d.events.map(eventOut),
    photos: d.photos.map((p) => ({ id: p.id, url: handlerPhotoUrl(d.report.kov_code, d.report.id, p.id), mime: p.mime, width: p.width, height: p.height })),
  };
}

export function categoryOut(c: CategoryRow) {
  return {
    id: c.id,
    code: c.code,
    domain: c.domain,
    names: { et: c.name_et, en: c.name_en, ru: c.name_ru },
    description: c.description,
    groupId: c.group_id,
    slaDays: c.sla_days,
    attributes: (c.attributes ?? []) as CategoryAttribute[],
    keywords: c.keywords,
    active: c.active,
    sort: c.sort,
  };
}

export function groupOut(g: GroupWithMembers) {
  return { id: g.id, name: g.name, email: g.email, members: g.members };
}
