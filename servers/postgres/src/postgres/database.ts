import pg from 'pg';
import type { Client, CustomTypesConfig, PoolClient, PoolConfig } from 'pg';
import { RefusedError } from './errors.js';
import { limitIncomingBytes } from './incoming.js';

export type AccessMode = 'read-only' | 'read-write';

export interface DatabaseOptions {
  /** postgres:// URL; when absent, node-postgres reads the standard PG* variables (PGHOST, PGUSER...). */
  connectionString?: string;
  poolSize: number;
  statementTimeoutMs: number;
  accessMode: AccessMode;
  /** Where pool-level errors of idle connections go (they would otherwise crash the process). */
  onPoolError?: (error: Error) => void;
  /** How long to wait for a connection, new or free in the pool (default 10 s). */
  connectionTimeoutMs?: number;
}

export interface TransactionOptions {
  signal?: AbortSignal;
  /** Destroy the connection afterwards instead of returning it to the pool (session state was touched). */
  discard?: boolean;
}

const OID = { bool: 16, int2: 21, int4: 23, oid: 26, json: 114, float4: 700, float8: 701, jsonb: 3802 };

/**
 * Values as PostgreSQL prints them, except where JSON has a faithful type: booleans, 16/32-bit
 * integers, finite floats, json/jsonb. node-postgres's defaults are lossy for a model: timestamps
 * become JS Dates in the process's time zone, bytea a Buffer, intervals objects.
 */
export const valueTypes = { getTypeParser: parserFor } as unknown as CustomTypesConfig;

function parserFor(oid: number): (value: string) => unknown {
  switch (oid) {
    case OID.bool:
      return (value) => value === 't';
    case OID.int2:
    case OID.int4:
    case OID.oid:
      return Number;
    case OID.float4:
    case OID.float8:
      return (value) => (Number.isFinite(Number(value)) ? Number(value) : value);
    case OID.json:
    case OID.jsonb:
      return parseJson;
    default:
      return (value) => value;
  }
}

/** Deeper JSON stays text: turning it back into JSON (byte cap, MCP response) would overflow the stack. */
export const MAX_JSON_DEPTH = 1000;

function parseJson(text: string): unknown {
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) return text;
  try {
    return JSON.parse(text);
  } catch {
    // Parsers run inside the socket's data handler, where a throw would take the process down.
    return text;
  }
}

/** Whether brackets outside strings nest deeper than `limit`, without building the value. */
function nestedDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (++depth > limit) return true;
    } else if (char === ']' || char === '}') depth--;
  }
  return false;
}

/** SET LOCAL of the settings that change how PostgreSQL splits a statement into tokens. */
export const PINNED_LEXING = 'SET LOCAL standard_conforming_strings = on; SET LOCAL backslash_quote = safe_encoding';

/**
 * The connection pool and the transaction discipline every statement runs under. Connections are
 * opened lazily, so the server starts (and lists its tools) when the database is down.
 */
export class Database {
  readonly pool: pg.Pool;

  constructor(readonly options: DatabaseOptions) {
    const config: PoolConfig = {
      ...(options.connectionString ? { connectionString: options.connectionString } : {}),
      max: options.poolSize,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      idleTimeoutMillis: 30_000,
      application_name: 'mcp-server-postgres',
      // Session-wide backstops; each transaction also sets its own timeout with SET LOCAL.
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: Math.max(60_000, options.statementTimeoutMs * 4),
      ...(options.accessMode === 'read-only' ? { options: '-c default_transaction_read_only=on' } : {}),
      types: valueTypes
    };
    this.pool = new pg.Pool(config);
    this.pool.on('error', (error) => options.onPoolError?.(error));
    // A new connection has finished its startup here, so the guard starts at a message boundary.
    this.pool.on('connect', (client) => limitIncomingBytes(client as unknown as Client));
  }

  /**
   * Runs `work` inside `BEGIN READ ONLY` with `SET LOCAL statement_timeout`, then rolls back
   * whatever happened. Any error (or a `discard` request) destroys the connection rather than
   * returning a session in an unknown state to the pool.
   */
  readOnly<T>(work: (client: PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.transaction('BEGIN READ ONLY', 'ROLLBACK', work, options);
  }

  /** read-write mode only: runs `work` in a read-write transaction, commits, and discards the connection. */
  readWrite<T>(work: (client: PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.options.accessMode !== 'read-write')
      throw new Error('read-write transactions need --access-mode read-write');
    // A write may SET session state (search_path, role); the connection never goes back to the pool.
    return this.transaction('BEGIN READ WRITE', 'COMMIT', work, { ...options, discard: true });
  }

  private async transaction<T>(
    begin: string,
    end: string,
    work: (client: PoolClient) => Promise<T>,
    options: TransactionOptions
  ): Promise<T> {
    options.signal?.throwIfAborted();
    const client = await this.pool.connect().catch((error: unknown) => {
      // pg-pool words a wait for a free connection like a failure to open one; a full pool means busy, not down.
      if (this.pool.totalCount >= this.options.poolSize && this.pool.idleCount === 0)
        throw new RefusedError(
          `All ${this.options.poolSize} database connections stayed busy while this call waited.`,
          'Retry shortly, or run fewer statements at once; the operator can raise --pool-size.'
        );
      throw error;
    });
    const onAbort = () => void this.cancel(client);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let failure: unknown;
    // A connection that dies between two queries (server restart, pg_terminate_backend) emits
    // 'error' with no query to fail; unheard, that event would be an uncaught exception.
    const onConnectionError = (error: Error) => (failure ??= error);
    client.on('error', onConnectionError);
    try {
      // Our own constant text (the timeout is a validated integer; SET takes no bind parameters),
      // so one simple-protocol round trip for both is safe.
      // The lexing settings are pinned to what the statement parser assumes: with
      // standard_conforming_strings off (a role or database default) the server would split
      // 'a\\' differently and run a call the parser read as string content.
      await client.query(
        `${begin}; SET LOCAL statement_timeout = ${Math.trunc(this.options.statementTimeoutMs)}; ${PINNED_LEXING}`
      );
      const result = await work(client);
      // Session advisory locks outlive ROLLBACK (a view or aggregate may take one behind the
      // function check); release them before the connection goes back to the pool.
      await client.query(`${end}; SELECT pg_catalog.pg_advisory_unlock_all()`);
      return result;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      client.off('error', onConnectionError);
      client.release(failure !== undefined || options.discard ? new Error('connection discarded') : undefined);
    }
  }

  /** Asks the server to cancel what `client` is running, from a separate short-lived connection. */
  private async cancel(client: PoolClient): Promise<void> {
    const pid = (client as unknown as { processID?: number }).processID;
    if (!pid) return;
    const canceller = new pg.Client(
      this.options.connectionString ? { connectionString: this.options.connectionString } : {}
    );
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_catalog.pg_cancel_backend($1)', [pid]);
    } catch {
      // Best effort: statement_timeout stops the statement anyway.
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }

  async ping(): Promise<void> {
    await this.readOnly((client) => client.query('SELECT 1'));
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
