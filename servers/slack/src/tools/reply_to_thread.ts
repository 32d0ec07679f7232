import * as z from 'zod';
import { defineTool } from '../kit.js';
import { confirmer } from '../confirm.js';
import { actorOf, channelArg, sentShape, sentText, textArg, tsArg, WRITE_ENABLED } from './common.js';

export const replyToThread = defineTool({
  name: 'reply_to_thread',
  title: 'Reply in a thread',
  description: 'Use to answer inside an existing thread of a channel open for posting; the same reply twice in a short window is sent once.',
  seeAlso: { post_message: 'for a new top-level message', get_thread_replies: 'to read the thread first' },
  input: z.object({
    channel: channelArg,
    threadTs: tsArg.describe('ts of the thread\'s first message.'),
    text: textArg,
    broadcast: z.boolean().default(false).describe('Also show the reply in the channel (only if the operator allowed broadcasts).')
  }),
  output: sentShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  enabled: WRITE_ENABLED,
  rateLimit: { max: 20, windowMs: 60_000 },
  async handler({ args, config, deps, signal, elicit, request }) {
    const result = await deps.poster.post(
      { tool: 'reply_to_thread', actor: actorOf(request), signal, confirm: confirmer(config, elicit, args.text) },
      { channel: args.channel, text: args.text, threadTs: args.threadTs, broadcast: args.broadcast }
    );
    return { text: sentText(result), structured: result };
  }
});
