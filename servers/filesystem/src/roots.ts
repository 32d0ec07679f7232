import type { Logger } from '@mcp-catalog/shared';
import type { McpServer } from '@modelcontextprotocol/server';
import type { Scope } from './fs/scope.js';

/** How long a client may take to answer roots/list before the scope stays as it was. */
const ROOTS_TIMEOUT_MS = 10_000;

/**
 * Follow the client's MCP roots on a 2025-era connection: ask for them once the client is
 * initialized (if it declared the roots capability) and again on every
 * notifications/roots/list_changed. Tool calls wait for an update in flight. The 2026-07-28 era
 * has no server-to-client requests, so there the scope stays the operator's directories.
 */
export function followClientRoots(server: McpServer, scope: Scope, logger: Logger): void {
  const refresh = () =>
    void scope.update(
      async () =>
        (await server.server.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS })).roots.map((root) => root.uri),
      (error) => logger.warning('could not read the client roots; keeping the current directories', { error })
    );
  const previous = server.server.oninitialized;
  server.server.oninitialized = () => {
    previous?.();
    if (server.server.getClientCapabilities()?.roots) refresh();
  };
  server.server.setNotificationHandler('notifications/roots/list_changed', () => {
    if (server.server.getClientCapabilities()?.roots) refresh();
  });
}
