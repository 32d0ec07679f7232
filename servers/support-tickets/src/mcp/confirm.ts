import type { ToolContext } from '@mcp-catalog/shared';
import {
  CLIENT_CAPABILITIES_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  type ClientCapabilities
} from '@modelcontextprotocol/server';

export type Confirmation =
  { kind: 'accepted' } | { kind: 'declined'; action: string } | { kind: 'unavailable'; reason: string };

/** A person may take a while to read a reply; the SDK's 60 s default would cut them off. */
const CONFIRM_TIMEOUT_MS = 10 * 60_000;

/**
 * Asks the user (not the model) to approve an action through form elicitation. Only an explicit
 * "yes" counts. `unavailable` means the client cannot ask, and the caller's policy decides.
 *
 * Requests on the 2026-07-28 revision cannot push an elicitation; they need an input_required
 * result, which shared's tool host cannot return yet, so they count as unavailable.
 */
export async function askUserToConfirm(ctx: ToolContext, message: string): Promise<Confirmation> {
  const envelope = ctx.request.mcpReq.envelope as Record<string, unknown> | undefined;
  if (envelope?.[PROTOCOL_VERSION_META_KEY] !== undefined) {
    const declared = envelope[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
    return {
      kind: 'unavailable',
      reason: declared?.elicitation
        ? 'on protocol revision 2026-07-28 this server cannot ask for confirmation yet (it needs an input_required result)'
        : 'the client did not declare elicitation'
    };
  }
  const elicitation = ctx.server.server.getClientCapabilities()?.elicitation;
  // Per the spec an empty elicitation object means form mode; otherwise form must be listed.
  if (!elicitation || !(Object.keys(elicitation).length === 0 || 'form' in elicitation)) {
    return { kind: 'unavailable', reason: 'the client did not declare form elicitation' };
  }
  const result = await ctx.request.mcpReq.elicitInput(
    {
      mode: 'form',
      message,
      requestedSchema: {
        type: 'object',
        properties: {
          send: {
            type: 'boolean',
            title: 'Send it',
            description: 'Tick to approve; anything else cancels.',
            default: false
          }
        },
        required: ['send']
      }
    },
    { signal: ctx.signal, timeout: CONFIRM_TIMEOUT_MS }
  );
  if (result.action === 'accept' && result.content?.send === true) return { kind: 'accepted' };
  return { kind: 'declined', action: result.action === 'accept' ? 'not ticked' : result.action };
}
