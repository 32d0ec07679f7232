import { defineConfig } from 'vitest/config';

// Run on demand with `pnpm bench`; never part of `test` (no speed assertions in tests).
export default defineConfig({
  test: { benchmark: { include: ['bench/**/*.bench.ts'] } }
});
