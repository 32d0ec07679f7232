import { capRows, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { withSqlErrors } from '../errors.js';
import { runWriteStatement } from '../postgres/query.js';
import { renderTable } from '../postgres/render.js';
import { cellSchema, columnSchema, paramsInput, sqlInput } from '../schemas.js';
import { statementTimeoutMs, writesAllowed } from '../settings.js';

export const executeSql = defineTool({
  name: 'execute_sql',
  title: 'Execute a SQL statement that changes data',
  description:
    'Use to change data or schema with one statement: INSERT, UPDATE, DELETE, MERGE, or DDL such as CREATE/ALTER/DROP. It commits immediately and cannot be undone. ' +
    'Values go in params as $1, $2. RETURNING rows come back capped. Transaction control, COPY, DO and SET are refused; so are file, signal and sleep functions. ' +
    'Offered only when the operator started the server with --access-mode read-write.',
  seeAlso: { run_query: 'to read instead' },
  input: z.object({ sql: sqlInput, params: paramsInput }),
  output: z.object({
    command: z.string().describe('The command tag, e.g. INSERT, UPDATE, CREATE TABLE.'),
    rowCount: z.number().int().describe('Rows inserted, updated, deleted or returned.'),
    columns: z.array(columnSchema).describe('RETURNING columns, if any.'),
    rows: z.array(z.array(cellSchema)).describe('RETURNING rows, capped.'),
    truncated: z.boolean().describe('Whether RETURNING rows were cut.'),
    notice: z.string().optional().describe('What was cut and how to see the rest.')
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  // Writes exist only when the operator opted in; no tool argument can turn them on.
  enabled: writesAllowed,
  async handler({ args: { sql, params }, config, deps, signal }) {
    const outcome = await withSqlErrors(sql, statementTimeoutMs(config), () =>
      runWriteStatement(deps.db, sql, params, {
        maxRows: config.maxRows,
        maxBytes: config.maxBytes,
        signal
      })
    );
    const command = outcome.command ?? 'OK';
    const rowCount = outcome.rowCount ?? 0;
    const { rows, truncation } = capRows(outcome.rows, {
      maxRows: config.maxRows,
      maxBytes: config.maxBytes,
      // Only RETURNING rows are rows to show; a plain UPDATE's count is not a truncated list.
      total: outcome.columns.length ? rowCount : outcome.rows.length,
      next: false,
      hint: 'the statement already ran; query the table to see the rest'
    });
    const parts = [`${command}: ${formatCount(rowCount)} row(s). Committed.`];
    if (outcome.columns.length)
      parts.push(
        renderTable(
          outcome.columns.map((c) => c.name),
          rows
        )
      );
    if (truncation.notice) parts.push(`[${truncation.notice}]`);
    return {
      structured: {
        command,
        rowCount,
        columns: outcome.columns,
        rows: rows as z.input<typeof cellSchema>[][],
        truncated: truncation.truncated,
        ...(truncation.notice ? { notice: truncation.notice } : {})
      },
      text: parts.join('\n\n')
    };
  }
});
