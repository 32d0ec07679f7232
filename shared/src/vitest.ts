import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

/** The network jail's vitest setup file, as a path vitest can load (dist .js, or .ts in this repo's own tests). */
export const networkJailSetupFile: string = (() => {
  const js = fileURLToPath(new URL('./testing/network-jail-setup.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
})();

/**
 * The catalog's one vitest configuration: tests under test/, timeouts generous enough for a loaded
 * 2-core machine, the JSON report scripts/test-summary.mjs adds up, and the network jail in every
 * worker. `overrides.test` is merged field by field; `setupFiles` are added after the jail's.
 */
export function catalogVitestConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  const { test = {}, ...rest } = overrides;
  const extraSetup =
    test.setupFiles === undefined ? [] : Array.isArray(test.setupFiles) ? test.setupFiles : [test.setupFiles];
  const base: TestOptions = {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report feeds the repo-wide "N passed, N failed" line (scripts/test-summary.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results.json' }
  };
  return { ...rest, test: { ...base, ...test, setupFiles: [networkJailSetupFile, ...extraSetup] } };
}
