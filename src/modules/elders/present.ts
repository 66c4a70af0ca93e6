// How elections look in the JSON API and the exports (pure).
import type { Results } from '../voting/index.js';
import type { Election } from './service.js';

export function electionOut(e: Election) {
  return {
    id: e.id,
    kov: e.kov,
    title: e.title,
    units: e.units,
    nominationOpens: e.nominationOpens.toISOString(),
    nominationCloses: e.nominationCloses.toISOString(),
    votingOpens: e.votingOpens.toISOString(),
    votingCloses: e.votingCloses.toISOString(),
    candidateMinAge: e.candidateMinAge,
    candidateResident: e.candidateResident,
    voterMinAge: e.voterMinAge,
    extraList: e.extraList,
    tieRule: e.tieRule,
    termYears: e.termYears,
    threshold: e.threshold,
    members: e.members,
    runoffOf: e.runoffOf,
    voteId: e.voteId,
    status: e.status,
    rollSize: e.vote ? e.vote.rollSize : null,
    candidates: e.candidates,
    outcome: e.outcome,
    seed: e.seed,
    elder: e.elder,
  };
}

/** The candidates with their votes (null until the board is published). */
export function candidateCounts(e: Election, res: Results | null): { id: string; name: string; votes: number | null }[] {
  const counts = new Map((res?.questions[0]?.options ?? []).map((o) => [o.id, o.count]));
  const onBallot = e.vote ? e.vote.questions[0]!.options.map((o) => o.id) : [];
  return e.candidates.filter((c) => onBallot.includes(c.id)).map((c) => ({ id: c.id, name: c.name, votes: counts.get(c.id) ?? null }));
}

const csvCell = (s: string | number) => (typeof s === 'number' ? String(s) : /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The result as CSV: one line per candidate, the winner and any draw key marked. */
export function resultsCsv(e: Election, res: Results): string {
  const winner = e.outcome?.kind === 'elected' ? e.outcome.candidateId : null;
  const keys = e.outcome?.kind === 'elected' && e.outcome.draw ? e.outcome.draw.keys : {};
  const lines = ['candidate_id,name,votes,elected,draw_key'];
  for (const c of candidateCounts(e, res)) lines.push([c.id, c.name, c.votes ?? '', c.id === winner ? 'yes' : 'no', keys[c.id] ?? ''].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}
