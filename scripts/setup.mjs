#!/usr/bin/env node
// Installs the workspace with the pinned pnpm, so a fresh clone needs only Node and npm.
// Used by `npm test`, `npm run demo` and .ci/run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PNPM = 'pnpm@10.34.9';
const env = { ...process.env };

// better-sqlite3 builds from source here (no prebuilt download); node-gyp needs Node's headers,
// and pnpm does not pass npm's `nodedir` setting on.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
env.TURBO_TELEMETRY_DISABLED = '1';

const args = ['--yes', PNPM, 'install'];
if (env.CI) args.push('--frozen-lockfile');
const result = spawnSync('npx', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
if (result.status !== 0) {
  console.error(`setup: "${['npx', ...args].join(' ')}" failed (exit ${result.status ?? result.signal}).`);
  process.exit(result.status ?? 1);
}
