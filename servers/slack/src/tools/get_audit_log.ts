import * as z from 'zod';
import { defineTool } from '../kit.js';
import { WRITE_ENABLED } from './common.js';

export const getAuditLog = defineTool({
  name: 'get_audit_log',
  title: 'Read the audit log',
  description: 'Use to see what this server wrote to Slack (or refused to), newest first: who, which tool, where, ts and a hash of the text.',
  input: z.object({
    tool: z.string().regex(/^[a-z_]{1,60}$/).optional(),
    channel: z.string().regex(/^[CGD][A-Z0-9]{2,30}$/).optional().describe('Channel ID.'),
    cursor: z.string().regex(/^\d{1,15}$/).optional().describe('nextCursor from the previous page.'),
    limit: z.number().int().min(1).max(200).default(50)
  }),
  output: z.object({
    entries: z.array(z.object({
      id: z.number(), at: z.string(), actor: z.string(), tool: z.string(), channel: z.string().optional(), ts: z.string().optional(),
      textHash: z.string().optional(), outcome: z.string(), detail: z.string().optional()
    })),
    nextCursor: z.string().optional()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  enabled: WRITE_ENABLED,
  async handler({ args, deps }) {
    const { entries, hasMore } = deps.store.auditLog({
      limit: args.limit, ...(args.cursor ? { beforeId: Number(args.cursor) } : {}), ...(args.tool ? { tool: args.tool } : {}), ...(args.channel ? { channel: args.channel } : {})
    });
    const lean = entries.map((e) => ({
      id: e.id, at: e.at, actor: e.actor, tool: e.tool, outcome: e.outcome,
      ...(e.channel ? { channel: e.channel } : {}), ...(e.ts ? { ts: e.ts } : {}), ...(e.textHash ? { textHash: e.textHash } : {}), ...(e.detail ? { detail: e.detail } : {})
    }));
    const nextCursor = hasMore && entries.length ? String(entries.at(-1)!.id) : undefined;
    const lines = lean.map((e) => `#${e.id} ${e.at} ${e.tool} ${e.outcome}${e.channel ? ` ${e.channel}` : ''}${e.ts ? ` ts=${e.ts}` : ''} by ${e.actor}${e.detail ? ` — ${e.detail}` : ''}`);
    return {
      text: [`${lean.length} audit entr${lean.length === 1 ? 'y' : 'ies'}:`, ...(lines.length ? lines : ['(none)']), ...(nextCursor ? [`Older: cursor "${nextCursor}".`] : [])].join('\n'),
      structured: { entries: lean, ...(nextCursor ? { nextCursor } : {}) }
    };
  }
});
