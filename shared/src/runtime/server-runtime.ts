import {
  InMemoryServerEventBus,
  McpServer,
  type ServerCapabilities,
  type ServerEventBus,
  type ServerNotifier
} from '@modelcontextprotocol/server';
import { createLogger, forwardLogsToClient, type Logger } from '../log/index.js';
import { ToolHost, type AnyToolDefinition, type RateLimit, type ToolError } from '../tool/index.js';

/**
 * What a server's `createServer` gets from the runtime: the process-wide logger and tool host,
 * and the operator's tool switches. One per process; `createServer` may run once per connection
 * (stdio) or once per request (stateless HTTP).
 */
export interface ServerRuntime {
  readonly name: string;
  readonly version: string;
  readonly logger: Logger;
  readonly tools: ToolHost;
  /** A fresh SDK server with logging declared and log forwarding to the client wired. */
  newMcpServer(options?: { instructions?: string; capabilities?: ServerCapabilities }): McpServer;
  /** Registers the tools the operator did not disable. */
  registerTools(server: McpServer, tools: readonly AnyToolDefinition[]): void;
  /** Names of the tools a server would register after the operator's switches. */
  isToolEnabled(name: string): boolean;
  /**
   * Change events for 2026-07-28 `subscriptions/listen` streams over HTTP, where no connection
   * outlives a request: publish here (e.g. `notify.resourceUpdated(uri)`) and every open stream
   * that opted in hears it. Stdio connections keep their own per-connection notifications.
   */
  readonly events: ServerEventBus;
  readonly notify: ServerNotifier;
}

export interface ServerRuntimeOptions {
  name: string;
  version: string;
  logger?: Logger;
  maxResultBytes?: number;
  rateLimits?: Record<string, RateLimit>;
  disabledTools?: readonly string[];
  /** The tools a manifest's selection offers; when given, isToolEnabled answers from it. */
  enabledTools?: ReadonlySet<string>;
  mapError?: (error: unknown) => ToolError | undefined;
}

export function createServerRuntime(options: ServerRuntimeOptions): ServerRuntime {
  const logger = options.logger ?? createLogger({ name: options.name });
  const tools = new ToolHost({
    logger,
    ...(options.maxResultBytes === undefined ? {} : { maxResultBytes: options.maxResultBytes }),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.mapError ? { mapError: options.mapError } : {})
  });
  const disabled = new Set(options.disabledTools ?? []);
  const events = new InMemoryServerEventBus((error) => logger.warning('change listener failed', { error }));
  const notify: ServerNotifier = {
    toolsChanged: () => events.publish({ kind: 'tools_list_changed' }),
    promptsChanged: () => events.publish({ kind: 'prompts_list_changed' }),
    resourcesChanged: () => events.publish({ kind: 'resources_list_changed' }),
    resourceUpdated: (uri) => events.publish({ kind: 'resource_updated', uri })
  };
  let namesChecked = false;
  // A typo in --disable-tools or --rate-limit would otherwise silently do nothing.
  const warnAboutUnknownNames = (list: readonly AnyToolDefinition[]) => {
    if (namesChecked) return;
    namesChecked = true;
    const known = new Set(list.map((tool) => tool.name));
    const unknown = [...disabled, ...Object.keys(options.rateLimits ?? {})].filter((name) => !known.has(name));
    if (unknown.length) {
      logger.warning('configuration names tools this server does not have', { unknown, tools: [...known] });
    }
  };
  return {
    name: options.name,
    version: options.version,
    logger,
    tools,
    events,
    notify,
    isToolEnabled: (name) => (options.enabledTools ? options.enabledTools.has(name) : !disabled.has(name)),
    newMcpServer: ({ instructions, capabilities } = {}) => {
      const server = new McpServer(
        { name: `mcp-server-${options.name}`, version: options.version },
        { capabilities: { logging: {}, ...capabilities }, ...(instructions ? { instructions } : {}) }
      );
      const detach = forwardLogsToClient(server, logger);
      const previousOnClose = server.server.onclose;
      server.server.onclose = () => {
        detach();
        previousOnClose?.();
      };
      return server;
    },
    registerTools: (server, list) => {
      warnAboutUnknownNames(list);
      tools.register(
        server,
        list.filter((tool) => !disabled.has(tool.name))
      );
    }
  };
}
