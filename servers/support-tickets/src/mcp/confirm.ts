import { createHash } from 'node:crypto';
import type { ToolContext } from '@mcp-catalog/shared';

export type Confirmation =
  { kind: 'accepted' } | { kind: 'declined'; action: string } | { kind: 'unavailable'; reason: string };

/**
 * The name of the question on the 2026-07-28 revision, where the answer comes back with the
 * retried call: derived from the exact message, so an approval counts only for the text the user
 * was shown, never for a reply the model changed in between or an answer sent before anyone asked.
 */
export function confirmationKey(message: string): string {
  return `confirm_public_reply_${createHash('sha256').update(message).digest('base64url').slice(0, 22)}`;
}

/**
 * Asks the user (not the model) to approve an action through form elicitation, on either
 * protocol era (shared's ctx.elicit). Only an explicit "yes" counts. `unavailable` means the
 * client cannot ask, and the caller's policy decides.
 */
export async function askUserToConfirm(ctx: ToolContext, message: string): Promise<Confirmation> {
  const answer = await ctx.elicit(confirmationKey(message), {
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
  });
  if (answer.action === 'unavailable') return { kind: 'unavailable', reason: answer.reason };
  if (answer.action === 'accept' && answer.content.send === true) return { kind: 'accepted' };
  return { kind: 'declined', action: answer.action === 'accept' ? 'not ticked' : answer.action };
}
