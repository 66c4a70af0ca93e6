// Feedback dashboards, KPIs and improvement actions on a hand-made set with the clock set, on both
// engines: the figures (computed here independently from the answers as inserted), the Tallinn month
// boundary, the rollup equal to a recount from the answers (after inserts, an update and a delete),
// pending / rejected comments never shown or exported, the pages, the JSON API (session and API key),
// KOV isolation, ELVL's comparison and its refusals, CSV and XLSX exports, KPIs (form, API, computed
// satisfaction), actions (create, status rules, audit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { uuidv7 } from '../../kernel/ids.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import type { Agent } from '../../../test/helpers.js';
import { asOwner, closeTest, csrfFrom, engine, fieldsOf, signedIn, testAppAt } from '../../../test/helpers.js';
import { createKey, grantRole } from '../admin/index.js';
import { createService, publishService } from '../services/fixtures.js';
import { answer as surveyAnswer } from './fixtures.js';
import { addCounts, compareDashboard, figuresOf, kovDashboard, parsePeriod, serviceDashboard, trendOf } from './dashboard.js';
import { COUNTED } from './repo/dashboard.js';
import { ELVL_ROLES } from './dashboard.js';

const A = '0784';
const B = '0793';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
const MARI = person('Mari'); // resident, no role
const KADRI = person('Kadri'); // feedback moderator of A
const ANDRES = person('Andres'); // feedback moderator of B
const HELENA = person('Helena'); // ELVL

let db: Db;
let app: FastifyInstance;
let officialA: Agent;
let officialB: Agent;
let elvl: Agent;
let resident: Agent;
let readKeyA = '';
let writeKeyA = '';
let svc1 = ''; // A, adopted from template T
let svc2 = ''; // A
let svcB = ''; // B, adopted from template T
const TEMPLATE = uuidv7();

interface Ans {
  kov: string;
  service: string;
  at: string;
  sat: number;
  ease: number;
  well?: string[];
  bad?: string[];
  comment?: string;
  state?: 'none' | 'pending' | 'approved' | 'rejected' | 'redacted';
}
const inserted: (Ans & { id: string })[] = [];

async function answer(a: Ans): Promise<string> {
  const id = uuidv7(Date.parse(a.at));
  await asOwner(db, (t) =>
    t.query(
      `INSERT INTO feedback_answer (id, kov_code, service_id, channel, satisfaction, ease, went_well, went_badly, comment, comment_state, lang, answered_at)
       VALUES ($1, $2, $3, 'link', $4, $5, $6, $7, $8, $9, 'et', $10)`,
      [id, a.kov, a.service, a.sat, a.ease, a.well ?? [], a.bad ?? [], a.comment ?? null, a.state ?? (a.comment ? 'pending' : 'none'), new Date(a.at)],
    ),
  );
  inserted.push({ ...a, id });
  return id;
}

/** The figures of a list of answers, computed here the plain way. */
function expected(list: Ans[]) {
  const n = list.length;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  return {
    responses: n,
    satisfactionAverage: n ? r2(list.reduce((s, a) => s + a.sat, 0) / n) : null,
    csat: n ? r4(list.filter((a) => a.sat >= 4).length / n) : null,
    easeAverage: n ? r2(list.reduce((s, a) => s + a.ease, 0) / n) : null,
    easeShare: n ? r4(list.filter((a) => a.ease >= 4).length / n) : null,
  };
}

let pendingId = '';
let approvedId = '';

beforeAll(async () => {
  ({ db, app } = await testAppAt('2027-04-10T12:00:00Z', [
    [A, 'Tallinn', 'linn'],
    [B, 'Tartu linn', 'linn', '0079'],
  ]));
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: A, idcode: KADRI.idcode, role: 'feedback-moderator', actor: SYSTEM });
  await grantRole(db, key, { kov: B, idcode: ANDRES.idcode, role: 'feedback-moderator', actor: SYSTEM });
  await grantRole(db, key, { kov: null, idcode: HELENA.idcode, role: ELVL_ROLES[0]!, actor: SYSTEM });
  readKeyA = (await createKey(db, { kov: A, name: 'Tallinn BI', scopes: ['read'], actor: SYSTEM })).key;
  writeKeyA = (await createKey(db, { kov: A, name: 'Tallinn register', scopes: ['read', 'write'], actor: SYSTEM })).key;
  officialA = await signedIn(app, db, KADRI.idcode);
  officialB = await signedIn(app, db, ANDRES.idcode);
  elvl = await signedIn(app, db, HELENA.idcode);
  resident = await signedIn(app, db, MARI.idcode);

  // an ELVL template, adopted by A (service 1) and B (its one service)
  await asOwner(db, (t) => t.query(`INSERT INTO services_template (id, code, content) VALUES ($1, 'lasteaiakoht', '{}'::jsonb)`, [TEMPLATE]));
  const s1 = await createService(db, A, { name: { et: 'Lasteaiakoht', en: 'Kindergarten place', ru: 'Место в детском саду' } });
  const s2 = await createService(db, A, { name: { et: 'Ehitusluba', en: 'Building permit', ru: 'Разрешение на строительство' } });
  const sb = await createService(db, B, { name: { et: 'Lasteaiakoht Tartus', en: 'Kindergarten place', ru: 'Место в детском саду' } });
  await asOwner(db, (t) => t.query('UPDATE services_service SET template_id = $1 WHERE id = ANY ($2::uuid[])', [TEMPLATE, [s1.id, sb.id]]));
  for (const [k, s] of [[A, s1], [A, s2], [B, sb]] as const) await publishService(db, k, s.id);
  svc1 = s1.id;
  svc2 = s2.id;
  svcB = sb.id;

  // A, service 1: February and March 2027 (Tallinn)
  await answer({ kov: A, service: svc1, at: '2027-02-10T10:00:00Z', sat: 2, ease: 3, bad: ['efficiency', 'transparency'] });
  await answer({ kov: A, service: svc1, at: '2027-02-28T22:30:00Z', sat: 5, ease: 5, well: ['trust', 'helpfulness'] }); // 1 March 00:30 in Tallinn
  await answer({ kov: A, service: svc1, at: '2027-03-05T10:00:00Z', sat: 4, ease: 2, well: ['trust'], bad: ['ease'] });
  approvedId = await answer({ kov: A, service: svc1, at: '2027-03-06T10:00:00Z', sat: 1, ease: 1, bad: ['efficiency'], comment: 'Ootasin kolm nädalat vastust.', state: 'approved' });
  pendingId = await answer({ kov: A, service: svc1, at: '2027-03-07T10:00:00Z', sat: 3, ease: 4, comment: 'SALAJANE ootel kommentaar 38001085718', state: 'pending' });
  await answer({ kov: A, service: svc1, at: '2027-03-08T10:00:00Z', sat: 5, ease: 4, comment: 'TAGASI LÜKATUD tekst', state: 'rejected' });
  // A, service 2: March
  await answer({ kov: A, service: svc2, at: '2027-03-15T10:00:00Z', sat: 3, ease: 3, well: ['effectiveness'] });
  // outside the period asked below
  await answer({ kov: A, service: svc1, at: '2027-03-31T21:30:00Z', sat: 1, ease: 1 }); // 1 April in Tallinn
  // B
  await answer({ kov: B, service: svcB, at: '2027-03-05T10:00:00Z', sat: 4, ease: 4, comment: 'Tartu heakskiidetud', state: 'approved' });
  await answer({ kov: B, service: svcB, at: '2027-03-06T10:00:00Z', sat: 5, ease: 5 });
});

afterAll(() => closeTest(app, db));

const tallinnMonth = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Europe/Tallinn' }).slice(0, 7);
const FEB_MAR = { from: '2027-02', to: '2027-03' };

describe(`feedback dashboards (${engine})`, () => {
  it('aggregation rules: figures of added-up counts, empty months in the trend, the period checked', () => {
    const c = addCounts([{ n: 2, sat_sum: 9, s4: 1, s5: 1, ease_sum: 5, e2: 1, e3: 1, well_trust: 2 }, { n: 1, sat_sum: 1, s1: 1, ease_sum: 1, e1: 1 }]);
    const f = figuresOf(c);
    expect(f).toMatchObject({ responses: 3, satisfactionAverage: 3.33, satisfaction: [1, 0, 0, 1, 1], csat: 0.6667, easeAverage: 2, easeShare: 0 });
    expect(f.wentWell.trust).toBe(2);
    expect(figuresOf(addCounts([]))).toMatchObject({ responses: 0, satisfactionAverage: null, csat: null });
    expect(trendOf([{ month: '2027-03-01', n: 1, sat_sum: 4, s4: 1 }], { from: '2027-01', to: '2027-03' }).map((p) => [p.month, p.responses, p.satisfactionAverage])).toEqual([
      ['2027-01-01', 0, null],
      ['2027-02-01', 0, null],
      ['2027-03-01', 1, 4],
    ]);
    expect(parsePeriod({ from: '2027-02-15', to: '2027-03' })).toEqual({ from: '2027-02', to: '2027-03' });
    expect(parsePeriod({})).toEqual({ from: '2026-05', to: '2027-04' });
  });

  it('bad periods are 400s naming the field', async () => {
    expect(await fieldsOf(kovDashboard(db, A, { from: '2027-13' }))).toEqual(['from']);
    expect(await fieldsOf(kovDashboard(db, A, { from: '2027-04', to: '2027-03' }))).toEqual(['to']);
    expect(await fieldsOf(kovDashboard(db, A, { from: '2020-01', to: '2027-03' }))).toEqual(['from']);
  });

  it('one service’s figures equal the answers’ own, by Tallinn month; only approved comments', async () => {
    const d = await serviceDashboard(db, A, svc1, FEB_MAR);
    const mine = inserted.filter((a) => a.kov === A && a.service === svc1 && ['2027-02', '2027-03'].includes(tallinnMonth(a.at)));
    expect(mine).toHaveLength(6);
    expect(d.total).toMatchObject(expected(mine));
    expect(d.total.wentBadly).toMatchObject({ efficiency: 2, transparency: 1, ease: 1, trust: 0 });
    expect(d.total.wentWell).toMatchObject({ trust: 2, helpfulness: 1 });
    expect(d.trend.map((p) => [p.month, p.responses])).toEqual([
      ['2027-02-01', 1],
      ['2027-03-01', 5],
    ]);
    expect(d.comments.map((c) => c.id)).toEqual([approvedId]);
    expect(JSON.stringify(d)).not.toMatch(/SALAJANE|TAGASI LÜKATUD/);
  });

  it('the KOV’s dashboard: services side by side, the other KOV never counted', async () => {
    const d = await kovDashboard(db, A, FEB_MAR);
    const mine = inserted.filter((a) => a.kov === A && ['2027-02', '2027-03'].includes(tallinnMonth(a.at)));
    expect(d.total).toMatchObject(expected(mine));
    expect(d.services.map((s) => [s.id, s.responses])).toEqual([
      [svc1, 6],
      [svc2, 1],
    ]);
    expect(d.comments.map((c) => c.comment)).toEqual(['Ootasin kolm nädalat vastust.']);
  });

  it('ELVL’s comparison: per KOV and per template service', async () => {
    const d = await compareDashboard(db, FEB_MAR);
    expect(d.kovs.map((k) => [k.kov, k.responses, k.services])).toEqual([
      [A, 7, 2],
      [B, 2, 1],
    ]);
    expect(d.templates).toHaveLength(1);
    const inTemplate = inserted.filter((a) => (a.service === svc1 || a.service === svcB) && ['2027-02', '2027-03'].includes(tallinnMonth(a.at)));
    expect(d.templates[0]).toMatchObject({ templateId: TEMPLATE, kovs: 2, ...expected(inTemplate) });
  });

  it('the rollup equals a recount from the answers after inserts, a change of scores and a delete', async () => {
    const extra = await answer({ kov: A, service: svc2, at: '2027-03-20T10:00:00Z', sat: 2, ease: 5, well: ['ease'] });
    await asOwner(db, (t) => t.query(`UPDATE feedback_answer SET satisfaction = 4, went_badly = ARRAY['trust'] WHERE id = $1`, [extra]));
    await asOwner(db, (t) => t.query(`UPDATE feedback_answer SET comment_state = 'approved' WHERE id = $1`, [pendingId])); // no counted column
    await asOwner(db, (t) => t.query(`UPDATE feedback_answer SET comment_state = 'pending' WHERE id = $1`, [pendingId]));
    const gone = await answer({ kov: B, service: svcB, at: '2027-01-02T10:00:00Z', sat: 1, ease: 1 });
    await asOwner(db, (t) => t.query('DELETE FROM feedback_answer WHERE id = $1', [gone]));
    const recount = await asOwner(db, (t) =>
      t.query(
        `SELECT kov_code, service_id, date_trunc('month', answered_at AT TIME ZONE 'Europe/Tallinn')::date AS month, count(*)::int AS n,
                sum(satisfaction)::int AS sat_sum, ${[1, 2, 3, 4, 5].map((i) => `count(*) FILTER (WHERE satisfaction = ${i})::int AS s${i}`).join(', ')},
                sum(ease)::int AS ease_sum, ${[1, 2, 3, 4, 5].map((i) => `count(*) FILTER (WHERE ease = ${i})::int AS e${i}`).join(', ')},
                ${['trust', 'effectiveness', 'ease', 'efficiency', 'transparency', 'helpfulness']
                  .flatMap((d) => [`count(*) FILTER (WHERE '${d}' = ANY (went_well))::int AS well_${d}`, `count(*) FILTER (WHERE '${d}' = ANY (went_badly))::int AS bad_${d}`])
                  .join(', ')}
           FROM feedback_answer GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      ),
    );
    const sums = COUNTED.map((c) => `sum(${c})::int AS ${c}`).join(', ');
    const rolled = await asOwner(db, (t) => t.query(`SELECT kov_code, service_id, month, ${sums} FROM feedback_monthly GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`));
    expect(rolled).toEqual(recount);
    const left = await asOwner(db, (t) => t.query(`SELECT ${sums} FROM feedback_monthly GROUP BY kov_code, service_id, month HAVING sum(n) = 0`));
    for (const r of left) for (const c of COUNTED) expect((r as Record<string, number>)[c]).toBe(0);
    await asOwner(db, (t) => t.query('DELETE FROM feedback_answer WHERE id = $1', [extra]));
    inserted.splice(inserted.findIndex((a) => a.id === extra), 1);
    inserted.splice(inserted.findIndex((a) => a.id === gone), 1);
  });
});

describe(`feedback rollup under concurrent answers (${engine})`, () => {
  it('60 answers to one service at once (the survey’s own insert, each its own transaction): the rollup counts every one', async () => {
    const at = new Date('2027-04-05T10:00:00Z');
    const scores = Array.from({ length: 60 }, (_, i) => 1 + (i % 5));
    await Promise.all(scores.map((sat, i) => surveyAnswer(db, A, svc2, { satisfaction: sat, ease: 1 + ((i * 3) % 5), wentWell: i % 2 ? ['trust'] : [], answeredAt: at })));
    const d = await serviceDashboard(db, A, svc2, { from: '2027-04', to: '2027-04' });
    expect(d.total.responses).toBe(60);
    expect(d.total.satisfaction).toEqual([12, 12, 12, 12, 12]);
    expect(d.total.wentWell.trust).toBe(30);
    expect(d.total.satisfactionAverage).toBe(3);
  });
});

describe(`feedback dashboards over HTTP (${engine})`, () => {
  it('pages: the KOV’s and the service’s dashboards (one h1, charts with their tables); residents and other KOVs 403', async () => {
    const kovPage = await officialA.get(`/kov/${A}/feedback?from=2027-02&to=2027-03`);
    expect(kovPage.statusCode).toBe(200);
    expect(kovPage.body.match(/<h1/g)).toHaveLength(1);
    expect(kovPage.body).toContain('aria-describedby="trend-table"');
    expect(kovPage.body).toContain('id="trend-table"');
    expect(kovPage.body).toContain('Lasteaiakoht');
    expect(kovPage.body).not.toMatch(/SALAJANE|TAGASI LÜKATUD/);
    const svcPage = await officialA.get(`/kov/${A}/feedback/services/${svc1}?from=2027-02&to=2027-03`);
    expect(svcPage.statusCode).toBe(200);
    expect(svcPage.body).toContain('Ootasin kolm nädalat vastust.');
    expect(svcPage.body).not.toMatch(/SALAJANE|TAGASI LÜKATUD/);
    expect((await resident.get(`/kov/${A}/feedback`)).statusCode).toBe(403);
    expect((await officialB.get(`/kov/${A}/feedback`)).statusCode).toBe(403);
    expect((await officialB.get(`/kov/${A}/feedback/services/${svc1}`)).statusCode).toBe(403);
    // another KOV's service under A's path: not found
    expect((await officialA.get(`/kov/${A}/feedback/services/${svcB}`)).statusCode).toBe(404);
    const bad = await officialA.get(`/kov/${A}/feedback?from=2027-13`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-from"');
  });

  it('ELVL’s comparison only for ELVL and platform admins; never an API key', async () => {
    const page = await elvl.get('/feedback/compare?from=2027-02&to=2027-03');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tartu linn');
    expect((await officialA.get('/feedback/compare')).statusCode).toBe(403);
    expect((await resident.get('/feedback/compare')).statusCode).toBe(403);
    const api = await app.inject({ method: 'GET', url: '/api/v1/feedback/compare', headers: { authorization: `Bearer ${readKeyA}` } });
    expect(api.statusCode).toBe(403);
    const json = await elvl.get('/api/v1/feedback/compare?from=2027-02&to=2027-03');
    expect(json.statusCode).toBe(200);
    expect((JSON.parse(json.body) as { kovs: unknown[] }).kovs).toHaveLength(2);
  });

  it('JSON API with a read key of the KOV; another KOV’s key 403', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/kov/${A}/services/${svc1}/feedback/dashboard?from=2027-02&to=2027-03`, headers: { authorization: `Bearer ${readKeyA}` } });
    expect(r.statusCode).toBe(200);
    const d = JSON.parse(r.body) as { total: { responses: number }; comments: { comment: string }[] };
    expect(d.total.responses).toBe(6);
    expect(d.comments.map((c) => c.comment)).toEqual(['Ootasin kolm nädalat vastust.']);
    const other = await app.inject({ method: 'GET', url: `/api/v1/kov/${B}/feedback/dashboard`, headers: { authorization: `Bearer ${readKeyA}` } });
    expect(other.statusCode).toBe(403);
  });

  it('exports: figures and answers as CSV and XLSX; a comment only if approved', async () => {
    const figures = await officialA.get(`/kov/${A}/feedback/figures.csv?from=2027-02&to=2027-03`);
    expect(figures.statusCode).toBe(200);
    expect(figures.headers['content-type']).toMatch(/text\/csv/);
    const lines = figures.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Rühm;Nimi;Vastuseid;Rahulolu keskmine;Rahul (4–5), %;Lihtsuse keskmine;Lihtne (4–5), %;Läks hästi;Ei läinud hästi');
    const e = expected(inserted.filter((a) => a.kov === A && ['2027-02', '2027-03'].includes(tallinnMonth(a.at))));
    expect(lines[1]).toBe(`Kokku;Kokku;${e.responses};${String(e.satisfactionAverage).replace('.', ',')};${String(Math.round(e.csat! * 1000) / 10).replace('.', ',')};${String(e.easeAverage).replace('.', ',')};${String(Math.round(e.easeShare! * 1000) / 10).replace('.', ',')};;`);
    const answers = await officialA.get(`/kov/${A}/feedback/answers.csv?from=2027-02&to=2027-03`);
    expect(answers.statusCode).toBe(200);
    const rows = answers.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows).toHaveLength(1 + 7);
    expect(answers.body).toContain('Ootasin kolm nädalat vastust.');
    expect(answers.body).not.toMatch(/SALAJANE|TAGASI LÜKATUD|38001085718/);
    const xlsx = await officialA.get(`/kov/${A}/feedback/services/${svc1}/answers.xlsx?from=2027-02&to=2027-03`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(1 + 6);
    const texts: string[] = [];
    ws.eachRow((row) => texts.push(JSON.stringify(row.values)));
    expect(texts.join('\n')).toContain('Ootasin kolm nädalat vastust.');
    expect(texts.join('\n')).not.toMatch(/SALAJANE|TAGASI LÜKATUD/);
    expect((await resident.get(`/kov/${A}/feedback/answers.csv`)).statusCode).toBe(403);
    expect((await officialB.get(`/kov/${A}/feedback/figures.xlsx`)).statusCode).toBe(403);
  });

  it('KPIs: a KOV system PUTs a year (201, then 200), the form sets another; computed satisfaction beside; audited; a read key 403', async () => {
    const put = (body: unknown, key = writeKeyA) =>
      app.inject({ method: 'PUT', url: `/api/v1/kov/${A}/services/${svc1}/kpis/2027`, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    const r1 = await put({ costPerTransaction: 12.5, completionRate: 91.2, digitalTakeup: 64, transactions: 1200 });
    expect(r1.statusCode).toBe(201);
    expect(JSON.parse(r1.body)).toMatchObject({ year: 2027, costPerTransaction: 12.5, userSatisfaction: null, completionRate: 91.2, source: 'api' });
    const r2 = await put({ costPerTransaction: 11, userSatisfaction: 70, completionRate: 90, digitalTakeup: 65, transactions: 1300 });
    expect(r2.statusCode).toBe(200);
    const k = JSON.parse(r2.body) as { userSatisfaction: number; computedSatisfaction: number; responses: number };
    // answers of 2027 (Tallinn) of service 1: satisfied ones (4–5) among them
    const y = inserted.filter((a) => a.service === svc1 && tallinnMonth(a.at).startsWith('2027'));
    expect(k.responses).toBe(y.length);
    expect(k.computedSatisfaction).toBe(Math.round((y.filter((a) => a.sat >= 4).length / y.length) * 1000) / 10);
    expect((await put({ completionRate: 120 })).statusCode).toBe(400);
    expect((await put({ completionRate: 1 }, readKeyA)).statusCode).toBe(403);
    // the owner's form (decimal comma)
    const form = await officialA.get(`/kov/${A}/feedback/services/${svc1}/kpis/2026`);
    expect(form.statusCode).toBe(200);
    const post = await officialA.req({ method: 'POST', url: `/kov/${A}/feedback/services/${svc1}/kpis/2026`, form: { _csrf: csrfFrom(form.body), costPerTransaction: '1 234,50', userSatisfaction: '', completionRate: '80', digitalTakeup: 'x', transactions: '10' } });
    expect(post.statusCode).toBe(400);
    expect(post.body).toContain('href="#f-digitalTakeup"');
    const ok = await officialA.req({ method: 'POST', url: `/kov/${A}/feedback/services/${svc1}/kpis/2026`, form: { _csrf: csrfFrom(form.body), costPerTransaction: '1 234,50', completionRate: '80', digitalTakeup: '50', transactions: '10' } });
    expect(ok.statusCode).toBe(303);
    const list = JSON.parse((await app.inject({ method: 'GET', url: `/api/v1/kov/${A}/services/${svc1}/kpis`, headers: { authorization: `Bearer ${readKeyA}` } })).body) as { year: number; costPerTransaction: number; source: string }[];
    expect(list.map((x) => [x.year, x.costPerTransaction, x.source])).toEqual([
      [2027, 11, 'api'],
      [2026, 1234.5, 'form'],
    ]);
    const audit = await asOwner(db, (t) => t.query<{ action: string; n: number }>(`SELECT action, count(*)::int AS n FROM core_audit WHERE kov_code = $1 AND action LIKE 'feedback.kpi%' GROUP BY action`, [A]));
    expect(audit).toEqual([{ action: 'feedback.kpi.set', n: 3 }]);
  });

  it('improvement actions: opened from a comment on the page, status rules, markers on the trend, audit', async () => {
    const form = await officialA.get(`/kov/${A}/feedback/services/${svc1}/actions/new?answer=${approvedId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Ootasin kolm nädalat vastust.');
    const empty = await officialA.req({ method: 'POST', url: `/kov/${A}/feedback/services/${svc1}/actions`, form: { _csrf: csrfFrom(form.body), title: '', ownerName: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#f-title"');
    expect(empty.body).toContain('href="#f-ownerName"');
    const made = await officialA.req({ method: 'POST', url: `/kov/${A}/feedback/services/${svc1}/actions`, form: {
      _csrf: csrfFrom(form.body),
      answerId: approvedId,
      title: 'Vastamise tähtaeg 5 päeva',
      ownerName: 'Mari Maasikas',
      dueDate: '2027-06-30',
      status: 'planned',
    } });
    expect(made.statusCode).toBe(303);
    const list = JSON.parse((await app.inject({ method: 'GET', url: `/api/v1/kov/${A}/services/${svc1}/feedback/actions`, headers: { authorization: `Bearer ${readKeyA}` } })).body) as { id: string; answerId: string; status: string; openedMonth: string }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ answerId: approvedId, status: 'planned', openedMonth: '2027-04-01' });
    const id = list[0]!.id;
    const patch = (body: unknown) =>
      app.inject({ method: 'PATCH', url: `/api/v1/kov/${A}/feedback/actions/${id}`, headers: { authorization: `Bearer ${writeKeyA}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect((await patch({ status: 'done', outcome: 'x' })).statusCode).toBe(409); // planned → done skips in progress
    expect((await patch({ status: 'in_progress' })).statusCode).toBe(200);
    expect((await patch({ status: 'done' })).statusCode).toBe(400); // no outcome
    const done = await patch({ status: 'done', outcome: 'Vastused nüüd 4 päevaga' });
    expect(done.statusCode).toBe(200);
    expect(JSON.parse(done.body)).toMatchObject({ status: 'done', outcome: 'Vastused nüüd 4 päevaga' });
    expect((await patch({ status: 'in_progress' })).statusCode).toBe(409);
    // another KOV's official cannot touch it; a comment of another service is refused
    const otherKov = await app.inject({ method: 'GET', url: `/api/v1/kov/${B}/feedback/actions/${id}`, headers: { authorization: `Bearer ${readKeyA}` } });
    expect(otherKov.statusCode).toBe(403);
    const wrongAnswer = await app.inject({
      method: 'POST',
      url: `/api/v1/kov/${A}/services/${svc2}/feedback/actions`,
      headers: { authorization: `Bearer ${writeKeyA}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'X', ownerName: 'Y', answerId: approvedId }),
    });
    expect(wrongAnswer.statusCode).toBe(400);
    // the trend shows the action as a marker in April, and the table names it
    const page = await officialA.get(`/kov/${A}/feedback/services/${svc1}?from=2027-02&to=2027-04`);
    expect(page.body).toContain('class="marker" data-index="2"');
    expect(page.body).toContain('1. Vastamise tähtaeg 5 päeva');
    const audit = await asOwner(db, (t) => t.query<{ action: string }>(`SELECT action FROM core_audit WHERE kov_code = $1 AND action LIKE 'feedback.action%' ORDER BY seq`, [A]));
    expect(audit.map((a) => a.action)).toEqual(['feedback.action.create', 'feedback.action.status', 'feedback.action.status']);
    // a resident sees none of it
    expect((await resident.get(`/kov/${A}/feedback/services/${svc1}/actions/new`)).statusCode).toBe(403);
  });
});
