import { formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { withSqlErrors } from '../errors.js';
import { INDEX_METHODS, explainStatement } from '../postgres/explain.js';
import { identifierInput, paramsInput, sqlInput } from '../schemas.js';
import { statementTimeoutMs } from '../settings.js';

export const explainQuery = defineTool({
  name: 'explain_query',
  title: 'Explain a query plan',
  description:
    'Use to see how PostgreSQL will run a statement and why it is slow: the plan as text or JSON, the estimated rows read, and whether the query cost guard would refuse it. ' +
    'analyze=true also runs it (reads only) to show real timings; hypotheticalIndexes shows the plan as if indexes existed (needs the hypopg extension). ' +
    'Pass the statement itself, without EXPLAIN.',
  seeAlso: { run_query: 'to get the rows' },
  input: z.object({
    sql: sqlInput,
    params: paramsInput,
    format: z.enum(['text', 'json']).default('text').describe('text: PostgreSQL’s indented plan; json: the plan tree.'),
    analyze: z
      .boolean()
      .default(false)
      .describe('Run the statement to show actual rows and timings (SELECT only, within the statement timeout).'),
    hypotheticalIndexes: z
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
    plan: z.string().describe('The plan: PostgreSQL’s indented text, or the JSON plan tree as JSON text.'),
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
      .describe('Whether the cost guard refuses it when it is run as a query (--max-estimated-rows).'),
    hypotheticalIndexes: z.array(z.object({ name: z.string(), definition: z.string() }))
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { sql, params, format, analyze, hypotheticalIndexes }, config, deps, signal, isEnabled }) {
    const outcome = await withSqlErrors(sql, statementTimeoutMs(config), () =>
      explainStatement(deps.db, sql, params, {
        format,
        analyze,
        hypotheticalIndexes,
        maxEstimatedRows: config.maxEstimatedRows,
        signal
      })
    );
    const { estimate } = outcome;
    const plan = typeof outcome.plan === 'string' ? outcome.plan : JSON.stringify(outcome.plan, null, 2);
    const lines = [
      plan,
      `Estimate: ${formatCount(Math.round(estimate.resultRows))} result row(s), about ${formatCount(Math.round(estimate.rowsBeforeFirstRow))} row(s) read before the first${estimate.heaviestStep ? ` (${estimate.heaviestStep})` : ''}, total cost ${estimate.totalCost}.`
    ];
    if (outcome.refusedByCostGuard)
      lines.push(
        `${isEnabled('run_query') ? 'run_query' : 'The cost guard'} would refuse this statement: over the cost guard's ${formatCount(config.maxEstimatedRows)} rows.`
      );
    if (outcome.hypotheticalIndexes.length)
      lines.push(`Hypothetical indexes: ${outcome.hypotheticalIndexes.map((i) => i.definition).join('; ')}`);
    return { structured: { ...outcome, plan }, text: lines.join('\n\n') };
  }
});
