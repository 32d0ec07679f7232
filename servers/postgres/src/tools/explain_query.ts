import { defineTool, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import { withSqlErrors } from '../errors.js';
import { INDEX_METHODS, explainStatement } from '../postgres/explain.js';
import { identifierInput, paramsInput, sqlInput } from '../schemas.js';
import type { Deps } from '../server.js';

export const explainQueryTool = (config: Config, deps: Deps) =>
  defineTool({
    name: 'explain_query',
    title: 'Explain a query plan',
    description:
      'Use to see how PostgreSQL will run a statement and why it is slow: the plan as text or JSON, the estimated rows read, and whether the cost guard of run_query would refuse it. ' +
      'analyze=true also runs it (reads only) to show real timings; hypothetical_indexes shows the plan as if indexes existed (needs the hypopg extension). ' +
      'Pass the statement itself, without EXPLAIN. Use run_query to get the rows.',
    input: z.object({
      sql: sqlInput,
      params: paramsInput,
      format: z
        .enum(['text', 'json'])
        .default('text')
        .describe('text: PostgreSQL’s indented plan; json: the plan tree.'),
      analyze: z
        .boolean()
        .default(false)
        .describe('Run the statement to show actual rows and timings (SELECT only, within the statement timeout).'),
      hypothetical_indexes: z
        .array(
          z.object({
            table: identifierInput('table name'),
            schema: identifierInput('schema name').optional(),
            columns: z.array(identifierInput('column name')).min(1).max(32).describe('Indexed columns, in order.'),
            method: z.enum(INDEX_METHODS).default('btree').describe('Index access method.')
          })
        )
        .max(10)
        .default([])
        .describe('Indexes to pretend exist while planning (hypopg); not combinable with analyze.')
    }),
    output: z.object({
      plan: z.union([z.string(), z.record(z.string(), z.unknown())]).describe('The text plan, or the JSON plan tree.'),
      estimate: z.object({
        resultRows: z.number(),
        totalCost: z.number(),
        rowsBeforeFirstRow: z
          .number()
          .describe('Rows read before the first row can be returned; what the cost guard judges.'),
        heaviestStep: z.string().optional()
      }),
      refusedByCostGuard: z
        .boolean()
        .describe(`Whether run_query would refuse it (limit ${config.maxEstimatedRows || 'off'}).`),
      hypotheticalIndexes: z.array(z.object({ name: z.string(), definition: z.string() }))
    }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler({ sql, params, format, analyze, hypothetical_indexes }, ctx) {
      const outcome = await withSqlErrors(sql, config.statementTimeoutMs, () =>
        explainStatement(deps.db, sql, params, {
          format,
          analyze,
          hypotheticalIndexes: hypothetical_indexes,
          maxEstimatedRows: config.maxEstimatedRows,
          signal: ctx.signal
        })
      );
      const { estimate } = outcome;
      const lines = [
        typeof outcome.plan === 'string' ? outcome.plan : JSON.stringify(outcome.plan, null, 2),
        `Estimate: ${formatCount(Math.round(estimate.resultRows))} result row(s), about ${formatCount(Math.round(estimate.rowsBeforeFirstRow))} row(s) read before the first${estimate.heaviestStep ? ` (${estimate.heaviestStep})` : ''}, total cost ${estimate.totalCost}.`
      ];
      if (outcome.refusedByCostGuard)
        lines.push(
          `run_query would refuse this statement: over the cost guard's ${formatCount(config.maxEstimatedRows)} rows.`
        );
      if (outcome.hypotheticalIndexes.length)
        lines.push(`Hypothetical indexes: ${outcome.hypotheticalIndexes.map((i) => i.definition).join('; ')}`);
      return { structured: outcome, text: lines.join('\n\n') };
    }
  });
