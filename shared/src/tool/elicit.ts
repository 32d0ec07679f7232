import { createHash, randomBytes } from 'node:crypto';
import {
  CLIENT_CAPABILITIES_META_KEY,
  createRequestStateCodec,
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

/**
 * What the server signs into `requestState` when it asks: which question, a digest of exactly what
 * was shown, and a single-use nonce. An answer counts only when it comes back with a state this
 * process minted for that question, so a caller cannot send "accept" before being asked (a
 * precomputed key is not enough) nor replay an old approval.
 */
interface AskState {
  question: string;
  shown: string;
  nonce: string;
}

const ASK_TTL_SECONDS = 15 * 60;
// Per process: stateless HTTP serves every round of a call from this process.
const askCodec = createRequestStateCodec<AskState>({ key: randomBytes(32), ttlSeconds: ASK_TTL_SECONDS });
const usedNonces = new Map<string, number>();

function digest(params: FormElicitation): string {
  return createHash('sha256')
    .update(JSON.stringify([params.message, params.requestedSchema]))
    .digest('base64url');
}

async function answeredState(request: ServerContext, key: string, params: FormElicitation): Promise<boolean> {
  const raw = request.mcpReq.requestState<unknown>();
  if (typeof raw !== 'string') return false;
  let state: AskState;
  try {
    state = await askCodec.verify(raw, request);
  } catch {
    return false;
  }
  if (state.question !== key || state.shown !== digest(params)) return false;
  const now = Date.now();
  for (const [nonce, expires] of usedNonces) if (expires < now) usedNonces.delete(nonce);
  if (usedNonces.has(state.nonce)) return false;
  usedNonces.set(state.nonce, now + ASK_TTL_SECONDS * 1000);
  return true;
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
    if (answer.kind === 'elicit' && (await answeredState(request, key, params))) {
      return answer.action === 'accept'
        ? { action: 'accept', content: answer.content ?? {} }
        : { action: answer.action };
    }
    const declared = envelope[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
    if (!supportsForm(declared))
      return { action: 'unavailable', reason: 'the client did not declare form elicitation' };
    const requestState = await askCodec.mint({
      question: key,
      shown: digest(params),
      nonce: randomBytes(12).toString('base64url')
    });
    throw new InputRequiredSignal(
      inputRequired({ inputRequests: { [key]: inputRequired.elicit({ mode: 'form', ...params }) }, requestState })
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
