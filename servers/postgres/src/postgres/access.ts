import type { ClientBase } from 'pg';

export interface AccessReport {
  user: string;
  database: string;
  serverVersion: string;
  /** True when the role itself cannot change anything, whatever this server's own guards do. */
  roleIsReadOnly: boolean;
  /** Each way the role could write or reach beyond the database; empty when it is read-only. */
  writeCapabilities: string[];
  superuser: boolean;
  /** Member roles that grant powers beyond reading tables (pg_write_all_data, pg_read_server_files...). */
  powerfulRoles: string[];
  writableTables: number;
  /** Sessions start read-only (default_transaction_read_only). */
  sessionsReadOnly: boolean;
  extensions: string[];
}

// Predefined roles that let a member write data, reach server files or programs, or signal backends.
const POWERFUL_ROLES = [
  'pg_write_all_data',
  'pg_read_server_files',
  'pg_write_server_files',
  'pg_execute_server_program',
  'pg_signal_backend',
  'pg_checkpoint'
];

/** What the connected role could do without this server's guards, so the operator can judge the last line of defence. */
export async function accessReport(client: ClientBase): Promise<AccessReport> {
  const { rows } = await client.query(
    `SELECT current_user AS user, current_database() AS database, current_setting('server_version') AS "serverVersion",
            r.rolsuper AS superuser, r.rolcreatedb AS "createDb", r.rolcreaterole AS "createRole", r.rolreplication AS replication,
            r.rolbypassrls AS "bypassRls",
            to_json(ARRAY(SELECT g.rolname::text FROM pg_catalog.pg_roles g WHERE g.rolname = ANY ($1::text[]) AND pg_catalog.pg_has_role(g.oid, 'MEMBER') ORDER BY 1)) AS "powerfulRoles",
            (SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                AND pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'))::int AS "writableTables",
            to_json(ARRAY(SELECT n.nspname::text FROM pg_catalog.pg_namespace n
              WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' AND pg_catalog.has_schema_privilege(n.oid, 'CREATE') ORDER BY 1)) AS "creatableSchemas",
            pg_catalog.has_database_privilege(current_database(), 'CREATE') AS "createInDatabase",
            current_setting('default_transaction_read_only') = 'on' AS "sessionsReadOnly",
            to_json(ARRAY(SELECT extname || ' ' || extversion FROM pg_catalog.pg_extension ORDER BY 1)) AS extensions
       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`,
    [POWERFUL_ROLES]
  );
  const row = rows[0] as Omit<AccessReport, 'roleIsReadOnly' | 'writeCapabilities'> & {
    createDb: boolean;
    createRole: boolean;
    replication: boolean;
    bypassRls: boolean;
    creatableSchemas: string[];
    createInDatabase: boolean;
  };
  const capabilities = [
    row.superuser && 'is a superuser (can do anything, including reading server files)',
    row.writableTables > 0 && `can INSERT, UPDATE, DELETE or TRUNCATE ${row.writableTables} table(s)`,
    row.creatableSchemas.length > 0 && `can create objects in schema(s) ${row.creatableSchemas.join(', ')}`,
    row.createInDatabase && 'can create schemas in this database',
    row.createDb && 'can create databases',
    row.createRole && 'can create roles',
    row.replication && 'has the REPLICATION attribute',
    row.bypassRls && 'bypasses row-level security',
    ...row.powerfulRoles.map((role) => `is a member of ${role}`)
  ].filter((c): c is string => typeof c === 'string');
  return {
    user: row.user,
    database: row.database,
    serverVersion: row.serverVersion,
    roleIsReadOnly: capabilities.length === 0,
    writeCapabilities: capabilities,
    superuser: row.superuser,
    powerfulRoles: row.powerfulRoles,
    writableTables: row.writableTables,
    sessionsReadOnly: row.sessionsReadOnly,
    extensions: row.extensions
  };
}
