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

export type TieBreak =
  | { kind: 'draw'; tied: string[]; seed: string; label: string; order: string[]; keys: Record<string, string> }
  | { kind: 'runoff'; tied: string[]; runoffId: string | null }
  | null;

/** How a tie of the top candidates was broken: the public draw's inputs and outcome, or the run-off. */
export function tieBreakOf(e: Election): TieBreak {
  const o = e.outcome;
  if (o?.kind === 'elected' && o.draw) return { kind: 'draw', tied: [...o.draw.order], seed: o.draw.seed, label: o.draw.label, order: o.draw.order, keys: o.draw.keys };
  if (o?.kind === 'runoff') return { kind: 'runoff', tied: o.tied, runoffId: o.runoffId };
  return null;
}

/**
 * The results protocol's data (JSON; the CSV and the PDF say the same): the candidates' votes, the
 * winner, turnout, the tie break and the committee's sign-offs.
 */
export function resultsJson(e: Election, res: Results) {
  const candidates = candidateCounts(e, res);
  const o = e.outcome;
  const w = o?.kind === 'elected' ? candidates.find((c) => c.id === o.candidateId) : undefined;
  return {
    election: electionOut(e),
    turnout: res.turnout,
    rollSize: res.rollSize,
    digest: res.digest,
    candidates,
    winner: w && o?.kind === 'elected' ? { id: w.id, name: w.name, votes: o.votes } : null,
    tieBreak: tieBreakOf(e),
    signatures: res.signatures.map((s) => ({ name: s.name, signedAt: new Date(s.signedAt).toISOString(), digest: s.digest })),
    board: e.voteId && res.digest ? `/api/v1/boards/${e.voteId}` : null,
  };
}

const csvCell = (s: string | number) => (typeof s === 'number' ? String(s) : /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The result as CSV: one line per candidate (votes, elected, tied, the draw's position and key), each
 * line also carrying the election's turnout, roll size, tie rule, the draw's seed and label or the
 * run-off's id, and the results digest, so that one table says everything.
 */
export function resultsCsv(e: Election, res: Results): string {
  const winner = e.outcome?.kind === 'elected' ? e.outcome.candidateId : null;
  const tb = tieBreakOf(e);
  const lines = ['election_id,candidate_id,name,votes,elected,tied,draw_position,draw_key,turnout,roll_size,tie_rule,draw_seed,draw_label,runoff_id,digest'];
  for (const c of candidateCounts(e, res)) {
    const pos = tb?.kind === 'draw' ? tb.order.indexOf(c.id) + 1 : 0;
    lines.push(
      [
        e.id,
        c.id,
        c.name,
        c.votes ?? '',
        c.id === winner ? 'yes' : 'no',
        tb?.tied.includes(c.id) ? 'yes' : 'no',
        pos > 0 ? pos : '',
        tb?.kind === 'draw' ? (tb.keys[c.id] ?? '') : '',
        res.turnout,
        res.rollSize,
        e.tieRule,
        tb?.kind === 'draw' ? tb.seed : '',
        tb?.kind === 'draw' ? tb.label : '',
        tb?.kind === 'runoff' ? (tb.runoffId ?? '') : '',
        res.digest ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}
