// The Estonian stemmer and the search literals over real word forms: every form of a group must
// stem alike (so a search for one finds the others), and different words must not.
import { describe, expect, it } from 'vitest';
import { excerpt, highlight, stemOf, tsqueryLiteral, tsvectorLiteral } from './text-search.js';

const SAME: string[][] = [
  ['turvalisus', 'turvalisuse', 'turvalisust', 'turvalisusele', 'turvalisuses', 'turvalisusega', 'turvalisusse'],
  ['paroolid', 'paroolide', 'paroolidega', 'paroolidele', 'paroolidest', 'parooli', 'parooliga', 'paroolile'],
  ['andmekaitse', 'andmekaitsest', 'andmekaitsele', 'andmekaitsega'],
  ['teenus', 'teenuse', 'teenust', 'teenused', 'teenuste', 'teenustele'],
  ['juhendi', 'juhendit', 'juhendid', 'juhendite'],
  ['raamatukogu', 'raamatukogus', 'raamatukogusse', 'raamatukogust'],
  ['kasutamine', 'kasutamise', 'kasutamist', 'kasutamisel'],
  ['turvaline', 'turvalise', 'turvalist', 'turvalised', 'turvaliste'],
  ['inimene', 'inimese', 'inimesed', 'inimesele'],
  ['haldus', 'halduse', 'haldust', 'haldusele'],
  ['varukoopia', 'varukoopiad', 'varukoopiate', 'varukoopiaid'],
  ['kokkuvõtte', 'kokkuvõtted'],
  // irregular verbs (the algorithm's exception list)
  ['teen', 'teeb', 'tehakse', 'teha', 'tegema'],
  ['saan', 'saab', 'saadakse', 'saada'],
];

describe('the Estonian stemmer', () => {
  it('stems every form of a word alike', () => {
    for (const g of SAME) expect(g.map(stemOf), g.join(' ')).toEqual(g.map(() => stemOf(g[0]!)));
  });

  it('keeps different words apart', () => {
    const firsts = SAME.map((g) => stemOf(g[0]!));
    expect(new Set(firsts).size).toBe(firsts.length);
    expect(stemOf('parool')).not.toBe(stemOf('paroolipoliitika'));
  });

  it('leaves numbers and short words as they are, lower-cased', () => {
    expect(stemOf('2026')).toBe('2026');
    expect(stemOf('IT')).toBe('it');
    expect(stemOf('Turvalisuse')).toBe(stemOf('turvalisus'));
  });
});

describe('search literals', () => {
  it('writes a weighted tsvector literal with positions, letters and digits only', () => {
    expect(tsvectorLiteral([{ text: 'Paroolide haldus', weight: 'A' }, { text: 'Turvalisus on tähtis; <script>', weight: 'C' }])).toBe(
      "'parooli':1A 'hal':2A 'turvalisu':4C 'on':5C 'tähti':6C 'scrip':7C",
    );
  });

  it('writes a tsquery of every word (AND), long stems as prefixes, null for no word', () => {
    expect(tsqueryLiteral('turvalisuse paroolide')).toBe("'turvalisu':* & 'parooli':*");
    expect(tsqueryLiteral("it ' & | !")).toBe("'it'");
    expect(tsqueryLiteral(' -- ')).toBeNull();
  });

  it('highlights the forms written in the text, not the query’s', () => {
    const h = highlight('Turvalisus ja turvalisusest, mitte turvalaud.', 'turvalisuse');
    expect(h.filter((f) => f.hit).map((f) => f.text)).toEqual(['Turvalisus', 'turvalisusest']);
    expect(h.map((f) => f.text).join('')).toBe('Turvalisus ja turvalisusest, mitte turvalaud.');
  });

  it('cuts an excerpt around the first hit', () => {
    const text = `${'Sissejuhatus '.repeat(40)}Siin räägime paroolidest. ${'Lõpp '.repeat(60)}`;
    const e = excerpt(text, 'paroolid', 100);
    expect(e[0]!.text).toBe('… ');
    expect(e.some((f) => f.hit && f.text === 'paroolidest')).toBe(true);
    expect(e.at(-1)!.text).toBe(' …');
  });
});
