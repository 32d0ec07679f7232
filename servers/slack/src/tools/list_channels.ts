import * as z from 'zod';
import { defineTool } from '../kit.js';
import { channelData, channelLine } from '../output.js';
import { cursorArg, fencedListing, READ } from './common.js';

export const listChannels = defineTool({
  name: 'list_channels',
  title: 'List channels',
  description: 'Use to find channel IDs and names: public and private channels, DMs and group DMs the app can see, paged.',
  seeAlso: { get_channel_history: 'to read one', search_messages: 'to find messages by text' },
  input: z.object({
    types: z.array(z.enum(['public', 'private', 'im', 'mpim'])).min(1).max(4).default(['public', 'private']).describe('Conversation kinds.'),
    memberOnly: z.boolean().default(false).describe('Only conversations the app is a member of (the ones it can read).'),
    includeArchived: z.boolean().default(false),
    cursor: cursorArg,
    limit: z.number().int().min(1).max(200).default(100)
  }),
  output: z.object({
    channels: z.array(
      z.object({
        id: z.string(), name: z.string().optional(), kind: z.string(), isMember: z.boolean(), isArchived: z.boolean().optional(),
        userId: z.string().optional(), userName: z.string().optional(), memberCount: z.number().optional(), topic: z.string().optional()
      })
    ),
    nextCursor: z.string().optional()
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const reader = await deps.reader();
    const { channels, nextCursor } = await reader.listChannels({
      kinds: args.types, memberOnly: args.memberOnly, includeArchived: args.includeArchived, cursor: args.cursor, limit: args.limit, signal
    });
    const name = (id: string) => deps.directory.userName(id);
    const { text, kept } = fencedListing(
      `${channels.length} conversation(s):`, 'slack channel names and topics', channels.map((c) => channelLine(c, name)),
      nextCursor ? [`More: call again with cursor "${nextCursor}".`] : []
    );
    return {
      text,
      structured: { channels: channels.slice(0, kept).map((c) => channelData(c, name)), ...(nextCursor ? { nextCursor } : {}) }
    };
  }
});
