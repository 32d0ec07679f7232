import { defineTool } from '../kit.js';
import { Fence } from '@mcp-catalog/shared';
import * as z from 'zod';
import { commentStructured, detailStructured, ticketText, UNTRUSTED_NOTICE } from '../mcp/render.js';
import { commentOutput, ticketDetailOutput, ticketIdInput } from '../mcp/schemas.js';
import type { TicketBackend } from '../tickets/backend.js';

/** A ticket with one window of its comments; also used by the resource and the prompts. */
export async function loadTicket(
  backend: TicketBackend,
  id: number,
  range: { offset: number; limit: number },
  signal?: AbortSignal
) {
  const ticket = await backend.getTicket(id, signal);
  const { comments, total } = await backend.listComments(id, range, signal);
  return { ticket, comments, total, offset: range.offset };
}

export const getTicket = defineTool({
  name: 'get_ticket',
  title: 'Get ticket',
  description:
    'Use to read one ticket in full: subject, description, customer, status, priority, assignee, tags, SLA due dates and breach state, ' +
    'and its comments (public replies and internal notes, oldest first).',
  seeAlso: {
    search_tickets: 'to find ticket numbers by words or filters',
    list_recent_tickets: 'to find ticket numbers by recent activity',
    get_customer_history: "for the same customer's other tickets"
  },
  input: z.object({
    ticketId: ticketIdInput,
    commentsOffset: z
      .number()
      .int()
      .min(0, 'commentsOffset must be 0 or more')
      .max(1_000_000)
      .default(0)
      .describe('Skip this many comments (for long threads).'),
    commentsLimit: z
      .number()
      .int()
      .min(1, 'commentsLimit must be at least 1')
      .max(100, 'commentsLimit must be at most 100')
      .default(30)
      .describe('Comments to include, 1-100 (default 30).')
  }),
  output: z.object({
    ticket: ticketDetailOutput,
    comments: z.array(commentOutput),
    commentsTotal: z.number(),
    nextCommentsOffset: z.number().nullable()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(ctx) {
    const { ticketId, commentsOffset, commentsLimit } = ctx.args;
    const { deps } = ctx;
    const loaded = await loadTicket(
      deps.backend,
      ticketId,
      { offset: commentsOffset, limit: commentsLimit },
      ctx.signal
    );
    const now = deps.now();
    const end = commentsOffset + loaded.comments.length;
    return {
      structured: {
        ticket: detailStructured(loaded.ticket, now),
        comments: loaded.comments.map(commentStructured),
        commentsTotal: loaded.total,
        nextCommentsOffset: end < loaded.total ? end : null
      },
      text: `${UNTRUSTED_NOTICE}\n\n${ticketText(loaded.ticket, loaded, new Fence(), now)}`
    };
  }
});
