import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { McpServerFactory } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createServerRuntime, type ServerRuntime, type ServerRuntimeOptions } from '../runtime/server-runtime.js';
import { memoryLogger } from './memory-logger.js';

export interface ConnectedClient {
  client: Client;
  close(): Promise<void>;
}

export interface ClientOptions {
  /** Capabilities the test client declares (roots, elicitation...). */
  capabilities?: ConstructorParameters<typeof Client>[1] extends infer O
    ? O extends { capabilities?: infer C }
      ? C
      : never
    : never;
  /** The name and version the client reports in initialize (default mcp-catalog-test 0.0.0): to test what a server does with it. */
  clientInfo?: { name: string; version: string };
  /** Runs after the client is built, before it connects (register roots/elicitation handlers here). */
  setup?: (client: Client) => void;
}

/**
 * Connects an SDK client to a server factory through an in-memory transport, using the same
 * serving entry (serveStdio's era negotiation) as the real stdio bin.
 */
export async function connectInMemory(
  factory: McpServerFactory,
  options: ClientOptions = {}
): Promise<ConnectedClient> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const handle = serveStdio(factory, { transport: serverTransport });
  const client = new Client(
    options.clientInfo ?? { name: 'mcp-catalog-test', version: '0.0.0' },
    options.capabilities ? { capabilities: options.capabilities } : undefined
  );
  options.setup?.(client);
  await client.connect(clientTransport);
  return {
    client,
    async close() {
      await client.close().catch(() => undefined);
      await handle.close().catch(() => undefined);
    }
  };
}

/** A ServerRuntime whose logs go to memory instead of stderr. */
export function testRuntime(
  overrides: Partial<ServerRuntimeOptions> = {}
): ServerRuntime & { logLines(): Array<Record<string, unknown>> } {
  const { logger, lines } = memoryLogger();
  const runtime = createServerRuntime({ name: 'test', version: '0.0.0', logger, ...overrides });
  return Object.assign(runtime, { logLines: lines });
}
