// The idea form (a new idea with photos, or the author's edit) and the officials' process setup form.
// Both work without JavaScript; the reports module's map island turns the coordinates into a picker.
import type { FieldError } from '../../../kernel/errors.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, SelectField, TextAreaField, TextField } from '../../../kernel/web/components.js';
import { MapAssets, PlaceField, ReportsStyles, type MapConfig } from '../../reports/index.js';
import type { IdeaRow, Process } from '../service.js';
import { BALLOT_AREAS, BALLOT_KINDS, CATEGORIES, MAX_DESCRIPTION, MAX_TITLE, PHASES, SCOPES, WINNER_RULES } from '../service.js';
import { crumbs, titleOf, withErrors } from './parts.js';

type Values = Record<string, string>;


export function IdeaFormPage(props: { ctx: PageCtx; kov: string; process: Process; values: Values; errors?: FieldError[]; edit?: IdeaRow; map: MapConfig; signedInAs: string; closed?: boolean }) {
  const { ctx, kov, process: p, values, errors, edit } = props;
  const t = ctx.t;
  const title = edit ? t('budgets.form.editTitle', { number: edit.number }) : t('budgets.form.new', { process: titleOf(ctx, p) });
  return (
    <Layout ctx={ctx} title={withErrors(ctx, title, errors)} crumbs={crumbs(ctx, kov, p, { label: edit ? String(edit.number) : t('budgets.ideas.submit') })}>
      <MapAssets />
      <ReportsStyles />
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      {props.closed ? (
        <p>{t('budgets.form.notOpen')}</p>
      ) : (
        <form method="post" action={edit ? `/kov/${kov}/budgets/${p.id}/ideas/${edit.number}/edit` : `/kov/${kov}/budgets/${p.id}/ideas`} enctype={edit ? undefined : 'multipart/form-data'} novalidate>
          <CsrfField ctx={ctx} />
          <p>{t('budgets.form.signedInAs', { name: props.signedInAs })}</p>
          <TextField t={t} name="title" label={t('budgets.form.title')} value={values.title ?? ''} errors={errors} maxLength={MAX_TITLE} required />
          <TextAreaField t={t} rows={6} name="description" label={t('budgets.form.description')} hint={t('budgets.form.descriptionHint')} value={values.description ?? ''} errors={errors} maxLength={MAX_DESCRIPTION} required />
          {p.areas.length > 0 && (
            <SelectField t={t} name="area" label={t('budgets.form.area')} value={values.area ?? ''} errors={errors} required options={[{ value: '', label: t('budgets.form.choose') }, ...p.areas.map((a) => ({ value: a.id, label: a.name }))]} />
          )}
          <SelectField t={t} name="category" label={t('budgets.form.category')} value={values.category ?? ''} errors={errors} required options={[{ value: '', label: t('budgets.form.choose') }, ...CATEGORIES.map((c) => ({ value: c, label: t(`budgets.category.${c}`) }))]} />
          <TextField t={t} name="cost" label={t('budgets.form.cost')} hint={t('budgets.form.costHint')} value={values.cost ?? ''} errors={errors} inputmode="numeric" maxLength={12} required />
          <PlaceField
            t={t}
            errors={errors}
            values={values}
            map={props.map}
            texts={{ legend: t('budgets.form.place'), hint: t('budgets.form.placeHint'), pickLabel: t('budgets.map.pickLabel'), lat: t('budgets.form.lat'), lon: t('budgets.form.lon') }}
          />
          {!edit && (
            <div class={errors?.some((e) => e.field === 'photos') ? 'field field-error' : 'field'}>
              <label for="f-photos">{t('budgets.form.photos')}</label>
              <p class="hint" id="f-photos-hint">
                {t('budgets.form.photosHint')}
              </p>
              {errors
                ?.filter((e) => e.field === 'photos')
                .slice(0, 1)
                .map((e) => (
                  <p class="error-message" id="f-photos-error">
                    <span class="visually-hidden">{t('form.errorPrefix')} </span>
                    {t(e.reason, e.vars)}
                  </p>
                ))}
              <input type="file" id="f-photos" name="photos" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="f-photos-hint" />
            </div>
          )}
          <TextField t={t} name="email" type="email" label={t('budgets.form.email')} hint={t('budgets.form.emailHint')} value={values.email ?? ''} errors={errors} autocomplete="email" maxLength={254} />
          <p>
            <button type="submit">{edit ? t('budgets.form.save') : t('budgets.form.submit')}</button>
          </p>
        </form>
      )}
    </Layout>
  );
}

export function ProcessFormPage(props: { ctx: PageCtx; kov: string; values: Values; errors?: FieldError[]; edit?: Process }) {
  const { ctx, kov, values, errors, edit } = props;
  const t = ctx.t;
  const title = edit ? t('budgets.admin.editTitle', { title: titleOf(ctx, edit) }) : t('budgets.admin.newTitle');
  const opts = (prefix: string, list: readonly string[]) => list.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  return (
    <Layout ctx={ctx} title={withErrors(ctx, title, errors)} crumbs={[...(ctx.tenant ? [{ href: `/kov/${kov}/admin`, label: ctx.tenant.name }] : []), { href: `/kov/${kov}/budgets/admin`, label: t('budgets.admin.title') }, { label: title }]}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors ?? []} />
      <form method="post" action={edit ? `/kov/${kov}/budgets/${edit.id}/edit` : `/kov/${kov}/budgets/admin`} novalidate>
        <CsrfField ctx={ctx} />
        {(['title_et', 'title_en', 'title_ru'] as const).map((f) => (
          <TextField t={t} name={f} label={t(`budgets.field.${f}`)} value={values[f] ?? ''} errors={errors} maxLength={MAX_TITLE} required={f === 'title_et'} />
        ))}
        <TextAreaField t={t} name="description" label={t('budgets.field.description')} value={values.description ?? ''} errors={errors} maxLength={MAX_DESCRIPTION} />
        {PHASES.map((ph) => (
          <TextField t={t} type="datetime-local" name={`${ph}_from`} label={t('budgets.field.phaseFrom', { phase: t(`budgets.phase.${ph}`) })} hint={t('budgets.field.dateHint')} value={values[`${ph}_from`] ?? ''} errors={errors} required />
        ))}
        <TextField t={t} name="total_budget" label={t('budgets.field.total_budget')} value={values.total_budget ?? ''} errors={errors} inputmode="numeric" required />
        <TextField t={t} name="max_idea_cost" label={t('budgets.field.max_idea_cost')} value={values.max_idea_cost ?? ''} errors={errors} inputmode="numeric" />
        <TextField t={t} name="submit_min_age" label={t('budgets.field.submit_min_age')} value={values.submit_min_age ?? ''} errors={errors} inputmode="numeric" required />
        <SelectField t={t} name="submit_scope" label={t('budgets.field.submit_scope')} value={values.submit_scope ?? 'kov'} errors={errors} options={opts('budgets.scope', SCOPES)} />
        <TextField t={t} name="vote_min_age" label={t('budgets.field.vote_min_age')} value={values.vote_min_age ?? ''} errors={errors} inputmode="numeric" required />
        <SelectField t={t} name="vote_scope" label={t('budgets.field.vote_scope')} value={values.vote_scope ?? 'kov'} errors={errors} options={opts('budgets.scope', SCOPES)} />
        <SelectField t={t} name="ballot_kind" label={t('budgets.field.ballot_kind')} value={values.ballot_kind ?? 'count'} errors={errors} options={opts('budgets.ballotKind', BALLOT_KINDS)} />
        <TextField t={t} name="ballot_max" label={t('budgets.field.ballot_max')} value={values.ballot_max ?? ''} errors={errors} inputmode="numeric" />
        <SelectField t={t} name="ballot_areas" label={t('budgets.field.ballot_areas')} value={values.ballot_areas ?? 'one'} errors={errors} options={opts('budgets.ballotAreas', BALLOT_AREAS)} />
        <SelectField t={t} name="winner_rule" label={t('budgets.field.winner_rule')} value={values.winner_rule ?? 'greedy'} errors={errors} options={opts('budgets.winnerRule', WINNER_RULES)} />
        <TextAreaField t={t} name="areas" rows={5} label={t('budgets.field.areas')} hint={t('budgets.field.areasHint')} value={values.areas ?? ''} errors={errors} />
        <p>
          <button type="submit">{t('budgets.form.save')}</button>
        </p>
      </form>
    </Layout>
  );
}
