import { defineTool, formatCount } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import { renderTable } from '../postgres/render.js';
import { SLOW_QUERY_ORDERS, slowQueries } from '../postgres/stats.js';
import type { Deps } from '../server.js';

const MAX_QUERY_CHARS = 500;

export const getSlowQueriesTool = (_config: Config, deps: Deps) =>
  defineTool({
    name: 'get_slow_queries',
    title: 'Get the slowest queries',
    description:
      'Use to find which statements cost the database the most, from pg_stat_statements: calls, total and mean time, rows, cache hit ratio and disk reads, normalized with $n for constants. ' +
      'Says clearly when the extension is not installed. Then use explain_query on a statement; analyze_db_health covers indexes, vacuum and connections.',
    input: z.object({
      order_by: z
        .enum(SLOW_QUERY_ORDERS)
        .default('total_time')
        .describe('total_time (overall load), mean_time (slowest per call), calls, rows or disk_reads.'),
      limit: z.number().int().min(1).max(50).default(10).describe('Statements to return (1-50).'),
      min_calls: z
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
          cacheHitRatio: z.number().nullable(),
          diskReads: z.number()
        })
      )
    }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler({ order_by, limit, min_calls }, ctx) {
      const queries = await deps.db.readOnly(
        (client) =>
          slowQueries(client, { orderBy: order_by, limit, minCalls: min_calls, maxQueryChars: MAX_QUERY_CHARS }),
        {
          signal: ctx.signal
        }
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
        structured: { queries },
        text: queries.length
          ? `${queries.length} statement(s) by ${order_by}.\n\n${table}`
          : `No statements with at least ${min_calls} call(s) recorded yet.`
      };
    }
  });
