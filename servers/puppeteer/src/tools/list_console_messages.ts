import { Fence, untrusted } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { activePage, NOTICE } from './common.js';

const LEVELS = ['error', 'warning', 'info', 'log', 'debug'] as const;

export const listConsoleMessages = defineTool({
  name: 'list_console_messages',
  title: 'List console messages',
  description:
    'Use to read what the selected page logged to its console (and uncaught errors), newest last, filtered by level, paged. The server keeps the last 500 per page.',
  seeAlso: { list_network_requests: 'for failed or refused requests' },
  input: z.strictObject({
    levels: z.array(z.enum(LEVELS)).max(5).optional().describe('Only these levels (default all).'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50)
  }),
  output: z.object({
    pageId: z.string(),
    messages: z.array(
      z.object({
        seq: z.number(),
        at: z.string(),
        level: z.enum(LEVELS),
        text: z.object({ untrusted: z.string() }),
        location: z.string().optional()
      })
    ),
    total: z.number(),
    dropped: z.number(),
    nextOffset: z.number().optional()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    const tracked = await activePage(deps.session, { allowDialog: true });
    const all = tracked.console.list().filter((m) => !args.levels || args.levels.includes(m.level));
    const page = all.slice(args.offset, args.offset + args.limit);
    const next = args.offset + page.length < all.length ? args.offset + page.length : undefined;
    const fence = new Fence();
    const body = page.map((m) => `#${m.seq} ${m.level}${m.location ? ` ${m.location}` : ''}: ${m.text}`).join('\n');
    const lines = [
      `${all.length} console message(s) on page ${tracked.id}${tracked.console.droppedCount ? ` (${tracked.console.droppedCount} older dropped)` : ''}.`
    ];
    if (page.length) lines.push(NOTICE, fence.block('console messages', body));
    if (next !== undefined) lines.push(`More: offset ${next}.`);
    return {
      text: lines.join('\n'),
      structured: {
        pageId: tracked.id,
        messages: page.map((m) => ({
          seq: m.seq,
          at: m.at,
          level: m.level,
          text: untrusted(m.text),
          ...(m.location ? { location: m.location } : {})
        })),
        total: all.length,
        dropped: tracked.console.droppedCount,
        ...(next !== undefined ? { nextOffset: next } : {})
      }
    };
  }
});
