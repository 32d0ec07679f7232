import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Config } from '../config.js';
import { promptError } from '../errors.js';
import { tableOutlines } from '../postgres/catalog.js';
import type { Deps } from '../server.js';

const MAX_TABLES = 60;

export function registerWriteQueryPrompt(server: McpServer, config: Config, deps: Deps): void {
  server.registerPrompt(
    'write_query',
    {
      title: 'Write a query',
      description:
        'A task plus the tables (columns, types, keys) of the database or one schema, and the rules run_query enforces, to write a correct query.',
      argsSchema: z.object({
        task: z.string().min(1).max(10_000).describe('What the query should answer, in plain words.'),
        schema: z
          .string()
          .min(1)
          .max(256)
          .optional()
          .describe('Only describe tables of this schema (default: all non-system schemas).')
      })
    },
    async ({ task, schema }) => {
      try {
        const { tables, total } = await deps.db.readOnly((client) => tableOutlines(client, schema, MAX_TABLES));
        const outline = tables.map((t) => {
          const rows = t.rowEstimate === null ? '' : ` ~${Math.round(t.rowEstimate)} rows`;
          return `- ${t.schema}.${t.name} (${t.kind.replace('_', ' ')}${rows}): ${t.columns ?? ''}${t.keys ? `\n  keys: ${t.keys}` : ''}`;
        });
        const more =
          total > tables.length
            ? `\n(${total - tables.length} more tables not shown: call list_tables and describe_table.)`
            : '';
        const text = [
          `Write one PostgreSQL query for this task:\n${task}`,
          `Tables${schema ? ` in schema ${schema}` : ''}:\n${outline.join('\n') || '(none found)'}${more}`,
          [
            'Rules (run_query enforces them):',
            '- Exactly one SELECT, VALUES, TABLE, SHOW or EXPLAIN statement; no writes, SELECT INTO or FOR UPDATE.',
            '- Put literal values in params ($1, $2...) with casts where the type is ambiguous; qualify tables with their schema and double-quote mixed-case names.',
            '- Only IMMUTABLE or STABLE functions (no pg_sleep, file, lock or dblink functions).',
            `- At most ${config.maxRows} rows come back per call and every statement stops after ${config.statementTimeoutMs} ms: aggregate or add WHERE/LIMIT/ORDER BY rather than fetching everything.`,
            '- Check an expensive query first with explain_query, then run it with run_query.'
          ].join('\n')
        ].join('\n\n');
        return {
          description: 'Schema-aware query writing',
          messages: [{ role: 'user', content: { type: 'text', text } }]
        };
      } catch (error) {
        throw promptError(error);
      }
    }
  );
}
