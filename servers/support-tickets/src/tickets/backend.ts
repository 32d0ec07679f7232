import type {
  Agent,
  Comment,
  Customer,
  FieldChange,
  NewComment,
  NewTicket,
  Page,
  PageRequest,
  Ticket,
  TicketChanges,
  TicketQuery,
  TicketSummary
} from './model.js';

/**
 * One helpdesk, whatever stores it: the embedded SQLite store or a REST API. Every method may
 * throw a TicketError; `signal` aborts remote calls when the MCP request is cancelled.
 * There is deliberately no delete.
 */
export interface TicketBackend {
  readonly kind: 'sqlite' | 'rest';

  /** Text queries sort by relevance, everything else by most recently updated. */
  searchTickets(query: TicketQuery, page: PageRequest, signal?: AbortSignal): Promise<Page<TicketSummary>>;
  /** Throws TicketError('not_found') when there is no such ticket. */
  getTicket(id: number, signal?: AbortSignal): Promise<Ticket>;
  /** Oldest first. */
  listComments(
    ticketId: number,
    range: { offset: number; limit: number },
    signal?: AbortSignal
  ): Promise<{ comments: Comment[]; total: number }>;
  findCustomer(email: string, signal?: AbortSignal): Promise<Customer | undefined>;
  listAgents(signal?: AbortSignal): Promise<Agent[]>;

  createTicket(ticket: NewTicket, signal?: AbortSignal): Promise<Ticket>;
  /** Applies only what differs; `changes` lists what did. Invalid status moves throw. */
  updateTicket(
    id: number,
    changes: TicketChanges,
    signal?: AbortSignal
  ): Promise<{ ticket: Ticket; changes: FieldChange[] }>;
  /** A public comment on a new ticket opens it and counts as the first response. */
  addComment(ticketId: number, comment: NewComment, signal?: AbortSignal): Promise<Comment>;

  /** Throws when the store or API cannot answer. */
  ping(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
