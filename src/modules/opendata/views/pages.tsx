// The open-data pages: the public catalogue (/opendata, filters by KOV and theme, search by word), a
// KOV's datasets (/kov/{kov}/opendata), a dataset's page with its distributions (/opendata/{id}); and
// the officials' register (/kov/{kov}/opendata/admin): the list, the metadata form, a dataset's page
// with its distributions (upload a file, add a link or an API) and the workflow buttons.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDate, fmtDateTime, fmtNumber, pick } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CheckboxesField, CsrfField, ErrorSummary, Layout, Pagination, SelectField, Table, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { DcatDataset } from '../catalog.js';
import type { DatasetStatus, Transition } from '../model.js';
import { ACCESS_RIGHTS, FREQUENCIES, LICENSES, LINK_FORMATS, MAX_FILE_BYTES, STATUSES, THEMES } from '../model.js';
import type { DatasetView } from '../service.js';

type T = PageCtx['t'];
type Kov = { code: string; name: string };
export type FormValues = Record<string, string | string[]>;

export interface FormState {
  errors?: FieldError[];
  values?: FormValues;
}

const one = (v: FormValues | undefined, k: string): string => {
  const x = v?.[k];
  return typeof x === 'string' ? x : Array.isArray(x) ? (x[0] ?? '') : '';
};
const many = (v: FormValues | undefined, k: string): string[] => {
  const x = v?.[k];
  return typeof x === 'string' ? [x] : Array.isArray(x) ? x : [];
};

function bytes(n: number | null): string {
  if (n == null) return '';
  if (n < 1024) return `${fmtNumber(n)} B`;
  if (n < 1024 * 1024) return `${fmtNumber(Math.round(n / 102.4) / 10)} KB`;
  return `${fmtNumber(Math.round(n / 104857.6) / 10)} MB`;
}

// ---------------------------------------------------------------- public

export interface PublicFilter {
  q: string;
  kov: string;
  theme: string;
  /** '' (all), 'registered' (the KOVs' own) or 'auto' (the platform's automatic datasets). */
  kind: string;
}

function DatasetList(props: { ctx: PageCtx; items: DcatDataset[]; kovNames: ReadonlyMap<string, string> }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.items.length) return <p class="empty">{t('opendata.pub.none')}</p>;
  return (
    <ul class="cards">
      {props.items.map((d) => (
        <li>
          <h2>
            <a href={`/opendata/${d.id}`}>{pick(d.title, ctx.locale)}</a>
          </h2>
          <p>{d.kov ? (props.kovNames.get(d.kov) ?? d.kov) : t('opendata.pub.auto')}</p>
          {d.auto && d.kov && <p class="note">{t('opendata.pub.kind.auto')}</p>}
          <p>{d.themes.map((th) => t(`opendata.theme.${th}`)).join(' · ')}</p>
        </li>
      ))}
    </ul>
  );
}

function MachineLinks(props: { t: T }) {
  return (
    <p>
      {props.t('opendata.pub.machine')}: <a href="/dcat/catalog.ttl">catalog.ttl</a> · <a href="/dcat/catalog.jsonld">catalog.jsonld</a>
    </p>
  );
}

export function PublicIndexPage(props: { ctx: PageCtx; items: DcatDataset[]; total: number; page: number; pages: number; filter: PublicFilter; kovs: Kov[]; kovNames: ReadonlyMap<string, string> }) {
  const { ctx, filter } = props;
  const t = ctx.t;
  const title = t('opendata.pub.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p>{t('opendata.pub.intro')}</p>
      <form method="get" action="/opendata" role="search" class="filters">
        <fieldset>
          <legend>{t('opendata.pub.search')}</legend>
          <TextField t={t} name="q" label={t('opendata.pub.word')} value={filter.q} maxLength={100} />
          <SelectField
            t={t}
            name="kov"
            label={t('opendata.pub.kov')}
            value={filter.kov}
            options={[{ value: '', label: t('opendata.pub.all') }, ...props.kovs.map((k) => ({ value: k.code, label: k.name }))]}
          />
          <SelectField
            t={t}
            name="theme"
            label={t('opendata.pub.theme')}
            value={filter.theme}
            options={[{ value: '', label: t('opendata.pub.all') }, ...THEMES.map((th) => ({ value: th, label: t(`opendata.theme.${th}`) }))]}
          />
          <SelectField
            t={t}
            name="kind"
            label={t('opendata.pub.kind')}
            value={filter.kind}
            options={[
              { value: '', label: t('opendata.pub.all') },
              { value: 'registered', label: t('opendata.pub.kind.registered') },
              { value: 'auto', label: t('opendata.pub.kind.auto') },
            ]}
          />
          <div class="field">
            <button type="submit">{t('opendata.pub.filter')}</button>
          </div>
        </fieldset>
      </form>
      <p>{t('opendata.pub.count', { n: fmtNumber(props.total) })}</p>
      <DatasetList ctx={ctx} items={props.items} kovNames={props.kovNames} />
      <Pagination t={t} url={ctx.url} page={props.page} pages={props.pages} />
      <MachineLinks t={t} />
    </Layout>
  );
}

export function KovPublicPage(props: { ctx: PageCtx; kov: Kov; items: DcatDataset[] }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const title = t('opendata.pub.kovTitle', { kov: kov.name });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('opendata.pub.title') }]}>
      <h1>{title}</h1>
      <p>{t('opendata.pub.count', { n: fmtNumber(props.items.length) })}</p>
      <DatasetList ctx={ctx} items={props.items} kovNames={new Map([[kov.code, kov.name]])} />
      <MachineLinks t={t} />
    </Layout>
  );
}

export function DatasetPage(props: { ctx: PageCtx; d: DcatDataset; kovName: string | null; spatialName: string | null }) {
  const { ctx, d } = props;
  const t = ctx.t;
  const title = pick(d.title, ctx.locale);
  const period = d.temporal ? `${d.temporal.start ? fmtDate(d.temporal.start) : '…'} – ${d.temporal.end ? fmtDate(d.temporal.end) : '…'}` : null;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: t('opendata.pub.title'), href: '/opendata' }, { label: title }]}>
      <h1>{title}</h1>
      <p>{pick(d.description, ctx.locale)}</p>
      <h2>{t('opendata.pub.distributions')}</h2>
      <ul>
        {d.distributions.map((x) => {
          const name = pick(x.title, ctx.locale);
          return (
            <li>
              {x.kind === 'file' ? (
                <a href={x.downloadUrl ?? x.accessUrl} download>
                  {t('opendata.pub.download', { name })}
                </a>
              ) : (
                <a href={x.accessUrl} rel="noopener">
                  {t('opendata.pub.open', { name })}
                </a>
              )}{' '}
              ({t(`opendata.kind.${x.kind}`)}
              {x.format ? `, ${x.format}` : ''}
              {x.byteSize != null ? `, ${bytes(x.byteSize)}` : ''})
            </li>
          );
        })}
      </ul>
      <h2>{t('opendata.pub.about')}</h2>
      <dl class="summary">
        <dt>{t('opendata.field.publisher')}</dt>
        <dd>{d.kov ? (props.kovName ?? d.kov) : t('opendata.pub.auto')}</dd>
        <dt>{t('opendata.field.themes')}</dt>
        <dd>{d.themes.map((th) => t(`opendata.theme.${th}`)).join(', ')}</dd>
        {d.keywords.length > 0 && (
          <>
            <dt>{t('opendata.field.keywords')}</dt>
            <dd lang="et">{d.keywords.join(', ')}</dd>
          </>
        )}
        {d.spatial && (
          <>
            <dt>{t('opendata.field.spatial')}</dt>
            <dd>{props.spatialName ? `${props.spatialName} (${d.spatial})` : d.spatial}</dd>
          </>
        )}
        {period && (
          <>
            <dt>{t('opendata.field.period')}</dt>
            <dd>{period}</dd>
          </>
        )}
        <dt>{t('opendata.field.frequency')}</dt>
        <dd>{t(`opendata.frequency.${d.frequency}`)}</dd>
        <dt>{t('opendata.field.license')}</dt>
        <dd>{t(`opendata.license.${d.license}`)}</dd>
        <dt>{t('opendata.field.accessRights')}</dt>
        <dd>{t(`opendata.access.${d.accessRights}`)}</dd>
        <dt>{t('opendata.field.contactName')}</dt>
        <dd>
          {d.contact.name} (<a href={`mailto:${d.contact.email}`}>{d.contact.email}</a>)
        </dd>
        {d.issued && (
          <>
            <dt>{t('opendata.field.issued')}</dt>
            <dd>{fmtDate(d.issued)}</dd>
          </>
        )}
        {d.modified && (
          <>
            <dt>{t('opendata.field.modified')}</dt>
            <dd>{fmtDate(d.modified)}</dd>
          </>
        )}
      </dl>
    </Layout>
  );
}

// ---------------------------------------------------------------- officials

const adminBase = (kov: string) => `/kov/${kov}/opendata/admin`;

function crumbs(t: T, kov: Kov, ...rest: { label: string; href?: string }[]) {
  return [{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('admin.title'), href: `/kov/${kov.code}/admin` }, { label: t('opendata.admin.title'), href: adminBase(kov.code) }, ...rest];
}

function StatusTag(props: { t: T; status: DatasetStatus }) {
  return <strong class={`tag tag-${props.status}`}>{props.t(`opendata.status.${props.status}`)}</strong>;
}

export function AdminListPage(props: { ctx: PageCtx; kov: Kov; items: DatasetView[]; status: DatasetStatus | null; canEdit: boolean }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const base = adminBase(kov.code);
  const title = t('opendata.admin.title');
  return (
    <Layout ctx={ctx} title={`${title} · ${kov.name}`} crumbs={crumbs(t, kov).slice(0, -1).concat({ label: title })} wide>
      <h1>{title}</h1>
      <p>{t('opendata.admin.intro')}</p>
      {props.canEdit && (
        <p>
          <a class="button" href={`${base}/new`}>
            {t('opendata.admin.new')}
          </a>
        </p>
      )}
      <form method="get" action={base} class="filters">
        <fieldset>
          <legend>{t('opendata.admin.filter')}</legend>
          <SelectField
            t={t}
            name="status"
            label={t('opendata.field.status')}
            value={props.status ?? ''}
            options={[{ value: '', label: t('opendata.pub.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`opendata.status.${s}`) }))]}
          />
          <button type="submit" class="button button-secondary">
            {t('opendata.admin.filter')}
          </button>
        </fieldset>
      </form>
      {props.items.length === 0 ? (
        <p class="empty">{t('opendata.admin.none')}</p>
      ) : (
        <Table
          t={t}
          caption={title}
          captionHidden
          rows={props.items}
          columns={[
            { label: t('opendata.field.title'), cell: (d) => <a href={`${base}/${d.id}`}>{pick(d.meta.title, ctx.locale) || d.meta.title.et}</a> },
            { label: t('opendata.field.status'), cell: (d) => <StatusTag t={t} status={d.status} /> },
            { label: t('opendata.field.editedBy'), cell: (d) => d.editedBy },
            { label: t('opendata.field.modified'), cell: (d) => fmtDateTime(d.updatedAt) },
          ]}
        />
      )}
    </Layout>
  );
}

export function MetaFormPage(props: { ctx: PageCtx; kov: Kov; title: string; action: string; back: string; form: FormState; submit: string }) {
  const { ctx, kov, form } = props;
  const t = ctx.t;
  const v = form.values;
  const errors = form.errors ?? [];
  const langs = [
    ['et', 'opendata.field.inEt'],
    ['en', 'opendata.field.inEn'],
    ['ru', 'opendata.field.inRu'],
  ] as const;
  return (
    <Layout ctx={ctx} title={props.title} crumbs={crumbs(t, kov, { label: props.title })}>
      <h1>{props.title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        {langs.map(([l, k]) => (
          <TextField t={t} name={`title_${l}`} label={`${t('opendata.field.title')} (${t(k)})`} value={one(v, `title_${l}`)} errors={errors} required={l === 'et'} maxLength={200} />
        ))}
        {langs.map(([l, k]) => (
          <TextAreaField
            t={t}
            name={`description_${l}`}
            label={`${t('opendata.field.description')} (${t(k)})`}
            value={one(v, `description_${l}`)}
            errors={errors}
            required={l === 'et'}
            lang={l === ctx.locale ? undefined : l}
            maxLength={5000}
          />
        ))}
        <TextField t={t} name="contactName" label={t('opendata.field.contactName')} value={one(v, 'contactName')} errors={errors} required maxLength={200} />
        <TextField t={t} name="contactEmail" type="email" autocomplete="email" label={t('opendata.field.contactEmail')} value={one(v, 'contactEmail')} errors={errors} required maxLength={200} />
        <CheckboxesField t={t} name="themes" legend={t('opendata.field.themes')} errors={errors} values={many(v, 'themes')} options={THEMES.map((th) => ({ value: th, label: t(`opendata.theme.${th}`) }))} />
        <TextField t={t} name="keywords" label={t('opendata.field.keywords')} hint={t('opendata.field.keywordsHint')} value={one(v, 'keywords')} errors={errors} maxLength={2000} />
        <TextField t={t} name="spatial" inputmode="numeric" label={t('opendata.field.spatial')} hint={t('opendata.field.spatialHint')} value={one(v, 'spatial')} errors={errors} maxLength={4} />
        <TextField t={t} name="temporalStart" label={t('opendata.field.temporalStart')} hint={t('opendata.field.dateHint')} value={one(v, 'temporalStart')} errors={errors} maxLength={10} />
        <TextField t={t} name="temporalEnd" label={t('opendata.field.temporalEnd')} hint={t('opendata.field.dateHint')} value={one(v, 'temporalEnd')} errors={errors} maxLength={10} />
        <SelectField t={t} name="frequency" label={t('opendata.field.frequency')} value={one(v, 'frequency')} errors={errors} options={FREQUENCIES.map((f) => ({ value: f, label: t(`opendata.frequency.${f}`) }))} />
        <SelectField t={t} name="license" label={t('opendata.field.license')} value={one(v, 'license')} errors={errors} options={LICENSES.map((f) => ({ value: f, label: t(`opendata.license.${f}`) }))} />
        <SelectField t={t} name="accessRights" label={t('opendata.field.accessRights')} value={one(v, 'accessRights')} errors={errors} options={ACCESS_RIGHTS.map((f) => ({ value: f, label: t(`opendata.access.${f}`) }))} />
        <button type="submit">{props.submit}</button> <a href={props.back}>{t('form.cancel')}</a>
      </form>
    </Layout>
  );
}

export function DatasetAdminPage(props: {
  ctx: PageCtx;
  kov: Kov;
  d: DatasetView;
  form: FormState;
  canEdit: boolean;
  canReview: boolean;
  /** The signed-in official edited it last (so may not review it). */
  lastEditor: boolean;
}) {
  const { ctx, kov, d } = props;
  const t = ctx.t;
  const base = `${adminBase(kov.code)}/${d.id}`;
  const name = pick(d.meta.title, ctx.locale) || d.meta.title.et;
  const errors = props.form.errors ?? [];
  const v = props.form.values;
  const draft = d.status === 'draft';
  const buttons: Transition[] = [];
  if (props.canReview && d.status === 'draft' && !props.lastEditor) buttons.push('review');
  if (props.canReview && d.status === 'reviewed') buttons.push('publish');
  if (props.canReview && d.status === 'published') buttons.push('withdraw');
  if (props.canEdit && d.status !== 'draft') buttons.push('reopen');
  return (
    <Layout ctx={ctx} title={name} crumbs={crumbs(t, kov, { label: name })} wide>
      <h1>{name}</h1>
      <ErrorSummary t={t} errors={errors} />
      <dl class="summary">
        <dt>{t('opendata.field.status')}</dt>
        <dd>
          <StatusTag t={t} status={d.status} />
        </dd>
        <dt>{t('opendata.field.editedBy')}</dt>
        <dd>
          {d.editedBy}, {fmtDateTime(d.updatedAt)}
        </dd>
        {d.reviewedBy && d.reviewedAt && (
          <>
            <dt>{t('opendata.field.reviewedBy')}</dt>
            <dd>
              {d.reviewedBy}, {fmtDateTime(d.reviewedAt)}
            </dd>
          </>
        )}
        {d.issued && (
          <>
            <dt>{t('opendata.field.issued')}</dt>
            <dd>{fmtDateTime(d.issued)}</dd>
          </>
        )}
        <dt>{t('opendata.field.description')}</dt>
        <dd>{pick(d.meta.description, ctx.locale)}</dd>
        <dt>{t('opendata.field.themes')}</dt>
        <dd>{d.meta.themes.map((th) => t(`opendata.theme.${th}`)).join(', ')}</dd>
        <dt>{t('opendata.field.license')}</dt>
        <dd>{t(`opendata.license.${d.meta.license}`)}</dd>
      </dl>
      {d.status === 'published' && (
        <p>
          <a href={`/opendata/${d.id}`}>{t('opendata.admin.publicPage')}</a>
        </p>
      )}
      {props.canEdit && draft && (
        <p>
          <a href={`${base}/edit`}>{t('opendata.admin.edit')}</a>
        </p>
      )}

      <h2 id="distributions">{t('opendata.admin.distributions')}</h2>
      {d.distributions.length === 0 ? (
        <p class="empty">{t('opendata.admin.noDist')}</p>
      ) : (
        <ul>
          {d.distributions.map((x) => {
            const dn = pick(x.title, ctx.locale) || x.title.et;
            return (
              <li>
                {x.kind === 'file' ? <a href={`${base}/files/${x.id}`}>{dn}</a> : <a href={x.url ?? '#'}>{dn}</a>} ({t(`opendata.kind.${x.kind}`)}
                {x.format ? `, ${x.format}` : ''}
                {x.bytes != null ? `, ${bytes(x.bytes)}` : ''})
                {props.canEdit && draft && (
                  <form method="post" action={`${base}/distributions/${x.id}/remove`} class="inline">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="button-secondary">
                      {t('opendata.admin.remove', { name: dn })}
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {props.canEdit && draft && (
        <>
          <h3>{t('opendata.admin.upload')}</h3>
          <form method="post" action={`${base}/files`} enctype="multipart/form-data">
            <CsrfField ctx={ctx} />
            <div class={errors.some((e) => e.field === 'file') ? 'field field-error' : 'field'}>
              <label for="f-file">{t('opendata.field.file')}</label>
              <p class="hint" id="f-file-hint">
                {t('opendata.field.fileHint', { mb: MAX_FILE_BYTES / 1024 / 1024 })}
              </p>
              {errors
                .filter((e) => e.field === 'file')
                .map((e) => (
                  <p class="error-message" id="f-file-error">
                    {t(e.reason, e.vars)}
                  </p>
                ))}
              <input type="file" id="f-file" name="file" aria-describedby={errors.some((e) => e.field === 'file') ? 'f-file-hint f-file-error' : 'f-file-hint'} />
            </div>
            <button type="submit">{t('opendata.admin.uploadButton')}</button>
          </form>

          <h3>{t('opendata.admin.addLink')}</h3>
          <form method="post" action={`${base}/links`}>
            <CsrfField ctx={ctx} />
            <SelectField
              t={t}
              name="kind"
              label={t('opendata.field.kind')}
              value={one(v, 'kind') || 'link'}
              errors={errors}
              options={(['link', 'api'] as const).map((k) => ({ value: k, label: t(`opendata.kind.${k}`) }))}
            />
            <TextField t={t} name="distTitle" label={t('opendata.field.distTitle')} value={one(v, 'distTitle')} errors={errors} maxLength={200} />
            <TextField t={t} name="url" autocomplete="url" label={t('opendata.field.url')} value={one(v, 'url')} errors={errors} maxLength={2000} />
            <SelectField
              t={t}
              name="format"
              label={t('opendata.field.format')}
              value={one(v, 'format')}
              errors={errors}
              options={[{ value: '', label: t('opendata.field.noFormat') }, ...LINK_FORMATS.map((f) => ({ value: f, label: f }))]}
            />
            <button type="submit">{t('opendata.admin.addLinkButton')}</button>
          </form>
        </>
      )}

      <h2 id="f-workflow">{t('opendata.admin.workflow')}</h2>
      {props.canReview && d.status === 'draft' && props.lastEditor && <p class="notice">{t('opendata.admin.fourEyesNote', { name: d.editedBy })}</p>}
      {!props.canReview && (d.status === 'draft' || d.status === 'reviewed') && <p>{t(`opendata.admin.waiting.${d.status}`)}</p>}
      {buttons.map((b) => (
        <form method="post" action={`${base}/${b}`} class="inline">
          <CsrfField ctx={ctx} />
          <button type="submit" class={b === 'withdraw' ? 'button-warning' : b === 'reopen' ? 'button-secondary' : undefined}>
            {t(`opendata.action.${b}`)}
          </button>
        </form>
      ))}
    </Layout>
  );
}
