import {
  CLIENT_CAPABILITIES_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  inputRequired,
  inputResponse,
  type ClientCapabilities,
  type ElicitRequestFormParams,
  type InputRequiredResult,
  type McpServer,
  type ServerContext
} from '@modelcontextprotocol/server';

/** What the user answered; `unavailable` when this client cannot ask at all. */
export type ElicitOutcome =
  | { action: 'accept'; content: Record<string, unknown> }
  | { action: 'decline' | 'cancel' }
  | { action: 'unavailable'; reason: string };

export type FormElicitation = Omit<ElicitRequestFormParams, 'mode'>;

/**
 * Thrown inside a handler on the 2026-07-28 revision to end this round with an `input_required`
 * result; the client answers and retries the call, and the handler then finds the answer.
 */
export class InputRequiredSignal extends Error {
  constructor(readonly result: InputRequiredResult) {
    super('input required');
    this.name = 'InputRequiredSignal';
  }
}

/** A person may take a while to answer; the SDK's 60 s default would cut them off. */
const ELICIT_TIMEOUT_MS = 10 * 60_000;

/**
 * Asks the user (not the model) through a form elicitation, on either protocol era: on 2025
 * connections by pushing `elicitation/create`; on 2026-07-28 requests by returning
 * `input_required` and reading the answer from the retried call's `inputResponses` under `key`.
 * The answer comes from the client and is untrusted: validate `content` before acting on it.
 */
export async function elicitForm(
  server: McpServer,
  request: ServerContext,
  key: string,
  params: FormElicitation,
  signal: AbortSignal
): Promise<ElicitOutcome> {
  const envelope = request.mcpReq.envelope as Record<string, unknown> | undefined;
  if (envelope?.[PROTOCOL_VERSION_META_KEY] !== undefined) {
    const answer = inputResponse(request.mcpReq.inputResponses, key);
    if (answer.kind === 'elicit') {
      return answer.action === 'accept'
        ? { action: 'accept', content: answer.content ?? {} }
        : { action: answer.action };
    }
    const declared = envelope[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
    if (!supportsForm(declared))
      return { action: 'unavailable', reason: 'the client did not declare form elicitation' };
    throw new InputRequiredSignal(
      inputRequired({ inputRequests: { [key]: inputRequired.elicit({ mode: 'form', ...params }) } })
    );
  }
  if (!supportsForm(server.server.getClientCapabilities())) {
    return { action: 'unavailable', reason: 'the client did not declare form elicitation' };
  }
  const result = await request.mcpReq.elicitInput({ mode: 'form', ...params }, { signal, timeout: ELICIT_TIMEOUT_MS });
  return result.action === 'accept' ? { action: 'accept', content: result.content ?? {} } : { action: result.action };
}

// Per the spec an empty elicitation object means form mode; otherwise form must be listed.
function supportsForm(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation;
  return Boolean(elicitation) && (Object.keys(elicitation!).length === 0 || 'form' in elicitation!);
}
