import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@mcp-catalog/shared/testing';
import { createReaderRole, createTestDatabase, type TestDatabase } from './support/database.js';
import { call, openSession, type Session } from './support/session.js';

let db: TestDatabase;
let session: Session;

beforeAll(async () => {
  db = await createTestDatabase('dba');
  await db.admin.query(`
    CREATE TABLE health_dups (v int);
    INSERT INTO health_dups VALUES (1), (1);
    CREATE INDEX health_dup_a ON health_dups (v);
    CREATE INDEX health_dup_b ON health_dups (v);
    CREATE TABLE health_bloat (id int) WITH (autovacuum_enabled = false);
    INSERT INTO health_bloat SELECT generate_series(1, 200000);
    CREATE INDEX health_bloat_idx ON health_bloat (id);
    DELETE FROM health_bloat WHERE id > 2000;
    CREATE TABLE health_dead (id int) WITH (autovacuum_enabled = false);
    INSERT INTO health_dead SELECT generate_series(1, 10000);
    DELETE FROM health_dead WHERE id <= 6000;`);
  await db.admin.query('VACUUM ANALYZE health_bloat');
  // The classic way to get an invalid index: a concurrent unique build that meets duplicates.
  await expect(db.admin.query('CREATE UNIQUE INDEX CONCURRENTLY health_invalid ON health_dups (v)')).rejects.toThrow(
    /could not create unique index/
  );
  session = await openSession(db.url);
});

afterAll(async () => {
  await session?.close();
  await db?.drop();
});

const finding = (result: { structured: any }, check: string, subject: string) =>
  result.structured.checks
    .find((c: { check: string }) => c.check === check)
    ?.findings.find((f: { subject: string }) => f.subject.includes(subject));

describe('analyze_db_health', () => {
  it('finds invalid, unused, duplicate and bloated indexes', async () => {
    const result = await call(session.client, 'analyze_db_health', { checks: ['indexes'] });
    expect(result.structured.checks).toHaveLength(1);
    expect(result.structured.status).toBe('critical');
    expect(finding(result, 'indexes', 'health_invalid')).toMatchObject({
      severity: 'critical',
      message: expect.stringMatching(/invalid index on health_dups/)
    });
    expect(finding(result, 'indexes', 'health_dup_a, health_dup_b')?.message).toMatch(/identical indexes/);
    // Unused: the duplicates are never scanned. (Whether the DELETE above scanned health_bloat_idx is the planner's choice.)
    expect(finding(result, 'indexes', 'health_dup_a')?.message).toMatch(/never scanned/);
    const bloat = result.structured.checks[0].findings.find(
      (f: { message: string; subject: string }) => f.subject === 'health_bloat_idx' && /bloated/.test(f.message)
    );
    expect(bloat?.message).toMatch(/about 9\d% bloated.*REINDEX/);
    expect(result.text).toMatch(/indexes: critical/);
  });

  it('finds tables with many dead rows', async () => {
    await waitFor(
      async () =>
        (await db.admin.query("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'health_dead'")).rows[0]
          ?.n_dead_tup >= 6000
    );
    const result = await call(session.client, 'analyze_db_health', { checks: ['vacuum'] });
    expect(finding(result, 'vacuum', 'health_dead')?.message).toMatch(
      /6,000 dead rows vs 4,000 live \(last vacuum: never\)/
    );
  });

  it('reports long-running queries, and nothing for checks that are fine', async () => {
    const sleeper = new pg.Client({ connectionString: db.url });
    await sleeper.connect();
    try {
      const sleeping = sleeper.query("SELECT pg_sleep(3), 'long-runner'");
      await waitFor(
        async () =>
          (
            await db.admin.query(
              "SELECT 1 FROM pg_stat_activity WHERE query LIKE '%long-runner%' AND now() - query_start > interval '1.2 s' AND pid <> pg_backend_pid()"
            )
          ).rowCount === 1
      );
      const result = await call(session.client, 'analyze_db_health', {
        checks: ['long_running', 'connections', 'cache'],
        longRunningSeconds: 1
      });
      expect(result.structured.checks.map((c: { check: string; status: string }) => [c.check, c.status])).toEqual([
        ['long_running', 'warning'],
        ['connections', 'ok'],
        ['cache', 'ok']
      ]);
      expect(result.structured.checks[0].findings[0].message).toMatch(/^active for \d+ s as postgres.*long-runner/);
      await sleeping;
    } finally {
      await sleeper.end();
    }
  });

  it.each([
    [{ checks: [] }, /"checks"/],
    [{ checks: ['disk'] }, /"checks.0"/],
    [{ longRunningSeconds: 0 }, /"longRunningSeconds"/],
    [{ longRunningSeconds: 'slow' }, /"longRunningSeconds"/]
  ])('answers bad input %j', async (args, message) => {
    const result = await call(session.client, 'analyze_db_health', args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
  });
});

describe('get_slow_queries', () => {
  it('lists statements from pg_stat_statements, ordered as asked', async () => {
    for (let i = 0; i < 3; i++) await db.admin.query('SELECT count(*) FROM health_bloat WHERE id > $1', [i]);
    const result = await call(session.client, 'get_slow_queries', { orderBy: 'calls', minCalls: 3, limit: 50 });
    const statement = result.structured.queries.find((q: { query: string }) =>
      q.query.includes('FROM health_bloat WHERE id > $1')
    );
    expect(statement).toMatchObject({ calls: 3 });
    expect(statement.meanMs).toBeGreaterThan(0);
    const calls = result.structured.queries.map((q: { calls: number }) => q.calls);
    expect(calls).toEqual([...calls].sort((a, b) => b - a));
    expect(result.text).toMatch(/statement\(s\) by calls/);
  });

  it('says clearly when pg_stat_statements is not installed', async () => {
    const bare = await createTestDatabase('dba_bare');
    await bare.admin.query('DROP EXTENSION pg_stat_statements');
    const other = await openSession(bare.url);
    try {
      const result = await call(other.client, 'get_slow_queries');
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(
        /pg_stat_statements is not installed in database "dba_bare_[^"]+"[\s\S]*shared_preload_libraries[\s\S]*CREATE EXTENSION pg_stat_statements/
      );
    } finally {
      await other.close();
      await bare.drop();
    }
  });

  it.each([
    [{ orderBy: 'fastest' }, /"orderBy"/],
    [{ limit: 0 }, /"limit"/],
    [{ limit: 51 }, /"limit"/],
    [{ minCalls: 0 }, /"minCalls"/]
  ])('answers bad input %j', async (args, message) => {
    const result = await call(session.client, 'get_slow_queries', args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
  });
});

describe('check_role_access', () => {
  it('says a superuser is not read-only, and why', async () => {
    const result = await call(session.client, 'check_role_access');
    expect(result.structured).toMatchObject({
      accessMode: 'read-only',
      roleIsReadOnly: false,
      superuser: true,
      sessionsReadOnly: true
    });
    expect(result.structured.writeCapabilities).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/superuser/),
        expect.stringMatching(/INSERT, UPDATE, DELETE or TRUNCATE/)
      ])
    );
    expect(result.structured.extensions).toEqual(
      expect.arrayContaining([expect.stringMatching(/^pg_stat_statements /)])
    );
    expect(result.text).toMatch(/is NOT read-only[\s\S]*Recommended: connect as a role with SELECT privileges only/);
  });

  it('confirms a SELECT-only role is read-only, and that role can still use every read tool', async () => {
    const reader = await createReaderRole(db);
    const readerSession = await openSession(reader.url);
    try {
      const result = await call(readerSession.client, 'check_role_access');
      expect(result.structured).toMatchObject({
        user: reader.role,
        roleIsReadOnly: true,
        writeCapabilities: [],
        superuser: false
      });
      expect(result.text).toMatch(/is read-only: it cannot change data even without this server's guards/);
      expect(
        (await call(readerSession.client, 'run_query', { sql: 'SELECT count(*) FROM orders' })).structured.rows
      ).toEqual([['3']]);
    } finally {
      await readerSession.close();
      await db.admin.query(`DROP OWNED BY ${reader.role}; DROP ROLE ${reader.role}`);
    }
  });

  it('takes no arguments', async () => {
    const result = await call(session.client, 'check_role_access', { verbose: true });
    expect(result.text).toMatch(/unknown argument "verbose"/);
  });
});

describe('explain_query with hypothetical indexes', () => {
  it('says clearly when hypopg is not installed', async () => {
    const result = await call(session.client, 'explain_query', {
      sql: 'SELECT 1',
      hypotheticalIndexes: [{ table: 'events', columns: ['at'] }]
    });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/need the hypopg extension, which is not installed[\s\S]*CREATE EXTENSION hypopg/);
  });

  it('plans with a hypothetical index when hypopg is available, which then disappears', async (ctx) => {
    const available =
      (await db.admin.query("SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'")).rowCount === 1;
    // The embedded test server has no hypopg; PG_TEST_URL pointing at a server with it runs this.
    if (!available) ctx.skip();
    await db.admin.query('CREATE EXTENSION IF NOT EXISTS hypopg');
    const sql = "SELECT * FROM events WHERE at = '2026-01-05 00:00:00+00'";
    const result = await call(session.client, 'explain_query', {
      sql,
      hypotheticalIndexes: [{ table: 'events', columns: ['at'] }]
    });
    expect(result.structured.hypotheticalIndexes).toEqual([
      { name: expect.stringMatching(/btree_events_at/), definition: 'CREATE INDEX ON "events" USING btree ("at")' }
    ]);
    expect(result.structured.plan).toMatch(/Index Scan using "?<\d+>btree_events_at/);
    const after = await call(session.client, 'explain_query', { sql });
    expect(after.structured.plan).toMatch(/Seq Scan on events/);
    expect(
      (await db.admin.query("SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'events'")).rows[0].n
    ).toBe(1);
  });
});
