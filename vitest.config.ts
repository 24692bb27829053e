import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    // Deadline and date rules must hold whatever the computer's own zone: test-all runs the
    // suite again under TZ=America/New_York and TZ=Pacific/Auckland.
  },
});
