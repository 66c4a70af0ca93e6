// The budgets implementation service on a real database (both engines): fundIdeas creates one row per
// funded idea (planned, the budgeted amount, spent 0) and is idempotent; unfundIdea keeps the row and
// its history (cancelled, with the reason) and funding it again is recorded; officials' updates:
// statuses, spent ≥ 0, a text, at most 6 photos, only on funded ideas, audited, newest first; totals;
// another KOV sees and changes nothing.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { advanceClock, setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { uuidv7 } from '../../kernel/ids.js';
import { asOwner, seedTenant, testDb } from '../../../test/helpers.js';
import { processPhoto } from '../reports/index.js';
import { loadDemoTerritory } from '../territory/index.js';
import { makeProcess } from './fixtures.js';
import { FUNDED_AGAIN_TEXT, fundIdeas, fundedIdeas, implPhoto, implementationOf, postUpdate, unfundIdea } from './implementation.js';
import * as repo from './repo.js';
import type { IdeaPhoto, Process } from './service.js';

const A = '0784';
const B = '0793';
const COMMITTEE: Actor = { kind: 'person', id: null, name: 'Komisjon Test' };
const OFFICIAL: Actor = { kind: 'person', id: null, name: 'Kadri Kuusk' };
let db: Db;
let pA: Process;
let pA2: Process;
let pB: Process;
const ideasA: string[] = [];
let ideaOther: string; // an idea of A's second process
let ideaB: string;

async function addIdea(kov: string, p: Process, number: number, title: string, place: [number, number] | null = [59.43, 24.75]): Promise<string> {
  const id = uuidv7();
  await db.tx(async (t) => {
    await repo.insertIdea(t, { id, kov, processId: p.id, number, areaId: p.areas[0]?.id ?? null, title, description: 'Kirjeldus.', category: 'environment', lat: place?.[0] ?? null, lon: place?.[1] ?? null, estimatedCost: 20_000 });
    await repo.setStatus(t, kov, id, { status: 'published', rejectReason: null, mergedInto: null });
  }, { kov });
  return id;
}

async function refusal(p: Promise<unknown>): Promise<{ status: number; fields: string[]; reasons: string[] }> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e)) return { status: e.status, fields: e.fields.map((f) => f.field), reasons: e.fields.map((f) => f.reason) };
    throw e;
  }
  throw new Error('expected a refusal');
}

const audit = (kov: string, action: string) =>
  asOwner(db, async (t) => t.query<{ target_id: string; after: unknown }>('SELECT target_id, after FROM core_audit WHERE kov_code = $1 AND action = $2 ORDER BY seq', [kov, action]));

const implRows = (kov: string) => asOwner(db, (t) => t.query<{ idea_id: string; status: string; amount: string; spent: string; source: string; cancel_reason: string | null }>('SELECT idea_id, status, amount::text AS amount, spent::text AS spent, source, cancel_reason FROM budgets_implementation WHERE kov_code = $1 ORDER BY idea_id', [kov]));

beforeAll(async () => {
  setClock(new Date('2027-03-01T09:00:00Z'));
  db = await testDb();
  await loadDemoTerritory(db);
  await seedTenant(db, A, 'Tallinn', 'linn').catch(() => undefined);
  await seedTenant(db, B, 'Tartu linn', 'linn').catch(() => undefined);
  pA = await makeProcess(db, A);
  pA2 = await makeProcess(db, A);
  pB = await makeProcess(db, B, { areas: [] });
  for (const [i, title] of ['Joogiveekraan', 'Rattaparkla', 'Pingid', 'Valgustus'].entries()) ideasA.push(await addIdea(A, pA, i + 1, title, i === 3 ? null : [59.43 + i / 100, 24.75]));
  ideaOther = await addIdea(A, pA2, 1, 'Teise protsessi idee');
  ideaB = await addIdea(B, pB, 1, 'Tartu idee');
});
afterAll(async () => {
  await db?.close();
});

describe('fundIdeas', () => {
  it('creates one planned row per funded idea with the budgeted amount and spent 0, audited', async () => {
    await db.tx((t) => fundIdeas(t, A, pA.id, [{ ideaId: ideasA[0]!, amount: 22_000, source: 'rule' }, { ideaId: ideasA[1]!, amount: 35_000, source: 'rule' }], COMMITTEE), { kov: A });
    const rows = await implRows(A);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.idea_id === ideasA[0])).toMatchObject({ status: 'planned', amount: '22000', spent: '0', source: 'rule', cancel_reason: null });
    const entries = await audit(A, 'budgets.implementation.fund');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.target_id).toBe(pA.id);
  });

  it('is idempotent: an idea already funded is left as it is; only new ones are added (and audited)', async () => {
    // the same winners again (another amount for the first), plus an override adding the third
    await db.tx((t) => fundIdeas(t, A, pA.id, [{ ideaId: ideasA[0]!, amount: 99_000, source: 'override' }, { ideaId: ideasA[1]!, amount: 35_000, source: 'rule' }, { ideaId: ideasA[2]!, amount: 14_500, source: 'override' }, { ideaId: ideasA[2]!, amount: 14_500, source: 'override' }], COMMITTEE), { kov: A });
    const rows = await implRows(A);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.idea_id === ideasA[0])).toMatchObject({ amount: '22000', source: 'rule' });
    expect(rows.find((r) => r.idea_id === ideasA[2])).toMatchObject({ status: 'planned', amount: '14500', source: 'override' });
    const entries = await audit(A, 'budgets.implementation.fund');
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries[1]!.after)).toContain('"idea":3');
    expect(JSON.stringify(entries[1]!.after)).not.toContain('"idea":1');
    // exactly the same call once more: nothing changes, nothing is audited
    await db.tx((t) => fundIdeas(t, A, pA.id, [{ ideaId: ideasA[2]!, amount: 14_500, source: 'override' }], COMMITTEE), { kov: A });
    expect(await audit(A, 'budgets.implementation.fund')).toHaveLength(2);
  });

  it('refuses an idea of another process or not published, a bad amount or source, and the caller’s transaction rolls back', async () => {
    const r1 = await refusal(db.tx((t) => fundIdeas(t, A, pA.id, [{ ideaId: ideasA[3]!, amount: 10_000, source: 'rule' }, { ideaId: ideaOther, amount: 10_000, source: 'rule' }], COMMITTEE), { kov: A }));
    expect(r1).toMatchObject({ status: 400, fields: ['ideas'] });
    expect((await implRows(A)).some((r) => r.idea_id === ideasA[3])).toBe(false); // rolled back with it
    const submitted = uuidv7();
    await db.tx((t) => repo.insertIdea(t, { id: submitted, kov: A, processId: pA.id, number: 50, areaId: pA.areas[0]!.id, title: 'Läbi vaatamata', description: 'x', category: 'other', lat: null, lon: null, estimatedCost: 1_000 }), { kov: A });
    expect(await refusal(db.tx((t) => fundIdeas(t, A, pA.id, [{ ideaId: submitted, amount: 1_000, source: 'override' }], COMMITTEE), { kov: A }))).toMatchObject({ status: 400, fields: ['ideas'] });
    expect(await refusal(db.tx((t) => fundIdeas(t, A, pA.id, [{ ideaId: ideasA[3]!, amount: 0, source: 'rule' }], COMMITTEE), { kov: A }))).toMatchObject({ status: 400, fields: ['amount'] });
    expect(await refusal(db.tx((t) => fundIdeas(t, A, pA.id, [{ ideaId: ideasA[3]!, amount: 1.5, source: 'rule' }], COMMITTEE), { kov: A }))).toMatchObject({ status: 400, fields: ['amount'] });
    expect(await refusal(db.tx((t) => fundIdeas(t, A, pA.id, [{ ideaId: ideasA[3]!, amount: 100, source: 'vote' as 'rule' }], COMMITTEE), { kov: A }))).toMatchObject({ status: 400, fields: ['source'] });
  });
});

describe('officials’ updates', () => {
  it('an update sets the status and the spent amount, keeps the text and photos, and is audited', async () => {
    advanceClock(86_400_000);
    const photo: IdeaPhoto = await processPhoto(await sharp({ create: { width: 60, height: 40, channels: 3, background: '#1d70b8' } }).jpeg().toBuffer());
    const u = await postUpdate(db, A, pA.id, 1, { status: 'design', spent: 1_500, text: '  Projekt on tellitud.  ' }, [photo, photo], OFFICIAL);
    expect(u).toMatchObject({ status_after: 'design', spent_after: 1_500, text: 'Projekt on tellitud.', author_name: 'Kadri Kuusk' });
    expect(u.photos).toHaveLength(2);
    advanceClock(86_400_000);
    await postUpdate(db, A, pA.id, 1, { status: 'construction', spent: 12_000, text: 'Ehitus algas.' }, [], OFFICIAL);
    const got = (await implementationOf(db, A, pA.id, 1))!;
    expect(got.impl).toMatchObject({ status: 'construction', spent: 12_000, amount: 22_000 });
    expect(got.updates.map((x) => x.text)).toEqual(['Ehitus algas.', 'Projekt on tellitud.']); // newest first
    expect(got.updates[1]!.photos).toEqual(u.photos);
    const p = await implPhoto(db, A, pA.id, u.photos[0]!);
    expect(p.mime).toBe('image/jpeg');
    expect(await refusal(implPhoto(db, A, pA2.id, u.photos[0]!))).toMatchObject({ status: 404 }); // the address names the process
    const entries = await audit(A, 'budgets.implementation.update');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ target_id: ideasA[0], after: { status: 'design', spent: 1500, photos: 2 } });
  });

  it('refuses a spent amount below 0, an unknown or cancelled status, an empty text and more than 6 photos, naming each field', async () => {
    const photo: IdeaPhoto = { mime: 'image/jpeg', width: 1, height: 1, bytes: Buffer.from([1]) };
    const r = await refusal(postUpdate(db, A, pA.id, 2, { status: 'cancelled', spent: -1, text: ' ' }, Array(7).fill(photo), OFFICIAL));
    expect(r.status).toBe(400);
    expect(r.fields.sort()).toEqual(['photos', 'spent', 'status', 'text']);
    expect(r.reasons).toContain('budgets.impl.error.spent');
    expect(await refusal(postUpdate(db, A, pA.id, 2, { status: 'done', spent: Number.NaN, text: 'x' }, [], OFFICIAL))).toMatchObject({ status: 400, fields: ['spent'] });
    expect(await refusal(postUpdate(db, A, pA.id, 2, { status: 'done', spent: 10, text: 'x'.repeat(4001) }, [], OFFICIAL))).toMatchObject({ status: 400, fields: ['text'] });
    expect((await implementationOf(db, A, pA.id, 2))!.updates).toHaveLength(0);
  });

  it('refuses an update on an idea that is not funded (409, field idea), and an unknown idea (404)', async () => {
    expect(await refusal(postUpdate(db, A, pA.id, 4, { status: 'design', spent: 0, text: 'Proovime.' }, [], OFFICIAL))).toMatchObject({ status: 409, fields: ['idea'], reasons: ['budgets.impl.error.notFunded'] });
    expect(await refusal(postUpdate(db, A, pA.id, 99, { status: 'design', spent: 0, text: 'Proovime.' }, [], OFFICIAL))).toMatchObject({ status: 404 });
    expect(await implementationOf(db, A, pA.id, 4)).toBeNull();
  });
});

describe('unfundIdea (an override removing a winner)', () => {
  it('keeps the row as cancelled with the reason and the history, refuses updates after, and is idempotent', async () => {
    await db.tx((t) => unfundIdea(t, A, ideasA[1]!, 'Komisjon kinnitas erandi: krunt ei ole linna oma.', COMMITTEE), { kov: A });
    const got = (await implementationOf(db, A, pA.id, 2))!;
    expect(got.impl).toMatchObject({ status: 'cancelled', cancel_reason: 'Komisjon kinnitas erandi: krunt ei ole linna oma.', amount: 35_000 });
    expect(got.updates[0]).toMatchObject({ status_after: 'cancelled', text: 'Komisjon kinnitas erandi: krunt ei ole linna oma.', author_name: 'Komisjon Test' });
    expect(await refusal(postUpdate(db, A, pA.id, 2, { status: 'design', spent: 0, text: 'x' }, [], OFFICIAL))).toMatchObject({ status: 409, fields: ['idea'] });
    await db.tx((t) => unfundIdea(t, A, ideasA[1]!, 'Uuesti.', COMMITTEE), { kov: A });
    expect((await implementationOf(db, A, pA.id, 2))!.updates).toHaveLength(1);
    expect(await audit(A, 'budgets.implementation.cancel')).toHaveLength(1);
  });

  it('refuses an idea that is not funded and an empty reason', async () => {
    expect(await refusal(db.tx((t) => unfundIdea(t, A, ideasA[3]!, 'Põhjus.', COMMITTEE), { kov: A }))).toMatchObject({ status: 409, fields: ['idea'] });
    expect(await refusal(db.tx((t) => unfundIdea(t, A, ideasA[0]!, '  ', COMMITTEE), { kov: A }))).toMatchObject({ status: 400, fields: ['reason'] });
  });

  it('the totals count only funded ideas; funding a cancelled idea again is recorded in its history', async () => {
    let f = await fundedIdeas(db, A, pA.id);
    expect(f.items.map((i) => [i.idea.number, i.impl.status])).toEqual([[1, 'construction'], [2, 'cancelled'], [3, 'planned']]);
    expect(f.totals).toEqual({ funded: 2, done: 0, budgeted: 22_000 + 14_500, spent: 12_000 });
    await postUpdate(db, A, pA.id, 3, { status: 'done', spent: 14_000, text: 'Pingid on paigas.' }, [], OFFICIAL);
    advanceClock(60_000);
    await db.tx((t) => fundIdeas(t, A, pA.id, [{ ideaId: ideasA[1]!, amount: 30_000, source: 'override' }], COMMITTEE), { kov: A });
    f = await fundedIdeas(db, A, pA.id);
    expect(f.totals).toEqual({ funded: 3, done: 1, budgeted: 22_000 + 30_000 + 14_500, spent: 12_000 + 14_000 });
    const again = (await implementationOf(db, A, pA.id, 2))!;
    expect(again.impl).toMatchObject({ status: 'planned', cancel_reason: null, amount: 30_000, source: 'override' });
    expect(again.updates.map((u) => u.status_after)).toEqual(['planned', 'cancelled']);
    expect(again.updates[0]!.text).toBe(FUNDED_AGAIN_TEXT);
  });
});

describe('tenant isolation', () => {
  it('another KOV neither sees nor funds nor updates A’s ideas', async () => {
    expect(await refusal(fundedIdeas(db, B, pA.id))).toMatchObject({ status: 404 });
    expect(await refusal(implementationOf(db, B, pA.id, 1))).toMatchObject({ status: 404 });
    expect(await refusal(postUpdate(db, B, pA.id, 1, { status: 'done', spent: 1, text: 'x' }, [], OFFICIAL))).toMatchObject({ status: 404 });
    expect(await refusal(db.tx((t) => fundIdeas(t, B, pA.id, [{ ideaId: ideasA[3]!, amount: 1_000, source: 'rule' }], COMMITTEE), { kov: B }))).toMatchObject({ status: 400 });
    expect(await refusal(db.tx((t) => unfundIdea(t, B, ideasA[0]!, 'Põhjus.', COMMITTEE), { kov: B }))).toMatchObject({ status: 409 });
    // row-level security: a transaction bound to B sees none of A's rows, even without the kov filter
    const seen = await db.tx(async (t) => ({
      impl: (await t.query('SELECT idea_id FROM budgets_implementation')).length,
      updates: (await t.query('SELECT id FROM budgets_impl_update')).length,
      photos: (await t.query('SELECT id FROM budgets_impl_photo')).length,
    }), { kov: B });
    expect(seen).toEqual({ impl: 0, updates: 0, photos: 0 });
    await db.tx((t) => fundIdeas(t, B, pB.id, [{ ideaId: ideaB, amount: 5_000, source: 'rule' }], COMMITTEE), { kov: B });
    expect((await fundedIdeas(db, B, pB.id)).totals.funded).toBe(1);
    expect((await fundedIdeas(db, A, pA.id)).totals.funded).toBe(3);
  });
});
