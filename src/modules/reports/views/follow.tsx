// The pages of following a report by e-mail and of unsubscribing: the confirmation (GET asks, POST
// confirms: mail scanners follow links) and the unsubscribe page (GET asks, POST stops the mails).
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, Layout } from '../../../kernel/web/components.js';

const crumbs = (ctx: PageCtx, kov: string, title: string) => [{ href: `/kov/${kov}`, label: ctx.tenant?.name ?? kov }, { href: `/kov/${kov}/reports`, label: ctx.t('reports.public.title') }, { label: title }];

export function FollowConfirmPage(props: { ctx: PageCtx; kov: string; number: string; token: string }) {
  const { ctx, kov, number } = props;
  const t = ctx.t;
  const title = t('reports.follow.confirm.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, title)}>
      <h1>{title}</h1>
      <p>{t('reports.follow.confirm.lead', { number })}</p>
      <form method="post" action={`/kov/${kov}/reports/${number}/follow/confirm`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="token" value={props.token} />
        <button type="submit">{t('reports.follow.confirm.submit')}</button>
      </form>
    </Layout>
  );
}

export function UnsubscribePage(props: { ctx: PageCtx; kov: string; number: string; query: string }) {
  const { ctx, kov, number } = props;
  const t = ctx.t;
  const title = t('reports.unsubscribe.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, title)}>
      <h1>{title}</h1>
      <p>{t('reports.unsubscribe.lead', { number })}</p>
      <form method="post" action={`/kov/${kov}/reports/unsubscribe?${props.query}`}>
        <button type="submit">{t('reports.unsubscribe.submit')}</button>
      </form>
    </Layout>
  );
}

export function UnsubscribedPage(props: { ctx: PageCtx; kov: string; number: string }) {
  const { ctx, kov, number } = props;
  const t = ctx.t;
  const title = t('reports.unsubscribe.done.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, title)}>
      <h1>{title}</h1>
      <div class="flash flash-success" role="status">
        {t('reports.unsubscribe.done.text', { number })}
      </div>
      {number && (
        <p>
          <a href={`/kov/${kov}/reports/${number}`}>{t('reports.public.reportTitle', { number })}</a>
        </p>
      )}
    </Layout>
  );
}
