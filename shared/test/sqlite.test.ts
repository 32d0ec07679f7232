import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureDatabase, migrate, type Migration } from '../src/sqlite/index.js';

let dir: string;
const open: Database.Database[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-sqlite-'));
});

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function database(file = ':memory:'): Database.Database {
  const db = new Database(file === ':memory:' ? file : join(dir, file));
  open.push(db);
  return db;
}

const userVersion = (db: Database.Database) => db.pragma('user_version', { simple: true }) as number;
const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
  ).map((r) => r.name);

const base: Migration[] = [
  { version: 1, name: 'items', up: 'CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT NOT NULL)' },
  { version: 2, name: 'tags', up: 'CREATE TABLE tags (item_id INTEGER REFERENCES items(id), tag TEXT NOT NULL)' },
  {
    version: 3,
    name: 'seed',
    up: (db) => {
      db.exec("INSERT INTO items (title) VALUES ('first')");
    }
  }
];

describe('migrate', () => {
  it('applies pending migrations in version order, whatever order they are listed in', () => {
    const db = database();
    const order: number[] = [];
    const tracked = base.map((m) => ({
      ...m,
      up: (inner: Parameters<Exclude<Migration['up'], string>>[0]) => {
        order.push(m.version);
        if (typeof m.up === 'string') inner.exec(m.up);
        else m.up(inner);
      }
    }));
    expect(migrate(db, [tracked[2]!, tracked[0]!, tracked[1]!])).toEqual({ from: 0, to: 3 });
    expect(order).toEqual([1, 2, 3]);
    expect(userVersion(db)).toBe(3);
    expect(tables(db)).toEqual(['items', 'tags']);
    expect(db.prepare('SELECT title FROM items').all()).toEqual([{ title: 'first' }]);
  });

  it('is idempotent: a second run applies nothing', () => {
    const db = database('idem.db');
    migrate(db, base);
    expect(migrate(db, base)).toEqual({ from: 3, to: 3 });
    expect(db.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 1 });
  });

  it('applies only what is new when the server learns more migrations', () => {
    const db = database('grow.db');
    expect(migrate(db, base.slice(0, 1))).toEqual({ from: 0, to: 1 });
    expect(tables(db)).toEqual(['items']);
    expect(migrate(db, base)).toEqual({ from: 1, to: 3 });
    expect(tables(db)).toEqual(['items', 'tags']);
  });

  it('survives reopening the file', () => {
    const first = database('reopen.db');
    migrate(first, base);
    first.close();
    const second = database('reopen.db');
    expect(migrate(second, base)).toEqual({ from: 3, to: 3 });
    expect(second.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 1 });
  });

  it('handles an empty migration list on a fresh database', () => {
    expect(migrate(database(), [])).toEqual({ from: 0, to: 0 });
  });

  it.each([
    [[1, 3], 'found 3 at position 2'],
    [[2, 3], 'found 2 at position 1'],
    [[1, 1, 2], 'found 1 at position 2'],
    [[0, 1], 'found 0 at position 1']
  ])('refuses versions %j (gaps, duplicates, not starting at 1) before touching the database', (versions, where) => {
    const db = database();
    const migrations = versions.map((version) => ({
      version,
      name: `m${version}`,
      up: `CREATE TABLE t${version}_${Math.random().toString(36).slice(2)} (x)`
    }));
    expect(() => migrate(db, migrations)).toThrow(`migration versions must be 1..n without gaps; ${where}`);
    expect(userVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuses a database newer than the server knows', () => {
    const db = database('newer.db');
    migrate(db, base);
    db.pragma('user_version = 5');
    expect(() => migrate(db, base)).toThrow(
      'the database is at schema version 5, newer than this server knows (3); upgrade the server'
    );
    expect(userVersion(db)).toBe(5);
  });

  it('rolls back a failing migration: earlier ones stay, no partial tables, user_version unchanged', () => {
    const db = database('fail.db');
    const failing: Migration[] = [
      ...base.slice(0, 1),
      {
        version: 2,
        name: 'half',
        up: "CREATE TABLE half_done (x); INSERT INTO items (title) VALUES ('orphan'); INSERT INTO no_such_table VALUES (1);"
      },
      { version: 3, name: 'never', up: 'CREATE TABLE never_reached (x)' }
    ];
    expect(() => migrate(db, failing)).toThrow(/no such table: no_such_table/);
    expect(userVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['items']);
    expect(db.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 0 });
    expect(db.inTransaction).toBe(false);
  });

  it('rolls back a failing function migration too', () => {
    const db = database();
    migrate(db, base.slice(0, 2));
    const failing: Migration[] = [
      ...base.slice(0, 2),
      {
        version: 3,
        name: 'throws',
        up: (inner) => {
          inner.exec('CREATE TABLE partial (x)');
          inner.exec("INSERT INTO items (title) VALUES ('partial')");
          throw new Error('data check failed');
        }
      }
    ];
    expect(() => migrate(db, failing)).toThrow('data check failed');
    expect(userVersion(db)).toBe(2);
    expect(tables(db)).toEqual(['items', 'tags']);
    expect(db.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 0 });
    // fixed migration applies cleanly afterwards
    expect(migrate(db, base)).toEqual({ from: 2, to: 3 });
  });
});

describe('configureDatabase', () => {
  it('turns on WAL, NORMAL sync, foreign keys and a busy timeout for a file', () => {
    const db = database('store.db');
    configureDatabase(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('does not ask for WAL on :memory: but sets the rest', () => {
    const db = database();
    const pragmas: string[] = [];
    const spy = new Proxy(db, {
      get(target, prop) {
        if (prop === 'pragma')
          return (source: string, options?: { simple?: boolean }) => (
            pragmas.push(source),
            target.pragma(source, options)
          );
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      }
    });
    configureDatabase(spy);
    expect(pragmas).toEqual(['busy_timeout = 5000', 'synchronous = NORMAL', 'foreign_keys = ON']);
    expect(db.pragma('journal_mode', { simple: true })).toBe('memory');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('enforces foreign keys once configured', () => {
    const db = database('fk.db');
    configureDatabase(db);
    migrate(db, base.slice(0, 2));
    expect(() => db.exec("INSERT INTO tags (item_id, tag) VALUES (999, 'x')")).toThrow(/FOREIGN KEY constraint failed/);
  });
});

describe('migrate across processes', () => {
  it('applies each migration once when several processes open a new file at the same moment', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrate-race-'));
    const file = path.join(dir, 'race.db');
    // Children run plain Node 20 (no TypeScript), so they load the built module; `test` depends on `build`.
    const moduleUrl = new URL('../dist/sqlite/index.js', import.meta.url).href;
    // Each child opens the same fresh file, configures it and migrates; all start together.
    const script = `
      const Database = (await import('better-sqlite3')).default;
      const { configureDatabase, migrate } = await import(${JSON.stringify(moduleUrl)});
      const db = new Database(${JSON.stringify(file)});
      configureDatabase(db);
      migrate(db, [
        { version: 1, name: 'a', up: 'CREATE TABLE a (x)' },
        { version: 2, name: 'b', up: "CREATE TABLE b (x); INSERT INTO a VALUES ('once')" }
      ]);
      db.close();
    `;
    const runs = Array.from(
      { length: 6 },
      () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
            cwd: path.dirname(new URL(import.meta.url).pathname),
            stdio: ['ignore', 'ignore', 'pipe']
          });
          let stderr = '';
          child.stderr.on('data', (c) => (stderr += c));
          child.on('exit', (code) => resolve({ code, stderr }));
        })
    );
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM a').get()).toEqual({ n: 1 });
    db.close();
  }, 30_000);
});

describe('data location', () => {
  it('puts every store under $XDG_DATA_HOME/mcp-catalog/<server>.db, else ~/.local/share', async () => {
    const { defaultDatabasePath } = await import('../src/sqlite/index.js');
    expect(defaultDatabasePath('sitemonitor', { XDG_DATA_HOME: '/data' })).toBe('/data/mcp-catalog/sitemonitor.db');
    expect(defaultDatabasePath('slack', { HOME: '/home/u' })).toBe('/home/u/.local/share/mcp-catalog/slack.db');
  });

  it('moves a store from its old location with its WAL files, only when the new one is missing', async () => {
    const { adoptLegacyDatabase } = await import('../src/sqlite/index.js');
    const { mkdtempSync, writeFileSync, readFileSync, existsSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'adopt-'));
    const old = path.join(dir, 'old', 'x.db');
    const target = path.join(dir, 'new', 'x.db');
    (await import('node:fs')).mkdirSync(path.dirname(old), { recursive: true });
    writeFileSync(old, 'main');
    writeFileSync(`${old}-wal`, 'wal');
    expect(adoptLegacyDatabase(target, [old])).toEqual({ from: old, to: target });
    expect(readFileSync(target, 'utf8')).toBe('main');
    expect(readFileSync(`${target}-wal`, 'utf8')).toBe('wal');
    expect(existsSync(old)).toBe(false);
    writeFileSync(old, 'again');
    expect(adoptLegacyDatabase(target, [old])).toBeUndefined();
    expect(readFileSync(target, 'utf8')).toBe('main');
  });
});
