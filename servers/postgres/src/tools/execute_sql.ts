import { capRows, defineTool, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import { withSqlErrors } from '../errors.js';
import { runWriteStatement } from '../postgres/query.js';
import { renderTable } from '../postgres/render.js';
import { columnSchema, pageShape, paramsInput, sqlInput } from '../schemas.js';
import type { Deps } from '../server.js';

export const executeSqlTool = (config: Config, deps: Deps) =>
  defineTool({
    name: 'execute_sql',
    title: 'Execute a SQL statement that changes data',
    description:
      'Use to change data or schema with one statement: INSERT, UPDATE, DELETE, MERGE, or DDL such as CREATE/ALTER/DROP. It commits immediately and cannot be undone. ' +
      'Values go in params as $1, $2. RETURNING rows come back capped. Transaction control, COPY, DO and SET are refused; so are file, signal and sleep functions. ' +
      'To read, use run_query instead.',
    input: z.object({ sql: sqlInput, params: paramsInput }),
    output: z.object({
      command: z.string().describe('The command tag, e.g. INSERT, UPDATE, CREATE TABLE.'),
      rowCount: z.number().int().describe('Rows inserted, updated, deleted or returned.'),
      columns: z.array(columnSchema).describe('RETURNING columns, if any.'),
      rows: z.array(z.array(z.unknown())).describe('RETURNING rows, capped.'),
      ...pageShape
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    async handler({ sql, params }, ctx) {
      const outcome = await withSqlErrors(sql, config.statementTimeoutMs, () =>
        runWriteStatement(deps.db, sql, params, {
          maxRows: config.maxRows,
          maxBytes: config.maxBytes,
          signal: ctx.signal
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
        hint: 'the statement already ran; query the table with run_query to see the rest'
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
          rows,
          hasMore: truncation.truncated,
          ...(truncation.notice ? { notice: truncation.notice } : {})
        },
        text: parts.join('\n\n')
      };
    }
  });
