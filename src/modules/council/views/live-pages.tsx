// The live sitting's pages: the chair's and secretary's console, the member's own view (phone or
// laptop) and the public watching page. Each shows the sitting as it is when served, so it works
// without JavaScript (the console and the member's view have a refresh link); the live island
// (/static/js/council-live.js) follows the sitting's event stream and re-reads the live region when
// something changes, and counts down the speaker's time.
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../kernel/errors.js';
import { nowMs } from '../../../kernel/clock.js';
import { fmtDateTime } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, Table, TextField } from '../../../kernel/web/components.js';
import type { LiveState, Member, SeatView, SpeakerView, VoteView } from '../live.js';
import { MAJORITIES, SPEAKER_KINDS } from '../live.js';
import type { Choice } from '../repo/live.js';
import { SecretVoteState } from './secret-pages.js';

type Kov = { code: string; name: string };

const sittingTitle = (ctx: PageCtx, s: LiveState) => ctx.t('council.live.sitting', { body: s.sitting.bodyName, number: s.sitting.number });

function Quorum(props: { ctx: PageCtx; s: LiveState }) {
  const q = props.s.quorum;
  return (
    <p class={q.has ? 'notice notice-success' : 'notice'} id="quorum">
      <strong>{props.ctx.t(q.has ? 'council.live.quorum.has' : 'council.live.quorum.missing', { present: q.present, needed: q.needed, seats: q.seats })}</strong>{' '}
      {props.ctx.t(`council.live.state.${props.s.sitting.state}`)}
    </p>
  );
}

/** The live region: the island replaces its content, announcing the change politely. */
function LiveRegion(props: { ctx: PageCtx; s: LiveState; src: string; children: ComponentChildren; refresh?: boolean }) {
  return (
    <>
      <link rel="stylesheet" href="/static/css/council-live.css" />
      <p class="visually-hidden" aria-live="polite" id="live-status" data-text={props.ctx.t('council.live.updated')} />
      {props.refresh && (
        <p>
          <a href={props.ctx.url}>{props.ctx.t('council.live.refresh')}</a>
        </p>
      )}
      <span id="f-live" />
      <div id="live" data-live-src={props.src} data-live-seq={String(props.s.seq)} data-server-now={String(nowMs())}>
        {props.children}
      </div>
      <script src="/static/js/council-live.js" defer />
    </>
  );
}

const presenceText = (ctx: PageCtx, m: SeatView) => (m.present ? ctx.t(m.how === 'room' ? 'council.live.present.room' : 'council.live.present.online') : ctx.t('council.live.absent'));

function Outcome(props: { ctx: PageCtx; v: VoteView }) {
  const { ctx, v } = props;
  if (v.kind === 'secret') return <SecretVoteState ctx={ctx} v={v} />;
  if (v.state === 'void') return <p>{ctx.t('council.live.vote.void')}</p>;
  if (!v.outcome) return <p>{ctx.t('council.live.vote.cast', { cast: v.cast, eligible: v.eligible })}</p>;
  const o = v.outcome;
  return (
    <p>
      <strong>{ctx.t(o.adopted ? 'council.live.result.adopted' : 'council.live.result.rejected')}.</strong>{' '}
      {ctx.t('council.live.outcome.counts', { for: o.for, against: o.against, abstain: o.abstain, notVoting: o.notVoting, needed: o.needed })}
    </p>
  );
}

function Results(props: { ctx: PageCtx; s: LiveState; repeat?: boolean; kov?: Kov }) {
  const { ctx, s } = props;
  const t = ctx.t;
  const done = s.votes.filter((v) => v.state !== 'open').reverse();
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('council.live.votes.title')}</h2>
      {done.length === 0 && <p>{t('council.live.votes.none')}</p>}
      {done.map((v) => {
        const item = s.items.find((i) => i.id === v.itemId);
        return (
          <article class="panel" id={`vote-${v.id}`}>
            <h3>
              {item ? `${item.position}. ${item.title}: ` : ''}
              {v.subject}
            </h3>
            <p>{t(`council.live.majority.${v.majority}`)}</p>
            {v.repeatReason && <p>{t('council.live.vote.repeated', { reason: v.repeatReason })}</p>}
            <Outcome ctx={ctx} v={v} />
            {v.state === 'closed' && (
              <details>
                <summary>{t('council.live.col.choice')}</summary>
                <Table
                  t={t}
                  caption={v.subject}
                  captionHidden
                  rows={v.choices}
                  stack={false}
                  columns={[
                    { label: t('council.live.col.member'), cell: (c) => c.name },
                    { label: t('council.live.col.faction'), cell: (c) => c.faction ?? '' },
                    { label: t('council.live.col.choice'), cell: (c) => t(`council.live.choice.${c.choice}`) },
                  ]}
                />
              </details>
            )}
            {props.repeat && props.kov && v.state === 'closed' && s.currentItemId === v.itemId && !s.openVote && (
              <form method="post" action={`/kov/${props.kov.code}/council/admin/sittings/${s.sitting.id}/console/vote-open`}>
                <CsrfField ctx={ctx} />
                <input type="hidden" name="itemId" value={v.itemId} />
                <input type="hidden" name="repeatOf" value={v.id} />
                <input type="hidden" name="subject" value={v.subject} />
                <input type="hidden" name="majority" value={v.majority} />
                <TextField t={t} name={`reason-${v.id}`} label={t('council.live.vote.reason')} required maxLength={1000} />
                <button type="submit" class="button-secondary">
                  {t('council.live.vote.repeat')}
                </button>
              </form>
            )}
          </article>
        );
      })}
    </section>
  );
}

/** The speaker list of the current item; the speaking one's time counts down with the island. */
function Speakers(props: { ctx: PageCtx; s: LiveState; console?: { kov: Kov } }) {
  const { ctx, s } = props;
  const t = ctx.t;
  const list = s.speakers.filter((x) => x.itemId === s.currentItemId && !x.withdrawnAt && !x.endedAt);
  const action = props.console ? `/kov/${props.console.kov.code}/council/admin/sittings/${s.sitting.id}/console/speaker` : '';
  return (
    <section aria-labelledby="speakers-title">
      <h2 id="speakers-title">{t('council.live.speakers.title')}</h2>
      {list.length === 0 ? (
        <p>{t('council.live.speakers.none')}</p>
      ) : (
        <ol>
          {list.map((sp: SpeakerView) => (
            <li>
              {sp.name} ({t(`council.live.speaker.kind.${sp.kind}`)}) — {sp.startedAt ? <strong>{t('council.live.speaker.speaking')}</strong> : t('council.live.speaker.waiting')}
              {sp.startedAt && sp.limitSeconds && (
                <>
                  {' '}
                  <span>{t('council.live.speaker.limitText', { seconds: sp.limitSeconds, at: fmtDateTime(sp.startedAt) })}</span>{' '}
                  <strong class="countdown" data-ends-at={String(new Date(sp.startedAt).getTime() + sp.limitSeconds * 1000)} />
                </>
              )}
              {props.console && (
                <form method="post" action={action} class="inline">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="speakerId" value={sp.id} />
                  {sp.startedAt ? (
                    <>
                      <input type="hidden" name="what" value="ended" />{' '}
                      <button type="submit" class="button-secondary button-small">
                        {t('council.live.speaker.end', { name: sp.name })}
                      </button>
                    </>
                  ) : (
                    <>
                      <input type="hidden" name="what" value="started" />{' '}
                      <label for={`limit-${sp.id}`}>{t('council.live.speaker.limit')}</label>{' '}
                      <input id={`limit-${sp.id}`} name="limit" type="number" min={10} max={3600} value={sp.kind === 'speech' ? 300 : 120} class="input-short" />{' '}
                      <button type="submit" class="button-small">
                        {t('council.live.speaker.start', { name: sp.name })}
                      </button>
                    </>
                  )}
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function CurrentItem(props: { ctx: PageCtx; s: LiveState }) {
  const { ctx, s } = props;
  const item = s.items.find((i) => i.id === s.currentItemId);
  if (!item) return <p>{ctx.t('council.live.item.none')}</p>;
  const recused = s.seats.filter((m) => item.recused.includes(m.membershipId)).map((m) => m.name);
  return (
    <>
      <p class="lead">
        <strong>{ctx.t('council.live.item.current')}:</strong> {item.position}. {item.title}
      </p>
      {recused.length > 0 && <p>{ctx.t('council.live.recused', { names: recused.join(', ') })}</p>}
    </>
  );
}

function OpenVote(props: { ctx: PageCtx; s: LiveState }) {
  const v = props.s.openVote;
  if (!v) return <p>{props.ctx.t('council.live.vote.none')}</p>;
  return (
    <div class="panel">
      <h3>{v.subject}</h3>
      <p>{props.ctx.t(`council.live.majority.${v.majority}`)}</p>
      {v.kind === 'secret' ? (
        <SecretVoteState ctx={props.ctx} v={v} />
      ) : (
        <p>
          <strong>{props.ctx.t('council.live.vote.cast', { cast: v.cast, eligible: v.eligible })}</strong>
        </p>
      )}
    </div>
  );
}

const resultText = (ctx: PageCtx, r: string | null) => (r === 'adopted' || r === 'rejected' ? ctx.t(`council.live.result.${r}`) : (r ?? ''));

function Agenda(props: { ctx: PageCtx; s: LiveState; console?: { kov: Kov } }) {
  const { ctx, s } = props;
  const t = ctx.t;
  const base = props.console ? `/kov/${props.console.kov.code}/council/admin/sittings/${s.sitting.id}/console` : '';
  return (
    <section aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t('council.live.agenda.title')}</h2>
      <ol class="agenda">
        {s.items.map((i) => (
          <li aria-current={i.state === 'open' ? 'step' : undefined}>
            {i.title} — {t(`council.live.item.state.${i.state}`)}
            {i.result ? `: ${resultText(ctx, i.result)}` : ''}
            {props.console && s.sitting.state === 'open' && i.state !== 'open' && !s.currentItemId && (
              <form method="post" action={`${base}/item-open`} class="inline">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="itemId" value={i.id} />{' '}
                <button type="submit" class="button-small button-secondary">
                  {t('council.live.item.open', { position: i.position })}
                </button>
              </form>
            )}
            {props.console && i.state === 'open' && !s.openVote && (
              <form method="post" action={`${base}/item-close`}>
                <CsrfField ctx={ctx} />
                <input type="hidden" name="itemId" value={i.id} />
                <TextField t={t} name="result" label={t('council.live.item.result')} maxLength={2000} />
                <button type="submit" class="button-small">
                  {t('council.live.item.close', { position: i.position })}
                </button>
              </form>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

// ---------------------------------------------------------------- the public watching page

export function LiveWatchPage(props: { ctx: PageCtx; kov: Kov; s: LiveState }) {
  const { ctx, kov, s } = props;
  const t = ctx.t;
  const title = `${t('council.live.watch.title')}: ${sittingTitle(ctx, s)}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title'), href: `/kov/${kov.code}/council` }, { label: t('council.live.watch.title') }]} wide>
      <h1>{title}</h1>
      <LiveRegion ctx={ctx} s={s} src={`/kov/${kov.code}/council/sittings/${s.sitting.id}/live`}>
        <Quorum ctx={ctx} s={s} />
        <CurrentItem ctx={ctx} s={s} />
        <h2>{t('council.live.vote.title')}</h2>
        <OpenVote ctx={ctx} s={s} />
        <Speakers ctx={ctx} s={s} />
        <Results ctx={ctx} s={s} />
        <Agenda ctx={ctx} s={s} />
        <h2>{t('council.live.presence.title')}</h2>
        <Table
          t={t}
          caption={t('council.live.presence.title')}
          captionHidden
          rows={s.seats}
          stack={false}
          columns={[
            { label: t('council.live.col.member'), cell: (m) => m.name },
            { label: t('council.live.col.faction'), cell: (m) => m.faction ?? '' },
            { label: t('council.live.col.presence'), cell: (m) => presenceText(ctx, m) },
          ]}
        />
      </LiveRegion>
      <p>
        <a href={`/kov/${kov.code}/council/sittings/${s.sitting.id}/me`}>{t('council.live.link.me')}</a>
      </p>
    </Layout>
  );
}

// ---------------------------------------------------------------- the member's own view

export function LiveMemberPage(props: { ctx: PageCtx; kov: Kov; s: LiveState; me: Member; myChoice: Choice | null; errors?: FieldError[] }) {
  const { ctx, kov, s, me } = props;
  const t = ctx.t;
  const title = `${t('council.live.me.title')}: ${sittingTitle(ctx, s)}`;
  const base = `/kov/${kov.code}/council/sittings/${s.sitting.id}/me`;
  const seat = s.seats.find((x) => x.membershipId === me.membershipId);
  const item = s.items.find((i) => i.id === s.currentItemId);
  const recused = !!item && item.recused.includes(me.membershipId);
  const v = s.openVote;
  const mine = s.speakers.filter((x) => x.personId === me.personId && x.itemId === s.currentItemId && !x.startedAt && !x.withdrawnAt);
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title'), href: `/kov/${kov.code}/council` }, { label: t('council.live.me.title') }]}>
      <h1>{title}</h1>
      <p>{me.name}</p>
      <ErrorSummary t={t} errors={props.errors ?? []} />
      <LiveRegion ctx={ctx} s={s} src={`/kov/${kov.code}/council/sittings/${s.sitting.id}/live`} refresh>
        <Quorum ctx={ctx} s={s} />
        <section aria-labelledby="me-presence">
          <h2 id="me-presence">{t('council.live.presence.title')}</h2>
          <p>{seat?.present ? t('council.live.me.registered', { how: presenceText(ctx, seat) }) : t('council.live.me.notRegistered')}</p>
          {s.sitting.state === 'open' && (
            <form method="post" action={`${base}/presence`}>
              <CsrfField ctx={ctx} />
              <input type="hidden" name="present" value={seat?.present ? 'no' : 'yes'} />
              <button type="submit" class={seat?.present ? 'button-secondary' : 'button-big'}>
                {t(seat?.present ? 'council.live.me.leave' : 'council.live.me.register')}
              </button>
            </form>
          )}
        </section>
        <h2>{t('council.live.vote.title')}</h2>
        {v ? (
          <div class="panel" id="f-choice">
            <h3>{v.subject}</h3>
            <p>{t(`council.live.majority.${v.majority}`)}</p>
            {v.kind === 'secret' ? (
              <p>
                <a class="button button-big" href={`${base}/secret/${v.id}`}>
                  {t('council.secret.ballot.link')}
                </a>
              </p>
            ) : props.myChoice ? (
              <p class="notice notice-success" role="status">
                <strong>{t('council.live.me.yourChoice', { choice: t(`council.live.choice.${props.myChoice}`) })}</strong>
              </p>
            ) : recused ? (
              <p>{t('council.live.me.recused')}</p>
            ) : (
              <form method="post" action={`${base}/vote`} class="vote-buttons">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="voteId" value={v.id} />
                {(['for', 'against', 'abstain'] as const).map((c) => (
                  <button type="submit" name="choice" value={c} class={c === 'for' ? 'button-big' : c === 'against' ? 'button-big button-warning' : 'button-big button-secondary'}>
                    {t(`council.live.choice.${c}`)}
                  </button>
                ))}
              </form>
            )}
            <p>{t('council.live.vote.cast', { cast: v.cast, eligible: v.eligible })}</p>
          </div>
        ) : (
          <p>{t('council.live.vote.none')}</p>
        )}
        <h2>{t('council.live.item.current')}</h2>
        <CurrentItem ctx={ctx} s={s} />
        {item && s.sitting.state === 'open' && (
          <>
            <div class="speak-buttons">
              {SPEAKER_KINDS.map((k) => (
                <form method="post" action={`${base}/speak`} class="inline">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="kind" value={k} />
                  <button type="submit" class="button-secondary">
                    {t('council.live.me.ask', { kind: t(`council.live.speaker.kind.${k}`) })}
                  </button>{' '}
                </form>
              ))}
            </div>
            {mine.map((sp) => (
              <form method="post" action={`${base}/withdraw`}>
                <CsrfField ctx={ctx} />
                <input type="hidden" name="speakerId" value={sp.id} />
                <button type="submit" class="button-link">
                  {t('council.live.me.withdraw')} ({t(`council.live.speaker.kind.${sp.kind}`)})
                </button>
              </form>
            ))}
            {!recused && !v && (
              <form method="post" action={`${base}/recusal`}>
                <CsrfField ctx={ctx} />
                <input type="hidden" name="itemId" value={item.id} />
                <TextField t={t} name="reason" label={t('council.live.me.reason')} errors={props.errors} maxLength={1000} />
                <button type="submit" class="button-secondary">
                  {t('council.live.me.declare')}
                </button>
              </form>
            )}
            {recused && <p>{t('council.live.me.recused')}</p>}
          </>
        )}
        <Speakers ctx={ctx} s={s} />
        <Results ctx={ctx} s={s} />
      </LiveRegion>
    </Layout>
  );
}

// ---------------------------------------------------------------- the console

export function LiveConsolePage(props: { ctx: PageCtx; kov: Kov; s: LiveState; amendments: { id: string; text: string }[]; errors?: FieldError[]; values?: Record<string, string> }) {
  const { ctx, kov, s } = props;
  const t = ctx.t;
  const title = `${t('council.live.console.title')}: ${sittingTitle(ctx, s)}`;
  const base = `/kov/${kov.code}/council/admin/sittings/${s.sitting.id}/console`;
  const c = { kov };
  const values = props.values ?? {};
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title'), href: `/kov/${kov.code}/council` }, { label: t('council.live.console.title') }]} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={props.errors ?? []} />
      <p>
        <a href={`/kov/${kov.code}/council/sittings/${s.sitting.id}/live-page`}>{t('council.live.link.watch')}</a>
      </p>
      <LiveRegion ctx={ctx} s={s} src={`/kov/${kov.code}/council/sittings/${s.sitting.id}/live`} refresh>
        <Quorum ctx={ctx} s={s} />
        {(s.sitting.state === 'planned' || s.sitting.state === 'published') && (
          <form method="post" action={`${base}/open`}>
            <CsrfField ctx={ctx} />
            <button type="submit">{t('council.live.sitting.open')}</button>
          </form>
        )}
        <CurrentItem ctx={ctx} s={s} />
        <section aria-labelledby="vote-title">
          <h2 id="vote-title">{t('council.live.vote.title')}</h2>
          <OpenVote ctx={ctx} s={s} />
          <p>
            <a href={`/kov/${kov.code}/council/admin/sittings/${s.sitting.id}/secret`}>{t('council.secret.console.link')}</a>
          </p>
          {s.openVote && (
            <form method="post" action={`${base}/vote-close`}>
              <CsrfField ctx={ctx} />
              <input type="hidden" name="voteId" value={s.openVote.id} />
              <button type="submit" class="button-warning">
                {t('council.live.vote.close')}
              </button>
            </form>
          )}
          {!s.openVote && s.currentItemId && (
            <form method="post" action={`${base}/vote-open`} id="f-quorum">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="itemId" value={s.currentItemId} />
              <TextField t={t} name="subject" label={t('council.live.vote.subject')} errors={props.errors} value={values.subject ?? ''} required maxLength={500} />
              <SelectField
                t={t}
                name="majority"
                label={t('council.live.vote.majority')}
                errors={props.errors}
                value={values.majority ?? 'simple'}
                options={MAJORITIES.map((m) => ({ value: m, label: t(`council.live.majority.${m}`) }))}
              />
              {props.amendments.length > 0 && (
                <SelectField
                  t={t}
                  name="amendmentId"
                  label={t('council.live.vote.amendment')}
                  errors={props.errors}
                  value={values.amendmentId ?? ''}
                  options={[{ value: '', label: t('council.live.vote.amendment.none') }, ...props.amendments.map((a) => ({ value: a.id, label: a.text.slice(0, 120) }))]}
                />
              )}
              <button type="submit">{t('council.live.vote.open')}</button>
            </form>
          )}
        </section>
        <Speakers ctx={ctx} s={s} console={c} />
        <Agenda ctx={ctx} s={s} console={c} />
        <section aria-labelledby="presence-title">
          <h2 id="presence-title">{t('council.live.presence.title')}</h2>
          <Table
            t={t}
            caption={t('council.live.presence.title')}
            captionHidden
            rows={s.seats}
            columns={[
              { label: t('council.live.col.member'), cell: (m) => m.name },
              { label: t('council.live.col.faction'), cell: (m) => m.faction ?? '' },
              { label: t('council.live.col.presence'), cell: (m) => presenceText(ctx, m) },
              {
                label: t('council.live.col.actions'),
                cell: (m) =>
                  s.sitting.state === 'open' && (
                    <>
                      <form method="post" action={`${base}/presence`} class="inline">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="membershipId" value={m.membershipId} />
                        <input type="hidden" name="present" value={m.present ? 'no' : 'yes'} />
                        <button type="submit" class="button-small button-secondary">
                          {t(m.present ? 'council.live.mark.absent' : 'council.live.mark.room', { name: m.name })}
                        </button>
                      </form>{' '}
                      {s.currentItemId && !s.openVote && !s.items.find((i) => i.id === s.currentItemId)?.recused.includes(m.membershipId) && (
                        <form method="post" action={`${base}/recusal`} class="inline">
                          <CsrfField ctx={ctx} />
                          <input type="hidden" name="membershipId" value={m.membershipId} />
                          <input type="hidden" name="itemId" value={s.currentItemId} />
                          <button type="submit" class="button-small button-link">
                            {t('council.live.recuse.for', { name: m.name })}
                          </button>
                        </form>
                      )}
                    </>
                  ),
              },
            ]}
          />
        </section>
        <Results ctx={ctx} s={s} repeat kov={kov} />
        {s.sitting.state === 'open' && !s.openVote && (
          <form method="post" action={`${base}/close`}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="button-warning">
              {t('council.live.sitting.close')}
            </button>
          </form>
        )}
      </LiveRegion>
    </Layout>
  );
}
