import * as z from 'zod';
import { defineTool } from '../kit.js';
import { userData, userLine } from '../output.js';
import { fencedListing, READ } from './common.js';
import { userShape } from './list_users.js';

export const getUserProfile = defineTool({
  name: 'get_user_profile',
  title: 'Get a user profile',
  description: 'Use for one person\'s profile (names, email, title, time zone) by user ID, @name or email.',
  seeAlso: { find_users: 'when you only know part of a name' },
  input: z.object({ user: z.string().min(1).max(200).describe('U… ID, <@U…>, @name or email.') }),
  output: z.object({ user: userShape }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const reader = await deps.reader();
    const user = await reader.profile(args.user, signal);
    return { text: fencedListing('Profile:', 'slack profile', [userLine(user)]).text, structured: { user: userData(user) } };
  }
});
