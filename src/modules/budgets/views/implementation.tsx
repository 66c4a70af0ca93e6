// The budgets implementation pages: the public map of funded ideas (markers coloured by status, a key,
// totals, and the same ideas as a table for screen readers and without JavaScript), an idea's
// implementation section (status, sums, timeline of updates with photos, newest first), and the
// officials' update form (multipart: status, spent, text, up to 6 photos).
import type { FieldError } from '../../../kernel/errors.js';
import type { T } from '../../../kernel/i18n.js';
import { fmtDate, fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, Table, TextAreaField, TextField } from '../../../kernel/web/components.js';
import { MapAssets, ReportsStyles, type MapConfig } from '../../reports/index.js';
import type { FundedItem, FundedTotals, ImplStatus, ImplUpdateView, ImplementationRow } from '../implementation.js';
import { IMPL_STATUSES, MAX_UPDATE_PHOTOS, MAX_UPDATE_TEXT, UPDATE_STATUSES } from '../implementation.js';
import type { IdeaRow, Process } from '../service.js';
import { crumbs, euros, titleOf } from './parts.js';

/** Marker colours by status (the same as the key's swatches in public/css/budgets.css). */
export const STATUS_COLOURS: Record<ImplStatus, string> = {
  planned: '#505a5f',
  design: '#1d70b8',
  procurement: '#6f3aa8',
  construction: '#b35a00',
  done: '#00703c',
  cancelled: '#b52a1c',
};

export function BudgetsStyles() {
  return <link rel="stylesheet" href="/static/css/budgets.css" />;
}

const statusLabel = (t: T, s: ImplStatus) => t(`budgets.impl.status.${s}`);

export function StatusTag(props: { t: T; status: ImplStatus }) {
  return (
    <strong class="tag">
      <span class={`swatch impl-${props.status}`} aria-hidden="true" />
      {statusLabel(props.t, props.status)}
    </strong>
  );
}

/** The funded ideas as points for the reports map island: n name, s status, c area/category, k colour, h link. */
export function fundedPoints(t: T, kov: string, processId: string, items: FundedItem[]): string {
  return JSON.stringify(
    items
      .filter((i) => i.idea.lat !== null && i.idea.lon !== null)
      .map((i) => ({
        n: `${i.idea.number}. ${i.idea.title}`,
        lat: i.idea.lat,
        lon: i.idea.lon,
        s: `${statusLabel(t, i.impl.status)} · ${euros(t, i.impl.spent)} / ${euros(t, i.impl.amount)}`,
        c: i.area ?? t(`budgets.category.${i.idea.category}`),
        k: STATUS_COLOURS[i.impl.status],
        h: `/kov/${kov}/budgets/${processId}/ideas/${i.idea.number}`,
      })),
  );
}

export function FundedPage(props: { ctx: PageCtx; kov: string; process: Process; items: FundedItem[]; totals: FundedTotals; map: MapConfig; canUpdate: boolean }) {
  const { ctx, kov, process: p, items, totals } = props;
  const t = ctx.t;
  const title = t('budgets.impl.funded.title', { process: titleOf(ctx, p) });
  const live = items.filter((i) => i.impl.status !== 'cancelled');
  const cancelled = items.filter((i) => i.impl.status === 'cancelled');
  const hasAreas = p.areas.length > 0;
  const unplaced = live.some((i) => i.idea.lat === null);
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, p, { label: t('budgets.impl.crumb') })} wide>
      <MapAssets />
      <ReportsStyles />
      <BudgetsStyles />
      <h1>{title}</h1>
      <p class="lead">{t('budgets.impl.funded.lead')}</p>
      {live.length === 0 && <p>{t('budgets.impl.funded.none')}</p>}
      <div class="funded-layout">
        {live.length > 0 && (
          <div class="report-map funded-map" hidden data-mode="list" data-tiles={props.map.tileUrl} data-attribution={props.map.attribution} data-label={t('budgets.impl.map.label')} data-points={fundedPoints(t, kov, p.id, live)} />
        )}
        <div>
          <h2>{t('budgets.impl.totals.title')}</h2>
          <dl class="funded-totals">
            <div>
              <dt>{t('budgets.impl.totals.funded')}</dt>
              <dd>{fmtNumber(totals.funded)}</dd>
            </div>
            <div>
              <dt>{t('budgets.impl.totals.budgeted')}</dt>
              <dd>{euros(t, totals.budgeted)}</dd>
            </div>
            <div>
              <dt>{t('budgets.impl.totals.spent')}</dt>
              <dd>{euros(t, totals.spent)}</dd>
            </div>
            <div>
              <dt>{t('budgets.impl.totals.done')}</dt>
              <dd>{t('budgets.impl.totals.doneOf', { done: fmtNumber(totals.done), funded: fmtNumber(totals.funded) })}</dd>
            </div>
          </dl>
          {live.length > 0 && (
            <>
              <h2>{t('budgets.impl.map.legend')}</h2>
              <ul class="legend">
                {IMPL_STATUSES.filter((s) => s !== 'cancelled').map((s) => (
                  <li>
                    <span class={`swatch impl-${s}`} aria-hidden="true" />
                    {statusLabel(t, s)}
                  </li>
                ))}
              </ul>
              {unplaced && <p>{t('budgets.impl.map.noPlace')}</p>}
            </>
          )}
        </div>
      </div>
      {live.length > 0 && (
        <section>
          <h2>{t('budgets.impl.list.title')}</h2>
          <Table<FundedItem>
            t={t}
            caption={t('budgets.impl.list.title')}
            captionHidden
            rows={live}
            columns={[
              { label: t('budgets.col.number'), numeric: true, cell: (i) => i.idea.number },
              { label: t('budgets.col.idea'), cell: (i) => <a href={`/kov/${kov}/budgets/${p.id}/ideas/${i.idea.number}#implementation`}>{i.idea.title}</a> },
              ...(hasAreas ? [{ label: t('budgets.col.area'), cell: (i: FundedItem) => i.area ?? '' }] : []),
              { label: t('budgets.col.status'), cell: (i) => <StatusTag t={t} status={i.impl.status} /> },
              { label: t('budgets.impl.col.budgeted'), numeric: true, cell: (i) => euros(t, i.impl.amount) },
              { label: t('budgets.impl.col.spent'), numeric: true, cell: (i) => euros(t, i.impl.spent) },
              { label: t('budgets.impl.col.updated'), cell: (i) => <time dateTime={i.impl.updated_at.toISOString()}>{fmtDate(i.impl.updated_at)}</time> },
              ...(props.canUpdate
                ? [{ label: t('budgets.impl.col.action'), cell: (i: FundedItem) => <a href={`/kov/${kov}/budgets/${p.id}/ideas/${i.idea.number}/implementation`}>{t('budgets.impl.update.linkFor', { number: i.idea.number })}</a> }]
                : []),
            ]}
          />
        </section>
      )}
      {cancelled.length > 0 && (
        <section>
          <h2>{t('budgets.impl.cancelled.title')}</h2>
          <ul>
            {cancelled.map((i) => (
              <li>
                <a href={`/kov/${kov}/budgets/${p.id}/ideas/${i.idea.number}#implementation`}>
                  {i.idea.number}. {i.idea.title}
                </a>
                : {t('budgets.impl.cancelled.reason', { reason: i.impl.cancel_reason ?? '' })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

/** An idea's implementation on its public page: status, sums, the timeline (newest first). */
export function ImplementationSection(props: { t: T; kov: string; processId: string; ideaNumber: number; impl: ImplementationRow; updates: ImplUpdateView[]; canUpdate: boolean }) {
  const { t, kov, processId, impl, updates } = props;
  return (
    <section id="implementation">
      <BudgetsStyles />
      <h2>{t('budgets.impl.section')}</h2>
      <p>
        <StatusTag t={t} status={impl.status} />
      </p>
      <p>{t('budgets.impl.summary', { status: statusLabel(t, impl.status), budgeted: euros(t, impl.amount), spent: euros(t, impl.spent) })}</p>
      <p>{t('budgets.impl.fundedBy', { date: fmtDate(impl.funded_at), source: t(`budgets.impl.source.${impl.source}`) })}</p>
      {impl.status === 'cancelled' && impl.cancel_reason && <p>{t('budgets.impl.cancelled.reason', { reason: impl.cancel_reason })}</p>}
      {props.canUpdate && impl.status !== 'cancelled' && (
        <p>
          <a class="button" href={`/kov/${kov}/budgets/${processId}/ideas/${props.ideaNumber}/implementation`}>
            {t('budgets.impl.update.link')}
          </a>
        </p>
      )}
      <p>
        <a href={`/kov/${kov}/budgets/${processId}/funded`}>{t('budgets.impl.link')}</a>
      </p>
      <h3>{t('budgets.impl.timeline')}</h3>
      {updates.length === 0 ? (
        <p>{t('budgets.impl.noUpdates')}</p>
      ) : (
        <ol class="impl-timeline" reversed>
          {updates.map((u) => (
            <li>
              <h4>
                <time dateTime={u.created_at.toISOString()}>{fmtDateTime(u.created_at)}</time>: {t('budgets.impl.entry', { status: statusLabel(t, u.status_after), spent: euros(t, u.spent_after) })}
              </h4>
              <p class="impl-text" lang="et">
                {u.text}
              </p>
              <p class="hint">{t('budgets.impl.by', { name: u.author_name })}</p>
              {u.photos.length > 0 && (
                <ul class="report-photos">
                  {u.photos.map((id, i) => (
                    <li>
                      <img src={`/kov/${kov}/budgets/${processId}/impl-photos/${id}`} alt={t('budgets.impl.photoAlt', { n: i + 1, date: fmtDate(u.created_at) })} loading="lazy" />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

type Values = Record<string, string>;

const withErrors = (ctx: PageCtx, title: string, errors?: FieldError[]) => (errors?.length ? `${ctx.t('form.errorPrefix')} ${title}` : title);

/** The officials' update form for one idea (or, for an idea that is not funded, why there is none). */
export function UpdateFormPage(props: { ctx: PageCtx; kov: string; process: Process; idea: IdeaRow; impl: ImplementationRow | null; values: Values; errors?: FieldError[] }) {
  const { ctx, kov, process: p, idea, impl, values, errors } = props;
  const t = ctx.t;
  const title = t('budgets.impl.update.title', { number: idea.number });
  const photoErr = errors?.find((e) => e.field === 'photos');
  const funded = impl !== null && impl.status !== 'cancelled';
  return (
    <Layout ctx={ctx} title={withErrors(ctx, title, errors)} crumbs={crumbs(ctx, kov, p, { href: `/kov/${kov}/budgets/${p.id}/ideas/${idea.number}`, label: String(idea.number) }, { label: t('budgets.impl.section') })}>
      <h1>{title}</h1>
      <p class="lead">{idea.title}</p>
      <ErrorSummary t={t} errors={errors ?? []} />
      {!funded ? (
        <p id="f-idea">{t('budgets.impl.form.notFunded')}</p>
      ) : (
        <>
          <p id="f-idea">{t('budgets.impl.form.current', { status: statusLabel(t, impl.status), spent: euros(t, impl.spent), budgeted: euros(t, impl.amount) })}</p>
          <form method="post" action={`/kov/${kov}/budgets/${p.id}/ideas/${idea.number}/implementation`} enctype="multipart/form-data" novalidate>
            <CsrfField ctx={ctx} />
            <SelectField t={t} name="status" label={t('budgets.impl.form.status')} value={values.status ?? impl.status} errors={errors} required options={UPDATE_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))} />
            <TextField t={t} name="spent" label={t('budgets.impl.form.spent')} hint={t('budgets.impl.form.spentHint')} value={values.spent ?? String(impl.spent)} errors={errors} inputmode="numeric" maxLength={14} required />
            <TextAreaField t={t} rows={6} name="text" lang="et" label={t('budgets.impl.form.text')} hint={t('budgets.impl.form.textHint')} value={values.text ?? ''} errors={errors} maxLength={MAX_UPDATE_TEXT} required />
            <div class={photoErr ? 'field field-error' : 'field'}>
              <label for="f-photos">{t('budgets.impl.form.photos')}</label>
              <p class="hint" id="f-photos-hint">
                {t('budgets.impl.form.photosHint')}
              </p>
              {photoErr && (
                <p class="error-message" id="f-photos-error">
                  <span class="visually-hidden">{t('form.errorPrefix')} </span>
                  {t(photoErr.reason, photoErr.vars)}
                </p>
              )}
              <input type="file" id="f-photos" name="photos" accept="image/jpeg,image/png,image/webp" multiple aria-describedby={photoErr ? 'f-photos-hint f-photos-error' : 'f-photos-hint'} data-max={MAX_UPDATE_PHOTOS} />
            </div>
            <p>
              <button type="submit">{t('budgets.impl.form.submit')}</button>
            </p>
          </form>
        </>
      )}
    </Layout>
  );
}
