import { createRequire } from 'node:module';
import { defineServer } from '@mcp-catalog/shared';
import { close, createDeps, health, type Deps } from './deps.js';
import { toToolError } from './errors.js';
import { explainQueryPrompt } from './prompts/explain_query.js';
import { writeQueryPrompt } from './prompts/write_query.js';
import { overview } from './resources/overview.js';
import { tableSchema } from './resources/table_schema.js';
import { effectiveAccessMode, positional, settings, type Config } from './settings.js';
import { analyzeDbHealth } from './tools/analyze_db_health.js';
import { checkRoleAccess } from './tools/check_role_access.js';
import { describeTable } from './tools/describe_table.js';
import { executeSql } from './tools/execute_sql.js';
import { explainQuery } from './tools/explain_query.js';
import { getSlowQueries } from './tools/get_slow_queries.js';
import { listSchemas } from './tools/list_schemas.js';
import { listTables } from './tools/list_tables.js';
import { runQuery } from './tools/run_query.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** "a, b and c" of the names that are offered. */
function offered(isEnabled: (name: string) => boolean, names: string[]): string[] {
  return names.filter(isEnabled);
}

/** The whole server in one declaration: README tables, --help and schema snapshots come from it. */
export const manifest = defineServer<Config, Deps>({
  name: 'postgres',
  version,
  description:
    'PostgreSQL for models: read-only that holds (real parser, function allow-list, read-only transactions), streamed bounded results, schema and DBA tools.',
  settings,
  positional,
  examples: [
    'DATABASE_URL=postgres://reader:secret@127.0.0.1:5432/app mcp-server-postgres',
    'DATABASE_URL=... mcp-server-postgres --access-mode read-write --statement-timeout-seconds 10',
    'DATABASE_URL=... mcp-server-postgres --toolsets query,schema',
    'DATABASE_URL=... MCP_AUTH_TOKEN=... mcp-server-postgres --transport http --port 3000'
  ],
  instructions: ({ config }) =>
    `PostgreSQL in ${effectiveAccessMode(config)} mode. Results stop at ${config.maxRows} rows (notices say how to page), statements after ${config.statementTimeoutSeconds} s.`,
  toolsets: [
    {
      name: 'schema',
      description: 'Schemas, tables and their columns, keys and indexes',
      default: true,
      instructions: ({ isEnabled }) => {
        const names = offered(isEnabled, ['list_schemas', 'list_tables', 'describe_table']);
        return names.length ? `Learn the schema first with ${names.join(', ')}.` : '';
      },
      tools: [listSchemas, listTables, describeTable]
    },
    {
      name: 'query',
      description: 'Read-only queries and plans; writes only in read-write mode',
      default: true,
      instructions: ({ isEnabled }) =>
        [
          isEnabled('run_query') ? 'run_query runs one statement with $n params.' : '',
          isEnabled('explain_query') ? 'explain_query shows plans.' : '',
          isEnabled('execute_sql') ? 'execute_sql changes data and commits immediately.' : ''
        ]
          .filter(Boolean)
          .join(' '),
      tools: [runQuery, explainQuery, executeSql]
    },
    {
      name: 'dba',
      description: 'Slow statements, health check-up, and what the role may do',
      default: true,
      instructions: ({ isEnabled }) => {
        const names = offered(isEnabled, ['get_slow_queries', 'analyze_db_health', 'check_role_access']);
        return names.length ? `${names.join(', ')} are DBA tools.` : '';
      },
      tools: [getSlowQueries, analyzeDbHealth, checkRoleAccess]
    }
  ],
  resources: [tableSchema, overview],
  prompts: [explainQueryPrompt, writeQueryPrompt],
  createDeps,
  health,
  close,
  mapError: (error) => toToolError(error)
});
