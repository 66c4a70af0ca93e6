// Open311 GeoReport v2 (with FixMyStreet's servicerequestupdates and a media upload): the KOV's
// categories as services, reports as service requests. One API serves every KOV, so jurisdiction_id
// (the KOV's EHAK code) is required. Reads show only confirmed reports and never the reporter's
// personal data. Writes need an API key of the jurisdiction's KOV with the write scope: a request is
// created through createReport (source open311), an update is applied through handleReport.
import type { Actor } from '../../kernel/audit.js';
import { verifyApiKey, type ApiKeyPrincipal } from '../../kernel/auth.js';
import { now, tallinnLocalToDate } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import type { Locale } from '../../kernel/i18n.js';
import { translator } from '../../kernel/i18n.js';
import { uuidv7 } from '../../kernel/ids.js';
import { findTenant } from '../../kernel/tenants.js';
import { settlementUnitsOf } from '../territory/index.js';
import { handleReport, type HandlerAction } from './handling.js';
import { w3c } from './open311-format.js';
import type { MediaFetch } from './open311-media.js';
import { MEDIA_SWEEP_GRACE_SECONDS } from './open311-media.js';
import * as repo from './repo.js';
import * as o from './repo/open311.js';
import type { PublicEventRow, PublicRequestRow } from './repo/open311.js';
import { urlProblem } from './webhook-deliver.js';
import { createReport, isEmail, MAX_DESCRIPTION, MAX_PHOTOS, routeReport, type ReportPhoto, type ReportStatus } from './service.js';

/** An answer in the spec's error format: [{code, description}] with the HTTP status `code`. */
export class Open311Error extends Error {
  constructor(
    public readonly code: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429,
    public readonly description: string,
  ) {
    super(description);
  }
}

const bad = (description: string) => new Open311Error(400, description);

export type Params = Record<string, unknown>;

/** The most a list answers in one page, and its default. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;
/** The widest start_date…end_date window, and the default window (the spec's 90 days). */
export const MAX_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

// ---------- parameters ----------

/** One string value of a parameter (the first of repeated ones); '' when absent. */
export function one(p: Params, name: string): string {
  const v = p[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0].trim() : '';
  return typeof v === 'string' ? v.trim() : '';
}

function list(p: Params, name: string): string[] {
  const v = one(p, name);
  return v ? [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))] : [];
}

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A W3C datetime with its zone (a bare date is midnight in Tallinn); undefined when absent. */
export function parseW3c(p: Params, name: string): Date | undefined {
  const s = one(p, name);
  if (!s) return undefined;
  let d: Date | null = null;
  if (DATETIME_RE.test(s)) d = new Date(s);
  else if (DATE_RE.test(s)) d = tallinnLocalToDate(`${s}T00:00`);
  if (!d || Number.isNaN(d.getTime())) throw bad(`${name} must be a W3C datetime with a time zone, e.g. 2026-12-01T10:00:00+02:00`);
  return d;
}

function intParam(p: Params, name: string, dflt: number, min: number, max: number): number {
  const s = one(p, name);
  if (!s) return dflt;
  if (!/^\d{1,9}$/.test(s)) throw bad(`${name} must be a whole number`);
  const n = Number(s);
  if (n < min || n > max) throw bad(`${name} must be between ${min} and ${max}`);
  return n;
}

/** The language of names and notices: `locale` (et, en, ru or a tag such as en-GB), else Accept-Language, else Estonian. */
export function localeOf(p: Params, acceptLanguage: string | undefined): Locale {
  const tags = [one(p, 'locale'), ...(acceptLanguage ?? '').split(',').map((x) => x.split(';')[0]!.trim())];
  for (const t of tags) {
    const l = t.slice(0, 2).toLowerCase();
    if (l === 'et' || l === 'en' || l === 'ru') return l;
  }
  return 'et';
}

// ---------- jurisdiction and key ----------

/** The jurisdiction_id as given (400 when missing); whether it is a KOV is checked by the read's own transaction (inTenant). */
export function jurisdictionOf(p: Params): string {
  const id = one(p, 'jurisdiction_id');
  if (!id) throw bad('jurisdiction_id was not provided: give the KOV\'s 4-digit EHAK code, e.g. 0784');
  return id;
}

const unknownJurisdiction = (id: string) => new Open311Error(404, `jurisdiction_id ${id.slice(0, 20)} was not found`);

/** A read in one transaction of the KOV, after checking that the jurisdiction is a KOV (404 otherwise). */
async function inTenant<T>(db: Db, kov: string, fn: (t: Tx) => Promise<T>): Promise<T> {
  if (!/^\d{4}$/.test(kov)) throw unknownJurisdiction(kov);
  return db.tx(
    async (t) => {
      if (!(await findTenant(t, kov))) throw unknownJurisdiction(kov);
      return fn(t);
    },
    { kov },
  );
}

/** The KOV a write is about: jurisdiction_id is required (this endpoint serves every KOV) and must be a KOV. */
export async function jurisdiction(db: Db, p: Params): Promise<string> {
  const id = jurisdictionOf(p);
  const tenant = /^\d{4}$/.test(id) ? await db.tx((t) => findTenant(t, id)) : null;
  if (!tenant) throw unknownJurisdiction(id);
  return tenant.code;
}

/**
 * The API key of a write (the api_key parameter, or an Authorization: Bearer key the kernel already
 * checked): it must belong to the jurisdiction's KOV and have the write scope.
 */
export async function writeKey(db: Db, kov: string, p: Params, headerKey: ApiKeyPrincipal | null): Promise<ApiKeyPrincipal> {
  const given = one(p, 'api_key');
  const key = given ? await verifyApiKey(db, given) : headerKey;
  if (!key) throw new Open311Error(403, 'api_key was not provided');
  if (key === 'invalid') throw new Open311Error(403, 'api_key is not valid');
  if (key.kov !== kov) throw new Open311Error(403, 'api_key does not belong to this jurisdiction');
  if (!key.scopes.includes('write')) throw new Open311Error(403, 'api_key has no write scope');
  return key;
}

export const keyActor = (k: ApiKeyPrincipal): Actor => ({ kind: 'apikey', id: k.id, name: `API key ${k.name}` });

// ---------- discovery and services ----------

export function discovery(baseUrl: string, contact: string): Record<string, unknown> {
  return {
    changeset: '2026-12-07T00:00:00Z',
    contact,
    key_service: 'API keys are issued by each KOV on its admin page (Haldus → API-võtmed) with the write scope.',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset: '2026-12-07T00:00:00Z',
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

const nameOf = (c: { name_et: string; name_en: string; name_ru: string }, l: Locale) => (l === 'en' ? c.name_en : l === 'ru' ? c.name_ru : c.name_et);

export interface ServiceOut {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export async function services(db: Db, kov: string, locale: Locale): Promise<ServiceOut[]> {
  const cats = await inTenant(db, kov, (t) => repo.categoriesOf(t, kov, true));
  return cats.map((c) => ({
    service_code: c.code,
    service_name: nameOf(c, locale),
    description: c.description,
    metadata: attributesOf(c.attributes, locale).some((a) => a.variable),
    type: 'realtime',
    keywords: c.keywords,
    group: c.domain,
  }));
}

export interface AttributeOut {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;

function localized(v: unknown, l: Locale): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const s = o[l] ?? o.et ?? Object.values(o)[0];
    return typeof s === 'string' ? s : '';
  }
  return '';
}

/** A category's stored attributes as the spec's service definition attributes (ill-formed entries are skipped). */
export function attributesOf(raw: unknown[], l: Locale): AttributeOut[] {
  const out: AttributeOut[] = [];
  raw.forEach((x, i) => {
    if (!x || typeof x !== 'object') return;
    const a = x as Record<string, unknown>;
    const code = typeof a.code === 'string' ? a.code : '';
    const datatype = DATATYPES.find((d) => d === a.datatype);
    if (!code || !datatype) return;
    const values = Array.isArray(a.values)
      ? a.values.flatMap((v) => {
          if (typeof v === 'string') return [{ key: v, name: v }];
          if (v && typeof v === 'object' && (typeof (v as { key?: unknown }).key === 'string' || typeof (v as { key?: unknown }).key === 'number')) {
            const key = String((v as { key: string | number }).key);
            return [{ key, name: localized((v as { name?: unknown }).name, l) || key }];
          }
          return [];
        })
      : [];
    out.push({
      variable: a.variable !== false,
      code,
      datatype,
      required: a.required === true,
      datatype_description: localized(a.datatype_description, l),
      order: typeof a.order === 'number' ? a.order : i + 1,
      description: localized(a.description, l) || code,
      values,
    });
  });
  return out.sort((a, b) => a.order - b.order);
}

export async function serviceDefinition(db: Db, kov: string, code: string, locale: Locale): Promise<{ service_code: string; attributes: AttributeOut[] }> {
  const c = await inTenant(db, kov, (t) => repo.categoryByCode(t, kov, code));
  if (!c || !c.active) throw new Open311Error(404, `service_code ${code.slice(0, 64)} was not found`);
  return { service_code: c.code, attributes: attributesOf(c.attributes, locale) };
}

/** The values of attribute[code] (repeated or with [] for a multivaluelist). */
function attributeValues(p: Params, code: string): string[] {
  const out: string[] = [];
  for (const k of [`attribute[${code}]`, `attribute[${code}][]`]) {
    const v = p[k];
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && x.trim() !== '') out.push(x.trim());
  }
  // a JSON-ish nested body: attribute: { code: value }
  const nested = p.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    const v = (nested as Record<string, unknown>)[code];
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && x.trim() !== '') out.push(x.trim());
  }
  return out;
}

/** Checks attribute[code] values against the service definition; answers what to store. */
export function validateAttributes(defs: AttributeOut[], p: Params): Record<string, unknown> {
  const known = new Set(defs.map((d) => d.code));
  for (const k of Object.keys(p)) {
    const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(k);
    if (m && !known.has(m[1]!)) throw bad(`attribute[${m[1]!.slice(0, 64)}] is not an attribute of this service`);
  }
  const out: Record<string, unknown> = {};
  for (const d of defs) {
    if (!d.variable) continue;
    const vs = attributeValues(p, d.code);
    if (!vs.length) {
      if (d.required) throw bad(`attribute[${d.code}] is required`);
      continue;
    }
    const keys = new Set(d.values.map((v) => v.key));
    switch (d.datatype) {
      case 'multivaluelist':
        for (const v of vs) if (!keys.has(v)) throw bad(`attribute[${d.code}]: ${v.slice(0, 64)} is not one of its values`);
        out[d.code] = [...new Set(vs)];
        break;
      case 'singlevaluelist':
        if (vs.length > 1 || !keys.has(vs[0]!)) throw bad(`attribute[${d.code}]: ${vs[0]!.slice(0, 64)} is not one of its values`);
        out[d.code] = vs[0];
        break;
      case 'number': {
        const n = Number(vs[0]);
        if (vs.length > 1 || !/^-?\d+(\.\d+)?$/.test(vs[0]!) || !Number.isFinite(n)) throw bad(`attribute[${d.code}] must be a number`);
        out[d.code] = n;
        break;
      }
      case 'datetime': {
        let dt: Date | undefined;
        try {
          dt = parseW3c({ v: vs[0] }, 'v');
        } catch {
          dt = undefined;
        }
        if (vs.length > 1 || !dt) throw bad(`attribute[${d.code}] must be a W3C datetime`);
        out[d.code] = w3c(dt);
        break;
      }
      default:
        if (vs.length > 1 || vs[0]!.length > (d.datatype === 'text' ? 4000 : 500)) throw bad(`attribute[${d.code}] is too long or repeated`);
        out[d.code] = vs[0];
    }
  }
  return out;
}

// ---------- media ----------

const MEDIA_RE = /\/kov\/(\d{4})\/reports\/photos\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?#].*)?$/i;

export const photoUrl = (baseUrl: string, kov: string, id: string) => `${baseUrl}/kov/${kov}/reports/photos/${id}`;

/** The photo id a media_url of ours names (for the KOV), or null for someone else's URL. */
export function ourMedia(kov: string, url: string): string | null {
  const m = MEDIA_RE.exec(url);
  if (!m) return null;
  if (m[1] !== kov) throw bad('media_url names a photo of another jurisdiction');
  return m[2]!.toLowerCase();
}

/** Keeps an uploaded photo (already processed) until a request names its media_url. */
export async function storeMedia(db: Db, kov: string, photo: ReportPhoto): Promise<string> {
  const id = uuidv7();
  await db.tx((t) => o.insertLoosePhoto(t, { id, kov, ...photo }), { kov });
  return id;
}

// ---------- POST requests ----------

export interface PostedRequest {
  service_request_id: string;
  service_notice: string;
  account_id: null;
  token: string;
}

export async function postRequest(
  db: Db,
  kov: string,
  key: ApiKeyPrincipal,
  p: Params,
  opts: { locale: Locale; photos: ReportPhoto[]; baseUrl: string; fetchMedia?: (job: MediaFetch) => Promise<unknown> },
): Promise<PostedRequest> {
  const code = one(p, 'service_code');
  if (!code) throw bad('service_code was not provided');
  const category = await db.tx((t) => repo.categoryByCode(t, kov, code), { kov });
  if (!category || !category.active) throw new Open311Error(404, `service_code ${code.slice(0, 64)} was not found`);
  const attributes = validateAttributes(attributesOf(category.attributes, opts.locale), p);

  const latS = one(p, 'lat');
  const lonS = one(p, 'long') || one(p, 'lon');
  let address = one(p, 'address_string');
  // address_id: an EHAK settlement unit code of the jurisdiction (docs/open311.md)
  const addressId = one(p, 'address_id');
  let unit: { code: string; name: string } | null = null;
  if (addressId) {
    if (!/^\d{4}$/.test(addressId)) throw bad('address_id must be an EHAK settlement unit code (4 digits)');
    unit = (await db.tx((t) => settlementUnitsOf(t, kov), { kov })).find((u) => u.code === addressId) ?? null;
    if (!unit) throw bad(`address_id ${addressId} is not a settlement unit of jurisdiction ${kov}`);
  }
  let lat: number | null = null;
  let lon: number | null = null;
  if (latS || lonS) {
    if (!latS || !lonS) throw bad('lat and long must be given together');
    if (!/^-?\d{1,3}(\.\d+)?$/.test(latS) || !/^-?\d{1,3}(\.\d+)?$/.test(lonS)) throw bad('lat and long must be decimal degrees (WGS84)');
    lat = Number(latS);
    lon = Number(lonS);
    if (lat < 57.3 || lat > 59.9 || lon < 21.5 || lon > 28.3) throw bad('lat/long is outside Estonia');
  } else if (!address && !unit) {
    throw bad('a location was not provided: give lat and long, address_string or address_id');
  }
  if (address.length > 300) throw bad('address_string is longer than 300 characters');
  const description = one(p, 'description');
  if (!description) throw bad('description was not provided');
  if (description.length > MAX_DESCRIPTION) throw bad(`description is longer than ${MAX_DESCRIPTION} characters`);
  const email = one(p, 'email') || null;
  if (email && !isEmail(email)) throw bad('email is not a valid e-mail address');
  const phone = one(p, 'phone').slice(0, 40) || null;
  const person = [one(p, 'first_name'), one(p, 'last_name')].filter(Boolean).join(' ').slice(0, 200);

  // media: our uploads by media_url (attached after the report is stored); someone else's image URL
  // kept as an attribute and fetched by a job (open311-media.ts: the SSRF guard, the photo pipeline)
  const mediaIds: string[] = [];
  let remote: string | null = null;
  const mediaUrl = one(p, 'media_url');
  if (mediaUrl) {
    if (mediaUrl.length > 2000) throw bad('media_url is too long');
    const id = ourMedia(kov, mediaUrl);
    if (id) {
      const loose = await db.tx((t) => o.loosePhotos(t, kov, [id]), { kov });
      if (!loose.length) throw bad('media_url does not name an unattached upload of this jurisdiction (POST /media first)');
      mediaIds.push(id);
    } else if (/^https?:\/\//i.test(mediaUrl)) {
      const problem = urlProblem(mediaUrl);
      if (problem) throw bad(`media_url is not allowed (${problem.split('.').pop()})`);
      attributes.media_url = mediaUrl;
      remote = mediaUrl;
    } else throw bad('media_url must be an http(s) URL');
  }
  if (opts.photos.length + mediaIds.length + (remote ? 1 : 0) > MAX_PHOTOS) throw bad(`at most ${MAX_PHOTOS} photos`);
  // A point inside another KOV's imported boundaries would route the report there (routeReport), and
  // its number would name another report here: a request is refused rather than moved out of its jurisdiction.
  if (lat !== null && lon !== null) {
    const route = await routeReport(db, { kov, category: category.code, lat, lon });
    if (route.kov !== kov) throw bad(`lat/long lies in jurisdiction ${route.kov}: post the request with that jurisdiction_id`);
    if (unit && route.unit && route.unit !== unit.code) throw bad(`lat/long lies in settlement unit ${route.unit}, not in address_id ${unit.code}`);
  }
  // only a unit named: the place is described by its name
  if (unit && !address && lat === null) address = unit.name;

  // the fetch is recorded in the report's transaction; the prompt job after the commit is only the fast path
  const fetch = remote ? { url: remote, photoId: uuidv7() } : null;
  const created = await createReport(
    db,
    {
      kov,
      category: category.code,
      description,
      lat,
      lon,
      address: address || null,
      attributes,
      source: 'open311',
      reporter: { kind: 'apikey', name: person ? `${key.name} (${person})` : key.name, email, phone, confirmed: true },
      notify: !!email,
      lang: opts.locale,
      photos: opts.photos,
      unitCode: unit?.code ?? null,
      attachUploads: mediaIds,
      ...(fetch ? { mediaFetch: { photoId: fetch.photoId, after: new Date(now().getTime() + MEDIA_SWEEP_GRACE_SECONDS * 1000) } } : {}),
    },
    keyActor(key),
  ).catch((e: unknown) => {
    if (isHttpError(e) && e.status === 400) throw bad(`invalid ${e.fields.map((f) => f.field).join(', ') || 'request'}`);
    throw e;
  });
  if (fetch && opts.fetchMedia) await opts.fetchMedia({ kov: created.kov, reportId: created.id, ...fetch });
  const t = translator(opts.locale);
  return { service_request_id: created.number, service_notice: t('reports.open311.notice', { number: created.number }), account_id: null, token: created.token };
}

// ---------- GET requests ----------

export interface RequestOut {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string | null;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  detailed_status?: string;
  status_notes_history?: { updated_datetime: string | null; status: string; detailed_status: string; description: string | null; media_url: string | null }[];
}

async function closedAfter(t: Tx, kov: string): Promise<Date | null> {
  const months = await o.keepMonths(t, kov);
  if (months === null) return null;
  const d = now();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()));
}

function requestOut(r: PublicRequestRow, l: Locale, baseUrl: string, kov: string): RequestOut {
  return {
    service_request_id: r.number,
    status: r.is_open ? 'open' : 'closed',
    status_notes: r.status_notes,
    service_name: nameOf(r, l),
    service_code: r.service_code,
    description: r.description,
    agency_responsible: r.group_name,
    service_notice: null,
    requested_datetime: r.requested,
    updated_datetime: r.updated,
    expected_datetime: r.is_open ? r.expected : null,
    address: r.address,
    address_id: r.unit_code,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: r.photo_id ? photoUrl(baseUrl, kov, r.photo_id) : null,
  };
}

export async function listRequests(db: Db, kov: string, p: Params, opts: { locale: Locale; baseUrl: string }): Promise<RequestOut[]> {
  const numbers = list(p, 'service_request_id');
  if (numbers.length > MAX_PAGE_SIZE) throw bad(`service_request_id lists at most ${MAX_PAGE_SIZE} ids`);
  if (numbers.length) {
    // the spec: service_request_id overrides every other argument
    const byId = { numbers, closedAfter: null, limit: numbers.length, offset: 0 };
    const rows = await inTenant(db, kov, async (t) => o.listRequests(t, kov, { ...byId, closedAfter: await closedAfter(t, kov) }));
    return rows.map((r) => requestOut(r, opts.locale, opts.baseUrl, kov));
  }
  const codes = list(p, 'service_code');
  const statusS = one(p, 'status');
  const statuses = statusS ? statusS.split(',').map((s) => s.trim().toLowerCase()) : [];
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw bad('status must be open or closed');
  const open = statuses.length === 1 ? statuses[0] === 'open' : undefined;
  let from = parseW3c(p, 'start_date');
  let to = parseW3c(p, 'end_date');
  if (from && to && from > to) throw bad('start_date is after end_date');
  if (from && to && to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) throw bad(`start_date to end_date spans more than ${MAX_WINDOW_DAYS} days`);
  // the spec's default window: the last 90 days
  if (!from && !to) from = new Date(now().getTime() - MAX_WINDOW_DAYS * DAY_MS);
  else if (from && !to) to = new Date(from.getTime() + MAX_WINDOW_DAYS * DAY_MS);
  else if (!from && to) from = new Date(to.getTime() - MAX_WINDOW_DAYS * DAY_MS);
  const pageSize = intParam(p, 'page_size', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const page = intParam(p, 'page', 1, 1, 1_000_000);
  const f: o.RequestFilter = {
    codes,
    from,
    to: to ? new Date(to.getTime() + 1) : undefined,
    open,
    updatedAfter: parseW3c(p, 'updated_after'),
    updatedBefore: parseW3c(p, 'updated_before'),
    agencies: list(p, 'agency_responsible'),
    closedAfter: null,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  const rows = await inTenant(db, kov, async (t) => o.listRequests(t, kov, { ...f, closedAfter: await closedAfter(t, kov) }));
  return rows.map((r) => requestOut(r, opts.locale, opts.baseUrl, kov));
}

/** Our statuses as FixMyStreet's update statuses. */
export const FMS_STATUS: Record<ReportStatus, string> = {
  unconfirmed: 'OPEN',
  received: 'OPEN',
  reopened: 'OPEN',
  in_progress: 'IN_PROGRESS',
  scheduled: 'ACTION_SCHEDULED',
  fixed: 'FIXED',
  forwarded: 'NOT_COUNCILS_RESPONSIBILITY',
  duplicate: 'DUPLICATE',
  closed: 'CLOSED',
};

const isOpen = (s: ReportStatus) => s === 'unconfirmed' || s === 'received' || s === 'in_progress' || s === 'scheduled' || s === 'reopened';

function historyOut(e: PublicEventRow, baseUrl: string, kov: string) {
  return {
    updated_datetime: w3c(e.at),
    status: isOpen(e.status) ? 'open' : 'closed',
    detailed_status: FMS_STATUS[e.status],
    description: e.body,
    media_url: e.photo_id ? photoUrl(baseUrl, kov, e.photo_id) : null,
  };
}

export async function getRequest(db: Db, kov: string, number: string, opts: { locale: Locale; baseUrl: string; extensions: boolean }): Promise<RequestOut> {
  const { row, history } = await inTenant(db, kov, async (t) => {
    const row = await o.requestByNumber(t, kov, number, await closedAfter(t, kov));
    return { row, history: row && opts.extensions ? await o.publicEventsOf(t, kov, row.id) : [] };
  });
  if (!row) throw new Open311Error(404, `service_request_id ${number.slice(0, 20)} was not found`);
  const out = requestOut(row, opts.locale, opts.baseUrl, kov);
  if (opts.extensions) {
    out.detailed_status = FMS_STATUS[row.status];
    out.status_notes_history = history.map((e) => historyOut(e, opts.baseUrl, kov));
  }
  return out;
}

/** GET /tokens/{token}: the request's id once it exists (a confirmed report). */
export async function tokenLookup(db: Db, kov: string, token: string): Promise<{ service_request_id: string | null; token: string }> {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) throw new Open311Error(404, 'token was not found');
  const r = await inTenant(db, kov, (t) => o.numberByToken(t, kov, token));
  if (!r) throw new Open311Error(404, 'token was not found');
  return { service_request_id: r.confirmed ? r.number : null, token };
}

// ---------- servicerequestupdates (FixMyStreet) ----------

export interface UpdateOut {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string | null;
  description: string;
  media_url: string;
}

export async function listUpdates(db: Db, kov: string, p: Params, opts: { baseUrl: string }): Promise<UpdateOut[]> {
  let from = parseW3c(p, 'start_date');
  let to = parseW3c(p, 'end_date');
  if (from && to && from > to) throw bad('start_date is after end_date');
  if (from && to && to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) throw bad(`start_date to end_date spans more than ${MAX_WINDOW_DAYS} days`);
  if (!from && !to) {
    to = now();
    from = new Date(to.getTime() - MAX_WINDOW_DAYS * DAY_MS);
  } else if (from && !to) to = new Date(from.getTime() + MAX_WINDOW_DAYS * DAY_MS);
  else if (!from && to) from = new Date(to.getTime() - MAX_WINDOW_DAYS * DAY_MS);
  const pageSize = intParam(p, 'page_size', MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const page = intParam(p, 'page', 1, 1, 1_000_000);
  const rows = await inTenant(db, kov, async (t) =>
    o.publicUpdates(t, kov, { from: from!, to: new Date(to!.getTime() + 1), limit: pageSize, offset: (page - 1) * pageSize, closedAfter: await closedAfter(t, kov) }),
  );
  return rows.map((e) => ({
    update_id: e.id,
    service_request_id: e.number,
    status: FMS_STATUS[e.status],
    updated_datetime: w3c(e.at),
    description: e.body ?? '',
    media_url: e.photo_id ? photoUrl(opts.baseUrl, kov, e.photo_id) : '',
  }));
}

/** FixMyStreet's update statuses we take, and what each asks of the report. */
const STATUS_OF_FMS: Record<string, HandlerStatus | 'forward' | 'duplicate' | 'open'> = {
  OPEN: 'open',
  REOPENED: 'open',
  INVESTIGATING: 'in_progress',
  IN_PROGRESS: 'in_progress',
  ACTION_SCHEDULED: 'scheduled',
  FIXED: 'fixed',
  CLOSED: 'closed',
  NO_FURTHER_ACTION: 'closed',
  UNABLE_TO_FIX: 'closed',
  WONT_FIX: 'closed',
  NOT_COUNCILS_RESPONSIBILITY: 'forward',
  INTERNAL_REFERRAL: 'forward',
  DUPLICATE: 'duplicate',
};
export const FMS_IN_STATUSES = Object.keys(STATUS_OF_FMS);

type HandlerStatus = 'received' | 'in_progress' | 'scheduled' | 'fixed' | 'closed';

/**
 * The handler action a FixMyStreet update asks for on a report in `current` status (null: nothing
 * to change: the same status and no text). Throws 400/409 in the spec's format for what cannot be.
 */
export function actionOfUpdate(
  current: ReportStatus,
  u: { status: string; description: string; forwardedTo: string; duplicateOf: string },
  locale: Locale = 'et',
): HandlerAction | null {
  const want = STATUS_OF_FMS[u.status];
  if (!want) throw bad(`status must be one of ${FMS_IN_STATUSES.join(', ')}`);
  const answer = u.description || undefined;
  const closedNow = !isOpen(current);
  if (want === 'open') {
    if (closedNow) return { kind: 'reopen', reason: u.description || translator(locale)('reports.open311.reopened') };
    if (current === 'received' || current === 'reopened') return answer ? { kind: 'answer', body: answer } : null;
    return { kind: 'status', status: 'received', answer };
  }
  const sameNow = want === 'forward' ? current === 'forwarded' : want === 'duplicate' ? current === 'duplicate' : current === want;
  if (sameNow) return answer ? { kind: 'answer', body: answer } : null;
  if (closedNow) throw new Open311Error(409, `service request is ${FMS_STATUS[current]}: post status OPEN first to reopen it`);
  if (want === 'forward') return { kind: 'forward', to: u.forwardedTo || translator(locale)('reports.open311.otherAuthority'), answer };
  if (want === 'duplicate') {
    if (!/^\d{4}-\d{6}$/.test(u.duplicateOf)) throw bad('status DUPLICATE needs duplicate_of: the other request\'s service_request_id');
    return { kind: 'duplicate', of: u.duplicateOf, answer };
  }
  return { kind: 'status', status: want, answer };
}

export interface PostedUpdate {
  update_id: string | null;
  service_request_id: string;
  /** The same update_id was posted before: nothing was changed this time. */
  duplicate: boolean;
}

/**
 * POST servicerequestupdates: a KOV system's update applied through handleReport. The sender's
 * update_id is claimed first (a row of its own), so the same update_id twice, even at once, changes
 * the report once; if the change is refused the claim is released and the sender may try again.
 */
export async function postUpdate(db: Db, kov: string, key: ApiKeyPrincipal, p: Params, opts: { locale: Locale }): Promise<PostedUpdate> {
  const number = one(p, 'service_request_id');
  if (!number) throw bad('service_request_id was not provided');
  const updateId = one(p, 'update_id');
  if (!updateId) throw bad('update_id was not provided');
  if (updateId.length > 100) throw bad('update_id is longer than 100 characters');
  const status = one(p, 'status').toUpperCase();
  if (!status) throw bad('status was not provided');
  const description = one(p, 'description');
  if (description.length > MAX_DESCRIPTION) throw bad(`description is longer than ${MAX_DESCRIPTION} characters`);
  parseW3c(p, 'updated_datetime'); // checked; the change is recorded at our time
  const mediaUrl = one(p, 'media_url');
  const mediaId = mediaUrl ? ourMedia(kov, mediaUrl) : null;

  const claim = await db.tx(
    async (t) => {
      const r = await o.reportIdByNumber(t, kov, number);
      if (!r) throw new Open311Error(404, `service_request_id ${number.slice(0, 20)} was not found`);
      const prior = await o.claimedUpdate(t, kov, updateId);
      if (prior || !(await o.claimUpdate(t, kov, updateId, r.id))) return { r, first: false, eventId: prior?.event_id ?? null };
      return { r, first: true, eventId: null };
    },
    { kov },
  );
  if (!claim.first) return { update_id: claim.eventId, service_request_id: claim.r.number, duplicate: true };
  try {
    const action = actionOfUpdate(claim.r.status, { status, description, forwardedTo: one(p, 'forwarded_to').slice(0, 200), duplicateOf: one(p, 'duplicate_of') }, opts.locale);
    if (mediaId) {
      const loose = await db.tx((t) => o.loosePhotos(t, kov, [mediaId]), { kov });
      if (!loose.length) throw bad('media_url does not name an unattached upload of this jurisdiction (POST /media first)');
    }
    if (action) {
      await handleReport(db, kov, claim.r.id, action, keyActor(key)).catch((e: unknown) => {
        if (isHttpError(e) && e.status === 409) throw new Open311Error(409, `the change is not allowed now (${e.detailKey ?? 'conflict'})`);
        if (isHttpError(e) && e.status === 400) throw bad(`invalid ${e.fields.map((f) => f.field).join(', ') || 'update'}`);
        throw e;
      });
    }
    const eventId = await db.tx(
      async (t) => {
        const ev = action ? await o.lastEventOf(t, kov, claim.r.id) : null;
        if (mediaId) await o.attachPhotos(t, kov, claim.r.id, [mediaId], await o.photoCount(t, kov, claim.r.id), ev?.id ?? null);
        await o.setUpdateEvent(t, kov, updateId, ev?.id ?? null);
        return ev?.id ?? null;
      },
      { kov },
    );
    return { update_id: eventId, service_request_id: claim.r.number, duplicate: false };
  } catch (e) {
    await db.tx((t) => o.releaseUpdate(t, kov, updateId), { kov });
    throw e;
  }
}
