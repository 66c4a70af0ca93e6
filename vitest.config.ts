import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Test files run one after another in a few long-lived worker processes (not a new process per
// file): the modules, and PGlite's compiled WebAssembly, load once per worker instead of once per
// file. test/setup.ts puts the clock and the id sequence back before each file. A file that must
// start in a process of its own (it sets process-wide state before the modules load, such as
// turning the native addon off) says so with the line `// vitest: own process`.
const OWN_PROCESS_MARK = '// vitest: own process';
const include = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'];
const exclude = ['test/e2e/**', 'node_modules/**'];
const ownProcess: string[] = [];
for (const root of ['src', 'test']) {
  for (const f of fs.readdirSync(root, { recursive: true }) as string[]) {
    const rel = path.join(root, f);
    if (!/\.test\.tsx?$/.test(rel) || rel.startsWith(path.join('test', 'e2e'))) continue;
    if (fs.readFileSync(rel, 'utf8').includes(OWN_PROCESS_MARK)) ownProcess.push(rel.split(path.sep).join('/'));
  }
}

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    // Vitest's default is one worker less than the CPUs: one file at a time on a 2-core machine,
    // while most files wait on the database or a child process. Two files side by side at least.
    maxWorkers: Math.max(2, os.availableParallelism()),
    minWorkers: 1,
    env: { TZ: 'Pacific/Kiritimati', NODE_ENV: 'test' },
    testTimeout: 120_000, // child-process tests (tsx start, migrate) take long on a loaded 2-core machine
    hookTimeout: 180_000,
    reporters: ['default'],
    projects: [
      // (each project names its own files: a project that extends the root would add to the root's lists)
      { extends: true, test: { name: 'shared', isolate: false, include, exclude: [...exclude, ...ownProcess] } },
      ...(ownProcess.length ? [{ extends: true as const, test: { name: 'own-process', isolate: true, include: ownProcess } }] : []),
    ],
  },
});
