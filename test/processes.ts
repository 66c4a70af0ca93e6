// Real app processes for the tests and benchmarks that need more than one (test/multiprocess.test.ts,
// bench/sitting.ts): `bin/vallamaja.js start` on a free port of 127.0.0.1, started and stopped as a
// deployment would, with the environment of a test (no demo data, silent logs) plus what the caller adds.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AppProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Its stdout and stderr so far. */
  output: string;
  exited: Promise<number | null>;
}

/** A TCP port free on 127.0.0.1 at the moment of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * Starts `bin/vallamaja.js start` on the database and waits until it listens (its "Open http" line;
 * 150 s at the most). Processes of one deployment share `sessionSecret` and `idcodeKey`.
 */
export async function startApp(name: string, o: { databaseUrl: string; sessionSecret: string; idcodeKey: string; env?: NodeJS.ProcessEnv }): Promise<AppProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TZ: process.env.TZ,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: o.databaseUrl,
    SESSION_SECRET: o.sessionSecret,
    IDCODE_HMAC_KEY: o.idcodeKey,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    ...o.env,
  };
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/vallamaja.js'), 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const app: AppProcess = { name, url: `http://127.0.0.1:${port}`, child, output: '', exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  child.stdout!.on('data', (d: Buffer) => (app.output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (app.output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${app.output}`)), 150_000);
    child.stdout!.on('data', () => {
      if (app.output.includes('Open http')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void app.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited ${code}:\n${app.output}`));
    });
  });
  return app;
}

/** Stops an app process: SIGTERM, then SIGKILL if it has not gone within 10 s. Its exit code. */
export async function stopApp(s: AppProcess): Promise<number | null> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return s.child.exitCode;
  s.child.kill('SIGTERM');
  const killer = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
  const code = await s.exited;
  clearTimeout(killer);
  return code;
}
