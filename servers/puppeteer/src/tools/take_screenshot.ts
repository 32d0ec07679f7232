import * as z from 'zod';
import { takeScreenshot as shoot } from '../browser/media.js';
import { defineTool } from '../kit.js';
import { activePage, refSchema, selectorSchema, targetOf, timeoutSchema } from './common.js';

export const takeScreenshot = defineTool({
  name: 'take_screenshot',
  title: 'Take screenshot',
  description:
    'Use to see the selected page as an image: the viewport, the full page or one element (by ref or CSS selector). The image is scaled and compressed to stay under the size limit; the page itself is never resized.',
  seeAlso: { take_snapshot: 'to read the page as text with refs to act on' },
  input: z.strictObject({
    mode: z.enum(['viewport', 'fullPage', 'element']).default('viewport'),
    ref: refSchema.optional(),
    selector: selectorSchema.optional(),
    format: z.enum(['png', 'jpeg']).default('png'),
    maxDimension: z.number().int().min(100).max(4000).default(1600).describe('Longest side of the image, in pixels.'),
    timeoutMs: timeoutSchema
  }),
  output: z.object({
    pageId: z.string(),
    mimeType: z.string(),
    width: z.number(),
    height: z.number(),
    bytes: z.number(),
    scale: z.number()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, config, deps }) {
    const tracked = await activePage(deps.session);
    const shot = await shoot(tracked, {
      mode: args.mode,
      ...(args.mode === 'element' ? { target: targetOf(args) } : {}),
      format: args.format,
      maxDimension: args.maxDimension,
      // Leaves room in the result for the base64 overhead (4/3) and the text.
      maxBytes: Math.floor(Math.min(config.maxResultBytes ?? 1_048_576, 4_000_000) * 0.7),
      timeoutMs: args.timeoutMs ?? config.actionTimeoutSeconds * 1000
    });
    const structured = {
      pageId: tracked.id,
      mimeType: shot.mimeType,
      width: shot.width,
      height: shot.height,
      bytes: shot.data.length,
      scale: shot.scale
    };
    return {
      text: `Screenshot of page ${tracked.id} (${args.mode}): ${shot.width}×${shot.height} ${shot.mimeType}, ${shot.data.length} bytes${shot.scale < 1 ? `, scaled to ${shot.scale}` : ''}.`,
      structured,
      content: [{ type: 'image' as const, data: shot.data.toString('base64'), mimeType: shot.mimeType }]
    };
  }
});
