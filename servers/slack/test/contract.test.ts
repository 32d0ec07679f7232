import { fileURLToPath } from 'node:url';
import { describeServerContract } from '@mcp-catalog/shared/testing/contract';
import { manifest } from '../src/manifest.js';

// The catalog-wide contract: naming, hints, schema snapshots (UPDATE_TOOLSNAPS=1 rewrites them),
// the operator's switches, and the built bin's --help, --version and clean stdio. Posting is
// configured so the write tools are part of the snapshot; the bin never reaches the (absent) API
// before the first call, and its start-up calls go to a closed loopback port.
describeServerContract(manifest, {
  bin: fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  snapshotDir: fileURLToPath(new URL('./__toolsnaps__', import.meta.url)),
  argv: ['--post-channels', 'C0GENERAL', '--database', ':memory:'],
  env: { SLACK_BOT_TOKEN: 'xoxb-0-contract', SLACK_USER_TOKEN: 'xoxp-0-contract', SLACK_API_URL: 'http://127.0.0.1:9/api/' }
});
