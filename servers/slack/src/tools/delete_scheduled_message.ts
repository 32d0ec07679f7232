import * as z from 'zod';
import { defineTool } from '../kit.js';
import { confirmer } from '../confirm.js';
import { actorOf, channelArg, WRITE_ENABLED } from './common.js';

export const deleteScheduledMessage = defineTool({
  name: 'delete_scheduled_message',
  title: 'Cancel a scheduled message',
  description: 'Use to cancel a message this server scheduled before Slack posts it.',
  seeAlso: { list_scheduled_messages: 'for the IDs' },
  input: z.object({ channel: channelArg, scheduledMessageId: z.string().regex(/^Q[A-Z0-9]{2,40}$/, 'an ID like Q1298393284') }),
  output: z.object({ channelId: z.string(), scheduledMessageId: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  enabled: WRITE_ENABLED,
  async handler({ args, config, deps, signal, elicit, request }) {
    const result = await deps.poster.deleteScheduled({ tool: 'delete_scheduled_message', actor: actorOf(request), signal, confirm: confirmer(config, elicit) }, args);
    return { text: `Cancelled ${args.scheduledMessageId} in ${result.channelId}.`, structured: { channelId: result.channelId, scheduledMessageId: args.scheduledMessageId } };
  }
});
