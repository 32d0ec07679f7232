import { ResourceNotFoundError, ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import type { Logger } from '@mcp-catalog/shared';
import { describeTable, listTables } from '../postgres/catalog.js';
import { RefusedError, isConnectionError } from '../postgres/errors.js';
import type { Deps } from '../server.js';

export const TABLE_SCHEMA_TEMPLATE = 'postgres://{schema}/{table}/schema';
/** resources/list has no paging for templates here; beyond this, list_tables pages through the rest. */
export const MAX_LISTED_TABLES = 1000;

export function tableSchemaUri(schema: string, table: string): string {
  return `postgres://${encodeURIComponent(schema)}/${encodeURIComponent(table)}/schema`;
}

/** One resource per table and view in every non-system schema; same-named tables stay separate. */
export function registerTableSchemas(server: McpServer, deps: Deps, logger: Logger): void {
  const template = new ResourceTemplate(TABLE_SCHEMA_TEMPLATE, {
    list: async () => {
      try {
        const { tables } = await deps.db.readOnly((client) =>
          listTables(client, {
            kinds: ['table', 'partitioned_table', 'view', 'materialized_view', 'foreign_table'],
            includeSystem: false,
            limit: MAX_LISTED_TABLES,
            offset: 0
          })
        );
        return {
          resources: tables.map((t) => ({
            uri: tableSchemaUri(t.schema, t.name),
            name: `${t.schema}.${t.name}`,
            title: `${t.schema}.${t.name} (${t.kind.replace('_', ' ')})`,
            mimeType: 'application/json',
            ...(t.comment ? { description: t.comment } : {})
          }))
        };
      } catch (error) {
        // Listing is discovery: without a database there is nothing to list, and reading says why.
        if (!isConnectionError(error)) throw error;
        logger.warning('could not list table resources: database unreachable', { error: (error as Error).message });
        return { resources: [] };
      }
    }
  });
  server.registerResource(
    'table_schema',
    template,
    {
      title: 'Table schema',
      description:
        'Columns, constraints, indexes, foreign keys and comments of one table or view, as JSON (what describe_table returns).',
      mimeType: 'application/json'
    },
    async (uri, variables) => {
      const schema = decode(variables.schema);
      const table = decode(variables.table);
      if (!schema || !table)
        throw new ResourceNotFoundError(
          uri.href,
          `Not a table schema URI: ${uri.href}; expected ${TABLE_SCHEMA_TEMPLATE}.`
        );
      try {
        const description = await deps.db.readOnly((client) => describeTable(client, schema, table));
        return {
          contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(description, null, 2) }]
        };
      } catch (error) {
        if (error instanceof RefusedError)
          throw new ResourceNotFoundError(uri.href, `${error.message} ${error.hint ?? ''}`.trim());
        throw error;
      }
    }
  );
}

function decode(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
