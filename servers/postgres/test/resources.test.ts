import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { openSession, type Session } from './support/session.js';

let db: TestDatabase;
let session: Session;

beforeAll(async () => {
  db = await createTestDatabase('resources');
  session = await openSession(db.url);
});

afterAll(async () => {
  await session?.close();
  await db?.drop();
});

const textOf = (contents: Array<{ text?: string } | { blob: string }>) => (contents[0] as { text: string }).text;

describe('resources', () => {
  it('lists one schema resource per table in every schema, never merging same-named tables, plus the overview', async () => {
    const { resources } = await session.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toEqual(
      expect.arrayContaining([
        'postgres://database/overview',
        'postgres://public/customers/schema',
        'postgres://sales/customers/schema',
        'postgres://Odd%20Schema/Mixed%20Case/schema',
        'postgres://public/paid_orders/schema'
      ])
    );
    expect(resources.find((r) => r.uri === 'postgres://public/customers/schema')).toMatchObject({
      name: 'public.customers',
      mimeType: 'application/json',
      description: 'People who buy things'
    });
    const { resourceTemplates } = await session.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain('postgres://{schema}/{table}/schema');
  });

  it('reads a table schema as JSON, for quoted names too', async () => {
    const sales = await session.client.readResource({ uri: 'postgres://sales/customers/schema' });
    expect(JSON.parse(textOf(sales.contents))).toMatchObject({
      schema: 'sales',
      name: 'customers',
      columns: [{ name: 'code' }, { name: 'region' }]
    });
    const odd = await session.client.readResource({ uri: 'postgres://Odd%20Schema/Mixed%20Case/schema' });
    expect(JSON.parse(textOf(odd.contents))).toMatchObject({ schema: 'Odd Schema', name: 'Mixed Case' });
  });

  it('answers a missing table or a malformed URI with an error naming it', async () => {
    await expect(session.client.readResource({ uri: 'postgres://public/nope/schema' })).rejects.toThrow(
      /No table or view named "nope" in schema "public"/
    );
    await expect(session.client.readResource({ uri: 'postgres://public/%E0%A4%A/schema' })).rejects.toThrow(
      /"table" is not valid percent-encoding in the URI/
    );
  });

  it('reads the database overview', async () => {
    const overview = JSON.parse(
      textOf((await session.client.readResource({ uri: 'postgres://database/overview' })).contents)
    );
    expect(overview).toMatchObject({
      database: db.name,
      accessMode: 'read-only',
      role: { user: 'postgres', roleIsReadOnly: false },
      schemas: expect.arrayContaining([expect.objectContaining({ name: 'sales', tables: 1 })])
    });
    expect(overview.serverVersion).toMatch(/^\d+/);
    expect(overview.sizeBytes).toBeGreaterThan(0);
  });

  it('still lists (the overview) when the database is unreachable, and reading says why', async () => {
    const offline = await openSession('postgres://nobody:secret@127.0.0.1:1/none', { poolSize: 1 });
    try {
      const { resources } = await offline.client.listResources();
      expect(resources.map((r) => r.uri)).toEqual(['postgres://database/overview']);
      await expect(offline.client.readResource({ uri: 'postgres://database/overview' })).rejects.toThrow(
        /ECONNREFUSED/
      );
      const tool = await offline.client.callTool({ name: 'list_schemas', arguments: {} });
      expect(tool.isError).toBe(true);
      expect((tool.content as Array<{ text: string }>)[0]!.text).toMatch(
        /Could not reach PostgreSQL: .*ECONNREFUSED[\s\S]*DATABASE_URL/
      );
      expect(JSON.stringify(tool)).not.toContain('secret');
    } finally {
      await offline.close();
    }
  });
});

describe('prompts', () => {
  it('lists explain_query and write_query with their arguments', async () => {
    const { prompts } = await session.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['explain_query', 'write_query']);
    expect(prompts.find((p) => p.name === 'write_query')?.arguments?.map((a) => [a.name, a.required])).toEqual([
      ['task', true],
      ['schema', false]
    ]);
  });

  it('explain_query gives the plan, the schema of the tables read, and guidance', async () => {
    const prompt = await session.client.getPrompt({
      name: 'explain_query',
      arguments: { sql: 'WITH c AS (SELECT * FROM customers) SELECT * FROM orders o JOIN c ON c.id = o.customer_id' }
    });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toMatch(/Tables it reads:[\s\S]*table public\.orders[\s\S]*\| customer_id \| integer \|/);
    expect(text).toMatch(/Plan \(EXPLAIN, not executed\):\n```\n(Hash|Merge|Nested)/);
    expect(text).toMatch(/hypotheticalIndexes/);
  });

  it('explain_query refuses what run_query would refuse', async () => {
    await expect(
      session.client.getPrompt({ name: 'explain_query', arguments: { sql: 'SELECT 1; DROP TABLE orders' } })
    ).rejects.toThrow(/2 statements/);
    await expect(
      session.client.getPrompt({ name: 'explain_query', arguments: { sql: 'SELECT * FROM nope' } })
    ).rejects.toThrow(/42P01/);
    await expect(
      session.client.getPrompt({ name: 'explain_query', arguments: { sql: 'SELECT * FROM orders WHERE id = $1' } })
    ).rejects.toThrow(/uses \$1..\$1, and this prompt takes no params[\s\S]*explain_query tool/);
  });

  it('write_query lists tables with columns and keys, and the rules', async () => {
    const all = await session.client.getPrompt({
      name: 'write_query',
      arguments: { task: 'Top customers by revenue' }
    });
    const text = (all.messages[0]!.content as { text: string }).text;
    expect(text).toMatch(/Top customers by revenue/);
    expect(text).toMatch(/- public\.orders \(table ~3 rows\): id bigint, customer_id integer, total numeric\(10,2\)/);
    expect(text).toMatch(/keys: PRIMARY KEY \(id\); FOREIGN KEY \(customer_id\) REFERENCES customers\(id\)/);
    expect(text).toMatch(/At most 200 rows come back per call and every statement stops after 5 s \(5000 ms\)/);
    const sales = await session.client.getPrompt({ name: 'write_query', arguments: { task: 'x', schema: 'sales' } });
    const salesText = (sales.messages[0]!.content as { text: string }).text;
    expect(salesText).toMatch(/sales\.customers/);
    expect(salesText).not.toMatch(/public\.orders/);
  });

  it('write_query requires a task', async () => {
    await expect(session.client.getPrompt({ name: 'write_query', arguments: {} })).rejects.toThrow(/task/);
  });
});
