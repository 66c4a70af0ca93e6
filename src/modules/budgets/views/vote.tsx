// The budgets vote pages: the ballot (the rules in words first, then each area's ideas with costs),
// the cast's receipt (the tracker), the results (per area: voters, funded ideas, votes; a map of the
// funded ideas; draws, overrides, sign-offs, downloads), the admin's vote page (open with a committee,
// close, overrides) and the committee member's page (pick up the share once, give it for the count,
// sign the results digest off).
import type { FieldError } from '../../../kernel/errors.js';
import type { T } from '../../../kernel/i18n.js';
import { fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, Table, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { CommitteeMember, PickupState, PickupTexts } from '../../voting/index.js';
import { CertifyForm, ShareForm, SharePickupBody, pickupStateOf, shareFileText } from '../../voting/index.js';
import { MapAssets, ReportsStyles, type MapConfig } from '../../reports/index.js';
import type { ResultArea, ResultIdea, ResultView } from '../results.js';
import type { Process } from '../service.js';
import type { BallotArea } from '../vote.js';
import { Rules, crumbs, euros, titleOf, withErrors } from './parts.js';

const areaTitle = (t: T, a: { name: string | null; budget: number }) => (a.name ? t('budgets.area.budget', { area: a.name, sum: fmtNumber(a.budget) }) : t('budgets.vote.wholeKov', { sum: fmtNumber(a.budget) }));

export function BallotPage(props: { ctx: PageCtx; kov: string; process: Process; areas: BallotArea[]; open: boolean; closesAt: Date; chosen: number[]; errors?: FieldError[] }) {
  const { ctx, kov, process: p, areas } = props;
  const t = ctx.t;
  const errors = props.errors ?? [];
  const title = t('budgets.ballot.title', { process: titleOf(ctx, p) });
  const err = errors.find((e) => e.field === 'ideas' || e.field.startsWith('ideas.'));
  let first = true;
  return (
    <Layout ctx={ctx} title={withErrors(ctx, title, errors)} crumbs={crumbs(ctx, kov, p, { label: t('budgets.ballot.crumb') })}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors.map((e) => ({ ...e, field: 'ideas' }))} />
      {!props.open ? (
        <p class="inset">{t('budgets.ballot.closed')}</p>
      ) : (
        <>
          <p class="lead">{t('budgets.ballot.lead', { at: fmtDateTime(props.closesAt) })}</p>
          <Rules t={t} process={p} />
          <form method="post" action={`/kov/${kov}/budgets/${p.id}/ballot`}>
            <CsrfField ctx={ctx} />
            <div class={err ? 'field field-error' : 'field'}>
              {err && (
                <p class="error-message" id="f-ideas-error">
                  <span class="visually-hidden">{t('form.errorPrefix')} </span>
                  {t(err.reason, err.vars)}
                </p>
              )}
              {areas.map((a) => (
                <fieldset aria-describedby={err ? 'f-ideas-error' : undefined}>
                  <legend>{areaTitle(t, a)}</legend>
                  {a.ideas.map((i) => {
                    const id = first ? 'f-ideas' : `f-ideas-${i.number}`;
                    first = false;
                    return (
                      <div class="checkbox">
                        <input type="checkbox" id={id} name="ideas" value={String(i.number)} checked={props.chosen.includes(i.number)} />{' '}
                        <label for={id}>
                          <a href={`/kov/${kov}/budgets/${p.id}/ideas/${i.number}`}>
                            {i.number}. {i.title}
                          </a>{' '}
                          — {euros(t, i.cost)}
                        </label>
                      </div>
                    );
                  })}
                </fieldset>
              ))}
            </div>
            <p class="hint">{t('budgets.ballot.secret')}</p>
            <button type="submit">{t('budgets.ballot.submit')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

export function CastDonePage(props: { ctx: PageCtx; kov: string; process: Process; tracker: string; replaced: boolean }) {
  const { ctx, kov, process: p } = props;
  const t = ctx.t;
  const title = t('budgets.cast.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, p, { label: title })}>
      <h1>{title}</h1>
      <p class="lead">{props.replaced ? t('budgets.cast.replaced') : t('budgets.cast.lead')}</p>
      <p>{t('budgets.cast.tracker')}</p>
      <p>
        <code class="tracker">{props.tracker}</code>
      </p>
      <p>
        {t('budgets.cast.check')} <a href="/help/vote-check">{t('budgets.cast.howToCheck')}</a>
      </p>
      <p>
        <a href={`/kov/${kov}/budgets/${p.id}`}>{t('budgets.cast.back')}</a>
      </p>
    </Layout>
  );
}

/** The funded ideas as map points (reports map island, list mode). */
function fundedPoints(t: T, kov: string, processId: string, ideas: ResultIdea[]): string {
  return JSON.stringify(
    ideas
      .filter((i) => i.funded && i.lat !== null && i.lon !== null)
      .map((i) => ({ n: `${i.number}. ${i.title}`, lat: i.lat, lon: i.lon, s: t('budgets.results.funded'), c: euros(t, i.cost), o: false, h: `/kov/${kov}/budgets/${processId}/ideas/${i.number}` })),
  );
}

function howText(t: T, i: ResultIdea): string {
  return i.how ? t(`budgets.how.${i.how}`) : '';
}

function AreaResult(props: { t: T; kov: string; processId: string; area: ResultArea; decided: boolean }) {
  const { t, area: a } = props;
  return (
    <section>
      <h3>{areaTitle(t, a)}</h3>
      <p>
        {t('budgets.results.voters', { n: a.voters === null ? '—' : fmtNumber(a.voters) })}
        {a.minVoters ? ` ${t('budgets.results.minVoters', { n: fmtNumber(a.minVoters) })}` : ''}
        {props.decided && a.valid === false ? ` ${t('budgets.results.invalid')}` : ''}
      </p>
      {props.decided && <p>{t('budgets.results.areaFunded', { sum: fmtNumber(a.funded), budget: fmtNumber(a.budget) })}</p>}
      <Table<ResultIdea>
        t={t}
        caption={areaTitle(t, a)}
        captionHidden
        rows={a.ideas}
        columns={[
          { label: t('budgets.col.idea'), cell: (i) => <a href={`/kov/${props.kov}/budgets/${props.processId}/ideas/${i.number}`}>{`${i.number}. ${i.title}`}</a> },
          { label: t('budgets.col.cost'), numeric: true, cell: (i) => euros(t, i.cost) },
          { label: t('budgets.col.votes'), numeric: true, cell: (i) => (i.votes === null ? '—' : fmtNumber(i.votes)) },
          ...(props.decided ? [{ label: t('budgets.col.outcome'), cell: (i: ResultIdea) => (i.funded ? <strong>{t('budgets.results.funded')}</strong> : t('budgets.results.notFunded')) }] : []),
          ...(props.decided ? [{ label: t('budgets.col.why'), cell: (i: ResultIdea) => howText(t, i) }] : []),
        ]}
      />
      {a.draws.length > 0 && (
        <>
          <h4>{t('budgets.results.draws')}</h4>
          <ul>
            {a.draws.map((d) => (
              <li>
                {t('budgets.results.draw', { label: d.label, order: d.order.map((id) => a.ideas.find((i) => i.id === id)?.number ?? '?').join(', ') })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ResultsPage(props: { ctx: PageCtx; kov: string; process: Process; view: ResultView | null; map: MapConfig; official: boolean }) {
  const { ctx, kov, process: p, view: v } = props;
  const t = ctx.t;
  const title = t('budgets.results.title', { process: titleOf(ctx, p) });
  const showCounts = !!v && (v.certified || (props.official && v.turnout !== null));
  const funded = v ? v.areas.flatMap((a) => a.ideas.filter((i) => i.funded)) : [];
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, kov, p, { label: t('budgets.results.crumb') })} wide>
      <MapAssets />
      <ReportsStyles />
      <h1>{title}</h1>
      {!v ? (
        <>
          <p>{p.phase === 'results' || p.phase === 'implementation' ? t('budgets.results.noVoteHere') : t('budgets.results.noVote')}</p>
          {(p.phase === 'results' || p.phase === 'implementation') && (
            <p>
              <a href={`/kov/${kov}/budgets/${p.id}/funded`}>{t('budgets.results.fundedMap')}</a>
            </p>
          )}
        </>
      ) : (
        <>
          <p class="lead">{v.certified ? t('budgets.results.certified', { funded: fmtNumber(funded.length), sum: fmtNumber(v.fundedTotal) }) : t(`budgets.results.status.${v.status}`)}</p>
          <p>
            {t('budgets.results.turnout', { voted: v.turnout === null ? '—' : fmtNumber(v.turnout), roll: fmtNumber(v.rollSize) })} {t(`budgets.results.rule.${v.rule}`)}
          </p>
          {v.certified && funded.length > 0 && (
            <section>
              <h2>{t('budgets.results.mapTitle')}</h2>
              <div class="report-map" hidden data-mode="list" data-tiles={props.map.tileUrl} data-attribution={props.map.attribution} data-label={t('budgets.results.mapTitle')} data-points={fundedPoints(t, kov, p.id, funded)} />
              <ul>
                {funded.map((i) => (
                  <li>
                    <a href={`/kov/${kov}/budgets/${p.id}/ideas/${i.number}`}>{`${i.number}. ${i.title}`}</a> — {euros(t, i.cost)}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {showCounts && (
            <section>
              <h2>{t('budgets.results.byArea')}</h2>
              {v.areas.map((a) => (
                <AreaResult t={t} kov={kov} processId={p.id} area={a} decided={v.certified} />
              ))}
            </section>
          )}
          {v.overrides.length > 0 && (
            <section>
              <h2>{t('budgets.results.overrides')}</h2>
              <ul>
                {v.overrides.map((o) => (
                  <li>
                    {t(`budgets.override.${o.action}`, { number: o.number, title: o.title })} ({fmtDateTime(o.at)}, {o.by}): {o.reason}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {v.certified && (
            <section>
              <h2>{t('budgets.results.check')}</h2>
              <p>{t('budgets.results.seed')}</p>
              <p>
                <code class="tracker">{v.seed}</code>
              </p>
              <p>{t('budgets.results.signed', { n: v.signatures.length, names: v.signatures.map((s) => s.name).join(', ') })}</p>
              <ul>
                <li>
                  <a href={`/kov/${kov}/budgets/${p.id}/results.csv`} download>
                    {t('budgets.results.csv')}
                  </a>
                </li>
                <li>
                  <a href={`/kov/${kov}/budgets/${p.id}/results.pdf`}>{t('budgets.results.pdf')}</a>
                </li>
                <li>
                  <a href={`/kov/${kov}/budgets/${p.id}/results.json`}>{t('budgets.results.json')}</a>
                </li>
                <li>
                  <a href={`/api/v1/boards/${v.voteId}`}>{t('budgets.results.board')}</a>
                </li>
                <li>
                  <a href={`/api/v1/boards/${v.voteId}/winners`}>{t('budgets.results.winnersDoc')}</a>
                </li>
              </ul>
              <p>{t('budgets.results.verifyHint')}</p>
            </section>
          )}
        </>
      )}
    </Layout>
  );
}

export interface VoteAdminState {
  status: string;
  rollSize: number;
  turnout: number | null;
  closesAt: Date;
  committee: CommitteeMember[];
}

export function ManageVotePage(props: { ctx: PageCtx; kov: string; process: Process; state: VoteAdminState | null; view: ResultView | null; values: Record<string, string>; errors?: FieldError[] }) {
  const { ctx, kov, process: p, state, view: v, values } = props;
  const t = ctx.t;
  const errors = props.errors ?? [];
  const title = t('budgets.manage.title', { process: titleOf(ctx, p) });
  const ballotIdeas = v ? v.areas.flatMap((a) => a.ideas) : [];
  return (
    <Layout ctx={ctx} title={withErrors(ctx, title, errors)} crumbs={crumbs(ctx, kov, p, { label: t('budgets.manage.crumb') })}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      {!state ? (
        <section>
          <h2>{t('budgets.manage.open')}</h2>
          <p>{t('budgets.manage.openLead')}</p>
          <form method="post" action={`/kov/${kov}/budgets/${p.id}/vote`}>
            <CsrfField ctx={ctx} />
            <TextAreaField t={t} name="committee" label={t('budgets.manage.committee')} hint={t('budgets.manage.committeeHint')} errors={errors} value={values.committee ?? ''} rows={4} maxLength={2000} />
            <TextField t={t} name="threshold" label={t('budgets.manage.threshold')} errors={errors} value={values.threshold ?? '2'} inputmode="numeric" maxLength={2} />
            <button type="submit">{t('budgets.manage.openSubmit')}</button>
          </form>
        </section>
      ) : (
        <>
          <section>
            <h2>{t('budgets.manage.state')}</h2>
            <ul>
              <li>{t(`budgets.results.status.${state.status}`)}</li>
              <li>{t('budgets.results.turnout', { voted: state.turnout === null ? '—' : fmtNumber(state.turnout), roll: fmtNumber(state.rollSize) })}</li>
              <li>{t('budgets.manage.closes', { at: fmtDateTime(state.closesAt) })}</li>
            </ul>
            <h3>{t('budgets.manage.committeeTitle')}</h3>
            <ul>
              {state.committee.map((m) => (
                <li>{t('budgets.manage.member', { n: m.member, hint: m.hint, share: t(`budgets.share.${m.share}`) })}</li>
              ))}
            </ul>
            {state.status === 'open' && (
              <form method="post" action={`/kov/${kov}/budgets/${p.id}/vote/close`}>
                <CsrfField ctx={ctx} />
                <button type="submit">{t('budgets.manage.close')}</button>
              </form>
            )}
            <p>
              <a href={`/kov/${kov}/budgets/${p.id}/results`}>{t('budgets.results.crumb')}</a>
            </p>
          </section>
          {v?.certified && (
            <section>
              <h2>{t('budgets.manage.override')}</h2>
              <p>{t('budgets.manage.overrideLead')}</p>
              <form method="post" action={`/kov/${kov}/budgets/${p.id}/overrides`}>
                <CsrfField ctx={ctx} />
                <SelectField t={t} name="idea" label={t('budgets.col.idea')} errors={errors} value={values.idea ?? ''} options={ballotIdeas.map((i) => ({ value: String(i.number), label: `${i.number}. ${i.title} (${i.funded ? t('budgets.results.funded') : t('budgets.results.notFunded')})` }))} />
                <SelectField t={t} name="action" label={t('budgets.manage.action')} errors={errors} value={values.action ?? 'fund'} options={[{ value: 'fund', label: t('budgets.manage.fund') }, { value: 'unfund', label: t('budgets.manage.unfund') }]} />
                <TextAreaField t={t} name="reason" label={t('budgets.manage.reason')} hint={t('budgets.manage.reasonHint')} errors={errors} value={values.reason ?? ''} maxLength={2000} />
                <button type="submit">{t('budgets.manage.overrideSubmit')}</button>
              </form>
            </section>
          )}
        </>
      )}
    </Layout>
  );
}

/** The member's share as a text file: what it is, which process, which member, the share, how it is asked for. */
export function budgetShareFile(ctx: PageCtx, kov: string, p: Process, member: number, share: string, publicUrl: string): string {
  const t = ctx.t;
  const url = `${publicUrl}/kov/${kov}/budgets/${p.id}/committee`;
  return shareFileText([
    t('budgets.share.fileTitle'),
    '',
    `${titleOf(ctx, p)}`,
    url,
    t('budgets.share.fileMember', { member, k: p.vote_threshold ?? 0, n: p.vote_members ?? 0 }),
    '',
    `${t('budgets.share.fileShare')}: ${share}`,
    '',
    t('budgets.committee.shareOnce'),
    '',
    t('budgets.share.howAskedText', { url }),
  ]);
}

export function CommitteePage(props: {
  ctx: PageCtx;
  kov: string;
  process: Process;
  me: CommitteeMember;
  status: string;
  share: string | null;
  publicUrl: string;
  digest: string | null;
  signed: boolean;
  errors?: FieldError[];
}) {
  const { ctx, kov, process: p, me } = props;
  const t = ctx.t;
  const errors = props.errors ?? [];
  const title = t('budgets.committee.title', { process: titleOf(ctx, p) });
  const base = `/kov/${kov}/budgets/${p.id}/committee`;
  const state: PickupState = pickupStateOf(
    me,
    props.share ? { share: props.share, file: budgetShareFile(ctx, kov, p, me.member, props.share, props.publicUrl), fileName: `${t('budgets.share.fileName')}-${me.member}.txt` } : null,
  );
  const texts: PickupTexts = {
    once: t('budgets.committee.pickUpLead'),
    pickUp: t('budgets.committee.pickUp'),
    notDealt: t('voting.committee.notDealt'),
    already: t('voting.committee.pickedUp'),
    alreadyAt: (at) => at,
    yours: t('budgets.committee.shareTitle'),
    download: t('budgets.share.download'),
    print: t('budgets.share.print'),
    howAsked: t('budgets.share.howAsked'),
    howAskedText: t('budgets.share.howAskedText', { url: `${props.publicUrl}${base}` }),
  };
  return (
    <Layout ctx={ctx} title={withErrors(ctx, title, errors)} crumbs={crumbs(ctx, kov, p, { label: t('budgets.committee.crumb') })}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p class="lead">{t('budgets.committee.lead', { n: me.member })}</p>
      <section>
        <h2>{t('budgets.committee.shareTitle')}</h2>
        <SharePickupBody ctx={ctx} action={`${base}/share`} state={state} texts={texts} />
      </section>
      {props.status === 'closed' && (
        <section>
          <h2>{t('budgets.committee.countTitle')}</h2>
          <ShareForm ctx={ctx} action={`${base}/decryption`} member={me.member} heading={t('budgets.committee.countHeading', { n: me.member })} label={t('budgets.committee.shareField')} submit={t('budgets.committee.countSubmit')} errors={errors} />
        </section>
      )}
      {props.status === 'published' && props.digest && (
        <section>
          <h2>{t('budgets.committee.signTitle')}</h2>
          {props.signed ? (
            <p>{t('budgets.committee.signed')}</p>
          ) : (
            <>
              <p>
                <a href={`/kov/${kov}/budgets/${p.id}/results`}>{t('budgets.committee.checkResults')}</a>
              </p>
              <CertifyForm
                ctx={ctx}
                action={`${base}/certify`}
                digest={props.digest}
                intro={t('budgets.committee.signLead')}
                digestHeading={t('budgets.committee.digest')}
                hint={t('budgets.committee.digestHint')}
                confirmLabel={t('budgets.committee.confirm', { digest: props.digest.slice(0, 12) })}
                submit={t('budgets.committee.signSubmit')}
                errors={errors}
              />
            </>
          )}
        </section>
      )}
      {props.status === 'certified' && <p>{t('budgets.results.status.certified')}</p>}
    </Layout>
  );
}
