// The files' formats (pure): RFC 4180 CSV and the JSON shape.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv, toJson } from './format.js';

describe('automatic datasets’ file formats', () => {
  it('quotes a CSV field only when it must, doubling quotes; lists joined by "; "; null empty', () => {
    expect(csvField('Auk teel')).toBe('Auk teel');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('ütles "tere"')).toBe('"ütles ""tere"""');
    expect(csvField('rida\r\nteine')).toBe('"rida\r\nteine"');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(2.5)).toBe('2.5');
    expect(csvField(['eservice', 'office'])).toBe('eservice; office');
    expect(csvField([])).toBe('');
  });

  it('writes a header row and CRLF after every line, in the columns’ order; a parser reads it back', () => {
    const cols = ['kov', 'name', 'n', 'list'];
    const text = toCsv(cols, [
      { name: 'Mõni, "jutt"', kov: '0784', n: 3, list: ['a', 'b'] },
      { kov: '0793', name: 'rida\nkaks', n: null, list: [] },
    ]);
    expect(text.startsWith('kov,name,n,list\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text, { columns: true })).toEqual([
      { kov: '0784', name: 'Mõni, "jutt"', n: '3', list: 'a; b' },
      { kov: '0793', name: 'rida\nkaks', n: '', list: '' },
    ]);
    expect(toCsv(cols, [])).toBe('kov,name,n,list\r\n');
  });

  it('JSON: id, scope, columns and every row with every column (null for a missing one), no time of making', () => {
    const text = toJson('auto-0784-x', '0784', ['a', 'b'], [{ b: 1, a: 'x' }, { a: 'y' }]);
    expect(JSON.parse(text)).toEqual({ dataset: 'auto-0784-x', scope: '0784', columns: ['a', 'b'], rows: [{ a: 'x', b: 1 }, { a: 'y', b: null }] });
    expect(Object.keys((JSON.parse(text) as { rows: object[] }).rows[0]!)).toEqual(['a', 'b']);
    expect(toJson('auto-0784-x', '0784', ['a', 'b'], [{ a: 'x', b: 1 }])).toBe(toJson('auto-0784-x', '0784', ['a', 'b'], [{ b: 1, a: 'x' }]));
  });
});
