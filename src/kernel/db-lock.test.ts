// Two processes on one PGlite folder: the second refuses with a clear message; the data survives.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPglite } from './db.js';
import { listMigrations } from './migrate.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vm-lock-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function env(port = 0): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TZ: 'UTC',
    DATA_DIR: dir,
    PORT: String(port),
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    // a configured issuer keeps the simulator out of this test; nothing contacts it at start-up
    TARA_ISSUER: 'http://127.0.0.1:9/tara',
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe('the embedded database folder is locked to one process', () => {
  it('refuses a second process with a clear message, and the data survives', async () => {
    const first = spawnSync(process.execPath, ['bin/vallamaja.js', 'migrate'], { env: env(), encoding: 'utf8', timeout: 120_000 });
    expect(first.status, first.stderr).toBe(0);

    const port = await freePort();
    const a = spawn(process.execPath, ['bin/vallamaja.js', 'start'], { env: env(port), stdio: ['ignore', 'pipe', 'pipe'] });
    let outA = '';
    a.stdout.on('data', (d: Buffer) => (outA += d.toString()));
    a.stderr.on('data', (d: Buffer) => (outA += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${outA}`)), 90_000);
      a.stdout.on('data', () => {
        if (outA.includes('Open http')) {
          clearTimeout(timer);
          resolve();
        }
      });
      a.on('exit', (code) => reject(new Error(`server exited ${code}:\n${outA}`)));
    });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'pglite' });

    const b = spawnSync(process.execPath, ['bin/vallamaja.js', 'migrate'], { env: env(), encoding: 'utf8', timeout: 120_000 });
    expect(b.status).toBe(75);
    expect(b.stderr).toContain('is in use by another Vallamaja process');
    expect(b.stderr).toContain('DATA_DIR');

    const exited = new Promise<number | null>((resolve) => a.on('exit', (code) => resolve(code)));
    a.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dir, 'vallamaja.lock'))).toBe(false);

    const pglite = await createPglite({ dataDir: path.join(dir, 'pglite') });
    const rows = await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM core_migration');
    expect(rows.rows[0]!.n).toBe(listMigrations().length);
    await pglite.close();
  }, 240_000);

  it('takes over a lock left by a process that is gone', () => {
    fs.writeFileSync(path.join(dir, 'vallamaja.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: '2020-01-01' }));
    const r = spawnSync(process.execPath, ['bin/vallamaja.js', 'migrate'], { env: env(), encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Database is up to date');
  }, 120_000);
});
