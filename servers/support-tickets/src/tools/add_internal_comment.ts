import { defineTool } from '../kit.js';
import * as z from 'zod';
import { auditedWrite } from '../mcp/audit-trail.js';
import { commentStructured } from '../mcp/render.js';
import { bodyInput, commentOutput, ticketIdInput } from '../mcp/schemas.js';

export const addInternalComment = defineTool({
  name: 'add_internal_comment',
  title: 'Add internal note',
  description:
    'Use to record a staff-only note on a ticket (findings, triage reasoning, a draft for a colleague); the customer never sees it.',
  seeAlso: {
    add_public_reply: 'to write to the customer',
    update_ticket: 'to change status, priority, assignee or tags'
  },
  input: z.object({
    ticketId: ticketIdInput,
    body: bodyInput('body').describe('The note, plain text, up to 10000 characters.')
  }),
  output: z.object({ ticketId: z.number(), comment: commentOutput }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rateLimit: { max: 30, windowMs: 60_000 },
  async handler(ctx) {
    const { ticketId, body } = ctx.args;
    const { deps, config } = ctx;
    const comment = await auditedWrite(
      deps.audit,
      ctx,
      config.agentName,
      {
        tool: 'add_internal_comment',
        ticketId: ticketId,
        summary: `Internal note on #${ticketId}`,
        details: { body }
      },
      () => deps.backend.addComment(ticketId, { body, public: false, authorName: config.agentName }, ctx.signal),
      (c) => ({ details: { commentId: c.id } })
    );
    return {
      structured: { ticketId, comment: commentStructured(comment) },
      text: `Added internal note #${comment.id} to ticket #${ticketId}. Only staff can see it; the customer was not notified.`
    };
  }
});
