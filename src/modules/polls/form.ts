// The poll form: parsing the urlencoded body of the "new poll" page into a PollInput, with field
// errors named after the form's fields (so the error summary links to them). The rules themselves
// are input.ts's validatePollInput, the same the JSON API uses; this file only reads the form
// (text lines, numbers, Tallinn wall times) and adds what only a form can get wrong (option lines
// that differ between languages). Pure.
import type { FieldError } from '../../kernel/errors.js';
import type { QuestionDef, Rule, Texts } from '../voting/index.js';
import type { FieldNames, Lang, PeriodBounds, PollInput, PollRules } from './input.js';
import { LANGS, QUESTION_SLOTS, validatePollInput, where } from './input.js';
import { dateToTallinnLocal, tallinnLocalToDate } from '../../kernel/clock.js';

export type { FieldNames, PollInput, PollRules } from './input.js';
export { LANGS, MAX_DESCRIPTION, MAX_NUMBER_FIELD, MAX_OPTION, MAX_OPTIONS, MAX_QUESTION, MAX_TITLE, QUESTION_SLOTS } from './input.js';

export type FormBody = Record<string, unknown>;

export function str(body: FormBody, name: string): string {
  const v = body[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return '';
}

export function list(body: FormBody, name: string): string[] {
  const v = body[name];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

export { dateToTallinnLocal, tallinnLocalToDate };

function texts(body: FormBody, prefix: string) {
  return { et: str(body, `${prefix}_et`).trim(), en: str(body, `${prefix}_en`).trim(), ru: str(body, `${prefix}_ru`).trim() };
}

function lines(s: string): string[] {
  return s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** A whole number as typed (up to 9 digits); NaN when it is not one (the validation names it). */
function int(s: string): number {
  const v = s.trim();
  return /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
}

/** Is question slot i filled in at all? */
function slotUsed(body: FormBody, i: number): boolean {
  return LANGS.some((l) => str(body, `q${i}_text_${l}`).trim() !== '' || str(body, `q${i}_options_${l}`).trim() !== '');
}

/** The form's field names; `slots[q]` is the form slot of the input's question q (blank slots are left out). */
export function formNames(slots: readonly number[]): FieldNames {
  const s = (q: number) => `q${slots[q] ?? q}`;
  return {
    questionNo: (q) => (slots[q] ?? q) + 1,
    title: (l) => `title_${l}`,
    description: (l) => `description_${l}`,
    questions: () => 'q0_text_et',
    questionText: (q, l) => `${s(q)}_text_${l}`,
    options: (q) => `${s(q)}_options_et`,
    optionText: (q, _o, l) => `${s(q)}_options_${l}`,
    rule: (q) => `${s(q)}_rule`,
    max: (q) => `${s(q)}_max`,
    budget: (q) => `${s(q)}_budget`,
    cost: (q) => `${s(q)}_costs`,
    opensAt: () => 'opensAt',
    closesAt: () => 'closesAt',
    eligibility: (f) => f,
    threshold: () => 'threshold',
    // the form names the committee in one field (one code a line); n is how many lines it has
    members: () => 'committee',
    committee: () => 'committee',
  };
}

/** Where a form field is on the page: title, description, the question slots, then the rest. */
function section(field: string): number {
  if (field.startsWith('title_')) return 0;
  if (field.startsWith('description_')) return 1;
  const m = /^q(\d+)_/.exec(field);
  return m ? 2 + Number(m[1]) : 2 + QUESTION_SLOTS;
}

/**
 * The validation's errors with the form's own: where both name a field, the form's (more precise,
 * e.g. "every language needs 2 options") stands; one error per field, in the order of the page.
 */
function mergeErrors(checked: FieldError[], formOnly: FieldError[]): FieldError[] {
  const pending = new Map(formOnly.map((e) => [e.field, e]));
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const add = (e: FieldError) => {
    if (seen.has(e.field)) return;
    seen.add(e.field);
    out.push(pending.get(e.field) ?? e);
  };
  checked.forEach(add);
  formOnly.forEach(add);
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => section(a.e.field) - section(b.e.field) || a.i - b.i)
    .map((x) => x.e);
}

/** Parses the new-poll form. Errors name the form's fields; `names` maps the input to them. */
export function parsePollForm(body: FormBody, bounds?: PeriodBounds): { input: PollInput | null; errors: FieldError[]; names: FieldNames } {
  const formOnly: FieldError[] = [];
  const slots: number[] = [];
  const questions: QuestionDef[] = [];
  for (let i = 0; i < QUESTION_SLOTS; i++) {
    if (!slotUsed(body, i)) continue;
    slots.push(i);
    const opts = Object.fromEntries(LANGS.map((l) => [l, lines(str(body, `q${i}_options_${l}`))])) as Record<Lang, string[]>;
    const count = opts.et.length;
    for (const l of ['en', 'ru'] as const) {
      if (opts[l].length !== count) formOnly.push({ field: `q${i}_options_${l}`, reason: 'polls.field.optionLines', vars: { where: where.optionLines(i + 1, l), n: count } });
    }
    const kind = str(body, `q${i}_rule`);
    let rule: Rule;
    let costs: number[] = [];
    if (kind === 'upTo') rule = { kind: 'upTo', max: int(str(body, `q${i}_max`)) };
    else if (kind === 'budget') {
      rule = { kind: 'budget', budget: int(str(body, `q${i}_budget`)) };
      costs = lines(str(body, `q${i}_costs`)).map((c) => int(c.replace(/\s/g, '')));
      if (costs.length !== count) formOnly.push({ field: `q${i}_costs`, reason: 'polls.field.costs', vars: { where: where.costs(i + 1), n: count } });
    } else rule = { kind } as Rule; // 'one', or what the validation refuses
    questions.push({
      id: `q${questions.length + 1}`,
      text: texts(body, `q${i}_text`),
      rule,
      options: opts.et.map((et, j) => ({
        id: `o${j + 1}`,
        text: { et, en: opts.en[j] ?? '', ru: opts.ru[j] ?? '' },
        ...(rule.kind === 'budget' ? { cost: costs[j] ?? Number.NaN } : {}),
      })),
    });
  }

  const committee = lines(str(body, 'committee')).map((c) => c.replace(/\s/g, ''));
  const input: PollInput = {
    title: texts(body, 'title'),
    description: texts(body, 'description'),
    questions,
    opensAt: tallinnLocalToDate(str(body, 'opensAt')) ?? new Date(Number.NaN),
    closesAt: tallinnLocalToDate(str(body, 'closesAt')) ?? new Date(Number.NaN),
    revote: str(body, 'revote') === 'yes',
    rules: parseRules(body),
    threshold: int(str(body, 'threshold')),
    members: committee.length,
    committee,
  };
  const names = formNames(slots);
  const errors = mergeErrors(validatePollInput(input, names, bounds), formOnly);
  return { input: errors.length ? null : input, errors, names };
}

/** The eligibility part of the form, as typed (validatePollInput checks it). */
export function parseRules(body: FormBody): PollRules {
  const units = [...new Set(list(body, 'units').map((u) => u.trim()).filter(Boolean))];
  const ageRaw = str(body, 'minAge').trim();
  const minAge = ageRaw === '' ? null : int(ageRaw);
  const on = str(body, 'on').trim() || null;
  const residentSince = str(body, 'residentSince').trim() || null;
  const extraLists = [
    ...new Set(
      str(body, 'extraLists')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
  return { units, minAge, on, residentSince, extraLists };
}

/** The form's values for re-rendering (everything as the person typed it). */
export function formValues(body: FormBody): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of Object.keys(body)) {
    if (k === '_csrf') continue;
    if (k === 'units') out[k] = list(body, k);
    else out[k] = str(body, k);
  }
  return out;
}

/** A poll as the form's values (for editing a draft): texts per language, options a line each, Tallinn wall times. */
export function pollFormValues(p: {
  title: Texts;
  description: Texts;
  questions: readonly QuestionDef[];
  opensAt: Date;
  closesAt: Date;
  revote: boolean;
  rules: PollRules;
  threshold: number;
  members: number;
}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const l of LANGS) {
    out[`title_${l}`] = p.title[l];
    out[`description_${l}`] = p.description[l] ?? '';
  }
  p.questions.forEach((q, i) => {
    for (const l of LANGS) {
      out[`q${i}_text_${l}`] = q.text[l];
      out[`q${i}_options_${l}`] = q.options.map((o) => o.text[l]).join('\n');
    }
    out[`q${i}_rule`] = q.rule.kind;
    if (q.rule.kind === 'upTo') out[`q${i}_max`] = String(q.rule.max);
    if (q.rule.kind === 'budget') {
      out[`q${i}_budget`] = String(q.rule.budget);
      out[`q${i}_costs`] = q.options.map((o) => String(o.cost ?? 0)).join('\n');
    }
  });
  out.units = [...p.rules.units];
  out.minAge = p.rules.minAge === null ? '' : String(p.rules.minAge);
  out.on = p.rules.on ?? '';
  out.residentSince = p.rules.residentSince ?? '';
  out.extraLists = p.rules.extraLists.join(', ');
  out.opensAt = dateToTallinnLocal(p.opensAt);
  out.closesAt = dateToTallinnLocal(p.closesAt);
  if (p.revote) out.revote = 'yes';
  out.threshold = String(p.threshold);
  out.members = String(p.members);
  return out;
}
