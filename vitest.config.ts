import { defineConfig } from 'vitest/config';
import { LongestFirst } from './tests/support/longestFirst.js';
import { PATIENCE } from './tests/support/patience.js';

/**
 * Two tiers: `unit` (rules, codecs, parsing: no Redis, no database, seconds) and `integration` (the product
 * against the real Redis, PostgreSQL and HTTP stand-ins). `npm test` runs both; `npm run test:unit` the first.
 */
export default defineConfig({
  test: {
    // Three test files at once on two cores: integration tests mostly wait on the product's child processes,
    // Redis and PostgreSQL (a full run: 7.6 min with two, 5.6 min with three, on the same busy machine).
    maxWorkers: 3,
    // The longest files first (tests/support/longestFirst.ts): none of them is left to end the run alone.
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        // Unit tests import whole modules: on a loaded machine that alone can pass vitest's default 5 s.
        test: { name: 'unit', include: ['tests/**/*.unit.test.ts'], testTimeout: 10_000 * PATIENCE },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/**/*.unit.test.ts'],
          globalSetup: ['tests/support/globalSetup.ts'],
          // Ceilings, not expectations: a busy machine makes a test slower, never red (TEST_PATIENCE).
          testTimeout: 60_000 * PATIENCE,
          hookTimeout: 60_000 * PATIENCE,
          pool: 'forks',
          // Files share a worker's loaded modules: importing the product afresh for each file cost ~160 s of CPU.
          isolate: false,
        },
      },
    ],
  },
});
