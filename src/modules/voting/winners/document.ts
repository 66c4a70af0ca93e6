// The winners document (docs/voting-winners.md): the published, versioned record of the winners of a
// vote whose ballot is counted by a winner rule (participatory budgets: greedy or the Method of Equal
// Shares). It states the rule's inputs (areas, budgets, costs, minimum voters), is bound to the board by
// the board's SHA-256 (which also seeds the tie draws), holds the rule's result and, apart from it, the
// overrides officials recorded. Pure: building it, its canonical text, computing the winners from a
// board, and checking a document against a board (the verifier's `winners` checks).
import { createHash } from 'node:crypto';
import type { AreaWinners, WinnerArea, WinnerBallot, WinnerIdea, WinnerRule, WinnersResult } from './rules.js';
import { budgetWinners } from './rules.js';

export const WINNERS_FORMAT = 'vallamaja-winners/1';

/** Where the rule takes each ballot's choices from on the board. */
export type WinnersCount =
  /** Format-1 board: each area is the board question with the area's id; an idea's votes are its decrypted total; the area's voters the total of `votersOption`. Greedy only. */
  | { from: 'totals'; votersOption: string }
  /** Format-2 board: the one question `question`; each decrypted mixed ballot's slots name options 1…m (0 = empty). */
  | { from: 'ballots'; question: string };

export interface WinnersInputArea {
  id: string;
  /** Cents. */
  budget: number;
  minVoters: number | null;
  /** The area's ideas on the ballot (cost in cents), in ballot order. */
  ideas: { id: string; cost: number }[];
}

/** The rule and its inputs: everything but the board needed to compute the winners. */
export interface WinnersInputs {
  rule: WinnerRule;
  count: WinnersCount;
  areas: WinnersInputArea[];
}

export interface WinnersOverride {
  idea: string;
  action: 'fund' | 'unfund';
  reason: string;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
}

export interface WinnersDocument extends WinnersInputs {
  format: typeof WINNERS_FORMAT;
  voteId: string;
  kov: string;
  board: { format: string; sha256: string };
  /** The rule's result per area (WinnersResult.areas), computed with the seed board.sha256. */
  result: AreaWinners[];
  /** Officials' overrides of the rule's winners, in the order recorded (never part of the rule's result). */
  overrides: WinnersOverride[];
}

// ---------------------------------------------------------------- the canonical text

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const arr = (x: unknown): unknown[] => {
  if (!Array.isArray(x)) throw new Error('a list expected');
  return x;
};
const obj = (x: unknown): Record<string, unknown> => {
  if (!isObj(x)) throw new Error('an object expected');
  return x;
};

/** The rule in its full form (defaults written out), in key order. */
export function canonicalRule(r: WinnerRule): WinnerRule {
  const o = obj(r);
  if (o.kind === 'greedy') return { kind: 'greedy' };
  return { kind: 'equal-shares', utility: (o.utility ?? 'cost') as 'cost' | 'approval', stepPerVoter: (o.stepPerVoter ?? 100) as number };
}

function canonicalCount(c: WinnersCount): WinnersCount {
  const o = obj(c);
  return o.from === 'totals' ? { from: 'totals', votersOption: o.votersOption as string } : { from: o.from as 'ballots', question: o.question as string };
}

function canonicalArea(x: unknown): AreaWinners {
  const a = obj(x);
  const es = a.equalShares === undefined ? undefined : obj(a.equalShares);
  return {
    areaId: a.areaId as string,
    budget: a.budget as number,
    voters: a.voters as number,
    valid: a.valid as boolean,
    ...(a.invalidReason !== undefined ? { invalidReason: a.invalidReason as 'too-few-voters' } : {}),
    winners: arr(a.winners) as string[],
    spent: a.spent as number,
    ideas: arr(a.ideas).map((y) => {
      const i = obj(y);
      return { id: i.id as string, votes: i.votes as number, cost: i.cost as number, funded: i.funded as boolean, how: i.how as AreaWinners['ideas'][number]['how'] };
    }),
    draws: arr(a.draws).map((y) => {
      const d = obj(y);
      const order = arr(d.order) as string[];
      const keys = obj(d.keys);
      if (Object.keys(keys).length !== order.length) throw new Error('a draw must have one key per item');
      return { areaId: d.areaId as string, label: d.label as string, seed: d.seed as string, order, keys: Object.fromEntries(order.map((id) => [id, keys[id] as string])), reason: d.reason as string };
    }),
    ...(es
      ? {
          equalShares: {
            utility: es.utility as 'cost' | 'approval',
            stepPerVoter: es.stepPerVoter as number,
            perVoterBudget: es.perVoterBudget as string,
            add1Steps: es.add1Steps as number,
            runs: es.runs as number,
            mesWinners: arr(es.mesWinners) as string[],
          },
        }
      : {}),
  };
}

/** The document in its documented key order (every object rebuilt; unknown keys dropped). Throws on a wrong shape. */
export function canonicalWinners(x: unknown): WinnersDocument {
  const d = obj(x);
  const board = obj(d.board);
  return {
    format: d.format as typeof WINNERS_FORMAT,
    voteId: d.voteId as string,
    kov: d.kov as string,
    board: { format: board.format as string, sha256: board.sha256 as string },
    rule: canonicalRule(d.rule as WinnerRule),
    count: canonicalCount(d.count as WinnersCount),
    areas: arr(d.areas).map((y) => {
      const a = obj(y);
      return { id: a.id as string, budget: a.budget as number, minVoters: a.minVoters as number | null, ideas: arr(a.ideas).map((z) => ({ id: obj(z).id as string, cost: obj(z).cost as number })) };
    }),
    result: arr(d.result).map(canonicalArea),
    overrides: arr(d.overrides).map((y) => {
      const o = obj(y);
      return { idea: o.idea as string, action: o.action as 'fund' | 'unfund', reason: o.reason as string, at: o.at as string };
    }),
  };
}

/** The document's bytes: the canonical form as ECMAScript JSON.stringify writes it (no whitespace, no final newline). */
export function winnersDocumentText(doc: WinnersDocument): string {
  return JSON.stringify(canonicalWinners(doc));
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// ---------------------------------------------------------------- computing from a board

/** What a board holds for the winners: its questions, the decrypted totals (format 1) or the decrypted mixed ballots (format 2). */
export interface BoardForWinners {
  questions?: { id: string; options: { id: string }[] }[];
  tally?: { counts: number[][] } | null;
  mix?: { ballots: number[][] } | null;
}

/** The rule's arguments from the inputs and the board; throws when the board does not have what the inputs name. */
function ruleArguments(inputs: WinnersInputs, board: BoardForWinners): { areas: WinnerArea[]; ideas: WinnerIdea[]; ballots: WinnerBallot[] } {
  const questions = board.questions ?? [];
  const ideas: WinnerIdea[] = inputs.areas.flatMap((a) => a.ideas.map((i) => ({ id: i.id, areaId: a.id, cost: i.cost })));
  const minOf = (a: WinnersInputArea) => (a.minVoters ? { minVoters: a.minVoters } : {});
  const count = inputs.count;
  if (count.from === 'totals') {
    const areas: WinnerArea[] = [];
    const ballots: WinnerBallot[] = [];
    for (const a of inputs.areas) {
      const qi = questions.findIndex((q) => q.id === a.id);
      if (qi < 0) throw new Error(`area ${a.id} is not a question of the board`);
      const options = questions[qi]!.options.map((o) => o.id);
      const totals = board.tally?.counts[qi] ?? [];
      const total = (id: string) => {
        const oi = options.indexOf(id);
        if (oi < 0) throw new Error(`option ${id} is not on the board's question ${a.id}`);
        return totals[oi] ?? 0;
      };
      areas.push({ id: a.id, budget: a.budget, voters: total(count.votersOption), ...minOf(a) });
      for (const i of a.ideas) {
        const n = total(i.id);
        if (n > 0) ballots.push({ ideas: [i.id], count: n });
      }
    }
    return { areas, ideas, ballots };
  }
  const q = questions[0];
  if (!q || q.id !== count.question) throw new Error(`the board's question is not ${count.question}`);
  const ids = q.options.map((o) => o.id);
  const ballots: WinnerBallot[] = (board.mix?.ballots ?? [])
    .map((b) => ({ ideas: b.filter((m) => m >= 1 && m <= ids.length).map((m) => ids[m - 1]!) }))
    .filter((b) => b.ideas.length > 0);
  return { areas: inputs.areas.map((a) => ({ id: a.id, budget: a.budget, ...minOf(a) })), ideas, ballots };
}

/** The winners by the inputs' rule from the board, ties by the draw seeded by `seed` (the board's SHA-256). */
export function winnersOf(inputs: WinnersInputs, board: BoardForWinners, seed: string): WinnersResult {
  const a = ruleArguments(inputs, board);
  return budgetWinners(a.areas, a.ideas, a.ballots, canonicalRule(inputs.rule), seed);
}

/** The document for a vote's published board (its text) and the winners computed from it. */
export function winnersDocument(meta: { voteId: string; kov: string; boardFormat: string; boardSha256: string }, inputs: WinnersInputs, result: WinnersResult, overrides: WinnersOverride[] = []): WinnersDocument {
  return canonicalWinners({
    format: WINNERS_FORMAT,
    voteId: meta.voteId,
    kov: meta.kov,
    board: { format: meta.boardFormat, sha256: meta.boardSha256 },
    rule: inputs.rule,
    count: inputs.count,
    areas: inputs.areas,
    result: result.areas,
    overrides,
  });
}

/** The document without its overrides (the part kept at certification that never changes), as text. */
export function ruleTextOf(doc: WinnersDocument): string {
  return JSON.stringify({ ...canonicalWinners(doc), overrides: [] });
}

// ---------------------------------------------------------------- checking a document against a board

export type WinnersCheckName = 'winners format' | 'winners board' | 'winners ballot' | 'winners' | 'overrides';

export interface WinnersCheck {
  name: WinnersCheckName;
  ok: boolean;
  detail: string;
}

export interface WinnersReport {
  ok: boolean;
  checks: WinnersCheck[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function exactKeys(x: unknown, keys: string[]): boolean {
  return isObj(x) && Object.keys(x).sort().join(',') === [...keys].sort().join(',');
}

function shapeProblems(d: unknown): string[] {
  const p: string[] = [];
  const top = ['format', 'voteId', 'kov', 'board', 'rule', 'count', 'areas', 'result', 'overrides'];
  if (!exactKeys(d, top)) return [`the document must have exactly the fields ${top.join(', ')}`];
  const o = d as Record<string, unknown>;
  if (o.format !== WINNERS_FORMAT) p.push(`format is not ${WINNERS_FORMAT}`);
  if (typeof o.voteId !== 'string' || typeof o.kov !== 'string') p.push('voteId and kov must be strings');
  if (!exactKeys(o.board, ['format', 'sha256']) || typeof (o.board as Record<string, unknown>).format !== 'string' || !HEX64.test(String((o.board as Record<string, unknown>).sha256))) p.push('board must be {format, sha256} with 64 lowercase hex digits');
  const rule = o.rule as Record<string, unknown>;
  if (!(exactKeys(rule, ['kind']) && rule.kind === 'greedy') && !(exactKeys(rule, ['kind', 'utility', 'stepPerVoter']) && rule.kind === 'equal-shares' && (rule.utility === 'cost' || rule.utility === 'approval') && Number.isSafeInteger(rule.stepPerVoter) && (rule.stepPerVoter as number) > 0)) {
    p.push('rule must be {"kind":"greedy"} or {"kind":"equal-shares","utility":"cost"|"approval","stepPerVoter":cents}');
  }
  const count = o.count as Record<string, unknown>;
  if (!(exactKeys(count, ['from', 'votersOption']) && count.from === 'totals' && typeof count.votersOption === 'string') && !(exactKeys(count, ['from', 'question']) && count.from === 'ballots' && typeof count.question === 'string')) {
    p.push('count must be {"from":"totals","votersOption":…} or {"from":"ballots","question":…}');
  }
  if (isObj(rule) && isObj(count) && rule.kind === 'greedy' && count.from !== 'totals') p.push('the greedy rule counts from the totals');
  if (isObj(rule) && isObj(count) && rule.kind === 'equal-shares' && count.from !== 'ballots') p.push('the Method of Equal Shares counts from the ballots');
  if (!Array.isArray(o.areas) || o.areas.some((a) => !exactKeys(a, ['id', 'budget', 'minVoters', 'ideas']) || !Array.isArray((a as Record<string, unknown>).ideas) || ((a as Record<string, unknown>).ideas as unknown[]).some((i) => !exactKeys(i, ['id', 'cost'])))) {
    p.push('areas must be a list of {id, budget, minVoters, ideas: [{id, cost}]}');
  } else {
    for (const a of o.areas as WinnersInputArea[]) {
      if (typeof a.id !== 'string' || !Number.isSafeInteger(a.budget) || a.budget < 0) p.push(`area ${String(a.id)}: budget must be integer cents`);
      if (a.minVoters !== null && !(Number.isSafeInteger(a.minVoters) && a.minVoters >= 1)) p.push(`area ${a.id}: minVoters must be null or a positive integer`);
      for (const i of a.ideas) if (typeof i.id !== 'string' || !Number.isSafeInteger(i.cost) || i.cost <= 0) p.push(`area ${a.id}: idea ${String(i.id)}: cost must be positive integer cents`);
    }
  }
  if (!Array.isArray(o.result)) p.push('result must be a list of areas');
  if (!Array.isArray(o.overrides) || o.overrides.some((x) => !exactKeys(x, ['idea', 'action', 'reason', 'at']))) p.push('overrides must be a list of {idea, action, reason, at}');
  return p;
}

/** Where the areas' results first differ (for the message). */
function firstDifference(want: AreaWinners[], got: AreaWinners[]): string {
  if (want.length !== got.length) return `${got.length} areas in the document, ${want.length} recomputed`;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.areaId !== g.areaId) return `area ${i + 1} is ${g.areaId} in the document, ${w.areaId} recomputed`;
    for (const f of ['winners', 'budget', 'spent', 'voters', 'valid', 'draws', 'ideas', 'equalShares'] as const) {
      if (JSON.stringify(w[f]) !== JSON.stringify(g[f])) {
        const show = (x: unknown) => (f === 'winners' ? `[${(x as string[]).join(', ')}]` : f === 'draws' ? `${(x as unknown[]).length} draw(s) ${JSON.stringify((x as { order: string[] }[]).map((d) => d.order))}` : JSON.stringify(x)?.slice(0, 200));
        return `area ${w.areaId}: ${f} is ${show(g[f])} in the document, ${show(w[f])} recomputed from the board`;
      }
    }
    if (JSON.stringify(w) !== JSON.stringify(g)) return `area ${w.areaId} differs`;
  }
  return 'the results differ';
}

/**
 * Checks a winners document (its exact text) against a board (its exact text): the document's format
 * (canonical bytes), its binding to the board (vote, KOV, board format, the board's SHA-256), that its
 * ideas are exactly the board's options, the winners recomputed by its rule from the board with the
 * board's SHA-256 as the seed, and that the overrides are well-formed and name ideas of the ballot.
 * Never throws.
 */
export function verifyWinners(boardText: string, winnersText: string): WinnersReport {
  const checks: WinnersCheck[] = [];
  const add = (name: WinnersCheckName, problems: string[], okDetail: string): boolean => {
    checks.push({ name, ok: problems.length === 0, detail: problems.length ? problems.slice(0, 20).join('; ') : okDetail });
    return problems.length === 0;
  };
  const skip = (names: WinnersCheckName[], why: string) => {
    for (const n of names) checks.push({ name: n, ok: false, detail: `not checked: ${why}` });
    return { ok: false, checks };
  };
  let parsed: unknown;
  const fmt: string[] = [];
  try {
    parsed = JSON.parse(winnersText);
    fmt.push(...shapeProblems(parsed));
    if (fmt.length === 0 && winnersDocumentText(parsed as WinnersDocument) !== winnersText) fmt.push('the text is not in the canonical form (key order, no whitespace, draw keys in draw order)');
  } catch (e) {
    fmt.push(`not a JSON document: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!add('winners format', fmt, WINNERS_FORMAT)) return skip(['winners board', 'winners ballot', 'winners', 'overrides'], 'the document is not in the winners format');
  const doc = parsed as WinnersDocument;

  let board: { format?: unknown; voteId?: unknown; kov?: unknown } & BoardForWinners;
  try {
    board = JSON.parse(boardText) as typeof board;
    if (!isObj(board)) throw new Error('not an object');
  } catch {
    add('winners board', ['the board is not a JSON document'], '');
    return skip(['winners ballot', 'winners', 'overrides'], 'no board');
  }
  const sha = sha256Text(boardText);
  const bind: string[] = [];
  if (doc.voteId !== board.voteId) bind.push(`voteId ${doc.voteId} is not the board's (${String(board.voteId)})`);
  if (doc.kov !== board.kov) bind.push(`kov ${doc.kov} is not the board's (${String(board.kov)})`);
  if (doc.board.format !== board.format) bind.push(`board.format ${doc.board.format} is not the board's (${String(board.format)})`);
  if (doc.board.sha256 !== sha) bind.push(`board.sha256 ${doc.board.sha256} is not the SHA-256 of the board (${sha})`);
  if (!add('winners board', bind, `bound to board ${sha} (${doc.board.format}), vote ${doc.voteId}`)) return skip(['winners ballot', 'winners', 'overrides'], 'the document is not this board’s');

  // the ideas are exactly the board's options
  const ballot: string[] = [];
  const questions: { id: string; options: { id: string }[] }[] = Array.isArray(board.questions) ? board.questions : [];
  const docIdeas = doc.areas.flatMap((a) => a.ideas.map((i) => i.id));
  if (new Set(docIdeas).size !== docIdeas.length) ballot.push('an idea is listed twice');
  if (new Set(doc.areas.map((a) => a.id)).size !== doc.areas.length) ballot.push('an area is listed twice');
  if (doc.count.from === 'totals') {
    const votersOption = doc.count.votersOption;
    if (questions.length !== doc.areas.length) ballot.push(`${doc.areas.length} areas but ${questions.length} board questions`);
    for (const a of doc.areas) {
      const q = questions.find((x) => x.id === a.id);
      if (!q) {
        ballot.push(`area ${a.id} is not a question of the board`);
        continue;
      }
      const want = q.options.map((o) => o.id).filter((id) => id !== votersOption);
      if (!q.options.some((o) => o.id === votersOption)) ballot.push(`the board's question ${a.id} has no option ${votersOption}`);
      if (want.join(',') !== a.ideas.map((i) => i.id).join(',')) ballot.push(`area ${a.id}: its ideas are not the options of the board's question, in order`);
    }
  } else {
    const q = questions[0];
    if (questions.length !== 1 || !q || q.id !== doc.count.question) ballot.push(`the board's one question is not ${doc.count.question}`);
    else {
      const want = new Set(q.options.map((o) => o.id));
      if (want.size !== docIdeas.length || docIdeas.some((id) => !want.has(id))) ballot.push("the areas' ideas are not exactly the options of the board's question");
    }
  }
  if (!add('winners ballot', ballot, `${doc.areas.length} area(s), ${docIdeas.length} ideas: exactly the board's options`)) return skip(['winners', 'overrides'], 'the ideas are not the board’s');

  // the winners recomputed from the board
  let recomputed: AreaWinners[] | null = null;
  const win: string[] = [];
  try {
    recomputed = winnersOf(doc, board, sha).areas.map(canonicalArea);
  } catch (e) {
    win.push(`cannot be recomputed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (recomputed && JSON.stringify(recomputed) !== JSON.stringify(doc.result)) win.push(firstDifference(recomputed, doc.result));
  const mixBallots = (board as BoardForWinners).mix?.ballots;
  const mixed = Array.isArray(mixBallots) ? mixBallots.length : 0;
  const funded = doc.result.reduce((s, a) => s + a.winners.length, 0);
  const draws = doc.result.reduce((s, a) => s + a.draws.length, 0);
  const rule = doc.rule.kind === 'greedy' ? 'greedy rule from the totals' : `Method of Equal Shares (${doc.rule.utility} utilities, add1 step ${doc.rule.stepPerVoter} cents) from the ${mixed} mixed ballots`;
  add('winners', win, `recomputed by the ${rule}: ${funded} funded in ${doc.result.length} area(s), ${draws} tie draw(s) seeded by the board's SHA-256 — identical`);

  // the overrides: well-formed, ideas of the ballot, apart from the rule's result
  const ov: string[] = [];
  const onBallot = new Set(docIdeas);
  doc.overrides.forEach((o, i) => {
    if (!onBallot.has(o.idea)) ov.push(`override ${i + 1} names ${o.idea}, not an idea of the ballot`);
    if (o.action !== 'fund' && o.action !== 'unfund') ov.push(`override ${i + 1}: action is not fund or unfund`);
    if (typeof o.reason !== 'string' || o.reason.trim() === '') ov.push(`override ${i + 1} has no reason`);
    if (typeof o.at !== 'string' || !ISO.test(o.at)) ov.push(`override ${i + 1}: at is not an ISO 8601 UTC time`);
  });
  add('overrides', ov, doc.overrides.length ? `${doc.overrides.length} override(s), listed apart from the rule's result: ${doc.overrides.map((o) => `${o.action} ${o.idea}`).join(', ')}` : 'none');
  return { ok: checks.every((c) => c.ok), checks };
}
