// The results of a participatory budget as readers see them (page, JSON, CSV): per area its budget,
// voters, validity and spending, per idea its votes, whether it is funded and why (the rule's reason or
// an override), the draws that broke ties, the overrides with their reasons, and the certification.
// Money in whole euros (the winner rules count cents).
import type { Db } from '../../kernel/db.js';
import type { Locale } from '../../kernel/i18n.js';
import { fmtDateTime, fmtNumber, translate } from '../../kernel/i18n.js';
import type { ProtocolLine } from '../voting/index.js';
import { resultsPdf } from '../voting/index.js';
import { publicIdeas } from './service.js';
import type { BudgetResult } from './vote.js';
import { VOTERS_OPTION, WHOLE_KOV, budgetResult } from './vote.js';
import type { IdeaOutcome, WinnerDraw } from './winners.js';

export interface ResultIdea {
  id: string;
  number: number;
  title: string;
  /** Whole euros. */
  cost: number;
  votes: number | null;
  funded: boolean;
  /** The rule's reason (IdeaOutcome.how) once decided; `override` when an override changed it. */
  how: IdeaOutcome['how'] | 'override' | null;
  lat: number | null;
  lon: number | null;
}

export interface ResultArea {
  id: string;
  name: string | null;
  budget: number;
  minVoters: number | null;
  voters: number | null;
  valid: boolean | null;
  /** Whole euros funded in the area after overrides. */
  funded: number;
  ideas: ResultIdea[];
  draws: WinnerDraw[];
}

export interface ResultOverride {
  number: number;
  title: string;
  action: 'fund' | 'unfund';
  reason: string;
  by: string;
  at: Date;
}

export interface ResultView {
  processId: string;
  voteId: string;
  status: BudgetResult['vote']['status'];
  certified: boolean;
  rollSize: number;
  turnout: number | null;
  rule: 'greedy' | 'equal_shares';
  /** The board's SHA-256: the seed of the draws. */
  seed: string | null;
  digest: string | null;
  certifications: number;
  threshold: number | null;
  signatures: { name: string; signedAt: Date }[];
  areas: ResultArea[];
  overrides: ResultOverride[];
  fundedTotal: number;
}

/** Where the vote and results stand (null before the vote is opened): the service's result and its view. */
export async function resultOf(db: Db, kov: string, id: string): Promise<{ r: BudgetResult; view: ResultView } | null> {
  const r = await budgetResult(db, kov, id);
  if (!r) return null;
  const places = new Map((await publicIdeas(db, kov, id)).map((i) => [i.id, i] as const));
  return { r, view: present(r, places) };
}

/** Where the vote and results stand, for everyone who may see them (null before the vote is opened). */
export async function resultView(db: Db, kov: string, id: string): Promise<ResultView | null> {
  return (await resultOf(db, kov, id))?.view ?? null;
}

function present(r: BudgetResult, places: Map<string, { lat: number | null; lon: number | null }>): ResultView {
  const areas = r.areas;
  const funded = new Set(r.funded);
  const overridden = new Set(r.overrides.map((o) => o.ideaId));
  const titles = new Map(areas.flatMap((a) => a.ideas.map((i) => [i.id, i] as const)));
  const out: ResultArea[] = areas.map((a) => {
    // Method of Equal Shares (board format 2): one question of every idea; the votes are the ballots naming each
    const counted = r.counts?.questions.find((q) => q.id === a.id) ?? (r.vote.slots ? r.counts?.questions[0] : undefined);
    const count = (optionId: string) => (counted ? (counted.options.find((o) => o.id === optionId)?.count ?? null) : null);
    const decided = r.computed?.areas.find((x) => x.areaId === a.id);
    const voters = r.vote.slots ? (decided?.voters ?? null) : count(VOTERS_OPTION);
    const ideas = a.ideas.map((i) => {
      const outcome = decided?.ideas.find((x) => x.id === i.id);
      const isFunded = r.computed ? funded.has(i.id) : false;
      return {
        id: i.id,
        number: i.number,
        title: i.title,
        cost: i.cost,
        votes: count(i.id),
        funded: isFunded,
        how: overridden.has(i.id) && isFunded !== (outcome?.funded ?? false) ? ('override' as const) : (outcome?.how ?? null),
        lat: places.get(i.id)?.lat ?? null,
        lon: places.get(i.id)?.lon ?? null,
      };
    });
    ideas.sort((x, y) => (y.votes ?? 0) - (x.votes ?? 0) || x.number - y.number);
    return {
      id: a.id,
      name: a.id === WHOLE_KOV ? null : a.name,
      budget: a.budget,
      minVoters: a.minVoters,
      voters,
      valid: decided ? decided.valid : null,
      funded: ideas.filter((i) => i.funded).reduce((s, i) => s + i.cost, 0),
      ideas,
      draws: decided?.draws ?? [],
    };
  });
  return {
    processId: r.process.id,
    voteId: r.vote.id,
    status: r.vote.status,
    certified: r.vote.status === 'certified',
    rollSize: r.vote.rollSize,
    turnout: r.counts?.turnout ?? null,
    rule: r.process.winner_rule,
    seed: r.process.seed,
    digest: r.counts?.digest ?? null,
    certifications: r.counts?.certifications ?? 0,
    threshold: r.process.vote_threshold,
    signatures: (r.counts?.signatures ?? []).map((s) => ({ name: s.name, signedAt: s.signedAt })),
    areas: out,
    overrides: r.overrides.map((o) => ({ number: titles.get(o.ideaId)?.number ?? 0, title: titles.get(o.ideaId)?.title ?? '', action: o.action, reason: o.reason, by: o.actorName, at: o.createdAt })),
    fundedTotal: out.reduce((s, a) => s + a.funded, 0),
  };
}

/** The results as CSV (UTF-8 with BOM, CRLF): one line per idea; votes empty before the count. */
export function resultCsv(v: ResultView): string {
  const q = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
  const cell = (s: string | number | null) => (s === null ? '' : typeof s === 'number' ? String(s) : `"${q(s).replace(/"/g, '""')}"`);
  const lines = ['area,area_budget_eur,area_voters,area_valid,idea_number,idea,cost_eur,votes,funded,how'];
  for (const a of v.areas) {
    for (const i of a.ideas) {
      lines.push([cell(a.name ?? ''), a.budget, a.voters, a.valid === null ? '' : String(a.valid), i.number, cell(i.title), i.cost, i.votes, String(i.funded), i.how ?? ''].map((x) => (x === null ? '' : String(x))).join(','));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The budget's own lines of the results protocol (after the counts): the rule, each area's winners, draws, overrides, the seed. */
export function protocolLines(v: ResultView, locale: Locale): ProtocolLine[] {
  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const out: ProtocolLine[] = [{ kind: 'heading', text: t('budgets.pdf.winners') }, { kind: 'text', text: t(`budgets.results.rule.${v.rule}`) }];
  for (const a of v.areas) {
    out.push({ kind: 'heading', text: a.name ? t('budgets.area.budget', { area: a.name, sum: fmtNumber(a.budget) }) : t('budgets.vote.wholeKov', { sum: fmtNumber(a.budget) }) });
    out.push({ kind: 'text', text: `${t('budgets.results.voters', { n: a.voters === null ? '—' : fmtNumber(a.voters) })}${a.valid === false ? ` ${t('budgets.results.invalid')}` : ''}` });
    for (const i of a.ideas) {
      const outcome = i.funded ? t('budgets.results.funded') : t('budgets.results.notFunded');
      out.push({ kind: 'item', text: `${i.number}. ${i.title} — ${fmtNumber(i.cost)} € — ${t('budgets.col.votes')}: ${i.votes ?? '—'} — ${outcome}${i.how ? ` (${t(`budgets.how.${i.how}`)})` : ''}` });
    }
    for (const d of a.draws) out.push({ kind: 'small', text: t('budgets.results.draw', { label: d.label, order: d.order.map((id) => a.ideas.find((i) => i.id === id)?.number ?? '?').join(', ') }) });
    out.push({ kind: 'text', text: t('budgets.results.areaFunded', { sum: fmtNumber(a.funded), budget: fmtNumber(a.budget) }) });
  }
  if (v.overrides.length) {
    out.push({ kind: 'heading', text: t('budgets.results.overrides') });
    for (const o of v.overrides) out.push({ kind: 'item', text: `${t(`budgets.override.${o.action}`, { number: o.number, title: o.title })} (${fmtDateTime(o.at)}, ${o.by}): ${o.reason}` });
  }
  if (v.seed) {
    out.push({ kind: 'text', text: t('budgets.results.seed') });
    out.push({ kind: 'mono', text: v.seed });
  }
  return out;
}

/** The results protocol as a PDF (the voting core's protocol with the budget's own lines); after the count. */
export async function resultPdf(r: BudgetResult, v: ResultView, locale: Locale, publicUrl: string): Promise<Buffer> {
  if (!r.counts) throw new Error('results protocol before the count');
  return resultsPdf(r.vote, r.counts, locale, { boardUrl: `${publicUrl}/api/v1/boards/${v.voteId}`, extra: protocolLines(v, locale) });
}
