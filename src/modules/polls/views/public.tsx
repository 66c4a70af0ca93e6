// Residents' and visitors' poll pages: lists, the poll's public page, the ballot, the receipt and
// the board check.
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime, fmtNumber, pick } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Table } from '../../../kernel/web/components.js';
import type { UnitBoundary } from '../../territory/index.js';
import type { Results } from '../../voting/index.js';
import type { Poll, VoterState } from '../service.js';
import { PollFacts } from './admin.js';
import { ResultsTables, Signatures, StatusTag, Window, pageTitle, pollCrumbs, ruleText } from './parts.js';
import type { Receipt } from '../receipt.js';
import { RECEIPT_MINUTES } from '../receipt.js';

type Mine = Poll & { casts: number; lastAt?: Date | null; kovName?: string };

/** Open and coming polls first, then the finished ones. */
const isCurrent = (p: Poll) => p.status === 'open' || p.status === 'scheduled';

/** Polls across Estonia (public) and, for a signed-in person, hers. */
export function MyPollsPage(props: { ctx: PageCtx; polls: Mine[] | null; all: (Poll & { kovName?: string })[]; committees?: ComponentChildren }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('polls.title');
  const current = props.all.filter(isCurrent);
  const finished = props.all.filter((p) => !isCurrent(p));
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: title }]} wide>
      <h1>{title}</h1>
      <h2>{t('polls.mine.title')}</h2>
      {props.polls === null ? (
        <p>
          {t('polls.mine.signIn')}{' '}
          <a class="button" href={`/auth/login?return=${encodeURIComponent('/polls')}`}>
            {t('layout.signIn')}
          </a>
        </p>
      ) : props.polls.length === 0 ? (
        <p>{t('polls.mine.none')}</p>
      ) : (
        <>
          <p>{t('polls.mine.intro')}</p>
          <PollTable ctx={ctx} polls={props.polls} showKov />
        </>
      )}
      {props.committees}
      <h2>{t('polls.all.open')}</h2>
      {current.length === 0 ? <p>{t('polls.all.noneOpen')}</p> : <PollTable ctx={ctx} polls={current} showKov caption={t('polls.all.open')} />}
      <h2>{t('polls.all.finished')}</h2>
      {finished.length === 0 ? <p>{t('polls.all.noneFinished')}</p> : <PollTable ctx={ctx} polls={finished} showKov caption={t('polls.all.finished')} />}
    </Layout>
  );
}

/** Whether (and when) the signed-in person voted. */
function YouVoted(props: { ctx: PageCtx; casts: number; lastAt?: Date | null }) {
  const t = props.ctx.t;
  if (props.casts === 0 || !props.lastAt) return <>{t('polls.you.notVoted')}</>;
  return (
    <>
      {t('polls.you.voted')}{' '}
      <span class="hint">
        (<time dateTime={props.lastAt.toISOString()}>{fmtDateTime(props.lastAt)}</time>)
      </span>
    </>
  );
}

function PollTable(props: { ctx: PageCtx; polls: (Poll & { casts?: number; lastAt?: Date | null; kovName?: string })[]; showKov?: boolean; caption?: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const withYou = props.polls.some((p) => p.casts !== undefined);
  return (
    <Table<Poll & { casts?: number; lastAt?: Date | null; kovName?: string }>
      t={t}
      caption={props.caption ?? t('polls.list.caption')}
      captionHidden
      rows={props.polls}
      columns={[
        { label: t('polls.col.title'), cell: (p) => <a href={`/kov/${p.kov}/polls/${p.id}`}>{pick(p.vote.title, ctx.locale)}</a> },
        ...(props.showKov ? [{ label: t('polls.col.kov'), cell: (p: Poll & { kovName?: string }) => p.kovName ?? p.kov }] : []),
        { label: t('polls.col.window'), cell: (p) => <Window t={t} poll={p} /> },
        { label: t('polls.col.status'), cell: (p) => <StatusTag t={t} poll={p} /> },
        ...(withYou ? [{
          label: t('polls.col.you'),
          cell: (p: Poll & { casts?: number; lastAt?: Date | null }) =>
            p.casts === undefined ? null : (
              <>
                <YouVoted ctx={ctx} casts={p.casts} lastAt={p.lastAt} />
                {p.status === 'open' && (p.casts === 0 || p.vote.revote) && (
                  <>
                    {' '}
                    <a href={`/kov/${p.kov}/polls/${p.id}/ballot`}>
                      {t('polls.vote')}
                      <span class="visually-hidden"> – {pick(p.vote.title, ctx.locale)}</span>
                    </a>
                  </>
                )}
              </>
            ),
        }] : []),
      ]}
    />
  );
}

export function KovPollsPage(props: { ctx: PageCtx; kov: string; polls: (Poll & { casts?: number })[]; canManage: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('polls.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={ctx.tenant ? [{ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name }, { label: title }] : [{ label: title }]} wide>
      <h1>{title}</h1>
      {props.canManage && (
        <p>
          <a href={`/kov/${props.kov}/polls/admin`}>{t('polls.admin.link')}</a>
        </p>
      )}
      {props.polls.length === 0 ? <p>{t('polls.list.none')}</p> : <PollTable ctx={ctx} polls={props.polls} />}
    </Layout>
  );
}

export function PollPage(props: {
  ctx: PageCtx;
  poll: Poll;
  unitNames: Map<string, string>;
  results: Results | null;
  boundaries?: UnitBoundary[];
  canVote: boolean;
  /** The signed-in person's place on this poll (null: not signed in). */
  you?: VoterState | null;
}) {
  const { ctx, poll } = props;
  const t = ctx.t;
  const title = pick(poll.vote.title, ctx.locale);
  const base = `/kov/${poll.kov}/polls/${poll.id}`;
  const desc = pick(poll.description, ctx.locale);
  return (
    <Layout ctx={ctx} title={title} crumbs={pollCrumbs(ctx, poll)}>
      <h1>{title}</h1>
      {desc && <p>{desc}</p>}
      <PollFacts ctx={ctx} poll={poll} unitNames={props.unitNames} />
      {props.you && <YourVote ctx={ctx} poll={poll} you={props.you} />}
      {props.canVote && (
        <p>
          <a class="button" href={`${base}/ballot`}>
            {t('polls.vote')}
          </a>
        </p>
      )}
      <h2>{t('polls.public.questions')}</h2>
      <ol>
        {poll.vote.questions.map((q) => (
          <li>
            <p>
              <strong>{pick(q.text, ctx.locale)}</strong> {ruleText(t, q.rule)}
            </p>
            <ul>
              {q.options.map((o) => (
                <li>
                  {pick(o.text, ctx.locale)}
                  {o.cost !== undefined && <> ({t('polls.public.cost', { cost: fmtNumber(o.cost) })})</>}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <h2>{t('polls.public.results')}</h2>
      {poll.status === 'certified' && props.results ? (
        <>
          <ResultsTables t={t} ctx={ctx} results={props.results} unitNames={props.unitNames} boundaries={props.boundaries} />
          <Signatures t={t} results={props.results} />
          <ul>
            <li>
              <a href={`${base}/board`}>{t('polls.public.board')}</a>
            </li>
            <li>
              <a href={`/api/v1/boards/${poll.voteId}`}>{t('polls.public.boardJson')}</a>
            </li>
            <li>
              <a href={`${base}/results.csv`}>{t('polls.public.csv')}</a>
            </li>
            <li>
              <a href={`${base}/results.json`}>{t('polls.public.json')}</a>
            </li>
            <li>
              <a href={`${base}/results.pdf`} type="application/pdf" download>
                {t('polls.public.pdf')}
              </a>
            </li>
          </ul>
        </>
      ) : (
        <>
          <p>{t('polls.public.resultsPending')}</p>
          {poll.status === 'published' && (
            <p>
              <a href={`${base}/board`}>{t('polls.public.board')}</a>
            </p>
          )}
        </>
      )}
    </Layout>
  );
}

export function BallotPage(props: { ctx: PageCtx; poll: Poll; casts: number; chosen: string[][]; errors?: FieldError[] }) {
  const { ctx, poll, errors } = props;
  const t = ctx.t;
  const title = t('polls.ballot.title', { title: pick(poll.vote.title, ctx.locale) });
  return (
    <Layout ctx={ctx} title={pageTitle(t, title, errors)} crumbs={pollCrumbs(ctx, poll, t('polls.vote'))}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      {props.casts > 0 && (
        <p class="panel" role="note">
          {t('polls.ballot.revoteNote')}
        </p>
      )}
      <p>{t('polls.ballot.secret')}</p>
      <form method="post" action={`/kov/${poll.kov}/polls/${poll.id}/ballot`} novalidate>
        <CsrfField ctx={ctx} />
        {poll.vote.questions.map((q, qi) => {
          const name = `q${qi}`;
          const err = errors?.find((e) => e.field === name);
          const multi = q.rule.kind !== 'one';
          const hintId = `f-${name}-hint`;
          const describedBy = [hintId, err ? `f-${name}-error` : null].filter(Boolean).join(' ');
          return (
            <div class={err ? 'field field-error' : 'field'}>
              <fieldset aria-describedby={describedBy}>
                <legend>{pick(q.text, ctx.locale)}</legend>
                <p class="hint" id={hintId}>
                  {ruleText(t, q.rule)}
                </p>
                {err && (
                  <p class="error-message" id={`f-${name}-error`}>
                    <span class="visually-hidden">{t('form.errorPrefix')} </span>
                    {t(err.reason, err.vars)}
                  </p>
                )}
                {q.options.map((o, oi) => {
                  const id = oi === 0 ? `f-${name}` : `f-${name}-${o.id}`;
                  return (
                    <div class="checkbox">
                      <input type={multi ? 'checkbox' : 'radio'} id={id} name={name} value={o.id} checked={props.chosen[qi]?.includes(o.id) ?? false} />{' '}
                      <label for={id}>
                        {pick(o.text, ctx.locale)}
                        {o.cost !== undefined && <> ({t('polls.public.cost', { cost: fmtNumber(o.cost) })})</>}
                      </label>
                    </div>
                  );
                })}
              </fieldset>
            </div>
          );
        })}
        <button type="submit" class="button">
          {t('polls.ballot.submit')}
        </button>
      </form>
    </Layout>
  );
}

/** The receipt after a cast (GET, Post/Redirect/Get); `receipt` null: it can no longer be shown. */
export function ReceiptPage(props: { ctx: PageCtx; poll: Poll; receipt: Receipt | null }) {
  const { ctx, poll, receipt } = props;
  const t = ctx.t;
  const back = (
    <p>
      <a href={`/kov/${poll.kov}/polls/${poll.id}`}>{t('polls.receipt.back')}</a>
    </p>
  );
  if (!receipt) {
    const title = t('polls.receipt.goneTitle');
    return (
      <Layout ctx={ctx} title={title} crumbs={pollCrumbs(ctx, poll, title)}>
        <h1>{title}</h1>
        <p id="receipt-gone">{t('polls.receipt.gone', { minutes: RECEIPT_MINUTES })}</p>
        {back}
      </Layout>
    );
  }
  const title = t('polls.receipt.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={pollCrumbs(ctx, poll, title)}>
      <h1>{title}</h1>
      {receipt.replaced && (
        <p class="flash flash-info" role="status">
          {t('polls.receipt.replaced')}
        </p>
      )}
      <h2>{t('polls.receipt.tracker')}</h2>
      <p>
        <code class="secret" id="tracker">
          {receipt.tracker}
        </code>
      </p>
      <p>{t('polls.receipt.keep')}</p>
      <p>
        <a href="/help/vote-check" id="help-link">
          {t('polls.help.link')}
        </a>
      </p>
      <p class="hint">{t('polls.receipt.shownFor', { minutes: RECEIPT_MINUTES })}</p>
      {poll.vote.revote && <p>{t('polls.receipt.revoteAllowed')}</p>}
      {back}
    </Layout>
  );
}

export function BoardPage(props: { ctx: PageCtx; poll: Poll; tracker: string; found: boolean | null; entries: number | null }) {
  const { ctx, poll } = props;
  const t = ctx.t;
  const title = t('polls.board.title', { title: pick(poll.vote.title, ctx.locale) });
  const base = `/kov/${poll.kov}/polls/${poll.id}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={pollCrumbs(ctx, poll, t('polls.public.board'))}>
      <h1>{title}</h1>
      <p>
        <a href="/help/vote-check" id="help-link">
          {t('polls.help.link')}
        </a>
      </p>
      {props.entries === null ? (
        <p>{t('polls.board.notYet')}</p>
      ) : (
        <>
          <p>
            {t('polls.board.entries', { n: fmtNumber(props.entries) })} <a href={`/api/v1/boards/${poll.voteId}`}>{t('polls.public.boardJson')}</a>
          </p>
          <form method="get" action={`${base}/board`}>
            <div class="field">
              <label for="f-tracker">{t('polls.board.tracker')}</label>
              <input id="f-tracker" name="tracker" type="text" value={props.tracker} autoComplete="off" maxLength={80} class="mono" />
            </div>
            <button type="submit" class="button">
              {t('polls.board.check')}
            </button>
          </form>
          {props.found === true && (
            <p class="flash flash-success" role="status" id="tracker-result">
              {t('polls.board.found')}
            </p>
          )}
          {props.found === false && (
            <p class="flash flash-error" role="status" id="tracker-result">
              {t('polls.board.notFound')}
            </p>
          )}
        </>
      )}
      <p>
        <a href={base}>{t('polls.receipt.back')}</a>
      </p>
    </Layout>
  );
}

/** Tells a signed-in person whether she is on the roll, whether she has voted, and when. */
function YourVote(props: { ctx: PageCtx; poll: Poll; you: VoterState }) {
  const { ctx, poll, you } = props;
  const t = ctx.t;
  let text: string;
  if (!you.onRoll) text = t('polls.you.notOnRoll');
  else if (you.casts > 0 && you.lastAt) {
    text = t(you.casts > 1 ? 'polls.you.votedAtTimes' : 'polls.you.votedAt', { at: fmtDateTime(you.lastAt), n: fmtNumber(you.casts) });
  } else text = t(poll.status === 'open' || poll.status === 'scheduled' ? 'polls.you.notYet' : 'polls.you.didNot');
  return (
    <p class="panel" id="your-vote">
      <strong>{t('polls.you.heading')}</strong> {text}
      {you.casts > 0 && poll.status === 'open' && poll.vote.revote && <> {t('polls.you.revoteCounts')}</>}
    </p>
  );
}
