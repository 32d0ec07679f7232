import { defineTool, formatBytes, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import { TABLE_KINDS, describeTable, type TableDescription, type TableKind } from '../postgres/catalog.js';
import { renderTable } from '../postgres/render.js';
import { identifierInput } from '../schemas.js';
import type { Deps } from '../server.js';

const KINDS = Object.keys(TABLE_KINDS) as [TableKind, ...TableKind[]];

export const tableDescriptionSchema = z.object({
  schema: z.string(),
  name: z.string(),
  kind: z.enum(KINDS),
  rowEstimate: z.number().nullable(),
  sizeBytes: z.number(),
  comment: z.string().nullable(),
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      nullable: z.boolean(),
      default: z.string().nullable(),
      identity: z.string().nullable(),
      generated: z.string().nullable(),
      comment: z.string().nullable()
    })
  ),
  constraints: z.array(z.object({ name: z.string(), type: z.string(), definition: z.string() })),
  indexes: z.array(
    z.object({
      name: z.string(),
      definition: z.string(),
      unique: z.boolean(),
      primary: z.boolean(),
      valid: z.boolean(),
      sizeBytes: z.number(),
      scans: z.number().nullable()
    })
  ),
  foreignKeys: z.array(
    z.object({
      name: z.string(),
      direction: z.enum(['outgoing', 'incoming']),
      table: z.string(),
      columns: z.array(z.string()),
      referencedColumns: z.array(z.string()),
      definition: z.string()
    })
  ),
  viewDefinition: z.string().nullable()
});

export const describeTableTool = (_config: Config, deps: Deps) =>
  defineTool({
    name: 'describe_table',
    title: 'Describe a table',
    description:
      'Use before writing a query against a table or view: columns with types, nullability, defaults and comments, plus constraints, indexes (with size and use), foreign keys in both directions, and a view’s definition. ' +
      'Use list_tables to find the name first; pass schema when the same name exists in several schemas.',
    input: z.object({
      table: identifierInput('table name'),
      schema: identifierInput('schema name')
        .optional()
        .describe('Schema of the table (exact, case-sensitive). Needed only when the name exists in several schemas.')
    }),
    output: tableDescriptionSchema,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler({ table, schema }, ctx) {
      const description = await deps.db.readOnly((client) => describeTable(client, schema, table), {
        signal: ctx.signal
      });
      return { structured: description, text: renderDescription(description) };
    }
  });

/** The readable form shared by describe_table and the table schema resource. */
export function renderDescription(d: TableDescription): string {
  const rows = d.rowEstimate === null ? 'never analyzed' : `~${formatCount(Math.round(d.rowEstimate))} rows`;
  const parts = [
    `${d.kind.replace('_', ' ')} ${d.schema}.${d.name} (${rows}, ${formatBytes(d.sizeBytes)})${d.comment ? `: ${d.comment}` : ''}`
  ];
  parts.push(
    renderTable(
      ['column', 'type', 'nullable', 'default', 'comment'],
      d.columns.map((c) => [
        c.name,
        c.type,
        c.nullable ? 'yes' : 'no',
        c.identity ? `identity (${c.identity})` : c.generated ? `generated: ${c.generated}` : (c.default ?? ''),
        c.comment ?? ''
      ])
    )
  );
  if (d.constraints.length)
    parts.push(`Constraints:\n${d.constraints.map((c) => `- ${c.name} (${c.type}): ${c.definition}`).join('\n')}`);
  if (d.indexes.length) {
    parts.push(
      `Indexes:\n${d.indexes
        .map(
          (i) =>
            `- ${i.definition} [${formatBytes(i.sizeBytes)}${i.scans === null ? '' : `, ${formatCount(i.scans)} scans`}${i.valid ? '' : ', INVALID'}]`
        )
        .join('\n')}`
    );
  }
  if (d.foreignKeys.length) {
    parts.push(
      `Foreign keys:\n${d.foreignKeys
        .map((f) =>
          f.direction === 'outgoing'
            ? `- ${f.name}: ${f.definition}`
            : `- ${f.name}: ${f.table}(${f.columns.join(', ')}) references this table (${f.referencedColumns.join(', ')})`
        )
        .join('\n')}`
    );
  }
  if (d.viewDefinition) parts.push(`Definition:\n${d.viewDefinition.trim()}`);
  return parts.join('\n\n');
}
