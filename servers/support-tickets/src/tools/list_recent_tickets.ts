import { defineTool } from '../kit.js';
import * as z from 'zod';
import { readPageToken, pageToken } from '../mcp/paging.js';
import { ticketPage } from '../mcp/render.js';
import { cursorInput, limitInput, ticketPageOutput } from '../mcp/schemas.js';

const QUERY = {};

export const listRecentTickets = defineTool({
  name: 'list_recent_tickets',
  title: 'List recent tickets',
  description:
    'Use to see what is happening in the helpdesk when you have no criteria: tickets in order of most recent activity, newest first.',
  seeAlso: { search_tickets: 'to filter by words, status, priority, assignee, tag, dates or SLA breach' },
  input: z.object({ limit: limitInput(20), cursor: cursorInput }),
  output: ticketPageOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(ctx) {
    const { limit, cursor } = ctx.args;
    const { deps } = ctx;
    const backendCursor = readPageToken(cursor, QUERY);
    const page = await deps.backend.searchTickets(
      QUERY,
      { limit, ...(backendCursor ? { cursor: backendCursor } : {}) },
      ctx.signal
    );
    return ticketPage(page, pageToken(QUERY, page.nextCursor), deps.now(), 'Recently updated tickets');
  }
});
