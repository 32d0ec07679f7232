import type { Db } from './database.js';

/** `pending` is written before a write starts, so a crash mid-write still leaves a trace. */
export type AuditOutcome = 'pending' | 'ok' | 'declined' | 'refused' | 'failed';

export interface AuditEntry {
  id: number;
  at: string;
  tool: string;
  ticketId: number | null;
  outcome: AuditOutcome;
  /** The identity this server writes as (its configured agent name). */
  actor: string;
  /** The MCP client that asked, as it named itself. */
  client: string | null;
  /** The authenticated caller over HTTP (OAuth client id), when there is one. */
  principal: string | null;
  summary: string;
  details: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditQuery {
  ticketId?: number;
  tool?: string;
  outcome?: AuditOutcome;
  since?: string;
  /** Entries older than this id (keyset paging, newest first). */
  beforeId?: number;
  limit: number;
}

interface AuditRow extends Omit<AuditEntry, 'ticketId' | 'details'> {
  ticket_id: number | null;
  details: string;
}

/**
 * Append-only record of every write this server attempted, stored in the local database for both
 * backends: a REST helpdesk's own history says what changed, this says which agent session asked.
 */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date()
  ) {}

  record(entry: NewAuditEntry): number {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO audit_log (at, tool, ticket_id, outcome, actor, client, principal, summary, details)
         VALUES (@at, @tool, @ticketId, @outcome, @actor, @client, @principal, @summary, @details)`
      )
      .run({ ...entry, at: this.now().toISOString(), details: JSON.stringify(entry.details) });
    return Number(lastInsertRowid);
  }

  /** Settles a `pending` entry; `details` are merged into what was recorded at the start. */
  settle(
    id: number,
    outcome: Exclude<AuditOutcome, 'pending'>,
    update: { ticketId?: number; summary?: string; details?: Record<string, unknown> }
  ): void {
    this.db
      .prepare(
        `UPDATE audit_log SET outcome = @outcome, ticket_id = coalesce(@ticketId, ticket_id), summary = coalesce(@summary, summary),
                details = json_patch(details, @details) WHERE id = @id`
      )
      .run({
        id,
        outcome,
        ticketId: update.ticketId ?? null,
        summary: update.summary ?? null,
        details: JSON.stringify(update.details ?? {})
      });
  }

  /** Newest first; `hasMore` says whether older entries match too. */
  query(q: AuditQuery): { entries: AuditEntry[]; hasMore: boolean } {
    const filters = [
      ['ticket_id = @ticketId', 'ticketId', q.ticketId],
      ['tool = @tool', 'tool', q.tool],
      ['outcome = @outcome', 'outcome', q.outcome],
      ['at >= @since', 'since', q.since],
      ['id < @beforeId', 'beforeId', q.beforeId]
    ] as const;
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit + 1 };
    for (const [condition, key, value] of filters) {
      if (value === undefined) continue;
      where.push(condition);
      params[key] = value;
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`
      )
      .all(params) as AuditRow[];
    const entries = rows.slice(0, q.limit).map(({ ticket_id, details, ...rest }) => ({
      ...rest,
      ticketId: ticket_id,
      details: JSON.parse(details) as Record<string, unknown>
    }));
    return { entries, hasMore: rows.length > q.limit };
  }
}
