// Stopping the server (issue 9, item 9): `npm start` stopped with SIGTERM (a service manager, `kill`)
// or Ctrl-C (SIGINT to the terminal's whole process group) stops the server process itself,
// promptly and cleanly; nothing is left listening. Before the fix, SIGTERM to npm killed npm and
// its shell but left the server running on its own. The same for the re-run on the bundled Node
// (bin/node-runtime.js) when `bin/vallamaja.js` is started with an older Node.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs } from '../src/kernel/clock.js';
import { engine, testDatabaseUrl } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STOP_WITHIN_MS = 15_000;

let dataDir = '';
let databaseUrl: string | undefined;
const started: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** The pids of processes whose environment says PORT=<port> (the server and any wrapper). */
function processesOnPort(port: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const env = fs.readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (env.includes(`PORT=${port}`) && cmd.includes('vallamaja.js')) out.push(Number(d));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

interface Run {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a command (in a process group of its own, as a terminal would) and waits until the server listens. */
async function start(cmd: string, args: string[]): Promise<Run> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: process.env.TZ,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    VALLAMAJA_ENCRYPT_THREADS: '0',
    VALLAMAJA_CLOCK: new Date(nowMs()).toISOString(),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
  };
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 170_000);
    const onData = () => {
      if (output.includes('Open http')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`exited ${JSON.stringify(e)} before listening:\n${output}`));
    });
  });
  expect(await listening(port)).toBe(true);
  return { child, port, output: () => output, exited };
}

/** Waits until nothing of the run is left (no process with its PORT, nothing listening); the time it took. */
async function gone(run: Run): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < STOP_WITHIN_MS) {
    if (processesOnPort(run.port).length === 0 && !(await listening(run.port))) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`still running after ${STOP_WITHIN_MS} ms: pids ${processesOnPort(run.port).join(', ')}\n${run.output()}`);
}

beforeAll(async () => {
  if (engine === 'postgres') databaseUrl = await testDatabaseUrl();
  else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-shutdown-'));
});

afterAll(() => {
  for (const c of started) {
    try {
      if (c.pid) process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A Node older than 22 on this machine (the re-run path), if there is one. */
function oldNode(): string | null {
  for (const p of ['/usr/bin/node', '/usr/local/bin/node', '/bin/node']) {
    try {
      const v = execFileSync(p, ['--version'], { encoding: 'utf8' }).trim();
      if (Number(/^v(\d+)/.exec(v)?.[1]) < 22) return p;
    } catch {
      // not there
    }
  }
  return null;
}

describe(`stopping the server (${engine})`, () => {
  it('SIGTERM to `npm start` (npm alone, as a service manager sends it) stops the server itself, cleanly', async () => {
    const run = await start('npm', ['start', '--silent']);
    process.kill(run.child.pid!, 'SIGTERM');
    const ms = await gone(run);
    expect(ms).toBeLessThan(STOP_WITHIN_MS);
    expect(run.output()).toContain('SIGTERM received: finishing requests in flight, then stopping.');
    expect(run.output()).not.toContain('Shutdown took too long');
    const { code, signal } = await run.exited;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
  }, 240_000);

  it('Ctrl-C (SIGINT to the whole process group of `npm start`) stops it, cleanly', async () => {
    const run = await start('npm', ['start', '--silent']);
    process.kill(-run.child.pid!, 'SIGINT');
    await gone(run);
    expect(run.output()).toContain('SIGINT received: finishing requests in flight, then stopping.');
    expect(run.output()).not.toContain('Shutdown took too long');
  }, 240_000);

  it.skipIf(oldNode() === null)('SIGTERM to `bin/vallamaja.js start` on an older Node reaches the server it re-ran on Node 24', async () => {
    const run = await start(oldNode()!, [path.join(ROOT, 'bin/vallamaja.js'), 'start']);
    // the parent and the re-run child
    expect(processesOnPort(run.port).length).toBe(2);
    process.kill(run.child.pid!, 'SIGTERM');
    await gone(run);
    expect(run.output()).toContain('SIGTERM received');
    expect((await run.exited).code).toBe(0);
  }, 240_000);
});
