import { formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { renderTable } from '../postgres/render.js';
import { withoutNulls } from '../schemas.js';
import { SLOW_QUERY_ORDERS, slowQueries } from '../postgres/stats.js';

const MAX_QUERY_CHARS = 500;

export const getSlowQueries = defineTool({
  name: 'get_slow_queries',
  title: 'Get the slowest queries',
  description:
    'Use to find which statements cost the database the most, from pg_stat_statements: calls, total and mean time, rows, cache hit ratio and disk reads, normalized with $n for constants. ' +
    'Says clearly when the extension is not installed.',
  seeAlso: {
    explain_query: 'on one of these statements to see why it is slow',
    analyze_db_health: 'for indexes, vacuum and connections'
  },
  input: z.object({
    orderBy: z
      .enum(SLOW_QUERY_ORDERS)
      .default('total_time')
      .describe('total_time (overall load), mean_time (slowest per call), calls, rows or disk_reads.'),
    limit: z.number().int().min(1).max(50).default(10).describe('Statements to return (1-50).'),
    minCalls: z
      .number()
      .int()
      .min(1)
      .max(1_000_000_000)
      .default(1)
      .describe('Skip statements called fewer times than this.')
  }),
  output: z.object({
    queries: z.array(
      z.object({
        query: z.string().describe(`Normalized statement text, cut at ${MAX_QUERY_CHARS} characters.`),
        calls: z.number(),
        totalMs: z.number(),
        meanMs: z.number(),
        rows: z.number(),
        cacheHitRatio: z.number().optional().describe('Absent when the statement read no blocks.'),
        diskReads: z.number()
      })
    )
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { orderBy, limit, minCalls }, deps, signal }) {
    const queries = await deps.db.readOnly(
      (client) => slowQueries(client, { orderBy, limit, minCalls, maxQueryChars: MAX_QUERY_CHARS }),
      { signal }
    );
    const table = renderTable(
      ['total ms', 'mean ms', 'calls', 'rows', 'cache hit', 'query'],
      queries.map((q) => [
        q.totalMs.toFixed(1),
        q.meanMs.toFixed(2),
        formatCount(q.calls),
        formatCount(q.rows),
        q.cacheHitRatio === null ? '' : `${(q.cacheHitRatio * 100).toFixed(1)}%`,
        q.query.replace(/\s+/g, ' ')
      ])
    );
    return {
      structured: { queries: queries.map(withoutNulls) },
      text: queries.length
        ? `${queries.length} statement(s) by ${orderBy}.\n\n${table}`
        : `No statements with at least ${minCalls} call(s) recorded yet.`
    };
  }
});
