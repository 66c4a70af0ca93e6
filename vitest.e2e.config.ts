import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    // two journeys side by side (each its own server on a copy of the demo template, its own
    // Chromium), in long-lived workers as the unit suite (vitest.config.ts)
    maxWorkers: 2,
    minWorkers: 1,
    isolate: false,
    env: { TZ: 'Pacific/Kiritimati', NODE_ENV: 'test' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
