import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toToolError } from '../src/errors.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { call, openSession, type Session } from './support/session.js';

// Issue 14's postgres weaknesses, each tried against a real server.

let db: TestDatabase;
let session: Session;

const advisoryLocks = async () =>
  (await db.admin.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`)).rows[0].n as number;

beforeAll(async () => {
  db = await createTestDatabase('hardening');
  await db.admin.query(`
    CREATE FUNCTION take_lock(int) RETURNS int LANGUAGE plpgsql STABLE
      AS $$BEGIN PERFORM pg_advisory_lock($1); RETURN $1; END$$;
    CREATE VIEW locking_view AS SELECT take_lock(7) AS n;
    CREATE FUNCTION lock_step(int, int) RETURNS int LANGUAGE plpgsql STABLE
      AS $$BEGIN PERFORM pg_advisory_lock(8); RETURN coalesce($1, 0) + $2; END$$;
    CREATE AGGREGATE locking_sum(int) (SFUNC = lock_step, STYPE = int);`);
  session = await openSession(db.url, { statementTimeoutSeconds: 2 });
});

afterAll(async () => {
  await session?.close();
  await db?.drop();
});

describe('standard_conforming_strings=off on the database (weakness 3)', () => {
  it('cannot hide a deny-listed call inside what the parser reads as a string', async () => {
    const offUrl = new URL(db.url);
    offUrl.searchParams.set('options', '-c standard_conforming_strings=off');
    const off = await openSession(offUrl.href, { statementTimeoutSeconds: 2 });
    try {
      // With the setting off, the server reads '\\' as an escaped quote: the string ends later
      // and pg_advisory_lock runs as code while the parser saw it inside a literal.
      const result = await call(off.client, 'run_query', { sql: "SELECT '\\', ' || pg_advisory_lock(42)::text -- '" });
      expect(result.isError ?? false).toBe(false);
      expect(await advisoryLocks()).toBe(0);
    } finally {
      await off.close();
    }
  });
});

describe('session state (weakness 8)', () => {
  it.each([
    ['a view whose body takes a session advisory lock', 'SELECT * FROM locking_view'],
    ['a user aggregate whose transition function takes one', 'SELECT locking_sum(x) FROM generate_series(1, 3) x']
  ])('releases a lock taken by %s before the connection is pooled', async (_label, sql) => {
    await call(session.client, 'run_query', { sql });
    expect(await advisoryLocks()).toBe(0);
  });
});

describe('secret catalogs and settings (weakness 9)', () => {
  it.each([
    ['SELECT subname, subconninfo FROM pg_subscription', /not allowed/],
    ['SELECT * FROM pg_catalog.pg_subscription', /not allowed/],
    ["SELECT current_setting('primary_conninfo')", /not allowed/],
    ['SHOW primary_conninfo', /not allowed/],
    ['SHOW ALL', /SHOW ALL is not allowed/],
    ["SELECT setting FROM pg_settings WHERE name = 'primary_conninfo'", /not allowed/],
    ["SELECT setting FROM pg_settings WHERE name LIKE 'primary%'", /not allowed/],
    ["SELECT current_setting('primary_conn' || 'info')", /computed setting name/],
    ["SELECT current_setting(concat('primary_', 'conn', 'info'))", /computed setting name/],
    ["SELECT current_setting(format('%s_conn%s', 'primary', 'info'), true)", /computed setting name/],
    ["SELECT current_setting(n) FROM (VALUES ('primary_conn' || 'info')) v(n)", /computed setting name/],
    ["SELECT current_setting(('primary_conn' || 'info')::text)", /computed setting name/],
    ["SELECT pg_catalog.current_setting('primary_co' || repeat('n', 2) || 'info')", /computed setting name/],
    ["SELECT set_config('primary_conn' || 'info', '', true)", /computed setting name|not allowed/],
    ['SELECT name, setting FROM pg_show_all_settings() s', /pg_show_all_settings\(\) is not allowed/],
    ['SELECT * FROM pg_catalog.pg_show_all_settings()', /pg_show_all_settings\(\) is not allowed/]
  ])('refuses %s', async (sql, message) => {
    const result = await call(session.client, 'run_query', { sql });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
  });

  it('still answers current_setting() of an ordinary literal setting name', async () => {
    const result = await call(session.client, 'run_query', { sql: "SELECT current_setting('work_mem') AS w" });
    expect(result.isError ?? false).toBe(false);
  });

  it('still answers SHOW of an ordinary setting', async () => {
    const result = await call(session.client, 'run_query', { sql: 'SHOW work_mem' });
    expect(result.isError ?? false).toBe(false);
  });
});

describe('EXPLAIN ANALYZE through run_query (weakness 10)', () => {
  it('passes the cost guard explain_query applies', async () => {
    const guarded = await openSession(db.url, { statementTimeoutSeconds: 2, maxEstimatedRows: 1000 });
    try {
      const sql = 'SELECT count(*) FROM generate_series(1, 1000000) a, generate_series(1, 1000) b';
      const plain = await call(guarded.client, 'run_query', { sql });
      expect(plain.text).toMatch(/cost guard/);
      for (const explained of [
        `EXPLAIN ANALYZE ${sql}`,
        `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
        `explain analyse verbose ${sql}`
      ]) {
        const result = await call(guarded.client, 'run_query', { sql: explained });
        expect(result.isError).toBe(true);
        expect(result.text).toMatch(/cost guard/);
      }
      const cheap = await call(guarded.client, 'run_query', { sql: 'EXPLAIN ANALYZE SELECT 1' });
      expect(cheap.isError ?? false).toBe(false);
    } finally {
      await guarded.close();
    }
  });
});

describe('connection errors name the configuration (new-user item 4)', () => {
  it.each([
    ['a wrong password', (u: URL) => void (u.password = 'wrong-password'), /password was refused[\s\S]*DATABASE_URL/],
    ['a missing database', (u: URL) => void (u.pathname = '/no_such_db'), /database does not exist[\s\S]*DATABASE_URL/],
    ['nothing listening', (u: URL) => void (u.port = '1'), /not the statement[\s\S]*host and port in DATABASE_URL/]
  ])('says so for %s, without the password', async (_label, change, hint) => {
    const url = new URL(db.url);
    change(url);
    const broken = await openSession(url.href, { statementTimeoutSeconds: 2 });
    try {
      const result = await call(broken.client, 'run_query', { sql: 'SELECT 1' });
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(hint);
      expect(result.text).not.toMatch(/Fix the statement/);
      expect(result.text).not.toContain('wrong-password');
    } finally {
      await broken.close();
    }
  });

  it('maps a bare 28P01 the same way', () => {
    const error = Object.assign(new Error('password authentication failed for user "x"'), { code: '28P01' });
    expect(toToolError(error)?.hint).toMatch(/configuration, not the statement/);
  });
});

describe('get_slow_queries (new-user item 9)', () => {
  it("leaves out the server's own BEGIN / SET LOCAL / ROLLBACK framing", async () => {
    for (let i = 0; i < 3; i++) await call(session.client, 'run_query', { sql: 'SELECT 1' });
    const result = await call(session.client, 'get_slow_queries', {});
    expect(result.text).not.toMatch(/BEGIN READ ONLY|SET LOCAL|^\s*ROLLBACK/m);
  });
});
