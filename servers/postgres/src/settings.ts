import { defineSettings, setting, type ConfigOf } from '@mcp-catalog/shared';
import * as z from 'zod';

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Every setting once: type, bounds and default on the zod field; flag and env names are derived. */
const declared = defineSettings('postgres', {
  databaseUrl: setting(
    z.string().regex(POSTGRES_URL, { message: 'must start with postgres:// or postgresql://' }).optional(),
    {
      description:
        'PostgreSQL connection URL (environment only: a password in argv shows in `ps`). Unset: the standard PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE variables apply.',
      env: ['DATABASE_URL', 'POSTGRES_URL'],
      secret: true,
      example: 'postgres://reader:secret@127.0.0.1:5432/app'
    }
  ),
  accessMode: setting(
    z.enum(['read-only', 'read-write'], { message: 'must be "read-only" or "read-write"' }).default('read-only'),
    {
      description:
        '"read-only" (default) or "read-write", which adds the execute_sql tool for INSERT/UPDATE/DELETE and DDL. --read-only always wins.',
      example: 'read-write'
    }
  ),
  poolSize: setting(z.number({ message: 'must be a number' }).int().min(1).max(100).default(5), {
    description: 'Most connections the server opens at once (default 5).',
    example: '5'
  }),
  statementTimeoutSeconds: setting(
    z
      .number({ message: 'must be a number' })
      .min(0.1, 'must be at least 0.1')
      .max(3600, 'must be at most 3600')
      .default(5),
    { description: 'statement_timeout for every statement, in seconds (default 5; fractions allowed).', example: '10' }
  ),
  maxRows: setting(z.number({ message: 'must be a number' }).int().min(1).max(100_000).default(200), {
    description: 'Most rows a query returns per call (default 200); the rest are never fetched.',
    example: '200'
  }),
  maxBytes: setting(z.number({ message: 'must be a number' }).int().min(1000).max(1_000_000).default(100_000), {
    description: 'Most bytes of row data (as JSON) a query returns per call (default 100000).',
    example: '100000'
  }),
  maxEstimatedRows: setting(z.number({ message: 'must be a number' }).int().min(0).default(10_000_000), {
    description:
      'Query cost guard: refuse queries whose plan must read more rows than this before returning the first one (sorts, aggregates, hash builds); 0 turns it off (default 10000000).',
    example: '10000000'
  })
});

/**
 * A connection URL given as a bare argument, as the reference server took it. Accepted without a
 * password; with one it is refused (argv shows in `ps`), and the refusal never repeats the password.
 */
const connectionArgument = z
  .array(z.string())
  .max(1, 'takes at most one connection URL')
  .optional()
  .superRefine((values, ctx) => {
    const value = values?.[0];
    if (value === undefined) return;
    const url = parseUrl(value);
    if (!url || !POSTGRES_URL.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'the only argument this server takes is a postgres:// connection URL without a password; set DATABASE_URL in the environment for the connection'
      });
    } else if (url.password) {
      ctx.addIssue({
        code: 'custom',
        message: `a connection URL with a password (${redactUrl(url)}) is not accepted on the command line, where \`ps\` shows it to every user; set DATABASE_URL in the environment instead`
      });
    }
  });

export const positional = {
  key: 'connectionArgument',
  name: 'connection-url',
  description:
    'A postgres:// URL without a password (the password comes from PGPASSWORD or ~/.pgpass); DATABASE_URL is the usual way.'
};

export const settings = { ...declared, schema: declared.schema.extend({ connectionArgument }) };

export type Config = ConfigOf<typeof settings>;

/** Writes need the operator's read-write mode, and --read-only takes them away again. */
export function writesAllowed(config: Pick<Config, 'accessMode' | 'readOnly'>): boolean {
  return config.accessMode === 'read-write' && !config.readOnly;
}

/** The mode the database connections run in. */
export function effectiveAccessMode(config: Pick<Config, 'accessMode' | 'readOnly'>): 'read-only' | 'read-write' {
  return writesAllowed(config) ? 'read-write' : 'read-only';
}

export function statementTimeoutMs(config: Pick<Config, 'statementTimeoutSeconds'>): number {
  return Math.round(config.statementTimeoutSeconds * 1000);
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}
