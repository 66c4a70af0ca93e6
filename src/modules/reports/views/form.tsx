// The report form: choose the KOV (/reports), then the form (/kov/:kov/reports/new). It works without
// JavaScript (the place as latitude/longitude numbers or an address); the map island
// (/static/js/report-map.js with Leaflet from our own origin) turns the numbers into a map picker.
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDate, fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { CategoryRow } from '../repo.js';
import type { NearbyRow } from '../public.js';
import type { PendingPhotoMeta } from '../pending.js';
import { categoryRowName } from '../public.js';
import { MAX_DESCRIPTION, MAX_PHOTOS } from '../service.js';

export interface MapConfig {
  tileUrl: string;
  attribution: string;
}

/**
 * A place picked on the map (click or drag the marker; the map island fills the fields) or typed as
 * latitude and longitude: one fieldset `f-place` whose error (field `place`) names the whole place.
 * Shared by the report form and the budgets idea form; `children` adds fields inside the fieldset.
 */
export function PlaceField(props: {
  t: PageCtx['t'];
  errors?: FieldError[];
  values: Record<string, string | undefined>;
  map: MapConfig;
  texts: { legend: string; hint: string; pickLabel: string; lat: string; lon: string; latHint?: string; lonHint?: string };
  children?: ComponentChildren;
}) {
  const { t, errors, values, texts } = props;
  const placeErr = errors?.find((e) => e.field === 'place');
  return (
    <div class={placeErr ? 'field field-error' : 'field'}>
      <fieldset id="f-place" aria-describedby={placeErr ? 'f-place-hint f-place-error' : 'f-place-hint'}>
        <legend>{texts.legend}</legend>
        <p class="hint" id="f-place-hint">
          {texts.hint}
        </p>
        {placeErr && (
          <p class="error-message" id="f-place-error">
            <span class="visually-hidden">{t('form.errorPrefix')} </span>
            {t(placeErr.reason, placeErr.vars)}
          </p>
        )}
        <div class="report-map report-map-pick" hidden data-mode="pick" data-tiles={props.map.tileUrl} data-attribution={props.map.attribution} data-lat="f-lat" data-lon="f-lon" data-label={texts.pickLabel} />
        <div class="latlon">
          <TextField t={t} name="lat" label={texts.lat} value={values.lat ?? ''} errors={errors} inputmode="text" hint={texts.latHint} />
          <TextField t={t} name="lon" label={texts.lon} value={values.lon ?? ''} errors={errors} inputmode="text" hint={texts.lonHint} />
        </div>
        {props.children}
      </fieldset>
    </div>
  );
}

/** Leaflet (served from node_modules by our own origin), the map island and the module's styles. */
export function MapAssets() {
  return (
    <>
      <link rel="stylesheet" href="/static/leaflet/leaflet.css" />
      <script src="/static/leaflet/leaflet.js" defer />
      <script src="/static/js/report-map.js" defer />
    </>
  );
}

export function ReportsStyles() {
  return <link rel="stylesheet" href="/static/css/reports.css" />;
}

export function ChooseKovPage(props: { ctx: PageCtx; kovs: { code: string; name: string }[]; errors?: FieldError[]; values?: Record<string, string>; allKovAnalytics?: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('reports.choose.title');
  const errors = props.errors ?? [];
  const values = props.values ?? {};
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p>{t('reports.choose.lead')}</p>
      {props.allKovAnalytics && (
        <p>
          <a href="/reports/analytics">{t('reports.choose.allAnalytics')}</a>
        </p>
      )}
      {props.kovs.length === 0 ? (
        <p class="empty">{t('reports.choose.none')}</p>
      ) : (
        <>
          <form method="get" action="/reports/go" class="filters">
            <SelectField t={t} name="kov" label={t('reports.choose.kov')} errors={errors} options={[{ value: '', label: t('reports.form.choose') }, ...props.kovs.map((k) => ({ value: k.code, label: k.name }))]} />
            <div class="field">
              <button type="submit">{t('reports.choose.go')}</button>
            </div>
          </form>
          <h2>{t('reports.choose.byPlace')}</h2>
          <form method="get" action="/reports/go" class="filters">
            <TextField t={t} name="lat" label={t('reports.form.lat')} hint={t('reports.form.latHint')} value={values.lat ?? ''} errors={errors} />
            <TextField t={t} name="lon" label={t('reports.form.lon')} hint={t('reports.form.lonHint')} value={values.lon ?? ''} errors={errors} />
            <div class="field">
              <button type="submit">{t('reports.choose.find')}</button>
            </div>
          </form>
          <h2>{t('reports.choose.all')}</h2>
          <ul class="columns">
            {props.kovs.map((k) => (
              <li>
                <a href={`/kov/${k.code}/reports/new`}>{k.name}</a> (<a href={`/kov/${k.code}/reports`}>{t('reports.choose.seeReports')}</a>)
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

export interface ReportFormProps {
  ctx: PageCtx;
  kov: string;
  categories: CategoryRow[];
  values: Record<string, string>;
  errors?: FieldError[];
  /** Open reports nearby (the check step, or a POST not yet confirmed); [] after a check with none. */
  nearby?: NearbyRow[] | null;
  /** Photos held from a refused submission (values.photoToken names them): kept unless unticked. */
  pending?: PendingPhotoMeta[];
  map: MapConfig;
  signedInAs: string | null;
}


function NearbyPanel(props: { ctx: PageCtx; kov: string; nearby: NearbyRow[] }) {
  const t = props.ctx.t;
  if (!props.nearby.length) {
    return (
      <div class="notice notice-success" role="status">
        <p>{t('reports.nearby.none')}</p>
      </div>
    );
  }
  return (
    <div class="panel nearby" id="nearby" role="status">
      <h2>{t('reports.nearby.title')}</h2>
      <p>{t('reports.nearby.lead')}</p>
      <ul>
        {props.nearby.map((n) => (
          <li>
            <a href={`/kov/${props.kov}/reports/${n.number}`}>{n.number}</a> · {t(`reports.status.${n.status}`)} · {t('reports.nearby.meters', { m: fmtNumber(Math.round(n.meters)) })} ·{' '}
            {fmtDate(n.created_at)}
            <br />
            <span class="nearby-text">{n.description.length > 160 ? `${n.description.slice(0, 160)}…` : n.description}</span>
          </li>
        ))}
      </ul>
      <p>{t('reports.nearby.anyway')}</p>
    </div>
  );
}

export function ReportFormPage(props: ReportFormProps) {
  const { ctx } = props;
  const t = ctx.t;
  const errors = props.errors ?? [];
  const title = t('reports.form.title');
  const kovName = ctx.tenant?.name ?? props.kov;
  return (
    <Layout
      ctx={ctx}
      title={title}
      crumbs={[{ href: `/kov/${props.kov}`, label: kovName }, { href: `/kov/${props.kov}/reports`, label: t('reports.public.title') }, { label: title }]}
    >
      <ReportsStyles />
      <MapAssets />
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      {!!props.pending?.length && (
        <div class="notice" role="status">
          <p>{t('reports.form.photosKept', { n: props.pending.length })}</p>
        </div>
      )}
      {props.nearby && <NearbyPanel ctx={ctx} kov={props.kov} nearby={props.nearby} />}
      {props.categories.length === 0 ? (
        <div class="notice" role="status">
          <p>
            {t('reports.form.noCategories', { kov: kovName })} <a href="/reports">{t('reports.choose.title')}</a>
          </p>
        </div>
      ) : (
        <ReportForm {...props} />
      )}
    </Layout>
  );
}

function ReportForm(props: ReportFormProps) {
  const { ctx, values } = props;
  const t = ctx.t;
  const errors = props.errors ?? [];
  const kovName = ctx.tenant?.name ?? props.kov;
  const err = (f: string) => errors.find((e) => e.field === f);
  const photosErr = err('photos');
  const nearbyShown = props.nearby && props.nearby.length > 0;
  return (
    <>
      <p>{t('reports.form.lead', { kov: kovName })}</p>
      <form method="post" action={`/kov/${props.kov}/reports`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        {nearbyShown && <input type="hidden" name="confirmNearby" value="1" />}
        <SelectField
          t={t}
          name="category"
          label={t('reports.form.category')}
          value={values.category ?? ''}
          errors={errors}
          required
          options={[{ value: '', label: t('reports.form.choose') }, ...props.categories.map((c) => ({ value: c.code, label: categoryRowName(c, ctx.locale) }))]}
        />
        <TextAreaField t={t} rows={6} name="description" label={t('reports.form.description')} hint={t('reports.form.descriptionHint')} value={values.description ?? ''} errors={errors} maxLength={MAX_DESCRIPTION} required />

        <PlaceField
          t={t}
          errors={errors}
          values={values}
          map={props.map}
          texts={{ legend: t('reports.form.place'), hint: t('reports.form.placeHint'), pickLabel: t('reports.map.pickLabel'), lat: t('reports.form.lat'), lon: t('reports.form.lon'), latHint: t('reports.form.latHint'), lonHint: t('reports.form.lonHint') }}
        >
          <TextField t={t} name="address" label={t('reports.form.address')} value={values.address ?? ''} errors={errors} autocomplete="street-address" maxLength={300} />
        </PlaceField>
        <p>
          <button type="submit" class="button-secondary" formaction={`/kov/${props.kov}/reports/check`} formmethod="post" formenctype="application/x-www-form-urlencoded" formnovalidate>
            {t('reports.form.check')}
          </button>
        </p>

        <div class={photosErr ? 'field field-error' : 'field'}>
          <label for="f-photos">{t('reports.form.photos')}</label>
          <p class="hint" id="f-photos-hint">
            {t('reports.form.photosHint', { n: MAX_PHOTOS })}
          </p>
          {photosErr && (
            <p class="error-message" id="f-photos-error">
              <span class="visually-hidden">{t('form.errorPrefix')} </span>
              {t(photosErr.reason, photosErr.vars)}
            </p>
          )}
          {!!props.pending?.length && (
            <fieldset class="kept-photos">
              <legend>{t('reports.form.keptLegend')}</legend>
              <input type="hidden" name="photoToken" value={values.photoToken ?? ''} />
              {props.pending.map((p, i) => (
                <div class="checkbox">
                  <input type="checkbox" id={`f-keep-${i + 1}`} name="keepPhoto" value={p.id} checked />{' '}
                  <label for={`f-keep-${i + 1}`}>{t('reports.form.keptPhoto', { n: i + 1, w: p.width, h: p.height, type: p.mime.replace('image/', '').toUpperCase() })}</label>
                </div>
              ))}
            </fieldset>
          )}
          <input type="file" id="f-photos" name="photos" multiple accept="image/jpeg,image/png,image/webp" aria-describedby={photosErr ? 'f-photos-hint f-photos-error' : 'f-photos-hint'} aria-invalid={photosErr ? 'true' : undefined} />
        </div>

        <fieldset class="field">
          <legend>{t('reports.form.contact')}</legend>
          {props.signedInAs ? (
            <>
              <p>{t('reports.form.signedInAs', { name: props.signedInAs })}</p>
              <TextField t={t} name="email" type="email" label={t('reports.form.emailOptional')} hint={t('reports.form.emailOptionalHint')} value={values.email ?? ''} errors={errors} autocomplete="email" />
            </>
          ) : (
            <>
              <p>
                {t('reports.form.anonymous')} <a href={`/auth/login?return=${encodeURIComponent(ctx.url)}`}>{t('reports.form.signInInstead')}</a>
              </p>
              <TextField t={t} name="email" type="email" label={t('reports.form.email')} hint={t('reports.form.emailHint')} value={values.email ?? ''} errors={errors} autocomplete="email" required />
            </>
          )}
          <div class="checkbox">
            <input type="checkbox" id="f-notify" name="notify" value="1" checked={(values.notify ?? '1') === '1'} /> <label for="f-notify">{t('reports.form.notify')}</label>
          </div>
        </fieldset>

        <div class="hp" aria-hidden="true">
          <label for="f-website">{t('reports.form.honeypot')}</label>
          <input type="text" id="f-website" name="website" value="" tabIndex={-1} autoComplete="off" />
        </div>

        <div class="actions">
          <button type="submit">{nearbyShown ? t('reports.form.submitAnyway') : t('reports.form.submit')}</button>
        </div>
      </form>
    </>
  );
}
