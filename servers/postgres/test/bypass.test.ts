import { existsSync, rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { call, openSession, type Session } from './support/session.js';

// Known escapes from other PostgreSQL MCP servers, tried against ours connected as a SUPERUSER (the
// worst case an operator can configure). Each must be refused, and the database state is compared
// afterwards, so a refusal that came too late (after the damage) still fails the test.

let db: TestDatabase;
let session: Session;
let victim: pg.Client;
let victimPid: number;
let largeObject: number;
let baseline: State;
const marker = `/tmp/mcp-pg-bypass-${process.pid}-${Date.now()}`;

interface State {
  tables: string[];
  orders: unknown[];
  sequence: string;
  statsReset: string | null;
  advisoryLocks: number;
  largeObjects: number;
  victimAlive: boolean;
  filesWritten: boolean;
}

async function state(): Promise<State> {
  const q = async (sql: string) => (await db.admin.query(sql)).rows;
  return {
    tables: (
      await q(
        `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'm') ORDER BY 1`
      )
    ).map((r) => r.relname),
    orders: await q('SELECT id, customer_id, total, status FROM orders ORDER BY id'),
    sequence: (await q('SELECT last_value::text AS v FROM customers_id_seq'))[0].v,
    statsReset: (await q('SELECT stats_reset::text AS t FROM pg_stat_database WHERE datname = current_database()'))[0]
      .t,
    advisoryLocks: (await q(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`))[0].n,
    largeObjects: (await q('SELECT count(*)::int AS n FROM pg_largeobject_metadata'))[0].n,
    victimAlive: await victim.query('SELECT 1').then(
      () => true,
      () => false
    ),
    filesWritten: existsSync(`${marker}-lo`) || existsSync(`${marker}-copy`)
  };
}

beforeAll(async () => {
  db = await createTestDatabase('bypass');
  session = await openSession(db.url, { statementTimeoutSeconds: 2 });
  victim = new pg.Client({ connectionString: db.url });
  victim.on('error', () => undefined);
  await victim.connect();
  victimPid = (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  // An existing large object: lo_export of it writes a server file even inside a read-only transaction.
  largeObject = (await db.admin.query("SELECT lo_from_bytea(0, 'secret') AS oid")).rows[0].oid;
  // A domain whose check takes a session advisory lock, which a rollback does not release.
  await db.admin.query(`
    CREATE FUNCTION lock_check(int) RETURNS boolean LANGUAGE plpgsql VOLATILE
      AS $$BEGIN PERFORM pg_advisory_lock(4242); RETURN true; END$$;
    CREATE DOMAIN locking_int AS int CHECK (lock_check(VALUE));`);
  baseline = await state();
  expect(baseline).toMatchObject({ victimAlive: true, filesWritten: false, advisoryLocks: 0 });
});

afterAll(async () => {
  for (const suffix of ['-lo', '-copy']) rmSync(`${marker}${suffix}`, { force: true });
  await victim?.end().catch(() => undefined);
  await session?.close();
  await db?.drop();
});

const dblinkTarget = () => {
  const url = new URL(db.url);
  return `host=${url.hostname} port=${url.port} user=${decodeURIComponent(url.username)} password=${decodeURIComponent(url.password)} dbname=${db.name}`;
};

describe('bypass attempts through run_query change nothing', () => {
  const attempts: Array<[string, () => string, RegExp]> = [
    ['COMMIT; then DROP', () => 'COMMIT; DROP TABLE orders', /2 statements/],
    ['END; then DROP', () => 'END; DROP TABLE orders', /2 statements/],
    ['ROLLBACK; then DELETE', () => 'ROLLBACK; DELETE FROM orders', /2 statements/],
    ['a line comment hiding nothing', () => 'SELECT 1; -- looks harmless\nDROP TABLE orders', /2 statements/],
    ['a block comment around the semicolon', () => 'SELECT 1 /* ; */ ; DROP TABLE orders /* ; */', /2 statements/],
    [
      'a nested block comment',
      () => '/* outer /* inner */ still a comment; */ DROP TABLE orders',
      /DROP is not allowed/
    ],
    ['dollar quoting', () => 'SELECT $q$ ; $q$; DROP TABLE orders', /2 statements/],
    ['a Unicode escape string', () => "SELECT U&'\\0041'; DROP TABLE orders", /2 statements/],
    [
      'a writable CTE (DELETE)',
      () => 'WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d',
      /data-modifying statement \(DELETE\)/
    ],
    [
      'a writable CTE (UPDATE) in a subquery',
      () => 'SELECT * FROM (WITH u AS (UPDATE orders SET total = 0 RETURNING 1) SELECT * FROM u) s',
      /data-modifying/
    ],
    ['SET TRANSACTION READ WRITE', () => 'SET TRANSACTION READ WRITE', /SET is not allowed/],
    ['session characteristics', () => 'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE', /SET is not allowed/],
    [
      'set_config to turn read-only off',
      () => "SELECT set_config('default_transaction_read_only', 'off', false)",
      /set_config\(\) is not allowed/
    ],
    ['pg_read_file in FROM', () => "SELECT * FROM pg_read_file('/etc/hostname')", /pg_read_file\(\) is not allowed/],
    [
      'pg_read_file schema-qualified in a subquery',
      () => "SELECT (SELECT pg_catalog.pg_read_file('/etc/hostname'))",
      /pg_read_file\(\) is not allowed/
    ],
    [
      'lo_export writing a server file',
      () => `SELECT lo_export(${largeObject}, '${marker}-lo')`,
      /lo_export\(\) is not allowed/
    ],
    ['lo_import reading a server file', () => "SELECT lo_import('/etc/hostname')", /lo_import\(\) is not allowed/],
    [
      'dblink_exec on a second connection',
      () => `SELECT dblink_exec('${dblinkTarget()}', 'DELETE FROM orders')`,
      /dblink_exec\(\) is not allowed/
    ],
    [
      'dblink in FROM',
      () => `SELECT * FROM dblink('${dblinkTarget()}', 'DELETE FROM orders RETURNING 1') AS t(x int)`,
      /dblink\(\) is not allowed/
    ],
    ['COPY TO PROGRAM', () => `COPY (SELECT 1) TO PROGRAM 'touch ${marker}-copy'`, /COPY is not allowed/],
    [
      'pg_terminate_backend',
      () => `SELECT pg_terminate_backend(${victimPid})`,
      /pg_terminate_backend\(\) is not allowed/
    ],
    ['pg_cancel_backend', () => `SELECT pg_cancel_backend(${victimPid})`, /pg_cancel_backend\(\) is not allowed/],
    ['pg_stat_reset', () => 'SELECT pg_stat_reset()', /pg_stat_reset\(\) is not allowed/],
    [
      'an advisory lock that outlives the transaction',
      () => 'SELECT pg_advisory_lock(42)',
      /pg_advisory_lock\(\) is not allowed/
    ],
    [
      'query_to_xml running SQL text',
      () => "SELECT query_to_xml('DELETE FROM orders RETURNING 1', true, false, '')",
      /runs SQL text/
    ],
    ['nextval advancing a sequence', () => "SELECT nextval('customers_id_seq')", /VOLATILE/],
    ['a volatile function through field notation', () => 'SELECT c.bump FROM customers c', /field notation/],
    ['a volatile operator', () => 'SELECT 1 === 1', /operator ===/],
    ['FOR UPDATE row locks', () => 'SELECT * FROM orders FOR UPDATE', /Locking clauses/],
    ['SELECT INTO', () => 'SELECT * INTO stolen FROM orders', /INTO creates a table/],
    ['EXPLAIN ANALYZE of a DELETE', () => 'EXPLAIN ANALYZE DELETE FROM orders', /DELETE writes/],
    ['a DO block', () => 'DO $$BEGIN DROP TABLE orders; END$$', /DO is not allowed/],
    ['DDL', () => 'CREATE TABLE pwned (a int)', /CREATE TABLE is not allowed/],
    ['PREPARE of a write', () => 'PREPARE p AS DELETE FROM orders', /not allowed/],
    ['txid_current burning transaction IDs', () => 'SELECT txid_current()', /txid_current\(\) is not allowed/],
    [
      'a volatile domain check reached through a cast',
      () => 'SELECT 1::locking_int',
      /cast to locking_int .*lock_check\(\)/
    ],
    [
      'a volatile function through a cast inside a CTE',
      () => 'WITH c AS (SELECT CAST(1 AS locking_int) AS v) SELECT * FROM c',
      /lock_check/
    ],
    [
      'pg_hba_file_rules, a view reading a server file',
      () => 'SELECT * FROM pg_hba_file_rules',
      /Reading pg_hba_file_rules is not allowed/
    ],
    [
      'pg_file_settings, a view reading the configuration files',
      () => 'SELECT sourcefile, setting FROM pg_catalog.pg_file_settings',
      /Reading pg_file_settings is not allowed: it reads configuration files/
    ],
    [
      'password hashes in pg_authid, read as a superuser',
      () => 'SELECT rolname, rolpassword FROM pg_authid',
      /Reading pg_authid is not allowed: it holds password hashes/
    ],
    ['password hashes in pg_shadow', () => 'SELECT passwd FROM pg_catalog.pg_shadow', /Reading pg_shadow/],
    [
      'set_config through a CTE',
      () => "WITH s AS (SELECT set_config('statement_timeout', '0', false)) SELECT * FROM s",
      /set_config\(\) is not allowed/
    ],
    [
      'FOR SHARE in a subquery',
      () => 'SELECT * FROM orders WHERE id IN (SELECT id FROM orders FOR SHARE)',
      /Locking clauses/
    ],
    ['a cursor WITH HOLD', () => 'DECLARE c CURSOR WITH HOLD FOR SELECT * FROM orders', /not allowed here/],
    ['SET ROLE', () => 'SET ROLE NONE', /SET is not allowed/],
    ['SET SESSION AUTHORIZATION', () => 'SET SESSION AUTHORIZATION DEFAULT', /SET is not allowed/],
    ['LISTEN', () => 'LISTEN bypass', /not allowed here/],
    ['NOTIFY', () => "NOTIFY bypass, 'x'", /NOTIFY is not allowed/],
    ['CALL', () => 'CALL some_procedure()', /CALL is not allowed/],
    ['COPY FROM a server file', () => "COPY orders FROM '/etc/hostname'", /COPY is not allowed/],
    ['pg_ls_dir listing the data directory', () => "SELECT * FROM pg_ls_dir('.')", /pg_ls_dir\(\) is not allowed/],
    ['a shared advisory lock, schema-qualified', () => 'SELECT pg_catalog.pg_try_advisory_lock_shared(1)', /advisory/],
    ['pg_current_xact_id assigning a transaction ID', () => 'SELECT pg_current_xact_id()', /not allowed/]
  ];

  it.each(attempts)('%s', async (_name, sql, message) => {
    const result = await call(session.client, 'run_query', { sql: sql() });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    expect(await state()).toEqual(baseline);
  });

  it('pg_sleep(3600) is refused outright, and a slow query the checks allow is stopped by the timeout', async () => {
    expect((await call(session.client, 'run_query', { sql: 'SELECT pg_sleep(3600)' })).text).toMatch(
      /pg_sleep\(\) is not allowed/
    );
    const unguarded = await openSession(db.url, { statementTimeoutSeconds: 0.3, maxEstimatedRows: 0 });
    try {
      const slow = await call(unguarded.client, 'run_query', { sql: 'SELECT count(*) FROM events a, events b' });
      expect(slow.isError).toBe(true);
      expect(slow.text).toMatch(/57014.*statement timeout[\s\S]*300 ms statement_timeout/);
    } finally {
      await unguarded.close();
    }
    expect(await state()).toEqual(baseline);
  });

  it('generate_series(1, 1e9) in the select list is bounded by the row cap', async () => {
    const result = await call(session.client, 'run_query', { sql: 'SELECT generate_series(1, 1e9) AS n' });
    expect(result.isError).toBeUndefined();
    expect(result.structured.rows).toHaveLength(session.config.maxRows);
    expect(result.structured).toMatchObject({ nextOffset: session.config.maxRows });
  });

  it('generate_series(1, 1000000000) in FROM, computed whole before the first row, is refused by the cost guard', async () => {
    const result = await call(session.client, 'run_query', { sql: 'SELECT * FROM generate_series(1, 1000000000)' });
    expect(result.text).toMatch(/cost guard.*about 1,000,000,000 rows \(Function Scan of generate_series\(\)\)/);
  });

  it('a value too large to hold in memory is refused as it arrives, and the server keeps answering', async () => {
    const result = await call(session.client, 'run_query', { sql: "SELECT repeat('x', 40000000) AS v" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/too large to fetch: more than 32 MiB arrived at once[\s\S]*left\(col, 1000\)/);
    expect((await call(session.client, 'run_query', { sql: 'SELECT 1 AS ok' })).structured.rows).toEqual([[1]]);
    expect(await state()).toEqual(baseline);
  });

  it('parameters are values, never SQL', async () => {
    const result = await call(session.client, 'run_query', {
      sql: 'SELECT $1::text AS v',
      params: ["'); DROP TABLE orders; --"]
    });
    expect(result.structured.rows).toEqual([["'); DROP TABLE orders; --"]]);
    expect(await state()).toEqual(baseline);
  });

  it('explain_query refuses ANALYZE of writes', async () => {
    for (const sql of ['DELETE FROM orders', 'WITH d AS (DELETE FROM orders RETURNING 1) SELECT * FROM d']) {
      const result = await call(session.client, 'explain_query', { sql, analyze: true });
      expect(result.isError).toBe(true);
    }
    expect(await state()).toEqual(baseline);
  });

  it('leaves the pooled sessions read-only with the configured timeout', async () => {
    const settings = await call(session.client, 'run_query', {
      sql: "SELECT current_setting('default_transaction_read_only') AS ro, current_setting('transaction_read_only') AS tx, current_setting('statement_timeout') AS timeout"
    });
    expect(settings.structured.rows).toEqual([['on', 'on', '2s']]);
  });
});
