// Handling a report: the transition rules (pure) and every HandlerAction against the database
// (PGlite, and PostgreSQL with TEST_DATABASE_URL): row changes, the event, the audit entry, refusals.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { asOwner, engine, seedTenant, testDb } from '../../../test/helpers.js';
import { FIXTURE_HANDLER, makeReport, seedReportCategories, type SeededCategories } from './fixtures.js';
import { handleReport, statusAfter, transitionRefusal, validateAction, type HandlerAction } from './handling.js';
import type { ReportStatus } from './repo.js';
import { createReport } from './service.js';

const A = '0784';
const B = '0793';
const T0 = new Date('2026-03-02T08:00:00Z');
let db: Db;
let cats: SeededCategories;

async function refusal(p: Promise<unknown>): Promise<{ status: number; fields: string[]; detail?: string }> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e)) return { status: e.status, fields: e.fields.map((f) => f.field), detail: e.detailKey };
    throw e;
  }
  throw new Error('expected a refusal');
}

const eventsOf = (id: string) =>
  asOwner(db, (t) => t.query<{ seq: number; kind: string; public: boolean; status: string; body: string | null; actor_name: string; data: Record<string, unknown> }>(
    'SELECT seq, kind, public, status, body, actor_name, data FROM reports_event WHERE report_id = $1 ORDER BY seq', [id]));
const auditOf = (id: string) =>
  asOwner(db, (t) => t.query<{ action: string; actor_name: string; kov_code: string }>('SELECT action, actor_name, kov_code FROM core_audit WHERE target_id = $1 ORDER BY seq', [id]));

beforeAll(async () => {
  setClock(T0);
  db = await testDb();
  await seedTenant(db, A, 'Tallinn', 'linn');
  await seedTenant(db, B, 'Tartu linn', 'linn');
  cats = await seedReportCategories(db, A);
  await seedReportCategories(db, B);
});
beforeEach(() => setClock(T0));
afterAll(async () => {
  await db?.close();
});

describe('transition rules (pure)', () => {
  const all: HandlerAction[] = [
    { kind: 'status', status: 'in_progress' },
    { kind: 'forward', to: 'Transpordiamet' },
    { kind: 'duplicate', of: '2026-000001' },
    { kind: 'reopen', reason: 'Ei ole parandatud' },
    { kind: 'answer', body: 'Vastus' },
    { kind: 'note', body: 'Märkus' },
    { kind: 'assign', assignee: null },
    { kind: 'category', code: 'light' },
  ];
  it('an unconfirmed report cannot be handled at all', () => {
    for (const a of all) expect(transitionRefusal('unconfirmed', a)).toBe('reports.error.unconfirmedReport');
  });
  it('closed reports only reopen, answer or note', () => {
    for (const s of ['fixed', 'forwarded', 'duplicate', 'closed'] as ReportStatus[]) {
      const allowed = all.filter((a) => transitionRefusal(s, a) === null).map((a) => a.kind);
      expect(allowed).toEqual(['reopen', 'answer', 'note']);
    }
  });
  it('open reports take every action but reopen, and not the status they have', () => {
    for (const s of ['received', 'in_progress', 'scheduled', 'reopened'] as ReportStatus[]) {
      const refused = all.filter((a) => transitionRefusal(s, a) !== null).map((a) => a.kind);
      expect(refused).toEqual(s === 'in_progress' ? ['status', 'reopen'] : ['reopen']);
    }
    expect(transitionRefusal('received', { kind: 'reopen', reason: 'x' })).toBe('reports.error.notClosed');
  });
  it('the status after each action', () => {
    expect(all.map((a) => statusAfter('received', a))).toEqual(['in_progress', 'forwarded', 'duplicate', 'reopened', 'received', 'received', 'received', 'received']);
  });
  it('malformed actions name their field', () => {
    const f = (a: unknown) => validateAction(a as HandlerAction).map((e) => e.field);
    expect(f({ kind: 'status', status: 'unconfirmed' })).toEqual(['status']);
    expect(f({ kind: 'status', status: 'fixed', answer: 'x'.repeat(4001) })).toEqual(['answer']);
    expect(f({ kind: 'forward', to: '  ' })).toEqual(['to']);
    expect(f({ kind: 'duplicate', of: '26-1' })).toEqual(['of']);
    expect(f({ kind: 'reopen', reason: '' })).toEqual(['reason']);
    expect(f({ kind: 'answer', body: '' })).toEqual(['body']);
    expect(f({ kind: 'note' })).toEqual(['body']);
    expect(f({ kind: 'assign', assignee: { idcodeHash: 'zz', name: 'X' } })).toEqual(['assignee']);
    expect(f({ kind: 'assign', assignee: null, groupId: 'not-a-uuid' })).toEqual(['groupId']);
    expect(f({ kind: 'category', code: 'Bad Code' })).toEqual(['code']);
    expect(f({ kind: 'explode' })).toEqual(['kind']);
    expect(f({ kind: 'assign', assignee: null, groupId: null })).toEqual([]);
  });
});

describe(`handleReport (${engine})`, () => {
  it('status changes: first action, closed_at, public event with the answer, audit with its name', async () => {
    const r = await makeReport(db, A);
    setClock(new Date(T0.getTime() + 3_600_000));
    const a = await handleReport(db, A, r.id, { kind: 'status', status: 'in_progress', answer: 'Vaatame üle.' }, FIXTURE_HANDLER);
    expect(a.status).toBe('in_progress');
    expect(a.first_action_at?.toISOString()).toBe('2026-03-02T09:00:00.000Z');
    expect(a.closed_at).toBeNull();
    setClock(new Date(T0.getTime() + 7_200_000));
    const b = await handleReport(db, A, r.id, { kind: 'status', status: 'fixed', answer: 'Auk on paigatud.' }, FIXTURE_HANDLER);
    expect(b.status).toBe('fixed');
    expect(b.is_open).toBe(false);
    expect(b.first_action_at?.toISOString()).toBe('2026-03-02T09:00:00.000Z');
    expect(b.closed_at?.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    const ev = await eventsOf(r.id);
    expect(ev.map((e) => [e.seq, e.kind, e.public, e.status, e.body])).toEqual([
      [1, 'created', true, 'received', null],
      [2, 'status', true, 'in_progress', 'Vaatame üle.'],
      [3, 'status', true, 'fixed', 'Auk on paigatud.'],
    ]);
    expect(ev[2]!.actor_name).toBe('Kadri Käsitleja');
    expect((await auditOf(r.id)).map((x) => x.action)).toEqual(['reports.report.status', 'reports.report.status']);
    // closed: no more status changes, but answers, notes and reopening
    expect(await refusal(handleReport(db, A, r.id, { kind: 'status', status: 'closed' }, FIXTURE_HANDLER))).toMatchObject({ status: 409, detail: 'reports.error.closedReport' });
    expect(await refusal(handleReport(db, A, r.id, { kind: 'assign', assignee: null }, FIXTURE_HANDLER))).toMatchObject({ status: 409 });
    await handleReport(db, A, r.id, { kind: 'answer', body: 'Täiendus' }, FIXTURE_HANDLER);
    setClock(new Date('2026-03-05T08:00:00Z'));
    const c = await handleReport(db, A, r.id, { kind: 'reopen', reason: 'Auk tuli tagasi.' }, FIXTURE_HANDLER);
    expect(c.status).toBe('reopened');
    expect(c.closed_at).toBeNull();
    expect(c.expected_at?.toISOString()).toBe('2026-03-12T08:00:00.000Z'); // now + 7 days (pothole)
    const last = (await eventsOf(r.id)).at(-1)!;
    expect([last.kind, last.public, last.body]).toEqual(['reopened', true, 'Auk tuli tagasi.']);
    expect(await refusal(handleReport(db, A, r.id, { kind: 'reopen', reason: 'again' }, FIXTURE_HANDLER))).toMatchObject({ status: 409, detail: 'reports.error.notClosed' });
    expect((await handleReport(db, A, r.id, { kind: 'status', status: 'received' }, FIXTURE_HANDLER)).status).toBe('received');
    expect(await refusal(handleReport(db, A, r.id, { kind: 'status', status: 'received' }, FIXTURE_HANDLER))).toMatchObject({ status: 409, detail: 'reports.error.sameStatus' });
  });

  it('forward, duplicate (with its refusals), note and assign', async () => {
    const one = await makeReport(db, A);
    const two = await makeReport(db, A);
    const f = await handleReport(db, A, one.id, { kind: 'forward', to: 'Transpordiamet', answer: 'Riigimaantee.' }, FIXTURE_HANDLER);
    expect([f.status, f.forwarded_to, f.closed_at?.toISOString()]).toEqual(['forwarded', 'Transpordiamet', T0.toISOString()]);

    expect(await refusal(handleReport(db, A, two.id, { kind: 'duplicate', of: two.number }, FIXTURE_HANDLER))).toMatchObject({ status: 400, fields: ['of'] });
    expect(await refusal(handleReport(db, A, two.id, { kind: 'duplicate', of: '2026-999999' }, FIXTURE_HANDLER))).toMatchObject({ status: 400, fields: ['of'] });
    const d = await handleReport(db, A, two.id, { kind: 'duplicate', of: one.number }, FIXTURE_HANDLER);
    expect([d.status, d.duplicate_of]).toEqual(['duplicate', one.id]);
    const ev = (await eventsOf(two.id)).at(-1)!;
    expect([ev.kind, ev.public, ev.data.duplicateOf]).toEqual(['merged', true, one.number]);

    const three = await makeReport(db, A);
    await handleReport(db, A, three.id, { kind: 'note', body: 'Helistasin teatajale.' }, FIXTURE_HANDLER);
    const g = await handleReport(db, A, three.id, { kind: 'assign', assignee: { idcodeHash: 'b'.repeat(64), name: 'Kadri Käsitleja' }, groupId: cats.groupId }, FIXTURE_HANDLER);
    expect([g.assignee_hash, g.assignee_name, g.group_id, g.status]).toEqual(['b'.repeat(64), 'Kadri Käsitleja', cats.groupId, 'received']);
    const evs = await eventsOf(three.id);
    expect(evs.slice(1).map((e) => [e.kind, e.public])).toEqual([['note', false], ['assigned', false]]);
    expect(await refusal(handleReport(db, A, three.id, { kind: 'assign', assignee: null, groupId: '00000000-0000-7000-8000-000000000999' }, FIXTURE_HANDLER))).toMatchObject({ status: 400, fields: ['groupId'] });
    const u = await handleReport(db, A, three.id, { kind: 'assign', assignee: null }, FIXTURE_HANDLER);
    expect([u.assignee_hash, u.assignee_name, u.group_id]).toEqual([null, null, cats.groupId]);
    expect((await auditOf(three.id)).map((x) => x.action)).toEqual(['reports.report.note', 'reports.report.assign', 'reports.report.assign']);
  });

  it('category change re-routes: category, domain, group, expected-by from the new target', async () => {
    const r = await makeReport(db, A);
    const c = await handleReport(db, A, r.id, { kind: 'category', code: 'light' }, FIXTURE_HANDLER);
    expect([c.category_id, c.domain, c.group_id, c.expected_at?.toISOString()]).toEqual([cats.categories.light, 'lighting', null, '2026-03-05T08:00:00.000Z']);
    expect(await refusal(handleReport(db, A, r.id, { kind: 'category', code: 'light' }, FIXTURE_HANDLER))).toMatchObject({ status: 409, detail: 'reports.error.sameCategory' });
    expect(await refusal(handleReport(db, A, r.id, { kind: 'category', code: 'nosuch' }, FIXTURE_HANDLER))).toMatchObject({ status: 400, fields: ['code'] });
    const ev = (await eventsOf(r.id)).at(-1)!;
    expect([ev.kind, ev.public, ev.data.from, ev.data.category]).toEqual(['category', true, 'pothole', 'light']);
  });

  it('unconfirmed reports, other KOVs and bad ids are refused; nothing is written', async () => {
    const anon = await createReport(db, { ...(await import('./fixtures.js')).sampleReport(A), reporter: { kind: 'email', email: 'anon@example.ee', name: null, phone: null } });
    expect(anon.status).toBe('unconfirmed');
    expect(await refusal(handleReport(db, A, anon.id, { kind: 'note', body: 'x' }, FIXTURE_HANDLER))).toMatchObject({ status: 409, detail: 'reports.error.unconfirmedReport' });
    const r = await makeReport(db, A);
    expect(await refusal(handleReport(db, B, r.id, { kind: 'answer', body: 'x' }, FIXTURE_HANDLER))).toMatchObject({ status: 404 });
    expect(await refusal(handleReport(db, A, 'nope', { kind: 'answer', body: 'x' }, FIXTURE_HANDLER))).toMatchObject({ status: 404 });
    expect(await refusal(handleReport(db, A, r.id, { kind: 'answer', body: '' }, FIXTURE_HANDLER))).toMatchObject({ status: 400, fields: ['body'] });
    expect((await eventsOf(r.id)).length).toBe(1);
    expect(await auditOf(r.id)).toEqual([]);
    expect(await auditOf(anon.id)).toEqual([]);
  });
});
