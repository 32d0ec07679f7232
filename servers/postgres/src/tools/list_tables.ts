import { capItems, formatBytes, formatCount, pageInput } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { listApplicationTables } from '../extensions.js';
import { TABLE_KINDS, type TableKind } from '../postgres/catalog.js';
import { renderTable } from '../postgres/render.js';
import { identifierInput, pageFields, pageShape, withoutNulls } from '../schemas.js';

const KINDS = Object.keys(TABLE_KINDS) as [TableKind, ...TableKind[]];

export const listTables = defineTool({
  name: 'list_tables',
  title: 'List tables',
  description:
    'Use to find tables and views across all schemas (or one), with row estimates, sizes and comments; same-named tables in different schemas are listed separately.',
  seeAlso: {
    describe_table: 'for the columns, keys and indexes of one of them',
    list_schemas: 'for the schema overview'
  },
  input: z.object({
    schema: identifierInput('schema name')
      .optional()
      .describe('Only this schema (exact, case-sensitive). Default: every non-system schema.'),
    nameContains: z
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
    includeSystem: z.boolean().default(false).describe('Also list tables in pg_catalog and information_schema.'),
    includeExtensions: z
      .boolean()
      .default(false)
      .describe('Also list relations that belong to extensions (e.g. the pg_stat_statements views).'),
    ...pageInput({ defaultLimit: 100, maxLimit: 500 })
  }),
  output: z.object({
    tables: z.array(
      z.object({
        schema: z.string(),
        name: z.string(),
        kind: z.enum(KINDS),
        rowEstimate: z.number().optional().describe('Planner estimate; absent when never analyzed.'),
        sizeBytes: z.number().describe('Table plus indexes and TOAST.'),
        comment: z.string().optional()
      })
    ),
    ...pageShape
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps, signal }) {
    const { tables, total, hiddenExtensionRelations } = await deps.db.readOnly(
      (client) =>
        listApplicationTables(
          client,
          {
            ...(args.schema ? { schema: args.schema } : {}),
            ...(args.nameContains ? { nameContains: args.nameContains } : {}),
            kinds: args.kinds,
            includeSystem: args.includeSystem,
            limit: args.limit,
            offset: args.offset
          },
          args.includeExtensions
        ),
      { signal }
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
      structured: { tables: items.map(withoutNulls), ...pageFields(truncation, total) },
      text: [
        headline,
        items.length ? table : '',
        truncation.notice && `[${truncation.notice}]`,
        hiddenExtensionRelations > 0 &&
          `[${formatCount(hiddenExtensionRelations)} relation(s) that belong to extensions are not listed; pass includeExtensions: true to see them.]`
      ]
        .filter(Boolean)
        .join('\n\n')
    };
  }
});
