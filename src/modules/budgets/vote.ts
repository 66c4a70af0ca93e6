// The vote of a participatory budget on the voting core (issue 11), and its results.
//
// Opening: a KOV admin names the committee (k of n) once review is done; in ONE transaction the ballot
// is fixed (the published, feasible ideas), the vote created with one question per area (or one for
// the whole KOV), the roll frozen from the residents register, the key dealt to the committee (each
// share sealed into its member's row, voting_committee) and the vote opened for the voting phase.
// Review and the process's setup are closed from then on.
//
// A ballot names ideas by number; the module checks the process's rules (ideas on the ballot, one area
// only, the voter's own area, up to K ideas or ideas that fit the area's budget) and answers a clear
// 400 naming the field; the voting core checks them again, encrypts and stores the ballot (secret,
// with a tracker; re-voting replaces it, so a person's counted ballot is always one that passed).
// Each area question carries one more option, `voters`, chosen on every ballot that names an idea of
// the area: its homomorphic total is the area's number of voters (for the minimum-voters rule).
//
// Counting: the greedy rule needs only each idea's total and each area's voters, which the published
// board gives. The Method of Equal Shares needs each ballot's set of ideas: its vote is of board format
// 2 (docs/voting-board-v2.md): one question of every idea on the ballot (option o = idea o + 1 in the
// core, in the ideas' number order), K slots per ballot (the count rule's K, or the most ideas that
// fit an area's budget; at most 64), mixed at close with a proof of shuffle, and only the mixed
// ballots decrypted; the winners are computed from the board's decrypted ballots (mix.ballots).
// After close the committee decrypts (k of n) and the board is published; its SHA-256
// is the public seed of the winners' draws; the committee signs the results digest off and with the
// k-th sign-off the winners are computed and kept. Admins may record overrides with a reason, which
// are published with the results.
import type { Actor } from '../../kernel/audit.js';
import { recordAudit } from '../../kernel/audit.js';
import { dateInTallinn, now as clockNow } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import type { FieldError } from '../../kernel/errors.js';
import { badRequest, conflict, notFound } from '../../kernel/errors.js';
import { fmtNumber } from '../../kernel/i18n.js';
import { uuidv7 } from '../../kernel/ids.js';
import { findResident, snapshotEligible } from '../residents/index.js';
import type { CommitteeMember, Official, QuestionDef, Results, RollEntry, VoteView } from '../voting/index.js';
import {
  cast,
  castPaper,
  certify,
  closeVote,
  committeeErrors,
  committeeMemberOf,
  committeeMembers,
  createVote,
  dealToCommittee,
  getBoard,
  getVote,
  hasCertified,
  nameCommittee,
  openVote,
  pickUpCommitteeShare,
  publishBoard,
  results,
  setRoll,
  submitDecryption,
} from '../voting/index.js';
import type { AreaRow, ProcessRow } from './repo.js';
import * as repo from './repo.js';
import * as voteRepo from './repo/vote.js';
import type { BallotIdea, Process } from './service.js';
import { ballotIdeaOf, loadProcess, processTitle, voteCost } from './service.js';
import type { BoardForWinners, WinnersDocument, WinnersInputs, WinnersResult } from '../voting/index.js';
import { keepWinnersDocument, winnersDocument, winnersOf } from '../voting/index.js';
import { fundIdeas, unfundIdea } from './implementation.js';

/** The server's secrets the vote needs: the ID code hash key and the share-sealing secret. */
export interface BudgetsSecrets {
  idcodeKey: string;
  sealSecret: string;
}

export function budgetsSecrets(config: { idcodeHmacKey: string; sessionSecret: string }): BudgetsSecrets {
  return { idcodeKey: config.idcodeHmacKey, sealSecret: config.sessionSecret };
}

/** The option of every area question that counts the area's voters. */
export const VOTERS_OPTION = 'voters';
/** The question of a process without areas. */
export const WHOLE_KOV = 'all';
const EXTRA_UNIT = 'extra';

export interface VoteSetup {
  /** Personal ID codes of the committee (member i is the i-th). */
  committee: string[];
  /** Members needed to open the result. */
  threshold: number;
}

// ---------------------------------------------------------------- the ballot's shape (pure)

export interface BallotArea {
  /** The question id: the area's id, or WHOLE_KOV. */
  id: string;
  name: string | null;
  /** Whole euros. */
  budget: number;
  unitCodes: string[];
  minVoters: number | null;
  ideas: BallotIdea[];
}

/** The ballot's areas (each with at least one idea on the ballot), in the process's order. Pure. */
export function ballotAreas(p: Pick<ProcessRow, 'total_budget'> & { areas: readonly AreaRow[] }, ideas: readonly BallotIdea[]): BallotArea[] {
  const sorted = [...ideas].sort((a, b) => a.number - b.number);
  if (p.areas.length === 0) return sorted.length ? [{ id: WHOLE_KOV, name: null, budget: p.total_budget, unitCodes: [], minVoters: null, ideas: sorted }] : [];
  return [...p.areas]
    .sort((a, b) => a.sort - b.sort)
    .map((a) => ({ id: a.id, name: a.name, budget: a.budget, unitCodes: a.unit_codes, minVoters: a.min_voters, ideas: sorted.filter((i) => i.areaId === a.id) }))
    .filter((a) => a.ideas.length > 0);
}

/** The voting core's questions: one per area, its ideas (cost in euros) and the voters option. Pure. */
export function voteQuestions(p: Pick<ProcessRow, 'ballot_kind' | 'ballot_max'>, areas: readonly BallotArea[]): QuestionDef[] {
  return areas.map((a) => ({
    id: a.id,
    text: { et: a.name ?? 'Kogu omavalitsus', en: a.name ?? 'The whole municipality', ru: a.name ?? 'Всё самоуправление' },
    rule: p.ballot_kind === 'budget' ? { kind: 'budget', budget: a.budget } : { kind: 'upTo', max: Math.min(p.ballot_max ?? 1, a.ideas.length) + 1 },
    options: [
      ...a.ideas.map((i) => ({ id: i.id, text: { et: `${i.number}. ${i.title}`, en: `${i.number}. ${i.title}`, ru: `${i.number}. ${i.title}` }, cost: i.cost })),
      { id: VOTERS_OPTION, text: { et: 'Hääletajaid piirkonnas', en: 'Voters in the area', ru: 'Голосовавших в районе' }, cost: 0 },
    ],
  }));
}

/** The one question of a Method-of-Equal-Shares vote (board format 2). */
export const MES_QUESTION = 'ideas';
/** The most slots a format-2 ballot has (docs/voting-board-v2.md). */
export const MES_MAX_SLOTS = 64;

/** The most ideas of one area whose costs fit its budget (cheapest first). Pure. */
function mostThatFit(area: BallotArea): number {
  let left = area.budget;
  let n = 0;
  for (const c of area.ideas.map((i) => i.cost).sort((a, b) => a - b)) {
    if (c > left) break;
    left -= c;
    n++;
  }
  return n;
}

/**
 * K, the slots of a Method-of-Equal-Shares ballot: the most ideas a valid ballot can name — per area
 * the count rule's K (ballot_max) or the most ideas that fit the area's budget, for the one area a
 * ballot may name (the largest) or summed over every area — never more than the ideas on the ballot,
 * at least 1, at most 64. Pure.
 */
export function mesSlots(p: Pick<ProcessRow, 'ballot_kind' | 'ballot_max' | 'ballot_areas'>, areas: readonly BallotArea[]): number {
  const per = areas.map((a) => Math.min(a.ideas.length, p.ballot_kind === 'budget' ? mostThatFit(a) : (p.ballot_max ?? a.ideas.length)));
  const k = p.ballot_areas === 'one' ? Math.max(0, ...per) : per.reduce((s, x) => s + x, 0);
  return Math.max(1, Math.min(MES_MAX_SLOTS, k));
}

/**
 * The one question of a Method-of-Equal-Shares vote: every idea on the ballot in number order (option
 * o is idea o + 1 in the core's slots), up to K of them; the module checks the process's rules. Pure.
 */
export function mesQuestion(areas: readonly BallotArea[], slots: number): QuestionDef {
  const ideas = areas.flatMap((a) => a.ideas).sort((a, b) => a.number - b.number);
  return {
    id: MES_QUESTION,
    text: { et: 'Ideed', en: 'Ideas', ru: 'Идеи' },
    rule: { kind: 'upTo', max: Math.min(slots, ideas.length) },
    options: ideas.map((i) => ({ id: i.id, text: { et: `${i.number}. ${i.title}`, en: `${i.number}. ${i.title}`, ru: `${i.number}. ${i.title}` } })),
  };
}

/**
 * Checks a ballot (idea numbers) against the process's rules and answers the voting core's choices
 * (per question: the chosen idea ids and, where any, the voters option). `voterUnit`: the voter's
 * settlement unit (for scope "area"). Throws a 400 naming the field. Pure.
 */
export function ballotChoices(
  p: Pick<ProcessRow, 'ballot_kind' | 'ballot_max' | 'ballot_areas' | 'vote_scope'>,
  areas: readonly BallotArea[],
  numbers: unknown,
  voterUnit: string | null,
): string[][] {
  if (!Array.isArray(numbers) || numbers.length === 0) throw badRequest([{ field: 'ideas', reason: 'budgets.vote.empty' }]);
  const byNumber = new Map<number, { area: BallotArea; idea: BallotIdea }>();
  for (const area of areas) for (const idea of area.ideas) byNumber.set(idea.number, { area, idea });
  const chosen = new Map<string, BallotIdea[]>();
  const seen = new Set<number>();
  numbers.forEach((raw: unknown, i) => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,6}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    const hit = byNumber.get(n);
    if (!hit) throw badRequest([{ field: `ideas.${i}`, reason: 'budgets.vote.unknownIdea', vars: { n: String(raw).slice(0, 12) } }]);
    if (seen.has(n)) throw badRequest([{ field: `ideas.${i}`, reason: 'budgets.vote.duplicate', vars: { n } }]);
    seen.add(n);
    chosen.set(hit.area.id, [...(chosen.get(hit.area.id) ?? []), hit.idea]);
  });
  if (p.ballot_areas === 'one' && chosen.size > 1) throw badRequest([{ field: 'ideas', reason: 'budgets.vote.oneArea' }]);
  for (const area of areas) {
    const picked = chosen.get(area.id);
    if (!picked) continue;
    if (p.vote_scope === 'area' && area.unitCodes.length > 0 && !(voterUnit && area.unitCodes.includes(voterUnit))) {
      throw badRequest([{ field: 'ideas', reason: 'budgets.vote.wrongArea', vars: { area: area.name ?? '' } }]);
    }
    if (p.ballot_max !== null && picked.length > p.ballot_max) throw badRequest([{ field: 'ideas', reason: 'budgets.vote.tooMany', vars: { max: p.ballot_max, area: area.name ?? '' } }]);
    const cost = picked.reduce((s, i) => s + i.cost, 0);
    if (p.ballot_kind === 'budget' && cost > area.budget) {
      throw badRequest([{ field: 'ideas', reason: 'budgets.vote.overBudget', vars: { cost: fmtNumber(cost), budget: fmtNumber(area.budget), area: area.name ?? '' } }]);
    }
  }
  return areas.map((a) => {
    const picked = chosen.get(a.id);
    return picked ? [...picked.map((i) => i.id), VOTERS_OPTION] : [];
  });
}

// ---------------------------------------------------------------- opening

/**
 * Opens the process's vote (see the file's head); for the Method of Equal Shares a format-2 vote of K
 * slots (mesSlots, mesQuestion). 409 with a clear reason: already open, still in the idea phase or
 * already past voting, voting open to anyone (no roll), no idea on the ballot, nobody on the roll; 400
 * for a bad committee.
 */
export async function openBudgetVote(db: Db, kov: string, id: string, setup: VoteSetup, actor: Actor, secrets: BudgetsSecrets): Promise<Process> {
  const committee = Array.isArray(setup.committee) ? setup.committee.map((c) => String(c).trim()).filter((c) => c !== '') : [];
  const errors: FieldError[] = committeeErrors(committee, setup.threshold);
  const by: Official = { kov, actor };
  await db.tx(
    async (t) => {
      const p = await loadProcess(t, kov, id, true);
      if (p.vote_id) throw conflict('budgets.vote.opened');
      if (p.vote_scope === 'anyone') throw conflict('budgets.vote.noRoll');
      if (p.phase === 'upcoming' || p.phase === 'ideas') throw conflict('budgets.vote.tooEarly');
      if (p.phase !== 'review' && p.phase !== 'voting') throw conflict('budgets.vote.tooLate');
      if (errors.length) throw badRequest(errors);
      const areas = ballotAreas(p, (await repo.ideasOf(t, kov, id, { statuses: ['published'], feasibleOnly: true })).map(ballotIdeaOf));
      if (areas.length === 0) throw conflict('budgets.vote.noIdeas');
      const title = { et: p.title_et, en: p.title_en || p.title_et, ru: p.title_ru || p.title_et };
      const opensAt = p.voting_from > clockNow() ? p.voting_from : clockNow();
      const mes = p.winner_rule === 'equal_shares';
      const slots = mes ? mesSlots(p, areas) : 0;
      const questions = mes ? [mesQuestion(areas, slots)] : voteQuestions(p, areas);
      const { id: voteId } = await createVote(t, { kov, actor, title, questions, opensAt, closesAt: p.results_from, revote: true, winnerRule: mes ? 'equal-shares' : 'greedy', ...(mes ? { slots } : {}) });
      const units = p.vote_scope === 'area' ? [...new Set(p.areas.flatMap((a) => a.unit_codes))] : [];
      const people = await snapshotEligible(t, kov, { ...(units.length ? { units } : {}), minAge: p.vote_min_age, on: dateInTallinn(p.voting_from) });
      const entries: RollEntry[] = people.map((x) => ({ voterHash: x.idcodeHash, unit: x.unitCode ?? EXTRA_UNIT, birthDate: x.birthDate }));
      if (entries.length === 0) throw conflict('budgets.vote.emptyRoll');
      await setRoll(t, voteId, entries, by);
      const hints = await nameCommittee(t, kov, id, committee, secrets.idcodeKey);
      await dealToCommittee(t, voteId, id, setup.threshold, secrets.sealSecret, by);
      await openVote(t, voteId, by);
      await voteRepo.setVote(t, kov, id, { voteId, threshold: setup.threshold, members: committee.length });
      await recordAudit(t, {
        kov,
        actor,
        action: 'budgets.vote.open',
        targetType: 'budgets_process',
        targetId: id,
        after: {
          voteId,
          areas: areas.map((a) => ({ id: a.id, ideas: a.ideas.map((i) => i.number) })),
          rollSize: entries.length,
          threshold: setup.threshold,
          committee: hints,
          ...(mes ? { slots } : {}),
        },
      });
    },
    { kov },
  );
  return db.tx((t) => loadProcess(t, kov, id), { kov });
}

async function voteOf(db: Db, kov: string, id: string): Promise<{ p: Process; voteId: string }> {
  const p = await db.tx((t) => loadProcess(t, kov, id), { kov });
  if (!p.vote_id) throw conflict('budgets.vote.notOpen');
  return { p, voteId: p.vote_id };
}

/** The ballot's areas and their ideas, from the vote's fixed definition. */
async function areasOnBallot(db: Db, kov: string, p: Process, vote: VoteView): Promise<BallotArea[]> {
  const ideas = await db.tx((t) => repo.ideasOf(t, kov, p.id, { statuses: ['published'], feasibleOnly: true }), { kov });
  const onBallot = new Set(vote.questions.flatMap((q) => q.options.map((o) => o.id)));
  return ballotAreas(p, ideas.filter((i) => onBallot.has(i.id)).map(ballotIdeaOf));
}

/** The ballot as voters see it: the areas and their ideas, from the vote's fixed definition. */
export async function ballotOf(db: Db, kov: string, id: string): Promise<{ process: Process; vote: VoteView; areas: BallotArea[] }> {
  const { p, voteId } = await voteOf(db, kov, id);
  const vote = await getVote(db, kov, voteId);
  return { process: p, vote, areas: await areasOnBallot(db, kov, p, vote) };
}

/** The voting core's choices for a ballot of idea numbers, by the process's rules (the voter's own area for scope "area"). */
async function coreChoices(db: Db, kov: string, id: string, voterHash: string, numbers: unknown): Promise<{ voteId: string; choices: string[][] }> {
  const { process, vote, areas } = await ballotOf(db, kov, id);
  const resident = process.vote_scope === 'area' ? await findResident(db, kov, voterHash) : null;
  const choices = ballotChoices(process, areas, numbers, resident?.unitCode ?? null);
  // Method of Equal Shares: the one question's chosen ideas (the core puts them in K slots)
  if (vote.slots) return { voteId: vote.id, choices: [choices.flat().filter((c) => c !== VOTERS_OPTION)] };
  const byQuestion = new Map(choices.map((c, i) => [areas[i]!.id, c]));
  return { voteId: vote.id, choices: vote.questions.map((q) => byQuestion.get(q.id) ?? []) };
}

/** A resident's ballot (idea numbers): the process's rules, then the voting core (roll, window, re-voting). */
export async function castBudgetBallot(db: Db, kov: string, id: string, voterHash: string, numbers: unknown): Promise<{ tracker: string; replaced: boolean }> {
  const { voteId, choices } = await coreChoices(db, kov, id, voterHash, numbers);
  return cast(db, voteId, voterHash, choices);
}

/**
 * A paper ballot entered by an official at a KOV office (or an assisted one), by the same rules: it
 * replaces the person's electronic ballots and she can no longer vote electronically; a second paper
 * ballot for her is refused (409); 403 when she is not on the roll. The voting core audits who entered
 * it, never what it holds.
 */
export async function castPaperBudgetBallot(db: Db, kov: string, id: string, voterHash: string, numbers: unknown, actor: Actor): Promise<{ tracker: string }> {
  const { voteId, choices } = await coreChoices(db, kov, id, voterHash, numbers);
  return castPaper(db, voteId, voterHash, choices, { kov, actor });
}

/** Closes the vote once the voting phase is over (the core shuffles, unlinks and sums); audited. */
export async function closeBudgetVote(db: Db, kov: string, id: string, actor: Actor): Promise<{ turnout: number }> {
  const { p, voteId } = await voteOf(db, kov, id);
  if (clockNow() < p.results_from) throw conflict('budgets.vote.stillOpen');
  return db.tx(
    async (t) => {
      const r = await closeVote(t, voteId, { kov, actor });
      await recordAudit(t, { kov, actor, action: 'budgets.vote.close', targetType: 'budgets_process', targetId: id, after: { voteId, turnout: r.turnout } });
      return r;
    },
    { kov },
  );
}

// ---------------------------------------------------------------- the committee

export async function budgetCommittee(db: Db, kov: string, id: string): Promise<CommitteeMember[]> {
  return db.tx((t) => committeeMembers(t, kov, id), { kov });
}

/** The person's place on the process's committee, or null. */
export async function budgetMember(db: Db, kov: string, id: string, idcodeHash: string): Promise<CommitteeMember | null> {
  return db.tx((t) => committeeMemberOf(t, kov, id, idcodeHash), { kov });
}

/** Whether the person (her person id) has signed the vote's results off: told by who she is, never by her name. */
export async function budgetSignedOff(db: Db, kov: string, voteId: string, personId: string): Promise<boolean> {
  return hasCertified(db, kov, voteId, personId);
}

/** The member picks up her own share once; audited (her number, never the share). */
export async function pickUpBudgetShare(db: Db, kov: string, id: string, idcodeHash: string, actor: Actor, secrets: BudgetsSecrets): Promise<{ member: number; share: string }> {
  return db.tx(
    async (t) => {
      await loadProcess(t, kov, id);
      const got = await pickUpCommitteeShare(t, kov, id, idcodeHash, secrets.sealSecret);
      await recordAudit(t, { kov, actor, action: 'budgets.share.pickup', targetType: 'budgets_process', targetId: id, after: { member: got.member } });
      return { member: got.member, share: got.share };
    },
    { kov },
  );
}

/**
 * A member gives her share for the count: the core checks it and keeps her partial decryption; with
 * the k-th the board is published and its SHA-256 kept as the public seed of the winners' draws.
 */
export async function submitBudgetShare(db: Db, kov: string, id: string, idcodeHash: string, share: string, actor: Actor): Promise<{ received: number; needed: number; published: boolean }> {
  const { voteId } = await voteOf(db, kov, id);
  const by: Official = { kov, actor };
  return db.tx(
    async (t) => {
      const me = await committeeMemberOf(t, kov, id, idcodeHash);
      if (!me) throw notFound();
      const r = await submitDecryption(t, voteId, me.member, typeof share === 'string' ? share.trim().toLowerCase() : '', by);
      await recordAudit(t, { kov, actor, action: 'budgets.vote.share', targetType: 'budgets_process', targetId: id, after: { voteId, member: me.member, received: r.received, needed: r.needed } });
      if (r.received < r.needed) return { received: r.received, needed: r.needed, published: false };
      const board = await publishBoard(t, voteId, by);
      await voteRepo.setSeed(t, kov, id, board.sha256);
      return { received: r.received, needed: r.needed, published: true };
    },
    { kov },
  );
}

/**
 * A member signs the results digest off; with the k-th sign-off the vote is certified and the winners
 * computed by the process's rule and kept (once).
 */
export async function certifyBudget(db: Db, kov: string, id: string, idcodeHash: string, digest: string, actor: Actor): Promise<{ certifications: number; needed: number; status: string }> {
  const { voteId } = await voteOf(db, kov, id);
  if (!(await budgetMember(db, kov, id, idcodeHash))) throw notFound();
  const c = await certify(db, voteId, digest, { kov, actor });
  if (c.status === 'certified') await decideWinners(db, kov, id, actor);
  return { certifications: c.certifications, needed: c.needed, status: c.status };
}

// ---------------------------------------------------------------- winners

/**
 * The winner rule's inputs besides the board (pure), as the winners document states them: the rule (greedy
 * on a format-1 vote, counted from the totals with each area's voters from its `voters` option; the Method
 * of Equal Shares on a format-2 vote, counted from the decrypted mixed ballots), each area's budget and
 * minimum voters and its ideas' costs (cents; for the greedy rule the costs fixed in the vote's questions).
 */
export function winnersInputs(vote: Pick<VoteView, 'questions' | 'slots'>, areas: readonly BallotArea[]): WinnersInputs {
  const fixed = new Map(vote.questions.flatMap((q) => q.options.map((o) => [o.id, o.cost] as const)));
  const inputAreas = areas.map((a) => ({
    id: a.id,
    budget: a.budget * 100,
    minVoters: a.minVoters ? a.minVoters : null,
    ideas: a.ideas.map((i) => ({ id: i.id, cost: (fixed.get(i.id) ?? i.cost) * 100 })),
  }));
  if (vote.slots) return { rule: { kind: 'equal-shares', utility: 'cost', stepPerVoter: 100 }, count: { from: 'ballots', question: vote.questions[0]!.id }, areas: inputAreas };
  return { rule: { kind: 'greedy' }, count: { from: 'totals', votersOption: VOTERS_OPTION }, areas: inputAreas };
}

/**
 * The winners by the process's rule from the published board alone (pure): the voting core's winnersOf
 * on winnersInputs — the greedy rule from the format-1 totals, the Method of Equal Shares from the
 * format-2 ballots; ties by `seed` (the board's SHA-256). The count at certification uses it, and
 * `vallamaja verify` recomputes the same from the winners document.
 */
export function winnersFromBoard(vote: Pick<VoteView, 'questions' | 'slots'>, areas: readonly BallotArea[], board: BoardForWinners, seed: string): WinnersResult {
  return winnersOf(winnersInputs(vote, areas), board, seed);
}

/** The winners document of a certified vote (docs/voting-winners.md): the inputs, the rule's result kept at certification, the overrides. Pure. */
export function budgetWinnersDocument(kov: string, vote: Pick<VoteView, 'id' | 'questions' | 'slots'>, areas: readonly BallotArea[], seed: string, result: WinnersResult, overrides: readonly Pick<Override, 'ideaId' | 'action' | 'reason' | 'createdAt'>[]): WinnersDocument {
  return winnersDocument(
    { voteId: vote.id, kov, boardFormat: vote.slots ? 'vallamaja-board/2' : 'vallamaja-board/1', boardSha256: seed },
    winnersInputs(vote, areas),
    result,
    overrides.map((o) => ({ idea: o.ideaId, action: o.action, reason: o.reason, at: new Date(o.createdAt).toISOString() })),
  );
}

async function decideWinners(db: Db, kov: string, id: string, actor: Actor): Promise<WinnersResult> {
  const { process: p, vote, areas } = await ballotOf(db, kov, id);
  if (vote.status !== 'certified' || !p.seed) throw conflict('budgets.vote.notCertified');
  const board = (await getBoard(db, vote.id)) as unknown as BoardForWinners | null;
  if (!board) throw conflict('budgets.vote.notCertified');
  // the ideas' costs (euros) for their funding
  const cost = new Map(areas.flatMap((a) => a.ideas.map((i) => [i.id, i.cost] as const)));
  const computed = winnersFromBoard(vote, areas, board, p.seed);
  return keepWinners(db, kov, id, budgetWinnersDocument(kov, vote, areas, p.seed, computed, []), computed, cost, actor);
}

/**
 * Keeps the computed winners once, hands the voting core the winners document and funds them
 * (audited); a result kept before wins. `cost`: each idea's cost (euros).
 */
async function keepWinners(db: Db, kov: string, id: string, doc: WinnersDocument, computed: WinnersResult, cost: ReadonlyMap<string, number>, actor: Actor): Promise<WinnersResult> {
  return db.tx(
    async (t) => {
      const stored = await voteRepo.storedResult(t, kov, id);
      if (stored) return stored;
      await voteRepo.insertResult(t, kov, id, computed);
      await keepWinnersDocument(t, kov, doc.voteId, doc);
      const winners = computed.areas.flatMap((a) => a.winners);
      // the winners are funded: their implementation is tracked from now on (implementation.ts)
      await fundIdeas(t, kov, id, winners.map((ideaId) => ({ ideaId, amount: cost.get(ideaId) ?? 0, source: 'rule' as const })), actor);
      await recordAudit(t, { kov, actor, action: 'budgets.result.decide', targetType: 'budgets_process', targetId: id, after: { voteId: doc.voteId, seed: doc.board.sha256, winners } });
      return computed;
    },
    { kov },
  );
}

export interface Override {
  id: string;
  ideaId: string;
  action: 'fund' | 'unfund';
  reason: string;
  actorName: string;
  createdAt: Date;
}

export interface BudgetResult {
  process: Process;
  vote: VoteView;
  /** The ballot's areas and ideas. */
  areas: BallotArea[];
  /** The voting core's results (counts once the board is published). */
  counts: Results | null;
  /** The winners as the rule computed them (once certified). */
  computed: WinnersResult | null;
  overrides: Override[];
  /** The funded idea ids after overrides (rule winners, minus "unfund", plus "fund"), in order. */
  funded: string[];
}

/** Applies the overrides in order to the rule's winners. Pure. */
export function fundedAfter(computed: WinnersResult | null, overrides: readonly Pick<Override, 'ideaId' | 'action'>[]): string[] {
  const out = computed ? computed.areas.flatMap((a) => a.winners) : [];
  for (const o of overrides) {
    const at = out.indexOf(o.ideaId);
    if (o.action === 'fund' && at < 0) out.push(o.ideaId);
    if (o.action === 'unfund' && at >= 0) out.splice(at, 1);
  }
  return out;
}

async function overridesOf(t: Tx, kov: string, id: string): Promise<Override[]> {
  return (await voteRepo.overridesOf(t, kov, id)).map((r) => ({ id: r.id, ideaId: r.idea_id, action: r.action, reason: r.reason, actorName: r.actor_name, createdAt: r.created_at }));
}

/** Where the process's vote and results stand (null before the vote is opened). */
export async function budgetResult(db: Db, kov: string, id: string): Promise<BudgetResult | null> {
  const p = await db.tx((t) => loadProcess(t, kov, id), { kov });
  if (!p.vote_id) return null;
  const vote = await getVote(db, kov, p.vote_id);
  const counts = ['closed', 'published', 'certified'].includes(vote.status) ? await results(db, kov, p.vote_id) : null;
  const areas = await areasOnBallot(db, kov, p, vote);
  return db.tx(
    async (t) => {
      const computed = await voteRepo.storedResult(t, kov, id);
      const overrides = await overridesOf(t, kov, id);
      return { process: p, vote, areas, counts, computed, overrides, funded: fundedAfter(computed, overrides) };
    },
    { kov },
  );
}

export const MAX_OVERRIDE_REASON = 2000;

/**
 * An admin's override of the certified winners (audited, published): fund an idea on the ballot that
 * is not funded, or not fund one that is. 400 without a reason or for an unknown idea; 409 before the
 * winners are decided or when the idea is already in (or out of) the funded list.
 */
export async function overrideResult(db: Db, kov: string, id: string, input: { idea: number; action: string; reason: string }, actor: Actor): Promise<Override> {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  const errors: FieldError[] = [];
  if (input.action !== 'fund' && input.action !== 'unfund') errors.push({ field: 'action', reason: 'budgets.error.choice' });
  if (!reason || reason.length > MAX_OVERRIDE_REASON) errors.push({ field: 'reason', reason: 'budgets.error.reason' });
  if (errors.length) throw badRequest(errors);
  const action = input.action as 'fund' | 'unfund';
  const { p, voteId } = await voteOf(db, kov, id);
  const vote = await getVote(db, kov, voteId);
  const areas = await areasOnBallot(db, kov, p, vote);
  return db.tx(
    async (t) => {
      await loadProcess(t, kov, id, true);
      const stored = await voteRepo.storedResult(t, kov, id);
      if (!stored) throw conflict('budgets.vote.notCertified');
      const idea = Number.isSafeInteger(input.idea) ? await repo.ideaByNumber(t, kov, id, input.idea) : null;
      const onBallot = new Set(vote.questions.flatMap((q) => q.options.map((o) => o.id)));
      if (!idea || !onBallot.has(idea.id)) throw badRequest([{ field: 'idea', reason: 'budgets.vote.unknownIdea', vars: { n: String(input.idea).slice(0, 12) } }]);
      const funded = fundedAfter(stored, await overridesOf(t, kov, id));
      if ((action === 'fund') === funded.includes(idea.id)) throw conflict(action === 'fund' ? 'budgets.override.funded' : 'budgets.override.notFunded');
      const o: Override = { id: uuidv7(), ideaId: idea.id, action, reason, actorName: actor.name, createdAt: clockNow() };
      await voteRepo.insertOverride(t, kov, id, { id: o.id, idea_id: o.ideaId, action: o.action, reason: o.reason, actor_name: o.actorName, created_at: o.createdAt });
      if (action === 'fund') await fundIdeas(t, kov, id, [{ ideaId: idea.id, amount: voteCost(idea), source: 'override' }], actor);
      else await unfundIdea(t, kov, idea.id, reason, actor);
      // the winners document lists the overrides apart from the rule's result
      if (p.seed && vote.status === 'certified') await keepWinnersDocument(t, kov, voteId, budgetWinnersDocument(kov, vote, areas, p.seed, stored, await overridesOf(t, kov, id)));
      await recordAudit(t, { kov, actor, action: 'budgets.result.override', targetType: 'budgets_idea', targetId: idea.id, after: { process: id, number: idea.number, action, reason } });
      return o;
    },
    { kov },
  );
}

/** The process's title in the reader's language (re-exported for the vote pages). */
export { processTitle };
