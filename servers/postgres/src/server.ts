import { createRequire } from 'node:module';
import type { McpServer } from '@modelcontextprotocol/server';
import type { ServerDefinition, ServerRuntime } from '@mcp-catalog/shared';
import { configSchema, settings, type Config } from './config.js';
import { toToolError } from './errors.js';
import { Database } from './postgres/database.js';
import { registerExplainQueryPrompt } from './prompts/explain_query.js';
import { registerWriteQueryPrompt } from './prompts/write_query.js';
import { registerOverview } from './resources/overview.js';
import { registerTableSchemas } from './resources/table_schema.js';
import { analyzeDbHealthTool } from './tools/analyze_db_health.js';
import { checkRoleAccessTool } from './tools/check_role_access.js';
import { describeTableTool } from './tools/describe_table.js';
import { executeSqlTool } from './tools/execute_sql.js';
import { explainQueryTool } from './tools/explain_query.js';
import { getSlowQueriesTool } from './tools/get_slow_queries.js';
import { listSchemasTool } from './tools/list_schemas.js';
import { listTablesTool } from './tools/list_tables.js';
import { runQueryTool } from './tools/run_query.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** What lives as long as the process: the connection pool. */
export interface Deps {
  db: Database;
}

export function createDeps(config: Config, runtime?: Pick<ServerRuntime, 'logger'>): Deps {
  return {
    db: new Database({
      ...(config.databaseUrl ? { connectionString: config.databaseUrl } : {}),
      poolSize: config.poolSize,
      statementTimeoutMs: config.statementTimeoutMs,
      accessMode: config.accessMode,
      onPoolError: (error) => runtime?.logger.warning('idle database connection failed', { error: error.message })
    })
  };
}

/** Builds one SDK server. Called per stdio connection or per HTTP request, so it opens nothing. */
export function createServer(config: Config, deps: Deps, runtime: ServerRuntime): McpServer {
  const server = runtime.newMcpServer({
    instructions:
      `PostgreSQL in ${config.accessMode} mode. Start with list_schemas / list_tables and describe_table, then run_query with one statement and $n params. ` +
      `Results stop at ${config.maxRows} rows (notices say how to page), statements at ${config.statementTimeoutMs} ms. ` +
      'explain_query shows plans; get_slow_queries and analyze_db_health are DBA tools; check_role_access tells whether the role itself is read-only.' +
      (config.accessMode === 'read-write' ? ' execute_sql changes data and commits immediately.' : '')
  });
  runtime.registerTools(server, [
    runQueryTool(config, deps),
    listSchemasTool(config, deps),
    listTablesTool(config, deps),
    describeTableTool(config, deps),
    explainQueryTool(config, deps),
    getSlowQueriesTool(config, deps),
    analyzeDbHealthTool(config, deps),
    checkRoleAccessTool(config, deps),
    // Writes exist only when the operator opted in; no tool argument can turn them on.
    ...(config.accessMode === 'read-write' ? [executeSqlTool(config, deps)] : [])
  ]);
  registerTableSchemas(server, deps, runtime.logger);
  registerOverview(server, config, deps);
  registerExplainQueryPrompt(server, config, deps);
  registerWriteQueryPrompt(server, config, deps);
  return server;
}

export const definition: ServerDefinition<typeof configSchema, Deps> = {
  name: 'postgres',
  version,
  description:
    'PostgreSQL for models: read-only that holds (real parser, function allow-list, read-only transactions), streamed bounded results, schema and DBA tools.',
  settings,
  schema: configSchema,
  examples: [
    'DATABASE_URL=postgres://reader:secret@127.0.0.1:5432/app mcp-server-postgres',
    'DATABASE_URL=... mcp-server-postgres --access-mode read-write --statement-timeout-ms 10000',
    'DATABASE_URL=... MCP_AUTH_TOKEN=... mcp-server-postgres --transport http --port 3000'
  ],
  createDeps,
  createServer,
  health: async (deps) => {
    await deps.db.ping();
    return { ok: true };
  },
  close: (deps) => deps.db.close(),
  mapError: (error) => toToolError(error)
};
