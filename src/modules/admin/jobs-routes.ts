// HTTP for the platform administration's front page (/admin) and its background jobs page
// (/admin/jobs): platform admins only. The jobs themselves are the kernel's (src/kernel/jobs.ts);
// a retry from the page is audited on the platform chain by the kernel, in the same transaction.
import type { FastifyInstance } from 'fastify';
import { requirePlatformAdmin } from '../../kernel/auth.js';
import { JobsPage, PlatformAdminPage, jobLabel } from './views/jobs.js';

export async function adminJobsRoutes(app: FastifyInstance): Promise<void> {
  const jobs = app.jobs;

  app.get('/admin', async (req, reply) => {
    requirePlatformAdmin(req);
    const [counts, ctx] = await Promise.all([jobs.counts(), req.pageCtx()]);
    const sum = (f: (c: (typeof counts)[number]['counts']) => number) => counts.reduce((s, c) => s + f(c.counts), 0);
    return reply.page(PlatformAdminPage({ ctx, waiting: sum((c) => c.created + c.retry), failed: sum((c) => c.failed) }));
  });

  app.get('/admin/jobs', async (req, reply) => {
    requirePlatformAdmin(req);
    const [counts, failed, ctx] = await Promise.all([jobs.counts(), jobs.failed(200), req.pageCtx()]);
    return reply.page(JobsPage({ ctx, backend: jobs.backend, workers: jobs.started, counts, failed }));
  });

  app.post('/admin/jobs/:id/retry', async (req, reply) => {
    const actor = requirePlatformAdmin(req);
    const id = (req.params as { id: string }).id;
    const job = await jobs.retry(id, actor);
    if (job) {
      const def = jobs.defs.find((d) => d.name === job.name);
      reply.flash({ kind: 'success', key: 'admin.jobs.retried', vars: { job: jobLabel(req.t, job.name, def?.labelKey) } });
    } else reply.flash({ kind: 'error', key: 'admin.jobs.notFailed' });
    return reply.redirect('/admin/jobs#failed', 303);
  });
}
