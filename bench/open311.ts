// Open311 over HTTP against pgbench running the same SQL (in the same transaction prelude as db.tx:
// SET LOCAL ROLE vallamaja_app + the tenant setting, so under row-level security):
//  - reads: GET /open311/v2/requests.json?page_size=100 (a listening app, a keep-alive client in a
//    worker thread) against the list's own SQL (requestListSql, the same parameters);
//  - writes: N clients POSTing form-encoded /open311/v2/requests.json (a write key of the KOV,
//    service_code, lat/long inside the KOV, description) against pgbench running, per transaction,
//    what createReport runs for one report: the counter upsert (nextNumber), the report insert
//    (insertReport) and the event insert with its updated_at touch (insertEvent).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/open311.ts [seconds] [clients] [reports]
//
// A scratch database is created from DATABASE_URL (and dropped at the end) and filled with `reports`
// confirmed reports of one KOV over the last 90 days (a third answered, a tenth with a photo). Ends with
//   open311: <POST req/s> POST /requests.json over HTTP … vs pgbench <tps> of the same inserts; ratio <r>
// (ratio = HTTP requests/s ÷ pgbench transactions/s); the GET figures are the line before it.
import { Worker } from 'node:worker_threads';
import { postLoad } from './lib/http-post.js';
import { p99, runPgbench } from './lib/pgbench.js';
import { scratchDb } from './lib/scratch.js';
import { buildApp } from '../src/app.js';
import { createApiKey } from '../src/kernel/auth.js';
import { now } from '../src/kernel/clock.js';
import { loadConfig } from '../src/config.js';
import { seedReportCategories } from '../src/modules/reports/fixtures.js';
import { listRequests } from '../src/modules/reports/open311.js';
import { requestListSql } from '../src/modules/reports/repo/open311.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CLIENTS = Number(process.argv[3] ?? 16);
const REPORTS = Number(process.argv[4] ?? 20000);
const KOV = '0784';
const lit = (v: unknown): string => {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return `'${v.toISOString()}'::timestamptz`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `ARRAY[${v.map(lit).join(', ')}]::text[]`;
  return `'${String(v).replace(/'/g, "''")}'`;
};

async function main() {
  const sc = await scratchDb('open311');
  const { db, url, name: scratch } = sc;
  const u = new URL(url);
  let insertTps = NaN;
  try {
    const cats = await seedReportCategories(db, KOV);
    const at = now();
    await db.system('bench set-up: reports, answers and photos in bulk', async (t) => {
      await t.query(
        `INSERT INTO reports_report (id, kov_code, number, category_id, domain, group_id, status, description, lat, lon, source, reporter_kind,
                                     reporter_name, reporter_email, token, created_at, confirmed_at, updated_at, expected_at)
         SELECT gen_random_uuid(), $1, '2026-' || lpad(i::text, 6, '0'), (ARRAY[$2, $3, $4]::uuid[])[1 + i % 3],
                (ARRAY['roads', 'lighting', 'waste'])[1 + i % 3], CASE WHEN i % 3 = 0 THEN $5::uuid END,
                (ARRAY['received', 'in_progress', 'fixed', 'closed'])[1 + i % 4], 'Benchmark report ' || i || ': auk teel bussipeatuse ees',
                59.3 + (i % 1000) / 10000.0, 24.6 + (i % 777) / 10000.0, 'web', 'email', 'Bench Person', 'bench@example.ee', md5(i::text) || i,
                $6::timestamptz - (i % 89) * interval '1 day' - (i % 1440) * interval '1 minute',
                $6::timestamptz - (i % 89) * interval '1 day' - (i % 1440) * interval '1 minute', $6::timestamptz - (i % 80) * interval '1 day', $6::timestamptz + interval '7 days'
           FROM generate_series(1, $7::int) AS i`,
        [KOV, cats.categories.pothole, cats.categories.light, cats.categories.litter, cats.groupId, at, REPORTS],
      );
      await t.query(
        `INSERT INTO reports_event (kov_code, report_id, seq, kind, public, status, body, actor_kind, actor_name, at)
         SELECT kov_code, id, 1, 'created', true, 'received', NULL, 'reporter', 'Bench', created_at FROM reports_report WHERE kov_code = $1`,
        [KOV],
      );
      await t.query(
        `INSERT INTO reports_event (kov_code, report_id, seq, kind, public, status, body, actor_kind, actor_name, at)
         SELECT kov_code, id, 2, 'answer', true, status, 'Vastus: töö on tellitud', 'person', 'Handler', created_at + interval '1 hour'
           FROM reports_report WHERE kov_code = $1 AND hashtext(id::text) % 3 = 0`,
        [KOV],
      );
      await t.query(
        `INSERT INTO reports_photo (id, kov_code, report_id, ordinal, mime, width, height, bytes)
         SELECT gen_random_uuid(), kov_code, id, 0, 'image/jpeg', 10, 10, '\\xffd8ffd9'::bytea FROM reports_report WHERE kov_code = $1 AND hashtext(id::text) % 10 = 0`,
        [KOV],
      );
      await t.query('ANALYZE');
    });
    // the report numbers of the bulk set are <year>-000001…: the counter goes on after them
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Tallinn', year: 'numeric' }).format(at));
    await db.system('bench set-up: the number counter', (t) =>
      t.query('INSERT INTO reports_counter (kov_code, year, last) VALUES ($1, $2, $3) ON CONFLICT (kov_code, year) DO UPDATE SET last = EXCLUDED.last', [KOV, year, REPORTS + 1]),
    );

    // the filter the route builds for ?page_size=100 (the default window: the last 90 days; no retention set)
    const from = new Date(at.getTime() - 90 * 86_400_000);
    const filter = { numbers: [], codes: [], from, closedAfter: null, agencies: [], limit: 100, offset: 0 };
    const { text, params } = requestListSql(KOV, filter);
    // pgbench reads ':name' as its own variables: the time format's colons are spelled chr(58) there
    const sql = text
      .replace(/\$(\d+)\b/g, (_m, n: string) => lit(params[Number(n) - 1]))
      .replace(/'YYYY-MM-DD"T"HH24:MI:SS"Z"'/g, `format('YYYY-MM-DD"T"HH24%sMI%sSS"Z"', chr(58), chr(58))`)
      .replace(/\s*\n\s*/g, ' ');
    if (/[^:]:[A-Za-z]/.test(sql)) throw new Error('a colon pgbench would take for a variable is left in the SQL');
    const check = await db.tx((t) => t.query(text, params), { kov: KOV });
    if (check.length !== 100) throw new Error(`the list answers ${check.length} rows, not 100`);

    // ---------------------------------------------------------------- pgbench: the list's own SQL
    const { tps, lat: pbLat } = runPgbench(u, scratch, ['BEGIN;', 'SET LOCAL ROLE vallamaja_app;', `SELECT set_config('vallamaja.kov', '${KOV}', true);`, `${sql};`, 'COMMIT;'], {
      clients: CLIENTS,
      seconds: SECONDS,
      prepared: true,
      latencies: true,
    });
    const pbP99 = p99(pbLat);
    process.stdout.write(`pgbench (the list's SQL, ${CLIENTS} clients, ${SECONDS} s): ${tps.toFixed(0)} lists/s, p99 ${pbP99.toFixed(1)} ms\n`);

    // ---------------------------------------------------------------- the service, no HTTP
    {
      const lat: number[] = [];
      let n = 0;
      const until = performance.now() + SECONDS * 1000;
      const t0 = performance.now();
      const loop = async (): Promise<void> => {
        while (performance.now() < until) {
          const s0 = performance.now();
          const rows = await listRequests(db, KOV, { page_size: '100' }, { locale: 'et', baseUrl: 'http://bench' });
          JSON.stringify(rows);
          lat.push(performance.now() - s0);
          n++;
        }
      };
      const cpu0 = process.cpuUsage();
      await Promise.all(Array.from({ length: CLIENTS }, loop));
      const secs = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      process.stdout.write(
        `service listRequests() + JSON (${CLIENTS} in flight, pool of 20, no HTTP): ${(n / secs).toFixed(0)} lists/s, p99 ${p99(lat).toFixed(1)} ms, ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms of this process's CPU per list\n`,
      );
    }

    // ---------------------------------------------------------------- HTTP
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef', RATE_LIMIT_PUBLIC_WRITE_PER_MINUTE: '100000000' });
    const app = await buildApp({ config, db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const probe = await fetch(`http://127.0.0.1:${port}/open311/v2/requests.json?jurisdiction_id=${KOV}&page_size=100`);
    const probeBody = (await probe.json()) as unknown[];
    if (probe.status !== 200 || probeBody.length !== 100) throw new Error(`the API answers ${probe.status} with ${probeBody.length} requests`);
    const client = `
      const http = require('node:http');
      const { parentPort, workerData: w } = require('node:worker_threads');
      const agent = new http.Agent({ keepAlive: true, maxSockets: w.clients });
      let n = 0, bad = 0, bytes = 0; const lat = [];
      const until = Date.now() + w.seconds * 1000;
      function one() {
        if (Date.now() >= until) return Promise.resolve();
        const t0 = performance.now();
        return new Promise((resolve) => {
          const req = http.request({ agent, host: '127.0.0.1', port: w.port, method: 'GET', path: w.path }, (res) => {
            res.on('data', (c) => { bytes += c.length; });
            res.on('end', () => { lat.push(performance.now() - t0); if (res.statusCode === 200) n++; else bad++; resolve(); });
          });
          req.on('error', () => { bad++; resolve(); });
          req.end();
        }).then(one);
      }
      Promise.all(Array.from({ length: w.clients }, one)).then(() => parentPort.postMessage({ n, bad, bytes, lat }));
    `;
    const t0 = performance.now();
    const result = await new Promise<{ n: number; bad: number; bytes: number; lat: number[] }>((resolve, reject) => {
      const w = new Worker(client, { eval: true, workerData: { port, path: `/open311/v2/requests.json?jurisdiction_id=${KOV}&page_size=100`, clients: CLIENTS, seconds: SECONDS } });
      w.once('message', resolve);
      w.once('error', reject);
    });
    const secs = (performance.now() - t0) / 1000;
    const rate = result.n / secs;
    process.stdout.write(
      `HTTP (${CLIENTS} keep-alive clients, ${secs.toFixed(1)} s, one server process, ${REPORTS} reports): ${result.n} lists (${result.bad} failed), ${(result.bytes / Math.max(1, result.n) / 1024).toFixed(1)} KiB each\n`,
    );
    process.stdout.write(
      `open311 GET: ${rate.toFixed(0)} req/s p99 ${p99(result.lat).toFixed(1)} ms for GET /requests.json?page_size=100 over HTTP vs pgbench ${tps.toFixed(0)} lists/s p99 ${pbP99.toFixed(1)} ms of the same SQL; ratio ${(rate / tps).toFixed(3)}\n`,
    );

    // ================================================================ writes: POST /requests.json
    const cat = await db.tx((t) => t.one<{ id: string; domain: string; group_id: string | null }>(`SELECT id, domain, group_id FROM reports_category WHERE kov_code = $1 AND code = 'pothole'`, [KOV]), { kov: KOV });
    const key = (await db.tx((t) => createApiKey(t, { kov: KOV, name: 'Bench system', scopes: ['read', 'write'], createdBy: null }), { kov: KOV })).key;
    const countReports = async () => Number((await db.system('bench: count', (t) => t.one<{ n: string }>('SELECT count(*) AS n FROM reports_report WHERE kov_code = $1', [KOV])))!.n);

    // ---------------------------------------------------------------- pgbench: one report's inserts
    {
      const q = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
      // a point inside the KOV (0784's centre, spread by the random numbers), a uuid and a token per transaction
      const lines = [
          '\\set a random(0, 9999)',
          '\\set b random(0, 9999)',
          'BEGIN;',
          'SET LOCAL ROLE vallamaja_app;',
          `SELECT set_config('vallamaja.kov', '${KOV}', true);`,
          `INSERT INTO reports_counter (kov_code, year, last) VALUES ('${KOV}', ${year}, 1) ON CONFLICT (kov_code, year) DO UPDATE SET last = reports_counter.last + 1 RETURNING last \\gset`,
          `INSERT INTO reports_report (id, kov_code, number, category_id, domain, group_id, status, description, lat, lon, address, unit_code,` +
            ` attributes, source, reporter_kind, reporter_hash, reporter_name, reporter_email, reporter_phone, notify, lang, confirm_hash, token,` +
            ` created_at, confirmed_at, updated_at, expected_at)` +
            ` VALUES (gen_random_uuid(), '${KOV}', '${year}-' || lpad(:last::text, 6, '0'), ${q(cat!.id)}, ${q(cat!.domain)}, ${q(cat!.group_id)}, 'received',` +
            ` 'Benchmark POST: auk teel bussipeatuse ees', 59.4 + :a / 1000000.0, 24.7 + :b / 1000000.0, NULL, NULL, '{}', 'open311', 'apikey', NULL, 'Bench system',` +
            ` NULL, NULL, false, 'et', NULL, replace(gen_random_uuid()::text, '-', ''), now(), now(), now(), now() + interval '7 days') RETURNING id AS rid \\gset`,
          `INSERT INTO reports_event (kov_code, report_id, seq, kind, public, status, body, actor_kind, actor_name, data, at)` +
            ` VALUES ('${KOV}', ':rid', (SELECT coalesce(max(seq), 0) + 1 FROM reports_event WHERE report_id = ':rid'), 'created', true, 'received', NULL, 'apikey', 'Bench system', '{"category": "pothole"}', now()) RETURNING id, seq;`,
          `UPDATE reports_report SET updated_at = now() WHERE kov_code = '${KOV}' AND id = ':rid';`,
          'COMMIT;',
      ];
      const before = await countReports();
      const pb = runPgbench(u, scratch, lines, { clients: CLIENTS, seconds: SECONDS, what: 'inserts' });
      insertTps = pb.tps;
      const added = (await countReports()) - before;
      const txs = pb.transactions;
      if (added !== txs) throw new Error(`pgbench says ${txs} transactions, ${added} reports were stored`);
      process.stdout.write(`pgbench (one report's counter upsert + report insert + event insert, as vallamaja_app, ${CLIENTS} clients, ${SECONDS} s): ${insertTps.toFixed(0)} reports/s (${added} stored)\n`);
    }

    // ---------------------------------------------------------------- HTTP: POST /requests.json
    {
      const body = new URLSearchParams({ jurisdiction_id: KOV, api_key: key, service_code: 'pothole', lat: '59.437', long: '24.7536', description: 'Benchmark POST: auk teel bussipeatuse ees' }).toString();
      const probe = await fetch(`http://127.0.0.1:${port}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      const probeText = await probe.text();
      if (probe.status !== 201) throw new Error(`POST /requests.json answers ${probe.status}: ${probeText}`);
      const before = await countReports();
      const { secs, ...res } = await postLoad({ port, path: '/open311/v2/requests.json', body, contentType: 'application/x-www-form-urlencoded', ok: 201, clients: CLIENTS, seconds: SECONDS, vary: { find: 'lat=59.437', prefix: 'lat=59.4' } });
      const added = (await countReports()) - before;
      if (added !== res.n) throw new Error(`${res.n} requests answered 201, ${added} reports were stored`);
      const postRate = res.n / secs;
      process.stdout.write(
        `HTTP POST (${CLIENTS} keep-alive clients, ${secs.toFixed(1)} s, one server process): ${res.n} reports stored (${res.bad} failed${res.bad ? ` ${JSON.stringify(res.codes)}` : ''}), p99 ${p99(res.lat).toFixed(1)} ms\n`,
      );
      await app.close();
      process.stdout.write(
        `open311: ${postRate.toFixed(0)} POST /requests.json over HTTP (${CLIENTS} clients, form-encoded, write key, category + location check, report + event + audit) vs pgbench ${insertTps.toFixed(0)} of the same inserts; ratio ${(postRate / insertTps).toFixed(3)}\n`,
      );
    }
  } finally {
    await sc.drop();
  }
}

await main();
