// The analytics rollups (migrations/202612070800_reports_rollup.sql and the unit rollup,
// 202612080900_reports_unit_rollup.sql): after a random series of report
// changes through the services (createReport, handleReport: status, reopen, forward, re-category;
// the reporter's feedback), the rollup tables equal a from-scratch recount of reports_report (the
// re-opened flag recounted from the events), and the dashboard's figures equal the live queries'.
// The histogram percentiles stay within their buckets of the exact ones. On PostgreSQL, concurrent
// changes to different reports of the same day and category leave the rollup exact (the
// INSERT … ON CONFLICT DO UPDATE upsert); PGlite has one connection, nothing runs in parallel there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock, resetClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { asOwner, engine, seedTenant, testDb } from '../../../test/helpers.js';
import { unitAnalytics } from './analytics-units.js';
import { histBucketBounds, histPercentile, kovAnalytics, setExactPercentileLimit } from './analytics.js';
import { FIXTURE_HANDLER, makeReport, seedReportCategories } from './fixtures.js';
import type { HandlerAction } from './handling.js';
import { handleReport } from './handling.js';
import { answerFeedback } from './public.js';
import * as live from './repo/analytics.js';
import { newToken, sha256 } from './service.js';

const A = '0890'; // Viimsi vald
const B = '0198'; // Haapsalu linn (the concurrency test's own KOV)
const H = 3_600_000;
let db: Db;

/** A small deterministic random number generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNITS = ['0001', '0002', '0003', null];
const STATUSES = ['received', 'in_progress', 'scheduled', 'reopened', 'fixed', 'forwarded', 'duplicate', 'closed'];
const COUNT_COLS = `n, open, ${STATUSES.map((s) => `st_${s}`).join(', ')}, closed, with_target, on_time, responses, fixed_yes, fixed_no, sat_n, sat_sum, s1, s2, s3, s4, s5, reopened, reopened_open`;

/** The rollup as stored (zero rows left out) and as recounted from scratch from the reports and their events. */
async function rollupVsRecount(kov: string) {
  return asOwner(db, async (t) => {
    const stored = await t.query(
      `SELECT kov_code, day::text AS day, domain, category_id, ${COUNT_COLS} FROM reports_daily WHERE kov_code = $1 AND n <> 0 ORDER BY 2, 3, 4`,
      [kov],
    );
    const recount = await t.query(
      `SELECT kov_code, day::text AS day, domain, category_id, count(*)::int AS n, count(*) FILTER (WHERE op)::int AS open,
              ${STATUSES.map((s) => `count(*) FILTER (WHERE status = '${s}')::int AS st_${s}`).join(', ')},
              count(*) FILTER (WHERE cl)::int AS closed, count(*) FILTER (WHERE cl AND expected_at IS NOT NULL)::int AS with_target,
              count(*) FILTER (WHERE cl AND closed_at <= expected_at)::int AS on_time,
              count(*) FILTER (WHERE fixed_answer IS NOT NULL OR satisfaction IS NOT NULL)::int AS responses,
              count(*) FILTER (WHERE fixed_answer)::int AS fixed_yes, count(*) FILTER (WHERE NOT fixed_answer)::int AS fixed_no,
              count(satisfaction)::int AS sat_n, coalesce(sum(satisfaction), 0)::int AS sat_sum,
              count(*) FILTER (WHERE satisfaction = 1)::int AS s1, count(*) FILTER (WHERE satisfaction = 2)::int AS s2,
              count(*) FILTER (WHERE satisfaction = 3)::int AS s3, count(*) FILTER (WHERE satisfaction = 4)::int AS s4,
              count(*) FILTER (WHERE satisfaction = 5)::int AS s5, count(*) FILTER (WHERE ev)::int AS reopened,
              count(*) FILTER (WHERE ev AND op)::int AS reopened_open
         FROM (SELECT r.*, (r.confirmed_at AT TIME ZONE 'Europe/Tallinn')::date AS day,
                      r.status NOT IN ('received', 'in_progress', 'scheduled', 'reopened') AND r.closed_at IS NOT NULL AS cl,
                      r.status IN ('received', 'in_progress', 'scheduled', 'reopened') AS op,
                      EXISTS (SELECT 1 FROM reports_event e WHERE e.kov_code = r.kov_code AND e.report_id = r.id AND e.kind = 'reopened') AS ev
                 FROM reports_report r WHERE r.kov_code = $1 AND r.confirmed_at IS NOT NULL AND r.status <> 'unconfirmed') x
        GROUP BY 1, 2, 3, 4 ORDER BY 2, 3, 4`,
      [kov],
    );
    // the histograms: every report's bucket numbers, added up per (day, domain, category) in JS
    const times = await t.query<{ day: string; domain: string; category_id: string; rb: number | null; fb: number | null }>(
      `SELECT (confirmed_at AT TIME ZONE 'Europe/Tallinn')::date::text AS day, domain, category_id,
              CASE WHEN status NOT IN ('received', 'in_progress', 'scheduled', 'reopened') THEN extract(epoch FROM closed_at - confirmed_at)::float8 END AS rb,
              extract(epoch FROM first_action_at - confirmed_at)::float8 AS fb
         FROM reports_report WHERE kov_code = $1 AND confirmed_at IS NOT NULL AND status <> 'unconfirmed'`,
      [kov],
    );
    const bucketOf = (secs: number) => {
      for (let k = 63; k >= 0; k--) if (secs >= histBucketBounds(k)[0]) return k;
      return 0;
    };
    const hist = new Map<string, { res: number[]; fa: number[] }>();
    for (const r of times) {
      if (r.rb === null && r.fb === null) continue;
      const key = `${r.day}|${r.domain}|${r.category_id}`;
      let h = hist.get(key);
      if (!h) hist.set(key, (h = { res: Array<number>(64).fill(0), fa: Array<number>(64).fill(0) }));
      if (r.rb !== null) h.res[bucketOf(Number(r.rb))]!++;
      if (r.fb !== null) h.fa[bucketOf(Number(r.fb))]!++;
    }
    const storedHist = await t.query<{ day: string; domain: string; category_id: string; res: number[]; fa: number[] }>(
      `SELECT day::text AS day, domain, category_id, res, fa FROM reports_daily_speed WHERE kov_code = $1`,
      [kov],
    );
    const storedMap = new Map(
      storedHist
        .filter((r) => r.res.some((x) => x !== 0) || r.fa.some((x) => x !== 0))
        .map((r) => [`${r.day}|${r.domain}|${r.category_id}`, { res: r.res.map(Number), fa: r.fa.map(Number) }]),
    );
    return { stored, recount, storedHist: storedMap, recountHist: hist };
  });
}

/** The unit rollup (migrations/202612080900_reports_unit_rollup.sql) as stored (zero rows left out) and as recounted from the reports. */
async function expectUnitRollupExact(kov: string) {
  const { stored, recount } = await asOwner(db, async (t) => ({
    stored: await t.query(
      `SELECT month::text AS month, unit_code, domain, n, open, closed, with_target, on_time FROM reports_unit_monthly WHERE kov_code = $1 AND n <> 0 ORDER BY 1, 2, 3`,
      [kov],
    ),
    recount: await t.query(
      `SELECT date_trunc('month', confirmed_at AT TIME ZONE 'Europe/Tallinn')::date::text AS month, coalesce(unit_code, '') AS unit_code, domain,
              count(*)::int AS n, count(*) FILTER (WHERE NOT cl AND status IN ('received', 'in_progress', 'scheduled', 'reopened'))::int AS open,
              count(*) FILTER (WHERE cl)::int AS closed, count(*) FILTER (WHERE cl AND expected_at IS NOT NULL)::int AS with_target,
              count(*) FILTER (WHERE cl AND closed_at <= expected_at)::int AS on_time
         FROM (SELECT *, status NOT IN ('received', 'in_progress', 'scheduled', 'reopened') AND closed_at IS NOT NULL AS cl
                 FROM reports_report WHERE kov_code = $1 AND confirmed_at IS NOT NULL AND status <> 'unconfirmed') r
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [kov],
    ),
  }));
  expect(recount.length).toBeGreaterThan(0);
  expect(stored).toEqual(recount);
}

async function expectRollupExact(kov: string) {
  await expectUnitRollupExact(kov);
  const x = await rollupVsRecount(kov);
  expect(x.recount.length).toBeGreaterThan(0);
  expect(x.stored).toEqual(x.recount);
  expect([...x.storedHist.keys()].sort()).toEqual([...x.recountHist.keys()].sort());
  for (const [k, h] of x.recountHist) expect(x.storedHist.get(k), k).toEqual(h);
}

beforeAll(async () => {
  setClock('2027-01-10T08:00:00Z');
  db = await testDb();
  await seedTenant(db, A, 'Viimsi vald', 'vald');
  await seedReportCategories(db, A);
  await seedTenant(db, B, 'Haapsalu linn', 'linn');
  await seedReportCategories(db, B);
});

afterAll(async () => {
  resetClock();
  await db?.close();
});

describe(`reports analytics rollup (${engine})`, () => {
  it('equals a from-scratch recount after a random series of creations, handling and feedback; the dashboard equals the live counts', async () => {
    const rand = rng(20261207);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    let clock = Date.parse('2027-01-10T08:00:00Z');
    const ids: string[] = [];
    const numbers = new Map<string, string>();
    let applied = 0;
    for (let step = 0; step < 120; step++) {
      // time moves on by 0–40 hours (so reports fall on different Tallinn days, some around midnight)
      clock += Math.floor(rand() * 40 * H);
      setClock(new Date(clock));
      const roll = rand();
      if (ids.length < 4 || roll < 0.25) {
        const r = await makeReport(db, A, { category: pick(['pothole', 'light', 'litter']), description: `Teade ${step}` });
        ids.push(r.id);
        numbers.set(r.id, r.number);
        continue;
      }
      if (roll < 0.3) {
        // the report's settlement unit changes (as routing sets it; Viimsi has no imported boundaries here):
        // the unit rollup's trigger moves its counts, the main rollup's does not fire
        await asOwner(db, (t) => t.query('UPDATE reports_report SET unit_code = $2 WHERE id = $1', [pick(ids), pick(UNITS)]));
        continue;
      }
      const id = pick(ids);
      try {
        if (roll < 0.35) {
          // the reporter's answer through her link
          const token = newToken();
          await asOwner(db, (t) => t.query('UPDATE reports_report SET feedback_hash = $2 WHERE id = $1', [id, sha256(token)]));
          await answerFeedback(db, A, numbers.get(id)!, token, { fixed: rand() < 0.6, satisfaction: rand() < 0.8 ? 1 + Math.floor(rand() * 5) : null, comment: null });
        } else {
          const action: HandlerAction = pick<HandlerAction>([
            { kind: 'status', status: 'in_progress' },
            { kind: 'status', status: 'scheduled' },
            { kind: 'status', status: 'fixed', answer: 'Tehtud.' },
            { kind: 'status', status: 'fixed', answer: 'Tehtud.' },
            { kind: 'status', status: 'closed' },
            { kind: 'reopen', reason: 'Ei ole korras.' },
            { kind: 'reopen', reason: 'Ei ole korras.' },
            { kind: 'forward', to: 'Transpordiamet' },
            { kind: 'category', code: pick(['pothole', 'light', 'litter']) },
          ]);
          await handleReport(db, A, id, action, FIXTURE_HANDLER);
        }
        applied++;
      } catch (e) {
        // a change the report's state does not allow (e.g. reopening an open report, a used link): skip it
        if (!isHttpError(e) || e.status >= 500) throw e;
      }
    }
    expect(applied).toBeGreaterThan(40);
    await expectRollupExact(A);

    // the dashboard over the whole span against the live queries over the reports
    const q = { from: '2027-01-01', to: new Date(clock + 48 * H).toISOString().slice(0, 10), by: 'month' };
    const d = await kovAnalytics(db, A, q);
    const liveTotals = await db.tx(
      async (t) => {
        const f = {
          from: new Date(`${q.from}T00:00:00+02:00`),
          to: new Date(Date.parse(`${q.to}T00:00:00+02:00`) + 24 * H),
          domain: null,
          categoryId: null,
          bucket: 'month' as const,
          starts: [new Date('2026-12-31T22:00:00Z')],
          now: new Date(clock),
          fromDay: q.from,
          toDay: q.to,
          startDays: [q.from],
        };
        const cells = await live.kovCounts(t, A, f);
        const reopen = await live.kovReopened(t, A, f);
        const sum = (k: keyof live.CountRow) => cells.reduce((a, c) => a + Number(c[k] ?? 0), 0);
        return {
          reports: sum('n'),
          open: sum('open'),
          overdue: sum('overdue'),
          closed: sum('closed'),
          onTime: sum('on_time'),
          responses: sum('responses'),
          fixedYes: sum('fixed_yes'),
          satisfactionCount: sum('sat_n'),
          reopened: Number(reopen.find((r) => r.domain === null)?.reopened ?? 0),
        };
      },
      { kov: A },
    );
    expect(liveTotals.reports).toBeGreaterThan(10);
    expect(liveTotals.reopened).toBeGreaterThan(0);
    expect(d.total).toMatchObject(liveTotals);

    // the unit view over the same whole months: its units add up to the dashboard's totals, each unit to a live recount
    const months = { from: q.from.slice(0, 7), to: q.to.slice(0, 7) };
    const u = await unitAnalytics(db, A, months);
    expect(u.total).toMatchObject({ reports: d.total.reports, open: d.total.open, closed: d.total.closed, onTime: d.total.onTime, withTarget: d.total.withTarget });
    expect(u.units.reduce((a, x) => a + x.reports, 0)).toBe(d.total.reports);
    expect(u.units.filter((x) => x.code !== null).length).toBeGreaterThanOrEqual(2);
    const liveUnits = await db.tx((t) => live.kovUnitRecount(t, A, `${months.from}-01`, `${months.to}-01`, null), { kov: A });
    for (const x of u.units) {
      const rows = liveUnits.filter((r) => r.unit_code === (x.code ?? ''));
      expect(x.reports, String(x.code)).toBe(rows.reduce((a, r) => a + Number(r.n), 0));
      expect(x.open, String(x.code)).toBe(rows.reduce((a, r) => a + Number(r.open), 0));
      for (const r of rows) expect(x.domains[r.domain as 'roads'], `${x.code} ${r.domain}`).toBe(Number(r.n));
    }
    // a domain filter: only that domain's reports
    const roads = await unitAnalytics(db, A, { ...months, domain: 'roads' });
    expect(roads.total.reports).toBe(d.byDomain.find((x) => x.domain === 'roads')?.reports ?? 0);

    // the histogram path (forced) against the exact percentiles: the same counts, times within the bucket
    const prev = setExactPercentileLimit(0);
    try {
      const h = await kovAnalytics(db, A, q);
      expect({ ...h.total, resolutionMedianHours: 0, resolutionP90Hours: 0, firstActionMedianHours: 0, firstActionP90Hours: 0 }).toEqual({
        ...d.total,
        resolutionMedianHours: 0,
        resolutionP90Hours: 0,
        firstActionMedianHours: 0,
        firstActionP90Hours: 0,
      });
      for (const k of ['resolutionMedianHours', 'resolutionP90Hours', 'firstActionMedianHours', 'firstActionP90Hours'] as const) {
        const exact = d.total[k]!;
        const approx = h.total[k]!;
        expect(exact, k).not.toBeNull();
        // within two buckets' width (the exact value interpolates between two reports, maybe in neighbouring buckets) and the rounding
        expect(approx, k).toBeGreaterThanOrEqual(exact / 1.25 ** 2 - 0.1);
        expect(approx, k).toBeLessThanOrEqual(exact * 1.25 ** 2 + 60 / 3600 + 0.1);
      }
    } finally {
      setExactPercentileLimit(prev);
    }
  });

  it('reads percentiles from a histogram within the bucket, interpolating', () => {
    const h = Array<number>(64).fill(0);
    // ten reports in the bucket [60·1.25^9, 60·1.25^10) s
    h[10] = 10;
    const [lo, hi] = histBucketBounds(10);
    expect(hi / lo).toBeCloseTo(1.25);
    const m = histPercentile(h, 0.5)!;
    expect(m).toBeGreaterThan(lo);
    expect(m).toBeLessThan(hi);
    expect(histPercentile(h, 0.9)!).toBeGreaterThan(m);
    expect(histPercentile(Array<number>(64).fill(0), 0.5)).toBeNull();
    // one in the first minute and one in the open last bucket: the median lies between them
    const two = Array<number>(64).fill(0);
    two[0] = 1;
    two[63] = 1;
    expect(histPercentile(two, 0)!).toBeLessThan(60);
    expect(histPercentile(two, 1)).toBe(histBucketBounds(63)[0]);
  });
});

describe.skipIf(engine !== 'postgres')('reports analytics rollup under concurrency (skipped on PGlite: one connection, nothing runs in parallel)', () => {
  it('stays exact when different reports of the same day and category are created and closed at once', async () => {
    setClock('2027-03-03T09:00:00Z');
    // twenty reports created at once: all land in one new cell (the day, pothole)
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => makeReport(db, B, { category: 'pothole', description: `Samaaegne ${i}` })));
    await expectRollupExact(B);
    const cell = await asOwner(db, (t) =>
      t.one<{ n: number }>(`SELECT sum(st_received)::int AS n FROM reports_daily WHERE kov_code = $1 AND day = '2027-03-03'`, [B]),
    );
    expect(cell?.n).toBe(20);
    // then all fixed at once (each moves its count from 'received' to 'fixed' in the same row and adds to the same histograms)
    setClock('2027-03-05T09:00:00Z');
    await Promise.all(created.map((r) => handleReport(db, B, r.id, { kind: 'status', status: 'fixed', answer: 'Tehtud.' }, FIXTURE_HANDLER)));
    await expectRollupExact(B);
    // half of them re-opened at once
    setClock('2027-03-06T09:00:00Z');
    await Promise.all(created.slice(0, 10).map((r) => handleReport(db, B, r.id, { kind: 'reopen', reason: 'Ei ole korras.' }, FIXTURE_HANDLER)));
    await expectRollupExact(B);
    const d = await kovAnalytics(db, B, { from: '2027-03-01', to: '2027-03-31' });
    expect(d.total).toMatchObject({ reports: 20, closed: 10, open: 10, reopened: 10, reopenRate: 0.5 });
  });

  it('lets a change that moves no count (a note, updated_at) not block a concurrent status change of the same day and category', async () => {
    setClock('2027-03-10T09:00:00Z');
    const [r1, r2] = [await makeReport(db, B, { category: 'light', description: 'Aeglane' }), await makeReport(db, B, { category: 'light', description: 'Kiire' })];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let took!: () => void;
    const updated = new Promise<void>((resolve) => (took = resolve));
    // a transaction that updates r1 without changing anything counted, and stays open
    const slow = db.tx(
      async (t) => {
        await t.query(`UPDATE reports_report SET updated_at = updated_at + interval '1 second' WHERE kov_code = $1 AND id = $2`, [B, r1!.id]);
        took();
        await held;
      },
      { kov: B },
    );
    await updated;
    // r2's status change (same day, same category) must not wait for it
    const fast = handleReport(db, B, r2!.id, { kind: 'status', status: 'in_progress' }, FIXTURE_HANDLER).then(() => 'done');
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('blocked'), 5000));
    const outcome = await Promise.race([fast, timeout]);
    release();
    await slow;
    await fast;
    expect(outcome).toBe('done');
    await expectRollupExact(B);
  });
});
