// The KOV admin's webhook pages: the list with the "add" form, the page shown once after adding
// (with the secret), and one webhook's page (state, dead letters with replay, deliveries, attempts).
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import { CheckboxesField, CsrfField, ErrorSummary, Layout, Table, TextField } from '../../../kernel/web/components.js';
import type { AttemptView, DeliveryView, WebhookView } from '../webhooks.js';
import { EVENT_KINDS, MAX_DESCRIPTION } from '../webhooks.js';

function crumbs(ctx: PageCtx, kov: string, page: string, hook?: WebhookView): Crumb[] {
  const out: Crumb[] = [];
  if (ctx.tenant) out.push({ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name });
  out.push({ href: `/kov/${kov}/admin`, label: ctx.t('admin.title') });
  if (hook) out.push({ href: `/kov/${kov}/reports/webhooks`, label: ctx.t('reports.webhooks.title') });
  out.push({ label: page });
  return out;
}

const titleOf = (ctx: PageCtx, title: string, errors?: FieldError[]) => (errors?.length ? `${ctx.t('form.errorPrefix')} ${title}` : title);

function eventsText(ctx: PageCtx, events: string[]): string {
  return events.includes('*') ? ctx.t('reports.webhooks.allEvents') : events.map((e) => ctx.t(`reports.webhooks.kind.${e}`)).join(', ');
}

export function WebhooksPage(props: { ctx: PageCtx; kov: string; hooks: WebhookView[]; values: { url: string; events: string[]; description: string }; errors?: FieldError[] }) {
  const { ctx, kov, values, errors } = props;
  const t = ctx.t;
  const title = t('reports.webhooks.title');
  return (
    <Layout ctx={ctx} title={titleOf(ctx, title, errors)} crumbs={crumbs(ctx, kov, title)} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <p>{t('reports.webhooks.intro')}</p>
      {props.hooks.length ? (
        <Table<WebhookView>
          t={t}
          caption={t('reports.webhooks.caption')}
          rows={props.hooks}
          columns={[
            { label: t('reports.webhooks.col.url'), cell: (h) => <a href={`/kov/${kov}/reports/webhooks/${h.id}`}>{h.url}</a> },
            { label: t('reports.webhooks.col.events'), cell: (h) => eventsText(ctx, h.events) },
            { label: t('reports.webhooks.col.state'), cell: (h) => (h.active ? t('reports.webhooks.active') : t('reports.webhooks.inactive')) },
            {
              label: t('reports.webhooks.col.counts'),
              cell: (h) => `${fmtNumber(h.counts.pending)} / ${fmtNumber(h.counts.delivered)} / ${fmtNumber(h.counts.dead)}`,
            },
          ]}
        />
      ) : (
        <p class="empty">{t('reports.webhooks.none')}</p>
      )}
      <h2>{t('reports.webhooks.new')}</h2>
      <form method="post" action={`/kov/${kov}/reports/webhooks`} novalidate>
        <CsrfField ctx={ctx} />
        <TextField t={t} name="url" type="url" label={t('reports.webhooks.field.url')} hint={t('reports.webhooks.field.url.hint')} errors={errors} value={values.url} required maxLength={2000} />
        <CheckboxesField
          t={t}
          name="events"
          legend={t('reports.webhooks.field.events')}
          errors={errors}
          values={values.events}
          options={[{ value: '*', label: t('reports.webhooks.allEvents') }, ...EVENT_KINDS.map((k) => ({ value: k, label: t(`reports.webhooks.kind.${k}`) }))]}
        />
        <TextField t={t} name="description" label={t('reports.webhooks.field.description')} errors={errors} value={values.description} maxLength={MAX_DESCRIPTION} />
        <button type="submit">{t('reports.webhooks.create')}</button>
      </form>
    </Layout>
  );
}

export function WebhookCreatedPage(props: { ctx: PageCtx; kov: string; hook: WebhookView; secret: string }) {
  const { ctx, kov, hook } = props;
  const t = ctx.t;
  const title = t('reports.webhooks.created.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, title, hook)}>
      <h1>{title}</h1>
      <p>{hook.url}</p>
      <div class="panel">
        <p>
          <strong>{t('reports.webhooks.created.secret')}</strong>
        </p>
        <p>
          <code>{props.secret}</code>
        </p>
      </div>
      <p>
        <a class="button" href={`/kov/${kov}/reports/webhooks/${hook.id}`}>
          {t('reports.webhooks.created.continue')}
        </a>
      </p>
    </Layout>
  );
}

export function WebhookPage(props: { ctx: PageCtx; kov: string; hook: WebhookView; dead: DeliveryView[]; deliveries: DeliveryView[]; attempts: AttemptView[]; errors?: FieldError[] }) {
  const { ctx, kov, hook, errors } = props;
  const t = ctx.t;
  const title = hook.url;
  const base = `/kov/${kov}/reports/webhooks/${hook.id}`;
  return (
    <Layout ctx={ctx} title={titleOf(ctx, `${t('reports.webhooks.title')}: ${title}`, errors)} crumbs={crumbs(ctx, kov, title, hook)} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <dl class="summary">
        <dt>{t('reports.webhooks.col.state')}</dt>
        <dd>{hook.active ? t('reports.webhooks.active') : t('reports.webhooks.inactive')}</dd>
        <dt>{t('reports.webhooks.col.events')}</dt>
        <dd>{eventsText(ctx, hook.events)}</dd>
        {hook.description && (
          <>
            <dt>{t('reports.webhooks.field.description')}</dt>
            <dd>{hook.description}</dd>
          </>
        )}
        <dt>{t('reports.webhooks.secretHint')}</dt>
        <dd>
          <code>…{hook.secretHint}</code>
        </dd>
        <dt>{t('reports.webhooks.createdBy')}</dt>
        <dd>
          {hook.createdBy}, {fmtDateTime(hook.createdAt)}
        </dd>
        <dt>{t('reports.webhooks.col.counts')}</dt>
        <dd>
          {fmtNumber(hook.counts.pending)} / {fmtNumber(hook.counts.delivered)} / {fmtNumber(hook.counts.dead)}
        </dd>
      </dl>
      <form method="post" action={`${base}/active`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="active" value={hook.active ? 'false' : 'true'} />
        <button type="submit" class="secondary">
          {hook.active ? t('reports.webhooks.disable') : t('reports.webhooks.enable')}
        </button>
      </form>

      <h2>{t('reports.webhooks.dead.title')}</h2>
      {props.dead.length ? (
        <>
          <Table<DeliveryView>
            t={t}
            caption={t('reports.webhooks.dead.title')}
            captionHidden
            rows={props.dead}
            columns={[
              { label: t('reports.webhooks.col.event'), cell: (d) => `#${d.eventId} (${d.seq})` },
              { label: t('reports.webhooks.col.attempts'), cell: (d) => fmtNumber(d.attempts), numeric: true },
              { label: t('reports.webhooks.col.error'), cell: (d) => d.lastError ?? '' },
              {
                label: t('reports.webhooks.col.action'),
                cell: (d) => (
                  <form method="post" action={`${base}/replay`}>
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="delivery" value={d.id} />
                    <button type="submit" class="secondary">
                      {t('reports.webhooks.replay')}
                    </button>
                  </form>
                ),
              },
            ]}
          />
          <form method="post" action={`${base}/replay`}>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="delivery" value="all" />
            <button type="submit">{t('reports.webhooks.replayAll')}</button>
          </form>
        </>
      ) : (
        <p class="empty">{t('reports.webhooks.dead.none')}</p>
      )}

      <h2>{t('reports.webhooks.deliveries.title')}</h2>
      <Table<DeliveryView>
        t={t}
        caption={t('reports.webhooks.deliveries.title')}
        captionHidden
        rows={props.deliveries}
        columns={[
          { label: t('reports.webhooks.col.event'), cell: (d) => `#${d.eventId} (${d.seq})` },
          { label: t('reports.webhooks.col.state'), cell: (d) => t(`reports.webhooks.state.${d.state}`) },
          { label: t('reports.webhooks.col.attempts'), cell: (d) => fmtNumber(d.attempts), numeric: true },
          { label: t('reports.webhooks.col.next'), cell: (d) => (d.state === 'pending' ? fmtDateTime(d.nextAttemptAt) : d.deliveredAt ? fmtDateTime(d.deliveredAt) : '') },
        ]}
      />

      <h2>{t('reports.webhooks.attempts.title')}</h2>
      <Table<AttemptView>
        t={t}
        caption={t('reports.webhooks.attempts.title')}
        captionHidden
        rows={props.attempts}
        columns={[
          { label: t('reports.webhooks.col.at'), cell: (a) => fmtDateTime(a.at) },
          { label: t('reports.webhooks.col.event'), cell: (a) => `#${a.eventId} ${t(`reports.webhooks.kind.${a.kind}`)} (${fmtNumber(a.attempt)})` },
          { label: t('reports.webhooks.col.status'), cell: (a) => (a.status === null ? '—' : String(a.status)) },
          { label: t('reports.webhooks.col.error'), cell: (a) => a.error ?? '' },
          { label: t('reports.webhooks.col.duration'), cell: (a) => fmtNumber(a.durationMs), numeric: true },
        ]}
      />

      <h2>{t('reports.webhooks.delete')}</h2>
      <form method="post" action={`${base}/delete`} novalidate>
        <CsrfField ctx={ctx} />
        <CheckboxesField t={t} name="confirm" legend={t('reports.webhooks.delete')} errors={errors} values={[]} options={[{ value: 'yes', label: t('reports.webhooks.deleteConfirm') }]} />
        <button type="submit" class="warning">
          {t('reports.webhooks.delete')}
        </button>
      </form>
    </Layout>
  );
}
