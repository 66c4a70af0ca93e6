// `vallamaja ehak import`: the command's run() against the test database, and through the whole
// CLI (main: configuration, command table, exit codes) with a database of its own, in this process.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../kernel/db.js';
import { openDb } from '../../kernel/db.js';
import type { CliContext } from '../../kernel/module.js';
import { cliEnv, engine, runMain, testConfig, testDb } from '../../../test/helpers.js';
import { manifest } from './index.js';
import { EHAK_2025V5, LANDBOARD_2018, snapshot, tempDir, unitCounts } from './fixtures.js';

let db: Db;
let tmp: string;

beforeAll(async () => {
  db = await testDb();
  tmp = tempDir();
});
afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    config: testConfig(),
    // The command closes the database it opened; keep the test's own open.
    openDb: async () => ({ ...db, close: async () => undefined }),
    out: (s) => out.push(s),
    err: (s) => err.push(s),
  };
  const command = manifest.commands!.find((c) => c.words.join(' ') === 'ehak import')!;
  return { out, err, run: (args: string[]) => command.run(args, ctx) };
}

describe(`vallamaja ehak import (${engine})`, () => {
  it('imports the 2025v5 file, showing progress on stderr and the counts on stdout', async () => {
    const c = cli();
    expect(await c.run([EHAK_2025V5])).toBe(0);
    expect(c.err).toContain('ehak_2025v5.csv: rows 3000/4800');
    expect(c.err).toContain('ehak_2025v5.csv: rows 4800/4800');
    expect(c.err.at(-1)).toBe('writing: rows 4808/4808');
    const text = c.out.join('\n');
    expect(text).toContain('Imported EHAK version 2025v5 (ehak format)');
    expect(text).toMatch(/15 counties, 78 municipalities, 4\s?707 settlement units \(\+ 8 towns stored as their own settlement unit\)/);
    expect(text).toContain('Tenants: 78 added, 0 updated, 0 deactivated.');
  });

  it('imports the Land Board folder without making it current when asked', async () => {
    const c = cli();
    expect(await c.run([LANDBOARD_2018, '--format', 'landboard', '--not-current'])).toBe(0);
    expect(c.err).toContain('asustusyksus.csv: rows 4711/4711');
    expect(c.out.join('\n')).toMatch(/version 2018-09-01 \(landboard format\)[\s\S]*15 counties, 79 municipalities, 4\s?703 settlement units[\s\S]*not the current version/);
  });

  it('exits 65 on a bad file, listing each problem with its line, and writes nothing', async () => {
    const file = path.join(tmp, 'ehak_2099v1.csv');
    fs.writeFileSync(
      file,
      [
        'code,name,level,type,parent_code,municipality_code,county_code',
        '0037,Harju maakond,1,maakond,,,0037',
        '0784,Tallinn,2,linn,0037,0784,0037',
        '0176,Haabersti linnaosa,3,linnaosa,0784,0784,0037',
        '0176,Haabersti linnaosa,3,linnaosa,0784,0784,0037',
        '12,Kesklinna linnaosa,3,linnaosa,0784,0784,0037',
      ].join('\n'),
    );
    const before = await snapshot(db);
    const c = cli();
    expect(await c.run([file])).toBe(65);
    expect(c.out).toEqual([]);
    expect(c.err).toContain(`${file} was not imported: 2 problems found, nothing was written.`);
    expect(c.err).toContain('  ehak_2099v1.csv:5: code 0176 appears twice (first on line 4)');
    expect(c.err).toContain('  ehak_2099v1.csv:6: code "12" is not a 4-digit EHAK code');
    expect(await snapshot(db)).toEqual(before);
  });

  it('exits 66 for a missing file and 64 for bad usage', async () => {
    expect(await cli().run([path.join(tmp, 'nope.csv')])).toBe(66);
    expect(await cli().run([])).toBe(64);
    expect(await cli().run([EHAK_2025V5, '--format', 'xlsx'])).toBe(64);
    expect(await cli().run([EHAK_2025V5, '--bogus'])).toBe(64);
    const help = cli();
    expect(await help.run(['--help'])).toBe(0);
    expect(help.out.join('\n')).toContain('Usage: vallamaja ehak import FILE');
  });
});

describe(`vallamaja ehak import through the whole CLI, with its own database (${engine})`, () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = await cliEnv(path.join(tmp, 'data'));
  });

  it('imports the file and exits 0', async () => {
    const r = await runMain(['ehak', 'import', EHAK_2025V5], env);
    expect(r.err).toContain('ehak_2025v5.csv: rows 4800/4800');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/15 counties, 78 municipalities, 4\s?707 settlement units/);
    // What the command wrote is in its own database.
    const own = await openDb({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR! });
    try {
      expect(await unitCounts(own, '2025v5')).toEqual({ '1': 15, '2': 78, '3': 4707, self: 8 });
    } finally {
      await own.close();
    }
  });

  it('exits non-zero on a bad file and lists its problems', async () => {
    const file = path.join(tmp, 'ehak_2099v9.csv');
    fs.writeFileSync(file, 'code,name,parent,level\n0037,Harju maakond,,1\n0784,Tallinn,0037,5\n');
    const r = await runMain(['ehak', 'import', file], env);
    expect(r.code).toBe(65);
    expect(r.err).toContain('ehak_2099v9.csv:3: level "5" is not 1 (county), 2 (municipality) or 3 (settlement unit)');
    expect(r.out).toBe('');
  });

  it('lists the command in the help', async () => {
    const r = await runMain(['--help'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ehak import FILE');
  });
});
