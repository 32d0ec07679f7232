import * as z from 'zod';
import { defineTool } from '../kit.js';
import { channelLabel, messageData, messageLine } from '../output.js';
import { channelArg, cursorArg, fencedListing, messageShape, READ, timeArg } from './common.js';

export const getChannelHistory = defineTool({
  name: 'get_channel_history',
  title: 'Read channel history',
  description:
    'Use to read the recent messages of one channel or DM, newest first, optionally within a time window; thread replies are counted, not shown.',
  seeAlso: { get_thread_replies: 'for the replies of a thread', search_messages: 'to find messages by text across channels' },
  input: z.object({
    channel: channelArg,
    oldest: timeArg.optional().describe('Only messages at or after this time (ISO or ts).'),
    latest: timeArg.optional().describe('Only messages at or before this time (ISO or ts).'),
    cursor: cursorArg,
    limit: z.number().int().min(1).max(200).default(50)
  }),
  output: z.object({ channelId: z.string(), channelName: z.string().optional(), messages: z.array(messageShape), nextCursor: z.string().optional() }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const reader = await deps.reader();
    const { channel, messages, nextCursor } = await reader.history({ ...args, signal });
    const label = channelLabel(channel, (id) => deps.directory.userName(id));
    const { text, kept } = fencedListing(
      `${messages.length} message(s) in ${label} (${channel.id}), newest first:`, `slack messages in ${channel.id}`,
      messages.map((m) => messageLine(m)),
      nextCursor ? [`Older: call again with cursor "${nextCursor}".`] : []
    );
    return {
      text,
      structured: {
        channelId: channel.id, ...(channel.name ? { channelName: channel.name } : {}),
        messages: messages.slice(0, kept).map(messageData), ...(nextCursor ? { nextCursor } : {})
      }
    };
  }
});
