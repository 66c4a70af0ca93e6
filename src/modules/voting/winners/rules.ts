// The winner rules of a participatory budget (issue 11): greedy by votes, and the Method of Equal
// Shares (MES) with the add1 completion and a greedy fill-up. Pure: no I/O, no clock, no tables; the
// budgets module stores the inputs and the returned result (with its draws) and publishes both, so
// anyone can recompute the winners from the published ballots and seed.
//
// Money is integer cents. Each area is counted on its own with its own budget; a ballot counts in an
// area when it names at least one of the area's ideas (a ballot over several areas counts in each).
// Ideas nobody voted for never win. An area with fewer voters than its minimum is invalid: reported,
// no winners.
//
// Ties are broken by the public random draw of the voting core (src/modules/voting/draw.ts) with the
// label `budget-winners/<areaId>`. Because an item's draw key depends only on seed, label and item
// id, every tie in one area is ordered consistently; each tie that decided something is recorded
// (`draws`) with its keys so that anyone can repeat it.
//
// Greedy: ideas by votes descending (ties: draw), funded while they fit the area's remaining budget;
// an idea that does not fit is skipped and the next one is tried.
//
// Method of Equal Shares (INTEGRATIONS.md, equalshares.net, Peters & Skowron): the area's budget B is
// split equally among its n voters. Each supporter of idea p has the same utility u(p) for it: its
// cost c(p) ("cost utilities", equalshares.net's recommendation, the default) or 1 ("approval
// utilities", option). p is affordable when its supporters still hold c(p); bought at the smallest ρ
// such that supporters paying min(their money, ρ·u(p)) sum to c(p); the idea with the smallest ρ is
// bought next (ties: more votes, then the draw) until none is affordable. Note that the payment cap
// q = ρ·u(p) is the same for both utilities (all supporters share u(p)); the utility only changes which
// idea is bought first (approval: smallest q; cost: smallest q/c(p)).
//
// Completion (INTEGRATIONS.md: "raise the per-voter budget step by step (add1) while the outcome stays
// within B, then fill greedily by votes"): equalshares.net's add1, exactly as in its reference code:
// start with the per-voter budget B/n; while the current outcome is not exhaustive (some voted,
// unbought idea still fits in B), run MES with one more step per voter (default €1 = 100 cents, i.e.
// total B + k·n·step); take it if it costs at most B, else stop with the current one. Then the money
// left is filled greedily by votes (ties: draw). We use add1 and not ADD-OPT (arXiv:2502.11797)
// because INTEGRATIONS.md prescribes add1 and it is what the cities using MES (Wieliczka, Aarau,
// Świecie) publish and voters can follow; ADD-OPT reaches the same kind of outcome with fewer runs but
// is harder to explain. See docs/decisions.md.
//
// Exactness and speed. Decisions are exact (BigInt rationals); doubles only rank candidates whose
// margin is far above their proven error. Speed comes from:
//  1. Identical ballots are grouped (voters with the same approval set always hold the same money).
//  2. Money classes: a voter's money depends only on which of the already bought ideas she approved
//     (each bought idea charges all its non-capped supporters the same q; capped ones drop to 0),
//     so it is exactly b − Σ q_t over at most 5 rounds. Buying w moves only the groups approving w
//     to new classes; exact sums over thousands of classes are N·b − Σ_t a_t·q_t with integer a_t,
//     a few BigInt operations however many voters.
//  3. Lazy evaluation: within a run an idea's ρ never decreases (money only decreases), so each
//     round scans ideas by their last lower bound and stops once the next bound exceeds the best
//     candidate's upper bound; usually only a handful of ideas are re-evaluated per round.
// Errors: a class's money in doubles is within 1e-15·b of the exact value (≤ 6 roundings of values
// ≤ b), sums over N voters within N·1e-14·b; the bounds used are 100× wider (err in evaluate()).
// A candidate whose interval [ρ − err, ρ + err] overlaps the best one is recomputed exactly (ties
// then go to votes and the draw), and affordability within err of the cost is decided exactly.
// The add1 completion re-runs the fixed-budget method once per step (see docs/decisions.md: MES's
// cost is not known to be monotone in the per-voter budget, so bisection would not be sound; the
// per-run cost is what we made small).
import { drawKey, publicDraw, type DrawResult } from '../draw.js';

// ------------------------------------------------------------------ API types

export interface WinnerArea {
  id: string;
  /** The area's budget in cents (integer ≥ 0). */
  budget: number;
  /** Optional minimum number of voters for the area's result to be valid. */
  minVoters?: number;
  /**
   * The area's voters when the ballots given are per-idea totals (the greedy rule counted by the
   * homomorphic sum: one row per idea with its votes as `count`), counted apart; overrides the count
   * from the ballots. Only for the greedy rule (equal shares needs each ballot's set).
   */
  voters?: number;
}

export interface WinnerIdea {
  id: string;
  areaId: string;
  /** Cost in cents (integer > 0): the official estimate. */
  cost: number;
}

export interface WinnerBallot {
  /** Idea ids approved by this ballot (any areas; repeated ids count once). */
  ideas: readonly string[];
  /** How many identical ballots this row stands for (default 1). */
  count?: number;
}

export type WinnerRule =
  | { kind: 'greedy' }
  | {
      kind: 'equal-shares';
      /** 'cost' (default, equalshares.net's recommendation) or 'approval'. */
      utility?: 'cost' | 'approval';
      /** add1 step per voter in cents (default 100 = €1). */
      stepPerVoter?: number;
    };

export interface WinnerDraw extends DrawResult {
  areaId: string;
  /** What the draw decided, in words (for the results protocol). */
  reason: string;
}

export interface IdeaOutcome {
  id: string;
  votes: number;
  cost: number;
  funded: boolean;
  /** How it was funded or why not: greedy | equal-shares | fill | does-not-fit | not-affordable | no-votes | area-invalid. */
  how: 'greedy' | 'equal-shares' | 'fill' | 'does-not-fit' | 'not-affordable' | 'no-votes' | 'area-invalid';
}

export interface AreaWinners {
  areaId: string;
  budget: number;
  voters: number;
  valid: boolean;
  /** Why the area is invalid (fewer voters than its minimum). */
  invalidReason?: 'too-few-voters';
  /** Funded idea ids in the order they were funded. */
  winners: string[];
  spent: number;
  /** Every idea of the area, by votes descending. */
  ideas: IdeaOutcome[];
  draws: WinnerDraw[];
  /** MES only: how the completion ended. */
  equalShares?: {
    utility: 'cost' | 'approval';
    stepPerVoter: number;
    /** The per-voter budget of the outcome taken, exact ("num/den" in cents). */
    perVoterBudget: string;
    /** add1 steps taken (0 = plain MES) and fixed-budget runs made. */
    add1Steps: number;
    runs: number;
    /** Ideas bought by MES (before the fill-up). */
    mesWinners: string[];
  };
}

export interface WinnersResult {
  rule: WinnerRule;
  seed: string;
  areas: AreaWinners[];
}

/** The label of an area's public draw. */
export function drawLabel(areaId: string): string {
  return `budget-winners/${areaId}`;
}

/**
 * Computes the winners of every area under `rule`; ties by the public draw seeded by `seed` (16–128
 * lowercase hex). Refuses ideas of unknown areas, non-integer money and ballots naming unknown ideas.
 */
export function budgetWinners(
  areas: readonly WinnerArea[],
  ideas: readonly WinnerIdea[],
  ballots: readonly WinnerBallot[],
  rule: WinnerRule,
  seed: string,
): WinnersResult {
  publicDraw(seed, 'check', []); // validates the seed early
  const areaIds = new Set<string>();
  for (const a of areas) {
    if (areaIds.has(a.id)) throw new Error(`area ${a.id} repeated`);
    if (!Number.isSafeInteger(a.budget) || a.budget < 0) throw new Error(`area ${a.id}: budget must be integer cents`);
    areaIds.add(a.id);
  }
  const ideaIndex = new Map<string, WinnerIdea>();
  for (const i of ideas) {
    if (ideaIndex.has(i.id)) throw new Error(`idea ${i.id} repeated`);
    if (!areaIds.has(i.areaId)) throw new Error(`idea ${i.id}: unknown area ${i.areaId}`);
    if (!Number.isSafeInteger(i.cost) || i.cost <= 0) throw new Error(`idea ${i.id}: cost must be positive integer cents`);
    ideaIndex.set(i.id, i);
  }
  if (rule.kind !== 'greedy' && areas.some((a) => a.voters !== undefined)) throw new Error('area voters from totals: greedy rule only');
  const prepared = prepareAreas(areas, ideas, ballots, ideaIndex, seed);
  return {
    rule,
    seed,
    areas: prepared.map((p) => (rule.kind === 'greedy' ? greedyArea(p, seed) : equalSharesArea(p, seed, rule.utility ?? 'cost', rule.stepPerVoter ?? 100))),
  };
}

// ------------------------------------------------------------------ preparation

/** One area's ballots grouped by approval set (idea indices within the area). */
interface PreparedArea {
  area: WinnerArea;
  ideas: WinnerIdea[];
  cost: number[];
  votes: number[];
  /** Draw key of each idea (sha256 hex), for ordering ties. */
  keys: string[];
  groupIdeas: Int32Array[];
  groupWeight: number[];
  /** For each idea, the groups approving it. */
  groupsOf: number[][];
  voters: number;
  seed: string;
}

function prepareAreas(
  areas: readonly WinnerArea[],
  ideas: readonly WinnerIdea[],
  ballots: readonly WinnerBallot[],
  ideaIndex: Map<string, WinnerIdea>,
  seed: string,
): PreparedArea[] {
  const byArea = new Map<string, { ideas: WinnerIdea[]; local: Map<string, number>; groups: Map<number | string, number>; groupIdeas: Int32Array[]; weight: number[] }>();
  for (const a of areas) byArea.set(a.id, { ideas: [], local: new Map(), groups: new Map(), groupIdeas: [], weight: [] });
  for (const i of ideas) {
    const s = byArea.get(i.areaId)!;
    s.local.set(i.id, s.ideas.length);
    s.ideas.push(i);
  }
  // idea id → (area index, index within the area), then one pass over the ballots
  const areaIndex = new Map(areas.map((a, i) => [a.id, i]));
  const where = new Map<string, number>(); // areaIndex * 2^20 + local index
  const states = areas.map((a) => byArea.get(a.id)!);
  for (const [id, idea] of ideaIndex) where.set(id, areaIndex.get(idea.areaId)! * 1048576 + states[areaIndex.get(idea.areaId)!]!.local.get(id)!);
  const codes: number[] = [];
  for (const b of ballots) {
    const count = b.count ?? 1;
    if (!Number.isSafeInteger(count) || count < 0) throw new Error('ballot count must be a non-negative integer');
    if (count === 0) continue;
    codes.length = 0;
    for (const id of b.ideas) {
      const w = where.get(id);
      if (w === undefined) throw new Error(`ballot names unknown idea ${id}`);
      codes.push(w);
    }
    codes.sort((x, y) => x - y);
    for (let i = 0; i < codes.length; ) {
      const ai = Math.floor(codes[i]! / 1048576);
      const set: number[] = [];
      for (; i < codes.length && Math.floor(codes[i]! / 1048576) === ai; i++) {
        const local = codes[i]! % 1048576;
        if (set[set.length - 1] !== local) set.push(local);
      }
      const s = states[ai]!;
      // a number key while it is exact (base m+1 digits), else a string
      const base = s.ideas.length + 1;
      let key: number | string = 0;
      if (set.length * Math.log2(base) < 52) for (const x of set) key = key * base + x + 1;
      else key = set.join(',');
      const g = s.groups.get(key);
      if (g === undefined) {
        s.groups.set(key, s.groupIdeas.length);
        s.groupIdeas.push(Int32Array.from(set));
        s.weight.push(count);
      } else s.weight[g]! += count;
    }
  }
  return areas.map((area) => {
    const s = byArea.get(area.id)!;
    const m = s.ideas.length;
    const votes = new Array<number>(m).fill(0);
    const groupsOf: number[][] = Array.from({ length: m }, () => []);
    let voters = 0;
    s.groupIdeas.forEach((g, gi) => {
      voters += s.weight[gi]!;
      for (const j of g) {
        votes[j]! += s.weight[gi]!;
        groupsOf[j]!.push(gi);
      }
    });
    const label = drawLabel(area.id);
    return {
      area,
      ideas: s.ideas,
      cost: s.ideas.map((i) => i.cost),
      votes,
      keys: s.ideas.map((i) => drawKey(seed, label, i.id)),
      groupIdeas: s.groupIdeas,
      groupWeight: s.weight,
      groupsOf,
      voters: area.voters ?? voters,
      seed,
    };
  });
}

/** Orders idea indices by votes descending, then by draw key. */
function byVotesThenDraw(p: PreparedArea) {
  return (a: number, b: number) => p.votes[b]! - p.votes[a]! || (p.keys[a]! < p.keys[b]! ? -1 : p.keys[a]! > p.keys[b]! ? 1 : 0);
}

function recordDraw(p: PreparedArea, items: number[], reason: string): WinnerDraw {
  const d = publicDraw(p.seed, drawLabel(p.area.id), items.map((j) => p.ideas[j]!.id));
  return { ...d, areaId: p.area.id, reason };
}

function invalidArea(p: PreparedArea): AreaWinners | null {
  if (p.area.minVoters === undefined || p.voters >= p.area.minVoters) return null;
  return {
    areaId: p.area.id,
    budget: p.area.budget,
    voters: p.voters,
    valid: false,
    invalidReason: 'too-few-voters',
    winners: [],
    spent: 0,
    ideas: outcomes(p, new Map(), 'area-invalid'),
    draws: [],
  };
}

function outcomes(p: PreparedArea, how: Map<number, IdeaOutcome['how']>, otherwise: IdeaOutcome['how']): IdeaOutcome[] {
  const order = p.ideas.map((_, j) => j).sort(byVotesThenDraw(p));
  return order.map((j) => {
    const h = how.get(j) ?? (p.votes[j] === 0 ? 'no-votes' : otherwise);
    return { id: p.ideas[j]!.id, votes: p.votes[j]!, cost: p.cost[j]!, funded: h === 'greedy' || h === 'equal-shares' || h === 'fill', how: h };
  });
}

/**
 * Greedy fill: ideas (not yet funded, with votes) by votes descending, each funded if it fits the
 * money left. Records a draw for each group of equal votes whose order decided something (some
 * but not all of the group funded, or funded in an order).
 */
function greedyFill(p: PreparedArea, funded: Set<number>, spent: number, how: Map<number, IdeaOutcome['how']>, tag: 'greedy' | 'fill', draws: WinnerDraw[]): { winners: number[]; spent: number } {
  const order = p.ideas.map((_, j) => j).filter((j) => !funded.has(j) && p.votes[j]! > 0).sort(byVotesThenDraw(p));
  const winners: number[] = [];
  let left = p.area.budget - spent;
  for (let i = 0; i < order.length; ) {
    let k = i;
    while (k < order.length && p.votes[order[k]!] === p.votes[order[i]!]) k++;
    const tie = order.slice(i, k);
    const fundedInTie: number[] = [];
    for (const j of tie) {
      if (p.cost[j]! <= left) {
        left -= p.cost[j]!;
        winners.push(j);
        funded.add(j);
        fundedInTie.push(j);
        how.set(j, tag);
      } else how.set(j, 'does-not-fit');
    }
    if (tie.length > 1 && fundedInTie.length > 0) {
      draws.push(recordDraw(p, tie, `${tie.length} ideas with ${p.votes[tie[0]!]} votes each ordered for the ${tag === 'greedy' ? 'greedy rule' : 'greedy fill-up'}`));
    }
    i = k;
  }
  return { winners, spent: p.area.budget - left };
}

function greedyArea(p: PreparedArea, _seed: string): AreaWinners {
  const invalid = invalidArea(p);
  if (invalid) return invalid;
  const how = new Map<number, IdeaOutcome['how']>();
  const draws: WinnerDraw[] = [];
  const r = greedyFill(p, new Set(), 0, how, 'greedy', draws);
  return {
    areaId: p.area.id,
    budget: p.area.budget,
    voters: p.voters,
    valid: true,
    winners: r.winners.map((j) => p.ideas[j]!.id),
    spent: r.spent,
    ideas: outcomes(p, how, 'does-not-fit'),
    draws,
  };
}

// ------------------------------------------------------------------ exact rationals

/** A non-negative rational n/d with d > 0, reduced. */
interface Q {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
function q(n: bigint, d: bigint): Q {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}
const qSub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
const qCmp = (a: Q, b: Q): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
/** Double value of a rational (shifting huge numerators/denominators first). */
function qNum(a: Q): number {
  let { n, d } = a;
  const shift = BigInt(Math.max(0, Math.max(n.toString(16).length, d.toString(16).length) * 4 - 1000));
  if (shift > 0n) {
    n >>= shift;
    d >>= shift;
    if (d === 0n) return Infinity;
  }
  return Number(n) / Number(d);
}

// ------------------------------------------------------------------ Method of Equal Shares

const ZERO_CLASS = -1;
/** Relative slack for doubles (their true error is below 1e-15 of the per-voter budget per value). */
const SLACK = 1e-12;

interface MesRun {
  winners: number[];
  spent: number;
  draws: { items: number[]; reason: string }[];
}

/**
 * One fixed-budget MES run with per-voter budget b (cents, exact).
 *
 * State: each ballot group is in a money class (ZERO_CLASS = no money left). A class is made when
 * idea w_t is bought in round t, from the supporters of w_t that were in one class K; it holds
 * exactly money(K) − q_t, so every class's money is b − Σ q_t over its rounds (at most one round
 * per approved idea). Exact sums of money over many classes are therefore N·b − Σ_t a_t·q_t with
 * integer counts a_t: a few BigInt operations whatever the number of voters or classes.
 *
 * Each round evaluates ideas lazily: an idea's ρ never decreases during a run (money only
 * decreases, so the solution q of Σ min(money, q) = cost only grows), so ideas are scanned by their
 * last lower bound and the scan stops when the next lower bound exceeds the best upper bound found.
 * Doubles give each evaluated ρ with an error bound; the candidates whose intervals overlap the best
 * one are recomputed exactly, and affordability within its error bound is decided exactly.
 */
function mesFixedBudget(p: PreparedArea, b: Q, utility: 'cost' | 'approval'): MesRun {
  const m = p.ideas.length;
  const G = p.groupIdeas.length;
  const bF = qNum(b);
  const delta = SLACK * bF; // bound on the error of a class's money in doubles
  // money classes: parent, round that made it, money in doubles
  const parent: number[] = [-1];
  const madeIn: number[] = [-1];
  const moneyF: number[] = [bF];
  const groupClass = new Int32Array(G);
  const qExact: Q[] = [];
  let acc = new Float64Array(64);
  let moved = new Int32Array(64).fill(-2);

  const exactMoney = (k: number): Q => {
    let r = b;
    for (let c = k; c > 0; c = parent[c]!) r = qSub(r, qExact[madeIn[c]!]!);
    return r;
  };
  /** Exact Σ cnt·money over classes: N·b − Σ_t a_t q_t. */
  const exactSum = (classes: number[]): Q => {
    const a = new Float64Array(qExact.length);
    let N = 0;
    for (const k of classes) {
      const c = acc[k]!;
      N += c;
      for (let x = k; x > 0; x = parent[x]!) a[madeIn[x]!]! += c;
    }
    let s: Q = { n: BigInt(N) * b.n, d: b.d };
    for (let t = 0; t < a.length; t++) if (a[t]! > 0) s = qSub(s, { n: BigInt(a[t]!) * qExact[t]!.n, d: qExact[t]!.d });
    return s;
  };

  interface Eval {
    j: number;
    affordable: boolean;
    rho: number;
    err: number;
    exact?: Q; // exact payment cap, when computed
  }
  const touched: number[] = [];
  /** Evaluates idea j; with `exact` also computes its exact payment cap. */
  const evaluate = (j: number, exact: boolean): Eval => {
    touched.length = 0;
    for (const g of p.groupsOf[j]!) {
      const k = groupClass[g]!;
      if (k === ZERO_CLASS) continue;
      if (acc[k] === 0) touched.push(k);
      acc[k]! += p.groupWeight[g]!;
    }
    try {
      const cost = p.cost[j]!;
      let S = 0;
      let N = 0;
      for (const k of touched) {
        S += acc[k]! * moneyF[k]!;
        N += acc[k]!;
      }
      const err = N * delta * 100 + SLACK * cost;
      if (S < cost - err) return { j, affordable: false, rho: Infinity, err: 0 };
      if (S <= cost + err) {
        const s = exactSum(touched);
        if (qCmp(s, { n: BigInt(cost), d: 1n }) < 0) return { j, affordable: false, rho: Infinity, err: 0 };
        exact = true;
      }
      touched.sort((x, y) => moneyF[x]! - moneyF[y]!);
      let C = cost;
      let M = N;
      for (const k of touched) {
        if (moneyF[k]! * M >= C) break;
        C -= acc[k]! * moneyF[k]!;
        M -= acc[k]!;
      }
      const qf = M > 0 ? C / M : moneyF[touched[touched.length - 1]!]!;
      const scale = utility === 'cost' ? cost : 1;
      const out: Eval = { j, affordable: true, rho: qf / scale, err: err / scale };
      if (exact) {
        // classes far below qf are capped, far above are not (error ≤ err); the window between
        // is ordered and scanned exactly.
        const lowF = qf - err;
        const highF = qf + err;
        const below = touched.filter((k) => moneyF[k]! < lowF);
        const window = touched.filter((k) => moneyF[k]! >= lowF && moneyF[k]! <= highF).map((k) => ({ k, r: exactMoney(k) }));
        window.sort((x, y) => qCmp(x.r, y.r));
        let Cq = qSub({ n: BigInt(cost), d: 1n }, exactSum(below));
        let Mq = N;
        for (const k of below) Mq -= acc[k]!;
        let result: Q | null = null;
        for (const { k, r } of window) {
          if (r.n * BigInt(Mq) * Cq.d >= Cq.n * r.d) {
            result = q(Cq.n, Cq.d * BigInt(Mq));
            break;
          }
          Cq = qSub(Cq, { n: r.n * BigInt(acc[k]!), d: r.d });
          Mq -= acc[k]!;
        }
        if (!result) {
          if (Mq <= 0) throw new Error('MES: exact payment out of the error bound'); // cannot happen
          result = q(Cq.n, Cq.d * BigInt(Mq));
        }
        out.exact = result;
      }
      return out;
    } finally {
      for (const k of touched) acc[k] = 0;
    }
  };

  const lower = new Float64Array(m); // lower bound of each idea's ρ (0 = unknown)
  const alive: number[] = [];
  for (let j = 0; j < m; j++) if (p.votes[j]! > 0) alive.push(j);
  const winners: number[] = [];
  const draws: MesRun['draws'] = [];
  let spent = 0;

  while (alive.length > 0) {
    alive.sort((x, y) => lower[x]! - lower[y]!);
    let bestHigh = Infinity;
    const evals: Eval[] = [];
    const dead = new Set<number>();
    for (const j of alive) {
      if (lower[j]! > bestHigh) break;
      const e = evaluate(j, false);
      if (!e.affordable) {
        dead.add(j); // money only decreases within a run: never affordable again
        continue;
      }
      lower[j] = Math.max(lower[j]!, e.rho - e.err);
      bestHigh = Math.min(bestHigh, e.rho + e.err);
      evals.push(e);
    }
    if (dead.size) alive.splice(0, alive.length, ...alive.filter((j) => !dead.has(j)));
    if (evals.length === 0) break;
    let close = evals.filter((e) => e.rho - e.err <= bestHigh);
    let w: Eval;
    if (close.length === 1) w = evaluate(close[0]!.j, true);
    else {
      close = close.map((e) => evaluate(e.j, true));
      const rhoOf = (e: Eval): Q => (utility === 'cost' ? q(e.exact!.n, e.exact!.d * BigInt(p.cost[e.j]!)) : e.exact!);
      let min = rhoOf(close[0]!);
      for (const e of close) if (qCmp(rhoOf(e), min) < 0) min = rhoOf(e);
      const tied = close.filter((e) => qCmp(rhoOf(e), min) === 0).map((e) => e.j);
      const maxVotes = Math.max(...tied.map((j) => p.votes[j]!));
      const top = tied.filter((j) => p.votes[j] === maxVotes).sort(byVotesThenDraw(p));
      w = close.find((e) => e.j === top[0])!;
      if (top.length > 1) draws.push({ items: top, reason: `${top.length} ideas with equal ρ and ${maxVotes} votes each in MES round ${winners.length + 1}` });
    }
    // buy w at its exact payment cap
    const qw = w.exact!;
    const t = qExact.length;
    qExact.push(qw);
    const qwF = qNum(qw);
    winners.push(w.j);
    spent += p.cost[w.j]!;
    alive.splice(alive.indexOf(w.j), 1);
    const made: number[] = [];
    for (const g of p.groupsOf[w.j]!) {
      const k = groupClass[g]!;
      if (k === ZERO_CLASS) continue;
      let k2 = moved[k]!;
      if (k2 === -2) {
        const mF = moneyF[k]!;
        const left = mF - qwF;
        const empty = left < -delta * 10 ? true : left > delta * 10 ? false : qCmp(exactMoney(k), qw) <= 0;
        if (empty) k2 = ZERO_CLASS;
        else {
          k2 = parent.length;
          parent.push(k);
          madeIn.push(t);
          moneyF.push(left);
          if (parent.length > acc.length) {
            const a2 = new Float64Array(acc.length * 2);
            a2.set(acc);
            acc = a2;
            const m2 = new Int32Array(moved.length * 2).fill(-2);
            m2.set(moved);
            moved = m2;
          }
        }
        moved[k] = k2;
        made.push(k);
      }
      groupClass[g] = k2;
    }
    for (const k of made) moved[k] = -2;
  }
  return { winners, spent, draws };
}

function equalSharesArea(p: PreparedArea, _seed: string, utility: 'cost' | 'approval', step: number): AreaWinners {
  if (!Number.isSafeInteger(step) || step <= 0) throw new Error('add1 step must be positive integer cents');
  const invalid = invalidArea(p);
  if (invalid) return invalid;
  const B = p.area.budget;
  const n = p.voters;
  const how = new Map<number, IdeaOutcome['how']>();
  const draws: WinnerDraw[] = [];
  if (n === 0) {
    return { areaId: p.area.id, budget: B, voters: 0, valid: true, winners: [], spent: 0, ideas: outcomes(p, how, 'not-affordable'), draws, equalShares: { utility, stepPerVoter: step, perVoterBudget: '0/1', add1Steps: 0, runs: 0, mesWinners: [] } };
  }
  // add1 (equalshares.net): total budget B, B + n·step, B + 2n·step, …; per voter b = total / n
  let total = BigInt(B);
  let mes = mesFixedBudget(p, q(total, BigInt(n)), utility);
  let runs = 1;
  let steps = 0;
  const voted = p.ideas.map((_, j) => j).filter((j) => p.votes[j]! > 0);
  for (;;) {
    const chosen = new Set(mes.winners);
    const exhaustive = !voted.some((j) => !chosen.has(j) && mes.spent + p.cost[j]! <= B);
    if (exhaustive) break;
    const nextTotal = total + BigInt(n) * BigInt(step);
    const next = mesFixedBudget(p, q(nextTotal, BigInt(n)), utility);
    runs++;
    if (next.spent > B) break;
    total = nextTotal;
    mes = next;
    steps++;
  }
  for (const d of mes.draws) draws.push(recordDraw(p, d.items, d.reason));
  for (const j of mes.winners) how.set(j, 'equal-shares');
  const funded = new Set(mes.winners);
  const fill = greedyFill(p, funded, mes.spent, how, 'fill', draws);
  const perVoter = q(total, BigInt(n));
  return {
    areaId: p.area.id,
    budget: B,
    voters: n,
    valid: true,
    winners: [...mes.winners, ...fill.winners].map((j) => p.ideas[j]!.id),
    spent: fill.spent,
    ideas: outcomes(p, how, 'not-affordable'),
    draws,
    equalShares: { utility, stepPerVoter: step, perVoterBudget: `${perVoter.n}/${perVoter.d}`, add1Steps: steps, runs, mesWinners: mes.winners.map((j) => p.ideas[j]!.id) },
  };
}
