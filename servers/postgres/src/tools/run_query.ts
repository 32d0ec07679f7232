import { ToolError, capRows, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import { withSqlErrors } from '../errors.js';
import { defineTool } from '../kit.js';
import { runReadOnlyQuery } from '../postgres/query.js';
import { renderTable } from '../postgres/render.js';
import { cellSchema, columnSchema, pageFields, pageShape, paramsInput, sqlInput } from '../schemas.js';
import { statementTimeoutMs } from '../settings.js';
import { cutCellsNotice, singleValue } from '../cells.js';

export const runQuery = defineTool({
  name: 'run_query',
  title: 'Run a read-only SQL query',
  description:
    'Use to read data with one SELECT (or VALUES, TABLE, SHOW, EXPLAIN) statement; values go in params as $1, $2. ' +
    'Rows are streamed and stop at the row/byte cap, with a notice and an offset for the next page. ' +
    'Runs in a read-only transaction with a statement timeout; writes, locking clauses and volatile or dangerous functions are refused.',
  seeAlso: {
    list_tables: 'first to learn table names',
    describe_table: 'first to learn a table’s columns',
    explain_query: 'to see a plan',
    execute_sql: 'to change data'
  },
  input: z.object({
    sql: sqlInput,
    params: paramsInput,
    limit: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe(
        "Rows to return at most (default and cap: the server's --max-rows, 200 unless the operator changed it)."
      ),
    offset: z
      .number()
      .int()
      .min(0)
      .max(1_000_000, 'offset must be at most 1000000; page with WHERE on an ordered key instead')
      .default(0)
      .describe('Rows to skip: 0 first, then the nextOffset of the previous result (use ORDER BY so pages are stable).')
  }),
  output: z.object({
    columns: z.array(columnSchema).describe('Result columns with their SQL types.'),
    rows: z.array(z.array(cellSchema)).describe('Rows as arrays in column order.'),
    rowCount: z.number().int().describe('Rows returned in this page.'),
    ...pageShape,
    estimatedRowsRead: z
      .number()
      .optional()
      .describe('The planner’s estimate of rows read before the first row, as judged by the cost guard.')
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { sql, params, limit, offset }, config, deps, signal }) {
    if (limit !== undefined && limit > config.maxRows)
      throw new ToolError(`limit must be at most ${config.maxRows} (the server's cap).`, {
        hint: 'Page with offset instead, or aggregate in SQL.'
      });
    const maxRows = limit ?? config.maxRows;
    const outcome = await withSqlErrors(sql, statementTimeoutMs(config), () =>
      runReadOnlyQuery(deps.db, sql, params, {
        maxRows,
        maxBytes: config.maxBytes,
        offset,
        maxEstimatedRows: config.maxEstimatedRows,
        signal
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
    const names = outcome.columns.map((c) => c.name);
    const whole = singleValue(rows);
    const cut = whole === undefined ? cutCellsNotice(names, rows) : undefined;
    const body = whole === undefined ? renderTable(names, rows) : `${names[0]}:\n${whole}`;
    const text = [headline, body, truncation.notice && `[${truncation.notice}]`, cut && `[${cut}]`]
      .filter(Boolean)
      .join('\n\n');
    return {
      structured: {
        columns: outcome.columns,
        rows: rows as z.input<typeof cellSchema>[][],
        rowCount: rows.length,
        ...pageFields(truncation),
        ...(outcome.estimate ? { estimatedRowsRead: outcome.estimate.rowsBeforeFirstRow } : {})
      },
      text
    };
  }
});
