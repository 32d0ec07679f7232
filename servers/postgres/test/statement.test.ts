import { describe, expect, it } from 'vitest';
import { RefusedError } from '../src/postgres/errors.js';
import { deniedFunction } from '../src/postgres/functions.js';
import { analyzeExplainTarget, analyzeReadOnly, analyzeWrite } from '../src/postgres/statement.js';

// The parser layer alone: pure, no database. Each refusal must name the problem and a way out.
async function refusal(promise: Promise<unknown>): Promise<RefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(RefusedError);
  expect((error as RefusedError).hint).toBeTruthy();
  return error as RefusedError;
}

describe('analyzeReadOnly accepts one read statement', () => {
  it.each([
    ['SELECT 1', 'SelectStmt'],
    ['select * from orders where id = $1;', 'SelectStmt'],
    ['VALUES (1), (2)', 'SelectStmt'],
    ['TABLE orders', 'SelectStmt'],
    ['SHOW statement_timeout', 'VariableShowStmt'],
    ['EXPLAIN SELECT 1', 'ExplainStmt'],
    ['EXPLAIN (ANALYZE) SELECT 1', 'ExplainStmt'],
    ['EXPLAIN INSERT INTO t VALUES (1)', 'ExplainStmt'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'SelectStmt'],
    ['SELECT \'a;b\' AS "x;y" -- ; DROP TABLE t', 'SelectStmt'],
    ['SELECT $$;DROP TABLE t;$$', 'SelectStmt']
  ])('%s', async (sql, kind) => {
    expect((await analyzeReadOnly(sql)).kind).toBe(kind);
  });

  it('collects functions, operators, field names and relations from every part of the tree', async () => {
    const analysis = await analyzeReadOnly(
      `WITH w AS (SELECT upper(name) FROM s.t) SELECT x.y, lower(a) || b FROM pg_catalog.generate_series(1, 2) g, w
        WHERE a = ANY (SELECT f(1)) AND EXISTS (SELECT 1 FROM u WHERE u.k OPERATOR(public.===) (u).m)`
    );
    expect(analysis.functions).toEqual(
      expect.arrayContaining([
        { name: 'upper' },
        { name: 'lower' },
        { name: 'f' },
        { schema: 'pg_catalog', name: 'generate_series' }
      ])
    );
    expect(analysis.operators).toEqual(expect.arrayContaining(['||', '=', '===']));
    expect(analysis.fieldNames).toEqual(expect.arrayContaining(['y', 'k', 'm']));
    expect(analysis.relations).toEqual(
      expect.arrayContaining([{ schema: 's', name: 't' }, { name: 'u' }, { name: 'w' }])
    );
  });

  it('reads the ANALYZE option the way PostgreSQL does', async () => {
    expect((await analyzeReadOnly('EXPLAIN ANALYZE SELECT 1')).explain).toEqual({
      analyze: true,
      innerKind: 'SelectStmt',
      innerSql: 'SELECT 1'
    });
    expect((await analyzeReadOnly('EXPLAIN (ANALYZE true) SELECT 1')).explain?.analyze).toBe(true);
    expect((await analyzeReadOnly('EXPLAIN (ANALYZE 1) SELECT 1')).explain?.analyze).toBe(true);
    expect((await analyzeReadOnly('EXPLAIN (ANALYZE off) SELECT 1')).explain?.analyze).toBe(false);
    expect((await analyzeReadOnly("EXPLAIN (ANALYZE 'False') SELECT 1")).explain?.analyze).toBe(false);
    expect((await analyzeReadOnly('EXPLAIN (ANALYZE 0) DELETE FROM t')).explain?.analyze).toBe(false);
  });
});

describe('analyzeReadOnly refuses', () => {
  it.each([
    ['', /empty/],
    ['   \n\t ', /empty/],
    ['-- just a comment', /no statement/],
    [';;', /no statement/],
    ['SELEC 1', /Syntax error at character 1: "SELEC 1"/],
    ["SELECT 'unterminated", /Syntax error at character 8/],
    ['SELECT 1; SELECT 2', /2 statements; exactly one/],
    ['COMMIT; DROP TABLE orders', /2 statements/],
    ['END; DROP TABLE orders', /2 statements/],
    ['SELECT 1; -- harmless?\nDROP TABLE orders', /2 statements/],
    ['SELECT 1 /* ; */ ; DROP TABLE orders', /2 statements/],
    ['/* nested /* comment */ still comment */ DELETE FROM orders', /DELETE is not allowed here/],
    ['SELECT $x$;$x$; DROP TABLE orders', /2 statements/],
    ['DROP TABLE orders', /DROP is not allowed here/],
    ['INSERT INTO orders DEFAULT VALUES', /INSERT is not allowed/],
    ['COMMIT', /Transaction control is not allowed/],
    ['SET TRANSACTION READ WRITE', /SET is not allowed/],
    ['SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE', /SET is not allowed/],
    ["COPY (SELECT 1) TO PROGRAM 'touch /tmp/pwned'", /COPY is not allowed/],
    ['CALL p()', /CALL is not allowed/],
    ['DO $$BEGIN DELETE FROM orders; END$$', /DO is not allowed/],
    ['LOCK TABLE orders', /LOCK is not allowed/],
    ['PREPARE p AS DELETE FROM orders', /Prepare statement is not allowed/],
    ['WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d', /data-modifying statement \(DELETE\)/],
    ['WITH u AS (UPDATE orders SET total = 0 RETURNING 1) SELECT 1', /data-modifying statement \(UPDATE\)/],
    ['SELECT * FROM (WITH i AS (INSERT INTO t VALUES (1) RETURNING 1) SELECT * FROM i) s', /data-modifying/],
    ['SELECT * INTO new_table FROM orders', /SELECT \.\.\. INTO creates a table/],
    ['SELECT * FROM orders FOR UPDATE', /Locking clauses/],
    ['SELECT * FROM (SELECT * FROM orders FOR SHARE) s', /Locking clauses/],
    ['EXPLAIN ANALYZE DELETE FROM orders', /EXPLAIN ANALYZE executes the statement, and DELETE writes/],
    ['EXPLAIN (ANALYZE, FORMAT JSON) INSERT INTO t VALUES (1)', /INSERT writes/],
    ['EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1', /EXPLAIN of CREATE TABLE AS is not allowed/],
    ['EXPLAIN ANALYZE WITH d AS (DELETE FROM t RETURNING 1) SELECT * FROM d', /data-modifying/],
    ['SELECT 1\u0000', /NUL byte/]
  ])('%j', async (sql, message) => {
    expect((await refusal(analyzeReadOnly(sql))).message).toMatch(message);
  });
});

describe('depth', () => {
  it('refuses a statement nested too deeply to check, instead of failing inside', async () => {
    const deep = `SELECT ${'(SELECT '.repeat(3000)}1${')'.repeat(3000)}`;
    for (const analyze of [analyzeReadOnly, analyzeWrite, (sql: string) => analyzeExplainTarget(sql, false)]) {
      expect((await refusal(analyze(deep))).message).toBe('The statement is nested too deeply to check.');
    }
  });

  it('still checks moderately nested statements', async () => {
    const nested = `SELECT ${'(SELECT '.repeat(200)}pg_sleep(1)${')'.repeat(200)}`;
    expect((await analyzeReadOnly(nested)).functions).toEqual([{ name: 'pg_sleep' }]);
  });
});

describe('analyzeExplainTarget', () => {
  it('accepts reads, and writes only without analyze', async () => {
    expect((await analyzeExplainTarget('SELECT 1', true)).kind).toBe('SelectStmt');
    expect((await analyzeExplainTarget('UPDATE t SET a = 1', false)).kind).toBe('UpdateStmt');
    expect((await refusal(analyzeExplainTarget('UPDATE t SET a = 1', true))).message).toMatch(/UPDATE writes/);
  });

  it('refuses what EXPLAIN cannot take, pointing at the right form', async () => {
    const error = await refusal(analyzeExplainTarget('EXPLAIN SELECT 1', false));
    expect(error.message).toMatch(/EXPLAIN of EXPLAIN is not allowed/);
    expect(error.hint).toMatch(/without EXPLAIN/);
    expect((await refusal(analyzeExplainTarget('SHOW ALL', false))).message).toMatch(/EXPLAIN of SHOW/);
  });
});

describe('analyzeWrite (read-write mode)', () => {
  it.each([
    'INSERT INTO t VALUES (1)',
    'UPDATE t SET a = 1 RETURNING *',
    'CREATE TABLE x (a int)',
    'DROP TABLE x',
    'TRUNCATE t'
  ])('accepts %s', async (sql) => {
    await expect(analyzeWrite(sql)).resolves.toBeTruthy();
  });

  it.each([
    ['BEGIN', /Transaction control is not allowed/],
    ['COMMIT', /Transaction control/],
    ["COPY t FROM '/etc/passwd'", /COPY is not allowed/],
    ["COPY t TO PROGRAM 'rm -rf /'", /COPY/],
    ['DO $$BEGIN PERFORM 1; END$$', /DO is not allowed/],
    ["ALTER SYSTEM SET work_mem = '1GB'", /ALTER SYSTEM/],
    ['SET search_path = evil', /SET is not allowed/],
    ["LOAD 'evil'", /LOAD/],
    ['INSERT INTO t VALUES (1); DROP TABLE t', /2 statements/],
    ["INSERT INTO t SELECT pg_read_file('/etc/passwd')", /pg_read_file\(\) is not allowed/],
    ["SELECT dblink_exec('dbname=x', 'DROP TABLE t')", /dblink_exec\(\) is not allowed/],
    ['SELECT pg_terminate_backend(1)', /pg_terminate_backend\(\) is not allowed/]
  ])('refuses %s', async (sql, message) => {
    expect((await refusal(analyzeWrite(sql))).message).toMatch(message);
  });
});

describe('deny-list', () => {
  it.each([
    'pg_read_file',
    'pg_read_binary_file',
    'pg_ls_dir',
    'pg_stat_file',
    'lo_export',
    'lo_import',
    'lo_get',
    'loread',
    'dblink',
    'dblink_exec',
    'pg_terminate_backend',
    'pg_cancel_backend',
    'pg_reload_conf',
    'pg_advisory_lock',
    'pg_try_advisory_xact_lock',
    'set_config',
    'pg_stat_reset',
    'pg_stat_reset_single_table_counters',
    'pg_stat_statements_reset',
    'pg_sleep',
    'pg_sleep_for',
    'query_to_xml',
    'table_to_xml',
    'ts_stat',
    'crosstab',
    'pg_create_logical_replication_slot',
    'pg_switch_wal',
    'pg_notify',
    'txid_current'
  ])('denies %s', (name) => {
    expect(deniedFunction(name)).toBeTruthy();
  });

  it.each([
    'now',
    'lower',
    'count',
    'generate_series',
    'jsonb_build_object',
    'pg_size_pretty',
    'current_setting',
    'long_name',
    'blob_size'
  ])('allows %s', (name) => {
    expect(deniedFunction(name)).toBeUndefined();
  });
});
