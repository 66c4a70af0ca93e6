// Test factories of the budgets module, for its own tests and other modules' (the vote phase).
import type { Actor } from '../../kernel/audit.js';
import { now } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import type { Process, ProcessInput } from './service.js';
import { createProcess } from './service.js';

export const FIXTURE_ADMIN: Actor = { kind: 'system', id: null, name: 'test setup' };
const DAY = 86_400_000;

/** A process input whose idea phase is open now (by the kernel clock), with two areas unless told otherwise. */
export function sampleProcess(over: Partial<ProcessInput> = {}): ProcessInput {
  const at = (d: number) => new Date(now().getTime() + d * DAY);
  return {
    titles: { et: 'Kaasav eelarve 2027', en: 'Participatory budget 2027', ru: 'Бюджет участия 2027' },
    description: 'Proovi protsess.',
    phases: { ideas: at(-1), review: at(10), voting: at(20), results: at(30), implementation: at(40) },
    totalBudget: 200_000,
    maxIdeaCost: 100_000,
    submitMinAge: 14,
    submitScope: 'anyone',
    voteMinAge: 14,
    voteScope: 'kov',
    ballotKind: 'count',
    ballotMax: 2,
    ballotAreas: 'one',
    winnerRule: 'greedy',
    areas: [
      { name: 'Kesklinn', budget: 100_000, unitCodes: [], minVoters: 500 },
      { name: 'Lasnamäe', budget: 80_000, unitCodes: [], minVoters: null },
    ],
    ...over,
  };
}

export async function makeProcess(db: Db, kov: string, over: Partial<ProcessInput> = {}): Promise<Process> {
  return createProcess(db, kov, sampleProcess(over), FIXTURE_ADMIN);
}

/**
 * A KOV's process in its idea phase (submission by the KOV's residents only) with one idea of
 * `author` (a resident of the KOV) in its first area: e.g. tenant B of the cross-tenant sweep.
 */
export async function budgetsIn(db: Db, kov: string, author: { idcodeHash: string; givenName: string; birthDate: string }): Promise<{ process: string; idea: string; number: number }> {
  const { submitIdea } = await import('./service.js');
  const p = await makeProcess(db, kov, { submitScope: 'kov', voteScope: 'kov' });
  const idea = await submitIdea(
    db,
    kov,
    p.id,
    author,
    { title: 'Pingid parki', description: 'Parki on vaja pinke.', areaId: p.areas[0]?.id ?? null, category: 'environment', lat: 58.38, lon: 26.72, estimatedCost: 20_000, email: null },
    [],
    'et',
  );
  return { process: p.id, idea: idea.id, number: idea.number };
}
