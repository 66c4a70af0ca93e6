// The participatory budget winner rules at scale: 150 ideas, 100,000 ballots (both rules).
//
//   npm run bench -- winners [ballots=100000] [ideas=150] [areas=3] [seed=1]
//
// The instance is generated from a seeded PRNG (the same figures every run): 2–4 areas with budgets
// of €150,000–€400,000; idea costs from €2,000 to €120,000 (log-uniform, rounded to €100); each
// ballot is for one area (areas sized unequally) and approves 1–5 of its ideas drawn with a Zipf-like
// popularity skew (idea k of an area has weight 1/(k+1)^0.9), as seen in Pabulib data.
//
// Figures: wall time of budgetWinners() for the greedy rule and for MES (cost utilities, add1 with
// €1 steps, greedy fill-up), each the best of 3 runs, including ballot grouping.
// Baseline (the ratio): a straightforward MES — every voter separately, doubles, sort the
// supporters' money for every idea in every round (equalshares.net's floating-point computation) —
// timed on one fixed-budget run per area and multiplied by the number of fixed-budget runs the add1
// completion needed there (running it to the end would take minutes). ratio = baseline / ours.
import { budgetWinners, type WinnerArea, type WinnerBallot, type WinnerIdea } from '../src/modules/budgets/winners.js';

const NBALLOTS = Number(process.argv[2] ?? 100_000);
const NIDEAS = Number(process.argv[3] ?? 150);
const NAREAS = Number(process.argv[4] ?? 3);
const SEED = Number(process.argv[5] ?? 1);
const out = (s: string) => process.stdout.write(`${s}\n`);

function mulberry32(a: number) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);

// ------------------------------------------------------------------ the instance
const areas: WinnerArea[] = Array.from({ length: NAREAS }, (_, a) => ({ id: `area-${a + 1}`, budget: Math.round(150_000 + rnd() * 250_000) * 100 }));
const ideas: WinnerIdea[] = Array.from({ length: NIDEAS }, (_, i) => ({
  id: `idea-${i + 1}`,
  areaId: areas[i % NAREAS]!.id,
  cost: Math.round(Math.exp(Math.log(2_000) + rnd() * (Math.log(120_000) - Math.log(2_000))) / 100) * 100 * 100,
}));
const ideasOf = areas.map((a) => ideas.filter((i) => i.areaId === a.id));
const weightsOf = ideasOf.map((list) => {
  const w = list.map((_, k) => 1 / (k + 1) ** 0.9);
  const total = w.reduce((x, y) => x + y, 0);
  let acc = 0;
  return w.map((x) => (acc += x / total));
});
const areaShare = areas.map((_, a) => 1 + a); // unequal area sizes
const areaCum = (() => {
  const t = areaShare.reduce((x, y) => x + y, 0);
  let acc = 0;
  return areaShare.map((x) => (acc += x / t));
})();
const pick = (cum: number[]) => {
  const x = rnd();
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const ballots: WinnerBallot[] = [];
for (let v = 0; v < NBALLOTS; v++) {
  const a = pick(areaCum);
  const k = 1 + Math.floor(rnd() * 5);
  const chosen = new Set<string>();
  for (let t = 0; t < k * 3 && chosen.size < k; t++) chosen.add(ideasOf[a]![pick(weightsOf[a]!)]!.id);
  ballots.push({ ideas: [...chosen] });
}
const distinct = new Set(ballots.map((b) => [...b.ideas].sort().join(','))).size;
out(`instance: ${NBALLOTS} ballots (${distinct} distinct), ${NIDEAS} ideas, ${NAREAS} areas, budgets ${areas.map((a) => `€${(a.budget / 100).toLocaleString('et-EE')}`).join(', ')}`);

const SEEDHEX = '00112233445566778899aabbccddeeff';
function best<T>(f: () => T): { ms: number; r: T } {
  let ms = Infinity;
  let r!: T;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    r = f();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, r };
}

const greedy = best(() => budgetWinners(areas, ideas, ballots, { kind: 'greedy' }, SEEDHEX));
for (const a of greedy.r.areas) out(`greedy ${a.areaId}: ${a.voters} voters, ${a.winners.length} winners, spent €${(a.spent / 100).toLocaleString('et-EE')} of €${(a.budget / 100).toLocaleString('et-EE')}`);
out(`greedy: ${greedy.ms.toFixed(0)} ms`);

const mes = best(() => budgetWinners(areas, ideas, ballots, { kind: 'equal-shares', utility: 'cost' }, SEEDHEX));
for (const a of mes.r.areas) {
  const e = a.equalShares!;
  out(`MES ${a.areaId}: ${a.voters} voters, ${e.mesWinners.length} by MES + ${a.winners.length - e.mesWinners.length} by fill-up, spent €${(a.spent / 100).toLocaleString('et-EE')}, add1 steps ${e.add1Steps}, fixed-budget runs ${e.runs}`);
}
out(`MES (cost utilities, add1, fill-up): ${mes.ms.toFixed(0)} ms`);

// ------------------------------------------------------------------ baseline
/** Straightforward fixed-budget MES: per voter, doubles (cost utilities). */
function naiveFixed(areaIdeas: WinnerIdea[], areaBallots: string[][], budget: number): number {
  const n = areaBallots.length;
  const money = new Float64Array(n).fill(budget / n);
  const supporters = new Map<string, number[]>(areaIdeas.map((i) => [i.id, []]));
  areaBallots.forEach((b, v) => b.forEach((id) => supporters.get(id)!.push(v)));
  const left = new Set(areaIdeas.map((i) => i.id));
  let bought = 0;
  for (;;) {
    let bestId: string | null = null;
    let bestRho = Infinity;
    let bestQ = 0;
    for (const id of left) {
      const c = ideas.find((i) => i.id === id)!.cost;
      const sup = supporters.get(id)!;
      let total = 0;
      for (const v of sup) total += money[v]!;
      if (total < c || sup.length === 0) continue;
      const sorted = sup.map((v) => money[v]!).sort((x, y) => x - y);
      let C = c;
      let M = sorted.length;
      let qq = 0;
      for (const r of sorted) {
        if (r * M >= C) break;
        C -= r;
        M--;
      }
      qq = C / M;
      if (qq / c < bestRho) [bestRho, bestId, bestQ] = [qq / c, id, qq];
    }
    if (bestId === null) return bought;
    for (const v of supporters.get(bestId)!) money[v] = Math.max(0, money[v]! - bestQ);
    left.delete(bestId);
    bought++;
  }
}
let baselineMs = 0;
for (const a of mes.r.areas) {
  const area = areas.find((x) => x.id === a.areaId)!;
  const areaIdeas = ideas.filter((i) => i.areaId === area.id);
  const ids = new Set(areaIdeas.map((i) => i.id));
  const areaBallots = ballots.map((b) => b.ideas.filter((id) => ids.has(id))).filter((b) => b.length > 0);
  const t = performance.now();
  naiveFixed(areaIdeas, areaBallots, area.budget);
  const one = performance.now() - t;
  baselineMs += one * a.equalShares!.runs;
  out(`baseline ${a.areaId}: one straightforward fixed-budget run ${one.toFixed(0)} ms × ${a.equalShares!.runs} runs`);
}
const worst = Math.max(greedy.ms, mes.ms);
out(`baseline (straightforward MES, extrapolated): ${baselineMs.toFixed(0)} ms`);
out(`winners: greedy ${greedy.ms.toFixed(0)} ms, MES ${mes.ms.toFixed(0)} ms for ${NBALLOTS} ballots × ${NIDEAS} ideas (aim < 2000 ms each: ${worst < 2000 ? 'met' : 'NOT met'}) ratio ${(baselineMs / mes.ms).toFixed(1)}`);
