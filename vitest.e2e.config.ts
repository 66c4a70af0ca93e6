import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    env: { TZ: 'Pacific/Kiritimati', NODE_ENV: 'test' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
