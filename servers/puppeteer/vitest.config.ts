import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report feeds the repo-wide "N passed, N failed" line (scripts/test-summary.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results.json' }
  }
});
