// The winner rules (pure): worked examples, a published MES example, and a randomized cross-check
// of the fast MES against a slow, obviously correct implementation written here from the rule's
// definition (INTEGRATIONS.md; equalshares.net's add1 completion), voter by voter, in exact fractions.
import { describe, expect, it } from 'vitest';
import { drawKey, publicDraw } from '../draw.js';
import { budgetWinners, drawLabel, type WinnerArea, type WinnerBallot, type WinnerIdea } from './rules.js';

const SEED = '0123456789abcdef0123456789abcdef';
const euro = (e: number) => e * 100;
const ballots = (rows: [number, string[]][]): WinnerBallot[] => rows.map(([count, ideas]) => ({ ideas, count }));

describe('greedy', () => {
  it('funds by votes, skips an idea that does not fit, and breaks a tie by the recorded public draw', () => {
    const areas: WinnerArea[] = [{ id: 'kesklinn', budget: euro(10_000) }];
    const ideas: WinnerIdea[] = [
      { id: 'A', areaId: 'kesklinn', cost: euro(6_000) },
      { id: 'B', areaId: 'kesklinn', cost: euro(3_000) },
      { id: 'C', areaId: 'kesklinn', cost: euro(3_000) },
      { id: 'D', areaId: 'kesklinn', cost: euro(1_000) },
      { id: 'E', areaId: 'kesklinn', cost: euro(5_000) },
    ];
    // votes: A 10, E 9, B 8, C 8, D 2
    const bs = ballots([
      [8, ['A', 'B', 'C']],
      [1, ['A', 'E']],
      [1, ['A', 'E', 'D']],
      [7, ['E']],
      [1, ['D']],
    ]);
    const r = budgetWinners(areas, ideas, bs, { kind: 'greedy' }, SEED).areas[0]!;
    // A (10 votes) is funded: €4,000 left; E (9) does not fit and is skipped; B and C (8 each) tie
    // and only one fits: the draw decides; D (2) fits in the last €1,000.
    const draw = publicDraw(SEED, drawLabel('kesklinn'), ['B', 'C']);
    expect(r.winners).toEqual(['A', draw.order[0], 'D']);
    expect(r.spent).toBe(euro(10_000));
    expect(r.ideas.find((i) => i.id === 'E')).toMatchObject({ funded: false, how: 'does-not-fit', votes: 9 });
    expect(r.ideas.find((i) => i.id === draw.order[1])).toMatchObject({ funded: false, how: 'does-not-fit' });
    expect(r.draws).toHaveLength(1);
    expect(r.draws[0]).toMatchObject({ areaId: 'kesklinn', seed: SEED, label: 'budget-winners/kesklinn', order: draw.order });
    // anyone can recompute the draw from the published seed, label and ids
    for (const id of ['B', 'C']) expect(r.draws[0]!.keys[id]).toBe(drawKey(SEED, 'budget-winners/kesklinn', id));
    // another seed can give the other order, and the result follows it
    const other = ['00', '11', '22', '33', '44', '55'].map((x) => x.repeat(8)).find((s) => publicDraw(s, drawLabel('kesklinn'), ['B', 'C']).order[0] !== draw.order[0])!;
    expect(budgetWinners(areas, ideas, bs, { kind: 'greedy' }, other).areas[0]!.winners).toEqual(['A', draw.order[1], 'D']);
  });

  it('counts each area on its own budget; a ballot over two areas counts in both', () => {
    const areas: WinnerArea[] = [
      { id: 'north', budget: euro(5_000) },
      { id: 'south', budget: euro(2_000) },
    ];
    const ideas: WinnerIdea[] = [
      { id: 'n1', areaId: 'north', cost: euro(4_000) },
      { id: 'n2', areaId: 'north', cost: euro(2_000) },
      { id: 'n3', areaId: 'north', cost: euro(1_000) },
      { id: 's1', areaId: 'south', cost: euro(2_500) },
      { id: 's2', areaId: 'south', cost: euro(1_500) },
    ];
    const bs = ballots([
      [5, ['n1', 's1']],
      [3, ['n2', 'n3']],
      [2, ['s2']],
      [1, ['n3']],
    ]);
    const [north, south] = budgetWinners(areas, ideas, bs, { kind: 'greedy' }, SEED).areas;
    expect(north).toMatchObject({ voters: 9, winners: ['n1', 'n3'], spent: euro(5_000), valid: true });
    expect(south).toMatchObject({ voters: 7, winners: ['s2'], spent: euro(1_500) });
    expect(south!.ideas.map((i) => [i.id, i.votes, i.how])).toEqual([
      ['s1', 5, 'does-not-fit'],
      ['s2', 2, 'greedy'],
    ]);
  });

  it('an area below its minimum number of voters is invalid and has no winners', () => {
    const areas: WinnerArea[] = [
      { id: 'village', budget: euro(3_000), minVoters: 3 },
      { id: 'town', budget: euro(3_000), minVoters: 3 },
    ];
    const ideas: WinnerIdea[] = [
      { id: 'v', areaId: 'village', cost: euro(1_000) },
      { id: 't', areaId: 'town', cost: euro(1_000) },
      { id: 'z', areaId: 'town', cost: euro(500) },
    ];
    const bs = ballots([
      [2, ['v']],
      [3, ['t']],
    ]);
    for (const rule of [{ kind: 'greedy' } as const, { kind: 'equal-shares' } as const]) {
      const [village, town] = budgetWinners(areas, ideas, bs, rule, SEED).areas;
      expect(village).toMatchObject({ valid: false, invalidReason: 'too-few-voters', voters: 2, winners: [], spent: 0 });
      expect(village!.ideas[0]).toMatchObject({ id: 'v', votes: 2, funded: false, how: 'area-invalid' });
      expect(town).toMatchObject({ valid: true, voters: 3, winners: ['t'] });
      // an idea nobody voted for never wins, even if money is left
      expect(town!.ideas.find((i) => i.id === 'z')).toMatchObject({ funded: false, how: 'no-votes' });
    }
  });

  it('greedy from per-idea totals (the homomorphic count) with the area’s voters given equals greedy from the ballots', () => {
    const areas: WinnerArea[] = [{ id: 'a', budget: euro(1_000), minVoters: 4 }];
    const ideas: WinnerIdea[] = [
      { id: 'p', areaId: 'a', cost: euro(600) },
      { id: 'q', areaId: 'a', cost: euro(500) },
      { id: 'r', areaId: 'a', cost: euro(300) },
    ];
    const full = ballots([
      [2, ['p', 'q']],
      [1, ['p', 'r']],
      [1, ['q', 'r']],
    ]);
    const fromBallots = budgetWinners(areas, ideas, full, { kind: 'greedy' }, SEED).areas[0]!;
    const totals = ballots([
      [3, ['p']],
      [3, ['q']],
      [2, ['r']],
    ]);
    const fromTotals = budgetWinners([{ ...areas[0]!, voters: 4 }], ideas, totals, { kind: 'greedy' }, SEED).areas[0]!;
    expect(fromTotals).toEqual(fromBallots);
    expect(fromTotals.voters).toBe(4);
    // the voters given decide the minimum: 3 voters is too few
    expect(budgetWinners([{ ...areas[0]!, voters: 3 }], ideas, totals, { kind: 'greedy' }, SEED).areas[0]).toMatchObject({ valid: false, winners: [] });
    // totals cannot stand for ballots under equal shares
    expect(() => budgetWinners([{ ...areas[0]!, voters: 4 }], ideas, totals, { kind: 'equal-shares' }, SEED)).toThrow(/greedy rule only/);
  });

  it('refuses unknown ideas, bad money and a bad seed', () => {
    const areas = [{ id: 'a', budget: euro(10) }];
    const ideas = [{ id: 'x', areaId: 'a', cost: euro(5) }];
    expect(() => budgetWinners(areas, ideas, [{ ideas: ['nope'] }], { kind: 'greedy' }, SEED)).toThrow(/unknown idea/);
    expect(() => budgetWinners(areas, [{ id: 'x', areaId: 'a', cost: 1.5 }], [], { kind: 'greedy' }, SEED)).toThrow(/integer cents/);
    expect(() => budgetWinners(areas, [{ id: 'x', areaId: 'b', cost: 1 }], [], { kind: 'greedy' }, SEED)).toThrow(/unknown area/);
    expect(() => budgetWinners(areas, ideas, [], { kind: 'greedy' }, 'not-hex')).toThrow(/seed/);
  });
});

describe('Method of Equal Shares', () => {
  it('published example: 51% support 10 red projects, 49% support 10 blue ones, money for 10', () => {
    // Source: equalshares.net ("Why use the Method of Equal Shares") and Wikipedia, "Method of
    // Equal Shares", Motivation: "if 51% of the population support 10 red projects and 49% support
    // 10 blue projects, and the money suffices only for 10 projects, the knapsack budgeting will
    // choose the 10 red … In contrast, the method of equal shares would pick 5 blue and 5 red."
    // Here: 100 voters, €1,000, 20 projects of €100.
    const areas = [{ id: 'city', budget: euro(1_000) }];
    const red = Array.from({ length: 10 }, (_, i) => ({ id: `red${i}`, areaId: 'city', cost: euro(100) }));
    const blue = Array.from({ length: 10 }, (_, i) => ({ id: `blue${i}`, areaId: 'city', cost: euro(100) }));
    const bs = ballots([
      [51, red.map((x) => x.id)],
      [49, blue.map((x) => x.id)],
    ]);
    const mes = budgetWinners(areas, [...red, ...blue], bs, { kind: 'equal-shares' }, SEED).areas[0]!;
    expect(mes.winners.filter((w) => w.startsWith('red'))).toHaveLength(5);
    expect(mes.winners.filter((w) => w.startsWith('blue'))).toHaveLength(5);
    expect(mes.spent).toBe(euro(1_000));
    // plain MES (€10 each) buys 5 red (51 × €10 ≥ 5 × €100) and 4 blue (49 × €10 < 5 × €100);
    // add1 raises every voter's share by €1: at €11 both sides buy 5 (€1,000), at €12 red would
    // buy 6 (over budget), so the completion stops at €11.
    expect(mes.equalShares).toMatchObject({ perVoterBudget: '1100/1', add1Steps: 1, mesWinners: mes.winners });
    // all 20 projects tie on ρ within their side: the order among equals is the public draw
    expect(mes.draws.length).toBeGreaterThan(0);
    const greedy = budgetWinners(areas, [...red, ...blue], bs, { kind: 'greedy' }, SEED).areas[0]!;
    expect(greedy.winners.every((w) => w.startsWith('red'))).toBe(true);
    expect(greedy.winners).toHaveLength(10);
  });

  it('worked example with cost utilities, a project that does not fit and the fill-up (computed by hand)', () => {
    // 10 voters, €100: €10 each. P (€60) approved by 1–6, Q (€30) by 7–10, R (€30) by 1–10.
    // Cost utilities, ρ = payment per euro of the project's cost:
    //   round 1: P: 6 pay €10 = €60, ρ = 10/60 = 1/6; Q: 4 × €7.50, ρ = 7.5/30 = 1/4;
    //            R: 10 × €3, ρ = 3/30 = 1/10  → R (1–10 now hold €7 each).
    //   round 2: P: 6 × €7 = €42 < €60, not affordable; Q: 4 × €7.50 > €7: not affordable.
    // MES buys {R} (€30), not exhaustive (Q or P would still fit). add1, €11 each: R leaves €8;
    // P: 6 × €8 = €48 < €60, not affordable; Q: 4 × €8 = €32 ≥ €30 → {R, Q} = €60 ≤ €100, taken.
    // {R, Q} is exhaustive (P would make €120), so add1 stops: 1 step, 2 runs, €11 per voter.
    // Fill-up: €40 left, P (6 votes, €60) does not fit. Result {R, Q}, €60.
    const areas = [{ id: 'x', budget: euro(100) }];
    const ideas = [
      { id: 'P', areaId: 'x', cost: euro(60) },
      { id: 'Q', areaId: 'x', cost: euro(30) },
      { id: 'R', areaId: 'x', cost: euro(30) },
    ];
    const bs = ballots([
      [6, ['P', 'R']],
      [4, ['Q', 'R']],
    ]);
    const r = budgetWinners(areas, ideas, bs, { kind: 'equal-shares', utility: 'cost' }, SEED).areas[0]!;
    expect(r.winners).toEqual(['R', 'Q']);
    expect(r.equalShares).toMatchObject({ perVoterBudget: '1100/1', add1Steps: 1, runs: 2 });
    expect(r.ideas.find((i) => i.id === 'P')).toMatchObject({ funded: false, how: 'does-not-fit' });
    // approval utilities rank by the payment itself: round 1 P €10, Q €7.50, R €3 → R, same outcome here
    expect(budgetWinners(areas, ideas, bs, { kind: 'equal-shares', utility: 'approval' }, SEED).areas[0]!.winners).toEqual(['R', 'Q']);
  });

  it('a tie on ρ and votes inside MES, and a tie in the fill-up, are broken by the recorded draw', () => {
    const areas = [{ id: 'x', budget: euro(100) }];
    // X and Y: same supporters, same cost: equal ρ and votes in round 1; only one is affordable.
    const r = budgetWinners(areas, [{ id: 'X', areaId: 'x', cost: euro(80) }, { id: 'Y', areaId: 'x', cost: euro(80) }], ballots([[4, ['X', 'Y']]]), { kind: 'equal-shares' }, SEED).areas[0]!;
    const d = publicDraw(SEED, drawLabel('x'), ['X', 'Y']);
    expect(r.winners).toEqual([d.order[0]]);
    expect(r.draws[0]).toMatchObject({ order: d.order, reason: expect.stringContaining('MES round 1') });
    // U and V: different voters, €60 each: neither affordable for its 1 voter's €50; at add1 €60
    // both are bought (€120 > €100) so add1 stops; the fill-up has room for one: the draw decides.
    const f = budgetWinners(areas, [{ id: 'U', areaId: 'x', cost: euro(60) }, { id: 'V', areaId: 'x', cost: euro(60) }], ballots([[1, ['U']], [1, ['V']]]), { kind: 'equal-shares' }, SEED).areas[0]!;
    const d2 = publicDraw(SEED, drawLabel('x'), ['U', 'V']);
    expect(f.winners).toEqual([d2.order[0]]);
    expect(f.ideas.find((i) => i.id === d2.order[0])).toMatchObject({ how: 'fill' });
    expect(f.draws[0]).toMatchObject({ order: d2.order, reason: expect.stringContaining('fill-up') });
  });
});

// ------------------------------------------------------------------ slow reference

class F {
  constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}
  static of(n: bigint | number, d: bigint | number = 1n): F {
    let [a, b] = [BigInt(n), BigInt(d)];
    if (b < 0n) [a, b] = [-a, -b];
    let [x, y] = [a < 0n ? -a : a, b];
    while (y) [x, y] = [y, x % y];
    return new F(a / x, b / x);
  }
  add(o: F) {
    return F.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: F) {
    return F.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: F) {
    return F.of(this.n * o.n, this.d * o.d);
  }
  div(o: F) {
    return F.of(this.n * o.d, this.d * o.n);
  }
  cmp(o: F) {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
}
const min = (a: F, b: F) => (a.cmp(b) <= 0 ? a : b);

/** MES + add1 + greedy fill for one area, voter by voter, exact, straight from the definition. */
function referenceArea(areaId: string, budget: number, ideas: WinnerIdea[], voters: string[][], utility: 'cost' | 'approval', step: number): string[] {
  const key = (id: string) => drawKey(SEED, drawLabel(areaId), id);
  const votes = new Map(ideas.map((i) => [i.id, voters.filter((v) => v.includes(i.id)).length]));
  const better = (a: string, b: string) => votes.get(b)! - votes.get(a)! || (key(a) < key(b) ? -1 : 1);
  const n = voters.length;
  const fixed = (perVoter: F): { chosen: string[]; cost: number } => {
    const money = voters.map(() => perVoter);
    const chosen: string[] = [];
    for (;;) {
      let best: { id: string; rho: F; q: F } | null = null;
      for (const idea of ideas) {
        if (chosen.includes(idea.id) || votes.get(idea.id) === 0) continue;
        const sup = voters.map((v, i) => (v.includes(idea.id) ? i : -1)).filter((i) => i >= 0);
        const c = F.of(idea.cost);
        if (sup.reduce((s, i) => s.add(money[i]!), F.of(0)).cmp(c) < 0) continue;
        // smallest q with Σ min(money, q) = cost: try each supporter's money and the equal split
        const candidates = [...sup.map((i) => money[i]!)];
        let q: F | null = null;
        for (const x of [...candidates].sort((a, b) => a.cmp(b))) {
          const paid = sup.reduce((s, i) => s.add(min(money[i]!, x)), F.of(0));
          if (paid.cmp(c) >= 0) {
            // q lies in (previous, x]: the voters with money ≥ x pay q, others all
            const capped = sup.filter((i) => money[i]!.cmp(x) < 0);
            const rest = sup.length - capped.length;
            q = c.sub(capped.reduce((s, i) => s.add(money[i]!), F.of(0))).div(F.of(rest));
            break;
          }
        }
        const rho = utility === 'cost' ? q!.div(c) : q!;
        if (!best || rho.cmp(best.rho) < 0 || (rho.cmp(best.rho) === 0 && better(idea.id, best.id) < 0)) best = { id: idea.id, rho, q: q! };
      }
      if (!best) break;
      chosen.push(best.id);
      for (let i = 0; i < n; i++) if (voters[i]!.includes(best.id)) money[i] = money[i]!.sub(min(money[i]!, best.q));
    }
    return { chosen, cost: chosen.reduce((s, id) => s + ideas.find((i) => i.id === id)!.cost, 0) };
  };
  if (n === 0) return [];
  let total = budget;
  let mes = fixed(F.of(total, n));
  for (;;) {
    const exhaustive = !ideas.some((i) => votes.get(i.id)! > 0 && !mes.chosen.includes(i.id) && mes.cost + i.cost <= budget);
    if (exhaustive) break;
    const next = fixed(F.of(total + n * step, n));
    if (next.cost > budget) break;
    total += n * step;
    mes = next;
  }
  const out = [...mes.chosen];
  let left = budget - mes.cost;
  for (const i of ideas.filter((x) => !out.includes(x.id) && votes.get(x.id)! > 0).sort((a, b) => better(a.id, b.id))) {
    if (i.cost <= left) {
      out.push(i.id);
      left -= i.cost;
    }
  }
  return out;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fast MES against the slow reference', () => {
  it('agrees on 400 random small instances (both utilities, add1, fill-up, ties)', () => {
    const rand = rng(20261206);
    const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
    let withTies = 0;
    for (let t = 0; t < 400; t++) {
      const nAreas = int(1, 2);
      const areas: WinnerArea[] = Array.from({ length: nAreas }, (_, a) => ({ id: `a${a}`, budget: int(2, 30) * 50 }));
      const ideas: WinnerIdea[] = [];
      for (const a of areas) for (let k = int(2, 6); k > 0; k--) ideas.push({ id: `${a.id}i${k}`, areaId: a.id, cost: int(1, 8) * [50, 70, 100][int(0, 2)]! });
      const voters: string[][] = Array.from({ length: int(1, 10) }, () => ideas.filter(() => rand() < 0.4).map((i) => i.id));
      const utility = rand() < 0.5 ? 'cost' : 'approval';
      const step = [1, 7, 25][int(0, 2)]!;
      const fast = budgetWinners(areas, ideas, voters.map((v) => ({ ideas: v })), { kind: 'equal-shares', utility, stepPerVoter: step }, SEED);
      for (const a of areas) {
        const mine = ideas.filter((i) => i.areaId === a.id);
        const ids = new Set(mine.map((i) => i.id));
        const vs = voters.map((v) => v.filter((id) => ids.has(id))).filter((v) => v.length > 0);
        const got = fast.areas.find((x) => x.areaId === a.id)!;
        expect(got.winners, `instance ${t} area ${a.id}`).toEqual(referenceArea(a.id, a.budget, mine, vs, utility, step));
        expect(got.voters).toBe(vs.length);
        if (got.draws.length) withTies++;
      }
    }
    expect(withTies).toBeGreaterThan(20); // the instances do exercise the draw
  });

  it('agrees on 60 medium instances with grouped ballots (many money classes, near-equal ρ)', () => {
    const rand = rng(77);
    const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
    for (let t = 0; t < 60; t++) {
      const area: WinnerArea = { id: 'm', budget: int(50, 400) * 100 };
      const ideas: WinnerIdea[] = Array.from({ length: int(4, 9) }, (_, k) => ({ id: `m${k}`, areaId: 'm', cost: int(5, 120) * 100 + int(0, 99) }));
      const rows: WinnerBallot[] = Array.from({ length: int(3, 12) }, () => ({ ideas: ideas.filter(() => rand() < 0.35).map((i) => i.id), count: int(1, 9) }));
      const utility = t % 2 ? 'cost' : 'approval';
      const got = budgetWinners([area], ideas, rows, { kind: 'equal-shares', utility, stepPerVoter: 100 }, SEED).areas[0]!;
      const voters = rows.flatMap((r) => Array.from({ length: r.count! }, () => [...r.ideas])).filter((v) => v.length > 0);
      expect(got.winners, `instance ${t}`).toEqual(referenceArea('m', area.budget, ideas, voters, utility, 100));
    }
  });
});
