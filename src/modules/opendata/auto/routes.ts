// The automatic open datasets' public files (no sign-in; the same for everyone):
//   GET /opendata/auto/{kov|all}/{dataset}.csv|.json
// served as the nightly refresh stored them, with a strong ETag (the bytes' SHA-256), Last-Modified
// (their last change), Content-Disposition (a file name to save as) and public caching; 304 on
// If-None-Match or If-Modified-Since. An unknown KOV, dataset or format is a 404 problem.
// ELVL's keeper's page is routes-keeper.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cacheHeaders, strongEtag } from '../../../kernel/http-cache.js';
import { DATASET_KEYS } from './datasets.js';
import { keeperRoutes } from './routes-keeper.js';
import { autoFile } from './service.js';

/** Seconds a shared cache may keep a file (the data changes at most once a night). */
export const FILE_MAX_AGE = 3600;
const FILE_RE = /^([a-z][a-z0-9-]{0,40})\.(csv|json)$/;

function noSuchFile(req: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(404)
    .type('application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send({
      type: 'https://vallamaja.ee/problems/not-found',
      title: req.t('error.notFound.title'),
      status: 404,
      detail: req.t('opendata.auto.notFound', { datasets: DATASET_KEYS.join(', ') }),
      instance: req.url.split('?')[0],
    });
}

/** Not changed since If-Modified-Since (seconds; only when there is no If-None-Match). */
function notModifiedSince(req: FastifyRequest, modified: Date): boolean {
  const h = req.headers['if-modified-since'];
  if (typeof h !== 'string' || req.headers['if-none-match'] !== undefined) return false;
  const since = Date.parse(h);
  return Number.isFinite(since) && Math.floor(modified.getTime() / 1000) * 1000 <= since;
}

export async function autoRoutes(app: FastifyInstance): Promise<void> {
  await keeperRoutes(app);
  app.get('/opendata/auto/:scope/:file', { schema: { hide: true } }, async (req, reply) => {
    const { scope, file } = req.params as { scope: string; file: string };
    const m = FILE_RE.exec(file);
    if (!m) return noSuchFile(req, reply);
    const f = await autoFile(app.db, scope, m[1]!, m[2]!);
    if (!f) return noSuchFile(req, reply);
    reply.header('last-modified', f.modifiedAt.toUTCString());
    reply.header('access-control-allow-origin', '*');
    const etag = strongEtag(f.sha256);
    if (cacheHeaders(req, reply, etag, { maxAge: FILE_MAX_AGE, shared: true }) || notModifiedSince(req, f.modifiedAt)) return reply.code(304).send();
    return reply
      .type(`${f.mediaType}; charset=utf-8`)
      .header('content-disposition', `attachment; filename="${f.fileName}"`)
      .send(f.body);
  });
}
