import * as z from 'zod';
import { defineTool, ToolError } from '../kit.js';
import { confirmer } from '../confirm.js';
import { actorOf, channelArg, textArg, tsArg, WRITE_ENABLED } from './common.js';

export const scheduleMessage = defineTool({
  name: 'schedule_message',
  title: 'Schedule a message',
  description: 'Use to have Slack post a message later (1 minute to 120 days ahead) to a channel open for posting.',
  seeAlso: { post_message: 'to send it now', list_scheduled_messages: 'to see what is queued' },
  input: z.object({
    channel: channelArg,
    text: textArg,
    postAt: z.string().datetime({ offset: true }).describe('When, as an ISO date-time with zone, e.g. 2026-05-01T09:00:00+02:00.'),
    threadTs: tsArg.optional().describe('Post as a reply in this thread.')
  }),
  output: z.object({ status: z.enum(['scheduled', 'already_scheduled']), channelId: z.string(), scheduledMessageId: z.string(), postAt: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  enabled: WRITE_ENABLED,
  async handler({ args, config, deps, signal, elicit, request }) {
    const postAt = Math.floor(Date.parse(args.postAt) / 1000);
    if (postAt < Date.now() / 1000 + 60) throw new ToolError('postAt must be at least a minute in the future.', { argument: 'postAt' });
    const result = await deps.poster.schedule(
      { tool: 'schedule_message', actor: actorOf(request), signal, confirm: confirmer(config, elicit, args.text) },
      { channel: args.channel, text: args.text, postAt, ...(args.threadTs ? { threadTs: args.threadTs } : {}) }
    );
    const when = new Date(result.postAt * 1000).toISOString();
    return {
      text: `${result.status === 'scheduled' ? 'Scheduled' : 'Already scheduled (identical request)'} for ${when} in ${result.channelId}: id ${result.scheduledMessageId}.`,
      structured: { ...result, postAt: when }
    };
  }
});
