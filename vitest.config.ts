import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    // Property and fuzz tests run hundreds of cases: 5 s is too tight on a busy 2-core machine.
    testTimeout: 60_000,
    // Deadline and date rules must hold whatever the computer's own zone: test-all runs the
    // suite again under TZ=America/New_York and TZ=Pacific/Auckland.
  },
});
