// The public pages of a KOV's reports: the list (filters, a table, a map island), a report's page
// (what, where, status in words, photos, the expected-by date and the public history) and the
// reporter's "is it fixed?" form. Never the reporter's name, e-mail or phone, never who handles it.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDate, fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Pagination, SelectField, Table, TextField } from '../../../kernel/web/components.js';
import { DOMAINS } from '../service.js';
import type { CategoryRow } from '../repo.js';
import type { PublicList, PublicReport, PublicReportView } from '../public.js';
import { MAX_FEEDBACK_COMMENT, categoryName, categoryRowName } from '../public.js';
import type { MapConfig } from './form.js';
import { MapAssets, ReportsStyles } from './form.js';

export interface ListFilterValues {
  status: string;
  category: string;
  domain: string;
}

const crumbsOf = (ctx: PageCtx, kov: string, last?: string) => {
  const t = ctx.t;
  const kovName = ctx.tenant?.name ?? kov;
  const list = t('reports.public.title');
  return last ? [{ href: `/kov/${kov}`, label: kovName }, { href: `/kov/${kov}/reports`, label: list }, { label: last }] : [{ href: `/kov/${kov}`, label: kovName }, { label: list }];
};

const placeOf = (t: PageCtx['t'], r: PublicReport) =>
  r.address ?? (r.lat !== null && r.lon !== null ? t('reports.public.coords', { lat: r.lat.toFixed(5), lon: r.lon.toFixed(5) }) : '');

export function PublicListPage(props: { ctx: PageCtx; kov: string; list: PublicList; categories: CategoryRow[]; filter: ListFilterValues; map: MapConfig }) {
  const { ctx, kov, list } = props;
  const t = ctx.t;
  const title = t('reports.public.title');
  const points = list.reports
    .filter((r) => r.lat !== null && r.lon !== null)
    .map((r) => ({ n: r.number, lat: r.lat, lon: r.lon, s: t(`reports.status.${r.status}`), c: categoryName(r.category, ctx.locale), o: r.open, h: `/kov/${kov}/reports/${r.number}` }));
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbsOf(ctx, kov)} wide>
      <ReportsStyles />
      <MapAssets />
      <h1>{title}</h1>
      <p>
        <a class="button" href={`/kov/${kov}/reports/new`}>
          {t('reports.public.new')}
        </a>
      </p>
      <form method="get" action={`/kov/${kov}/reports`} class="filters">
        <SelectField
          t={t}
          name="status"
          label={t('reports.public.filter.status')}
          value={props.filter.status}
          options={[
            { value: '', label: t('reports.public.filter.all') },
            { value: 'open', label: t('reports.public.filter.open') },
            { value: 'closed', label: t('reports.public.filter.closed') },
          ]}
        />
        <SelectField
          t={t}
          name="category"
          label={t('reports.public.category')}
          value={props.filter.category}
          options={[{ value: '', label: t('reports.public.filter.all') }, ...props.categories.map((c) => ({ value: c.code, label: categoryRowName(c, ctx.locale) }))]}
        />
        <SelectField
          t={t}
          name="domain"
          label={t('reports.public.filter.domain')}
          value={props.filter.domain}
          options={[{ value: '', label: t('reports.public.filter.all') }, ...DOMAINS.map((d) => ({ value: d, label: t(`reports.domain.${d}`) }))]}
        />
        <div class="field">
          <button type="submit">{t('reports.public.filter.apply')}</button>
        </div>
      </form>
      <p>{t('reports.public.count', { n: fmtNumber(list.total) })}</p>
      {points.length > 0 && (
        <div class="report-map report-map-list" hidden data-mode="list" data-tiles={props.map.tileUrl} data-attribution={props.map.attribution} data-points={JSON.stringify(points)} data-label={t('reports.map.listLabel')} />
      )}
      <Table
        t={t}
        caption={title}
        captionHidden
        rows={list.reports}
        columns={[
          { label: t('reports.public.number'), cell: (r) => <a href={`/kov/${kov}/reports/${r.number}`}>{r.number}</a> },
          { label: t('reports.public.category'), cell: (r) => categoryName(r.category, ctx.locale) },
          { label: t('reports.public.status'), cell: (r) => t(`reports.status.${r.status}`) },
          { label: t('reports.public.place'), cell: (r) => placeOf(t, r) },
          { label: t('reports.public.created'), cell: (r) => fmtDate(r.createdAt) },
        ]}
      />
      <Pagination t={t} url={ctx.url} page={list.page} pages={list.pages} />
    </Layout>
  );
}

/** "I have this problem too": the count and the follow form (or, for a follower, the way to stop). */
export interface FollowProps {
  following: boolean;
  signedIn: boolean;
  errors?: FieldError[];
  values?: Record<string, string>;
}

function FollowPanel(props: { ctx: PageCtx; kov: string; report: PublicReport; follow: FollowProps }) {
  const { ctx, kov, report: r, follow } = props;
  const t = ctx.t;
  const errors = follow.errors ?? [];
  return (
    <section class="panel follow" aria-labelledby="follow-title" id="follow">
      <h2 id="follow-title">{t('reports.follow.title')}</h2>
      <p class="follow-count">{t('reports.follow.count', { n: fmtNumber(r.followers) })}</p>
      {!r.open ? (
        <p>{t('reports.follow.closed')}</p>
      ) : follow.following ? (
        <form method="post" action={`/kov/${kov}/reports/${r.number}/unfollow`}>
          <CsrfField ctx={ctx} />
          <p>{t('reports.follow.following')}</p>
          <button type="submit" class="button-secondary">
            {t('reports.follow.stop')}
          </button>
        </form>
      ) : (
        <form method="post" action={`/kov/${kov}/reports/${r.number}/follow`} novalidate>
          <CsrfField ctx={ctx} />
          <p>{t('reports.follow.lead')}</p>
          <TextField
            t={t}
            name="email"
            type="email"
            label={follow.signedIn ? t('reports.follow.emailOptional') : t('reports.follow.email')}
            hint={follow.signedIn ? undefined : t('reports.follow.emailHint')}
            value={follow.values?.email ?? ''}
            errors={errors}
            autocomplete="email"
            required={!follow.signedIn}
          />
          <button type="submit">{t('reports.follow.submit')}</button>
        </form>
      )}
    </section>
  );
}

export function PublicReportPage(props: { ctx: PageCtx; kov: string; view: PublicReportView; map: MapConfig; follow: FollowProps }) {
  const { ctx, kov } = props;
  const { report: r, photos, events } = props.view;
  const t = ctx.t;
  const title = t('reports.public.reportTitle', { number: r.number });
  const place = placeOf(t, r);
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbsOf(ctx, kov, r.number)}>
      <ReportsStyles />
      <MapAssets />
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={props.follow.errors ?? []} />
      <dl class="report-facts">
        <dt>{t('reports.public.category')}</dt>
        <dd>{categoryName(r.category, ctx.locale)}</dd>
        <dt>{t('reports.public.status')}</dt>
        <dd>
          <strong>{t(`reports.status.${r.status}`)}</strong>
        </dd>
        <dt>{t('reports.public.created')}</dt>
        <dd>{fmtDate(r.createdAt)}</dd>
        {r.expectedAt && r.open && (
          <>
            <dt>{t('reports.public.expected')}</dt>
            <dd>{fmtDate(r.expectedAt)}</dd>
          </>
        )}
        {r.closedAt && (
          <>
            <dt>{t('reports.public.closed')}</dt>
            <dd>{fmtDate(r.closedAt)}</dd>
          </>
        )}
        {place && (
          <>
            <dt>{t('reports.public.place')}</dt>
            <dd>{place}</dd>
          </>
        )}
      </dl>
      <h2>{t('reports.public.description')}</h2>
      <p class="report-description">{r.description}</p>
      {r.lat !== null && r.lon !== null && (
        <div
          class="report-map report-map-one"
          hidden
          data-mode="list"
          data-tiles={props.map.tileUrl}
          data-attribution={props.map.attribution}
          data-points={JSON.stringify([{ n: r.number, lat: r.lat, lon: r.lon, s: t(`reports.status.${r.status}`), c: categoryName(r.category, ctx.locale), o: r.open }])}
          data-label={t('reports.map.oneLabel')}
        />
      )}
      {photos.length > 0 && (
        <>
          <h2>{t('reports.public.photos')}</h2>
          <ul class="report-photos">
            {photos.map((p, i) => (
              <li>
                <a href={`/kov/${kov}/reports/photos/${p.id}`}>
                  <img src={`/kov/${kov}/reports/photos/${p.id}`} width={p.width} height={p.height} alt={t('reports.public.photoAlt', { n: i + 1, number: r.number })} loading="lazy" />
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <FollowPanel ctx={ctx} kov={kov} report={r} follow={props.follow} />
      <h2>{t('reports.public.history')}</h2>
      <ol class="report-history">
        {events.map((e) => (
          <li>
            <time dateTime={e.at.toISOString()}>{fmtDate(e.at)}</time> — {t(`reports.event.${e.kind}`)}
            {(e.kind === 'status' || e.kind === 'reopened' || e.kind === 'created' || e.kind === 'confirmed') && <>: {t(`reports.status.${e.status}`)}</>}
            {e.body && <blockquote>{e.body}</blockquote>}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

export function FeedbackPage(props: { ctx: PageCtx; kov: string; report: PublicReport; token: string; values: Record<string, string>; errors?: FieldError[] }) {
  const { ctx, kov, report: r, values } = props;
  const t = ctx.t;
  const errors = props.errors ?? [];
  const title = t('reports.feedback.title');
  const err = (f: string) => errors.find((e) => e.field === f);
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbsOf(ctx, kov, title)}>
      <ReportsStyles />
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p>
        {t('reports.feedback.lead', { number: r.number, category: categoryName(r.category, ctx.locale), status: t(`reports.status.${r.status}`) })}{' '}
        <a href={`/kov/${kov}/reports/${r.number}`}>{t('reports.feedback.seeReport')}</a>
      </p>
      <form method="post" action={`/kov/${kov}/reports/${r.number}/feedback`} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="token" value={props.token} />
        <div class={err('fixed') ? 'field field-error' : 'field'}>
          <fieldset id="f-fixed">
            <legend>{t('reports.feedback.fixed')}</legend>
            {err('fixed') && <p class="error-message">{t(err('fixed')!.reason)}</p>}
            <div class="checkbox">
              <input type="radio" id="f-fixed-yes" name="fixed" value="yes" checked={values.fixed === 'yes'} /> <label for="f-fixed-yes">{t('reports.feedback.yes')}</label>
            </div>
            <div class="checkbox">
              <input type="radio" id="f-fixed-no" name="fixed" value="no" checked={values.fixed === 'no'} /> <label for="f-fixed-no">{t('reports.feedback.no')}</label>
            </div>
          </fieldset>
        </div>
        <div class={err('satisfaction') ? 'field field-error' : 'field'}>
          <fieldset id="f-satisfaction">
            <legend>{t('reports.feedback.satisfaction')}</legend>
            <p class="hint">{t('reports.feedback.satisfactionHint')}</p>
            {err('satisfaction') && <p class="error-message">{t(err('satisfaction')!.reason)}</p>}
            <div class="rating">
              {[1, 2, 3, 4, 5].map((n) => (
                <span class="checkbox">
                  <input type="radio" id={`f-satisfaction-${n}`} name="satisfaction" value={String(n)} checked={values.satisfaction === String(n)} /> <label for={`f-satisfaction-${n}`}>{n}</label>
                </span>
              ))}
            </div>
          </fieldset>
        </div>
        <div class={err('comment') ? 'field field-error' : 'field'}>
          <label for="f-comment">{t('reports.feedback.comment')}</label>
          <p class="hint" id="f-comment-hint">
            {t('reports.feedback.commentHint')}
          </p>
          {err('comment') && <p class="error-message">{t(err('comment')!.reason)}</p>}
          <textarea id="f-comment" name="comment" rows={4} maxLength={MAX_FEEDBACK_COMMENT} aria-describedby="f-comment-hint">
            {values.comment ?? ''}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit">{t('reports.feedback.send')}</button>
        </div>
      </form>
    </Layout>
  );
}

export function FeedbackDonePage(props: { ctx: PageCtx; kov: string; number: string; reopened: boolean }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const title = t('reports.feedback.thanks');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbsOf(ctx, kov, title)}>
      <h1>{title}</h1>
      <p>{props.reopened ? t('reports.feedback.reopened') : t('reports.feedback.stored')}</p>
      <p>
        <a href={`/kov/${kov}/reports/${props.number}`}>{t('reports.feedback.seeReport')}</a>
      </p>
    </Layout>
  );
}
