// The residents commands in-process against the test database (generate → import, the two operator
// choices, count with rules, extra lists), and once through the whole CLI (main) with a database of
// its own after migrate + demo (to prove the wiring).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../kernel/db.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import { cliEnv, engine, runCommand, runMain, testConfig, testDb } from '../../../test/helpers.js';
import { loadDemoTerritory } from '../territory/index.js';
import { residentsCommands } from './cli.js';
import { CSV_HEADER } from './import.js';

const config = testConfig();
let db: Db;
let tmp: string;

beforeAll(async () => {
  db = await testDb();
  await loadDemoTerritory(db);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-residents-cli-'));
});
afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const run = (line: string) => runCommand(residentsCommands, config, db, line);

describe(`residents commands (${engine})`, () => {
  it('generate → import → count', async () => {
    const file = path.join(tmp, 'viimsi.csv');
    const g = await run(`residents generate --kov 0890 --count 2000 --seed 5 --out ${file}`);
    expect(g.code).toBe(0);
    expect(g.out).toMatch(/Wrote 2\s?000 people in 22 settlement units of 0890/);
    const i = await run(`residents import --kov 0890 ${file}`);
    expect(i.err).toMatch(/rows/);
    expect(i.code).toBe(0);
    expect(i.out).toMatch(/Imported 2\s?000 people into the register of 0890/);
    const c = await run('residents count --kov 0890');
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/Eligible in 0890: 2\s?000/);
    const adults = await run('residents count --kov 0890 --min-age 18 --on 2026-12-01 --units 1675,1984 --since 2026-01-01');
    expect(adults.code).toBe(0);
    expect(adults.out).toMatch(/1675 {2}Haabneeme alevik: /);
    const bad = await run('residents count --kov 0890 --min-age x --on 2026-12-01');
    expect(bad.code).toBe(64);
    expect(bad.err).toContain('--min-age: The age must be a whole number 0–130');
    expect((await run('residents generate --kov 9999 --count 10')).code).toBe(65);
  });

  it('import rejects a bad file (exit 65, lines listed) unless --accept-good-rows', async () => {
    const file = path.join(tmp, 'bad.csv');
    const good = withCheckDigit('3800505003');
    fs.writeFileSync(file, [CSV_HEADER.join(','), `${good},A,B,0037,0890,1675,2020-01-01`, `${good},A,B,0037,0890,1675,2020-01-01`, `1234,A,B,0037,0890,1675,2020-01-01`].join('\n'));
    const r = await run(`residents import --kov 0890 ${file}`);
    expect(r.code).toBe(65);
    expect(r.err).toContain(`${file}:3: isikukood: the same ID code is already on line 2`);
    expect(r.err).toContain(`${file}:4: isikukood: the ID code must be 11 digits`);
    expect(r.err).toContain('nothing was imported');
    expect((await run('residents count --kov 0890')).out).toMatch(/Eligible in 0890: 2\s?000/);
    // keeping the 1 good row of 2,000 people would shrink the register: refused unless confirmed
    const shrink = await run(`residents import --kov 0890 --accept-good-rows ${file}`);
    expect(shrink.code).toBe(65);
    expect(shrink.err).toMatch(/has 1 people and the register of 0890 now 2\s?000: importing it would shrink the register by 100 %/);
    expect(shrink.err).toContain('run again with --confirm-shrink');
    expect((await run('residents count --kov 0890')).out).toMatch(/Eligible in 0890: 2\s?000/);
    const ok = await run(`residents import --kov 0890 --accept-good-rows --confirm-shrink ${file}`);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Imported 1 people .*2 bad rows left out/);
    expect((await run(`residents import --kov 0890 ${path.join(tmp, 'missing.csv')}`)).code).toBe(66);
    expect((await run('residents import --kov 890 x')).code).toBe(64);
  });

  it('list import adds a named extra list', async () => {
    const file = path.join(tmp, 'owners.txt');
    fs.writeFileSync(file, `isikukood\n${withCheckDigit('3800505003')}\n${withCheckDigit('4900101001')}\n`);
    const r = await run(`residents list import --kov 0890 --name omanikud ${file}`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('List "omanikud" of 0890: 2 people.');
    const c = await run('residents count --kov 0890 --lists omanikud');
    expect(c.out).toMatch(/Eligible in 0890: 2/);
    expect(c.out).toContain('extra list only: 1');
  });
});

describe(`the whole CLI with a database of its own: migrate, demo, residents count (${engine})`, () => {
  it('counts the demo register after migrate + demo', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-residents-bin-'));
    try {
      const env = await cliEnv(dataDir, { NODE_ENV: 'development', SESSION_SECRET: 'cli-test-secret-0123456789abcdef0123456789' });
      expect((await runMain(['migrate'], env)).code).toBe(0);
      const demo = await runMain(['demo'], env);
      expect(demo.code, demo.err).toBe(0);
      expect(demo.out).toMatch(/Residents: a synthetic register of 3000 people for Tallinn/);
      const c = await runMain(['residents', 'count', '--kov', '0784', '--min-age', '16', '--on', '2026-12-01'], env);
      expect(c.code, c.err).toBe(0);
      const m = /Eligible in 0784: ([^\n]+)/.exec(c.out);
      expect(m).toBeTruthy();
      const n = Number(m![1]!.replace(/\D/g, ''));
      expect(n).toBeGreaterThan(2000);
      expect(n).toBeLessThan(3000);
      expect(c.out).toContain('Haabersti linnaosa');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
