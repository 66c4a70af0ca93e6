// A poll definition (PollInput) and its ONE validation, shared by the "new poll" form (form.ts) and
// the JSON API (routes.ts → service.createPoll). Each front end turns its body into a PollInput
// (parsing only: strings to numbers and dates, blank lines dropped; what cannot be read becomes NaN
// or an invalid Date) and validatePollInput checks every rule. Errors are named through a
// FieldNames map: the form's field names (q0_text_et) or the JSON paths (questions.0.text.et).
// Pure.
import type { FieldError } from '../../kernel/errors.js';
import { parseIdcode } from '../../kernel/idcode.js';
import type { Message } from '../../kernel/i18n.js';
import type { QuestionDef, Rule, Texts } from '../voting/index.js';
import { pollsMessages } from './messages.js';

export const LANGS = ['et', 'en', 'ru'] as const;
export type Lang = (typeof LANGS)[number];
/** Question slots on the form; a poll has at most this many questions, however it is created. */
export const QUESTION_SLOTS = 3;
export const MAX_QUESTIONS = QUESTION_SLOTS;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 20;
/** The longest texts (characters), the same in the form (maxlength) and here. */
export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 4000;
export const MAX_QUESTION = 500;
export const MAX_OPTION = 200;
/** A cost line or a number field of the form: a 9-digit number with spaces is plenty. */
export const MAX_NUMBER_FIELD = 20;
/** The largest whole number the form accepts (9 digits): budgets, costs, K. */
export const MAX_INT = 999_999_999;
export const MAX_MEMBERS = 50;
export const MAX_AGE = 130;

export interface PollRules {
  /** Settlement unit codes; empty: the whole KOV. */
  units: string[];
  minAge: number | null;
  /** Reference date of the age (YYYY-MM-DD). */
  on: string | null;
  residentSince: string | null;
  /** Names of the residents module's extra lists whose members are eligible too. */
  extraLists: string[];
}

export type RuleField = keyof PollRules;

export interface PollInput {
  title: Texts;
  description: Texts;
  questions: QuestionDef[];
  opensAt: Date;
  closesAt: Date;
  revote: boolean;
  rules: PollRules;
  threshold: number;
  members: number;
  /**
   * The election committee by personal ID code, as typed (member i is the i-th code; n = members).
   * Stored only as the keyed hash and a last-4 hint (service.createPoll).
   */
  committee: string[];
}

/** Where each part of a PollInput is, in the caller's terms (q, o: indexes in the input). */
export interface FieldNames {
  /** How the person numbers question q (the form's slot, or its place in the list), from 1. */
  questionNo(q: number): number;
  title(l: Lang): string;
  description(l: Lang): string;
  /** The question list as a whole (none, too many). */
  questions(): string;
  questionText(q: number, l: Lang): string;
  /** The option list of a question as a whole (how many). */
  options(q: number): string;
  optionText(q: number, o: number, l: Lang): string;
  rule(q: number): string;
  max(q: number): string;
  budget(q: number): string;
  cost(q: number, o: number): string;
  opensAt(): string;
  closesAt(): string;
  /** An eligibility rule (also used for the residents register's answers: unknown units, lists). */
  eligibility(f: RuleField): string;
  threshold(): string;
  members(): string;
  /** The committee list as a whole (null), or its i-th code (0-based). */
  committee(i: number | null): string;
}

/** The JSON API's names: paths into the request body. */
export const API_NAMES: FieldNames = {
  questionNo: (q) => q + 1,
  title: (l) => `title.${l}`,
  description: (l) => `description.${l}`,
  questions: () => 'questions',
  questionText: (q, l) => `questions.${q}.text.${l}`,
  options: (q) => `questions.${q}.options`,
  optionText: (q, o, l) => `questions.${q}.options.${o}.text.${l}`,
  rule: (q) => `questions.${q}.rule.kind`,
  max: (q) => `questions.${q}.rule.max`,
  budget: (q) => `questions.${q}.rule.budget`,
  cost: (q, o) => `questions.${q}.options.${o}.cost`,
  opensAt: () => 'opensAt',
  closesAt: () => 'closesAt',
  eligibility: (f) => `eligibility.${f}`,
  threshold: () => 'threshold',
  members: () => 'members',
  committee: (i) => (i === null ? 'committee' : `committee.${i}`),
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date YYYY-MM-DD that exists. */
export function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const wholeIn = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max;
const validInstant = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

type MessageKey = keyof typeof pollsMessages;

/** A message of this module with its parameters put in, in all three languages (a "where" part of an error). */
function inAll(key: MessageKey, vars: Record<string, string | number | Message> = {}): Message {
  const m: Message = pollsMessages[key];
  const fill = (l: Lang) => m[l].replace(/\{(\w+)\}/g, (_, n: string) => {
    const v = vars[n];
    return v === undefined ? '' : typeof v === 'object' ? v[l] : String(v);
  });
  return { et: fill('et'), en: fill('en'), ru: fill('ru') };
}

/** Where a field is, in words, so that every error names it: "Question 2, option 3 (English)". */
export const where = {
  title: (l: Lang) => inAll('polls.where.title', { lang: inAll(`polls.langName.${l}`) }),
  description: (l: Lang) => inAll('polls.where.description', { lang: inAll(`polls.langName.${l}`) }),
  questions: () => inAll('polls.where.questions'),
  questionText: (q: number, l: Lang) => inAll('polls.where.questionText', { q, lang: inAll(`polls.langName.${l}`) }),
  options: (q: number) => inAll('polls.where.options', { q }),
  optionText: (q: number, o: number, l: Lang) => inAll('polls.where.optionText', { q, o, lang: inAll(`polls.langName.${l}`) }),
  optionLines: (q: number, l: Lang) => inAll('polls.where.optionLines', { q, lang: inAll(`polls.langName.${l}`) }),
  rule: (q: number) => inAll('polls.where.rule', { q }),
  max: (q: number) => inAll('polls.where.max', { q }),
  budget: (q: number) => inAll('polls.where.budget', { q }),
  costs: (q: number) => inAll('polls.where.costs', { q }),
  cost: (q: number, o: number) => inAll('polls.where.cost', { q, o }),
  opensAt: () => inAll('polls.where.opensAt'),
  closesAt: () => inAll('polls.where.closesAt'),
  eligibility: (f: RuleField) => inAll(`polls.where.${f}`),
  threshold: () => inAll('polls.where.threshold'),
  members: () => inAll('polls.where.members'),
};

function checkTexts(x: Texts, name: (l: Lang) => string, at: (l: Lang) => Message, max: number, required: boolean, errors: FieldError[]): void {
  for (const l of LANGS) {
    const v = typeof x?.[l] === 'string' ? x[l] : '';
    if (required && v.trim() === '') errors.push({ field: name(l), reason: 'polls.field.required', vars: { where: at(l) } });
    else if (v.length > max) errors.push({ field: name(l), reason: 'polls.field.tooLong', vars: { where: at(l), max, n: v.length } });
  }
}

/** The voting period's bounds at the time of checking (config: POLL_START_GRACE_MINUTES, POLL_MAX_PERIOD_DAYS). */
export interface PeriodBounds {
  now: Date;
  startGraceMinutes: number;
  maxPeriodDays: number;
}

/**
 * Every rule of a poll definition; answers the field errors in the order of the form (empty:
 * valid). The residents register's own checks (units and extra lists that exist) come after, in
 * the service.
 */
export function validatePollInput(input: PollInput, names: FieldNames = API_NAMES, bounds?: PeriodBounds): FieldError[] {
  const errors: FieldError[] = [];
  const qn = (i: number) => names.questionNo(i);
  checkTexts(input.title, names.title, where.title, MAX_TITLE, true, errors);
  checkTexts(input.description, names.description, where.description, MAX_DESCRIPTION, false, errors);

  input.questions.forEach((q, i) => {
    checkTexts(q.text, (l) => names.questionText(i, l), (l) => where.questionText(qn(i), l), MAX_QUESTION, true, errors);
    const count = q.options.length;
    if (count < MIN_OPTIONS || count > MAX_OPTIONS) errors.push({ field: names.options(i), reason: 'polls.field.optionCount', vars: { where: where.options(qn(i)), min: MIN_OPTIONS, max: MAX_OPTIONS, n: count } });
    q.options.forEach((o, j) => checkTexts(o.text, (l) => names.optionText(i, j, l), (l) => where.optionText(qn(i), j + 1, l), MAX_OPTION, true, errors));
    const rule = q.rule as Partial<Rule> & { kind: string };
    if (rule.kind === 'upTo') {
      const n = Math.max(count, 1);
      if (!wholeIn((rule as { max?: number }).max, 1, n)) errors.push({ field: names.max(i), reason: 'polls.field.max', vars: { where: where.max(qn(i)), n } });
    } else if (rule.kind === 'budget') {
      if (!wholeIn((rule as { budget?: number }).budget, 0, MAX_INT)) errors.push({ field: names.budget(i), reason: 'polls.field.budget', vars: { where: where.budget(qn(i)) } });
      q.options.forEach((o, j) => {
        if (!wholeIn(o.cost, 0, MAX_INT)) errors.push({ field: names.cost(i, j), reason: 'polls.field.cost', vars: { where: where.cost(qn(i), j + 1) } });
      });
    } else if (rule.kind !== 'one') errors.push({ field: names.rule(i), reason: 'polls.field.rule', vars: { where: where.rule(qn(i)) } });
  });
  if (input.questions.length === 0) errors.push({ field: names.questions(), reason: 'polls.field.noQuestions', vars: { where: where.questions() } });
  else if (input.questions.length > MAX_QUESTIONS) errors.push({ field: names.questions(), reason: 'polls.field.tooManyQuestions', vars: { where: where.questions(), max: MAX_QUESTIONS } });

  const opens = validInstant(input.opensAt);
  const closes = validInstant(input.closesAt);
  if (!opens) errors.push({ field: names.opensAt(), reason: 'polls.field.datetime', vars: { where: where.opensAt() } });
  else if (bounds && input.opensAt.getTime() < bounds.now.getTime() - bounds.startGraceMinutes * 60_000) {
    errors.push({ field: names.opensAt(), reason: 'polls.field.opensPast', vars: { where: where.opensAt(), minutes: bounds.startGraceMinutes } });
  }
  if (!closes) errors.push({ field: names.closesAt(), reason: 'polls.field.datetime', vars: { where: where.closesAt() } });
  else if (opens && input.closesAt <= input.opensAt) errors.push({ field: names.closesAt(), reason: 'polls.field.closesAfter', vars: { where: where.closesAt() } });
  else if (opens && bounds && input.closesAt.getTime() - input.opensAt.getTime() > bounds.maxPeriodDays * 86_400_000) {
    errors.push({ field: names.closesAt(), reason: 'polls.field.periodTooLong', vars: { where: where.closesAt(), days: bounds.maxPeriodDays } });
  }

  const r = input.rules;
  if (r.minAge !== null && !wholeIn(r.minAge, 0, MAX_AGE)) errors.push({ field: names.eligibility('minAge'), reason: 'polls.field.minAge', vars: { where: where.eligibility('minAge') } });
  if (r.on !== null && !validDate(r.on)) errors.push({ field: names.eligibility('on'), reason: 'polls.field.date', vars: { where: where.eligibility('on') } });
  if (r.minAge !== null && r.on === null) errors.push({ field: names.eligibility('on'), reason: 'polls.field.onNeeded', vars: { where: where.eligibility('on') } });
  if (r.residentSince !== null && !validDate(r.residentSince)) errors.push({ field: names.eligibility('residentSince'), reason: 'polls.field.date', vars: { where: where.eligibility('residentSince') } });

  const membersOk = wholeIn(input.members, 1, MAX_MEMBERS);
  if (!membersOk) errors.push({ field: names.members(), reason: 'polls.field.members', vars: { where: where.members() } });
  if (!wholeIn(input.threshold, 1, membersOk ? input.members : MAX_MEMBERS)) errors.push({ field: names.threshold(), reason: 'polls.field.threshold', vars: { where: where.threshold() } });
  checkCommittee(input, names, membersOk, errors);
  return errors;
}

/**
 * The committee: one valid personal ID code per member, each person once, as many codes as
 * members. An error names the code's place (`committee.<i>` in the API; the form's one field says
 * which line).
 */
function checkCommittee(input: PollInput, names: FieldNames, membersOk: boolean, errors: FieldError[]): void {
  const seen = new Set<string>();
  const codes = Array.isArray(input.committee) ? input.committee : [];
  codes.forEach((raw, i) => {
    const code = typeof raw === 'string' ? raw.trim() : '';
    if (!parseIdcode(code).ok) errors.push({ field: names.committee(i), reason: 'polls.field.committeeCode', vars: { n: i + 1 } });
    else if (seen.has(code)) errors.push({ field: names.committee(i), reason: 'polls.field.committeeTwice', vars: { n: i + 1 } });
    seen.add(code);
  });
  if (membersOk && codes.length !== input.members) errors.push({ field: names.committee(null), reason: 'polls.field.committeeCount', vars: { n: input.members, got: codes.length } });
}

// ---------------------------------------------------------------- the JSON body

export interface PollBodyTexts {
  et: string;
  en: string;
  ru: string;
}

/** The JSON API's create body (its shape is checked by schema.ts's CreatePollBody). */
export interface PollBody {
  title: PollBodyTexts;
  description?: PollBodyTexts;
  questions: {
    text: PollBodyTexts;
    rule: { kind: string; max?: number; budget?: number };
    options: { text: PollBodyTexts; cost?: number }[];
  }[];
  opensAt: string;
  closesAt: string;
  revote: boolean;
  eligibility?: {
    units?: string[];
    minAge?: number | null;
    on?: string | null;
    residentSince?: string | null;
    extraLists?: string[];
  };
  threshold: number;
  /** n; when given, it must be the number of committee codes. */
  members?: number;
  committee: string[];
}

const trimmed = (x: PollBodyTexts | undefined): Texts => ({ et: (x?.et ?? '').trim(), en: (x?.en ?? '').trim(), ru: (x?.ru ?? '').trim() });
const orNull = (s: string | null | undefined): string | null => (typeof s === 'string' && s.trim() !== '' ? s.trim() : null);
/** An ISO 8601 instant with its offset ('2026-11-23T10:00:00+02:00', '…Z'); anything else is invalid. */
const ISO_INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i;
export function isoInstant(s: string): Date {
  const m = ISO_INSTANT_RE.exec(s.trim());
  return m && validDate(m[1]!) ? new Date(s.trim()) : new Date(Number.NaN);
}
const uniqueTrimmed = (xs: string[] | undefined): string[] => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))];

/**
 * The JSON body as a PollInput: texts trimmed, ids given as the form gives them (q1…, o1…), dates
 * read as ISO 8601 instants (an unreadable one stays an invalid Date for the validation to name).
 * Parsing only: validatePollInput checks the rules.
 */
export function pollInputFromJson(b: PollBody): PollInput {
  const el = b.eligibility ?? {};
  return {
    title: trimmed(b.title),
    description: trimmed(b.description),
    questions: b.questions.map((q, i) => {
      const rule: Rule =
        q.rule.kind === 'upTo'
          ? { kind: 'upTo', max: q.rule.max ?? Number.NaN }
          : q.rule.kind === 'budget'
            ? { kind: 'budget', budget: q.rule.budget ?? Number.NaN }
            : ({ kind: q.rule.kind } as Rule);
      return {
        id: `q${i + 1}`,
        text: trimmed(q.text),
        rule,
        options: q.options.map((o, j) => ({
          id: `o${j + 1}`,
          text: trimmed(o.text),
          ...(rule.kind === 'budget' ? { cost: o.cost ?? Number.NaN } : {}),
        })),
      };
    }),
    opensAt: isoInstant(b.opensAt),
    closesAt: isoInstant(b.closesAt),
    revote: b.revote,
    rules: {
      units: uniqueTrimmed(el.units),
      minAge: el.minAge ?? null,
      on: orNull(el.on),
      residentSince: orNull(el.residentSince),
      extraLists: uniqueTrimmed(el.extraLists),
    },
    threshold: b.threshold,
    members: b.members ?? b.committee.length,
    committee: b.committee.map((c) => c.trim()),
  };
}
