// The survey's pages: the form (no JS needed; Estonian first, the reader's language by the switch),
// the thank-you page, and the officials' sharing pages (the stable link, its QR code, the widget's
// snippet). Every text from the message catalogue. SurveyQuestions (the form's questions) and
// SubjectFiguresView (a subject survey's figures) are also used by other modules (training's day
// survey and roster), through feedback's index.ts.
import type { FieldError } from '../../../kernel/errors.js';
import type { Locale, T } from '../../../kernel/i18n.js';
import { fmtDateTime } from '../../../kernel/i18n.js';
import { avg, n, pct } from '../../../kernel/web/analytics-parts.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CheckboxesField, CsrfField, ErrorSummary, Layout, TextAreaField } from '../../../kernel/web/components.js';
import type { Message } from '../../../kernel/i18n.js';
import { COMMENT_MAX, DRIVERS, DRIVER_LABELS, DRIVER_SHORT, EASE_LABELS, SATISFACTION_LABELS, SCALE } from '../model.js';
import type { SubjectFigures } from '../subject-survey.js';

export const FeedbackStyles = () => <link rel="stylesheet" href="/static/css/feedback.css" />;

export interface ServiceLabel {
  id: string;
  slug: string;
  name: Message;
}

export interface FormValues {
  satisfaction: string;
  ease: string;
  wentWell: string[];
  wentBadly: string[];
  comment: string;
}
export const EMPTY_VALUES: FormValues = { satisfaction: '', ease: '', wentWell: [], wentBadly: [], comment: '' };

const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const many = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : []);

/** The survey's values from a posted form body (repeated checkbox fields as lists; anything else, such as a token, left out). */
export function surveyFormValues(body: unknown): FormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    satisfaction: one(b.satisfaction).slice(0, 2),
    ease: one(b.ease).slice(0, 2),
    wentWell: many(b.wentWell).slice(0, 20),
    wentBadly: many(b.wentBadly).slice(0, 20),
    comment: one(b.comment).slice(0, 4000),
  };
}

const nameIn = (m: Message, l: Locale) => m[l] || m.et;

/** A 1–5 scale as radios in a fieldset, each option a large tap target with its number and words. */
function Scale(props: { t: T; locale: Locale; name: 'satisfaction' | 'ease'; legend: string; labels: Record<number, Message>; value: string; errors: FieldError[] }) {
  const err = props.errors.find((e) => e.field === props.name);
  return (
    <div class={err ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={err ? `f-${props.name}-error` : undefined}>
        <legend>{props.legend}</legend>
        {err && (
          <p class="error-message" id={`f-${props.name}-error`}>
            <span class="visually-hidden">{props.t('form.errorPrefix')} </span>
            {props.t(err.reason, err.vars)}
          </p>
        )}
        <ul class="fb-scale">
          {SCALE.map((n, i) => (
            <li>
              <label for={i === 0 ? `f-${props.name}` : `f-${props.name}-${n}`}>
                <input type="radio" id={i === 0 ? `f-${props.name}` : `f-${props.name}-${n}`} name={props.name} value={String(n)} checked={props.value === String(n)} required />
                <span class="fb-num">{n}</span>{' '}
                <span>{props.labels[n]![props.locale]}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </div>
  );
}

/**
 * The survey's questions: satisfaction and ease (1–5 radios), what went well and what did not (the
 * drivers), an optional comment; values kept and errors shown beside their fields. `about`: a
 * catalogue service (the comment is moderated) or another subject (e.g. a training day; the comment
 * is seen only by its organisers). The caller's form adds its CSRF field, ErrorSummary and button.
 */
export function SurveyQuestions(props: { t: T; locale: Locale; values: FormValues; errors: FieldError[]; about: 'service' | 'subject' }) {
  const { t, values, errors } = props;
  const l = props.locale;
  const drivers = DRIVERS.map((d) => ({ value: d, label: DRIVER_LABELS[d][l] }));
  const k = props.about === 'service' ? 'feedback.form' : 'feedback.subject';
  return (
    <>
      <Scale t={t} locale={l} name="satisfaction" legend={t(`${k}.satisfaction`)} labels={SATISFACTION_LABELS} value={values.satisfaction} errors={errors} />
      <Scale t={t} locale={l} name="ease" legend={t(`${k}.ease`)} labels={EASE_LABELS} value={values.ease} errors={errors} />
      <CheckboxesField t={t} name="wentWell" legend={t('feedback.form.wentWell')} options={drivers} values={values.wentWell} errors={errors} />
      <CheckboxesField t={t} name="wentBadly" legend={t('feedback.form.wentBadly')} options={drivers} values={values.wentBadly} errors={errors} />
      <TextAreaField t={t} name="comment" label={t('feedback.form.comment')} hint={t(`${k}.commentHint`, { max: COMMENT_MAX })} value={values.comment} rows={5} maxLength={COMMENT_MAX} errors={errors} />
    </>
  );
}

/**
 * A subject survey's figures (e.g. a training day's, in its roster): responses, average satisfaction,
 * CSAT, average ease as a description list; the drivers ticked as a table (only those ticked); the
 * newest comments. `headingLevel` 3 or 4 fits it under the caller's headings; `id` tells several
 * apart on one page. The page adds FeedbackStyles once.
 */
export function SubjectFiguresView(props: { t: T; locale: Locale; figures: SubjectFigures; id: string; headingLevel?: 3 | 4 }) {
  const { t, figures: f } = props;
  const H = props.headingLevel === 4 ? 'h4' : 'h3';
  if (f.responses === 0) return <p class="hint">{t('feedback.subject.none')}</p>;
  const ticked = DRIVERS.filter((d) => f.wentWell[d] > 0 || f.wentBadly[d] > 0);
  return (
    <div class="fb-subject" id={props.id}>
      <dl class="fb-figures">
        <div>
          <dt>{t('feedback.dash.summary.responses')}</dt>
          <dd>{n(f.responses)}</dd>
        </div>
        <div>
          <dt>{t('feedback.dash.summary.satisfaction')}</dt>
          <dd>{avg(f.satisfactionAverage)}</dd>
        </div>
        <div>
          <dt>{t('feedback.dash.summary.csat')}</dt>
          <dd>{pct(f.csat)}</dd>
        </div>
        <div>
          <dt>{t('feedback.dash.summary.ease')}</dt>
          <dd>{avg(f.easeAverage)}</dd>
        </div>
      </dl>
      {ticked.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>{t('feedback.dash.drivers.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('feedback.dash.col.driver')}</th>
                <th scope="col" class="num">
                  {t('feedback.dash.col.went_well')}
                </th>
                <th scope="col" class="num">
                  {t('feedback.dash.col.went_badly')}
                </th>
              </tr>
            </thead>
            <tbody>
              {ticked.map((d) => (
                <tr>
                  <th scope="row">{DRIVER_SHORT[d][props.locale]}</th>
                  <td class="num">{n(f.wentWell[d])}</td>
                  <td class="num">{n(f.wentBadly[d])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {f.comments.length > 0 && (
        <>
          <H>{t('feedback.subject.comments')}</H>
          <ul class="fb-subject-comments">
            {f.comments.map((c) => (
              <li>
                <blockquote lang={c.lang}>{c.comment}</blockquote>
                <p class="hint">
                  <time dateTime={c.answeredAt}>{fmtDateTime(c.answeredAt)}</time> · {t('feedback.dash.comments.score', { n: c.satisfaction })}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function SurveyFormPage(props: {
  ctx: PageCtx;
  kov: string;
  service: ServiceLabel;
  values: FormValues;
  errors: FieldError[];
  token: string;
  via: 'form' | 'qr';
  invite: string | null;
}) {
  const { ctx, service, values, errors } = props;
  const t = ctx.t;
  const l = ctx.locale;
  return (
    <Layout
      ctx={ctx}
      title={t('feedback.form.title')}
      crumbs={[{ href: `/kov/${props.kov}`, label: ctx.tenant?.name ?? props.kov }, { label: t('feedback.form.title') }]}
      plain
    >
      <FeedbackStyles />
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('feedback.form.title')}</h1>
      <p class="fb-service">{t('feedback.form.service', { service: nameIn(service.name, l) })}</p>
      <p>{t('feedback.form.intro')}</p>
      {props.invite && <p class="fb-panel">{t('feedback.form.invite')}</p>}
      <form method="post" action={`/kov/${props.kov}/services/${encodeURIComponent(service.slug)}/feedback`} class="fb-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="token" value={props.token} />
        <input type="hidden" name="via" value={props.via} />
        {props.invite && <input type="hidden" name="invite" value={props.invite} />}
        <SurveyQuestions t={t} locale={l} values={values} errors={errors} about="service" />
        <div class="fb-honeypot" aria-hidden="true">
          <label for="f-website">{t('feedback.form.honeypot')}</label>
          <input type="text" id="f-website" name="website" tabIndex={-1} autoComplete="off" value="" />
        </div>
        <button type="submit">{t('feedback.form.submit')}</button>
      </form>
    </Layout>
  );
}

export function ThanksPage(props: { ctx: PageCtx; kov: string; service: ServiceLabel; commentPending: boolean }) {
  const t = props.ctx.t;
  return (
    <Layout ctx={props.ctx} title={t('feedback.thanks.title')} crumbs={[{ href: `/kov/${props.kov}`, label: props.ctx.tenant?.name ?? props.kov }, { label: t('feedback.thanks.title') }]} plain>
      <FeedbackStyles />
      <div class="fb-panel" role="status">
        <h1>{t('feedback.thanks.title')}</h1>
        <p>{t('feedback.thanks.text')}</p>
        {props.commentPending && <p>{t('feedback.thanks.comment')}</p>}
      </div>
      <p>
        <a href={`/kov/${props.kov}/services/${encodeURIComponent(props.service.slug)}`}>{t('feedback.thanks.back')}</a>
      </p>
    </Layout>
  );
}

/** An invite that can no longer be answered (answered already, or expired). */
export function InviteClosedPage(props: { ctx: PageCtx; kov: string; reason: 'answered' | 'expired' }) {
  const t = props.ctx.t;
  const text = props.reason === 'answered' ? t('feedback.invite.used') : t('feedback.invite.expired');
  return (
    <Layout ctx={props.ctx} title={text} crumbs={[{ href: `/kov/${props.kov}`, label: props.ctx.tenant?.name ?? props.kov }, { label: t('feedback.form.title') }]} plain>
      <h1>{text}</h1>
      <p>{t('feedback.thanks.text')}</p>
    </Layout>
  );
}

// ---------------------------------------------------------------- the officials' sharing pages

export function ShareListPage(props: { ctx: PageCtx; kov: string; services: ServiceLabel[] }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('feedback.share.title')} crumbs={[{ href: `/kov/${kov}/admin`, label: t('feedback.share.admin') }, { label: t('feedback.share.title') }]}>
      <h1>{t('feedback.share.title')}</h1>
      <p>{t('feedback.share.intro')}</p>
      {props.services.length === 0 ? (
        <p>{t('feedback.share.none')}</p>
      ) : (
        <ul>
          {props.services.map((s) => (
            <li>
              <a href={`/kov/${kov}/feedback/share/${s.id}`}>{nameIn(s.name, ctx.locale)}</a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function ShareServicePage(props: { ctx: PageCtx; kov: string; service: ServiceLabel; link: string; qrLink: string; origin: string }) {
  const { ctx, kov, service } = props;
  const t = ctx.t;
  const name = nameIn(service.name, ctx.locale);
  const snippet = `<div id="vallamaja-feedback"></div>\n<script src="${props.origin}/static/js/feedback-widget.js" data-kov="${kov}" data-service="${service.id}" data-target="vallamaja-feedback" defer></script>`;
  return (
    <Layout
      ctx={ctx}
      title={`${t('feedback.share.title')}: ${name}`}
      crumbs={[{ href: `/kov/${kov}/admin`, label: t('feedback.share.admin') }, { href: `/kov/${kov}/feedback/share`, label: t('feedback.share.title') }, { label: name }]}
    >
      <FeedbackStyles />
      <h1>{name}</h1>
      <h2>{t('feedback.share.link')}</h2>
      <p>{t('feedback.share.linkText')}</p>
      <p>
        <a href={props.link}>{props.link}</a>
      </p>
      <h2>{t('feedback.share.qr')}</h2>
      <p>{t('feedback.share.qrText')}</p>
      <figure class="fb-qr">
        <img src={`/kov/${kov}/feedback/share/${service.id}/qr.svg`} alt={t('feedback.share.qrAlt', { service: name })} width={224} height={224} />
        <figcaption>{props.qrLink}</figcaption>
      </figure>
      <p>
        <a class="button button-secondary" href={`/kov/${kov}/feedback/share/${service.id}/qr.svg`} download>
          {t('feedback.share.qrSvg')}
        </a>{' '}
        <a class="button button-secondary" href={`/kov/${kov}/feedback/share/${service.id}/qr.png`} download>
          {t('feedback.share.qrPng')}
        </a>
      </p>
      <h2>{t('feedback.share.widget')}</h2>
      <p>{t('feedback.share.widgetText')}</p>
      <pre>
        <code class="fb-code">{snippet}</code>
      </pre>
      <h2>{t('feedback.share.api')}</h2>
      <p>{t('feedback.share.apiText')}</p>
      <pre>
        <code class="fb-code">{`POST ${props.origin}/api/v1/kov/${kov}/feedback/invites\nAuthorization: Bearer vmk_…\nContent-Type: application/json\n\n{"service": "${service.id}", "email": "…", "lang": "et"}`}</code>
      </pre>
    </Layout>
  );
}
