import type { ClientBase, FieldDef } from 'pg';
import type { Database } from './database.js';
import { RefusedError, isPgError } from './errors.js';
import { checkFunctions } from './functions.js';
import { estimatePlan, type PlanEstimate, type PlanNode } from './plan.js';
import { analyzeReadOnly, analyzeWrite, checkParamCount } from './statement.js';
import { streamRows, type StreamedRows } from './stream.js';

export type SqlParam = string | number | boolean | null;

export interface Column {
  name: string;
  /** The SQL type as format_type prints it, e.g. "numeric(10,2)" or "timestamp with time zone". */
  type: string;
}

export interface QueryLimits {
  maxRows: number;
  maxBytes: number;
  offset: number;
  /** Refuse SELECTs whose plan reads more rows than this before the first row; 0 turns the guard off. */
  maxEstimatedRows: number;
  signal?: AbortSignal;
}

export interface QueryOutcome extends Omit<StreamedRows, 'fields'> {
  columns: Column[];
  estimate?: PlanEstimate;
}

/**
 * read-only mode, end to end: the parser layer, then inside one read-only transaction the
 * function layer, the cost guard, and the statement itself through a capped extended-protocol
 * portal.
 */
export async function runReadOnlyQuery(
  db: Database,
  sql: string,
  params: SqlParam[],
  limits: QueryLimits
): Promise<QueryOutcome> {
  const analysis = await analyzeReadOnly(sql);
  checkParamCount(analysis, params.length);
  return db.readOnly(
    async (client) => {
      await checkFunctions(client, analysis, sql);
      let estimate: PlanEstimate | undefined;
      // EXPLAIN ANALYZE runs its statement, so it passes the same guard as the statement itself.
      const guarded =
        analysis.kind === 'SelectStmt' ? sql : analysis.explain?.analyze ? analysis.explain.innerSql : undefined;
      if (guarded !== undefined && limits.maxEstimatedRows > 0) {
        estimate = estimatePlan(await explainJson(client, guarded, params));
        const refusal = costGuardRefusal(estimate, limits.maxEstimatedRows);
        if (refusal) throw refusal;
      }
      const { fields, ...streamed } = await streamRows(client, sql, params, limits);
      return { ...streamed, columns: await describeColumns(client, fields), ...(estimate ? { estimate } : {}) };
    },
    { ...(limits.signal ? { signal: limits.signal } : {}) }
  );
}

/** read-write mode: one DML/DDL statement in its own committed transaction. */
export async function runWriteStatement(
  db: Database,
  sql: string,
  params: SqlParam[],
  limits: Omit<QueryLimits, 'offset' | 'maxEstimatedRows'>
): Promise<QueryOutcome> {
  checkParamCount(await analyzeWrite(sql), params.length);
  return db.readWrite(
    async (client) => {
      const { fields, ...streamed } = await streamRows(client, sql, params, { ...limits, offset: 0, drain: true });
      return { ...streamed, columns: await describeColumns(client, fields) };
    },
    { ...(limits.signal ? { signal: limits.signal } : {}) }
  );
}

/**
 * `EXPLAIN (options) sql` for a statement already validated as one statement. Error positions are
 * moved back past the EXPLAIN prefix so they point into the caller's SQL.
 */
export async function explain<Row extends object>(
  client: ClientBase,
  sql: string,
  params: SqlParam[],
  options: string
): Promise<Row[]> {
  const prefix = `EXPLAIN (${options}) `;
  try {
    return (await client.query<Row>(extended(prefix + sql, params))).rows;
  } catch (error) {
    if (isPgError(error) && error.position) error.position = String(Number(error.position) - prefix.length);
    throw error;
  }
}

/** The planner's view of `sql` as a JSON tree, for the cost guard and explain_query. */
export async function explainJson(
  client: ClientBase,
  sql: string,
  params: SqlParam[],
  options = ''
): Promise<PlanNode> {
  const rows = await explain<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(client, sql, params, `FORMAT JSON${options}`);
  return rows[0]!['QUERY PLAN'][0]!.Plan;
}

/** The query cost guard: the refusal, with the estimate, of what would read too much before its first row. */
export function costGuardRefusal(estimate: PlanEstimate, maxEstimatedRows: number): RefusedError | undefined {
  if (maxEstimatedRows <= 0 || estimate.rowsBeforeFirstRow <= maxEstimatedRows) return undefined;
  return new RefusedError(
    `Refused by the query cost guard: the plan estimates reading about ${Math.round(estimate.rowsBeforeFirstRow).toLocaleString('en-US')} rows` +
      `${estimate.heaviestStep ? ` (${estimate.heaviestStep})` : ''} before returning the first row, over this server's limit of ${maxEstimatedRows.toLocaleString('en-US')}.`,
    'Filter on an indexed column (WHERE), aggregate a narrower range, or drop the ORDER BY/GROUP BY that forces reading everything; explain_query shows the plan. The operator sets the limit with --max-estimated-rows.'
  );
}

/** Column names with their SQL types, typmods included ("character varying(20)"). */
export async function describeColumns(client: ClientBase, fields: FieldDef[]): Promise<Column[]> {
  if (fields.length === 0) return [];
  const { rows } = await client.query<{ type: string }>({
    name: 'mcp_column_types',
    text: 'SELECT pg_catalog.format_type(t.oid, t.mod) AS type FROM unnest($1::oid[], $2::int[]) WITH ORDINALITY AS t(oid, mod, i) ORDER BY t.i',
    values: [fields.map((f) => f.dataTypeID), fields.map((f) => f.dataTypeModifier)]
  });
  return fields.map((field, i) => ({ name: field.name, type: rows[i]?.type ?? `oid ${field.dataTypeID}` }));
}

/**
 * A query config that always uses the extended protocol, even without parameters: node-postgres
 * otherwise sends parameterless text through the simple protocol, which runs several statements.
 */
export function extended(text: string, values: SqlParam[] = []) {
  return { text, values, queryMode: 'extended' } as { text: string; values: SqlParam[] };
}
