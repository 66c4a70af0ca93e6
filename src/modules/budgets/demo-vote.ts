// Demo data: a participatory budget of Tallinn (0784) that went through the whole cycle in the past —
// ideas, review, the vote on the voting core (the demo committee Kadri Kuusk, Andres Mets and Helena
// Raud, 2 of 3), ballots of residents from the synthetic register, close, the count with two shares,
// the sign-off — so the results page shows the winners on the map and the board can be checked.
// The demo runs on the real clock; to make that history, the kernel clock is moved back while it is
// written and returned after (the database takes the same time: core_now()).
import type { Actor } from '../../kernel/audit.js';
import { advanceClock, clockIsReal, dateInTallinn, now, resetClock } from '../../kernel/clock.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { DemoContext } from '../../kernel/module.js';
import { demoPerson } from '../../kernel/session.js';
import { snapshotEligible } from '../residents/index.js';
import * as repo from './repo.js';
import type { ReviewAction } from './service.js';
import { createProcess, reviewIdea } from './service.js';
import { budgetResult, budgetsSecrets, castBudgetBallot, certifyBudget, closeBudgetVote, openBudgetVote, pickUpBudgetShare, submitBudgetShare } from './vote.js';

const KOV = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'Vallamaja demoandmed' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COMMITTEE = ['Kadri', 'Andres', 'Helena'];

const IDEAS: { title: string; text: string; category: string; cost: number; place: [number, number] }[] = [
  { title: 'Rulapark Stroomi randa', text: 'Betoonist rulapark noortele Stroomi ranna kõrvale.', category: 'sport', cost: 60_000, place: [59.4452, 24.6826] },
  { title: 'Välijõusaal Kadrioru staadioni juurde', text: 'Tasuta välijõusaal kümne trenažööriga.', category: 'sport', cost: 35_000, place: [59.4366, 24.7856] },
  { title: 'Noortekeskuse helistuudio', text: 'Helistuudio, kus noored saavad muusikat salvestada.', category: 'culture', cost: 25_000, place: [59.4308, 24.7446] },
  { title: 'Korvpalliplats Mustamäele', text: 'Uus korvpalliplats ja kummikate Mustamäe keskele.', category: 'sport', cost: 45_000, place: [59.4077, 24.6896] },
  { title: 'Õuesõppe klass Nõmme metsa', text: 'Katusega õuesõppe klass ja pingid koolidele.', category: 'education', cost: 20_000, place: [59.3862, 24.6829] },
];

/** Ballots by idea number (1-based): a fixed spread, so the demo's result is the same every time. */
const PATTERN: number[][] = [[1, 2], [1], [2, 3], [1, 3], [4], [2], [1, 2], [5, 3], [4, 5], [1, 4], [3], [2, 5]];

/** A past, certified youth budget of Tallinn (only when Tallinn has its register). */
export async function budgetsVoteDemo(ctx: DemoContext): Promise<void> {
  const { db, config } = ctx;
  const secrets = budgetsSecrets(config);
  const members = await Promise.all(COMMITTEE.map((g) => demoPerson(ctx, g)));
  const jaan = await demoPerson(ctx, 'Jaan');
  const start = now().getTime() - 60 * DAY;
  const at = (d: number) => new Date(start + d * DAY);
  const wasReal = clockIsReal();
  let moved = 0;
  const goTo = (d: Date) => {
    const by = d.getTime() - now().getTime();
    advanceClock(by);
    moved += by;
  };
  try {
    goTo(new Date(start + HOUR));
    const voters = (await db.tx((t) => snapshotEligible(t, KOV, { minAge: 14, on: dateInTallinn(at(20)) }), { kov: KOV })).slice(0, PATTERN.length * 3);
    if (voters.length < PATTERN.length) {
      ctx.log('Budgets: the Tallinn register is too small; no past budget vote in the demo.');
      return;
    }
    const p = await createProcess(
      db,
      KOV,
      {
        titles: { et: 'Tallinna noorte kaasav eelarve 2026', en: 'Tallinn youth participatory budget 2026', ru: 'Молодёжный бюджет участия Таллинна 2026' },
        description: 'Noored pakkusid ja valisid ideid kogu linnas. Hääletus on lõppenud ja komisjon on tulemuse kinnitanud.',
        phases: { ideas: at(0), review: at(10), voting: at(20), results: at(30), implementation: at(40) },
        totalBudget: 100_000,
        maxIdeaCost: 60_000,
        submitMinAge: 7,
        submitScope: 'kov',
        voteMinAge: 14,
        voteScope: 'kov',
        ballotKind: 'count',
        ballotMax: 2,
        ballotAreas: 'one',
        winnerRule: 'greedy',
        areas: [],
      },
      SYSTEM,
    );
    await db.tx(
      async (t) => {
        for (const [i, idea] of IDEAS.entries()) {
          const id = uuidv7();
          await repo.insertIdea(t, { id, kov: KOV, processId: p.id, number: i + 1, areaId: null, title: idea.title, description: idea.text, category: idea.category, lat: idea.place[0], lon: idea.place[1], estimatedCost: idea.cost });
          await repo.insertAuthor(t, { ideaId: id, kov: KOV, idcodeHash: hashIdcode(config.idcodeHmacKey, `demo-youth-author-${i}`), givenName: ['Karl', 'Mia', 'Robin', 'Sofia', 'Oskar'][i]!, email: null, lang: 'et' });
        }
      },
      { kov: KOV },
    );
    const assess: ReviewAction = { kind: 'assess', feasibility: 'feasible', note: null, officialCost: null };
    for (let n = 1; n <= IDEAS.length; n++) {
      await reviewIdea(db, KOV, p.id, n, { kind: 'publish' }, SYSTEM);
      await reviewIdea(db, KOV, p.id, n, assess, SYSTEM);
    }
    goTo(new Date(at(10).getTime() + HOUR));
    await openBudgetVote(db, KOV, p.id, { committee: members.map((m) => m.idcode), threshold: 2 }, jaan.actor, secrets);
    goTo(new Date(at(20).getTime() + HOUR));
    for (const [i, v] of voters.entries()) await castBudgetBallot(db, KOV, p.id, v.idcodeHash, PATTERN[i % PATTERN.length]!);
    goTo(new Date(at(30).getTime() + HOUR));
    await closeBudgetVote(db, KOV, p.id, jaan.actor);
    const shares: string[] = [];
    for (const m of members) shares.push((await pickUpBudgetShare(db, KOV, p.id, m.idcodeHash, m.actor, secrets)).share);
    const [kadri, , helena] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]];
    await submitBudgetShare(db, KOV, p.id, kadri.idcodeHash, shares[0]!, kadri.actor);
    await submitBudgetShare(db, KOV, p.id, helena.idcodeHash, shares[2]!, helena.actor);
    shares.length = 0;
    const digest = (await budgetResult(db, KOV, p.id))?.counts?.digest;
    if (!digest) throw new Error('demo: the youth budget has no published result to certify');
    await certifyBudget(db, KOV, p.id, kadri.idcodeHash, digest, kadri.actor);
    await certifyBudget(db, KOV, p.id, helena.idcodeHash, digest, helena.actor);
    const funded = (await budgetResult(db, KOV, p.id))?.funded.length ?? 0;
    ctx.log(`Budgets: Tallinn’s youth budget 2026 went through the whole cycle (${voters.length} ballots, certified by Kadri Kuusk and Helena Raud, ${funded} ideas funded).`);
  } finally {
    if (wasReal) resetClock();
    else advanceClock(-moved);
  }
}
