import { defineTool } from '../kit.js';
import { ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { readPageToken, pageToken } from '../mcp/paging.js';
import { ticketPage } from '../mcp/render.js';
import { cursorInput, dateInput, limitInput, oneOrMany, tagInput, ticketPageOutput } from '../mcp/schemas.js';
import { PRIORITIES, STATUSES, type TicketQuery } from '../tickets/model.js';

export const searchTickets = defineTool({
  name: 'search_tickets',
  title: 'Search tickets',
  description:
    'Use to find tickets by words and/or filters (status, priority, assignee, tag, date range, SLA breach), best matches first.',
  seeAlso: {
    list_recent_tickets: 'with no criteria at all',
    get_customer_history: "for one customer's tickets",
    get_ticket: 'to read one ticket in full'
  },
  input: z.object({
    query: z
      .string()
      .trim()
      .min(2, 'query must be at least 2 characters')
      .max(200, 'query must be at most 200 characters')
      .optional()
      .describe(
        'Words to find in subjects, descriptions, comments and customer names, emails and organizations. All words must match; "quoted phrases" match exactly; words of 3+ letters also match as prefixes.'
      ),
    status: oneOrMany('status', STATUSES).optional().describe('Only tickets in this status or one of these statuses.'),
    priority: oneOrMany('priority', PRIORITIES)
      .optional()
      .describe('Only tickets with this priority or one of these priorities.'),
    assignee: z.string().trim().min(1).max(320).optional().describe('An agent\'s email, or "unassigned".'),
    tag: tagInput.optional().describe('Only tickets carrying this tag.'),
    createdAfter: dateInput('created on or after'),
    createdBefore: dateInput('created before'),
    updatedAfter: dateInput('updated on or after'),
    updatedBefore: dateInput('updated before'),
    slaBreached: z
      .boolean()
      .optional()
      .describe('true: only tickets that missed or are past an SLA target; false: only those that did not.'),
    limit: limitInput(20),
    cursor: cursorInput
  }),
  output: ticketPageOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(ctx) {
    const args = ctx.args;
    const { deps } = ctx;
    for (const [after, before] of [
      ['createdAfter', 'createdBefore'],
      ['updatedAfter', 'updatedBefore']
    ] as const) {
      if (args[after] && args[before] && args[after] >= args[before]) {
        throw new ToolError(`${after} must be earlier than ${before}.`, {
          hint: 'Swap the two dates, or drop one of them.'
        });
      }
    }
    const query: TicketQuery = {
      ...(args.query === undefined ? {} : { text: args.query }),
      ...(args.status ? { statuses: args.status } : {}),
      ...(args.priority ? { priorities: args.priority } : {}),
      ...(args.assignee === undefined
        ? {}
        : { assignee: args.assignee.toLowerCase() === 'unassigned' ? null : args.assignee }),
      ...(args.tag === undefined ? {} : { tag: args.tag }),
      ...(args.createdAfter ? { createdAfter: args.createdAfter } : {}),
      ...(args.createdBefore ? { createdBefore: args.createdBefore } : {}),
      ...(args.updatedAfter ? { updatedAfter: args.updatedAfter } : {}),
      ...(args.updatedBefore ? { updatedBefore: args.updatedBefore } : {}),
      ...(args.slaBreached === undefined ? {} : { slaBreached: args.slaBreached })
    };
    if (Object.keys(query).length === 0) {
      throw new ToolError('search_tickets needs a query or at least one filter.', {
        hint: 'To see the latest tickets without criteria, call list_recent_tickets.'
      });
    }
    const cursor = readPageToken(args.cursor, query);
    const page = await deps.backend.searchTickets(
      query,
      { limit: args.limit, ...(cursor ? { cursor } : {}) },
      ctx.signal
    );
    return ticketPage(page, pageToken(query, page.nextCursor), deps.now(), 'Matching tickets');
  }
});
