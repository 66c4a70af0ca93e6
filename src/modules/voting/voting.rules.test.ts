// Pure rules: vote definitions, ballot rules, age groups, small-number suppression.
import { describe, expect, it } from 'vitest';
import { isHttpError } from '../../kernel/errors.js';
import type { QuestionDef, VoteDefinition } from './service.js';
import { ageOn, choicesToMatrix, definitionErrors, suppress } from './service.js';

const T = (s: string) => ({ et: s, en: s, ru: s });
const QS: QuestionDef[] = [
  { id: 'q1', text: T('Mayor'), rule: { kind: 'one' }, options: [{ id: 'a', text: T('A') }, { id: 'b', text: T('B') }, { id: 'c', text: T('C') }] },
  { id: 'q2', text: T('Parks'), rule: { kind: 'upTo', max: 2 }, options: [{ id: 'p1', text: T('P1') }, { id: 'p2', text: T('P2') }, { id: 'p3', text: T('P3') }] },
  {
    id: 'q3',
    text: T('Budget'),
    rule: { kind: 'budget', budget: 100 },
    options: [{ id: 'x', text: T('X'), cost: 60 }, { id: 'y', text: T('Y'), cost: 50 }, { id: 'z', text: T('Z'), cost: 40 }],
  },
];

function fieldOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!isHttpError(e)) throw e;
    expect(e.status).toBe(400);
    return e.fields[0]?.field ?? null;
  }
}

describe('ballot rules', () => {
  it('turns valid choices into the 0/1 matrix in option order', () => {
    expect(choicesToMatrix(QS, [['b'], ['p3', 'p1'], ['x', 'z']])).toEqual([
      [0, 1, 0],
      [1, 0, 1],
      [1, 0, 1],
    ]);
    expect(choicesToMatrix(QS, [[], [], []])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('refuses each kind of bad ballot, naming the field', () => {
    expect(fieldOf(() => choicesToMatrix(QS, [['a', 'b'], [], []]))).toBe('choices.0');
    expect(fieldOf(() => choicesToMatrix(QS, [[], ['p1', 'p2', 'p3'], []]))).toBe('choices.1');
    expect(fieldOf(() => choicesToMatrix(QS, [[], [], ['x', 'y']]))).toBe('choices.2');
    expect(fieldOf(() => choicesToMatrix(QS, [['nope'], [], []]))).toBe('choices.0.0');
    expect(fieldOf(() => choicesToMatrix(QS, [[], ['p1', 'p1'], []]))).toBe('choices.1.1');
    expect(fieldOf(() => choicesToMatrix(QS, [[], []]))).toBe('choices');
    expect(fieldOf(() => choicesToMatrix(QS, [[], [], [], []]))).toBe('choices');
    expect(fieldOf(() => choicesToMatrix(QS, 'a'))).toBe('choices');
    expect(fieldOf(() => choicesToMatrix(QS, [['a'], 'p1', []]))).toBe('choices.1');
    // exactly at the budget is fine
    expect(fieldOf(() => choicesToMatrix(QS, [[], [], ['y', 'z']]))).toBeNull();
  });

  it('checks vote definitions', () => {
    const good: VoteDefinition = { title: T('Vote'), questions: QS, opensAt: '2026-12-01T00:00:00Z', closesAt: '2026-12-02T00:00:00Z', revote: true };
    expect(definitionErrors(good)).toEqual([]);
    const fields = (d: VoteDefinition) => definitionErrors(d).map((e) => e.field);
    expect(fields({ ...good, closesAt: '2026-11-30T00:00:00Z' })).toEqual(['closesAt']);
    expect(fields({ ...good, title: { et: 'x', en: '', ru: 'y' } })).toEqual(['title.en']);
    expect(fields({ ...good, questions: [] })).toEqual(['questions']);
    expect(fields({ ...good, questions: [QS[0]!, { ...QS[1]!, id: 'q1' }] })).toEqual(['questions.1.id']);
    expect(fields({ ...good, questions: [{ ...QS[1]!, rule: { kind: 'upTo', max: 9 } }] })).toEqual(['questions.0.rule']);
    expect(fields({ ...good, questions: [{ ...QS[2]!, options: [{ id: 'x', text: T('X') }] }] })).toEqual(['questions.0.options.0.cost']);
  });
});

describe('turnout statistics', () => {
  it('computes ages on a date', () => {
    expect(ageOn('2010-12-02', '2026-12-01')).toBe(15);
    expect(ageOn('2010-12-01', '2026-12-01')).toBe(16);
    expect(ageOn('1961-02-28', '2026-03-01')).toBe(65);
  });

  it('shows small cells as <5 and hides a second cell so that the first cannot be recovered from the total', () => {
    const out = suppress([
      { key: 'A', eligible: 100, voted: 40 },
      { key: 'B', eligible: 50, voted: 3 },
      { key: 'C', eligible: 70, voted: 20 },
    ]);
    expect(out).toEqual([
      { key: 'A', eligible: 100, voted: 40 },
      { key: 'B', eligible: 50, voted: '<5' },
      { key: 'C', eligible: 70, voted: '–' }, // hidden to protect B, and never shown as a false "<5"
    ]);
    // with the total 63 known, B alone could be recovered (63 − 40 − 20); with C hidden too it cannot
    const shown = out.filter((c) => typeof c.voted === 'number');
    expect(shown).toHaveLength(1);
  });

  it('leaves cells alone when nothing is small, and hides two or more small cells as they are', () => {
    expect(suppress([{ key: 'A', eligible: 10, voted: 5 }, { key: 'B', eligible: 9, voted: 6 }]).every((c) => typeof c.voted === 'number')).toBe(true);
    const two = suppress([
      { key: 'A', eligible: 10, voted: 1 },
      { key: 'B', eligible: 9, voted: 2 },
      { key: 'C', eligible: 90, voted: 50 },
    ]);
    expect(two.map((c) => c.voted)).toEqual(['<5', '<5', 50]);
    // a small eligible count also hides the cell (it would reveal near-certain participation)
    expect(suppress([{ key: 'A', eligible: 3, voted: 0 }, { key: 'B', eligible: 30, voted: 10 }, { key: 'C', eligible: 30, voted: 12 }]).map((c) => c.voted)).toEqual(['<5', '–', 12]);
    expect(suppress([{ key: 'A', eligible: 3, voted: 0 }, { key: 'B', eligible: 30, voted: 10 }]).map((c) => c.eligible)).toEqual(['<5', 30]);
  });
});
