// The knowledge base's pages: the list and search (with highlights), an article (its highlighted
// text, files, "was this helpful"), its history and the diff of two versions, the E-ITS mentors,
// a KOV's articles, and the authors' pages (their articles, the form, files and counts).
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../kernel/errors.js';
import type { Locale, T } from '../../../kernel/i18n.js';
import { fmtDate, fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { Fragment } from '../../../kernel/text-search.js';
import { highlight } from '../../../kernel/text-search.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Pagination, SelectField, Table, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { DiffPart, Title } from '../model.js';
import { DOMAINS, KINDS, LIMITS } from '../model.js';
import type { ArticleView, FileView, ListResult, MentorView, SearchResult, VersionDiff, VersionView } from '../service.js';
import { MAX_FILE_BYTES, MAX_QUERY } from '../service.js';

const HOME = '/knowledge';
export const articleHref = (id: string, q?: string) => `${HOME}/a/${id}${q ? `?q=${encodeURIComponent(q)}` : ''}`;

/** The title in the reader's language (Estonian, marked lang="et", when there is none). */
function TitleText(props: { title: Title; locale: Locale }) {
  const own = props.title[props.locale];
  return own ? <>{own}</> : <span lang="et">{props.title.et}</span>;
}
const titleOf = (title: Title, locale: Locale) => title[locale] || title.et;

function Marked(props: { parts: Fragment[] }) {
  return <>{props.parts.map((p) => (p.hit ? <mark>{p.text}</mark> : p.text))}</>;
}

function fmtSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${fmtNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB` : `${fmtNumber(Math.max(1, Math.round(bytes / 1024)))} kB`;
}

function Meta(props: { t: T; a: ArticleView }) {
  const { t, a } = props;
  return (
    <p class="meta">
      {t(`knowledge.kind.${a.kind}`)} · {t(`knowledge.domain.${a.domain}`)} · {t(`knowledge.visibility.${a.visibility}`)}
    </p>
  );
}

function SearchForm(props: { ctx: PageCtx; q: string; domain: string }) {
  const t = props.ctx.t;
  return (
    <form method="get" action={HOME} role="search" class="panel">
      <div class="field">
        <label for="q">{t('knowledge.search.label')}</label>
        <p class="hint" id="q-hint">
          {t('knowledge.search.hint')}
        </p>
        <input type="search" id="q" name="q" value={props.q} maxLength={MAX_QUERY} aria-describedby="q-hint" />
      </div>
      <SelectField
        t={t}
        name="domain"
        label={t('knowledge.field.domain')}
        value={props.domain}
        options={[{ value: '', label: t('knowledge.search.allDomains') }, ...DOMAINS.map((d) => ({ value: d, label: t(`knowledge.domain.${d}`) }))]}
      />
      <button type="submit">{t('knowledge.search.button')}</button>
    </form>
  );
}

function ArticleList(props: { ctx: PageCtx; list: ListResult }) {
  const { ctx, list } = props;
  const t = ctx.t;
  return (
    <>
      <p>{t('knowledge.list.count', { n: fmtNumber(list.total) })}</p>
      <ul class="results">
        {list.items.map((a) => (
          <li>
            <h2>
              <a href={articleHref(a.id)}>
                <TitleText title={a.title} locale={ctx.locale} />
              </a>
            </h2>
            <Meta t={t} a={a} />
            {a.summary && <p lang="et">{a.summary}</p>}
          </li>
        ))}
      </ul>
      <Pagination t={t} url={ctx.url} page={list.page} pages={list.pages} />
    </>
  );
}

export function IndexPage(props: {
  ctx: PageCtx;
  q: string;
  domain: string;
  list: ListResult | null;
  result: SearchResult | null;
  viewerKov: string | null;
  /** The authoring pages the person may open (ELVL's, their KOVs'). */
  authorLinks?: { href: string; label: string }[];
  error?: FieldError[];
}) {
  const { ctx, result } = props;
  const t = ctx.t;
  const title = props.q ? t('knowledge.search.titleQ', { q: props.q }) : t('knowledge.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={props.q ? [{ href: HOME, label: t('knowledge.title') }, { label: title }] : undefined}>
      <h1>{title}</h1>
      <p>{t('knowledge.intro')}</p>
      {props.error && <ErrorSummary t={t} errors={props.error} />}
      <SearchForm ctx={ctx} q={props.q} domain={props.domain} />
      {ctx.user ? (
        props.viewerKov && <p>{t('knowledge.list.viewAs', { kov: props.viewerKov })}</p>
      ) : (
        <p>{t('knowledge.list.signIn')}</p>
      )}
      {ctx.user?.isOfficial && (
        <ul>
          <li>
            <a href={`${HOME}/mentors`}>{t('knowledge.mentors.link')}</a>
          </li>
          {(props.authorLinks ?? []).map((l) => (
            <li>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      )}
      {result && (
        <>
          <p role="status">{result.total === 0 ? t('knowledge.search.nothing') : t('knowledge.search.found', { n: fmtNumber(result.total) })}</p>
          <ol class="results">
            {result.hits.map((h) => (
              <li>
                <h2>
                  <a href={articleHref(h.article.id, props.q)}>
                    <Marked parts={h.title} />
                  </a>
                </h2>
                <Meta t={t} a={h.article} />
                <p lang="et">
                  <Marked parts={h.excerpt} />
                </p>
              </li>
            ))}
          </ol>
          <Pagination t={t} url={ctx.url} page={result.page} pages={result.pages} />
        </>
      )}
      {props.list && <ArticleList ctx={ctx} list={props.list} />}
    </Layout>
  );
}

export function KovPage(props: { ctx: PageCtx; kov: { code: string; name: string }; list: ListResult }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('knowledge.kov.title', { kov: props.kov.name });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/kov/${props.kov.code}`, label: props.kov.name }, { label: t('knowledge.nav') }]}>
      <h1>{title}</h1>
      <p>
        <a href={HOME}>{t('knowledge.kov.all')}</a>
      </p>
      <ArticleList ctx={ctx} list={props.list} />
    </Layout>
  );
}

export function ArticlePage(props: {
  ctx: PageCtx;
  article: ArticleView;
  files: FileView[];
  q: string;
  bodyHtml: string;
  mine: boolean | null;
  thanks: boolean;
  editHref: string | null;
}) {
  const { ctx, article: a } = props;
  const t = ctx.t;
  const title = titleOf(a.title, ctx.locale);
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: HOME, label: t('knowledge.title') }, { label: title }]}>
      <article>
        <h1>
          <TitleText title={a.title} locale={ctx.locale} />
        </h1>
        <Meta t={t} a={a} />
        <p class="meta">{t('knowledge.article.updated', { date: fmtDate(a.updatedAt), no: a.versionNo })}</p>
        {props.q && <p role="status">{t('knowledge.article.highlighted', { q: props.q })}</p>}
        {a.summary && (
          <p class="lead" lang="et">
            {props.q ? <Marked parts={highlight(a.summary, props.q)} /> : a.summary}
          </p>
        )}
        {/* sanitised at save time (model.ts renderMarkdown); marks added only between tags (service.ts markHtml) */}
        <div class="prose" lang="et" dangerouslySetInnerHTML={{ __html: props.bodyHtml }} />
        {a.tags.length > 0 && (
          <p>
            {t('knowledge.article.tags')}: {a.tags.join(', ')}
          </p>
        )}
      </article>
      {props.files.length > 0 && (
        <section aria-labelledby="files">
          <h2 id="files">{t('knowledge.article.files')}</h2>
          <ul>
            {props.files.map((f) => (
              <li>
                <a href={`${HOME}/a/${a.id}/files/${f.id}`} download={f.name}>
                  {t('knowledge.article.download', { name: f.name, size: fmtSize(f.bytes) })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="helpful" class="panel">
        <h2 id="helpful">{t('knowledge.helpful.question')}</h2>
        {props.thanks && <p role="status">{t('knowledge.helpful.thanks')}</p>}
        {props.mine !== null && <p>{t('knowledge.helpful.yours', { answer: t(props.mine ? 'knowledge.helpful.yes' : 'knowledge.helpful.no') })}</p>}
        <form method="post" action={`${HOME}/a/${a.id}/helpful`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" name="answer" value="yes" class="button-secondary">
            {t('knowledge.helpful.yes')}
          </button>{' '}
          <button type="submit" name="answer" value="no" class="button-secondary">
            {t('knowledge.helpful.no')}
          </button>
        </form>
      </section>
      <p>
        <a href={`${HOME}/a/${a.id}/versions`}>{t('knowledge.article.history')}</a>
        {props.editHref && (
          <>
            {' · '}
            <a href={props.editHref}>{t('knowledge.admin.edit')}</a>
          </>
        )}
      </p>
    </Layout>
  );
}

export function VersionsPage(props: { ctx: PageCtx; article: ArticleView; versions: VersionView[] }) {
  const { ctx, article: a, versions } = props;
  const t = ctx.t;
  const name = titleOf(a.title, ctx.locale);
  const title = t('knowledge.versions.title', { title: name });
  const options = versions.map((v) => ({ value: String(v.no), label: `${v.no} · ${fmtDateTime(v.at)}` }));
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: HOME, label: t('knowledge.title') }, { href: articleHref(a.id), label: name }, { label: t('knowledge.article.history') }]}>
      <h1>{title}</h1>
      <Table
        t={t}
        caption={t('knowledge.article.history')}
        captionHidden
        columns={[
          { label: t('knowledge.versions.no'), cell: (v: VersionView) => String(v.no), numeric: true },
          { label: t('knowledge.versions.at'), cell: (v) => fmtDateTime(v.at) },
          { label: t('knowledge.versions.by'), cell: (v) => v.by },
          { label: t('knowledge.versions.note'), cell: (v) => v.note },
        ]}
        rows={versions}
      />
      {versions.length > 1 && (
        <form method="get" action={`${HOME}/a/${a.id}/diff`} class="panel">
          <h2>{t('knowledge.versions.compare')}</h2>
          <SelectField t={t} name="from" label={t('knowledge.versions.from')} value={String(versions[1]!.no)} options={options} />
          <SelectField t={t} name="to" label={t('knowledge.versions.to')} value={String(versions[0]!.no)} options={options} />
          <button type="submit">{t('knowledge.versions.compare')}</button>
        </form>
      )}
    </Layout>
  );
}

/** A diff: inserted text in <ins>, deleted in <del>, each with its name for those who do not see the marks. */
function Diff(props: { t: T; parts: DiffPart[] }) {
  const t = props.t;
  const out: ComponentChildren[] = props.parts.map((p) =>
    p.kind === 'same' ? (
      p.text
    ) : p.kind === 'ins' ? (
      <ins>
        <span class="visually-hidden">[{t('knowledge.versions.ins')} </span>
        {p.text}
        <span class="visually-hidden">]</span>
      </ins>
    ) : (
      <del>
        <span class="visually-hidden">[{t('knowledge.versions.del')} </span>
        {p.text}
        <span class="visually-hidden">]</span>
      </del>
    ),
  );
  return (
    <div class="diff" lang="et">
      <pre class="diff-text">{out}</pre>
    </div>
  );
}

export function DiffPage(props: { ctx: PageCtx; diff: VersionDiff }) {
  const { ctx, diff: d } = props;
  const t = ctx.t;
  const name = titleOf(d.article.title, ctx.locale);
  const title = t('knowledge.versions.diff', { title: name, from: d.from.no, to: d.to.no });
  const changed = (parts: DiffPart[]) => parts.some((p) => p.kind !== 'same');
  return (
    <Layout
      ctx={ctx}
      title={title}
      crumbs={[
        { href: HOME, label: t('knowledge.title') },
        { href: articleHref(d.article.id), label: name },
        { href: `${HOME}/a/${d.article.id}/versions`, label: t('knowledge.article.history') },
        { label: `${d.from.no} → ${d.to.no}` },
      ]}
    >
      <h1>{title}</h1>
      <p>{t('knowledge.versions.legend')}</p>
      {!changed(d.title) && !changed(d.summary) && !changed(d.body) && <p>{t('knowledge.versions.same')}</p>}
      {changed(d.title) && (
        <>
          <h2>{t('knowledge.field.title.et')}</h2>
          <Diff t={t} parts={d.title} />
        </>
      )}
      {changed(d.summary) && (
        <>
          <h2>{t('knowledge.field.summary')}</h2>
          <Diff t={t} parts={d.summary} />
        </>
      )}
      {changed(d.body) && (
        <>
          <h2>{t('knowledge.field.bodyMd')}</h2>
          <Diff t={t} parts={d.body} />
        </>
      )}
    </Layout>
  );
}

export function MentorsPage(props: { ctx: PageCtx; mentors: MentorView[]; kovName: (code: string) => string; canEdit: boolean; errors?: FieldError[]; values?: Record<string, string> }) {
  const { ctx, mentors } = props;
  const t = ctx.t;
  const title = t('knowledge.mentors.title');
  const v = props.values ?? {};
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: HOME, label: t('knowledge.title') }, { label: title }]}>
      <h1>{title}</h1>
      <p>{t('knowledge.mentors.intro')}</p>
      {props.errors && <ErrorSummary t={t} errors={props.errors} />}
      {mentors.length === 0 ? (
        <p>{t('knowledge.mentors.none')}</p>
      ) : (
        <Table
          t={t}
          caption={title}
          captionHidden
          columns={[
            { label: t('knowledge.mentors.name'), cell: (m: MentorView) => m.name },
            { label: t('knowledge.mentors.kov'), cell: (m) => props.kovName(m.kov) },
            { label: t('knowledge.mentors.topics'), cell: (m) => m.topics.join(', ') },
            { label: t('knowledge.mentors.helps'), cell: (m) => m.helps.map(props.kovName).join(', ') },
            { label: t('knowledge.mentors.email'), cell: (m) => (m.email ? <a href={`mailto:${m.email}`}>{m.email}</a> : '') },
            ...(props.canEdit
              ? [
                  {
                    label: t('knowledge.admin.edit'),
                    cell: (m: MentorView) => (
                      <form method="post" action={`${HOME}/mentors/${m.id}/end`}>
                        <CsrfField ctx={ctx} />
                        <button type="submit" class="button-secondary button-small">
                          {t('knowledge.mentors.end', { name: m.name })}
                        </button>
                      </form>
                    ),
                  },
                ]
              : []),
          ]}
          rows={mentors}
        />
      )}
      {props.canEdit && (
        <form method="post" action={`${HOME}/mentors`} class="panel" novalidate>
          <h2>{t('knowledge.mentors.add')}</h2>
          <CsrfField ctx={ctx} />
          <TextField t={t} name="name" label={t('knowledge.mentors.name')} value={v.name} errors={props.errors} required maxLength={200} />
          <TextField t={t} name="kov" label={t('knowledge.mentors.kov')} hint={t('knowledge.mentors.kovHint')} value={v.kov} errors={props.errors} required inputmode="numeric" />
          <TextField t={t} name="email" type="email" label={t('knowledge.mentors.email')} value={v.email} errors={props.errors} autocomplete="off" />
          <TextField t={t} name="topics" label={t('knowledge.mentors.topics')} hint={t('knowledge.field.tagsHint')} value={v.topics} errors={props.errors} />
          <TextField t={t} name="helps" label={t('knowledge.mentors.helps')} hint={t('knowledge.mentors.helpsHint')} value={v.helps} errors={props.errors} />
          <button type="submit">{t('knowledge.mentors.add')}</button>
        </form>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- the authors' pages

export interface Owner {
  /** '0000' for ELVL's articles, else the KOV's code. */
  code: string;
  name: string;
  base: string;
}

export function AdminListPage(props: { ctx: PageCtx; owner: Owner; items: ArticleView[]; mentorsHref: string | null }) {
  const { ctx, owner } = props;
  const t = ctx.t;
  const title = owner.code === '0000' ? t('knowledge.admin.platformTitle') : `${t('knowledge.admin.title')}: ${owner.name}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={owner.code === '0000' ? [{ href: HOME, label: t('knowledge.title') }, { label: title }] : [{ href: `/kov/${owner.code}/admin`, label: owner.name }, { label: t('knowledge.admin.title') }]}>
      <h1>{title}</h1>
      <p>
        <a class="button" href={`${owner.base}/new`}>
          {t('knowledge.admin.new')}
        </a>
      </p>
      {props.mentorsHref && (
        <p>
          <a href={props.mentorsHref}>{t('knowledge.admin.mentors')}</a>
        </p>
      )}
      {props.items.length === 0 ? (
        <p>{t('knowledge.admin.none')}</p>
      ) : (
        <Table
          t={t}
          caption={title}
          captionHidden
          columns={[
            {
              label: t('knowledge.field.title.et'),
              cell: (a: ArticleView) => <a href={`${owner.base}/${a.id}`}>{a.title.et}</a>,
            },
            { label: t('knowledge.field.visibility'), cell: (a) => t(`knowledge.visibility.${a.visibility}`) },
            { label: t('knowledge.versions.no'), cell: (a) => String(a.versionNo), numeric: true },
            { label: t('knowledge.versions.at'), cell: (a) => fmtDateTime(a.updatedAt) },
          ]}
          rows={props.items}
        />
      )}
    </Layout>
  );
}

export type FormValues = Record<string, string>;

export function EditPage(props: { ctx: PageCtx; owner: Owner; title: string; action: string; values: FormValues; visibilities: string[]; errors?: FieldError[] }) {
  const { ctx, owner, values: v } = props;
  const t = ctx.t;
  const e = props.errors;
  return (
    <Layout ctx={ctx} title={props.title} crumbs={[{ href: owner.base, label: t('knowledge.admin.title') }, { label: props.title }]}>
      <h1>{props.title}</h1>
      {e && <ErrorSummary t={t} errors={e} />}
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        <SelectField t={t} name="kind" label={t('knowledge.field.kind')} value={v.kind} errors={e} options={KINDS.map((k) => ({ value: k, label: t(`knowledge.kind.${k}`) }))} />
        <SelectField t={t} name="domain" label={t('knowledge.field.domain')} value={v.domain} errors={e} options={DOMAINS.map((d) => ({ value: d, label: t(`knowledge.domain.${d}`) }))} />
        <SelectField t={t} name="visibility" label={t('knowledge.field.visibility')} value={v.visibility} errors={e} options={props.visibilities.map((x) => ({ value: x, label: t(`knowledge.visibility.${x}`) }))} />
        <TextField t={t} name="title.et" label={t('knowledge.field.title.et')} value={v['title.et']} errors={e} required maxLength={LIMITS.title} />
        <TextField t={t} name="title.en" label={t('knowledge.field.title.en')} value={v['title.en']} errors={e} maxLength={LIMITS.title} />
        <TextField t={t} name="title.ru" label={t('knowledge.field.title.ru')} value={v['title.ru']} errors={e} maxLength={LIMITS.title} />
        <TextAreaField t={t} name="summary" label={t('knowledge.field.summary')} value={v.summary} errors={e} rows={3} lang="et" maxLength={LIMITS.summary} />
        <TextField t={t} name="tags" label={t('knowledge.field.tags')} hint={t('knowledge.field.tagsHint')} value={v.tags} errors={e} />
        <TextAreaField t={t} name="bodyMd" label={t('knowledge.field.bodyMd')} hint={t('knowledge.field.bodyHint')} value={v.bodyMd} errors={e} rows={16} lang="et" required />
        <TextField t={t} name="note" label={t('knowledge.field.note')} value={v.note} errors={e} maxLength={LIMITS.note} />
        <button type="submit">{t('knowledge.save')}</button>
      </form>
    </Layout>
  );
}

export function AdminArticlePage(props: { ctx: PageCtx; owner: Owner; article: ArticleView; files: FileView[]; helpful: { yes: number; no: number }; errors?: FieldError[] }) {
  const { ctx, owner, article: a } = props;
  const t = ctx.t;
  const base = `${owner.base}/${a.id}`;
  return (
    <Layout ctx={ctx} title={a.title.et} crumbs={[{ href: owner.base, label: t('knowledge.admin.title') }, { label: a.title.et }]}>
      <h1>{a.title.et}</h1>
      <Meta t={t} a={a} />
      <p>{t('knowledge.article.updated', { date: fmtDate(a.updatedAt), no: a.versionNo })}</p>
      <p>{t('knowledge.admin.helpful', { yes: fmtNumber(props.helpful.yes), no: fmtNumber(props.helpful.no) })}</p>
      <p>
        <a href={`${base}/edit`}>{t('knowledge.admin.edit')}</a> · <a href={articleHref(a.id)}>{t('knowledge.admin.view')}</a> ·{' '}
        <a href={`${HOME}/a/${a.id}/versions`}>{t('knowledge.article.history')}</a>
      </p>
      {props.errors && <ErrorSummary t={t} errors={props.errors} />}
      <section aria-labelledby="files">
        <h2 id="files">{t('knowledge.admin.files')}</h2>
        <ul>
          {props.files.map((f) => (
            <li>
              <a href={`${HOME}/a/${a.id}/files/${f.id}`}>{f.name}</a> ({fmtSize(f.bytes)}){' '}
              <form method="post" action={`${base}/files/${f.id}/remove`} class="inline-form">
                <CsrfField ctx={ctx} />
                <button type="submit" class="button-secondary button-small">
                  {t('knowledge.admin.remove', { name: f.name })}
                </button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/files`} enctype="multipart/form-data" class="panel">
          <CsrfField ctx={ctx} />
          <div class={props.errors?.some((x) => x.field === 'file') ? 'field field-error' : 'field'}>
            <label for="f-file">{t('knowledge.admin.upload')}</label>
            <p class="hint" id="f-file-hint">
              {t('knowledge.admin.uploadHint', { mb: MAX_FILE_BYTES / 1024 / 1024 })}
            </p>
            <input type="file" id="f-file" name="file" aria-describedby="f-file-hint" />
          </div>
          <button type="submit">{t('knowledge.admin.upload')}</button>
        </form>
      </section>
    </Layout>
  );
}
