import { formatBytes } from '@mcp-catalog/shared';
import type { ClientBase } from 'pg';

export const HEALTH_CHECKS = ['indexes', 'vacuum', 'connections', 'cache', 'long_running'] as const;
export type HealthCheckName = (typeof HEALTH_CHECKS)[number];
export type Severity = 'ok' | 'warning' | 'critical';

export interface Finding {
  severity: Exclude<Severity, 'ok'>;
  /** What the finding is about: an index, a table, a database, a backend. */
  subject: string;
  message: string;
}

export interface CheckResult {
  check: HealthCheckName;
  status: Severity;
  summary: string;
  findings: Finding[];
}

export interface HealthOptions {
  /** Queries and transactions running longer than this count as long-running. */
  longRunningSeconds: number;
  /** Findings kept per check, worst first. */
  maxFindings: number;
}

const MB = 1024 * 1024;
const WRAPAROUND_LIMIT = 2 ** 31;

/** Runs the chosen checks one after another on `client` (one connection, one snapshot). */
export async function analyzeHealth(
  client: ClientBase,
  checks: readonly HealthCheckName[],
  options: HealthOptions
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const findings = await RUNNERS[check](client, options);
    const status: Severity = findings.some((f) => f.severity === 'critical')
      ? 'critical'
      : findings.length
        ? 'warning'
        : 'ok';
    findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
    results.push({
      check,
      status,
      summary: findings.length
        ? `${findings.length} finding(s)${findings.length > options.maxFindings ? `, showing the worst ${options.maxFindings}` : ''}`
        : OK_SUMMARY[check],
      findings: findings.slice(0, options.maxFindings)
    });
  }
  return results;
}

const OK_SUMMARY: Record<HealthCheckName, string> = {
  indexes: 'no invalid, unused, duplicate or bloated indexes found',
  vacuum: 'no table with many dead rows; transaction ID age is far from wraparound',
  connections: 'connection use is well below max_connections and nothing is idle in a transaction',
  cache: 'cache hit ratios are above 95% (or too little traffic to judge)',
  long_running: 'nothing has been running long'
};

const RUNNERS: Record<HealthCheckName, (client: ClientBase, options: HealthOptions) => Promise<Finding[]>> = {
  async indexes(client) {
    const findings: Finding[] = [];
    const invalid = await client.query<{ index: string; table: string }>(
      `SELECT i.indexrelid::regclass::text AS index, i.indrelid::regclass::text AS table
         FROM pg_catalog.pg_index i WHERE NOT i.indisvalid`
    );
    for (const row of invalid.rows) {
      findings.push({
        severity: 'critical',
        subject: row.index,
        message: `invalid index on ${row.table} (a failed CREATE INDEX CONCURRENTLY?): it costs writes but serves no query; REINDEX INDEX CONCURRENTLY or drop it`
      });
    }
    const unused = await client.query<{ index: string; table: string; bytes: number }>(
      `SELECT s.indexrelid::regclass::text AS index, s.relid::regclass::text AS table, pg_catalog.pg_relation_size(s.indexrelid)::float8 AS bytes
         FROM pg_catalog.pg_stat_user_indexes s JOIN pg_catalog.pg_index i ON i.indexrelid = s.indexrelid
        WHERE s.idx_scan = 0 AND i.indisvalid AND NOT i.indisunique AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = s.indexrelid)
        ORDER BY bytes DESC`
    );
    for (const row of unused.rows) {
      findings.push({
        severity: 'warning',
        subject: row.index,
        message: `never scanned since statistics were reset (${formatBytes(row.bytes)} on ${row.table}); check replicas before dropping it`
      });
    }
    const duplicates = await client.query<{ indexes: string[]; bytes: number }>(
      `SELECT to_json(array_agg(indexrelid::regclass::text ORDER BY indexrelid)) AS indexes, sum(pg_catalog.pg_relation_size(indexrelid))::float8 AS bytes
         FROM pg_catalog.pg_index
        GROUP BY indrelid, indkey::text, indclass::text, indcollation::text, coalesce(pg_catalog.pg_get_expr(indexprs, indrelid), ''), coalesce(pg_catalog.pg_get_expr(indpred, indrelid), '')
       HAVING count(*) > 1`
    );
    for (const row of duplicates.rows) {
      findings.push({
        severity: 'warning',
        subject: row.indexes.join(', '),
        message: `identical indexes (${formatBytes(row.bytes)} together); keep one`
      });
    }
    const bloated = await client.query<{ index: string; bytes: number; wasted: number; ratio: number }>(BTREE_BLOAT);
    for (const row of bloated.rows) {
      findings.push({
        severity: row.ratio > 0.8 && row.wasted > 100 * MB ? 'critical' : 'warning',
        subject: row.index,
        message: `about ${Math.round(row.ratio * 100)}% bloated (an estimated ${formatBytes(row.wasted)} of ${formatBytes(row.bytes)} is empty space); REINDEX INDEX CONCURRENTLY reclaims it`
      });
    }
    return findings;
  },

  async vacuum(client) {
    const findings: Finding[] = [];
    const databases = await client.query<{ name: string; age: number; freezeMaxAge: number }>(
      `SELECT datname AS name, age(datfrozenxid)::float8 AS age, current_setting('autovacuum_freeze_max_age')::float8 AS "freezeMaxAge"
         FROM pg_catalog.pg_database WHERE datallowconn ORDER BY age(datfrozenxid) DESC`
    );
    for (const db of databases.rows) {
      const percent = Math.round((db.age / WRAPAROUND_LIMIT) * 1000) / 10;
      if (db.age > WRAPAROUND_LIMIT * 0.75 || db.age > db.freezeMaxAge) {
        findings.push({
          severity: db.age > WRAPAROUND_LIMIT * 0.75 ? 'critical' : 'warning',
          subject: `database ${db.name}`,
          message: `transaction ID age ${db.age.toLocaleString('en-US')} (${percent}% of the wraparound limit; autovacuum_freeze_max_age is ${db.freezeMaxAge.toLocaleString('en-US')}): find the oldest tables and VACUUM (FREEZE) them`
        });
      }
    }
    const dead = await client.query<{ table: string; dead: number; live: number; lastVacuum: string | null }>(
      `SELECT relid::regclass::text AS table, n_dead_tup::float8 AS dead, n_live_tup::float8 AS live,
              greatest(last_vacuum, last_autovacuum)::text AS "lastVacuum"
         FROM pg_catalog.pg_stat_user_tables
        WHERE n_dead_tup > 1000 AND n_dead_tup > 0.2 * greatest(n_live_tup, 1)
        ORDER BY n_dead_tup DESC`
    );
    for (const row of dead.rows) {
      findings.push({
        severity: row.dead > 10 * Math.max(row.live, 1) && row.dead > 1_000_000 ? 'critical' : 'warning',
        subject: row.table,
        message: `${row.dead.toLocaleString('en-US')} dead rows vs ${row.live.toLocaleString('en-US')} live (last vacuum: ${row.lastVacuum ?? 'never'}); check autovacuum settings and long transactions`
      });
    }
    return findings;
  },

  async connections(client) {
    const findings: Finding[] = [];
    const { rows } = await client.query<{
      total: number;
      max: number;
      reserved: number;
      idleInTx: number;
      oldestIdleInTx: number | null;
    }>(
      `SELECT count(*)::int AS total, current_setting('max_connections')::int AS max,
              current_setting('superuser_reserved_connections')::int AS reserved,
              count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS "idleInTx",
              extract(epoch FROM max(now() - state_change) FILTER (WHERE state LIKE 'idle in transaction%'))::float8 AS "oldestIdleInTx"
         FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend'`
    );
    const use = rows[0]!;
    const available = use.max - use.reserved;
    const ratio = use.total / Math.max(available, 1);
    if (ratio > 0.8) {
      findings.push({
        severity: ratio > 0.95 ? 'critical' : 'warning',
        subject: 'max_connections',
        message: `${use.total} of ${available} client connections in use (${Math.round(ratio * 100)}%); use a pooler or raise max_connections`
      });
    }
    if (use.idleInTx > 0 && (use.oldestIdleInTx ?? 0) > 60) {
      findings.push({
        severity: 'warning',
        subject: 'idle in transaction',
        message: `${use.idleInTx} session(s) idle inside an open transaction, the oldest for ${Math.round(use.oldestIdleInTx ?? 0)} s: they hold locks and block vacuum; set idle_in_transaction_session_timeout`
      });
    }
    return findings;
  },

  async cache(client) {
    const { rows } = await client.query<{ kind: string; hit: number; read: number }>(
      `SELECT 'table' AS kind, coalesce(sum(heap_blks_hit), 0)::float8 AS hit, coalesce(sum(heap_blks_read), 0)::float8 AS read FROM pg_catalog.pg_statio_user_tables
       UNION ALL
       SELECT 'index', coalesce(sum(idx_blks_hit), 0)::float8, coalesce(sum(idx_blks_read), 0)::float8 FROM pg_catalog.pg_statio_user_indexes`
    );
    return rows.flatMap((row): Finding[] => {
      const total = row.hit + row.read;
      // Below a few thousand block reads the ratio says more about a cold start than about the cache.
      if (total < 10_000) return [];
      const ratio = row.hit / total;
      if (ratio >= 0.95) return [];
      return [
        {
          severity: ratio < 0.8 ? 'critical' : 'warning',
          subject: `${row.kind} cache hit ratio`,
          message: `${(ratio * 100).toFixed(1)}% of ${row.kind} block reads came from shared_buffers (${row.read.toLocaleString('en-US')} from disk); consider more shared_buffers or fewer full scans`
        }
      ];
    });
  },

  async long_running(client, options) {
    const { rows } = await client.query<{
      pid: number;
      seconds: number;
      state: string;
      wait: string | null;
      query: string;
      user: string;
    }>(
      `SELECT pid, extract(epoch FROM now() - coalesce(CASE WHEN state = 'active' THEN query_start END, xact_start))::float8 AS seconds,
              state, wait_event_type || ':' || wait_event AS wait, left(query, 200) AS query, usename AS user
         FROM pg_catalog.pg_stat_activity
        WHERE pid <> pg_catalog.pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'
          AND now() - coalesce(CASE WHEN state = 'active' THEN query_start END, xact_start) > make_interval(secs => $1)
        ORDER BY seconds DESC`,
      [options.longRunningSeconds]
    );
    return rows.map((row) => ({
      severity: row.seconds > 3600 ? 'critical' : 'warning',
      subject: `pid ${row.pid}`,
      message: `${row.state} for ${Math.round(row.seconds)} s as ${row.user}${row.wait ? `, waiting on ${row.wait}` : ''}: ${row.query.replace(/\s+/g, ' ')}`
    }));
  }
};

/**
 * Estimated B-tree bloat, from the index's leaf size (relpages) against the pages its live
 * entries need: reltuples × (8-byte tuple header + key width from pg_stats, MAXALIGNed, + 4-byte
 * line pointer) at the default 90% fill. Needs ANALYZEd tables; indexes on expressions are skipped.
 */
const BTREE_BLOAT = `
WITH idx AS (
  SELECT i.indexrelid, ic.relpages::float8 AS pages, ic.reltuples::float8 AS tuples,
         current_setting('block_size')::float8 AS bs,
         (SELECT sum(s.avg_width) FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_stats s ON s.schemaname = n.nspname AND s.tablename = tc.relname AND s.attname = a.attname
           WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) AS width,
         (SELECT count(*) FROM unnest(i.indkey) k WHERE k = 0) AS expressions
    FROM pg_catalog.pg_index i
    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_catalog.pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
    JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = tc.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND ic.relpages > 10 AND ic.reltuples >= 0
), estimate AS (
  SELECT indexrelid, pages, bs,
         1 + ceil(tuples * (8 * ceil((8 + width) / 8) + 4) / ((bs - 40) * 0.9)) AS needed
    FROM idx WHERE width IS NOT NULL AND expressions = 0
)
SELECT indexrelid::regclass::text AS index, pages * bs AS bytes, (pages - needed) * bs AS wasted, 1 - needed / pages AS ratio
  FROM estimate
 WHERE pages > needed AND 1 - needed / pages > 0.5 AND (pages - needed) * bs > 1048576
 ORDER BY wasted DESC`;
