import { catalogVitestConfig } from '@mcp-catalog/shared/vitest';

// The catalog's settings (timeouts, JSON report, network jail); benchmarks live in bench/.
export default catalogVitestConfig({ test: { benchmark: { include: ['bench/**/*.bench.ts'] } } });
