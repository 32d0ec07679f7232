import * as z from 'zod';
import { defineTool } from '../kit.js';
import { userData, userLine } from '../output.js';
import { fencedListing, READ } from './common.js';
import { userShape } from './list_users.js';

export const findUsers = defineTool({
  name: 'find_users',
  title: 'Find users',
  description: 'Use to look people up by handle, display name, real name or email (exact matches first) and get their user IDs.',
  seeAlso: { list_users: 'to page through everyone', get_user_profile: 'for one person\'s details' },
  input: z.object({ query: z.string().min(1).max(100).describe('A name, part of one, or an email.'), limit: z.number().int().min(1).max(50).default(10) }),
  output: z.object({ users: z.array(userShape) }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const reader = await deps.reader();
    const users = await reader.findUsers({ query: args.query, limit: args.limit, signal });
    const { text, kept } = fencedListing(`${users.length} match(es):`, 'slack user names', users.map(userLine));
    return { text, structured: { users: users.slice(0, kept).map(userData) } };
  }
});
