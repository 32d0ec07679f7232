import type { Resolver } from '@mcp-catalog/shared';
import { connectManifest, type ClientOptions, type ConnectedManifest } from '@mcp-catalog/shared/testing';
import { createDeps, type Deps } from '../src/deps.js';
import { manifest } from '../src/manifest.js';

/** Settings as flags, the way an operator writes them: { minIntervalSeconds: 1 } -> --min-interval-seconds 1. */
export function argvOf(settings: Record<string, unknown>): string[] {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (value === true) argv.push(`--${flag}`);
    else if (value === false) argv.push(`--no-${flag}`);
    else argv.push(`--${flag}`, Array.isArray(value) ? value.join(',') : String(value));
  }
  return argv;
}

export const TEST_DEFAULTS = {
  database: ':memory:',
  allowPrivateTargets: true,
  scheduler: false,
  minIntervalSeconds: 1
};

export interface ConnectOptions {
  resolve?: Resolver;
  schedulerTickMs?: number;
  client?: ClientOptions;
  env?: Record<string, string>;
}

/** The server as a host starts it, through an in-memory client; tests inject DNS and a short scheduler tick. */
export function connectSitemonitor(
  settings: Record<string, unknown> = {},
  options: ConnectOptions = {}
): Promise<ConnectedManifest<Deps>> {
  return connectManifest<Deps>(manifest, {
    argv: argvOf({ ...TEST_DEFAULTS, ...settings }),
    env: options.env ?? {},
    createDeps: (config, runtime) =>
      createDeps(config, runtime, {
        ...(options.resolve ? { resolve: options.resolve } : {}),
        ...(options.schedulerTickMs ? { schedulerTickMs: options.schedulerTickMs } : {})
      }),
    ...(options.client ? { client: options.client } : {})
  });
}
