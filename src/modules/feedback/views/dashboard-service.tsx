// One service's feedback dashboard (/kov/:kov/feedback/services/:id): the figures of the period, the
// trend with the improvement actions as markers, the scores, the drivers, the four KPIs by year, the
// actions, the newest approved comments, the exports.
import type { FieldError } from '../../../kernel/errors.js';
import type { T } from '../../../kernel/i18n.js';
import { fmtNumber } from '../../../kernel/i18n.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import { ErrorSummary, Layout } from '../../../kernel/web/components.js';
import type { ActionView } from '../actions.js';
import type { DashQuery, ServiceDashboard } from '../dashboard.js';
import type { KpiYear } from '../kpi.js';
import { CommentsSection, DataTable, DriversSection, Exports, PeriodForm, PeriodLine, ScoresSection, Summary, TrendSection, dash, fmtDue, n, pageTitle } from './dashboard-parts.js';

const num2 = (x: number | null) => (x === null ? dash : fmtNumber(x));
const pctv = (x: number | null) => (x === null ? dash : `${fmtNumber(x)} %`);

export function KpiSection(props: { t: T; base: string; kpis: KpiYear[]; canEdit: boolean; thisYear: number }) {
  const { t, kpis } = props;
  const title = t('feedback.kpi.title');
  return (
    <section aria-labelledby="kpis">
      <h2 id="kpis">{title}</h2>
      <p class="hint">{t('feedback.kpi.intro')}</p>
      {kpis.length === 0 ? (
        <p>{t('feedback.kpi.none')}</p>
      ) : (
        <DataTable
          id="kpis-table"
          caption={title}
          head={[
            t('feedback.kpi.col.year'),
            t('feedback.kpi.col.costPerTransaction'),
            t('feedback.kpi.col.userSatisfaction'),
            t('feedback.kpi.col.computedSatisfaction'),
            t('feedback.kpi.col.completionRate'),
            t('feedback.kpi.col.digitalTakeup'),
            t('feedback.kpi.col.transactions'),
            t('feedback.kpi.col.source'),
          ]}
          numeric={[false, true, true, true, true, true, true, false]}
          rows={kpis.map((k) => [
            props.canEdit ? <a href={`${props.base}/kpis/${k.year}`}>{String(k.year)}</a> : String(k.year),
            k.costPerTransaction === null ? dash : `${num2(k.costPerTransaction)} €`,
            pctv(k.userSatisfaction),
            k.computedSatisfaction === null ? dash : t('feedback.kpi.computed', { pct: fmtNumber(k.computedSatisfaction), n: fmtNumber(k.responses) }),
            pctv(k.completionRate),
            pctv(k.digitalTakeup),
            k.transactions === null ? dash : n(k.transactions),
            k.source ? t(`feedback.kpi.source.${k.source}`) : dash,
          ])}
        />
      )}
      {props.canEdit && (
        <p>
          <a href={`${props.base}/kpis/${props.thisYear}`}>{t('feedback.kpi.enter', { year: props.thisYear })}</a>
          {' · '}
          <a href={`${props.base}/kpis/${props.thisYear - 1}`}>{t('feedback.kpi.enter', { year: props.thisYear - 1 })}</a>
        </p>
      )}
    </section>
  );
}

export function ActionsSection(props: { t: T; base: string; actions: ActionView[]; canEdit: boolean }) {
  const { t, actions } = props;
  const title = t('feedback.action.listTitle');
  const sorted = [...actions].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">{title}</h2>
      {props.canEdit && (
        <p>
          <a class="button" href={`${props.base}/actions/new`}>
            {t('feedback.action.new')}
          </a>
        </p>
      )}
      {actions.length === 0 ? (
        <p>{t('feedback.action.none')}</p>
      ) : (
        <DataTable
          id="actions-table"
          caption={title}
          head={[t('feedback.action.col.no'), t('feedback.action.col.title'), t('feedback.action.col.owner'), t('feedback.action.col.due'), t('feedback.action.col.status'), t('feedback.action.col.outcome')]}
          numeric={[false, false, false, false, false, false]}
          rows={sorted.map((a, i) => [
            String(i + 1),
            props.canEdit ? <a href={`${props.base}/actions/${a.id}`}>{a.title}</a> : a.title,
            a.ownerName,
            fmtDue(a.dueDate),
            t(`feedback.action.status.${a.status}`),
            a.outcome || dash,
          ])}
        />
      )}
    </section>
  );
}

export function ServiceDashboardPage(props: {
  ctx: PageCtx;
  kov: string;
  q: DashQuery;
  d: ServiceDashboard | null;
  serviceName: string;
  serviceId: string;
  errors: FieldError[];
  kpis: KpiYear[];
  actions: ActionView[];
  canAct: boolean;
  thisYear: number;
}) {
  const { ctx, d, errors } = props;
  const t = ctx.t;
  const heading = t('feedback.dash.serviceTitle', { name: props.serviceName });
  const kovBase = `/kov/${props.kov}/feedback`;
  const base = `${kovBase}/services/${props.serviceId}`;
  const crumbs: Crumb[] = [];
  if (ctx.tenant) {
    crumbs.push({ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name });
    crumbs.push({ href: `/kov/${ctx.tenant.code}/admin`, label: t('admin.title') });
  }
  crumbs.push({ href: kovBase, label: t('feedback.dash.title') });
  crumbs.push({ label: props.serviceName });
  return (
    <Layout ctx={ctx} title={pageTitle(t, heading, errors)} crumbs={crumbs} wide>
      <h1>{heading}</h1>
      <ErrorSummary t={t} errors={errors} />
      {d && (d.service.ownerName || d.service.unit) && (
        <p>
          {t('feedback.dash.owner')}: {d.service.ownerName ?? dash}
          {d.service.unit && ` · ${d.service.unit}`}
        </p>
      )}
      <PeriodForm ctx={ctx} action={base} q={props.q} errors={errors} />
      {d && (
        <>
          <PeriodLine t={t} f={d.filter} />
          <p class="hint">{t('feedback.dash.chartsNote')}</p>
          <Summary t={t} f={d.total} />
          <TrendSection t={t} trend={d.trend} actions={props.actions} />
          <ActionsSection t={t} base={base} actions={props.actions} canEdit={props.canAct} />
          <ScoresSection t={t} f={d.total} />
          <DriversSection t={t} f={d.total} />
          <KpiSection t={t} base={base} kpis={props.kpis} canEdit={props.canAct} thisYear={props.thisYear} />
          <CommentsSection t={t} comments={d.comments} actionHref={props.canAct ? (c) => `${base}/actions/new?answer=${c.id}` : undefined} />
          <Exports t={t} f={d.filter} figures={`${base}/figures`} answers={`${base}/answers`} />
        </>
      )}
    </Layout>
  );
}
