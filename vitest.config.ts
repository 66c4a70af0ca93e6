import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
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
  },
});
