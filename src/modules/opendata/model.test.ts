// The open-data rules without a database: the metadata's validation (each field's error), the
// vocabularies, URLs and file types, and the workflow with four eyes.
import { describe, expect, it } from 'vitest';
import { sampleMeta } from './fixtures.js';
import { FREQUENCIES, THEMES, checkMeta, fileTypeOf, isHttpUrl, refusal, safeFileName } from './model.js';

const fields = (m: Parameters<typeof checkMeta>[0]) => checkMeta(m).errors.map((e) => `${e.field}:${e.reason}`);

describe('open data: metadata', () => {
  it('valid metadata passes, trimmed, keywords cleaned', () => {
    const r = checkMeta(sampleMeta('0784', { keywords: [' park ', '', 'park', 'lapsed'], title: { et: ' Pargid ', en: '', ru: '' } }));
    expect(r.errors).toEqual([]);
    expect(r.meta.keywords).toEqual(['park', 'lapsed']);
    expect(r.meta.title.et).toBe('Pargid');
  });

  it('each field has its error', () => {
    const bad = sampleMeta('0784', {
      title: { et: '', en: '', ru: '' },
      description: { et: ' ', en: '', ru: '' },
      contactName: '',
      contactEmail: 'not-an-address',
      themes: ['XXXX'],
      spatial: 'Tallinn',
      temporalStart: '2026-02-30',
      frequency: 'SOMETIMES',
      license: 'MIT',
      accessRights: 'OPEN' as never,
    });
    expect(fields(bad)).toEqual([
      'title_et:opendata.error.titleMissing',
      'description_et:opendata.error.descriptionMissing',
      'contactName:opendata.error.contactNameMissing',
      'contactEmail:opendata.error.email',
      'themes:opendata.error.theme',
      'spatial:opendata.error.spatial',
      'temporalStart:opendata.error.date',
      'frequency:opendata.error.frequency',
      'license:opendata.error.license',
      'accessRights:opendata.error.accessRights',
    ]);
    expect(fields(sampleMeta('0784', { themes: [] }))).toEqual(['themes:opendata.error.themeMissing']);
  });

  it('the period may be open at either end, but not end before it starts', () => {
    expect(fields(sampleMeta('0784', { temporalStart: '2026-01-01', temporalEnd: null }))).toEqual([]);
    expect(fields(sampleMeta('0784', { temporalStart: null, temporalEnd: '2026-01-01' }))).toEqual([]);
    expect(fields(sampleMeta('0784', { temporalStart: '2026-01-02', temporalEnd: '2026-01-01' }))).toEqual(['temporalEnd:opendata.error.temporalOrder']);
    expect(fields(sampleMeta('0784', { temporalStart: '2026-01-01', temporalEnd: '2026-01-01' }))).toEqual([]);
  });

  it('the vocabularies: the 13 EU data themes and the common frequencies', () => {
    expect(THEMES).toHaveLength(13);
    expect(FREQUENCIES).toContain('ANNUAL');
  });

  it('links are http or https only; file types by extension; file names made safe', () => {
    expect(isHttpUrl('https://a.example/x?y=1')).toBe(true);
    expect(isHttpUrl('http://a.example')).toBe(true);
    for (const u of ['ftp://a.example', 'javascript:alert(1)', 'https://user:pw@a.example', '/relative', 'mailto:a@b.ee']) expect(isHttpUrl(u)).toBe(false);
    expect(fileTypeOf('Andmed.CSV')).toEqual({ mediaType: 'text/csv', format: 'CSV' });
    expect(fileTypeOf('x.geojson')?.format).toBe('GEOJSON');
    expect(fileTypeOf('x.exe')).toBeNull();
    expect(safeFileName('C:\\tmp\\"a"\u0007.csv')).toBe('a.csv');
  });
});

describe('open data: the workflow', () => {
  const who = (actorId: string | null, lastEditorId: string | null) => ({ actorId, lastEditorId });
  it('draft → reviewed → published → withdrawn; back to draft from any later status', () => {
    expect(refusal('draft', 'review', who('b', 'a'))).toBeNull();
    expect(refusal('reviewed', 'publish', who('b', 'a'))).toBeNull();
    expect(refusal('published', 'withdraw', who('b', 'a'))).toBeNull();
    for (const s of ['reviewed', 'published', 'withdrawn'] as const) expect(refusal(s, 'reopen', who('a', 'a'))).toBeNull();
    expect(refusal('draft', 'publish', who('b', 'a'))).toBe('opendata.error.cannot.publish');
    expect(refusal('reviewed', 'review', who('b', 'a'))).toBe('opendata.error.cannot.review');
    expect(refusal('draft', 'withdraw', who('b', 'a'))).toBe('opendata.error.cannot.withdraw');
    expect(refusal('draft', 'reopen', who('b', 'a'))).toBe('opendata.error.cannot.reopen');
  });

  it('four eyes: the last editor may not review; publishing after review may be anyone allowed', () => {
    expect(refusal('draft', 'review', who('a', 'a'))).toBe('opendata.error.fourEyes');
    expect(refusal('reviewed', 'publish', who('a', 'a'))).toBeNull();
  });
});
