import { defineTool } from '../kit.js';
import { Fence, safeLine } from '@mcp-catalog/shared';
import * as z from 'zod';
import { auditedWrite } from '../mcp/audit-trail.js';
import { addressText, detailStructured } from '../mcp/render.js';
import { resolveAssignee } from '../mcp/assignee.js';
import { bodyInput, tagListInput, ticketDetailOutput } from '../mcp/schemas.js';
import { PRIORITIES } from '../tickets/model.js';

const oneLine = (what: string, min: number, max: number) => safeLine({ label: what, min, max });

export const createTicket = defineTool({
  name: 'create_ticket',
  title: 'Create ticket',
  description:
    'Use to open a new ticket for a customer, e.g. a follow-up to a closed ticket or an issue reported by phone. The customer is created ' +
    'when their email is new and is not notified.',
  seeAlso: {
    search_tickets: 'first, to check that the issue has no open ticket',
    add_internal_comment: 'to add a note to an existing ticket',
    add_public_reply: 'to answer on an existing ticket'
  },
  input: z.object({
    subject: oneLine('subject', 3, 200).describe('Short summary of the issue.'),
    description: bodyInput('description').describe('What the customer needs, plain text, up to 10000 characters.'),
    customerEmail: z
      .email({ message: 'customerEmail must be an email address, e.g. jane@example.com' })
      .max(320)
      .describe("The customer's email address."),
    customerName: oneLine('customerName', 1, 100).optional().describe('Used only when the customer is new.'),
    priority: z
      .enum(PRIORITIES)
      .default('normal')
      .describe('low, normal (default), high or urgent; sets the SLA targets.'),
    tags: tagListInput('tags', { min: 0 }).default([]).describe('Tags to start with (a list, or one tag).'),
    assignee: z
      .string()
      .trim()
      .min(1)
      .max(320)
      .optional()
      .describe("An agent's email or name; leave out to leave the ticket unassigned.")
  }),
  output: z.object({ ticket: ticketDetailOutput }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rateLimit: { max: 10, windowMs: 60_000 },
  async handler(ctx) {
    const args = ctx.args;
    const { deps, config } = ctx;
    const request = {
      subject: args.subject,
      description: args.description,
      customer: { email: args.customerEmail, ...(args.customerName ? { name: args.customerName } : {}) },
      priority: args.priority,
      tags: [...new Set(args.tags)],
      assignee: args.assignee === undefined ? null : await resolveAssignee(deps.backend, args.assignee, ctx.signal)
    };
    const ticket = await auditedWrite(
      deps.audit,
      ctx,
      config.agentName,
      {
        tool: 'create_ticket',
        ticketId: null,
        summary: `New ticket for ${args.customerEmail}`,
        details: { request }
      },
      () => deps.backend.createTicket(request, ctx.signal),
      (t) => ({ ticketId: t.id, summary: `Created #${t.id} for ${args.customerEmail}` })
    );
    const fence = new Fence();
    return {
      structured: { ticket: detailStructured(ticket, deps.now()) },
      text: `Created ticket #${ticket.id} (${ticket.status}, ${ticket.priority}, ${addressText(ticket.assignee, fence)}) for ${addressText(ticket.customer.email, fence)}. The customer was not notified.`
    };
  }
});
