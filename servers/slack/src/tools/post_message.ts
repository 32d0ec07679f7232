import * as z from 'zod';
import { defineTool } from '../kit.js';
import { confirmer } from '../confirm.js';
import { actorOf, channelArg, sentShape, sentText, textArg, WRITE_ENABLED } from './common.js';

export const postMessage = defineTool({
  name: 'post_message',
  title: 'Post a message',
  description:
    'Use to post a new message to a channel the operator opened for posting (or a DM if allowed). A repeat of the same text to the same place within a short window returns the first post instead of sending twice.',
  seeAlso: { reply_to_thread: 'to answer inside a thread', schedule_message: 'to send it later' },
  input: z.object({ channel: channelArg, text: textArg }),
  output: sentShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  enabled: WRITE_ENABLED,
  rateLimit: { max: 20, windowMs: 60_000 },
  async handler({ args, config, deps, signal, elicit, request }) {
    const result = await deps.poster.post(
      { tool: 'post_message', actor: actorOf(request), signal, confirm: confirmer(config, elicit, args.text) },
      { channel: args.channel, text: args.text }
    );
    return { text: sentText(result), structured: result };
  }
});
