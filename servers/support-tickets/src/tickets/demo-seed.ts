import type { Db } from './database.js';
import { DEMO_AGENTS, DEMO_CUSTOMERS, DEMO_TICKETS } from './demo-data.js';
import type { SqliteTicketBackend } from './sqlite-backend.js';
import { slaDueDates } from './workflow.js';

const MARKER = 'demo_seed';
const FIRST_TICKET_ID = 1001;
const HOUR_MS = 3_600_000;

export type SeedResult =
  { seeded: true; tickets: number } | { seeded: false; reason: 'already_seeded' | 'store_not_empty' };

/**
 * Loads the demo helpdesk once. Idempotent: a second run (or a second process racing the first)
 * finds the marker and does nothing; a store that already holds real tickets is never mixed with
 * demo data.
 */
export function seedDemo(db: Db, store: SqliteTicketBackend, now: Date = new Date()): SeedResult {
  return db
    .transaction((): SeedResult => {
      if (db.prepare('SELECT 1 FROM meta WHERE key = ?').get(MARKER))
        return { seeded: false, reason: 'already_seeded' };
      if (db.prepare('SELECT 1 FROM tickets LIMIT 1').get()) return { seeded: false, reason: 'store_not_empty' };

      const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
      const insertAgent = db.prepare('INSERT OR IGNORE INTO agents (email, name) VALUES (?, ?)');
      for (const agent of DEMO_AGENTS) insertAgent.run(agent.email, agent.name);
      const insertCustomer = db.prepare(
        'INSERT INTO customers (email, name, organization) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING'
      );
      const customerId = db.prepare('SELECT id FROM customers WHERE email = ?');
      const customerIds = DEMO_CUSTOMERS.map((c) => {
        insertCustomer.run(c.email, c.name, c.organization);
        return (customerId.get(c.email) as { id: number }).id;
      });

      const insertTicket = db.prepare(
        `INSERT INTO tickets (id, subject, description, status, priority, assignee, customer_id, created_at, updated_at,
                              first_response_due_at, resolution_due_at, first_responded_at, solved_at)
         VALUES (@id, @subject, @description, @status, @priority, @assignee, @customerId, @createdAt, @updatedAt,
                 @firstResponseDueAt, @resolutionDueAt, @firstRespondedAt, @solvedAt)`
      );
      const insertTag = db.prepare('INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?)');
      const insertComment = db.prepare(
        'INSERT INTO comments (ticket_id, public, author_name, author_role, body, created_at) VALUES (?, ?, ?, ?, ?, ?)'
      );

      DEMO_TICKETS.forEach((t, index) => {
        const id = FIRST_TICKET_ID + index;
        const customer = DEMO_CUSTOMERS[t.customer]!;
        // Thread entries never land in the future, whatever the data says.
        const hoursAgo = (after: number) => Math.max(t.ageHours - after, 1 / 60);
        const thread = t.thread ?? [];
        const firstReply = thread.find(([, kind]) => kind === 'reply');
        const solvedAt = t.solvedAfter === undefined ? null : at(hoursAgo(t.solvedAfter));
        const lastActivity = Math.max(0, ...thread.map(([after]) => after), t.solvedAfter ?? 0);
        insertTicket.run({
          id,
          subject: t.subject,
          description: t.description,
          status: t.status,
          priority: t.priority,
          assignee: t.assignee === null ? null : DEMO_AGENTS[t.assignee]!.email,
          customerId: customerIds[t.customer],
          createdAt: at(t.ageHours),
          updatedAt: at(hoursAgo(lastActivity)),
          ...slaDueDates(at(t.ageHours), t.priority),
          firstRespondedAt: firstReply ? at(hoursAgo(firstReply[0])) : null,
          solvedAt
        });
        for (const tag of t.tags) insertTag.run(id, tag);
        for (const [after, kind, body, agent] of thread) {
          const author = kind === 'customer' ? customer.name : DEMO_AGENTS[agent ?? 0]!.name;
          insertComment.run(
            id,
            kind === 'note' ? 0 : 1,
            author,
            kind === 'customer' ? 'customer' : 'agent',
            body,
            at(hoursAgo(after))
          );
        }
        store.reindex(id);
      });
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(MARKER, now.toISOString());
      return { seeded: true, tickets: DEMO_TICKETS.length };
    })
    .immediate();
}
