/**
 * Versioned SQLite migrations for the servers that embed a store. Typed structurally so shared/
 * does not depend on better-sqlite3; the servers pass their own Database.
 */
export interface SqliteDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): unknown;
  /** better-sqlite3's transaction(); `immediate` takes the write lock up front. */
  transaction<T>(fn: () => T): (() => T) & { immediate?: () => T };
  readonly memory: boolean;
}

export interface Migration {
  /** 1, 2, 3...: stored in PRAGMA user_version once applied. */
  version: number;
  name: string;
  up: string | ((db: SqliteDatabase) => void);
}

/**
 * Settings for a store that must survive a kill -9: WAL journaling (readers never block the
 * writer), synchronous=NORMAL (durable against process crashes, which is what WAL guarantees),
 * foreign keys on, and a busy timeout so two processes on one file wait instead of failing.
 */
export function configureDatabase(db: SqliteDatabase): void {
  // The timeout first: switching to WAL needs a lock another starting process may hold.
  db.pragma('busy_timeout = 5000');
  if (!db.memory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

/**
 * Applies the migrations newer than the database's user_version, each in its own IMMEDIATE
 * transaction that re-reads the version under the write lock: two processes starting on one new
 * file then apply each migration exactly once instead of racing to "table already exists".
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): { from: number; to: number } {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration versions must be 1..n without gaps; found ${m.version} at position ${i + 1}`);
  });
  const from = Number(db.pragma('user_version', { simple: true }));
  const latest = sorted.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new Error(
      `the database is at schema version ${from}, newer than this server knows (${latest}); upgrade the server`
    );
  }
  for (const migration of sorted) {
    if (migration.version <= from) continue;
    const apply = db.transaction(() => {
      if (Number(db.pragma('user_version', { simple: true })) >= migration.version) return;
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    });
    (apply.immediate ?? apply)();
  }
  return { from, to: Math.max(from, latest) };
}
export { defaultDatabasePath, adoptLegacyDatabase } from './location.js';
export type { AdoptedDatabase } from './location.js';
