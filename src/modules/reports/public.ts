// The reports module's public side: what anyone may see of a KOV's reports (never the reporter's
// name, e-mail or phone, never the assignee, never internal notes), the duplicate check before a new
// report, the KOVs that take reports, and the reporter's "is it fixed?" answer.
import { timingSafeEqual } from 'node:crypto';
import { now } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { HttpError, badRequest, notFound } from '../../kernel/errors.js';
import { UUID_RE } from '../../kernel/ids.js';
import type { Locale } from '../../kernel/i18n.js';
import { tenantNames } from '../../kernel/tenants.js';
import * as core from './repo.js';
import type { CategoryRow, Domain, EventKind, ReportStatus } from './repo.js';
import * as repo from './repo/public.js';
import type { NearbyRow, PublicFilter, PublicPhotoRef } from './repo/public.js';
import { ESTONIA, expectedBy, recordEvent, REPORTER_ACTOR, sha256 } from './service.js';
import { locatePoint } from '../territory/index.js';

export type { NearbyRow, PublicFilter };

/** Reports per page of the public list. */
export const PUBLIC_PAGE_SIZE = 20;
/** How near (metres) an open report of the same category counts as a possible duplicate. */
export const NEARBY_METERS = 50;
export const MAX_FEEDBACK_COMMENT = 2000;
const NUMBER_RE = /^[0-9]{4}-[0-9]{6}$/;

/** A report as the public sees it: these fields only. */
export interface PublicReport {
  number: string;
  category: { code: string; name: { et: string; en: string; ru: string } };
  domain: Domain;
  status: ReportStatus;
  open: boolean;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  createdAt: Date;
  expectedAt: Date | null;
  closedAt: Date | null;
  /** People who follow it ("I have this problem too"; confirmed). */
  followers: number;
}

export interface PublicEvent {
  kind: EventKind;
  status: ReportStatus;
  /** The handler's public answer or reason (status changes may carry one). */
  body: string | null;
  at: Date;
}

function present(r: repo.PublicReportRow): PublicReport {
  return {
    number: r.number,
    category: { code: r.category_code, name: { et: r.name_et, en: r.name_en, ru: r.name_ru } },
    domain: r.domain,
    status: r.status,
    open: r.is_open,
    description: r.description,
    lat: r.lat === null ? null : Number(r.lat),
    lon: r.lon === null ? null : Number(r.lon),
    address: r.address,
    createdAt: r.created_at,
    expectedAt: r.expected_at,
    closedAt: r.closed_at,
    followers: Number(r.followers ?? 0),
  };
}

export const categoryName = (c: { name: { et: string; en: string; ru: string } }, locale: Locale) => c.name[locale] || c.name.et;
export const categoryRowName = (c: CategoryRow, locale: Locale) => ({ et: c.name_et, en: c.name_en, ru: c.name_ru })[locale] || c.name_et;

/** The KOVs that take reports (at least one active category), with their names, by name. */
export async function reportingKovs(db: Db): Promise<{ code: string; name: string }[]> {
  return db.system('reports: the public form lists every KOV that has report categories (a cross-KOV list of codes)', async (t) => {
    const codes = await repo.kovsWithCategories(t);
    const names = await tenantNames(t, codes);
    return codes.filter((c) => names.has(c)).map((code) => ({ code, name: names.get(code)! })).sort((a, b) => a.name.localeCompare(b.name, 'et'));
  });
}

/**
 * The KOV that takes reports at a point: the one whose imported settlement unit boundaries hold it
 * (territory.locatePoint). Refused (a message key) outside Estonia, where no boundaries are
 * imported, or when that KOV takes no reports yet.
 */
export async function kovAtPoint(db: Db, lat: number | null, lon: number | null): Promise<{ ok: true; kov: string } | { ok: false; reason: string }> {
  if (lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) return { ok: false, reason: 'reports.error.place' };
  if (lat < ESTONIA.minLat || lat > ESTONIA.maxLat || lon < ESTONIA.minLon || lon > ESTONIA.maxLon) return { ok: false, reason: 'reports.error.outside' };
  const at = await locatePoint(db, lat, lon);
  if (!at) return { ok: false, reason: 'reports.error.noKovAtPoint' };
  const cats = await db.tx((t) => core.categoriesOf(t, at.kov, true), { kov: at.kov });
  return cats.length ? { ok: true, kov: at.kov } : { ok: false, reason: 'reports.error.noKovAtPoint' };
}

export interface PublicList {
  reports: PublicReport[];
  total: number;
  page: number;
  pages: number;
}

/** A page (1, 2, …) of the KOV's public reports, newest first. */
export async function publicList(db: Db, kov: string, filter: PublicFilter, page: number): Promise<PublicList> {
  const p = Number.isInteger(page) && page >= 1 ? page : 1;
  const { rows, total } = await db.tx((t) => repo.publicReports(t, kov, filter, now(), PUBLIC_PAGE_SIZE, (p - 1) * PUBLIC_PAGE_SIZE), { kov });
  return { reports: rows.map(present), total, page: p, pages: Math.max(1, Math.ceil(total / PUBLIC_PAGE_SIZE)) };
}

export interface PublicReportView {
  /** The report's row id (for the follow state; never shown). */
  id: string;
  report: PublicReport;
  photos: PublicPhotoRef[];
  events: PublicEvent[];
}

/** A public report with its photos and public history; 404 when it is not public. */
export async function publicReport(db: Db, kov: string, number: string): Promise<PublicReportView> {
  if (!NUMBER_RE.test(number)) throw notFound('reports.error.notFound');
  return db.tx(
    async (t) => {
      const r = await repo.publicReportByNumber(t, kov, number, now());
      if (!r) throw notFound('reports.error.notFound');
      const photos = await repo.photosOf(t, kov, r.id);
      const events = await core.eventsOf(t, kov, r.id, true);
      // only what the public may read: never the actor's name (a reporter's or an official's) or the event's data
      return { id: r.id, report: present(r), photos, events: events.map((e) => ({ kind: e.kind, status: e.status, body: e.body, at: e.at })) };
    },
    { kov },
  );
}

/** A photo of a public report of the KOV; 404 otherwise. */
export async function publicPhoto(db: Db, kov: string, id: string): Promise<{ mime: string; bytes: Buffer; createdAt: Date }> {
  if (!UUID_RE.test(id)) throw notFound();
  const p = await db.tx((t) => repo.publicPhoto(t, kov, id, now()), { kov });
  if (!p) throw notFound();
  return { mime: p.mime, bytes: Buffer.from(p.bytes), createdAt: p.created_at };
}

/** Open reports of the category within NEARBY_METERS of the point (none for an unknown category). */
export async function nearbyReports(db: Db, kov: string, categoryCode: string, lat: number, lon: number): Promise<NearbyRow[]> {
  return db.tx(
    async (t) => {
      const cat = await core.categoryByCode(t, kov, categoryCode);
      if (!cat) return [];
      const rows = await repo.nearbyOpen(t, kov, cat.id, lat, lon, NEARBY_METERS);
      return rows.map((r) => ({ ...r, meters: Number(r.meters) }));
    },
    { kov },
  );
}

export interface FeedbackAnswer {
  fixed: boolean;
  /** 1–5, or null. */
  satisfaction: number | null;
  comment: string | null;
}

/** The answer's fields that are wrong (empty: fine). */
export function validateFeedback(a: FeedbackAnswer): { field: string; reason: string }[] {
  const errors: { field: string; reason: string }[] = [];
  if (a.satisfaction !== null && (!Number.isInteger(a.satisfaction) || a.satisfaction < 1 || a.satisfaction > 5)) errors.push({ field: 'satisfaction', reason: 'reports.feedback.error.satisfaction' });
  if (a.comment !== null && a.comment.length > MAX_FEEDBACK_COMMENT) errors.push({ field: 'comment', reason: 'reports.feedback.error.comment' });
  return errors;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 410: the link has been used (the answer is in). */
const linkUsed = () => new HttpError(410, 'gone', 'reports.feedback.used.title', [], 'reports.feedback.used.detail');

/**
 * Checks a feedback link's token without using it: the report when the token is right; 404 for a
 * wrong token or report, 410 when the answer has already been given.
 */
export async function feedbackTarget(db: Db, kov: string, number: string, token: string): Promise<PublicReport> {
  if (!NUMBER_RE.test(number)) throw notFound('reports.feedback.wrong');
  return db.tx(
    async (t) => {
      const r = await core.reportByNumber(t, kov, number);
      if (!r || r.status === 'unconfirmed') throw notFound('reports.feedback.wrong');
      if (!r.feedback_hash) {
        if (r.feedback_at) throw linkUsed();
        throw notFound('reports.feedback.wrong');
      }
      if (!token || !sameHash(sha256(token), r.feedback_hash)) throw notFound('reports.feedback.wrong');
      const pub = await repo.publicReportByNumber(t, kov, number, now());
      if (!pub) throw notFound('reports.feedback.wrong');
      return present(pub);
    },
    { kov },
  );
}

/**
 * The reporter's answer to "is it fixed?" through the link in her e-mail (the token's sha256 is in
 * reports_report.feedback_hash, put there by the notifier). Stores the answer, clears the token (the
 * link works once) and writes a 'feedback' event — NOT public: the comment and the rating are the
 * reporter's own words about the KOV's work, kept for the handlers and the analytics. When she says
 * it is not fixed and the report is closed, the report is reopened (status reopened, a new
 * expected-by date, a public 'reopened' event). A wrong token answers 404, a used one 410.
 */
export async function answerFeedback(db: Db, kov: string, number: string, token: string, answer: FeedbackAnswer): Promise<{ reopened: boolean }> {
  const errors = validateFeedback(answer);
  if (errors.length) throw badRequest(errors);
  if (!NUMBER_RE.test(number)) throw notFound('reports.feedback.wrong');
  return db.tx(
    async (t) => {
      const r = await core.reportByNumber(t, kov, number, true);
      if (!r || r.status === 'unconfirmed') throw notFound('reports.feedback.wrong');
      if (!r.feedback_hash) {
        if (r.feedback_at) throw linkUsed();
        throw notFound('reports.feedback.wrong');
      }
      if (!token || !sameHash(sha256(token), r.feedback_hash)) throw notFound('reports.feedback.wrong');
      const at = now();
      const comment = answer.comment?.trim() || null;
      await repo.storeFeedback(t, kov, r.id, { fixed: answer.fixed, satisfaction: answer.satisfaction, comment, at });
      const reporter = { kind: 'reporter' as const, name: REPORTER_ACTOR };
      await recordEvent(t, r, {
        kind: 'feedback',
        public: false,
        status: r.status,
        body: comment,
        actor: reporter,
        data: { fixed: answer.fixed, satisfaction: answer.satisfaction },
      });
      if (answer.fixed || r.is_open) return { reopened: false };
      const cat = await core.categoryById(t, kov, r.category_id);
      await core.updateReport(t, kov, r.id, { status: 'reopened', closedAt: null, expectedAt: expectedBy(at, cat?.sla_days ?? 14) }, at);
      await recordEvent(t, r, { kind: 'reopened', public: true, status: 'reopened', body: null, actor: reporter, data: { from: r.status, by: 'feedback' } });
      return { reopened: true };
    },
    { kov },
  );
}
