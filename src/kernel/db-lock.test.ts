// One process per embedded-database folder: a second process refuses with a clear message and exit
// code 75; the data survives; a lock left by a process that is gone is taken over. The holder is
// this test process (the same lock a running server holds); the refusing side is a real second
// process, the only part that needs one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './db.js';
import { engine, runMain, seedDataDir } from '../../test/helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vm-lock-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', TZ: 'UTC', DATA_DIR: dir, DEMO_DATA: 'false', LOG_LEVEL: 'silent' };
const lockFile = path.join(dir, 'vallamaja.lock');

// The embedded database only: the PostgreSQL run of the suite skips it (it would test the same PGlite
// folder again, and that run has no migrated PGlite template to fill the folder from).
describe.skipIf(engine === 'postgres')('the embedded database folder is locked to one process (PGlite run only)', () => {
  it('refuses a second process with a clear message (exit 75) and leaves the data alone', async () => {
    await seedDataDir(dir); // a migrated database in the folder
    const release = lockDataDir(dir); // this process holds the folder, as a running `start` does
    try {
      expect(JSON.parse(fs.readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
      const second = spawnSync(process.execPath, ['bin/vallamaja.js', 'migrate'], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 120_000 });
      expect(second.status, second.stderr).toBe(75);
      expect(second.stderr).toContain('is in use by another Vallamaja process');
      expect(second.stderr).toContain(`(pid ${process.pid})`);
      expect(second.stderr).toContain('DATA_DIR');
    } finally {
      release();
    }
    expect(fs.existsSync(lockFile)).toBe(false); // released with the holder
  });

  it('names the live process that holds the folder (here: a lock of the parent process)', () => {
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, host: os.hostname(), since: '2020-01-01' }));
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(`in use by another Vallamaja process (pid ${process.ppid})`);
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  });

  it('takes over a lock left by a process that is gone; the data is intact', async () => {
    fs.writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: '2020-01-01' }));
    const r = await runMain(['migrate'], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Database is up to date');
    expect(r.out).not.toContain('applied'); // every migration was already there: the data is as it was
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
