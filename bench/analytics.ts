// Reports analytics on 1,000,000 reports, read from the daily rollup (migrations/202612070800_reports_rollup.sql,
// filled after the bulk insert by reports_daily_rebuild()): one KOV's dashboard (the service function kovAnalytics,
// under row-level security) and ELVL's all-KOV comparison (allAnalytics), each over the default
// period (the last twelve months), against a baseline measured in the same run on the same data: the
// plain `SELECT count(*)` of the KOV's reports received in the period, through raw pg without the app.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- analytics [--reports 1000000] [--runs 50]
//
// Set-up (a fresh scratch database, dropped afterwards): the 79 KOVs of the embedded EHAK data, 8
// categories each over the 7 shared domains, and the reports generated in bulk by generate_series in
// SQL, spread over three years and skewed as reports are: Tallinn about 30 %, Tartu 8 %, the rest
// falling off by rank. About 1 % stay unconfirmed; older reports are mostly closed (fixed, closed,
// forwarded, duplicate), resolution and first-action times drawn from exponential distributions around
// each category's target; 40 % of the closed ones answered "is it fixed?"; 3 % re-opened once.
// Details go to stderr; stdout gets one line:
//   analytics: one KOV p95 <ms> ms … Tartu p95 <ms> ms … all KOVs p95 <ms> ms … baseline count(*) p95 <ms> ms; ratio <one KOV p95 ÷ baseline p95>
// (stderr also compares the histogram's median and 90th percentile with the exact ones)
import { allAnalytics, kovAnalytics } from '../src/modules/reports/analytics.js';
import { unitAnalytics } from '../src/modules/reports/analytics-units.js';
import { loadDemoTerritory } from '../src/modules/territory/index.js';
import { KOV, log, numArg, scratchDb } from './lib/certified.js';

const REPORTS = numArg('reports', 1_000_000);
const RUNS = numArg('runs', 50);

const q = (s: number[], p: number) => {
  const x = [...s].sort((a, b) => a - b);
  return x[Math.min(x.length - 1, Math.floor(x.length * p))] ?? NaN;
};

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn(); // warm: plans, caches, the population cache
  const lat: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    lat.push(performance.now() - t0);
  }
  return { p50: q(lat, 0.5), p95: q(lat, 0.95) };
}

async function main() {
  const s = await scratchDb('analytics');
  try {
    const { db, client } = s;
    const t0 = performance.now();
    await loadDemoTerritory(db);
    const kovs = (await client.query<{ kov_code: string }>(`SELECT kov_code FROM core_tenant WHERE active ORDER BY kov_code`)).rows.map((r) => r.kov_code);
    // weights: Tallinn 30 %, Tartu 8 %, the others by rank 1/(r+2), scaled to the remaining 62 %
    const others = kovs.filter((k) => k !== KOV && k !== '0793');
    const harmonic = others.reduce((sum, _, i) => sum + 1 / (i + 2), 0);
    const counts = new Map<string, number>([
      [KOV, Math.round(REPORTS * 0.3)],
      ['0793', Math.round(REPORTS * 0.08)],
    ]);
    others.forEach((k, i) => counts.set(k, Math.max(1, Math.round((REPORTS * 0.62 * (1 / (i + 2))) / harmonic))));
    log(`set-up: ${kovs.length} KOVs; Tallinn ${counts.get(KOV)} reports, the smallest ${Math.min(...counts.values())}`);

    await client.query(`CREATE TEMP TABLE bench_kov (kov_code text PRIMARY KEY, n int NOT NULL)`);
    await client.query(`INSERT INTO bench_kov SELECT * FROM unnest($1::text[], $2::int[])`, [[...counts.keys()], [...counts.values()]]);
    await client.query(`
      INSERT INTO reports_category (id, kov_code, code, domain, name_et, name_en, name_ru, sla_days, sort)
      SELECT gen_random_uuid(), k.kov_code, c.code, c.domain, c.name, c.name, c.name, c.sla, c.ord
        FROM bench_kov k,
             (VALUES (1, 'auk', 'roads', 'Auk teel', 10), (2, 'teekate', 'roads', 'Teekate', 30), (3, 'valgus', 'lighting', 'Tänavavalgus', 5),
                     (4, 'prygi', 'waste', 'Prügi', 3), (5, 'puu', 'greenery', 'Ohtlik puu', 14), (6, 'vesi', 'water', 'Veeleke', 2),
                     (7, 'kord', 'public_order', 'Avalik kord', 7), (8, 'muu', 'other', 'Muu', 21)) AS c(ord, code, domain, name, sla)`);
    const g0 = performance.now();
    // the bulk load skips the rollup trigger (a million row-by-row upserts); the rollup is then
    // recounted set-based (reports_daily_rebuild, the migration's backfill) before anything is measured
    await client.query(
      'ALTER TABLE reports_report DISABLE TRIGGER reports_daily_sync, DISABLE TRIGGER reports_daily_sync_update, DISABLE TRIGGER reports_unit_sync, DISABLE TRIGGER reports_unit_sync_update, ' +
        'DISABLE TRIGGER reports_unit_speed_sync, DISABLE TRIGGER reports_unit_speed_sync_update',
    );
    // each KOV's settlement units (embedded EHAK): 90 % of the reports lie in one of them, uniformly
    await client.query(`CREATE TEMP TABLE bench_unit (kov_code text, i int, code text, cnt int, PRIMARY KEY (kov_code, i))`);
    await client.query(`
      INSERT INTO bench_unit SELECT municipality_code, row_number() OVER w, code, count(*) OVER (PARTITION BY municipality_code)
        FROM territory_unit u JOIN territory_version v ON v.version = u.version AND v.is_current
       WHERE u.level = 3 WINDOW w AS (PARTITION BY municipality_code ORDER BY code)`);
    await client.query(`
      INSERT INTO reports_report (id, kov_code, number, category_id, domain, status, description, lat, lon, unit_code, source, reporter_kind,
                                  token, created_at, confirmed_at, updated_at, expected_at, first_action_at, closed_at, fixed_answer, satisfaction)
      SELECT gen_random_uuid(), s.kov_code, '2026-' || lpad(s.g::text, 6, '0'), c.id, c.domain,
             s.status, 'Bench', 59.0, 25.0,
             CASE WHEN s.u7 < 0.9 THEN (SELECT bu.code FROM bench_unit bu WHERE bu.kov_code = s.kov_code AND bu.i = 1 + floor(s.u7 / 0.9 * bu.cnt)::int) END,
             'web', 'person', md5(s.kov_code || '-' || s.g), s.received,
             CASE WHEN s.status = 'unconfirmed' THEN NULL ELSE s.received END, s.received,
             CASE WHEN s.status = 'unconfirmed' THEN NULL ELSE s.received + c.sla_days * interval '1 day' END,
             CASE WHEN s.status <> 'unconfirmed' AND s.u3 < 0.9 THEN least(s.received + (-ln(1 - s.u4) * 8) * interval '1 hour', now()) END,
             CASE WHEN s.status IN ('fixed', 'closed', 'forwarded', 'duplicate')
                  THEN least(s.received + (-ln(1 - s.u4)) * c.sla_days * 0.8 * interval '1 day', now()) END,
             CASE WHEN s.status IN ('fixed', 'closed') AND s.u5 < 0.4 THEN s.u5 < 0.3 END,
             CASE WHEN s.status IN ('fixed', 'closed') AND s.u5 < 0.4 THEN 1 + floor(s.u6 * 5)::int END
        FROM (SELECT k.kov_code, g, 1 + floor(random() * 8)::int AS ci, r.received, r.u1, random() AS u3, random() AS u4, random() AS u5, random() AS u6, random() AS u7,
                     CASE WHEN r.u1 < 0.01 THEN 'unconfirmed'
                          WHEN r.u2 < (CASE WHEN r.received < now() - interval '60 days' THEN 0.92 ELSE 0.5 END)
                            THEN (ARRAY['fixed', 'fixed', 'fixed', 'fixed', 'fixed', 'fixed', 'fixed', 'closed', 'forwarded', 'duplicate'])[1 + floor(random() * 10)::int]
                          ELSE (ARRAY['received', 'received', 'in_progress', 'in_progress', 'scheduled', 'reopened'])[1 + floor(random() * 6)::int] END AS status
                FROM bench_kov k, generate_series(1, k.n) g,
                     LATERAL (SELECT now() - random() * interval '3 years' + g * interval '0 seconds' AS received, random() AS u1, random() + g * 0 AS u2) r) s
        JOIN reports_category c ON c.kov_code = s.kov_code AND c.sort = s.ci`);
    await client.query(`
      INSERT INTO reports_event (kov_code, report_id, seq, kind, public, status, actor_kind, actor_name, at)
      SELECT kov_code, id, 1, 'reopened', true, 'reopened', 'person', 'Bench', closed_at
        FROM reports_report WHERE closed_at IS NOT NULL AND random() < 0.03`);
    const g1 = performance.now();
    await client.query(
      'ALTER TABLE reports_report ENABLE TRIGGER reports_daily_sync, ENABLE TRIGGER reports_daily_sync_update, ENABLE TRIGGER reports_unit_sync, ENABLE TRIGGER reports_unit_sync_update, ' +
        'ENABLE TRIGGER reports_unit_speed_sync, ENABLE TRIGGER reports_unit_speed_sync_update',
    );
    await client.query('SELECT reports_daily_rebuild()');
    const g15 = performance.now();
    await client.query('SELECT reports_unit_rebuild()');
    await client.query('SELECT reports_unit_speed_rebuild()');
    const g2 = performance.now();
    await client.query('VACUUM ANALYZE reports_report');
    await client.query('VACUUM ANALYZE reports_event');
    await client.query('VACUUM ANALYZE reports_daily');
    await client.query('VACUUM ANALYZE reports_daily_speed');
    await client.query('VACUUM ANALYZE reports_unit_monthly');
    await client.query('VACUUM ANALYZE reports_unit_speed');
    const rolled = (await client.query<{ a: string; b: string }>('SELECT (SELECT count(*) FROM reports_daily) AS a, (SELECT count(*) FROM reports_daily_speed) AS b')).rows[0]!;
    log(`set-up: rollup rebuilt in ${((g15 - g1) / 1000).toFixed(1)} s: ${rolled.a} count rows, ${rolled.b} histogram rows`);
    const unitRows = (await client.query<{ n: string }>('SELECT count(*) AS n FROM reports_unit_monthly')).rows[0]!.n;
    log(`set-up: unit rollup rebuilt in ${((g2 - g15) / 1000).toFixed(1)} s: ${unitRows} rows`);
    const total = (await client.query<{ n: string }>('SELECT count(*) AS n FROM reports_report')).rows[0]!.n;
    log(`set-up: ${total} reports generated in ${((g1 - g0) / 1000).toFixed(1)} s, vacuumed; whole set-up ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const one = await kovAnalytics(db, KOV, {});
    log(`one KOV (Tallinn, ${one.filter.from}–${one.filter.to}): ${one.total.reports} reports, median ${one.total.resolutionMedianHours} h, p90 ${one.total.resolutionP90Hours} h, on time ${one.total.onTimeShare}`);
    // the histogram's median and 90th percentile against the exact ones (percentile_cont over the rows)
    const exact = (
      await client.query<{ m: number; p: number }>(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - confirmed_at)) / 3600 AS m,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - confirmed_at)) / 3600 AS p
           FROM reports_report WHERE kov_code = $1 AND confirmed_at >= $2 AND confirmed_at < $3 AND status IN ('fixed', 'closed', 'forwarded', 'duplicate')`,
        [KOV, new Date(`${one.filter.from}T00:00:00+02:00`), new Date(Date.parse(`${one.filter.to}T00:00:00+02:00`) + 86_400_000)],
      )
    ).rows[0]!;
    log(`exact (percentile_cont) for comparison: median ${Number(exact.m).toFixed(1)} h, p90 ${Number(exact.p).toFixed(1)} h`);
    const all = await allAnalytics(db, {});
    log(`all KOVs: ${all.total.reports} reports in ${all.kovs.length} KOVs`);

    const from = new Date(`${one.filter.from}T00:00:00+02:00`);
    const to = new Date(Date.parse(`${one.filter.to}T00:00:00+02:00`) + 86_400_000);
    const base = await time(RUNS, () => client.query(`SELECT count(*) FROM reports_report WHERE kov_code = $1 AND confirmed_at >= $2 AND confirmed_at < $3 AND status <> 'unconfirmed'`, [KOV, from, to]));
    log(`baseline count(*) of Tallinn's period, raw pg: p50 ${base.p50.toFixed(1)} ms, p95 ${base.p95.toFixed(1)} ms`);
    const kov = await time(RUNS, () => kovAnalytics(db, KOV, {}));
    const tartuRows = (await kovAnalytics(db, '0793', {})).total.reports;
    log(`one KOV dashboard (Tallinn, the largest), ${RUNS} runs: p50 ${kov.p50.toFixed(1)} ms, p95 ${kov.p95.toFixed(1)} ms`);
    const small = await time(RUNS, () => kovAnalytics(db, '0793', {}));
    log(`one KOV dashboard (Tartu), ${RUNS} runs: p50 ${small.p50.toFixed(1)} ms, p95 ${small.p95.toFixed(1)} ms`);
    const unitsOne = await unitAnalytics(db, KOV, {});
    log(
      `by unit (Tallinn, ${unitsOne.filter.from}–${unitsOne.filter.to}): ${unitsOne.total.reports} reports in ${unitsOne.units.length} rows (units and not located); ` +
        `median first action ${unitsOne.total.firstActionMedianHours} h, to close ${unitsOne.total.resolutionMedianHours} h`,
    );
    const units = await time(RUNS, () => unitAnalytics(db, KOV, {}));
    log(`by-unit view (Tallinn), ${RUNS} runs: p50 ${units.p50.toFixed(1)} ms, p95 ${units.p95.toFixed(1)} ms`);
    const allRuns = Math.max(5, Math.round(RUNS / 3));
    const everyone = await time(allRuns, () => allAnalytics(db, {}));
    log(`all-KOV dashboard, ${allRuns} runs: p50 ${everyone.p50.toFixed(1)} ms, p95 ${everyone.p95.toFixed(1)} ms`);
    process.stdout.write(
      `analytics: ${total} reports, one KOV (Tallinn, ${one.total.reports} in 12 months) p95 ${kov.p95.toFixed(1)} ms (p50 ${kov.p50.toFixed(1)}); ` +
        `Tartu (${tartuRows}) p95 ${small.p95.toFixed(1)} ms (p50 ${small.p50.toFixed(1)}); all KOVs p95 ${everyone.p95.toFixed(1)} ms (p50 ${everyone.p50.toFixed(1)}); by unit (Tallinn) p95 ${units.p95.toFixed(1)} ms (p50 ${units.p50.toFixed(1)}); baseline count(*) p95 ${base.p95.toFixed(1)} ms; ratio ${(kov.p95 / base.p95).toFixed(2)}\n`,
    );
  } finally {
    await s.drop();
  }
}

await main();
