import type { ClientBase } from 'pg';
import {
  TABLE_KINDS,
  listTables,
  tableOutlines,
  type TableFilter,
  type TableInfo,
  type TableOutline
} from './postgres/catalog.js';

/**
 * Relations that belong to an extension (pg_stat_statements' views, PostGIS' spatial_ref_sys...):
 * part of the machinery, not of the application's schema, so schema listings leave them out
 * unless asked. Extensions own few relations, so they are looked up once per call and filtered here.
 */
export interface ExtensionRelation {
  schema: string;
  name: string;
  kind: string;
}

export async function extensionRelations(client: ClientBase): Promise<ExtensionRelation[]> {
  const { rows } = await client.query<ExtensionRelation>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
       FROM pg_catalog.pg_depend d
       JOIN pg_catalog.pg_class c ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE d.deptype = 'e' AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
        AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`
  );
  return rows;
}

const key = (t: { schema: string; name: string }) => JSON.stringify([t.schema, t.name]);

function isSystemSchema(name: string): boolean {
  return (
    name === 'pg_catalog' || name === 'information_schema' || name.startsWith('pg_toast') || name.startsWith('pg_temp_')
  );
}

/** Whether listTables with `filter` would list `relation` (the same rules, in JS). */
function listedBy(filter: Omit<TableFilter, 'limit' | 'offset'>, relation: ExtensionRelation): boolean {
  if (!filter.kinds.some((k) => TABLE_KINDS[k] === relation.kind)) return false;
  if (filter.schema !== undefined && relation.schema !== filter.schema) return false;
  if (filter.nameContains !== undefined && !relation.name.toLowerCase().includes(filter.nameContains.toLowerCase()))
    return false;
  return filter.includeSystem || !isSystemSchema(relation.schema);
}

/** listTables without extension-owned relations (unless `includeExtensions`), paged and counted after the filter. */
export async function listApplicationTables(
  client: ClientBase,
  filter: TableFilter,
  includeExtensions: boolean
): Promise<{ tables: TableInfo[]; total: number; hiddenExtensionRelations: number }> {
  const hidden = includeExtensions ? [] : (await extensionRelations(client)).filter((r) => listedBy(filter, r));
  if (hidden.length === 0) return { ...(await listTables(client, filter)), hiddenExtensionRelations: 0 };
  const skip = new Set(hidden.map(key));
  const all = await listTables(client, { ...filter, offset: 0, limit: filter.offset + filter.limit + hidden.length });
  const kept = all.tables.filter((t) => !skip.has(key(t)));
  return {
    tables: kept.slice(filter.offset, filter.offset + filter.limit),
    total: Math.max(0, all.total - hidden.length),
    hiddenExtensionRelations: hidden.length
  };
}

/** tableOutlines without extension-owned relations. */
export async function applicationOutlines(
  client: ClientBase,
  schema: string | undefined,
  limit: number
): Promise<{ tables: TableOutline[]; total: number }> {
  const hidden = (await extensionRelations(client)).filter(
    (r) => (schema === undefined || r.schema === schema) && !isSystemSchema(r.schema)
  );
  if (hidden.length === 0) return tableOutlines(client, schema, limit);
  const skip = new Set(hidden.map(key));
  const all = await tableOutlines(client, schema, limit + hidden.length);
  return {
    tables: all.tables.filter((t) => !skip.has(key(t))).slice(0, limit),
    total: Math.max(0, all.total - hidden.length)
  };
}
