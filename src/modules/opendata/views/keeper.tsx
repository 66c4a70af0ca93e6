// ELVL's open-data keeper's page (/opendata/keeper; platform role opendata-elvl, platform admins):
// the last refresh run, each automatic dataset's all-KOV files with how many KOVs have files, one
// KOV's files (chosen with ?kov=, so 78 KOVs × 5 datasets stay a short page), and "refresh now".
import { fmtDateTime, fmtNumber, pick } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, Layout, SelectField, Table } from '../../../kernel/web/components.js';
import type { KeeperEntry, KeeperOverview } from '../auto/index.js';

type T = PageCtx['t'];

function bytes(n: number): string {
  if (n < 1024) return `${fmtNumber(n)} B`;
  if (n < 1024 * 1024) return `${fmtNumber(Math.round(n / 102.4) / 10)} KB`;
  return `${fmtNumber(Math.round(n / 104857.6) / 10)} MB`;
}

const size = (e: KeeperEntry) => e.files.map((f) => bytes(f.bytes)).join(' / ');

function FileLinks(props: { t: T; e: KeeperEntry; name: string }) {
  return (
    <>
      {props.e.files.map((f, i) => (
        <>
          {i > 0 && ' · '}
          <a href={f.url} aria-label={props.t('opendata.keeper.file', { format: f.format.toUpperCase(), name: props.name })}>
            {f.format.toUpperCase()}
          </a>
        </>
      ))}
    </>
  );
}

function Run(props: { t: T; run: KeeperOverview['run'] }) {
  const { t, run } = props;
  if (!run) return <p>{t('opendata.keeper.never')}</p>;
  const n = (x: number | null) => (x === null ? '–' : fmtNumber(x));
  return (
    <dl class="summary">
      <dt>{t('opendata.keeper.run.started')}</dt>
      <dd>{fmtDateTime(run.startedAt)}</dd>
      <dt>{t('opendata.keeper.run.finished')}</dt>
      <dd>{run.finishedAt ? fmtDateTime(run.finishedAt) : t('opendata.keeper.run.running')}</dd>
      <dt>{t('opendata.keeper.run.files')}</dt>
      <dd>{n(run.files)}</dd>
      <dt>{t('opendata.keeper.run.changed')}</dt>
      <dd>{n(run.changed)}</dd>
      <dt>{t('opendata.keeper.run.errors')}</dt>
      <dd>{n(run.errors)}</dd>
    </dl>
  );
}

export function KeeperPage(props: { ctx: PageCtx; o: KeeperOverview }) {
  const { ctx, o } = props;
  const t = ctx.t;
  const title = t('opendata.keeper.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: t('opendata.pub.title'), href: '/opendata' }, { label: title }]} wide>
      <h1>{title}</h1>
      <p>{t('opendata.keeper.intro')}</p>

      <h2 id="run">{t('opendata.keeper.run')}</h2>
      <Run t={t} run={o.run} />

      <section aria-labelledby="refresh">
        <h2 id="refresh">{t('opendata.keeper.refresh')}</h2>
        <p id="refresh-text">{t('opendata.keeper.refresh.text')}</p>
        <form method="post" action="/opendata/keeper/refresh" aria-labelledby="refresh" aria-describedby="refresh-text">
          <CsrfField ctx={ctx} />
          {o.kov && <input type="hidden" name="kov" value={o.kov.code} />}
          <button type="submit" class="button" name="scope" value="all">
            {t('opendata.keeper.refresh.button')}
          </button>
          {o.kov && (
            <>
              {' '}
              <button type="submit" class="button button-secondary" name="scope" value="kov">
                {t('opendata.keeper.refresh.kovButton', { kov: o.kov.name })}
              </button>
            </>
          )}
        </form>
      </section>

      <h2 id="datasets">{t('opendata.keeper.datasets')}</h2>
      <Table
        t={t}
        caption={t('opendata.keeper.datasets.caption')}
        rows={o.datasets}
        columns={[
          {
            label: t('opendata.keeper.col.dataset'),
            cell: (d) => (
              <>
                {pick(d.title, ctx.locale)} (<code>{d.key}</code>)
              </>
            ),
          },
          { label: t('opendata.keeper.col.rows'), numeric: true, cell: (d) => (d.all ? fmtNumber(d.all.rows) : '–') },
          { label: t('opendata.keeper.col.size'), cell: (d) => (d.all ? size(d.all) : '–') },
          { label: t('opendata.keeper.col.modified'), cell: (d) => (d.all ? fmtDateTime(d.all.modifiedAt) : '–') },
          { label: t('opendata.keeper.col.files'), cell: (d) => (d.all ? <FileLinks t={t} e={d.all} name={pick(d.title, ctx.locale)} /> : t('opendata.keeper.noAll')) },
          { label: t('opendata.keeper.col.kovs'), numeric: true, cell: (d) => fmtNumber(d.kovs) },
          { label: t('opendata.keeper.col.kovRows'), numeric: true, cell: (d) => fmtNumber(d.kovRows) },
        ]}
      />

      <h2 id="kov">{t('opendata.keeper.kovs')}</h2>
      {o.kovs.length === 0 ? (
        <p>{t('opendata.keeper.noKovs')}</p>
      ) : (
        <form method="get" action="/opendata/keeper#kov" class="filters">
          <SelectField
            t={t}
            name="kov"
            label={t('opendata.keeper.kov')}
            value={o.kov?.code ?? ''}
            options={[{ value: '', label: t('opendata.keeper.choose') }, ...o.kovs.map((k) => ({ value: k.code, label: `${k.name} (${k.code})` }))]}
          />
          <button type="submit" class="button button-secondary">
            {t('opendata.keeper.show')}
          </button>
        </form>
      )}
      {o.kov && (
        <Table
          t={t}
          caption={t('opendata.keeper.kovCaption', { kov: o.kov.name })}
          rows={o.entries}
          columns={[
            {
              label: t('opendata.keeper.col.dataset'),
              cell: (e) => (
                <>
                  {pick(e.title, ctx.locale)} (<code>{e.key}</code>)
                </>
              ),
            },
            { label: t('opendata.keeper.col.rows'), numeric: true, cell: (e) => fmtNumber(e.rows) },
            { label: t('opendata.keeper.col.size'), cell: (e) => size(e) },
            { label: t('opendata.keeper.col.modified'), cell: (e) => fmtDateTime(e.modifiedAt) },
            { label: t('opendata.keeper.col.files'), cell: (e) => <FileLinks t={t} e={e} name={pick(e.title, ctx.locale)} /> },
          ]}
        />
      )}
    </Layout>
  );
}
