// Open311 GeoReport v2 at /open311/v2 (docs/open311.md): every resource in .json and .xml, errors in
// the spec's own format ([{code, description}] / <errors>), CORS open on the public reads, POSTs
// rate-limited per address. Thin: parse → jurisdiction and key → the service (open311.ts) → render.
// Not in openapi.json (that document is the /api/v1 JSON API); docs/open311.md documents this API.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { translator } from '../../kernel/i18n.js';
import { errorBody, render, MIME, type Format, type Plain } from './open311-format.js';
import * as svc from './open311.js';
import { Open311Error, type Params } from './open311.js';
import { REPORTS_MEDIA_JOB } from './open311-media.js';
import { processPhoto } from './photos.js';
import type { ReportPhoto } from './service.js';
import { MAX_PHOTOS } from './service.js';

const PREFIX = '/open311/v2';
const FORMATS: Format[] = ['json', 'xml'];
/**
 * A multipart body: a few fields and up to MAX_PHOTOS photos of up to 10 MB. More files are a 400
 * naming media: those past the fifth are read past without being kept (so the client gets the answer
 * rather than a connection cut mid-upload), up to MAX_FILES_READ, where the parser stops.
 */
const MAX_FILES_READ = 30;
const UPLOAD_LIMITS = { fileSize: 10 * 1024 * 1024, files: MAX_FILES_READ, fields: 60, fieldSize: 8192, parts: MAX_FILES_READ + 70 };
const TOO_MANY_MEDIA = `media: at most ${MAX_PHOTOS} files in one request`;

function formatOfUrl(url: string): Format {
  return /\.xml(\?|$)/i.test(url.split('#')[0]!) ? 'xml' : 'json';
}

/** "2026-000123.json" → ["2026-000123", "json"]; null without a known format. */
function splitFile(file: string): [string, Format] | null {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  return m ? [m[1]!, m[2]!.toLowerCase() as Format] : null;
}

function send(reply: FastifyReply, fmt: Format, root: string, value: Plain, status = 200): FastifyReply {
  return reply.code(status).type(MIME[fmt]).header('cache-control', 'no-store').send(render(fmt, root, value));
}

/** Any error as the spec's error list: our own, the kernel's (problem) errors, Fastify's refusals. */
function toOpen311(err: unknown, req: FastifyRequest): { code: number; description: string; headers: Record<string, string> } {
  if (err instanceof Open311Error) return { code: err.code, description: err.description, headers: {} };
  const t = translator('en');
  if (isHttpError(err)) {
    const fields = err.fields.map((f) => `${f.field}: ${t(f.reason, f.vars)}`).join('; ');
    const code = err.status === 401 ? 403 : err.status;
    return { code, description: fields || t(err.detailKey ?? err.titleKey), headers: err.headers };
  }
  const fe = err as FastifyError;
  if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE') return { code: 413, description: 'the request body is too large', headers: {} };
  if (fe.statusCode === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { code: 415, description: 'send application/x-www-form-urlencoded or multipart/form-data', headers: {} };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { code: fe.statusCode, description: fe.message || 'bad request', headers: {} };
  req.log.error({ err }, 'open311: unhandled error');
  return { code: 500, description: 'internal error', headers: {} };
}

async function readMultipart(req: FastifyRequest): Promise<{ fields: Params; files: Buffer[] }> {
  const fields: Record<string, string | string[]> = {};
  const files: Buffer[] = [];
  let tooMany = false;
  try {
    for await (const part of req.parts({ limits: UPLOAD_LIMITS })) {
      if (part.type === 'file') {
        if (tooMany || files.length >= MAX_PHOTOS) {
          tooMany = true;
          part.file.resume();
          await new Promise<void>((resolve, reject) => part.file.once('end', resolve).once('close', resolve).once('error', reject));
          continue;
        }
        const buf = await part.toBuffer();
        if (buf.length > 0 && (part.fieldname === 'media' || part.fieldname === 'media[]')) files.push(buf);
      } else if (typeof part.value === 'string') {
        if (part.valueTruncated) throw new Open311Error(413, `${part.fieldname.slice(0, 40)} is too long`);
        const prev = fields[part.fieldname];
        fields[part.fieldname] = prev === undefined ? part.value : Array.isArray(prev) ? [...prev, part.value] : [prev, part.value];
      }
    }
  } catch (e) {
    if (e instanceof Open311Error) throw e;
    const err = e as { statusCode?: number; code?: string };
    if (err.code === 'FST_FILES_LIMIT') throw new Open311Error(400, TOO_MANY_MEDIA);
    if (err.statusCode === 413 || /LIMIT|TOO_LARGE/.test(err.code ?? '')) throw new Open311Error(413, `at most ${MAX_PHOTOS} media files of up to 10 MB each`);
    throw new Open311Error(400, 'the multipart body is not well-formed');
  }
  if (tooMany) throw new Open311Error(400, TOO_MANY_MEDIA);
  return { fields, files };
}

/**
 * The body's fields (form-encoded or multipart) with the query's. A multipart body (photos: up to
 * 50 MB) is read only for a caller whose key is already known: jurisdiction_id in the query and the
 * key as `Authorization: Bearer` (or api_key in the query) are checked first, 401 without them.
 */
async function input(db: Db, req: FastifyRequest): Promise<{ p: Params; files: Buffer[] }> {
  const q = (req.query ?? {}) as Params;
  if (req.isMultipart()) {
    if (!svc.one(q, 'jurisdiction_id') || (!svc.one(q, 'api_key') && !req.apiKey)) {
      throw new Open311Error(401, 'a multipart body is read only with jurisdiction_id in the query string and the key as Authorization: Bearer (or api_key in the query string)');
    }
    await svc.writeKey(db, await svc.jurisdiction(db, q), q, req.apiKey);
    const { fields, files } = await readMultipart(req);
    return { p: { ...fields, jurisdiction_id: q.jurisdiction_id, api_key: q.api_key }, files };
  }
  const body = req.body && typeof req.body === 'object' ? (req.body as Params) : {};
  return { p: { ...q, ...body }, files: [] };
}

async function photosOf(files: Buffer[]): Promise<ReportPhoto[]> {
  const out: ReportPhoto[] = [];
  for (const f of files) {
    try {
      out.push(await processPhoto(f));
    } catch (e) {
      if (isHttpError(e)) throw new Open311Error(400, `media: ${translator('en')(e.fields[0]?.reason ?? 'reports.error.photoBroken')}`);
      throw e;
    }
  }
  return out;
}

export async function open311Routes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const baseUrl = app.config.publicUrl;
  const writeLimit = { max: app.config.rateLimit.publicWritePerMinute * 10, timeWindow: '1 minute' };
  const hide = { hide: true };

  await app.register(
    async (s) => {
      await s.register(fastifyMultipart, { limits: UPLOAD_LIMITS });
      // public data: any site may read it
      s.addHook('onSend', async (req, reply, payload) => {
        if (req.method === 'GET' || req.method === 'HEAD') reply.header('access-control-allow-origin', '*');
        return payload;
      });
      s.setErrorHandler(async (err, req, reply) => {
        const e = toOpen311(err, req);
        for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
        if (req.method === 'GET' || req.method === 'HEAD') reply.header('access-control-allow-origin', '*');
        return reply.code(e.code).type(MIME[formatOfUrl(req.url)]).header('cache-control', 'no-store').send(errorBody(formatOfUrl(req.url), [{ code: e.code, description: e.description }]));
      });
      s.setNotFoundHandler(async (req, reply) => {
        const fmt = formatOfUrl(req.url);
        return reply.code(404).type(MIME[fmt]).send(errorBody(fmt, [{ code: 404, description: `no such resource: ${req.method} ${req.url.split('?')[0]!.slice(0, 100)}` }]));
      });
      const locale = (req: FastifyRequest) => svc.localeOf((req.query ?? {}) as Params, req.headers['accept-language']);

      for (const fmt of FORMATS) {
        s.get(`/discovery.${fmt}`, { schema: hide }, async (_req, reply) => {
          return send(reply, fmt, 'discovery', svc.discovery(baseUrl, `Each KOV answers for its own reports: ${baseUrl}/kov/{jurisdiction_id}/contact`) as Plain);
        });

        s.get(`/services.${fmt}`, { schema: hide }, async (req, reply) => {
          const kov = svc.jurisdictionOf(req.query as Params);
          return send(reply, fmt, 'services', (await svc.services(db, kov, locale(req))) as unknown as Plain);
        });

        s.get(`/requests.${fmt}`, { schema: hide }, async (req, reply) => {
          const q = req.query as Params;
          const kov = svc.jurisdictionOf(q);
          return send(reply, fmt, 'service_requests', (await svc.listRequests(db, kov, q, { locale: locale(req), baseUrl })) as unknown as Plain);
        });

        s.post(`/requests.${fmt}`, { schema: hide, config: { csrf: false, rateLimit: writeLimit } }, async (req, reply) => {
          const { p, files } = await input(db, req);
          const kov = await svc.jurisdiction(db, p);
          const key = await svc.writeKey(db, kov, p, req.apiKey);
          const photos = await photosOf(files);
          const out = await svc.postRequest(db, kov, key, p, {
            locale: svc.localeOf(p, req.headers['accept-language']),
            photos,
            baseUrl,
            // the fast path only: the fetch is recorded with the report, so a queue that fails here
            // costs a delay (the sweep fetches it), never the request nor the photo
            fetchMedia: (job) =>
              app.jobs.send(REPORTS_MEDIA_JOB, { ...job }).catch((err: unknown) => {
                req.log.warn({ kov: job.kov, report: job.reportId, err: err instanceof Error ? err.message : String(err) }, 'open311: media_url job not sent; the sweep will fetch it');
              }),
          });
          return send(reply, fmt, 'service_requests', [out] as unknown as Plain, 201);
        });

        s.get(`/servicerequestupdates.${fmt}`, { schema: hide }, async (req, reply) => {
          const q = req.query as Params;
          const kov = svc.jurisdictionOf(q);
          return send(reply, fmt, 'service_request_updates', (await svc.listUpdates(db, kov, q, { baseUrl })) as unknown as Plain);
        });

        s.post(`/servicerequestupdates.${fmt}`, { schema: hide, config: { csrf: false, rateLimit: writeLimit } }, async (req, reply) => {
          const { p } = await input(db, req);
          const kov = await svc.jurisdiction(db, p);
          const key = await svc.writeKey(db, kov, p, req.apiKey);
          const out = await svc.postUpdate(db, kov, key, p, { locale: svc.localeOf(p, req.headers['accept-language']) });
          return send(reply, fmt, 'service_request_updates', [out] as unknown as Plain, out.duplicate ? 200 : 201);
        });

        s.post(`/media.${fmt}`, { schema: hide, config: { csrf: false, rateLimit: writeLimit } }, async (req, reply) => {
          const { p, files } = await input(db, req);
          const kov = await svc.jurisdiction(db, p);
          await svc.writeKey(db, kov, p, req.apiKey);
          if (files.length !== 1) throw new Open311Error(400, 'send exactly one file in the field media (multipart/form-data)');
          const [photo] = await photosOf(files);
          const id = await svc.storeMedia(db, kov, photo!);
          return send(reply, fmt, 'media_uploads', [{ media_id: id, media_url: svc.photoUrl(baseUrl, kov, id) }], 201);
        });
      }

      s.get('/services/:file', { schema: hide }, async (req, reply) => {
        const f = splitFile((req.params as { file: string }).file);
        if (!f) throw new Open311Error(404, 'add .json or .xml to the service code');
        const kov = svc.jurisdictionOf(req.query as Params);
        return send(reply, f[1], 'service_definition', (await svc.serviceDefinition(db, kov, f[0], locale(req))) as unknown as Plain);
      });

      s.get('/requests/:file', { schema: hide }, async (req, reply) => {
        const f = splitFile((req.params as { file: string }).file);
        if (!f) throw new Open311Error(404, 'add .json or .xml to the service_request_id');
        const q = req.query as Params;
        const kov = svc.jurisdictionOf(q);
        const ext = ['true', '1', 'yes'].includes(svc.one(q, 'extensions').toLowerCase());
        const out = await svc.getRequest(db, kov, f[0], { locale: locale(req), baseUrl, extensions: ext });
        return send(reply, f[1], 'service_requests', [out] as unknown as Plain);
      });

      s.get('/tokens/:file', { schema: hide }, async (req, reply) => {
        const f = splitFile((req.params as { file: string }).file);
        if (!f) throw new Open311Error(404, 'add .json or .xml to the token');
        const kov = svc.jurisdictionOf(req.query as Params);
        return send(reply, f[1], 'service_requests', [await svc.tokenLookup(db, kov, f[0])] as unknown as Plain);
      });
    },
    { prefix: PREFIX },
  );
}
