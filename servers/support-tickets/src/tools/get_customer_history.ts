import { defineTool } from '../kit.js';
import { Fence, ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { readPageToken, pageToken } from '../mcp/paging.js';
import { customerStructured, customerText, ticketPage } from '../mcp/render.js';
import { cursorInput, customerOutput, limitInput, ticketIdInput, ticketPageOutput } from '../mcp/schemas.js';
import type { Customer, TicketQuery } from '../tickets/model.js';

export const getCustomerHistory = defineTool({
  name: 'get_customer_history',
  title: 'Get customer history',
  description:
    "Use to see a customer's other tickets, newest activity first, to spot repeat problems or context before replying. " +
    'Pass ticketId to take the customer from that ticket (and leave it out of the list), or customerEmail.',
  seeAlso: { search_tickets: 'to search across all customers' },
  input: z.object({
    ticketId: ticketIdInput.optional().describe('A ticket of the customer; that ticket is left out of the list.'),
    customerEmail: z
      .email({ message: 'customerEmail must be an email address, e.g. jane@example.com' })
      .max(320)
      .optional()
      .describe("The customer's email address."),
    limit: limitInput(20),
    cursor: cursorInput
  }),
  output: ticketPageOutput.extend({ customer: customerOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(ctx) {
    const args = ctx.args;
    const { deps } = ctx;
    if ((args.ticketId === undefined) === (args.customerEmail === undefined)) {
      throw new ToolError('Pass exactly one of ticketId or customerEmail.', {
        hint: 'Use ticketId when you are looking at a ticket; customerEmail otherwise.'
      });
    }
    let customer: Customer | undefined;
    if (args.ticketId !== undefined) customer = (await deps.backend.getTicket(args.ticketId, ctx.signal)).customer;
    else customer = await deps.backend.findCustomer(args.customerEmail!, ctx.signal);
    if (!customer) {
      throw new ToolError(`No customer has the email ${args.customerEmail}.`, {
        hint: 'Check the address, or find the customer with search_tickets using their name.'
      });
    }
    const query: TicketQuery = {
      customerEmail: customer.email,
      ...(args.ticketId === undefined ? {} : { excludeId: args.ticketId })
    };
    const cursor = readPageToken(args.cursor, query);
    const page = await deps.backend.searchTickets(
      query,
      { limit: args.limit, ...(cursor ? { cursor } : {}) },
      ctx.signal
    );
    const heading = `Customer #${customer.id}: ${customerText(customer, new Fence())}\nTheir tickets${args.ticketId === undefined ? '' : ` other than #${args.ticketId}`}`;
    const result = ticketPage(page, pageToken(query, page.nextCursor), deps.now(), heading);
    return { structured: { ...result.structured, customer: customerStructured(customer) }, text: result.text };
  }
});
