import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // End-to-end tests each start a browser; two at once is what a 2-core machine can take.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
