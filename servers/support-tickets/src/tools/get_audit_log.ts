import { defineTool } from '../kit.js';
import { Fence, ToolError, truncateText } from '@mcp-catalog/shared';
import * as z from 'zod';
import { pageToken, readPageToken } from '../mcp/paging.js';
import { minute } from '../mcp/render.js';
import { cursorInput, dateInput, ticketIdInput } from '../mcp/schemas.js';

export const WRITE_TOOLS = ['add_internal_comment', 'add_public_reply', 'update_ticket', 'create_ticket'] as const;
const OUTCOMES = ['pending', 'ok', 'declined', 'refused', 'failed'] as const;
/** Per text in an entry's details: a full page of 100 entries stays well inside the output limits. */
const DETAIL_TEXT_BYTES = 2_000;

function clipTexts(value: unknown): unknown {
  if (typeof value === 'string')
    return truncateText(value, DETAIL_TEXT_BYTES, {
      hint: 'notes and replies that were saved are in full on their ticket (get_ticket)'
    }).text;
  if (Array.isArray(value)) return value.map(clipTexts);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipTexts(v)]));
  return value;
}

export const getAuditLog = defineTool({
  name: 'get_audit_log',
  title: 'Get audit log',
  description:
    'Use to review what this server wrote or tried to write: every comment, reply, update and new ticket, with who asked, when, ' +
    'the outcome (ok, declined by the user, refused by policy, failed, or pending) and the details, newest first.',
  seeAlso: { get_ticket: "for a ticket's own conversation" },
  input: z.object({
    ticketId: ticketIdInput.optional().describe('Only entries about this ticket.'),
    tool: z.enum(WRITE_TOOLS).optional().describe('Only entries of this tool.'),
    outcome: z.enum(OUTCOMES).optional().describe('Only entries with this outcome.'),
    since: dateInput('at or after'),
    limit: z
      .number()
      .int()
      .min(1, 'limit must be at least 1')
      .max(100, 'limit must be at most 100')
      .default(20)
      .describe('Entries per page, 1-100 (default 20).'),
    cursor: cursorInput
  }),
  output: z.object({
    entries: z.array(
      z.object({
        id: z.number(),
        at: z.string(),
        tool: z.string(),
        ticketId: z.number().nullable(),
        outcome: z.enum(OUTCOMES),
        actor: z.string(),
        client: z.string().nullable(),
        principal: z.string().nullable(),
        summary: z.string(),
        details: z.record(z.string(), z.unknown())
      })
    ),
    nextCursor: z.string().nullable()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(ctx) {
    const args = ctx.args;
    const { deps } = ctx;
    const filters = { ticketId: args.ticketId, tool: args.tool, outcome: args.outcome, since: args.since };
    const before = readPageToken(args.cursor, filters);
    const beforeId = before === undefined ? undefined : Number(before);
    if (beforeId !== undefined && !Number.isSafeInteger(beforeId))
      throw new ToolError('cursor is not a cursor this server issued.', {
        hint: 'Leave cursor out to start from the newest entry.'
      });
    const { entries: stored, hasMore } = deps.audit.query({
      limit: args.limit,
      ...(args.ticketId === undefined ? {} : { ticketId: args.ticketId }),
      ...(args.tool ? { tool: args.tool } : {}),
      ...(args.outcome ? { outcome: args.outcome } : {}),
      ...(args.since ? { since: args.since } : {}),
      ...(beforeId === undefined ? {} : { beforeId })
    });
    const entries = stored.map((e) => ({ ...e, details: clipTexts(e.details) as Record<string, unknown> }));
    const next = hasMore ? pageToken(filters, String(entries.at(-1)!.id)) : null;
    // Details hold text a model wrote, possibly echoing a customer, and clients name themselves: all fenced.
    const fence = new Fence();
    const lines = [
      `Audit log: ${entries.length ? `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, newest first` : 'no matching entries'}.`
    ];
    for (const e of entries) {
      lines.push(
        '',
        `#${e.id} · ${minute(e.at)} · ${e.tool} · ${e.outcome} · ticket ${e.ticketId ?? '-'} · by ${e.actor}${e.client ? ` via ${fence.inline(e.client)}` : ''}${e.principal ? ` (${fence.inline(e.principal)})` : ''}`
      );
      // The summary can quote values a REST helpdesk returned (tags, addresses).
      lines.push(`  ${fence.inline(e.summary)}`, fence.block('audit details', JSON.stringify(e.details, null, 1)));
    }
    if (next) lines.push('', `Older entries exist: call again with the same filters and cursor="${next}".`);
    return {
      structured: {
        entries: entries.map(({ ticketId, ...e }) => ({ ...e, ticketId: ticketId })),
        nextCursor: next
      },
      text: lines.join('\n')
    };
  }
});
