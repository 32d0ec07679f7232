import { fileURLToPath } from 'node:url';
import { rawHttpRequest, spawnHttpServer, spawnStdioServer } from '@mcp-catalog/shared/testing';
import { describe, expect, it } from 'vitest';

// End-to-end: the built bin, as a host would start it. `turbo run test` builds first.
const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TOKEN = 'test-token-0123456789abcdef';

describe('built bin', () => {
  it('serves tools/list and tools/call over stdio with nothing but JSON-RPC on stdout', async () => {
    const server = await spawnStdioServer(process.execPath, [bin]);
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain('echo_text');
      const result = await server.client.callTool({ name: 'echo_text', arguments: { text: 'e2e' } });
      expect(result.structuredContent).toMatchObject({ reply: 'Echo: e2e' });
    } finally {
      await server.close();
    }
    expect(server.stdoutViolations()).toEqual([]);
    expect(server.stderr()).toContain('"msg":"tool call"');
  });

  it('serves over HTTP with a token, refuses without one, rejects a foreign Host, and answers /healthz', async () => {
    const server = await spawnHttpServer(process.execPath, [bin], { env: { MCP_AUTH_TOKEN: TOKEN } });
    try {
      const client = await server.connect(TOKEN);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('echo_text');

      const anonymous = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}'
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);

      const wrong = await fetch(server.url, {
        method: 'POST',
        headers: { authorization: 'Bearer nope-nope-nope-nope' },
        body: '{}'
      });
      expect(wrong.status).toBe(401);

      const rebinding = await rawHttpRequest(server.url, {
        method: 'POST',
        headers: { host: 'evil.example', authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: '{}'
      });
      expect(rebinding.status).toBe(403);

      // Anonymous callers learn only ok / not ok; the details need the token that guards /mcp.
      expect(await (await fetch(`${server.origin}/healthz`)).json()).toEqual({ status: 'ok' });
      const health = await fetch(`${server.origin}/healthz`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', server: 'mcp-server-__NAME__' });
    } finally {
      await server.close();
    }
  });

  it('exits non-zero naming the setting when the configuration is bad', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, [bin, '--transport', 'carrier-pigeon'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--transport / MCP_TRANSPORT: must be "stdio" or "http"');
    expect(result.stdout).toBe('');
  });

  it('refuses to bind beyond loopback without authentication', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, [bin, '--transport', 'http', '--host', '0.0.0.0', '--port', '0'], {
      encoding: 'utf8',
      env: { ...process.env, MCP_AUTH_TOKEN: '' }
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/authentication is required/);
  });

  it('prints --help and --version', async () => {
    const { spawnSync } = await import('node:child_process');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--transport');
    expect(help.stdout).toContain('__ENV___GREETING');
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
