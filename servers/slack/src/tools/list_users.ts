import * as z from 'zod';
import { defineTool } from '../kit.js';
import { userData, userLine } from '../output.js';
import { cursorArg, fencedListing, READ } from './common.js';

export const userShape = z.object({
  id: z.string(), name: z.string(), displayName: z.string().optional(), realName: z.string().optional(), email: z.string().optional(),
  title: z.string().optional(), tz: z.string().optional(), isBot: z.boolean().optional(), deleted: z.boolean().optional()
});

export const listUsers = defineTool({
  name: 'list_users',
  title: 'List users',
  description: 'Use to page through the people of the workspace with their IDs, names and emails.',
  seeAlso: { find_users: 'to look someone up by name or email', get_user_profile: 'for one person' },
  input: z.object({
    includeBots: z.boolean().default(false),
    includeDeactivated: z.boolean().default(false),
    cursor: cursorArg,
    limit: z.number().int().min(1).max(200).default(100)
  }),
  output: z.object({ users: z.array(userShape), nextCursor: z.string().optional() }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const reader = await deps.reader();
    const { users, nextCursor } = await reader.listUsers({ cursor: args.cursor, limit: args.limit, includeBots: args.includeBots, includeDeleted: args.includeDeactivated, signal });
    const { text, kept } = fencedListing(`${users.length} user(s):`, 'slack user names', users.map(userLine), nextCursor ? [`More: call again with cursor "${nextCursor}".`] : []);
    return { text, structured: { users: users.slice(0, kept).map(userData), ...(nextCursor ? { nextCursor } : {}) } };
  }
});
