// The catalogue's pure rules: status transitions, which version an edit writes, and the validation of
// content (URLs, e-mails, costs, ISO 8601 durations, fixed lists).
import { describe, expect, it } from 'vitest';
import { sampleContent } from './fixtures.js';
import { canDo, durationDays, emptyChannel, isDuration, isHttpUrl, normalizeContent, parseCostCents, slugify, statusAfter, validateChannel, validateContent, versionForEdit } from './model.js';

const fields = (c: Parameters<typeof validateContent>[0]) => validateContent(c).map((e) => e.field);

describe('services: status and versions', () => {
  it('a draft is published; only a published service is archived; an open draft is needed to publish', () => {
    expect(canDo('publish', { status: 'draft', draftNo: 1 })).toBe(true);
    expect(canDo('publish', { status: 'published', draftNo: null })).toBe(false);
    expect(canDo('publish', { status: 'published', draftNo: 3 })).toBe(true);
    expect(canDo('archive', { status: 'published', draftNo: null })).toBe(true);
    expect(canDo('archive', { status: 'draft', draftNo: 1 })).toBe(false);
    expect(canDo('archive', { status: 'archived', draftNo: null })).toBe(false);
    expect(canDo('publish', { status: 'archived', draftNo: 4 })).toBe(true);
    expect(statusAfter('publish', { status: 'archived', draftNo: 4 })).toBe('published');
    expect(statusAfter('archive', { status: 'published', draftNo: null })).toBe('archived');
    expect(statusAfter('edit', { status: 'published', draftNo: null })).toBe('published');
  });

  it('an edit writes the open draft in place, else a new version after the last', () => {
    expect(versionForEdit(1, 1)).toEqual({ no: 1, created: false });
    expect(versionForEdit(null, 3)).toEqual({ no: 4, created: true });
    expect(versionForEdit(5, 5)).toEqual({ no: 5, created: false });
  });
});

describe('services: validation', () => {
  it('ISO 8601 durations', () => {
    for (const ok of ['P10D', 'P2W', 'PT4H', 'PT4H30M', 'P1Y2M10D', 'P1DT12H', 'PT0.5S', 'P0D']) expect(isDuration(ok), ok).toBe(true);
    for (const bad of ['', 'P', 'PT', '10D', 'P10', 'P1DT', 'p10d', 'P-1D', 'P1.5D', 'T4H', '10 päeva']) expect(isDuration(bad), bad).toBe(false);
    expect(durationDays('P2W')).toBe(14);
    expect(durationDays('PT12H')).toBe(0.5);
    expect(durationDays('x')).toBeNull();
  });

  it('costs from what people type, in cents', () => {
    expect(parseCostCents('12,50')).toBe(1250);
    expect(parseCostCents('12.5')).toBe(1250);
    expect(parseCostCents('7 €')).toBe(700);
    expect(parseCostCents('tasuta')).toBe(0);
    expect(parseCostCents('')).toBe(0);
    expect(parseCostCents('-3')).toBeNull();
    expect(parseCostCents('12,345')).toBeNull();
    expect(parseCostCents('kümme')).toBeNull();
  });

  it('URLs: http(s) with a host name only', () => {
    expect(isHttpUrl('https://www.riigiteataja.ee/akt/SHS')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('ftp://x.ee/a')).toBe(false);
    expect(isHttpUrl('https://localhost/')).toBe(false);
    expect(isHttpUrl('www.tallinn.ee')).toBe(false);
  });

  it('channels: each kind needs its own contact; cost and time checked', () => {
    expect(validateChannel({ ...emptyChannel('eservice') }).map((e) => e.field)).toEqual(['channel.url']);
    expect(validateChannel({ ...emptyChannel('office') }).map((e) => e.field)).toEqual(['channel.address']);
    expect(validateChannel({ ...emptyChannel('phone'), phone: 'helista' }).map((e) => e.field)).toEqual(['channel.phone']);
    expect(validateChannel({ ...emptyChannel('email'), email: 'x@' }).map((e) => e.field)).toEqual(['channel.email']);
    expect(validateChannel({ ...emptyChannel('home'), costCents: -1, processingTime: '10 päeva' }).map((e) => e.field)).toEqual(['channel.cost', 'channel.processingTime']);
    expect(validateChannel({ ...emptyChannel('home'), costCents: 1.5 }).map((e) => e.field)).toEqual(['channel.cost']);
    expect(validateChannel({ ...emptyChannel('phone'), phone: '+372 640 4141', processingTime: 'PT1H' })).toEqual([]);
  });

  it('content: Estonian name and description required; every list item checked by its path', () => {
    expect(fields(sampleContent())).toEqual([]);
    const bad = sampleContent({
      name: { et: ' ', en: 'x', ru: '' },
      description: { et: '', en: '', ru: '' },
      legalBases: [{ act: '', section: '§ 1', url: 'riigiteataja' }],
      ownerEmail: 'mari',
      audiences: ['aliens' as never],
      lifeEvents: ['lottery' as never],
      relatedState: [{ name: 'SKA', url: 'nope' }],
      steps: [{ who: 'x', what: '', system: '', duration: 'soon' }],
      keywords: ['ok', 'x'.repeat(61)],
    });
    expect(fields(normalizeContent(bad))).toEqual([
      'name.et',
      'description.et',
      'ownerEmail',
      'legalBases.0.act',
      'legalBases.0.url',
      'steps.0.what',
      'steps.0.duration',
      'relatedState.0.url',
      'audiences',
      'lifeEvents',
      'keywords',
    ]);
    const long = sampleContent({ name: { et: 'x'.repeat(201), en: '', ru: '' }, channels: Array.from({ length: 51 }, () => ({ ...emptyChannel('home') })) });
    expect(fields(long)).toEqual(['name.et', 'channels']);
  });

  it('normalizing trims texts and lower-cases and de-duplicates keywords', () => {
    const c = normalizeContent(sampleContent({ keywords: [' Toetus', 'toetus', ''], name: { et: '  Nimi ', en: '', ru: '' } }));
    expect(c.keywords).toEqual(['toetus']);
    expect(c.name.et).toBe('Nimi');
  });

  it('slugs from Estonian names', () => {
    expect(slugify('Koolieelse lasteasutuse koht (lasteaiakoht)')).toBe('koolieelse-lasteasutuse-koht-lasteaiakoht');
    expect(slugify('Õpilase sõidukulude hüvitamine – Šokolaad Žürii')).toBe('opilase-soidukulude-huvitamine-sokolaad-zurii');
    expect(slugify('Пособие')).toBe('teenus');
  });
});
