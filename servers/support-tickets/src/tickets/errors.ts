/** Why a backend operation failed, in terms a tool can turn into advice. */
export type TicketErrorCode =
  | 'not_found'
  | 'invalid_transition'
  | 'ticket_closed'
  | 'unknown_assignee'
  | 'invalid_input'
  | 'conflict'
  | 'unauthorized'
  | 'rate_limited'
  | 'unavailable'
  | 'bad_response';

export class TicketError extends Error {
  constructor(
    readonly code: TicketErrorCode,
    message: string,
    readonly details: { retryAfterSeconds?: number; allowed?: readonly string[] } = {}
  ) {
    super(message);
    this.name = 'TicketError';
  }
}
