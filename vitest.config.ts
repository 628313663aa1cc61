import { defineConfig } from 'vitest/config';

// Three suites: fast unit tests, the model project against the ground truth
// (one shared build in global setup), and the built site in Chromium.
const exclude = ['**/node_modules/**', '**/dist/**', 'tests/**/fixtures/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude,
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'project',
          include: ['tests/project/**/*.test.ts'],
          exclude,
          globalSetup: ['tests/project/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude,
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
