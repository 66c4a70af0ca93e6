// The residents register page for KOV officials: status of the current import, the latest bad-row
// report, how to import (a file, or over X-tee from the population register when the server has it
// configured), and the eligibility preview (a GET form: counting changes nothing).
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDate, fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { FetchStatus } from '../fetch.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, ErrorSummary, Layout, Table, TextField } from '../../../kernel/web/components.js';
import type { BatchRow, StoredProblem } from '../repo.js';
import { problemReason } from '../import.js';
import type { EligibleCount, RegisterStatus } from '../service.js';

export interface PreviewValues {
  units: string[];
  minAge: string;
  on: string;
  residentSince: string;
  extraLists: string[];
}

/** The upload form shown again: its errors (no file, not CSV, …) and, for a shrinking import, the confirmation step. */
export interface UploadForm {
  acceptGoodRows: boolean;
  errors: FieldError[];
  /** The import would empty or shrink the register: ask to confirm (the counts are in the error). */
  confirm?: boolean;
}

/** The X-tee form: shown when X-tee is configured ('on'); otherwise the page says why it is not there. */
export interface XteeForm {
  state: 'on' | 'off' | 'invalid';
  /** Why the settings are invalid (state 'invalid'). */
  problem: string | null;
  /** The reference date in the form (YYYY-MM-DD). */
  date: string;
  errors?: FieldError[];
  /** The KOV's latest X-tee fetch: its progress while it runs, then its outcome. */
  fetch: FetchStatus | null;
}

/** The latest fetch: progress while it runs (with a link to look again), then how it ended. */
function FetchBox(props: { ctx: PageCtx; kov: string; fetch: FetchStatus }) {
  const t = props.ctx.t;
  const f = props.fetch;
  const on = fmtDate(f.on);
  const when = fmtDateTime(f.startedAt);
  if (f.state === 'running') {
    return (
      <div class="notice" role="status">
        <p>
          {t('residents.xtee.progress', { on, when, n: fmtNumber(f.people), mb: fmtNumber(Math.round(f.bytes / 100_000) / 10), bad: fmtNumber(f.bad) })}
        </p>
        <p>
          <a href={`/kov/${props.kov}/admin/residents#xtee`}>{t('residents.xtee.refresh')}</a>
        </p>
      </div>
    );
  }
  const text =
    f.state === 'imported'
      ? t('residents.xtee.done', { on, n: fmtNumber(f.rowsImported), bad: fmtNumber(f.bad), notLiving: fmtNumber(f.notLiving) })
      : f.state === 'rejected'
        ? t('residents.xtee.rejected', { on, bad: fmtNumber(f.bad) })
        : f.state === 'failed'
          ? t('residents.xtee.failed', { message: f.message ?? '' })
          : t('residents.xtee.interrupted', { on, when });
  return (
    <p class={f.state === 'imported' ? 'notice notice-success' : 'notice'} role="status">
      {t('residents.xtee.latest', { when: fmtDateTime(f.finishedAt ?? f.updatedAt), by: f.actorName })} {text}
    </p>
  );
}

function Problems(props: { ctx: PageCtx; batch: BatchRow }) {
  const t = props.ctx.t;
  if (!props.batch.problems.length) return null;
  // An X-tee import's line N is person N − 1 of the RR417 answer (line 1 is the CSV header).
  const xtee = props.batch.source === 'xtee';
  return (
    <Table<StoredProblem>
      t={t}
      caption={t('residents.problems.heading')}
      columns={[
        {
          label: t(xtee ? 'residents.problems.person' : 'residents.problems.line'),
          cell: (p) => (xtee ? (p.line > 1 ? fmtNumber(p.line - 1) : '–') : fmtNumber(p.line)),
          numeric: true,
        },
        { label: t('residents.problems.field'), cell: (p) => p.field },
        {
          label: t('residents.problems.reason'),
          cell: (p) => {
            const r = problemReason(p);
            return t(r.key, r.vars);
          },
        },
      ]}
      rows={props.batch.problems.slice(0, 200)}
    />
  );
}

function XteeSection(props: { ctx: PageCtx; kov: string; form: XteeForm }) {
  const { ctx, form } = props;
  const t = ctx.t;
  return (
    <>
      <h2 id="xtee">{t('residents.xtee.heading')}</h2>
      {form.fetch && <FetchBox ctx={ctx} kov={props.kov} fetch={form.fetch} />}
      {form.state === 'on' && form.fetch?.state === 'running' ? (
        <p>{t('residents.xtee.wait')}</p>
      ) : form.state === 'on' ? (
        <>
          <p>{t('residents.xtee.text', { kov: props.kov })}</p>
          {form.errors && <ErrorSummary t={t} errors={form.errors} />}
          <form method="post" action={`/kov/${props.kov}/admin/residents/xtee-import`} novalidate>
            <CsrfField ctx={ctx} />
            <TextField t={t} name="date" label={t('residents.xtee.date')} hint={t('residents.xtee.dateHint')} value={form.date} type="date" errors={form.errors} />
            <div class="checkbox">
              <input type="checkbox" id="f-xteeAcceptGoodRows" name="acceptGoodRows" value="1" />
              <label for="f-xteeAcceptGoodRows">{t('residents.upload.accept')}</label>
            </div>
            <button type="submit">{t('residents.xtee.submit')}</button>
          </form>
        </>
      ) : (
        <p class="notice">{form.state === 'off' ? t('residents.xtee.off') : t('residents.xtee.invalid', { message: form.problem ?? '' })}</p>
      )}
    </>
  );
}

export function ResidentsPage(props: {
  ctx: PageCtx;
  kov: string;
  status: RegisterStatus;
  values: PreviewValues;
  result: EligibleCount | null;
  errors?: FieldError[];
  xtee: XteeForm;
  upload?: UploadForm;
}) {
  const { ctx, status, values, result, errors } = props;
  const t = ctx.t;
  const title = t('residents.title');
  const upload = props.upload;
  const hasErrors = !!(errors && errors.length) || !!props.xtee.errors?.length || !!upload?.errors.length;
  const fileError = upload?.errors.find((e) => e.field === 'file');
  const cur = status.current;
  const latest = status.latest;
  const unitNames = new Map(status.units.map((u) => [u.code, u.name]));
  const crumbs = [
    ...(ctx.tenant ? [{ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name }] : []),
    { href: `/kov/${props.kov}/admin`, label: t('admin.title') },
    { label: title },
  ];
  return (
    <Layout ctx={ctx} title={hasErrors ? `${t('form.errorPrefix')} ${title}` : title} crumbs={crumbs}>
      <h1>{title}</h1>
      <p>{t('residents.intro')}</p>
      <h2>{t('residents.status.heading')}</h2>
      {cur ? (
        <dl class="summary">
          <dt>{t('residents.status.importedAt')}</dt>
          <dd>{fmtDateTime(cur.finishedAt ?? cur.startedAt)}</dd>
          <dt>{t('residents.status.people')}</dt>
          <dd>{fmtNumber(cur.rowsImported)}</dd>
          <dt>{t('residents.status.by')}</dt>
          <dd>{cur.actorName}</dd>
          <dt>{t('residents.status.source')}</dt>
          <dd>{t(cur.source === 'xtee' ? 'residents.status.sourceXtee' : 'residents.status.sourceFile')}</dd>
          {cur.fileName && (
            <>
              <dt>{t(cur.source === 'xtee' ? 'residents.status.query' : 'residents.status.file')}</dt>
              <dd>{cur.fileName}</dd>
            </>
          )}
          <dt>{t('residents.status.badRows')}</dt>
          <dd>{fmtNumber(cur.rowsBad)}</dd>
        </dl>
      ) : (
        <p>{t('residents.status.none')}</p>
      )}
      {latest && latest.status === 'loading' && <p class="notice">{t('residents.status.loading', { when: fmtDateTime(latest.startedAt) })}</p>}
      {latest && latest.status === 'failed' && (
        <p class="notice">{t('residents.status.latestFailed', { when: fmtDateTime(latest.startedAt), bad: fmtNumber(latest.rowsBad) })}</p>
      )}
      {latest && latest.status === 'failed' ? <Problems ctx={ctx} batch={latest} /> : cur ? <Problems ctx={ctx} batch={cur} /> : null}

      <h2 id="upload">{t('residents.upload.heading')}</h2>
      <p>{t('residents.upload.text', { kov: props.kov })}</p>
      {upload && upload.errors.length > 0 && <ErrorSummary t={t} errors={upload.errors} />}
      <form method="post" action={`/kov/${props.kov}/admin/residents/import`} enctype="multipart/form-data">
        <CsrfField ctx={ctx} />
        <div class={fileError ? 'field field-error' : 'field'}>
          <label for="f-file">{t('residents.upload.file')}</label>
          <p class="hint" id="f-file-hint">
            {t('residents.upload.fileHint')}
          </p>
          {fileError && (
            <p class="error-message" id="f-file-error">
              <span class="visually-hidden">{t('form.errorPrefix')} </span>
              {t(fileError.reason, fileError.vars)}
            </p>
          )}
          <input
            type="file"
            id="f-file"
            name="file"
            accept=".csv,text/csv"
            aria-describedby={fileError ? 'f-file-hint f-file-error' : 'f-file-hint'}
            aria-invalid={fileError ? 'true' : undefined}
            required
          />
        </div>
        <div class="checkbox">
          <input type="checkbox" id="f-acceptGoodRows" name="acceptGoodRows" value="1" checked={upload?.acceptGoodRows} />
          <label for="f-acceptGoodRows">{t('residents.upload.accept')}</label>
        </div>
        {upload?.confirm && (
          <div class="field field-error">
            <p class="hint" id="f-confirmShrink-hint">
              {t('residents.upload.confirmAgain')}
            </p>
            <div class="checkbox">
              <input type="checkbox" id="f-confirmShrink" name="confirmShrink" value="1" aria-describedby="f-confirmShrink-hint" />
              <label for="f-confirmShrink">{t('residents.upload.confirmShrink')}</label>
            </div>
          </div>
        )}
        <button type="submit">{t('residents.upload.submit')}</button>
      </form>

      <XteeSection ctx={ctx} kov={props.kov} form={props.xtee} />

      <h2 id="preview">{t('residents.preview.heading')}</h2>
      {errors && <ErrorSummary t={t} errors={errors} />}
      <form method="get" action={`/kov/${props.kov}/admin/residents#preview`} novalidate>
        {status.units.length > 1 && (
          <div class={errors?.some((e) => e.field === 'units') ? 'field field-error' : 'field'}>
            <fieldset aria-describedby="f-units-hint">
              <legend>{t('residents.preview.units')}</legend>
              <p class="hint" id="f-units-hint">
                {t('residents.preview.unitsHint')}
              </p>
              {status.units.map((u, i) => (
                <div class="checkbox">
                  <input type="checkbox" id={i === 0 ? 'f-units' : `f-units-${u.code}`} name="units" value={u.code} checked={values.units.includes(u.code)} />
                  <label for={i === 0 ? 'f-units' : `f-units-${u.code}`}>{u.name}</label>
                </div>
              ))}
            </fieldset>
          </div>
        )}
        <TextField t={t} name="minAge" label={t('residents.preview.minAge')} value={values.minAge} inputmode="numeric" errors={errors} />
        <TextField t={t} name="on" label={t('residents.preview.on')} value={values.on} type="date" errors={errors} />
        <TextField t={t} name="residentSince" label={t('residents.preview.since')} value={values.residentSince} type="date" errors={errors} />
        {status.lists.length > 0 && (
          <fieldset id="f-extraLists">
            <legend>{t('residents.preview.lists')}</legend>
            {status.lists.map((l) => (
              <div class="checkbox">
                <input type="checkbox" id={`f-list-${l.id}`} name="extraLists" value={l.name} checked={values.extraLists.includes(l.name)} />
                <label for={`f-list-${l.id}`}>
                  {l.name} ({fmtNumber(l.members)})
                </label>
              </div>
            ))}
          </fieldset>
        )}
        <button type="submit" name="count" value="1">
          {t('residents.preview.submit')}
        </button>
      </form>
      {result && (
        <section aria-live="polite">
          <p class="result">
            <strong>{t('residents.preview.total', { n: fmtNumber(result.total) })}</strong>
          </p>
          <Table<EligibleCount['byUnit'][number]>
            t={t}
            caption={t('residents.preview.byUnit')}
            columns={[
              { label: t('residents.preview.unit'), cell: (u) => (u.code === null ? t('residents.preview.listOnly') : (u.name ?? unitNames.get(u.code) ?? u.code)) },
              { label: t('residents.preview.count'), cell: (u) => fmtNumber(u.count), numeric: true },
            ]}
            rows={result.byUnit}
          />
        </section>
      )}
    </Layout>
  );
}
