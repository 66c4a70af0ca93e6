// Public pages of the territory module: the front page, the KOV list, a KOV's page, a county's page.
import { kovLinks } from '../../../kernel/module.js';
import type { T } from '../../../kernel/i18n.js';
import { fmtNumber } from '../../../kernel/i18n.js';
import type { Column, PageCtx } from '../../../kernel/web/components.js';
import { Layout, Pagination, SelectField, Table, TextField } from '../../../kernel/web/components.js';
import type { CountyRow, KovRow, SettlementUnitRow, UnitMatch, VersionRow } from '../repo.js';

export function typeLabel(t: T, type: string | null, selfUnit = false): string {
  if (selfUnit) return t('territory.type.self');
  return type ? t(`territory.type.${type}`) : t('territory.type.none');
}

export interface CountyGroup {
  code: string;
  name: string;
  kovs: KovRow[];
}

function SearchForm(props: { ctx: PageCtx; counties?: CountyRow[]; county?: string; q?: string }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <form method="get" action="/kov" class="filters" role="search">
      {props.counties && (
        <SelectField
          t={t}
          name="county"
          label={t('territory.filter.county')}
          value={props.county ?? ''}
          options={[{ value: '', label: t('territory.filter.allCounties') }, ...props.counties.map((c) => ({ value: c.code, label: c.name }))]}
        />
      )}
      <TextField t={t} name="q" type="search" label={t('territory.filter.q')} hint={t('territory.filter.qHint')} value={props.q ?? ''} maxLength={100} />
      <div class="field">
        <button type="submit">{props.counties ? t('form.filter') : t('territory.home.search')}</button>
      </div>
    </form>
  );
}

export function HomePage(props: { ctx: PageCtx; groups: CountyGroup[]; total: number; hasClassifier: boolean }) {
  const { ctx, groups } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('territory.home.title')}>
      <h1>{t('app.tagline')}</h1>
      <p class="lead">{t('territory.home.lead')}</p>
      <p>{t('territory.home.choose')}</p>
      <SearchForm ctx={ctx} />
      {!props.hasClassifier && groups.length === 0 && <p class="panel">{t('territory.home.empty')}</p>}
      {groups.length > 0 && (
        <>
          <h2>{t('territory.home.byCounty')}</h2>
          <p>{t('territory.home.countKovs', { n: fmtNumber(props.total) })}</p>
          {groups.map((g) => (
            <section aria-labelledby={`county-${g.code}`}>
              <h3 id={`county-${g.code}`}>
                <a href={`/counties/${g.code}`}>{g.name}</a>
              </h3>
              <ul class="columns">
                {g.kovs.map((k) => (
                  <li>
                    <a href={`/kov/${k.code}`}>{k.name}</a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </Layout>
  );
}

function kovColumns(t: T, withCounty: boolean): Column<KovRow>[] {
  const cols: Column<KovRow>[] = [
    { label: t('territory.col.name'), cell: (k) => <a href={`/kov/${k.code}`}>{k.name}</a> },
    { label: t('territory.col.kind'), cell: (k) => typeLabel(t, k.kind) },
  ];
  if (withCounty) {
    cols.push({ label: t('territory.col.county'), cell: (k) => (k.countyName ? <a href={`/counties/${k.countyCode}`}>{k.countyName}</a> : k.countyCode) });
  }
  cols.push({ label: t('territory.col.code'), cell: (k) => <span class="mono">{k.code}</span> });
  return cols;
}

export function KovListPage(props: {
  ctx: PageCtx;
  counties: CountyRow[];
  kovs: KovRow[];
  county: string;
  q: string;
  units: UnitMatch[] | null;
  unitLimit: number;
}) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('territory.kovs.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <SearchForm ctx={ctx} counties={props.counties} county={props.county} q={props.q} />
      <p role="status">{t('territory.kovs.found', { n: fmtNumber(props.kovs.length) })}</p>
      {(props.kovs.length > 0 || !props.units?.length) && (
        <Table t={t} caption={t('territory.kovs.caption')} captionHidden columns={kovColumns(t, true)} rows={props.kovs} />
      )}
      {props.units && props.units.length > 0 && (
        <>
          <h2>{t('territory.kovs.unitsHeading')}</h2>
          {props.units.length >= props.unitLimit && <p>{t('territory.kovs.unitsMore', { n: fmtNumber(props.unitLimit) })}</p>}
          <Table
            t={t}
            caption={t('territory.kovs.unitsHeading')}
            captionHidden
            rows={props.units}
            columns={[
              { label: t('territory.col.name'), cell: (u) => u.name },
              { label: t('territory.col.type'), cell: (u) => typeLabel(t, u.type, u.selfUnit) },
              { label: t('territory.col.kov'), cell: (u) => <a href={`/kov/${u.municipalityCode}`}>{u.municipalityName}</a> },
              { label: t('territory.col.code'), cell: (u) => <span class="mono">{u.code}</span> },
            ]}
          />
        </>
      )}
    </Layout>
  );
}

export function KovPage(props: {
  ctx: PageCtx;
  kov: KovRow;
  version: VersionRow | null;
  units: SettlementUnitRow[];
  total: number;
  page: number;
  pages: number;
  selfUnit: SettlementUnitRow | null;
}) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const countyLabel = kov.countyName ?? kov.countyCode;
  return (
    <Layout
      ctx={ctx}
      title={kov.name}
      crumbs={[
        { href: '/kov', label: t('territory.kovs.title') },
        ...(kov.countyName ? [{ href: `/counties/${kov.countyCode}`, label: kov.countyName }] : []),
        { label: kov.name },
      ]}
    >
      <h1>{kov.name}</h1>
      {kovLinks().length > 0 && (
        <nav aria-labelledby="kov-services">
          <h2 id="kov-services">{t('territory.kov.services')}</h2>
          <ul class="cards">
            {kovLinks().map((l) => (
              <li>
                <h3>
                  <a href={`/kov/${kov.code}/${l.path}`}>{t(l.labelKey)}</a>
                </h3>
                {l.textKey && <p>{t(l.textKey)}</p>}
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h2 class="visually-hidden">{t('territory.kov.facts')}</h2>
      <dl class="summary">
        <dt>{t('territory.kov.kind')}</dt>
        <dd>{typeLabel(t, kov.kind)}</dd>
        <dt>{t('territory.kov.county')}</dt>
        <dd>{kov.countyName ? <a href={`/counties/${kov.countyCode}`}>{countyLabel}</a> : countyLabel}</dd>
        <dt>{t('territory.kov.code')}</dt>
        <dd class="mono">{kov.code}</dd>
        <dt>{t('territory.kov.version')}</dt>
        <dd>{props.version ? props.version.version : kov.ehakVersion}</dd>
      </dl>
      <h2>{t('territory.kov.units')}</h2>
      {props.selfUnit ? (
        <p>{t('territory.kov.selfUnit', { name: kov.name, code: props.selfUnit.code })}</p>
      ) : props.total === 0 ? (
        <p>{t('territory.kov.noUnits')}</p>
      ) : (
        <>
          <p>{t('territory.kov.unitsCount', { n: fmtNumber(props.total) })}</p>
          <Table
            t={t}
            caption={t('territory.kov.unitsCaption', { name: kov.name })}
            captionHidden
            rows={props.units}
            columns={[
              { label: t('territory.col.name'), cell: (u) => u.name },
              { label: t('territory.col.type'), cell: (u) => typeLabel(t, u.type, u.selfUnit) },
              { label: t('territory.col.code'), cell: (u) => <span class="mono">{u.code}</span> },
            ]}
          />
          <Pagination t={t} url={ctx.url} page={props.page} pages={props.pages} />
        </>
      )}
    </Layout>
  );
}

export function CountyPage(props: { ctx: PageCtx; county: CountyRow; kovs: KovRow[] }) {
  const { ctx, county } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={county.name} crumbs={[{ href: '/kov', label: t('territory.kovs.title') }, { label: county.name }]}>
      <h1>{county.name}</h1>
      <p>
        {t('territory.kov.code')}: <span class="mono">{county.code}</span>
      </p>
      <h2>{t('territory.county.kovs')}</h2>
      <p>{t('territory.home.countKovs', { n: fmtNumber(props.kovs.length) })}</p>
      <Table t={t} caption={t('territory.county.kovs')} captionHidden columns={kovColumns(t, false)} rows={props.kovs} />
    </Layout>
  );
}
