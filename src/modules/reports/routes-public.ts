// HTTP for the public side of reports. Thin: parse → call the service (public.ts, service.ts,
// photos.ts) → render.
//
//   GET  /reports                                 choose the KOV (those with report categories)
//   GET  /kov/:kov/reports/new                    the report form (?check=1 with a place: open reports nearby)
//   POST /kov/:kov/reports/check                  the form's check step: open reports nearby (CSRF; nothing stored)
//   POST /kov/:kov/reports                        a new report (multipart: up to 5 photos; CSRF; rate limited)
//   GET  /kov/:kov/reports                        the public list (filters, paging, a map)
//   GET  /kov/:kov/reports/:number                a public report
//   GET  /kov/:kov/reports/photos/:id             a photo of a public report
//   GET  /kov/:kov/reports/:number/feedback       "is it fixed?" (the link's token in ?token=)
//   POST /kov/:kov/reports/:number/feedback       the answer (CSRF; rate limited)
//   POST /kov/:kov/reports/:number/follow         "I have this problem too" (CSRF; rate limited)
//   POST /kov/:kov/reports/:number/unfollow       a signed-in follower stops (CSRF)
//   GET/POST /kov/:kov/reports/:number/follow/confirm   an e-mail follower's confirmation link (GET asks)
//   GET/POST /kov/:kov/reports/unsubscribe        the unsubscribe link of the mails (POST: one-click, no CSRF)
//   GET  /api/v1/kov/:kov/reports/public          the public list as JSON (no personal data)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../kernel/errors.js';
import { HttpError, badRequest, formErrors, isHttpError, notFound } from '../../kernel/errors.js';
import type { Reporter, ReportPhoto } from './service.js';
import { DOMAINS, MAX_PHOTOS, categoriesOf, createReport, validateNewReport } from './service.js';
import type { Domain } from './repo.js';
import { MAX_PHOTO_BYTES, processPhoto } from './photos.js';
import type { FeedbackAnswer, NearbyRow, PublicFilter } from './public.js';
import { dropPending, holdPhotos, keptPhotos, pendingOf } from './pending.js';
import { answerFeedback, feedbackTarget, kovAtPoint, validateFeedback, nearbyReports, publicList, publicPhoto, publicReport, reportingKovs } from './public.js';
import { ChooseKovPage, ReportFormPage } from './views/form.js';
import type { ListFilterValues } from './views/public.js';
import { FeedbackDonePage, FeedbackPage, PublicListPage, PublicReportPage } from './views/public.js';
import { publicApiRoutes } from './api-public.js';
import { confirmFollow, followConfirmation, followReport, followState, subscriptionOf, unfollowPerson, unsubscribe, unsubscribeTarget } from './follow.js';
import { FollowConfirmPage, UnsubscribePage, UnsubscribedPage } from './views/follow.js';
import { PLATFORM_ADMIN } from '../../kernel/module.js';
import { REPORTS_ELVL } from './permissions.js';

const LEAFLET_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/leaflet/dist');

/**
 * The form's multipart limits: up to MAX_PHOTOS photos of 10 MB each are held in memory; files beyond
 * them (up to MAX_FILES_READ) are read past without keeping them, so the fields after them (e-mail,
 * notify) still arrive and the form comes back as typed with "too many photos". Past MAX_FILES_READ
 * the parser stops: the form comes back with the fields read until then.
 */
const MAX_FILES_READ = 30;
const UPLOAD_LIMITS = { fileSize: MAX_PHOTO_BYTES, files: MAX_FILES_READ, fields: 20, fieldSize: 64 * 1024, parts: MAX_FILES_READ + 30 };
/** New reports per client address and per signed-in person. */
const REPORT_RATE = { max: 20, timeWindow: 10 * 60_000 };
const FEEDBACK_RATE = { max: 20, timeWindow: 10 * 60_000 };
const CHECK_RATE = { max: 60, timeWindow: 10 * 60_000 };
/** Follows, confirmations and unsubscribes per client address (and follows per signed-in person). */
const FOLLOW_RATE = { max: 20, timeWindow: 10 * 60_000 };
const FORM_FIELDS = ['category', 'description', 'lat', 'lon', 'address', 'email', 'notify', 'website', 'confirmNearby', 'photoToken'] as const;

type KovParams = { kov: string };
type ReportParams = { kov: string; number: string };
type Upload = { fields: Record<string, string>; files: { data: Buffer; mime: string; truncated: boolean }[]; keep: string[]; tooMany: boolean };

const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** A coordinate as typed (a decimal comma is fine); '' → null, anything else not a number → NaN. */
function coord(s: string): number | null {
  const v = s.trim().replace(',', '.');
  if (!v) return null;
  return /^-?\d{1,3}(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
}

/** Reads the form's multipart body (held in memory). Not multipart or broken → 400; never a server error. */
async function readUpload(req: FastifyRequest): Promise<Upload> {
  const fields: Record<string, string> = {};
  const files: Upload['files'] = [];
  const keep: string[] = [];
  let tooMany = false;
  try {
    for await (const part of req.parts({ limits: UPLOAD_LIMITS })) {
      if (part.type === 'file') {
        if (part.fieldname === 'photos' && files.length >= MAX_PHOTOS && part.filename) {
          // one photo too many: read past it (nothing kept), so the fields after it still arrive
          part.file.resume();
          await new Promise<void>((resolve, reject) => part.file.once('end', resolve).once('close', resolve).once('error', reject));
          tooMany = true;
          continue;
        }
        const data = await part.toBuffer();
        if (part.fieldname !== 'photos' || (data.length === 0 && !part.filename)) continue;
        files.push({ data, mime: part.mimetype, truncated: part.file.truncated });
      } else if (typeof part.value === 'string') {
        if (part.valueTruncated) throw new HttpError(413, 'too-large', 'error.tooLarge.title', [{ field: part.fieldname, reason: 'error.tooLarge.title' }]);
        if (part.fieldname === 'keepPhoto') {
          if (keep.length < MAX_PHOTOS) keep.push(part.value);
        } else fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    if (isHttpError(e)) throw e;
    const err = e as { code?: string };
    // far too many files: the form comes back with what was read until then (the photos refused)
    if (err.code === 'FST_FILES_LIMIT') return { fields, files: [], keep, tooMany: true };
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest([{ field: 'photos', reason: 'reports.error.photoSize' }]);
    if (err.code === 'FST_FIELDS_LIMIT' || err.code === 'FST_PARTS_LIMIT') throw new HttpError(413, 'too-large', 'error.tooLarge.title');
    throw new HttpError(400, 'bad-multipart', 'error.validation.title', [{ field: 'photos', reason: 'reports.error.upload' }]);
  }
  return { fields, files, keep, tooMany };
}

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const map = { tileUrl: app.config.reportsMap.tileUrl, attribution: app.config.reportsMap.tileAttribution };

  // Leaflet from our own origin (no third-party script host in the CSP)
  await app.register(fastifyStatic, { root: LEAFLET_DIR, prefix: '/static/leaflet/', decorateReply: false, maxAge: '7d', allowedPath: (p) => !p.endsWith('.map') });
  await publicApiRoutes(app);

  const signedInName = (req: FastifyRequest) => (req.user ? `${req.user.givenName} ${req.user.familyName}`.trim() : null);

  async function formPage(req: FastifyRequest, reply: FastifyReply, kov: string, values: Record<string, string>, opts: { errors?: FieldError[]; status?: number; nearby?: NearbyRow[] | null } = {}) {
    const [categories, ctx, pending] = await Promise.all([categoriesOf(db, kov), req.pageCtx(), pendingOf(db, kov, values.photoToken)]);
    if (!pending.length) values.photoToken = '';
    reply.header('cache-control', 'no-store');
    return reply.page(ReportFormPage({ ctx, kov, categories, values, errors: opts.errors, nearby: opts.nearby ?? null, pending, map, signedInAs: signedInName(req) }), opts.status ?? 200);
  }

  // ------------------------------------------------------------------ choose a KOV

  app.get('/reports', { schema: { hide: true } }, async (req, reply) => {
    const [kovs, ctx] = await Promise.all([reportingKovs(db), req.pageCtx({ csrf: false })]);
    // ELVL's analysts and platform admins find the all-KOV comparison here
    const allKovAnalytics = !!req.user?.grants.some((g) => g.kov === null && (g.role === REPORTS_ELVL || g.role === PLATFORM_ADMIN));
    return reply.page(ChooseKovPage({ ctx, kovs, allKovAnalytics }));
  });

  // the choice: a KOV from the list, or a place (the KOV whose imported settlement units hold the point)
  app.get('/reports/go', { schema: { hide: true } }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    // nothing chosen at all (a bookmark, a typed address): the page to choose on
    if (!('kov' in q) && !('lat' in q) && !('lon' in q)) return reply.redirect('/reports', 303);
    const kov = one(q.kov);
    if (/^\d{4}$/.test(kov)) return reply.redirect(`/kov/${kov}/reports/new`, 303);
    const lat = coord(one(q.lat));
    const lon = coord(one(q.lon));
    const [kovs, ctx] = await Promise.all([reportingKovs(db), req.pageCtx({ csrf: false })]);
    if (lat === null && lon === null) return reply.page(ChooseKovPage({ ctx, kovs, errors: [{ field: 'kov', reason: 'reports.error.kov' }], values: {} }), 400);
    const at = await kovAtPoint(db, lat, lon);
    if (!at.ok) return reply.page(ChooseKovPage({ ctx, kovs, errors: [{ field: 'lat', reason: at.reason }], values: { lat: one(q.lat), lon: one(q.lon) } }), 400);
    return reply.redirect(`/kov/${at.kov}/reports/new?lat=${encodeURIComponent(String(lat))}&lon=${encodeURIComponent(String(lon))}`, 303);
  });

  // ------------------------------------------------------------------ the form

  /** The form's values from a query or an urlencoded body (the honeypot and the confirmation never carried over). */
  function typedValues(src: Record<string, unknown>, checked: boolean): Record<string, string> {
    const values: Record<string, string> = {};
    for (const f of FORM_FIELDS) if (f !== 'website' && f !== 'confirmNearby') values[f] = one(src[f]).slice(0, f === 'photoToken' ? 100 : 4000);
    // the e-mail updates box is ticked unless a check step came back with it unticked
    values.notify = !checked || one(src.notify) === '1' ? '1' : '0';
    return values;
  }

  /** The check step: confirmed open reports of the category within 50 m of the place (nothing is stored). */
  async function checkStep(req: FastifyRequest, reply: FastifyReply, kov: string, values: Record<string, string>) {
    const lat = coord(values.lat ?? '');
    const lon = coord(values.lon ?? '');
    const errors: FieldError[] = [];
    if (!values.category) errors.push({ field: 'category', reason: 'reports.error.category' });
    if (lat === null || lon === null) errors.push({ field: 'place', reason: 'reports.error.checkPlace' });
    else errors.push(...validateNewReport({ description: 'x', lat, lon, address: null, reporter: { kind: 'apikey', name: '', email: null, phone: null, confirmed: true } }).filter((e) => e.field === 'place'));
    if (errors.length) return formPage(req, reply, kov, values, { errors, status: 400 });
    const nearby = await nearbyReports(db, kov, values.category!, lat!, lon!);
    return formPage(req, reply, kov, values, { nearby });
  }

  // the form; ?check=1 with a category and a place runs the check step (a link may carry them)
  app.get('/kov/:kov/reports/new', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as KovParams;
    const q = req.query as Record<string, unknown>;
    const checked = one(q.check) !== '';
    const values = typedValues(q, checked);
    return checked ? checkStep(req, reply, kov, values) : formPage(req, reply, kov, values);
  });

  // the form's "check" button: posted url-encoded (so the CSRF token and the description stay out of
  // the address; a browser sends no files this way, so photos are chosen after the check)
  app.post('/kov/:kov/reports/check', { schema: { hide: true }, config: { rateLimit: CHECK_RATE } }, async (req, reply) => {
    const { kov } = req.params as KovParams;
    return checkStep(req, reply, kov, typedValues((req.body ?? {}) as Record<string, unknown>, true));
  });

  await app.register(async (upload) => {
    // throwFileSizeLimit off: a file over the size limit is read up to the limit and marked truncated
    // (refused by name on the re-rendered form, the other fields kept), never an error that loses the form
    await upload.register(fastifyMultipart, { limits: UPLOAD_LIMITS, throwFileSizeLimit: false });
    upload.post(
      '/kov/:kov/reports',
      {
        schema: { hide: true },
        config: { csrf: false, rateLimit: REPORT_RATE, personRateLimit: REPORT_RATE },
        preValidation: async (req) => {
          if (!req.isMultipart()) throw new HttpError(415, 'unsupported-media-type', 'error.validation.title', [{ field: 'photos', reason: 'reports.error.upload' }]);
          // anyone may report, signed in or not; but a body is read only from a browser that holds the
          // CSRF cookie our form page set (without it the CSRF check would refuse it anyway, after reading)
          if (!req.user && !req.cookies?.vm_csrf) throw new HttpError(403, 'csrf', 'error.csrf.title', [{ field: '_csrf', reason: 'error.csrf.detail' }], 'error.csrf.detail');
          const u = await readUpload(req);
          (req as FastifyRequest & { upload?: Upload }).upload = u;
          req.body = u.fields;
        },
        preHandler: (req, reply, done) => app.csrfProtection(req, reply, done),
      },
      async (req, reply) => {
        const { kov } = req.params as KovParams;
        const { fields, files, keep, tooMany } = (req as FastifyRequest & { upload?: Upload }).upload ?? { fields: {}, files: [], keep: [], tooMany: false };
        const values: Record<string, string> = {};
        for (const f of FORM_FIELDS) values[f] = (fields[f] ?? '').slice(0, 4000);
        values.notify = fields.notify === '1' ? '1' : '0';
        // the photos held from an earlier refused submission that she kept ticked
        const photoToken = (fields.photoToken ?? '').slice(0, 100);
        const kept = await keptPhotos(db, kov, photoToken, keep);
        const refuse = async (errors: FieldError[], status = 400, nearby: NearbyRow[] | null = null) => {
          // photos that were fine are held, so she need not choose them again
          const token = await holdPhotos(db, kov, photoToken, kept.map((p) => p.id), photos);
          return formPage(req, reply, kov, { ...values, website: '', photoToken: token ?? '' }, { errors, status, nearby });
        };

        // the honeypot: a field people never see; a robot fills it. Pretend it went well, store nothing.
        if (fields.website?.trim()) {
          req.log.warn({ kov, honeypot: true }, 'reports: the form’s hidden field was filled; nothing stored');
          reply.flash({ kind: 'info', key: 'reports.flash.checkMail' });
          return reply.redirect(`/kov/${kov}/reports`, 303);
        }

        const email = values.email!.trim() || null;
        const name = signedInName(req);
        const reporter: Reporter = req.user
          ? { kind: 'person', idcodeHash: req.user.idcodeHash, name: name!, email, phone: null }
          : { kind: 'email', email: email ?? '', name: null, phone: null };
        const lat = coord(values.lat!);
        const lon = coord(values.lon!);
        const address = values.address!.trim() || null;
        const errors: FieldError[] = [];
        if (!values.category) errors.push({ field: 'category', reason: 'reports.error.category' });
        errors.push(...validateNewReport({ description: values.description!, lat, lon, address, reporter, photos: [] }));
        const photos: ReportPhoto[] = [];
        if (tooMany || kept.length + files.length > MAX_PHOTOS) errors.push({ field: 'photos', reason: 'reports.error.photos' });
        else {
          // every file is looked at: a bad one is named, the good ones beside it are held
          let photoError: FieldError | null = null;
          for (const f of files) {
            if (f.truncated) {
              photoError ??= { field: 'photos', reason: 'reports.error.photoSize' };
              continue;
            }
            try {
              photos.push(await processPhoto(f.data, f.mime));
            } catch (e) {
              const bad = formErrors(e);
              if (!bad) throw e;
              photoError ??= bad.fields[0] ?? { field: 'photos', reason: 'reports.error.upload' };
            }
          }
          if (photoError) errors.push(photoError);
        }
        if (errors.length) return refuse(errors);

        // possible duplicates: open reports of the category within 50 m, until she says "submit anyway"
        if (lat !== null && lon !== null && fields.confirmNearby !== '1') {
          const nearby = await nearbyReports(db, kov, values.category!, lat, lon);
          if (nearby.length) return refuse([], 200, nearby);
        }
        try {
          const created = await createReport(db, {
            kov,
            category: values.category!,
            description: values.description!,
            lat,
            lon,
            address,
            source: 'web',
            reporter,
            notify: values.notify === '1',
            lang: req.locale,
            photos: [...kept.map(({ mime, width, height, bytes }) => ({ mime, width, height, bytes })), ...photos],
          });
          await dropPending(db, kov, photoToken);
          // the point may have routed the report to the KOV whose settlement unit it lies in (created.kov)
          if (created.status === 'unconfirmed') {
            reply.flash({ kind: 'info', key: 'reports.flash.checkMail' });
            return reply.redirect(`/kov/${created.kov}/reports`, 303);
          }
          reply.flash({ kind: 'success', key: 'reports.flash.created', vars: { number: created.number } });
          return reply.redirect(`/kov/${created.kov}/reports/${created.number}`, 303);
        } catch (e) {
          const bad = formErrors(e, 'category');
          if (bad) return refuse(bad.fields, bad.status);
          throw e;
        }
      },
    );
  });

  // ------------------------------------------------------------------ the public pages

  app.get('/kov/:kov/reports', { schema: { hide: true } }, async (req, reply) => {
    const { kov } = req.params as KovParams;
    const q = req.query as Record<string, unknown>;
    const filter: ListFilterValues = { status: one(q.status), category: one(q.category).slice(0, 64), domain: one(q.domain) };
    const f: PublicFilter = {};
    if (filter.status === 'open') f.open = true;
    else if (filter.status === 'closed') f.open = false;
    else filter.status = '';
    if (filter.category) f.categoryCode = filter.category;
    if ((DOMAINS as readonly string[]).includes(filter.domain)) f.domain = filter.domain as Domain;
    else filter.domain = '';
    const page = Math.min(Math.max(1, Number.parseInt(one(q.page) || '1', 10) || 1), 10_000);
    const [list, categories, ctx] = await Promise.all([publicList(db, kov, f, page), categoriesOf(db, kov, false), req.pageCtx({ csrf: false })]);
    return reply.page(PublicListPage({ ctx, kov, list, categories, filter, map }));
  });

  app.get('/kov/:kov/reports/photos/:id', { schema: { hide: true } }, async (req, reply) => {
    const { kov, id } = req.params as { kov: string; id: string };
    const p = await publicPhoto(db, kov, id);
    const etag = `"${id}"`;
    reply.header('cache-control', 'public, max-age=3600');
    reply.header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(p.mime).send(p.bytes);
  });

  /** The public report page, with its "I have this problem too" panel (a form: the page carries a CSRF token). */
  async function reportPage(req: FastifyRequest, reply: FastifyReply, kov: string, number: string, opts: { errors?: FieldError[]; values?: Record<string, string>; status?: number } = {}) {
    const view = await publicReport(db, kov, number);
    const [state, ctx] = await Promise.all([followState(db, kov, view.id, req.user?.idcodeHash ?? null), req.pageCtx()]);
    return reply.page(PublicReportPage({ ctx, kov, view, map, follow: { following: state.following, signedIn: !!req.user, errors: opts.errors, values: opts.values } }), opts.status ?? 200);
  }

  app.get('/kov/:kov/reports/:number', { schema: { hide: true } }, async (req, reply) => {
    const { kov, number } = req.params as ReportParams;
    return reportPage(req, reply, kov, number);
  });

  // ------------------------------------------------------------------ followers, unsubscribing

  // "I have this problem too": signed in, following at once; otherwise a confirmation link by mail
  app.post('/kov/:kov/reports/:number/follow', { schema: { hide: true }, config: { rateLimit: FOLLOW_RATE, personRateLimit: FOLLOW_RATE } }, async (req, reply) => {
    const { kov, number } = req.params as ReportParams;
    const email = one((req.body as Record<string, unknown> | undefined)?.email).slice(0, 300);
    try {
      const done = await followReport(db, app.config, kov, number, { personHash: req.user?.idcodeHash ?? null, email, lang: req.locale });
      reply.flash(done === 'following' ? { kind: 'success', key: 'reports.flash.following', vars: { number } } : { kind: 'info', key: 'reports.flash.followCheckMail' });
      return reply.redirect(`/kov/${kov}/reports/${number}`, 303);
    } catch (e) {
      const bad = formErrors(e, 'email');
      if (!bad) throw e;
      return reportPage(req, reply, kov, number, { errors: bad.fields, values: { email }, status: bad.status });
    }
  });

  app.post('/kov/:kov/reports/:number/unfollow', { schema: { hide: true }, config: { rateLimit: FOLLOW_RATE } }, async (req, reply) => {
    const { kov, number } = req.params as ReportParams;
    if (!req.user) throw notFound();
    await unfollowPerson(db, kov, number, req.user.idcodeHash);
    reply.flash({ kind: 'info', key: 'reports.flash.unfollowed', vars: { number } });
    return reply.redirect(`/kov/${kov}/reports/${number}`, 303);
  });

  // the token is in the address: never sent on to another site, never kept by a cache
  const privateHeaders = { 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };

  app.get('/kov/:kov/reports/:number/follow/confirm', { schema: { hide: true }, config: { rateLimit: FOLLOW_RATE } }, async (req, reply) => {
    const { kov, number } = req.params as ReportParams;
    const token = one((req.query as Record<string, unknown>).token).trim().slice(0, 200);
    reply.headers(privateHeaders);
    await followConfirmation(db, kov, number, token);
    return reply.page(FollowConfirmPage({ ctx: await req.pageCtx(), kov, number, token }));
  });

  app.post('/kov/:kov/reports/:number/follow/confirm', { schema: { hide: true }, config: { rateLimit: FOLLOW_RATE } }, async (req, reply) => {
    const { kov, number } = req.params as ReportParams;
    const token = one((req.body as Record<string, unknown> | undefined)?.token).trim().slice(0, 200);
    reply.headers(privateHeaders);
    await confirmFollow(db, kov, number, token);
    reply.flash({ kind: 'success', key: 'reports.flash.following', vars: { number } });
    return reply.redirect(`/kov/${kov}/reports/${number}`, 303);
  });

  // the unsubscribe link of every mail about changes: GET asks (mail scanners follow links), POST
  // stops. The POST needs no CSRF token: the link's HMAC token is the proof, and mail programs send
  // the one-click POST of RFC 8058 (List-Unsubscribe-Post) without any cookie.
  app.get('/kov/:kov/reports/unsubscribe', { schema: { hide: true }, config: { rateLimit: FOLLOW_RATE } }, async (req, reply) => {
    const { kov } = req.params as KovParams;
    const sub = subscriptionOf(req.query as Record<string, unknown>);
    reply.headers(privateHeaders);
    const target = await unsubscribeTarget(db, app.config.sessionSecret, kov, sub?.s ?? null, sub?.token ?? '');
    const ctx = await req.pageCtx({ csrf: false });
    if (target.done) return reply.page(UnsubscribedPage({ ctx, kov, number: target.number }));
    const query = `${sub!.s.kind}=${sub!.s.id}&t=${encodeURIComponent(sub!.token)}`;
    return reply.page(UnsubscribePage({ ctx, kov, number: target.number, query }));
  });

  app.post('/kov/:kov/reports/unsubscribe', { schema: { hide: true }, config: { csrf: false, rateLimit: FOLLOW_RATE } }, async (req, reply) => {
    const { kov } = req.params as KovParams;
    const sub = subscriptionOf(req.query as Record<string, unknown>);
    reply.headers(privateHeaders);
    const done = await unsubscribe(db, app.config.sessionSecret, kov, sub?.s ?? null, sub?.token ?? '');
    return reply.page(UnsubscribedPage({ ctx: await req.pageCtx({ csrf: false }), kov, number: done.number }));
  });

  // ------------------------------------------------------------------ "is it fixed?"

  app.get('/kov/:kov/reports/:number/feedback', { schema: { hide: true }, config: { rateLimit: FEEDBACK_RATE } }, async (req, reply) => {
    const { kov, number } = req.params as ReportParams;
    const token = one((req.query as Record<string, unknown>).token).slice(0, 200);
    const report = await feedbackTarget(db, kov, number, token);
    const ctx = await req.pageCtx();
    reply.header('cache-control', 'no-store');
    return reply.page(FeedbackPage({ ctx, kov, report, token, values: {} }));
  });

  app.post('/kov/:kov/reports/:number/feedback', { schema: { hide: true }, config: { rateLimit: FEEDBACK_RATE } }, async (req, reply) => {
    const { kov, number } = req.params as ReportParams;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = one(body.token).slice(0, 200);
    const values = { fixed: one(body.fixed), satisfaction: one(body.satisfaction), comment: one(body.comment) };
    const sat = values.satisfaction ? Number(values.satisfaction) : null;
    const answer: FeedbackAnswer = { fixed: values.fixed === 'yes', satisfaction: sat, comment: values.comment.trim() || null };
    const errors: FieldError[] = [];
    if (values.fixed !== 'yes' && values.fixed !== 'no') errors.push({ field: 'fixed', reason: 'reports.feedback.error.fixed' });
    errors.push(...validateFeedback(answer));
    if (errors.length) {
      // the token is checked first: a wrong or used one answers 404/410 whatever else was sent
      const report = await feedbackTarget(db, kov, number, token);
      const ctx = await req.pageCtx();
      return reply.page(FeedbackPage({ ctx, kov, report, token, values, errors }), 400);
    }
    const { reopened } = await answerFeedback(db, kov, number, token, answer);
    const ctx = await req.pageCtx();
    return reply.page(FeedbackDonePage({ ctx, kov, number, reopened }));
  });
}
