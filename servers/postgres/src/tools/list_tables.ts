import { capItems, defineTool, formatBytes, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import { TABLE_KINDS, listTables, type TableKind } from '../postgres/catalog.js';
import { renderTable } from '../postgres/render.js';
import { identifierInput, pageShape } from '../schemas.js';
import type { Deps } from '../server.js';

const KINDS = Object.keys(TABLE_KINDS) as [TableKind, ...TableKind[]];

export const listTablesTool = (_config: Config, deps: Deps) =>
  defineTool({
    name: 'list_tables',
    title: 'List tables',
    description:
      'Use to find tables and views across all schemas (or one), with row estimates, sizes and comments; same-named tables in different schemas are listed separately. ' +
      'Then call describe_table for columns, keys and indexes, or list_schemas for the schema overview.',
    input: z.object({
      schema: identifierInput('schema name')
        .optional()
        .describe('Only this schema (exact, case-sensitive). Default: every non-system schema.'),
      name_contains: z
        .string()
        .min(1)
        .max(63)
        .optional()
        .describe('Only tables whose name contains this text (case-insensitive).'),
      kinds: z
        .array(z.enum(KINDS))
        .min(1)
        .default(KINDS)
        .describe(`Kinds of relation to list (default all: ${KINDS.join(', ')}).`),
      include_system: z.boolean().default(false).describe('Also list tables in pg_catalog and information_schema.'),
      limit: z.number().int().min(1).max(500).default(100).describe('Tables per page (1-500, default 100).'),
      offset: z.number().int().min(0).default(0).describe('Tables to skip, from a previous notice.')
    }),
    output: z.object({
      tables: z.array(
        z.object({
          schema: z.string(),
          name: z.string(),
          kind: z.enum(KINDS),
          rowEstimate: z.number().nullable().describe('Planner estimate; null when never analyzed.'),
          sizeBytes: z.number().describe('Table plus indexes and TOAST.'),
          comment: z.string().nullable()
        })
      ),
      total: z.number().int(),
      ...pageShape
    }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler(args, ctx) {
      const { tables, total } = await deps.db.readOnly(
        (client) =>
          listTables(client, {
            ...(args.schema ? { schema: args.schema } : {}),
            ...(args.name_contains ? { nameContains: args.name_contains } : {}),
            kinds: args.kinds,
            includeSystem: args.include_system,
            limit: args.limit,
            offset: args.offset
          }),
        { signal: ctx.signal }
      );
      const { items, truncation } = capItems(tables, { maxItems: args.limit, offset: args.offset, total });
      const table = renderTable(
        ['schema', 'table', 'kind', 'rows (est.)', 'size', 'comment'],
        items.map((t) => [
          t.schema,
          t.name,
          t.kind,
          t.rowEstimate === null ? '?' : formatCount(Math.round(t.rowEstimate)),
          formatBytes(t.sizeBytes),
          t.comment ?? ''
        ])
      );
      const headline =
        total === 0
          ? 'No tables match.'
          : `${formatCount(total)} table(s)${items.length < total ? `, showing ${formatCount(items.length)}` : ''}.`;
      return {
        structured: {
          tables: items,
          total,
          hasMore: truncation.truncated,
          ...(truncation.nextOffset === undefined ? {} : { nextOffset: truncation.nextOffset }),
          ...(truncation.notice ? { notice: truncation.notice } : {})
        },
        text: [headline, items.length ? table : '', truncation.notice && `[${truncation.notice}]`]
          .filter(Boolean)
          .join('\n\n')
      };
    }
  });
