import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../src/tickets/database.js';
import { seedDemo } from '../src/tickets/demo-seed.js';
import { SqliteTicketBackend } from '../src/tickets/sqlite-backend.js';

/**
 * A helpdesk of `size` tickets on disk: the demo tickets cloned with shuffled customers and a
 * serial number in each subject, so text search has realistic vocabulary and repetition.
 */
export function scaledStore(size: number): { db: Db; store: SqliteTicketBackend } {
  const db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'support-tickets-bench-')), 'tickets.db'));
  const store = new SqliteTicketBackend(db);
  seedDemo(db, store);
  const demo = db.prepare('SELECT * FROM tickets ORDER BY id').all() as Array<Record<string, unknown>>;
  const customers = (db.prepare('SELECT id FROM customers').all() as Array<{ id: number }>).map((c) => c.id);
  const insertTicket = db.prepare(
    `INSERT INTO tickets (subject, description, status, priority, assignee, customer_id, created_at, updated_at, first_response_due_at, resolution_due_at, first_responded_at, solved_at)
     VALUES (@subject, @description, @status, @priority, @assignee, @customer_id, @created_at, @updated_at, @first_response_due_at, @resolution_due_at, @first_responded_at, @solved_at)`
  );
  const copyComments = db.prepare(
    'INSERT INTO comments (ticket_id, public, author_name, author_role, body, created_at) SELECT ?, public, author_name, author_role, body, created_at FROM comments WHERE ticket_id = ?'
  );
  const copyTags = db.prepare(
    'INSERT INTO ticket_tags (ticket_id, tag) SELECT ?, tag FROM ticket_tags WHERE ticket_id = ?'
  );
  db.transaction(() => {
    for (let i = demo.length; i < size; i++) {
      const source = demo[i % demo.length]!;
      const { lastInsertRowid } = insertTicket.run({
        ...source,
        subject: `${source.subject as string} (case ${i})`,
        customer_id: customers[(i * 7) % customers.length]
      });
      const id = Number(lastInsertRowid);
      copyComments.run(id, source.id);
      copyTags.run(id, source.id);
      store.reindex(id);
    }
  })();
  return { db, store };
}

/** The reference: what a helpdesk server without a full-text index does, a LIKE scan. */
export function likeSearch(db: Db, word: string, limit: number): unknown[] {
  const pattern = `%${word}%`;
  return db
    .prepare(
      `SELECT t.id, t.subject FROM tickets t JOIN customers c ON c.id = t.customer_id
       WHERE t.subject LIKE @p OR t.description LIKE @p OR c.name LIKE @p OR c.email LIKE @p
          OR EXISTS (SELECT 1 FROM comments m WHERE m.ticket_id = t.id AND m.body LIKE @p)
       ORDER BY t.updated_at DESC LIMIT @limit`
    )
    .all({ p: pattern, limit });
}
