import type { HttpError } from '../errors.js';
import type { PageCtx } from './components.js';
import { Layout } from './components.js';

export function ErrorPage(props: { ctx: PageCtx; error: HttpError; refId?: string }) {
  const { ctx, error } = props;
  const t = ctx.t;
  const title = t(error.titleKey);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {error.detailKey && <p>{t(error.detailKey, props.refId ? { ref: props.refId } : undefined)}</p>}
      {error.fields.length > 0 && (
        <ul class="error-list">
          {error.fields.map((f) => (
            <li>{t(f.reason, f.vars)}</li>
          ))}
        </ul>
      )}
      {error.status === 401 && (
        <p>
          <a class="button" href={`/auth/login?return=${encodeURIComponent(ctx.url)}`}>
            {t('layout.signIn')}
          </a>
        </p>
      )}
      <p>
        <a href="/">{t('error.back')}</a>
      </p>
    </Layout>
  );
}
