// The flagger: comments that look like they hold an ID code (a valid one), a phone number or an
// e-mail address are marked where; ordinary numbers (a year, a price, an invalid 11-digit number) are not.
import { describe, expect, it } from 'vitest';
import { flaggedParts, flagsOf } from './moderation.js';

const kinds = (s: string) => flagsOf(s).map((f) => `${f.kind}:${s.slice(f.start, f.end)}`);

describe('flagsOf', () => {
  it('finds valid ID codes, Estonian phone numbers and e-mail addresses', () => {
    expect(kinds('Minu isikukood on 49001011238, helistage 5123 4567 või kirjutage mari.maasikas@example.ee')).toEqual([
      'idcode:49001011238',
      'phone:5123 4567',
      'email:mari.maasikas@example.ee',
    ]);
    expect(kinds('Tel +372 5551234 ja lauatelefon 6 123 456')).toEqual(['phone:+372 5551234', 'phone:6 123 456']);
    expect(kinds('kood 38012310003.')).toEqual(['idcode:38012310003']);
  });

  it('leaves ordinary numbers alone', () => {
    expect(kinds('Ootasin 2026. aastal 14 päeva, hind 25 eurot, taotlus nr 2026-000123')).toEqual([]);
    expect(kinds('vale kood 49001011239')).toEqual([]);
    expect(flagsOf(null)).toEqual([]);
  });

  it('cuts the text into plain and flagged parts that join back to the text', () => {
    const s = 'Kiri: a@b.ee, aitäh';
    const parts = flaggedParts(s, flagsOf(s));
    expect(parts).toEqual([
      { text: 'Kiri: ', flag: null },
      { text: 'a@b.ee', flag: 'email' },
      { text: ', aitäh', flag: null },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(s);
  });
});
