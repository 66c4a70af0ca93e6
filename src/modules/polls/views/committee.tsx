// The committee's pages and parts: who holds which key share (for officials), the summaries that
// ask before publishing and closing, and the member's own, one-time pick-up of her share.
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime, fmtNumber, pick } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Table } from '../../../kernel/web/components.js';
import type { PickupState, PickupTexts } from '../../voting/index.js';
import { SharePickupBody, shareFileText } from '../../voting/index.js';
import type { CommitteeMember, Poll } from '../service.js';
import { MAX_CLOSE_REASON } from '../service.js';
import { pageTitle, pollCrumbs } from './parts.js';

/** The committee on the manage page: each member by number and last four digits, and her share's state. */
export function CommitteeSection(props: { ctx: PageCtx; poll: Poll; committee: CommitteeMember[] }) {
  const { ctx, committee } = props;
  const t = ctx.t;
  const waiting = committee.filter((m) => m.share === 'waiting');
  return (
    <section aria-labelledby="committee">
      <h2 id="committee">{t('polls.committee.title')}</h2>
      {committee.length === 0 ? (
        <p>{t('polls.committee.none')}</p>
      ) : (
        <>
          {props.poll.publishedAt && (
            <p id="committee-waiting">
              {waiting.length ? t('polls.committee.notYet', { n: waiting.map((m) => t('polls.manage.member', { n: m.member })).join(', ') }) : t('polls.committee.allPicked')}
            </p>
          )}
          <Table<CommitteeMember>
            t={t}
            caption={t('polls.committee.caption')}
            rows={committee}
            columns={[
              { label: t('polls.committee.member'), cell: (m) => t('polls.manage.member', { n: m.member }) },
              { label: t('polls.committee.code'), cell: (m) => m.hint },
              {
                label: t('polls.committee.state'),
                cell: (m) =>
                  m.share === 'pickedUp' ? t('polls.committee.pickedUp', { at: fmtDateTime(m.pickedUpAt!) }) : m.share === 'waiting' ? <strong>{t('polls.committee.waiting')}</strong> : t('polls.committee.named'),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}

function ConfirmForm(props: { ctx: PageCtx; action: string; label: string; warning?: boolean; children?: ComponentChildren }) {
  const { ctx } = props;
  return (
    <form method="post" action={props.action} id="f-confirm-form" novalidate>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="confirm" value="yes" />
      {props.children}
      <p>
        <strong>{ctx.t('polls.confirm.irreversible')}</strong>
      </p>
      <button type="submit" class={props.warning ? 'button button-warning' : 'button'}>
        {props.label}
      </button>
    </form>
  );
}

/** Before publishing: what publishing will do (the roll, the key to whom, the window), then a confirming POST. */
export function PublishConfirmPage(props: { ctx: PageCtx; poll: Poll; eligible: number; committee: CommitteeMember[]; errors?: FieldError[] }) {
  const { ctx, poll } = props;
  const t = ctx.t;
  const title = t('polls.publishConfirm.title');
  const base = `/kov/${poll.kov}/polls/${poll.id}`;
  return (
    <Layout ctx={ctx} title={pageTitle(t, title, props.errors)} crumbs={pollCrumbs(ctx, poll, title)}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={props.errors ?? []} />
      <p class="lead">{pick(poll.vote.title, ctx.locale)}</p>
      <p>{t('polls.publishConfirm.what')}</p>
      <ul>
        <li>{t('polls.publishConfirm.roll', { n: fmtNumber(props.eligible) })}</li>
        <li>{t('polls.publishConfirm.key', { n: poll.members, k: poll.threshold })}</li>
        <li>{t('polls.publishConfirm.open', { from: fmtDateTime(poll.vote.opensAt), to: fmtDateTime(poll.vote.closesAt) })}</li>
      </ul>
      <CommitteeSection ctx={ctx} poll={poll} committee={props.committee} />
      <ConfirmForm ctx={ctx} action={`${base}/publish`} label={t('polls.publishConfirm.confirm')} />
      <p>
        <a href={`${base}/manage`}>{t('polls.confirm.cancel')}</a>
      </p>
    </Layout>
  );
}

/** Before closing: what closing does; before the planned end, the reason (required, into the audit log). */
export function CloseConfirmPage(props: { ctx: PageCtx; poll: Poll; early: boolean; rollSize: number; reason: string; errors?: FieldError[] }) {
  const { ctx, poll, errors } = props;
  const t = ctx.t;
  const title = t('polls.closeConfirm.title');
  const base = `/kov/${poll.kov}/polls/${poll.id}`;
  const err = errors?.find((e) => e.field === 'reason');
  const describedBy = ['f-reason-hint', err ? 'f-reason-error' : null].filter(Boolean).join(' ');
  return (
    <Layout ctx={ctx} title={pageTitle(t, title, errors)} crumbs={pollCrumbs(ctx, poll, title)}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <p class="lead">{pick(poll.vote.title, ctx.locale)}</p>
      <p>{t('polls.closeConfirm.what', { n: fmtNumber(props.rollSize) })}</p>
      <ConfirmForm ctx={ctx} action={`${base}/close`} label={t('polls.closeConfirm.confirm')} warning>
        {props.early && (
          <div class={err ? 'field field-error' : 'field'}>
            <label for="f-reason">{t('polls.closeConfirm.reason')}</label>
            <p class="hint" id="f-reason-hint">
              {t('polls.closeConfirm.early', { to: fmtDateTime(poll.vote.closesAt) })}
            </p>
            {err && (
              <p class="error-message" id="f-reason-error">
                <span class="visually-hidden">{t('form.errorPrefix')} </span>
                {t(err.reason, err.vars)}
              </p>
            )}
            <textarea id="f-reason" name="reason" rows={3} maxLength={MAX_CLOSE_REASON} required aria-describedby={describedBy} aria-invalid={err ? 'true' : undefined}>
              {props.reason}
            </textarea>
          </div>
        )}
      </ConfirmForm>
      <p>
        <a href={`${base}/manage`}>{t('polls.confirm.cancel')}</a>
      </p>
    </Layout>
  );
}

export type { PickupState };

/** The polls' texts of the voting core's share pick-up. */
function pickupTexts(ctx: PageCtx, poll: Poll, member: number, publicUrl: string): PickupTexts {
  const t = ctx.t;
  return {
    once: t('polls.share.once'),
    pickUp: t('polls.share.pickUp'),
    notDealt: t('polls.share.notDealt'),
    already: t('polls.share.already'),
    alreadyAt: (at) => t('polls.share.alreadyAt', { at }),
    yours: t('polls.share.yours', { member }),
    download: t('polls.share.download'),
    print: t('polls.share.print'),
    howAsked: t('polls.share.howAsked'),
    howAskedText: t('polls.share.howAskedText', { url: `${publicUrl}/kov/${poll.kov}/polls/${poll.id}/manage`, member }),
  };
}

/**
 * The member's pick-up page (the voting core's pick-up): before, what the share is and one button;
 * the answer to its POST is the only response that ever holds her share.
 */
export function SharePickupPage(props: { ctx: PageCtx; poll: Poll; member: number; state: PickupState; publicUrl: string }) {
  const { ctx, poll, member, state } = props;
  const t = ctx.t;
  const title = t('polls.share.title');
  const base = `/kov/${poll.kov}/polls/${poll.id}`;
  const what = t('polls.share.what', { member, title: pick(poll.vote.title, ctx.locale), n: poll.members, k: poll.threshold });
  return (
    <Layout ctx={ctx} title={title} crumbs={pollCrumbs(ctx, poll, title)}>
      <h1>{title}</h1>
      <p>{what}</p>
      <SharePickupBody ctx={ctx} action={`${base}/share`} state={state} texts={pickupTexts(ctx, poll, member, props.publicUrl)} />
      <p>
        <a href={base}>{t('polls.published.back')}</a>
      </p>
    </Layout>
  );
}

/** The member's share as a text file: what it is, which poll, which member, the share, how it is asked for. */
export function shareFile(ctx: PageCtx, poll: Poll, member: number, share: string, publicUrl: string): string {
  const t = ctx.t;
  const base = `/kov/${poll.kov}/polls/${poll.id}`;
  return shareFileText([
    t('polls.share.fileTitle'),
    '',
    `${t('polls.share.filePoll')}: ${pick(poll.vote.title, ctx.locale)}`,
    `${publicUrl}${base}`,
    t('polls.share.fileMember', { member, k: poll.threshold, n: poll.members }),
    '',
    `${t('polls.share.fileShare')}: ${share}`,
    '',
    t('polls.share.what', { member, title: pick(poll.vote.title, ctx.locale), n: poll.members, k: poll.threshold }),
    '',
    t('polls.share.once'),
    '',
    `${t('polls.share.howAsked')}:`,
    t('polls.share.howAskedText', { url: `${publicUrl}${base}/manage`, member }),
  ]);
}

/** On "My polls": the committees the person sits on, with a link to pick up a waiting share. */
export function MyCommittees(props: { ctx: PageCtx; items: { poll: Poll; me: CommitteeMember }[] }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.items.length) return null;
  return (
    <section aria-labelledby="my-committees">
      <h2 id="my-committees">{t('polls.mine.committee')}</h2>
      <ul>
        {props.items.map(({ poll, me }) => (
          <li>
            <a href={`/kov/${poll.kov}/polls/${poll.id}/manage`}>{pick(poll.vote.title, ctx.locale)}</a> — {t('polls.manage.member', { n: me.member })}:{' '}
            {me.share === 'waiting' ? (
              <a href={`/kov/${poll.kov}/polls/${poll.id}/share`}>{t('polls.committee.yourShare')}</a>
            ) : me.share === 'pickedUp' ? (
              t('polls.committee.pickedUp', { at: fmtDateTime(me.pickedUpAt!) })
            ) : (
              t('polls.committee.named')
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
