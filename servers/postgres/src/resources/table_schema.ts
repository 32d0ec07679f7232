import { ResourceMissing } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineResource } from '../kit.js';
import { listApplicationTables } from '../extensions.js';
import { RefusedError, isConnectionError } from '../postgres/errors.js';
import { findTable } from '../tools/describe_table.js';

export const TABLE_SCHEMA_TEMPLATE = 'postgres://{schema}/{table}/schema';
/** resources/list has no paging for templates here; beyond this, list_tables pages through the rest. */
export const MAX_LISTED_TABLES = 1000;

export function tableSchemaUri(schema: string, table: string): string {
  return `postgres://${encodeURIComponent(schema)}/${encodeURIComponent(table)}/schema`;
}

const name = (what: string) =>
  z.string().min(1, `${what} must not be empty`).max(256, `${what} must be at most 256 characters`);

/** One resource per table and view in every non-system schema (extension-owned ones left out); same-named tables stay separate. */
export const tableSchema = defineResource({
  name: 'table_schema',
  title: 'Table schema',
  description:
    'Columns, constraints, indexes, foreign keys and comments of one table or view, as JSON (the same as the describe tool returns).',
  mimeType: 'application/json',
  uriTemplate: TABLE_SCHEMA_TEMPLATE,
  variables: z.object({ schema: name('schema'), table: name('table') }),
  async list({ deps, signal }) {
    try {
      const { tables } = await deps.db.readOnly(
        (client) =>
          listApplicationTables(
            client,
            {
              kinds: ['table', 'partitioned_table', 'view', 'materialized_view', 'foreign_table'],
              includeSystem: false,
              limit: MAX_LISTED_TABLES,
              offset: 0
            },
            false
          ),
        { signal }
      );
      return tables.map((t) => ({
        uri: tableSchemaUri(t.schema, t.name),
        name: `${t.schema}.${t.name}`,
        title: `${t.schema}.${t.name} (${t.kind.replace('_', ' ')})`,
        mimeType: 'application/json',
        ...(t.comment ? { description: t.comment } : {})
      }));
    } catch (error) {
      // Listing is discovery: without a database there is nothing to list, and reading says why.
      if (!isConnectionError(error)) throw error;
      return [];
    }
  },
  async read({ variables: { schema, table }, deps, signal }) {
    try {
      const description = await deps.db.readOnly((client) => findTable(client, schema, table), { signal });
      return { text: JSON.stringify(description, null, 2) };
    } catch (error) {
      if (error instanceof RefusedError) throw new ResourceMissing(`${error.message} ${error.hint ?? ''}`.trim());
      throw error;
    }
  }
});
