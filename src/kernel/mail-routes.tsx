// The development mail catcher: /dev/mail lists the outbox (what the platform has mailed, latest
// first) and /dev/mail/:id shows one mail's text, so a developer follows a confirmation link
// without a mail server. The app mounts these routes only outside production (app.ts); they read
// every KOV's mail, which only development data may show.
import type { FastifyInstance } from 'fastify';
import { notFound } from './errors.js';
import { fmtDateTime, fmtNumber } from './i18n.js';
import type { MailRow } from './mail.js';
import { listMail, mailById } from './mail.js';
import type { PageCtx } from './web/components.js';
import { Layout, Table } from './web/components.js';

function stateOf(t: PageCtx['t'], m: MailRow): string {
  return t(m.sent_at ? 'mail.catcher.state.sent' : m.failed_at ? 'mail.catcher.state.failed' : 'mail.catcher.state.waiting');
}

function When(props: { at: Date }) {
  const at = new Date(props.at);
  return <time dateTime={at.toISOString()}>{fmtDateTime(at)}</time>;
}

export function MailListPage(props: { ctx: PageCtx; mails: MailRow[]; smtp: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('mail.catcher.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: title }]} wide>
      <h1>{title}</h1>
      <p>{t(props.smtp ? 'mail.catcher.introSmtp' : 'mail.catcher.intro')}</p>
      <Table
        t={t}
        caption={t('mail.catcher.caption')}
        rows={props.mails}
        columns={[
          { label: t('mail.catcher.col.created'), cell: (m) => <When at={m.created_at} /> },
          { label: t('mail.catcher.col.to'), cell: (m) => m.to_address },
          { label: t('mail.catcher.col.subject'), cell: (m) => <a href={`/dev/mail/${m.id}`}>{m.subject}</a> },
          { label: t('mail.catcher.col.kind'), cell: (m) => <code>{m.kind}</code> },
          { label: t('mail.catcher.col.state'), cell: (m) => stateOf(t, m) },
        ]}
      />
    </Layout>
  );
}

export function MailPage(props: { ctx: PageCtx; mail: MailRow }) {
  const { ctx, mail } = props;
  const t = ctx.t;
  const list = t('mail.catcher.title');
  return (
    <Layout ctx={ctx} title={mail.subject} crumbs={[{ href: '/dev/mail', label: list }, { label: mail.subject }]}>
      <h1>{mail.subject}</h1>
      <dl>
        <dt>{t('mail.catcher.col.to')}</dt>
        <dd>{mail.to_address}</dd>
        <dt>{t('mail.catcher.col.created')}</dt>
        <dd>
          <When at={mail.created_at} />
        </dd>
        <dt>{t('mail.catcher.col.kind')}</dt>
        <dd>
          <code>{mail.kind}</code>
        </dd>
        <dt>{t('mail.catcher.col.state')}</dt>
        <dd>
          {stateOf(t, mail)} · {t('mail.catcher.attempts', { n: fmtNumber(mail.attempts) })}
          {mail.last_error && (
            <>
              <br />
              {t('mail.catcher.lastError', { error: mail.last_error })}
            </>
          )}
        </dd>
      </dl>
      <h2>{t('mail.catcher.text')}</h2>
      <pre class="mail-text">{mail.body_text}</pre>
      <p>
        <a href="/dev/mail">{t('mail.catcher.back')}</a>
      </p>
    </Layout>
  );
}

/** Mounts /dev/mail; the caller does so only outside production. */
export async function mailCatcherRoutes(app: FastifyInstance): Promise<void> {
  if (app.config.env === 'production') throw new Error('the mail catcher never runs in production');
  app.get('/dev/mail', { schema: { hide: true } }, async (req, reply) => {
    const [mails, ctx] = await Promise.all([listMail(app.db, { limit: 200 }), req.pageCtx({ csrf: false })]);
    reply.header('cache-control', 'no-store');
    return reply.page(MailListPage({ ctx, mails, smtp: app.config.mail.smtpUrl !== null }));
  });
  app.get('/dev/mail/:id', { schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const [mail, ctx] = await Promise.all([mailById(app.db, id), req.pageCtx({ csrf: false })]);
    if (!mail) throw notFound();
    reply.header('cache-control', 'no-store');
    return reply.page(MailPage({ ctx, mail }));
  });
}
