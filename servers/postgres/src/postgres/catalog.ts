import type { ClientBase } from 'pg';
import { RefusedError } from './errors.js';

// System schemas hidden unless asked for: catalogs, TOAST storage and other sessions' temp schemas.
const SYSTEM_SCHEMA = `(n.nspname IN ('pg_catalog', 'information_schema') OR n.nspname LIKE 'pg\\_toast%' OR n.nspname LIKE 'pg\\_temp\\_%')`;

export interface SchemaInfo {
  name: string;
  owner: string;
  tables: number;
  views: number;
  sizeBytes: number;
  comment: string | null;
}

export async function listSchemas(client: ClientBase, includeSystem: boolean): Promise<SchemaInfo[]> {
  const { rows } = await client.query<SchemaInfo>(
    `SELECT n.nspname AS name, pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
            count(c.oid) FILTER (WHERE c.relkind IN ('r', 'p', 'f'))::int AS tables,
            count(c.oid) FILTER (WHERE c.relkind IN ('v', 'm'))::int AS views,
            coalesce(sum(pg_catalog.pg_total_relation_size(c.oid)) FILTER (WHERE c.relkind IN ('r', 'p', 'm')), 0)::float8 AS "sizeBytes",
            pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment
       FROM pg_catalog.pg_namespace n
       LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
      WHERE $1 OR NOT ${SYSTEM_SCHEMA}
      GROUP BY n.oid, n.nspname, n.nspowner
      ORDER BY n.nspname`,
    [includeSystem]
  );
  return rows;
}

export const TABLE_KINDS = {
  table: 'r',
  partitioned_table: 'p',
  view: 'v',
  materialized_view: 'm',
  foreign_table: 'f'
} as const;
export type TableKind = keyof typeof TABLE_KINDS;
const KIND_BY_CODE = Object.fromEntries(Object.entries(TABLE_KINDS).map(([kind, code]) => [code, kind])) as Record<
  string,
  TableKind
>;

export interface TableInfo {
  schema: string;
  name: string;
  kind: TableKind;
  /** The planner's estimate (pg_class.reltuples); null when the table was never analyzed. */
  rowEstimate: number | null;
  sizeBytes: number;
  comment: string | null;
}

export interface TableFilter {
  schema?: string;
  /** Case-insensitive substring of the table name. */
  nameContains?: string;
  kinds: TableKind[];
  includeSystem: boolean;
  limit: number;
  offset: number;
}

/** Tables in every schema (or one), largest first within a schema order, with the total for paging. */
export async function listTables(
  client: ClientBase,
  filter: TableFilter
): Promise<{ tables: TableInfo[]; total: number }> {
  const { rows } = await client.query<Omit<TableInfo, 'kind'> & { kind: string; total: number }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
            CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::float8 END AS "rowEstimate",
            pg_catalog.pg_total_relation_size(c.oid)::float8 AS "sizeBytes",
            pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
            count(*) OVER ()::int AS total
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = ANY ($1::"char"[])
        AND ($2::text IS NULL OR n.nspname = $2)
        AND ($3::text IS NULL OR strpos(lower(c.relname), lower($3)) > 0)
        AND ($4 OR NOT ${SYSTEM_SCHEMA})
        AND NOT c.relispartition
      ORDER BY n.nspname, c.relname
      LIMIT $5 OFFSET $6`,
    [
      filter.kinds.map((k) => TABLE_KINDS[k]),
      filter.schema ?? null,
      filter.nameContains ?? null,
      filter.includeSystem,
      filter.limit,
      filter.offset
    ]
  );
  let total = rows[0]?.total;
  if (total === undefined) total = filter.offset > 0 ? await countTables(client, filter) : 0;
  return { tables: rows.map(({ total: _total, kind, ...t }) => ({ ...t, kind: KIND_BY_CODE[kind]! })), total };
}

async function countTables(client: ClientBase, filter: TableFilter): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = ANY ($1::"char"[]) AND ($2::text IS NULL OR n.nspname = $2)
        AND ($3::text IS NULL OR strpos(lower(c.relname), lower($3)) > 0) AND ($4 OR NOT ${SYSTEM_SCHEMA}) AND NOT c.relispartition`,
    [filter.kinds.map((k) => TABLE_KINDS[k]), filter.schema ?? null, filter.nameContains ?? null, filter.includeSystem]
  );
  return rows[0]!.n;
}

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  /** "always"/"by default" for identity columns, "stored"/"virtual" for generated ones. */
  identity: string | null;
  generated: string | null;
  comment: string | null;
}

export interface ConstraintInfo {
  name: string;
  type: 'primary key' | 'unique' | 'check' | 'exclusion' | 'trigger';
  definition: string;
}

export interface IndexInfo {
  name: string;
  definition: string;
  unique: boolean;
  primary: boolean;
  valid: boolean;
  sizeBytes: number;
  scans: number | null;
}

export interface ForeignKeyInfo {
  name: string;
  direction: 'outgoing' | 'incoming';
  /** The other table, schema-qualified. */
  table: string;
  columns: string[];
  referencedColumns: string[];
  definition: string;
}

export interface TableDescription extends TableInfo {
  columns: ColumnInfo[];
  constraints: ConstraintInfo[];
  indexes: IndexInfo[];
  foreignKeys: ForeignKeyInfo[];
  /** The query behind a view or materialized view. */
  viewDefinition: string | null;
}

/**
 * Finds a relation by name, in `schema` or else in any schema; refuses with the candidates when
 * the name is missing or exists in several schemas (same-named tables are never merged).
 */
async function resolveTable(
  client: ClientBase,
  schema: string | undefined,
  table: string
): Promise<{ oid: number; schema: string }> {
  const { rows } = await client.query<{ oid: number; schema: string }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = $1 AND ($2::text IS NULL OR n.nspname = $2) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      ORDER BY n.nspname`,
    [table, schema ?? null]
  );
  if (rows.length === 1) return rows[0]!;
  if (rows.length > 1) {
    throw new RefusedError(
      `A table named "${table}" exists in several schemas: ${rows.map((r) => r.schema).join(', ')}.`,
      'Pass "schema" to pick one.'
    );
  }
  const { rows: similar } = await client.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND strpos(lower(c.relname), lower($1)) > 0 AND NOT ${SYSTEM_SCHEMA}
      ORDER BY length(c.relname) LIMIT 5`,
    [table.slice(0, 63)]
  );
  const where = schema ? ` in schema "${schema}"` : '';
  throw new RefusedError(
    `No table or view named "${table}"${where}.`,
    similar.length
      ? `Similar names: ${similar.map((s) => s.name).join(', ')}. Names are case-sensitive as stored.`
      : 'Call list_tables to see what exists; names are case-sensitive as stored.'
  );
}

export async function describeTable(
  client: ClientBase,
  schema: string | undefined,
  table: string
): Promise<TableDescription> {
  const target = await resolveTable(client, schema, table);
  const oid = target.oid;
  // One connection runs one query at a time, so these go one after another.
  const info = await client.query(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
              CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::float8 END AS "rowEstimate",
              pg_catalog.pg_total_relation_size(c.oid)::float8 AS "sizeBytes",
              pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
              CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END AS "viewDefinition"
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1`,
    [oid]
  );
  const columns = await client.query<ColumnInfo>(
    `SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS default,
              CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END AS identity,
              CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS generated,
              pg_catalog.col_description(a.attrelid, a.attnum) AS comment
         FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [oid]
  );
  const constraints = await client.query<ConstraintInfo>(
    `SELECT conname AS name,
              CASE contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'c' THEN 'check'
                           WHEN 'x' THEN 'exclusion' ELSE 'trigger' END AS type,
              pg_catalog.pg_get_constraintdef(oid, true) AS definition
         FROM pg_catalog.pg_constraint WHERE conrelid = $1 AND contype NOT IN ('f', 'n') ORDER BY contype, conname`,
    [oid]
  );
  const indexes = await client.query<IndexInfo>(
    `SELECT ic.relname AS name, pg_catalog.pg_get_indexdef(i.indexrelid) AS definition, i.indisunique AS unique,
              i.indisprimary AS primary, i.indisvalid AS valid, pg_catalog.pg_relation_size(i.indexrelid)::float8 AS "sizeBytes",
              s.idx_scan::float8 AS scans
         FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
         LEFT JOIN pg_catalog.pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
        WHERE i.indrelid = $1 ORDER BY i.indisprimary DESC, ic.relname`,
    [oid]
  );
  const foreignKeys = await client.query<ForeignKeyInfo>(
    `SELECT con.conname AS name, CASE WHEN con.conrelid = $1 THEN 'outgoing' ELSE 'incoming' END AS direction,
              CASE WHEN con.conrelid = $1 THEN con.confrelid ELSE con.conrelid END::regclass::text AS table,
              to_json(ARRAY(SELECT attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)) AS columns,
              to_json(ARRAY(SELECT attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)) AS "referencedColumns",
              pg_catalog.pg_get_constraintdef(con.oid, true) AS definition
         FROM pg_catalog.pg_constraint con
        WHERE con.contype = 'f' AND (con.conrelid = $1 OR con.confrelid = $1) ORDER BY direction DESC, con.conname`,
    [oid]
  );
  const row = info.rows[0] as TableInfo & { viewDefinition: string | null };
  return {
    ...row,
    kind: KIND_BY_CODE[row.kind]!,
    columns: columns.rows,
    constraints: constraints.rows,
    indexes: indexes.rows,
    foreignKeys: foreignKeys.rows
  };
}

export interface TableOutline {
  schema: string;
  name: string;
  kind: TableKind;
  rowEstimate: number | null;
  /** "id integer, email text, ..." */
  columns: string;
  /** Primary and foreign key definitions, "; "-separated. */
  keys: string | null;
}

/** One line per table for prompts: columns with types and keys, so a model can write joins. */
export async function tableOutlines(
  client: ClientBase,
  schema: string | undefined,
  limit: number
): Promise<{ tables: TableOutline[]; total: number }> {
  const { rows } = await client.query<Omit<TableOutline, 'kind'> & { kind: string; total: number }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
            CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::float8 END AS "rowEstimate",
            (SELECT string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
               FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
            (SELECT string_agg(pg_catalog.pg_get_constraintdef(k.oid, true), '; ' ORDER BY k.contype DESC, k.conname)
               FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid AND k.contype IN ('p', 'f')) AS keys,
            count(*) OVER ()::int AS total
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition AND ($1::text IS NULL OR n.nspname = $1) AND NOT ${SYSTEM_SCHEMA}
      ORDER BY n.nspname, c.relname LIMIT $2`,
    [schema ?? null, limit]
  );
  return {
    tables: rows.map(({ total: _total, kind, ...t }) => ({ ...t, kind: KIND_BY_CODE[kind]! })),
    total: rows[0]?.total ?? 0
  };
}

export interface DatabaseOverview {
  database: string;
  serverVersion: string;
  sizeBytes: number;
  schemas: SchemaInfo[];
}

export async function databaseOverview(client: ClientBase): Promise<DatabaseOverview> {
  const { rows } = await client.query<Omit<DatabaseOverview, 'schemas'>>(
    `SELECT current_database() AS database, current_setting('server_version') AS "serverVersion",
            pg_catalog.pg_database_size(current_database())::float8 AS "sizeBytes"`
  );
  return { ...rows[0]!, schemas: await listSchemas(client, false) };
}
