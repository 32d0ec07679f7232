import { fileURLToPath } from 'node:url';
import { describeServerContract } from '@mcp-catalog/shared/testing/contract';
import { manifest } from '../src/manifest.js';

// The catalog-wide contract: naming, hints, schema snapshots (UPDATE_TOOLSNAPS=1 rewrites them),
// the operator's switches, and the built bin's --help, --version and clean stdio. The bin starts
// without a reachable database (the pool connects on first use), so no DATABASE_URL is needed here.
describeServerContract(manifest, {
  bin: fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  env: { DATABASE_URL: 'postgres://contract@127.0.0.1:1/unreachable' },
  snapshotDir: fileURLToPath(new URL('./__toolsnaps__', import.meta.url))
});
