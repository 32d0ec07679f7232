import { Fence, untrusted } from '@mcp-catalog/shared';
import * as z from 'zod';
import { snapshotPage } from '../browser/actions.js';
import { defineTool } from '../kit.js';
import { activePage, NOTICE, refSchema } from './common.js';

export const takeSnapshot = defineTool({
  name: 'take_snapshot',
  title: 'Take snapshot',
  description:
    'Use to read the selected page as its accessibility tree: one line per element, with refs like [e12] on what can be clicked or typed into; paged by a byte budget (pass nextCursor for the rest). Hidden and off-screen text is left out unless hidden is "flag".',
  seeAlso: {
    get_page_text: 'for the readable text of an article or document',
    take_screenshot: 'to see the page as an image'
  },
  input: z.strictObject({
    maxBytes: z.number().int().min(500).max(100_000).default(16_000).describe('Budget for this page of the snapshot.'),
    cursor: z.string().max(40).optional().describe('nextCursor of the previous result, to continue the same snapshot.'),
    ref: refSchema.optional().describe('Only the subtree under this element.'),
    maxDepth: z.number().int().min(0).max(100).optional().describe('Levels of nesting shown.'),
    interactiveOnly: z.boolean().default(false).describe('Only elements with refs (and headings).'),
    hidden: z
      .enum(['drop', 'flag'])
      .default('drop')
      .describe('Hidden or off-screen text: left out, or shown with [hidden:why].')
  }),
  output: z.object({
    pageId: z.string(),
    url: z.string(),
    title: z.object({ untrusted: z.string() }),
    snapshot: z.number(),
    text: z.object({ untrusted: z.string() }),
    lineCount: z.number(),
    shownFrom: z.number(),
    shownLines: z.number(),
    hiddenDropped: z.number(),
    nextCursor: z.string().optional()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    const tracked = await activePage(deps.session);
    const snap = await snapshotPage(tracked, {
      maxBytes: args.maxBytes,
      ...(args.cursor ? { cursor: args.cursor } : {}),
      ...(args.ref ? { ref: args.ref } : {}),
      ...(args.maxDepth !== undefined ? { maxDepth: args.maxDepth } : {}),
      interactiveOnly: args.interactiveOnly,
      hidden: args.hidden
    });
    const fence = new Fence();
    const lines = [
      `Page ${tracked.id}, snapshot ${snap.snapshot}: ${fence.inline(snap.title)} ${fence.inline(snap.url)}`,
      NOTICE,
      fence.block('page snapshot', snap.text)
    ];
    const end = snap.shownFrom + snap.shownLines;
    if (snap.nextCursor)
      lines.push(`Lines ${snap.shownFrom + 1}-${end} of ${snap.lineCount}. More: cursor "${snap.nextCursor}".`);
    if (snap.hiddenDropped)
      lines.push(`${snap.hiddenDropped} hidden or off-screen elements left out (hidden: "flag" shows them).`);
    if (snap.depthCut) lines.push(`${snap.depthCut} elements below maxDepth left out.`);
    if (snap.truncatedNodes) lines.push('The page has more elements than one snapshot reads; use ref to read a part.');
    return {
      text: lines.join('\n'),
      structured: {
        pageId: tracked.id,
        url: snap.url,
        title: untrusted(snap.title),
        snapshot: snap.snapshot,
        text: untrusted(snap.text),
        lineCount: snap.lineCount,
        shownFrom: snap.shownFrom,
        shownLines: snap.shownLines,
        hiddenDropped: snap.hiddenDropped,
        ...(snap.nextCursor ? { nextCursor: snap.nextCursor } : {})
      }
    };
  }
});
