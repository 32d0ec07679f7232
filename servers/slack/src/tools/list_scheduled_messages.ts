import * as z from 'zod';
import { defineTool } from '../kit.js';
import { clip } from '../output.js';
import { oneLine } from '../text.js';
import { channelArg, cursorArg, fencedListing, WRITE_ENABLED } from './common.js';

export const listScheduledMessages = defineTool({
  name: 'list_scheduled_messages',
  title: 'List scheduled messages',
  description: 'Use to see the messages this server scheduled and Slack has not posted yet.',
  seeAlso: { delete_scheduled_message: 'to cancel one' },
  input: z.object({ channel: channelArg.optional(), cursor: cursorArg, limit: z.number().int().min(1).max(100).default(50) }),
  output: z.object({
    scheduled: z.array(z.object({ scheduledMessageId: z.string(), channelId: z.string(), postAt: z.string(), text: z.string() })),
    nextCursor: z.string().optional()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  enabled: WRITE_ENABLED,
  async handler({ args, deps, signal }) {
    const { items, nextCursor } = await deps.poster.listScheduled({ ...args, signal });
    const scheduled = items.map((i) => ({ scheduledMessageId: i.id, channelId: i.channelId, postAt: new Date(i.postAt * 1000).toISOString(), text: clip(i.text) }));
    const { text } = fencedListing(
      `${scheduled.length} scheduled message(s):`, 'scheduled message text',
      scheduled.map((s) => `${s.scheduledMessageId} ${s.channelId} at ${s.postAt}: ${oneLine(s.text)}`),
      nextCursor ? [`More: call again with cursor "${nextCursor}".`] : []
    );
    return { text, structured: { scheduled, ...(nextCursor ? { nextCursor } : {}) } };
  }
});
