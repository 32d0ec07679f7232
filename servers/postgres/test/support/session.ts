import type { Client } from '@modelcontextprotocol/client';
import { connectInMemory, testRuntime } from '@mcp-catalog/shared/testing';
import { configSchema, type Config } from '../../src/config.js';
import { createDeps, createServer, definition, type Deps } from '../../src/server.js';

export interface Session {
  client: Client;
  config: Config;
  deps: Deps;
  runtime: ReturnType<typeof testRuntime>;
  close(): Promise<void>;
}

/** An in-memory MCP client connected to a server built exactly as the bin builds it. */
export async function openSession(databaseUrl: string, settings: Record<string, unknown> = {}): Promise<Session> {
  const config = configSchema.parse({ databaseUrl, ...settings });
  const runtime = testRuntime({ mapError: definition.mapError! });
  const deps = createDeps(config, runtime);
  const { client, close } = await connectInMemory(() => createServer(config, deps, runtime));
  return {
    client,
    config,
    deps,
    runtime,
    async close() {
      await close();
      await deps.db.close();
    }
  };
}

export interface ToolResult {
  isError?: boolean;
  text: string;
  structured: any;
}

export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
  return { ...(result.isError ? { isError: true } : {}), text, structured: result.structuredContent };
}
