import { Fence, untrusted } from '@mcp-catalog/shared';
import * as z from 'zod';
import { readPageText } from '../browser/page-text.js';
import { defineTool } from '../kit.js';
import { activePage, NOTICE, selectorSchema } from './common.js';

export const getPageText = defineTool({
  name: 'get_page_text',
  title: 'Get page text',
  description:
    'Use to read the visible text of the selected page (or of one element, by CSS selector) as Markdown — headings, lists, tables, optionally links — paged by characters. Hidden text is left out.',
  seeAlso: { take_snapshot: 'for the elements to act on, with refs' },
  input: z.strictObject({
    selector: selectorSchema.optional(),
    links: z.boolean().default(false).describe('Keep links as [text](url).'),
    offset: z.number().int().min(0).default(0).describe('Character to start at (nextOffset of the previous result).'),
    limit: z.number().int().min(500).max(100_000).default(20_000).describe('Characters returned.')
  }),
  output: z.object({
    pageId: z.string(),
    url: z.string(),
    text: z.object({ untrusted: z.string() }),
    total: z.number(),
    nextOffset: z.number().optional()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    const tracked = await activePage(deps.session);
    const all = await readPageText(tracked, {
      ...(args.selector ? { selector: args.selector } : {}),
      links: args.links
    });
    const text = all.slice(args.offset, args.offset + args.limit);
    const end = args.offset + text.length;
    const fence = new Fence();
    const lines = [
      `Text of page ${tracked.id} ${fence.inline(tracked.page.url())}:`,
      NOTICE,
      fence.block('page text', text)
    ];
    if (end < all.length) lines.push(`Characters ${args.offset}-${end} of ${all.length}. More: offset ${end}.`);
    return {
      text: lines.join('\n'),
      structured: {
        pageId: tracked.id,
        url: tracked.page.url(),
        text: untrusted(text),
        total: all.length,
        ...(end < all.length ? { nextOffset: end } : {})
      }
    };
  }
});
