import * as z from 'zod';
import { untrusted } from '@mcp-catalog/shared';
import { defineTool } from '../kit.js';

export const listDownloads = defineTool({
  name: 'list_downloads',
  title: 'List downloads',
  description:
    'Use to see what pages tried to download: kept files (in the quarantine directory, under a random id), refused and cancelled ones with the reason. Downloads are refused unless the operator set --downloads-dir.',
  input: z.strictObject({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(100).default(50)
  }),
  output: z.object({
    enabled: z.boolean(),
    downloads: z.array(
      z.object({
        url: z.string(),
        fileName: z.object({ untrusted: z.string() }),
        state: z.string(),
        receivedBytes: z.number(),
        path: z.string().optional(),
        reason: z.string().optional()
      })
    ),
    total: z.number(),
    nextOffset: z.number().optional()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, config, deps }) {
    const all = deps.session.downloads;
    const page = all.slice(args.offset, args.offset + args.limit);
    const next = args.offset + page.length < all.length ? args.offset + page.length : undefined;
    const lines = [
      config.downloadsDir
        ? `${all.length} download(s); files are kept in ${config.downloadsDir}.`
        : `${all.length} download attempt(s); downloads are off.`,
      ...page.map(
        (d) =>
          `- ${d.state} ${d.url.slice(0, 200)} (${d.receivedBytes} bytes)${d.path ? ` -> ${d.path}` : ''}${d.reason ? `: ${d.reason}` : ''}`
      )
    ];
    if (next !== undefined) lines.push(`More: offset ${next}.`);
    return {
      text: lines.join('\n'),
      structured: {
        enabled: Boolean(config.downloadsDir),
        downloads: page.map((d) => ({
          url: d.url,
          fileName: untrusted(d.fileName),
          state: d.state,
          receivedBytes: d.receivedBytes,
          ...(d.path ? { path: d.path } : {}),
          ...(d.reason ? { reason: d.reason } : {})
        })),
        total: all.length,
        ...(next !== undefined ? { nextOffset: next } : {})
      }
    };
  }
});
