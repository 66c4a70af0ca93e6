// The secret ballots' pages: the console's secret-ballot page (open an election with candidates and a
// counting commission, close it, follow the count), the member's ballot (candidates as radio buttons
// and a blank ballot; after casting, her tracker) and the counting commission's page (the one-time
// share pick-up and the share for the count, the voting core's page parts). Server-rendered, no JS.
import type { FieldError } from '../../../kernel/errors.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CheckboxesField, CsrfField, ErrorSummary, Layout, SelectField, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { CommitteeMember, PickupState, PickupTexts } from '../../voting/index.js';
import { ShareForm, SharePickupBody, pickupStateOf, shareFileText } from '../../voting/index.js';
import type { LiveState, VoteView } from '../live.js';
import { MAJORITIES } from '../live.js';
import type { CommissionView, SecretBallotView, SecretOutcome } from '../secret.js';

type Kov = { code: string; name: string };

const sittingTitle = (ctx: PageCtx, s: LiveState) => ctx.t('council.live.sitting', { body: s.sitting.bodyName, number: s.sitting.number });

/** A counted secret election: counts per candidate, who was elected or between whom it is repeated. */
export function SecretResult(props: { ctx: PageCtx; outcome: SecretOutcome; votingVoteId?: string | null; headingLevel?: 'h3' | 'h4' }) {
  const { ctx, outcome: o } = props;
  const t = ctx.t;
  return (
    <div class="secret-result">
      <p>
        <strong>{o.elected ? t('council.secret.result.elected', { name: o.elected.name }) : t('council.secret.result.none')}</strong>
      </p>
      <table class="table">
        <caption class="visually-hidden">{t('council.secret.result.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('council.secret.result.candidate')}</th>
            <th scope="col" class="num">
              {t('council.secret.result.votes')}
            </th>
          </tr>
        </thead>
        <tbody>
          {o.candidates.map((c) => (
            <tr>
              <td>{c.name}</td>
              <td class="num">{c.votes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('council.secret.result.summary', { ballots: o.ballots, blank: o.blank, notVoting: o.notVoting, needed: o.needed })}</p>
      {o.repeatBetween && <p>{t('council.secret.result.repeat', { names: o.repeatBetween.map((c) => c.name).join(', ') })}</p>}
      {props.votingVoteId && (
        <p>
          <a href={`/api/v1/boards/${props.votingVoteId}`}>{t('council.secret.result.board')}</a>
        </p>
      )}
    </div>
  );
}

/** The live pages' view of a secret vote (hook in live-pages.tsx): its state, or its counted result. */
export function SecretVoteState(props: { ctx: PageCtx; v: VoteView }) {
  const { ctx, v } = props;
  if (v.state === 'void') return <p>{ctx.t('council.secret.state.void')}</p>;
  if (v.state === 'open') return <p>{ctx.t('council.secret.state.open')}</p>;
  const o = v.outcome as SecretOutcome | null;
  if (!o || o.kind !== 'secret') return <p>{ctx.t('council.secret.state.countingShort')}</p>;
  return <SecretResult ctx={ctx} outcome={o} />;
}

// ---------------------------------------------------------------- the console's page

export interface SecretConsoleRow {
  v: VoteView;
  commission: CommissionView;
  /** While open: members who have cast (who, never what) of the roll. */
  turnout: { cast: number; roll: number } | null;
}

export function SecretConsolePage(props: {
  ctx: PageCtx;
  kov: Kov;
  s: LiveState;
  rows: SecretConsoleRow[];
  errors?: FieldError[];
  values?: Record<string, string | string[]>;
}) {
  const { ctx, kov, s } = props;
  const t = ctx.t;
  const errors = props.errors ?? [];
  const values = props.values ?? {};
  const title = `${t('council.secret.console.title')}: ${sittingTitle(ctx, s)}`;
  const console = `/kov/${kov.code}/council/admin/sittings/${s.sitting.id}/console`;
  const base = `/kov/${kov.code}/council/admin/sittings/${s.sitting.id}/secret`;
  const item = s.items.find((i) => i.id === s.currentItemId) ?? null;
  const present = s.seats.filter((m) => m.present);
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : typeof values[k] === 'string' ? [values[k] as string] : []);
  // the newest counted election of the open item that elected nobody is repeated (one form: field ids stay unique)
  const last = props.rows.filter((r) => r.v.itemId === s.currentItemId && r.v.state === 'closed').at(-1);
  const repeatable = !s.openVote && last?.commission.outcome?.repeatBetween?.length ? [last] : [];
  return (
    <Layout
      ctx={ctx}
      title={errors.length ? `${t('form.errorPrefix')} ${title}` : title}
      crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title'), href: `/kov/${kov.code}/council` }, { label: t('council.live.console.title'), href: console }, { label: t('council.secret.console.title') }]}
    >
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p>{t('council.secret.console.intro')}</p>
      <p>
        <a href={console}>{t('council.secret.back')}</a>
      </p>
      <section aria-labelledby="secret-votes">
        <h2 id="secret-votes">{t('council.secret.votes')}</h2>
        {props.rows.length === 0 && <p>—</p>}
        {props.rows.map((r) => (
          <div class="panel">
            <h3>{r.v.subject}</h3>
            {r.v.state === 'open' && (
              <>
                <p>{t('council.secret.state.open')}</p>
                {r.turnout && <p>{t('council.secret.state.cast', { cast: r.turnout.cast, roll: r.turnout.roll })}</p>}
                <form method="post" action={`${base}/close`}>
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="voteId" value={r.v.id} />
                  <button type="submit" class="button-warning">
                    {t('council.secret.close')}
                  </button>
                </form>
              </>
            )}
            {r.v.state === 'closed' && !r.commission.outcome && <p>{t('council.secret.state.counting', { received: r.commission.decrypted.length, needed: r.commission.threshold })}</p>}
            {r.commission.outcome && <SecretResult ctx={ctx} outcome={r.commission.outcome} votingVoteId={r.commission.votingVoteId} />}
            <p>
              <a href={`/kov/${kov.code}/council/sittings/${s.sitting.id}/secret/${r.v.id}/commission`}>{t('council.secret.commission.link')}</a>
            </p>
          </div>
        ))}
      </section>
      {repeatable.map((r) => (
        <form method="post" action={`${base}/open`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="itemId" value={r.v.itemId} />
          <input type="hidden" name="repeatOf" value={r.v.id} />
          <input type="hidden" name="majority" value={r.v.majority} />
          <input type="hidden" name="subject" value={r.v.subject} />
          <h2>{t('council.secret.repeat', { names: (r.commission.outcome?.repeatBetween ?? []).map((c) => c.name).join(', ') })}</h2>
          <TextField t={t} name="reason" label={t('council.secret.field.reason')} errors={errors} value={str('reason')} required maxLength={1000} />
          <CheckboxesField t={t} name="commission" legend={t('council.secret.field.commission')} errors={errors} options={present.map((m) => ({ value: m.membershipId, label: m.name }))} values={list('commission')} />
          <TextField t={t} name="threshold" label={t('council.secret.field.threshold')} errors={errors} value={str('threshold') || '1'} inputmode="numeric" required />
          <button type="submit">{t('council.secret.open')}</button>
        </form>
      ))}
      {!s.openVote && repeatable.length === 0 && (
        <section aria-labelledby="secret-open">
          <h2 id="secret-open">{t('council.secret.open')}</h2>
          {!item ? (
            <p>{t('council.secret.console.noItem')}</p>
          ) : (
            <form method="post" action={`${base}/open`}>
              <CsrfField ctx={ctx} />
              <input type="hidden" name="itemId" value={item.id} />
              <p>
                {item.position}. {item.title}
              </p>
              <TextField t={t} name="subject" label={t('council.secret.field.subject')} errors={errors} value={str('subject')} required maxLength={500} />
              <SelectField
                t={t}
                name="majority"
                label={t('council.secret.field.majority')}
                errors={errors}
                value={str('majority') || 'composition'}
                options={MAJORITIES.map((m) => ({ value: m, label: t(`council.live.majority.${m}`) }))}
              />
              <TextAreaField t={t} name="candidates" label={t('council.secret.field.candidates')} hint={t('council.secret.field.candidatesHint')} errors={errors} value={str('candidates')} rows={4} required maxLength={5000} />
              <CheckboxesField t={t} name="commission" legend={t('council.secret.field.commission')} errors={errors} options={present.map((m) => ({ value: m.membershipId, label: m.name }))} values={list('commission')} />
              <TextField t={t} name="threshold" label={t('council.secret.field.threshold')} errors={errors} value={str('threshold') || '2'} inputmode="numeric" required />
              <button type="submit">{t('council.secret.open')}</button>
            </form>
          )}
        </section>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- the member's ballot

export function SecretBallotPage(props: {
  ctx: PageCtx;
  kov: Kov;
  sittingId: string;
  ballot: SecretBallotView;
  cast?: { tracker: string; replaced: boolean } | null;
  errors?: FieldError[];
}) {
  const { ctx, kov, ballot: b } = props;
  const t = ctx.t;
  const errors = props.errors ?? [];
  const title = `${t('council.secret.ballot.title')}: ${b.subject}`;
  const me = `/kov/${kov.code}/council/sittings/${props.sittingId}/me`;
  return (
    <Layout
      ctx={ctx}
      title={errors.length ? `${t('form.errorPrefix')} ${title}` : title}
      crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title'), href: `/kov/${kov.code}/council` }, { label: t('council.live.me.title'), href: me }, { label: t('council.secret.ballot.title') }]}
    >
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      {props.cast && (
        <div class="notice notice-success" role="status">
          <p>
            <strong>{t('council.secret.ballot.cast')}</strong> {props.cast.replaced && t('council.secret.ballot.replaced')}
          </p>
          <p>{t('council.secret.ballot.tracker')}</p>
          <p>
            <code class="tracker">{props.cast.tracker}</code>
          </p>
        </div>
      )}
      {b.state !== 'open' ? (
        <p>{t('council.secret.ballot.closed')}</p>
      ) : !b.eligible ? (
        <p>{b.recused ? t('council.error.recused') : t('council.secret.ballot.notEligible')}</p>
      ) : (
        <form method="post" action={`${me}/secret/${b.voteId}`}>
          <CsrfField ctx={ctx} />
          <p>{t('council.secret.ballot.intro')}</p>
          <div class={errors.some((e) => e.field === 'candidate') ? 'field field-error' : 'field'}>
            <fieldset>
              <legend>{t('council.secret.ballot.legend')}</legend>
              {b.candidates.map((c, i) => (
                <div class="radio">
                  <input type="radio" id={i === 0 ? 'f-candidate' : `f-candidate-${c.id}`} name="candidate" value={c.id} />{' '}
                  <label for={i === 0 ? 'f-candidate' : `f-candidate-${c.id}`}>{c.name}</label>
                </div>
              ))}
              <div class="radio">
                <input type="radio" id="f-candidate-blank" name="candidate" value="" />{' '}
                <label for="f-candidate-blank">{t('council.secret.ballot.blank')}</label>
              </div>
            </fieldset>
          </div>
          <button type="submit" class="button-big">
            {t('council.secret.ballot.submit')}
          </button>
        </form>
      )}
      <p>
        <a href={me}>{t('council.secret.back')}</a>
      </p>
      <p>
        <a href={`/kov/${kov.code}/council/sittings/${props.sittingId}/secret/${b.voteId}/commission`}>{t('council.secret.commission.link')}</a>
      </p>
    </Layout>
  );
}

// ---------------------------------------------------------------- the counting commission

export function SecretCommissionPage(props: {
  ctx: PageCtx;
  kov: Kov;
  sittingId: string;
  c: CommissionView;
  me: CommitteeMember | null;
  share?: string | null;
  publicUrl: string;
  errors?: FieldError[];
}) {
  const { ctx, kov, c, me } = props;
  const t = ctx.t;
  const errors = props.errors ?? [];
  const title = `${t('council.secret.commission.title')}: ${c.subject}`;
  const base = `/kov/${kov.code}/council/sittings/${props.sittingId}/secret/${c.voteId}/commission`;
  const url = `${props.publicUrl}${base}`;
  const state: PickupState | null = !me
    ? null
    : pickupStateOf(
        me,
        props.share
          ? {
              share: props.share,
              file: shareFileText([t('council.secret.commission.title'), '', c.subject, url, t('council.secret.commission.member', { n: me.member }), '', props.share]),
              fileName: `vallamaja-council-share-${me.member}.txt`,
            }
          : null,
      );
  const texts: PickupTexts = {
    once: t('council.secret.commission.pickupIntro'),
    pickUp: t('council.secret.commission.pickup'),
    notDealt: t('council.secret.commission.notDealt'),
    already: t('council.secret.commission.pickedUp'),
    alreadyAt: (at) => at,
    yours: t('council.secret.commission.yourShare', { n: me?.member ?? 0 }),
    download: t('council.secret.commission.download'),
    print: t('council.secret.commission.print'),
    howAsked: t('council.secret.commission.howAsked'),
    howAskedText: t('council.secret.commission.howAskedText', { url }),
  };
  return (
    <Layout
      ctx={ctx}
      title={errors.length ? `${t('form.errorPrefix')} ${title}` : title}
      crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('council.title'), href: `/kov/${kov.code}/council` }, { label: t('council.secret.commission.title') }]}
    >
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <ul>
        {c.members.map((m) => (
          <li>
            {t('council.secret.commission.member', { n: m.member })}: {m.name} — {c.decrypted.includes(m.member) ? t('council.secret.commission.in') : t('council.secret.commission.notIn')}
          </li>
        ))}
      </ul>
      {c.state === 'open' && <p>{t('council.secret.state.open')}</p>}
      {c.state === 'closed' && !c.outcome && <p>{t('council.secret.state.counting', { received: c.decrypted.length, needed: c.threshold })}</p>}
      {c.outcome && <SecretResult ctx={ctx} outcome={c.outcome} votingVoteId={c.votingVoteId} />}
      {me && state && (
        <section aria-labelledby="share-pickup">
          <h2 id="share-pickup">{t('council.secret.commission.pickupHeading')}</h2>
          <SharePickupBody ctx={ctx} action={`${base}/pickup`} state={state} texts={texts} />
        </section>
      )}
      {me && c.state === 'closed' && !c.outcome && !c.decrypted.includes(me.member) && (
        <section aria-labelledby="share-count">
          <h2 id="share-count">{t('council.secret.commission.shareHeading')}</h2>
          <ShareForm
            ctx={ctx}
            action={`${base}/share`}
            member={me.member}
            heading={t('council.secret.commission.member', { n: me.member })}
            label={t('council.secret.commission.shareLabel')}
            submit={t('council.secret.commission.shareSubmit')}
            errors={errors}
          />
        </section>
      )}
    </Layout>
  );
}
