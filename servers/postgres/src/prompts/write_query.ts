import * as z from 'zod';
import { toToolError } from '../errors.js';
import { definePrompt } from '../kit.js';
import { applicationOutlines } from '../extensions.js';
import { statementTimeoutMs } from '../settings.js';

const MAX_TABLES = 60;

export const writeQueryPrompt = definePrompt({
  name: 'write_query',
  title: 'Write a query',
  description:
    'A task plus the tables (columns, types, keys) of the database or one schema, and the rules the server enforces on queries, to write a correct one.',
  args: z.object({
    task: z.string().min(1).max(10_000).describe('What the query should answer, in plain words.'),
    schema: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Only describe tables of this schema (default: all non-system schemas).')
  }),
  async handler({ args: { task, schema }, config, deps, signal, isEnabled }) {
    try {
      const { tables, total } = await deps.db.readOnly((client) => applicationOutlines(client, schema, MAX_TABLES), {
        signal
      });
      const outline = tables.map((t) => {
        const rows = t.rowEstimate === null ? '' : ` ~${Math.round(t.rowEstimate)} rows`;
        return `- ${t.schema}.${t.name} (${t.kind.replace('_', ' ')}${rows}): ${t.columns ?? ''}${t.keys ? `\n  keys: ${t.keys}` : ''}`;
      });
      const browse = ['list_tables', 'describe_table'].filter(isEnabled);
      const more =
        total > tables.length
          ? `\n(${total - tables.length} more tables not shown${browse.length ? `: call ${browse.join(' and ')}` : ''}.)`
          : '';
      const runner = isEnabled('run_query') ? 'run_query' : 'the server';
      const text = [
        `Write one PostgreSQL query for this task:\n${task}`,
        `Tables${schema ? ` in schema ${schema}` : ''}:\n${outline.join('\n') || '(none found)'}${more}`,
        [
          `Rules (${runner} enforces them):`,
          '- Exactly one SELECT, VALUES, TABLE, SHOW or EXPLAIN statement; no writes, SELECT INTO or FOR UPDATE.',
          '- Put literal values in params ($1, $2...) with casts where the type is ambiguous; qualify tables with their schema and double-quote mixed-case names.',
          '- Only IMMUTABLE or STABLE functions (no pg_sleep, file, lock or dblink functions).',
          `- At most ${config.maxRows} rows come back per call and every statement stops after ${config.statementTimeoutSeconds} s (${statementTimeoutMs(config)} ms): aggregate or add WHERE/LIMIT/ORDER BY rather than fetching everything.`,
          ...(isEnabled('explain_query') && isEnabled('run_query')
            ? ['- Check an expensive query first with explain_query, then run it with run_query.']
            : [])
        ].join('\n')
      ].join('\n\n');
      return {
        description: 'Schema-aware query writing',
        messages: [{ role: 'user', content: { type: 'text', text } }]
      };
    } catch (error) {
      throw toToolError(error) ?? error;
    }
  }
});
