import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { call, openSession, type Session } from './support/session.js';

// What a model reads to learn the schema: issue 14 new-user items 3 and 9.
let db: TestDatabase;
let session: Session;

beforeAll(async () => {
  db = await createTestDatabase('context');
  await db.admin.query(`
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE DOMAIN strict_mood AS mood CHECK (VALUE <> 'sad');
    CREATE TABLE moods (id int PRIMARY KEY, m mood NOT NULL, ms mood[], sm strict_mood, note text);
    INSERT INTO moods VALUES (1, 'ok', '{sad,happy}', 'happy', repeat('long-note ', 60)), (2, 'sad', NULL, NULL, 'short');`);
  session = await openSession(db.url);
});

afterAll(async () => {
  await session?.close();
  await db?.drop();
});

const promptText = (prompt: { messages: Array<{ content: unknown }> }) =>
  (prompt.messages[0]!.content as { text: string }).text;

describe('extension-owned relations', () => {
  it('list_tables leaves out the pg_stat_statements views by default, says so, and lists them on request', async () => {
    const result = await call(session.client, 'list_tables', { schema: 'public' });
    const names = result.structured.tables.map((t: { name: string }) => t.name);
    expect(names).toContain('customers');
    expect(names.filter((n: string) => n.startsWith('pg_stat_statements'))).toEqual([]);
    expect(result.structured.total).toBe(names.length);
    expect(result.text).toMatch(
      /2 relation\(s\) that belong to extensions are not listed; pass includeExtensions: true/
    );
    const all = await call(session.client, 'list_tables', { schema: 'public', includeExtensions: true });
    expect(all.structured.tables.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['pg_stat_statements', 'pg_stat_statements_info'])
    );
    expect(all.structured.total).toBe(result.structured.total + 2);
  });

  it('pages over what is listed: pages join up without gaps or repeats', async () => {
    const whole = await call(session.client, 'list_tables', { limit: 500 });
    const seen: string[] = [];
    let offset: number | undefined = 0;
    for (let page = 0; offset !== undefined && page < 20; page++) {
      const result = await call(session.client, 'list_tables', { limit: 2, offset });
      seen.push(...result.structured.tables.map((t: { schema: string; name: string }) => `${t.schema}.${t.name}`));
      expect(result.structured.total).toBe(whole.structured.total);
      offset = result.structured.nextOffset;
    }
    expect(seen).toEqual(whole.structured.tables.map((t: { schema: string; name: string }) => `${t.schema}.${t.name}`));
  });

  it('the write_query prompt and the table resources leave them out too', async () => {
    const text = promptText(await session.client.getPrompt({ name: 'write_query', arguments: { task: 'x' } }));
    expect(text).toMatch(/public\.customers/);
    expect(text).not.toMatch(/pg_stat_statements/);
    const { resources } = await session.client.listResources();
    expect(resources.map((r) => r.uri)).toContain('postgres://public/customers/schema');
    expect(resources.map((r) => r.uri).filter((u) => u.includes('pg_stat_statements'))).toEqual([]);
  });
});

describe('describe_table', () => {
  it('shows the labels of enum columns, also through arrays and domains', async () => {
    const result = await call(session.client, 'describe_table', { table: 'moods' });
    expect(result.isError, result.text).toBeUndefined();
    const byName = Object.fromEntries(
      result.structured.columns.map((c: { name: string; enumValues?: string[] }) => [c.name, c.enumValues])
    );
    expect(byName).toMatchObject({ m: ['sad', 'ok', 'happy'], ms: ['sad', 'ok', 'happy'], sm: ['sad', 'ok', 'happy'] });
    expect(byName.note).toBeUndefined();
    expect(result.text).toMatch(/\| m \| mood \(enum: 'sad', 'ok', 'happy'\) \|/);
    const resource = await session.client.readResource({ uri: 'postgres://public/moods/schema' });
    expect((resource.contents[0] as { text: string }).text).toContain('"enumValues"');
  });

  it('accepts "schema.table" in table, and points at the schema argument when neither reading exists', async () => {
    const qualified = await call(session.client, 'describe_table', { table: 'sales.customers' });
    expect(qualified.isError).toBeUndefined();
    expect(qualified.structured).toMatchObject({ schema: 'sales', name: 'customers' });
    const quoted = await call(session.client, 'describe_table', { table: '"Odd Schema"."Mixed Case"' });
    expect(quoted.structured).toMatchObject({ schema: 'Odd Schema', name: 'Mixed Case' });
    const missing = await call(session.client, 'describe_table', { table: 'shop.orders' });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/No table or view named "shop\.orders", nor "orders" in schema "shop"/);
    expect(missing.text).toMatch(/Pass the schema separately: \{ "schema": "shop", "table": "orders" \}/);
  });
});

describe('run_query text results', () => {
  it('say which columns were shortened and how to read them whole', async () => {
    const result = await call(session.client, 'run_query', { sql: 'SELECT id, note FROM moods ORDER BY id' });
    expect(result.text).toContain('…');
    expect(result.text).toMatch(
      /Values longer than 200 characters are shortened with … in this table: note \(1 value\)[\s\S]*structuredContent has them whole[\s\S]*select that column alone for one row[\s\S]*substring\(/
    );
    expect(result.structured.rows[0][1]).toHaveLength(600);
  });

  it('show a single value whole, and say nothing when nothing was cut', async () => {
    const one = await call(session.client, 'run_query', { sql: 'SELECT note FROM moods WHERE id = $1', params: [1] });
    expect(one.text).toContain('long-note '.repeat(60).trimEnd());
    expect(one.text).not.toMatch(/shortened/);
    const short = await call(session.client, 'run_query', { sql: 'SELECT id, m FROM moods ORDER BY id' });
    expect(short.text).not.toMatch(/shortened/);
  });
});
