import { formatBytes, formatCount } from '@mcp-catalog/shared';
import type { ClientBase } from 'pg';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import {
  TABLE_KINDS,
  describeTable as queryTable,
  type TableDescription,
  type TableKind
} from '../postgres/catalog.js';
import { MAX_ENUM_LABELS, enumLabels } from '../enums.js';
import { RefusedError } from '../postgres/errors.js';
import { renderTable } from '../postgres/render.js';
import { identifierInput, withoutNulls } from '../schemas.js';

const KINDS = Object.keys(TABLE_KINDS) as [TableKind, ...TableKind[]];

export const tableDescriptionSchema = z.object({
  schema: z.string(),
  name: z.string(),
  kind: z.enum(KINDS),
  rowEstimate: z.number().optional(),
  sizeBytes: z.number(),
  comment: z.string().optional(),
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      nullable: z.boolean(),
      default: z.string().optional(),
      identity: z.string().optional(),
      generated: z.string().optional(),
      comment: z.string().optional(),
      enumValues: z
        .array(z.string())
        .optional()
        .describe(`The labels of an enum type, in order (at most ${MAX_ENUM_LABELS}, then "…").`)
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
      scans: z.number().optional()
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
  viewDefinition: z.string().optional()
});

export const describeTable = defineTool({
  name: 'describe_table',
  title: 'Describe a table',
  description:
    'Use before writing a query against a table or view: columns with types, nullability, defaults and comments, plus constraints, indexes (with size and use), foreign keys in both directions, and a view’s definition. ' +
    'Pass schema when the same name exists in several schemas ("schema.table" in table works too).',
  seeAlso: { list_tables: 'to find the name first' },
  input: z.object({
    table: identifierInput('table name'),
    schema: identifierInput('schema name')
      .optional()
      .describe('Schema of the table (exact, case-sensitive). Needed only when the name exists in several schemas.')
  }),
  output: tableDescriptionSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { table, schema }, deps, signal }) {
    const description = await deps.db.readOnly((client) => findTable(client, schema, table), { signal });
    return { structured: leanDescription(description), text: renderDescription(description) };
  }
});

/** The description without null fields, for structuredContent. */
function leanDescription(d: DescribedTable) {
  return {
    ...withoutNulls(d),
    columns: d.columns.map(withoutNulls),
    indexes: d.indexes.map(withoutNulls)
  };
}

/**
 * describeTable, also for a qualified "schema.table" in the table argument (what models write):
 * the name as given wins, then the split; when neither exists the error points at schema.
 */
export async function findTable(
  client: ClientBase,
  schema: string | undefined,
  table: string
): Promise<DescribedTable> {
  const found = await resolveQualified(client, schema, table);
  const labels = await enumLabels(client, found.schema, found.name);
  if (labels.size === 0) return found;
  return {
    ...found,
    columns: found.columns.map((c) => {
      const values = labels.get(c.name);
      if (!values) return c;
      return {
        ...c,
        enumValues: values.length > MAX_ENUM_LABELS ? [...values.slice(0, MAX_ENUM_LABELS), '…'] : values
      };
    })
  };
}

export type DescribedTable = Omit<TableDescription, 'columns'> & {
  columns: Array<TableDescription['columns'][number] & { enumValues?: string[] }>;
};

async function resolveQualified(
  client: ClientBase,
  schema: string | undefined,
  table: string
): Promise<TableDescription> {
  try {
    return await queryTable(client, schema, table);
  } catch (error) {
    const dot = table.indexOf('.');
    if (schema !== undefined || dot <= 0 || dot === table.length - 1 || !(error instanceof RefusedError)) throw error;
    if (!error.message.startsWith('No table or view named')) throw error;
    const [qualifier, name] = [unquote(table.slice(0, dot)), unquote(table.slice(dot + 1))];
    try {
      return await queryTable(client, qualifier, name);
    } catch (second) {
      if (!(second instanceof RefusedError)) throw second;
      throw new RefusedError(
        `No table or view named "${table}", nor "${name}" in schema "${qualifier}".`,
        `Pass the schema separately: { "schema": "${qualifier}", "table": "${name}" }. ${second.hint ?? ''}`.trim()
      );
    }
  }
}

function unquote(part: string): string {
  return /^".*"$/.test(part) ? part.slice(1, -1).replace(/""/g, '"') : part;
}

/** The readable form shared by describe_table and the table schema resource. */
export function renderDescription(d: DescribedTable): string {
  const rows = d.rowEstimate === null ? 'never analyzed' : `~${formatCount(Math.round(d.rowEstimate))} rows`;
  const parts = [
    `${d.kind.replace('_', ' ')} ${d.schema}.${d.name} (${rows}, ${formatBytes(d.sizeBytes)})${d.comment ? `: ${d.comment}` : ''}`
  ];
  parts.push(
    renderTable(
      ['column', 'type', 'nullable', 'default', 'comment'],
      d.columns.map((c) => [
        c.name,
        c.enumValues ? `${c.type} (enum: ${c.enumValues.map((v) => `'${v}'`).join(', ')})` : c.type,
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
