// The reports core: a new report (validated, numbered, routed to the handler group of its category,
// its expected-by date from the category's target) and the one way every change is recorded: an event
// in the report's history, written in the same transaction as the change (the outbox that webhooks and
// the changes feed deliver from). Handling, mail, Open311, webhooks and analytics build on these.
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { badRequest, notFound, type FieldError } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import { locatePoint } from '../territory/index.js';
import * as repo from './repo.js';
import * as o from './repo/open311.js';
import type { CategoryRow, Domain, EventActorKind, EventKind, ReportRow, ReportStatus } from './repo.js';

export type { CategoryRow, Domain, EventKind, EventRow, GroupRow, ReportRow, ReportStatus } from './repo.js';

export const DOMAINS: readonly Domain[] = ['roads', 'lighting', 'waste', 'greenery', 'water', 'public_order', 'other'];
export const OPEN_STATUSES: readonly ReportStatus[] = ['unconfirmed', 'received', 'in_progress', 'scheduled', 'reopened'];
export const CLOSED_STATUSES: readonly ReportStatus[] = ['fixed', 'forwarded', 'duplicate', 'closed'];
export const MAX_DESCRIPTION = 4000;
/** The actor name of the reporter's own acts in a report's history (never her name). */
export const REPORTER_ACTOR = 'reporter';
export const MAX_ADDRESS = 300;
/** Estonia's bounding box in WGS84 degrees (the table's CHECK says the same). */
export const ESTONIA = { minLat: 57.3, maxLat: 59.9, minLon: 21.5, maxLon: 28.3 } as const;
const DAY_MS = 86_400_000;

export type Lang = 'et' | 'en' | 'ru';

/** Who reports: a person signed in through TARA, someone anonymous with an e-mail address, or a KOV system. */
export type Reporter =
  | { kind: 'person'; idcodeHash: string; name: string; email: string | null; phone: string | null }
  | { kind: 'email'; email: string; name: string | null; phone: string | null }
  | { kind: 'apikey'; name: string; email: string | null; phone: string | null; confirmed: boolean };

export interface NewReport {
  /** The KOV the reporter chose (or the API key's); a point inside a KOV's imported boundaries decides instead. */
  kov: string;
  /** The category's code (the Open311 service_code). */
  category: string;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  attributes?: Record<string, unknown>;
  source: 'web' | 'open311' | 'api';
  reporter: Reporter;
  /** The reporter wants e-mail on every public change. */
  notify: boolean;
  lang: Lang;
  /** Up to MAX_PHOTOS photos, already processed. */
  photos?: ReportPhoto[];
  /**
   * The settlement unit (EHAK code) the sender named (Open311 address_id), already checked to be one of
   * the KOV's: kept when the point does not decide the unit (no point, or no imported boundaries there).
   */
  unitCode?: string | null;
  /** Loose uploads (Open311 POST media) to attach after `photos`, in the report's transaction. */
  attachUploads?: string[];
  /**
   * Someone else's image URL (Open311 media_url, kept in `attributes.media_url`) to fetch as this
   * photo id: recorded in the report's transaction, so the sweep fetches it even if the prompt job is
   * never sent (open311-media.ts). `after`: when the sweep may take it.
   */
  mediaFetch?: { photoId: string; after: Date };
}

export interface CreatedReport {
  id: string;
  kov: string;
  number: string;
  token: string;
  status: ReportStatus;
}

/** A photo ready to keep: checked, EXIF stripped and resized (photos.ts). */
export interface ReportPhoto {
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  bytes: Buffer;
}

export const MAX_PHOTOS = 5;

const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL_RE.test(s);
}

/** The fields of a new report that are wrong (empty: fine). Field names are the form's. */
export function validateNewReport(r: Pick<NewReport, 'description' | 'lat' | 'lon' | 'address' | 'reporter' | 'photos'>): FieldError[] {
  const errors: FieldError[] = [];
  const d = r.description.trim();
  if (!d || d.length > MAX_DESCRIPTION) errors.push({ field: 'description', reason: 'reports.error.description' });
  const hasPoint = r.lat !== null && r.lon !== null;
  if ((r.lat === null) !== (r.lon === null) || (hasPoint && (!Number.isFinite(r.lat) || !Number.isFinite(r.lon)))) {
    errors.push({ field: 'place', reason: 'reports.error.place' });
  } else if (hasPoint && (r.lat! < ESTONIA.minLat || r.lat! > ESTONIA.maxLat || r.lon! < ESTONIA.minLon || r.lon! > ESTONIA.maxLon)) {
    errors.push({ field: 'place', reason: 'reports.error.outside' });
  } else if (!hasPoint && !r.address?.trim()) {
    errors.push({ field: 'place', reason: 'reports.error.place' });
  }
  if (r.address && r.address.length > MAX_ADDRESS) errors.push({ field: 'address', reason: 'reports.error.address' });
  if (r.reporter.kind === 'email' && !isEmail(r.reporter.email)) errors.push({ field: 'email', reason: 'reports.error.email' });
  if ((r.photos?.length ?? 0) > MAX_PHOTOS) errors.push({ field: 'photos', reason: 'reports.error.photos' });
  if (r.reporter.kind !== 'email' && r.reporter.email !== null && !isEmail(r.reporter.email)) errors.push({ field: 'email', reason: 'reports.error.email' });
  return errors;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(24).toString('base64url');

/** The expected-by date: the received time plus the category's target in calendar days. */
export function expectedBy(received: Date, slaDays: number): Date {
  return new Date(received.getTime() + slaDays * DAY_MS);
}

/** The report number as people cite it: 2026-000123. */
export function formatNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(6, '0')}`;
}

function eventActor(r: Reporter): { kind: EventActorKind; name: string } {
  if (r.kind === 'apikey') return { kind: 'apikey', name: r.name };
  // the reporter's name or address is personal data: the history (and the outbox) keep only that it was she
  return { kind: 'reporter', name: REPORTER_ACTOR };
}

/** Where a new report goes: its KOV, the category code there, and the settlement unit (null: not located). */
export interface Route {
  kov: string;
  category: string;
  unit: string | null;
}

/**
 * Routes a new report. The category must be an active one of the KOV the reporter chose. When the
 * point lies in a settlement unit some KOV has imported boundaries for, the report goes to that KOV
 * with the unit set, in its category of the same code, else its first of the same domain, else its
 * first 'other' one; a KOV with none of these keeps the report with the KOV chosen. Without a point,
 * or a point in no imported unit, the report stays with the KOV chosen.
 */
export async function routeReport(db: Db, input: Pick<NewReport, 'kov' | 'category' | 'lat' | 'lon'>): Promise<Route> {
  const chosen = await db.tx((t) => repo.categoryByCode(t, input.kov, input.category), { kov: input.kov });
  if (!chosen || !chosen.active) throw badRequest([{ field: 'category', reason: 'reports.error.category' }]);
  const stay: Route = { kov: input.kov, category: chosen.code, unit: null };
  if (input.lat === null || input.lon === null) return stay;
  const at = await locatePoint(db, input.lat, input.lon);
  if (!at) return stay;
  if (at.kov === input.kov) return { ...stay, unit: at.unit };
  const theirs = await db.tx((t) => repo.categoriesOf(t, at.kov, true), { kov: at.kov });
  const pick = theirs.find((c) => c.code === chosen.code) ?? theirs.find((c) => c.domain === chosen.domain) ?? theirs.find((c) => c.domain === 'other');
  return pick ? { kov: at.kov, category: pick.code, unit: at.unit } : stay;
}

/**
 * Stores a new report and its 'created' event in one transaction. An anonymous report waits for its
 * e-mail confirmation (status unconfirmed, no expected-by date yet: the reporter notifier mails the
 * confirmation link); a signed-in person's and a KOV system's are received at once. Photos are
 * stored in the same transaction. A report a KOV system enters (API key) is an official's act: audited.
 */
export async function createReport(db: Db, input: NewReport, actor?: Actor): Promise<CreatedReport> {
  const errors = validateNewReport(input);
  if (errors.length) throw badRequest(errors);
  const route = await routeReport(db, input);
  const kov = route.kov;
  const unit = route.unit ?? (route.kov === input.kov ? (input.unitCode ?? null) : null);
  return db.tx(
    async (t) => {
      const category = await repo.categoryByCode(t, kov, route.category);
      if (!category || !category.active) throw badRequest([{ field: 'category', reason: 'reports.error.category' }]);
      const at = now();
      const confirmed = input.reporter.kind === 'person' || (input.reporter.kind === 'apikey' && input.reporter.confirmed);
      const id = uuidv7();
      const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Tallinn', year: 'numeric' }).format(at));
      const number = formatNumber(year, await repo.nextNumber(t, kov, year));
      const token = newToken();
      const status: ReportStatus = confirmed || input.reporter.kind !== 'email' ? 'received' : 'unconfirmed';
      const r = input.reporter;
      await repo.insertReport(t, {
        id,
        kov,
        number,
        categoryId: category.id,
        domain: category.domain,
        groupId: category.group_id,
        status,
        description: input.description.trim(),
        lat: input.lat,
        lon: input.lon,
        address: input.address?.trim() || null,
        unitCode: unit,
        attributes: input.attributes ?? {},
        source: input.source,
        reporterKind: r.kind,
        reporterHash: r.kind === 'person' ? r.idcodeHash : null,
        reporterName: r.name,
        reporterEmail: r.email,
        reporterPhone: r.phone,
        notify: input.notify && r.email !== null,
        lang: input.lang,
        confirmHash: null,
        token,
        createdAt: at,
        confirmedAt: status === 'received' ? at : null,
        expectedAt: status === 'received' ? expectedBy(at, category.sla_days) : null,
      });
      const who = eventActor(r);
      await repo.insertEvent(t, { kov, reportId: id, kind: 'created', public: status !== 'unconfirmed', status, body: null, actorKind: who.kind, actorName: who.name, data: { category: category.code, ...(route.kov !== input.kov ? { routedFrom: input.kov } : {}), ...(unit ? { unit } : {}) }, at });
      for (const [i, p] of (input.photos ?? []).entries()) await repo.insertPhoto(t, { id: uuidv7(), kov, reportId: id, ordinal: i, ...p });
      if (input.attachUploads?.length) await o.attachPhotos(t, kov, id, input.attachUploads, input.photos?.length ?? 0, null);
      if (input.mediaFetch) await o.markMediaFetch(t, kov, id, input.mediaFetch.photoId, input.mediaFetch.after);
      if (actor && actor.kind !== 'system') {
        await recordAudit(t, { kov, actor, action: 'reports.report.create', targetType: 'reports_report', targetId: id, after: { number, category: category.code, source: input.source } });
      }
      return { id, kov, number, token, status };
    },
    { kov },
  );
}

/** A report of the KOV by id (404 when there is none). */
export async function getReport(db: Db, kov: string, id: string): Promise<ReportRow> {
  const r = await db.tx((t) => repo.reportById(t, kov, id), { kov });
  if (!r) throw notFound('reports.error.notFound');
  return r;
}

export async function categoriesOf(db: Db, kov: string, activeOnly = true): Promise<CategoryRow[]> {
  return db.tx((t) => repo.categoriesOf(t, kov, activeOnly), { kov });
}

/**
 * Appends an event to a report's history in the caller's transaction; the caller has locked the
 * report (repo.reportById … forUpdate) and made the change the event records.
 */
export async function recordEvent(
  t: Tx,
  report: Pick<ReportRow, 'id' | 'kov_code'>,
  e: { kind: EventKind; public: boolean; status: ReportStatus; body?: string | null; actor: { kind: EventActorKind; name: string }; data?: Record<string, unknown> },
): Promise<{ id: string; seq: number }> {
  return repo.insertEvent(t, {
    kov: report.kov_code,
    reportId: report.id,
    kind: e.kind,
    public: e.public,
    status: e.status,
    body: e.body ?? null,
    actorKind: e.actor.kind,
    actorName: e.actor.name,
    data: e.data ?? {},
    at: now(),
  });
}
