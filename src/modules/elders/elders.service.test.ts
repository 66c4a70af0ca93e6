// Village elder elections at the service level, on PGlite and (TEST_DATABASE_URL) PostgreSQL, with
// the kernel clock set (nothing depends on the day): setting up, nomination and consent rules,
// eligibility, the vote on the voting core, a tie by lot (the public draw from the board's hash,
// recomputable), a run-off, and the elder's term.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, now as clockNow, nowMs, setClock, today } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { asOwner, engine, fails, testDb } from '../../../test/helpers.js';
import { publicDraw } from '../voting/index.js';
import { ADMIN, A, ANNE, BRITT, CARL, DAVID, MUSTA, OTHER_UNIT, SYSTEM, TEEN, UNIT, eldersWorld, memberActor, pickUpAll, sampleElection, who } from './fixtures.js';
import { resultsCsv, resultsJson } from './present.js';
import { decide, drawLabel, electionErrors, termEnd } from './rules.js';
import { protocolLines } from './views/protocol.js';
import { registerMessages } from '../../kernel/i18n.js';
import { eldersMessages } from './messages.js';
import type { EldersSecrets } from './service.js';
import {
  castVote,
  certifyElection,
  closeElection,
  confirmCandidates,
  consent,
  createElection,
  currentElders,
  electionResults,
  getElection,
  nominate,
  startRunoff,
  submitShare,
} from './service.js';

const S: EldersSecrets = { idcodeKey: 'test-idcode-key', sealSecret: 'test-seal-secret' };
const DAY = 86_400_000;
const h = (code: string) => hashIdcode(S.idcodeKey, code);
let db: Db;

beforeAll(async () => {
  setClock('2027-03-10T12:00:00+02:00', { ticking: true });
  db = await testDb();
  await eldersWorld(db, S.idcodeKey);
});
afterAll(async () => {
  await db?.close();
});

/** Nominates and consents the given people (self-nominations), then runs the clock to voting. */
async function electionWith(candidates: string[], over: Parameters<typeof sampleElection>[0] = {}) {
  const { id } = await createElection(db, A, sampleElection(over), ADMIN, S);
  const ids: string[] = [];
  for (const c of candidates) ids.push((await nominate(db, A, id, who(c, S.idcodeKey), SYSTEM, S)).id);
  advanceClock(DAY + 60_000);
  await confirmCandidates(db, A, id, ADMIN, S);
  return { id, ids };
}

/** Closes, decrypts with members 1 and 2, and certifies with both. */
async function count(id: string) {
  advanceClock(DAY);
  await closeElection(db, A, id, ADMIN);
  const shares = await pickUpAll(db, A, id, S);
  await submitShare(db, A, id, 1, shares[0]!, memberActor(1));
  expect((await submitShare(db, A, id, 2, shares[1]!, memberActor(2))).published).toBe(true);
  const res = (await electionResults(db, await getElection(db, A, id)))!;
  await certifyElection(db, A, id, res.digest!, memberActor(1));
  return certifyElection(db, A, id, res.digest!, memberActor(2));
}

describe(`village elder elections (${engine})`, () => {
  it('checks the settings and the units against the register', async () => {
    const now = clockNow();
    const bad = electionErrors(
      sampleElection({ units: [], votingOpens: new Date(sampleElection().nominationCloses.getTime() - 1), candidateMinAge: -1, tieRule: 'coin' as 'lot', termYears: 0, threshold: 4, committee: ['123'] }),
      now,
    ).map((e) => e.field);
    expect(bad).toEqual(['units', 'votingOpens', 'candidateMinAge', 'tieRule', 'termYears', 'threshold', 'committee']);
    expect(electionErrors(sampleElection(), now)).toEqual([]);
    expect((await fails(createElection(db, A, sampleElection({ units: ['9999'] }), ADMIN, S))).fields).toEqual(['units']);
    expect((await fails(createElection(db, A, sampleElection({ extraList: 'no such list' }), ADMIN, S))).fields).toEqual(['extraList']);
    const csv = await fails(createElection(db, A, sampleElection(), ADMIN, S, 'isikukood\n12345678901\n'));
    expect(csv.fields).toEqual(['voterListCsv']);
  });

  it('takes nominations only in the window, checks candidates and nominators, and needs consent', async () => {
    const { id } = await createElection(db, A, sampleElection(), ADMIN, S);
    // self-nomination: consented at once
    const anne = await nominate(db, A, id, who(ANNE, S.idcodeKey), SYSTEM, S, undefined, 'Tahan küla heaks töötada');
    expect(anne).toMatchObject({ name: 'Anne Aas', self: true, consented: true, unit: UNIT });
    expect((await fails(nominate(db, A, id, who(ANNE, S.idcodeKey), SYSTEM, S))).status).toBe(409);
    // under the candidates' minimum age; not living in the units
    expect((await fails(nominate(db, A, id, who(TEEN, S.idcodeKey), SYSTEM, S))).reasons).toContain('elders.error.candidateAge');
    expect((await fails(nominate(db, A, id, who(MUSTA, S.idcodeKey), SYSTEM, S))).reasons).toContain('elders.error.candidateResidence');
    // a non-voter (Mustamäe) cannot nominate someone else; a voter can, and only the candidate consents
    expect((await fails(nominate(db, A, id, who(MUSTA, S.idcodeKey), SYSTEM, S, BRITT))).reasons).toContain('elders.error.nominatorNotVoter');
    const britt = await nominate(db, A, id, who(CARL, S.idcodeKey), SYSTEM, S, BRITT);
    expect(britt).toMatchObject({ name: 'Britt Bergmann', self: false, consented: false });
    expect((await fails(consent(db, A, id, britt.id, h(CARL), SYSTEM))).status).toBe(404);
    await consent(db, A, id, britt.id, h(BRITT), SYSTEM);
    expect((await fails(consent(db, A, id, britt.id, h(BRITT), SYSTEM))).status).toBe(409);
    // a nomination left without consent is not on the ballot
    const david = await nominate(db, A, id, who(CARL, S.idcodeKey), SYSTEM, S, DAVID);
    expect((await fails(confirmCandidates(db, A, id, ADMIN, S))).reasons).toContain('elders.error.nominationOpen');
    advanceClock(DAY + 60_000);
    expect((await fails(nominate(db, A, id, who(CARL, S.idcodeKey), SYSTEM, S))).reasons).toContain('elders.error.notNomination');
    expect((await fails(consent(db, A, id, david.id, h(DAVID), SYSTEM))).status).toBe(409);
    const e = await confirmCandidates(db, A, id, ADMIN, S);
    expect(e.vote!.questions[0]!.options.map((o) => o.id)).toEqual([anne.id, britt.id]);
    // the roll: residents of the unit aged 16+ when voting opens (not the teenager, not Mustamäe)
    expect(e.vote!.rollSize).toBe(4);
    expect((await fails(confirmCandidates(db, A, id, ADMIN, S))).status).toBe(409);
    // voters only: Mustamäe is refused by the voting core
    expect((await fails(castVote(db, A, id, h(MUSTA), anne.id))).status).toBe(403);
  });

  it('elects the candidate with most votes and starts the term on certification', async () => {
    const { id, ids } = await electionWith([ANNE, BRITT]);
    await castVote(db, A, id, h(ANNE), ids[0]!);
    await castVote(db, A, id, h(CARL), ids[0]!);
    await castVote(db, A, id, h(BRITT), ids[1]!);
    const c = await count(id);
    expect(c.status).toBe('certified');
    expect(c.outcome).toEqual({ kind: 'elected', candidateId: ids[0], votes: 2, draw: null });
    const e = await getElection(db, A, id);
    expect(e.status).toBe('certified');
    expect(e.elder).toMatchObject({ name: 'Anne Aas', units: [UNIT], termStart: today(), termEnd: termEnd(today(), 4) });
    expect((await currentElders(db, A)).map((x) => x.name)).toEqual(['Anne Aas']);
  });

  it('breaks a tie by the public draw seeded by the published board, recomputably; a new elder ends the earlier term', async () => {
    const before = today();
    const { id, ids } = await electionWith([BRITT, DAVID]);
    await castVote(db, A, id, h(ANNE), ids[0]!);
    await castVote(db, A, id, h(CARL), ids[1]!);
    const c = await count(id);
    const e = await getElection(db, A, id);
    expect(e.seed).toMatch(/^[0-9a-f]{64}$/);
    // the seed is the SHA-256 of the board document as published
    const stored = await asOwner(db, (t) => t.one<{ sha256: string }>('SELECT board_sha256 AS sha256 FROM voting_vote WHERE id = $1', [e.voteId]));
    expect(stored!.sha256).toBe(e.seed);
    const draw = publicDraw(e.seed!, drawLabel(id), [ids[0]!, ids[1]!]);
    expect(c.outcome).toEqual({ kind: 'elected', candidateId: draw.order[0], votes: 1, draw: { seed: e.seed, label: `elders/${id}`, order: draw.order, keys: draw.keys } });
    // the same counts and seed always give the same winner
    expect(decide([{ candidateId: ids[0]!, votes: 1 }, { candidateId: ids[1]!, votes: 1 }], 'lot', e.seed, id)).toEqual(c.outcome);
    // the protocol (JSON, CSV, the PDF's lines) carries the draw's inputs and outcome
    const res = (await electionResults(db, e))!;
    const json = resultsJson(e, res);
    expect(json.winner).toEqual({ id: draw.order[0], name: e.candidates.find((x) => x.id === draw.order[0])!.name, votes: 1 });
    expect(json.tieBreak).toEqual({ kind: 'draw', tied: draw.order, seed: e.seed, label: `elders/${id}`, order: draw.order, keys: draw.keys });
    const csv = resultsCsv(e, res).trim().split('\n');
    const first = csv.find((l) => l.includes(`,${draw.order[0]},`))!.split(',');
    expect(first.slice(4, 8)).toEqual(['yes', 'yes', '1', draw.keys[draw.order[0]!]]);
    expect(first.slice(11, 13)).toEqual([e.seed, `elders/${id}`]);
    registerMessages(eldersMessages); // no app is built here: the module's texts for the protocol
    const lines = protocolLines(e, 'et', { unitNames: new Map([[UNIT, 'Lasnamäe']]), publicUrl: '' }).map((l) => l.text);
    expect(lines).toContain(e.seed);
    expect(lines).toContain(`1. ${e.candidates.find((x) => x.id === draw.order[0])!.name}: ${draw.keys[draw.order[0]!]}`);
    expect(lines).toContain('Küla(d): Lasnamäe (0387)');
    const elders = await currentElders(db, A);
    expect(elders).toHaveLength(1);
    expect(elders[0]!.electionId).toBe(id);
    expect(today() > before).toBe(true);
  });

  it('sends a tie to a run-off between the tied candidates when so configured', async () => {
    const { id, ids } = await electionWith([ANNE, BRITT, CARL], { tieRule: 'runoff' });
    await castVote(db, A, id, h(ANNE), ids[0]!);
    await castVote(db, A, id, h(BRITT), ids[1]!);
    await castVote(db, A, id, h(CARL), ids[2]!);
    await castVote(db, A, id, h(DAVID), ids[1]!);
    await castVote(db, A, id, h(CARL), ids[0]!); // re-vote: replaces Carl's earlier ballot
    const c = await count(id);
    expect(c.outcome).toEqual({ kind: 'runoff', tied: [ids[0], ids[1]], votes: 2, runoffId: null });
    expect((await getElection(db, A, id)).status).toBe('runoff');
    const now = nowMs();
    expect((await fails(startRunoff(db, A, id, { opensAt: new Date(now - DAY), closesAt: new Date(now) }, ADMIN, S))).fields).toContain('opensAt');
    const r = await startRunoff(db, A, id, { opensAt: new Date(now + 60_000), closesAt: new Date(now + DAY) }, ADMIN, S);
    expect(r.runoffOf).toBe(id);
    expect(r.tieRule).toBe('lot');
    expect(r.candidates.map((x) => x.name)).toEqual(['Anne Aas', 'Britt Bergmann']);
    expect((await getElection(db, A, id)).outcome).toMatchObject({ kind: 'runoff', runoffId: r.id });
    expect((await fails(startRunoff(db, A, id, { opensAt: new Date(now + 60_000), closesAt: new Date(now + DAY) }, ADMIN, S))).status).toBe(409);
    advanceClock(120_000);
    const [a, b] = r.candidates.map((x) => x.id) as [string, string];
    await castVote(db, A, r.id, h(ANNE), b);
    await castVote(db, A, r.id, h(CARL), b);
    await castVote(db, A, r.id, h(DAVID), a);
    const done = await count(r.id);
    expect(done.outcome).toMatchObject({ kind: 'elected', candidateId: b, votes: 2, draw: null });
    expect((await currentElders(db, A)).map((x) => x.name)).toEqual(['Britt Bergmann']);
  });

  it('counts the term in whole years, 29 February included', () => {
    expect(termEnd('2027-03-12', 4)).toBe('2031-03-11');
    expect(termEnd('2028-02-29', 1)).toBe('2029-02-28');
    expect(termEnd('2027-01-01', 3)).toBe('2029-12-31');
  });

  it('an election of another unit does not take this unit’s voters', async () => {
    const { id } = await createElection(db, A, sampleElection({ units: [OTHER_UNIT], candidateResident: false }), ADMIN, S);
    // Anne may stand (residence not required) but, living in Kesklinn, may not nominate another
    await nominate(db, A, id, who(ANNE, S.idcodeKey), SYSTEM, S);
    expect((await fails(nominate(db, A, id, who(ANNE, S.idcodeKey), SYSTEM, S, BRITT))).reasons).toContain('elders.error.nominatorNotVoter');
    advanceClock(DAY + 60_000);
    expect((await confirmCandidates(db, A, id, ADMIN, S)).vote!.rollSize).toBe(1);
  });
});
