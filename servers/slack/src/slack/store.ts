import { mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { configureDatabase, migrate, type Migration } from '@mcp-catalog/shared';

export type Db = Database.Database;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'posted messages and audit log',
    up: `
      CREATE TABLE posted (
        channel TEXT NOT NULL,
        ts TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('message', 'scheduled')),
        idem_key TEXT NOT NULL,
        thread_ts TEXT,
        created_at INTEGER NOT NULL,
        deleted_at INTEGER,
        PRIMARY KEY (channel, ts, kind)
      );
      CREATE INDEX posted_idem ON posted (idem_key, created_at);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        tool TEXT NOT NULL,
        channel TEXT,
        ts TEXT,
        text_hash TEXT,
        outcome TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_at ON audit_log (id DESC);
    `
  }
];

/** Opens (creating when missing) the store of what this server posted and its audit log. */
export function openStore(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  try {
    configureDatabase(db);
    migrate(db, MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The audit log keeps a hash of the text, not the text: enough to match, nothing to leak. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export type AuditOutcome = 'sent' | 'duplicate' | 'refused' | 'declined' | 'failed' | 'unknown';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  tool: string;
  channel: string | null;
  ts: string | null;
  textHash: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}

export interface PostedRecord {
  channel: string;
  ts: string;
  threadTs: string | null;
  createdAt: number;
}

/** Rows this server wrote: what it may edit or delete, and what counts as a repeat. */
export class Store {
  constructor(
    readonly db: Db,
    private readonly now: () => number = Date.now
  ) {}

  recordPosted(kind: 'message' | 'scheduled', channel: string, ts: string, idemKey: string, threadTs?: string): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO posted (channel, ts, kind, idem_key, thread_ts, created_at) VALUES (?, ?, ?, ?, ?, ?)`
      )
      .run(channel, ts, kind, idemKey, threadTs ?? null, this.now());
  }

  /** The newest live post with this key younger than `windowMs`. */
  findRecent(idemKey: string, windowMs: number): PostedRecord | undefined {
    const row = this.db
      .prepare(
        `SELECT channel, ts, thread_ts AS threadTs, created_at AS createdAt FROM posted
         WHERE idem_key = ? AND created_at >= ? AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1`
      )
      .get(idemKey, this.now() - windowMs) as PostedRecord | undefined;
    return row;
  }

  isOurs(kind: 'message' | 'scheduled', channel: string, ts: string): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM posted WHERE kind = ? AND channel = ? AND ts = ? AND deleted_at IS NULL`).get(kind, channel, ts) !==
      undefined
    );
  }

  /** Scheduled message IDs this server created, for filtering Slack's list. */
  ourScheduled(): Set<string> {
    const rows = this.db.prepare(`SELECT ts FROM posted WHERE kind = 'scheduled' AND deleted_at IS NULL`).all() as { ts: string }[];
    return new Set(rows.map((r) => r.ts));
  }

  markDeleted(kind: 'message' | 'scheduled', channel: string, ts: string): void {
    this.db.prepare(`UPDATE posted SET deleted_at = ? WHERE kind = ? AND channel = ? AND ts = ?`).run(this.now(), kind, channel, ts);
  }

  audit(entry: Omit<AuditEntry, 'id' | 'at'>): number {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO audit_log (at, actor, tool, channel, ts, text_hash, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(new Date(this.now()).toISOString(), entry.actor, entry.tool, entry.channel, entry.ts, entry.textHash, entry.outcome, entry.detail);
    return Number(lastInsertRowid);
  }

  /** Newest first; `beforeId` pages to older entries. */
  auditLog(q: { limit: number; beforeId?: number; tool?: string; channel?: string }): { entries: AuditEntry[]; hasMore: boolean } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.beforeId !== undefined) {
      where.push('id < ?');
      params.push(q.beforeId);
    }
    if (q.tool) {
      where.push('tool = ?');
      params.push(q.tool);
    }
    if (q.channel) {
      where.push('channel = ?');
      params.push(q.channel);
    }
    const rows = this.db
      .prepare(
        `SELECT id, at, actor, tool, channel, ts, text_hash AS textHash, outcome, detail FROM audit_log
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
      )
      .all(...params, q.limit + 1) as AuditEntry[];
    return { entries: rows.slice(0, q.limit), hasMore: rows.length > q.limit };
  }

  close(): void {
    this.db.close();
  }
}
