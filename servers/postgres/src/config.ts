import type { CommonConfig, SettingsSpec } from '@mcp-catalog/shared';
import * as z from 'zod';

/** Where each setting comes from: a flag and an environment variable (flags win). */
export const settings = {
  databaseUrl: {
    flag: 'database-url',
    env: 'DATABASE_URL',
    type: 'string',
    envOnly: true,
    description:
      'PostgreSQL connection URL (environment only: a password in argv shows in `ps`). Unset: the standard PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE variables apply.',
    example: 'postgres://reader:secret@127.0.0.1:5432/app'
  },
  accessMode: {
    flag: 'access-mode',
    env: 'POSTGRES_ACCESS_MODE',
    type: 'string',
    description:
      '"read-only" (default) or "read-write", which adds the execute_sql tool for INSERT/UPDATE/DELETE and DDL.',
    example: 'read-write'
  },
  poolSize: {
    flag: 'pool-size',
    env: 'POSTGRES_POOL_SIZE',
    type: 'number',
    description: 'Most connections the server opens at once (default 5).',
    example: '5'
  },
  statementTimeoutMs: {
    flag: 'statement-timeout-ms',
    env: 'POSTGRES_STATEMENT_TIMEOUT_MS',
    type: 'number',
    description: 'statement_timeout for every statement, in milliseconds (default 5000).',
    example: '5000'
  },
  maxRows: {
    flag: 'max-rows',
    env: 'POSTGRES_MAX_ROWS',
    type: 'number',
    description: 'Most rows a query returns per call (default 200); the rest are never fetched.',
    example: '200'
  },
  maxBytes: {
    flag: 'max-bytes',
    env: 'POSTGRES_MAX_BYTES',
    type: 'number',
    description: 'Most bytes of row data (as JSON) a query returns per call (default 100000).',
    example: '100000'
  },
  maxEstimatedRows: {
    flag: 'max-estimated-rows',
    env: 'POSTGRES_MAX_ESTIMATED_ROWS',
    type: 'number',
    description:
      'Query cost guard: refuse queries whose plan must read more rows than this before returning the first one (sorts, aggregates, hash builds); 0 turns it off (default 10000000).',
    example: '10000000'
  }
} as const satisfies SettingsSpec;

/** What the settings must look like, with defaults. */
export const configSchema = z.object({
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional(),
  accessMode: z
    .enum(['read-only', 'read-write'], { message: 'must be "read-only" or "read-write"' })
    .default('read-only'),
  poolSize: z.number({ message: 'must be a number' }).int().min(1).max(100).default(5),
  statementTimeoutMs: z.number({ message: 'must be a number' }).int().min(100).max(3_600_000).default(5000),
  maxRows: z.number({ message: 'must be a number' }).int().min(1).max(100_000).default(200),
  maxBytes: z.number({ message: 'must be a number' }).int().min(1000).max(1_000_000).default(100_000),
  maxEstimatedRows: z.number({ message: 'must be a number' }).int().min(0).default(10_000_000)
});

export type Config = z.output<typeof configSchema> & Partial<CommonConfig>;
