import type { ClientBase } from 'pg';
import { RefusedError, isPgError } from './errors.js';

/** The statements Database wraps around every call (see database.ts), as pg_stat_statements records them. */
const OWN_STATEMENTS =
  '^\\s*(BEGIN READ (ONLY|WRITE)|SET LOCAL (statement_timeout|standard_conforming_strings|backslash_quote) = \\S+|ROLLBACK|COMMIT|SELECT pg_catalog\\.pg_advisory_unlock_all\\(\\))\\s*;?\\s*$';

export const SLOW_QUERY_ORDERS = ['total_time', 'mean_time', 'calls', 'rows', 'disk_reads'] as const;
export type SlowQueryOrder = (typeof SLOW_QUERY_ORDERS)[number];

export interface SlowQuery {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  /** Share of blocks found in shared_buffers, 0-1; null when the statement read none. */
  cacheHitRatio: number | null;
  diskReads: number;
}

const NOT_INSTALLED_HINT =
  'Add pg_stat_statements to shared_preload_libraries in postgresql.conf, restart PostgreSQL, then run CREATE EXTENSION pg_stat_statements in this database (an operator task). analyze_db_health works without it.';

/** The heaviest statements from pg_stat_statements (normalized text, $n for constants). */
export async function slowQueries(
  client: ClientBase,
  options: { orderBy: SlowQueryOrder; limit: number; minCalls: number; maxQueryChars: number }
): Promise<SlowQuery[]> {
  const installed = await client.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'`
  );
  if (installed.rows.length === 0) {
    throw new RefusedError(
      `pg_stat_statements is not installed in database "${await currentDatabase(client)}", so there are no query statistics.`,
      NOT_INSTALLED_HINT
    );
  }
  const view = `${client.escapeIdentifier(installed.rows[0]!.schema)}.pg_stat_statements`;
  // PostgreSQL 13 split total_time into planning and execution time.
  const modern =
    Number((await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]!.v) >=
    130000;
  const total = modern ? 'total_exec_time' : 'total_time';
  const mean = modern ? 'mean_exec_time' : 'mean_time';
  const orderBy = { total_time: total, mean_time: mean, calls: 'calls', rows: 'rows', disk_reads: 'shared_blks_read' }[
    options.orderBy
  ];
  try {
    const { rows } = await client.query<SlowQuery>(
      `SELECT left(query, $3) AS query, calls::float8 AS calls, ${total}::float8 AS "totalMs", ${mean}::float8 AS "meanMs", rows::float8 AS rows,
              CASE WHEN shared_blks_hit + shared_blks_read > 0 THEN shared_blks_hit::float8 / (shared_blks_hit + shared_blks_read) END AS "cacheHitRatio",
              shared_blks_read::float8 AS "diskReads"
         FROM ${view}
        WHERE calls >= $2 AND dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
          -- this server's own transaction framing, which every call repeats, is not a slow query
          AND query !~* '${OWN_STATEMENTS}'
        ORDER BY ${orderBy} DESC
        LIMIT $1`,
      [options.limit, options.minCalls, options.maxQueryChars]
    );
    return rows;
  } catch (error) {
    // Installed but not preloaded: the view exists and refuses to be read.
    if (isPgError(error) && /shared_preload_libraries/.test(error.message)) {
      throw new RefusedError(
        'pg_stat_statements is installed but not loaded (it is missing from shared_preload_libraries).',
        NOT_INSTALLED_HINT
      );
    }
    throw error;
  }
}

async function currentDatabase(client: ClientBase): Promise<string> {
  return (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
}
