import { defineTool } from '../kit.js';
import { Fence, InputRequiredSignal, isAbortError, singleLine, truncateText, ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { auditedWrite, recordRefusal, type WriteIntent } from '../mcp/audit-trail.js';
import { askUserToConfirm, type Confirmation } from '../mcp/confirm.js';
import { addressText, commentStructured } from '../mcp/render.js';
import { bodyInput, commentOutput, ticketIdInput } from '../mcp/schemas.js';

export const addPublicReply = defineTool({
  name: 'add_public_reply',
  title: 'Send public reply',
  description:
    'Use to send a reply to the customer of a ticket: it is emailed to them and cannot be unsent. The user is asked to confirm ' +
    'the exact text first when their client supports it. Only send what the user asked for.',
  seeAlso: { add_internal_comment: 'for staff-only notes' },
  input: z.object({
    ticketId: ticketIdInput,
    body: bodyInput('body').describe(
      'The reply exactly as the customer should read it, plain text, up to 10000 characters.'
    )
  }),
  output: z.object({
    ticketId: z.number(),
    comment: commentOutput,
    confirmedBy: z
      .enum(['user', 'operator_policy'])
      .describe(
        "Who approved sending: the user through the client, or the operator's policy when the client could not ask."
      )
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  enabled: (config) => config.enablePublicReplies,
  rateLimit: { max: 5, windowMs: 60_000 },
  async handler(ctx) {
    const { ticketId, body } = ctx.args;
    const { deps, config } = ctx;
    const ticket = await deps.backend.getTicket(ticketId, ctx.signal);
    if (ticket.status === 'closed') {
      throw new ToolError(`Ticket #${ticketId} is closed; closed tickets take no more replies.`, {
        hint: 'Open a follow-up with create_ticket instead.'
      });
    }
    const intent: WriteIntent = {
      tool: 'add_public_reply',
      ticketId: ticketId,
      summary: `Public reply on #${ticketId} to ${ticket.customer.email}`,
      details: { to: ticket.customer.email, body }
    };
    const refuse = (outcome: 'declined' | 'refused', reason: string) =>
      recordRefusal(deps.audit, ctx, config.agentName, { ...intent, details: { ...intent.details, reason } }, outcome);

    let confirmation: Confirmation;
    try {
      confirmation = await askUserToConfirm(ctx, confirmationMessage(ticketId, ticket.customer, ticket.subject, body));
    } catch (error) {
      // Abort, and the 2026-07-28 round that asks the client, end this call without a refusal.
      if (isAbortError(error) || ctx.signal.aborted || error instanceof InputRequiredSignal) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      refuse('refused', `confirmation failed: ${reason}`);
      throw new ToolError(`Could not get the user's confirmation (${reason}); nothing was sent.`, {
        hint: 'Try again, or show the draft to the user.'
      });
    }
    if (confirmation.kind === 'declined') {
      refuse('declined', `user ${confirmation.action}`);
      throw new ToolError(`The user did not approve this reply (${confirmation.action}); nothing was sent.`, {
        hint: 'Ask the user what to change, then call add_public_reply again with the revised text.'
      });
    }
    if (confirmation.kind === 'unavailable' && config.replyConfirmation === 'required') {
      refuse('refused', confirmation.reason);
      throw new ToolError(`Not sent: public replies need the user's confirmation, and ${confirmation.reason}.`, {
        hint: 'Show the draft to the user so they can send it from the helpdesk, or keep it as a note with add_internal_comment. (The operator can allow unconfirmed replies with --reply-confirmation if-supported.)'
      });
    }
    const confirmedBy = confirmation.kind === 'accepted' ? ('user' as const) : ('operator_policy' as const);
    const comment = await auditedWrite(
      deps.audit,
      ctx,
      config.agentName,
      { ...intent, details: { ...intent.details, confirmedBy: confirmedBy } },
      () => deps.backend.addComment(ticketId, { body, public: true, authorName: config.agentName }, ctx.signal),
      (c) => ({ details: { commentId: c.id } })
    );
    return {
      structured: { ticketId, comment: commentStructured(comment), confirmedBy: confirmedBy },
      text: `Sent public reply #${comment.id} on ticket #${ticketId} to ${addressText(ticket.customer.email, new Fence())} (approved by ${confirmedBy === 'user' ? 'the user' : "the operator's policy; the client could not ask"}).`
    };
  }
});

/**
 * What the person approving sees: the recipient, the ticket and the whole text, never a cut
 * (bodyInput bounds it), so nothing can ride along below what they read. The customer's name and
 * subject stay on their lines, so they cannot pose as the server's own words.
 */
function confirmationMessage(
  ticketId: number,
  customer: { name: string; email: string },
  subject: string,
  body: string
): string {
  return [
    `Send this reply to the customer of ticket #${ticketId}? They will receive it by email.`,
    `To: ${singleLine(customer.name)} <${singleLine(customer.email)}>`,
    `Ticket: ${truncateText(singleLine(subject), 200).text}`,
    '',
    body
  ].join('\n');
}
