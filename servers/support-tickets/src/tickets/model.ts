/** The helpdesk's vocabulary, shared by both backends. No MCP types in this folder. */

export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Lower-case word characters, digits and `-_:`; what both backends accept as a tag. */
export const TAG_PATTERN = /^[a-z0-9][a-z0-9_:-]{0,39}$/;
export const MAX_TAGS_PER_TICKET = 20;

export interface Customer {
  id: number;
  email: string;
  name: string;
  organization: string | null;
}

export interface Agent {
  email: string;
  name: string;
}

/** What lists show: enough to triage without opening the ticket. Timestamps are ISO 8601 UTC. */
export interface TicketSummary {
  id: number;
  subject: string;
  status: Status;
  priority: Priority;
  assignee: string | null;
  tags: string[];
  customer: Customer;
  createdAt: string;
  updatedAt: string;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstRespondedAt: string | null;
  solvedAt: string | null;
  /** A matching fragment, when the list came from a text query. */
  snippet?: string;
}

export interface Ticket extends TicketSummary {
  description: string;
  commentCount: number;
}

export interface Comment {
  id: number;
  ticketId: number;
  /** Public comments reach the customer; internal ones are staff-only notes. */
  public: boolean;
  authorName: string;
  authorRole: 'customer' | 'agent';
  body: string;
  createdAt: string;
}

export interface TicketQuery {
  /** Free text over subject, description, comments and customer fields. */
  text?: string;
  statuses?: Status[];
  priorities?: Priority[];
  /** An agent's email, or null for unassigned tickets. */
  assignee?: string | null;
  tag?: string;
  customerEmail?: string;
  excludeId?: number;
  createdAfter?: string;
  createdBefore?: string;
  updatedAfter?: string;
  updatedBefore?: string;
  /** Only tickets with a missed or overdue SLA target. */
  slaBreached?: boolean;
}

export interface PageRequest {
  limit: number;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Matches in all pages, when the backend knows it cheaply. */
  total?: number;
}

export interface NewTicket {
  subject: string;
  description: string;
  customer: { email: string; name?: string };
  priority: Priority;
  tags: string[];
  assignee: string | null;
}

export interface TicketChanges {
  status?: Status;
  priority?: Priority;
  assignee?: string | null;
  addTags?: string[];
  removeTags?: string[];
}

/** A value before or after a change: a status, priority or assignee (null: none), or the tag list. */
export type FieldValue = string | string[] | null;

export interface FieldChange {
  field: 'status' | 'priority' | 'assignee' | 'tags';
  from: FieldValue;
  to: FieldValue;
}

export interface NewComment {
  body: string;
  public: boolean;
  authorName: string;
}
