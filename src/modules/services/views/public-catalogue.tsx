// The public catalogue's pages: every KOV's services (search, life events, the KOVs), a KOV's
// services (filtered by life event and audience, grouped by life event), a service's page (texts in
// the reader's language with Estonian fallback, channels with costs, times and opening hours, legal
// bases, requirements, documents, output, process steps, related services, last update, CPSV-AP
// links) and the search results with the matches marked.
import type { ComponentChildren } from 'preact';
import type { Locale, T } from '../../../kernel/i18n.js';
import { fmtDate, fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { Layout, Pagination, SelectField } from '../../../kernel/web/components.js';
import type { CatalogueEntry, Channel, L3 } from '../model.js';
import { AUDIENCES, LIFE_EVENTS } from '../model.js';
import type { SearchResult } from '../public-queries.js';
import { MAX_QUERY, SEARCH_PAGE_SIZE } from '../public-queries.js';
import { HL_START, HL_STOP } from '../repo/public.js';
import { durationText, eur, textIn } from './public-format.js';

/** A text in the reader's language; Estonian (marked lang="et") when that one is empty. */
function L(props: { l: L3; locale: Locale; block?: boolean }) {
  const { text, lang } = textIn(props.l, props.locale);
  if (!text) return null;
  const paras = text.split(/\n{2,}/);
  if (props.block) return <div lang={lang !== props.locale ? lang : undefined}>{paras.map((p) => <p>{p}</p>)}</div>;
  return lang !== props.locale ? <span lang={lang}>{text}</span> : <>{text}</>;
}

/** Text with HL_START…HL_STOP marks as <mark> (everything else escaped as text). */
export function Marked(props: { text: string }) {
  const parts: ComponentChildren[] = [];
  const re = new RegExp(`${HL_START}([^${HL_STOP}]*)${HL_STOP}`, 'g');
  let last = 0;
  for (const m of props.text.matchAll(re)) {
    if (m.index > last) parts.push(props.text.slice(last, m.index));
    parts.push(<mark>{m[1]}</mark>);
    last = m.index + m[0].length;
  }
  parts.push(props.text.slice(last).replace(new RegExp(`[${HL_START}${HL_STOP}]`, 'g'), ''));
  return <>{parts}</>;
}

function SearchForm(props: { ctx: PageCtx; q: string; kov?: string; kovs?: { code: string; name: string }[] }) {
  const t = props.ctx.t;
  return (
    <form method="get" action="/services/search" role="search" class="panel">
      <div class="field">
        <label for="q">{t('services.pub.search.label')}</label>
        <p class="hint" id="q-hint">
          {t('services.pub.search.hint')}
        </p>
        <input type="search" id="q" name="q" value={props.q} maxLength={MAX_QUERY} aria-describedby="q-hint" />
      </div>
      {props.kovs && props.kovs.length > 0 && (
        <SelectField
          t={t}
          name="kov"
          label={t('services.pub.search.kov')}
          value={props.kov ?? ''}
          options={[{ value: '', label: t('services.pub.search.allKovs') }, ...props.kovs.map((k) => ({ value: k.code, label: k.name }))]}
        />
      )}
      {!props.kovs && props.kov && <input type="hidden" name="kov" value={props.kov} />}
      <button type="submit" class="button">
        {t('services.pub.search.button')}
      </button>
    </form>
  );
}

// ------------------------------------------------------------------ /services

export function ServicesIndexPage(props: { ctx: PageCtx; kovs: { code: string; name: string; count: number }[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('services.pub.index.title');
  const withServices = props.kovs.filter((k) => k.count > 0);
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p>{t('services.pub.index.lead')}</p>
      <SearchForm ctx={ctx} q="" kovs={withServices} />
      <h2>{t('services.pub.index.byEvent')}</h2>
      <ul class="cards">
        {LIFE_EVENTS.map((e) => (
          <li>
            <a href={`/services/search?event=${e}`}>{t(`services.lifeEvent.${e}`)}</a>
          </li>
        ))}
      </ul>
      <h2>{t('services.pub.index.kovs')}</h2>
      {withServices.length === 0 ? (
        <p class="empty">{t('services.pub.index.none')}</p>
      ) : (
        <ul class="columns">
          {withServices.map((k) => (
            <li>
              <a href={`/kov/${k.code}/services`}>{k.name}</a> ({t('services.pub.index.count', { n: fmtNumber(k.count) })})
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/cpsv/all.jsonld" type="application/ld+json">
          {t('services.pub.machine')}: JSON-LD
        </a>{' '}
        ·{' '}
        <a href="/cpsv/all.ttl" type="text/turtle">
          Turtle
        </a>
      </p>
    </Layout>
  );
}

// ------------------------------------------------------------------ /kov/:kov/services

export interface KovListFilter {
  event: string;
  audience: string;
}

function ServiceItem(props: { ctx: PageCtx; e: CatalogueEntry }) {
  const { e, ctx } = props;
  const { text } = textIn(e.description, ctx.locale);
  return (
    <li>
      <a href={`/kov/${e.kovCode}/services/${e.slug}`}>
        <L l={e.name} locale={ctx.locale} />
      </a>
      {text && <p>{text.length > 200 ? `${text.slice(0, 199)}…` : text}</p>}
    </li>
  );
}

export function KovServicesPage(props: { ctx: PageCtx; kov: string; entries: CatalogueEntry[]; total: number; filter: KovListFilter }) {
  const { ctx, kov, entries, filter } = props;
  const t = ctx.t;
  const kovName = ctx.tenant?.name ?? kov;
  const title = t('services.pub.list.title');
  // grouped by life event (a service may be in several groups), then those in none
  const groups: { key: string; label: string; items: CatalogueEntry[] }[] = [];
  for (const ev of LIFE_EVENTS) {
    if (filter.event && filter.event !== ev) continue;
    const items = entries.filter((e) => e.lifeEvents.includes(ev));
    if (items.length) groups.push({ key: ev, label: t(`services.lifeEvent.${ev}`), items });
  }
  const rest = filter.event ? [] : entries.filter((e) => e.lifeEvents.length === 0);
  if (rest.length) groups.push({ key: 'other', label: t('services.pub.list.other'), items: rest });
  return (
    <Layout ctx={ctx} title={`${title} · ${kovName}`} crumbs={[{ href: `/kov/${kov}`, label: kovName }, { label: title }]}>
      <h1>{title}</h1>
      <p>{t('services.pub.list.lead', { kov: kovName })}</p>
      <SearchForm ctx={ctx} q="" kov={kov} />
      {props.total === 0 ? (
        <p class="empty">{t('services.pub.list.empty')}</p>
      ) : (
        <>
          <form method="get" action={`/kov/${kov}/services`} class="filters">
            <fieldset>
              <legend>{t('services.pub.list.filter')}</legend>
              <SelectField
                t={t}
                name="event"
                label={t('services.pub.list.event')}
                value={filter.event}
                options={[{ value: '', label: t('services.pub.list.any') }, ...LIFE_EVENTS.map((e) => ({ value: e, label: t(`services.lifeEvent.${e}`) }))]}
              />
              <SelectField
                t={t}
                name="audience"
                label={t('services.pub.list.audience')}
                value={filter.audience}
                options={[{ value: '', label: t('services.pub.list.any') }, ...AUDIENCES.map((a) => ({ value: a, label: t(`services.audience.${a}`) }))]}
              />
              <button type="submit" class="button button-secondary">
                {t('services.pub.list.apply')}
              </button>
            </fieldset>
          </form>
          <p>{t('services.pub.list.count', { n: fmtNumber(entries.length) })}</p>
          {groups.length === 0 && <p class="empty">{t('services.pub.list.none')}</p>}
          {groups.map((g) => (
            <section aria-labelledby={`g-${g.key}`}>
              <h2 id={`g-${g.key}`}>{g.label}</h2>
              <ul>
                {g.items.map((e) => (
                  <ServiceItem ctx={ctx} e={e} />
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      <p>
        <a href={`/cpsv/${kov}.jsonld`} type="application/ld+json">
          {t('services.pub.machine')}: JSON-LD
        </a>{' '}
        ·{' '}
        <a href={`/cpsv/${kov}.ttl`} type="text/turtle">
          Turtle
        </a>
      </p>
    </Layout>
  );
}

// ------------------------------------------------------------------ /kov/:kov/services/:slug

function ChannelWhere(props: { c: Channel }) {
  const c = props.c;
  if (c.url) return <a href={c.url}>{c.url}</a>;
  if (c.phone) return <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a>;
  if (c.email) return <a href={`mailto:${c.email}`}>{c.email}</a>;
  return <>{c.address}</>;
}

function Channels(props: { t: T; channels: Channel[] }) {
  const t = props.t;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('services.pub.svc.channel')}</th>
            <th scope="col">{t('services.pub.svc.where')}</th>
            <th scope="col">{t('services.pub.svc.cost')}</th>
            <th scope="col">{t('services.pub.svc.time')}</th>
            <th scope="col">{t('services.pub.svc.hours')}</th>
          </tr>
        </thead>
        <tbody>
          {props.channels.map((c) => (
            <tr>
              <th scope="row">{t(`services.channel.${c.kind}`)}</th>
              <td>
                <ChannelWhere c={c} />
              </td>
              <td class="num">{c.costCents === 0 ? t('services.pub.svc.free') : eur(c.costCents)}</td>
              <td>{c.processingTime ? durationText(t, c.processingTime) : t('services.pub.svc.notStated')}</td>
              <td>{c.openingHours}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const hasL3 = (l: L3) => !!(l.et.trim() || l.en.trim() || l.ru.trim());

export function ServicePage(props: { ctx: PageCtx; e: CatalogueEntry; related: CatalogueEntry[] }) {
  const { ctx, e } = props;
  const t = ctx.t;
  const kovName = ctx.tenant?.name ?? e.kovName;
  const name = textIn(e.name, ctx.locale).text;
  const fallback = (['name', 'description'] as const).some((k) => textIn(e[k], ctx.locale).lang !== ctx.locale);
  return (
    <Layout ctx={ctx} title={`${name} · ${kovName}`} crumbs={[{ href: `/kov/${e.kovCode}`, label: kovName }, { href: `/kov/${e.kovCode}/services`, label: t('services.pub.list.title') }, { label: name }]}>
      <h1>
        <L l={e.name} locale={ctx.locale} />
      </h1>
      {fallback && <p class="notice">{t('services.pub.svc.langNote')}</p>}
      <L l={e.description} locale={ctx.locale} block />
      {e.unit && (
        <p>
          {t('services.pub.svc.unit')}: {kovName}, {e.unit}
        </p>
      )}

      {e.channels.length > 0 && (
        <section aria-labelledby="how">
          <h2 id="how">{t('services.pub.svc.how')}</h2>
          <Channels t={t} channels={e.channels} />
        </section>
      )}
      {hasL3(e.requirements) && (
        <section aria-labelledby="req">
          <h2 id="req">{t('services.pub.svc.requirements')}</h2>
          <L l={e.requirements} locale={ctx.locale} block />
        </section>
      )}
      {e.evidence.some(hasL3) && (
        <section aria-labelledby="evidence">
          <h2 id="evidence">{t('services.pub.svc.evidence')}</h2>
          <ul>
            {e.evidence.filter(hasL3).map((ev) => (
              <li>
                <L l={ev} locale={ctx.locale} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {hasL3(e.output) && (
        <section aria-labelledby="output">
          <h2 id="output">{t('services.pub.svc.output')}</h2>
          <L l={e.output} locale={ctx.locale} block />
        </section>
      )}
      {e.legalBases.length > 0 && (
        <section aria-labelledby="legal">
          <h2 id="legal">{t('services.pub.svc.legal')}</h2>
          <ul>
            {e.legalBases.map((b) => {
              const label = b.section ? `${b.act} ${b.section}` : b.act;
              return <li lang="et">{b.url ? <a href={b.url}>{label}</a> : label}</li>;
            })}
          </ul>
        </section>
      )}
      {e.steps.length > 0 && (
        <section aria-labelledby="steps">
          <h2 id="steps">{t('services.pub.svc.steps')}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('services.pub.svc.stepWho')}</th>
                  <th scope="col">{t('services.pub.svc.stepWhat')}</th>
                  <th scope="col">{t('services.pub.svc.stepSystem')}</th>
                  <th scope="col">{t('services.pub.svc.stepTime')}</th>
                </tr>
              </thead>
              <tbody lang="et">
                {e.steps.map((s, i) => (
                  <tr>
                    <td class="num">{i + 1}</td>
                    <td>{s.who}</td>
                    <td>{s.what}</td>
                    <td>{s.system}</td>
                    <td>{s.duration ? durationText(t, s.duration) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {(e.lifeEvents.length > 0 || e.audiences.length > 0) && (
        <dl>
          {e.lifeEvents.length > 0 && (
            <>
              <dt>{t('services.pub.svc.events')}</dt>
              <dd>
                {e.lifeEvents.map((ev, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={`/kov/${e.kovCode}/services?event=${ev}`}>{t(`services.lifeEvent.${ev}`)}</a>
                  </>
                ))}
              </dd>
            </>
          )}
          {e.audiences.length > 0 && (
            <>
              <dt>{t('services.pub.svc.audiences')}</dt>
              <dd>{e.audiences.map((a) => t(`services.audience.${a}`)).join(', ')}</dd>
            </>
          )}
        </dl>
      )}
      {props.related.length > 0 && (
        <section aria-labelledby="related">
          <h2 id="related">{t('services.pub.svc.related')}</h2>
          <ul>
            {props.related.map((r) => (
              <li>
                <a href={`/kov/${r.kovCode}/services/${r.slug}`}>
                  <L l={r.name} locale={ctx.locale} />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {e.relatedState.length > 0 && (
        <section aria-labelledby="state">
          <h2 id="state">{t('services.pub.svc.stateRelated')}</h2>
          <ul>
            {e.relatedState.map((s) => (
              <li lang="et">{s.url ? <a href={s.url}>{s.name}</a> : s.name}</li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="rate">
        <h2 id="rate">{t('services.pub.svc.rateTitle')}</h2>
        <p>{t('services.pub.svc.rateText')}</p>
        {/* the survey of module feedback: one link per service (docs/feedback.md) */}
        <p>
          <a class="button" href={`/kov/${e.kovCode}/services/${e.slug}/feedback`}>
            {t('services.pub.svc.rateLink')}
          </a>
        </p>
      </section>
      <p>{t('services.pub.svc.updated', { date: fmtDate(e.modifiedAt) })}</p>
      <p>
        <a href={`/cpsv/${e.kovCode}.jsonld`} type="application/ld+json">
          {t('services.pub.machine')}: JSON-LD
        </a>{' '}
        ·{' '}
        <a href={`/cpsv/${e.kovCode}.ttl`} type="text/turtle">
          Turtle
        </a>
      </p>
    </Layout>
  );
}

// ------------------------------------------------------------------ /services/search

export function SearchPage(props: {
  ctx: PageCtx;
  q: string;
  kov: string;
  event: string;
  kovs: { code: string; name: string }[];
  result: SearchResult | null;
  error?: string;
}) {
  const { ctx, result } = props;
  const t = ctx.t;
  const base = t('services.pub.search.title');
  const title = props.q ? t('services.pub.search.titleQ', { q: props.q }) : props.event ? `${base}: ${t(`services.lifeEvent.${props.event}`)}` : base;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/services', label: t('services.pub.index.title') }, { label: base }]}>
      <h1>{title}</h1>
      {props.error && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <p>{t(props.error)}</p>
        </div>
      )}
      <SearchForm ctx={ctx} q={props.q} kov={props.kov} kovs={props.kovs} />
      {result && (
        <>
          <p role="status">{result.total === 0 ? t('services.pub.search.nothing') : t('services.pub.search.found', { n: fmtNumber(result.total) })}</p>
          <ol class="results" start={(result.page - 1) * SEARCH_PAGE_SIZE + 1}>
            {result.hits.map((h) => (
              <li>
                <h2>
                  <a href={`/kov/${h.entry.kovCode}/services/${h.entry.slug}`}>
                    <Marked text={h.titleHl} />
                  </a>
                </h2>
                <p>{h.entry.kovName}</p>
                {h.textHl && (
                  <p>
                    <Marked text={h.textHl} />
                  </p>
                )}
              </li>
            ))}
          </ol>
          <Pagination t={t} url={ctx.url} page={result.page} pages={result.pages} />
        </>
      )}
    </Layout>
  );
}
