import type { ClientBase } from 'pg';

/** Most labels shown per enum column; an enum with more says so with "…". */
export const MAX_ENUM_LABELS = 100;

/**
 * The labels of every enum-typed column of one relation (also arrays of an enum and domains over
 * one), in their sort order: a model cannot write `WHERE status = 'paid'` correctly without them.
 */
export async function enumLabels(client: ClientBase, schema: string, table: string): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ column: string; labels: string[] }>(
    `SELECT a.attname AS column,
            to_json((array_agg(e.enumlabel::text ORDER BY e.enumsortorder))[1:${MAX_ENUM_LABELS + 1}]) AS labels
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       JOIN pg_catalog.pg_enum e ON e.enumtypid IN (t.oid, t.typelem, t.typbasetype)
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
      GROUP BY a.attname`,
    [schema, table]
  );
  return new Map(rows.map((r) => [r.column, r.labels]));
}
