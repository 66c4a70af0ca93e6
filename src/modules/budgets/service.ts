// Participatory budgets: the rules and the commands. A KOV admin sets up a process (phases, budget,
// areas, eligibility, ballot and winner rules); eligible residents submit ideas in the idea phase and
// edit their own until review starts; officials publish, merge or reject ideas and assess their
// feasibility and cost. The ideas on the ballot (published and feasible) are what the vote uses.
import { recordAudit, type Actor } from '../../kernel/audit.js';
import { now, today } from '../../kernel/clock.js';
import type { Db, Tx } from '../../kernel/db.js';
import { HttpError, badRequest, conflict, forbidden, notFound, type FieldError } from '../../kernel/errors.js';
import { translate, isLocale, fmtNumber, registerMessages } from '../../kernel/i18n.js';
import { uuidv7 } from '../../kernel/ids.js';
import { queueMail } from '../../kernel/mail.js';
import { bornOnOrBefore, findResident } from '../residents/index.js';
import { settlementUnitsOf } from '../territory/index.js';
import { budgetsMessages } from './messages.js';
import * as repo from './repo.js';
import type { AreaRow, BallotAreas, BallotKind, Feasibility, IdeaRow, IdeaStatus, ProcessRow, Scope, WinnerRule } from './repo.js';

export type { AreaRow, AuthorRow, BallotAreas, BallotKind, Feasibility, IdeaRow, IdeaStatus, ProcessRow, Scope, WinnerRule } from './repo.js';

export const PHASES = ['ideas', 'review', 'voting', 'results', 'implementation'] as const;
export type Phase = (typeof PHASES)[number];
/** Before the idea phase starts. */
export type PhaseNow = Phase | 'upcoming';
export const SCOPES: readonly Scope[] = ['anyone', 'kov', 'area'];
export const BALLOT_KINDS: readonly BallotKind[] = ['count', 'budget'];
export const BALLOT_AREAS: readonly BallotAreas[] = ['one', 'every'];
export const WINNER_RULES: readonly WinnerRule[] = ['greedy', 'equal_shares'];
export const CATEGORIES = ['environment', 'sport', 'culture', 'infrastructure', 'education', 'social', 'safety', 'other'] as const;
export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 4000;
export const MAX_REASON = 2000;
export const MAX_AREAS = 30;
export const MAX_IDEA_PHOTOS = 3;
/** The largest sum accepted anywhere (euros). */
export const MAX_SUM = 1_000_000_000;
export const ESTONIA = { minLat: 57.3, maxLat: 59.9, minLon: 21.5, maxLon: 28.3 } as const;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

/** The phase of a process at a moment: the last phase whose start has come. */
export function phaseAt(p: Pick<ProcessRow, 'ideas_from' | 'review_from' | 'voting_from' | 'results_from' | 'implementation_from'>, at: Date = now()): PhaseNow {
  const ms = at.getTime();
  if (ms < p.ideas_from.getTime()) return 'upcoming';
  if (ms < p.review_from.getTime()) return 'ideas';
  if (ms < p.voting_from.getTime()) return 'review';
  if (ms < p.results_from.getTime()) return 'voting';
  if (ms < p.implementation_from.getTime()) return 'results';
  return 'implementation';
}

// ---------------------------------------------------------------- processes

export interface AreaInput {
  /** An existing area being kept (edit); absent: a new area. */
  id?: string;
  name: string;
  budget: number;
  unitCodes: string[];
  minVoters: number | null;
}

export interface ProcessInput {
  titles: { et: string; en: string; ru: string };
  description: string;
  phases: Record<Phase, Date>;
  totalBudget: number;
  maxIdeaCost: number | null;
  submitMinAge: number;
  submitScope: Scope;
  voteMinAge: number;
  voteScope: Scope;
  ballotKind: BallotKind;
  ballotMax: number | null;
  ballotAreas: BallotAreas;
  winnerRule: WinnerRule;
  areas: AreaInput[];
}

export interface Process extends ProcessRow {
  areas: AreaRow[];
  phase: PhaseNow;
}

const isSum = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_SUM;
const isAge = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 130;

/** The fields of a process that are wrong (empty: fine). Field names are the form's. */
export function validateProcess(p: ProcessInput): FieldError[] {
  const e: FieldError[] = [];
  const title = p.titles.et.trim();
  if (!title || title.length > MAX_TITLE) e.push({ field: 'title_et', reason: 'budgets.error.title' });
  for (const l of ['en', 'ru'] as const) if (p.titles[l].length > MAX_TITLE) e.push({ field: `title_${l}`, reason: 'budgets.error.title' });
  if (p.description.length > MAX_DESCRIPTION) e.push({ field: 'description', reason: 'budgets.error.description' });
  let prev: Date | null = null;
  for (const ph of PHASES) {
    const d = p.phases[ph];
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) e.push({ field: `${ph}_from`, reason: 'budgets.error.date' });
    else if (prev && d.getTime() <= prev.getTime()) e.push({ field: `${ph}_from`, reason: 'budgets.error.phaseOrder' });
    if (d instanceof Date && !Number.isNaN(d.getTime())) prev = d;
  }
  if (!isSum(p.totalBudget)) e.push({ field: 'total_budget', reason: 'budgets.error.sum' });
  if (p.maxIdeaCost !== null && !isSum(p.maxIdeaCost)) e.push({ field: 'max_idea_cost', reason: 'budgets.error.sum' });
  if (!isAge(p.submitMinAge)) e.push({ field: 'submit_min_age', reason: 'budgets.error.age' });
  if (!isAge(p.voteMinAge)) e.push({ field: 'vote_min_age', reason: 'budgets.error.age' });
  if (!SCOPES.includes(p.submitScope)) e.push({ field: 'submit_scope', reason: 'budgets.error.choice' });
  if (!SCOPES.includes(p.voteScope)) e.push({ field: 'vote_scope', reason: 'budgets.error.choice' });
  if (!BALLOT_KINDS.includes(p.ballotKind)) e.push({ field: 'ballot_kind', reason: 'budgets.error.choice' });
  if (!BALLOT_AREAS.includes(p.ballotAreas)) e.push({ field: 'ballot_areas', reason: 'budgets.error.choice' });
  if (!WINNER_RULES.includes(p.winnerRule)) e.push({ field: 'winner_rule', reason: 'budgets.error.choice' });
  if (p.ballotKind === 'count' && !(Number.isInteger(p.ballotMax) && p.ballotMax! >= 1 && p.ballotMax! <= 50)) e.push({ field: 'ballot_max', reason: 'budgets.error.ballotMax' });
  if (p.ballotKind === 'budget' && p.ballotMax !== null && !(Number.isInteger(p.ballotMax) && p.ballotMax >= 1 && p.ballotMax <= 50)) e.push({ field: 'ballot_max', reason: 'budgets.error.ballotMax' });
  if (p.areas.length > MAX_AREAS) e.push({ field: 'areas', reason: 'budgets.error.areas' });
  const names = new Set<string>();
  let sum = 0;
  for (const a of p.areas) {
    const n = a.name.trim();
    if (!n || n.length > 200 || names.has(n) || !isSum(a.budget) || (a.minVoters !== null && !(Number.isInteger(a.minVoters) && a.minVoters > 0 && a.minVoters <= 10_000_000))) {
      e.push({ field: 'areas', reason: 'budgets.error.area', vars: { name: n || '—' } });
      break;
    }
    names.add(n);
    sum += a.budget;
  }
  if (isSum(p.totalBudget) && sum > p.totalBudget) e.push({ field: 'areas', reason: 'budgets.error.areasOverTotal' });
  if (p.submitScope === 'area' || p.voteScope === 'area') {
    if (!p.areas.length || p.areas.some((a) => !a.unitCodes.length)) e.push({ field: 'areas', reason: 'budgets.error.areaUnits' });
  }
  return e;
}

async function checkUnits(t: Tx, kov: string, areas: AreaInput[]): Promise<void> {
  const codes = areas.flatMap((a) => a.unitCodes);
  if (!codes.length) return;
  const known = new Set((await settlementUnitsOf(t, kov)).map((u) => u.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) throw badRequest([{ field: 'areas', reason: 'budgets.error.unitsUnknown', vars: { codes: [...new Set(unknown)].join(', ') } }]);
}

function processFields(p: ProcessInput): repo.ProcessFields {
  return {
    title_et: p.titles.et.trim(),
    title_en: p.titles.en.trim(),
    title_ru: p.titles.ru.trim(),
    description: p.description.trim(),
    ideas_from: p.phases.ideas,
    review_from: p.phases.review,
    voting_from: p.phases.voting,
    results_from: p.phases.results,
    implementation_from: p.phases.implementation,
    total_budget: p.totalBudget,
    max_idea_cost: p.maxIdeaCost,
    submit_min_age: p.submitMinAge,
    submit_scope: p.submitScope,
    vote_min_age: p.voteMinAge,
    vote_scope: p.voteScope,
    ballot_kind: p.ballotKind,
    ballot_max: p.ballotMax,
    ballot_areas: p.ballotAreas,
    winner_rule: p.winnerRule,
  };
}

const auditView = (p: ProcessInput) => ({ ...processFields(p), areas: p.areas.map((a) => ({ name: a.name.trim(), budget: a.budget, unitCodes: a.unitCodes, minVoters: a.minVoters })) });

export async function createProcess(db: Db, kov: string, input: ProcessInput, actor: Actor): Promise<Process> {
  const errors = validateProcess(input);
  if (errors.length) throw badRequest(errors);
  const id = uuidv7();
  await db.tx(
    async (t) => {
      await checkUnits(t, kov, input.areas);
      await repo.insertProcess(t, id, kov, processFields(input));
      for (const [i, a] of input.areas.entries()) await repo.insertArea(t, { id: uuidv7(), kov, processId: id, sort: i, name: a.name.trim(), budget: a.budget, unitCodes: a.unitCodes, minVoters: a.minVoters });
      await recordAudit(t, { kov, actor, action: 'budgets.process.create', targetType: 'budgets_process', targetId: id, after: auditView(input) });
    },
    { kov },
  );
  return getProcess(db, kov, id);
}

/**
 * Changes a process's setup. Refused once voting has started (the ballot and its rules are then
 * fixed). Areas are matched by id: a kept area is updated, a new one added, a missing one deleted
 * unless ideas name it (refused).
 */
export async function updateProcess(db: Db, kov: string, id: string, input: ProcessInput, actor: Actor): Promise<Process> {
  const errors = validateProcess(input);
  if (errors.length) throw badRequest(errors);
  await db.tx(
    async (t) => {
      const before = await repo.processById(t, kov, checkId(id), true);
      if (!before) throw notFound('budgets.error.processNotFound');
      const phase = phaseAt(before);
      if ((phase !== 'upcoming' && phase !== 'ideas' && phase !== 'review') || before.vote_id) throw conflict('budgets.error.processFixed');
      await checkUnits(t, kov, input.areas);
      const old = await repo.areasOf(t, kov, id);
      const keep = new Set(input.areas.map((a) => a.id).filter(Boolean));
      const unknownId = input.areas.find((a) => a.id && !old.some((o) => o.id === a.id));
      if (unknownId) throw badRequest([{ field: 'areas', reason: 'budgets.error.area', vars: { name: unknownId.name } }]);
      const gone = old.filter((o) => !keep.has(o.id)).map((o) => o.id);
      const used = new Set(await repo.areasInUse(t, kov, id));
      const blocked = old.find((o) => gone.includes(o.id) && used.has(o.id));
      if (blocked) throw conflict('budgets.error.areaInUse', [{ field: 'areas', reason: 'budgets.error.areaInUse', vars: { name: blocked.name } }]);
      await repo.updateProcess(t, kov, id, processFields(input));
      await repo.deleteAreas(t, kov, gone);
      // renaming may swap two names: clear them first (the names are unique per process)
      for (const a of input.areas) if (a.id) await repo.updateArea(t, kov, a.id, { name: `~${a.id}`, budget: a.budget, unitCodes: a.unitCodes, minVoters: a.minVoters, sort: 0 });
      for (const [i, a] of input.areas.entries()) {
        const fields = { name: a.name.trim(), budget: a.budget, unitCodes: a.unitCodes, minVoters: a.minVoters, sort: i };
        if (a.id) await repo.updateArea(t, kov, a.id, fields);
        else await repo.insertArea(t, { ...fields, id: uuidv7(), kov, processId: id });
      }
      await recordAudit(t, {
        kov, actor, action: 'budgets.process.update', targetType: 'budgets_process', targetId: id,
        before: { ...before, areas: old.map((a) => ({ name: a.name, budget: a.budget, unitCodes: a.unit_codes, minVoters: a.min_voters })) },
        after: auditView(input),
      });
    },
    { kov },
  );
  return getProcess(db, kov, id);
}

function checkId(id: string): string {
  if (!UUID_RE.test(id)) throw notFound('budgets.error.processNotFound');
  return id;
}

export async function loadProcess(t: Tx, kov: string, id: string, forUpdate = false): Promise<Process> {
  const p = await repo.processById(t, kov, checkId(id), forUpdate);
  if (!p) throw notFound('budgets.error.processNotFound');
  return { ...p, areas: await repo.areasOf(t, kov, id), phase: phaseAt(p) };
}

export async function getProcess(db: Db, kov: string, id: string): Promise<Process> {
  return db.tx((t) => loadProcess(t, kov, id), { kov });
}

export async function listProcesses(db: Db, kov: string): Promise<Process[]> {
  return db.tx(async (t) => {
    const out: Process[] = [];
    for (const p of await repo.processesOf(t, kov)) out.push({ ...p, areas: await repo.areasOf(t, kov, p.id), phase: phaseAt(p) });
    return out;
  }, { kov });
}

/** Every KOV's processes for the all-KOV page (cross-KOV: only what the public pages show). */
export async function allProcesses(db: Db): Promise<(ProcessRow & { phase: PhaseNow })[]> {
  return db.system('budgets: the public page lists every KOV’s participatory budget processes', async (t) => (await repo.allProcesses(t)).map((p) => ({ ...p, phase: phaseAt(p) })));
}

// ---------------------------------------------------------------- eligibility

/** The person who acts: signed in through TARA. */
export interface Person {
  idcodeHash: string;
  givenName: string;
  /** YYYY-MM-DD (from the personal ID code). */
  birthDate: string;
}

export type Eligibility = { ok: true } | { ok: false; reason: string; vars?: Record<string, string | number> };

/**
 * Whether a person may take part (submit: the submission rules; vote: the voting rules), on the day
 * `on` (YYYY-MM-DD): old enough that day, and in the KOV's residents register (scope kov) or
 * registered in one of the area's settlement units (scope area). Pure: the register row is given.
 */
export function eligibility(
  rules: { minAge: number; scope: Scope },
  person: Pick<Person, 'birthDate'>,
  resident: { unitCode: string } | null,
  area: Pick<AreaRow, 'unit_codes' | 'name'> | null,
  on: string,
): Eligibility {
  if (rules.minAge > 0 && person.birthDate > bornOnOrBefore(on, rules.minAge)) return { ok: false, reason: 'budgets.eligibility.age', vars: { age: rules.minAge } };
  if (rules.scope === 'anyone') return { ok: true };
  if (!resident) return { ok: false, reason: 'budgets.eligibility.resident' };
  if (rules.scope === 'area' && area && area.unit_codes.length && !area.unit_codes.includes(resident.unitCode)) return { ok: false, reason: 'budgets.eligibility.area', vars: { area: area.name } };
  return { ok: true };
}

/** Whether the person may submit ideas to the process (today); with an area, to that area. */
export async function canSubmit(db: Db, kov: string, process: Process, person: Person, areaId: string | null = null): Promise<Eligibility> {
  const resident = process.submit_scope === 'anyone' ? null : await findResident(db, kov, person.idcodeHash);
  const area = areaId ? (process.areas.find((a) => a.id === areaId) ?? null) : null;
  return eligibility({ minAge: process.submit_min_age, scope: process.submit_scope }, person, resident, area, today());
}

// ---------------------------------------------------------------- ideas

export interface IdeaInput {
  title: string;
  description: string;
  areaId: string | null;
  category: string;
  lat: number | null;
  lon: number | null;
  estimatedCost: number;
  email: string | null;
}

export interface IdeaPhoto {
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  bytes: Buffer;
}

export function validateIdea(process: Pick<Process, 'areas' | 'max_idea_cost'>, i: IdeaInput, photos = 0): FieldError[] {
  const e: FieldError[] = [];
  const title = i.title.trim();
  if (!title || title.length > MAX_TITLE) e.push({ field: 'title', reason: 'budgets.error.ideaTitle' });
  const d = i.description.trim();
  if (!d || d.length > MAX_DESCRIPTION) e.push({ field: 'description', reason: 'budgets.error.ideaDescription' });
  if (process.areas.length) {
    if (!i.areaId || !process.areas.some((a) => a.id === i.areaId)) e.push({ field: 'area', reason: 'budgets.error.ideaArea' });
  } else if (i.areaId) e.push({ field: 'area', reason: 'budgets.error.ideaArea' });
  if (!(CATEGORIES as readonly string[]).includes(i.category)) e.push({ field: 'category', reason: 'budgets.error.category' });
  if ((i.lat === null) !== (i.lon === null) || (i.lat !== null && (!Number.isFinite(i.lat) || !Number.isFinite(i.lon)))) e.push({ field: 'place', reason: 'budgets.error.place' });
  else if (i.lat !== null && (i.lat < ESTONIA.minLat || i.lat > ESTONIA.maxLat || i.lon! < ESTONIA.minLon || i.lon! > ESTONIA.maxLon)) e.push({ field: 'place', reason: 'budgets.error.outside' });
  if (!isSum(i.estimatedCost)) e.push({ field: 'cost', reason: 'budgets.error.cost' });
  else {
    const area = process.areas.find((a) => a.id === i.areaId);
    const limit = Math.min(process.max_idea_cost ?? Infinity, area?.budget ?? Infinity);
    if (i.estimatedCost > limit) e.push({ field: 'cost', reason: 'budgets.error.costLimit', vars: { limit: fmtNumber(limit) } });
  }
  if (i.email !== null && !(i.email.length <= 254 && EMAIL_RE.test(i.email))) e.push({ field: 'email', reason: 'budgets.error.email' });
  if (photos > MAX_IDEA_PHOTOS) e.push({ field: 'photos', reason: 'budgets.error.photos' });
  return e;
}

function ideaFields(i: IdeaInput): repo.IdeaFields {
  return { areaId: i.areaId, title: i.title.trim(), description: i.description.trim(), category: i.category, lat: i.lat, lon: i.lon, estimatedCost: i.estimatedCost };
}

/** Submits an idea (the idea phase only; an eligible person). Returns its number. */
export async function submitIdea(db: Db, kov: string, processId: string, person: Person, input: IdeaInput, photos: IdeaPhoto[], lang: string): Promise<{ id: string; number: number }> {
  const process = await getProcess(db, kov, processId);
  if (process.phase !== 'ideas') throw conflict('budgets.error.notIdeaPhase');
  const errors = validateIdea(process, input, photos.length);
  if (errors.length) throw badRequest(errors);
  const ok = await canSubmit(db, kov, process, person, input.areaId);
  if (!ok.ok) throw notEligible(ok);
  return db.tx(
    async (t) => {
      // the process row lock orders numbers (and a setup change cannot slip between)
      const p = await loadProcess(t, kov, processId, true);
      if (p.phase !== 'ideas') throw conflict('budgets.error.notIdeaPhase');
      const id = uuidv7();
      const number = await repo.nextIdeaNumber(t, kov, processId);
      await repo.insertIdea(t, { ...ideaFields(input), id, kov, processId, number });
      await repo.insertAuthor(t, { ideaId: id, kov, idcodeHash: person.idcodeHash, givenName: person.givenName, email: input.email, lang: isLocale(lang) ? lang : 'et' });
      for (const [i, ph] of photos.entries()) await repo.insertPhoto(t, { id: uuidv7(), kov, ideaId: id, ordinal: i, ...ph });
      return { id, number };
    },
    { kov },
  );
}

/** A refusal for a person the rules leave out (403 with the reason, e.g. too young). */
export function notEligible(e: { reason: string; vars?: Record<string, string | number> }): HttpError {
  return new HttpError(403, 'forbidden', 'error.forbidden.title', [{ field: 'eligibility', reason: e.reason, vars: e.vars }], e.reason);
}

function ideaNumber(n: string | number): number {
  const v = typeof n === 'number' ? n : /^\d{1,9}$/.test(n) ? Number(n) : NaN;
  if (!Number.isInteger(v) || v < 1) throw notFound('budgets.error.ideaNotFound');
  return v;
}

async function loadIdea(t: Tx, kov: string, processId: string, number: string | number, forUpdate = false): Promise<IdeaRow> {
  const i = await repo.ideaByNumber(t, kov, checkId(processId), ideaNumber(number), forUpdate);
  if (!i) throw notFound('budgets.error.ideaNotFound');
  return i;
}

/**
 * An author edits her idea: only in the idea phase (until review starts), and not once it was
 * rejected or merged. Returns the idea.
 */
export async function editIdea(db: Db, kov: string, processId: string, number: string | number, person: Person, input: IdeaInput): Promise<IdeaRow> {
  return db.tx(
    async (t) => {
      const process = await loadProcess(t, kov, processId, true);
      const idea = await loadIdea(t, kov, processId, number, true);
      const authors = await repo.authorsOf(t, kov, [idea.id]);
      if (!authors.some((a) => a.idcode_hash === person.idcodeHash)) throw forbidden('budgets.error.notAuthor');
      if (process.phase !== 'ideas') throw conflict('budgets.error.editClosed');
      if (idea.status === 'rejected' || idea.status === 'merged') throw conflict('budgets.error.editClosed');
      const photos = await repo.countPhotos(t, kov, idea.id);
      const errors = validateIdea(process, input, photos);
      if (errors.length) throw badRequest(errors);
      await repo.updateIdeaFields(t, kov, idea.id, ideaFields(input));
      await repo.updateAuthorEmail(t, kov, idea.id, person.idcodeHash, input.email);
      return (await repo.ideaById(t, kov, idea.id))!;
    },
    { kov },
  );
}

/** The ideas a person wrote (or co-authors after a merge), with their review outcome. */
export async function myIdeas(db: Db, kov: string, processId: string, idcodeHash: string): Promise<IdeaRow[]> {
  return db.tx((t) => repo.ideasOfAuthor(t, kov, checkId(processId), idcodeHash), { kov });
}

// ---------------------------------------------------------------- review

export type ReviewAction =
  | { kind: 'publish' }
  | { kind: 'reject'; reason: string }
  | { kind: 'merge'; into: number }
  | { kind: 'assess'; feasibility: Feasibility; note: string | null; officialCost: number | null };

/** Review is open in the idea and review phases until the vote is opened; then the ballot is fixed. */
function reviewOpen(p: Process): boolean {
  return (p.phase === 'ideas' || p.phase === 'review') && !p.vote_id;
}

/**
 * A moderator's or official's act on an idea (audited):
 *   publish  a submitted (or rejected) idea becomes public
 *   reject   with a reason shown to the authors and mailed to those who gave an address
 *   merge    the idea is merged into another (published) one, which keeps every author
 *   assess   feasibility, a note and the officials' own cost estimate
 */
export async function reviewIdea(db: Db, kov: string, processId: string, number: string | number, action: ReviewAction, actor: Actor): Promise<IdeaRow> {
  return db.tx(
    async (t) => {
      const process = await loadProcess(t, kov, processId, true);
      const idea = await loadIdea(t, kov, processId, number, true);
      if (!reviewOpen(process)) throw conflict('budgets.error.reviewClosed');
      if (idea.status === 'merged') throw conflict('budgets.error.merged');
      const before = { status: idea.status, reject_reason: idea.reject_reason, feasibility: idea.feasibility, feasibility_note: idea.feasibility_note, official_cost: idea.official_cost };
      switch (action.kind) {
        case 'publish':
          if (idea.status === 'published') throw conflict('budgets.error.already');
          await repo.setStatus(t, kov, idea.id, { status: 'published', rejectReason: null, mergedInto: null });
          await recordAudit(t, { kov, actor, action: 'budgets.idea.publish', targetType: 'budgets_idea', targetId: idea.id, before, after: { status: 'published' } });
          break;
        case 'reject': {
          const reason = action.reason.trim();
          if (!reason || reason.length > MAX_REASON) throw badRequest([{ field: 'reason', reason: 'budgets.error.reason' }]);
          if (idea.status === 'rejected') throw conflict('budgets.error.already');
          await repo.setStatus(t, kov, idea.id, { status: 'rejected', rejectReason: reason, mergedInto: null });
          await recordAudit(t, { kov, actor, action: 'budgets.idea.reject', targetType: 'budgets_idea', targetId: idea.id, before, after: { status: 'rejected', reason } });
          await mailAuthors(t, kov, process, idea, 'rejected', reason);
          break;
        }
        case 'merge': {
          const into = await loadIdea(t, kov, processId, action.into, true).catch(() => null);
          if (!into || into.id === idea.id || into.status !== 'published') throw badRequest([{ field: 'into', reason: 'budgets.error.mergeTarget' }]);
          const authors = await repo.authorsOf(t, kov, [idea.id]);
          for (const a of authors) await repo.insertAuthor(t, { ideaId: into.id, kov, idcodeHash: a.idcode_hash, givenName: a.given_name, email: a.email, lang: a.lang });
          await repo.setStatus(t, kov, idea.id, { status: 'merged', rejectReason: null, mergedInto: into.id });
          await recordAudit(t, { kov, actor, action: 'budgets.idea.merge', targetType: 'budgets_idea', targetId: idea.id, before, after: { status: 'merged', into: into.number } });
          await mailAuthors(t, kov, process, idea, 'merged', String(into.number));
          break;
        }
        case 'assess': {
          const errors: FieldError[] = [];
          if (!['unknown', 'feasible', 'infeasible'].includes(action.feasibility)) errors.push({ field: 'feasibility', reason: 'budgets.error.choice' });
          if (action.note !== null && action.note.length > MAX_REASON) errors.push({ field: 'note', reason: 'budgets.error.reason' });
          if (action.officialCost !== null && !isSum(action.officialCost)) errors.push({ field: 'official_cost', reason: 'budgets.error.cost' });
          if (errors.length) throw badRequest(errors);
          const note = action.note?.trim() || null;
          await repo.setAssessment(t, kov, idea.id, { feasibility: action.feasibility, note, officialCost: action.officialCost });
          await recordAudit(t, { kov, actor, action: 'budgets.idea.assess', targetType: 'budgets_idea', targetId: idea.id, before, after: { feasibility: action.feasibility, note, official_cost: action.officialCost } });
          break;
        }
      }
      return (await repo.ideaById(t, kov, idea.id))!;
    },
    { kov },
  );
}

/** Tells the authors who left an address what became of their idea (kernel mail queue, their language). */
// the mails are written here, in jobs and scripts too, not only in a built app (which registers them as well)
registerMessages(budgetsMessages);

async function mailAuthors(t: Tx, kov: string, process: Process, idea: IdeaRow, outcome: 'rejected' | 'merged', detail: string): Promise<void> {
  for (const a of await repo.authorsOf(t, kov, [idea.id])) {
    if (!a.email) continue;
    const l = a.lang;
    const vars = { title: idea.title, number: idea.number, process: processTitle(process, l), detail, name: a.given_name };
    await queueMail(t, {
      to: a.email,
      subject: translate(l, `budgets.mail.${outcome}.subject`, vars),
      text: translate(l, `budgets.mail.${outcome}.text`, vars),
      kind: `budgets.${outcome}`,
    });
  }
}

export function processTitle(p: Pick<ProcessRow, 'title_et' | 'title_en' | 'title_ru'>, l: string): string {
  return (l === 'en' ? p.title_en : l === 'ru' ? p.title_ru : p.title_et) || p.title_et;
}

// ---------------------------------------------------------------- reading

export interface IdeaView extends IdeaRow {
  /** First names of the authors only. */
  authors: string[];
  photos: string[];
  /** The idea it was merged into (its number), if merged. */
  mergedIntoNumber: number | null;
  onBallot: boolean;
}

export const isOnBallot = (i: Pick<IdeaRow, 'status' | 'feasibility'>) => i.status === 'published' && i.feasibility === 'feasible';

async function views(t: Tx, kov: string, ideas: IdeaRow[], all: IdeaRow[] | null = null): Promise<IdeaView[]> {
  const ids = ideas.map((i) => i.id);
  const authors = await repo.authorsOf(t, kov, ids);
  const photos = await repo.photosOf(t, kov, ids);
  const targets = new Map<string, number>();
  for (const i of ideas) {
    if (!i.merged_into) continue;
    const target = all?.find((x) => x.id === i.merged_into) ?? (await repo.ideaById(t, kov, i.merged_into));
    if (target) targets.set(i.id, target.number);
  }
  return ideas.map((i) => ({
    ...i,
    authors: authors.filter((a) => a.idea_id === i.id).map((a) => a.given_name),
    photos: photos.filter((p) => p.idea_id === i.id).map((p) => p.id),
    mergedIntoNumber: targets.get(i.id) ?? null,
    onBallot: isOnBallot(i),
  }));
}

export interface PublicIdeaFilter {
  areaId?: string;
  category?: string;
  onBallot?: boolean;
}

/** The published ideas of a process (the public list), filtered. */
export async function publicIdeas(db: Db, kov: string, processId: string, f: PublicIdeaFilter = {}): Promise<IdeaView[]> {
  return db.tx(async (t) => {
    const rows = await repo.ideasOf(t, kov, checkId(processId), { statuses: ['published'], areaId: f.areaId && UUID_RE.test(f.areaId) ? f.areaId : undefined, category: f.category || undefined, feasibleOnly: f.onBallot });
    return views(t, kov, rows);
  }, { kov });
}

/** Every idea of a process, whatever its status (the officials' review list). */
export async function allIdeas(db: Db, kov: string, processId: string): Promise<IdeaView[]> {
  return db.tx(async (t) => {
    const rows = await repo.ideasOf(t, kov, checkId(processId));
    return views(t, kov, rows, rows);
  }, { kov });
}

/**
 * One idea as the caller may see it: a published or merged idea is public; a submitted or rejected
 * one only for its authors and officials (`official`). 404 otherwise (its existence is not told).
 */
export async function ideaFor(db: Db, kov: string, processId: string, number: string | number, viewer: { idcodeHash: string | null; official: boolean }): Promise<{ idea: IdeaView; mine: boolean }> {
  return db.tx(async (t) => {
    const idea = await loadIdea(t, kov, processId, number);
    const authors = await repo.authorsOf(t, kov, [idea.id]);
    const mine = !!viewer.idcodeHash && authors.some((a) => a.idcode_hash === viewer.idcodeHash);
    if (idea.status !== 'published' && idea.status !== 'merged' && !mine && !viewer.official) throw notFound('budgets.error.ideaNotFound');
    return { idea: (await views(t, kov, [idea]))[0]!, mine };
  }, { kov });
}

/** A photo of an idea the public may see (a published or merged idea's). */
export async function publicPhoto(db: Db, kov: string, id: string, viewer: { idcodeHash: string | null; official: boolean }): Promise<{ mime: string; bytes: Buffer }> {
  if (!UUID_RE.test(id)) throw notFound();
  return db.tx(async (t) => {
    const p = await repo.photoById(t, kov, id);
    if (!p) throw notFound();
    const idea = await repo.ideaById(t, kov, p.idea_id);
    const authors = await repo.authorsOf(t, kov, [p.idea_id]);
    const visible = idea && (idea.status === 'published' || idea.status === 'merged' || viewer.official || authors.some((a) => a.idcode_hash === viewer.idcodeHash));
    if (!visible) throw notFound();
    return { mime: p.mime, bytes: p.bytes };
  }, { kov });
}

export interface BallotIdea {
  id: string;
  number: number;
  title: string;
  areaId: string | null;
  /** The cost the vote counts: the officials' estimate when they gave one, else the author's. */
  cost: number;
  category: string;
}

/** The cost the vote and the winner rules count for an idea: the officials' estimate when given, else the author's. */
export const voteCost = (i: Pick<IdeaRow, 'official_cost' | 'estimated_cost'>): number => i.official_cost ?? i.estimated_cost;

/** An idea row as the ballot shows it. */
export function ballotIdeaOf(i: IdeaRow): BallotIdea {
  return { id: i.id, number: i.number, title: i.title, areaId: i.area_id, cost: voteCost(i), category: i.category };
}

/**
 * The ideas on the ballot of a process: published and assessed feasible, with the cost the vote and
 * the winner rules use (the officials' estimate, else the author's). For the vote phase.
 */
export async function ballotIdeas(db: Db, kov: string, processId: string): Promise<BallotIdea[]> {
  return db.tx(async (t) => {
    await loadProcess(t, kov, processId);
    const rows = await repo.ideasOf(t, kov, processId, { statuses: ['published'], feasibleOnly: true });
    return rows.map(ballotIdeaOf);
  }, { kov });
}

export type { IdeaStatus as Status };
export const IDEA_STATUSES: readonly IdeaStatus[] = ['submitted', 'published', 'rejected', 'merged'];

/** The address an author left on her idea (for her edit form). */
export async function authorEmail(db: Db, kov: string, ideaId: string, idcodeHash: string): Promise<string | null> {
  return db.tx(async (t) => (await repo.authorsOf(t, kov, [ideaId])).find((a) => a.idcode_hash === idcodeHash)?.email ?? null, { kov });
}
