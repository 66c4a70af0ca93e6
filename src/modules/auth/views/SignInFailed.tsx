import type { PageCtx } from '../../../kernel/web/components.js';
import { Layout } from '../../../kernel/web/components.js';

/** Why a sign-in did not happen, in the person's language, with a way to start again. */
export function SignInFailedPage(props: { ctx: PageCtx; titleKey: string; detailKey: string; returnTo: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t(props.titleKey);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t(props.detailKey)}</p>
      <p class="actions">
        <a class="button" href={`/auth/login?return=${encodeURIComponent(props.returnTo)}`}>
          {t('auth.fail.tryAgain')}
        </a>
        <a href="/">{t('auth.fail.home')}</a>
      </p>
    </Layout>
  );
}
