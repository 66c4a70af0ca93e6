// The platform administration: its front page (/admin) and the background jobs page (/admin/jobs):
// counts by kind and state, and the failed jobs (the dead letter) with a "try again" button each.
import type { T } from '../../../kernel/i18n.js';
import { fmtDateTime, fmtNumber, hasMessage } from '../../../kernel/i18n.js';
import type { JobCounts, JobState, JobView } from '../../../kernel/jobs.js';
import { KEEP_FINISHED_DAYS } from '../../../kernel/jobs.js';
import { platformLinks } from '../../../kernel/module.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, Layout, Table } from '../../../kernel/web/components.js';

/** A job kind's name on the page: its label when it has one. */
export function jobLabel(t: T, name: string, labelKey: string | null | undefined): string {
  return labelKey && hasMessage(labelKey) ? t(labelKey) : name;
}

const platformCrumbs = (t: T, page?: string): Crumb[] =>
  page ? [{ href: '/admin', label: t('admin.platformTitle') }, { label: page }] : [{ label: t('admin.platformTitle') }];

/** A job kind: its label with the technical name under it, or the name alone. */
function JobName(props: { t: T; name: string; labelKey: string | null | undefined }) {
  const label = jobLabel(props.t, props.name, props.labelKey);
  return label === props.name ? (
    <code>{props.name}</code>
  ) : (
    <>
      {label}
      <br />
      <code>{props.name}</code>
    </>
  );
}

function When(props: { at: Date | null }) {
  return props.at ? <time dateTime={props.at.toISOString()}>{fmtDateTime(props.at)}</time> : null;
}

export function PlatformAdminPage(props: { ctx: PageCtx; waiting: number; failed: number }) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('admin.platformTitle');
  return (
    <Layout ctx={ctx} title={title} crumbs={platformCrumbs(t)}>
      <h1>{title}</h1>
      <p>{t('admin.platform.intro')}</p>
      <ul class="cards">
        <li>
          <h2>
            <a href="/admin/roles">{t('admin.platform.roles')}</a>
          </h2>
          <p>{t('admin.platform.rolesText')}</p>
        </li>
        <li>
          <h2>
            <a href="/admin/jobs">{t('admin.platform.jobs')}</a>
          </h2>
          <p>{t('admin.platform.jobsText', { waiting: fmtNumber(props.waiting), failed: fmtNumber(props.failed) })}</p>
        </li>
        {platformLinks().map((l) => (
          <li>
            <h2>
              <a href={l.href}>{t(l.labelKey)}</a>
            </h2>
            {l.textKey && <p>{t(l.textKey)}</p>}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export interface JobsPageProps {
  ctx: PageCtx;
  backend: 'pg-boss' | 'embedded';
  workers: boolean;
  counts: JobCounts[];
  failed: JobView[];
}

export function JobsPage(props: JobsPageProps) {
  const { ctx, counts, failed } = props;
  const t = ctx.t;
  const title = t('admin.jobs.title');
  const labelOf = new Map(counts.map((c) => [c.name, c.labelKey]));
  const states: JobState[] = ['created', 'retry', 'active', 'completed', 'failed'];
  if (counts.some((c) => c.counts.cancelled > 0)) states.push('cancelled');
  return (
    <Layout ctx={ctx} title={title} crumbs={platformCrumbs(t, title)} wide>
      <h1>{title}</h1>
      <p>{t('admin.jobs.intro')}</p>
      <p>
        {t(`admin.jobs.engine.${props.backend}`)} {t(props.workers ? 'admin.jobs.workers.on' : 'admin.jobs.workers.off')}
      </p>

      <h2 id="counts">{t('admin.jobs.countsTitle')}</h2>
      <Table<JobCounts>
        t={t}
        caption={t('admin.jobs.countsTitle')}
        captionHidden
        rows={counts}
        columns={[
          {
            label: t('admin.jobs.col.job'),
            cell: (c) => <JobName t={t} name={c.name} labelKey={c.labelKey} />,
          },
          ...states.map((s) => ({ label: t(`admin.jobs.state.${s}`), numeric: true, cell: (c: JobCounts) => fmtNumber(c.counts[s]) })),
        ]}
      />
      <p class="hint">{t('admin.jobs.kept', { days: KEEP_FINISHED_DAYS })}</p>

      <h2 id="failed">{t('admin.jobs.failedTitle')}</h2>
      <p>{t('admin.jobs.failedIntro')}</p>
      <Table<JobView>
        t={t}
        caption={t('admin.jobs.failedCaption')}
        rows={failed}
        columns={[
          {
            label: t('admin.jobs.col.job'),
            cell: (j) => (
              <>
                <JobName t={t} name={j.name} labelKey={labelOf.get(j.name)} />
                <br />
                <span class="mono">{j.id}</span>
              </>
            ),
          },
          { label: t('admin.jobs.col.attempts'), numeric: true, cell: (j) => t('admin.jobs.attempts', { n: j.attempts, max: j.maxAttempts }) },
          { label: t('admin.jobs.col.error'), cell: (j) => j.lastError ?? '' },
          { label: t('admin.jobs.col.created'), cell: (j) => <When at={j.createdAt} /> },
          { label: t('admin.jobs.col.failedAt'), cell: (j) => <When at={j.finishedAt} /> },
          {
            label: t('admin.jobs.col.actions'),
            cell: (j) => (
              <form method="post" action={`/admin/jobs/${j.id}/retry`} class="inline">
                <CsrfField ctx={ctx} />
                <button type="submit" class="button button-small">
                  {t('admin.jobs.retry')}
                  <span class="visually-hidden"> – {t('admin.jobs.retryLabel', { job: jobLabel(t, j.name, labelOf.get(j.name)), id: j.id })}</span>
                </button>
              </form>
            ),
          },
        ]}
      />
    </Layout>
  );
}
