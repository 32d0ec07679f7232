import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { spawnHttpServer, spawnStdioServer } from '@mcp-catalog/shared/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textOf } from './helpers/harness.js';
import { FakeHelpdesk } from './helpers/fake-helpdesk.js';

// End-to-end: the built bin, as a host would start it. `turbo run test` builds first.
const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TOKEN = 'test-token-0123456789abcdef';
// Keeps the REST variables of the machine running the tests out of the child's environment.
const CLEAN_ENV = { TICKET_API_BASE_URL: '', TICKET_API_KEY: '', SUPPORT_TICKETS_DATABASE: '' };

let dir: string;
let database: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'support-tickets-e2e-'));
  database = path.join(dir, 'tickets.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...CLEAN_ENV, ...env },
    timeout: 20_000
  });
}

describe('built bin', () => {
  it('runs the demo flow over stdio (seed, search, read, note) with nothing but JSON-RPC on stdout', async () => {
    const server = await spawnStdioServer(process.execPath, [bin, '--seed-demo', '--database', database], {
      env: CLEAN_ENV
    });
    try {
      const found = await server.client.callTool({ name: 'search_tickets', arguments: { query: 'charged twice' } });
      expect((found.structuredContent as { tickets: Array<{ id: number }> }).tickets.map((t) => t.id)).toContain(1002);
      const ticket = await server.client.callTool({ name: 'get_ticket', arguments: { ticketId: 1002 } });
      expect(textOf(ticket)).toMatch(/Ticket #1002 · new · urgent · unassigned/);
      const note = await server.client.callTool({
        name: 'add_internal_comment',
        arguments: { ticketId: 1002, body: 'Two charges confirmed in Stripe; refund one.' }
      });
      expect(note.isError).toBeFalsy();
      const audit = await server.client.callTool({ name: 'get_audit_log', arguments: { ticketId: 1002 } });
      expect(audit.structuredContent).toMatchObject({
        entries: [{ tool: 'add_internal_comment', outcome: 'ok', client: 'mcp-catalog-e2e 0.0.0' }]
      });
    } finally {
      await server.close();
    }
    expect(server.stdoutViolations()).toEqual([]);
    expect(server.stderr()).toContain('"msg":"demo helpdesk loaded"');
    expect(server.stderr()).toContain('"msg":"tool call"');
    expect(server.stderr()).not.toContain('Two charges confirmed');
  });

  it('seeds exactly once when several servers start on one new database at the same moment', async () => {
    const starts = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, [bin, '--seed-demo', '--database', database], {
        env: { ...process.env, ...CLEAN_ENV },
        stdio: ['pipe', 'ignore', 'pipe']
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      return new Promise<string>((resolve) => {
        child.once('exit', () => resolve(stderr));
        // Let it start, then close stdin: a stdio server exits when its host goes away.
        setTimeout(() => child.stdin.end(), 1_500);
      });
    });
    const logs = await Promise.all(starts);
    expect(logs.join('')).not.toMatch(/could not start/);
    expect(logs.filter((l) => l.includes('"msg":"demo helpdesk loaded"'))).toHaveLength(1);
    const server = await spawnStdioServer(process.execPath, [bin, '--database', database], { env: CLEAN_ENV });
    try {
      const page = await server.client.callTool({ name: 'list_recent_tickets', arguments: { limit: 1 } });
      expect(page.structuredContent).toMatchObject({ total: 51 });
    } finally {
      await server.close();
    }
  });

  it('serves over HTTP with a token and answers /healthz; replies are confirmed on 2026-07-28 and refused on 2025-11-25, which cannot ask there', async () => {
    const server = await spawnHttpServer(
      process.execPath,
      [bin, '--seed-demo', '--database', database, '--enable-public-replies'],
      {
        env: { ...CLEAN_ENV, MCP_AUTH_TOKEN: TOKEN }
      }
    );
    try {
      const client = await server.connect(TOKEN);
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('add_public_reply');
      const reply = await client.callTool({
        name: 'add_public_reply',
        arguments: { ticketId: 1001, body: 'Hello Jane' }
      });
      expect(reply.isError).toBe(true);
      expect(textOf(reply)).toMatch(/Not sent: public replies need the user's confirmation/);

      // On 2026-07-28 the question travels in the result, so stateless HTTP can ask the user.
      const modern = new Client(
        { name: 'mcp-catalog-e2e-modern', version: '0.0.0' },
        { capabilities: { elicitation: { form: {} } } }
      );
      modern.setVersionNegotiation({ mode: { pin: '2026-07-28' } });
      const asked: string[] = [];
      modern.setRequestHandler('elicitation/create', async (request) => {
        asked.push((request.params as { message: string }).message);
        return { action: 'accept', content: { send: true } };
      });
      await modern.connect(
        new StreamableHTTPClientTransport(server.url, {
          requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } }
        })
      );
      try {
        const confirmed = await modern.callTool({
          name: 'add_public_reply',
          arguments: { ticketId: 1001, body: 'Hello Jane, fixed.' }
        });
        expect(confirmed.structuredContent).toMatchObject({ confirmedBy: 'user', comment: { public: true } });
        expect(asked).toHaveLength(1);
        expect(asked[0]).toMatch(/Hello Jane, fixed\.$/);
      } finally {
        await modern.close();
      }
      const anonymous = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}'
      });
      expect(anonymous.status).toBe(401);
      // Anonymous callers learn only that it is up (shared runtime, issue 14 weakness 12); the token shows details.
      const health = await fetch(`${server.origin}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const detailed = await fetch(`${server.origin}/healthz`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(await detailed.json()).toMatchObject({ status: 'ok', server: 'mcp-server-support-tickets' });
    } finally {
      await server.close();
    }
  });

  it('serves a REST helpdesk, and /healthz reports when that helpdesk goes away', async () => {
    const helpdesk = await FakeHelpdesk.start();
    const server = await spawnHttpServer(process.execPath, [bin, '--database', database, '--api-timeout-ms', '300'], {
      env: { ...CLEAN_ENV, TICKET_API_BASE_URL: helpdesk.url, TICKET_API_KEY: helpdesk.apiKey }
    });
    try {
      const client = await server.connect();
      const ticket = await client.callTool({ name: 'get_ticket', arguments: { ticketId: 1001 } });
      expect(ticket.structuredContent).toMatchObject({ ticket: { id: 1001, priority: 'high' } });
      expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
      await helpdesk.close();
      expect((await fetch(`${server.origin}/healthz`)).status).toBe(503);
      expect(server.stderr()).not.toContain(helpdesk.apiKey);
    } finally {
      await server.close();
      await helpdesk.close().catch(() => undefined);
    }
  });

  it.each([
    [{ TICKET_API_KEY: 'hd_live_123456789' }, [], /TICKET_API_KEY is set but TICKET_API_BASE_URL is not/],
    [
      { TICKET_API_BASE_URL: 'https://helpdesk.example.com/api/v1' },
      [],
      /TICKET_API_BASE_URL is set but TICKET_API_KEY is not/
    ],
    [
      { TICKET_API_BASE_URL: 'http://helpdesk.example.com/api', TICKET_API_KEY: 'hd_live_123456789' },
      [],
      /must use https/
    ],
    [
      { TICKET_API_BASE_URL: 'https://helpdesk.example.com/api', TICKET_API_KEY: 'hd_live_123456789' },
      ['--seed-demo'],
      /cannot be combined/
    ],
    [
      { TICKET_API_BASE_URL: 'https://helpdesk.example.com/api', TICKET_API_KEY: 'hd_live_123456789' },
      ['--agents', 'dana@ledgerly.example'],
      /--agents lists the embedded store's agents; a REST helpdesk has its own/
    ]
  ])('refuses to start with inconsistent settings %j %j', (env, args, message) => {
    const result = run(['--database', database, ...args], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 naming the setting when one value is bad, and never takes the API key as a flag', () => {
    const bad = run(['--reply-confirmation', 'never']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      '--reply-confirmation / SUPPORT_TICKETS_REPLY_CONFIRMATION: must be "required" or "if-supported"'
    );
    const flag = run(['--api-key', 'hd_live_123456789']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/set TICKET_API_KEY in the environment instead/);
  });

  it('prints --help with every setting, and --version', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const setting of [
      '--database',
      '--seed-demo',
      'TICKET_API_BASE_URL',
      'TICKET_API_KEY',
      '--read-only',
      '--enable-public-replies',
      '--reply-confirmation',
      '--agent-name',
      '--agents',
      '--rate-limit'
    ]) {
      expect(help.stdout).toContain(setting);
    }
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
