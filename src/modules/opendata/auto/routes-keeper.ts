// ELVL's open-data keeper's page (platform role opendata-elvl, platform admins; docs/opendata-auto.md):
//   GET  /opendata/keeper[?kov=CODE]   the last refresh run, the datasets' files (all KOVs; one KOV's)
//   POST /opendata/keeper/refresh      queues the refresh job now, every file or (scope=kov) the chosen KOV's
//                                      (CSRF, rate-limited, audited) → 303 back
// Thin: authorize → service → render. The refresh runs in the job workers, never in the request.
import type { FastifyInstance } from 'fastify';
import { requireKeeper } from '../permissions.js';
import { KeeperPage } from '../views/keeper.js';
import { keeperOverview, requestAutoRefresh } from './service.js';

const hide = { schema: { hide: true } };

export async function keeperRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const writeLimit = { max: app.config.rateLimit.publicWritePerMinute, timeWindow: '1 minute' };

  app.get('/opendata/keeper', hide, async (req, reply) => {
    requireKeeper(req);
    const q = (req.query ?? {}) as { kov?: unknown };
    const kov = typeof q.kov === 'string' && /^\d{4}$/.test(q.kov) ? q.kov : null;
    const [o, ctx] = await Promise.all([keeperOverview(db, kov), req.pageCtx()]);
    reply.header('cache-control', 'private, no-store');
    return reply.page(KeeperPage({ ctx, o }));
  });

  app.post('/opendata/keeper/refresh', { ...hide, config: { rateLimit: writeLimit } }, async (req, reply) => {
    const actor = requireKeeper(req);
    const body = (req.body ?? {}) as { kov?: unknown; scope?: unknown };
    const kov = typeof body.kov === 'string' && /^\d{4}$/.test(body.kov) ? body.kov : null;
    // the button "only this KOV" (scope=kov) refreshes the chosen KOV's files; the other, every file
    await requestAutoRefresh(db, app.jobs, actor, body.scope === 'kov' ? kov : null);
    reply.flash({ kind: 'success', key: 'opendata.keeper.flash.queued' });
    // back to the page as it was (the KOV chosen stays chosen)
    return reply.redirect(kov ? `/opendata/keeper?kov=${kov}` : '/opendata/keeper', 303);
  });
}
