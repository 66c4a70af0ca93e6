// The officials' poll pages: list, new poll form, manage (preview, committee, publish, close,
// shares, certify). The committee's parts and the confirmation pages are in committee.tsx.
import type { FieldError } from '../../../kernel/errors.js';
import type { T } from '../../../kernel/i18n.js';
import { fmtNumber, pick } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CheckboxesField, CsrfField, ErrorSummary, Layout, SelectField, Table, TextField } from '../../../kernel/web/components.js';
import type { EligibleCount } from '../../residents/index.js';
import type { UnitBoundary } from '../../territory/index.js';
import type { Results, TurnoutProgress } from '../../voting/index.js';
import { CertifyForm as VotingCertifyForm, ShareForm as VotingShareForm } from '../../voting/index.js';
import { LANGS, MAX_DESCRIPTION, MAX_NUMBER_FIELD, MAX_OPTION, MAX_OPTIONS, MAX_QUESTION, MAX_TITLE, QUESTION_SLOTS } from '../form.js';
import { TurnoutProgressSection } from './charts.js';
import type { CommitteeMember, Poll } from '../service.js';
import { CommitteeSection } from './committee.js';
import { ResultsTables, Signatures, StatusTag, TextAreaField, Window, eligibilityText, pageTitle, pollCrumbs } from './parts.js';

export function AdminPollsPage(props: { ctx: PageCtx; kov: string; polls: Poll[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('polls.admin.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={pollCrumbs(ctx, null, title)} wide>
      <h1>{title}</h1>
      <p>
        <a class="button" href={`/kov/${props.kov}/polls/new`}>
          {t('polls.admin.new')}
        </a>
      </p>
      <Table<Poll>
        t={t}
        caption={t('polls.list.caption')}
        rows={props.polls}
        columns={[
          { label: t('polls.col.title'), cell: (p) => <a href={`/kov/${p.kov}/polls/${p.id}/manage`}>{pick(p.vote.title, ctx.locale)}</a> },
          { label: t('polls.col.window'), cell: (p) => <Window t={t} poll={p} /> },
          { label: t('polls.col.status'), cell: (p) => <StatusTag t={t} poll={p} /> },
        ]}
      />
    </Layout>
  );
}

type Values = Record<string, string | string[]>;

/** An options box holds up to MAX_OPTIONS lines of MAX_OPTION characters (and their line breaks). */
const OPTIONS_FIELD_MAX = MAX_OPTIONS * (MAX_OPTION + 2);
const COSTS_FIELD_MAX = MAX_OPTIONS * (MAX_NUMBER_FIELD + 2);

const v = (values: Values, name: string) => {
  const x = values[name];
  return typeof x === 'string' ? x : '';
};

/** The poll form: a new poll, or (with `edit`) a draft being edited. */
export function NewPollPage(props: { ctx: PageCtx; kov: string; units: { code: string; name: string }[]; values: Values; errors?: FieldError[]; edit?: Poll; committee?: CommitteeMember[] }) {
  const { ctx, values, errors, edit } = props;
  const t = ctx.t;
  const title = edit ? t('polls.edit.title', { title: pick(edit.vote.title, ctx.locale) }) : t('polls.new.title');
  const action = edit ? `/kov/${props.kov}/polls/${edit.id}/edit` : `/kov/${props.kov}/polls`;
  const langName = (l: string) => t(`polls.lang.${l}`);
  const units = Array.isArray(values.units) ? values.units : [];
  return (
    <Layout ctx={ctx} title={pageTitle(t, title, errors)} crumbs={pollCrumbs(ctx, edit ?? null, title)}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <p>{t('polls.new.intro')}</p>
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('polls.new.texts')}</legend>
          {LANGS.map((l) => (
            <TextField t={t} name={`title_${l}`} label={t('polls.field.title', { lang: langName(l) })} errors={errors} value={v(values, `title_${l}`)} required maxLength={MAX_TITLE} />
          ))}
          {LANGS.map((l) => (
            <TextAreaField t={t} name={`description_${l}`} label={t('polls.field.description', { lang: langName(l) })} errors={errors} value={v(values, `description_${l}`)} lang={l} rows={3} maxLength={MAX_DESCRIPTION} />
          ))}
        </fieldset>
        {Array.from({ length: QUESTION_SLOTS }, (_, i) => (
          <fieldset>
            <legend>{t('polls.field.question', { n: i + 1 })}</legend>
            <p class="hint">{t('polls.field.questionHint')}</p>
            {LANGS.map((l) => (
              <TextField t={t} name={`q${i}_text_${l}`} label={t('polls.field.questionText', { lang: langName(l) })} errors={errors} value={v(values, `q${i}_text_${l}`)} maxLength={MAX_QUESTION} />
            ))}
            {LANGS.map((l) => (
              <TextAreaField
                t={t}
                name={`q${i}_options_${l}`}
                label={t('polls.field.options', { lang: langName(l) })}
                hint={l === 'et' ? t('polls.field.optionsHint') : undefined}
                errors={errors}
                value={v(values, `q${i}_options_${l}`)}
                lang={l}
                maxLength={OPTIONS_FIELD_MAX}
              />
            ))}
            <SelectField
              t={t}
              name={`q${i}_rule`}
              label={t('polls.label.rule')}
              errors={errors}
              value={v(values, `q${i}_rule`) || 'one'}
              options={[
                { value: 'one', label: t('polls.rule.one') },
                { value: 'upTo', label: t('polls.rule.upTo') },
                { value: 'budget', label: t('polls.rule.budget') },
              ]}
            />
            <TextField t={t} name={`q${i}_max`} label={t('polls.label.max')} errors={errors} value={v(values, `q${i}_max`)} inputmode="numeric" maxLength={MAX_NUMBER_FIELD} />
            <TextField t={t} name={`q${i}_budget`} label={t('polls.field.budgetLabel')} errors={errors} value={v(values, `q${i}_budget`)} inputmode="numeric" maxLength={MAX_NUMBER_FIELD} />
            <TextAreaField t={t} name={`q${i}_costs`} label={t('polls.field.costsLabel')} errors={errors} value={v(values, `q${i}_costs`)} maxLength={COSTS_FIELD_MAX} />
          </fieldset>
        ))}
        <fieldset>
          <legend>{t('polls.field.eligibility')}</legend>
          {props.units.length > 0 && (
            <CheckboxesField
              t={t}
              name="units"
              legend={t('polls.field.units')}
              hint={t('polls.field.unitsHint')}
              errors={errors}
              options={props.units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
              values={units}
            />
          )}
          <TextField t={t} name="minAge" label={t('polls.label.minAge')} errors={errors} value={v(values, 'minAge')} inputmode="numeric" maxLength={MAX_NUMBER_FIELD} />
          <TextField t={t} name="on" type="date" label={t('polls.field.on')} errors={errors} value={v(values, 'on')} />
          <TextField t={t} name="residentSince" type="date" label={t('polls.field.residentSince')} hint={t('polls.field.residentSinceHint')} errors={errors} value={v(values, 'residentSince')} />
          <TextField t={t} name="extraLists" label={t('polls.field.extraLists')} hint={t('polls.field.extraListsHint')} errors={errors} value={v(values, 'extraLists')} maxLength={2000} />
        </fieldset>
        <fieldset>
          <legend>{t('polls.field.window')}</legend>
          <TextField t={t} name="opensAt" type="datetime-local" label={t('polls.field.opensAt')} errors={errors} value={v(values, 'opensAt')} required />
          <TextField t={t} name="closesAt" type="datetime-local" label={t('polls.field.closesAt')} errors={errors} value={v(values, 'closesAt')} required />
        </fieldset>
        <CheckboxesField
          t={t}
          name="revote"
          legend={t('polls.field.revoteLegend')}
          errors={errors}
          options={[{ value: 'yes', label: t('polls.field.revote') }]}
          values={v(values, 'revote') === 'yes' ? ['yes'] : []}
        />
        <fieldset>
          <legend>{t('polls.field.committee')}</legend>
          <p class="hint">{t('polls.field.thresholdHint')}</p>
          {edit && props.committee && props.committee.length > 0 && (
            <p class="hint">{t('polls.edit.committeeAgain', { hints: props.committee.map((m) => m.hint).join(', ') })}</p>
          )}
          <TextAreaField
            t={t}
            name="committee"
            label={t('polls.field.committeeCodes')}
            hint={t('polls.field.committeeHint')}
            errors={errors}
            value={v(values, 'committee')}
            rows={5}
          />
          <TextField t={t} name="threshold" label={t('polls.label.threshold')} errors={errors} value={v(values, 'threshold')} inputmode="numeric" required maxLength={MAX_NUMBER_FIELD} />
        </fieldset>
        <button type="submit" class="button">
          {t(edit ? 'polls.edit.save' : 'polls.new.create')}
        </button>
      </form>
    </Layout>
  );
}

function PollFacts(props: { ctx: PageCtx; poll: Poll; unitNames: Map<string, string> }) {
  const { ctx, poll } = props;
  const t = ctx.t;
  return (
    <dl class="facts">
      <dt>{t('polls.public.status')}</dt>
      <dd>
        <StatusTag t={t} poll={poll} />
      </dd>
      <dt>{t('polls.public.window')}</dt>
      <dd>
        <Window t={t} poll={poll} />
      </dd>
      <dt>{t('polls.public.eligibility')}</dt>
      <dd>{eligibilityText(t, poll, props.unitNames)}</dd>
      <dt>{t('polls.public.rules')}</dt>
      <dd>
        {t(poll.vote.revote ? 'polls.public.revoteYes' : 'polls.public.revoteNo')} {t('polls.public.committee', { k: poll.threshold, n: poll.members })}
      </dd>
    </dl>
  );
}

export { PollFacts };

export interface ManageProps {
  ctx: PageCtx;
  poll: Poll;
  preview: EligibleCount | null;
  unitNames: Map<string, string>;
  results: Results | null;
  /** Turnout over time (counts only); null for a draft. */
  progress?: TurnoutProgress | null;
  boundaries?: UnitBoundary[];
  errors?: FieldError[];
  canAdmin: boolean;
  committee: CommitteeMember[];
  /** The viewer's own place on the committee (a link to pick up her share while it waits). */
  me: CommitteeMember | null;
}

export function ManagePage(props: ManageProps) {
  const { ctx, poll, errors } = props;
  const t = ctx.t;
  const title = t('polls.manage.title', { title: pick(poll.vote.title, ctx.locale) });
  const base = `/kov/${poll.kov}/polls/${poll.id}`;
  const s = poll.status;
  return (
    <Layout ctx={ctx} title={pageTitle(t, title, errors)} crumbs={pollCrumbs(ctx, poll, t('polls.admin.manage'))} wide>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <PollFacts ctx={ctx} poll={poll} unitNames={props.unitNames} />
      {s !== 'draft' && <p>{t('polls.manage.rollSize', { n: fmtNumber(poll.vote.rollSize) })}</p>}
      {poll.vote.turnout !== null && <p>{t('polls.manage.turnout', { n: fmtNumber(poll.vote.turnout) })}</p>}
      {props.me?.share === 'waiting' && (
        <p class="panel">
          <a href={`${base}/share`}>{t('polls.committee.yourShare')}</a>
        </p>
      )}

      {s === 'draft' && props.preview && (
        <section aria-labelledby="preview">
          <h2 id="preview">{t('polls.manage.preview')}</h2>
          <p>{t('polls.manage.previewTotal', { n: fmtNumber(props.preview.total) })}</p>
          <Table<EligibleCount['byUnit'][number]>
            t={t}
            caption={t('polls.manage.byUnit')}
            rows={props.preview.byUnit}
            columns={[
              { label: t('polls.manage.unit'), cell: (u) => (u.code === null ? t('polls.manage.extraUnit') : `${u.name ?? u.code} (${u.code})`) },
              { label: t('polls.manage.count'), cell: (u) => fmtNumber(u.count), numeric: true },
            ]}
          />
          {props.canAdmin && (
            <p>
              <a class="button button-secondary" href={`${base}/edit`}>
                {t('polls.edit.link')}
              </a>
            </p>
          )}
          {props.canAdmin && (
            <form method="post" action={`${base}/publish`} id="f-roll">
              <CsrfField ctx={ctx} />
              <p class="hint">{t('polls.manage.publishHint')}</p>
              <button type="submit" class="button">
                {t('polls.manage.publish')}
              </button>
            </form>
          )}
        </section>
      )}

      {s === 'draft' && props.canAdmin && <DeleteDraftForm ctx={ctx} base={base} errors={errors} />}

      {(s === 'scheduled' || s === 'open' || s === 'ended') && props.canAdmin && (
        <form method="post" action={`${base}/close`} id="f-status">
          <CsrfField ctx={ctx} />
          <p class="hint">{t('polls.manage.closeHint')}</p>
          <button type="submit" class="button button-warning">
            {t('polls.manage.close')}
          </button>
        </form>
      )}

      {props.progress && <TurnoutProgressSection t={t} progress={props.progress} />}

      <CommitteeSection ctx={ctx} poll={poll} committee={props.committee} />

      {s === 'closed' && (
        <section aria-labelledby="shares">
          <h2 id="shares">{t('polls.manage.shares')}</h2>
          <p>{t('polls.manage.sharesIntro', { k: poll.threshold, received: poll.decrypted.length })}</p>
          {Array.from({ length: poll.members }, (_, i) => i + 1).map((m) =>
            poll.decrypted.includes(m) ? (
              <p>{t('polls.manage.memberDone', { n: m })}</p>
            ) : (
              <ShareForm ctx={ctx} base={base} member={m} errors={errors} />
            ),
          )}
        </section>
      )}

      {(s === 'published' || s === 'certified') && props.results && (
        <section aria-labelledby="results">
          <h2 id="results">{t('polls.public.results')}</h2>
          <ResultsTables t={t} ctx={ctx} results={props.results} unitNames={props.unitNames} boundaries={props.boundaries} />
          <Signatures t={t} results={props.results} />
          {s === 'published' && props.results.digest && (
            <CertifyForm ctx={ctx} base={base} poll={poll} results={props.results} digest={props.results.digest} errors={errors} />
          )}
        </section>
      )}
      <p>
        <a href={base}>{t('polls.published.back')}</a>
      </p>
    </Layout>
  );
}

/** The sign-off (the voting core's form): the results digest shown, confirmed with a tick box; the form posts the digest. */
function CertifyForm(props: { ctx: PageCtx; base: string; poll: Poll; results: Results; digest: string; errors?: FieldError[] }) {
  const t = props.ctx.t;
  return (
    <VotingCertifyForm
      ctx={props.ctx}
      action={`${props.base}/certify`}
      digest={props.digest}
      intro={t('polls.manage.certifyIntro', { k: props.poll.threshold, n: props.results.certifications })}
      digestHeading={t('polls.manage.digest')}
      hint={t('polls.manage.digestHint', { voteId: props.poll.voteId })}
      confirmLabel={t('polls.manage.confirm', { digest: props.digest.slice(0, 12) })}
      submit={t('polls.manage.certify')}
      errors={props.errors}
    />
  );
}

/** Deleting a draft: a tick box confirms it (the audit log keeps a record). */
function DeleteDraftForm(props: { ctx: PageCtx; base: string; errors?: FieldError[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const err = props.errors?.find((e) => e.field === 'deleteConfirm');
  return (
    <form method="post" action={`${props.base}/delete`} class="panel">
      <CsrfField ctx={ctx} />
      <h2>{t('polls.delete.heading')}</h2>
      <div class={err ? 'field field-error' : 'field'}>
        {err && (
          <p class="error-message" id="f-deleteConfirm-error">
            <span class="visually-hidden">{t('form.errorPrefix')} </span>
            {t(err.reason, err.vars)}
          </p>
        )}
        <div class="checkbox">
          <input type="checkbox" id="f-deleteConfirm" name="confirm" value="yes" aria-describedby={err ? 'f-deleteConfirm-error' : undefined} aria-invalid={err ? 'true' : undefined} />{' '}
          <label for="f-deleteConfirm">{t('polls.delete.confirm')}</label>
        </div>
      </div>
      <button type="submit" class="button button-warning">
        {t('polls.delete.submit')}
      </button>
    </form>
  );
}

function ShareForm(props: { ctx: PageCtx; base: string; member: number; errors?: FieldError[] }) {
  const { member } = props;
  const t = props.ctx.t;
  return (
    <VotingShareForm
      ctx={props.ctx}
      action={`${props.base}/shares`}
      member={member}
      heading={t('polls.manage.member', { n: member })}
      label={t('polls.manage.share', { n: member })}
      submit={t('polls.manage.submitShare', { n: member })}
      errors={props.errors}
    />
  );
}

export function unitNameMap(units: { code: string; name: string }[]): Map<string, string> {
  return new Map(units.map((u) => [u.code, u.name]));
}

export type { T };
