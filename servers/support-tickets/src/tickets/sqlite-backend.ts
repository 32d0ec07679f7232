import type { TicketBackend } from './backend.js';
import type { Db } from './database.js';
import { TicketError } from './errors.js';
import { toFtsQuery } from './fts.js';
import {
  MAX_TAGS_PER_TICKET,
  type Agent,
  type Comment,
  type Customer,
  type FieldChange,
  type NewComment,
  type NewTicket,
  type Page,
  type PageRequest,
  type Priority,
  type Status,
  type Ticket,
  type TicketChanges,
  type TicketQuery,
  type TicketSummary
} from './model.js';
import { assertTransition, slaDueDates } from './workflow.js';

interface SummaryRow {
  id: number;
  subject: string;
  status: Status;
  priority: Priority;
  assignee: string | null;
  created_at: string;
  updated_at: string;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  first_responded_at: string | null;
  solved_at: string | null;
  customer_id: number;
  customer_email: string;
  customer_name: string;
  customer_organization: string | null;
  tags_json: string;
  snippet?: string | null;
}

interface CommentRow {
  id: number;
  ticket_id: number;
  public: number;
  author_name: string;
  author_role: 'customer' | 'agent';
  body: string;
  created_at: string;
}

const SUMMARY_COLUMNS = `
  t.id, t.subject, t.status, t.priority, t.assignee, t.created_at, t.updated_at,
  t.first_response_due_at, t.resolution_due_at, t.first_responded_at, t.solved_at,
  c.id AS customer_id, c.email AS customer_email, c.name AS customer_name, c.organization AS customer_organization,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM ticket_tags WHERE ticket_id = t.id ORDER BY tag)) AS tags_json`;

const FROM = 'tickets t JOIN customers c ON c.id = t.customer_id';

// A target is breached when it was met late, or is still open past its due time. A missing
// date makes a comparison NULL, which counts as "not breached" (hence the coalesce).
const SLA_BREACHED = `coalesce(
  (t.first_responded_at IS NULL AND t.first_response_due_at < @now) OR t.first_responded_at > t.first_response_due_at OR
  (t.solved_at IS NULL AND t.resolution_due_at < @now) OR t.solved_at > t.resolution_due_at, 0)`;

// Column weights (subject, description, comments, customer): a word in the subject says most
// about what a ticket is; a long comment thread should not outrank it.
const RANK = 'bm25(ticket_fts, 10.0, 2.0, 1.0, 2.0)';

type Cursor = { offset: number } | { updatedAt: string; id: number };

/** The embedded helpdesk: SQLite with an FTS5 index, all writes in IMMEDIATE transactions. */
export class SqliteTicketBackend implements TicketBackend {
  readonly kind = 'sqlite' as const;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date()
  ) {}

  async searchTickets(query: TicketQuery, page: PageRequest): Promise<Page<TicketSummary>> {
    const params: Record<string, unknown> = { now: this.now().toISOString() };
    const where: string[] = [];
    let from = FROM;
    let fts: string | undefined;
    if (query.text !== undefined) {
      fts = toFtsQuery(query.text);
      if (!fts) throw new TicketError('invalid_input', 'The query has no letters or digits to search for.');
      from += ' JOIN ticket_fts ON ticket_fts.rowid = t.id';
      where.push('ticket_fts MATCH @fts');
      params.fts = fts;
    }
    if (query.statuses?.length) {
      where.push('t.status IN (SELECT value FROM json_each(@statuses))');
      params.statuses = JSON.stringify(query.statuses);
    }
    if (query.priorities?.length) {
      where.push('t.priority IN (SELECT value FROM json_each(@priorities))');
      params.priorities = JSON.stringify(query.priorities);
    }
    if (query.assignee === null) where.push('t.assignee IS NULL');
    else if (query.assignee !== undefined) {
      where.push('t.assignee = @assignee COLLATE NOCASE');
      params.assignee = query.assignee;
    }
    if (query.tag !== undefined) {
      where.push('EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = @tag)');
      params.tag = query.tag;
    }
    if (query.customerEmail !== undefined) {
      where.push('c.email = @customerEmail COLLATE NOCASE');
      params.customerEmail = query.customerEmail;
    }
    if (query.excludeId !== undefined) {
      where.push('t.id <> @excludeId');
      params.excludeId = query.excludeId;
    }
    for (const [key, column, op] of [
      ['createdAfter', 'created_at', '>='],
      ['createdBefore', 'created_at', '<'],
      ['updatedAfter', 'updated_at', '>='],
      ['updatedBefore', 'updated_at', '<']
    ] as const) {
      if (query[key] === undefined) continue;
      where.push(`t.${column} ${op} @${key}`);
      params[key] = query[key];
    }
    if (query.slaBreached !== undefined) where.push(query.slaBreached ? SLA_BREACHED : `NOT ${SLA_BREACHED}`);

    const cursor = page.cursor === undefined ? undefined : decodeCursor(page.cursor, fts ? 'offset' : 'keyset');
    const pageWhere = [...where];
    let offset = 0;
    if (cursor && 'offset' in cursor) offset = cursor.offset;
    else if (cursor) {
      pageWhere.push('(t.updated_at, t.id) < (@afterUpdatedAt, @afterId)');
      params.afterUpdatedAt = cursor.updatedAt;
      params.afterId = cursor.id;
    }
    const clause = (list: string[]) => (list.length ? `WHERE ${list.join(' AND ')}` : '');
    const columns = fts ? `${SUMMARY_COLUMNS}, snippet(ticket_fts, -1, '', '', '…', 16) AS snippet` : SUMMARY_COLUMNS;
    const order = fts ? `${RANK}, t.updated_at DESC, t.id DESC` : 't.updated_at DESC, t.id DESC';
    const rows = this.db
      .prepare(`SELECT ${columns} FROM ${from} ${clause(pageWhere)} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: page.limit + 1, offset }) as SummaryRow[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM ${from} ${clause(where)}`).get(params) as { n: number })
      .n;

    const items = rows.slice(0, page.limit).map(toSummary);
    const last = items.at(-1);
    const more = rows.length > page.limit && last !== undefined;
    const next: Cursor | undefined = !more
      ? undefined
      : fts
        ? { offset: offset + items.length }
        : { updatedAt: last.updatedAt, id: last.id };
    return { items, nextCursor: next ? encodeCursor(next) : null, total };
  }

  async getTicket(id: number): Promise<Ticket> {
    const row = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, t.description, (SELECT count(*) FROM comments WHERE ticket_id = t.id) AS comment_count FROM ${FROM} WHERE t.id = ?`
      )
      .get(id) as (SummaryRow & { description: string; comment_count: number }) | undefined;
    if (!row) throw notFound(id);
    return { ...toSummary(row), description: row.description, commentCount: row.comment_count };
  }

  async listComments(
    ticketId: number,
    range: { offset: number; limit: number }
  ): Promise<{ comments: Comment[]; total: number }> {
    await this.getTicket(ticketId);
    const rows = this.db
      .prepare('SELECT * FROM comments WHERE ticket_id = ? ORDER BY id LIMIT ? OFFSET ?')
      .all(ticketId, range.limit, range.offset) as CommentRow[];
    const { n } = this.db.prepare('SELECT count(*) AS n FROM comments WHERE ticket_id = ?').get(ticketId) as {
      n: number;
    };
    return { comments: rows.map(toComment), total: n };
  }

  async findCustomer(email: string): Promise<Customer | undefined> {
    return this.db
      .prepare('SELECT id, email, name, organization FROM customers WHERE email = ? COLLATE NOCASE')
      .get(email) as Customer | undefined;
  }

  /** Adds agents, or renames those already known; never removes one (tickets may point at them). */
  upsertAgents(agents: Agent[]): void {
    const upsert = this.db.prepare(
      'INSERT INTO agents (email, name) VALUES (?, ?) ON CONFLICT (email) DO UPDATE SET name = excluded.name'
    );
    this.db.transaction(() => agents.forEach((a) => upsert.run(a.email, a.name))).immediate();
  }

  async listAgents(): Promise<Agent[]> {
    return this.db.prepare('SELECT email, name FROM agents ORDER BY name').all() as Agent[];
  }

  async createTicket(input: NewTicket): Promise<Ticket> {
    const id = this.db
      .transaction(() => {
        const assignee = input.assignee === null ? null : this.knownAgent(input.assignee);
        if (input.tags.length > MAX_TAGS_PER_TICKET) throw tooManyTags();
        this.db
          .prepare('INSERT INTO customers (email, name) VALUES (?, ?) ON CONFLICT (email) DO NOTHING')
          .run(input.customer.email, input.customer.name ?? input.customer.email.split('@')[0]!);
        const customer = this.db
          .prepare('SELECT id FROM customers WHERE email = ? COLLATE NOCASE')
          .get(input.customer.email) as { id: number };
        const now = this.now().toISOString();
        const due = slaDueDates(now, input.priority);
        const { lastInsertRowid } = this.db
          .prepare(
            `INSERT INTO tickets (subject, description, status, priority, assignee, customer_id, created_at, updated_at, first_response_due_at, resolution_due_at)
             VALUES (?, ?, 'new', ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(
            input.subject,
            input.description,
            input.priority,
            assignee,
            customer.id,
            now,
            now,
            due.firstResponseDueAt,
            due.resolutionDueAt
          );
        const ticketId = Number(lastInsertRowid);
        const tag = this.db.prepare('INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?, ?)');
        for (const t of input.tags) tag.run(ticketId, t);
        this.reindex(ticketId);
        return ticketId;
      })
      .immediate();
    return this.getTicket(id);
  }

  async updateTicket(id: number, changes: TicketChanges): Promise<{ ticket: Ticket; changes: FieldChange[] }> {
    const applied = this.db
      .transaction(() => {
        const current = this.db
          .prepare('SELECT status, priority, assignee, created_at FROM tickets WHERE id = ?')
          .get(id) as { status: Status; priority: Priority; assignee: string | null; created_at: string } | undefined;
        if (!current) throw notFound(id);
        if (current.status === 'closed')
          throw new TicketError('ticket_closed', `Ticket #${id} is closed; closed tickets cannot change.`);
        const now = this.now().toISOString();
        const done: FieldChange[] = [];
        const sets: string[] = [];
        const params: Record<string, unknown> = { id };

        if (changes.status !== undefined && changes.status !== current.status) {
          assertTransition(id, current.status, changes.status);
          done.push({ field: 'status', from: current.status, to: changes.status });
          sets.push('status = @status');
          params.status = changes.status;
          if (changes.status === 'solved') sets.push('solved_at = @now');
          else if (current.status === 'solved') sets.push('solved_at = NULL');
        }
        if (changes.priority !== undefined && changes.priority !== current.priority) {
          done.push({ field: 'priority', from: current.priority, to: changes.priority });
          // Targets follow the new priority, measured from creation as the policy defines them.
          const due = slaDueDates(current.created_at, changes.priority);
          sets.push('priority = @priority', 'first_response_due_at = @frDue', 'resolution_due_at = @resDue');
          Object.assign(params, {
            priority: changes.priority,
            frDue: due.firstResponseDueAt,
            resDue: due.resolutionDueAt
          });
        }
        if (changes.assignee !== undefined) {
          const assignee = changes.assignee === null ? null : this.knownAgent(changes.assignee);
          if ((assignee ?? '').toLowerCase() !== (current.assignee ?? '').toLowerCase()) {
            done.push({ field: 'assignee', from: current.assignee, to: assignee });
            sets.push('assignee = @assignee');
            params.assignee = assignee;
          }
        }
        const before = this.tagsOf(id);
        for (const tag of changes.addTags ?? [])
          this.db.prepare('INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?, ?)').run(id, tag);
        for (const tag of changes.removeTags ?? [])
          this.db.prepare('DELETE FROM ticket_tags WHERE ticket_id = ? AND tag = ?').run(id, tag);
        const after = this.tagsOf(id);
        if (after.length > MAX_TAGS_PER_TICKET) throw tooManyTags();
        if (after.join(',') !== before.join(',')) done.push({ field: 'tags', from: before, to: after });

        if (done.length > 0) {
          sets.push('updated_at = @now');
          this.db.prepare(`UPDATE tickets SET ${sets.join(', ')} WHERE id = @id`).run({ ...params, now });
        }
        return done;
      })
      .immediate();
    return { ticket: await this.getTicket(id), changes: applied };
  }

  async addComment(ticketId: number, comment: NewComment): Promise<Comment> {
    const commentId = this.db
      .transaction(() => {
        const ticket = this.db.prepare('SELECT status, first_responded_at FROM tickets WHERE id = ?').get(ticketId) as
          { status: Status; first_responded_at: string | null } | undefined;
        if (!ticket) throw notFound(ticketId);
        if (ticket.status === 'closed') {
          throw new TicketError(
            'ticket_closed',
            `Ticket #${ticketId} is closed; closed tickets take no more comments.`
          );
        }
        const now = this.now().toISOString();
        const { lastInsertRowid } = this.db
          .prepare(
            "INSERT INTO comments (ticket_id, public, author_name, author_role, body, created_at) VALUES (?, ?, ?, 'agent', ?, ?)"
          )
          .run(ticketId, comment.public ? 1 : 0, comment.authorName, comment.body, now);
        const opens = comment.public && ticket.status === 'new';
        const firstResponse = comment.public && ticket.first_responded_at === null;
        this.db
          .prepare(
            `UPDATE tickets SET updated_at = @now${opens ? ", status = 'open'" : ''}${firstResponse ? ', first_responded_at = @now' : ''} WHERE id = @id`
          )
          .run({ now, id: ticketId });
        this.reindex(ticketId);
        return Number(lastInsertRowid);
      })
      .immediate();
    return toComment(this.db.prepare('SELECT * FROM comments WHERE id = ?').get(commentId) as CommentRow);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    // The database belongs to whoever opened it (it also holds the audit log).
  }

  /** Rebuilds one ticket's full-text row from its current subject, description, comments and customer. */
  reindex(ticketId: number): void {
    this.db.prepare('DELETE FROM ticket_fts WHERE rowid = ?').run(ticketId);
    this.db
      .prepare(
        `INSERT INTO ticket_fts (rowid, subject, description, comments, customer)
         SELECT t.id, t.subject, t.description,
                (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = t.id),
                c.name || ' ' || c.email || ' ' || coalesce(c.organization, '')
         FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?`
      )
      .run(ticketId);
  }

  private knownAgent(email: string): string {
    const agent = this.db.prepare('SELECT email FROM agents WHERE email = ? COLLATE NOCASE').get(email) as
      { email: string } | undefined;
    if (agent) return agent.email;
    const known = (
      this.db.prepare('SELECT email FROM agents ORDER BY email LIMIT 50').all() as Array<{ email: string }>
    ).map((a) => a.email);
    throw new TicketError('unknown_assignee', `No agent has the email "${email}".`, { allowed: known });
  }

  private tagsOf(id: number): string[] {
    return (
      this.db.prepare('SELECT tag FROM ticket_tags WHERE ticket_id = ? ORDER BY tag').all(id) as Array<{ tag: string }>
    ).map((r) => r.tag);
  }
}

function toSummary(row: SummaryRow): TicketSummary {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    assignee: row.assignee,
    tags: JSON.parse(row.tags_json) as string[],
    customer: {
      id: row.customer_id,
      email: row.customer_email,
      name: row.customer_name,
      organization: row.customer_organization
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstResponseDueAt: row.first_response_due_at,
    resolutionDueAt: row.resolution_due_at,
    firstRespondedAt: row.first_responded_at,
    solvedAt: row.solved_at,
    ...(row.snippet ? { snippet: row.snippet } : {})
  };
}

function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    public: row.public === 1,
    authorName: row.author_name,
    authorRole: row.author_role,
    body: row.body,
    createdAt: row.created_at
  };
}

function notFound(id: number): TicketError {
  return new TicketError('not_found', `There is no ticket #${id}.`);
}

function tooManyTags(): TicketError {
  return new TicketError('invalid_input', `A ticket can carry at most ${MAX_TAGS_PER_TICKET} tags.`);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, kind: 'offset' | 'keyset'): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const v = value as Record<string, unknown> | undefined;
  if (kind === 'offset' && v && Number.isSafeInteger(v.offset) && (v.offset as number) >= 0)
    return { offset: v.offset as number };
  if (kind === 'keyset' && v && typeof v.updatedAt === 'string' && Number.isSafeInteger(v.id))
    return { updatedAt: v.updatedAt, id: v.id as number };
  throw new TicketError('invalid_input', 'The cursor is not one this helpdesk issued for this query.');
}
