import { homedir } from 'node:os';
import path from 'node:path';
import type { CommonConfig, SettingsSpec } from '@mcp-catalog/shared';
import * as z from 'zod';

/** Where each setting comes from: a flag and an environment variable (flags win). */
export const settings = {
  db: {
    flag: 'db',
    env: 'SITEMONITOR_DB',
    type: 'string',
    description:
      'SQLite file for monitors and history (default $XDG_STATE_HOME/mcp-catalog/sitemonitor.db, else ~/.local/state/mcp-catalog/sitemonitor.db); ":memory:" keeps nothing.',
    example: '/var/lib/sitemonitor/sitemonitor.db'
  },
  readOnly: {
    flag: 'read-only',
    env: 'SITEMONITOR_READ_ONLY',
    type: 'boolean',
    description: 'Offer only the checks and reports: no tool adds, changes, removes or runs monitors.'
  },
  allowPrivateTargets: {
    flag: 'allow-private-targets',
    env: 'SITEMONITOR_ALLOW_PRIVATE_TARGETS',
    type: 'boolean',
    description:
      'Let checks reach loopback, private, link-local and CGNAT addresses (internal sites). Cloud metadata addresses stay refused.'
  },
  caFile: {
    flag: 'ca-file',
    env: 'SITEMONITOR_CA_FILE',
    type: 'string',
    description: 'PEM file of extra CA certificates to trust besides the system ones (an internal PKI).',
    example: '/etc/ssl/internal-ca.pem'
  },
  scheduler: {
    flag: 'scheduler',
    env: 'SITEMONITOR_SCHEDULER',
    type: 'boolean',
    description:
      'Run due monitors in this process (default true; --no-scheduler when another process owns the schedule).'
  },
  maxConcurrentChecks: {
    flag: 'max-concurrent-checks',
    env: 'SITEMONITOR_MAX_CONCURRENT_CHECKS',
    type: 'number',
    description: 'Scheduled checks running at once (default 4).',
    example: '8'
  },
  minIntervalSeconds: {
    flag: 'min-interval',
    env: 'SITEMONITOR_MIN_INTERVAL',
    type: 'number',
    description: 'Shortest monitor interval a tool may set, in seconds (default 30).',
    example: '60'
  },
  maxMonitors: {
    flag: 'max-monitors',
    env: 'SITEMONITOR_MAX_MONITORS',
    type: 'number',
    description: 'Most monitors the store holds (default 200).',
    example: '500'
  },
  timeoutSeconds: {
    flag: 'timeout',
    env: 'SITEMONITOR_TIMEOUT',
    type: 'number',
    description: 'Default and largest time one check may take, in seconds, redirects included (default 15).',
    example: '10'
  },
  maxResponseBytes: {
    flag: 'max-response-bytes',
    env: 'SITEMONITOR_MAX_RESPONSE_BYTES',
    type: 'number',
    description: 'Response body bytes read per check, for the expected-text match (default 1048576).',
    example: '262144'
  },
  retentionDays: {
    flag: 'retention-days',
    env: 'SITEMONITOR_RETENTION_DAYS',
    type: 'number',
    description: 'Check history and closed incidents older than this are deleted (default 90).',
    example: '30'
  }
} as const satisfies SettingsSpec;

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state');
  return path.join(stateHome, 'mcp-catalog', 'sitemonitor.db');
}

/** What the settings must look like, with defaults. */
export const configSchema = z.object({
  db: z.string().min(1).default(defaultDbPath()),
  readOnly: z.boolean().default(false),
  allowPrivateTargets: z.boolean().default(false),
  caFile: z.string().min(1).optional(),
  scheduler: z.boolean().default(true),
  maxConcurrentChecks: z.number().int().min(1).max(64).default(4),
  minIntervalSeconds: z.number().int().min(1).max(86_400).default(30),
  maxMonitors: z.number().int().min(1).max(10_000).default(200),
  timeoutSeconds: z.number().int().min(1).max(120).default(15),
  maxResponseBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1_048_576),
  retentionDays: z.number().int().min(1).max(3650).default(90)
});

export type Config = z.output<typeof configSchema> & Partial<CommonConfig>;
