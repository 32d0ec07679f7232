import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnHttpServer, spawnStdioServer } from '@mcp-catalog/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.js';

// End-to-end: the built bin, as a host would start it. `turbo run test` builds first.
const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TOKEN = 'test-token-0123456789abcdef';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('e2e');
});
afterAll(async () => {
  await db?.drop();
});

describe('built bin', () => {
  it('serves over stdio with the URL from DATABASE_URL and nothing but JSON-RPC on stdout', async () => {
    const server = await spawnStdioServer(process.execPath, [bin], { env: { DATABASE_URL: db.url } });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain('run_query');
      expect(tools.map((t) => t.name)).not.toContain('execute_sql');
      const result = await server.client.callTool({
        name: 'run_query',
        arguments: { sql: 'SELECT name FROM customers ORDER BY id' }
      });
      expect(result.structuredContent).toMatchObject({ rows: [['Ada'], ['Grace'], ['Linus']] });
      const refused = await server.client.callTool({
        name: 'run_query',
        arguments: { sql: 'COMMIT; DROP TABLE orders' }
      });
      expect(refused.isError).toBe(true);
    } finally {
      await server.close();
    }
    expect(server.stdoutViolations()).toEqual([]);
    expect(server.stderr()).toContain('"msg":"tool call"');
    const password = new URL(db.url).password;
    if (password) expect(server.stderr()).not.toContain(password);
    expect((await db.admin.query("SELECT to_regclass('orders') IS NOT NULL AS ok")).rows[0].ok).toBe(true);
  });

  it('adds execute_sql in read-write mode, from the flag or the environment', async () => {
    const server = await spawnStdioServer(process.execPath, [bin, '--access-mode', 'read-write'], {
      env: { DATABASE_URL: db.url }
    });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain('execute_sql');
      const result = await server.client.callTool({
        name: 'execute_sql',
        arguments: { sql: 'CREATE TABLE e2e_made (id int)' }
      });
      expect(result.structuredContent).toMatchObject({ command: 'CREATE' });
    } finally {
      await server.close();
    }
    expect((await db.admin.query("SELECT to_regclass('e2e_made') IS NOT NULL AS ok")).rows[0].ok).toBe(true);
  });

  it('serves over HTTP with a token, and /healthz reflects the database', async () => {
    const server = await spawnHttpServer(process.execPath, [bin], {
      env: { MCP_AUTH_TOKEN: TOKEN, DATABASE_URL: db.url }
    });
    try {
      const client = await server.connect(TOKEN);
      const result = await client.callTool({ name: 'list_tables', arguments: { schema: 'sales' } });
      expect(result.structuredContent).toMatchObject({ total: 1 });
      const anonymous = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}'
      });
      expect(anonymous.status).toBe(401);
      // Anonymous callers learn only ok / not ok; the details need the token that guards /mcp.
      expect(await (await fetch(`${server.origin}/healthz`)).json()).toEqual({ status: 'ok' });
      const health = await fetch(`${server.origin}/healthz`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      const detailed = await fetch(`${server.origin}/healthz`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(await detailed.json()).toMatchObject({ status: 'ok', server: 'mcp-server-postgres' });
    } finally {
      await server.close();
    }
    const down = await spawnHttpServer(process.execPath, [bin], {
      env: { MCP_AUTH_TOKEN: TOKEN, DATABASE_URL: 'postgres://u:hidden-pw@127.0.0.1:1/x' }
    });
    try {
      const health = await fetch(`${down.origin}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.text()).not.toContain('hidden-pw');
      // The tools are listed even while the database is down.
      const { tools } = await (await down.connect(TOKEN)).listTools();
      expect(tools.length).toBeGreaterThan(5);
    } finally {
      await down.close();
    }
  });

  it('--read-only wins over --access-mode read-write, from the flag or the environment', async () => {
    for (const [argv, env] of [
      [['--access-mode', 'read-write', '--read-only'], {}],
      [['--access-mode', 'read-write'], { POSTGRES_READ_ONLY: 'true' }]
    ] as const) {
      const server = await spawnStdioServer(process.execPath, [bin, ...argv], {
        env: { DATABASE_URL: db.url, ...env }
      });
      try {
        const { tools } = await server.client.listTools();
        expect(tools.map((t) => t.name)).toContain('run_query');
        expect(tools.map((t) => t.name)).not.toContain('execute_sql');
      } finally {
        await server.close();
      }
    }
  });

  it('refuses a connection URL with a password as an argument, without ever printing the password', () => {
    const result = spawnSync(process.execPath, [bin, 'postgres://u:argv-secret-pw@127.0.0.1:1/db'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '' }
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /a connection URL with a password \(postgres:\/\/u:\S+@127\.0\.0\.1:1\/db\) is not accepted on the command line/
    );
    expect(result.stderr).toMatch(/set DATABASE_URL in the environment instead/);
    expect(result.stderr).not.toContain('argv-secret-pw');
    expect(result.stdout).toBe('');
    const junk = spawnSync(process.execPath, [bin, 'hunter2-not-a-url'], { encoding: 'utf8' });
    expect(junk.status).toBe(2);
    expect(junk.stderr).toMatch(/set DATABASE_URL in the environment/);
    expect(junk.stderr).not.toContain('hunter2');
  });

  it('takes a connection URL without a password as an argument (the password from PGPASSWORD)', async () => {
    const url = new URL(db.url);
    const password = decodeURIComponent(url.password);
    url.password = '';
    const server = await spawnStdioServer(process.execPath, [bin, url.href], {
      env: { DATABASE_URL: '', PGPASSWORD: password }
    });
    try {
      const result = await server.client.callTool({ name: 'run_query', arguments: { sql: 'SELECT 1 AS one' } });
      expect(result.structuredContent).toMatchObject({ rows: [[1]] });
    } finally {
      await server.close();
    }
    if (password) expect(server.stderr()).not.toContain(password);
  });

  it('refuses the connection URL on the command line, where ps would show the password', () => {
    const result = spawnSync(process.execPath, [bin, '--database-url', 'postgres://u:pw@h/db'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /--database-url is not accepted on the command line[\s\S]*set DATABASE_URL in the environment/
    );
    expect(result.stdout).toBe('');
  });

  it('names the setting when the configuration is bad', () => {
    const mode = spawnSync(process.execPath, [bin, '--access-mode', 'yolo'], { encoding: 'utf8' });
    expect(mode.status).toBe(2);
    expect(mode.stderr).toContain('--access-mode / POSTGRES_ACCESS_MODE: must be "read-only" or "read-write"');
    const readOnly = spawnSync(process.execPath, [bin, '--read-only', 'yes'], { encoding: 'utf8' });
    expect(readOnly.status).toBe(2);
    const url = spawnSync(process.execPath, [bin], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'mysql://x' }
    });
    expect(url.status).toBe(2);
    expect(url.stderr).toMatch(/DATABASE_URL \/ POSTGRES_URL: must start with postgres:\/\//);
    const timeout = spawnSync(process.execPath, [bin], {
      encoding: 'utf8',
      env: { ...process.env, POSTGRES_STATEMENT_TIMEOUT_SECONDS: '0.01' }
    });
    expect(timeout.status).toBe(2);
    expect(timeout.stderr).toMatch(
      /--statement-timeout-seconds \/ POSTGRES_STATEMENT_TIMEOUT_SECONDS: must be at least 0.1/
    );
    const typo = spawnSync(process.execPath, [bin, '--statement-timeout-ms', '5000'], { encoding: 'utf8' });
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/--statement-timeout-seconds/);
  }, 120_000);

  it('prints --help with every setting and --version', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const name of [
      'DATABASE_URL',
      '--access-mode',
      '--statement-timeout-seconds',
      '--read-only',
      '--max-rows',
      '--max-bytes',
      '--max-estimated-rows',
      '--pool-size'
    ]) {
      expect(help.stdout).toContain(name);
    }
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
