import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { configureDatabase, migrate, type Migration } from '@mcp-catalog/shared';

export type Db = Database.Database;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'tickets, customers, agents, comments, tags and their full-text index',
    up: `
      CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        organization TEXT
      );
      CREATE TABLE agents (
        email TEXT PRIMARY KEY COLLATE NOCASE,
        name TEXT NOT NULL
      );
      CREATE TABLE tickets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
        priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        assignee TEXT REFERENCES agents(email),
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        first_response_due_at TEXT,
        resolution_due_at TEXT,
        first_responded_at TEXT,
        solved_at TEXT
      );
      CREATE INDEX tickets_by_update ON tickets(updated_at DESC, id DESC);
      CREATE INDEX tickets_by_customer ON tickets(customer_id, updated_at DESC);
      CREATE INDEX tickets_by_status ON tickets(status, updated_at DESC);
      CREATE TABLE ticket_tags (
        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
        tag TEXT NOT NULL,
        PRIMARY KEY (ticket_id, tag)
      ) WITHOUT ROWID;
      CREATE INDEX ticket_tags_by_tag ON ticket_tags(tag, ticket_id);
      CREATE TABLE comments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
        public INTEGER NOT NULL CHECK (public IN (0, 1)),
        author_name TEXT NOT NULL,
        author_role TEXT NOT NULL CHECK (author_role IN ('customer', 'agent')),
        body TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX comments_by_ticket ON comments(ticket_id, id);
      -- rowid = tickets.id; rebuilt per ticket by the store on every write.
      CREATE VIRTUAL TABLE ticket_fts USING fts5(
        subject, description, comments, customer,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `
  },
  {
    version: 2,
    name: 'audit log of every write attempt',
    up: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        tool TEXT NOT NULL,
        ticket_id INTEGER,
        outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'ok', 'declined', 'refused', 'failed')),
        actor TEXT NOT NULL,
        client TEXT,
        principal TEXT,
        summary TEXT NOT NULL,
        details TEXT NOT NULL
      );
      CREATE INDEX audit_by_ticket ON audit_log(ticket_id, id);
      CREATE INDEX audit_by_tool ON audit_log(tool, id);
    `
  }
];

/**
 * Opens (creating when missing) the local store: tickets for the embedded backend and the audit
 * log for both. WAL, foreign keys and a busy timeout come from shared's configureDatabase.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  try {
    // Safe when several servers start on one new file: shared waits for locks and migrates
    // under the write lock.
    configureDatabase(db);
    migrate(db, MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
