import { defineTool } from '../kit.js';
import { Fence, ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { auditedWrite } from '../mcp/audit-trail.js';
import { resolveAssignee } from '../mcp/assignee.js';
import { addressText, detailStructured, tagsText } from '../mcp/render.js';
import { tagListInput, ticketDetailOutput, ticketIdInput } from '../mcp/schemas.js';
import { PRIORITIES, type FieldChange, type FieldValue, type TicketChanges } from '../tickets/model.js';

// Agents never set `new` (only creation does) or `closed` (the helpdesk closes solved tickets itself).
const SETTABLE_STATUSES = ['open', 'pending', 'on_hold', 'solved'] as const;
const tagList = (what: string) => tagListInput(what, { min: 1 }).optional();
const changeValue = z.union([z.string(), z.null(), z.array(z.string())]);

export const updateTicket = defineTool({
  name: 'update_ticket',
  title: 'Update ticket',
  description:
    "Use to change a ticket's status, priority, assignee or tags. Status moves follow the workflow: new/open/pending/on_hold can move " +
    'to each other and to solved, solved can only reopen to open, closed tickets never change. Fields you leave out stay as they are; ' +
    'setting a value the ticket already has changes nothing.',
  seeAlso: { add_internal_comment: 'to write a note', add_public_reply: 'to reply to the customer' },
  input: z.object({
    ticketId: ticketIdInput,
    status: z
      .enum(SETTABLE_STATUSES)
      .optional()
      .describe(
        'New status: open (being worked on), pending (waiting for the customer), on_hold (waiting for a third party) or solved.'
      ),
    priority: z.enum(PRIORITIES).optional().describe('New priority; SLA due dates follow it.'),
    assignee: z
      .string()
      .trim()
      .min(1)
      .max(320)
      .optional()
      .describe('An agent\'s email or name, or "unassigned". Unknown agents are refused with the list of valid ones.'),
    addTags: tagList('addTags').describe('Tags to add (kept if already there).'),
    removeTags: tagList('removeTags').describe('Tags to remove (ignored if absent).')
  }),
  output: z.object({
    ticket: ticketDetailOutput,
    changes: z.array(
      z.object({ field: z.enum(['status', 'priority', 'assignee', 'tags']), from: changeValue, to: changeValue })
    )
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rateLimit: { max: 30, windowMs: 60_000 },
  async handler(ctx) {
    const args = ctx.args;
    const { deps, config } = ctx;
    const changes: TicketChanges = {
      ...(args.status ? { status: args.status } : {}),
      ...(args.priority ? { priority: args.priority } : {}),
      ...(args.assignee === undefined
        ? {}
        : { assignee: await resolveAssignee(deps.backend, args.assignee, ctx.signal) }),
      ...(args.addTags ? { addTags: args.addTags } : {}),
      ...(args.removeTags ? { removeTags: args.removeTags } : {})
    };
    if (Object.keys(changes).length === 0) {
      throw new ToolError('update_ticket needs at least one of status, priority, assignee, addTags or removeTags.', {
        hint: 'Say what should change.'
      });
    }
    const both = (args.addTags ?? []).filter((t) => args.removeTags?.includes(t));
    if (both.length)
      throw new ToolError(`Tag(s) ${both.join(', ')} are in both addTags and removeTags.`, {
        hint: 'Put each tag in only one of the two lists.'
      });

    const { ticket, changes: applied } = await auditedWrite(
      deps.audit,
      ctx,
      config.agentName,
      {
        tool: 'update_ticket',
        ticketId: args.ticketId,
        summary: `Update #${args.ticketId}`,
        details: { requested: changes }
      },
      () => deps.backend.updateTicket(args.ticketId, changes, ctx.signal),
      (r) => ({
        summary: `Update #${args.ticketId}: ${describeChanges(r.changes)}`,
        details: { applied: r.changes }
      })
    );
    const fence = new Fence();
    return {
      structured: { ticket: detailStructured(ticket, deps.now()), changes: applied },
      text: applied.length
        ? `Updated ticket #${ticket.id}: ${describeChanges(applied, fence)}. It is now ${ticket.status}, ${ticket.priority}, ${addressText(ticket.assignee, fence)}.`
        : `Nothing changed: ticket #${ticket.id} already had those values.`
    };
  }
});

/** For the result, tags a REST helpdesk holds are fenced; the audit summary is fenced when it is read. */
function describeChanges(changes: FieldChange[], fence?: Fence): string {
  if (changes.length === 0) return 'no change';
  const show = (v: FieldValue) => (Array.isArray(v) ? `[${fence ? tagsText(v, fence) : v.join(', ')}]` : (v ?? 'none'));
  return changes.map((c) => `${c.field} ${show(c.from)} → ${show(c.to)}`).join('; ');
}
