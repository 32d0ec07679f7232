import { fileURLToPath } from 'node:url';
import { describeServerContract } from '@mcp-catalog/shared/testing/contract';
import { manifest } from '../src/manifest.js';

// The catalog-wide contract: naming, hints, schema snapshots (UPDATE_TOOLSNAPS=1 rewrites them),
// the operator's switches, and the built bin's --help, --version and clean stdio.
describeServerContract(manifest, {
  bin: fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  argv: ['--database', ':memory:', '--enable-public-replies'],
  snapshotDir: fileURLToPath(new URL('./__toolsnaps__', import.meta.url))
});
