// The vote of a participatory budget on a real database (both engines): opening (refused too early,
// for a vote open to anyone, with a bad committee; review and setup closed after), ballot validity (unknown idea, two areas, another area's ideas, over K, empty, not on
// the roll), racing casts of one person (one counted ballot, always a valid one), the committee's
// one-time pick-up, close, decryption, sign-off, the greedy winners with each area's budget and
// voters, overrides with a reason, and another KOV seeing nothing; and a Method-of-Equal-Shares process
// end to end on a format-2 board (K slots, mixed, decrypted), its winners equal to budgetWinners on the
// plaintext ballots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { advanceClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { asOwner, engine, seedTenant, testConfig, testDb } from '../../../test/helpers.js';
import { importResidents } from '../residents/fixtures.js';
import { loadDemoTerritory } from '../territory/index.js';
import type { IdeaInput, Person, Process } from './service.js';
import { getProcess, reviewIdea, submitIdea, updateProcess } from './service.js';
import { makeProcess, sampleProcess } from './fixtures.js';
import { verifyBudget } from './cli.js';
import { fundedIdeas } from './implementation.js';
import type { BudgetsSecrets } from './vote.js';
import { budgetWinners } from './winners.js';
import { resultOf, resultPdf } from './results.js';
import { getBoard, getBoardText, getWinnersText, manifest as votingManifest, verifyStoredBoard, type WinnersDocument } from '../voting/index.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, testApp } from '../../../test/helpers.js';
import {
  ballotOf,
  budgetCommittee,
  budgetResult,
  castBudgetBallot,
  certifyBudget,
  closeBudgetVote,
  MES_QUESTION,
  openBudgetVote,
  overrideResult,
  pickUpBudgetShare,
  submitBudgetShare,
  VOTERS_OPTION,
} from './vote.js';

const A = '0784';
const B = '0793';
const KEY = testConfig().idcodeHmacKey;
const S: BudgetsSecrets = { idcodeKey: KEY, sealSecret: 'test-seal-secret' };
const ADMIN: Actor = { kind: 'person', id: '00000000-0000-7000-8000-000000000901', name: 'Admin Test' };
const DAY = 86_400_000;
let db: Db;

const COMMITTEE = [withCheckDigit('4700101002'), withCheckDigit('4800202003'), withCheckDigit('3850303004')];
const memberActor = (n: number): Actor => ({ kind: 'person', id: `00000000-0000-7000-8000-00000000091${n}`, name: `Member ${n}` });
// voters: Lasnamäe (0387) and Kesklinn (0298); Mia is 12 (not on the roll)
const code = {
  mari: withCheckDigit('4800101001'),
  mia: withCheckDigit('6150101001'),
  kalle: withCheckDigit('3850505002'),
  kati: withCheckDigit('4850505003'),
  karl: withCheckDigit('3860606004'),
  laur: withCheckDigit('3870707005'),
};
const h = (c: string) => hashIdcode(KEY, c);
const author: Person = { idcodeHash: h(code.mari), givenName: 'Mari', birthDate: '1980-01-01' };

async function refusal(p: Promise<unknown>): Promise<{ status: number; fields: string[]; detail?: string }> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e)) return { status: e.status, fields: e.fields.map((f) => `${f.field}:${f.reason}`), detail: e.detailKey };
    throw e;
  }
  throw new Error('expected a refusal');
}

let p: Process;
const numbers: Record<string, number> = {};

beforeAll(async () => {
  setClock(new Date('2027-03-01T09:00:00Z'));
  db = await testDb();
  await loadDemoTerritory(db);
  await seedTenant(db, A, 'Tallinn', 'linn').catch(() => undefined);
  await seedTenant(db, B, 'Tartu linn', 'linn').catch(() => undefined);
  const sys: Actor = { kind: 'system', id: null, name: 'test' };
  await importResidents(db, KEY, A, [
    { idcode: code.mari, given: 'Mari', family: 'Maasikas', county: '0037', unit: '0387' },
    { idcode: code.mia, given: 'Mia', family: 'Maasikas', county: '0037', unit: '0387' },
    { idcode: code.kalle, given: 'Kalle', family: 'Kask', county: '0037', unit: '0298' },
    { idcode: code.kati, given: 'Kati', family: 'Kask', county: '0037', unit: '0298' },
    { idcode: code.karl, given: 'Karl', family: 'Kuusk', county: '0037', unit: '0298' },
    { idcode: code.laur, given: 'Laur', family: 'Lepp', county: '0037', unit: '0387' },
  ], sys);
  // Kesklinn €100,000 (0298), Lasnamäe €80,000 (0387); up to 2 ideas of one area; residents of the area vote
  p = await makeProcess(db, A, {
    voteScope: 'area',
    ballotAreas: 'one',
    ballotKind: 'count',
    ballotMax: 2,
    areas: [
      { name: 'Kesklinn', budget: 100_000, unitCodes: ['0298'], minVoters: null },
      { name: 'Lasnamäe', budget: 80_000, unitCodes: ['0387'], minVoters: 3 },
    ],
  });
  const [kesklinn, lasnamae] = p.areas;
  const ideas: [string, string, number][] = [
    ['K1', kesklinn!.id, 60_000],
    ['K2', kesklinn!.id, 50_000],
    ['K3', kesklinn!.id, 30_000],
    ['L1', lasnamae!.id, 40_000],
    ['Lx', lasnamae!.id, 10_000], // rejected: never on the ballot
  ];
  for (const [title, areaId, cost] of ideas) {
    const input: IdeaInput = { title, description: 'Kirjeldus.', areaId, category: 'environment', lat: 59.43, lon: 24.75, estimatedCost: cost, email: null };
    numbers[title] = (await submitIdea(db, A, p.id, author, input, [], 'et')).number;
  }
  for (const t of ['K1', 'K2', 'K3', 'L1']) {
    await reviewIdea(db, A, p.id, numbers[t]!, { kind: 'publish' }, ADMIN);
    await reviewIdea(db, A, p.id, numbers[t]!, { kind: 'assess', feasibility: 'feasible', note: null, officialCost: null }, ADMIN);
  }
  await reviewIdea(db, A, p.id, numbers.Lx!, { kind: 'reject', reason: 'Juba tehtud.' }, ADMIN);
});
afterAll(async () => {
  await db?.close();
});


/**
 * The winners document of a certified vote end to end: served byte for byte at
 * /api/v1/boards/{voteId}/winners; `vallamaja verify VOTE-ID` and the offline
 * `vallamaja verify BOARD-FILE WINNERS-FILE` pass on it and fail (exit 1, a clear message) on a
 * tampered copy (a winner removed), and a tampered document kept in the database is caught.
 */
async function winnersEndToEnd(voteId: string, rule: string): Promise<WinnersDocument> {
  const text = (await getWinnersText(db, voteId))!;
  expect(text).toBeTruthy();
  const doc = JSON.parse(text) as WinnersDocument;
  const app = await testApp(db);
  try {
    const res = await app.inject({ method: 'GET', url: `/api/v1/boards/${voteId}/winners` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(text);
    expect(res.headers['content-type']).toContain('application/json');
    expect((await app.inject({ method: 'GET', url: `/api/v1/boards/${voteId}/winners`, headers: { 'if-none-match': String(res.headers.etag) } })).statusCode).toBe(304);
    expect((await app.inject({ method: 'GET', url: '/api/v1/boards/01900000-0000-7000-8000-00000000dead/winners' })).statusCode).toBe(404);
  } finally {
    await app.close();
  }
  const commands = votingManifest.commands!;
  const cfg = testConfig();
  const ok = await runCommand(commands, cfg, db, `verify ${voteId}`);
  expect(ok.code, ok.out + ok.err).toBe(0);
  expect(ok.out).toContain(`ok   ${voteId} winners: recomputed by the ${rule}`);
  expect(ok.out).toContain(`VALID board ${voteId}`);
  const removed = JSON.parse(text) as WinnersDocument;
  removed.result.find((a) => a.winners.length > 0)!.winners.pop();
  const tampered = JSON.stringify(removed);
  const dir = await mkdtemp(join(tmpdir(), 'vallamaja-winners-'));
  try {
    await writeFile(join(dir, 'board.json'), (await getBoardText(db, voteId))!);
    await writeFile(join(dir, 'winners.json'), text);
    await writeFile(join(dir, 'tampered.json'), tampered);
    const offline = await runCommand(commands, cfg, db, `verify ${join(dir, 'board.json')} ${join(dir, 'winners.json')}`);
    expect(offline.code, offline.out + offline.err).toBe(0);
    expect(offline.out).toContain(`VALID board ${voteId} and its winners`);
    const bad = await runCommand(commands, cfg, db, `verify ${join(dir, 'board.json')} ${join(dir, 'tampered.json')}`);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`Vote ${voteId}: the winners document does not follow from the board — winners: area `);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await asOwner(db, (t) => t.query('UPDATE voting_vote SET winners = $2 WHERE id = $1', [voteId, tampered]));
  try {
    const caught = await runCommand(commands, cfg, db, `verify ${voteId}`);
    expect(caught.code).toBe(1);
    expect(caught.out).toContain(`FAIL ${voteId} winners: area `);
    expect(caught.out).toContain(`INVALID board ${voteId}`);
    // a certified vote of a winner rule whose document went missing fails too
    await asOwner(db, (t) => t.query('UPDATE voting_vote SET winners = NULL WHERE id = $1', [voteId]));
    const missing = await runCommand(commands, cfg, db, `verify ${voteId}`);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(new RegExp(`FAIL ${voteId} winners: the vote is counted by the (greedy|equal-shares) rule and certified, but no winners document is kept`));
  } finally {
    await asOwner(db, (t) => t.query('UPDATE voting_vote SET winners = $2 WHERE id = $1', [voteId, text]));
  }
  return doc;
}

describe(`budgets vote: opening (${engine})`, () => {
  it('is refused in the idea phase, and with a bad committee', async () => {
    expect((await refusal(openBudgetVote(db, A, p.id, { committee: COMMITTEE, threshold: 2 }, ADMIN, S))).detail).toBe('budgets.vote.tooEarly');
    advanceClock(11 * DAY); // review phase
    const bad = await refusal(openBudgetVote(db, A, p.id, { committee: [COMMITTEE[0]!, COMMITTEE[0]!, '123'], threshold: 4 }, ADMIN, S));
    expect(bad.status).toBe(400);
    expect(bad.fields).toEqual(['committee.1:voting.committee.duplicate', 'committee.2:voting.committee.idcode', 'threshold:voting.committee.threshold']);
  });

  it('"anyone" is refused with its own reason once in review; MES is not refused for its rule (here: it has no ideas)', async () => {
    const at = (d: number) => new Date(new Date(p.review_from).getTime() + d * DAY);
    const phases = { ideas: at(-5), review: at(-1), voting: at(9), results: at(19), implementation: at(29) };
    const mes = await makeProcess(db, A, { winnerRule: 'equal_shares', phases });
    const anyone = await makeProcess(db, A, { voteScope: 'anyone', phases });
    expect((await refusal(openBudgetVote(db, A, mes.id, { committee: COMMITTEE, threshold: 2 }, ADMIN, S))).detail).toBe('budgets.vote.noIdeas');
    expect((await refusal(openBudgetVote(db, A, anyone.id, { committee: COMMITTEE, threshold: 2 }, ADMIN, S))).detail).toBe('budgets.vote.noRoll');
    expect((await refusal(openBudgetVote(db, A, mes.id, { committee: COMMITTEE, threshold: 2 }, ADMIN, S))).status).toBe(409);
  });

  it('opens in review: the ballot is the published feasible ideas per area, the roll the areas’ adults, the committee holds sealed shares', async () => {
    const opened = await openBudgetVote(db, A, p.id, { committee: COMMITTEE, threshold: 2 }, ADMIN, S);
    expect(opened.vote_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await refusal(openBudgetVote(db, A, p.id, { committee: COMMITTEE, threshold: 2 }, ADMIN, S))).detail).toBe('budgets.vote.opened');
    const { vote, areas } = await ballotOf(db, A, p.id);
    expect(areas.map((a) => [a.name, a.ideas.map((i) => i.title)])).toEqual([
      ['Kesklinn', ['K1', 'K2', 'K3']],
      ['Lasnamäe', ['L1']],
    ]);
    expect(vote.rollSize).toBe(5); // Mia (12) is not on it
    expect(vote.questions.map((q) => q.options.at(-1)!.id)).toEqual([VOTERS_OPTION, VOTERS_OPTION]);
    expect(vote.questions.map((q) => q.rule)).toEqual([{ kind: 'upTo', max: 3 }, { kind: 'upTo', max: 2 }]);
    expect((await budgetCommittee(db, A, p.id)).map((m) => m.share)).toEqual(['waiting', 'waiting', 'waiting']);
    // review and the setup are closed now
    expect((await refusal(reviewIdea(db, A, p.id, numbers.K1!, { kind: 'assess', feasibility: 'infeasible', note: null, officialCost: null }, ADMIN))).detail).toBe('budgets.error.reviewClosed');
    expect((await refusal(updateProcess(db, A, p.id, sampleProcess(), ADMIN))).detail).toBe('budgets.error.processFixed');
    // the shares' seal rows: never in the clear
    const rows = await asOwner(db, (t) => t.query<{ share_sealed: Buffer }>('SELECT share_sealed FROM voting_committee WHERE owner_id = $1', [p.id]));
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(Buffer.from(r.share_sealed).length).toBeGreaterThan(32);
  });
});

describe(`budgets vote: ballots (${engine})`, () => {
  it('refuses a ballot with an unknown or rejected idea, ideas of two areas, another area’s idea, more than K, none, or from someone not on the roll', async () => {
    advanceClock(10 * DAY); // voting phase
    const cases: [string, unknown, string][] = [
      [code.kalle, [999], 'ideas.0:budgets.vote.unknownIdea'],
      [code.kalle, [numbers.Lx], 'ideas.0:budgets.vote.unknownIdea'],
      [code.kalle, [numbers.K1, numbers.K1], 'ideas.1:budgets.vote.duplicate'],
      [code.kalle, [numbers.K1, numbers.L1], 'ideas:budgets.vote.oneArea'],
      [code.kalle, [numbers.L1], 'ideas:budgets.vote.wrongArea'],
      [code.kalle, [numbers.K1, numbers.K2, numbers.K3], 'ideas:budgets.vote.tooMany'],
      [code.kalle, [], 'ideas:budgets.vote.empty'],
    ];
    for (const [who, ideas, field] of cases) {
      const r = await refusal(castBudgetBallot(db, A, p.id, h(who), ideas));
      expect(r.status, field).toBe(400);
      expect(r.fields, field).toEqual([field]);
    }
    expect((await refusal(castBudgetBallot(db, A, p.id, h(code.mia), [numbers.L1]))).status).toBe(403);
  });

  it('racing casts of one person: exactly one ballot counts, and it is one of hers (each passed the rules)', async () => {
    const ballots = [[numbers.K1, numbers.K2], [numbers.K1, numbers.K3], [numbers.K1], [numbers.K3, numbers.K1]];
    const got = await Promise.all(Array.from({ length: 8 }, (_, i) => castBudgetBallot(db, A, p.id, h(code.karl), ballots[i % 4]).catch((e: unknown) => e)));
    expect(got.filter((g) => !(g instanceof Error) && !isHttpError(g)).length).toBeGreaterThan(0);
    for (const g of got) if (isHttpError(g)) expect(g.status).toBe(429); // only the burst limit may refuse a valid ballot
    // the rest of Kesklinn and Lasnamäe
    await castBudgetBallot(db, A, p.id, h(code.kalle), [numbers.K1, numbers.K2]);
    await castBudgetBallot(db, A, p.id, h(code.kati), [numbers.K1]);
    await castBudgetBallot(db, A, p.id, h(code.kati), [numbers.K1, numbers.K3]); // re-vote: this one counts
    await castBudgetBallot(db, A, p.id, h(code.mari), [numbers.L1]);
    await castBudgetBallot(db, A, p.id, h(code.laur), [numbers.L1]);
  });
});

describe(`budgets vote: count, sign-off and winners (${engine})`, () => {
  let shares: string[] = [];

  it('closes only in the results phase; each member picks up her share once', async () => {
    expect((await refusal(closeBudgetVote(db, A, p.id, ADMIN))).detail).toBe('budgets.vote.stillOpen');
    advanceClock(10 * DAY); // results phase
    expect((await closeBudgetVote(db, A, p.id, ADMIN)).turnout).toBe(5);
    shares = [];
    for (const [i, c] of COMMITTEE.entries()) shares[i] = (await pickUpBudgetShare(db, A, p.id, h(c), memberActor(i + 1), S)).share;
    expect(shares.every((s) => /^[0-9a-f]{64}$/.test(s))).toBe(true);
    expect((await refusal(pickUpBudgetShare(db, A, p.id, h(COMMITTEE[0]!), memberActor(1), S))).detail).toBe('voting.committee.pickedUp');
    expect((await refusal(pickUpBudgetShare(db, A, p.id, h(code.mari), ADMIN, S))).status).toBe(404);
    expect((await budgetCommittee(db, A, p.id)).map((m) => m.share)).toEqual(['pickedUp', 'pickedUp', 'pickedUp']);
  });

  it('k of n shares publish the board; k sign-offs decide the greedy winners per area', async () => {
    expect((await refusal(submitBudgetShare(db, A, p.id, h(code.mari), shares[0]!, ADMIN))).status).toBe(404);
    expect(await submitBudgetShare(db, A, p.id, h(COMMITTEE[0]!), shares[0]!, memberActor(1))).toEqual({ received: 1, needed: 2, published: false });
    expect(await submitBudgetShare(db, A, p.id, h(COMMITTEE[2]!), shares[2]!, memberActor(3))).toEqual({ received: 2, needed: 2, published: true });
    const before = (await budgetResult(db, A, p.id))!;
    expect(before.process.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(before.computed).toBeNull();
    const counts = Object.fromEntries(before.counts!.questions.flatMap((q) => q.options.map((o) => [`${q.text.et}/${o.id === VOTERS_OPTION ? 'voters' : o.text.et}`, o.count])));
    // Karl's one counted ballot is one of those he sent: K1+K2, K1+K3 or K1
    const karl = { K1: counts[`Kesklinn/${numbers.K1}. K1`]! - 2, K2: counts[`Kesklinn/${numbers.K2}. K2`]! - 1, K3: counts[`Kesklinn/${numbers.K3}. K3`]! - 1 };
    expect([{ K1: 1, K2: 1, K3: 0 }, { K1: 1, K2: 0, K3: 1 }, { K1: 1, K2: 0, K3: 0 }].map((x) => JSON.stringify(x))).toContain(JSON.stringify(karl));
    expect(counts['Kesklinn/voters']).toBe(3);
    expect(counts['Lasnamäe/voters']).toBe(2);
    const digest = before.counts!.digest!;
    expect((await refusal(certifyBudget(db, A, p.id, h(code.mari), digest, ADMIN))).status).toBe(404);
    expect((await certifyBudget(db, A, p.id, h(COMMITTEE[0]!), digest, memberActor(1))).status).not.toBe('certified');
    expect((await certifyBudget(db, A, p.id, h(COMMITTEE[1]!), digest, memberActor(2))).status).toBe('certified');
    const after = (await budgetResult(db, A, p.id))!;
    const [kesklinn, lasnamae] = after.computed!.areas;
    // Kesklinn €100,000: K1 (€60,000, 3 votes) first; K2 (€50,000) does not fit beside it whatever its
    // votes, K3 (€30,000) does
    const ideaId = (n: number) => after.vote.questions.flatMap((q) => q.options).find((o) => o.text.et.startsWith(`${n}. `))!.id;
    expect(kesklinn!.winners).toEqual([ideaId(numbers.K1!), ideaId(numbers.K3!)]);
    expect(kesklinn!.spent).toBe(90_000 * 100);
    expect(kesklinn!.ideas.find((i) => i.id === ideaId(numbers.K2!))).toMatchObject({ funded: false, how: 'does-not-fit' });
    // Lasnamäe has 2 voters, fewer than its minimum of 3: invalid, no winners
    expect(lasnamae).toMatchObject({ valid: false, invalidReason: 'too-few-voters', winners: [], voters: 2 });
    expect(after.funded).toEqual(kesklinn!.winners);
    // the winners are funded for implementation tracking, each with the cost the vote counted
    const tracked = await fundedIdeas(db, A, p.id);
    expect(tracked.items.map((i) => [i.idea.title, i.impl.status, i.impl.source, i.impl.amount])).toEqual([
      ['K1', 'planned', 'rule', 60_000],
      ['K3', 'planned', 'rule', 30_000],
    ]);
  });

  it('overrides need a reason, are kept in order and change the funded list; another KOV sees nothing', async () => {
    const r = (await budgetResult(db, A, p.id))!;
    const ideaId = (n: number) => r.vote.questions.flatMap((q) => q.options).find((o) => o.text.et.startsWith(`${n}. `))!.id;
    expect((await refusal(overrideResult(db, A, p.id, { idea: numbers.L1!, action: 'fund', reason: ' ' }, ADMIN))).fields).toEqual(['reason:budgets.error.reason']);
    expect((await refusal(overrideResult(db, A, p.id, { idea: numbers.K1!, action: 'fund', reason: 'x' }, ADMIN))).detail).toBe('budgets.override.funded');
    expect((await refusal(overrideResult(db, A, p.id, { idea: numbers.Lx!, action: 'fund', reason: 'x' }, ADMIN))).fields).toEqual(['idea:budgets.vote.unknownIdea']);
    await overrideResult(db, A, p.id, { idea: numbers.L1!, action: 'fund', reason: 'Volikogu otsus nr 12: Lasnamäe piirkonnale eraldi raha.' }, ADMIN);
    const after = (await budgetResult(db, A, p.id))!;
    expect(after.funded).toEqual([...r.funded, ideaId(numbers.L1!)]);
    expect(after.overrides.map((o) => [o.action, o.reason])).toEqual([['fund', 'Volikogu otsus nr 12: Lasnamäe piirkonnale eraldi raha.']]);
    // an override funds (or cancels) the idea's implementation in the same transaction
    await overrideResult(db, A, p.id, { idea: numbers.K3!, action: 'unfund', reason: 'Asukoht ei sobi.' }, ADMIN);
    const tracked = await fundedIdeas(db, A, p.id);
    expect(tracked.items.map((i) => [i.idea.title, i.impl.status, i.impl.source]).sort()).toEqual([
      ['K1', 'planned', 'rule'],
      ['K3', 'cancelled', 'rule'],
      ['L1', 'planned', 'override'],
    ]);
    expect((await budgetResult(db, A, p.id))!.funded).toEqual([ideaId(numbers.K1!), ideaId(numbers.L1!)]);
    const actions = await asOwner(db, async (t) => (await t.query<{ action: string }>("SELECT action FROM core_audit WHERE kov_code = $1 AND action LIKE 'budgets.%' ORDER BY seq", [A])).map((x) => x.action));
    for (const a of ['budgets.vote.open', 'budgets.vote.close', 'budgets.share.pickup', 'budgets.vote.share', 'budgets.result.decide', 'budgets.result.override']) expect(actions).toContain(a);
    expect((await refusal(budgetResult(db, B, p.id))).status).toBe(404);
    expect((await refusal(castBudgetBallot(db, B, p.id, h(code.kalle), [numbers.K1]))).status).toBe(404);
    expect((await getProcess(db, A, p.id)).vote_id).toBe(r.vote.id);
    // vallamaja budgets verify: the board, the seed and the greedy winners recomputed from the board alone
    const lines: string[] = [];
    const ctx = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const okVerify = await verifyBudget(db, p.id, ctx);
    expect(okVerify, lines.join('\n')).toBe(true);
    expect(lines.at(-1)).toBe(`VALID result of process ${p.id}`);
    expect(lines.join('\n')).toContain('recomputed by the greedy rule from the totals');
    expect(lines.join('\n')).toContain('the result the process keeps is the winners document');
    // a kept result that the board does not give is caught
    await asOwner(db, (t) => t.query(`UPDATE budgets_result SET result = jsonb_set(result, '{areas,0,winners}', '[]'::jsonb) WHERE process_id = $1`, [p.id]));
    lines.length = 0;
    expect(await verifyBudget(db, p.id, ctx)).toBe(false);
    expect(lines.join('\n')).toContain('DIFFERS FROM the winners document');
    expect(lines.at(-1)).toBe(`INVALID result of process ${p.id}`);
  });

  it('the winners document lists the overrides apart from the rule’s result and verifies from the board', async () => {
    const voteId = (await getProcess(db, A, p.id)).vote_id!;
    const doc = await winnersEndToEnd(voteId, 'greedy rule from the totals');
    const r = (await budgetResult(db, A, p.id))!;
    expect(doc.rule).toEqual({ kind: 'greedy' });
    expect(doc.board.sha256).toBe(r.process.seed);
    expect(doc.overrides.map((o) => [o.action, o.reason])).toEqual([
      ['fund', 'Volikogu otsus nr 12: Lasnamäe piirkonnale eraldi raha.'],
      ['unfund', 'Asukoht ei sobi.'],
    ]);
    // the rule's part is the one computed at certification: Kesklinn K1 and K3, Lasnamäe invalid
    const ideaId = (n: number) => r.vote.questions.flatMap((q) => q.options).find((o) => o.text.et.startsWith(`${n}. `))!.id;
    expect(doc.result.map((a) => [a.valid, a.winners])).toEqual([
      [true, [ideaId(numbers.K1!), ideaId(numbers.K3!)]],
      [false, []],
    ]);
    expect(doc.areas.map((a) => [a.budget, a.minVoters, a.ideas.map((i) => i.cost)])).toEqual([
      [100_000_00, null, [60_000_00, 50_000_00, 30_000_00]],
      [80_000_00, 3, [40_000_00]],
    ]);
  });
});

describe(`budgets vote: the Method of Equal Shares on a mixed board (${engine})`, () => {
  it('opens a format-2 vote (K slots), takes ballots by the rules, mixes, decrypts, certifies; the winners are budgetWinners on the plaintext ballots', async () => {
    // two areas, every area on one ballot, ideas whose costs fit each area's budget; everyone in the KOV votes
    const mes = await makeProcess(db, A, {
      winnerRule: 'equal_shares',
      voteScope: 'kov',
      ballotKind: 'budget',
      ballotMax: null,
      ballotAreas: 'every',
      areas: [
        { name: 'Põhja', budget: 100_000, unitCodes: [], minVoters: null },
        { name: 'Lõuna', budget: 50_000, unitCodes: [], minVoters: null },
      ],
    });
    const [north, south] = mes.areas;
    const n: Record<string, number> = {};
    const plan: [string, string, number][] = [
      ['M1', north!.id, 60_000],
      ['M2', north!.id, 50_000],
      ['M3', north!.id, 30_000],
      ['M4', north!.id, 20_000],
      ['N1', south!.id, 30_000],
      ['N2', south!.id, 25_000],
    ];
    for (const [title, areaId, cost] of plan) {
      const input: IdeaInput = { title, description: 'Kirjeldus.', areaId, category: 'environment', lat: 59.43, lon: 24.75, estimatedCost: cost, email: null };
      n[title] = (await submitIdea(db, A, mes.id, author, input, [], 'et')).number;
    }
    advanceClock(11 * DAY); // review
    for (const t of Object.keys(n)) {
      await reviewIdea(db, A, mes.id, n[t]!, { kind: 'publish' }, ADMIN);
      await reviewIdea(db, A, mes.id, n[t]!, { kind: 'assess', feasibility: 'feasible', note: null, officialCost: null }, ADMIN);
    }
    await openBudgetVote(db, A, mes.id, { committee: COMMITTEE, threshold: 2 }, ADMIN, S);
    const { vote } = await ballotOf(db, A, mes.id);
    // K: Põhja fits at most 3 ideas (€20,000 + €30,000 + €50,000), Lõuna 1 (€25,000): 4 slots
    expect(vote.slots).toBe(4);
    expect(vote.questions.map((q) => q.id)).toEqual([MES_QUESTION]);
    expect(vote.questions[0]!.options.map((o) => o.text.et)).toEqual(['M1', 'M2', 'M3', 'M4', 'N1', 'N2'].map((t) => `${n[t]}. ${t}`));

    advanceClock(10 * DAY); // voting
    // the module's rules stay: over an area's budget, unknown idea
    expect((await refusal(castBudgetBallot(db, A, mes.id, h(code.mari), [n.M1, n.M2]))).fields).toEqual(['ideas:budgets.vote.overBudget']);
    expect((await refusal(castBudgetBallot(db, A, mes.id, h(code.mari), [n.N1, n.N2]))).fields).toEqual(['ideas:budgets.vote.overBudget']);
    expect((await refusal(castBudgetBallot(db, A, mes.id, h(code.mari), [999]))).fields).toEqual(['ideas.0:budgets.vote.unknownIdea']);
    const ballots: Record<string, string[]> = {
      mari: ['M1', 'N1'],
      kalle: ['M1', 'M3', 'N2'],
      kati: ['M2', 'M4', 'M3'],
      karl: ['M3', 'M4', 'N1'],
      laur: ['M2', 'N2'],
    };
    await castBudgetBallot(db, A, mes.id, h(code.laur), [n.M1]); // replaced by her re-vote below
    for (const [who, titles] of Object.entries(ballots)) {
      const r = await castBudgetBallot(db, A, mes.id, h(code[who as keyof typeof code]), titles.map((t) => n[t]));
      expect(r.tracker).toMatch(/^[0-9a-f]{64}$/);
    }

    advanceClock(10 * DAY); // results
    expect((await closeBudgetVote(db, A, mes.id, ADMIN)).turnout).toBe(5);
    const shares: string[] = [];
    for (const [i, c] of COMMITTEE.entries()) shares[i] = (await pickUpBudgetShare(db, A, mes.id, h(c), memberActor(i + 1), S)).share;
    expect((await submitBudgetShare(db, A, mes.id, h(COMMITTEE[1]!), shares[1]!, memberActor(2))).published).toBe(false);
    expect((await submitBudgetShare(db, A, mes.id, h(COMMITTEE[2]!), shares[2]!, memberActor(3))).published).toBe(true);

    // the published board is format 2, verifies, and its decrypted ballots are the counted ones
    const board = (await getBoard(db, vote.id)) as unknown as { format: string; mix: { ballots: number[][] } };
    expect(board.format).toBe('vallamaja-board/2');
    expect((await verifyStoredBoard(db, vote.id))!.ok).toBe(true);
    const ideaNo = (t: string) => vote.questions[0]!.options.findIndex((o) => o.text.et === `${n[t]}. ${t}`) + 1;
    const asSlots = (titles: string[]) => [...titles.map(ideaNo).sort((a, b) => a - b), 0, 0, 0, 0].slice(0, 4).join(',');
    const fromBoard = board.mix.ballots.map((b) => [...b.filter((m) => m > 0).sort((x, y) => x - y), 0, 0, 0, 0].slice(0, 4).join(',')).sort();
    expect(fromBoard).toEqual(Object.values(ballots).map(asSlots).sort());

    const before = (await budgetResult(db, A, mes.id))!;
    expect(before.computed).toBeNull();
    const digest = before.counts!.digest!;
    await certifyBudget(db, A, mes.id, h(COMMITTEE[1]!), digest, memberActor(2));
    expect((await certifyBudget(db, A, mes.id, h(COMMITTEE[2]!), digest, memberActor(3))).status).toBe('certified');

    const after = (await budgetResult(db, A, mes.id))!;
    const seed = after.process.seed!;
    const ideaIds = new Map(vote.questions[0]!.options.map((o) => [o.text.et.replace(/^\d+\. /, ''), o.id]));
    const direct = budgetWinners(
      [
        { id: north!.id, budget: 100_000 * 100 },
        { id: south!.id, budget: 50_000 * 100 },
      ],
      plan.map(([t, areaId, cost]) => ({ id: ideaIds.get(t)!, areaId, cost: cost * 100 })),
      Object.values(ballots).map((titles) => ({ ideas: titles.map((t) => ideaIds.get(t)!) })),
      { kind: 'equal-shares', utility: 'cost', stepPerVoter: 100 },
      seed,
    );
    expect(after.computed).toEqual(direct);
    expect(after.computed!.rule).toEqual({ kind: 'equal-shares', utility: 'cost', stepPerVoter: 100 });
    expect(after.computed!.areas.flatMap((a) => a.winners).length).toBeGreaterThan(0);
    expect(after.funded).toEqual(direct.areas.flatMap((a) => a.winners));
    // the results show each idea's ballots and each area's voters from the decrypted ballots
    expect(Object.fromEntries(after.counts!.questions[0]!.options.map((o) => [o.text.et.replace(/^\d+\. /, ''), o.count]))).toEqual({ M1: 2, M2: 2, M3: 3, M4: 2, N1: 2, N2: 2 });
    // the results page's view: each idea's votes (ballots naming it) and each area's voters (ballots naming one of its ideas)
    const { r: result, view } = (await resultOf(db, A, mes.id))!;
    expect(view.rule).toBe('equal_shares');
    expect(view.areas.map((a) => [a.name, a.voters, Object.fromEntries(a.ideas.map((i) => [i.title, i.votes]))])).toEqual([
      ['Põhja', 5, { M1: 2, M2: 2, M3: 3, M4: 2 }],
      ['Lõuna', 4, { N1: 2, N2: 2 }],
    ]);
    expect(view.areas.flatMap((a) => a.ideas.filter((i) => i.funded).map((i) => i.id)).sort()).toEqual(direct.areas.flatMap((a) => a.winners).sort());
    // the results protocol renders for a mixed board (the core's protocol with the budget's lines)
    const pdf = await resultPdf(result, view, 'et', 'https://vallamaja.example');
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    // vallamaja budgets verify: the shuffle, the decryptions, the seed and the MES winners from the board alone
    const out: string[] = [];
    expect(await verifyBudget(db, mes.id, { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(true);
    expect(out.join('\n')).toContain('recomputed by the Method of Equal Shares (cost utilities, add1 step 100 cents) from the 5 mixed ballots');
    expect(out.join('\n')).toMatch(/ok {3}\S+ shuffle: /);
    // the winners document: the MES result recomputed from the mixed ballots, served and verified offline
    const doc = await winnersEndToEnd(vote.id, 'Method of Equal Shares (cost utilities, add1 step 100 cents) from the 5 mixed ballots');
    expect(doc.result).toEqual(JSON.parse(JSON.stringify(direct.areas)));
    expect(doc.count).toEqual({ from: 'ballots', question: MES_QUESTION });
    expect(doc.overrides).toEqual([]);
  });
});
