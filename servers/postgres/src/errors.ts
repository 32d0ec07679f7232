import { ToolError, redactString } from '@mcp-catalog/shared';
import { RefusedError, describePgError, isConnectionError, isPgError } from './postgres/errors.js';

/**
 * Turns what the backend throws into an actionable ToolError: refusals keep their hint, errors
 * PostgreSQL answered with keep its message (and, when `sql` is known, point at the position).
 * Returns undefined for anything else, which the tool host reports as an internal error.
 */
export function toToolError(
  error: unknown,
  context: { sql?: string; statementTimeoutMs?: number } = {}
): ToolError | undefined {
  if (error instanceof ToolError) return error;
  if (error instanceof RefusedError)
    return new ToolError(error.message, error.hint === undefined ? {} : { hint: error.hint });
  if (isConnectionError(error)) {
    return new ToolError(`Could not reach PostgreSQL: ${redactString((error as Error).message)}.`, {
      hint: "This is the MCP server's database configuration or the database itself, not the statement. Retry shortly; if it persists, the operator should check that PostgreSQL is running and that the host and port in DATABASE_URL (or the PG* variables) reach it."
    });
  }
  if (isPgError(error)) {
    const { message, hint } = describePgError(error, context.sql, context.statementTimeoutMs);
    return new ToolError(message, { hint });
  }
  return undefined;
}

/** Runs `work`, rethrowing database errors as ToolErrors that point into `sql`. */
export async function withSqlErrors<T>(sql: string, statementTimeoutMs: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toToolError(error, { sql, statementTimeoutMs }) ?? error;
  }
}
