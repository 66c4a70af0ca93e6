// The KOV admin's "new election" form (GOV.UK error summary; every field labelled).
import type { FieldError } from '../../../kernel/errors.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CheckboxesField, CsrfField, ErrorSummary, Layout, SelectField, TextAreaField, TextField } from '../../../kernel/web/components.js';
import type { FormBody } from '../form.js';
import { list, str } from '../form.js';

export function NewElectionPage(props: { ctx: PageCtx; kov: { code: string; name: string }; units: { code: string; name: string }[]; values: FormBody; errors?: FieldError[] }) {
  const { ctx, kov, values: v } = props;
  const t = ctx.t;
  const title = t('elders.new.title');
  const errors = props.errors ?? [];
  const text = (name: string, label: string, type = 'text', hint?: string) => <TextField t={t} name={name} label={label} type={type} value={str(v, name)} errors={errors} hint={hint} required />;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ label: kov.name, href: `/kov/${kov.code}` }, { label: t('elders.admin.title'), href: `/kov/${kov.code}/elders/admin` }, { label: title }]}>
      <h1>{title}</h1>
      {errors.length > 0 && <ErrorSummary t={t} errors={errors} />}
      <form method="post" action={`/kov/${kov.code}/elders/new`} novalidate>
        <CsrfField ctx={ctx} />
        {text('title.et', t('elders.new.titleEt'))}
        {text('title.en', t('elders.new.titleEn'))}
        {text('title.ru', t('elders.new.titleRu'))}
        <CheckboxesField t={t} name="units" legend={t('elders.col.units')} errors={errors} options={props.units.map((u) => ({ value: u.code, label: u.name }))} values={list(v, 'units')} />
        {text('nominationOpens', t('elders.new.nominationOpens'), 'datetime-local')}
        {text('nominationCloses', t('elders.new.nominationCloses'), 'datetime-local')}
        {text('votingOpens', t('elders.new.votingOpens'), 'datetime-local')}
        {text('votingCloses', t('elders.new.votingCloses'), 'datetime-local')}
        {text('candidateMinAge', t('elders.new.candidateMinAge'), 'number')}
        <SelectField
          t={t}
          name="candidateResident"
          label={t('elders.new.candidateResident')}
          value={str(v, 'candidateResident') || 'yes'}
          errors={errors}
          options={[
            { value: 'yes', label: t('elders.facts.residentYes') },
            { value: 'no', label: t('elders.facts.residentNo') },
          ]}
        />
        {text('voterMinAge', t('elders.new.voterMinAge'), 'number')}
        <TextField t={t} name="extraList" label={t('elders.new.extraList')} value={str(v, 'extraList')} errors={errors} />
        <TextAreaField t={t} name="voterListCsv" label={t('elders.new.voterListCsv')} value={str(v, 'voterListCsv')} errors={errors} rows={4} />
        <SelectField
          t={t}
          name="tieRule"
          label={t('elders.facts.tie')}
          value={str(v, 'tieRule') || 'lot'}
          errors={errors}
          options={[
            { value: 'lot', label: t('elders.tie.lot') },
            { value: 'runoff', label: t('elders.tie.runoff') },
          ]}
        />
        {text('termYears', t('elders.new.termYears'), 'number')}
        {text('members', t('elders.new.members'), 'number')}
        {text('threshold', t('elders.new.threshold'), 'number')}
        <TextAreaField t={t} name="committee" label={t('elders.new.committee')} value={str(v, 'committee')} errors={errors} rows={3} required />
        <button type="submit">{t('elders.new.submit')}</button>
      </form>
    </Layout>
  );
}
