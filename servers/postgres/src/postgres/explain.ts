import type { ClientBase } from 'pg';
import type { Database } from './database.js';
import { RefusedError } from './errors.js';
import { checkFunctions } from './functions.js';
import { estimatePlan, type PlanEstimate, type PlanNode } from './plan.js';
import { costGuardRefusal, explain, explainJson, type SqlParam } from './query.js';
import { analyzeExplainTarget, checkParamCount } from './statement.js';

export const INDEX_METHODS = ['btree', 'hash', 'brin', 'gist', 'gin'] as const;

export interface HypotheticalIndex {
  schema?: string;
  table: string;
  columns: string[];
  method: (typeof INDEX_METHODS)[number];
}

export interface ExplainOptions {
  format: 'text' | 'json';
  analyze: boolean;
  hypotheticalIndexes: HypotheticalIndex[];
  maxEstimatedRows: number;
  signal?: AbortSignal;
}

export interface ExplainOutcome {
  /** PostgreSQL's text plan, or the JSON plan tree. */
  plan: string | PlanNode;
  estimate: PlanEstimate;
  /** Whether run_query's cost guard would refuse the statement. */
  refusedByCostGuard: boolean;
  hypotheticalIndexes: Array<{ name: string; definition: string }>;
}

/**
 * EXPLAIN of one statement under the read-only rules. ANALYZE runs it (reads only, inside the
 * read-only transaction, and only when the cost guard allows it); hypothetical indexes come from
 * hypopg and exist only in the session, which is discarded afterwards.
 */
export async function explainStatement(
  db: Database,
  sql: string,
  params: SqlParam[],
  options: ExplainOptions
): Promise<ExplainOutcome> {
  const analysis = await analyzeExplainTarget(sql, options.analyze);
  checkParamCount(analysis, params.length);
  if (options.analyze && options.hypotheticalIndexes.length > 0) {
    throw new RefusedError(
      'Hypothetical indexes cannot be combined with analyze: the statement would run without them.',
      'Set analyze to false to see the plan with hypothetical indexes.'
    );
  }
  return db.readOnly(
    async (client) => {
      await checkFunctions(client, analysis, sql);
      const hypothetical = await createHypotheticalIndexes(client, options.hypotheticalIndexes);
      const planned = await explainJson(client, sql, params);
      const estimate = estimatePlan(planned);
      const refusal = costGuardRefusal(estimate, options.maxEstimatedRows);
      // ANALYZE runs the statement, so the guard applies as it does in run_query.
      if (refusal && options.analyze) throw refusal;
      const analyze = options.analyze ? ', ANALYZE, BUFFERS' : '';
      let plan: string | PlanNode;
      if (options.format === 'json') plan = options.analyze ? await explainJson(client, sql, params, analyze) : planned;
      else {
        const rows = await explain<{ 'QUERY PLAN': string }>(client, sql, params, `FORMAT TEXT${analyze}`);
        plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      }
      return { plan, estimate, refusedByCostGuard: refusal !== undefined, hypotheticalIndexes: hypothetical };
    },
    { discard: options.hypotheticalIndexes.length > 0, ...(options.signal ? { signal: options.signal } : {}) }
  );
}

async function createHypotheticalIndexes(
  client: ClientBase,
  indexes: HypotheticalIndex[]
): Promise<Array<{ name: string; definition: string }>> {
  if (indexes.length === 0) return [];
  const { rows } = await client.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hypopg'`
  );
  if (rows.length === 0) {
    throw new RefusedError(
      'Hypothetical indexes need the hypopg extension, which is not installed in this database.',
      'Leave hypothetical_indexes empty, or ask the operator to install hypopg (Debian/Ubuntu package postgresql-<version>-hypopg) and run CREATE EXTENSION hypopg.'
    );
  }
  const create = `${client.escapeIdentifier(rows[0]!.schema)}.hypopg_create_index`;
  const created: Array<{ name: string; definition: string }> = [];
  for (const index of indexes) {
    const table = `${index.schema ? `${client.escapeIdentifier(index.schema)}.` : ''}${client.escapeIdentifier(index.table)}`;
    const definition = `CREATE INDEX ON ${table} USING ${index.method} (${index.columns.map((c) => client.escapeIdentifier(c)).join(', ')})`;
    const result = await client.query<{ indexname: string }>(`SELECT indexname FROM ${create}($1)`, [definition]);
    created.push({ name: result.rows[0]!.indexname, definition });
  }
  return created;
}
