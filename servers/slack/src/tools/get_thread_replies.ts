import * as z from 'zod';
import { defineTool } from '../kit.js';
import { messageData, messageLine } from '../output.js';
import { channelArg, cursorArg, fencedListing, messageShape, READ, tsArg } from './common.js';

export const getThreadReplies = defineTool({
  name: 'get_thread_replies',
  title: 'Read a thread',
  description: 'Use to read a whole thread: its first message and the replies, oldest first.',
  seeAlso: { get_channel_history: 'for the channel around it', reply_to_thread: 'to answer in it' },
  input: z.object({ channel: channelArg, threadTs: tsArg.describe('ts of the thread\'s first message.'), cursor: cursorArg, limit: z.number().int().min(1).max(200).default(100) }),
  output: z.object({ channelId: z.string(), messages: z.array(messageShape), nextCursor: z.string().optional() }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const reader = await deps.reader();
    const { channel, messages, nextCursor } = await reader.replies({ ...args, signal });
    const { text, kept } = fencedListing(
      `Thread ${args.threadTs} in ${channel.name ? `#${channel.name}` : channel.id} (${channel.id}), ${messages.length} message(s):`,
      `slack thread in ${channel.id}`, messages.map((m) => messageLine(m)),
      nextCursor ? [`More: call again with cursor "${nextCursor}".`] : []
    );
    return { text, structured: { channelId: channel.id, messages: messages.slice(0, kept).map(messageData), ...(nextCursor ? { nextCursor } : {}) } };
  }
});
