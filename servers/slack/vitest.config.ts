import { catalogVitestConfig } from '@mcp-catalog/shared/vitest';

// The catalog's settings (timeouts, JSON report, network jail); benchmarks run on demand only.
export default catalogVitestConfig({ test: { benchmark: { include: ['bench/**/*.bench.ts'] } } });
