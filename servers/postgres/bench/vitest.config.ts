import { defineConfig } from 'vitest/config';

// `pnpm bench`: the comparison with the reference server, on demand (not part of `test`).
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 900_000,
    hookTimeout: 600_000
  }
});
