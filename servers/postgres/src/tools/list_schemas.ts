import { defineTool, formatBytes } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import { listSchemas } from '../postgres/catalog.js';
import { renderTable } from '../postgres/render.js';
import type { Deps } from '../server.js';

export const listSchemasTool = (_config: Config, deps: Deps) =>
  defineTool({
    name: 'list_schemas',
    title: 'List schemas',
    description:
      'Use first to see how the database is organised: every schema with its owner, number of tables and views, and size. ' +
      'Then call list_tables (optionally with schema) for the tables inside.',
    input: z.object({
      include_system: z
        .boolean()
        .default(false)
        .describe('Also list pg_catalog, information_schema and TOAST/temp schemas.')
    }),
    output: z.object({
      schemas: z.array(
        z.object({
          name: z.string(),
          owner: z.string(),
          tables: z.number().int(),
          views: z.number().int(),
          sizeBytes: z.number(),
          comment: z.string().nullable()
        })
      )
    }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler({ include_system }, ctx) {
      const schemas = await deps.db.readOnly((client) => listSchemas(client, include_system), { signal: ctx.signal });
      const table = renderTable(
        ['schema', 'owner', 'tables', 'views', 'size', 'comment'],
        schemas.map((s) => [s.name, s.owner, s.tables, s.views, formatBytes(s.sizeBytes), s.comment ?? ''])
      );
      return { structured: { schemas }, text: `${schemas.length} schema(s).\n\n${table}` };
    }
  });
