import * as z from 'zod';
import { Fence } from '../text.js';
import { fitLines } from '../output.js';

export const channelArg = z
  .string()
  .min(1)
  .max(200)
  .describe('Channel ID or #name; for a DM, a user ID or @name.');

export const tsArg = z
  .string()
  .regex(/^\d{9,11}\.\d{1,6}$/, 'a Slack ts looks like 1767225660.000100')
  .describe('Message ts.');

export const textArg = z.string().min(1).max(12_000).describe('Message text (Slack mrkdwn; <@U…> mentions a person).');

export const cursorArg = z.string().min(1).max(500).optional().describe('nextCursor from the previous page.');

/** Timestamps for history windows: ISO date-time/date, or a Slack ts. */
export const timeArg = z
  .string()
  .max(40)
  .refine((v) => /^\d{9,11}(\.\d{1,6})?$/.test(v) || !Number.isNaN(Date.parse(v)), 'an ISO time like 2026-05-01T09:00:00Z or a ts');

/** Text budget for one listing (the host caps the whole result too). */
export const LISTING_BYTES = 40_000;

/** Header (server-written) + third-party lines fenced + footer (how to get more). */
export function fencedListing(header: string, source: string, lines: string[], footer: string[] = []): { text: string; kept: number } {
  const { text, kept } = fitLines(lines, LISTING_BYTES);
  const more = kept < lines.length ? [`${lines.length - kept} more not shown (size cap); ask for fewer with limit.`] : [];
  const body = lines.length === 0 ? '(none)' : new Fence().block(source, text);
  return { text: [header, body, ...more, ...footer].join('\n'), kept };
}

export const messageShape = z.object({
  ts: z.string(),
  userId: z.string().optional(),
  user: z.string().optional(),
  text: z.string(),
  threadTs: z.string().optional(),
  replyCount: z.number().optional(),
  files: z.array(z.string()).optional()
});

/** Search hits also say where they are. */
export const hitShape = messageShape.extend({ channelId: z.string().optional(), channelName: z.string().optional() });

export const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;

export const WRITE_ENABLED = (config: { postChannels: readonly string[]; allowDms: boolean }): boolean =>
  config.postChannels.length > 0 || config.allowDms;

/** Who is behind the call, for the audit log: the authenticated client over HTTP, else the local one. */
export function actorOf(request: unknown): string {
  const auth = (request as { authInfo?: { clientId?: unknown; extra?: { sub?: unknown } } } | undefined)?.authInfo;
  const id = auth?.extra?.sub ?? auth?.clientId;
  return typeof id === 'string' && id.length <= 200 ? id : 'local';
}

export const sentShape = z.object({
  status: z.enum(['sent', 'already_sent']),
  channelId: z.string(),
  ts: z.string(),
  threadTs: z.string().optional(),
  permalink: z.string().optional(),
  note: z.string().optional()
});

export function sentText(r: z.infer<typeof sentShape>): string {
  const head = r.status === 'sent' ? `Sent to ${r.channelId}` : `Already sent to ${r.channelId} moments ago (identical text); not sent again`;
  return [`${head}: ts=${r.ts}${r.threadTs ? ` in thread ${r.threadTs}` : ''}.`, r.permalink, r.note].filter(Boolean).join('\n');
}
