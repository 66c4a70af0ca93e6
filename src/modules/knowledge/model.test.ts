// The knowledge base's pure rules: safe Markdown, who sees what, the diff, the checks.
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, checkInput, diffTexts, excerptText, normalTags, parseTags, plainText, renderMarkdown, sees, visibilitiesFor } from './model.js';
import type { ArticleInput } from './model.js';

describe('Markdown to safe HTML', () => {
  it('keeps the allowed marks and links with rel="noopener nofollow"', () => {
    const html = renderMarkdown('# Pealkiri\n\nTekst **rasvane** ja [link](https://ria.ee "RIA").\n\n- üks\n- kaks');
    expect(html).toContain('<h2>Pealkiri</h2>');
    expect(html).toContain('<strong>rasvane</strong>');
    expect(html).toContain('<a href="https://ria.ee" title="RIA" rel="noopener nofollow">link</a>');
    expect(html).toContain('<li>üks</li>');
  });

  it('removes scripts, styles, frames, event handlers and javascript: links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<style>p{}</style>\n\n<iframe src="https://x"></iframe>\n\n<img src=x onerror="alert(1)">\n\n[klikk](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)" onclick="x()">a</a> <p style="color:red" onmouseover="y()">p</p>',
    );
    expect(html).not.toMatch(/script|style=|<style|iframe|onerror|onclick|onmouseover|javascript:|<img/i);
    expect(plainText('**Paroolid** & <b>muu</b>')).toBe('Paroolid & muu\n');
    expect(excerptText('## Paroolid\n\n- **Pikk** [parool](https://x.ee) <b>ja</b> `kood`')).toBe('Paroolid Pikk parool ja kood');
  });
});

describe('visibility', () => {
  const official = (kov: string | null) => ({ official: true, kov });
  it('anonymous: public only; officials: public and all-officials, one-KOV only of their KOV', () => {
    const pub = { kovCode: '0000', visibility: 'public' as const };
    const all = { kovCode: '0784', visibility: 'officials' as const };
    const tallinn = { kovCode: '0784', visibility: 'kov' as const };
    expect([pub, all, tallinn].map((a) => sees(ANONYMOUS, a))).toEqual([true, false, false]);
    expect([pub, all, tallinn].map((a) => sees(official('0793'), a))).toEqual([true, true, false]);
    expect([pub, all, tallinn].map((a) => sees(official('0784'), a))).toEqual([true, true, true]);
    expect(sees(official(null), tallinn)).toBe(false);
    expect(visibilitiesFor('0000')).toEqual(['public', 'officials']);
    expect(visibilitiesFor('0784')).toEqual(['officials', 'kov']);
  });
});

describe('checks and diff', () => {
  const input: ArticleInput = { kind: 'guide', domain: 'security', visibility: 'kov', tags: [], title: { et: 'T', en: '', ru: '' }, summary: '', bodyMd: 'x', note: '' };
  it('refuses a public article of a KOV, an empty title and body', () => {
    expect(checkInput('0784', input)).toEqual([]);
    expect(checkInput('0784', { ...input, visibility: 'public' }).map((e) => e.field)).toEqual(['visibility']);
    expect(checkInput('0000', { ...input, title: { et: ' ', en: '', ru: '' }, bodyMd: '' }).map((e) => e.field)).toEqual(['visibility', 'title.et', 'bodyMd']);
    expect(parseTags(' E-ITS, paroolid ,e-its,, Andme  kaitse')).toEqual(['e-its', 'paroolid', 'andme kaitse']);
    expect(normalTags([' E-ITS', 'paroolid ', 'e-its', '', '  ', 'Andme  kaitse'])).toEqual(['e-its', 'paroolid', 'andme kaitse']);
  });

  it('diffs word by word', () => {
    expect(diffTexts('Paroolid on pikad.', 'Paroolid on väga pikad.')).toEqual([
      { kind: 'same', text: 'Paroolid on ' },
      { kind: 'ins', text: 'väga ' },
      { kind: 'same', text: 'pikad.' },
    ]);
  });
});
