import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    env: { TZ: 'Pacific/Kiritimati', NODE_ENV: 'test' },
    testTimeout: 120_000, // child-process tests (tsx start, migrate) take long on a loaded 2-core machine
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
