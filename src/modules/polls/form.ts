// The poll form: parsing the urlencoded body of the "new poll" page into a poll definition, with
// field errors named after the form's fields (so the error summary links to them). Pure.
import type { FieldError } from '../../kernel/errors.js';
import type { QuestionDef, Rule, Texts } from '../voting/index.js';

export const LANGS = ['et', 'en', 'ru'] as const;
/** Question slots on the form (blank slots are left out). */
export const QUESTION_SLOTS = 3;
export const MAX_OPTIONS = 20;

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
}

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

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Milliseconds Tallinn is ahead of UTC at the instant `ms`. */
function tallinnOffset(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Tallinn',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000;
}

/** A datetime-local value ('2026-11-23T10:00') read as Tallinn wall time; null if not valid. */
export function tallinnLocalToDate(s: string): Date | null {
  const m = LOCAL_RE.exec(s.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let ms = wall - tallinnOffset(wall);
  ms = wall - tallinnOffset(ms);
  const out = new Date(ms);
  return dateToTallinnLocal(out) === s.trim() ? out : null;
}

/** A Date as a datetime-local value in Tallinn time. */
export function dateToTallinnLocal(d: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Tallinn',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(d)
    .replace(' ', 'T');
}

function texts(body: FormBody, prefix: string, errors: FieldError[], required = true): Texts {
  const out = { et: '', en: '', ru: '' };
  for (const l of LANGS) {
    const v = str(body, `${prefix}_${l}`).trim();
    out[l] = v;
    if (required && !v) errors.push({ field: `${prefix}_${l}`, reason: `polls.field.required.${l}` });
    else if (v.length > 2000) errors.push({ field: `${prefix}_${l}`, reason: 'polls.field.tooLong' });
  }
  return out;
}

function lines(s: string): string[] {
  return s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function int(s: string): number | null {
  const v = s.trim();
  return /^\d{1,9}$/.test(v) ? Number(v) : null;
}

/** Is question slot i filled in at all? */
function slotUsed(body: FormBody, i: number): boolean {
  return LANGS.some((l) => str(body, `q${i}_text_${l}`).trim() !== '' || str(body, `q${i}_options_${l}`).trim() !== '');
}

/** Parses the new-poll form. Errors name the form's fields. */
export function parsePollForm(body: FormBody): { input: PollInput | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const title = texts(body, 'title', errors);
  const description = texts(body, 'description', errors, false);

  const questions: QuestionDef[] = [];
  for (let i = 0; i < QUESTION_SLOTS; i++) {
    if (!slotUsed(body, i)) continue;
    const text = texts(body, `q${i}_text`, errors);
    const opts = Object.fromEntries(LANGS.map((l) => [l, lines(str(body, `q${i}_options_${l}`))])) as Record<(typeof LANGS)[number], string[]>;
    const count = opts.et.length;
    if (count < 2 || count > MAX_OPTIONS) errors.push({ field: `q${i}_options_et`, reason: 'polls.field.optionCount', vars: { min: 2, max: MAX_OPTIONS } });
    for (const l of ['en', 'ru'] as const) {
      if (opts[l].length !== count) errors.push({ field: `q${i}_options_${l}`, reason: 'polls.field.optionLines', vars: { n: count } });
    }
    const kind = str(body, `q${i}_rule`);
    let rule: Rule = { kind: 'one' };
    let costs: number[] = [];
    if (kind === 'upTo') {
      const max = int(str(body, `q${i}_max`));
      if (max === null || max < 1 || max > Math.max(count, 1)) errors.push({ field: `q${i}_max`, reason: 'polls.field.max', vars: { n: Math.max(count, 1) } });
      rule = { kind: 'upTo', max: max ?? 1 };
    } else if (kind === 'budget') {
      const budget = int(str(body, `q${i}_budget`));
      if (budget === null) errors.push({ field: `q${i}_budget`, reason: 'polls.field.budget' });
      rule = { kind: 'budget', budget: budget ?? 0 };
      const raw = lines(str(body, `q${i}_costs`));
      costs = raw.map((c) => int(c.replace(/\s/g, '')) ?? -1);
      if (costs.length !== count || costs.some((c) => c < 0)) errors.push({ field: `q${i}_costs`, reason: 'polls.field.costs', vars: { n: count } });
    } else if (kind !== 'one') errors.push({ field: `q${i}_rule`, reason: 'polls.field.rule' });
    questions.push({
      id: `q${questions.length + 1}`,
      text,
      rule,
      options: opts.et.map((et, j) => ({
        id: `o${j + 1}`,
        text: { et, en: opts.en[j] ?? '', ru: opts.ru[j] ?? '' },
        ...(rule.kind === 'budget' ? { cost: costs[j] ?? 0 } : {}),
      })),
    });
  }
  if (questions.length === 0) errors.push({ field: 'q0_text_et', reason: 'polls.field.noQuestions' });

  const opensAt = tallinnLocalToDate(str(body, 'opensAt'));
  const closesAt = tallinnLocalToDate(str(body, 'closesAt'));
  if (!opensAt) errors.push({ field: 'opensAt', reason: 'polls.field.datetime' });
  if (!closesAt) errors.push({ field: 'closesAt', reason: 'polls.field.datetime' });
  else if (opensAt && closesAt <= opensAt) errors.push({ field: 'closesAt', reason: 'polls.field.closesAfter' });

  const rules = parseRules(body, errors);

  const threshold = int(str(body, 'threshold'));
  const members = int(str(body, 'members'));
  if (members === null || members < 1 || members > 50) errors.push({ field: 'members', reason: 'polls.field.members' });
  if (threshold === null || threshold < 1 || (members !== null && threshold > members)) errors.push({ field: 'threshold', reason: 'polls.field.threshold' });

  if (errors.length) return { input: null, errors };
  return {
    input: { title, description, questions, opensAt: opensAt!, closesAt: closesAt!, revote: str(body, 'revote') === 'yes', rules, threshold: threshold!, members: members! },
    errors,
  };
}

/** The eligibility part of the form (also used by the preview). */
export function parseRules(body: FormBody, errors: FieldError[]): PollRules {
  const units = [...new Set(list(body, 'units').map((u) => u.trim()).filter(Boolean))];
  const ageRaw = str(body, 'minAge').trim();
  let minAge: number | null = null;
  if (ageRaw !== '') {
    minAge = int(ageRaw);
    if (minAge === null || minAge > 130) errors.push({ field: 'minAge', reason: 'polls.field.minAge' });
  }
  const on = str(body, 'on').trim() || null;
  if (on && !validDate(on)) errors.push({ field: 'on', reason: 'polls.field.date' });
  if (minAge !== null && !on) errors.push({ field: 'on', reason: 'polls.field.onNeeded' });
  const residentSince = str(body, 'residentSince').trim() || null;
  if (residentSince && !validDate(residentSince)) errors.push({ field: 'residentSince', reason: 'polls.field.date' });
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
