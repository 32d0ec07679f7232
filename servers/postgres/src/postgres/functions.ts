import type { ClientBase } from 'pg';
import { RefusedError } from './errors.js';
import type { StatementAnalysis } from './statement.js';

/**
 * Functions never run on a caller's behalf, by name in any schema, with the reason. A read-only
 * transaction does not stop any of these: they read server files, open other connections,
 * signal other backends, take locks that outlive the transaction, change settings or statistics,
 * run SQL text the parser never sees, or just wait.
 */
const DENIED: ReadonlyArray<[RegExp, string]> = [
  [/^pg_read_(binary_)?file$|^pg_ls_|^pg_stat_file$|^pg_file_/, 'it reads or lists files on the database server'],
  [
    /^lo_|^lo(read|write)$/,
    'large-object functions read and write server files (lo_import/lo_export) and large objects'
  ],
  [/^dblink/, 'dblink opens another connection, outside this read-only transaction'],
  [
    /^pg_(terminate|cancel|signal)_backend$|^pg_reload_conf$|^pg_rotate_logfile|^pg_log_backend_memory_contexts$|^pg_promote$/,
    'it signals server processes'
  ],
  [/^pg_(try_)?advisory/, 'advisory locks can outlive the transaction and block other sessions'],
  [/^set_config$/, 'it changes server settings'],
  [/^pg_show_all_settings$/, 'it lists settings that hold passwords (primary_conninfo), like SHOW ALL'],
  [/^pg_stat_reset|^pg_stat_statements_reset$|^pg_stat_clear_snapshot$/, 'it resets statistics the DBA relies on'],
  [/^pg_sleep/, 'it only waits, holding a connection'],
  [
    /^(query|cursor|table|schema|database)_to_xml|^ts_stat$|^ts_rewrite$|^crosstab\d*$|^connectby$/,
    'it runs SQL text that is not checked by this server'
  ],
  [
    /replication_slot|^pg_replication_origin|^pg_logical_|^pg_(start|stop)_backup$|^pg_backup_(start|stop)$|^pg_switch_wal$|^pg_create_restore_point$|^pg_wal_replay_/,
    'it controls replication, backups or WAL'
  ],
  [
    /^pg_notify$|^txid_current$|^pg_current_xact_id$/,
    'it has effects outside the transaction (notifications, transaction IDs)'
  ],
  [/^pg_import_system_collations$|^pg_buffercache_evict|^pg_prewarm$|^hypopg/, 'it changes server state']
];

/**
 * Volatile functions that are harmless to call: clocks, randomness and WAL positions. Every
 * other volatile function is refused in read-only mode.
 */
const HARMLESS_VOLATILE = new Set([
  'random',
  'random_normal',
  'clock_timestamp',
  'timeofday',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'pg_current_wal_lsn',
  'pg_current_wal_insert_lsn',
  'pg_current_wal_flush_lsn'
]);

/**
 * System relations never read on a caller's behalf, by name in any schema like the functions:
 * views that read server files for whoever selects from them, and the catalogs that hold secrets
 * (readable when the role is a superuser).
 */
const DENIED_RELATIONS: ReadonlyArray<[RegExp, string]> = [
  [/^pg_(file_settings|hba_file_rules|ident_file_mappings)$/, 'it reads configuration files on the database server'],
  [/^pg_(authid|shadow|user_mappings?)$/, 'it holds password hashes or foreign-server passwords'],
  [/^pg_subscription$/, 'its subconninfo holds the replication connection string, password included'],
  [
    /^pg_settings$/,
    'it lists primary_conninfo (the replication password) among the settings; use SHOW with the setting name instead'
  ]
];

/** Settings holding connection strings with passwords; never shown (SHOW, current_setting, text). */
const SECRET_SETTINGS = /conninfo/i;

/** Why `name` is on the deny-list, or undefined when it is not. */
export function deniedFunction(name: string): string | undefined {
  return DENIED.find(([pattern]) => pattern.test(name))?.[1];
}

/**
 * Refuses a statement that calls a deny-listed function, or reads a view that does, by name
 * whatever its schema; needs no catalog.
 */
export function refuseDeniedCalls(analysis: StatementAnalysis, sql?: string): void {
  // primary_conninfo and subconninfo reach a statement only by name, whether as SHOW's argument,
  // a current_setting() literal or a column: no legitimate read names them.
  if (sql !== undefined && SECRET_SETTINGS.test(sql)) {
    throw new RefusedError(
      'Reading replication connection strings (primary_conninfo, subconninfo) is not allowed: they hold passwords.',
      'Query something else; pg_stat_replication and pg_stat_subscription show replication state without secrets.'
    );
  }
  // A computed name ('primary_' || 'conninfo', a column, format(), concat()) cannot be checked
  // against the secret settings before it runs, so only literal names are read.
  if (analysis.computedSettingNames?.length) {
    throw new RefusedError(
      `Calling ${analysis.computedSettingNames[0]}() with a computed setting name is not allowed: only a string literal name can be checked against the settings that hold passwords.`,
      "Name the setting as a string literal, e.g. current_setting('work_mem'), or use SHOW work_mem."
    );
  }
  if (analysis.show === 'all') {
    throw new RefusedError(
      'SHOW ALL is not allowed: it lists settings that hold passwords (primary_conninfo).',
      'SHOW one setting by name, e.g. SHOW work_mem.'
    );
  }
  for (const fn of analysis.functions) {
    const reason = deniedFunction(fn.name);
    if (reason)
      throw new RefusedError(
        `Calling ${fn.name}() is not allowed: ${reason}.`,
        'Remove the call; this server never runs it.'
      );
  }
  for (const relation of analysis.relations) {
    const reason = DENIED_RELATIONS.find(([pattern]) => pattern.test(relation.name))?.[1];
    if (reason)
      throw new RefusedError(
        `Reading ${relation.name} is not allowed: ${reason}.`,
        'Query something else; this server never reads it.'
      );
  }
}

interface CatalogMatch {
  kind: 'function' | 'field' | 'operator' | 'type';
  name: string;
  schema: string;
  onPath: boolean;
  volatility: 'i' | 's' | 'v';
  proname: string;
}

/**
 * The function layer of read-only mode. Every function the statement calls must be neither on
 * the deny-list nor volatile (other than the harmless ones above), judged from pg_proc for every
 * overload the name could resolve to. Operators, `t.f` field notation and casts to a named type
 * (cast functions, domain checks) are checked the same way, through the functions behind them. Runs on the connection (and search_path) that will run the
 * statement.
 */
export async function checkFunctions(client: ClientBase, analysis: StatementAnalysis, sql?: string): Promise<void> {
  refuseDeniedCalls(analysis, sql);
  const names = [analysis.functions.map((f) => f.name), analysis.fieldNames, analysis.operators, analysis.types];
  if (names.every((list) => list.length === 0)) return;

  const { rows } = await client.query<CatalogMatch>({
    // Named, so each pooled connection plans it once.
    name: 'mcp_catalog_lookup',
    text: CATALOG_LOOKUP,
    values: names
  });

  for (const fn of analysis.functions) {
    const candidates = rows.filter(
      (r) => r.kind === 'function' && r.name === fn.name && (fn.schema ? r.schema === fn.schema : r.onPath)
    );
    const volatile = candidates.find((r) => r.volatility === 'v' && !HARMLESS_VOLATILE.has(r.proname));
    if (volatile) {
      throw new RefusedError(
        `Calling ${volatile.schema}.${fn.name}() is not allowed in read-only mode: it is VOLATILE (it may change data or state), and only IMMUTABLE or STABLE functions may run.`,
        'Remove the call or use a non-volatile alternative.'
      );
    }
  }
  // Field notation, operators and casts only count when the catalog says a function really sits behind them.
  for (const match of rows) {
    if (match.kind === 'function') continue;
    const reason =
      deniedFunction(match.proname) ??
      (match.volatility === 'v' && !HARMLESS_VOLATILE.has(match.proname) ? 'it is VOLATILE' : undefined);
    if (!reason) continue;
    const { how, hint } = IMPLICIT_CALLS[match.kind];
    throw new RefusedError(
      `${how(match.name)} calls ${match.schema}.${match.proname}(), which is not allowed: ${reason}.`,
      hint
    );
  }
}

const IMPLICIT_CALLS: Record<
  Exclude<CatalogMatch['kind'], 'function'>,
  { how: (name: string) => string; hint: string }
> = {
  field: {
    how: (name) => `The field notation ".${name}"`,
    hint: 'Use a column that exists, or quote the table alias.'
  },
  operator: { how: (name) => `The operator ${name}`, hint: 'Use a different operator.' },
  type: {
    how: (name) => `A cast to ${name} (a cast function or domain check)`,
    hint: 'Cast to a different type, or select the value without the cast.'
  }
};

// One round trip: the overloads behind each called name, the single-row-argument functions that
// `t.name` could mean, and the volatile or non-core functions behind the operators used and behind
// casts to the named types (cast functions, and CHECK constraints of domains down to their base).
const CATALOG_LOOKUP = `
WITH RECURSIVE named_types (name, oid) AS (
  SELECT t.typname::text, t.oid FROM pg_catalog.pg_type t WHERE t.typname = ANY ($4::text[])
  UNION
  SELECT nt.name, t.typbasetype FROM named_types nt JOIN pg_catalog.pg_type t ON t.oid = nt.oid WHERE t.typtype = 'd'
)
SELECT 'function' AS kind, p.proname AS name, n.nspname AS schema,
       n.nspname = ANY (pg_catalog.current_schemas(true)) AS "onPath", p.provolatile AS volatility, p.proname
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE p.proname = ANY ($1::text[])
UNION ALL
SELECT 'field', p.proname, n.nspname, true, p.provolatile, p.proname
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_type t ON t.oid = p.proargtypes[0]
 WHERE p.proname = ANY ($2::text[]) AND p.pronargs = 1 AND t.typtype IN ('c', 'p')
UNION ALL
SELECT 'operator', o.oprname, n.nspname, true, p.provolatile, p.proname
  FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE o.oprname = ANY ($3::text[]) AND (p.provolatile = 'v' OR n.nspname <> 'pg_catalog')
UNION ALL
SELECT 'type', nt.name, n.nspname, true, p.provolatile, p.proname
  FROM named_types nt
  JOIN (SELECT c.casttarget AS type, c.castfunc AS fn FROM pg_catalog.pg_cast c
        UNION ALL
        SELECT k.contypid, d.refobjid FROM pg_catalog.pg_constraint k
          JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_constraint'::regclass AND d.objid = k.oid
                                     AND d.refclassid = 'pg_catalog.pg_proc'::regclass
         WHERE k.contypid <> 0) f ON f.type = nt.oid
  JOIN pg_catalog.pg_proc p ON p.oid = f.fn JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE p.provolatile = 'v' OR n.nspname <> 'pg_catalog'`;
