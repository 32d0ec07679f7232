import { catalogVitestConfig } from '@mcp-catalog/shared/vitest';

// The catalog's settings (timeouts, JSON report, network jail); add only what this server needs.
export default catalogVitestConfig({ test: { globalSetup: ['test/global-setup.ts'] } });
