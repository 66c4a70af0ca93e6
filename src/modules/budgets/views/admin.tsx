// The officials' budgets pages: the KOV's processes, and the review of a process's ideas (publish,
// reject with a reason, merge, assess feasibility and cost).
import type { FieldError } from '../../../kernel/errors.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, Table, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { IdeaView, Process } from '../service.js';
import { MAX_REASON } from '../service.js';
import { IdeaTags, PhaseTag, euros, titleOf } from './parts.js';

const adminCrumbs = (ctx: PageCtx, kov: string): Crumb[] => [...(ctx.tenant ? [{ href: `/kov/${kov}/admin`, label: ctx.tenant.name }] : []), { href: `/kov/${kov}/budgets/admin`, label: ctx.t('budgets.admin.title') }];

export function AdminProcessesPage(props: { ctx: PageCtx; kov: string; processes: Process[]; configure: boolean }) {
  const { ctx, kov } = props;
  const t = ctx.t;
  const title = t('budgets.admin.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={adminCrumbs(ctx, kov).slice(0, -1).concat({ label: title })} wide>
      <h1>{title}</h1>
      {props.configure && (
        <p>
          <a class="button" href={`/kov/${kov}/budgets/admin/new`}>
            {t('budgets.admin.new')}
          </a>
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
            {
              label: t('budgets.col.status'),
              cell: (p) => (
                <>
                  <a href={`/kov/${kov}/budgets/${p.id}/review`}>{t('budgets.admin.review')}</a>
                  {props.configure && (
                    <>
                      {' · '}
                      <a href={`/kov/${kov}/budgets/${p.id}/edit`}>{t('budgets.admin.edit')}</a>
                    </>
                  )}
                </>
              ),
            },
          ]}
        />
      ) : (
        <p>{t('budgets.none')}</p>
      )}
    </Layout>
  );
}

/** One idea's review forms: each action is its own small form (publish, reject, merge, assess). */
function ReviewForms(props: { ctx: PageCtx; kov: string; process: Process; idea: IdeaView; values: Record<string, string>; errors?: FieldError[] }) {
  const { ctx, kov, process: p, idea } = props;
  const t = ctx.t;
  const action = `/kov/${kov}/budgets/${p.id}/ideas/${idea.number}/review`;
  const mine = props.values.number === String(idea.number);
  const errors = mine ? props.errors : undefined;
  const v = (name: string, fallback: string) => (mine && props.values[name] !== undefined ? props.values[name]! : fallback);
  const id = (name: string) => `${name}-${idea.number}`;
  if (idea.status === 'merged') return null;
  return (
    <div class="review-forms">
      {idea.status !== 'published' && (
        <form method="post" action={action}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="action" value="publish" />
          <button type="submit">{t('budgets.review.publish')} ({idea.number})</button>
        </form>
      )}
      <form method="post" action={action}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value="assess" />
        <SelectField t={t} name={id('feasibility')} label={t('budgets.review.feasibility')} value={v('feasibility', idea.feasibility)} errors={errors} options={(['unknown', 'feasible', 'infeasible'] as const).map((f) => ({ value: f, label: t(`budgets.feasibility.${f}`) }))} />
        <TextField t={t} name={id('official_cost')} label={t('budgets.review.officialCost')} value={v('official_cost', idea.official_cost === null ? '' : String(idea.official_cost))} errors={errors} inputmode="numeric" />
        <TextField t={t} name={id('note')} label={t('budgets.review.note')} value={v('note', idea.feasibility_note ?? '')} errors={errors} maxLength={MAX_REASON} />
        <button type="submit" class="button-secondary">
          {t('budgets.review.assess')} ({idea.number})
        </button>
      </form>
      {idea.status !== 'rejected' && (
        <form method="post" action={action}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="action" value="reject" />
          <TextAreaField t={t} name={id('reason')} rows={2} label={t('budgets.review.reason')} value={v('reason', '')} errors={errors} maxLength={MAX_REASON} />
          <button type="submit" class="button-secondary">
            {t('budgets.review.reject')} ({idea.number})
          </button>
        </form>
      )}
      <form method="post" action={action}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value="merge" />
        <TextField t={t} name={id('into')} label={t('budgets.review.into')} value={v('into', '')} errors={errors} inputmode="numeric" />
        <button type="submit" class="button-secondary">
          {t('budgets.review.merge')} ({idea.number})
        </button>
      </form>
    </div>
  );
}

export function ReviewPage(props: { ctx: PageCtx; kov: string; process: Process; ideas: IdeaView[]; values?: Record<string, string>; errors?: FieldError[] }) {
  const { ctx, kov, process: p, ideas } = props;
  const t = ctx.t;
  const title = t('budgets.admin.reviewTitle', { title: titleOf(ctx, p) });
  const open = p.phase === 'ideas' || p.phase === 'review';
  const area = (id: string | null) => p.areas.find((a) => a.id === id)?.name;
  return (
    <Layout ctx={ctx} title={props.errors?.length ? `${t('form.errorPrefix')} ${title}` : title} crumbs={[...adminCrumbs(ctx, kov), { label: title }]} wide>
      <h1>{title}</h1>
      <p>
        {t('budgets.col.phase')}: <PhaseTag t={t} phase={p.phase} />
      </p>
      <ErrorSummary t={t} errors={props.errors ?? []} />
      {!open && <p class="inset">{t('budgets.error.reviewClosed')}</p>}
      {ideas.length === 0 && <p>{t('budgets.admin.none')}</p>}
      {ideas.map((i) => (
        <section class="review-idea" aria-labelledby={`idea-${i.number}`}>
          <h2 id={`idea-${i.number}`}>
            <a href={`/kov/${kov}/budgets/${p.id}/ideas/${i.number}`}>{t('budgets.idea.title', { number: i.number, title: i.title })}</a>
          </h2>
          <p>
            <IdeaTags t={t} idea={i} />
          </p>
          <p style="white-space: pre-line">{i.description}</p>
          <p>
            {area(i.area_id) ? `${area(i.area_id)} · ` : ''}
            {t(`budgets.category.${i.category}`)} · {t('budgets.idea.estimatedCost')}: {euros(t, i.estimated_cost)} · {t('budgets.idea.authors')}: {i.authors.join(', ')}
          </p>
          {i.reject_reason && <p>{t('budgets.idea.rejectReason', { reason: i.reject_reason })}</p>}
          {i.mergedIntoNumber !== null && <p>{t('budgets.idea.mergedInto', { number: i.mergedIntoNumber })}</p>}
          {open && <ReviewForms ctx={ctx} kov={kov} process={p} idea={i} values={props.values ?? {}} errors={props.errors} />}
        </section>
      ))}
    </Layout>
  );
}
