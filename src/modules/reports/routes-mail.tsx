// HTTP for the e-mail confirmation of an anonymous report:
//   GET  /kov/:kov/reports/confirm?token=…   a page with a "Confirm the report" button (GET changes
//                                            nothing: mail scanners follow links)
//   POST /kov/:kov/reports/confirm           confirms (CSRF, rate-limited), then the notifier mails the receipt
// An unknown or used token gives a clear page (410); an address without one shows a field for the
// code (a mail program that broke the link). Thin: parse → service → render.
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { PageCtx } from '../../kernel/web/components.js';
import { CsrfField, Layout, TextField } from '../../kernel/web/components.js';
import { confirmReport, confirmationOf, notifyReportersSoon } from './notify.js';

const ConfirmQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 400 })) });
const ConfirmBody = Type.Object({ token: Type.String({ maxLength: 400 }), _csrf: Type.Optional(Type.String()) });

function crumbs(ctx: PageCtx, kov: string, title: string) {
  return [{ href: `/kov/${kov}`, label: ctx.tenant?.name ?? kov }, { label: title }];
}

export function ConfirmPage(props: { ctx: PageCtx; kov: string; number: string; token: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('reports.confirm.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, props.kov, title)}>
      <h1>{title}</h1>
      <p>{t('reports.confirm.intro', { number: props.number })}</p>
      <form method="post" action={`/kov/${props.kov}/reports/confirm`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="token" value={props.token} />
        <button type="submit" class="button">
          {t('reports.confirm.button')}
        </button>
      </form>
    </Layout>
  );
}

/** The confirmation address without its code: a field to paste it in (a GET form: it only leads to the confirm page). */
export function ConfirmCodePage(props: { ctx: PageCtx; kov: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('reports.confirm.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, props.kov, title)}>
      <h1>{title}</h1>
      <p>{t('reports.confirm.missing')}</p>
      <form method="get" action={`/kov/${props.kov}/reports/confirm`}>
        <TextField t={t} name="token" label={t('reports.confirm.code')} hint={t('reports.confirm.codeHint')} required autocomplete="off" maxLength={400} />
        <button type="submit" class="button">
          {t('reports.confirm.next')}
        </button>
      </form>
    </Layout>
  );
}

export function ConfirmedPage(props: { ctx: PageCtx; kov: string; number: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('reports.confirm.done.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, props.kov, title)}>
      <h1>{title}</h1>
      <div class="flash flash-success" role="status">
        {t('reports.confirm.done.text', { number: props.number })}
      </div>
      <p>
        <a href={`/kov/${props.kov}/reports/${props.number}`}>{t('reports.confirm.view')}</a>
      </p>
    </Layout>
  );
}

export async function mailRoutes(app: FastifyInstance): Promise<void> {
  const rateLimit = { max: app.config.rateLimit.publicWritePerMinute, timeWindow: '1 minute' };
  // the token is in the address: never sent on to another site, never kept by a cache
  const privateHeaders = { 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };

  app.get('/kov/:kov/reports/confirm', { schema: { hide: true, querystring: ConfirmQuery }, config: { rateLimit } }, async (req, reply) => {
    const kov = req.tenant!.code;
    const { token } = req.query as { token?: string };
    reply.headers(privateHeaders);
    if (!token?.trim()) return reply.page(ConfirmCodePage({ ctx: await req.pageCtx({ csrf: false }), kov }));
    const { number } = await confirmationOf(app.db, kov, token);
    return reply.page(ConfirmPage({ ctx: await req.pageCtx(), kov, number, token: token!.trim() }));
  });

  app.post('/kov/:kov/reports/confirm', { schema: { hide: true, body: ConfirmBody }, config: { rateLimit } }, async (req, reply) => {
    const kov = req.tenant!.code;
    const { token } = req.body as { token: string };
    reply.headers(privateHeaders);
    const done = await confirmReport(app.db, kov, token);
    await notifyReportersSoon(app);
    return reply.page(ConfirmedPage({ ctx: await req.pageCtx({ csrf: false }), kov, number: done.number }));
  });
}
