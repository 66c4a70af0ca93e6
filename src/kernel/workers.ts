// Worker threads that run TypeScript modules: the worker boots tsx's loader (as bin/vallamaja.js
// does for the main thread) and then imports the module. Used for CPU-heavy work that must not
// block the event loop: the tally's sums, the encryption of cast ballots.
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

let tsxApi: string | null = null;

/** A worker thread running the TypeScript module at `moduleUrl` (e.g. new URL('./x.ts', import.meta.url)). */
export function tsWorker(moduleUrl: URL): Worker {
  if (!tsxApi) {
    const require = createRequire(import.meta.url);
    const tsxDir = path.dirname(require.resolve('tsx/package.json'));
    tsxApi = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  }
  const boot = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(moduleUrl.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}
