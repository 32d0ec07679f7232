import { createRequire } from 'node:module';
import type { McpServer } from '@modelcontextprotocol/server';
import type { ServerDefinition, ServerRuntime } from '@mcp-catalog/shared';
import { configSchema, settings, type Config } from './config.js';
import { echoText } from './tools/echo_text.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** What lives as long as the process (pools, stores, clients). This template needs none. */
export interface Deps {
  startedAt: Date;
}

export function createDeps(_config: Config): Deps {
  return { startedAt: new Date() };
}

/** Builds one SDK server. Called per stdio connection or per HTTP request, so keep it cheap. */
export function createServer(config: Config, deps: Deps, runtime: ServerRuntime): McpServer {
  const server = runtime.newMcpServer({
    instructions: 'Template server: echo_text shows the shape every tool in the catalog follows.'
  });
  runtime.registerTools(server, [echoText(config, deps)]);
  return server;
}

export const definition: ServerDefinition<typeof configSchema, Deps> = {
  name: 'example',
  version,
  description: 'Template smoke',
  settings,
  schema: configSchema,
  examples: ['mcp-server-example', 'MCP_AUTH_TOKEN=... mcp-server-example --transport http --port 3000'],
  createDeps,
  createServer,
  health: async (deps) => ({
    ok: true,
    checks: { uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000) }
  })
};
