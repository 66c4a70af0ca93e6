// The voting core's pure rules: what a vote is (definitions and their checks), how a ballot's
// choices become the 0/1 matrix that is encrypted, the ballot's shape, age groups and small-number
// suppression of turnout statistics, and the results digest a committee signs off. No I/O here.
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/audit.js';
import { badRequest, type FieldError } from '../../kernel/errors.js';
import type { BoardDocument } from './crypto/board.js';
import { chainStart } from './crypto/board.js';
import { CIPHERTEXT_BYTES } from './crypto/elgamal.js';

// ---------------------------------------------------------------- definitions

export interface Texts {
  et: string;
  en: string;
  ru: string;
}

/** A question's ballot rule: one choice; up to `max` choices; choices whose costs fit `budget`. */
export type Rule = { kind: 'one' } | { kind: 'upTo'; max: number } | { kind: 'budget'; budget: number };

export interface OptionDef {
  id: string;
  text: Texts;
  /** Cost of the option (budget rule only). */
  cost?: number;
}

export interface QuestionDef {
  id: string;
  text: Texts;
  rule: Rule;
  options: OptionDef[];
}

export interface VoteDefinition {
  title: Texts;
  questions: QuestionDef[];
  opensAt: Date | string;
  closesAt: Date | string;
  /** Re-voting allowed (then only the last electronic ballot counts). */
  revote: boolean;
  /**
   * Board format 2 (docs/voting-board-v2.md): a ballot is K = `slots` encrypted idea numbers (option
   * o of the one question is idea number o + 1; 0 fills an empty slot), counted by the verifiable
   * mix, so that each ballot's set of choices is known after the count (Method of Equal Shares).
   * Absent: version 1 (one 0/1 ciphertext per option, counted by the homomorphic sum).
   */
  slots?: number;
  /**
   * The vote's result is decided by a winner rule (participatory budgets): once certified it must have
   * a winners document of this rule (docs/voting-winners.md), which `vallamaja verify` checks.
   */
  winnerRule?: 'greedy' | 'equal-shares';
}

/** The most slots a format-2 ballot has (docs/voting-board-v2.md). */
export const MAX_SLOTS = 64;

/** Who acts for the KOV: the tenant and the audit actor. */
export interface Official {
  kov: string;
  actor: Actor;
}

const ID_RE = /^[A-Za-z0-9_-]{1,40}$/;

function checkTexts(x: unknown, field: string, errors: FieldError[]): void {
  const o = x as Partial<Texts> | null;
  for (const l of ['et', 'en', 'ru'] as const) {
    const v = o?.[l];
    if (typeof v !== 'string' || v.trim() === '' || v.length > 2000) errors.push({ field: `${field}.${l}`, reason: 'voting.field.required' });
  }
}

/** Checks a vote definition; answers field errors (empty: valid). Pure. */
export function definitionErrors(d: VoteDefinition): FieldError[] {
  const errors: FieldError[] = [];
  checkTexts(d.title, 'title', errors);
  const opens = new Date(d.opensAt);
  const closes = new Date(d.closesAt);
  if (Number.isNaN(opens.getTime())) errors.push({ field: 'opensAt', reason: 'voting.field.invalid', vars: { what: 'date-time' } });
  if (Number.isNaN(closes.getTime()) || !(closes > opens)) errors.push({ field: 'closesAt', reason: 'voting.field.invalid', vars: { what: 'after opensAt' } });
  if (!Array.isArray(d.questions) || d.questions.length < 1 || d.questions.length > 50) {
    errors.push({ field: 'questions', reason: 'voting.field.invalid', vars: { what: '1…50 questions' } });
    return errors;
  }
  const qids = new Set<string>();
  d.questions.forEach((q, i) => {
    const f = `questions.${i}`;
    if (typeof q.id !== 'string' || !ID_RE.test(q.id) || qids.has(q.id)) errors.push({ field: `${f}.id`, reason: 'voting.field.invalid', vars: { what: 'unique id' } });
    qids.add(q.id);
    checkTexts(q.text, `${f}.text`, errors);
    if (!Array.isArray(q.options) || q.options.length < 1 || q.options.length > 100) {
      errors.push({ field: `${f}.options`, reason: 'voting.field.invalid', vars: { what: '1…100 options' } });
      return;
    }
    const oids = new Set<string>();
    q.options.forEach((o, j) => {
      if (typeof o.id !== 'string' || !ID_RE.test(o.id) || oids.has(o.id)) errors.push({ field: `${f}.options.${j}.id`, reason: 'voting.field.invalid', vars: { what: 'unique id' } });
      oids.add(o.id);
      checkTexts(o.text, `${f}.options.${j}.text`, errors);
      if (q.rule?.kind === 'budget' && !(Number.isSafeInteger(o.cost) && (o.cost ?? -1) >= 0)) {
        errors.push({ field: `${f}.options.${j}.cost`, reason: 'voting.field.invalid', vars: { what: 'cost ≥ 0' } });
      }
    });
    const r = q.rule;
    const okRule =
      r?.kind === 'one' ||
      (r?.kind === 'upTo' && Number.isSafeInteger(r.max) && r.max >= 1 && r.max <= q.options.length) ||
      (r?.kind === 'budget' && Number.isSafeInteger(r.budget) && r.budget >= 0);
    if (!okRule) errors.push({ field: `${f}.rule`, reason: 'voting.field.invalid', vars: { what: 'rule' } });
  });
  if (d.slots !== undefined) {
    if (!Number.isSafeInteger(d.slots) || d.slots < 1 || d.slots > MAX_SLOTS) errors.push({ field: 'slots', reason: 'voting.field.invalid', vars: { what: `1…${MAX_SLOTS}` } });
    if (d.questions.length !== 1) errors.push({ field: 'questions', reason: 'voting.field.invalid', vars: { what: 'exactly one question (slots)' } });
  }
  return errors;
}

/**
 * Checks a ballot against the rules and answers the 0/1 matrix [question][option] to encrypt.
 * `choices[q]` lists the chosen option ids of question q (empty: a blank answer). Throws a 400
 * naming the field (choices.q or choices.q.j). Pure.
 */
export function choicesToMatrix(questions: readonly QuestionDef[], choices: unknown): number[][] {
  if (!Array.isArray(choices) || choices.length !== questions.length) {
    throw badRequest([{ field: 'choices', reason: 'voting.field.questionCount', vars: { n: questions.length } }]);
  }
  return questions.map((q, qi) => {
    const picked = choices[qi] as unknown;
    const field = `choices.${qi}`;
    if (!Array.isArray(picked)) throw badRequest([{ field, reason: 'voting.field.invalid', vars: { what: 'a list of option ids' } }]);
    const row = q.options.map(() => 0);
    picked.forEach((id: unknown, j) => {
      const o = typeof id === 'string' ? q.options.findIndex((x) => x.id === id) : -1;
      if (o < 0) throw badRequest([{ field: `${field}.${j}`, reason: 'voting.field.unknownOption', vars: { id: String(id).slice(0, 40) } }]);
      if (row[o]) throw badRequest([{ field: `${field}.${j}`, reason: 'voting.field.duplicateOption', vars: { id: String(id) } }]);
      row[o] = 1;
    });
    const n = picked.length;
    const r = q.rule;
    if (r.kind === 'one' && n > 1) throw badRequest([{ field, reason: 'voting.field.tooManyChoices', vars: { max: 1 } }]);
    if (r.kind === 'upTo' && n > r.max) throw badRequest([{ field, reason: 'voting.field.tooManyChoices', vars: { max: r.max } }]);
    if (r.kind === 'budget') {
      const cost = q.options.reduce((s, o, i) => s + (row[i] ? (o.cost ?? 0) : 0), 0);
      if (cost > r.budget) throw badRequest([{ field, reason: 'voting.field.overBudget', vars: { cost, budget: r.budget } }]);
    }
    return row;
  });
}

/**
 * A format-2 ballot: the choices checked by the question's rule (choicesToMatrix), then as K idea
 * numbers (option o chosen → o + 1, in option order), padded with 0; more than K choices is a 400. Pure.
 */
export function choicesToSlots(questions: readonly QuestionDef[], slots: number, choices: unknown): number[] {
  const matrix = choicesToMatrix(questions, choices);
  const row = matrix[0] ?? [];
  const out: number[] = [];
  row.forEach((x, o) => {
    if (x) out.push(o + 1);
  });
  row.fill(0);
  if (out.length > slots) throw badRequest([{ field: 'choices.0', reason: 'voting.field.tooManyChoices', vars: { max: slots } }]);
  while (out.length < slots) out.push(0);
  return out;
}

/** Width of a ballot in ciphertexts. */
export const widthOf = (qs: readonly QuestionDef[]) => qs.reduce((s, q) => s + q.options.length, 0);
/** How many options each question has (the ballot's shape). */
export const shapeOfQs = (qs: readonly QuestionDef[]) => qs.map((q) => q.options.length);

// ---------------------------------------------------------------- turnout statistics

export const AGE_GROUPS = [
  { label: '16–17', from: 16, to: 17 },
  { label: '18–24', from: 18, to: 24 },
  { label: '25–34', from: 25, to: 34 },
  { label: '35–49', from: 35, to: 49 },
  { label: '50–64', from: 50, to: 64 },
  { label: '65+', from: 65, to: 200 },
] as const;
export const SUPPRESS_BELOW = 5;

export interface TurnoutCell {
  key: string;
  eligible: number | string;
  voted: number | string;
}

/** Age in whole years on a date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Small-number suppression over one dimension. A cell whose voted count (or eligible count) is
 * below 5 is hidden; if exactly one cell would be hidden, the next smallest is hidden too, so that
 * a hidden cell cannot be recovered by subtracting the others from the (shown) total. A hidden
 * voted figure reads "<5" where it really is under five, and "–" where it is hidden only to
 * protect another cell (never a false "<5"). Eligible counts are population figures, not
 * participation: they are shown, except those under five ("<5"). Pure.
 */
export const SUPPRESSED_SMALL = '<5';
export const SUPPRESSED_SECONDARY = '–';

export function suppress(cells: readonly { key: string; eligible: number; voted: number }[]): TurnoutCell[] {
  const hidden = new Set<number>();
  cells.forEach((c, i) => {
    if (c.voted < SUPPRESS_BELOW || c.eligible < SUPPRESS_BELOW) hidden.add(i);
  });
  if (hidden.size === 1 && cells.length > 1) {
    let best = -1;
    cells.forEach((c, i) => {
      if (!hidden.has(i) && (best < 0 || c.voted < cells[best]!.voted)) best = i;
    });
    hidden.add(best);
  }
  return cells.map((c, i) => ({
    key: c.key,
    eligible: c.eligible < SUPPRESS_BELOW ? SUPPRESSED_SMALL : c.eligible,
    voted: !hidden.has(i) ? c.voted : c.voted < SUPPRESS_BELOW ? SUPPRESSED_SMALL : SUPPRESSED_SECONDARY,
  }));
}

// ---------------------------------------------------------------- the results digest

export const RESULT_DOMAIN = 'vallamaja/result/v1\n';

export interface ResultDigestInput {
  voteId: string;
  kov: string;
  /** sha256hex of the board document's bytes, exactly as GET /api/v1/boards/{voteId} serves them. */
  boardSha256: string;
  /** The chain head: the last entry's `hash`, or the chain start when the board has no entries. */
  head: string;
  rollSize: number;
  turnout: number;
  counts: number[][];
}

/**
 * The results digest a committee member signs off (docs/api.md, "Results digest"):
 * sha256hex("vallamaja/result/v1\n" ‖ voteId ‖ "\n" ‖ kov ‖ "\n" ‖ boardSha256 ‖ "\n" ‖ head ‖ "\n" ‖
 * rollSize ‖ "\n" ‖ turnout ‖ "\n" ‖ counts), numbers in decimal, counts as the options' counts joined
 * by "," and the questions joined by ";". Pure.
 */
export function resultDigest(x: ResultDigestInput): string {
  const counts = x.counts.map((row) => row.join(',')).join(';');
  const text = `${RESULT_DOMAIN}${[x.voteId, x.kov, x.boardSha256, x.head, x.rollSize, x.turnout, counts].join('\n')}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The results digest of a published board (its stored text) and the vote's roll size. Pure. */
export function resultDigestOfBoard(boardText: string, rollSize: number): string {
  const b = JSON.parse(boardText) as BoardDocument;
  return resultDigest({
    voteId: b.voteId,
    kov: b.kov,
    boardSha256: createHash('sha256').update(boardText, 'utf8').digest('hex'),
    head: b.entries.at(-1)?.hash ?? chainStart(b.voteId),
    rollSize,
    turnout: b.turnout,
    counts: b.tally.counts,
  });
}

/** A results digest: 64 lower-case hex digits. */
export const DIGEST_RE = /^[0-9a-f]{64}$/;

/** Bytes of one ballot of a vote (for tests and benches). */
export function ballotBytes(qs: readonly QuestionDef[]): number {
  return widthOf(qs) * CIPHERTEXT_BYTES;
}

