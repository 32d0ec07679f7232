import { formatBytes } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { listSchemas as querySchemas } from '../postgres/catalog.js';
import { renderTable } from '../postgres/render.js';
import { withoutNulls } from '../schemas.js';

export const listSchemas = defineTool({
  name: 'list_schemas',
  title: 'List schemas',
  description:
    'Use first to see how the database is organised: every schema with its owner, number of tables and views, and size.',
  seeAlso: { list_tables: '(optionally with schema) for the tables inside' },
  input: z.object({
    includeSystem: z
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
        comment: z.string().optional()
      })
    )
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { includeSystem }, deps, signal }) {
    const schemas = await deps.db.readOnly((client) => querySchemas(client, includeSystem), { signal });
    const table = renderTable(
      ['schema', 'owner', 'tables', 'views', 'size', 'comment'],
      schemas.map((s) => [s.name, s.owner, s.tables, s.views, formatBytes(s.sizeBytes), s.comment ?? ''])
    );
    return { structured: { schemas: schemas.map(withoutNulls) }, text: `${schemas.length} schema(s).\n\n${table}` };
  }
});
