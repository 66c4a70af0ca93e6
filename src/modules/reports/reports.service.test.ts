// The reports core service: a new report's validation (each bad field a 400 naming it, nothing
// stored), numbering per KOV and year (Tallinn's year), and — on PostgreSQL, where transactions
// really race — 50 parallel reports in one KOV getting 50 distinct consecutive numbers. The
// administration services: every change audited with a named action; bad input names its field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { asOwner, engine, seedTenant, testDb } from '../../../test/helpers.js';
import { addGroupMember, removeGroupMember, reportsSettings, saveCategory, saveGroup, setRetention, type CategoryInput } from './admin.js';
import { FIXTURE_HANDLER, makeReport, sampleReport, seedReportCategories } from './fixtures.js';
import { reportsCoreAuditActions } from './messages-core.js';
import { createReport } from './service.js';

const A = '0784';
const B = '0793';
const C = '0890';
let db: Db;

async function fieldsOf(p: Promise<unknown>): Promise<{ status: number; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e)) return { status: e.status, fields: e.fields.map((f) => f.field) };
    throw e;
  }
  throw new Error('expected a refusal');
}
const count = (kov: string) => asOwner(db, async (t) => (await t.one<{ n: number }>('SELECT count(*)::int AS n FROM reports_report WHERE kov_code = $1', [kov]))!.n);
const auditActions = (kov: string) => asOwner(db, async (t) => (await t.query<{ action: string }>('SELECT action FROM core_audit WHERE kov_code = $1 ORDER BY seq', [kov])).map((r) => r.action));

beforeAll(async () => {
  setClock(new Date('2026-06-10T09:00:00Z'));
  db = await testDb();
  for (const [k, n] of [[A, 'Tallinn'], [B, 'Tartu linn'], [C, 'Viimsi vald']] as const) await seedTenant(db, k, n);
  await seedReportCategories(db, A);
  await seedReportCategories(db, B);
  await seedReportCategories(db, C);
});
afterAll(async () => {
  await db?.close();
});

describe(`createReport (${engine})`, () => {
  it('each bad field is a 400 naming it, and nothing is stored', async () => {
    const before = await count(A);
    const cases: Array<[Partial<Parameters<typeof sampleReport>[1]>, string[]]> = [
      [{ description: '   ' }, ['description']],
      [{ description: 'x'.repeat(4001) }, ['description']],
      [{ lat: null, lon: null, address: null }, ['place']],
      [{ lat: 59.4, lon: null }, ['place']],
      [{ lat: 60.5, lon: 24.7 }, ['place']],
      [{ lat: 59.4, lon: 30.1 }, ['place']],
      [{ address: 'a'.repeat(301) }, ['address']],
      [{ reporter: { kind: 'email', email: 'not-an-address', name: null, phone: null } }, ['email']],
      [{ photos: Array.from({ length: 6 }, () => ({ mime: 'image/jpeg' as const, width: 1, height: 1, bytes: Buffer.from([1]) })) }, ['photos']],
      [{ category: 'nosuch' }, ['category']],
      [{ category: 'Bad Code!' }, ['category']],
    ];
    for (const [over, fields] of cases) expect(await fieldsOf(makeReport(db, A, over)), JSON.stringify(over).slice(0, 80)).toEqual({ status: 400, fields });
    expect(await count(A)).toBe(before);
  });

  it('numbers run per KOV and per year of Tallinn’s calendar', async () => {
    setClock(new Date('2026-06-10T09:00:00Z'));
    const b1 = await makeReport(db, B);
    const b2 = await makeReport(db, B);
    const c1 = await makeReport(db, C);
    expect([b1.number, b2.number, c1.number]).toEqual(['2026-000001', '2026-000002', '2026-000001']);
    // 2026-12-31 22:30 UTC is already 2027 in Tallinn
    setClock(new Date('2026-12-31T22:30:00Z'));
    expect((await makeReport(db, B)).number).toBe('2027-000001');
    setClock(new Date('2026-12-31T21:30:00Z'));
    expect((await makeReport(db, B)).number).toBe('2026-000003');
    setClock(new Date('2026-06-10T09:00:00Z'));
  });

  it('an anonymous report waits unconfirmed (no expected-by); a signed-in person’s is received with its target', async () => {
    const anon = await createReport(db, sampleReport(B, { reporter: { kind: 'email', email: 'a@example.ee', name: null, phone: null } }));
    expect(anon.status).toBe('unconfirmed');
    const row = await asOwner(db, (t) => t.one<{ expected_at: Date | null; status: string }>('SELECT expected_at, status FROM reports_report WHERE id = $1', [anon.id]));
    expect(row).toEqual({ expected_at: null, status: 'unconfirmed' });
    const p = await makeReport(db, B);
    const r = await asOwner(db, (t) => t.one<{ expected_at: Date }>('SELECT expected_at FROM reports_report WHERE id = $1', [p.id]));
    expect(r!.expected_at.toISOString()).toBe('2026-06-17T09:00:00.000Z'); // pothole: 7 days
  });

  it.skipIf(engine !== 'postgres')('50 parallel reports in one KOV get 50 distinct consecutive numbers (PostgreSQL: PGlite has one connection, so nothing races there)', async () => {
    const made = await Promise.all(Array.from({ length: 50 }, (_, i) => makeReport(db, C, { description: `Paralleelne teade ${i}` })));
    const nums = made.map((m) => Number(m.number.slice(5))).sort((x, y) => x - y);
    expect(new Set(nums).size).toBe(50);
    expect(nums.at(-1)! - nums[0]! + 1).toBe(50);
    const counter = await asOwner(db, (t) => t.one<{ last: number }>('SELECT last FROM reports_counter WHERE kov_code = $1 AND year = 2026', [C]));
    expect(counter!.last).toBe(nums.at(-1));
  });
});

describe(`administration (${engine})`, () => {
  const cat = (over: Partial<CategoryInput> = {}): CategoryInput => ({
    code: 'bench',
    domain: 'greenery',
    names: { et: 'Pink katki', en: 'Broken bench', ru: 'Сломана скамейка' },
    description: '',
    groupId: null,
    slaDays: 10,
    attributes: [],
    keywords: 'pink',
    active: true,
    sort: 5,
    ...over,
  });

  it('groups, members, categories and retention: saved, audited with named actions; bad input names the field', async () => {
    const g = await saveGroup(db, A, { name: 'Haljastus', email: 'haljastus@example.ee' }, FIXTURE_HANDLER);
    expect(await fieldsOf(saveGroup(db, A, { name: 'haljastus', email: null }, FIXTURE_HANDLER))).toEqual({ status: 400, fields: ['name'] });
    expect(await fieldsOf(saveGroup(db, A, { name: '', email: 'bad' }, FIXTURE_HANDLER))).toEqual({ status: 400, fields: ['name', 'email'] });
    await saveGroup(db, A, { name: 'Haljastuse osakond', email: null }, FIXTURE_HANDLER, g.id);
    const code = withCheckDigit('4900101001');
    const m = await addGroupMember(db, A, g.id, { idcode: code, name: 'Helle Haljas' }, 'k', FIXTURE_HANDLER);
    expect(await fieldsOf(addGroupMember(db, A, g.id, { idcode: code, name: 'Helle Haljas' }, 'k', FIXTURE_HANDLER))).toEqual({ status: 409, fields: ['idcode'] });
    expect(await fieldsOf(addGroupMember(db, A, g.id, { idcode: '12345678901', name: '' }, 'k', FIXTURE_HANDLER))).toEqual({ status: 400, fields: ['idcode', 'memberName'] });
    expect(await fieldsOf(addGroupMember(db, B, g.id, { idcode: code, name: 'X' }, 'k', FIXTURE_HANDLER))).toMatchObject({ status: 404 });

    const c = await saveCategory(db, A, cat({ groupId: g.id }), FIXTURE_HANDLER);
    expect(await fieldsOf(saveCategory(db, A, cat(), FIXTURE_HANDLER))).toEqual({ status: 400, fields: ['code'] });
    expect(
      await fieldsOf(
        saveCategory(db, A, cat({ code: 'X!', domain: 'space' as never, names: { et: '', en: 'a', ru: 'b' }, slaDays: 0, sort: 1.5, attributes: [{ code: 'a', datatype: 'singlevaluelist', required: false, description: 'd', order: 1, values: [] }] }), FIXTURE_HANDLER),
      ),
    ).toEqual({ status: 400, fields: ['code', 'domain', 'name_et', 'slaDays', 'attributes', 'sort'] });
    expect(await fieldsOf(saveCategory(db, A, cat({ code: 'other1', groupId: '00000000-0000-7000-8000-000000000000' }), FIXTURE_HANDLER))).toEqual({ status: 400, fields: ['groupId'] });
    await saveCategory(db, A, cat({ groupId: g.id, active: false, slaDays: 20, attributes: [{ code: 'size', datatype: 'number', required: true, description: 'Mitu pinki?', order: 1, values: [] }] }), FIXTURE_HANDLER, c.id);
    await setRetention(db, A, 24, FIXTURE_HANDLER);
    expect(await fieldsOf(setRetention(db, A, 0, FIXTURE_HANDLER))).toEqual({ status: 400, fields: ['keepMonths'] });
    await removeGroupMember(db, A, g.id, m.idcodeHash, FIXTURE_HANDLER);

    const s = await reportsSettings(db, A);
    expect(s.keepMonths).toBe(24);
    expect(s.groups.find((x) => x.id === g.id)).toMatchObject({ name: 'Haljastuse osakond', email: null, members: [] });
    const saved = s.categories.find((x) => x.code === 'bench')!;
    expect([saved.active, saved.sla_days, saved.group_id, (saved.attributes as Array<{ code: string }>)[0]!.code]).toEqual([false, 20, g.id, 'size']);
    // an inactive category takes no new reports
    expect(await fieldsOf(makeReport(db, A, { category: 'bench' }))).toEqual({ status: 400, fields: ['category'] });

    const actions = await auditActions(A);
    expect(actions).toEqual([
      'reports.group.create',
      'reports.group.update',
      'reports.group.member.add',
      'reports.category.create',
      'reports.category.update',
      'reports.setting.retention',
      'reports.group.member.remove',
    ]);
    for (const a of actions) expect(reportsCoreAuditActions[a]?.et).toBeTruthy();
    const member = await asOwner(db, (t) => t.one<{ after: Record<string, unknown> }>("SELECT after FROM core_audit WHERE kov_code = $1 AND action = 'reports.group.member.add'", [A]));
    expect(JSON.stringify(member!.after)).not.toContain(code); // the ID code itself is never in the log
  });
});

describe(`the inbox (${engine})`, () => {
  it('filters by status, category, domain, group, assignee, overdue and text; sorts by expected-by; pages', async () => {
    const K = '0890';
    setClock(new Date('2026-08-01T09:00:00Z'));
    const { handleReport } = await import('./handling.js');
    const { listInbox, parseInboxQuery } = await import('./inbox.js');
    const cats = await reportsSettings(db, K);
    const roads = cats.groups[0]!.id;
    const light = await makeReport(db, K, { category: 'light', description: 'Tänavalamp Aia tänaval', address: 'Aia 5' }); // 3 days
    const pothole = await makeReport(db, K, { category: 'pothole', description: 'Auk' }); // 7 days, roads group
    const litter = await makeReport(db, K, { category: 'litter', description: 'Prügi' }); // 14 days
    await handleReport(db, K, litter.id, { kind: 'status', status: 'fixed' }, FIXTURE_HANDLER);
    const kadri = await addGroupMember(db, K, roads, { idcode: withCheckDigit('4900202002'), name: 'Kadri' }, 'k', FIXTURE_HANDLER);
    await handleReport(db, K, pothole.id, { kind: 'assign', assignee: { idcodeHash: kadri.idcodeHash, name: 'Kadri' } }, FIXTURE_HANDLER);
    setClock(new Date('2026-08-05T09:00:00Z')); // the light is overdue now, the pothole not yet
    const ids = async (q: Record<string, string>, me: string | null = null) => {
      const v = await listInbox(db, K, parseInboxQuery({ pageSize: '100', ...q }, me));
      return v.rows.map((r) => r.id).filter((id) => [light.id, pothole.id, litter.id].includes(id));
    };
    expect(await ids({ status: 'open', sort: 'expected' })).toEqual([light.id, pothole.id]);
    expect(await ids({ status: 'closed' })).toEqual([litter.id]);
    expect(await ids({ status: 'fixed' })).toEqual([litter.id]);
    expect(await ids({ category: 'light' })).toEqual([light.id]);
    expect(await ids({ domain: 'waste' })).toEqual([litter.id]);
    expect(await ids({ group: roads })).toEqual([pothole.id]);
    expect(await ids({ assignee: 'mine' }, kadri.idcodeHash)).toEqual([pothole.id]);
    expect(await ids({ assignee: 'none', status: 'open' })).toEqual([light.id]);
    expect(await ids({ overdue: 'true' })).toEqual([light.id]);
    expect(await ids({ q: 'aia' })).toEqual([light.id]);
    expect(await ids({ q: light.number })).toEqual([light.id]);
    const v = await listInbox(db, K, parseInboxQuery({ pageSize: '1', page: '2' }, null));
    expect([v.rows.length, v.page, v.pages >= 3]).toEqual([1, 2, true]);
    expect(v.counts.fixed).toBeGreaterThanOrEqual(1);
    expect(v.overdue).toBeGreaterThanOrEqual(1);
    for (const [q, field] of [[{ status: 'x' }, 'status'], [{ domain: 'space' }, 'domain'], [{ group: 'g' }, 'group'], [{ assignee: 'mine' }, 'assignee'], [{ overdue: 'maybe' }, 'overdue'], [{ sort: 'up' }, 'sort'], [{ page: '0' }, 'page'], [{ pageSize: '101' }, 'pageSize'], [{ q: 'x'.repeat(201) }, 'q']] as const) {
      expect(await fieldsOf(Promise.resolve().then(() => parseInboxQuery(q, null))), field).toEqual({ status: 400, fields: [field] });
    }
  });
});
