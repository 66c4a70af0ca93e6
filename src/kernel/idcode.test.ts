import { describe, expect, it } from 'vitest';
import { checkDigit, hashIdcode, parseIdcode, withCheckDigit } from './idcode.js';

describe('isikukood', () => {
  it.each(['47502124911', '39002102761', '60001019906', '39002100068', '38001085718'])('accepts the valid example %s', (c) => {
    expect(parseIdcode(c).ok).toBe(true);
  });

  it('uses the second weights when the first give 10', () => {
    expect(checkDigit('3900210006')).toBe(8);
  });

  it('derives birth date and sex', () => {
    expect(parseIdcode('47502124911')).toEqual({ ok: true, value: { code: '47502124911', birthDate: '1975-02-12', sex: 'F' } });
    expect(parseIdcode('60001019906')).toMatchObject({ value: { birthDate: '2000-01-01', sex: 'F' } });
  });

  it.each([
    ['39002102762', 'checksum'],
    ['3900210276', 'format'],
    ['3900210276a', 'format'],
    ['99002102761', 'century'],
    ['39002302761', 'date'],
    ['39013102761', 'date'],
  ])('rejects %s (%s)', (code, problem) => {
    expect(parseIdcode(code)).toEqual({ ok: false, problem });
  });

  it('builds valid codes', () => {
    expect(parseIdcode(withCheckDigit('5100101001')).ok).toBe(true);
  });

  it('hashes with a key: different keys give different hashes, the code is not in the hash', () => {
    const a = hashIdcode('k1', '39002102761');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(hashIdcode('k2', '39002102761'));
    expect(a).toBe(hashIdcode('k1', '39002102761'));
  });
});
