import { InputRequiredSignal, ToolError, type Logger } from '@mcp-catalog/shared';
import {
  CLIENT_CAPABILITIES_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  inputRequired,
  inputResponse,
  type ClientCapabilities,
  type McpServer,
  type ServerContext
} from '@modelcontextprotocol/server';
import type { Scope } from './fs/scope.js';

/** How long a client may take to answer roots/list before the scope stays as it was. */
const ROOTS_TIMEOUT_MS = 10_000;

/**
 * Follow the client's MCP roots on a 2025-era connection: ask for them once the client is
 * initialized (if it declared the roots capability) and again on every
 * notifications/roots/list_changed. Tool calls wait for an update in flight. The 2026-07-28 era
 * has no server-to-client requests: there each call asks for the roots itself ({@link requestRoots}).
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

/** Key of the roots listing in a 2026-07-28 `input_required` round. */
const ROOTS_KEY = 'roots';
/** Most roots taken from one answer. */
const MAX_ROOTS = 100;

/**
 * The client's roots for one 2026-07-28 request. That revision has no server-to-client requests:
 * the first round of a call ends with an `input_required` result asking for `roots/list`, and the
 * client retries the call with its answer, which this then returns. Undefined on 2025-era requests
 * (their roots come from {@link followClientRoots}) and when the client did not declare roots.
 * @throws InputRequiredSignal to ask for the roots; ToolError when the answer is not a roots list.
 */
export function requestRoots(request: ServerContext): readonly string[] | undefined {
  const envelope = request.mcpReq.envelope as Record<string, unknown> | undefined;
  if (envelope?.[PROTOCOL_VERSION_META_KEY] === undefined) return undefined;
  if (!(envelope[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined)?.roots) return undefined;
  const answer = inputResponse(request.mcpReq.inputResponses, ROOTS_KEY);
  if (answer.kind === 'roots') {
    // From the client, so untrusted: keep the string URIs, which the path guard then vets.
    return answer.roots.slice(0, MAX_ROOTS).flatMap((root: unknown) => {
      const uri = (root as { uri?: unknown } | null)?.uri;
      return typeof uri === 'string' ? [uri] : [];
    });
  }
  if (request.mcpReq.inputResponses?.[ROOTS_KEY] !== undefined) {
    throw new ToolError('The client answered the request for its MCP roots with something other than a roots list.', {
      hint: 'This is a client problem: its roots/list answer must be { roots: [{ uri: "file:///..." }] }.'
    });
  }
  throw new InputRequiredSignal(inputRequired({ inputRequests: { [ROOTS_KEY]: inputRequired.listRoots() } }));
}
