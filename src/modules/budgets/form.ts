// The budgets forms' values ↔ service inputs: the process setup form and the idea form. Parsing never
// throws: a value that is not a number becomes NaN (the service's rules name the field).
import { dateToTallinnLocal, tallinnLocalToDate } from '../../kernel/clock.js';
import type { AreaRow, BallotAreas, BallotKind, IdeaInput, IdeaRow, Process, ProcessInput, Scope, WinnerRule } from './service.js';
import { PHASES } from './service.js';

type Values = Record<string, string>;

export const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** A whole number as typed (spaces as thousands separators are fine); '' → null; else NaN. */
export function intOrNull(s: string | undefined): number | null {
  const v = (s ?? '').replace(/[\s\u00a0]/g, '');
  if (!v) return null;
  return /^\d{1,12}$/.test(v) ? Number(v) : Number.NaN;
}

/** A coordinate as typed (a decimal comma is fine); '' → null; else NaN. */
export function coord(s: string | undefined): number | null {
  const v = (s ?? '').trim().replace(',', '.');
  if (!v) return null;
  return /^-?\d{1,3}(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
}

export const PROCESS_FIELDS = ['title_et', 'title_en', 'title_ru', 'description', ...PHASES.map((p) => `${p}_from`), 'total_budget', 'max_idea_cost', 'submit_min_age', 'submit_scope', 'vote_min_age', 'vote_scope', 'ballot_kind', 'ballot_max', 'ballot_areas', 'winner_rule', 'areas'];

export function formValues(body: Record<string, unknown>, fields: readonly string[]): Values {
  const out: Values = {};
  for (const f of fields) out[f] = one(body[f]).slice(0, 8000);
  return out;
}

/** Area lines: "name; budget; unit codes; minimum voters". Existing areas are matched by name. */
function parseAreas(text: string, existing: AreaRow[]): ProcessInput['areas'] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', budget = '', codes = '', min = ''] = line.split(';').map((x) => x.trim());
      const minVoters = intOrNull(min);
      return {
        id: existing.find((a) => a.name === name)?.id,
        name,
        budget: intOrNull(budget) ?? Number.NaN,
        unitCodes: codes.split(/[\s,]+/).filter(Boolean),
        minVoters: minVoters === null ? null : minVoters,
      };
    });
}

export function processInputFromForm(v: Values, existing: AreaRow[] = []): ProcessInput {
  const date = (s: string | undefined) => tallinnLocalToDate(s ?? '') ?? new Date(Number.NaN);
  const int = (s: string | undefined) => intOrNull(s) ?? Number.NaN;
  return {
    titles: { et: v.title_et ?? '', en: v.title_en ?? '', ru: v.title_ru ?? '' },
    description: v.description ?? '',
    phases: { ideas: date(v.ideas_from), review: date(v.review_from), voting: date(v.voting_from), results: date(v.results_from), implementation: date(v.implementation_from) },
    totalBudget: int(v.total_budget),
    maxIdeaCost: intOrNull(v.max_idea_cost),
    submitMinAge: int(v.submit_min_age),
    submitScope: (v.submit_scope ?? '') as Scope,
    voteMinAge: int(v.vote_min_age),
    voteScope: (v.vote_scope ?? '') as Scope,
    ballotKind: (v.ballot_kind ?? '') as BallotKind,
    ballotMax: intOrNull(v.ballot_max),
    ballotAreas: (v.ballot_areas ?? '') as BallotAreas,
    winnerRule: (v.winner_rule ?? '') as WinnerRule,
    areas: parseAreas(v.areas ?? '', existing),
  };
}

export function processFormValues(p: Process): Values {
  return {
    title_et: p.title_et,
    title_en: p.title_en,
    title_ru: p.title_ru,
    description: p.description,
    ideas_from: dateToTallinnLocal(p.ideas_from),
    review_from: dateToTallinnLocal(p.review_from),
    voting_from: dateToTallinnLocal(p.voting_from),
    results_from: dateToTallinnLocal(p.results_from),
    implementation_from: dateToTallinnLocal(p.implementation_from),
    total_budget: String(p.total_budget),
    max_idea_cost: p.max_idea_cost === null ? '' : String(p.max_idea_cost),
    submit_min_age: String(p.submit_min_age),
    submit_scope: p.submit_scope,
    vote_min_age: String(p.vote_min_age),
    vote_scope: p.vote_scope,
    ballot_kind: p.ballot_kind,
    ballot_max: p.ballot_max === null ? '' : String(p.ballot_max),
    ballot_areas: p.ballot_areas,
    winner_rule: p.winner_rule,
    areas: p.areas.map((a) => [a.name, a.budget, a.unit_codes.join(' '), a.min_voters ?? ''].join('; ')).join('\n'),
  };
}

export const IDEA_FIELDS = ['title', 'description', 'area', 'category', 'cost', 'lat', 'lon', 'email'] as const;

export function ideaInputFromForm(v: Values): IdeaInput {
  return {
    title: v.title ?? '',
    description: v.description ?? '',
    areaId: v.area || null,
    category: v.category ?? '',
    lat: coord(v.lat),
    lon: coord(v.lon),
    estimatedCost: intOrNull(v.cost) ?? Number.NaN,
    email: (v.email ?? '').trim() || null,
  };
}

export function ideaFormValues(i: IdeaRow, email: string | null): Values {
  return { title: i.title, description: i.description, area: i.area_id ?? '', category: i.category, cost: String(i.estimated_cost), lat: i.lat === null ? '' : String(i.lat), lon: i.lon === null ? '' : String(i.lon), email: email ?? '' };
}
