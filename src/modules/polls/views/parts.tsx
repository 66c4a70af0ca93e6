// Shared pieces of the poll pages: status, window, eligibility in words, a textarea field, titles.
import type { FieldError } from '../../../kernel/errors.js';
import type { T } from '../../../kernel/i18n.js';
import { fmtDate, fmtDateTime, fmtNumber, pick } from '../../../kernel/i18n.js';
import { BarChart } from '../../../kernel/web/charts.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import type { UnitBoundary } from '../../territory/index.js';
import type { Results } from '../../voting/index.js';
import { TurnoutMap, turnoutShare } from './charts.js';
import type { Poll } from '../service.js';

export function pageTitle(t: T, title: string, errors?: FieldError[]): string {
  return errors && errors.length ? `${t('form.errorPrefix')} ${title}` : title;
}

export function pollCrumbs(ctx: PageCtx, poll: Poll | null, page?: string): Crumb[] {
  const crumbs: Crumb[] = [];
  if (ctx.tenant) {
    crumbs.push({ href: `/kov/${ctx.tenant.code}`, label: ctx.tenant.name });
    crumbs.push({ href: `/kov/${ctx.tenant.code}/polls`, label: ctx.t('polls.title') });
  }
  if (poll) crumbs.push({ href: `/kov/${poll.kov}/polls/${poll.id}`, label: pick(poll.vote.title, ctx.locale) });
  if (page) crumbs.push({ label: page });
  return crumbs;
}

export function StatusTag(props: { t: T; poll: Poll }) {
  return <strong class={`status status-${props.poll.status}`}>{props.t(`polls.status.${props.poll.status}`)}</strong>;
}

export function Window(props: { t: T; poll: Poll }) {
  const v = props.poll.vote;
  return (
    <>
      <time dateTime={v.opensAt.toISOString()}>{fmtDateTime(v.opensAt)}</time> –{' '}
      <time dateTime={v.closesAt.toISOString()}>{fmtDateTime(v.closesAt)}</time>
    </>
  );
}

/** The eligibility rules in words. */
export function eligibilityText(t: T, poll: Poll, unitNames: Map<string, string>): string {
  const r = poll.rules;
  const parts: string[] = [];
  parts.push(r.units.length ? t('polls.public.units', { units: r.units.map((u) => unitNames.get(u) ?? u).join(', ') }) : t('polls.public.wholeKov'));
  if (r.minAge !== null && r.on) parts.push(t('polls.public.age', { age: r.minAge, on: fmtDate(r.on) }));
  if (r.residentSince) parts.push(t('polls.public.since', { date: fmtDate(r.residentSince) }));
  if (r.extraLists.length) parts.push(t('polls.public.lists', { lists: r.extraLists.join(', ') }));
  return parts.join('; ');
}

export function ruleText(t: T, rule: Poll['vote']['questions'][number]['rule']): string {
  if (rule.kind === 'one') return t('polls.public.ruleOne');
  if (rule.kind === 'upTo') return t('polls.public.ruleUpTo', { max: rule.max });
  return t('polls.public.ruleBudget', { budget: fmtNumber(rule.budget) });
}

export { TextAreaField } from '../../../kernel/web/components.js';

const pct = (n: number, of: number) => (of > 0 ? `${fmtNumber(Math.round((n / of) * 1000) / 10)} %` : '–');

/**
 * Counts per question, each with its bar chart, and turnout (small numbers suppressed by the voting
 * core) by settlement unit — on a map as well where the KOV has imported unit boundaries — and by age.
 * A pure function of the results (live or stored at certification) and the boundaries.
 */
export function ResultsTables(props: { t: T; ctx: PageCtx; results: Results; unitNames?: Map<string, string>; boundaries?: UnitBoundary[] }) {
  const { t, results: r } = props;
  return (
    <>
      <p>{t('polls.public.turnout', { roll: fmtNumber(r.rollSize), turnout: fmtNumber(r.turnout), pct: pct(r.turnout, r.rollSize) })}</p>
      {r.questions.map((q, qi) => {
        const total = q.options.reduce((s, o) => s + (o.count ?? 0), 0);
        const qText = pick(q.text, props.ctx.locale);
        const tableId = `results-q${qi + 1}-table`;
        return (
          <div class="chart-block">
            <div class="table-wrap">
              <table id={tableId}>
                <caption>{pick(q.text, props.ctx.locale)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('polls.results.option')}</th>
                    <th scope="col" class="num">
                      {t('polls.results.votes')}
                    </th>
                    <th scope="col" class="num">
                      {t('polls.results.share')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {q.options.map((o) => (
                    <tr>
                      <th scope="row">{pick(o.text, props.ctx.locale)}</th>
                      <td class="num">{o.count === null ? '–' : fmtNumber(o.count)}</td>
                      <td class="num">{o.count === null ? '–' : pct(o.count, total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <BarChart
              id={`results-q${qi + 1}-chart`}
              title={t('polls.chart.votes', { question: qText })}
              describedBy={tableId}
              bars={q.options.map((o) => ({
                label: pick(o.text, props.ctx.locale),
                value: o.count,
                valueText: o.count === null ? '–' : `${fmtNumber(o.count)} (${pct(o.count, total)})`,
              }))}
            />
          </div>
        );
      })}
      {props.boundaries && <TurnoutMap t={t} results={r} boundaries={props.boundaries} tableId="turnout-unit-table" />}
      <TurnoutTable
        t={t}
        id="turnout-unit-table"
        caption={t('polls.results.byUnit')}
        cells={r.turnoutByUnit.map((c) => ({ ...c, key: c.key === 'extra' ? t('polls.manage.extraUnit') : (props.unitNames?.get(c.key) ?? c.key) }))}
      />
      <TurnoutTable t={t} id="turnout-age-table" caption={t('polls.results.byAge')} cells={r.turnoutByAge} />
      {(r.turnoutByUnit.length > 0 || r.turnoutByAge.length > 0) && <p class="hint">{t('voting.pdf.suppression')}</p>}
    </>
  );
}

function TurnoutTable(props: { t: T; id: string; caption: string; cells: Results['turnoutByUnit'] }) {
  if (!props.cells.length) return null;
  const show = (v: number | string) => (typeof v === 'number' ? fmtNumber(v) : v);
  return (
    <div class="table-wrap">
      <table id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.t('polls.results.group')}</th>
            <th scope="col" class="num">
              {props.t('polls.results.eligible')}
            </th>
            <th scope="col" class="num">
              {props.t('polls.results.voted')}
            </th>
            <th scope="col" class="num">
              {props.t('polls.results.turnoutPct')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.cells.map((c) => (
            <tr>
              <th scope="row">{c.key}</th>
              <td class="num">{show(c.eligible)}</td>
              <td class="num">{show(c.voted)}</td>
              <td class="num">{turnoutShare(c) === null ? '–' : `${fmtNumber(turnoutShare(c)!)} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The committee's sign-offs of the result: who, when (Tallinn time) and the digest each confirmed. */
export function Signatures(props: { t: T; results: Results }) {
  const { t } = props;
  if (!props.results.signatures.length) return null;
  return (
    <div class="table-wrap">
      <table>
        <caption>{t('polls.manage.signatures')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('polls.manage.signer')}</th>
            <th scope="col">{t('polls.manage.signedAt')}</th>
            <th scope="col">{t('polls.manage.signedDigest')}</th>
          </tr>
        </thead>
        <tbody>
          {props.results.signatures.map((s) => (
            <tr>
              <th scope="row">{s.name}</th>
              <td>
                <time dateTime={s.signedAt.toISOString()}>{fmtDateTime(s.signedAt)}</time>
              </td>
              <td>{s.digest ? <code>{s.digest}</code> : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
