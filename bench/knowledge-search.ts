// Knowledge base (issue 14): Estonian full-text search over 20,000 articles, against pgbench running
// the same query.
//
//  - seed: 20,000 articles of 78 KOVs and ELVL ('0000') with one INSERT … SELECT: titles and bodies
//    made of Estonian word forms drawn from a vocabulary, the search vector made of the same forms'
//    stems (src/kernel/text-search.ts stemOf, computed in the application and handed over as arrays:
//    title weight A, body C), visibilities mixed (public, all officials, one KOV);
//  - the app: the module's searchArticles as the page calls it (a Tallinn official; the query
//    "turvalisuse paroolide" stemmed, the ranked page of 20 and the count under row-level security,
//    excerpts and highlights made) — p50/p95 of many calls, one after another;
//  - pgbench: the repo's SEARCH_SQL with the same parameters in the same transaction prelude as
//    db.tx (SET LOCAL ROLE vallamaja_app + the tenant setting), one client.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- knowledge-search [articles] [calls]
//
// Prints the details on stderr and one line on stdout:
//   knowledge-search: … p95 … ms … vs pgbench … ; ratio <r>
// (ratio = the app's searches/s ÷ pgbench's of the bare query, both with one client).
import { runPgbench } from './lib/pgbench.js';
import { scratchDb } from './lib/scratch.js';
import { stemOf, tsqueryLiteral } from '../src/kernel/text-search.js';
import { SEARCH_SQL } from '../src/modules/knowledge/repo.js';
import { searchArticles } from '../src/modules/knowledge/service.js';

const ARTICLES = Number(process.argv[2] ?? 20_000);
const CALLS = Number(process.argv[3] ?? 300);
const KOV = '0784';
const QUERY = 'turvalisuse paroolide';

const p = (xs: number[], q: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? NaN;
};

// Estonian nouns of the domain, each in several case forms (the stems come from the app's stemmer)
const BASES = [
  ['turvalisus', 'turvalisuse', 'turvalisust', 'turvalisusele', 'turvalisusega'],
  ['parool', 'paroolid', 'paroolide', 'paroolidest', 'parooliga'],
  ['andmekaitse', 'andmekaitsest', 'andmekaitsele'],
  ['teenus', 'teenuse', 'teenused', 'teenustele'],
  ['juhend', 'juhendi', 'juhendid', 'juhendite'],
  ['varukoopia', 'varukoopiad', 'varukoopiate'],
  ['haldus', 'halduse', 'haldust'],
  ['kasutaja', 'kasutajad', 'kasutajate', 'kasutajale'],
  ['arvuti', 'arvutid', 'arvutite'],
  ['tarkvara', 'tarkvarast', 'tarkvaraga'],
  ['leping', 'lepingu', 'lepingud'],
  ['hange', 'hanke', 'hanked'],
  ['riskianalüüs', 'riskianalüüsi', 'riskianalüüsid'],
  ['intsident', 'intsidendi', 'intsidendid'],
  ['koolitus', 'koolituse', 'koolitused'],
  ['dokument', 'dokumendi', 'dokumendid'],
  ['register', 'registri', 'registrid'],
  ['võrk', 'võrgu', 'võrgus'],
  ['server', 'serveri', 'serverid'],
  ['omavalitsus', 'omavalitsuse', 'omavalitsused'],
  ['ametnik', 'ametniku', 'ametnikud'],
  ['elanik', 'elaniku', 'elanikud'],
  ['taotlus', 'taotluse', 'taotlused'],
  ['otsus', 'otsuse', 'otsused'],
  ['eelarve', 'eelarvest', 'eelarvele'],
  ['protsess', 'protsessi', 'protsessid'],
  ['standard', 'standardi', 'standardid'],
  ['meede', 'meetme', 'meetmed'],
  ['kontroll', 'kontrolli', 'kontrollid'],
  ['seade', 'seadme', 'seadmed'],
  ['uuendus', 'uuenduse', 'uuendused'],
  ['litsents', 'litsentsi', 'litsentsid'],
  ['pilv', 'pilve', 'pilves'],
  ['krüpteerimine', 'krüpteerimise', 'krüpteerimist'],
  ['logi', 'logid', 'logide'],
  ['ligipääs', 'ligipääsu', 'ligipääsud'],
  ['vastutus', 'vastutuse', 'vastutust'],
  ['plaan', 'plaani', 'plaanid'],
  ['aruanne', 'aruande', 'aruanded'],
  ['nõue', 'nõude', 'nõuded'],
];
const FILLER = ['ja', 'ning', 'on', 'kui', 'et', 'mis', 'see', 'kõik', 'tuleb', 'peab', 'iga', 'oma', 'või', 'ka', 'aga'];

async function main() {
  const sc = await scratchDb('knowledge');
  const { db, url, name: scratch } = sc;
  try {
    // the vocabulary: a rare pair of words (the query's) and many others; fillers between
    const forms: string[] = [];
    for (const b of BASES) forms.push(...b);
    // and 2,000 more word-like forms (syllables), so that each real word is in a realistic share of the articles
    const SYL = ['ka', 'lu', 'mee', 'tor', 'si', 'vä', 'ne', 'hõ', 'ri', 'pa', 'kü', 'lo', 'mä', 'te', 'sa', 'ju', 'ra', 've', 'öö', 'ti'];
    for (let n = 0; forms.length < BASES.flat().length + 2000; n++) forms.push(`${SYL[n % 20]}${SYL[Math.floor(n / 20) % 20]}${SYL[Math.floor(n / 400) % 20]}${n % 3 === 0 ? 'd' : n % 3 === 1 ? 'st' : 'ga'}`);
    const stems = forms.map(stemOf);
    const kovs = [KOV, ...Array.from({ length: 77 }, (_, i) => String(1000 + i).padStart(4, '0'))];
    const t0 = performance.now();
    await db.system('bench set-up: KOVs and 20,000 articles in one INSERT … SELECT', async (t) => {
      await t.query(
        `INSERT INTO core_tenant (kov_code, name, kind, county_code, ehak_version)
         SELECT code, 'Bench KOV ' || code, 'vald', '0037', 'bench' FROM unnest($1::text[]) AS code ON CONFLICT DO NOTHING`,
        [kovs.filter((c) => c !== KOV)],
      );
      // article i: owner ELVL for i % 5 = 0 (public or all officials), else KOV i % 78 (all officials or its own);
      // its title 3 words and body 60 words drawn by a hash of (i, j); search = the words' stems (A title, C body)
      await t.query(
        `WITH a AS MATERIALIZED (
           SELECT i, gen_random_uuid() AS id, owner, tw, bw,
                  array_to_string(ARRAY(SELECT ($3::text[])[x] || ' ' || ($6::text[])[1 + (x + i) % $7] FROM unnest(bw) x), ' ') || '.' AS body
             FROM generate_series(1, $1::int) AS i,
                  LATERAL (SELECT CASE WHEN i % 5 = 0 THEN '0000' ELSE ($4::text[])[1 + i % 78] END AS owner,
                                  ARRAY(SELECT 1 + ((i::bigint * 7919 + j::bigint * 104729 + j * j * 31) % $2)::int FROM generate_series(1, 3) j) AS tw,
                                  ARRAY(SELECT 1 + ((i::bigint * 15485863 + j::bigint * 32452843 + i::bigint * j * 17) % $2)::int FROM generate_series(1, 60) j) AS bw) w),
         ins AS (
           INSERT INTO knowledge_article (id, kov_code, kind, domain, visibility, tags, title, summary, body_md, body_html, created_by, updated_by)
           SELECT id, owner,
                  (ARRAY['article', 'guide', 'template', 'practice'])[1 + i % 4],
                  (ARRAY['security', 'data', 'services', 'it'])[1 + i % 4],
                  CASE WHEN owner = '0000' THEN (CASE WHEN i % 2 = 0 THEN 'public' ELSE 'officials' END)
                       ELSE (CASE WHEN i % 3 = 0 THEN 'kov' ELSE 'officials' END) END,
                  '{}',
                  jsonb_build_object('et', initcap(array_to_string(ARRAY(SELECT ($3::text[])[x] FROM unnest(tw) x), ' ')), 'en', '', 'ru', ''),
                  '', body, '<p>' || body || '</p>', 'bench', 'bench'
             FROM a
           RETURNING id, kov_code, visibility)
         INSERT INTO knowledge_search (article_id, owner, visibility, search)
         SELECT ins.id, ins.kov_code, ins.visibility,
                setweight(array_to_tsvector(ARRAY(SELECT DISTINCT ($5::text[])[x] FROM unnest(a.tw) x)), 'A')
                  || setweight(array_to_tsvector(ARRAY(SELECT DISTINCT ($5::text[])[x] FROM unnest(a.bw) x)), 'C')
           FROM ins JOIN a ON a.id = ins.id`,
        [ARTICLES, forms.length, forms, kovs, stems, FILLER, FILLER.length],
      );
      await t.query('ANALYZE knowledge_article');
      await t.query('ANALYZE knowledge_search');
    });
    const seedSecs = (performance.now() - t0) / 1000;
    const viewer = { official: true, kov: KOV };
    const tsq = tsqueryLiteral(QUERY)!;
    const matches = await db.tx((t) => t.one<{ n: number }>(`SELECT count(*)::int AS n FROM knowledge_search WHERE search @@ $1::tsquery`, [tsq]), { kov: KOV });
    process.stderr.write(`seed: ${ARTICLES.toLocaleString('en')} articles (78 KOVs and ELVL, ${forms.length.toLocaleString('en')} word forms) with one INSERT … SELECT: ${seedSecs.toFixed(1)} s; "${QUERY}" → ${tsq} matches ${matches!.n} of them\n`);

    if (process.env.BENCH_EXPLAIN) {
      const plan = await db.tx((t) => t.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${SEARCH_SQL}`, [tsq, true, KOV, null, 20, 0]), { kov: KOV });
      process.stderr.write(`${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }

    // ================================================================ the app's search, as the page calls it
    const first = await searchArticles(db, viewer, QUERY, null, 1);
    if (first.hits.length === 0 || !first.hits[0]!.excerpt.some((f) => f.hit)) throw new Error(`the search found nothing to highlight: ${JSON.stringify(first).slice(0, 300)}`);
    for (let i = 0; i < 20; i++) await searchArticles(db, viewer, QUERY, null, 1);
    const lat: number[] = [];
    const tApp = performance.now();
    for (let i = 0; i < CALLS; i++) {
      const s = performance.now();
      await searchArticles(db, viewer, QUERY, null, 1 + (i % 3));
      lat.push(performance.now() - s);
    }
    const appRate = CALLS / ((performance.now() - tApp) / 1000);
    process.stderr.write(
      `app searchArticles (${first.total} visible hits, page of 20 ranked + count + excerpts, ${CALLS} calls, one after another): p50 ${p(lat, 0.5).toFixed(1)} ms, p95 ${p(lat, 0.95).toFixed(1)} ms, ${appRate.toFixed(0)}/s\n`,
    );

    // ================================================================ pgbench: the same query, the same prelude
    const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
    const sql = SEARCH_SQL.replace(/\$1/g, lit(tsq))
      .replace(/\$2::boolean/g, 'true::boolean')
      .replace(/\$3::text/g, lit(KOV))
      .replace(/\$4::text IS NULL OR a\.domain = \$4/g, 'NULL::text IS NULL OR a.domain = NULL::text')
      .replace(/\$5/g, '20')
      .replace(/\$6/g, '0')
      .replace(/\s+/g, ' ');
    const pb = runPgbench(new URL(url), scratch, ['BEGIN;', 'SET LOCAL ROLE vallamaja_app;', `SELECT set_config('vallamaja.kov', '${KOV}', true);`, `${sql};`, 'COMMIT;'], {
      clients: 1,
      seconds: 5,
      latencies: true,
      what: 'search',
    });
    process.stderr.write(`pgbench (SEARCH_SQL as vallamaja_app under RLS, one client, 5 s): ${pb.tps.toFixed(0)} searches/s, p95 ${p(pb.lat, 0.95).toFixed(1)} ms\n`);
    process.stdout.write(
      `knowledge-search: Estonian full-text search over ${ARTICLES.toLocaleString('en')} articles ("${QUERY}", ${first.total} hits): app p50 ${p(lat, 0.5).toFixed(1)} ms, p95 ${p(lat, 0.95).toFixed(1)} ms (aim < 50), ${appRate.toFixed(0)}/s vs pgbench ${pb.tps.toFixed(0)}/s (p95 ${p(pb.lat, 0.95).toFixed(1)} ms) of the same query; ratio ${(appRate / pb.tps).toFixed(3)}\n`,
    );
  } finally {
    await sc.drop();
  }
}

await main();
