// The elders pages: the list across Estonia, a KOV's elders and elections, an election's page
// (facts, candidates, nomination and consent, the ballot, the result with any draw) and the admin list.
import type { VNode } from 'preact';
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDate, fmtDateTime, fmtNumber, pick } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Table, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { Candidate, Election, Elder } from '../service.js';

type Names = Map<string, string>;
const unitsText = (units: string[], names: Names) => units.map((u) => names.get(u) ?? u).join(', ');

function Term(props: { ctx: PageCtx; e: Elder }) {
  return <>{props.ctx.t('elders.term', { start: fmtDate(props.e.termStart), end: fmtDate(props.e.termEnd) })}</>;
}

function EldersTable(props: { ctx: PageCtx; elders: (Elder & { kovName?: string })[]; names: (kov: string) => Names; showKov?: boolean }) {
  const t = props.ctx.t;
  if (props.elders.length === 0) return <p>{t('elders.current.none')}</p>;
  return (
    <Table
      t={t}
      caption={t('elders.current.title')}
      captionHidden
      rows={props.elders}
      columns={[
        ...(props.showKov ? [{ label: t('elders.col.kov'), cell: (e: Elder & { kovName?: string }) => <a href={`/kov/${e.kov}/elders`}>{e.kovName ?? e.kov}</a> }] : []),
        { label: t('elders.col.units'), cell: (e) => unitsText(e.units, props.names(e.kov)) },
        { label: t('elders.col.elder'), cell: (e) => e.name },
        { label: t('elders.col.term'), cell: (e) => <Term ctx={props.ctx} e={e} /> },
      ]}
    />
  );
}

function ElectionsTable(props: { ctx: PageCtx; elections: (Election & { kovName?: string })[]; showKov?: boolean; admin?: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  if (props.elections.length === 0) return <p>{t('elders.elections.none')}</p>;
  return (
    <Table
      t={t}
      caption={t('elders.elections.title')}
      captionHidden
      rows={props.elections}
      columns={[
        ...(props.showKov ? [{ label: t('elders.col.kov'), cell: (e: Election & { kovName?: string }) => e.kovName ?? e.kov }] : []),
        { label: t('elders.col.election'), cell: (e) => <a href={`/kov/${e.kov}/elders/${e.id}`}>{pick(e.title, ctx.locale)}</a> },
        { label: t('elders.facts.voting'), cell: (e) => `${fmtDateTime(e.votingOpens)} – ${fmtDateTime(e.votingCloses)}` },
        { label: t('elders.col.status'), cell: (e) => t(`elders.status.${e.status}`) },
      ]}
    />
  );
}

/** Every KOV's elders in office and the elections under way. */
export function AllEldersPage(props: { ctx: PageCtx; elders: (Elder & { kovName?: string })[]; elections: (Election & { kovName?: string })[]; names: (kov: string) => Names; mine?: VNode | null }) {
  const t = props.ctx.t;
  const title = t('elders.title');
  return (
    <Layout ctx={props.ctx} title={title} crumbs={[{ label: title }]} wide>
      <h1>{title}</h1>
      {props.mine}
      <h2>{t('elders.elections.title')}</h2>
      <ElectionsTable ctx={props.ctx} elections={props.elections} showKov />
      <h2>{t('elders.current.title')}</h2>
      <EldersTable ctx={props.ctx} elders={props.elders} names={props.names} showKov />
    </Layout>
  );
}

export function KovEldersPage(props: { ctx: PageCtx; kov: { code: string; name: string }; elders: Elder[]; elections: Election[]; names: Names; canManage: boolean }) {
  const t = props.ctx.t;
  const title = t('elders.kovTitle', { kov: props.kov.name });
  return (
    <Layout ctx={props.ctx} title={title} crumbs={[{ label: props.kov.name, href: `/kov/${props.kov.code}` }, { label: t('elders.title') }]} wide>
      <h1>{title}</h1>
      {props.canManage && (
        <p>
          <a href={`/kov/${props.kov.code}/elders/admin`}>{t('elders.admin.title')}</a>
        </p>
      )}
      <h2>{t('elders.current.title')}</h2>
      <EldersTable ctx={props.ctx} elders={props.elders} names={() => props.names} />
      <h2>{t('elders.elections.title')}</h2>
      <ElectionsTable ctx={props.ctx} elections={props.elections} />
    </Layout>
  );
}

export interface ElectionPageState {
  signedIn: boolean;
  /** Nominations of the signed-in person waiting for her consent. */
  pending: Candidate[];
  /** Whether the signed-in person is on the roll (during voting). */
  onRoll: boolean;
  /** The viewer is on the committee or an official of the KOV: a link to the manage page. */
  canManage?: boolean;
  tracker?: string;
  counts: { id: string; name: string; votes: number | null }[] | null;
  errors?: FieldError[];
  values?: Record<string, string>;
}

function CandidateList(props: { ctx: PageCtx; candidates: Candidate[]; names: Names }) {
  const t = props.ctx.t;
  if (props.candidates.length === 0) return <p>{t('elders.candidates.none')}</p>;
  return (
    <ul>
      {props.candidates.map((c) => (
        <li>
          <strong>{c.name}</strong>
          {c.unit ? ` (${props.names.get(c.unit) ?? c.unit})` : ''}
          {!c.consented && <> — {t('elders.candidates.awaiting')}</>}
          {c.statement && <p>{c.statement}</p>}
        </li>
      ))}
    </ul>
  );
}

function Outcome(props: { ctx: PageCtx; e: Election; s: ElectionPageState }) {
  const { ctx, e } = props;
  const t = ctx.t;
  const o = e.outcome;
  const nameOf = (id: string) => e.candidates.find((c) => c.id === id)?.name ?? id;
  const base = `/api/v1/kov/${e.kov}/elders/elections/${e.id}`;
  return (
    <section aria-labelledby="result">
      <h2 id="result">{t('elders.result.title')}</h2>
      {props.s.counts && (
        <Table
          t={t}
          caption={t('elders.result.title')}
          captionHidden
          rows={props.s.counts}
          columns={[
            { label: t('elders.col.candidate'), cell: (c) => c.name },
            { label: t('elders.col.votes'), cell: (c) => (c.votes === null ? '–' : fmtNumber(c.votes)), numeric: true },
          ]}
        />
      )}
      {o?.kind === 'elected' && <p class="result-winner">{t('elders.result.elected', { name: nameOf(o.candidateId), votes: fmtNumber(o.votes) })}</p>}
      {o?.kind === 'elected' && o.draw && (
        <>
          <p>{t('elders.result.draw', { seed: o.draw.seed, label: o.draw.label })}</p>
          <ol>
            {o.draw.order.map((id) => (
              <li>
                {nameOf(id)} <code>{o.draw!.keys[id]}</code>
              </li>
            ))}
          </ol>
        </>
      )}
      {o?.kind === 'runoff' && (
        <p>
          {t('elders.result.runoff')} {o.runoffId && <a href={`/kov/${e.kov}/elders/${o.runoffId}`}>{t('elders.result.runoffLink')}</a>}
        </p>
      )}
      {o?.kind === 'none' && <p>{t('elders.result.none')}</p>}
      {o && (
        <ul>
          <li>
            <a href={`${base}/protocol.pdf?lang=${ctx.locale}`}>{t('elders.result.protocol')}</a>
          </li>
          <li>
            <a href={`${base}/results.csv`}>{t('elders.result.csv')}</a>
          </li>
          <li>
            <a href={`${base}/results`}>{t('elders.result.json')}</a>
          </li>
          {e.voteId && (
            <li>
              <a href={`/api/v1/boards/${e.voteId}`}>{t('elders.result.board')}</a>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

export function ElectionPage(props: { ctx: PageCtx; kovName: string; e: Election; names: Names; s: ElectionPageState }) {
  const { ctx, e, s } = props;
  const t = ctx.t;
  const title = pick(e.title, ctx.locale);
  const here = `/kov/${e.kov}/elders/${e.id}`;
  const ballot = e.vote?.questions[0]?.options ?? [];
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: props.kovName, href: `/kov/${e.kov}` }, { label: t('elders.title'), href: `/kov/${e.kov}/elders` }, { label: title }]}>
      <h1>{title}</h1>
      {s.errors && s.errors.length > 0 && <ErrorSummary t={t} errors={s.errors} />}
      <p>
        <strong>{t('elders.col.status')}:</strong> {t(`elders.status.${e.status}`)}
      </p>
      {s.canManage && (
        <p>
          <a href={`${here}/manage`}>{t('elders.manage.link')}</a>
        </p>
      )}
      <dl>
        <dt>{t('elders.col.units')}</dt>
        <dd>{unitsText(e.units, props.names)}</dd>
        <dt>{t('elders.facts.nomination')}</dt>
        <dd>
          {fmtDateTime(e.nominationOpens)} – {fmtDateTime(e.nominationCloses)}
        </dd>
        <dt>{t('elders.facts.voting')}</dt>
        <dd>
          {fmtDateTime(e.votingOpens)} – {fmtDateTime(e.votingCloses)}
        </dd>
        <dt>{t('elders.facts.candidates')}</dt>
        <dd>{t('elders.facts.candidateRules', { age: e.candidateMinAge, residence: t(e.candidateResident ? 'elders.facts.residentYes' : 'elders.facts.residentNo') })}</dd>
        <dt>{t('elders.facts.voters')}</dt>
        <dd>{t('elders.facts.voterRules', { age: e.voterMinAge, extra: e.extraList ? t('elders.facts.extra') : '' })}</dd>
        <dt>{t('elders.facts.tie')}</dt>
        <dd>{t(e.tieRule === 'lot' ? 'elders.tie.lot' : 'elders.tie.runoff')}</dd>
        <dt>{t('elders.facts.term')}</dt>
        <dd>{t('elders.facts.years', { n: e.termYears })}</dd>
      </dl>
      <h2>{t('elders.facts.candidates')}</h2>
      <CandidateList ctx={ctx} candidates={e.candidates} names={props.names} />
      {s.pending.map((c) => (
        <form method="post" action={`${here}/consent/${c.id}`}>
          <h2>{t('elders.consent.title')}</h2>
          <CsrfField ctx={ctx} />
          <button type="submit">{t('elders.consent.submit')}</button>
        </form>
      ))}
      {e.status === 'nomination' && (
        <section aria-labelledby="nominate">
          <h2 id="nominate">{t('elders.nominate.title')}</h2>
          {s.signedIn ? (
            <form method="post" action={`${here}/nominate`} novalidate>
              <p>{t('elders.nominate.intro')}</p>
              <CsrfField ctx={ctx} />
              <TextField t={t} name="candidate" label={t('elders.nominate.idcode')} value={s.values?.candidate ?? ''} errors={s.errors} inputmode="numeric" maxLength={11} autocomplete="off" />
              <TextAreaField t={t} name="statement" label={t('elders.nominate.statement')} value={s.values?.statement ?? ''} errors={s.errors} maxLength={2000} />
              <button type="submit">{t('elders.nominate.submit')}</button>
            </form>
          ) : (
            <p>
              {t('elders.nominate.signIn')}{' '}
              <a class="button" href={`/auth/login?return=${encodeURIComponent(here)}`}>
                {t('layout.signIn')}
              </a>
            </p>
          )}
        </section>
      )}
      {e.status === 'voting' && (
        <section aria-labelledby="vote">
          <h2 id="vote">{t('elders.vote.title')}</h2>
          {s.tracker && (
            <p role="status" class="flash flash-success">
              {t('elders.vote.tracker', { tracker: s.tracker })}
            </p>
          )}
          {!s.signedIn ? (
            <p>
              <a class="button" href={`/auth/login?return=${encodeURIComponent(here)}`}>
                {t('layout.signIn')}
              </a>
            </p>
          ) : s.onRoll ? (
            <form method="post" action={`${here}/ballot`}>
              <CsrfField ctx={ctx} />
              <fieldset>
                <legend>{t('elders.vote.intro')}</legend>
                {ballot.map((o, i) => (
                  <div class="radio">
                    <input type="radio" id={i === 0 ? 'f-candidate' : `f-candidate-${o.id}`} name="candidate" value={o.id} />{' '}
                    <label for={i === 0 ? 'f-candidate' : `f-candidate-${o.id}`}>{pick(o.text, ctx.locale)}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit">{t('elders.vote.submit')}</button>
            </form>
          ) : null}
        </section>
      )}
      {(e.outcome || s.counts) && <Outcome ctx={ctx} e={e} s={s} />}
    </Layout>
  );
}

export function AdminEldersPage(props: { ctx: PageCtx; kov: { code: string; name: string }; elections: Election[] }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const title = t('elders.admin.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('admin.title'), href: `/kov/${kov.code}/admin` }, { label: title }]} wide>
      <h1>{title}</h1>
      <p>
        <a class="button" href={`/kov/${kov.code}/elders/new`}>
          {t('elders.new.link')}
        </a>
      </p>
      <p>{t('elders.admin.apiNote', { kov: kov.code })}</p>
      {props.elections.length === 0 ? (
        <p>{t('elders.admin.none')}</p>
      ) : (
        <Table
          t={t}
          caption={title}
          captionHidden
          rows={props.elections}
          columns={[
            { label: t('elders.col.election'), cell: (e) => <a href={`/kov/${e.kov}/elders/${e.id}`}>{pick(e.title, ctx.locale)}</a> },
            { label: t('elders.col.status'), cell: (e) => t(`elders.status.${e.status}`) },
            { label: t('elders.facts.candidates'), cell: (e) => fmtNumber(e.candidates.filter((c) => c.consented).length), numeric: true },
            {
              label: t('elders.manage.crumb'),
              cell: (e) => (
                <a href={`/kov/${e.kov}/elders/${e.id}/manage`} aria-label={`${t('elders.manage.link')}: ${pick(e.title, ctx.locale)}`}>
                  {t('elders.manage.crumb')}
                </a>
              ),
            },
            {
              label: t('elders.col.action'),
              cell: (e) =>
                e.status === 'nominationClosed' ? (
                  <form method="post" action={`/kov/${e.kov}/elders/${e.id}/confirm`}>
                    <CsrfField ctx={ctx} />
                    <button type="submit">{t('elders.admin.confirm')}</button>
                  </form>
                ) : e.status === 'voting' || e.status === 'ended' ? (
                  <form method="post" action={`/kov/${e.kov}/elders/${e.id}/close`}>
                    <CsrfField ctx={ctx} />
                    <button type="submit">{t('elders.admin.close')}</button>
                  </form>
                ) : null,
            },
          ]}
        />
      )}
    </Layout>
  );
}
