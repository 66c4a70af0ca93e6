// The committee's page parts for any module that runs votes (polls, elders): the member's one-time
// pick-up of her key share (the button; the share shown once, as a text file to download and
// printable), the form that brings a member's share for the count, and the sign-off of the results
// digest. The module gives the texts (already in the page's language) and the form actions.
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDateTime } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, TextField } from '../../../kernel/web/components.js';
import type { CommitteeMember } from '../committee.js';

export type PickupState = { kind: 'waiting' } | { kind: 'notDealt' } | { kind: 'already'; at: Date | null } | { kind: 'shown'; share: string; file: string; fileName: string };

/**
 * Where a committee member's pick-up stands: her share just opened (`shown`, the answer to the
 * pick-up's POST), else as her row says: sealed and waiting, not dealt yet, or already taken (no time).
 */
export function pickupStateOf(me: Pick<CommitteeMember, 'share'>, shown: { share: string; file: string; fileName: string } | null): PickupState {
  if (shown) return { kind: 'shown', ...shown };
  return me.share === 'waiting' ? { kind: 'waiting' } : me.share === 'named' ? { kind: 'notDealt' } : { kind: 'already', at: null };
}

export interface PickupTexts {
  once: string;
  pickUp: string;
  notDealt: string;
  already: string;
  alreadyAt: (at: string) => string;
  yours: string;
  download: string;
  print: string;
  howAsked: string;
  howAskedText: string;
}

/**
 * The pick-up's body. Before: one button (a POST to `action`). The answer to that POST is the only
 * response that ever holds her share: shown, as a text file to download (a data: link, so that no
 * second request is needed — the server has forgotten it by then) and printable.
 */
export function SharePickupBody(props: { ctx: PageCtx; action: string; state: PickupState; texts: PickupTexts }) {
  const { ctx, state, texts } = props;
  return (
    <>
      {state.kind === 'waiting' && (
        <>
          <div class="panel">
            <p>{texts.once}</p>
          </div>
          <form method="post" action={props.action}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="button">
              {texts.pickUp}
            </button>
          </form>
        </>
      )}
      {state.kind === 'notDealt' && <p class="panel">{texts.notDealt}</p>}
      {state.kind === 'already' && (
        <div class="panel" id="share-already">
          <p>{texts.already}</p>
          {state.at && <p>{texts.alreadyAt(fmtDateTime(state.at))}</p>}
        </div>
      )}
      {state.kind === 'shown' && (
        <>
          <div class="panel">
            <p>
              <strong>{texts.once}</strong>
            </p>
          </div>
          <h2 id="share-heading">{texts.yours}</h2>
          <p>
            <code class="secret" id="my-share" aria-labelledby="share-heading">
              {state.share}
            </code>
          </p>
          <p>
            <a class="button" href={`data:text/plain;charset=utf-8,${encodeURIComponent(state.file)}`} download={state.fileName}>
              {texts.download}
            </a>
          </p>
          <p>{texts.print}</p>
          <h2>{texts.howAsked}</h2>
          <p>{texts.howAskedText}</p>
        </>
      )}
    </>
  );
}

/** The member's share as a text file: the lines given, joined with CRLF (Notepad shows them as lines). */
export function shareFileText(lines: string[]): string {
  return [...lines, ''].join('\r\n');
}

/** The form that brings member `member`'s share for the count (field `share-<member>`). */
export function ShareForm(props: { ctx: PageCtx; action: string; member: number; heading: string; label: string; submit: string; errors?: FieldError[] }) {
  const { ctx, member } = props;
  return (
    <form method="post" action={props.action} class="panel">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="member" value={String(member)} />
      <h3>{props.heading}</h3>
      <TextField t={ctx.t} name={`share-${member}`} label={props.label} errors={props.errors} autocomplete="off" maxLength={80} />
      <button type="submit" class="button">
        {props.submit}
      </button>
    </form>
  );
}

/** The sign-off: the results digest shown, confirmed with a tick box (field `confirm`); the form posts the digest. */
export function CertifyForm(props: { ctx: PageCtx; action: string; digest: string; intro: string; digestHeading: string; hint: string; confirmLabel: string; submit: string; errors?: FieldError[] }) {
  const { ctx, digest } = props;
  const t = ctx.t;
  const err = props.errors?.find((e) => e.field === 'confirm');
  const describedBy = ['f-confirm-hint', err ? 'f-confirm-error' : null].filter(Boolean).join(' ');
  return (
    <form method="post" action={props.action} id="f-certify" class="panel">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="digest" value={digest} />
      <p>{props.intro}</p>
      <h3>{props.digestHeading}</h3>
      <p>
        <code class="secret" id="result-digest">
          {digest}
        </code>
      </p>
      <div class={err ? 'field field-error' : 'field'}>
        <p class="hint" id="f-confirm-hint">
          {props.hint}
        </p>
        {err && (
          <p class="error-message" id="f-confirm-error">
            <span class="visually-hidden">{t('form.errorPrefix')} </span>
            {t(err.reason, err.vars)}
          </p>
        )}
        <div class="checkbox">
          <input type="checkbox" id="f-confirm" name="confirm" value="yes" aria-describedby={describedBy} aria-invalid={err ? 'true' : undefined} />{' '}
          <label for="f-confirm">{props.confirmLabel}</label>
        </div>
      </div>
      <button type="submit" class="button">
        {props.submit}
      </button>
    </form>
  );
}
