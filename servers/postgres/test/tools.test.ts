import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/postgres/database.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { call, openSession, type Session } from './support/session.js';

let db: TestDatabase;
let ro: Session;

beforeAll(async () => {
  db = await createTestDatabase('tools');
  ro = await openSession(db.url);
});

afterAll(async () => {
  await ro?.close();
  await db?.drop();
});

/** Asserts an actionable error: isError, the expected message, and no stack trace. */
async function expectError(session: Session, tool: string, args: Record<string, unknown>, message: RegExp) {
  const result = await call(session.client, tool, args);
  expect(result.isError, `${tool} ${JSON.stringify(args)} should fail: ${result.text}`).toBe(true);
  expect(result.text).toMatch(message);
  expect(result.text).not.toMatch(/\bat \S+:\d+:\d+/);
  return result;
}

describe('tool list', () => {
  it('offers the read-only tools with schemas and honest annotations, and no execute_sql', async () => {
    const { tools } = await ro.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'analyze_db_health',
      'check_role_access',
      'describe_table',
      'explain_query',
      'get_slow_queries',
      'list_schemas',
      'list_tables',
      'run_query'
    ]);
    for (const tool of tools) {
      expect(tool.annotations, tool.name).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      expect(tool.outputSchema, tool.name).toBeTruthy();
      expect(tool.description!.length, tool.name).toBeGreaterThan(80);
    }
    const runQuery = tools.find((t) => t.name === 'run_query')!;
    expect(runQuery.inputSchema.properties).toHaveProperty('params');
    expect(JSON.stringify(runQuery.inputSchema)).toContain("default and cap: the server's --max-rows, 200");
  });

  it('adds execute_sql, annotated destructive, only in read-write mode', async () => {
    const rw = await openSession(db.url, { accessMode: 'read-write' });
    try {
      const { tools } = await rw.client.listTools();
      expect(tools.find((t) => t.name === 'execute_sql')?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false
      });
    } finally {
      await rw.close();
    }
  });

  it('does not let a tool argument switch on writes', async () => {
    await expectError(
      ro,
      'run_query',
      { sql: 'SELECT 1', access_mode: 'read-write' },
      /unknown argument "access_mode"/
    );
    await expect(ro.client.callTool({ name: 'execute_sql', arguments: { sql: 'DELETE FROM orders' } })).rejects.toThrow(
      /execute_sql not found/
    );
    expect((await db.admin.query('SELECT count(*)::int AS n FROM orders')).rows[0].n).toBe(3);
  });
});

describe('run_query', () => {
  it('returns a readable table plus columns with types and faithful values', async () => {
    const result = await call(ro.client, 'run_query', { sql: 'SELECT * FROM types_demo' });
    expect(result.isError).toBeUndefined();
    expect(result.structured.columns).toEqual([
      { name: 'b', type: 'boolean' },
      { name: 'i2', type: 'smallint' },
      { name: 'i8', type: 'bigint' },
      { name: 'n', type: 'numeric' },
      { name: 'f', type: 'double precision' },
      { name: 'fnan', type: 'double precision' },
      { name: 'd', type: 'date' },
      { name: 'ts', type: 'timestamp without time zone' },
      { name: 'tstz', type: 'timestamp with time zone' },
      { name: 'iv', type: 'interval' },
      { name: 'bin', type: 'bytea' },
      { name: 'arr', type: 'integer[]' },
      { name: 'j', type: 'json' },
      { name: 'u', type: 'uuid' }
    ]);
    // bigint and numeric stay exact strings, timestamps stay as PostgreSQL printed them (no time zone shift).
    expect(result.structured.rows).toEqual([
      [
        true,
        7,
        '9007199254740993',
        '1.10',
        1.5,
        'NaN',
        '2026-03-04',
        '2026-03-04 05:06:07',
        '2026-03-04 05:06:07+00',
        '1 day 02:00:00',
        '\\xdeadbeef',
        '{1,2,3}',
        { a: [1, 2] },
        '00000000-0000-0000-0000-000000000001'
      ]
    ]);
    expect(result.text).toMatch(/^1 row\.\n\n\| b \| i2 \| i8 \|/);
    expect(result.structured).toMatchObject({ rowCount: 1 });
    expect(result.structured.notice).toBeUndefined();
  });

  it('returns JSON nested deeper than MAX_JSON_DEPTH as text instead of failing to serialise it', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const result = await call(ro.client, 'run_query', {
      sql: `SELECT $1::jsonb AS deep, $2::json AS edge, '{"a": "[[[{{"}'::jsonb AS brackets_in_strings`,
      params: [nested(5 * MAX_JSON_DEPTH), nested(MAX_JSON_DEPTH)]
    });
    expect(result.isError, result.text).toBeUndefined();
    const [deep, edge, inStrings] = result.structured.rows[0];
    expect(deep).toBe(nested(5 * MAX_JSON_DEPTH));
    expect(Array.isArray(edge)).toBe(true);
    expect(JSON.stringify(edge)).toBe(nested(MAX_JSON_DEPTH));
    expect(inStrings).toEqual({ a: '[[[{{' });
  });

  it('escapes pipes and newlines in the text table, keeping the raw value in structuredContent', async () => {
    const result = await call(ro.client, 'run_query', { sql: 'SELECT note FROM orders WHERE id = 1' });
    expect(result.text).toContain('| first\\|order\\nline two |');
    expect(result.structured.rows).toEqual([['first|order\nline two']]);
  });

  it('binds params and keeps duplicate column names', async () => {
    const result = await call(ro.client, 'run_query', {
      sql: 'SELECT $1::int + 1 AS x, $2::text AS x, $3::boolean AS y, $4::text AS z',
      params: [41, 'a', true, null]
    });
    expect(result.structured.columns.map((c: { name: string }) => c.name)).toEqual(['x', 'x', 'y', 'z']);
    expect(result.structured.rows).toEqual([[42, 'a', true, null]]);
  });

  it('pages with limit and offset, saying how to get more', async () => {
    const first = await call(ro.client, 'run_query', { sql: 'SELECT id FROM events ORDER BY id', limit: 3 });
    expect(first.structured).toMatchObject({ rows: [[1], [2], [3]], nextOffset: 3 });
    expect(first.text).toContain(
      '[showing the first 3 rows; more exist, pass offset=3 or narrow the query with WHERE or LIMIT]'
    );
    const next = await call(ro.client, 'run_query', {
      sql: 'SELECT id FROM events ORDER BY id',
      limit: 3,
      offset: 3
    });
    expect(next.structured).toMatchObject({ rows: [[4], [5], [6]], nextOffset: 6 });
    const last = await call(ro.client, 'run_query', {
      sql: 'SELECT id FROM events ORDER BY id',
      limit: 3,
      offset: 19_998
    });
    expect(last.structured).toMatchObject({ rows: [[19_999], [20_000]] });
    const past = await call(ro.client, 'run_query', { sql: 'SELECT id FROM events', offset: 30_000 });
    expect(past.text).toMatch(/No rows at offset 30,000/);
  });

  it('stops at the byte cap', async () => {
    const small = await openSession(db.url, { maxBytes: 5000 });
    try {
      const result = await call(small.client, 'run_query', { sql: 'SELECT * FROM events ORDER BY id' });
      expect(result.structured.rows.length).toBeGreaterThan(20);
      expect(result.structured.rows.length).toBeLessThan(200);
      expect(JSON.stringify(result.structured.rows).length).toBeLessThanOrEqual(5001);
      expect(result.structured.nextOffset).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });

  it('runs SHOW, VALUES, TABLE and EXPLAIN', async () => {
    expect((await call(ro.client, 'run_query', { sql: 'SHOW statement_timeout' })).structured.rows).toEqual([['5s']]);
    expect((await call(ro.client, 'run_query', { sql: 'VALUES (1, 2)' })).structured.rows).toEqual([[1, 2]]);
    expect((await call(ro.client, 'run_query', { sql: 'TABLE sales.customers' })).structured.rows).toEqual([
      ['C1', 'north']
    ]);
    const plan = await call(ro.client, 'run_query', { sql: 'EXPLAIN SELECT * FROM orders' });
    expect(plan.structured.columns).toEqual([{ name: 'QUERY PLAN', type: 'text' }]);
  });

  it('refuses a query over the cost guard with the estimate and a hint', async () => {
    const guarded = await openSession(db.url, { maxEstimatedRows: 1000 });
    try {
      const error = await expectError(
        guarded,
        'run_query',
        { sql: 'SELECT kind, count(*) FROM events GROUP BY kind' },
        /about 20,000 rows \(Seq Scan on events\)/
      );
      expect(error.text).toMatch(/limit of 1,000[\s\S]*--max-estimated-rows/);
      // Streaming the same table costs only the cap, so it is allowed.
      expect((await call(guarded.client, 'run_query', { sql: 'SELECT * FROM events' })).isError).toBeUndefined();
    } finally {
      await guarded.close();
    }
  });

  it.each([
    [{}, /"sql": required/],
    [{ sql: '' }, /sql must not be empty/],
    [{ sql: 42 }, /"sql": Invalid input: expected string/],
    [{ sql: 'x'.repeat(100_001) }, /at most 100000 characters/],
    [{ sql: '   ' }, /The SQL is empty/],
    [{ sql: 'SELECT 1; SELECT 2' }, /2 statements; exactly one is allowed/],
    [{ sql: 'SELEC 1' }, /Syntax error at character 1/],
    [
      { sql: 'SELECT * FROM no_such_table' },
      /42P01: relation "no_such_table" does not exist \(at character 15[\s\S]*list_tables/
    ],
    [{ sql: 'SELECT nme FROM customers' }, /42703[\s\S]*describe_table[\s\S]*Perhaps you meant/],
    [{ sql: 'SELECT $1 + 1', params: ['abc'] }, /22P02|42725|could not determine/],
    [{ sql: 'SELECT $1::int' }, /The SQL uses \$1 but params has 0 values[\s\S]*each of \$1..\$1/],
    [{ sql: 'SELECT $1::int', params: [1, 2] }, /params has 2 values but the SQL uses only \$1..\$1/],
    [{ sql: 'SELECT 1', params: ['x'] }, /params has 1 value but the SQL uses no \$n placeholders/],
    [{ sql: 'SELECT $1::int + $3::int', params: [1, 2] }, /uses \$3 but params has 2 values/],
    [{ sql: 'SELECT 1', params: 'x' }, /"params": Invalid input: expected array/],
    [{ sql: 'SELECT 1', params: [{}] }, /"params.0"/],
    [{ sql: 'SELECT 1', params: Array(101).fill(1) }, /at most 100 params/],
    [{ sql: 'SELECT 1', limit: 0 }, /"limit"/],
    [{ sql: 'SELECT 1', limit: 201 }, /limit must be at most 200/],
    [{ sql: 'SELECT 1', limit: 1.5 }, /"limit"/],
    [{ sql: 'SELECT 1', offset: -1 }, /"offset"/],
    [{ sql: 'SELECT 1', offset: 2_000_000 }, /offset must be at most 1000000/],
    [{ sql: 'DELETE FROM orders' }, /DELETE is not allowed here[\s\S]*execute_sql/],
    [{ sql: 'SELECT 1', extra: true }, /unknown argument "extra"/]
  ])('answers bad input %j with an actionable error', async (args, message) => {
    await expectError(ro, 'run_query', args as Record<string, unknown>, message);
  });

  it('never logs the SQL or params', async () => {
    await call(ro.client, 'run_query', { sql: "SELECT 'secret-sql-text'", params: [] });
    await call(ro.client, 'run_query', { sql: 'SELECT $1::text', params: ['secret-param'] });
    const logs = JSON.stringify(ro.logLines());
    expect(logs).toContain('"tool":"run_query"');
    expect(logs).not.toContain('secret-sql-text');
    expect(logs).not.toContain('secret-param');
  });
});

describe('list_schemas', () => {
  it('lists user schemas with counts, and system ones on request', async () => {
    const result = await call(ro.client, 'list_schemas');
    const names = result.structured.schemas.map((s: { name: string }) => s.name);
    expect(names).toEqual(['Odd Schema', 'public', 'sales']);
    expect(result.structured.schemas[1]).toMatchObject({ name: 'public', tables: 4 });
    expect(result.text).toMatch(/\| public \| .* \| 4 \|/);
    const all = await call(ro.client, 'list_schemas', { includeSystem: true });
    expect(all.structured.schemas.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['pg_catalog', 'information_schema'])
    );
  });

  it.each([
    [{ includeSystem: 'yes' }, /"includeSystem"/],
    [{ schema: 'public' }, /unknown argument "schema"/]
  ])('answers bad input %j', async (args, message) => {
    await expectError(ro, 'list_schemas', args, message);
  });
});

describe('list_tables', () => {
  it('lists tables of every schema separately, with estimates and sizes', async () => {
    const result = await call(ro.client, 'list_tables');
    const names = result.structured.tables.map((t: { schema: string; name: string }) => `${t.schema}.${t.name}`);
    expect(names).toEqual(
      expect.arrayContaining(['public.customers', 'sales.customers', 'Odd Schema.Mixed Case', 'public.paid_orders'])
    );
    expect(result.structured.tables.find((t: { name: string }) => t.name === 'events')).toMatchObject({
      kind: 'table',
      rowEstimate: 20_000
    });
    expect(result.structured.tables.find((t: { name: string }) => t.name === 'customers')).toMatchObject({
      comment: 'People who buy things'
    });
    expect(result.text).toMatch(/\| public \| events \| table \| 20,000 \|/);
  });

  it('filters by schema, name and kind, and pages', async () => {
    expect((await call(ro.client, 'list_tables', { schema: 'sales' })).structured.tables).toHaveLength(1);
    const byName = await call(ro.client, 'list_tables', { nameContains: 'ORDER' });
    expect(byName.structured.tables.map((t: { name: string }) => t.name).sort()).toEqual([
      'order_totals',
      'orders',
      'paid_orders'
    ]);
    const views = await call(ro.client, 'list_tables', {
      kinds: ['view', 'materialized_view'],
      nameContains: 'order'
    });
    expect(views.structured.tables.map((t: { kind: string }) => t.kind).sort()).toEqual(['materialized_view', 'view']);
    const page = await call(ro.client, 'list_tables', { limit: 2 });
    expect(page.structured).toMatchObject({ nextOffset: 2 });
    expect(page.structured.tables).toHaveLength(2);
    expect(page.text).toMatch(/pass offset=2 for more/);
    const second = await call(ro.client, 'list_tables', { limit: 2, offset: 2 });
    expect(second.structured.tables[0].name).not.toBe(page.structured.tables[0].name);
    const none = await call(ro.client, 'list_tables', { schema: 'no_such_schema' });
    expect(none.text).toBe('No tables match.');
  });

  it.each([
    [{ schema: '' }, /schema name must not be empty/],
    [{ nameContains: '' }, /"nameContains"/],
    [{ nameContains: 'x'.repeat(64) }, /"nameContains"/],
    [{ kinds: [] }, /"kinds"/],
    [{ kinds: ['table', 'sequence'] }, /"kinds.1"/],
    [{ limit: 0 }, /"limit"/],
    [{ limit: 501 }, /"limit"/],
    [{ offset: -1 }, /"offset"/]
  ])('answers bad input %j', async (args, message) => {
    await expectError(ro, 'list_tables', args as Record<string, unknown>, message);
  });
});

describe('describe_table', () => {
  it('describes columns, constraints, indexes, foreign keys both ways and comments', async () => {
    const orders = await call(ro.client, 'describe_table', { table: 'orders' });
    expect(orders.structured).toMatchObject({ schema: 'public', name: 'orders', kind: 'table', rowEstimate: 3 });
    expect(orders.structured.columns[0]).toMatchObject({
      name: 'id',
      type: 'bigint',
      nullable: false,
      identity: 'always'
    });
    expect(orders.structured.columns.find((c: { name: string }) => c.name === 'status')).toMatchObject({
      default: "'new'::text"
    });
    expect(orders.structured.constraints).toEqual(
      expect.arrayContaining([
        { name: 'orders_pkey', type: 'primary key', definition: 'PRIMARY KEY (id)' },
        { name: 'orders_total_check', type: 'check', definition: 'CHECK (total >= 0::numeric)' }
      ])
    );
    expect(orders.structured.indexes.map((i: { name: string }) => i.name)).toEqual([
      'orders_pkey',
      'orders_customer_idx'
    ]);
    expect(orders.structured.foreignKeys).toEqual([
      expect.objectContaining({
        direction: 'outgoing',
        table: 'customers',
        columns: ['customer_id'],
        referencedColumns: ['id']
      })
    ]);
    expect(orders.text).toMatch(/FOREIGN KEY \(customer_id\) REFERENCES customers\(id\)/);

    const customers = await call(ro.client, 'describe_table', { schema: 'public', table: 'customers' });
    expect(customers.structured.comment).toBe('People who buy things');
    expect(customers.structured.columns.find((c: { name: string }) => c.name === 'email').comment).toBe(
      'Login address'
    );
    expect(customers.structured.foreignKeys).toEqual([
      expect.objectContaining({ direction: 'incoming', table: 'orders', columns: ['customer_id'] })
    ]);
  });

  it('keeps same-named tables apart and handles quoted names', async () => {
    const sales = await call(ro.client, 'describe_table', { schema: 'sales', table: 'customers' });
    expect(sales.structured.columns.map((c: { name: string }) => c.name)).toEqual(['code', 'region']);
    const odd = await call(ro.client, 'describe_table', { table: 'Mixed Case' });
    expect(odd.structured).toMatchObject({ schema: 'Odd Schema', columns: [{ name: 'Id' }, { name: 'a|b' }] });
    const view = await call(ro.client, 'describe_table', { table: 'paid_orders' });
    expect(view.structured.viewDefinition).toMatch(/WHERE (orders\.)?status = 'paid'::text/);
  });

  it.each([
    [{}, /"table": required/],
    [{ table: '' }, /table name must not be empty/],
    [{ table: 'customers' }, /exists in several schemas: public, sales[\s\S]*Pass "schema"/],
    [{ table: 'custom' }, /No table or view named "custom"[\s\S]*Similar names: public\.customers, sales\.customers/],
    [{ table: 'orders', schema: 'sales' }, /No table or view named "orders" in schema "sales"/],
    [{ table: 'Orders' }, /case-sensitive/],
    [{ table: 'orders', schema: '' }, /schema name must not be empty/],
    [{ table: 'x'.repeat(257) }, /at most 256 characters/]
  ])('answers bad input %j', async (args, message) => {
    await expectError(ro, 'describe_table', args as Record<string, unknown>, message);
  });
});

describe('explain_query', () => {
  it('shows the text plan with the estimate, substituting params', async () => {
    const result = await call(ro.client, 'explain_query', {
      sql: 'SELECT * FROM orders WHERE customer_id = $1',
      params: [1]
    });
    expect(result.structured.plan).toMatch(/Scan on orders/);
    expect(result.structured.plan).toMatch(/customer_id = 1/);
    expect(result.structured).toMatchObject({ refusedByCostGuard: false, hypotheticalIndexes: [] });
    expect(result.text).toMatch(/Estimate: \d+ result row\(s\)/);
  });

  it('returns the JSON plan, and with analyze the actual rows', async () => {
    const result = await call(ro.client, 'explain_query', {
      sql: 'SELECT count(*) FROM events',
      format: 'json',
      analyze: true
    });
    expect(JSON.parse(result.structured.plan)).toMatchObject({ 'Node Type': 'Aggregate', 'Actual Rows': 1 });
    expect(result.structured.estimate).toMatchObject({
      rowsBeforeFirstRow: 20_000,
      heaviestStep: 'Seq Scan on events'
    });
  });

  it('plans a write without running it', async () => {
    const result = await call(ro.client, 'explain_query', { sql: 'DELETE FROM orders WHERE id = 1' });
    expect(result.structured.plan).toMatch(/Delete on orders/);
    expect((await db.admin.query('SELECT count(*)::int AS n FROM orders')).rows[0].n).toBe(3);
  });

  it('reports what the cost guard would refuse, and refuses to ANALYZE it', async () => {
    const guarded = await openSession(db.url, { maxEstimatedRows: 1000 });
    try {
      const plan = await call(guarded.client, 'explain_query', { sql: 'SELECT count(*) FROM events' });
      expect(plan.structured.refusedByCostGuard).toBe(true);
      expect(plan.text).toMatch(/run_query would refuse this statement/);
      await expectError(guarded, 'explain_query', { sql: 'SELECT count(*) FROM events', analyze: true }, /cost guard/);
    } finally {
      await guarded.close();
    }
  });

  it.each([
    [{}, /"sql": required/],
    [{ sql: '' }, /sql must not be empty/],
    [{ sql: 'SELECT 1; SELECT 2' }, /2 statements/],
    [{ sql: 'EXPLAIN SELECT 1' }, /EXPLAIN of EXPLAIN[\s\S]*without EXPLAIN/],
    [{ sql: 'SHOW ALL' }, /EXPLAIN of SHOW/],
    [{ sql: 'SELECT * FROM nope' }, /42P01[\s\S]*at character 15/],
    [{ sql: 'SELECT pg_sleep(1)' }, /pg_sleep\(\) is not allowed/],
    [{ sql: 'UPDATE orders SET total = 0', analyze: true }, /UPDATE writes/],
    [{ sql: 'SELECT 1', format: 'yaml' }, /"format"/],
    [{ sql: 'SELECT 1', analyze: 'yes' }, /"analyze"/],
    [{ sql: 'SELECT 1', params: [[1]] }, /"params.0"/],
    [{ sql: 'SELECT * FROM orders WHERE id = $1' }, /uses \$1 but params has 0 values/],
    [{ sql: 'SELECT 1', hypotheticalIndexes: [{ table: 'orders', columns: [] }] }, /"hypotheticalIndexes.0.columns"/],
    [
      { sql: 'SELECT 1', hypotheticalIndexes: [{ table: 'orders', columns: ['status'], method: 'rtree' }] },
      /"hypotheticalIndexes.0.method"/
    ],
    [
      { sql: 'SELECT 1', hypotheticalIndexes: Array(11).fill({ table: 'orders', columns: ['status'] }) },
      /"hypotheticalIndexes"/
    ],
    [
      { sql: 'SELECT 1', analyze: true, hypotheticalIndexes: [{ table: 'orders', columns: ['status'] }] },
      /cannot be combined with analyze/
    ]
  ])('answers bad input %j', async (args, message) => {
    await expectError(ro, 'explain_query', args as Record<string, unknown>, message);
  });
});

describe('execute_sql (read-write mode)', () => {
  let rw: Session;
  beforeAll(async () => {
    rw = await openSession(db.url, { accessMode: 'read-write' });
  });
  afterAll(async () => {
    await rw?.close();
  });

  it('inserts with RETURNING, updates and runs DDL, committing each', async () => {
    const inserted = await call(rw.client, 'execute_sql', {
      sql: 'INSERT INTO customers (name) VALUES ($1), ($2) RETURNING id, name',
      params: ['Kay', 'Lin']
    });
    expect(inserted.structured).toMatchObject({
      command: 'INSERT',
      rowCount: 2,
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'text' }
      ]
    });
    expect(inserted.structured.rows.map((r: unknown[]) => r[1])).toEqual(['Kay', 'Lin']);
    expect(inserted.text).toMatch(/^INSERT: 2 row\(s\)\. Committed\./);

    const updated = await call(rw.client, 'execute_sql', {
      sql: "UPDATE customers SET email = name || '@example.com' WHERE email IS NULL"
    });
    expect(updated.structured).toMatchObject({ command: 'UPDATE', rowCount: 3, rows: [], truncated: false });

    const created = await call(rw.client, 'execute_sql', { sql: 'CREATE TABLE audit_log (id int)' });
    expect(created.structured).toMatchObject({ command: 'CREATE', rowCount: 0 });
    expect((await db.admin.query("SELECT to_regclass('audit_log') IS NOT NULL AS ok")).rows[0].ok).toBe(true);
    expect(
      (await db.admin.query("SELECT count(*)::int AS n FROM customers WHERE email LIKE '%@example.com'")).rows[0].n
    ).toBe(5);
  });

  it('caps RETURNING rows but reports the full count', async () => {
    const result = await call(rw.client, 'execute_sql', {
      sql: 'INSERT INTO audit_log SELECT generate_series(1, 450) RETURNING id'
    });
    expect(result.structured).toMatchObject({ rowCount: 450, truncated: true });
    expect(result.structured.rows).toHaveLength(200);
    expect(result.structured.notice).toMatch(/showing 200 of 450 rows; the statement already ran/);
    expect((await db.admin.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(450);
  });

  it('keeps run_query read-only in read-write mode', async () => {
    await expectError(rw, 'run_query', { sql: 'DELETE FROM audit_log' }, /DELETE is not allowed here/);
  });

  it.each([
    [{}, /"sql": required/],
    [{ sql: '' }, /sql must not be empty/],
    [{ sql: 'DELETE FROM audit_log; DROP TABLE audit_log' }, /2 statements/],
    [{ sql: 'BEGIN' }, /Transaction control is not allowed/],
    [{ sql: "COPY audit_log FROM '/etc/hostname'" }, /COPY is not allowed/],
    [{ sql: 'DO $$BEGIN NULL; END$$' }, /DO is not allowed/],
    [{ sql: 'SET search_path = sales' }, /SET is not allowed/],
    [{ sql: "SELECT pg_read_file('/etc/hostname')" }, /pg_read_file\(\) is not allowed/],
    [
      { sql: "INSERT INTO customers (name, email) VALUES ('Dup', 'ada@example.com')" },
      /23505[\s\S]*Detail: Key \(email\)[\s\S]*violates a constraint/
    ],
    [{ sql: 'INSERT INTO nowhere VALUES (1)' }, /42P01/],
    [{ sql: 'VACUUM audit_log' }, /25001[\s\S]*cannot run inside a transaction block/],
    [{ sql: 'SELECT 1', params: {} }, /"params"/],
    [{ sql: 'DELETE FROM audit_log WHERE id = $2', params: [1] }, /uses \$2 but params has 1 value\./],
    [{ sql: 'SELECT * FROM pg_hba_file_rules' }, /Reading pg_hba_file_rules is not allowed/]
  ])('answers bad input %j', async (args, message) => {
    await expectError(rw, 'execute_sql', args as Record<string, unknown>, message);
  });

  it('rolls back a failed statement', async () => {
    await expectError(
      rw,
      'execute_sql',
      { sql: 'INSERT INTO orders (customer_id, total) VALUES (1, 1), (999, 1)' },
      /23503/
    );
    expect((await db.admin.query('SELECT count(*)::int AS n FROM orders')).rows[0].n).toBe(3);
  });
});
