// The budgets service on a real database (both engines): the phase follows the kernel clock; the
// setup's rules (phase order, areas within the total, unit codes of the KOV) and its audit; who may
// submit (age, residents register, area); authors edit their own until review starts; review:
// publish, reject with a reason (mailed), merge keeping every author, assess; the ballot holds only
// published, feasible ideas with the officials' cost; another KOV sees nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { advanceClock, now, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { hashIdcode, withCheckDigit } from '../../kernel/idcode.js';
import { listMail } from '../../kernel/mail.js';
import { asOwner, seedTenant, testConfig, testDb } from '../../../test/helpers.js';
import { importResidents } from '../residents/fixtures.js';
import { loadDemoTerritory } from '../territory/index.js';
import { makeProcess, sampleProcess } from './fixtures.js';
import type { IdeaInput, Person } from './service.js';
import { allIdeas, ballotIdeas, canSubmit, editIdea, eligibility, getProcess, ideaFor, myIdeas, phaseAt, publicIdeas, reviewIdea, submitIdea, updateProcess } from './service.js';

const A = '0784';
const B = '0793';
const KEY = testConfig().idcodeHmacKey;
const OFFICIAL: Actor = { kind: 'person', id: null, name: 'Ametnik Test' };
const DAY = 86_400_000;
let db: Db;

const idc = { adult: withCheckDigit('4800101001'), teen: withCheckDigit('6150101001'), kesklinn: withCheckDigit('3850505002'), outsider: withCheckDigit('3900101003') };
const person = (code: string, givenName: string, birthDate: string): Person => ({ idcodeHash: hashIdcode(KEY, code), givenName, birthDate });
const mari = person(idc.adult, 'Mari', '1980-01-01');
const teen = person(idc.teen, 'Mia', '2015-01-01');
const kalle = person(idc.kesklinn, 'Kalle', '1985-05-05');
const olev = person(idc.outsider, 'Olev', '1990-01-01');

const idea = (over: Partial<IdeaInput> = {}): IdeaInput => ({ title: 'Pingid parki', description: 'Parki on vaja pinke.', areaId: null, category: 'environment', lat: 59.43, lon: 24.75, estimatedCost: 20_000, email: null, ...over });

async function refusal(p: Promise<unknown>): Promise<{ status: number; fields: string[]; detail?: string }> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e)) return { status: e.status, fields: e.fields.map((f) => f.field), detail: e.detailKey };
    throw e;
  }
  throw new Error('expected a refusal');
}
const auditActions = (kov: string) => asOwner(db, async (t) => (await t.query<{ action: string }>('SELECT action FROM core_audit WHERE kov_code = $1 ORDER BY seq', [kov])).map((r) => r.action));

beforeAll(async () => {
  setClock(new Date('2027-03-01T09:00:00Z'));
  db = await testDb();
  await loadDemoTerritory(db);
  await seedTenant(db, A, 'Tallinn', 'linn').catch(() => undefined);
  await seedTenant(db, B, 'Tartu linn', 'linn').catch(() => undefined);
  await importResidents(db, KEY, A, [
    { idcode: idc.adult, given: 'Mari', family: 'Maasikas', county: '0037', unit: '0387' },
    { idcode: idc.teen, given: 'Mia', family: 'Maasikas', county: '0037', unit: '0387' },
    { idcode: idc.kesklinn, given: 'Kalle', family: 'Kask', county: '0037', unit: '0298' },
  ], { kind: 'system', id: null, name: 'test' });
});
afterAll(async () => {
  await db?.close();
});

describe('phases', () => {
  it('derives the phase from the kernel clock', async () => {
    const p = await makeProcess(db, A);
    expect(p.phase).toBe('ideas');
    const t0 = now().getTime();
    expect(phaseAt(p, new Date(t0 - 2 * DAY))).toBe('upcoming');
    expect(phaseAt(p, new Date(t0 + 10 * DAY))).toBe('review');
    expect(phaseAt(p, new Date(t0 + 25 * DAY))).toBe('voting');
    expect(phaseAt(p, new Date(t0 + 35 * DAY))).toBe('results');
    expect(phaseAt(p, new Date(t0 + 400 * DAY))).toBe('implementation');
    setClock(new Date(t0 + 11 * DAY));
    try {
      expect((await getProcess(db, A, p.id)).phase).toBe('review');
    } finally {
      setClock(new Date(t0));
    }
  });

  it('refuses phases out of order, areas over the total and unknown settlement units, naming each field', async () => {
    const at = (d: number) => new Date(now().getTime() + d * DAY);
    const r = await refusal(makeProcess(db, A, { phases: { ideas: at(1), review: at(0), voting: at(3), results: at(4), implementation: at(5) }, totalBudget: 100_000 }));
    expect(r.status).toBe(400);
    expect(r.fields).toEqual(expect.arrayContaining(['review_from', 'areas']));
    expect((await refusal(makeProcess(db, A, { areas: [{ name: 'X', budget: 1000, unitCodes: ['9999'], minVoters: null }] }))).fields).toEqual(['areas']);
    expect((await refusal(makeProcess(db, A, { ballotKind: 'count', ballotMax: null }))).fields).toEqual(['ballot_max']);
    expect((await refusal(makeProcess(db, A, { submitScope: 'area' }))).fields).toEqual(['areas']);
  });

  it('audits the setup and refuses changes once voting has started', async () => {
    const p = await makeProcess(db, A);
    await updateProcess(db, A, p.id, sampleProcess({ totalBudget: 250_000, areas: [{ id: p.areas[0]!.id, name: 'Kesklinn', budget: 120_000, unitCodes: [], minVoters: 500 }] }), OFFICIAL);
    const after = await getProcess(db, A, p.id);
    expect(after.total_budget).toBe(250_000);
    expect(after.areas.map((a) => [a.id, a.budget])).toEqual([[p.areas[0]!.id, 120_000]]);
    expect(await auditActions(A)).toEqual(expect.arrayContaining(['budgets.process.create', 'budgets.process.update']));
    const t0 = now().getTime();
    setClock(new Date(t0 + 21 * DAY));
    try {
      expect((await refusal(updateProcess(db, A, p.id, sampleProcess(), OFFICIAL))).status).toBe(409);
    } finally {
      setClock(new Date(t0));
    }
  });
});

describe('eligibility', () => {
  it('checks the age on the day (the birthday counts) and residence (register, area)', () => {
    const area = { name: 'Kesklinn', unit_codes: ['0298'] };
    expect(eligibility({ minAge: 14, scope: 'anyone' }, { birthDate: '2013-03-01' }, null, null, '2027-03-01')).toEqual({ ok: true });
    expect(eligibility({ minAge: 14, scope: 'anyone' }, { birthDate: '2013-03-02' }, null, null, '2027-03-01')).toMatchObject({ ok: false, reason: 'budgets.eligibility.age' });
    expect(eligibility({ minAge: 0, scope: 'kov' }, { birthDate: '1980-01-01' }, null, null, '2027-03-01')).toMatchObject({ ok: false, reason: 'budgets.eligibility.resident' });
    expect(eligibility({ minAge: 0, scope: 'area' }, { birthDate: '1980-01-01' }, { unitCode: '0387' }, area, '2027-03-01')).toMatchObject({ ok: false, reason: 'budgets.eligibility.area' });
    expect(eligibility({ minAge: 0, scope: 'area' }, { birthDate: '1980-01-01' }, { unitCode: '0298' }, area, '2027-03-01')).toEqual({ ok: true });
  });

  it('lets only eligible residents submit: too young, not in the register, or of another area is refused', async () => {
    const p = await makeProcess(db, A, { submitScope: 'area', areas: [{ name: 'Kesklinn', budget: 100_000, unitCodes: ['0298'], minVoters: null }, { name: 'Lasnamäe', budget: 100_000, unitCodes: ['0387'], minVoters: null }] });
    const [kesklinn, lasnamae] = p.areas;
    expect(await canSubmit(db, A, p, mari, lasnamae!.id)).toEqual({ ok: true });
    expect(await canSubmit(db, A, p, mari, kesklinn!.id)).toMatchObject({ ok: false, reason: 'budgets.eligibility.area' });
    const teenRefused = await refusal(submitIdea(db, A, p.id, teen, idea({ areaId: lasnamae!.id }), [], 'et'));
    expect(teenRefused).toMatchObject({ status: 403, detail: 'budgets.eligibility.age' });
    expect(await refusal(submitIdea(db, A, p.id, olev, idea({ areaId: lasnamae!.id }), [], 'et'))).toMatchObject({ status: 403, detail: 'budgets.eligibility.resident' });
    expect(await refusal(submitIdea(db, A, p.id, mari, idea({ areaId: kesklinn!.id }), [], 'et'))).toMatchObject({ status: 403, detail: 'budgets.eligibility.area' });
    const ok = await submitIdea(db, A, p.id, kalle, idea({ areaId: kesklinn!.id }), [], 'et');
    expect(ok.number).toBe(1);
    expect((await allIdeas(db, A, p.id)).map((i) => i.authors)).toEqual([['Kalle']]);
  });

  it('refuses an idea over the cost limit or the area’s budget, and outside the idea phase', async () => {
    const p = await makeProcess(db, A);
    const lasnamae = p.areas[1]!; // 80 000
    expect((await refusal(submitIdea(db, A, p.id, mari, idea({ areaId: lasnamae.id, estimatedCost: 90_000 }), [], 'et'))).fields).toEqual(['cost']);
    expect((await refusal(submitIdea(db, A, p.id, mari, idea({ areaId: null }), [], 'et'))).fields).toEqual(['area']);
    const t0 = now().getTime();
    setClock(new Date(t0 + 11 * DAY));
    try {
      expect((await refusal(submitIdea(db, A, p.id, mari, idea({ areaId: lasnamae.id }), [], 'et'))).status).toBe(409);
    } finally {
      setClock(new Date(t0));
    }
  });
});

describe('ideas and review', () => {
  it('an author edits her idea until review starts; others may not; a submitted idea is hidden from the public', async () => {
    const p = await makeProcess(db, A);
    const area = p.areas[0]!.id;
    const { number } = await submitIdea(db, A, p.id, mari, idea({ areaId: area }), [], 'et');
    expect(await publicIdeas(db, A, p.id)).toEqual([]);
    expect((await refusal(ideaFor(db, A, p.id, number, { idcodeHash: null, official: false }))).status).toBe(404);
    expect((await ideaFor(db, A, p.id, number, { idcodeHash: mari.idcodeHash, official: false })).mine).toBe(true);
    const edited = await editIdea(db, A, p.id, number, mari, idea({ areaId: area, title: 'Pingid ja prügikastid' }));
    expect(edited.title).toBe('Pingid ja prügikastid');
    expect((await refusal(editIdea(db, A, p.id, number, kalle, idea({ areaId: area })))).status).toBe(403);
    expect((await myIdeas(db, A, p.id, mari.idcodeHash)).map((i) => i.number)).toEqual([number]);
    advanceClock(10 * DAY);
    try {
      expect((await refusal(editIdea(db, A, p.id, number, mari, idea({ areaId: area, title: 'Hilja' })))).status).toBe(409);
    } finally {
      advanceClock(-10 * DAY);
    }
  });

  it('publishes, rejects with a reason (mailed to the author), merges keeping every author, and assesses; the ballot holds published feasible ideas', async () => {
    const p = await makeProcess(db, A);
    const [k, l] = p.areas;
    const one = await submitIdea(db, A, p.id, mari, idea({ areaId: k!.id, title: 'Joogiveekraan' }), [], 'et');
    const two = await submitIdea(db, A, p.id, kalle, idea({ areaId: k!.id, title: 'Vesi parki', email: 'kalle@example.ee' }), [], 'en');
    const three = await submitIdea(db, A, p.id, kalle, idea({ areaId: l!.id, title: 'Kaubanduskeskus', email: 'kalle@example.ee' }), [], 'en');
    const four = await submitIdea(db, A, p.id, mari, idea({ areaId: l!.id, title: 'Valgustus', estimatedCost: 40_000 }), [], 'et');

    await reviewIdea(db, A, p.id, one.number, { kind: 'publish' }, OFFICIAL);
    expect((await refusal(reviewIdea(db, A, p.id, two.number, { kind: 'merge', into: three.number }, OFFICIAL))).fields).toEqual(['into']); // not published
    await reviewIdea(db, A, p.id, two.number, { kind: 'merge', into: one.number }, OFFICIAL);
    expect((await refusal(reviewIdea(db, A, p.id, three.number, { kind: 'reject', reason: '  ' }, OFFICIAL))).fields).toEqual(['reason']);
    await reviewIdea(db, A, p.id, three.number, { kind: 'reject', reason: 'Ei ole avalik objekt.' }, OFFICIAL);
    await reviewIdea(db, A, p.id, one.number, { kind: 'assess', feasibility: 'feasible', note: 'Veetrass on lähedal.', officialCost: 25_000 }, OFFICIAL);
    await reviewIdea(db, A, p.id, four.number, { kind: 'publish' }, OFFICIAL);
    await reviewIdea(db, A, p.id, four.number, { kind: 'assess', feasibility: 'infeasible', note: null, officialCost: null }, OFFICIAL);

    const all = await allIdeas(db, A, p.id);
    const byNo = new Map(all.map((i) => [i.number, i]));
    expect(byNo.get(one.number)!.authors.sort()).toEqual(['Kalle', 'Mari']);
    expect(byNo.get(two.number)).toMatchObject({ status: 'merged', mergedIntoNumber: one.number });
    expect(byNo.get(three.number)).toMatchObject({ status: 'rejected', reject_reason: 'Ei ole avalik objekt.' });
    // the author sees the reason; the public does not see the rejected idea
    expect((await ideaFor(db, A, p.id, three.number, { idcodeHash: kalle.idcodeHash, official: false })).idea.reject_reason).toBe('Ei ole avalik objekt.');
    expect((await refusal(ideaFor(db, A, p.id, three.number, { idcodeHash: mari.idcodeHash, official: false }))).status).toBe(404);
    // the merged idea's author sees it among hers through the merge
    expect((await myIdeas(db, A, p.id, kalle.idcodeHash)).map((i) => i.number).sort()).toEqual([one.number, two.number, three.number].sort());

    const mails = await listMail(db, { to: 'kalle@example.ee' });
    expect(mails.map((m) => m.subject).sort()).toEqual([`Your idea ${three.number} was rejected`, `Your idea ${two.number} was merged`].sort());
    expect(mails.find((m) => m.subject.includes('rejected'))!.body_text).toContain('Ei ole avalik objekt.');

    expect(await ballotIdeas(db, A, p.id)).toEqual([{ id: byNo.get(one.number)!.id, number: one.number, title: 'Joogiveekraan', areaId: k!.id, cost: 25_000, category: 'environment' }]);
    expect((await publicIdeas(db, A, p.id)).map((i) => i.number)).toEqual([one.number, four.number]);
    expect((await publicIdeas(db, A, p.id, { onBallot: true })).map((i) => i.number)).toEqual([one.number]);
    expect((await publicIdeas(db, A, p.id, { areaId: l!.id })).map((i) => i.number)).toEqual([four.number]);
    expect(await auditActions(A)).toEqual(expect.arrayContaining(['budgets.idea.publish', 'budgets.idea.merge', 'budgets.idea.reject', 'budgets.idea.assess']));

    // once voting starts the review is closed
    advanceClock(21 * DAY);
    try {
      expect((await refusal(reviewIdea(db, A, p.id, four.number, { kind: 'assess', feasibility: 'feasible', note: null, officialCost: null }, OFFICIAL))).status).toBe(409);
    } finally {
      advanceClock(-21 * DAY);
    }
  });

  it('keeps KOVs apart: another KOV’s id finds nothing', async () => {
    const p = await makeProcess(db, A);
    expect((await refusal(getProcess(db, B, p.id))).status).toBe(404);
    expect((await refusal(ballotIdeas(db, B, p.id))).status).toBe(404);
  });
});
