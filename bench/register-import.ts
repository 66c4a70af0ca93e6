// Measures the population-register import: `npm run bench -- register-import [COUNT]`
// (or `npx tsx bench/register-import.ts`). Needs PostgreSQL in DATABASE_URL: creates its own scratch
// database from it (dropped afterwards), generates COUNT people (default 1,400,000) of Tallinn to a
// temp file, imports them with the residents importer (checks, hashing, COPY into the indexed table,
// pointer flip, audit), and measures the baseline in the same run: a plain COPY of the same file
// into an unindexed temp table. Ends with one line:
//   register-import: <seconds> s for 1,400,000 people ... ratio <importer/baseline>
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPostgres } from '../src/kernel/db.js';
import { migrate } from '../src/kernel/migrate.js';
import { loadDemoTerritory } from '../src/modules/territory/index.js';
import { generateRegister } from '../src/modules/residents/generate.js';
import { importRegister } from '../src/modules/residents/import.js';

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);
const KOV = '0784';

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    err('register-import: set DATABASE_URL to a PostgreSQL server (a scratch database is created on it and dropped afterwards)');
    return 64;
  }
  const count = Number(process.argv[2] ?? 1_400_000);
  if (!Number.isInteger(count) || count < 1) {
    err('usage: register-import [COUNT]');
    return 64;
  }
  const name = `vallamaja_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-bench-'));
  const file = path.join(tmpDir, 'register.csv');
  const db = openPostgres(withDb(url, name), { max: 4 });
  try {
    await migrate(db);
    await loadDemoTerritory(db);

    let t = performance.now();
    const ws = fs.createWriteStream(file);
    await generateRegister(db, ws, {
      kov: KOV,
      count,
      seed: 1400,
      onProgress: (n) => {
        if (n % 200_000 === 0) err(`generated ${n.toLocaleString('en')}/${count.toLocaleString('en')}`);
      },
    });
    await new Promise<void>((resolve, reject) => ws.end((e?: Error | null) => (e ? reject(e) : resolve())));
    const genS = (performance.now() - t) / 1000;
    const mb = fs.statSync(file).size / 1e6;
    out(`generated ${count.toLocaleString('en')} people (${mb.toFixed(1)} MB) in ${genS.toFixed(1)} s (not counted)`);

    // Baseline: plain COPY of the same file into an unindexed temp table.
    const client = new pg.Client({ connectionString: withDb(url, name) });
    await client.connect();
    let baseS: number;
    try {
      await client.query(
        'CREATE TEMP TABLE baseline (idcode text, given_name text, family_name text, county text, kov text, unit text, since text)',
      );
      t = performance.now();
      await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom('COPY baseline FROM STDIN (FORMAT csv, HEADER true)')));
      baseS = (performance.now() - t) / 1000;
      const n = await client.query<{ n: string }>('SELECT count(*) AS n FROM baseline');
      out(`baseline: plain COPY into an unindexed temp table: ${baseS.toFixed(2)} s (${Number(n.rows[0]!.n).toLocaleString('en')} rows)`);
    } finally {
      await client.end();
    }

    t = performance.now();
    const r = await importRegister(db, 'bench-hmac-key', file, {
      kov: KOV,
      actor: { kind: 'operator', id: null, name: 'bench' },
      onProgress: (p) => err(`imported ${p.rows.toLocaleString('en')} rows`),
      progressEvery: 200_000,
    });
    const impS = (performance.now() - t) / 1000;
    if (!r.ok || r.rowsImported !== count) {
      err(`register-import: the import failed: ${JSON.stringify(r.problems.slice(0, 5))}`);
      return 1;
    }
    const c = await db.tx((q) => q.one<{ n: number }>('SELECT count(*)::int AS n FROM residents_person WHERE kov_code = $1', [KOV]), { kov: KOV });
    out(
      `register-import: ${impS.toFixed(1)} s for ${count.toLocaleString('en')} people (${Math.round(count / impS).toLocaleString('en')}/s; ` +
        `checked, hashed, COPY into the indexed table, ${c!.n.toLocaleString('en')} visible to the app role) vs plain COPY ${baseS.toFixed(1)} s, ` +
        `ratio ${(impS / baseS).toFixed(2)}`,
    );
    return 0;
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`).catch((e: Error) => err(`could not drop ${name}: ${e.message}`));
    await admin.end();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
