import * as z from 'zod';
import { PRIORITIES, STATUSES, type Comment, type Ticket, type TicketSummary } from './model.js';

/**
 * The JSON the documented helpdesk API speaks (snake_case; see the README's "REST backend"), and
 * its mapping to the model. Responses are parsed, never trusted: a field of the wrong shape is a
 * bad response, not a crash later.
 */

const timestamp = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date')
  .transform((s) => new Date(s).toISOString());
const text = (max: number) => z.string().max(max);

export const wireCustomer = z.object({
  id: z.number().int(),
  email: text(320),
  name: text(500),
  organization: text(500).nullable().default(null)
});

export const wireAgent = z.object({ email: text(320), name: text(500) });

export const wireTicketSummary = z.object({
  id: z.number().int().positive(),
  subject: text(10_000),
  status: z.enum(STATUSES),
  priority: z.enum(PRIORITIES),
  assignee: text(320).nullable(),
  tags: z.array(text(100)).max(200),
  customer: wireCustomer,
  created_at: timestamp,
  updated_at: timestamp,
  first_response_due_at: timestamp.nullable().default(null),
  resolution_due_at: timestamp.nullable().default(null),
  first_responded_at: timestamp.nullable().default(null),
  solved_at: timestamp.nullable().default(null),
  snippet: text(2_000).optional()
});

export const wireTicket = wireTicketSummary.extend({
  description: text(1_000_000),
  comment_count: z.number().int().nonnegative()
});

export const wireComment = z.object({
  id: z.number().int().positive(),
  ticket_id: z.number().int().positive(),
  public: z.boolean(),
  author_name: text(500),
  author_role: z.enum(['customer', 'agent']),
  body: text(1_000_000),
  created_at: timestamp
});

const wireValue = z.union([text(320), z.array(text(100)).max(200), z.null()]);
export const wireChange = z.object({
  field: z.enum(['status', 'priority', 'assignee', 'tags']),
  from: wireValue,
  to: wireValue
});

export const wireError = z.object({
  error: z.object({
    code: z.string().max(100),
    message: z.string().max(2_000),
    allowed: z.array(z.string().max(320)).max(100).optional()
  })
});

export function fromWireSummary(w: z.output<typeof wireTicketSummary>): TicketSummary {
  return {
    id: w.id,
    subject: w.subject,
    status: w.status,
    priority: w.priority,
    assignee: w.assignee,
    tags: w.tags,
    customer: w.customer,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    firstResponseDueAt: w.first_response_due_at,
    resolutionDueAt: w.resolution_due_at,
    firstRespondedAt: w.first_responded_at,
    solvedAt: w.solved_at,
    ...(w.snippet === undefined ? {} : { snippet: w.snippet })
  };
}

export function fromWireTicket(w: z.output<typeof wireTicket>): Ticket {
  return { ...fromWireSummary(w), description: w.description, commentCount: w.comment_count };
}

export function fromWireComment(w: z.output<typeof wireComment>): Comment {
  return {
    id: w.id,
    ticketId: w.ticket_id,
    public: w.public,
    authorName: w.author_name,
    authorRole: w.author_role,
    body: w.body,
    createdAt: w.created_at
  };
}

export function toWireSummary(t: TicketSummary): z.input<typeof wireTicketSummary> {
  return {
    id: t.id,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    assignee: t.assignee,
    tags: t.tags,
    customer: t.customer,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    first_response_due_at: t.firstResponseDueAt,
    resolution_due_at: t.resolutionDueAt,
    first_responded_at: t.firstRespondedAt,
    solved_at: t.solvedAt,
    ...(t.snippet === undefined ? {} : { snippet: t.snippet })
  };
}

export function toWireTicket(t: Ticket): z.input<typeof wireTicket> {
  return { ...toWireSummary(t), description: t.description, comment_count: t.commentCount };
}

export function toWireComment(c: Comment): z.input<typeof wireComment> {
  return {
    id: c.id,
    ticket_id: c.ticketId,
    public: c.public,
    author_name: c.authorName,
    author_role: c.authorRole,
    body: c.body,
    created_at: c.createdAt
  };
}
