import { Fence } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { activePage } from './common.js';

export const listNetworkRequests = defineTool({
  name: 'list_network_requests',
  title: 'List network requests',
  description:
    'Use to see the requests the selected page made — method, URL, type, status, failures and refusals by the network policy (with the reason) — filtered and paged. The server keeps the last 1000 per page.',
  seeAlso: { list_console_messages: "for the page's console output" },
  input: z.strictObject({
    filter: z.enum(['all', 'failed', 'refused']).default('all'),
    resourceTypes: z.array(z.string().max(30)).max(20).optional().describe('e.g. document, script, xhr, fetch, image.'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50)
  }),
  output: z.object({
    pageId: z.string(),
    requests: z.array(
      z.object({
        seq: z.number(),
        method: z.string(),
        url: z.string(),
        resourceType: z.string(),
        status: z.number().optional(),
        failure: z.string().optional(),
        refused: z.string().optional()
      })
    ),
    total: z.number(),
    dropped: z.number(),
    nextOffset: z.number().optional()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    const tracked = await activePage(deps.session, { allowDialog: true });
    const all = tracked.network.list().filter((r) => {
      if (args.filter === 'failed' && !r.failure && !(r.status && r.status >= 400)) return false;
      if (args.filter === 'refused' && !r.refused) return false;
      return !args.resourceTypes || args.resourceTypes.includes(r.resourceType);
    });
    const page = all.slice(args.offset, args.offset + args.limit);
    const next = args.offset + page.length < all.length ? args.offset + page.length : undefined;
    const fence = new Fence();
    const lines = [
      `${all.length} request(s) on page ${tracked.id}${tracked.network.droppedCount ? ` (${tracked.network.droppedCount} older dropped)` : ''}.`
    ];
    if (page.length) {
      lines.push(
        fence.block(
          'request URLs',
          page
            .map(
              (r) =>
                `#${r.seq} ${r.method} ${r.url.slice(0, 300)} ${r.resourceType} ${r.refused ? `REFUSED: ${r.refused}` : (r.failure ?? r.status ?? 'pending')}`
            )
            .join('\n')
        )
      );
    }
    if (next !== undefined) lines.push(`More: offset ${next}.`);
    return {
      text: lines.join('\n'),
      structured: {
        pageId: tracked.id,
        requests: page.map((r) => ({
          seq: r.seq,
          method: r.method,
          url: r.url,
          resourceType: r.resourceType,
          ...(r.status !== undefined ? { status: r.status } : {}),
          ...(r.failure ? { failure: r.failure } : {}),
          ...(r.refused ? { refused: r.refused } : {})
        })),
        total: all.length,
        dropped: tracked.network.droppedCount,
        ...(next !== undefined ? { nextOffset: next } : {})
      }
    };
  }
});
