// The KPI and improvement-action rules as pure functions: the form's numbers (decimal comma, spaces,
// empty = not known), the limits, the year; the action's fields, the new status, the status changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '../../kernel/clock.js';
import { isHttpError } from '../../kernel/errors.js';
import { NEXT_STATUS, checkAction } from './actions.js';
import { checkKpiValues, checkYear, parseKpiForm } from './kpi.js';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (isHttpError(e) && e.status === 400) return e.fields.map((f) => f.field);
    throw e;
  }
  throw new Error('no 400');
}

beforeAll(() => setClock('2027-04-10T12:00:00Z'));
afterAll(() => resetClock());

describe('KPI rules', () => {
  it('reads the form: decimal comma, spaces as thousands separators, empty as not known', () => {
    expect(parseKpiForm({ costPerTransaction: '1 234,567', userSatisfaction: '81,5', completionRate: '', digitalTakeup: '64', transactions: '12\u00a0000' })).toEqual({
      costPerTransaction: 1234.57,
      userSatisfaction: 81.5,
      completionRate: null,
      digitalTakeup: 64,
      transactions: 12000,
    });
  });

  it('refuses what is not a number, a percentage over 100, a fractional count, negative euros', () => {
    expect(fieldsOf(() => parseKpiForm({ costPerTransaction: 'kümme', completionRate: '101', transactions: '1,5' }))).toEqual(['costPerTransaction', 'completionRate', 'transactions']);
    expect(fieldsOf(() => checkKpiValues({ costPerTransaction: -1, userSatisfaction: null, completionRate: null, digitalTakeup: Number.NaN, transactions: null }))).toEqual([
      'costPerTransaction',
      'digitalTakeup',
    ]);
  });

  it('takes a year from 2000 to next year', () => {
    expect(() => checkYear(2000)).not.toThrow();
    expect(() => checkYear(2028)).not.toThrow();
    expect(fieldsOf(() => checkYear(2029))).toEqual(['year']);
    expect(fieldsOf(() => checkYear(1999))).toEqual(['year']);
  });
});

describe('improvement action rules', () => {
  it('needs a title and an owner; a real due date; lengths bounded', () => {
    expect(fieldsOf(() => checkAction({ title: ' ', ownerName: '', dueDate: '2027-02-30' }))).toEqual(['title', 'ownerName', 'dueDate']);
    expect(fieldsOf(() => checkAction({ title: 'x'.repeat(201), ownerName: 'A', description: 'y'.repeat(4001) }))).toEqual(['title', 'description']);
    expect(checkAction({ title: ' Kiirem vastus ', ownerName: 'Mari', dueDate: '' })).toEqual({
      title: 'Kiirem vastus',
      description: '',
      ownerName: 'Mari',
      dueDate: null,
      status: 'planned',
      outcome: '',
    });
  });

  it('done and dropped need an outcome; an unknown status is refused; fields left out keep the old ones', () => {
    const old = { title: 'T', description: 'D', ownerName: 'O', dueDate: '2027-05-01', status: 'in_progress' as const, outcome: '' };
    expect(fieldsOf(() => checkAction({ status: 'done' }, old))).toEqual(['outcome']);
    expect(fieldsOf(() => checkAction({ status: 'finished' }, old))).toEqual(['status']);
    expect(checkAction({ status: 'dropped', outcome: 'Teenus suleti' }, old)).toEqual({ ...old, status: 'dropped', outcome: 'Teenus suleti' });
  });

  it('status changes: planned → in progress → done; dropped before the end; done and dropped final', () => {
    expect(NEXT_STATUS).toEqual({ planned: ['in_progress', 'dropped'], in_progress: ['done', 'dropped'], done: [], dropped: [] });
  });
});
