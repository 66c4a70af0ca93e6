// The training rules without a database: completion (min days AND e-learning hours, configurable per
// programme), where a team goes (confirmed only whole and only when nobody waits), promotions from the
// waiting list strictly in order, the deadline, a team's input, codes.
import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../kernel/idcode.js';
import type { TeamInput } from './model.js';
import { checkinValid, completion, freePlaces, isCertificateCode, isCheckinCode, newCertificateCode, newCheckinCode, placeFor, promotions, registrationOpen, teamErrors } from './model.js';

const RULE = { minDays: 4, minElearningHours: 8 };

describe('completion', () => {
  it('needs at least 4 of 5 days AND the e-learning hours', () => {
    expect(completion(RULE, 4, 8)).toEqual({ complete: true, daysAttended: 4, daysMissing: 0, hoursMissing: 0 });
    expect(completion(RULE, 5, 10).complete).toBe(true);
    expect(completion(RULE, 3, 8)).toMatchObject({ complete: false, daysMissing: 1, hoursMissing: 0 });
    expect(completion(RULE, 5, 7.5)).toMatchObject({ complete: false, daysMissing: 0, hoursMissing: 0.5 });
    expect(completion(RULE, 0, 0)).toMatchObject({ complete: false, daysMissing: 4, hoursMissing: 8 });
  });

  it('follows the programme’s own rule', () => {
    expect(completion({ minDays: 5, minElearningHours: 0 }, 4, 0).complete).toBe(false);
    expect(completion({ minDays: 5, minElearningHours: 0 }, 5, 0).complete).toBe(true);
    expect(completion({ minDays: 0, minElearningHours: 2 }, 0, 2).complete).toBe(true);
    expect(completion({ minDays: 3, minElearningHours: 8.5 }, 3, 8.4)).toMatchObject({ complete: false, hoursMissing: 0.1 });
  });
});

describe('places and the waiting list', () => {
  it('a team is confirmed only whole, and only when nobody waits', () => {
    expect(placeFor({ capacity: 35, taken: 30, waiting: 0 }, 5)).toBe('confirmed');
    expect(placeFor({ capacity: 35, taken: 31, waiting: 0 }, 5)).toBe('waiting');
    expect(placeFor({ capacity: 35, taken: 30, waiting: 1 }, 1)).toBe('waiting');
    expect(placeFor({ capacity: 35, taken: 35, waiting: 0 }, 1)).toBe('waiting');
    expect(freePlaces({ capacity: 35, taken: 40 })).toBe(0);
  });

  it('promotes waiting teams in order while they fit whole; a team that does not fit stops the line', () => {
    const w = [
      { id: 'a', size: 2 },
      { id: 'b', size: 3 },
      { id: 'c', size: 1 },
    ];
    expect(promotions({ capacity: 35, taken: 30 }, w).map((x) => x.id)).toEqual(['a', 'b']);
    expect(promotions({ capacity: 35, taken: 32 }, w).map((x) => x.id)).toEqual(['a']);
    expect(promotions({ capacity: 35, taken: 34 }, w).map((x) => x.id)).toEqual([]);
    expect(promotions({ capacity: 35, taken: 0 }, w).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('registration closes at the deadline', () => {
    const d = new Date('2027-01-05T22:00:00Z');
    expect(registrationOpen(d, new Date('2027-01-05T21:59:59Z'))).toBe(true);
    expect(registrationOpen(d, d)).toBe(false);
  });
});

describe('a team’s input', () => {
  const ok = (over: Partial<TeamInput> = {}): TeamInput => ({
    groupId: 'g',
    serviceId: '',
    problem: 'Hooldajatoetus',
    contactEmail: 'a@b.ee',
    members: [{ name: 'Mari', idcode: withCheckDigit('4750212491'), email: '' }],
    ...over,
  });

  it('takes 1–5 members with valid ID codes, once each, and a service or a problem', () => {
    expect(teamErrors(ok())).toEqual([]);
    expect(teamErrors(ok({ problem: '' })).map((e) => e.field)).toEqual(['problem']);
    expect(teamErrors(ok({ problem: '', serviceId: 's' }))).toEqual([]);
    expect(teamErrors(ok({ members: [] })).map((e) => e.field)).toEqual(['members.0.name']);
    const m = (i: number) => ({ name: `M${i}`, idcode: withCheckDigit(`375021249${i}`), email: '' });
    expect(teamErrors(ok({ members: [0, 1, 2, 3, 4].map(m) }))).toEqual([]);
    expect(teamErrors(ok({ members: [0, 1, 2, 3, 4, 5].map(m) })).map((e) => e.reason)).toEqual(['training.error.tooMany']);
    expect(teamErrors(ok({ members: [m(1), m(1)] })).map((e) => e.field)).toEqual(['members.1.idcode']);
    expect(teamErrors(ok({ members: [{ name: 'X', idcode: '47502124910', email: 'no' }] })).map((e) => e.field)).toEqual(['members.0.idcode', 'members.0.email']);
    expect(teamErrors(ok({ contactEmail: 'x' })).map((e) => e.field)).toEqual(['contactEmail']);
  });
});

describe('codes', () => {
  it('check-in codes have 6 characters and are valid only on their day', () => {
    const c = newCheckinCode();
    expect(isCheckinCode(c)).toBe(true);
    expect(isCertificateCode(newCertificateCode())).toBe(true);
    expect(checkinValid('2027-01-12', '2027-01-12')).toBe(true);
    expect(checkinValid('2027-01-12', '2027-01-13')).toBe(false);
  });
});
