// The winners document's checks (verifyWinners) on both counting engines, with boards reduced to what
// the winners need (questions, decrypted totals or decrypted mixed ballots; the board's cryptography is
// checked by verify.ts / verify-v2.ts and by the budgets tests on real certified votes): an untouched
// document passes; a winner added or removed, a tie draw in another order, a wrong board hash, another
// board, a changed budget or cost, a non-canonical text and an override naming no idea of the ballot fail.
import { describe, expect, it } from 'vitest';
import type { BoardForWinners, WinnersDocument, WinnersInputs } from './document.js';
import { sha256Text, verifyWinners, winnersDocument, winnersDocumentText, winnersOf } from './document.js';

const VOTE = '01900000-0000-7000-8000-000000000001';
const KOV = '0784';
const euro = (e: number) => e * 100;

// Greedy on totals: area A (€100) with ideas a1 (€60, 3 votes), a2 and a3 (€30 each, 1 vote: a tie of
// which only one fits), area B (€40, minimum 2 voters) with b1 (€30, 2 votes).
const GREEDY_BOARD = {
  format: 'vallamaja-board/1',
  voteId: VOTE,
  kov: KOV,
  questions: [
    { id: 'A', options: [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }, { id: 'voters' }] },
    { id: 'B', options: [{ id: 'b1' }, { id: 'voters' }] },
  ],
  tally: { counts: [[3, 1, 1, 4], [2, 2]] },
};
const GREEDY_INPUTS: WinnersInputs = {
  rule: { kind: 'greedy' },
  count: { from: 'totals', votersOption: 'voters' },
  areas: [
    { id: 'A', budget: euro(100), minVoters: null, ideas: [{ id: 'a1', cost: euro(60) }, { id: 'a2', cost: euro(30) }, { id: 'a3', cost: euro(30) }] },
    { id: 'B', budget: euro(40), minVoters: 2, ideas: [{ id: 'b1', cost: euro(30) }] },
  ],
};

// MES on mixed ballots: one question of every idea (slot m = option m), two areas.
const MES_BOARD = {
  format: 'vallamaja-board/2',
  voteId: VOTE,
  kov: KOV,
  questions: [{ id: 'ideas', options: [{ id: 'm1' }, { id: 'm2' }, { id: 'm3' }, { id: 'm4' }, { id: 'n1' }, { id: 'n2' }] }],
  mix: { ballots: [[1, 5, 0], [1, 3, 6], [2, 4, 3], [3, 4, 5], [2, 6, 0], [4, 0, 0]] },
};
const MES_INPUTS: WinnersInputs = {
  rule: { kind: 'equal-shares', utility: 'cost', stepPerVoter: 100 },
  count: { from: 'ballots', question: 'ideas' },
  areas: [
    { id: 'P', budget: euro(1000), minVoters: null, ideas: [{ id: 'm1', cost: euro(600) }, { id: 'm2', cost: euro(500) }, { id: 'm3', cost: euro(300) }, { id: 'm4', cost: euro(200) }] },
    { id: 'L', budget: euro(500), minVoters: null, ideas: [{ id: 'n1', cost: euro(250) }, { id: 'n2', cost: euro(250) }] },
  ],
};

function make(board: object, inputs: WinnersInputs) {
  const boardText = JSON.stringify(board);
  const sha = sha256Text(boardText);
  const result = winnersOf(inputs, board as BoardForWinners, sha);
  const doc = winnersDocument({ voteId: VOTE, kov: KOV, boardFormat: (board as { format: string }).format, boardSha256: sha }, inputs, result);
  return { boardText, doc, text: winnersDocumentText(doc) };
}

/** A deep copy of the document to tamper with. */
const copy = (d: WinnersDocument): WinnersDocument => JSON.parse(JSON.stringify(d)) as WinnersDocument;
const failed = (boardText: string, text: string) =>
  verifyWinners(boardText, text)
    .checks.filter((c) => !c.ok)
    .map((c) => c.name);

describe.each([
  ['greedy (totals, board format 1)', GREEDY_BOARD, GREEDY_INPUTS],
  ['Method of Equal Shares (mixed ballots, board format 2)', MES_BOARD, MES_INPUTS],
] as const)('winners document: %s', (_name, board, inputs) => {
  const { boardText, doc, text } = make(board, inputs);

  it('an untouched document passes every check, and its text is canonical', () => {
    const r = verifyWinners(boardText, text);
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ['winners format', true],
      ['winners board', true],
      ['winners ballot', true],
      ['winners', true],
      ['overrides', true],
    ]);
    expect(r.ok).toBe(true);
    expect(winnersDocumentText(JSON.parse(text) as WinnersDocument)).toBe(text);
    expect(text.startsWith(`{"format":"vallamaja-winners/1","voteId":"${VOTE}","kov":"${KOV}","board":{"format":"${board.format}","sha256":"${sha256Text(boardText)}"},"rule":`)).toBe(true);
    expect(doc.result.flatMap((a) => a.winners).length).toBeGreaterThan(0);
  });

  it('a winner added or removed fails the recomputation', () => {
    const added = copy(doc);
    const area = added.result.find((a) => a.valid)!;
    const loser = area.ideas.find((i) => !i.funded)!;
    area.winners.push(loser.id);
    expect(failed(boardText, winnersDocumentText(added))).toEqual(['winners']);
    const removed = copy(doc);
    removed.result.find((a) => a.winners.length > 0)!.winners.pop();
    const r = verifyWinners(boardText, winnersDocumentText(removed));
    expect(r.ok).toBe(false);
    expect(r.checks.find((c) => c.name === 'winners')!.detail).toMatch(/winners is \[.*\] in the document, \[.*\] recomputed from the board/);
  });

  it('a tie draw in another order fails (with its keys reordered: the recomputation; as it was: the canonical form)', () => {
    const withDraw = doc.result.find((a) => a.draws.length > 0);
    expect(withDraw, 'the fixture has a tie that decided something').toBeDefined();
    const swapped = copy(doc);
    const d = swapped.result.find((a) => a.areaId === withDraw!.areaId)!.draws[0]!;
    d.order.reverse();
    expect(failed(boardText, JSON.stringify(swapped))).toEqual(['winners format', 'winners board', 'winners ballot', 'winners', 'overrides']);
    d.keys = Object.fromEntries(d.order.map((id) => [id, d.keys[id]!]));
    expect(failed(boardText, winnersDocumentText(swapped))).toEqual(['winners']);
  });

  it('a wrong board hash, or another board, fails the binding', () => {
    const wrong = copy(doc);
    wrong.board.sha256 = 'f'.repeat(64);
    expect(failed(boardText, winnersDocumentText(wrong))[0]).toBe('winners board');
    // the same document against a board with one more vote: not this board's
    const other = JSON.parse(boardText) as { tally?: { counts: number[][] }; mix?: { ballots: number[][] } };
    if (other.tally) other.tally.counts[0]![0]! += 1;
    else other.mix!.ballots.push([1, 0, 0]);
    const r = verifyWinners(JSON.stringify(other), text);
    expect(r.ok).toBe(false);
    expect(r.checks.find((c) => c.name === 'winners board')!.detail).toContain('is not the SHA-256 of the board');
    const otherVote = copy(doc);
    otherVote.voteId = '01900000-0000-7000-8000-000000000002';
    expect(failed(boardText, winnersDocumentText(otherVote))[0]).toBe('winners board');
  });

  it('a changed budget or cost fails', () => {
    const budget = copy(doc);
    budget.areas[0]!.budget += euro(1);
    expect(failed(boardText, winnersDocumentText(budget))).toEqual(['winners']);
    const cost = copy(doc);
    cost.areas[0]!.ideas[0]!.cost += euro(1);
    expect(failed(boardText, winnersDocumentText(cost))).toContain('winners');
    const resultBudget = copy(doc);
    resultBudget.result[0]!.budget += euro(1);
    expect(failed(boardText, winnersDocumentText(resultBudget))).toEqual(['winners']);
  });

  it('an idea left out of the areas, an unknown field or whitespace fails', () => {
    const dropped = copy(doc);
    dropped.areas[0]!.ideas.pop();
    expect(failed(boardText, winnersDocumentText(dropped))[0]).toBe('winners ballot');
    expect(failed(boardText, JSON.stringify(JSON.parse(text), null, 2))[0]).toBe('winners format');
    expect(failed(boardText, text.replace('"format":', '"extra":1,"format":'))[0]).toBe('winners format');
    expect(failed(boardText, '{')[0]).toBe('winners format');
  });

  it('overrides are listed apart from the rule’s result: well-formed ones pass, one naming no idea of the ballot fails', () => {
    const loser = doc.result.flatMap((a) => a.ideas).find((i) => !i.funded)!;
    const overridden = { ...copy(doc), overrides: [{ idea: loser.id, action: 'fund' as const, reason: 'Council decision 12', at: '2027-04-01T10:00:00.000Z' }] };
    const ok = verifyWinners(boardText, winnersDocumentText(overridden));
    expect(ok.ok).toBe(true);
    expect(ok.checks.find((c) => c.name === 'overrides')!.detail).toContain(`fund ${loser.id}`);
    const bad = { ...copy(doc), overrides: [{ idea: 'zz', action: 'fund' as const, reason: ' ', at: 'yesterday' }] };
    const r = verifyWinners(boardText, winnersDocumentText(bad));
    expect(failed(boardText, winnersDocumentText(bad))).toEqual(['overrides']);
    expect(r.checks.find((c) => c.name === 'overrides')!.detail).toMatch(/names zz, not an idea of the ballot; override 1 has no reason; override 1: at is not/);
  });
});
