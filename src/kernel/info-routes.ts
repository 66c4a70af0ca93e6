// The site's information pages (linked from every page's footer): the accessibility statement, the
// privacy notice and a KOV's contact page. Public, read-only.
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';
import { tenantContact } from './tenants.js';
import { AccessibilityPage, KovContactPage, PrivacyPage } from './web/info.js';

/** How long the polls' receipt cookie lives (src/modules/polls/receipt.ts says the same). */
export const RECEIPT_COOKIE_MINUTES = 30;

export async function infoRoutes(app: FastifyInstance): Promise<void> {
  app.get('/accessibility', { schema: { hide: true } }, async (req, reply) => reply.page(AccessibilityPage({ ctx: await req.pageCtx() })));

  app.get('/privacy', { schema: { hide: true } }, async (req, reply) =>
    reply.page(
      PrivacyPage({
        ctx: await req.pageCtx(),
        idleMinutes: app.config.sessionIdleMinutes,
        absoluteHours: app.config.sessionAbsoluteHours,
        receiptMinutes: RECEIPT_COOKIE_MINUTES,
      }),
    ),
  );

  app.get('/kov/:kov/contact', { schema: { hide: true } }, async (req, reply) => {
    const kov = req.tenant!;
    const contact = await tenantContact(app.db, kov.code);
    if (!contact) throw new HttpError(404, 'not-found', 'error.notFound.title');
    return reply.page(KovContactPage({ ctx: await req.pageCtx(), kov, contact }));
  });
}
