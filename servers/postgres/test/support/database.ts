import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  /** Superuser URL of this file's own database. */
  url: string;
  name: string;
  /** A superuser connection to it, for setup and for asserting state behind the server's back. */
  admin: pg.Client;
  drop(): Promise<void>;
}

let counter = 0;

/** Creates a fresh database with the fixtures, so test files running in parallel never share state. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${prefix}_${process.pid}_${++counter}_${Date.now().toString(36)}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(adminUrl, name);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(FIXTURES);
  return {
    url,
    name,
    admin,
    async drop() {
      await admin.end().catch(() => undefined);
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  };
}

export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.href;
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a login role with SELECT on the fixture schemas only (roles are cluster-wide, hence the unique name). */
export async function createReaderRole(db: TestDatabase): Promise<{ role: string; url: string }> {
  const role = `reader_${db.name}`.slice(0, 63);
  const password = 'reader-password';
  await db.admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  await db.admin.query(`GRANT USAGE ON SCHEMA public, sales, "Odd Schema" TO ${role}`);
  await db.admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public, sales, "Odd Schema" TO ${role}`);
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  return { role, url: url.href };
}

export const FIXTURES = `
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
COMMENT ON TABLE customers IS 'People who buy things';
COMMENT ON COLUMN customers.email IS 'Login address';
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers (id),
  total numeric(10,2) NOT NULL CHECK (total >= 0),
  status text NOT NULL DEFAULT 'new',
  note text
);
CREATE INDEX orders_customer_idx ON orders (customer_id);
INSERT INTO customers (name, email) VALUES ('Ada', 'ada@example.com'), ('Grace', 'grace@example.com'), ('Linus', NULL);
INSERT INTO orders (customer_id, total, status, note) VALUES (1, 10.50, 'paid', E'first|order\\nline two'), (1, 99.99, 'new', NULL), (2, 5, 'paid', NULL);
CREATE SCHEMA sales;
CREATE TABLE sales.customers (code text PRIMARY KEY, region text);
INSERT INTO sales.customers VALUES ('C1', 'north');
CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid';
CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY 1;
CREATE SCHEMA "Odd Schema";
CREATE TABLE "Odd Schema"."Mixed Case" ("Id" int PRIMARY KEY, "a|b" text);
INSERT INTO "Odd Schema"."Mixed Case" VALUES (1, 'x');
CREATE TABLE events (id int PRIMARY KEY, kind text NOT NULL, payload jsonb, at timestamptz);
INSERT INTO events
  SELECT g, CASE WHEN g % 3 = 0 THEN 'click' ELSE 'view' END, jsonb_build_object('n', g), '2026-01-01 00:00:00+00'::timestamptz + g * interval '1 minute'
  FROM generate_series(1, 20000) g;
CREATE TABLE types_demo (b boolean, i2 smallint, i8 bigint, n numeric, f float8, fnan float8, d date, ts timestamp, tstz timestamptz, iv interval, bin bytea, arr int[], j json, u uuid);
INSERT INTO types_demo VALUES (true, 7, 9007199254740993, 1.10, 1.5, 'NaN', '2026-03-04', '2026-03-04 05:06:07', '2026-03-04 05:06:07+00', '1 day 2 hours', '\\xdeadbeef', '{1,2,3}', '{"a":[1,2]}', '00000000-0000-0000-0000-000000000001');
CREATE FUNCTION public.bump(c customers) RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1';
CREATE FUNCTION public.plus_one(x int) RETURNS int LANGUAGE sql STABLE AS 'SELECT x + 1';
CREATE FUNCTION public.touch() RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1';
CREATE FUNCTION public.loose_eq(int, int) RETURNS boolean LANGUAGE sql VOLATILE AS 'SELECT $1 = $2';
CREATE OPERATOR public.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = public.loose_eq);
ANALYZE;
`;
