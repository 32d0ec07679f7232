import { defineTool, Fence, ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { readPageToken, pageToken } from '../mcp/paging.js';
import { customerStructured, customerText, ticketPage } from '../mcp/render.js';
import { cursorInput, customerOutput, limitInput, ticketIdInput, ticketPageOutput } from '../mcp/schemas.js';
import type { Customer, TicketQuery } from '../tickets/model.js';
import type { Deps } from '../server.js';

export const getCustomerHistory = (deps: Deps) =>
  defineTool({
    name: 'get_customer_history',
    title: 'Get customer history',
    description:
      "Use to see a customer's other tickets, newest activity first, to spot repeat problems or context before replying. " +
      'Pass ticket_id to take the customer from that ticket (and leave it out of the list), or customer_email. ' +
      'To search across all customers use search_tickets.',
    input: z.object({
      ticket_id: ticketIdInput.optional().describe('A ticket of the customer; that ticket is left out of the list.'),
      customer_email: z
        .email({ message: 'customer_email must be an email address, e.g. jane@example.com' })
        .max(320)
        .optional()
        .describe("The customer's email address."),
      limit: limitInput(20),
      cursor: cursorInput
    }),
    output: ticketPageOutput.extend({ customer: customerOutput }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler(args, ctx) {
      if ((args.ticket_id === undefined) === (args.customer_email === undefined)) {
        throw new ToolError('Pass exactly one of ticket_id or customer_email.', {
          hint: 'Use ticket_id when you are looking at a ticket; customer_email otherwise.'
        });
      }
      let customer: Customer | undefined;
      if (args.ticket_id !== undefined) customer = (await deps.backend.getTicket(args.ticket_id, ctx.signal)).customer;
      else customer = await deps.backend.findCustomer(args.customer_email!, ctx.signal);
      if (!customer) {
        throw new ToolError(`No customer has the email ${args.customer_email}.`, {
          hint: 'Check the address, or find the customer with search_tickets using their name.'
        });
      }
      const query: TicketQuery = {
        customerEmail: customer.email,
        ...(args.ticket_id === undefined ? {} : { excludeId: args.ticket_id })
      };
      const cursor = readPageToken(args.cursor, query);
      const page = await deps.backend.searchTickets(
        query,
        { limit: args.limit, ...(cursor ? { cursor } : {}) },
        ctx.signal
      );
      const heading = `Customer #${customer.id}: ${customerText(customer, new Fence())}\nTheir tickets${args.ticket_id === undefined ? '' : ` other than #${args.ticket_id}`}`;
      const result = ticketPage(page, pageToken(query, page.nextCursor), deps.now(), heading);
      return { structured: { ...result.structured, customer: customerStructured(customer) }, text: result.text };
    }
  });
