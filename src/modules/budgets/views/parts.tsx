// Parts the budgets pages share: breadcrumbs, phase list, the rules in words, sums, tags.
import type { T } from '../../../kernel/i18n.js';
import { fmtDateTime, fmtNumber } from '../../../kernel/i18n.js';
import type { Crumb, PageCtx } from '../../../kernel/web/components.js';
import type { IdeaView, Process, ProcessRow } from '../service.js';
import { PHASES, processTitle } from '../service.js';

/** A page's title, with the error prefix when its form came back with errors. */
export const withErrors = (ctx: PageCtx, title: string, errors?: readonly unknown[]) => (errors?.length ? `${ctx.t('form.errorPrefix')} ${title}` : title);

export const euros = (t: T, n: number) => t('budgets.idea.euros', { sum: fmtNumber(n) });

export function titleOf(ctx: PageCtx, p: Pick<ProcessRow, 'title_et' | 'title_en' | 'title_ru'>): string {
  return processTitle(p, ctx.locale);
}

export function crumbs(ctx: PageCtx, kov: string, process: Pick<ProcessRow, 'id' | 'title_et' | 'title_en' | 'title_ru'> | null, ...rest: Crumb[]): Crumb[] {
  const out: Crumb[] = [];
  if (ctx.tenant) out.push({ href: `/kov/${kov}`, label: ctx.tenant.name });
  out.push({ href: `/kov/${kov}/budgets`, label: ctx.t('budgets.title') });
  if (process) out.push({ href: `/kov/${kov}/budgets/${process.id}`, label: titleOf(ctx, process) });
  return [...out, ...rest];
}

export function PhaseTag(props: { t: T; phase: string }) {
  return <strong class="tag">{props.t(`budgets.phase.${props.phase}`)}</strong>;
}

export function IdeaTags(props: { t: T; idea: IdeaView }) {
  const { t, idea } = props;
  return (
    <>
      <strong class="tag">{t(`budgets.status.${idea.status}`)}</strong> <span class="tag">{t(`budgets.feasibility.${idea.feasibility}`)}</span>
    </>
  );
}

export function Phases(props: { t: T; process: Process }) {
  const { t, process: p } = props;
  const from = { ideas: p.ideas_from, review: p.review_from, voting: p.voting_from, results: p.results_from, implementation: p.implementation_from };
  return (
    <section>
      <h2>{t('budgets.phases.title')}</h2>
      <ol>
        {PHASES.map((ph) => (
          <li>
            {ph === p.phase ? <strong>{t(`budgets.phase.${ph}`)} {t('budgets.phases.now')}</strong> : t(`budgets.phase.${ph}`)}: {t('budgets.phases.from', { date: fmtDateTime(from[ph]) })}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The rules of a process in words (shown to residents before they take part). */
export function Rules(props: { t: T; process: Process }) {
  const { t, process: p } = props;
  const lines = [
    t('budgets.rules.total', { sum: fmtNumber(p.total_budget) }),
    ...(p.max_idea_cost ? [t('budgets.rules.maxCost', { sum: fmtNumber(p.max_idea_cost) })] : []),
    t('budgets.rules.submit', { who: t(`budgets.scope.${p.submit_scope}`), age: p.submit_min_age }),
    t('budgets.rules.vote', { who: t(`budgets.scope.${p.vote_scope}`), age: p.vote_min_age }),
    p.ballot_kind === 'count' ? t('budgets.rules.ballotCount', { max: p.ballot_max ?? 1 }) : t('budgets.rules.ballotBudget'),
    ...(p.areas.length ? [p.ballot_areas === 'one' ? t('budgets.rules.ballotOne') : t('budgets.rules.ballotEvery')] : []),
    p.winner_rule === 'greedy' ? t('budgets.rules.greedy') : t('budgets.rules.equalShares'),
    ...p.areas.filter((a) => a.min_voters).map((a) => t('budgets.rules.minVoters', { area: a.name, count: fmtNumber(a.min_voters!) })),
  ];
  return (
    <section>
      <h2>{t('budgets.rules.title')}</h2>
      <ul>
        {lines.map((l) => (
          <li>{l}</li>
        ))}
      </ul>
      {p.areas.length > 0 && (
        <>
          <h3>{t('budgets.areas.title')}</h3>
          <ul>
            {p.areas.map((a) => (
              <li>{t('budgets.area.budget', { area: a.name, sum: fmtNumber(a.budget) })}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
