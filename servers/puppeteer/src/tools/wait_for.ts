import * as z from 'zod';
import { BrowserError } from '../browser/errors.js';
import { waitFor as wait } from '../browser/media.js';
import { defineTool } from '../kit.js';
import { activePage, selectorSchema } from './common.js';

export const waitFor = defineTool({
  name: 'wait_for',
  title: 'Wait for',
  description:
    'Use when the page is still loading or changing: waits until a text appears, a text disappears, an element matches a CSS selector, or a fixed time passes (at most 60 s).',
  seeAlso: { take_snapshot: 'to read the page once it is ready' },
  input: z.strictObject({
    text: z.string().min(1).max(1000).optional(),
    textGone: z.string().min(1).max(1000).optional(),
    selector: selectorSchema.optional(),
    timeMs: z.number().int().min(0).max(60_000).optional().describe('Just wait this long.'),
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000)
  }),
  output: z.object({ pageId: z.string(), waitedMs: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    const given = [args.text, args.textGone, args.selector, args.timeMs].filter((v) => v !== undefined).length;
    if (given !== 1) throw new BrowserError('Give exactly one of text, textGone, selector or timeMs.');
    const tracked = await activePage(deps.session);
    const { waitedMs } = await wait(
      tracked,
      {
        ...(args.text !== undefined ? { text: args.text } : {}),
        ...(args.textGone !== undefined ? { textGone: args.textGone } : {}),
        ...(args.selector !== undefined ? { selector: args.selector } : {}),
        ...(args.timeMs !== undefined ? { timeMs: args.timeMs } : {})
      },
      args.timeoutMs
    );
    return { text: `Done after ${waitedMs} ms.`, structured: { pageId: tracked.id, waitedMs } };
  }
});
