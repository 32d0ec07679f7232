import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError } from '@modelcontextprotocol/server';
import { ToolError } from '@mcp-catalog/shared';
import { TicketError, type TicketErrorCode } from './tickets/errors.js';

const HINTS: Record<TicketErrorCode, (e: TicketError) => string> = {
  not_found: () => 'Check the number: search_tickets or list_recent_tickets show existing tickets.',
  invalid_transition: (e) =>
    `From its current status the ticket can move to: ${e.details.allowed?.join(', ') || 'nothing'}.`,
  ticket_closed: () => 'Closed tickets are final; open a follow-up with create_ticket instead.',
  unknown_assignee: (e) =>
    `Assign to one of the helpdesk's agents: ${e.details.allowed?.slice(0, 20).join(', ') || 'there are none yet (on the embedded store the operator lists them with --agents)'}.`,
  invalid_input: () => 'Fix the argument named above and call the tool again.',
  conflict: () => 'The ticket changed meanwhile: read it again with get_ticket, then retry.',
  unauthorized: () =>
    "The helpdesk refused this server's credentials; the operator must check TICKET_API_KEY. Retrying will not help.",
  rate_limited: (e) =>
    `The helpdesk is rate limiting this server; wait ${e.details.retryAfterSeconds ?? 60} s before trying again.`,
  unavailable: () => 'The helpdesk is not answering right now; try again in a minute.',
  bad_response: () => 'The helpdesk API answered in an unexpected format; report this to the server operator.'
};

/** Turns backend failures into results that say what happened and what to do next. */
export function mapError(error: unknown): ToolError | undefined {
  if (!(error instanceof TicketError)) return undefined;
  return new ToolError(error.message, { hint: HINTS[error.code](error), cause: error });
}

/**
 * For resources and prompts, which answer with JSON-RPC errors rather than tool results: a
 * missing ticket is invalid params, anything else keeps its message but never a stack.
 */
export function toProtocolError(error: unknown, uri?: string): ProtocolError {
  if (error instanceof TicketError) {
    if (error.code === 'not_found')
      return uri
        ? new ResourceNotFoundError(uri, error.message)
        : new ProtocolError(ProtocolErrorCode.InvalidParams, error.message);
    return new ProtocolError(ProtocolErrorCode.InternalError, `${error.message} ${HINTS[error.code](error)}`);
  }
  if (error instanceof ProtocolError) return error;
  return new ProtocolError(ProtocolErrorCode.InternalError, error instanceof Error ? error.message : String(error));
}
