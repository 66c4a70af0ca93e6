// The constant-time check of the addon's ballot encryption (the ctgrind technique): native/ristretto/
// ct_check.c runs the addon's own encryption path with the scalars r and the choices m marked
// undefined for valgrind's memcheck, which then reports every branch and every memory address that
// depends on them. The real path must report nothing; a planted branch on m (-DPLANT_BRANCH) and a
// planted table index chosen by r (-DPLANT_INDEX) must be reported, so the check is known to bite.
//
// It needs a C compiler, valgrind and valgrind's header (Debian: apt-get install valgrind; .ci/run
// installs it). Without them it is skipped with a message, except in CI (CI=true), where it fails.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../native/ristretto');
const inCi = process.env.CI === 'true';

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0;
}

const missing = [
  has('cc', ['--version']) ? null : 'a C compiler (cc)',
  has('valgrind', ['--version']) ? null : 'valgrind',
  fs.existsSync('/usr/include/valgrind/memcheck.h') ? null : "valgrind's header (valgrind/memcheck.h)",
].filter((x): x is string => x !== null);
const why = `the constant-time check needs ${missing.join(', ')}: install them (Debian: apt-get install valgrind gcc)`;

/** The addon's own C flags (binding.gyp), so the check sees the code the compiler makes for the addon. */
function addonCflags(): string[] {
  const gyp = JSON.parse(fs.readFileSync(path.join(dir, 'binding.gyp'), 'utf8')) as { targets: { cflags: string[] }[] };
  return gyp.targets[0]!.cflags;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: dir });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let tmp = '';

async function buildAndCheck(plant: string | null): Promise<Run> {
  const bin = path.join(tmp, `ct_check${plant ? `-${plant}` : ''}`);
  const flags = [...addonCflags(), '-g', '-DCT_CHECK', ...(plant ? [`-D${plant}`] : [])];
  const cc = await run('cc', [...flags, 'ct_check.c', '-o', bin]);
  expect(cc.status, `cc failed:\n${cc.stderr}`).toBe(0);
  return run('valgrind', ['--error-exitcode=1', '--quiet', bin]);
}

if (process.env.TEST_DATABASE_URL) {
  // no database is involved: `npm test` runs it once, in the PGlite pass (which always runs)
  it.skip('constant-time check: run in the PGlite pass');
} else if (missing.length > 0 && !inCi) {
  it.skip(`constant-time check skipped: ${why}`);
} else {
  describe('constant-time ballot encryption in the addon (valgrind memcheck, r and m undefined)', () => {
    beforeAll(() => {
      if (missing.length > 0) throw new Error(`CI=true: ${why}`);
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-ct-'));
    });
    afterAll(() => {
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('the real encryption path reports nothing (no branch, no address depends on r or m) and its answers are right', async () => {
      const r = await buildAndCheck(null);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('ct_check: 16 ciphertexts encrypted with r and m undefined');
    });

    it('reports a planted branch on m', async () => {
      const r = await buildAndCheck('PLANT_BRANCH');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Conditional jump or move depends on uninitialised value/);
      expect(r.stderr).toMatch(/encrypt_batch/);
    });

    it('reports a planted table index chosen by r', async () => {
      const r = await buildAndCheck('PLANT_INDEX');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Use of uninitialised value of size 8/);
      expect(r.stderr).toMatch(/table_select/);
    });
  });
}
