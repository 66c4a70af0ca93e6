// The results protocol's bar chart (pure): each counted option carries its count as a share of the
// question's largest, and the PDF draws one bar per counted option in the charts' blue, none for
// options not yet counted.
import { describe, expect, it } from 'vitest';
import type { Results, VoteView } from './service.js';
import { resultsPdf, resultsProtocol } from './views/results-pdf.js';

const texts = (s: string) => ({ et: s, en: s, ru: s });
const vote: VoteView = {
  id: '00000000-0000-7000-8000-00000000a001',
  kov: '0784',
  title: texts('Pargi küsitlus'),
  questions: [{ id: 'q1', text: texts('Kas?'), rule: { kind: 'one' }, options: [{ id: 'o1', text: texts('Jah') }, { id: 'o2', text: texts('Ei') }, { id: 'o3', text: texts('Ei tea') }] }],
  revote: true,
  opensAt: new Date('2026-12-01T07:00:00Z'),
  closesAt: new Date('2026-12-01T13:00:00Z'),
  status: 'certified',
  key: { threshold: 2, members: 3, commitments: [] },
  rollSize: 12,
  turnout: 10,
  createdAt: new Date('2026-11-30T07:00:00Z'),
  closedAt: new Date('2026-12-01T13:00:00Z'),
  publishedAt: new Date('2026-12-01T14:00:00Z'),
  certifiedAt: new Date('2026-12-01T15:00:00Z'),
};
const results = (counts: (number | null)[]): Results => ({
  voteId: vote.id,
  status: 'certified',
  rollSize: 12,
  turnout: 10,
  questions: [{ id: 'q1', text: texts('Kas?'), options: vote.questions[0]!.options.map((o, i) => ({ id: o.id, text: o.text, count: counts[i]! })) }],
  turnoutByUnit: [],
  turnoutByAge: [],
  digest: null,
  certifications: 0,
  signatures: [],
  threshold: 2,
});
const BLUE = /0\.1137\d* 0\.3098\d* 0\.5686\d* scn/;
const rects = (pdf: Buffer) => [...pdf.toString('latin1').matchAll(/([\d.]+) 7 re/g)].map((m) => Number(m[1]));

describe('results protocol bars', () => {
  it('gives each counted option its share of the largest count', () => {
    const lines = resultsProtocol(vote, results([7, 3, 0]), 'et', { boardUrl: '' }).filter((l) => l.bar !== undefined);
    expect(lines.map((l) => [l.text, l.bar])).toEqual([
      ['Jah: 7', 1],
      ['Ei: 3', 3 / 7],
      ['Ei tea: 0', 0],
    ]);
    expect(resultsProtocol(vote, results([null, null, null]), 'et', { boardUrl: '' }).some((l) => l.bar !== undefined)).toBe(false);
  });

  it('draws one bar per option with votes, in proportion, and none before counting', async () => {
    const pdf = await resultsPdf(vote, results([7, 3, 0]), 'et', { boardUrl: '', compress: false });
    expect(pdf.toString('latin1')).toMatch(BLUE);
    const widths = rects(pdf);
    expect(widths).toHaveLength(2);
    expect(widths[1]! / widths[0]!).toBeCloseTo(3 / 7, 2);
    expect(rects(await resultsPdf(vote, results([null, null, null]), 'et', { boardUrl: '', compress: false }))).toEqual([]);
  });
});
