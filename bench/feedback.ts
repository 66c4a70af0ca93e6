// Feedback (issue 13): survey answers accepted per second over HTTP against pgbench running the same
// INSERT, and the dashboard queries over 1,000,000 answers.
//
//  - writes: N keep-alive clients (a worker thread) POSTing JSON answers to the public endpoint
//    POST /api/v1/kov/{kov}/services/{id}/feedback (the widget's: the signed form token of
//    GET …/feedback/form, at least 3 s old; validation, the honeypot, the insert, the rollup trigger), the public-write rate limit raised so that the bench is let
//    through (RATE_LIMIT_PUBLIC_WRITE_PER_MINUTE, as the other benches do); against pgbench running the
//    same INSERT as the survey's repo (insertAnswer) in the same transaction prelude as db.tx (SET
//    LOCAL ROLE vallamaja_app + the tenant setting, so under row-level security, the trigger included);
//  - reads: 1,000,000 answers seeded with one INSERT … SELECT generate_series over 78 KOVs × 20
//    services × 24 months (the rollup trigger off during the seed, then the rollup rebuilt set-based
//    and checked against a recount), then the dashboard services as the pages call them: one
//    service's dashboard (the last 12 months, p95 of many calls) and ELVL's comparison across every
//    KOV (p95).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/feedback.ts [seconds] [clients] [answers]
//
// A scratch database is created from DATABASE_URL (and dropped at the end). Ends with one line
//   feedback: <answers/s> POST answers over HTTP vs pgbench <tps> of the same INSERT; ratio <r>; dashboard over 1,000,000 answers: one service p95 … ms, all KOVs p95 … ms
// (ratio = HTTP answers/s ÷ pgbench inserts/s).
import { postLoad } from './lib/http-post.js';
import { p99, runPgbench } from './lib/pgbench.js';
import { scratchDb } from './lib/scratch.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/kernel/db.js';
import { compareDashboard, serviceDashboard } from '../src/modules/feedback/dashboard.js';
import { createService, publishService } from '../src/modules/services/fixtures.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CLIENTS = Number(process.argv[3] ?? 16);
const ANSWERS = Number(process.argv[4] ?? 1_000_000);
const KOVS = 78;
const SERVICES_PER_KOV = 20;
const KOV = '0784';

const p95 = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
};

/** The KOV codes of the bench: 0784 (with real services) and 77 more. */
const kovCodes = () => [KOV, ...Array.from({ length: KOVS - 1 }, (_, i) => String(1000 + i).padStart(4, '0'))];

async function seed(db: Db, serviceIds: string[]): Promise<number> {
  const t0 = performance.now();
  await db.system('bench set-up: KOVs', (t) =>
    t.query(
      `INSERT INTO core_tenant (kov_code, name, kind, county_code, ehak_version)
       SELECT code, 'Bench KOV ' || code, 'vald', '0037', 'bench' FROM unnest($1::text[]) AS code ON CONFLICT DO NOTHING`,
      [kovCodes().filter((c) => c !== KOV)],
    ),
  );
  // answer i: KOV i % 78, service (i / 78) % 20 of that KOV (the KOV 0784's are its real services), within the last 730 days;
  // a third ticks what went well, a quarter what did not; one in 50 has an approved comment, one in 200 a pending one
  await db.system('bench set-up: a million answers in one INSERT … SELECT (the rollup trigger off, rebuilt after)', async (t) => {
    await t.query('ALTER TABLE feedback_answer DISABLE TRIGGER feedback_monthly_sync');
    await t.query(
      `INSERT INTO feedback_answer (id, kov_code, service_id, channel, invite_id, satisfaction, ease, went_well, went_badly, comment, comment_state, lang, answered_at)
       SELECT gen_random_uuid(), k.codes[1 + i % $2], 
              CASE WHEN i % $2 = 0 THEN ($4::uuid[])[1 + (i / $2) % $3]
                   ELSE ('00000000-0000-4000-8000-' || lpad(((i % $2) * 100 + (i / $2) % $3)::text, 12, '0'))::uuid END,
              (ARRAY['link', 'qr', 'widget', 'form', 'api'])[1 + i % 5], NULL,
              1 + (i * 7 + i / 13) % 5, 1 + (i * 3 + i / 7) % 5,
              CASE WHEN i % 3 = 0 THEN ARRAY[(ARRAY['trust', 'effectiveness', 'ease', 'efficiency', 'transparency', 'helpfulness'])[1 + i % 6]] ELSE '{}' END,
              CASE WHEN i % 4 = 0 THEN ARRAY[(ARRAY['efficiency', 'ease', 'transparency'])[1 + i % 3], 'trust'] ELSE '{}' END,
              CASE WHEN i % 50 = 0 THEN 'Bench comment ' || i WHEN i % 200 = 1 THEN 'Pending comment ' || i END,
              CASE WHEN i % 50 = 0 THEN 'approved' WHEN i % 200 = 1 THEN 'pending' ELSE 'none' END,
              'et', now() - (i % 730) * interval '1 day' - (i % 1440) * interval '1 minute'
         FROM generate_series(1, $1::int) AS i, (SELECT $5::text[] AS codes) k`,
      [ANSWERS, KOVS, SERVICES_PER_KOV, serviceIds, kovCodes()],
    );
    await t.query('ALTER TABLE feedback_answer ENABLE TRIGGER feedback_monthly_sync');
    await t.query('SELECT feedback_monthly_rebuild()');
    await t.query('ANALYZE');
  });
  const secs = (performance.now() - t0) / 1000;
  // the rebuilt rollup adds up to the answers
  const check = await db.system('bench: the rollup against the answers', (t) =>
    t.one<{ a: number; r: number; s: number; rs: number }>(
      `SELECT (SELECT count(*) FROM feedback_answer)::int AS a, (SELECT sum(n) FROM feedback_monthly)::int AS r,
              (SELECT sum(satisfaction) FROM feedback_answer)::int AS s, (SELECT sum(sat_sum) FROM feedback_monthly)::int AS rs`,
    ),
  );
  if (check!.a !== ANSWERS || check!.r !== ANSWERS || check!.s !== check!.rs) throw new Error(`seed: ${JSON.stringify(check)}`);
  return secs;
}

async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    lat.push(performance.now() - t0);
  }
  return lat;
}

async function main() {
  const sc = await scratchDb('feedback');
  const { db, url, name: scratch } = sc;
  const u = new URL(url);
  try {
    const services: string[] = [];
    for (let i = 0; i < SERVICES_PER_KOV; i++) {
      const s = await createService(db, KOV, { name: { et: `Teenus ${i + 1}`, en: `Service ${i + 1}`, ru: `Услуга ${i + 1}` } });
      await publishService(db, KOV, s.id);
      services.push(s.id);
    }
    const target = services[0]!;

    // ================================================================ reads: the dashboards over the million
    const seedSecs = await seed(db, services);
    process.stdout.write(`seed: ${ANSWERS.toLocaleString('en')} answers (${KOVS} KOVs × ${SERVICES_PER_KOV} services × 24 months) with one INSERT … SELECT, rollup rebuilt: ${seedSecs.toFixed(1)} s\n`);
    const perService = await db.system('bench: answers of the measured service', (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM feedback_answer WHERE service_id = $1', [target]));
    await serviceDashboard(db, KOV, target, {}); // warm
    const one = await timed(200, () => serviceDashboard(db, KOV, target, {}));
    process.stdout.write(`one service's dashboard (${perService!.n} answers of ${ANSWERS.toLocaleString('en')}, last 12 months, 200 calls): p50 ${one.sort((a, b) => a - b)[100]!.toFixed(1)} ms, p95 ${p95(one).toFixed(1)} ms\n`);
    await compareDashboard(db, {});
    const all = await timed(30, () => compareDashboard(db, {}));
    process.stdout.write(`all KOVs' comparison (${KOVS} KOVs, last 12 months, 30 calls): p50 ${all.sort((a, b) => a - b)[15]!.toFixed(1)} ms, p95 ${p95(all).toFixed(1)} ms\n`);

    // ================================================================ writes: pgbench, the same INSERT
    const countAnswers = async () => Number((await db.system('bench: count', (t) => t.one<{ n: number }>('SELECT count(*)::int AS n FROM feedback_answer')))!.n);
    let insertTps: number;
    {
      const lines = [
        '\\set s random(1, 5)',
        '\\set e random(1, 5)',
        'BEGIN;',
        'SET LOCAL ROLE vallamaja_app;',
        `SELECT set_config('vallamaja.kov', '${KOV}', true);`,
        // the survey repo's insertAnswer, with the values the HTTP clients send
        `INSERT INTO feedback_answer (id, kov_code, service_id, channel, invite_id, satisfaction, ease, went_well, went_badly, comment, comment_state, lang, answered_at)` +
          ` VALUES (gen_random_uuid(), '${KOV}', '${target}', 'widget', NULL, :s, :e, ARRAY['trust', 'ease']::text[], ARRAY['efficiency']::text[], NULL,` +
          ` CASE WHEN NULL::text IS NULL THEN 'none' ELSE 'pending' END, 'et', coalesce(NULL::timestamptz, core_now())) RETURNING id;`,
        'COMMIT;',
      ];
      const before = await countAnswers();
      const pb = runPgbench(u, scratch, lines, { clients: CLIENTS, seconds: SECONDS, what: 'inserts' });
      insertTps = pb.tps;
      const added = (await countAnswers()) - before;
      if (added !== pb.transactions) throw new Error(`pgbench says ${pb.transactions} transactions, ${added} answers were stored`);
      process.stdout.write(`pgbench (the survey's INSERT with the rollup trigger, as vallamaja_app, ${CLIENTS} clients, ${SECONDS} s): ${insertTps.toFixed(0)} answers/s (${added} stored)\n`);
    }

    // ================================================================ writes: HTTP, the public JSON endpoint
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef', RATE_LIMIT_PUBLIC_WRITE_PER_MINUTE: '100000000', TRUST_PROXY: 'true' });
    const app = await buildApp({ config, db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const path = `/api/v1/kov/${KOV}/services/${target}/feedback`;
    // the widget's way: the form (with its signed token), then the answer at least 3 seconds later
    const form = await fetch(`http://127.0.0.1:${port}${path}/form?lang=et`);
    if (form.status !== 200) throw new Error(`GET ${path}/form answers ${form.status}: ${await form.text()}`);
    const { token } = (await form.json()) as { token: string };
    await new Promise((r) => setTimeout(r, 3200));
    const body = JSON.stringify({ token, satisfaction: 4, ease: 5, wentWell: ['trust', 'ease'], wentBadly: ['efficiency'], lang: 'et' });
    const probe = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const probeText = await probe.text();
    if (probe.status !== 201 && probe.status !== 200) throw new Error(`POST ${path} answers ${probe.status}: ${probeText}`);
    const ok = probe.status;
    const before = await countAnswers();
    const { secs, ...res } = await postLoad({ port, path, body, contentType: 'application/json', ok, clients: CLIENTS, seconds: SECONDS, forwardedFor: true });
    const added = (await countAnswers()) - before;
    if (added !== res.n) throw new Error(`${res.n} requests answered ${ok}, ${added} answers were stored`);
    const rate = res.n / secs;
    process.stdout.write(
      `HTTP POST (${CLIENTS} keep-alive clients, ${secs.toFixed(1)} s, one server process): ${res.n} answers stored (${res.bad} failed${res.bad ? ` ${JSON.stringify(res.codes)}` : ''}), p99 ${p99(res.lat).toFixed(1)} ms\n`,
    );
    await app.close();
    process.stdout.write(
      `feedback: ${rate.toFixed(0)} answers/s POST ${path.replace(target, '{id}')} over HTTP (${CLIENTS} clients, JSON, checks + insert + rollup) vs pgbench ${insertTps.toFixed(0)} of the same INSERT; ` +
        `ratio ${(rate / insertTps).toFixed(3)}; dashboard over ${ANSWERS.toLocaleString('en')} answers: one service p95 ${p95(one).toFixed(1)} ms (aim < 50), all KOVs p95 ${p95(all).toFixed(1)} ms (aim < 1000)\n`,
    );
  } finally {
    await sc.drop();
  }
}

await main();
