/**
 * A statement or request the server will not run, with what to do instead. The server maps it to
 * an isError result; the message reaches the model verbatim.
 */
export class RefusedError extends Error {
  constructor(
    message: string,
    readonly hint?: string
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** The fields of a PostgreSQL error response that node-postgres copies onto its DatabaseError. */
export interface PgErrorFields {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
  position?: string;
}

export function isPgError(error: unknown): error is Error & PgErrorFields {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN']);

/** Network-level failures reaching the server (as opposed to errors the server answered with). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    // 08P01 (protocol violation) answers a malformed request on a healthy connection.
    (CONNECTION_CODES.has(code) || (code.startsWith('08') && code !== '08P01') || code === '57P01' || code === '57P03')
  )
    return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(error.message);
}

/**
 * Turns an error PostgreSQL answered with into a message and a hint a model can act on. The
 * server's own message and hint are kept: they name the relation, column or value at fault.
 */
export function describePgError(
  error: PgErrorFields,
  sql?: string,
  statementTimeoutMs?: number
): { message: string; hint: string } {
  const where =
    sql && error.position ? ` (at character ${error.position}: ${excerpt(sql, Number(error.position))})` : '';
  const serverHint = error.hint ? ` PostgreSQL hint: ${error.hint}` : '';
  const detail = error.detail ? `\nDetail: ${error.detail}` : '';
  const message = `PostgreSQL error ${error.code}: ${error.message}${where}${detail}`;
  const hint = HINTS[error.code ?? ''] ?? HINTS[error.code?.slice(0, 2) ?? ''] ?? 'Fix the statement and try again.';
  return {
    message,
    hint: `${typeof hint === 'function' ? hint(statementTimeoutMs) : hint}${serverHint}`
  };
}

const OPERATOR = "This is the MCP server's database configuration, not the statement: retrying the SQL will not help.";

const HINTS: Record<string, string | ((timeoutMs?: number) => string)> = {
  '28P01': `${OPERATOR} The password was refused: the operator should check the credentials in DATABASE_URL (or PGPASSWORD).`,
  '28000': `${OPERATOR} The role may not log in here: the operator should check the user in DATABASE_URL and pg_hba.conf.`,
  '3D000': `${OPERATOR} The database does not exist: the operator should check the database name in DATABASE_URL.`,
  '57P03': `${OPERATOR} PostgreSQL is starting up or shutting down; retry shortly, or the operator should check the server.`,
  '53300': `${OPERATOR} PostgreSQL has no free connection slots: the operator should check max_connections or lower --pool-size.`,
  '42P01':
    'The table or view does not exist: call list_tables to see the exact names (and schemas), and quote mixed-case names with double quotes.',
  '42703': 'The column does not exist: call describe_table for the table to see its columns.',
  '42883': 'No function or operator matches those argument types: add explicit casts (e.g. $1::int) or check the name.',
  '42601': 'Fix the SQL syntax near the position shown.',
  '42501': 'The database role this server uses lacks the privilege; ask the operator, or query something else.',
  '3F000': 'The schema does not exist: call list_schemas.',
  '22P02': 'A value could not be converted to the column type: check the params and add explicit casts.',
  '25006': 'This server runs statements in a read-only transaction; writes are refused.',
  '57014': (timeoutMs) =>
    `The statement was cancelled${timeoutMs ? ` by the ${timeoutMs} ms statement_timeout` : ''}: narrow it with WHERE on indexed columns or LIMIT, or check its plan with explain_query.`,
  '53': 'The database server is out of resources; retry later or simplify the statement.',
  '08P01': 'The request did not match the statement: pass exactly one value in params for each $n placeholder.',
  '08': 'The connection to PostgreSQL failed; retry shortly, or ask the operator to check the server.',
  '23': 'The change violates a constraint (see the detail); adjust the values.',
  '40': 'The transaction was rolled back by a conflict (serialization failure or deadlock); retrying may succeed.'
};

function excerpt(sql: string, position: number): string {
  const start = Math.max(0, position - 1);
  const fragment = sql.slice(start, start + 30).replace(/\s+/g, ' ');
  return `"${fragment}${sql.length > start + 30 ? '…' : ''}"`;
}
