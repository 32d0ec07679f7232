import type { Client } from '@modelcontextprotocol/client';
import { connectManifest } from '@mcp-catalog/shared/testing';
import type { Deps } from '../../src/deps.js';
import { manifest } from '../../src/manifest.js';
import type { Config } from '../../src/settings.js';

export interface Session {
  client: Client;
  config: Config;
  deps: Deps;
  /** Log lines the server wrote. */
  logLines(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * An in-memory MCP client connected to the manifest as an operator would start the bin: the
 * connection URL in DATABASE_URL, each setting as its flag (`{ maxRows: 5 }` -> `--max-rows 5`,
 * `{ readOnly: true }` -> `--read-only`), or raw flags in `argv`.
 */
export async function openSession(
  databaseUrl: string,
  settings: Record<string, string | number | boolean | string[]> = {},
  argv: string[] = []
): Promise<Session> {
  const flags = Object.entries(settings).flatMap(([key, value]) => {
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === true) return [flag];
    if (value === false) return [`--no-${flag.slice(2)}`];
    return [flag, Array.isArray(value) ? value.join(',') : String(value)];
  });
  const connected = await connectManifest<Deps>(manifest, {
    argv: [...flags, ...argv],
    env: { DATABASE_URL: databaseUrl }
  });
  return {
    client: connected.client,
    config: connected.config as Config,
    deps: connected.deps,
    logLines: connected.logLines,
    close: connected.close
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
