// The ballot's shape and a ballot's checks (pure): the questions the voting core gets (one per area,
// the voters option, K + 1 for the count rule, the area's budget for the budget rule) and the refusals
// of ballotChoices for the budget rule (over the area's budget), K with the budget rule, and "every area".
import { describe, expect, it } from 'vitest';
import { isHttpError } from '../../kernel/errors.js';
import type { BallotArea } from './vote.js';
import { ballotChoices, voteQuestions, VOTERS_OPTION } from './vote.js';

const idea = (n: number, areaId: string, cost: number) => ({ id: `idea-${n}`, number: n, title: `Idee ${n}`, areaId, cost, category: 'sport' });
const areas: BallotArea[] = [
  { id: 'north', name: 'Põhja', budget: 50_000, unitCodes: ['0614'], minVoters: null, ideas: [idea(1, 'north', 30_000), idea(2, 'north', 25_000), idea(3, 'north', 5_000)] },
  { id: 'south', name: 'Lõuna', budget: 20_000, unitCodes: [], minVoters: 10, ideas: [idea(4, 'south', 20_000)] },
];

function refused(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (isHttpError(e)) return e.fields.map((x) => `${x.field}:${x.reason}`);
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('budgets ballot', () => {
  it('questions: one per area, ideas by number with costs, then the voters option; count rule K + 1, budget rule the area’s budget', () => {
    const count = voteQuestions({ ballot_kind: 'count', ballot_max: 2 }, areas);
    expect(count.map((q) => [q.id, q.rule, q.options.map((o) => o.id)])).toEqual([
      ['north', { kind: 'upTo', max: 3 }, ['idea-1', 'idea-2', 'idea-3', VOTERS_OPTION]],
      ['south', { kind: 'upTo', max: 2 }, ['idea-4', VOTERS_OPTION]],
    ]);
    const budget = voteQuestions({ ballot_kind: 'budget', ballot_max: null }, areas);
    expect(budget.map((q) => q.rule)).toEqual([{ kind: 'budget', budget: 50_000 }, { kind: 'budget', budget: 20_000 }]);
    expect(budget[0]!.options.map((o) => o.cost)).toEqual([30_000, 25_000, 5_000, 0]);
  });

  it('budget rule: ideas that fit pass (with the voters option); over the area’s budget is refused; K applies beside it', () => {
    const rules = { ballot_kind: 'budget', ballot_max: null, ballot_areas: 'every', vote_scope: 'kov' } as const;
    expect(ballotChoices(rules, areas, [1, 3, 4], null)).toEqual([['idea-1', 'idea-3', VOTERS_OPTION], ['idea-4', VOTERS_OPTION]]);
    expect(ballotChoices(rules, areas, ['3'], null)).toEqual([['idea-3', VOTERS_OPTION], []]);
    expect(refused(() => ballotChoices(rules, areas, [1, 2], null))).toEqual(['ideas:budgets.vote.overBudget']);
    expect(refused(() => ballotChoices({ ...rules, ballot_max: 1 }, areas, [1, 3], null))).toEqual(['ideas:budgets.vote.tooMany']);
    expect(refused(() => ballotChoices(rules, areas, ['x'], null))).toEqual(['ideas.0:budgets.vote.unknownIdea']);
    expect(refused(() => ballotChoices(rules, areas, ' 1', null))).toEqual(['ideas:budgets.vote.empty']);
  });

  it('area scope: an area with units takes only its residents; an area without units takes anyone on the roll', () => {
    const rules = { ballot_kind: 'count', ballot_max: 3, ballot_areas: 'every', vote_scope: 'area' } as const;
    expect(ballotChoices(rules, areas, [1], '0614')).toEqual([['idea-1', VOTERS_OPTION], []]);
    expect(refused(() => ballotChoices(rules, areas, [1], '0176'))).toEqual(['ideas:budgets.vote.wrongArea']);
    expect(refused(() => ballotChoices(rules, areas, [1], null))).toEqual(['ideas:budgets.vote.wrongArea']);
    expect(ballotChoices(rules, areas, [4], '0176')).toEqual([[], ['idea-4', VOTERS_OPTION]]);
  });
});
