import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built extension in real Chromium and real Firefox ESR against the simulated portal.
 * `npm run test:e2e`; set E2E_SKIP_BUILD=1 to reuse the builds in .output/, E2E_BROWSERS=chromium to run one.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    // Two shared cores and one browser at a time is plenty: files run one after another.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
