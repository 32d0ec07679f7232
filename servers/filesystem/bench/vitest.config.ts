import { defineConfig } from 'vitest/config';

// Run on demand with `pnpm bench`; never part of `test` (no speed assertions in tests).
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60 * 60_000,
    hookTimeout: 30 * 60_000
  }
});
