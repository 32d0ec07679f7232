import * as z from 'zod';
import { defineTool } from '../kit.js';
import { actorOf, channelArg, tsArg, WRITE_ENABLED } from './common.js';

export const addReaction = defineTool({
  name: 'add_reaction',
  title: 'Add a reaction',
  description: 'Use to react to a message with an emoji (e.g. white_check_mark to acknowledge) in a channel open for posting.',
  input: z.object({
    channel: channelArg,
    ts: tsArg,
    emoji: z.string().min(1).max(100).transform((v) => v.replace(/^:|:$/g, '')).pipe(z.string().regex(/^[a-z0-9_+'-]{1,100}$/, 'an emoji name like thumbsup'))
      .describe('Emoji name without colons.')
  }),
  output: z.object({ channelId: z.string(), ts: z.string(), emoji: z.string(), alreadyThere: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  enabled: WRITE_ENABLED,
  rateLimit: { max: 30, windowMs: 60_000 },
  async handler({ args, deps, signal, request }) {
    const result = await deps.poster.react({ tool: 'add_reaction', actor: actorOf(request), signal }, { channel: args.channel, ts: args.ts, name: args.emoji });
    return {
      text: result.alreadyThere ? `:${args.emoji}: was already on that message.` : `Added :${args.emoji}: to ${args.ts} in ${result.channelId}.`,
      structured: { channelId: result.channelId, ts: args.ts, emoji: args.emoji, alreadyThere: result.alreadyThere }
    };
  }
});
