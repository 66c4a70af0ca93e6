// The page layout and the shared, accessible components (GOV.UK patterns): header with the KOV's
// name, navigation, skip link, language switcher that keeps the page, breadcrumbs, form fields with
// an error summary, tables, pagination, flash messages. Views get a PageCtx, never a request.
import type { ComponentChildren, JSX } from 'preact';
import type { FieldError } from '../errors.js';
import type { Locale, T } from '../i18n.js';
import { LOCALES, fmtNumber } from '../i18n.js';
import type { NavItem } from '../module.js';

export interface Flash {
  kind: 'success' | 'info' | 'error';
  /** Message key (or plain text) shown to the user. */
  key: string;
  vars?: Record<string, string | number>;
}

export interface PageUser {
  name: string;
  isOfficial: boolean;
  /** KOVs where the user holds a role, for the official's menu. */
  kovs: { code: string; name: string }[];
  platformAdmin: boolean;
}

export interface PageCtx {
  locale: Locale;
  t: T;
  /** Current path with query, for the language switcher and return links. */
  url: string;
  csrfToken: string;
  user: PageUser | null;
  flash: Flash[];
  tenant: { code: string; name: string } | null;
  nav: NavItem[];
}

export interface Crumb {
  href?: string;
  label: string;
}

const LANG_NAMES: Record<Locale, string> = { et: 'Eesti keeles', en: 'In English', ru: 'На русском' };
const LANG_SHORT: Record<Locale, string> = { et: 'ET', en: 'EN', ru: 'RU' };

/** The same URL with ?lang=xx replaced: switching language keeps the page. */
export function langHref(url: string, lang: Locale): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

/**
 * The page frame: header (languages, sign-in, the main menu), breadcrumbs, main, footer. `plain`: a
 * page that promises to run no script at all (the satisfaction survey opened from a link or a QR
 * code): without /static/js/nav.js the phone's menu simply stays open.
 */
export function Layout(props: { ctx: PageCtx; title: string; crumbs?: Crumb[]; children: ComponentChildren; wide?: boolean; plain?: boolean }) {
  const { ctx, title } = props;
  const t = ctx.t;
  const site = ctx.tenant ? `${ctx.tenant.name} · ${t('app.name')}` : t('app.name');
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${site}`}</title>
        <link rel="stylesheet" href="/static/styles.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        {!props.plain && <script src="/static/js/nav.js" defer />}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <div class="brand">
              <a href="/" class="brand-link">
                {t('app.name')}
              </a>
              {ctx.tenant && (
                <a class="tenant-name" href={`/kov/${ctx.tenant.code}`}>
                  {ctx.tenant.name}
                </a>
              )}
            </div>
            <nav class="lang" aria-label={t('layout.language')}>
              <ul>
                {LOCALES.map((l) => (
                  <li>
                    {l === ctx.locale ? (
                      <span aria-current="true" lang={l} title={LANG_NAMES[l]}>
                        <span class="visually-hidden">{LANG_NAMES[l]}</span>
                        <span aria-hidden="true">{LANG_SHORT[l]}</span>
                      </span>
                    ) : (
                      <a href={langHref(ctx.url, l)} lang={l} hrefLang={l}>
                        <span class="visually-hidden">{LANG_NAMES[l]}</span>
                        <span aria-hidden="true">{LANG_SHORT[l]}</span>
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
            <div class="account">
              {ctx.user ? (
                <form method="post" action="/auth/logout" class="inline">
                  <span class="who">{t('layout.signedInAs', { name: ctx.user.name })}</span>{' '}
                  <a href="/me">{t('layout.myPage')}</a> <CsrfField ctx={ctx} />
                  <button type="submit" class="button-link">
                    {t('layout.signOut')}
                  </button>
                </form>
              ) : (
                <a class="button button-small" href={`/auth/login?return=${encodeURIComponent(ctx.url)}`}>
                  {t('layout.signIn')}
                </a>
              )}
            </div>
          </div>
          {ctx.nav.length > 0 && (
            <nav class="main-nav" aria-label={t('layout.mainNav')}>
              {/* a phone's menu button: hidden until /static/js/nav.js shows it (without the script the list stays open) */}
              <div class="container nav-toggle-row">
                <button type="button" class="nav-toggle" aria-expanded="false" aria-controls="main-nav-list" hidden>
                  {t('layout.menu')}
                </button>
              </div>
              <ul class="container" id="main-nav-list">
                {ctx.nav.map((n) => (
                  <li>
                    <a href={n.href} aria-current={ctx.url.split('?')[0] === n.href ? 'page' : undefined}>
                      {t(n.labelKey)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <div class={props.wide ? 'container wide' : 'container'}>
          {props.crumbs && props.crumbs.length > 0 && <Breadcrumbs t={t} crumbs={props.crumbs} />}
          <main id="main" tabIndex={-1}>
            <FlashMessages ctx={ctx} />
            {props.children}
          </main>
        </div>
        <footer class="site-footer">
          <div class="container">
            <nav aria-label={t('footer.links')}>
              <ul class="footer-links">
                <li>
                  <a href="/accessibility">{t('footer.a11y')}</a>
                </li>
                <li>
                  <a href="/privacy">{t('footer.privacy')}</a>
                </li>
                <li>
                  <a href="/help/vote-check">{t('footer.help')}</a>
                </li>
                {ctx.tenant && (
                  <li>
                    <a href={`/kov/${ctx.tenant.code}/contact`}>{t('footer.contact', { kov: ctx.tenant.name })}</a>
                  </li>
                )}
              </ul>
            </nav>
            <p>{t('layout.footer')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function Breadcrumbs(props: { t: T; crumbs: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label={props.t('layout.breadcrumbs')}>
      <ol>
        <li>
          <a href="/">{props.t('layout.home')}</a>
        </li>
        {props.crumbs.map((c, i) => (
          <li>{c.href && i < props.crumbs.length - 1 ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

export function FlashMessages(props: { ctx: PageCtx }) {
  if (!props.ctx.flash.length) return null;
  return (
    <div class="flashes">
      {props.ctx.flash.map((f) => (
        <div class={`flash flash-${f.kind}`} role={f.kind === 'error' ? 'alert' : 'status'}>
          {props.ctx.t(f.key, f.vars)}
        </div>
      ))}
    </div>
  );
}

export function CsrfField(props: { ctx: PageCtx }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />;
}

/** Error summary at the top of a form: links to each failing field (GOV.UK pattern). */
export function ErrorSummary(props: { t: T; errors: FieldError[] }) {
  if (!props.errors.length) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{props.t('form.errorSummary')}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#f-${e.field}`}>{props.t(e.reason, e.vars)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function fieldError(errors: FieldError[] | undefined, name: string) {
  return errors?.find((e) => e.field === name);
}

interface FieldProps {
  t: T;
  name: string;
  label: string;
  hint?: string;
  errors?: FieldError[];
  required?: boolean;
}

/** The ids a field's control is described by (hint, error), and its error. */
function fieldAria(props: { name: string; hint?: string; errors?: FieldError[] }) {
  const err = fieldError(props.errors, props.name);
  const ids = [props.hint ? `f-${props.name}-hint` : null, err ? `f-${props.name}-error` : null].filter(Boolean).join(' ');
  return { err, describedBy: ids || undefined };
}

/** A field's hint and error message (GOV.UK pattern). */
function FieldMessages(props: { t: T; name: string; hint?: string; err?: FieldError }) {
  return (
    <>
      {props.hint && (
        <p class="hint" id={`f-${props.name}-hint`}>
          {props.hint}
        </p>
      )}
      {props.err && (
        <p class="error-message" id={`f-${props.name}-error`}>
          <span class="visually-hidden">{props.t('form.errorPrefix')} </span>
          {props.t(props.err.reason, props.err.vars)}
        </p>
      )}
    </>
  );
}

function FieldShell(props: FieldProps & { children: (describedBy: string | undefined, invalid: boolean) => JSX.Element }) {
  const { err, describedBy } = fieldAria(props);
  return (
    <div class={err ? 'field field-error' : 'field'}>
      <label for={`f-${props.name}`}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      <FieldMessages t={props.t} name={props.name} hint={props.hint} err={err} />
      {props.children(describedBy, !!err)}
    </div>
  );
}

/** A group of checkboxes with legend, hint and error (the first box carries id f-<name>). */
export function CheckboxesField(props: {
  t: T;
  name: string;
  legend: string;
  hint?: string;
  errors?: FieldError[];
  options: { value: string; label: string }[];
  values: string[];
}) {
  const { err, describedBy } = fieldAria(props);
  return (
    <div class={err ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={describedBy}>
        <legend>{props.legend}</legend>
        <FieldMessages t={props.t} name={props.name} hint={props.hint} err={err} />
        {props.options.map((o, i) => {
          const id = i === 0 ? `f-${props.name}` : `f-${props.name}-${o.value}`;
          return (
            <div class="checkbox">
              <input type="checkbox" id={id} name={props.name} value={o.value} checked={props.values.includes(o.value)} />{' '}
              <label for={id}>{o.label}</label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

export function TextField(
  props: FieldProps & { value?: string; type?: string; autocomplete?: string; inputmode?: 'numeric' | 'text'; maxLength?: number },
) {
  return (
    <FieldShell {...props}>
      {(describedBy, invalid) => (
        <input
          id={`f-${props.name}`}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          required={props.required}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
          autoComplete={props.autocomplete}
          inputMode={props.inputmode}
          maxLength={props.maxLength}
        />
      )}
    </FieldShell>
  );
}

/** A multi-line text field (label, hint, error; `lang` when its text is in another language than the page). */
export function TextAreaField(props: FieldProps & { value?: string; rows?: number; lang?: string; maxLength?: number }) {
  return (
    <FieldShell {...props}>
      {(describedBy, invalid) => (
        <textarea
          id={`f-${props.name}`}
          name={props.name}
          rows={props.rows ?? 4}
          lang={props.lang}
          maxLength={props.maxLength}
          required={props.required}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
        >
          {props.value ?? ''}
        </textarea>
      )}
    </FieldShell>
  );
}

export function SelectField(props: FieldProps & { value?: string; options: { value: string; label: string }[] }) {
  return (
    <FieldShell {...props}>
      {(describedBy, invalid) => (
        <select
          id={`f-${props.name}`}
          name={props.name}
          required={props.required}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
        >
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export interface Column<R> {
  label: string;
  cell: (row: R) => ComponentChildren;
  numeric?: boolean;
}

export function Table<R>(props: {
  t: T;
  caption: string;
  columns: Column<R>[];
  rows: R[];
  captionHidden?: boolean;
  /** Stack the rows on a phone; by default tables of more than three columns do (narrow ones fit). */
  stack?: boolean;
}) {
  const stack = props.stack ?? props.columns.length > 3;
  if (!props.rows.length) return <p class="empty">{props.t('table.empty')}</p>;
  return (
    // On a narrow screen (styles.css) a stacking table's rows become blocks of "label: value" lines:
    // every cell carries its column's name in data-label (shown by CSS; the header cells stay for
    // screen readers).
    <div class="table-wrap">
      <table class={stack ? 'stack' : undefined}>
        <caption class={props.captionHidden ? 'visually-hidden' : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" class={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              {props.columns.map((c) => (
                <td class={c.numeric ? 'num' : undefined} data-label={c.label}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Pagination links that keep the other query parameters. */
export function Pagination(props: { t: T; url: string; page: number; pages: number }) {
  if (props.pages <= 1) return null;
  const href = (p: number) => {
    const u = new URL(props.url, 'http://x');
    u.searchParams.set('page', String(p));
    return u.pathname + u.search;
  };
  return (
    <nav class="pagination" aria-label={props.t('pagination.label')}>
      <ul>
        {props.page > 1 && (
          <li>
            <a href={href(props.page - 1)} rel="prev">
              {props.t('pagination.prev')}
            </a>
          </li>
        )}
        <li>
          <span aria-current="page">{props.t('pagination.page', { page: fmtNumber(props.page), pages: fmtNumber(props.pages) })}</span>
        </li>
        {props.page < props.pages && (
          <li>
            <a href={href(props.page + 1)} rel="next">
              {props.t('pagination.next')}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
