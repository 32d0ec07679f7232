import { capRows, defineTool, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import { withSqlErrors } from '../errors.js';
import { runReadOnlyQuery } from '../postgres/query.js';
import { renderTable } from '../postgres/render.js';
import { columnSchema, pageShape, paramsInput, sqlInput } from '../schemas.js';
import type { Deps } from '../server.js';

export const runQueryTool = (config: Config, deps: Deps) =>
  defineTool({
    name: 'run_query',
    title: 'Run a read-only SQL query',
    description:
      'Use to read data with one SELECT (or VALUES, TABLE, SHOW, EXPLAIN) statement; values go in params as $1, $2. ' +
      'Rows are streamed and stop at the row/byte cap, with a notice and an offset for the next page. ' +
      'Runs in a read-only transaction with a statement timeout; writes, locking clauses and volatile or dangerous functions are refused. ' +
      'Use list_tables and describe_table first to learn names and columns, explain_query to see a plan, and execute_sql (only in read-write mode) to change data.',
    input: z.object({
      sql: sqlInput,
      params: paramsInput,
      max_rows: z
        .number()
        .int()
        .min(1)
        .max(config.maxRows, `max_rows must be at most ${config.maxRows} (the server's cap)`)
        .optional()
        .describe(`Rows to return at most (default and cap ${config.maxRows}).`),
      offset: z
        .number()
        .int()
        .min(0)
        .max(1_000_000, 'offset must be at most 1000000; page with WHERE on an ordered key instead')
        .default(0)
        .describe('Rows to skip, to continue after a truncated result (use ORDER BY so pages are stable).')
    }),
    output: z.object({
      columns: z.array(columnSchema).describe('Result columns with their SQL types.'),
      rows: z
        .array(z.array(z.unknown()))
        .describe('Rows as arrays in column order; timestamps, numerics and bigints as PostgreSQL prints them.'),
      rowCount: z.number().int().describe('Rows returned in this page.'),
      offset: z.number().int(),
      ...pageShape,
      estimatedRowsRead: z
        .number()
        .optional()
        .describe('The planner’s estimate of rows read before the first row, as judged by the cost guard.')
    }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler({ sql, params, max_rows, offset }, ctx) {
      const maxRows = max_rows ?? config.maxRows;
      const outcome = await withSqlErrors(sql, config.statementTimeoutMs, () =>
        runReadOnlyQuery(deps.db, sql, params, {
          maxRows,
          maxBytes: config.maxBytes,
          offset,
          maxEstimatedRows: config.maxEstimatedRows,
          signal: ctx.signal
        })
      );
      const { rows, truncation } = capRows(outcome.rows, {
        maxRows,
        maxBytes: config.maxBytes,
        offset,
        hasMore: !outcome.complete,
        next: (nextOffset) => ({ param: 'offset', value: nextOffset }),
        hint: 'narrow the query with WHERE or LIMIT'
      });
      const headline =
        rows.length === 0 && offset > 0 && !truncation.truncated
          ? `No rows at offset ${formatCount(offset)}: the result has fewer rows.`
          : `${formatCount(rows.length)} row${rows.length === 1 ? '' : 's'}${offset ? ` from offset ${formatCount(offset)}` : ''}.`;
      const table = renderTable(
        outcome.columns.map((c) => c.name),
        rows
      );
      const text = [headline, table, truncation.notice && `[${truncation.notice}]`].filter(Boolean).join('\n\n');
      return {
        structured: {
          columns: outcome.columns,
          rows,
          rowCount: rows.length,
          offset,
          hasMore: truncation.truncated,
          ...(truncation.nextOffset === undefined ? {} : { nextOffset: truncation.nextOffset }),
          ...(truncation.notice ? { notice: truncation.notice } : {}),
          ...(outcome.estimate ? { estimatedRowsRead: outcome.estimate.rowsBeforeFirstRow } : {})
        },
        text
      };
    }
  });
