// Rows → what the JSON API shows (never raw rows out; authors by first name only).
import type { IdeaView, Process } from './service.js';

export function processOut(p: Process) {
  return {
    id: p.id,
    kov: p.kov_code,
    title: { et: p.title_et, en: p.title_en, ru: p.title_ru },
    description: p.description,
    phase: p.phase,
    phases: { ideas: p.ideas_from.toISOString(), review: p.review_from.toISOString(), voting: p.voting_from.toISOString(), results: p.results_from.toISOString(), implementation: p.implementation_from.toISOString() },
    totalBudget: p.total_budget,
    maxIdeaCost: p.max_idea_cost,
    submit: { minAge: p.submit_min_age, scope: p.submit_scope },
    vote: { minAge: p.vote_min_age, scope: p.vote_scope },
    ballot: { kind: p.ballot_kind, max: p.ballot_max, areas: p.ballot_areas },
    winnerRule: p.winner_rule,
    areas: p.areas.map((a) => ({ id: a.id, name: a.name, budget: a.budget, unitCodes: a.unit_codes, minVoters: a.min_voters })),
  };
}

export function ideaOut(i: IdeaView) {
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    description: i.description,
    areaId: i.area_id,
    category: i.category,
    lat: i.lat,
    lon: i.lon,
    estimatedCost: i.estimated_cost,
    officialCost: i.official_cost,
    status: i.status,
    rejectReason: i.reject_reason,
    mergedInto: i.mergedIntoNumber,
    feasibility: i.feasibility,
    feasibilityNote: i.feasibility_note,
    onBallot: i.onBallot,
    authors: i.authors,
    createdAt: i.created_at.toISOString(),
  };
}
