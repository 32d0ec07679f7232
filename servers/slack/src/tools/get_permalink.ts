import * as z from 'zod';
import { defineTool } from '../kit.js';
import { channelArg, READ, tsArg } from './common.js';

export const getPermalink = defineTool({
  name: 'get_permalink',
  title: 'Get a message link',
  description: 'Use to get the shareable https link of one message, for citing it to a person.',
  input: z.object({ channel: channelArg, ts: tsArg }),
  output: z.object({ channelId: z.string(), ts: z.string(), permalink: z.string() }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const reader = await deps.reader();
    const { channelId, permalink } = await reader.permalink(args.channel, args.ts, signal);
    return { text: permalink, structured: { channelId, ts: args.ts, permalink } };
  }
});
