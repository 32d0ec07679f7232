import { defineSettings, defaultDatabasePath, setting, type ConfigOf } from '@mcp-catalog/shared';
import * as z from 'zod';

/** Every setting once: type, bounds and default on the zod field; flag and env names are derived. */
export const settings = defineSettings('sitemonitor', {
  database: setting(z.string().min(1).default(defaultDatabasePath('sitemonitor')), {
    description:
      'SQLite file for monitors and history (default $XDG_DATA_HOME/mcp-catalog/sitemonitor.db, else ~/.local/share/mcp-catalog/sitemonitor.db); ":memory:" keeps nothing.',
    example: '/var/lib/sitemonitor/sitemonitor.db'
  }),
  allowPrivateTargets: setting(z.boolean().default(false), {
    description:
      'Let checks reach loopback, private, link-local and CGNAT addresses (internal sites). Cloud metadata addresses stay refused.'
  }),
  caFile: setting(z.string().min(1).optional(), {
    description: 'PEM file of extra CA certificates to trust besides the system ones (an internal PKI).',
    example: '/etc/ssl/internal-ca.pem'
  }),
  scheduler: setting(z.boolean().default(true), {
    description:
      'Run due monitors in this process (default true; --no-scheduler when another process owns the schedule).'
  }),
  maxConcurrentChecks: setting(z.number().int().min(1).max(64).default(4), {
    description: 'Scheduled checks running at once (default 4).',
    example: '8'
  }),
  minIntervalSeconds: setting(z.number().int().min(1).max(86_400).default(30), {
    description: 'Shortest monitor interval a tool may set, in seconds (default 30).',
    example: '60'
  }),
  maxMonitors: setting(z.number().int().min(1).max(10_000).default(200), {
    description: 'Most monitors the store holds (default 200).',
    example: '500'
  }),
  timeoutSeconds: setting(z.number().int().min(1).max(120).default(15), {
    description: 'Default and largest time one check may take, in seconds, redirects included (default 15).',
    example: '10'
  }),
  maxResponseBytes: setting(
    z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1_048_576),
    {
      description: 'Response body bytes read per check, for the expected-text match (default 1048576).',
      example: '262144'
    }
  ),
  retentionDays: setting(z.number().int().min(1).max(3650).default(90), {
    description: 'Check history and closed incidents older than this are deleted (default 90).',
    example: '30'
  })
});

export type Config = ConfigOf<typeof settings>;
