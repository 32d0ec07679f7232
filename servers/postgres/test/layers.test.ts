import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src/postgres/database.js';
import { RefusedError } from '../src/postgres/errors.js';
import { IncomingTooLargeError, MAX_INCOMING_BYTES } from '../src/postgres/incoming.js';
import { checkFunctions } from '../src/postgres/functions.js';
import { estimatePlan } from '../src/postgres/plan.js';
import { costGuardRefusal, explainJson } from '../src/postgres/query.js';
import { analyzeReadOnly } from '../src/postgres/statement.js';
import { streamRows } from '../src/postgres/stream.js';
import { waitFor } from '@mcp-catalog/shared/testing';
import { createTestDatabase, type TestDatabase } from './support/database.js';

// Each defence on its own, against a real server: if one layer were missing, the next still holds.

let db: TestDatabase;
let database: Database;

beforeAll(async () => {
  db = await createTestDatabase('layers');
  await db.admin.query(`
    CREATE FUNCTION twin(int) RETURNS int LANGUAGE sql STABLE AS 'SELECT 1';
    CREATE FUNCTION twin(text) RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 2';
    CREATE FUNCTION noisy_check(int) RETURNS boolean LANGUAGE sql VOLATILE AS 'SELECT true';
    CREATE DOMAIN noisy AS int CHECK (noisy_check(VALUE));
    CREATE DOMAIN noisier AS noisy;
    CREATE TYPE pair AS (a int);
    CREATE FUNCTION pair_point(pair) RETURNS point LANGUAGE sql VOLATILE AS 'SELECT point(1, 1)';
    CREATE CAST (pair AS point) WITH FUNCTION pair_point(pair);
    CREATE TABLE wide (id int, filler text);
    INSERT INTO wide SELECT g, repeat('x', 10000) FROM generate_series(1, 50) g;`);
  database = new Database({ connectionString: db.url, poolSize: 1, statementTimeoutMs: 1000, accessMode: 'read-only' });
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
});

const orderCount = async () => Number((await db.admin.query('SELECT count(*) AS n FROM orders')).rows[0].n);
const tableExists = async (name: string) =>
  (await db.admin.query('SELECT to_regclass($1) IS NOT NULL AS ok', [name])).rows[0].ok as boolean;
const limits = { maxRows: 100, maxBytes: 100_000, offset: 0 };
const raw = (sql: string) => database.readOnly((client) => streamRows(client, sql, [], limits));

describe('function layer (catalog check), with the parser only collecting names', () => {
  const check = async (sql: string) =>
    database.readOnly(async (client) => checkFunctions(client, await analyzeReadOnly(sql)));

  it.each([
    'SELECT plus_one(1), lower(name), now(), random(), count(*) FROM customers GROUP BY name',
    'SELECT c.name, c.email FROM customers c',
    'SELECT row_to_json(c) FROM customers c',
    'SELECT 1 = 1, 2 > 1',
    'SELECT pg_catalog.lower($1)',
    'SELECT 1::int, $1::text, CAST(2 AS bigint), ROW(1)::pair'
  ])('lets through immutable and stable calls: %s', async (sql) => {
    await expect(check(sql)).resolves.toBeUndefined();
  });

  it.each([
    ['SELECT touch()', /public\.touch\(\) is not allowed in read-only mode: it is VOLATILE/],
    ['SELECT public.touch()', /VOLATILE/],
    ["SELECT twin('a')", /public\.twin\(\) .*VOLATILE/],
    ['SELECT * FROM customers WHERE id IN (SELECT touch())', /VOLATILE/],
    ['SELECT c.bump FROM customers c', /field notation "\.bump" calls public\.bump\(\)/],
    ['SELECT (c).bump FROM customers c', /field notation "\.bump"/],
    ['SELECT 1 === 1', /operator === calls public\.loose_eq\(\)/],
    ["SELECT nextval('customers_id_seq')", /nextval\(\) .*VOLATILE/],
    ["SELECT * FROM pg_read_file('/etc/passwd')", /pg_read_file\(\) is not allowed: it reads or lists files/],
    ['SELECT no_such_schema.pg_sleep(1)', /pg_sleep\(\) is not allowed/],
    ["SELECT query_to_xml('DELETE FROM orders', true, false, '')", /runs SQL text that is not checked/],
    ['SELECT 1::noisy', /A cast to noisy \(a cast function or domain check\) calls public\.noisy_check\(\)/],
    ['SELECT CAST(1 AS public.noisier)', /cast to noisier .*noisy_check/],
    ["SELECT '{1}'::noisy[]", /noisy_check/],
    ['SELECT ROW(1)::pair::point', /A cast to point .*calls public\.pair_point\(\)/],
    ['SELECT * FROM ROWS FROM (json_to_record(\'{"a": 1}\') AS (a noisy))', /noisy_check/]
  ])('refuses %s', async (sql, message) => {
    const error = await check(sql).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).message).toMatch(message);
  });
});

describe('transaction and protocol layer, with the parser and function checks bypassed', () => {
  it('refuses two statements in one string (extended protocol)', async () => {
    await expect(raw('COMMIT; DROP TABLE orders')).rejects.toThrow(
      /cannot insert multiple commands into a prepared statement/
    );
    await expect(raw('END; DELETE FROM orders')).rejects.toThrow(/multiple commands/);
    expect(await tableExists('orders')).toBe(true);
    expect(await orderCount()).toBe(3);
  });

  it('refuses writes, including writable CTEs and SELECT INTO, in the read-only transaction', async () => {
    for (const sql of [
      'DELETE FROM orders',
      'WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d',
      'SELECT * INTO stolen FROM orders'
    ]) {
      await expect(raw(sql)).rejects.toMatchObject({ code: '25006' });
    }
    expect(await orderCount()).toBe(3);
    expect(await tableExists('stolen')).toBe(false);
  });

  it('rolls back even a transaction switched to read-write, and the next one is read-only again', async () => {
    await database.readOnly(async (client) => {
      await streamRows(client, 'SET TRANSACTION READ WRITE', [], limits);
    });
    await expect(raw('DELETE FROM orders')).rejects.toMatchObject({ code: '25006' });
    const { rows } = await database.readOnly((client) =>
      streamRows(client, 'SHOW default_transaction_read_only', [], limits)
    );
    expect(rows).toEqual([['on']]);
    expect(await orderCount()).toBe(3);
  });

  it('stops pg_sleep(3600) with the statement timeout', async () => {
    const started = Date.now();
    await expect(raw('SELECT pg_sleep(3600)')).rejects.toMatchObject({ code: '57014' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('discards a connection after an error instead of reusing it', async () => {
    const pid = () =>
      database.readOnly(async (client) => (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number);
    const first = await pid();
    expect(await pid()).toBe(first);
    await expect(raw('SELECT 1/0')).rejects.toMatchObject({ code: '22012' });
    expect(await pid()).not.toBe(first);
  });

  it('survives its connection being terminated between two queries, and replaces it', async () => {
    const dying = database.readOnly(async (client) => {
      const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await db.admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await waitFor(
        async () => (await db.admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      return client.query('SELECT 1');
    });
    await expect(dying).rejects.toThrow(/terminat|Connection/i);
    expect((await raw('SELECT 1 AS ok')).rows).toEqual([[1]]);
  });

  it('says the pool is busy, not that the database is unreachable, when no connection frees up in time', async () => {
    const small = new Database({
      connectionString: db.url,
      poolSize: 1,
      statementTimeoutMs: 5000,
      accessMode: 'read-only',
      connectionTimeoutMs: 200
    });
    try {
      let release = (): void => undefined;
      const holding = small.readOnly(() => new Promise<void>((resolve) => (release = resolve)));
      await waitFor(async () => small.pool.totalCount === 1 && small.pool.idleCount === 0);
      await expect(small.readOnly((client) => client.query('SELECT 1'))).rejects.toThrow(
        /All 1 database connections stayed busy/
      );
      release();
      await holding;
      expect((await small.readOnly((client) => client.query('SELECT 1 AS ok'))).rows).toEqual([{ ok: 1 }]);
    } finally {
      await small.close();
    }
  });

  it('cancels the running statement when the caller aborts', async () => {
    const slow = new Database({
      connectionString: db.url,
      poolSize: 2,
      statementTimeoutMs: 60_000,
      accessMode: 'read-only'
    });
    try {
      const controller = new AbortController();
      const running = slow.readOnly((client) => streamRows(client, "SELECT pg_sleep(30), 'abort-me'", [], limits), {
        signal: controller.signal
      });
      await waitFor(
        async () =>
          (
            await db.admin.query(
              "SELECT 1 FROM pg_stat_activity WHERE query LIKE '%abort-me%' AND pid <> pg_backend_pid()"
            )
          ).rowCount === 1
      );
      controller.abort();
      await expect(running).rejects.toMatchObject({ code: '57014' });
      await waitFor(
        async () =>
          (
            await db.admin.query(
              "SELECT 1 FROM pg_stat_activity WHERE query LIKE '%abort-me%' AND state = 'active' AND pid <> pg_backend_pid()"
            )
          ).rowCount === 0
      );
    } finally {
      await slow.close();
    }
  });
});

describe('streaming layer', () => {
  it('fetches a billion-row result only up to the cap (one row more, to know there is more)', async () => {
    // With a 1 s statement timeout, producing 1e9 rows would be cancelled: finishing proves it stopped early.
    const result = await database.readOnly((client) =>
      streamRows(client, 'SELECT generate_series(1, 1000000000)', [], limits)
    );
    expect(result.rows).toHaveLength(101);
    expect(result.complete).toBe(false);
    expect(result.rows[0]).toEqual([1]);
  });

  it('stops at the byte cap before the row cap', async () => {
    const result = await database.readOnly((client) =>
      streamRows(client, 'SELECT * FROM wide ORDER BY id', [], { ...limits, maxBytes: 50_000 })
    );
    // 50 rows of 10 kB exist; only the first small batch past 50 kB is fetched.
    expect(result.rows.length).toBeGreaterThan(4);
    expect(result.rows.length).toBeLessThanOrEqual(10);
    expect(result.complete).toBe(false);
  });

  it('skips offset rows and reports the end', async () => {
    const result = await database.readOnly((client) =>
      streamRows(client, 'SELECT g FROM generate_series(1, 2500) g', [], { ...limits, offset: 2450 })
    );
    expect(result.rows).toHaveLength(50);
    expect(result.rows[0]).toEqual([2451]);
    expect(result.complete).toBe(true);
    const past = await database.readOnly((client) =>
      streamRows(client, 'SELECT g FROM generate_series(1, 10) g', [], { ...limits, offset: 50 })
    );
    expect(past).toMatchObject({ rows: [], complete: true });
  });

  it('stops a value too large to hold in memory as it arrives, and the next query gets a fresh connection', async () => {
    // Unguarded, node-postgres buffers it whole; past about 512 MB it cannot become a string and the process dies.
    const huge = database.readOnly((client) =>
      streamRows(client, `SELECT repeat('x', ${MAX_INCOMING_BYTES + 1_000_000}) AS v`, [], limits)
    );
    await expect(huge).rejects.toBeInstanceOf(IncomingTooLargeError);
    expect((await raw('SELECT 1 AS ok')).rows).toEqual([[1]]);
  });

  it('stops a batch whose rows together pass the limit (narrow rows first, then wide ones)', async () => {
    const sql = "SELECT CASE WHEN g <= 20 THEN 'x' ELSE repeat('x', 1000000) END FROM generate_series(1, 1000) g";
    await expect(
      database.readOnly((client) => streamRows(client, sql, [], { ...limits, maxRows: 1000 }))
    ).rejects.toBeInstanceOf(IncomingTooLargeError);
  });

  it('fails instead of hanging when its connection dies in the middle of a result', async () => {
    const streaming = database.readOnly((client) =>
      streamRows(client, "SELECT g, pg_sleep(0.05), 'dies-mid-stream' FROM generate_series(1, 400) g", [], limits)
    );
    let pid: number | undefined;
    await waitFor(async () => {
      pid = (
        await db.admin.query(
          "SELECT pid FROM pg_stat_activity WHERE query LIKE '%dies-mid-stream%' AND pid <> pg_backend_pid()"
        )
      ).rows[0]?.pid;
      return pid !== undefined;
    });
    await db.admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await expect(streaming).rejects.toThrow(/terminat/i);
    expect((await raw('SELECT 1 AS ok')).rows).toEqual([[1]]);
  });

  it('binds parameters instead of splicing them into the SQL', async () => {
    const result = await database.readOnly((client) =>
      streamRows(client, 'SELECT name FROM customers WHERE name = $1', ["Ada' OR '1'='1"], limits)
    );
    expect(result.rows).toEqual([]);
  });
});

describe('cost guard layer', () => {
  it('estimates the rows an aggregate must read and refuses over the limit', async () => {
    const estimate = await database.readOnly(async (client) =>
      estimatePlan(await explainJson(client, 'SELECT count(*) FROM events', []))
    );
    expect(estimate.rowsBeforeFirstRow).toBe(20_000);
    expect(estimate.heaviestStep).toBe('Seq Scan on events');
    expect(costGuardRefusal(estimate, 1000)?.message).toMatch(
      /about 20,000 rows \(Seq Scan on events\) before returning the first row/
    );
    expect(costGuardRefusal(estimate, 0)).toBeUndefined();
    expect(costGuardRefusal(estimate, 20_000)).toBeUndefined();
  });
});
