// The committee's pages of an election: the manage page (the committee and its key shares, the
// count's share forms, the sign-off of the results digest, the admin's acts), the member's own,
// one-time pick-up of her share, the admin's run-off start (a form, then a confirming summary), and
// the "my committees" list on /elders. The same steps as the polls' committee pages, on the voting core.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime, fmtNumber, pick } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Table, TextField } from '../../../kernel/web/components.js';
import type { PickupState, PickupTexts, Results } from '../../voting/index.js';
import { CertifyForm, ShareForm, SharePickupBody, shareFileText } from '../../voting/index.js';
import type { CommitteeMember, Election } from '../service.js';

type Crumb = { label: string; href?: string };

function crumbs(ctx: PageCtx, kovName: string, e: Election, here?: string): Crumb[] {
  const title = pick(e.title, ctx.locale);
  const base = `/kov/${e.kov}/elders`;
  return [
    { label: kovName, href: `/kov/${e.kov}` },
    { label: ctx.t('elders.title'), href: base },
    here ? { label: title, href: `${base}/${e.id}` } : { label: title },
    ...(here ? [{ label: here }] : []),
  ];
}

const titleWithErrors = (ctx: PageCtx, title: string, errors?: FieldError[]) => (errors?.length ? `${ctx.t('form.errorPrefix')} ${title}` : title);

/** The committee: each member by number and the last digits of her ID code, and her share's state. */
export function CommitteeSection(props: { ctx: PageCtx; committee: CommitteeMember[] }) {
  const t = props.ctx.t;
  return (
    <section aria-labelledby="committee">
      <h2 id="committee">{t('elders.committee.title')}</h2>
      <Table<CommitteeMember>
        t={t}
        caption={t('elders.committee.caption')}
        captionHidden
        rows={props.committee}
        columns={[
          { label: t('elders.committee.member'), cell: (m) => t('elders.committee.memberN', { n: m.member }) },
          { label: t('elders.committee.code'), cell: (m) => m.hint },
          {
            label: t('elders.committee.state'),
            cell: (m) => (m.share === 'pickedUp' ? t('elders.committee.pickedUp', { at: m.pickedUpAt ? fmtDateTime(m.pickedUpAt) : '' }) : m.share === 'waiting' ? <strong>{t('elders.committee.waiting')}</strong> : t('elders.committee.named')),
          },
        ]}
      />
    </section>
  );
}

export interface ManageProps {
  ctx: PageCtx;
  kovName: string;
  e: Election;
  committee: CommitteeMember[];
  /** The viewer's own place on the committee. */
  me: CommitteeMember | null;
  /** Members whose partial decryption is in. */
  decrypted: number[];
  results: Results | null;
  counts: { id: string; name: string; votes: number | null }[] | null;
  /** A KOV admin: confirm, close and the run-off. */
  canAdmin: boolean;
  errors?: FieldError[];
}

/** The election's manage page, for the committee and the KOV's admins. */
export function ManageElectionPage(props: ManageProps) {
  const { ctx, e, errors } = props;
  const t = ctx.t;
  const title = t('elders.manage.title', { title: pick(e.title, ctx.locale) });
  const base = `/kov/${e.kov}/elders/${e.id}`;
  const vs = e.vote?.status;
  const o = e.outcome;
  return (
    <Layout ctx={ctx} title={titleWithErrors(ctx, title, errors)} crumbs={crumbs(ctx, props.kovName, e, t('elders.manage.crumb'))} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <p>
        <strong>{t('elders.col.status')}:</strong> {t(`elders.status.${e.status}`)}
      </p>
      {e.vote && <p>{t('elders.manage.rollSize', { n: fmtNumber(e.vote.rollSize) })}</p>}
      {e.vote?.turnout != null && <p>{t('elders.manage.turnout', { n: fmtNumber(e.vote.turnout) })}</p>}
      {props.me?.share === 'waiting' && (
        <p class="panel">
          <a href={`${base}/share`}>{t('elders.committee.yourShare')}</a>
        </p>
      )}
      {props.canAdmin && e.status === 'nominationClosed' && (
        <form method="post" action={`${base}/confirm`}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="button">
            {t('elders.admin.confirm')}
          </button>
        </form>
      )}
      {props.canAdmin && (e.status === 'voting' || e.status === 'ended') && (
        <form method="post" action={`${base}/close`}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button-warning">
            {t('elders.admin.close')}
          </button>
        </form>
      )}
      {props.canAdmin && o?.kind === 'runoff' && !o.runoffId && (
        <p>
          <a class="button" href={`${base}/runoff`}>
            {t('elders.runoff.link')}
          </a>
        </p>
      )}
      <CommitteeSection ctx={ctx} committee={props.committee} />

      {vs === 'closed' && (
        <section aria-labelledby="shares">
          <h2 id="shares">{t('elders.shares.title')}</h2>
          <p>{t('elders.shares.intro', { k: e.threshold, received: props.decrypted.length })}</p>
          {props.committee.map((m) =>
            props.decrypted.includes(m.member) ? (
              <p>{t('elders.committee.decrypted', { n: m.member })}</p>
            ) : (
              <ShareForm
                ctx={ctx}
                action={`${base}/shares`}
                member={m.member}
                heading={t('elders.committee.memberN', { n: m.member })}
                label={t('elders.shares.field', { n: m.member })}
                submit={t('elders.shares.submit', { n: m.member })}
                errors={errors}
              />
            ),
          )}
        </section>
      )}

      {(vs === 'published' || vs === 'certified') && props.results && (
        <section aria-labelledby="results">
          <h2 id="results">{t('elders.result.title')}</h2>
          {props.counts && (
            <Table
              t={t}
              caption={t('elders.result.title')}
              captionHidden
              rows={props.counts}
              columns={[
                { label: t('elders.col.candidate'), cell: (c) => c.name },
                { label: t('elders.col.votes'), cell: (c) => (c.votes === null ? '–' : fmtNumber(c.votes)), numeric: true },
              ]}
            />
          )}
          <h3>{t('elders.certify.signatures')}</h3>
          {props.results.signatures.length === 0 ? (
            <p>{t('elders.certify.none')}</p>
          ) : (
            <ul>
              {props.results.signatures.map((s) => (
                <li>{t('elders.certify.signature', { name: s.name, at: fmtDateTime(new Date(s.signedAt)) })}</li>
              ))}
            </ul>
          )}
          {vs === 'published' && props.results.digest && (
            <>
              <h3>{t('elders.certify.title')}</h3>
              <CertifyForm
                ctx={ctx}
                action={`${base}/certify`}
                digest={props.results.digest}
                intro={t('elders.certify.intro', { k: e.threshold, n: props.results.certifications })}
                digestHeading={t('elders.certify.digest')}
                hint={t('elders.certify.digestHint', { voteId: e.voteId ?? '' })}
                confirmLabel={t('elders.certify.confirm', { digest: props.results.digest.slice(0, 12) })}
                submit={t('elders.certify.submit')}
                errors={errors}
              />
            </>
          )}
        </section>
      )}
      <p>
        <a href={base}>{t('elders.manage.public')}</a>
      </p>
    </Layout>
  );
}

export type { PickupState };

/**
 * The member's pick-up page (the voting core's pick-up): before, what the share is and one button;
 * the answer to its POST is the only response that ever holds her share.
 */
export function SharePickupPage(props: { ctx: PageCtx; kovName: string; e: Election; member: number; state: PickupState; publicUrl: string }) {
  const { ctx, e, member, state } = props;
  const t = ctx.t;
  const title = t('elders.share.title');
  const base = `/kov/${e.kov}/elders/${e.id}`;
  const texts: PickupTexts = {
    once: t('elders.share.once'),
    pickUp: t('elders.share.pickUp'),
    notDealt: t('elders.share.notDealtYet'),
    already: t('elders.share.already'),
    alreadyAt: (at) => t('elders.share.alreadyAt', { at }),
    yours: t('elders.share.yours', { member }),
    download: t('elders.share.download'),
    print: t('elders.share.print'),
    howAsked: t('elders.share.howAsked'),
    howAskedText: t('elders.share.howAskedText', { url: `${props.publicUrl}${base}/manage`, member }),
  };
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, props.kovName, e, title)}>
      <h1>{title}</h1>
      <p>{t('elders.share.what', { member, title: pick(e.title, ctx.locale), n: e.members, k: e.threshold })}</p>
      <SharePickupBody ctx={ctx} action={`${base}/share`} state={state} texts={texts} />
      <p>
        <a href={`${base}/manage`}>{t('elders.manage.link')}</a>
      </p>
    </Layout>
  );
}

/** The member's share as a text file: what it is, which election, which member, the share, how it is asked for. */
export function shareFile(ctx: PageCtx, e: Election, member: number, share: string, publicUrl: string): string {
  const t = ctx.t;
  const base = `/kov/${e.kov}/elders/${e.id}`;
  const title = pick(e.title, ctx.locale);
  return shareFileText([
    t('elders.share.fileTitle'),
    '',
    `${t('elders.share.fileElection')}: ${title}`,
    `${publicUrl}${base}`,
    t('elders.share.fileMember', { member, k: e.threshold, n: e.members }),
    '',
    `${t('elders.share.fileShare')}: ${share}`,
    '',
    t('elders.share.what', { member, title, n: e.members, k: e.threshold }),
    '',
    t('elders.share.once'),
    '',
    `${t('elders.share.howAsked')}:`,
    t('elders.share.howAskedText', { url: `${publicUrl}${base}/manage`, member }),
  ]);
}

function DateTimeField(props: { ctx: PageCtx; name: string; label: string; value: string; errors?: FieldError[] }) {
  return <TextField t={props.ctx.t} name={props.name} type="datetime-local" label={props.label} value={props.value} errors={props.errors} />;
}

/**
 * The admin's run-off start: the tied candidates and the run-off's voting window (a form), then
 * (`confirm`) a summary whose own POST starts it.
 */
export function RunoffPage(props: { ctx: PageCtx; kovName: string; e: Election; values: { opensAt: string; closesAt: string }; confirm?: { opensAt: Date; closesAt: Date }; errors?: FieldError[] }) {
  const { ctx, e, values, errors } = props;
  const t = ctx.t;
  const title = props.confirm ? t('elders.runoff.confirmTitle') : t('elders.runoff.title');
  const base = `/kov/${e.kov}/elders/${e.id}`;
  const tied = e.outcome?.kind === 'runoff' ? e.outcome.tied : [];
  const names = tied.map((id) => e.candidates.find((c) => c.id === id)?.name ?? id).join(', ');
  return (
    <Layout ctx={ctx} title={titleWithErrors(ctx, title, errors)} crumbs={crumbs(ctx, props.kovName, e, t('elders.runoff.title'))}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <p class="lead">{pick(e.title, ctx.locale)}</p>
      <p>{t('elders.runoff.intro', { names })}</p>
      {props.confirm ? (
        <>
          <p>{t('elders.runoff.summary', { from: fmtDateTime(props.confirm.opensAt), to: fmtDateTime(props.confirm.closesAt) })}</p>
          <form method="post" action={`${base}/runoff`} id="f-confirm-form">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="opensAt" value={values.opensAt} />
            <input type="hidden" name="closesAt" value={values.closesAt} />
            <input type="hidden" name="confirm" value="yes" />
            <p>
              <strong>{t('elders.runoff.irreversible')}</strong>
            </p>
            <button type="submit" class="button button-warning">
              {t('elders.runoff.confirm')}
            </button>
          </form>
          <p>
            <a href={`${base}/runoff?${new URLSearchParams(values).toString()}`}>{t('elders.runoff.back')}</a>
          </p>
        </>
      ) : (
        <form method="post" action={`${base}/runoff`} novalidate>
          <CsrfField ctx={ctx} />
          <DateTimeField ctx={ctx} name="opensAt" label={t('elders.runoff.opensAt')} value={values.opensAt} errors={errors} />
          <DateTimeField ctx={ctx} name="closesAt" label={t('elders.runoff.closesAt')} value={values.closesAt} errors={errors} />
          <button type="submit" class="button">
            {t('elders.runoff.next')}
          </button>
        </form>
      )}
      <p>
        <a href={`${base}/manage`}>{t('elders.runoff.cancel')}</a>
      </p>
    </Layout>
  );
}

/** On /elders for a signed-in person: the election committees she sits on, with her share's state. */
export function MyElderCommittees(props: { ctx: PageCtx; items: { e: Election; me: CommitteeMember }[] }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.items.length) return null;
  return (
    <section aria-labelledby="my-committees">
      <h2 id="my-committees">{t('elders.mine.title')}</h2>
      <ul>
        {props.items.map(({ e, me }) => (
          <li>
            <a href={`/kov/${e.kov}/elders/${e.id}/manage`}>{pick(e.title, ctx.locale)}</a> — {t('elders.committee.memberN', { n: me.member })}:{' '}
            {me.share === 'waiting' ? (
              <a href={`/kov/${e.kov}/elders/${e.id}/share`}>{t('elders.committee.yourShare')}</a>
            ) : me.share === 'pickedUp' ? (
              t('elders.committee.pickedUp', { at: me.pickedUpAt ? fmtDateTime(me.pickedUpAt) : '' })
            ) : (
              t('elders.committee.named')
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
