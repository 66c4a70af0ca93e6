// The public budgets pages: every KOV's processes, a KOV's processes, a process (phases, rules in
// words, ideas with filters and a map), an idea (map, costs, review outcome, authors' first names),
// and a resident's own ideas.
import type { T } from '../../../kernel/i18n.js';
import { fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { Layout, SelectField, Table } from '../../../kernel/web/components.js';
import { MapAssets, ReportsStyles, type MapConfig } from '../../reports/index.js';
import type { IdeaView, PhaseNow, Process, ProcessRow } from '../service.js';
import { CATEGORIES, voteCost } from '../service.js';
import { IdeaTags, PhaseTag, Phases, Rules, crumbs, euros, titleOf } from './parts.js';
import type { ImplUpdateView, ImplementationRow } from '../implementation.js';
import { ImplementationSection } from './implementation.js';

export type { MapConfig };

export function AllProcessesPage(props: { ctx: PageCtx; processes: (ProcessRow & { phase: PhaseNow; kovName: string })[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('budgets.all.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: t('budgets.title') }]}>
      <h1>{title}</h1>
      <p class="lead">{t('budgets.all.intro')}</p>
      {props.processes.length ? (
        <Table<ProcessRow & { phase: PhaseNow; kovName: string }>
          t={t}
          caption={title}
          captionHidden
          rows={props.processes}
          columns={[
            { label: t('budgets.col.kov'), cell: (p) => <a href={`/kov/${p.kov_code}/budgets`}>{p.kovName}</a> },
            { label: t('budgets.col.process'), cell: (p) => <a href={`/kov/${p.kov_code}/budgets/${p.id}`}>{titleOf(ctx, p)}</a> },
            { label: t('budgets.col.phase'), cell: (p) => <PhaseTag t={t} phase={p.phase} /> },
            { label: t('budgets.col.budget'), numeric: true, cell: (p) => euros(t, p.total_budget) },
          ]}
        />
      ) : (
        <p>{t('budgets.none')}</p>
      )}
    </Layout>
  );
}

export function KovProcessesPage(props: { ctx: PageCtx; kov: string; processes: Process[]; official: boolean }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const title = t('budgets.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, null).slice(0, -1).concat({ label: title })}>
      <h1>{title}</h1>
      {props.official && (
        <p>
          <a href={`/kov/${kov}/budgets/admin`}>{t('budgets.admin.title')}</a>
        </p>
      )}
      {props.processes.length ? (
        <Table<Process>
          t={t}
          caption={title}
          captionHidden
          rows={props.processes}
          columns={[
            { label: t('budgets.col.process'), cell: (p) => <a href={`/kov/${kov}/budgets/${p.id}`}>{titleOf(ctx, p)}</a> },
            { label: t('budgets.col.phase'), cell: (p) => <PhaseTag t={t} phase={p.phase} /> },
            { label: t('budgets.col.budget'), numeric: true, cell: (p) => euros(t, p.total_budget) },
          ]}
        />
      ) : (
        <p>{t('budgets.none')}</p>
      )}
    </Layout>
  );
}

export interface IdeaFilterValues {
  area: string;
  category: string;
  ballot: string;
}

const categoryOptions = (t: T) => CATEGORIES.map((c) => ({ value: c, label: t(`budgets.category.${c}`) }));

/** The ideas as map points for the reports map island (list mode): n name, s status, c category, o red marker, h link. */
export function ideaPoints(t: T, kov: string, processId: string, ideas: IdeaView[]): string {
  return JSON.stringify(
    ideas.filter((i) => i.lat !== null && i.lon !== null).map((i) => ({ n: `${i.number}. ${i.title}`, lat: i.lat, lon: i.lon, s: t(`budgets.feasibility.${i.feasibility}`), c: t(`budgets.category.${i.category}`), o: !i.onBallot, h: `/kov/${kov}/budgets/${processId}/ideas/${i.number}` })),
  );
}

export function ProcessPage(props: { ctx: PageCtx; kov: string; process: Process; ideas: IdeaView[]; filter: IdeaFilterValues; map: MapConfig; signedIn: boolean; official: boolean; vote?: { member: boolean; configure: boolean } }) {
  const { ctx, kov, process: p, ideas, filter } = props;
  const t = ctx.t;
  const title = titleOf(ctx, p);
  const areaName = (id: string | null) => p.areas.find((a) => a.id === id)?.name ?? '';
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, null, { label: title })} wide>
      <MapAssets />
      <ReportsStyles />
      <h1>{title}</h1>
      <p>
        {t('budgets.col.phase')}: <PhaseTag t={t} phase={p.phase} />
      </p>
      {p.description && <p class="lead">{p.description}</p>}
      {p.phase === 'ideas' && (
        <p>
          {props.signedIn ? (
            <a class="button" href={`/kov/${kov}/budgets/${p.id}/ideas/new`}>
              {t('budgets.ideas.submit')}
            </a>
          ) : (
            <a href={`/auth/login?return=${encodeURIComponent(`/kov/${kov}/budgets/${p.id}/ideas/new`)}`}>{t('budgets.ideas.signIn')}</a>
          )}
        </p>
      )}
      {p.vote_id && p.phase === 'voting' && (
        <p>
          <a class="button" href={`/kov/${kov}/budgets/${p.id}/ballot`}>
            {t('budgets.ballot.crumb')}
          </a>
        </p>
      )}
      {p.vote_id && (p.phase === 'results' || p.phase === 'implementation') && (
        <p>
          <a class="button" href={`/kov/${kov}/budgets/${p.id}/results`}>
            {t('budgets.results.crumb')}
          </a>
        </p>
      )}
      {props.signedIn && (
        <p>
          <a href={`/kov/${kov}/budgets/${p.id}/mine`}>{t('budgets.ideas.mine')}</a>
          {props.vote?.member && (
            <>
              {' · '}
              <a href={`/kov/${kov}/budgets/${p.id}/committee`}>{t('budgets.committee.crumb')}</a>
            </>
          )}
        </p>
      )}
      {(p.phase === 'results' || p.phase === 'implementation') && (
        <p>
          <a href={`/kov/${kov}/budgets/${p.id}/funded`}>{t('budgets.impl.link')}</a>
        </p>
      )}
      {props.official && (
        <p>
          <a href={`/kov/${kov}/budgets/${p.id}/review`}>{t('budgets.admin.review')}</a> · <a href={`/kov/${kov}/budgets/${p.id}/edit`}>{t('budgets.admin.edit')}</a>
          {props.vote?.configure && (
            <>
              {' · '}
              <a href={`/kov/${kov}/budgets/${p.id}/vote`}>{t('budgets.manage.crumb')}</a>
            </>
          )}
        </p>
      )}
      <Phases t={t} process={p} />
      <Rules t={t} process={p} />
      <section>
        <h2>{t('budgets.ideas.title')}</h2>
        <form method="get" action={`/kov/${kov}/budgets/${p.id}`} class="filters">
          {p.areas.length > 0 && <SelectField t={t} name="area" label={t('budgets.col.area')} value={filter.area} options={[{ value: '', label: t('budgets.filter.all') }, ...p.areas.map((a) => ({ value: a.id, label: a.name }))]} />}
          <SelectField t={t} name="category" label={t('budgets.col.category')} value={filter.category} options={[{ value: '', label: t('budgets.filter.all') }, ...categoryOptions(t)]} />
          <div class="field checkbox">
            <input type="checkbox" id="f-ballot" name="ballot" value="1" checked={filter.ballot === '1'} /> <label for="f-ballot">{t('budgets.filter.onBallot')}</label>
          </div>
          <div class="field">
            <button type="submit">{t('budgets.filter.apply')}</button>
          </div>
        </form>
        <p>{t('budgets.ideas.count', { count: fmtNumber(ideas.length) })}</p>
        {ideas.length > 0 && <div class="report-map" hidden data-mode="list" data-tiles={props.map.tileUrl} data-attribution={props.map.attribution} data-label={t('budgets.map.label')} data-points={ideaPoints(t, kov, p.id, ideas)} />}
        {ideas.length ? (
          <Table<IdeaView>
            t={t}
            caption={t('budgets.ideas.title')}
            captionHidden
            rows={ideas}
            columns={[
              { label: t('budgets.col.number'), numeric: true, cell: (i) => i.number },
              { label: t('budgets.col.idea'), cell: (i) => <a href={`/kov/${kov}/budgets/${p.id}/ideas/${i.number}`}>{i.title}</a> },
              ...(p.areas.length ? [{ label: t('budgets.col.area'), cell: (i: IdeaView) => areaName(i.area_id) }] : []),
              { label: t('budgets.col.category'), cell: (i) => t(`budgets.category.${i.category}`) },
              { label: t('budgets.col.cost'), numeric: true, cell: (i) => euros(t, voteCost(i)) },
              { label: t('budgets.col.feasibility'), cell: (i) => t(`budgets.feasibility.${i.feasibility}`) },
            ]}
          />
        ) : (
          <p>{t('budgets.ideas.none')}</p>
        )}
      </section>
    </Layout>
  );
}

export function IdeaPage(props: { ctx: PageCtx; kov: string; process: Process; idea: IdeaView; mine: boolean; map: MapConfig; implementation?: { impl: ImplementationRow; updates: ImplUpdateView[] } | null; canUpdate?: boolean }) {
  const { ctx, kov, process: p, idea } = props;
  const t = ctx.t;
  const title = t('budgets.idea.title', { number: idea.number, title: idea.title });
  const area = p.areas.find((a) => a.id === idea.area_id);
  const canEdit = props.mine && p.phase === 'ideas' && (idea.status === 'submitted' || idea.status === 'published');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, p, { label: String(idea.number) })}>
      <MapAssets />
      <ReportsStyles />
      <h1>{title}</h1>
      <p>
        <IdeaTags t={t} idea={idea} />
      </p>
      {idea.status === 'submitted' && <p class="inset">{t('budgets.idea.submittedNote')}</p>}
      {canEdit && (
        <p>
          <a class="button" href={`/kov/${kov}/budgets/${p.id}/ideas/${idea.number}/edit`}>
            {t('budgets.idea.edit')}
          </a>
        </p>
      )}
      <p style="white-space: pre-line">{idea.description}</p>
      <dl class="summary-list">
        {area && (
          <div>
            <dt>{t('budgets.col.area')}</dt>
            <dd>{area.name}</dd>
          </div>
        )}
        <div>
          <dt>{t('budgets.col.category')}</dt>
          <dd>{t(`budgets.category.${idea.category}`)}</dd>
        </div>
        <div>
          <dt>{t('budgets.idea.estimatedCost')}</dt>
          <dd>{euros(t, idea.estimated_cost)}</dd>
        </div>
        {idea.official_cost !== null && (
          <div>
            <dt>{t('budgets.idea.officialCost')}</dt>
            <dd>{euros(t, idea.official_cost)}</dd>
          </div>
        )}
        <div>
          <dt>{t('budgets.idea.authors')}</dt>
          <dd>{idea.authors.join(', ')}</dd>
        </div>
      </dl>
      {props.implementation && <ImplementationSection t={t} kov={kov} processId={p.id} ideaNumber={idea.number} impl={props.implementation.impl} updates={props.implementation.updates} canUpdate={!!props.canUpdate} />}
      <h2>{t('budgets.idea.review')}</h2>
      {idea.status === 'rejected' && idea.reject_reason && <p>{t('budgets.idea.rejectReason', { reason: idea.reject_reason })}</p>}
      {idea.status === 'merged' && idea.mergedIntoNumber !== null && (
        <p>
          <a href={`/kov/${kov}/budgets/${p.id}/ideas/${idea.mergedIntoNumber}`}>{t('budgets.idea.mergedInto', { number: idea.mergedIntoNumber })}</a>
        </p>
      )}
      {idea.status !== 'merged' && idea.status !== 'rejected' && <p>{idea.onBallot ? t('budgets.idea.onBallot') : t('budgets.idea.notOnBallot')}</p>}
      {idea.feasibility_note && <p>{t('budgets.idea.note', { note: idea.feasibility_note })}</p>}
      <h2>{t('budgets.idea.place')}</h2>
      {idea.lat !== null && idea.lon !== null ? (
        <div class="report-map report-map-one" hidden data-mode="list" data-tiles={props.map.tileUrl} data-attribution={props.map.attribution} data-label={t('budgets.map.label')} data-points={ideaPoints(t, kov, p.id, [idea])} />
      ) : (
        <p>{t('budgets.idea.noPlace')}</p>
      )}
      {idea.photos.length > 0 && (
        <>
          <h2>{t('budgets.idea.photos')}</h2>
          {idea.photos.map((id, i) => (
            <p>
              <img src={`/kov/${kov}/budgets/${p.id}/photos/${id}`} alt={t('budgets.idea.photoAlt', { n: i + 1 })} style="max-width: 100%; height: auto" loading="lazy" />
            </p>
          ))}
        </>
      )}
    </Layout>
  );
}

export function MyIdeasPage(props: { ctx: PageCtx; kov: string; process: Process; ideas: IdeaView[] }) {
  const { ctx, kov, process: p } = props;
  const t = ctx.t;
  const title = t('budgets.mine.title', { process: titleOf(ctx, p) });
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, p, { label: t('budgets.ideas.mine') })}>
      <h1>{title}</h1>
      {props.ideas.length ? (
        <Table<IdeaView>
          t={t}
          caption={t('budgets.ideas.mine')}
          captionHidden
          rows={props.ideas}
          columns={[
            { label: t('budgets.col.number'), numeric: true, cell: (i) => i.number },
            { label: t('budgets.col.idea'), cell: (i) => <a href={`/kov/${kov}/budgets/${p.id}/ideas/${i.number}`}>{i.title}</a> },
            { label: t('budgets.col.status'), cell: (i) => <IdeaTags t={t} idea={i} /> },
          ]}
        />
      ) : (
        <p>{t('budgets.mine.none')}</p>
      )}
    </Layout>
  );
}
