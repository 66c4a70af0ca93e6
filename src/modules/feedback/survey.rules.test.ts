// The survey's pure rules: validating an answer, the signed form token (minimum fill time, age,
// another service's token refused) and the invite token's shape. No database.
import { describe, expect, it } from 'vitest';
import { MAX_FORM_AGE_MS, MIN_FILL_MS, checkFormToken, formTokenKey, isInviteToken, issueFormToken, validateAnswer } from './survey.js';

const KEY = formTokenKey({ sessionSecret: 'test-secret-0123456789abcdef0123456789abcdef' });
const SVC = '01900000-0000-7000-8000-000000000001';

describe('validateAnswer', () => {
  it('takes scores as numbers or form strings, drivers from the list (deduplicated), a trimmed comment', () => {
    const v = validateAnswer({ satisfaction: '5', ease: 4, wentWell: ['trust', 'trust', 'ease'], wentBadly: 'efficiency', comment: '  hea \r\n teenus ' });
    expect(v).toEqual({ ok: true, answer: { satisfaction: 5, ease: 4, wentWell: ['trust', 'ease'], wentBadly: ['efficiency'], comment: 'hea \n teenus' } });
    const empty = validateAnswer({ satisfaction: 1, ease: 1, comment: '   ' });
    expect(empty.ok && empty.answer.comment).toBe(null);
  });

  it('refuses missing or out-of-range scores, unknown drivers, a driver on both sides, a comment over 2000 characters', () => {
    const fields = (r: ReturnType<typeof validateAnswer>) => (r.ok ? [] : r.errors.map((e) => `${e.field}:${e.reason}`));
    expect(fields(validateAnswer({}))).toEqual(['satisfaction:feedback.error.satisfaction', 'ease:feedback.error.ease']);
    expect(fields(validateAnswer({ satisfaction: 0, ease: 6 }))).toEqual(['satisfaction:feedback.error.satisfaction', 'ease:feedback.error.ease']);
    expect(fields(validateAnswer({ satisfaction: 3.5, ease: '3' }))).toEqual(['satisfaction:feedback.error.satisfaction']);
    expect(fields(validateAnswer({ satisfaction: 3, ease: 3, wentWell: ['speed'] }))).toEqual(['wentWell:feedback.error.driver']);
    expect(fields(validateAnswer({ satisfaction: 3, ease: 3, wentWell: ['trust'], wentBadly: ['trust'] }))).toEqual(['wentBadly:feedback.error.driverBoth']);
    expect(fields(validateAnswer({ satisfaction: 3, ease: 3, comment: 'x'.repeat(2001) }))).toEqual(['comment:feedback.error.commentLong']);
    expect(fields(validateAnswer({ satisfaction: 3, ease: 3, comment: 'õ'.repeat(2000) }))).toEqual([]);
    expect(fields(validateAnswer({ satisfaction: 3, ease: 3, comment: 42 }))).toEqual(['comment:feedback.error.comment']);
  });
});

describe('the form token', () => {
  const t0 = Date.UTC(2026, 11, 15, 10, 0, 0);
  it('is accepted between the minimum fill time and its maximum age, for its own KOV and service only', () => {
    const token = issueFormToken(KEY, '0784', SVC, t0);
    expect(checkFormToken(KEY, '0784', SVC, token, t0 + MIN_FILL_MS - 1)).toBe('tooFast');
    expect(checkFormToken(KEY, '0784', SVC, token, t0 + MIN_FILL_MS)).toBe('ok');
    expect(checkFormToken(KEY, '0784', SVC, token, t0 + MAX_FORM_AGE_MS)).toBe('ok');
    expect(checkFormToken(KEY, '0784', SVC, token, t0 + MAX_FORM_AGE_MS + 1)).toBe('expired');
    expect(checkFormToken(KEY, '0296', SVC, token, t0 + 10_000)).toBe('invalid');
    expect(checkFormToken(KEY, '0784', SVC.replace(/1$/, '2'), token, t0 + 10_000)).toBe('invalid');
  });

  it('cannot be forged: another key, a moved issue time, garbage', () => {
    const token = issueFormToken(KEY, '0784', SVC, t0);
    const other = formTokenKey({ sessionSecret: 'another-secret' });
    expect(checkFormToken(other, '0784', SVC, token, t0 + 10_000)).toBe('invalid');
    const [, sig] = token.split('.');
    const earlier = `${(t0 - 60_000).toString(36)}.${sig}`;
    expect(checkFormToken(KEY, '0784', SVC, earlier, t0 + 10_000)).toBe('invalid');
    for (const bad of [undefined, '', 'x', 42, `${token}x`, 'a'.repeat(100)]) expect(checkFormToken(KEY, '0784', SVC, bad, t0 + 10_000)).toBe('invalid');
  });

  it('invite tokens are 32 base64url characters', () => {
    expect(isInviteToken('A'.repeat(32))).toBe(true);
    expect(isInviteToken('A'.repeat(31))).toBe(false);
    expect(isInviteToken('A'.repeat(31) + '/')).toBe(false);
  });
});
