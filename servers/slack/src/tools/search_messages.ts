import * as z from 'zod';
import { defineTool } from '../kit.js';
import { messageData, messageLine } from '../output.js';
import { channelArg, fencedListing, hitShape, READ } from './common.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-05-01');

export const searchMessages = defineTool({
  name: 'search_messages',
  title: 'Search messages',
  description:
    'Use to find messages by words across the channels the server may read, newest first, with optional channel, author and date filters.',
  seeAlso: { get_channel_history: 'to read one channel in order', get_thread_replies: 'for the thread of a hit' },
  input: z.object({
    query: z.string().min(1).max(500).describe('Words to find (Slack search syntax; the server\'s read scope always applies).'),
    channel: channelArg.optional().describe('Only this channel.'),
    fromUser: z.string().min(1).max(200).optional().describe('Only messages by this person (U… ID, @name or email).'),
    after: day.optional().describe('Only messages after this day.'),
    before: day.optional().describe('Only messages before this day.'),
    cursor: z.string().regex(/^\d{1,3}$/).optional().describe('nextCursor from the previous page.'),
    limit: z.number().int().min(1).max(100).default(20)
  }),
  output: z.object({ messages: z.array(hitShape), total: z.number().optional(), hiddenByScope: z.number().optional(), nextCursor: z.string().optional() }),
  annotations: READ,
  enabled: (config) => Boolean(config.userToken),
  async handler({ args, deps, signal }) {
    const reader = await deps.reader();
    const page = args.cursor ? Number(args.cursor) : 1;
    const result = await reader.search({ ...args, page, count: args.limit, signal });
    const nextCursor = result.nextPage ? String(result.nextPage) : undefined;
    const hidden = result.hiddenByScope > 0 ? [`${result.hiddenByScope} hit(s) on this page were outside the channels this server may read and are not shown.`] : [];
    const { text, kept } = fencedListing(
      `${result.total ?? result.messages.length} match(es) for the search${result.total === undefined ? ' in the readable channels on this page' : ''}; page ${page}:`, 'slack search results',
      result.messages.map((m) => messageLine(m, { withChannel: true })),
      [...hidden, ...(nextCursor ? [`More: call again with cursor "${nextCursor}".`] : [])]
    );
    return {
      text,
      structured: {
        messages: result.messages.slice(0, kept).map(messageData), ...(result.total !== undefined ? { total: result.total } : {}),
        ...(result.hiddenByScope ? { hiddenByScope: result.hiddenByScope } : {}), ...(nextCursor ? { nextCursor } : {})
      }
    };
  }
});
